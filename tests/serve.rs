//! `lectern serve` end to end: a real server on a free loopback port, a
//! small HTTP client, edits to a copy of a fixture site. Every wait is
//! bounded, and the server is killed when a test ends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
    /// Lines the server prints, stdout and stderr.
    output: Receiver<String>,
}

impl Server {
    fn start(site: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lectern"))
            .arg("serve")
            .arg(site)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, output) = channel();
        let stdout: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
        let stderr: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
        for stream in [stdout, stderr] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            output,
        };
        let line = server.wait_for_line("Serving http://127.0.0.1:");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self
                .output
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("the server never printed {needle:?}"),
            }
        }
    }

    fn get(&self, target: &str) -> Response {
        request(self.port, "GET", target, &[])
    }

    fn events(&self) -> Events {
        Events::open(self.port, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection, the target sent exactly as given,
/// with `Host: 127.0.0.1:PORT` unless `headers` has a `Host`.
fn request(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("Host"))
    {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

/// The status line of the answer to `head` (sent as is), read without
/// waiting for the rest, which may never end; and the connection, open.
fn status_line(port: u16, head: &str) -> (String, TcpStream) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    (status, reader.into_inner())
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A live-reload event stream.
struct Events {
    lines: Receiver<String>,
}

impl Events {
    fn open(port: u16, headers: &[(&str, &str)]) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut head = format!(
            "GET /__lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let events = Events { lines };
        events.next("hello");
        events
    }

    /// The data of the next event called `name`, skipping others.
    fn next(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut current = String::new();
        loop {
            let line = match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => panic!("no {name:?} event in time"),
                Err(RecvTimeoutError::Disconnected) => panic!("the stream closed before {name:?}"),
            };
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if current == name {
                    return data.to_string();
                }
            }
        }
    }
}

fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_the_site_with_types_statuses_and_no_caching() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);

    let home = server.get("/en/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    assert!(
        home.text()
            .contains("<script src=\"/__lectern/livereload.js\"></script></body>")
    );

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/theme.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/en/ch2/lesson/diagram.svg", "image/svg+xml"),
        ("/__lectern/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(
            (response.status, response.header("Content-Type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    let css = server.get("/style.css");
    assert!(
        !css.text().contains("__lectern"),
        "only pages get the script"
    );

    let moved = server.get("/en/ch1?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location"), Some("/en/ch1/?x=1"));

    let missing = server.get("/en/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("</html>"), "the site's 404.html");
    // Each language's part of the site has its own.
    for (path, lang) in [("/ru/no/such/page/", "ru"), ("/no-such-page/", "en")] {
        let missing = server.get(path);
        assert_eq!(missing.status, 404, "{path}");
        assert!(
            missing.text().contains(&format!("<html lang=\"{lang}\"")),
            "{path}"
        );
    }

    let head = request(server.port, "HEAD", "/en/", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), home.header("Content-Length"));
    assert!(head.body.is_empty());

    let post = request(server.port, "POST", "/en/", &[("Content-Length", "0")]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));

    assert!(!site.path().join("public").exists(), "serve writes nothing");
}

#[test]
fn path_escapes_never_leave_the_site() {
    let outer = common::site([
        ("site/content/_index.md", "# Home\n"),
        ("secret.txt", "TOP SECRET"),
        ("site/secret.txt", "TOP SECRET"),
    ]);
    let site = outer.path().join("site");
    let server = Server::start(&site, &[]);
    let secret = outer.path().join("secret.txt");
    let absolute = format!("/{}", secret.display()).replace("//", "/");
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/secret.txt",
        "/./secret.txt",
        "//secret.txt",
        absolute.as_str(),
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/%00",
        "/index.html%00.css",
        "/%c0%ae%c0%ae/secret.txt",
        "/%ff",
    ] {
        let response = request(server.port, "GET", target, &[]);
        assert!(
            matches!(response.status, 400 | 404),
            "{target}: {}",
            response.status
        );
        assert!(!response.text().contains("TOP SECRET"), "{target}");
    }
}

#[test]
fn an_edit_reloads_its_page_with_the_new_content() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "Careful.",
        "Freshly edited.",
    );
    let reload = events.next("reload");
    assert!(reload.contains("\"/en/ch1/intro/\""), "{reload}");
    assert!(
        server
            .get("/en/ch1/intro/")
            .text()
            .contains("Freshly edited.")
    );
}

#[test]
fn broken_front_matter_shows_where_and_keeps_the_last_good_page() {
    let site = common::copy_fixture("course");
    let mut server = Server::start(site.path(), &[]);
    let events = server.events();
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "weight: 1",
        "weight: one",
    );
    let problems = events.next("problems");
    assert!(
        problems.contains("\"file\":\"content/en/ch1/intro.md\""),
        "{problems}"
    );
    assert!(problems.contains("\"line\":5"), "{problems}");
    server.wait_for_line("content/en/ch1/intro.md:5");
    let page = server.get("/en/ch1/intro/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Careful."));

    // A new listener (a page loaded meanwhile) hears of the errors at once.
    server.events().next("problems");

    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "weight: one",
        "weight: 1",
    );
    events.next("fixed");
}

#[test]
fn a_link_to_nothing_is_shown_over_the_page_that_still_updates() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "Careful.",
        "Careful, see [gone](gone.md).",
    );
    // The edit is served, and its broken link listed over it, not in its place.
    let problems = events.next("problems");
    assert!(problems.contains("\"severity\":\"warning\""), "{problems}");
    assert!(problems.contains("link `gone.md`"), "{problems}");
    assert!(server.get("/en/ch1/intro/").text().contains("see"));

    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "[gone](gone.md)",
        "gone",
    );
    events.next("fixed");
}

#[test]
fn a_book_re_renders_the_chapters_that_include_an_edited_file() {
    let site = common::copy_fixture("book");
    common::write_files(
        site.path(),
        [(
            "site.toml",
            "content_dir = \"src\"\nsummary = \"SUMMARY.md\"\n",
        )],
    );
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    edit(site.path(), "src/listing.rs", "привет", "здравствуй");
    let reload = events.next("reload");
    assert!(reload.contains("\"/includes/\""), "{reload}");
    assert!(server.get("/includes/").text().contains("здравствуй"));
}

#[test]
fn a_stylesheet_edit_changes_only_the_stylesheet() {
    let site = common::copy_fixture("course");
    common::write_files(site.path(), [("static/extra.css", "p { color: red }\n")]);
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    common::write_files(site.path(), [("static/extra.css", "p { color: blue }\n")]);
    let reload = events.next("reload");
    assert!(reload.ends_with("\"paths\":[\"/extra.css\"]}"), "{reload}");
    assert_eq!(server.get("/extra.css").text(), "p { color: blue }\n");
}

#[test]
fn a_template_error_is_shown_and_its_fix_rebuilds_every_page() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    common::write_files(site.path(), [("templates/404.html", "{% if %}\n")]);
    let problems = events.next("problems");
    assert!(problems.contains("templates/404.html"), "{problems}");
    common::write_files(
        site.path(),
        [("templates/404.html", "<html><body>Lost</body></html>\n")],
    );
    events.next("fixed");
    let reload = events.next("reload");
    assert!(reload.contains("/404.html"), "{reload}");
    assert!(server.get("/nowhere").text().contains("Lost"));
}

#[test]
fn the_event_stream_refuses_other_sites() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    let own = format!("http://127.0.0.1:{port}");
    Events::open(port, &[("Origin", own.as_str())]);
    for origin in ["https://evil.example", "null", "http://127.0.0.1:1"] {
        let response = request(port, "GET", "/__lectern/events", &[("Origin", origin)]);
        assert_eq!(response.status, 403, "{origin}");
    }
}

#[test]
fn two_hundred_concurrent_requests_all_succeed() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let target = ["/en/", "/style.css", "/en/ch1/intro/", "/ru/"][i % 4];
                request(port, "GET", target, &[]).status
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 200);
    }
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = common::copy_fixture("course");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .arg("serve")
        .arg(site.path())
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with(&format!("Port {port} is in use; using ")),
        "{first}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = common::copy_fixture("course");
    let mut server = Server::start(site.path(), &[]);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    server.wait_for_line("Stopped.");
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn a_stylesheet_edited_while_the_build_is_broken_is_sent_once_it_builds() {
    let site = common::copy_fixture("course");
    common::write_files(site.path(), [("static/extra.css", "p { color: red }\n")]);
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "weight: 1",
        "weight: one",
    );
    events.next("problems");
    common::write_files(site.path(), [("static/extra.css", "p { color: blue }\n")]);
    events.next("problems");
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "weight: one",
        "weight: 1",
    );
    events.next("fixed");
    let reload = events.next("reload");
    assert!(reload.contains("\"/extra.css\""), "{reload}");
}

#[test]
fn the_search_index_follows_the_pages() {
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    // Made after the pages: poll until it is there, then until it changes.
    let meta = |server: &Server| server.get("/en/search/meta.json.gz");
    let wait_for = |what: &str, done: &dyn Fn(&Response) -> bool| {
        let deadline = Instant::now() + WAIT;
        loop {
            let response = meta(&server);
            if done(&response) {
                return response;
            }
            assert!(Instant::now() < deadline, "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let first = wait_for("no search index", &|r| r.status == 200);
    let events = server.events();
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "Careful.",
        "Searchable novelty.",
    );
    events.next("reload");
    wait_for("the search index did not change", &|r| r.body != first.body);
}

/// A site of one page and a static file larger than the socket buffers
/// between a server and a client that does not read.
fn site_with_a_large_file() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(
        site.path().join("content/_index.md"),
        "# Home\n\nDraft text.\n",
    )
    .unwrap();
    std::fs::write(site.path().join("static/big.bin"), vec![7u8; 32 << 20]).unwrap();
    site
}

#[test]
fn huge_content_lengths_are_refused_and_serving_goes_on() {
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &[]);
    for _ in 0..20 {
        let length = [("Content-Length", "18446744073709551615")];
        assert_eq!(request(server.port, "GET", "/", &length).status, 413);
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_body_is_refused_without_being_read() {
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &[]);
    // Only the heads are sent: the refusals come without waiting for a
    // body, and the server closes its side without reading one.
    for header in [
        ("Content-Length", "1073741824"),
        ("Transfer-Encoding", "chunked"),
    ] {
        for method in ["POST", "GET"] {
            let refused = request(server.port, method, "/", &[header]);
            assert_eq!(refused.status, 413, "{method} {header:?}");
            assert_eq!(refused.text(), "Requests with a body are not served.\n");
        }
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn clients_that_never_read_do_not_hold_up_others() {
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &[]);
    let head = format!(
        "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    );
    // Each is answered (its status line read, so the server is writing to
    // it) until its socket buffers fill, and then reads no more.
    let stalled: Vec<_> = (0..32).map(|_| status_line(server.port, &head)).collect();
    for (status, _) in &stalled {
        assert!(status.starts_with("HTTP/1.1 200 "), "{status}");
    }
    for target in ["/", "/big.bin"] {
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(
            response.header("Content-Length"),
            Some(response.body.len().to_string().as_str())
        );
    }
}

#[test]
fn connections_that_send_nothing_do_not_lock_others_out() {
    // `MAX_CONNECTIONS` in src/serve/server.rs.
    const MAX_CONNECTIONS: usize = 256;
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &[]);
    let head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port);
    let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS + 20)
        .map(|i| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            // Half of them send half a head.
            if i % 2 == 0 {
                stream.write_all(head.as_bytes()).unwrap();
            }
            stream
        })
        .collect();
    for _ in 0..20 {
        assert_eq!(server.get("/").status, 200);
    }
    // Waiting ones made room: the server closed one for each newcomer past
    // the cap, well before a head not sent in time would close it (10 s).
    let start = Instant::now();
    let mut closed = vec![false; idle.len()];
    for stream in &idle {
        stream.set_nonblocking(true).unwrap();
    }
    while closed.iter().filter(|c| **c).count() < 20 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "only {} closed",
            closed.iter().filter(|c| **c).count()
        );
        for (stream, closed) in idle.iter().zip(&mut closed) {
            let mut stream = stream;
            *closed |= match stream.read(&mut [0; 16]) {
                Ok(0) => true,
                Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
                Ok(_) => false,
            };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn event_streams_past_the_cap_are_refused_while_pages_load() {
    // `MAX_STREAMS` in src/serve/livereload.rs.
    const MAX_STREAMS: usize = 64;
    let site = common::copy_fixture("course");
    let server = Server::start(site.path(), &[]);
    let head = format!(
        "GET /__lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    );
    let listening = server.events();
    let mut open: Vec<TcpStream> = (1..MAX_STREAMS)
        .map(|_| {
            let (status, stream) = status_line(server.port, &head);
            assert!(status.starts_with("HTTP/1.1 200 "), "{status}");
            stream
        })
        .collect();
    let (status, _) = status_line(server.port, &head);
    assert!(status.starts_with("HTTP/1.1 503 "), "{status}");
    assert_eq!(server.get("/en/").status, 200);
    // The streams that are open still hear of a change.
    edit(
        site.path(),
        "content/en/ch1/intro.md",
        "Careful.",
        "Changed.",
    );
    listening.next("reload");
    // A page that closes gives its place to another.
    open.pop();
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, _) = status_line(server.port, &head);
        if status.starts_with("HTTP/1.1 200 ") {
            break;
        }
        assert!(Instant::now() < deadline, "no place came free: {status}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn pages_and_files_answer_only_their_own_hosts() {
    let site = site_with_a_large_file();
    std::fs::write(site.path().join("static/notes.txt"), "Draft notes.\n").unwrap();
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    for target in ["/", "/notes.txt", "/__lectern/events"] {
        for host in ["evil.example", "evil.example:80", "attacker.test:1313"] {
            let response = request(port, "GET", target, &[("Host", host)]);
            assert_eq!(response.status, 403, "{target} for {host}");
            assert!(!response.text().contains("Draft"), "{target} for {host}");
        }
        let missing = request(port, "GET", target, &[("Host", "")]);
        assert_eq!(missing.status, 403, "{target} with an empty Host");
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let page = request(port, "GET", "/", &[("Host", &host)]);
        assert_eq!(page.status, 200, "{host}");
        assert!(page.text().contains("Draft text."), "{host}");
        let file = request(port, "GET", "/notes.txt", &[("Host", &host)]);
        assert_eq!(file.text(), "Draft notes.\n", "{host}");
    }
}

#[test]
fn served_on_every_address_it_answers_by_ip_address() {
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &["--bind", "0.0.0.0"]);
    let port = server.port;
    for host in [format!("192.0.2.7:{port}"), format!("[::1]:{port}")] {
        let page = request(port, "GET", "/", &[("Host", &host)]);
        assert_eq!(page.status, 200, "{host}");
    }
    let named = request(port, "GET", "/", &[("Host", "intranet.example")]);
    assert_eq!(named.status, 403);
}

#[test]
fn a_connection_carries_several_requests() {
    let site = site_with_a_large_file();
    let server = Server::start(site.path(), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let host = format!("Host: 127.0.0.1:{}", server.port);
    let two = format!(
        "GET / HTTP/1.1\r\n{host}\r\n\r\nHEAD /big.bin HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(two.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    assert!(text.contains(&format!("Content-Length: {}\r\n", 32 << 20)));
}
