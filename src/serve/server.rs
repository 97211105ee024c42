//! The HTTP/1.1 connection layer under `serve`, over std::net: a thread per
//! connection up to a fixed number of them, request heads of bounded size
//! read under a deadline, answers written under one, and no request bodies
//! at all. A preview server never needs a body, so a request announcing one
//! is refused before any of it is read, whatever length it claims.

use crate::sync::Locked;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Connections open at once; one more displaces one waiting for a request
/// (see `Waiting`), or is answered 503 and closed.
const MAX_CONNECTIONS: usize = 256;
/// A request head (request line and headers) may take this much, in at
/// most `MAX_HEADERS` headers.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// A request head must arrive whole within this; an idle connection kept
/// alive for the next request is closed after it.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Each `CHUNK` of an answer must be taken by the client within this, so
/// a client that stops reading frees its connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const CHUNK: usize = 64 * 1024;
/// After a refusal, what the client may still be sending is read and
/// dropped for at most this long and this much, so the refusal reaches it
/// rather than a reset.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 64 * 1024;

/// A fixed number of places; each `Permit` holds one until dropped.
pub(crate) struct Slots {
    used: Arc<AtomicUsize>,
    limit: usize,
}

pub(crate) struct Permit(Arc<AtomicUsize>);

impl Slots {
    pub(crate) fn new(limit: usize) -> Slots {
        Slots {
            used: Arc::default(),
            limit,
        }
    }

    /// A place, if one is free.
    pub(crate) fn take(&self) -> Option<Permit> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.limit).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(self.used.clone()))
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A request head: no request has a body.
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
}

impl Request {
    /// The first value of header `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// An answer of known length.
pub(crate) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Box<dyn Read + Send>,
    len: u64,
    /// The connection ends after this answer.
    last: bool,
}

impl Response {
    pub(crate) fn new(status: u16, body: impl Read + Send + 'static, len: u64) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Box::new(body),
            len,
            last: false,
        }
    }

    /// Ending the connection, so that a refused client does not keep it
    /// (and its thread) waiting for another request.
    pub(crate) fn closing(mut self) -> Response {
        self.last = true;
        self
    }

    /// With a header; one whose value is not printable ASCII is left out,
    /// so no value can end the head early.
    pub(crate) fn with_header(mut self, name: &'static str, value: &str) -> Response {
        if value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            self.headers.push((name, value.to_string()));
        }
        self
    }
}

pub(crate) enum Reply {
    Answer(Response),
    /// The connection, handed over for as long as the client stays (an
    /// event stream), then closed.
    TakeOver(Box<dyn FnOnce(&mut TcpStream) + Send>),
}

/// What the connection threads share.
struct Server {
    connections: Slots,
    waiting: Waiting,
    handle: Box<dyn Fn(&Request) -> Reply + Send + Sync>,
}

/// Connections waiting for a request head, longest first: when every place
/// is taken, a new connection displaces the one that has waited longest,
/// so connections that send nothing, or a head slowly, cannot lock others
/// out. (Those being answered are bounded by `WRITE_TIMEOUT` instead.)
#[derive(Default)]
struct Waiting {
    next: AtomicU64,
    /// A handle on each connection, to end it from the accepting thread.
    queue: Mutex<VecDeque<(u64, TcpStream)>>,
}

impl Waiting {
    fn queue(&self) -> MutexGuard<'_, VecDeque<(u64, TcpStream)>> {
        self.queue.locked()
    }

    /// `stream` waits for a request; `None` if it cannot be ended from
    /// elsewhere (and then is never displaced).
    fn enter(&self, stream: &TcpStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.queue().push_back((id, handle));
        Some(id)
    }

    fn leave(&self, id: Option<u64>) {
        if let Some(id) = id {
            self.queue().retain(|(waiting, _)| *waiting != id);
        }
    }

    /// Ends the connection that has waited longest; `false` if none waits.
    fn displace_longest(&self) -> bool {
        let longest = self.queue().pop_front();
        longest.is_some_and(|(_, stream)| stream.shutdown(Shutdown::Both).is_ok())
    }
}

/// Accepts connections on a thread of its own, answering each request with
/// `handle`.
pub(crate) fn start(
    listener: TcpListener,
    handle: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> io::Result<()> {
    let server = Arc::new(Server {
        connections: Slots::new(MAX_CONNECTIONS),
        waiting: Waiting::default(),
        handle: Box::new(handle),
    });
    std::thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                match stream {
                    Ok(stream) => admit(stream, &server),
                    // Out of file descriptors, most likely: wait for some to close.
                    Err(_) => std::thread::sleep(Duration::from_millis(50)),
                }
            }
        })?;
    Ok(())
}

fn admit(stream: TcpStream, server: &Arc<Server>) {
    let Some(permit) = place(server) else {
        // Written without waiting: a client that does not read it loses it.
        let _ = stream.set_nonblocking(true);
        let _ = (&stream).write_all(BUSY);
        return;
    };
    let server = server.clone();
    // A thread that cannot be started drops the connection.
    let _ = std::thread::Builder::new()
        .name("serve-connection".into())
        .spawn(move || connection(stream, permit, &server));
}

/// A place for a new connection, if need be the place of the connection
/// that has waited longest for a request, once its thread has given it up.
fn place(server: &Server) -> Option<Permit> {
    if let Some(permit) = server.connections.take() {
        return Some(permit);
    }
    if !server.waiting.displace_longest() {
        return None;
    }
    let deadline = Instant::now() + Duration::from_millis(100);
    while Instant::now() < deadline {
        if let Some(permit) = server.connections.take() {
            return Some(permit);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\nToo many connections; try again soon.\n";

/// Answers the requests of one connection until it closes, fails, times
/// out, or is taken over.
fn connection(mut stream: TcpStream, permit: Permit, server: &Server) {
    let _ = stream.set_nodelay(true);
    // Bytes read past a request head: the start of the next request.
    let mut pending = Vec::new();
    loop {
        let waiting = server.waiting.enter(&stream);
        let head = read_head(&mut stream, &mut pending);
        server.waiting.leave(waiting);
        let request = match head {
            Head::Request(request) => request,
            Head::Closed => return,
            Head::Refused(status, message) => {
                let refusal = Response::new(status, message.as_bytes(), message.len() as u64)
                    .with_header("Content-Type", "text/plain; charset=utf-8");
                if send(&mut stream, refusal, false, false).is_ok() {
                    linger(&mut stream);
                }
                return;
            }
        };
        match (server.handle)(&request) {
            Reply::Answer(response) => {
                let keep_alive = request.keep_alive && !response.last;
                let sent = send(&mut stream, response, request.is_head(), keep_alive);
                if sent.is_err() || !keep_alive {
                    return;
                }
            }
            Reply::TakeOver(run) => {
                // Counted by whoever took it over from now on.
                drop(permit);
                run(&mut stream);
                return;
            }
        }
    }
}

enum Head {
    Request(Request),
    /// The client went away or was too slow: nothing to answer.
    Closed,
    Refused(u16, &'static str),
}

/// The next request head on `stream`, `pending` holding bytes read before.
fn read_head(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Head {
    let deadline = Instant::now() + READ_TIMEOUT;
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut head = httparse::Request::new(&mut headers);
        let parsed = match head.parse(pending) {
            Ok(httparse::Status::Complete(len)) => Some((Request::of(&head), len)),
            Ok(httparse::Status::Partial) => None,
            Err(httparse::Error::TooManyHeaders) => {
                return Head::Refused(431, "Too many request headers.\n");
            }
            Err(_) => return Head::Refused(400, "Bad request.\n"),
        };
        if let Some((request, len)) = parsed {
            pending.drain(..len);
            return match request.body_refusal() {
                Some((status, message)) => Head::Refused(status, message),
                None => Head::Request(request),
            };
        }
        if pending.len() >= MAX_HEAD {
            return Head::Refused(431, "The request head is too large.\n");
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Head::Closed;
        }
        let mut chunk = [0; 4096];
        let room = chunk.len().min(MAX_HEAD - pending.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Head::Closed,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Head::Closed,
        }
    }
}

impl Request {
    fn of(head: &httparse::Request<'_, '_>) -> Request {
        let headers: Vec<(String, String)> = head
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).trim().to_string();
                (h.name.to_string(), value)
            })
            .collect();
        let close = headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("Connection")
                && value
                    .split(',')
                    .any(|token| token.trim().eq_ignore_ascii_case("close"))
        });
        Request {
            method: head.method.unwrap_or_default().to_string(),
            target: head.path.unwrap_or_default().to_string(),
            // HTTP/1.0 clients are answered one request per connection.
            keep_alive: head.version == Some(1) && !close,
            headers,
        }
    }

    /// Why a request that has (or may have) a body is refused.
    fn body_refusal(&self) -> Option<(u16, &'static str)> {
        const BODY: &str = "Requests with a body are not served.\n";
        self.headers.iter().find_map(|(name, value)| {
            if name.eq_ignore_ascii_case("Transfer-Encoding") {
                Some((413, BODY))
            } else if name.eq_ignore_ascii_case("Content-Length") {
                match value.parse::<u64>() {
                    Ok(0) => None,
                    Ok(_) => Some((413, BODY)),
                    Err(_) => Some((400, "Bad request.\n")),
                }
            } else {
                None
            }
        })
    }
}

/// Writes `response`, its head alone for `HEAD`. An error leaves the
/// connection unusable.
fn send(
    stream: &mut TcpStream,
    response: Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.len));
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    write_within(stream, head.as_bytes())?;
    if head_only {
        return Ok(());
    }
    // On the stack: a heap buffer costs far more per thread.
    let mut chunk = [0; CHUNK];
    let mut body = response.body.take(response.len);
    let mut sent = 0;
    loop {
        let n = match body.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        write_within(stream, &chunk[..n])?;
        sent += n as u64;
    }
    if sent < response.len {
        // A copied file that shrank meanwhile: the promised length is a lie.
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Writes all of `bytes` within `WRITE_TIMEOUT`.
pub(crate) fn write_within(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    let deadline = Instant::now() + WRITE_TIMEOUT;
    let mut rest = bytes;
    while !rest.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ends a connection after a refusal: closing with unread bytes would
/// reset it, and a reset can destroy the answer before the client reads it.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = [0; 4096];
    let mut left = LINGER_BYTES;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_given_back_when_dropped() {
        let slots = Slots::new(2);
        let a = slots.take().unwrap();
        let _b = slots.take().unwrap();
        assert!(slots.take().is_none());
        drop(a);
        assert!(slots.take().is_some());
    }

    fn head(text: &str) -> Request {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut head = httparse::Request::new(&mut headers);
        assert!(head.parse(text.as_bytes()).unwrap().is_complete());
        Request::of(&head)
    }

    #[test]
    fn a_body_of_any_kind_is_refused() {
        let refusal = |extra: &str| head(&format!("GET / HTTP/1.1\r\n{extra}\r\n")).body_refusal();
        assert_eq!(refusal(""), None);
        assert_eq!(refusal("Content-Length: 0\r\n"), None);
        assert_eq!(refusal("Content-Length: 1\r\n").map(|r| r.0), Some(413));
        assert_eq!(
            refusal("content-length: 18446744073709551615\r\n").map(|r| r.0),
            Some(413)
        );
        assert_eq!(
            refusal("Content-Length: 99999999999999999999999\r\n").map(|r| r.0),
            Some(400)
        );
        assert_eq!(refusal("Content-Length: -1\r\n").map(|r| r.0), Some(400));
        assert_eq!(
            refusal("Transfer-Encoding: chunked\r\n").map(|r| r.0),
            Some(413)
        );
    }

    #[test]
    fn connections_are_kept_alive_as_asked() {
        assert!(head("GET / HTTP/1.1\r\n\r\n").keep_alive);
        assert!(!head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keep_alive);
        assert!(!head("GET / HTTP/1.1\r\nConnection: te, close\r\n\r\n").keep_alive);
        assert!(!head("GET / HTTP/1.0\r\n\r\n").keep_alive);
    }
}
