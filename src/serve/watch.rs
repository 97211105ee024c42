//! Watching the site's sources: what a changed path means
//! ([`classify_change`]), and gathering the burst of events one save makes
//! into one batch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::discover::{
    CONTENT_DIR, I18N_DIR, SOURCE_DIRS, STATIC_DIR, TEMPLATES_DIR, is_ignored,
};

/// How long the sources must stay quiet before a rebuild: an editor's save
/// is several events (a temporary file, a rename, a metadata update) within
/// a few milliseconds.
const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits for quiet and for files being written, so a
/// steady stream of changes still rebuilds.
const LONGEST: Duration = Duration::from_millis(300);
/// Whether the watcher reports a written file's closing (inotify does):
/// then a batch also waits for the files being written to be closed, as a
/// file written in place is empty between its truncation and its writing.
const REPORTS_CLOSE: bool = cfg!(any(target_os = "linux", target_os = "android"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// Below `content/`: a page, a file beside pages, or a directory of them.
    Content,
    /// Below `static/`.
    Static,
    /// Below `templates/`.
    Template,
    /// Below `i18n/`.
    Strings,
    /// `site.toml`.
    Config,
    /// Not a source: the output, hidden files, editor backups, the rest.
    Ignored,
}

/// What a change to `path` means for the site in `site_dir`, whose pages
/// are in `content_dir`. Pure: looks at the path alone, so it works for
/// files that are already gone.
pub(crate) fn classify_change(site_dir: &Path, content_dir: &str, path: &Path) -> ChangeKind {
    let Ok(rel) = path.strip_prefix(site_dir) else {
        return ChangeKind::Ignored;
    };
    let mut parts = Vec::new();
    for part in rel.components() {
        match part {
            Component::Normal(name) => parts.push(name.to_string_lossy()),
            _ => return ChangeKind::Ignored,
        }
    }
    if parts.iter().any(|name| is_ignored(name)) {
        return ChangeKind::Ignored;
    }
    let content: Vec<&str> = content_dir.split('/').collect();
    if parts.len() >= content.len() && parts.iter().zip(&content).all(|(p, c)| p == c) {
        return ChangeKind::Content;
    }
    match parts.as_slice() {
        [file] if file == "site.toml" => ChangeKind::Config,
        [dir, ..] => match dir.as_ref() {
            STATIC_DIR => ChangeKind::Static,
            TEMPLATES_DIR => ChangeKind::Template,
            I18N_DIR => ChangeKind::Strings,
            _ => ChangeKind::Ignored,
        },
        [] => ChangeKind::Ignored,
    }
}

/// What the watcher thread tells the serving loop.
pub(crate) enum Signal {
    Event(notify::Result<notify::Event>),
    /// Ctrl-C: stop serving.
    Stop,
}

/// The source paths that changed in one burst of events.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) paths: BTreeMap<PathBuf, ChangeKind>,
    /// Events were lost (the system's queue overflowed, or the watcher
    /// failed): anything may have changed.
    pub(crate) rescan: bool,
    /// Files being written: changed, and not yet closed.
    writing: BTreeSet<PathBuf>,
}

impl Batch {
    /// Adds an event; true if it concerns a source.
    fn add(
        &mut self,
        site_dir: &Path,
        content_dir: &str,
        event: notify::Result<notify::Event>,
    ) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: watching files: {e}");
                self.rescan = true;
                return true;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            return true;
        }
        let closed = matches!(
            event.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
        );
        // Reading a file (as a build does) is not a change.
        if matches!(event.kind, EventKind::Access(_)) && !closed {
            return false;
        }
        let opened = REPORTS_CLOSE
            && matches!(
                event.kind,
                EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_))
            );
        let mut relevant = false;
        for path in event.paths {
            let kind = classify_change(site_dir, content_dir, &path);
            if kind == ChangeKind::Ignored {
                continue;
            }
            if opened {
                self.writing.insert(path.clone());
            } else if closed || matches!(event.kind, EventKind::Remove(_)) {
                self.writing.remove(&path);
            }
            self.paths.insert(path, kind);
            relevant = true;
        }
        relevant
    }
}

/// Waits for a change to a source, then gathers what follows it until the
/// sources have been quiet for [`QUIET`] and no file is being written (at
/// most [`LONGEST`]). `None` when told to stop.
pub(crate) fn next_batch(
    signals: &Receiver<Signal>,
    site_dir: &Path,
    content_dir: &str,
) -> Option<Batch> {
    let mut batch = Batch::default();
    loop {
        match signals.recv() {
            Ok(Signal::Event(event)) => {
                if batch.add(site_dir, content_dir, event) {
                    break;
                }
            }
            Ok(Signal::Stop) | Err(_) => return None,
        }
    }
    let first = Instant::now();
    let mut last = first;
    loop {
        let deadline = match batch.writing.is_empty() {
            true => (last + QUIET).min(first + LONGEST),
            false => first + LONGEST,
        };
        match signals.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Signal::Event(event)) => {
                if batch.add(site_dir, content_dir, event) {
                    last = Instant::now();
                }
            }
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(batch),
        }
    }
}

/// The file system watcher: `site.toml` (through the site directory) and
/// every source directory that exists.
pub(crate) struct SourceWatcher {
    watcher: RecommendedWatcher,
    site_dir: PathBuf,
    watched: Vec<PathBuf>,
}

impl SourceWatcher {
    pub(crate) fn start(site_dir: &Path, signals: Sender<Signal>) -> notify::Result<SourceWatcher> {
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = signals.send(Signal::Event(event));
        })?;
        watcher.watch(site_dir, RecursiveMode::NonRecursive)?;
        let mut this = SourceWatcher {
            watcher,
            site_dir: site_dir.to_path_buf(),
            watched: Vec::new(),
        };
        this.update(CONTENT_DIR);
        Ok(this)
    }

    /// Watches the source directories as they are now: one may have been
    /// created, or removed and made anew, while serving.
    pub(crate) fn update(&mut self, content_dir: &str) {
        self.watched.retain(|dir| dir.is_dir());
        for name in SOURCE_DIRS[1..].iter().copied().chain([content_dir]) {
            let dir = self.site_dir.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn kind(path: &str) -> ChangeKind {
        classify_change(Path::new("/site"), CONTENT_DIR, Path::new(path))
    }

    #[test]
    fn sources_by_directory() {
        assert_eq!(kind("/site/content/en/intro.md"), ChangeKind::Content);
        assert_eq!(kind("/site/content/en/img.png"), ChangeKind::Content);
        assert_eq!(kind("/site/content/en"), ChangeKind::Content);
        assert_eq!(kind("/site/content"), ChangeKind::Content);
        assert_eq!(kind("/site/static/style.css"), ChangeKind::Static);
        assert_eq!(kind("/site/templates/page.html"), ChangeKind::Template);
        assert_eq!(kind("/site/i18n/ru.toml"), ChangeKind::Strings);
        assert_eq!(kind("/site/site.toml"), ChangeKind::Config);
    }

    #[test]
    fn the_content_directory_is_the_one_site_toml_names() {
        let book = |path: &str| classify_change(Path::new("/site"), "book/src", Path::new(path));
        assert_eq!(book("/site/book/src/intro.md"), ChangeKind::Content);
        assert_eq!(book("/site/book/src"), ChangeKind::Content);
        assert_eq!(book("/site/book/theme.css"), ChangeKind::Ignored);
        assert_eq!(book("/site/content/intro.md"), ChangeKind::Ignored);
    }

    #[test]
    fn everything_else_is_ignored() {
        for path in [
            "/site/public/index.html",
            "/site/content/en/.intro.md.swp",
            "/site/content/en/intro.md~",
            "/site/content/en/#intro.md#",
            "/site/content/.git/HEAD",
            "/site/.site.toml.swp",
            "/site/site.toml~",
            "/site/README.md",
            "/site",
            "/elsewhere/content/a.md",
            "/site/../site/content/a.md",
            "/site/content/sub/site.toml.tmp",
        ] {
            assert_eq!(kind(path), ChangeKind::Ignored, "{path}");
        }
        assert_eq!(kind("/site/content/sub/site.toml"), ChangeKind::Content);
    }

    fn event(kind: EventKind, paths: &[&str]) -> Signal {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Signal::Event(Ok(e))
    }

    #[test]
    fn a_save_burst_is_one_batch_and_reads_are_not_changes() {
        use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};
        let (tx, rx) = channel();
        tx.send(event(
            EventKind::Access(AccessKind::Any),
            &["/site/content/a.md"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Create(CreateKind::File),
            &["/site/content/.a.md.swp"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/site/content/a.md.tmp", "/site/content/a.md"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            &["/site/content/a.md"],
        ))
        .unwrap();
        tx.send(event(EventKind::Any, &["/site/public/a/index.html"]))
            .unwrap();
        let batch = next_batch(&rx, Path::new("/site"), CONTENT_DIR).unwrap();
        assert_eq!(
            batch.paths.keys().collect::<Vec<_>>(),
            [Path::new("/site/content/a.md")]
        );
        assert!(!batch.rescan);
        tx.send(Signal::Stop).unwrap();
        assert!(next_batch(&rx, Path::new("/site"), CONTENT_DIR).is_none());
    }

    #[test]
    fn a_file_being_written_is_waited_for_until_closed() {
        use notify::event::DataChange;
        let (tx, rx) = channel();
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        tx.send(event(write, &["/site/content/a.md"])).unwrap();
        let closing = std::thread::spawn(move || {
            std::thread::sleep(QUIET * 5);
            let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
            tx.send(event(close, &["/site/content/a.md"])).unwrap();
            tx
        });
        let start = Instant::now();
        let batch = next_batch(&rx, Path::new("/site"), CONTENT_DIR).unwrap();
        if REPORTS_CLOSE {
            assert!(start.elapsed() >= QUIET * 5, "{:?}", start.elapsed());
        }
        assert_eq!(batch.paths.len(), 1);
        drop(closing.join());
    }

    #[test]
    fn lost_events_ask_for_a_rescan() {
        let (tx, rx) = channel();
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        tx.send(Signal::Event(Ok(lost))).unwrap();
        assert!(
            next_batch(&rx, Path::new("/site"), CONTENT_DIR)
                .unwrap()
                .rescan
        );
    }
}
