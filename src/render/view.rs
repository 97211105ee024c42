//! What templates see: typed, serializable views of the site. The README's
//! "Template variables" section documents every field here.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::content::page::{Page, PageId, PageKind, PageRef};
use crate::content::taxonomy;
use crate::content::{LangSite, Site};
use crate::markdown::{Heading, Rendered};

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    /// Path every site URL starts with (`/` or `/course/`), for theme assets.
    pub(crate) base_path: &'a str,
    pub(crate) multilingual: bool,
    pub(crate) default_language: &'a str,
    pub(crate) languages: Vec<LangView<'a>>,
    pub(crate) generator: &'static str,
    pub(crate) theme: ThemeView<'a>,
    /// `[params]` of `site.toml`.
    pub(crate) params: &'a Map<String, Value>,
}

/// `[theme]` options, with site paths (`/logo.svg`) made into URLs.
#[derive(Serialize)]
pub(crate) struct ThemeView<'a> {
    pub(crate) logo: Option<String>,
    pub(crate) edit_url: Option<&'a str>,
    pub(crate) number_chapters: bool,
    pub(crate) collapse_sections: bool,
    pub(crate) custom_css: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct LangView<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) dir: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    /// URL of the language's home page.
    pub(crate) url: String,
    /// Footer as HTML (inline Markdown rendered).
    pub(crate) footer: String,
    pub(crate) menu: &'a [crate::content::MenuLink],
    /// URL of the language's search files; none when search is off.
    pub(crate) search: Option<String>,
}

/// A link to another page.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
}

/// One entry of a page's table of contents, with the headings below it.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// The language switcher: every language, pointing at this page's
/// translation or, where there is none, that language's home.
#[derive(Serialize)]
pub(crate) struct SwitchLink<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) url: &'a str,
    pub(crate) is_current: bool,
    pub(crate) translated: bool,
}

#[derive(Serialize)]
pub(crate) struct Translation<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
}

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    /// `home`, `section` or `page`.
    pub(crate) kind: &'static str,
    pub(crate) title: &'a str,
    /// Front matter `linkTitle`, else the title.
    pub(crate) link_title: &'a str,
    /// The whole `<title>`, when the page gives it (a book chapter's
    /// `{{#title …}}`).
    pub(crate) head_title: Option<&'a str>,
    pub(crate) description: &'a str,
    pub(crate) keywords: &'a [String],
    /// Dates as RFC 3339 (or a plain `YYYY-MM-DD` when no time was given).
    pub(crate) date: Option<&'a str>,
    pub(crate) lastmod: Option<&'a str>,
    pub(crate) weight: i64,
    pub(crate) draft: bool,
    pub(crate) url: &'a str,
    /// Absolute URL when `base_url` is absolute.
    pub(crate) permalink: String,
    /// The rendered Markdown (print with `| safe`).
    pub(crate) content: &'a str,
    /// The id of the content's opening heading when it equals the title
    /// (the body then leaves that heading to the theme's title).
    pub(crate) title_id: Option<&'a str>,
    pub(crate) toc: Vec<TocEntry>,
    /// From the home down to the parent.
    pub(crate) ancestors: Vec<Link<'a>>,
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    /// Pages and sections directly below a section, in order; a taxonomy's
    /// terms; a term's pages.
    pub(crate) children: Vec<ChildLink<'a>>,
    /// The taxonomy (plural name, `tags`) of a taxonomy's or term's page.
    pub(crate) taxonomy: Option<&'a str>,
    /// The terms this page carries, by taxonomy.
    pub(crate) taxonomies: Vec<TermGroup<'a>>,
    pub(crate) translations: Vec<Translation<'a>>,
    /// Source file relative to `content/`.
    pub(crate) source: &'a str,
    /// For a fallback copy (`untranslated = "fallback"`): the page it shows.
    pub(crate) fallback_of: Option<Translation<'a>>,
    /// "Edit this page" link, when `theme.edit_url` is set.
    pub(crate) edit_url: Option<String>,
    /// Chapter number (`2.1`), or empty for the home.
    pub(crate) number: &'a str,
    /// Plain text: front matter `summary`, the text before `<!--more-->`,
    /// or the first paragraphs.
    pub(crate) summary: &'a str,
    /// URL of the page's RSS feed, if it has one.
    pub(crate) feed: Option<String>,
    /// Words of prose (CJK characters count as words).
    pub(crate) words: usize,
    /// Minutes to read, at least 1.
    pub(crate) reading_time: usize,
    /// The page has a diagram for the site's `mermaid.min.js` to draw.
    pub(crate) diagram_script: bool,
    /// Front matter keys lectern does not use itself.
    pub(crate) extra: &'a Map<String, Value>,
    /// `extra`, with the keys of a front matter `params` map among them,
    /// as Hugo's `.Params`.
    pub(crate) params: Cow<'a, Map<String, Value>>,
}

#[derive(Serialize)]
pub(crate) struct ChildLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) description: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) is_section: bool,
    /// Pages listed by a term (in a taxonomy's list of terms), else 0.
    pub(crate) count: usize,
    pub(crate) date: Option<&'a str>,
}

/// One taxonomy's terms on a page: `{name: "tags", title: "Tags", url,
/// terms: [{title, url}]}`.
#[derive(Serialize)]
pub(crate) struct TermGroup<'a> {
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) terms: Vec<Link<'a>>,
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

pub(crate) fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        multilingual: config.multilingual,
        default_language: &config.default_language,
        languages: site.langs.iter().map(|l| lang_view(site, l)).collect(),
        generator: concat!("lectern ", env!("CARGO_PKG_VERSION")),
        params: &config.params,
        theme: ThemeView {
            logo: config.theme.logo.as_deref().map(|l| site_url(config, l)),
            edit_url: config.theme.edit_url.as_deref(),
            number_chapters: config.theme.number_chapters,
            collapse_sections: config.theme.collapse_sections,
            custom_css: config
                .theme
                .custom_css
                .iter()
                .map(|c| site_url(config, c))
                .collect(),
        },
    }
}

/// A path from the site root (`/logo.svg`) under the base path; other URLs as given.
fn site_url(config: &crate::config::Config, url: &str) -> String {
    match url.strip_prefix('/') {
        Some(path) if !url.starts_with("//") => format!("{}{path}", config.base_path()),
        _ => url.to_string(),
    }
}

pub(crate) fn lang_view<'a>(site: &Site, lang: &'a LangSite) -> LangView<'a> {
    LangView {
        code: &lang.lang.code,
        name: &lang.lang.name,
        dir: &lang.lang.dir,
        title: &lang.lang.title,
        description: &lang.lang.description,
        url: lang.pages[lang.root].url.clone(),
        footer: crate::markdown::inline(&lang.lang.footer),
        menu: &lang.menu,
        search: site
            .config
            .search
            .then(|| format!("{}search/", lang.pages[lang.root].url)),
    }
}

/// Chapter numbers by page id: `1`, `1.1`, `1.2`, `2`, …; empty for the
/// home. A book numbers its chapters as its summary does.
pub(crate) fn chapter_numbers(lang: &LangSite) -> Vec<String> {
    if let Some(book) = &lang.book {
        // Pages made besides the chapters (taxonomies) have none.
        let mut numbers = book.numbers.clone();
        numbers.resize(lang.pages.len(), String::new());
        return numbers;
    }
    let mut numbers = vec![String::new(); lang.pages.len()];
    for &id in &lang.reading_order {
        for (i, child) in lang.nav_children(id).enumerate() {
            numbers[child] = if id == lang.root {
                (i + 1).to_string()
            } else {
                format!("{}.{}", numbers[id], i + 1)
            };
        }
    }
    numbers
}

/// Nests a flat list of headings by level.
pub(crate) fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        let mut siblings = &mut roots;
        while siblings.last().is_some_and(|last| last.level < h.level) {
            siblings = &mut siblings.last_mut().expect("checked non-empty").children;
        }
        siblings.push(entry);
    }
    roots
}

pub(crate) fn switcher<'a>(site: &'a Site, here: PageRef) -> Vec<SwitchLink<'a>> {
    let page = site.page(here);
    site.langs
        .iter()
        .enumerate()
        .map(|(l, lang)| {
            let (version, translated) = if l == here.lang {
                (Some(here), !page.fallback)
            } else {
                (page.version_in(l), page.translation_in(l).is_some())
            };
            let target = version.unwrap_or_else(|| nearest_translated_ancestor(site, here, l));
            SwitchLink {
                code: &lang.lang.code,
                name: &lang.lang.name,
                url: &site.page(target).url,
                is_current: l == here.lang,
                translated,
            }
        })
        .collect()
}

fn translation(site: &Site, r: PageRef) -> Translation<'_> {
    let other = site.page(r);
    let lang = &site.langs[r.lang].lang;
    Translation {
        code: &lang.code,
        name: &lang.name,
        title: &other.title,
        url: &other.url,
        permalink: site.config.absolute_url(&other.url),
    }
}

/// The closest section above `here` that exists in `lang`, else `lang`'s home.
fn nearest_translated_ancestor(site: &Site, here: PageRef, lang: usize) -> PageRef {
    let pages = &site.langs[here.lang].pages;
    let mut up = pages[here.page].parent;
    while let Some(id) = up {
        if let Some(t) = pages[id].version_in(lang) {
            return t;
        }
        up = pages[id].parent;
    }
    PageRef {
        lang,
        page: site.langs[lang].root,
    }
}

/// What a shortcode's template sees of its page: `page.title`,
/// `page.url`, `page.extra` (the front matter lectern has no field for),
/// and the pages below it (`children`, nested).
#[derive(Serialize)]
pub(crate) struct ShortcodePageView<'a> {
    title: &'a str,
    url: &'a str,
    extra: &'a Map<String, Value>,
    params: Cow<'a, Map<String, Value>>,
    children: Vec<TreeLink<'a>>,
}

/// A page below another, with those below it in turn.
#[derive(Serialize)]
pub(crate) struct TreeLink<'a> {
    title: &'a str,
    url: &'a str,
    description: &'a str,
    summary: &'a str,
    is_section: bool,
    children: Vec<TreeLink<'a>>,
}

pub(crate) fn shortcode_page_view<'a>(
    lang: &'a LangSite,
    page: &'a Page,
    summaries: &'a [String],
) -> ShortcodePageView<'a> {
    ShortcodePageView {
        title: &page.title,
        url: &page.url,
        extra: page.meta().map_or(&EMPTY, |m| &m.extra),
        params: params(page.meta().map_or(&EMPTY, |m| &m.extra)),
        children: tree(lang, page.id, summaries),
    }
}

/// The pages below `id` in the sidebar's order, nested.
fn tree<'a>(lang: &'a LangSite, id: PageId, summaries: &'a [String]) -> Vec<TreeLink<'a>> {
    lang.nav_children(id)
        .map(|c| {
            let child = &lang.pages[c];
            TreeLink {
                title: child.link_title(),
                url: &child.url,
                description: child
                    .meta()
                    .and_then(|m| m.description.as_deref())
                    .unwrap_or(""),
                summary: &summaries[c],
                is_section: child.kind != PageKind::Leaf,
                children: tree(lang, c, summaries),
            }
        })
        .collect()
}

/// What a page's view takes from the rest of its language: chapter
/// numbers and summaries by page, and the page's feed URL, if it has one.
pub(crate) struct Lists<'a> {
    pub(crate) numbers: &'a [String],
    pub(crate) summaries: &'a [String],
    pub(crate) feed: Option<String>,
}

pub(crate) fn page_view<'a>(
    site: &'a Site,
    here: PageRef,
    content: &'a str,
    rendered: &'a Rendered,
    lists: Lists<'a>,
) -> PageView<'a> {
    let (headings, title_in_content) = (&rendered.headings[..], rendered.title_id.is_some());
    let lang = &site.langs[here.lang];
    let page = &lang.pages[here.page];
    let meta = page.meta();
    let link = |id: usize| Link {
        title: lang.pages[id].link_title(),
        url: &lang.pages[id].url,
    };
    let mut ancestors = Vec::new();
    let mut up = page.parent;
    while let Some(id) = up {
        ancestors.push(link(id));
        up = lang.pages[id].parent;
    }
    ancestors.reverse();
    // The heading that repeats the title is not part of the contents.
    let headings = if title_in_content {
        &headings[1.min(headings.len())..]
    } else {
        headings
    };
    PageView {
        kind: match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Leaf => "page",
            PageKind::Taxonomy => "taxonomy",
            PageKind::Term => "term",
        },
        title: &page.title,
        link_title: page.link_title(),
        head_title: page.head_title.as_deref(),
        description: meta.and_then(|m| m.description.as_deref()).unwrap_or(""),
        keywords: meta.map_or(&[][..], |m| &m.keywords),
        date: meta.and_then(|m| m.date.as_ref()).map(|d| d.w3c.as_str()),
        lastmod: meta
            .and_then(|m| m.lastmod.as_ref())
            .map(|d| d.w3c.as_str()),
        weight: page.weight(),
        draft: meta.is_some_and(|m| m.draft),
        url: &page.url,
        permalink: site.config.absolute_url(&page.url),
        content,
        title_id: rendered.title_id.as_deref(),
        toc: if meta.is_none_or(|m| m.toc) {
            toc(headings)
        } else {
            Vec::new()
        },
        ancestors,
        prev: page.prev.map(link),
        next: page.next.map(link),
        children: children(lang, page, lists.summaries),
        taxonomy: taxonomy::taxonomy_of(page),
        taxonomies: term_groups(lang, page),
        translations: page
            .translations
            .iter()
            .map(|t| translation(site, *t))
            .collect(),
        fallback_of: page
            .fallback
            .then(|| page.translations.iter().find(|t| t.lang == site.default))
            .flatten()
            .map(|t| translation(site, *t)),
        source: page
            .parsed
            .as_ref()
            .map_or("", |p| p.source.content_rel.as_str()),
        edit_url: match (&site.config.theme.edit_url, &page.parsed) {
            (Some(base), Some(p)) => Some(format!(
                "{base}{}",
                crate::escape::url_path(&p.source.content_rel)
            )),
            _ => None,
        },
        number: &lists.numbers[here.page],
        summary: &lists.summaries[here.page],
        feed: lists.feed,
        words: rendered.words,
        reading_time: rendered.reading_minutes,
        diagram_script: rendered.client_diagrams,
        extra: meta.map_or(&EMPTY, |m| &m.extra),
        params: params(meta.map_or(&EMPTY, |m| &m.extra)),
    }
}

/// Front matter as Hugo's `.Params`: the keys lectern does not use, and
/// those of a `params` map (which win).
fn params(extra: &Map<String, Value>) -> Cow<'_, Map<String, Value>> {
    match extra.get("params") {
        Some(Value::Object(own)) => {
            let mut all = extra.clone();
            all.remove("params");
            all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            Cow::Owned(all)
        }
        _ => Cow::Borrowed(extra),
    }
}

/// What a page lists: a section its pages, a taxonomy its terms, a term
/// its pages; a book's first chapter nothing, as it is the home only as
/// the place the book opens at.
fn children<'a>(lang: &'a LangSite, page: &'a Page, summaries: &'a [String]) -> Vec<ChildLink<'a>> {
    let listed: Vec<PageId> = match page.kind {
        PageKind::Taxonomy | PageKind::Term => page.listing.clone(),
        PageKind::Home if lang.book.is_some() => Vec::new(),
        _ => lang.nav_children(page.id).collect(),
    };
    listed
        .into_iter()
        .map(|c| {
            let child = &lang.pages[c];
            let meta = child.meta();
            ChildLink {
                title: &child.title,
                url: &child.url,
                description: meta.and_then(|m| m.description.as_deref()).unwrap_or(""),
                summary: &summaries[c],
                is_section: matches!(child.kind, PageKind::Home | PageKind::Section),
                count: match child.kind {
                    PageKind::Term => child.listing.len(),
                    _ => 0,
                },
                date: meta.and_then(|m| m.date.as_ref()).map(|d| d.w3c.as_str()),
            }
        })
        .collect()
}

/// A page's terms, grouped by taxonomy in the site's taxonomy order.
fn term_groups<'a>(lang: &'a LangSite, page: &Page) -> Vec<TermGroup<'a>> {
    let mut groups: Vec<TermGroup<'a>> = Vec::new();
    for &term in &page.terms {
        let term = &lang.pages[term];
        // A term's page sits below its taxonomy's.
        let Some(taxonomy) = term.parent.map(|id| &lang.pages[id]) else {
            continue;
        };
        let link = Link {
            title: &term.title,
            url: &term.url,
        };
        match groups.last_mut() {
            Some(group) if group.url == taxonomy.url => group.terms.push(link),
            _ => groups.push(TermGroup {
                name: &taxonomy.lang_dir,
                title: &taxonomy.title,
                url: &taxonomy.url,
                terms: vec![link],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: id.into(),
        }
    }

    #[test]
    fn toc_nests_by_level_even_when_levels_skip() {
        let toc = toc(&[
            h(2, "a"),
            h(3, "a1"),
            h(4, "a1x"),
            h(3, "a2"),
            h(2, "b"),
            h(4, "b1"),
        ]);
        let shape: Vec<(String, Vec<String>)> = toc
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.children.iter().map(|c| c.id.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("a".into(), vec!["a1".into(), "a2".into()]),
                ("b".into(), vec!["b1".into()])
            ]
        );
        assert_eq!(toc[0].children[0].children[0].id, "a1x");
    }
}
