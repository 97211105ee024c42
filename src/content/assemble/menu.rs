//! A language's header menu: the entries of site.toml's `menu` (links, or
//! pages named by their content path) and the pages whose front matter
//! puts them in Hugo's `main` menu.

use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::content::links::LinkIndex;
use crate::content::{LangSite, MenuLink};
use crate::error::Diagnostic;

/// The menu of `lang`, weighted entries first (ascending), then the rest:
/// site.toml's in their order, then pages in reading order. A `page_ref`
/// that names no page of the language (language `l` of `links`) is an
/// error.
pub(super) fn menu(
    lang: &LangSite,
    l: usize,
    links: &LinkIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MenuLink> {
    let mut entries: Vec<(i64, MenuLink)> = Vec::new();
    for item in &lang.lang.menu {
        let url = match (&item.url, &item.page_ref) {
            (Some(url), _) => url.clone(),
            (None, Some(reference)) => {
                let path = reference.trim_matches('/');
                let versions = links.pages_at(path).unwrap_or_default();
                let own = versions
                    .iter()
                    .find(|r| r.lang == l && !lang.pages[r.page].fallback);
                match own {
                    Some(r) => lang.pages[r.page].url.clone(),
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
