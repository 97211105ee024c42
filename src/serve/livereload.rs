//! Live reload: every page `serve` answers with gets a script (never a
//! build's output) that listens to a Server-Sent Events stream of rebuilds
//! and errors, reloads the page or swaps its stylesheets, and shows build
//! errors over the page.

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tiny_http::{Method, Request};

use super::Shared;
use crate::error::Diagnostic;

/// Paths (below the site root) that `serve` answers itself.
pub const EVENTS: &str = "__lectern/events";
pub const SCRIPT: &str = "__lectern/livereload.js";
pub const SCRIPT_JS: &str = include_str!("livereload.js");

const TAG: &[u8] = b"<script src=\"/__lectern/livereload.js\"></script>";

/// The page answered while no build has succeeded yet.
pub const NOT_BUILT: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><p>The site has errors and has not been built yet. This page reloads once they are fixed.</p></body></html>\n";

/// Events a slow client may fall behind by before it is dropped (it then
/// reconnects, and reloads if it missed a rebuild).
const BACKLOG: usize = 16;
/// A comment sent this often on a quiet stream, so a client that went
/// away is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// More changed pages than this, and every open page reloads.
const MAX_PATHS: usize = 200;

/// `html` with the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
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

/// Whether the event stream may be opened: the `Host` names this machine
/// by address or as `localhost` (a web page can point a name of its own at
/// this machine, never an address), and the `Origin` a browser sends for a
/// page of another site, when present, is this same host.
pub fn allowed(host: Option<&str>, origin: Option<&str>) -> bool {
    let Some(host) = host else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let local = name.parse::<IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || name.to_ascii_lowercase().ends_with(".localhost");
    local
        && origin.is_none_or(|origin| {
            origin
                .strip_prefix("http://")
                .is_some_and(|o| o.eq_ignore_ascii_case(host))
        })
}

/// The open event streams, and what a newly opened one is told first.
pub struct Hub {
    state: Mutex<State>,
}

struct State {
    clients: Vec<SyncSender<Arc<str>>>,
    /// Tells this server's builds apart from another's, after a restart.
    session: u128,
    build: u64,
    /// The `problems` event while the sources have errors.
    problems: Option<Arc<str>>,
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
    pub fn new() -> Hub {
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
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn subscribe(&self) -> Receiver<Arc<str>> {
        let (tx, rx) = sync_channel(BACKLOG);
        let mut state = self.state();
        let hello = event("hello", &serde_json::json!({ "build": state.build_id() }));
        let _ = tx.try_send(hello);
        if let Some(problems) = &state.problems {
            let _ = tx.try_send(problems.clone());
        }
        state.clients.push(tx);
        rx
    }

    /// A rebuild changed these output paths: pages showing one reload,
    /// stylesheets are swapped.
    pub fn changed(&self, paths: &[String]) {
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
    pub fn problems(&self, diagnostics: &[Diagnostic], site_dir: &Path) {
        let problems: Vec<Problem> = diagnostics
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
    pub fn fixed(&self) {
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
        self.clients.retain(|c| c.try_send(text.clone()).is_ok());
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

/// Answers a request for the event stream: on a thread of its own, for as
/// long as the client stays.
pub fn stream(request: Request, shared: &Arc<Shared>) {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    if !allowed(header("Host").as_deref(), header("Origin").as_deref()) {
        let _ =
            request.respond(tiny_http::Response::from_string("Forbidden.\n").with_status_code(403));
        return;
    }
    if *request.method() == Method::Head {
        let _ = request.respond(tiny_http::Response::empty(200));
        return;
    }
    let events = shared.hub.subscribe();
    std::thread::spawn(move || {
        let mut out = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|()| out.flush());
        if send(head).is_err() {
            return;
        }
        loop {
            let sent = match events.recv_timeout(KEEP_ALIVE) {
                Ok(text) => send(&text),
                Err(RecvTimeoutError::Timeout) => send(": keep-alive\n\n"),
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if sent.is_err() {
                break;
            }
        }
    });
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
    fn only_local_hosts_and_their_own_pages_may_listen() {
        assert!(allowed(Some("127.0.0.1:1313"), None));
        assert!(allowed(
            Some("localhost:1313"),
            Some("http://localhost:1313")
        ));
        assert!(allowed(Some("[::1]:1313"), Some("http://[::1]:1313")));
        assert!(allowed(Some("192.168.1.5:1313"), None));
        assert!(!allowed(None, None));
        assert!(!allowed(
            Some("127.0.0.1:1313"),
            Some("https://evil.example")
        ));
        assert!(!allowed(Some("127.0.0.1:1313"), Some("null")));
        assert!(!allowed(
            Some("127.0.0.1:1313"),
            Some("http://127.0.0.1:9999")
        ));
        // A name a remote page could have pointed at this machine.
        assert!(!allowed(Some("evil.example:1313"), None));
        assert!(!allowed(
            Some("evil.example:1313"),
            Some("http://evil.example:1313")
        ));
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
        let rx = hub.subscribe();
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
