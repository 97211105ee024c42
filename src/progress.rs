//! Progress of a long build or check, drawn as a spinner on stderr only
//! when stderr is a terminal: never in CI logs or pipes.

use crate::sync::Locked;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the build is doing; stages update it, the spinner reads it.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub(crate) fn stage(&self, name: &'static str) {
        *self.stage.locked() = name;
        self.done.store(0, Ordering::Relaxed);
        self.total.store(0, Ordering::Relaxed);
    }

    /// The current stage has `n` steps.
    pub(crate) fn total(&self, n: usize) {
        self.total.store(n, Ordering::Relaxed);
    }

    pub(crate) fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn line(&self, tick: usize) -> String {
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        let stage = *self.stage.locked();
        let frame = FRAMES[tick % FRAMES.len()];
        match self.total.load(Ordering::Relaxed) {
            0 => format!("{frame} {stage}"),
            total => format!(
                "{frame} {stage} {}/{total}",
                self.done.load(Ordering::Relaxed)
            ),
        }
    }
}

/// Draws a [`Progress`] until dropped, which clears the line.
pub struct Spinner {
    progress: Arc<Progress>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Quick runs finish before the spinner would show.
const DELAY_TICKS: usize = 3;
const TICK: Duration = Duration::from_millis(100);

impl Spinner {
    /// A spinner, if stderr is a terminal.
    pub fn start() -> Option<Spinner> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let progress = Arc::new(Progress::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (p, s) = (progress.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut tick = 0;
            while !s.load(Ordering::Relaxed) {
                if tick >= DELAY_TICKS {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[2K{}", p.line(tick));
                    let _ = err.flush();
                }
                tick += 1;
                std::thread::sleep(TICK);
            }
        });
        Some(Spinner {
            progress,
            stop,
            thread: Some(thread),
        })
    }

    pub fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        eprint!("\r\x1b[2K");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_show_the_stage_and_the_count() {
        let p = Progress::default();
        p.stage("rendering");
        assert_eq!(p.line(0), "⠋ rendering");
        p.stage("checking links to other sites");
        p.total(40);
        p.advance();
        p.advance();
        assert_eq!(p.line(11), "⠙ checking links to other sites 2/40");
    }
}
