//! Live reload: every page `serve` answers with gets a script (never a
//! build's output) that listens to a Server-Sent Events stream of rebuilds
//! and errors, reloads the page or swaps its stylesheets, and shows build
//! errors over the page.

use std::io::ErrorKind;
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::Shared;
use super::http::text;
use super::server::{Permit, Reply, Request, Slots, write_within};
use crate::error::Diagnostic;
use crate::sync::Locked;

/// Paths (below the site root) that `serve` answers itself.
pub(crate) const EVENTS: &str = "__lectern/events";
pub(crate) const SCRIPT: &str = "__lectern/livereload.js";
pub(crate) const SCRIPT_JS: &str = include_str!("livereload.js");

const TAG: &[u8] = b"<script src=\"/__lectern/livereload.js\"></script>";

/// The page answered while no build has succeeded yet.
pub(crate) const NOT_BUILT: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><p>The site has errors and has not been built yet. This page reloads once they are fixed.</p></body></html>\n";

/// Events a slow client may fall behind by before it is dropped (it then
/// reconnects, and reloads if it missed a rebuild).
const BACKLOG: usize = 16;
/// A comment sent this often on a quiet stream, so nothing between it and
/// the page takes it for dead.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a quiet stream looks whether its page has gone, so that its
/// place among the `MAX_STREAMS` is free soon after a page closes.
const LOOK: Duration = Duration::from_secs(1);
/// More changed pages than this, and every open page reloads.
const MAX_PATHS: usize = 200;
/// Event streams open at once (one per open page); one more is answered
/// 503, and its page tries again later.
pub(crate) const MAX_STREAMS: usize = 64;

/// `html` with the live-reload script before `</body>` (or at the end).
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let end = b"</body>";
    let at = html
        .windows(end.len())
        .rposition(|w| w.eq_ignore_ascii_case(end))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(TAG);
    out.extend_from_slice(&html[at..]);
    out
}

/// Whether a page at `origin` (the `Origin` a browser sends for a page of
/// another site) may listen: only a page of this same `host` may. A
/// request without one is a page's own or no browser's.
pub(crate) fn same_origin(host: &str, origin: Option<&str>) -> bool {
    origin.is_none_or(|origin| {
        origin
            .strip_prefix("http://")
            .is_some_and(|o| o.eq_ignore_ascii_case(host))
    })
}

/// The open event streams, and what a newly opened one is told first.
pub(crate) struct Hub {
    state: Mutex<State>,
    /// Each stream holds a thread and a connection as long as it is open.
    streams: Slots,
}

struct State {
    clients: Vec<Client>,
    /// Tells this server's builds apart from another's, after a restart.
    session: u128,
    build: u64,
    /// The `problems` event while the sources have errors.
    problems: Option<Arc<str>>,
}

struct Client {
    events: SyncSender<Arc<str>>,
    /// Gone once its stream ends, so a client that leaves between two
    /// broadcasts is not kept.
    alive: Weak<()>,
}

/// An open stream's events, and its place among the open streams.
pub(crate) struct Listener {
    events: Receiver<Arc<str>>,
    _place: Permit,
    _alive: Arc<()>,
}

impl Listener {
    /// The next event, waiting at most `wait`. (A method, so a closure
    /// that uses it owns the whole listener, its place included.)
    fn next(&self, wait: Duration) -> Result<Arc<str>, RecvTimeoutError> {
        self.events.recv_timeout(wait)
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    /// `error` or `warning`.
    severity: &'static str,
    file: String,
    line: usize,
    col: usize,
    message: &'a str,
    /// An excerpt of the line, and the characters of it before the caret.
    source: Option<&'a str>,
    caret: usize,
}

impl Hub {
    pub(crate) fn new() -> Hub {
        let session = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Hub {
            state: Mutex::new(State {
                clients: Vec::new(),
                session,
                build: 0,
                problems: None,
            }),
            streams: Slots::new(MAX_STREAMS),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.locked()
    }

    /// A new listener; `None` when every place is taken.
    fn subscribe(&self) -> Option<Listener> {
        let place = self.streams.take()?;
        let (tx, rx) = sync_channel(BACKLOG);
        let mut state = self.state();
        let hello = event("hello", &serde_json::json!({ "build": state.build_id() }));
        let _ = tx.try_send(hello);
        if let Some(problems) = &state.problems {
            let _ = tx.try_send(problems.clone());
        }
        state.clients.retain(|c| c.alive.strong_count() > 0);
        let alive = Arc::new(());
        state.clients.push(Client {
            events: tx,
            alive: Arc::downgrade(&alive),
        });
        Some(Listener {
            events: rx,
            _place: place,
            _alive: alive,
        })
    }

    /// A rebuild changed these output paths: pages showing one reload,
    /// stylesheets are swapped.
    pub(crate) fn changed(&self, paths: &[String]) {
        let mut state = self.state();
        state.build += 1;
        let data = if paths.len() > MAX_PATHS {
            serde_json::json!({ "build": state.build_id(), "all": true })
        } else {
            let urls: Vec<String> = paths.iter().map(|p| url_of(p)).collect();
            serde_json::json!({ "build": state.build_id(), "paths": urls })
        };
        state.broadcast(event("reload", &data));
    }

    /// The sources have errors: every page shows them until fixed.
    pub(crate) fn problems(&self, diagnostics: &[Diagnostic], site_dir: &Path) {
        let problems: Vec<Problem<'_>> = diagnostics
            .iter()
            .map(|d| Problem {
                severity: if d.is_error() { "error" } else { "warning" },
                file: d
                    .path
                    .strip_prefix(site_dir)
                    .unwrap_or(&d.path)
                    .display()
                    .to_string(),
                line: d.line,
                col: d.col,
                message: &d.message,
                source: d.source_line.as_deref(),
                caret: d.caret,
            })
            .collect();
        let text = event("problems", &problems);
        let mut state = self.state();
        state.problems = Some(text.clone());
        state.broadcast(text);
    }

    /// The errors are gone.
    pub(crate) fn fixed(&self) {
        let mut state = self.state();
        if state.problems.take().is_some() {
            state.broadcast(event("fixed", &serde_json::json!({})));
        }
    }
}

impl State {
    fn build_id(&self) -> String {
        format!("{:x}-{}", self.session, self.build)
    }

    fn broadcast(&mut self, text: Arc<str>) {
        self.clients
            .retain(|c| c.events.try_send(text.clone()).is_ok());
    }
}

/// One Server-Sent Event.
fn event(name: &str, data: &impl Serialize) -> Arc<str> {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    Arc::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// The URL path (decoded) an output path is read at: `en/a/index.html` at `/en/a/`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

/// Answers a request for the event stream: the connection stays with it for
/// as long as the client does.
pub(crate) fn stream(request: &Request, shared: &Arc<Shared>) -> Reply {
    let host = request.header("Host").unwrap_or_default();
    if !same_origin(host, request.header("Origin")) {
        return Reply::Answer(text(403, "Forbidden.\n"));
    }
    if request.is_head() {
        return Reply::Answer(text(200, ""));
    }
    let Some(listener) = shared.hub.subscribe() else {
        let busy = text(
            503,
            "Too many pages are listening for changes; close some.\n",
        );
        return Reply::Answer(busy.closing());
    };
    Reply::TakeOver(Box::new(move |out| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        if write_within(out, head.as_bytes()).is_err() {
            return;
        }
        let mut quiet_since = Instant::now();
        loop {
            let sent = match listener.next(LOOK) {
                Ok(text) => write_within(out, text.as_bytes()),
                Err(RecvTimeoutError::Timeout) if gone(out) => break,
                Err(RecvTimeoutError::Timeout) if quiet_since.elapsed() >= KEEP_ALIVE => {
                    write_within(out, b": keep-alive\n\n")
                }
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if sent.is_err() {
                break;
            }
            quiet_since = Instant::now();
        }
    }))
}

/// Whether the page has closed its end of the stream. It never sends
/// anything on it, so whatever can be read means it is gone (or
/// misbehaving, and then dropped too).
fn gone(out: &TcpStream) -> bool {
    if out
        .set_read_timeout(Some(Duration::from_millis(1)))
        .is_err()
    {
        return true;
    }
    !matches!(
        out.peek(&mut [0]),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let page = inject(b"<html><body><p>x</p></BODY></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__lectern/livereload.js\"></script></BODY></html>"
        );
        assert!(inject(b"<p>no body").ends_with(TAG));
        assert_eq!(inject(b""), TAG);
    }

    #[test]
    fn only_pages_of_the_same_host_may_listen() {
        assert!(same_origin("127.0.0.1:1313", None));
        assert!(same_origin("localhost:1313", Some("http://localhost:1313")));
        assert!(same_origin("[::1]:1313", Some("http://[::1]:1313")));
        assert!(!same_origin("127.0.0.1:1313", Some("https://evil.example")));
        assert!(!same_origin("127.0.0.1:1313", Some("null")));
        assert!(!same_origin(
            "127.0.0.1:1313",
            Some("http://127.0.0.1:9999")
        ));
    }

    #[test]
    fn listeners_past_the_cap_are_refused_until_one_leaves() {
        let hub = Hub::new();
        let mut open: Vec<_> = (0..MAX_STREAMS).map(|_| hub.subscribe().unwrap()).collect();
        assert!(hub.subscribe().is_none());
        open.pop();
        let _again = hub.subscribe().unwrap();
        // The one that left is forgotten, with no broadcast meanwhile.
        assert_eq!(hub.state().clients.len(), MAX_STREAMS);
    }

    #[test]
    fn output_paths_become_urls() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("en/intro/index.html"), "/en/intro/");
        assert_eq!(url_of("style.css"), "/style.css");
        assert_eq!(url_of("notindex.html"), "/notindex.html");
    }

    #[test]
    fn new_listeners_hear_the_current_problems_and_fixes() {
        let hub = Hub::new();
        let d = Diagnostic::error("/s/content/a.md", "front matter: bad").at("---\nx: [\n", 2, 4);
        hub.problems(&[d], Path::new("/s"));
        let rx = hub.subscribe().unwrap().events;
        assert!(rx.try_recv().unwrap().starts_with("event: hello\n"));
        let problems = rx.try_recv().unwrap();
        assert!(problems.starts_with("event: problems\n"), "{problems}");
        assert!(
            problems.contains(r#""severity":"error","file":"content/a.md","line":2,"col":4"#),
            "{problems}"
        );
        hub.fixed();
        assert!(rx.try_recv().unwrap().starts_with("event: fixed\n"));
        hub.changed(&["en/index.html".into()]);
        let reload = rx.try_recv().unwrap();
        assert!(reload.contains(r#""paths":["/en/"]"#), "{reload}");
    }
}
