//! `lectern check --external`, against a web server on 127.0.0.1 (never the
//! internet): every failure reported where the link is, each URL requested
//! once, at most two requests at a time to one host.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

/// What the server saw: every request as `METHOD /path`, and the most
/// requests it was answering at once (the slow one aside).
#[derive(Default)]
struct Log {
    requests: Vec<String>,
    in_flight: usize,
    most_in_flight: usize,
}

/// Serves fixed answers on a free port of 127.0.0.1.
fn serve() -> (u16, Arc<Mutex<Log>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Log::default()));
    let shared = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = shared.clone();
            std::thread::spawn(move || answer(stream, &log));
        }
    });
    (port, log)
}

fn answer(mut stream: TcpStream, log: &Mutex<Log>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap();
    let mut header = String::new();
    while reader.read_line(&mut header).unwrap_or(0) > 0 && header != "\r\n" {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
    let counted = path != "/slow";
    {
        let mut log = log.lock().unwrap();
        log.requests.push(format!("{method} {path}"));
        if counted {
            log.in_flight += 1;
            log.most_in_flight = log.most_in_flight.max(log.in_flight);
        }
    }
    // Long enough for the client to ask for more meanwhile.
    std::thread::sleep(Duration::from_millis(if counted { 50 } else { 3000 }));
    let (status, location) = match (method, path) {
        (_, "/ok" | "/landing") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/landing")),
        (_, "/moved-away") => ("302 Found", Some("/gone")),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        (_, "/no-head" | "/slow") => ("200 OK", None),
        _ => ("404 Not Found", None),
    };
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    // Done before answering: once the answer is out, the client may rightly
    // start its next request before this thread runs again.
    if counted {
        log.lock().unwrap().in_flight -= 1;
    }
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn check(site: &std::path::Path, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lectern"));
    command.arg("check").args(args).current_dir(site);
    for proxy in ["http_proxy", "https_proxy", "all_proxy"] {
        command.env_remove(proxy).env_remove(proxy.to_uppercase());
    }
    command.output().unwrap()
}

#[test]
fn external_links_are_requested_once_each_and_every_failure_is_reported() {
    let (port, log) = serve();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = copy_fixture("single");
    let base = format!("http://127.0.0.1:{port}");
    write_files(
        site.path(),
        [(
            "content/links.md",
            format!(
                "# Links\n\n\
             - [ok]({base}/ok) and [again]({base}/ok#part)\n\
             - [moved]({base}/moved)\n\
             - [gone]({base}/gone)\n\
             - [moved away]({base}/moved-away)\n\
             - [no HEAD]({base}/no-head)\n\
             - [slow]({base}/slow)\n\
             - <a href=\"http://127.0.0.1:{closed}/\">closed</a>\n\
             - [a mail](mailto:me@example.org), [a page](guide/My%20Page.md)\n"
            ),
        )],
    );

    let o = check(site.path(), &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        log.lock().unwrap().requests.is_empty(),
        "no requests without --external"
    );

    let o = check(site.path(), &["--external", "--timeout", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    let first_lines: Vec<&str> = out.lines().filter(|l| l.starts_with("error")).collect();
    let place = "error: content/links.md";
    assert_eq!(
        first_lines,
        [
            format!("{place}:5:3: link `{base}/gone`: the server answered 404 Not Found"),
            format!(
                "{place}:6:3: link `{base}/moved-away`: the server answered 404 Not Found (redirected to {base}/gone)"
            ),
            format!("{place}:8:3: link `{base}/slow`: no answer within 1 s"),
            first_lines[3].to_string(),
        ]
    );
    assert!(
        first_lines[3].starts_with(&format!("{place}:9:6: link `http://127.0.0.1:{closed}/`: "))
            && first_lines[3].contains("connect"),
        "{}",
        first_lines[3]
    );

    let log = log.lock().unwrap();
    let count = |r: &str| log.requests.iter().filter(|x| *x == r).count();
    assert_eq!(count("HEAD /ok"), 1, "{:?}", log.requests);
    assert_eq!(count("GET /ok"), 0, "{:?}", log.requests);
    assert_eq!((count("HEAD /no-head"), count("GET /no-head")), (1, 1));
    assert!(log.most_in_flight <= 2, "{} at once", log.most_in_flight);
}
