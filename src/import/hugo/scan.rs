//! A read-only look through a Hugo site's pages and templates for what
//! will need attention in lectern: shortcodes it does not have, pages in
//! formats it does not read, raw HTML Hugo left out, URLs Hugo lowercases,
//! and Go templates.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use super::layout::Layout;
use super::relative;
use crate::content::front_matter;
use crate::shortcode::{CallSite, calls};

/// Markdown as Hugo names its files.
const MARKDOWN: [&str; 5] = ["md", "markdown", "mdown", "mkdn", "mkd"];
/// Content formats Hugo renders with external programs.
const NOT_READ: [&str; 7] = ["adoc", "asciidoc", "ad", "org", "pdc", "pandoc", "rst"];

/// Where a shortcode is called: how often, and first where (`file:line:col`).
pub(super) struct Uses {
    pub(super) count: usize,
    pub(super) first: String,
}

#[derive(Default)]
pub(super) struct Scan {
    /// Each Markdown page's path below its language's content root, its
    /// language suffix removed.
    pub(super) pages: Vec<String>,
    pub(super) shortcodes: BTreeMap<String, Uses>,
    /// Calls whose tags could not be read.
    pub(super) malformed: usize,
    /// Pages holding raw HTML (comments aside).
    pub(super) raw_html: Vec<String>,
    /// Pages whose URL Hugo lowercases and lectern does not.
    pub(super) capitals: Vec<String>,
    /// Markdown files not named `.md`.
    pub(super) not_md: Vec<String>,
    /// AsciiDoc, Org, Pandoc and reStructuredText pages.
    pub(super) not_read: Vec<String>,
    /// HTML files with front matter: pages to Hugo, files to lectern.
    pub(super) html_pages: Vec<String>,
    pub(super) unreadable: Vec<String>,
}

impl Scan {
    /// The pages whose path below their language root starts with `section/`.
    pub(super) fn pages_in(&self, section: &str) -> usize {
        let prefix = format!("{section}/");
        self.pages.iter().filter(|p| p.starts_with(&prefix)).count()
    }
}

pub(super) fn scan(site_dir: &Path, layout: &Layout) -> Scan {
    let mut scan = Scan::default();
    let dirs = layout.page_dirs();
    for (dir, lang) in &dirs {
        // A language's own directory inside another is walked as its own.
        let others: Vec<String> = dirs
            .iter()
            .filter(|(d, _)| d != dir && d.starts_with(&format!("{dir}/")))
            .map(|(d, _)| d.clone())
            .collect();
        let root = site_dir.join(dir);
        let walk = WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let rel = relative(site_dir, e.path());
                !is_hidden(e.path()) && !others.contains(&rel)
            });
        for entry in walk.filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let below = relative(&root, entry.path());
                scan.file(entry.path(), &below, *lang, layout);
            }
        }
    }
    scan
}

impl Scan {
    fn file(&mut self, path: &Path, below: &str, lang: Option<&str>, layout: &Layout) {
        let named = named(path);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        if NOT_READ.contains(&ext.as_str()) {
            self.not_read.push(named);
            return;
        }
        let is_markdown = MARKDOWN.contains(&ext.as_str());
        if !is_markdown && ext != "html" && ext != "htm" {
            return;
        }
        let Ok(bytes) = std::fs::read(path) else {
            self.unreadable.push(named);
            return;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        let split = front_matter::split(&text);
        if !is_markdown {
            if split.is_ok_and(|s| s.format != front_matter::Format::None) {
                self.html_pages.push(named);
            }
            return;
        }
        if ext != "md" {
            self.not_md.push(named.clone());
        }
        let split = split.unwrap_or_else(|_| front_matter::Split::body_only(&text));
        let rel = language_rel(below, lang, layout);
        let url = front_matter::parse(&split).0.url;
        if layout.lowercase_urls && url.is_none() && rel.chars().any(char::is_uppercase) {
            self.capitals.push(named.clone());
        }
        self.body(&named, &split);
        self.pages.push(rel);
    }

    /// The shortcodes and raw HTML of a page's body.
    fn body(&mut self, named: &str, split: &front_matter::Split<'_>) {
        let (sites, malformed) = calls(split.body);
        self.malformed += malformed;
        for site in &sites {
            let (line, col) = crate::error::line_col(split.body, site.open.start);
            let uses = self
                .shortcodes
                .entry(site.name.clone())
                .or_insert_with(|| Uses {
                    count: 0,
                    first: format!("{named}:{}:{col}", line + split.body_line - 1),
                });
            uses.count += 1;
        }
        if has_raw_html(&without_tags(split.body, &sites)) {
            self.raw_html.push(named.to_string());
        }
    }
}

/// A page's path below its language root, without its `.code` suffix.
fn language_rel(below: &str, lang: Option<&str>, layout: &Layout) -> String {
    if lang.is_some() {
        return below.to_string();
    }
    let (stem, ext) = below.rsplit_once('.').unwrap_or((below, ""));
    match stem.rsplit_once('.') {
        Some((name, code)) if layout.is_language(&code.to_lowercase()) => format!("{name}.{ext}"),
        _ => below.to_string(),
    }
}

/// `body` with its shortcode tags blanked, so that `{{<x>}}` is not taken
/// for an HTML tag: Hugo renders calls apart from the Markdown.
fn without_tags(body: &str, sites: &[CallSite]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for site in sites {
        for range in std::iter::once(&site.open).chain(site.close.as_ref()) {
            for b in &mut bytes[range.clone()] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
    }
    // Whole tags, which start and end between characters, became spaces:
    // the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether Markdown holds raw HTML other than comments, as CommonMark reads
/// it (never inside code).
fn has_raw_html(markdown: &str) -> bool {
    use pulldown_cmark::{Event, Parser};
    Parser::new(markdown).any(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => {
            let html = html.trim_start();
            !html.is_empty() && !html.starts_with("<!--")
        }
        _ => false,
    })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

/// `path` (below the site directory as given) as messages name it.
pub(super) fn named(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_found_outside_code_and_shortcode_tags() {
        assert!(has_raw_html("Text <kbd>Ctrl</kbd>.\n"));
        assert!(!has_raw_html(
            "<!-- a comment -->\n\n`<b>` in code\n\n```\n<div>\n```\n"
        ));
        let body = "{{<hint>}}\nText\n{{</hint>}}\n";
        let (sites, _) = calls(body);
        assert!(has_raw_html(body));
        assert!(!has_raw_html(&without_tags(body, &sites)));
    }
}
