//! Where a relative link in a page points: the index of every content file
//! and directory by its path, and the per-page resolver the Markdown
//! renderer calls.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::discover::{FileKind, SourceFile};
use crate::content::page::{PageKind, PageRef};
use crate::content::{AssetCopy, LangSite, Site};
use crate::escape::{percent_decode, url_path};
use crate::markdown::{LinkResolver, LinkTarget};

#[derive(Debug, Clone)]
enum Target {
    /// `suffixed`: found through a `name.lang.md` file (or its directory),
    /// where a link means "this page in my language".
    Page { page: PageRef, suffixed: bool },
    /// The output path of an asset in each language that has a copy.
    Asset(Vec<(usize, String)>),
}

/// Content paths (relative to `content/`, `/`-separated) → what they became.
#[derive(Debug, Default)]
pub struct LinkIndex {
    targets: HashMap<String, Target>,
}

impl LinkIndex {
    /// Indexes pages and places assets next to the pages that own them.
    pub fn build(
        langs: &[LangSite],
        assets: &[SourceFile],
        config: &Config,
    ) -> (Vec<AssetCopy>, LinkIndex) {
        let mut targets: HashMap<String, Target> = HashMap::new();
        let mut owners: Vec<HashMap<&str, usize>> = Vec::new();
        for (l, lang) in langs.iter().enumerate() {
            let mut dirs = HashMap::new();
            let uses_lang_dir = lang
                .pages
                .iter()
                .any(|p| p.parsed.as_ref().is_some_and(|x| x.source.in_lang_dir));
            for page in &lang.pages {
                let r = PageRef {
                    lang: l,
                    page: page.id,
                };
                let owns_dir = page.kind != PageKind::Leaf
                    || page
                        .parsed
                        .as_ref()
                        .is_some_and(|p| p.source.kind == FileKind::Bundle);
                if owns_dir {
                    dirs.insert(page.dir.as_str(), page.id);
                }
                match &page.parsed {
                    Some(p) => {
                        let suffixed = !p.source.in_lang_dir && config.multilingual;
                        targets.insert(p.source.rel.clone(), Target::Page { page: r, suffixed });
                        if owns_dir {
                            let dir = p
                                .source
                                .rel
                                .rsplit_once('/')
                                .map_or("", |(d, _)| d)
                                .to_string();
                            targets
                                .entry(dir)
                                .or_insert(Target::Page { page: r, suffixed });
                        }
                    }
                    None => {
                        let dir = if uses_lang_dir {
                            join(&lang.lang.code, &page.dir)
                        } else {
                            page.dir.clone()
                        };
                        targets.entry(dir).or_insert(Target::Page {
                            page: r,
                            suffixed: !uses_lang_dir,
                        });
                    }
                }
            }
            owners.push(dirs);
        }
        let mut copies = Vec::new();
        for asset in assets {
            let lang_ids: Vec<usize> = match &asset.lang {
                Some(code) => langs
                    .iter()
                    .position(|l| &l.lang.code == code)
                    .into_iter()
                    .collect(),
                None => (0..langs.len()).collect(),
            };
            let mut outs = Vec::new();
            for l in lang_ids {
                let out = asset_output(&langs[l], &owners[l], &asset.lang_rel, config);
                copies.push(AssetCopy {
                    source: asset.path.clone(),
                    out: out.clone(),
                });
                outs.push((l, out));
            }
            targets.insert(asset.rel.clone(), Target::Asset(outs));
        }
        (copies, LinkIndex { targets })
    }
}

/// An asset's output path: below the output path of the nearest page that
/// owns one of its directories (its bundle, else its section).
fn asset_output(
    lang: &LangSite,
    owners: &HashMap<&str, usize>,
    lang_rel: &str,
    config: &Config,
) -> String {
    let mut dir = lang_rel.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        if let Some(&id) = owners.get(dir) {
            let page = &lang.pages[id];
            let rest = lang_rel[dir.len()..].trim_start_matches('/');
            return join(&page.path, rest);
        }
        if dir.is_empty() {
            // No page at all in this language: place it under the language root.
            let root = if config.multilingual {
                lang.lang.code.as_str()
            } else {
                ""
            };
            return join(root, lang_rel);
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// Resolves `..` and `.` in a `/`-separated path; `None` if it climbs above
/// its root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The resolver for links written in one page.
pub struct PageLinks<'a> {
    pub site: &'a Site,
    pub lang: usize,
    /// Content-relative directory of the page's source file.
    pub source_dir: &'a str,
    /// Links to other languages' pages go to this language's version when
    /// there is one (set for fallback copies).
    pub prefer_own_language: bool,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> LinkTarget {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return LinkTarget::Keep;
        }
        let split_at = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split_at);
        if path.is_empty() {
            return LinkTarget::Keep;
        }
        let base_path = self.site.config.base_path();
        if let Some(abs) = path.strip_prefix('/') {
            // Site-absolute links gain the base path of a site served below the domain root.
            return if base_path == "/" || path.starts_with(base_path) {
                LinkTarget::Keep
            } else {
                LinkTarget::Url(format!("{base_path}{abs}{suffix}"))
            };
        }
        let decoded = percent_decode(path);
        let Some(target) = normalize(&join(self.source_dir, &decoded)) else {
            return LinkTarget::Outside(format!(
                "link `{dest}` points outside the content directory"
            ));
        };
        match self.site.links.targets.get(&target) {
            Some(Target::Page { page, suffixed }) => {
                let mut page = *page;
                if (*suffixed || self.prefer_own_language) && page.lang != self.lang {
                    page = self.site.page(page).version_in(self.lang).unwrap_or(page);
                }
                LinkTarget::Url(format!("{}{suffix}", self.site.page(page).url))
            }
            Some(Target::Asset(outs)) => {
                let out = outs
                    .iter()
                    .find(|(l, _)| *l == self.lang)
                    .or(outs.first())
                    .map(|(_, o)| o.as_str());
                LinkTarget::Url(format!(
                    "{base_path}{}{suffix}",
                    url_path(out.unwrap_or_default())
                ))
            }
            None if target.ends_with(".md") => LinkTarget::Missing(format!(
                "link `{dest}`: there is no page content/{target} (or it is a draft)"
            )),
            None => {
                LinkTarget::Missing(format!("link `{dest}`: there is no file content/{target}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_refuses_to_climb_out() {
        assert_eq!(normalize("ru/a/../b/./c.md").as_deref(), Some("ru/b/c.md"));
        assert_eq!(normalize("a/../../x"), None);
    }

    #[test]
    fn schemes_are_external() {
        assert!(has_scheme("https://go.dev"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("intro.md"));
        assert!(
            !has_scheme("./a:b.md")
                || has_scheme("./a:b.md") == "./a".chars().all(|c| c.is_ascii_alphanumeric())
        );
    }
}
