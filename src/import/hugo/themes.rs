//! The settings of popular Hugo themes (hugo-book, Geekdoc, Hextra) that
//! lectern's theme has an equivalent of, and what the others mean for a
//! site moving in. Their params stay in `[params]` whatever happens here.

use serde_json::Value;

use super::layout::Layout;
use super::notes::Notes;
use super::tree::Keys;
use super::write::Doc;

/// Theme params lectern's theme has no equivalent of, by lower-case name,
/// with what the site gets instead.
const MEANINGS: &[(&str, &str)] = &[
    ("bookcomments", "lectern's theme has no comments"),
    ("bookcommitpath", "lectern's theme has no last-change links"),
    (
        "bookdateformat",
        "dates are written in each language's way (interface string date_format)",
    ),
    (
        "booklastchangelink",
        "lectern's theme has no last-change links",
    ),
    (
        "bookmenubundle",
        "hugo-book's sidebar was that bundle's page; lectern's sidebar is the content tree, by weight, and the bundle is built as a page of its own",
    ),
    (
        "bookportablelinks",
        "lectern always resolves links to .md files",
    ),
    (
        "booksection",
        "hugo-book's sidebar listed that section only; lectern's lists every section of the language (theme.sidebar)",
    ),
    ("bookserviceworker", "lectern writes no service worker"),
    (
        "booktheme",
        "lectern's theme follows the reader's light or dark setting",
    ),
    (
        "booktoc",
        "lectern's theme shows a page's table of contents whenever it has headings",
    ),
    (
        "booktranslatedonly",
        "lectern's switcher lists every language; a page without a translation leads to the nearest translated section",
    ),
    (
        "geekdocanchor",
        "lectern's headings always have anchor links",
    ),
    (
        "geekdocbacktotop",
        "lectern's theme has no back-to-top link",
    ),
    (
        "geekdocbreadcrumb",
        "lectern's theme always shows breadcrumbs",
    ),
    ("geekdoccontentlicense", "put the licence in theme.footer"),
    (
        "geekdocdarkmodecode",
        "lectern's theme follows the reader's light or dark setting",
    ),
    (
        "geekdocdarkmodedim",
        "lectern's theme follows the reader's light or dark setting",
    ),
    (
        "geekdocdarkmodetoggle",
        "lectern's theme follows the reader's light or dark setting",
    ),
    (
        "geekdocfiletreesortby",
        "a section's order is its _index.md's sort_by",
    ),
    ("geekdoclegalnotice", "put the link in theme.footer"),
    (
        "geekdocmenubundle",
        "Geekdoc's sidebar came from data/menu/; lectern's sidebar is the content tree, by weight",
    ),
    (
        "geekdocnextprev",
        "lectern's theme always links the previous and next pages",
    ),
    ("geekdocprivacypolicy", "put the link in theme.footer"),
    ("geekdoctagstomenu", "lectern's sidebar lists no tags"),
    (
        "geekdoctoc",
        "lectern's theme shows a page's table of contents whenever it has headings",
    ),
];

/// Where a theme keeps its "Edit this page" repository and path, and logo.
const EDIT_LINKS: [(&str, &str); 2] = [
    ("BookRepo", "BookEditPath"),
    ("geekdocRepo", "geekdocEditPath"),
];
const LOGOS: [&str; 2] = ["BookLogo", "geekdocLogo"];
const SEARCH_SWITCHES: [&str; 2] = ["BookSearch", "geekdocSearch"];

pub(super) fn theme(keys: &mut Keys, doc: &mut Doc, layout: &Layout, notes: &mut Notes) {
    if let Some(search) = SEARCH_SWITCHES
        .iter()
        .find_map(|k| param(keys, k)?.as_bool())
    {
        if !search {
            doc.set("search", false, Some("The theme's search was off."));
        }
    }
    if let Some(logo) = LOGOS.iter().find_map(|k| param(keys, k)?.as_str()) {
        doc.set_in("theme", "logo", static_path(logo), None);
    }
    if let Some(edit_url) = edit_url(keys, layout) {
        doc.set_in(
            "theme",
            "edit_url",
            edit_url,
            Some("\"Edit this page\": followed by the page's path below the content directory."),
        );
    }
    if let Some(footer) = keys.text("copyright", notes) {
        doc.set_in("theme", "footer", footer, Some("Hugo's copyright."));
    }
    if param(keys, "geekdocCollapseAllSections") == Some(&Value::Bool(true)) {
        doc.set_in(
            "theme",
            "collapse_sections",
            true,
            Some("Geekdoc's geekdocCollapseAllSections."),
        );
    }
    meanings(keys, notes);
}

fn param<'a>(keys: &'a Keys, name: &str) -> Option<&'a Value> {
    keys.get(&format!("params.{name}"))
}

/// hugo-book's, Geekdoc's and Hextra's edit links as lectern's, which
/// appends the page's path below the content directory: the repository,
/// the path to the site in it, and the content directory.
fn edit_url(keys: &Keys, layout: &Layout) -> Option<String> {
    let themed = EDIT_LINKS.iter().find_map(|(repo, path)| {
        let repo = param(keys, repo)?.as_str()?;
        let path = param(keys, path)?.as_str()?;
        Some(join_url(&[repo, path, &layout.content_dir]))
    });
    let hextra = || {
        (param(keys, "editURL.enable") == Some(&Value::Bool(true)))
            .then(|| {
                param(keys, "editURL.base")?
                    .as_str()
                    .map(|b| join_url(&[b]))
            })
            .flatten()
    };
    themed.or_else(hextra)
}

/// URL parts joined by single slashes, ending in one.
fn join_url(parts: &[&str]) -> String {
    let mut url = String::new();
    for part in parts {
        let part = part.trim_matches('/');
        if part.is_empty() {
            continue;
        }
        if !url.is_empty() {
            url.push('/');
        }
        url.push_str(part);
    }
    url.push('/');
    url
}

/// A theme's path relative to `static/` as lectern names it (`/logo.png`);
/// a URL as it is.
fn static_path(path: &str) -> String {
    if path.contains("://") {
        path.to_string()
    } else {
        format!("/{}", path.trim_start_matches('/'))
    }
}

/// A line for each known theme param lectern's theme does not read.
fn meanings(keys: &Keys, notes: &mut Notes) {
    let Some(Value::Object(params)) = keys.get("params") else {
        return;
    };
    for (key, value) in params {
        let lower = key.to_lowercase();
        if let Some((_, meaning)) = MEANINGS.iter().find(|(k, _)| *k == lower) {
            notes.theme(&format!("params.{key}"), value, meaning);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_links_end_in_the_content_directory() {
        assert_eq!(
            join_url(&["https://github.com/me/site/", "/edit/main/docs/", "content"]),
            "https://github.com/me/site/edit/main/docs/content/"
        );
        assert_eq!(static_path("logo.png"), "/logo.png");
        assert_eq!(static_path("https://x.org/l.svg"), "https://x.org/l.svg");
    }
}
