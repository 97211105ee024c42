//! A language's header menu: the entries of site.toml's `menu` (links, or
//! pages named by their content path) and the pages whose front matter
//! puts them in Hugo's `main` menu.

use std::collections::HashMap;
use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::content::page::{Page, PageId};
use crate::content::{LangSite, MenuLink};
use crate::error::Diagnostic;

/// The menu of `lang`, weighted entries first (ascending), then the rest:
/// site.toml's in their order, then pages in reading order. A `page_ref`
/// that names no page of the language is an error.
pub(super) fn menu(lang: &LangSite, diagnostics: &mut Vec<Diagnostic>) -> Vec<MenuLink> {
    let mut entries: Vec<(i64, MenuLink)> = Vec::new();
    let mut pages: Option<HashMap<String, PageId>> = None;
    for item in &lang.lang.menu {
        let url = match (&item.url, &item.page_ref) {
            (Some(url), _) => url.clone(),
            (None, Some(reference)) => {
                let pages = pages.get_or_insert_with(|| by_content_path(lang));
                match pages.get(&content_path(reference)) {
                    Some(&id) => lang.pages[id].url.clone(),
                    None => {
                        diagnostics.push(Diagnostic::error(
                            Path::new(CONFIG_FILE),
                            format!(
                                "menu entry `{}`: page_ref {reference:?} names no page in {} (write a path below the language's content directory, such as \"/basics/intro.md\")",
                                item.name, lang.lang.code
                            ),
                        ));
                        continue;
                    }
                }
            }
            (None, None) => continue,
        };
        entries.push((
            item.weight,
            MenuLink {
                name: item.name.clone(),
                url,
            },
        ));
    }
    for &id in &lang.tree_order {
        let page = &lang.pages[id];
        let Some(entry) = page.meta().and_then(|m| m.menu.as_ref()) else {
            continue;
        };
        let name = entry
            .name
            .clone()
            .unwrap_or_else(|| page.link_title().to_string());
        let url = page.url.clone();
        entries.push((entry.weight, MenuLink { name, url }));
    }
    // Stable: entries of equal weight keep their order.
    entries.sort_by_key(|(weight, _)| (*weight == 0, *weight));
    entries.into_iter().map(|(_, link)| link).collect()
}

/// The language's pages by content path, as `page_ref` names them.
fn by_content_path(lang: &LangSite) -> HashMap<String, PageId> {
    lang.pages
        .iter()
        .filter_map(|p: &Page| {
            let parsed = p.parsed.as_ref()?;
            (!p.fallback).then(|| (content_path(&parsed.source.lang_rel), p.id))
        })
        .collect()
}

/// A content path as written in a menu or a file's place: without slashes
/// at the ends, `.md`, or an `_index`/`index` file name
/// (`/basics/_index.md` → `basics`).
fn content_path(path: &str) -> String {
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = ["/_index", "/index"]
        .iter()
        .find_map(|end| path.strip_suffix(end))
        .unwrap_or(if path == "_index" || path == "index" {
            ""
        } else {
            path
        });
    path.to_string()
}
