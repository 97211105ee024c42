//! Links to other sites (`--external`): each URL is requested once, several
//! at a time but never more than [`PER_HOST`] at once to one host, within a
//! timeout, following redirects. Every failure is reported at every place
//! the URL is linked from.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use ureq::ResponseExt;

use crate::content::PageMap;
use crate::content::Site;
use crate::error::{Diagnostic, Kind, LineIndex};
use crate::markdown::Rendered;
use crate::progress::Progress;
use crate::sync::Locked;

/// Requests in flight at once, in all.
const CONCURRENCY: usize = 16;
/// Requests in flight at once to one host, to be a polite client.
const PER_HOST: usize = 2;

pub(crate) fn check(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    timeout: Duration,
    progress: Option<&Progress>,
) -> Vec<Diagnostic> {
    // URL (without fragment) → the pages and offsets that link it.
    let mut uses: BTreeMap<String, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (l, lang) in site.langs.iter().enumerate() {
        for page in lang.pages.iter().filter(|p| p.parsed.is_some()) {
            for (i, link) in rendered.lang(l)[page.id].links.iter().enumerate() {
                if let Some(url) = external_url(&link.href) {
                    uses.entry(url).or_default().push((l, page.id, i));
                }
            }
        }
    }
    let results = fetch_all(uses.keys().cloned().collect(), timeout, progress);
    let mut out = Vec::new();
    // One per page reported, shared by its reports.
    let mut lines: HashMap<(usize, usize), LineIndex<'_>> = HashMap::new();
    for (url, places) in &uses {
        let Some(Err(why)) = results.get(url) else {
            continue;
        };
        for &(l, p, i) in places {
            let link = &rendered.lang(l)[p].links[i];
            let Some(parsed) = &site.langs[l].pages[p].parsed else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    &parsed.source.path,
                    format!("link `{}`: {why}", link.written),
                )
                .of_kind(Kind::BrokenLinks)
                .at_offset_in(
                    lines
                        .entry((l, p))
                        .or_insert_with(|| LineIndex::new(&parsed.text)),
                    link.offset,
                ),
            );
        }
    }
    out
}

/// The URL to request for an `http(s)` link, without its fragment;
/// protocol-relative links (`//host/…`) are taken as `https`.
fn external_url(href: &str) -> Option<String> {
    let url = href.split('#').next().unwrap_or_default();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.to_string())
    } else if url.starts_with("//") && url.len() > 2 {
        Some(format!("https:{url}"))
    } else {
        None
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// URLs waiting, by host, and how many requests each host has in flight.
#[derive(Default)]
struct Queue {
    waiting: BTreeMap<String, VecDeque<String>>,
    busy: HashMap<String, usize>,
}

impl Queue {
    /// The next URL whose host has room, as `(host, url)`; `Err(true)`
    /// when some wait for room, `Err(false)` when none is left.
    fn next(&mut self) -> Result<(String, String), bool> {
        for (host, urls) in &mut self.waiting {
            let busy = self.busy.entry(host.clone()).or_default();
            if *busy < PER_HOST {
                if let Some(url) = urls.pop_front() {
                    *busy += 1;
                    return Ok((host.clone(), url));
                }
            }
        }
        Err(self.waiting.values().any(|urls| !urls.is_empty()))
    }
}

/// Requests every URL on a few threads; URL → `Err(what went wrong)`.
fn fetch_all(
    urls: Vec<String>,
    timeout: Duration,
    progress: Option<&Progress>,
) -> HashMap<String, Result<(), String>> {
    if let Some(p) = progress {
        p.total(urls.len());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "lectern/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let mut queue = Queue::default();
    for url in &urls {
        queue
            .waiting
            .entry(host(url).to_string())
            .or_default()
            .push_back(url.clone());
    }
    let queue = Mutex::new(queue);
    let room = Condvar::new();
    let results = Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for _ in 0..CONCURRENCY.min(urls.len()) {
            s.spawn(|| {
                loop {
                    let mut q = lock(&queue);
                    let (host, url) = loop {
                        match q.next() {
                            Ok(job) => break job,
                            Err(true) => q = crate::sync::wait(&room, q),
                            Err(false) => return,
                        }
                    };
                    drop(q);
                    let result = fetch(&agent, &url, timeout);
                    lock(&results).insert(url, result);
                    if let Some(p) = progress {
                        p.advance();
                    }
                    if let Some(n) = lock(&queue).busy.get_mut(&host) {
                        *n -= 1;
                    }
                    room.notify_all();
                }
            });
        }
    });
    results.into_value()
}

/// A lock that a panicked thread cannot poison: the data stays usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.locked()
}

/// `HEAD`, and `GET` when a server will not answer `HEAD` well.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), String> {
    let answer = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|resp| (resp.status(), resp.get_uri().to_string()))
            .map_err(|e| describe(e, timeout))
    };
    let (mut status, mut landed) = answer(agent.head(url).call())?;
    if !status.is_success() {
        (status, landed) = answer(agent.get(url).call())?;
    }
    if status.is_success() {
        return Ok(());
    }
    let redirected = if landed.trim_end_matches('/') != url.trim_end_matches('/') {
        format!(" (redirected to {landed})")
    } else {
        String::new()
    };
    Err(format!("the server answered {status}{redirected}"))
}

fn describe(e: ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs_f32()),
        ureq::Error::HostNotFound => "the host is not found".into(),
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        ureq::Error::TooManyRedirects => "too many redirects".into(),
        ureq::Error::Io(e) => format!("cannot connect: {e}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_external() {
        assert_eq!(
            external_url("https://go.dev/doc/#intro").as_deref(),
            Some("https://go.dev/doc/")
        );
        assert_eq!(
            external_url("//cdn.example/x.js").as_deref(),
            Some("https://cdn.example/x.js")
        );
        assert_eq!(
            external_url("HTTP://EXAMPLE.ORG").as_deref(),
            Some("HTTP://EXAMPLE.ORG")
        );
        for href in ["mailto:a@b.c", "/en/x/", "x.md", "#top", "ftp://x", "//"] {
            assert_eq!(external_url(href), None, "{href}");
        }
        assert_eq!(
            host("https://user@h.example:8080/p?q"),
            "user@h.example:8080"
        );
    }

    #[test]
    fn hosts_get_a_limited_share_of_the_requests() {
        let mut q = Queue::default();
        for (h, u) in [("a", "a/1"), ("a", "a/2"), ("a", "a/3"), ("b", "b/1")] {
            q.waiting.entry(h.into()).or_default().push_back(u.into());
        }
        let mut taken: Vec<String> = Vec::new();
        while let Ok((_, url)) = q.next() {
            taken.push(url);
        }
        assert_eq!(taken, ["a/1", "a/2", "b/1"]);
        assert_eq!(q.next(), Err(true), "a/3 waits for room");
        *q.busy.get_mut("a").unwrap() -= 1;
        assert_eq!(q.next(), Ok(("a".into(), "a/3".into())));
        assert_eq!(q.next(), Err(false));
    }
}
