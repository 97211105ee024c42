//! A book's language tree, placed by its summary rather than by its
//! directories: the first chapter is the home, each chapter's parent is
//! the chapter it is nested in, siblings keep the summary's order, and
//! the summary's link text is each chapter's short title. URLs follow the
//! files (`guide/install.md` → `guide/install/`; a `README.md` or
//! `index.md` is its directory's page), and the `.html` file mdBook wrote
//! for each chapter becomes a redirect to it, so old links keep working.

use std::collections::HashMap;
use std::sync::Arc;

use super::{AssembleOptions, name_segment, new_page, set_path, url_path_below};
use crate::config::Config;
use crate::content::alias::output_file;
use crate::content::page::{Page, PageId, PageKind, PageRef, ParsedPage};
use crate::content::summary::{EntryKind, Summary};
use crate::content::{Alias, LangSite};
use crate::error::Diagnostic;

/// What a language's sidebar shows of its book: every summary entry, and
/// the page each chapter became.
#[derive(Debug)]
pub(crate) struct Book {
    pub(crate) summary: Summary,
    /// By entry: the chapter's page, `None` for parts, separators, drafts
    /// and chapters left out (`draft: true`, not yet published).
    pub(crate) pages: Vec<Option<PageId>>,
    /// By page: the chapter's number (`2.1`), empty for prefix and suffix
    /// chapters.
    pub(crate) numbers: Vec<String>,
}

/// One language's pages as its summary places them: the first chapter
/// with a page is the home (id 0), nesting as the summary nests.
pub(super) fn build_tree(
    parsed: Vec<(Arc<ParsedPage>, bool)>,
    summary: &Summary,
    prefix: &str,
    config: &Config,
    options: &AssembleOptions<'_>,
) -> (Vec<Page>, Book) {
    let mut by_file: HashMap<String, (Arc<ParsedPage>, bool)> = parsed
        .into_iter()
        .filter(|(p, _)| options.drafts || !p.meta.draft)
        .map(|(p, fallback)| (p.source.lang_rel.clone(), (p, fallback)))
        .collect();
    let mut pages: Vec<Page> = Vec::new();
    let mut entry_pages: Vec<Option<PageId>> = Vec::with_capacity(summary.entries.len());
    let mut numbers = Vec::new();
    for entry in &summary.entries {
        let found = match &entry.kind {
            EntryKind::Chapter(file) => by_file.remove(file),
            _ => None,
        };
        let Some((parsed, fallback)) = found else {
            entry_pages.push(None);
            continue;
        };
        let id = pages.len();
        // The nearest enclosing chapter that has a page, else the home.
        let mut up = entry.parent;
        let parent = loop {
            match up {
                Some(e) => match entry_pages[e] {
                    Some(page) => break Some(page),
                    None => up = summary.entries[e].parent,
                },
                None => break (id > 0).then_some(0),
            }
        };
        let kind = if id == 0 {
            PageKind::Home
        } else {
            PageKind::Leaf
        };
        let mut page = new_page(id, kind, parsed.source.lang_dir().to_string(), parent);
        page.title = parsed.title.clone();
        page.summary_title = Some(entry.title.clone()).filter(|t| !t.is_empty());
        page.head_title = crate::shortcode::head_title(&parsed.text[parsed.body_offset..]);
        page.parsed = Some(parsed);
        page.fallback = fallback;
        if let Some(parent) = parent {
            pages[parent].children.push(id);
        }
        pages.push(page);
        numbers.push(entry.number.clone());
        entry_pages.push(Some(id));
    }
    if pages.is_empty() {
        pages.push(new_page(0, PageKind::Home, String::new(), None));
        numbers.push(String::new());
    }
    for (id, page) in pages.iter_mut().enumerate() {
        let path = if id == 0 {
            prefix.to_string()
        } else {
            chapter_path(page, prefix, config.transliterate)
        };
        set_path(page, path, config);
    }
    let book = Book {
        summary: summary.clone(),
        pages: entry_pages,
        numbers,
    };
    (pages, book)
}

/// Where a chapter is written: its file's path below the language root
/// `prefix`, without `.md` (a `README.md` or `index.md` stands for its
/// directory), each part made a URL segment; front matter `slug` renames
/// the last part, and `url` gives the whole path.
fn chapter_path(page: &Page, prefix: &str, transliterate: bool) -> String {
    let Some(parsed) = &page.parsed else {
        return prefix.to_string();
    };
    if let Some(url) = parsed.meta.url.as_deref() {
        return url_path_below(prefix, url);
    }
    let file = parsed.source.lang_rel.as_str();
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if is_index(file) {
        parts.pop();
    }
    if let Some(slug) = parsed.meta.slug.as_deref().filter(|s| !s.trim().is_empty()) {
        match parts.last_mut() {
            Some(last) => *last = slug.to_string(),
            None => parts.push(slug.to_string()),
        }
    }
    let segments = parts.iter().map(|part| name_segment(part, transliterate));
    std::iter::once(prefix.to_string())
        .chain(segments)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// mdBook writes `README.md` (and `index.md`) as its directory's
/// `index.html`.
fn is_index(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name == "README.md" || name == "index.md"
}

/// The file mdBook wrote for a chapter file, relative to the book's root:
/// `guide/install.html`, or `guide/index.html` for `guide/README.md`.
pub(crate) fn html_file(file: &str) -> String {
    if is_index(file) {
        match file.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/index.html"),
            None => "index.html".to_string(),
        }
    } else {
        format!("{}.html", file.strip_suffix(".md").unwrap_or(file))
    }
}

/// A redirect from the `.html` file mdBook wrote for each chapter to its
/// page, where that is another file; one that would replace a file the
/// build writes itself (`404.html`) is left out, with a warning.
pub(super) fn aliases(
    langs: &[LangSite],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut out = Vec::new();
    for (l, lang) in langs.iter().enumerate() {
        if lang.book.is_none() {
            continue;
        }
        let root = config.language_root(&lang.lang.code);
        for page in &lang.pages {
            let Some(parsed) = &page.parsed else { continue };
            let old = html_file(&parsed.source.lang_rel);
            let own = match page.path.as_str() {
                "" => "index.html".to_string(),
                path => format!("{path}/index.html"),
            };
            match output_file(&old, root, config) {
                Ok(file) if file == own => {}
                Ok(file) => out.push(Alias {
                    out: file,
                    at: None,
                    target: PageRef {
                        lang: l,
                        page: page.id,
                    },
                }),
                Err(why) => diagnostics.push(Diagnostic::warning(
                    &parsed.source.path,
                    format!("mdBook wrote this chapter as {old}, and no redirect is written there: {why}"),
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdbook_files_of_chapters() {
        assert_eq!(html_file("README.md"), "index.html");
        assert_eq!(html_file("cli/README.md"), "cli/index.html");
        assert_eq!(html_file("cli/index.md"), "cli/index.html");
        assert_eq!(html_file("cli/build.md"), "cli/build.html");
        assert_eq!(html_file("основы.md"), "основы.html");
    }
}
