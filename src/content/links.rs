//! Where a relative link in a page points: the index of every content file
//! and directory by its path, and the per-page resolver the Markdown
//! renderer calls.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::assemble::assets::PlacedAsset;
use crate::content::discover::SourceFile;
use crate::content::page::PageRef;
use crate::content::{LangSite, Site};
use crate::escape::{percent_decode, url_path, url_scheme};
use crate::markdown::image_size::{self, ImageSize};
use crate::markdown::{LinkResolver, LinkTarget};

#[derive(Debug, Clone)]
enum Target {
    /// `suffixed`: found through a `name.lang.md` file (or its directory),
    /// where a link means "this page in my language".
    Page { page: PageRef, suffixed: bool },
    /// The output path of an asset in each language that has a copy, and
    /// the file it is copied from.
    Asset {
        outs: Vec<(usize, String)>,
        source: std::path::PathBuf,
    },
}

/// Content paths (relative to `content/`, `/`-separated) → what they became.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    targets: HashMap<String, Target>,
    /// Language-relative paths of pages and section directories → the
    /// pages there, in language order: a link's target in other languages.
    by_lang_rel: HashMap<String, Vec<PageRef>>,
    /// The files of `static/` by their path below it, which site-absolute
    /// links name: where an image's size is read from.
    static_files: HashMap<String, std::path::PathBuf>,
}

impl LinkIndex {
    /// Indexes every page by its source file and the directory it owns, and
    /// every asset by where assembly placed it.
    pub(crate) fn build(langs: &[LangSite], assets: &[PlacedAsset], config: &Config) -> LinkIndex {
        let mut index = LinkIndex::default();
        for (l, lang) in langs.iter().enumerate() {
            index.add_language(l, lang, config);
        }
        for asset in assets {
            let target = Target::Asset {
                outs: asset.outs.clone(),
                source: asset.source.clone(),
            };
            index.targets.insert(asset.content_rel.clone(), target);
        }
        index
    }

    /// Every language's page at `path` below its language's content root:
    /// a content path with or without `.md`, or a section's or bundle's
    /// directory.
    pub(crate) fn pages_at(&self, path: &str) -> Option<&[PageRef]> {
        page_files(path)
            .iter()
            .find_map(|file| self.by_lang_rel.get(&normalize(file)?).map(Vec::as_slice))
    }

    /// Knows the files of `static/`, found by the walk of the site.
    pub(crate) fn add_static(&mut self, files: &[(String, std::path::PathBuf)]) {
        self.static_files = files.iter().cloned().collect();
    }

    /// Language `l`'s pages: by source file, by the directory each owns,
    /// and by language-relative path.
    fn add_language(&mut self, l: usize, lang: &LangSite, config: &Config) {
        let uses_lang_dir = lang
            .pages
            .iter()
            .any(|p| p.parsed.as_ref().is_some_and(|x| x.source.in_lang_dir));
        for page in &lang.pages {
            let r = PageRef {
                lang: l,
                page: page.id,
            };
            let owns_dir = page.owns_dir();
            if owns_dir {
                self.by_lang_rel
                    .entry(page.lang_dir.clone())
                    .or_default()
                    .push(r);
            }
            match &page.parsed {
                Some(p) => {
                    let suffixed = !p.source.in_lang_dir && config.multilingual;
                    self.add_source(&p.source, r, suffixed, owns_dir);
                    if config.summary.is_some() {
                        // A book's chapters link each other by the files
                        // mdBook wrote too (`../cli/index.html`).
                        let old = crate::content::assemble::book::html_file(&p.source.content_rel);
                        let target = Target::Page { page: r, suffixed };
                        self.targets.entry(old).or_insert(target);
                    }
                }
                None => {
                    // A section without `_index.md`: known by its directory alone.
                    let dir = if uses_lang_dir {
                        join(&lang.lang.code, &page.lang_dir)
                    } else {
                        page.lang_dir.clone()
                    };
                    self.targets.entry(dir).or_insert(Target::Page {
                        page: r,
                        suffixed: !uses_lang_dir,
                    });
                }
            }
        }
    }

    /// A page read from `source`, found by its file and, when it owns its
    /// directory, by that directory unless another page claimed it first.
    fn add_source(&mut self, source: &SourceFile, page: PageRef, suffixed: bool, owns_dir: bool) {
        let same_path = self.by_lang_rel.entry(source.lang_rel.clone());
        same_path.or_default().push(page);
        let target = Target::Page { page, suffixed };
        self.targets
            .insert(source.content_rel.clone(), target.clone());
        if owns_dir {
            let dir = source.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
            self.targets.entry(dir.to_string()).or_insert(target);
        }
    }
}

/// The ways a content path may name a page's file.
fn page_files(path: &str) -> [String; 4] {
    [
        path.to_string(),
        format!("{path}.md"),
        join(path, "_index.md"),
        join(path, "index.md"),
    ]
}

/// Joins two `/`-separated paths, either of which may be empty.
pub(crate) fn join(a: &str, b: &str) -> String {
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

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`): a link out of
/// the site.
pub(crate) fn has_scheme(dest: &str) -> bool {
    url_scheme(dest).is_some()
}

/// The resolver for links written in one page.
pub(crate) struct PageLinks<'a> {
    pub(crate) site: &'a Site,
    pub(crate) lang: usize,
    /// The directory of the page's source file, relative to `content/` as
    /// [`SourceFile::content_rel`] is: where its relative links start.
    pub(crate) source_dir: &'a str,
    /// Links to other languages' pages go to this language's version when
    /// there is one (set for fallback copies).
    pub(crate) prefer_own_language: bool,
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
        if let Some(abs) = path.strip_prefix('/') {
            return self.site_absolute(path, abs, suffix);
        }
        let decoded = percent_decode(path);
        let Some(target) = normalize(&join(self.source_dir, &decoded)) else {
            return LinkTarget::Outside("it points outside the content directory".into());
        };
        match self.site.links.targets.get(&target) {
            Some(&Target::Page { page, suffixed }) => self.to_page(page, suffixed, suffix),
            Some(Target::Asset { outs, .. }) => self.to_asset(outs, suffix),
            None => self.to_missing(&target, suffix),
        }
    }

    /// Read from the content file a relative image names (a page bundle's,
    /// a section's), or the file of `static/` a site-absolute one names.
    fn image_size(&self, dest: &str) -> ImageSize {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        if path.is_empty() || path.starts_with("//") || has_scheme(dest) {
            return ImageSize::Unknown;
        }
        let links = &self.site.links;
        let file = match path.strip_prefix('/') {
            Some(abs) => {
                let base = self.site.config.base_path().trim_start_matches('/');
                let below = abs.strip_prefix(base).unwrap_or(abs);
                normalize(&percent_decode(below)).and_then(|rel| links.static_files.get(&rel))
            }
            None => match normalize(&join(self.source_dir, &percent_decode(path))) {
                Some(target) => match links.targets.get(&target) {
                    Some(Target::Asset { source, .. }) => Some(source),
                    _ => None,
                },
                None => None,
            },
        };
        file.map_or(ImageSize::Unknown, |f| image_size::read(f))
    }
}

impl PageLinks<'_> {
    /// Hugo's `ref` and `relref`: the URL, in language `lang`, of the page
    /// at `path` (`#fragment` kept): a content path with or without `.md`,
    /// looked for beside this page, then from the language's content root
    /// (where a leading `/` looks first), then as a file name that only
    /// one page has. Why there is none, when there is none.
    pub(crate) fn page_ref(&self, path: &str, lang: usize) -> Result<String, String> {
        let (path, fragment) = path.split_at(path.find('#').unwrap_or(path.len()));
        let clean = path.trim_end_matches('/');
        // `/` alone is the language's home page.
        let found = match path.strip_prefix('/') {
            Some(_) => self.under_language_root(clean.trim_start_matches('/')),
            None => self
                .beside(clean)
                .or_else(|| self.under_language_root(clean))
                .map_or_else(|| self.by_file_name(clean), |r| Ok(Some(r)))?,
        };
        let Some(found) = found else {
            let known: Vec<&str> = self.site.langs[self.lang]
                .pages
                .iter()
                .filter_map(|p| Some(p.parsed.as_ref()?.source.lang_rel.trim_end_matches(".md")))
                .collect();
            let hint = crate::suggest::closest(clean.trim_start_matches('/'), &known)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "no page is at `{path}`, beside this page or from the content root{hint}"
            ));
        };
        let page = match self.site.page(found).version_in(lang) {
            _ if found.lang == lang => found,
            Some(version) => version,
            None => {
                return Err(format!(
                    "the page has no {} version",
                    self.site.langs[lang].lang.code
                ));
            }
        };
        Ok(format!("{}{fragment}", self.site.page(page).url))
    }

    fn beside(&self, path: &str) -> Option<PageRef> {
        page_files(path).iter().find_map(|file| {
            let target = normalize(&join(self.source_dir, file))?;
            match self.site.links.targets.get(&target)? {
                Target::Page { page, .. } => Some(*page),
                Target::Asset { .. } => None,
            }
        })
    }

    fn under_language_root(&self, path: &str) -> Option<PageRef> {
        let versions = self.site.links.pages_at(path)?;
        versions
            .iter()
            .find(|r| r.lang == self.lang)
            .or(versions.first())
            .copied()
    }

    /// The one page of this language whose file (or, for an index, whose
    /// directory) is called `name`; an error when several are.
    fn by_file_name(&self, name: &str) -> Result<Option<PageRef>, String> {
        if name.contains('/') || name.is_empty() {
            return Ok(None);
        }
        let name = name.strip_suffix(".md").unwrap_or(name);
        let mut found = self.site.langs[self.lang].pages.iter().filter(|p| {
            p.parsed.as_ref().is_some_and(|parsed| {
                let rel = parsed.source.lang_rel.trim_end_matches(".md");
                let (dir, stem) = rel.rsplit_once('/').unwrap_or(("", rel));
                stem == name
                    || (matches!(stem, "index" | "_index") && dir.rsplit('/').next() == Some(name))
            })
        });
        match (found.next(), found.next()) {
            (Some(page), None) => Ok(Some(PageRef {
                lang: self.lang,
                page: page.id,
            })),
            (Some(a), Some(b)) => Err(format!(
                "`{name}` names more than one page ({} and {}); give its path",
                a.path, b.path
            )),
            _ => Ok(None),
        }
    }

    /// Site-absolute links gain the base path of a site served below the
    /// domain root.
    fn site_absolute(&self, path: &str, abs: &str, suffix: &str) -> LinkTarget {
        let base_path = self.site.config.base_path();
        if base_path == "/" || path.starts_with(base_path) {
            LinkTarget::Keep
        } else {
            LinkTarget::Url(format!("{base_path}{abs}{suffix}"))
        }
    }

    /// A link to a page's source file or directory, which may be in another
    /// language.
    fn to_page(&self, page: PageRef, suffixed: bool, suffix: &str) -> LinkTarget {
        let url = |p: PageRef| format!("{}{suffix}", self.site.page(p).url);
        if page.lang == self.lang {
            return LinkTarget::Url(url(page));
        }
        let target = self.site.page(page);
        // `intro.md` from `about.ru.md` means the Russian version; so
        // does a link in a fallback copy shown in Russian, unless it
        // names an anchor, which only the original language's page
        // is sure to have.
        if suffixed || (self.prefer_own_language && !suffix.starts_with('#')) {
            if let Some(version) = target.version_in(self.lang) {
                return LinkTarget::Url(url(version));
            }
        }
        match target.translation_in(self.lang) {
            // A deliberate link to another language's version.
            Some(_) => LinkTarget::Url(url(page)),
            None => {
                let mut versions = vec![page];
                versions.extend(&target.translations);
                LinkTarget::Warn {
                    url: url(page),
                    message: format!(
                        "the page exists only in {}; there is no {} version",
                        self.describe(&versions),
                        self.site.langs[self.lang].lang.code
                    ),
                }
            }
        }
    }

    /// A link to an asset: its copy in this language, else its first copy.
    fn to_asset(&self, outs: &[(usize, String)], suffix: &str) -> LinkTarget {
        let out = outs
            .iter()
            .find(|(l, _)| *l == self.lang)
            .or(outs.first())
            .map(|(_, o)| o.as_str());
        LinkTarget::Url(format!(
            "{}{}{suffix}",
            self.site.config.base_path(),
            url_path(out.unwrap_or_default())
        ))
    }

    /// A link to no content file: this language's page at the same
    /// language-relative path, else another language's with a warning.
    fn to_missing(&self, target: &str, suffix: &str) -> LinkTarget {
        match self.same_path(target) {
            Some(versions) => match versions.iter().find(|r| r.lang == self.lang) {
                // `intro.md` from `about.ru.md` when only `intro.ru.md` exists.
                Some(&own) => LinkTarget::Url(format!("{}{suffix}", self.site.page(own).url)),
                None => LinkTarget::Warn {
                    url: format!("{}{suffix}", self.site.page(versions[0]).url),
                    message: format!(
                        "there is no content/{target}; the page exists only in {}, so the link goes there",
                        self.describe(versions)
                    ),
                },
            },
            None if target.ends_with(".md") => LinkTarget::Missing(format!(
                "there is no page content/{target} (or it is a draft)"
            )),
            // Hugo sites link page URLs (`../guide/deploy/`, `errata`): the
            // checks try it from the page's URL, as a browser would.
            None => LinkTarget::FromPageUrl(format!("there is no file content/{target}")),
        }
    }

    /// The pages at a missing target's language-relative path, in every
    /// language.
    fn same_path(&self, target: &str) -> Option<&[PageRef]> {
        let code = &self.site.langs[self.lang].lang.code;
        let lang_rel = target
            .strip_prefix(code.as_str())
            .and_then(|t| t.strip_prefix('/'))
            .filter(|_| self.site.config.multilingual)
            .unwrap_or(target);
        self.site
            .links
            .by_lang_rel
            .get(lang_rel)
            .map(Vec::as_slice)
            .filter(|v| !v.is_empty())
    }

    /// `en (content/en/intro.md), zh (content/zh/intro.md)`.
    fn describe(&self, pages: &[PageRef]) -> String {
        pages
            .iter()
            .map(|&r| {
                let page = self.site.page(r);
                let code = &self.site.langs[r.lang].lang.code;
                match &page.parsed {
                    Some(p) => format!("{code} (content/{})", p.source.content_rel),
                    None => code.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
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
        assert!(!has_scheme("./a:b.md"));
        assert!(!has_scheme("1a:b.md"), "a scheme starts with a letter");
    }
}
