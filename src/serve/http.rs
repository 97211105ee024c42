//! Answering HTTP requests from the site in memory: request targets that
//! could leave the site are refused before anything is looked up, and
//! every answer is uncached.

use std::io::{Cursor, Read};
use std::net::IpAddr;
use std::sync::Arc;

use super::Shared;
use super::livereload;
use super::server::{Reply, Request, Response};
use super::site::Lookup;
use crate::escape::{percent_decode_strict, url_path};
use crate::output::Body;

/// The site path a request target names: percent-decoded, without the
/// leading `/`. Refused with 400 is anything that could reach outside the
/// site: `.` and `..` segments (written or encoded), backslashes, NUL and
/// other control characters, invalid escapes or UTF-8, targets that are not
/// a path. The result is only ever a key of the in-memory site.
pub(crate) fn request_path(target: &str) -> Result<String, u16> {
    let target = if target.starts_with('/') {
        target
    } else {
        // The absolute form, `http://host/path`, which proxies send.
        let rest = ["http://", "https://"]
            .iter()
            .find_map(|scheme| {
                target
                    .get(..scheme.len())
                    .filter(|s| s.eq_ignore_ascii_case(scheme))
                    .map(|_| &target[scheme.len()..])
            })
            .ok_or(400u16)?;
        rest.find('/').map_or("/", |i| &rest[i..])
    };
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decode_strict(raw).ok_or(400u16)?;
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Err(400);
    }
    let rel = &path[1..];
    if rel
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err(400);
    }
    Ok(rel.to_string())
}

/// The `Content-Type` of a file by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .filter(|(_, ext)| !ext.contains('/'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "bmp" => "image/bmp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "eot" => "application/vnd.ms-fontobject",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}

/// Whether `host` (a `Host` header) names this machine: by an IP address,
/// which a web page elsewhere cannot point at it, or as `localhost` or a
/// name under it, which resolve here only. A page of another site whose
/// name was pointed at this machine (DNS rebinding) sends its own name and
/// is refused.
pub(crate) fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.parse::<IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || name.to_ascii_lowercase().ends_with(".localhost")
}

/// Answers one request.
pub(crate) fn handle(request: &Request, shared: &Arc<Shared>) -> Reply {
    if !local_host(request.header("Host")) {
        return Reply::Answer(text(
            403,
            "Forbidden: ask for this machine by its address or as localhost.\n",
        ));
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let refused = text(405, "Only GET and HEAD are served.\n");
        return Reply::Answer(refused.with_header("Allow", "GET, HEAD"));
    }
    let path = match request_path(&request.target) {
        Ok(path) => path,
        Err(status) => return Reply::Answer(text(status, "Bad request.\n")),
    };
    match path.as_str() {
        livereload::EVENTS => livereload::stream(request, shared),
        livereload::SCRIPT => {
            let body = Cursor::new(livereload::SCRIPT_JS.as_bytes());
            let len = livereload::SCRIPT_JS.len() as u64;
            Reply::Answer(response(200, "x.js", body, len))
        }
        _ => Reply::Answer(serve_site(&request.target, &path, shared)),
    }
}

fn serve_site(target: &str, path: &str, shared: &Shared) -> Response {
    let site = shared.site();
    if site.is_empty() {
        // No build has succeeded yet: a page that shows the errors and
        // reloads itself once the site builds.
        let page = livereload::inject(livereload::NOT_BUILT.as_bytes());
        return html(503, page);
    }
    let answer = match site.lookup(path) {
        Lookup::File(name, body) => file(200, name, body),
        Lookup::Redirect => {
            let query = target.find('?').map_or("", |i| &target[i..]);
            let query: String = query
                .bytes()
                .map(|b| match b.is_ascii_graphic() {
                    true => char::from(b).to_string(),
                    false => format!("%{b:02X}"),
                })
                .collect();
            let location = format!("{}/{query}", url_path(&format!("/{path}")));
            let moved = text(301, "Moved: the address ends with a slash.\n");
            return moved.with_header("Location", &location);
        }
        Lookup::NotFound => None,
    };
    // The 404 page of the language whose part of the site was asked for.
    let language_404 = path
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"));
    answer
        .or_else(|| {
            let body = language_404.as_deref().and_then(|p| site.get(p));
            body.and_then(|body| file(404, "404.html", body))
        })
        .or_else(|| {
            site.get("404.html")
                .and_then(|body| file(404, "404.html", body))
        })
        .unwrap_or_else(|| text(404, "Not found.\n"))
}

/// A site file, pages with the live-reload script added. `None` if a file
/// to copy can no longer be read.
fn file(status: u16, name: &str, body: &Body) -> Option<Response> {
    let is_html = content_type(name).starts_with("text/html");
    match body {
        Body::Bytes(bytes) if is_html => Some(html(status, livereload::inject(bytes))),
        Body::Bytes(bytes) => {
            let len = bytes.len() as u64;
            Some(response(
                status,
                name,
                Cursor::new(SharedBytes(bytes.clone())),
                len,
            ))
        }
        Body::Copy(source) if is_html => {
            let bytes = std::fs::read(source).ok()?;
            Some(html(status, livereload::inject(&bytes)))
        }
        Body::Copy(source) => {
            let file = std::fs::File::open(source).ok()?;
            let len = file.metadata().ok()?.len();
            Some(response(status, name, file, len))
        }
    }
}

/// Bytes shared with the site in memory, readable without a copy.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn html(status: u16, page: Vec<u8>) -> Response {
    let len = page.len() as u64;
    response(status, "x.html", Cursor::new(page), len)
}

/// A plain-text answer.
pub(crate) fn text(status: u16, message: &'static str) -> Response {
    response(
        status,
        "x.txt",
        Cursor::new(message.as_bytes()),
        message.len() as u64,
    )
}

/// An answer with the type of file `name`, never cached.
fn response(status: u16, name: &str, body: impl Read + Send + 'static, len: u64) -> Response {
    Response::new(status, body, len)
        .with_header("Content-Type", content_type(name))
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded() {
        assert_eq!(request_path("/"), Ok(String::new()));
        assert_eq!(request_path("/en/intro/?x=1#y"), Ok("en/intro/".into()));
        assert_eq!(
            request_path("/ru/%D0%BE%D1%81%20go/"),
            Ok("ru/ос go/".into())
        );
        assert_eq!(
            request_path("http://127.0.0.1:1313/a.css"),
            Ok("a.css".into())
        );
        assert_eq!(request_path("HTTP://localhost"), Ok(String::new()));
        // Not a way out: only ever looked up in memory, and not found.
        assert_eq!(request_path("//etc/passwd"), Ok("/etc/passwd".into()));
        assert_eq!(
            request_path("/C:/Windows/win.ini"),
            Ok("C:/Windows/win.ini".into())
        );
    }

    #[test]
    fn escapes_are_refused() {
        for target in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/.%2e/etc/passwd",
            "/a/./b",
            "/..",
            "/..%5c..%5cwindows%5cwin.ini",
            "/a%5cb",
            "/a\\b",
            "/index.html%00.css",
            "/a%0d%0aSet-Cookie:x",
            "/%zz",
            "/%e",
            "/%ff%fe",
            "*",
            "etc/passwd",
            "ftp://host/x",
        ] {
            assert_eq!(request_path(target), Err(400), "{target}");
        }
    }

    #[test]
    fn only_addresses_and_localhost_name_this_machine() {
        for host in [
            "127.0.0.1:1313",
            "127.0.0.1",
            "192.168.1.5:1313",
            "[::1]:1313",
            "localhost:1313",
            "LocalHost",
            "docs.localhost:1313",
        ] {
            assert!(local_host(Some(host)), "{host}");
        }
        // Names a remote page could have pointed at this machine.
        for host in [
            "evil.example:1313",
            "evil.example",
            "localhost.evil.example:1313",
            "127.0.0.1.nip.io:1313",
            "notlocalhost:1313",
            "",
        ] {
            assert!(!local_host(Some(host)), "{host}");
        }
        assert!(!local_host(None));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("theme.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("d.svg"), "image/svg+xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("i.json"), "application/json");
        assert_eq!(content_type("p.JPEG"), "image/jpeg");
        assert_eq!(content_type("v1.0/LICENSE"), "application/octet-stream");
    }
}
