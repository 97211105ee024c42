//! Links and anchors, checked against the site as it will be served: every
//! link in a page's content must lead to a file the build writes, and a
//! `#fragment` to an element with that id on the target page. Resolving
//! URLs the way a browser does catches what the Markdown renderer cannot
//! see: site-absolute links, raw HTML, and anchors on other pages.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::PageMap;
use crate::content::Site;
use crate::content::links::has_scheme;
use crate::content::page::Page;
use crate::error::{Diagnostic, Kind, LineIndex, SHOWN_PER_FILE};
use crate::escape::percent_decode;
use crate::markdown::slug::nfc;
use crate::markdown::{LinkUse, Rendered};
use crate::output::{Body, OutputFile};

/// What a link can reach: the files written, and the ids on each page.
/// Recorded file by file as the build hands them out, so checking never
/// needs the whole site in memory.
#[derive(Default)]
pub(crate) struct Published {
    files: HashSet<String>,
    ids: HashMap<String, Arc<HashSet<String>>>,
}

/// The ids of a page.
pub(crate) type Ids = Arc<HashSet<String>>;

impl Published {
    /// The page `file` is (its path and bytes), to find its ids in.
    pub(crate) fn page_of(file: &OutputFile) -> Option<&Arc<Vec<u8>>> {
        match &file.body {
            Body::Bytes(html) if file.path.ends_with(".html") => Some(html),
            _ => None,
        }
    }

    /// The ids of a page's HTML.
    pub(crate) fn ids_in(html: &[u8]) -> Ids {
        Arc::new(ids_in(html))
    }

    pub(crate) fn add(&mut self, path: &str, ids: Option<Ids>) {
        self.files.insert(path.to_string());
        match (ids, self.ids.remove(path)) {
            // Two pages writing one file (an error of its own) render in
            // parallel, in no set order: links to it may reach the ids of
            // either, so what is reported does not depend on which came last.
            (Some(ids), Some(earlier)) => {
                let both = earlier.union(&ids).cloned().collect();
                self.ids.insert(path.to_string(), Arc::new(both));
            }
            (Some(ids), None) => {
                self.ids.insert(path.to_string(), ids);
            }
            // A later file of another kind replaces the page at this path.
            (None, _) => {}
        }
    }
}

pub(crate) fn check(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    published: &Published,
) -> Vec<Diagnostic> {
    let pages: Vec<(usize, &Page)> = site
        .langs
        .iter()
        .enumerate()
        .flat_map(|(l, lang)| lang.pages.iter().map(move |p| (l, p)))
        .collect();
    pages
        .par_iter()
        .flat_map_iter(|&(l, page)| {
            let Some(parsed) = page.parsed.as_ref() else {
                return Vec::new();
            };
            let lines = LineIndex::new(&parsed.text);
            let mut found = 0;
            let mut out = Vec::new();
            for link in &rendered.lang(l)[page.id].links {
                // Only the first of a file's broken links are shown (with one
                // more when that spares a summary line): only they need a hint.
                let hint = found <= SHOWN_PER_FILE;
                if let Some(message) = problem(site, page, link, published, hint) {
                    found += 1;
                    out.push(
                        Diagnostic::error(&parsed.source.path, message)
                            .of_kind(Kind::BrokenLinks)
                            .at_offset_in(&lines, link.offset),
                    );
                }
            }
            out
        })
        .collect()
}

/// The ids a fragment can name: every `id`, and the `name` of `<a>`; in
/// NFC, as fragments are compared.
fn ids_in(html: &[u8]) -> HashSet<String> {
    let mut ids = HashSet::new();
    // Pages lectern writes are UTF-8; the strict check is the fast one.
    let html = std::str::from_utf8(html).map_or_else(|_| String::from_utf8_lossy(html), Into::into);
    crate::html::visit_attributes(&html, |tag, name, value, _| {
        if name.eq_ignore_ascii_case("id")
            || (name.eq_ignore_ascii_case("name") && tag.eq_ignore_ascii_case("a"))
        {
            ids.insert(nfc(&crate::html::unescape(value)).into_owned());
        }
    });
    ids
}

/// What is wrong with one link, if anything; with `hint`, a guess at the
/// anchor meant.
fn problem(
    site: &Site,
    page: &Page,
    link: &LinkUse,
    published: &Published,
    hint: bool,
) -> Option<String> {
    let href = link.href.as_str();
    if href.starts_with("//") || has_scheme(href) {
        return None;
    }
    let what = if link.image { "image" } else { "link" };
    let written = &link.written;
    let (location, fragment) = match href.split_once('#') {
        Some((l, f)) => (l, Some(percent_decode(f))),
        None => (href, None),
    };
    let path = location.split('?').next().unwrap_or_default();
    let url = percent_decode(&if path.is_empty() {
        page.url.clone()
    } else {
        join_url(&page.url, path)
    });
    // A link elsewhere on the same host is not this site's to check.
    let local = url.strip_prefix(site.config.base_path())?;
    let Some(file) = served_file(local, &published.files) else {
        let mut message = match &link.unresolved {
            Some(why) => format!("{what} `{written}`: {why}, and the site has nothing at {url}"),
            None => format!("{what} `{written}`: the site has nothing at {url}"),
        };
        if let Some(better) = in_a_language(site, local, &published.files) {
            message.push_str(&format!("; did you mean `{better}`?"));
        }
        return Some(message);
    };
    let fragment = fragment.filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("top"))?;
    let ids = published.ids.get(file.as_str())?;
    let fragment = nfc(&fragment);
    if ids.contains(fragment.as_ref()) {
        return None;
    }
    let place = if path.is_empty() {
        "this page".to_string()
    } else {
        url
    };
    let hint = if hint {
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        closest_id(&fragment, &known)
            .map(|id| format!(" (did you mean `{id}`?)"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Some(format!(
        "{what} `{written}`: {place} has no heading or element with the id `{fragment}`{hint}"
    ))
}

/// The id a fragment was probably meant to be: a near spelling, or the one
/// id containing it (`#目标` for `2-目标`, whose number the author left out).
fn closest_id<'a>(fragment: &str, ids: &[&'a str]) -> Option<&'a str> {
    crate::suggest::closest(fragment, ids).or_else(|| {
        let mut containing = ids.iter().filter(|id| id.contains(fragment));
        match (containing.next(), containing.next()) {
            (Some(id), None) => Some(*id),
            _ => None,
        }
    })
}

/// `href` resolved against the page URL `base` (which ends with `/`), with
/// `.` and `..` segments removed.
fn join_url(base: &str, href: &str) -> String {
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        format!("{base}{href}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let is_dir = matches!(joined.rsplit('/').next(), Some("" | "." | ".."));
    let mut url = format!("/{}", parts.join("/"));
    if is_dir && !parts.is_empty() {
        url.push('/');
    }
    url
}

/// The file a server sends for a site-relative path: `dir/index.html` for
/// `dir/` (and for `dir`, which it redirects).
/// The URL a site-absolute link that missed would have when it only lacks
/// a language's prefix (`/docs/x/` written for `/en/docs/x/`, as a site
/// with its default language at the root links).
fn in_a_language(site: &Site, local: &str, files: &HashSet<String>) -> Option<String> {
    site.langs.iter().find_map(|lang| {
        let root = site.config.language_root(&lang.lang.code);
        let candidate = format!("{root}/{local}");
        (!root.is_empty() && served_file(&candidate, files).is_some())
            .then(|| format!("{}{candidate}", site.config.base_path()))
    })
}

fn served_file(local: &str, files: &HashSet<String>) -> Option<String> {
    if local.is_empty() || local.ends_with('/') {
        let index = format!("{local}index.html");
        return files.contains(index.as_str()).then_some(index);
    }
    if files.contains(local) {
        return Some(local.to_string());
    }
    let index = format!("{local}/index.html");
    files.contains(index.as_str()).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_two_pages_write_has_the_ids_of_both_whichever_came_last() {
        let ids = |list: &[&str]| Some(Arc::new(list.iter().map(|s| s.to_string()).collect()));
        let mut one = Published::default();
        one.add("a/index.html", ids(&["intro", "setup"]));
        one.add("a/index.html", ids(&["contents"]));
        let mut other = Published::default();
        other.add("a/index.html", ids(&["contents"]));
        other.add("a/index.html", ids(&["intro", "setup"]));
        assert_eq!(one.ids, other.ids);
        assert_eq!(one.ids["a/index.html"].len(), 3);
        // A file of another kind at the path leaves no ids.
        one.add("a/index.html", None);
        assert!(!one.ids.contains_key("a/index.html"));
    }

    #[test]
    fn urls_resolve_like_a_browser() {
        let page = "/course/en/ch1/intro/";
        assert_eq!(
            join_url(page, "img/a.png"),
            "/course/en/ch1/intro/img/a.png"
        );
        assert_eq!(join_url(page, "../"), "/course/en/ch1/");
        assert_eq!(join_url(page, "../.."), "/course/en/");
        assert_eq!(join_url(page, "/x/./y/../z"), "/x/z");
        assert_eq!(join_url(page, "../../../../.."), "/");
    }

    #[test]
    fn directories_are_served_by_their_index() {
        let files: HashSet<String> = ["index.html", "en/a/index.html", "img/x.png"]
            .map(String::from)
            .into();
        assert_eq!(served_file("", &files).as_deref(), Some("index.html"));
        assert_eq!(
            served_file("en/a/", &files).as_deref(),
            Some("en/a/index.html")
        );
        assert_eq!(
            served_file("en/a", &files).as_deref(),
            Some("en/a/index.html")
        );
        assert_eq!(
            served_file("img/x.png", &files).as_deref(),
            Some("img/x.png")
        );
        assert_eq!(served_file("img/y.png", &files), None);
        assert_eq!(served_file("en/b/", &files), None);
    }

    #[test]
    fn suggests_near_and_containing_ids() {
        let ids = [
            "2-目标",
            "install",
            "-продвинутое-изучение-go",
            "go",
            "go-1",
        ];
        assert_eq!(closest_id("instal", &ids), Some("install"));
        assert_eq!(closest_id("目标", &ids), Some("2-目标"));
        assert_eq!(
            closest_id("продвинутое-изучение-go", &ids),
            Some("-продвинутое-изучение-go")
        );
        assert_eq!(closest_id("g", &ids), Some("go"));
        assert_eq!(closest_id("nothing-like-it", &ids), None);
    }

    #[test]
    fn fragments_match_ids_and_anchor_names() {
        let ids = ids_in(
            "<h2 id=\"-продвинутое-изучение-go\">x</h2><a name=\"old\"></a><p name=\"no\">"
                .as_bytes(),
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["-продвинутое-изучение-go", "old"]);
    }
}
