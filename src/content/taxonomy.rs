//! Taxonomies, as in Hugo: a page lists terms in front matter under a
//! taxonomy's plural name (`tags: [go, concurrency]`); each term becomes a
//! page listing the pages that carry it (`/tags/go/`), and each taxonomy a
//! page listing its terms (`/tags/`). Pure, like the rest of assembly.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::config::Config;
use crate::content::front_matter::List;
use crate::content::page::{Page, PageId, PageKind, ParsedPage};

/// What the terms of one language come to: new pages appended to `pages`
/// (a taxonomy's page, then its terms' pages), each page's `terms`, and
/// each taxonomy and term page's `listing`. `indexes` are the `_index.md`
/// files written for taxonomy or term pages (`content/tags/_index.md`,
/// `content/tags/go/_index.md`), which give them a title and an intro.
/// `title` names a taxonomy in the page's language (`tags` → "Теги").
pub(crate) fn add_taxonomies(
    pages: &mut Vec<Page>,
    order: &[PageId],
    indexes: Vec<Arc<ParsedPage>>,
    config: &Config,
    title: &dyn Fn(&str) -> String,
) {
    let mut indexes: BTreeMap<String, Arc<ParsedPage>> = indexes
        .into_iter()
        .map(|p| (p.source.lang_dir().to_string(), p))
        .collect();
    for taxonomy in &config.taxonomies {
        let plural = taxonomy.plural.as_str();
        // By URL segment: `Go` and `go` are one term, named as first met.
        let mut terms: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
        // Each page's terms as its front matter orders them, by segment.
        let mut carried: Vec<(PageId, Vec<String>)> = Vec::new();
        for &id in order.iter().filter(|&&id| carries_terms(&pages[id])) {
            let names = pages[id].meta().map(|m| terms_of(&m.extra, plural));
            let mut slugs = Vec::new();
            for name in names.unwrap_or_default() {
                let slug = term_segment(&name, config.transliterate);
                let entry = terms
                    .entry(slug.clone())
                    .or_insert_with(|| (name, Vec::new()));
                // Pages come in order: one listing a term twice is last.
                if entry.1.last() != Some(&id) {
                    entry.1.push(id);
                }
                slugs.push(slug);
            }
            if !slugs.is_empty() {
                carried.push((id, slugs));
            }
        }
        let own_index = indexes.remove(plural);
        if terms.is_empty() && own_index.is_none() {
            continue;
        }
        let taxonomy_page = push_page(pages, PageKind::Taxonomy, plural.to_string(), 0, own_index);
        if pages[taxonomy_page].parsed.is_none() {
            pages[taxonomy_page].title = title(plural);
        }
        let mut listed: Vec<(String, PageId)> = Vec::new();
        let mut term_pages: BTreeMap<String, PageId> = BTreeMap::new();
        for (slug, (name, members)) in terms {
            let dir = format!("{plural}/{slug}");
            let index = indexes.remove(&dir);
            let term = push_page(pages, PageKind::Term, dir, taxonomy_page, index);
            if pages[term].parsed.is_none() {
                pages[term].title = name.clone();
            }
            pages[term].listing = members;
            term_pages.insert(slug, term);
            listed.push((name, term));
        }
        // Each page links its terms in the order its front matter gives.
        for (id, slugs) in carried {
            for slug in slugs {
                let term = term_pages[&slug];
                if !pages[id].terms.contains(&term) {
                    pages[id].terms.push(term);
                }
            }
        }
        listed.sort_by(|a, b| crate::content::sort::natural_cmp(&a.0, &b.0));
        pages[taxonomy_page].listing = listed.into_iter().map(|(_, id)| id).collect();
    }
}

/// Whether a page's terms count: not the home, nor a fallback copy of
/// another language's page, nor one kept out of lists.
fn carries_terms(page: &Page) -> bool {
    !page.fallback && page.kind != PageKind::Home && page.list() == List::Always
}

/// A page of `kind` for directory `dir`, below `parent` (for breadcrumbs;
/// it is not among the parent's children), out of the sidebar and the
/// reading chain.
fn push_page(
    pages: &mut Vec<Page>,
    kind: PageKind,
    dir: String,
    parent: PageId,
    index: Option<Arc<ParsedPage>>,
) -> PageId {
    let id = pages.len();
    let mut page = crate::content::assemble::new_page(id, kind, dir, Some(parent));
    if let Some(index) = index {
        page.title = index.title.clone();
        page.parsed = Some(index);
    }
    page.in_nav = false;
    pages.push(page);
    id
}

/// The terms a page's front matter lists under `plural` (in any case, as
/// Hugo reads keys): a list, or one term as a string.
fn terms_of(extra: &serde_json::Map<String, Value>, plural: &str) -> Vec<String> {
    let Some((_, value)) = extra.iter().find(|(k, _)| k.eq_ignore_ascii_case(plural)) else {
        return Vec::new();
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    };
    names.into_iter().filter(|n| !n.is_empty()).collect()
}

/// A term's URL segment, as Hugo makes it: lower case, spaces as `-`.
fn term_segment(name: &str, transliterate: bool) -> String {
    crate::content::assemble::name_segment(&name.to_lowercase(), transliterate)
}

/// The plural name of the taxonomy whose page (or whose term's page) this
/// is.
pub(crate) fn taxonomy_of(page: &Page) -> Option<&str> {
    matches!(page.kind, PageKind::Taxonomy | PageKind::Term)
        .then(|| page.lang_dir.split('/').next().unwrap_or_default())
}
