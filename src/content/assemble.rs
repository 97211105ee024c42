//! Parsed pages → [`Site`]: language trees, sections, URLs, order,
//! prev/next, translations, assets and aliases. Pure: no file system.

pub(crate) mod assets;
pub(crate) mod book;
mod menu;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::{Config, Untranslated};
use crate::content::alias::output_file;
use crate::content::assemble::assets::PlacedAsset;
use crate::content::discover::{FileKind, SourceFile};
use crate::content::front_matter::List;
use crate::content::links::{LinkIndex, join};
use crate::content::page::{Page, PageId, PageKind, PageRef, ParsedPage, directory_title};
use crate::content::sort::{SortBy, SortKey, page_order};
use crate::content::summary::Books;
use crate::content::taxonomy;
use crate::content::{Alias, LangSite, Scheduled, Site};
use crate::error::{Diagnostic, LineIndex, name_some};

pub(crate) struct AssembleOptions<'a> {
    pub(crate) drafts: bool,
    /// Pages whose `publishDate` is later than `now` are kept.
    pub(crate) future: bool,
    /// The instant `publishDate` and `expiryDate` are compared with (UTC).
    pub(crate) now: chrono::NaiveDateTime,
    /// A taxonomy's title in a language: `(language code, plural)` →
    /// "Теги".
    pub(crate) taxonomy_title: &'a dyn Fn(&str, &str) -> String,
}

/// Leaves out the pages not yet published (unless `future`) and those
/// expired; the first are returned, to say when they go live.
fn published(
    parsed: Vec<Arc<ParsedPage>>,
    options: &AssembleOptions<'_>,
) -> (Vec<Arc<ParsedPage>>, Vec<Scheduled>) {
    let mut scheduled = Vec::new();
    let kept = parsed
        .into_iter()
        .filter(|p| {
            let expired = p
                .meta
                .expiry_date
                .as_ref()
                .is_some_and(|d| d.instant <= options.now);
            match &p.meta.publish_date {
                Some(d) if d.instant > options.now && !options.future => {
                    scheduled.push(Scheduled {
                        path: p.source.path.clone(),
                        at: d.w3c.clone(),
                    });
                    false
                }
                _ => !expired,
            }
        })
        .collect();
    scheduled.sort_by(|a, b| a.path.cmp(&b.path));
    (kept, scheduled)
}

/// Gives each page the `cascade` of the sections above it (the nearest
/// first), in its own language, where its front matter is silent.
fn cascaded(parsed: Vec<Arc<ParsedPage>>) -> Vec<Arc<ParsedPage>> {
    let cascades: Vec<(
        Option<&str>,
        &str,
        &serde_json::Map<String, serde_json::Value>,
    )> = parsed
        .iter()
        .filter(|p| p.source.kind == FileKind::Section && !p.meta.cascade.is_empty())
        .map(|p| {
            (
                p.source.lang.as_deref(),
                p.source.lang_dir(),
                &p.meta.cascade,
            )
        })
        .collect();
    if cascades.is_empty() {
        return parsed;
    }
    let inherited: Vec<Option<serde_json::Map<String, serde_json::Value>>> = parsed
        .iter()
        .map(|p| {
            let dir = p.source.lang_dir();
            let mut above: Vec<_> = cascades
                .iter()
                .filter(|(lang, section, _)| {
                    *lang == p.source.lang.as_deref()
                        && is_within(dir, section)
                        // A section's own cascade is for the pages below it.
                        && !(p.source.kind == FileKind::Section && dir == *section)
                })
                .collect();
            if above.is_empty() {
                return None;
            }
            above.sort_by_key(|(_, section, _)| std::cmp::Reverse(section.len()));
            let mut merged = serde_json::Map::new();
            for (_, _, cascade) in above {
                for (key, value) in cascade.iter() {
                    merged.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            Some(merged)
        })
        .collect();
    parsed
        .iter()
        .zip(inherited)
        .map(|(p, merged)| match merged {
            Some(merged) => Arc::new(p.inheriting(&merged)),
            None => p.clone(),
        })
        .collect()
}

/// Leaves out the pages that are not to be written (`build.render:
/// never`, `headless`), and the files of their bundles unless
/// `publishResources`.
fn rendered(
    parsed: Vec<Arc<ParsedPage>>,
    assets: Vec<SourceFile>,
) -> (Vec<Arc<ParsedPage>>, Vec<SourceFile>) {
    let (kept, unrendered): (Vec<_>, Vec<_>) =
        parsed.into_iter().partition(|p| p.meta.build.render);
    let withheld: Vec<(&str, Option<&str>)> = unrendered
        .iter()
        .filter(|p| p.source.kind == FileKind::Bundle && !p.meta.build.publish_resources)
        .map(|p| (p.source.lang_dir(), p.source.lang.as_deref()))
        .collect();
    let assets = assets
        .into_iter()
        .filter(|a| {
            let dir = a.lang_rel.rsplit_once('/').map_or("", |(d, _)| d);
            !withheld.iter().any(|(bundle, lang)| {
                is_within(dir, bundle) && (a.lang.is_none() || a.lang.as_deref() == *lang)
            })
        })
        .collect();
    (kept, assets)
}

/// Places every page. Problems (two pages writing one file, a bad alias) are
/// returned beside a complete site, so it can still be checked as a whole.
pub(crate) fn assemble(
    config: Config,
    parsed: Vec<Arc<ParsedPage>>,
    assets: Vec<SourceFile>,
    books: Books,
    options: &AssembleOptions<'_>,
) -> (Site, Vec<Diagnostic>) {
    let parsed = cascaded(parsed);
    let (parsed, scheduled) = published(parsed, options);
    let (parsed, assets) = rendered(parsed, assets);
    // The configuration always holds its default language.
    let default = config
        .languages
        .iter()
        .position(|l| l.code == config.default_language)
        .unwrap_or(0);
    let mut by_lang: Vec<Vec<(Arc<ParsedPage>, bool)>> =
        config.languages.iter().map(|_| Vec::new()).collect();
    for page in parsed {
        let lang = page
            .source
            .lang
            .as_deref()
            .unwrap_or(&config.default_language);
        if let Some(i) = config.languages.iter().position(|l| l.code == lang) {
            by_lang[i].push((page, false));
        }
    }
    if config.untranslated == Untranslated::Fallback {
        add_fallbacks(default, &mut by_lang);
    }
    let mut langs: Vec<LangSite> = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, pages) in by_lang.into_iter().enumerate() {
        let lang = config.languages[i].clone();
        let prefix = config.language_root(&lang.code).to_string();
        let summary = books.as_ref().and_then(|b| b.get(i));
        let (mut pages, taxonomy_indexes, book) = match summary {
            Some(summary) => {
                let (pages, book) = book::build_tree(pages, summary, &prefix, &config, options);
                (pages, Vec::new(), Some(book))
            }
            None => {
                let (pages, indexes) = build_tree(pages, &prefix, &config, options);
                (pages, indexes, None)
            }
        };
        let mut tree_order = tree_order(&pages);
        mark_hidden(&mut pages, &tree_order);
        let tree_len = pages.len();
        let code = lang.code.clone();
        taxonomy::add_taxonomies(
            &mut pages,
            &tree_order,
            taxonomy_indexes,
            &config,
            &|plural| (options.taxonomy_title)(&code, plural),
        );
        for page in &mut pages[tree_len..] {
            let path = page
                .lang_dir
                .split('/')
                .map(url_segment)
                .fold(prefix.clone(), |path, part| join(&path, &part));
            set_path(page, path, &config);
            tree_order.push(page.id);
        }
        if pages[0].parsed.is_none() {
            // A home without `_index.md` is titled after the site.
            pages[0].title = if lang.title.is_empty() {
                lang.name.clone()
            } else {
                lang.title.clone()
            };
        }
        langs.push(LangSite {
            lang,
            pages,
            root: 0,
            reading_order: Vec::new(),
            tree_order,
            menu: Vec::new(),
            book,
        });
    }
    for lang in &mut langs {
        lang.reading_order = lang
            .tree_order
            .iter()
            .copied()
            .filter(|&id| lang.pages[id].in_nav)
            .collect();
        link_prev_next(&mut lang.pages, &lang.reading_order);
    }
    link_translations(&mut langs);
    let mut aliases = aliases(&langs, &config, &mut diagnostics);
    aliases.extend(book::aliases(&langs, &config, &mut diagnostics));
    check_slugs(&langs, &mut diagnostics);
    check_collisions(&langs, &aliases, &mut diagnostics);
    let placed = assets::place(&langs, &assets, &config);
    let links = LinkIndex::build(&langs, &placed, &config);
    for (l, lang) in langs.iter_mut().enumerate() {
        lang.menu = menu::menu(lang, l, &links, &mut diagnostics);
    }
    let site = Site {
        config,
        default,
        langs,
        assets: placed.iter().flat_map(PlacedAsset::copies).collect(),
        aliases,
        links,
        scheduled,
    };
    (site, diagnostics)
}

/// Gives every language a copy of each default-language page it lacks,
/// marked as a fallback.
fn add_fallbacks(default: usize, by_lang: &mut [Vec<(Arc<ParsedPage>, bool)>]) {
    let originals: Vec<Arc<ParsedPage>> = by_lang[default].iter().map(|(p, _)| p.clone()).collect();
    for (l, pages) in by_lang.iter_mut().enumerate() {
        if l == default {
            continue;
        }
        let present: std::collections::HashSet<String> =
            pages.iter().map(|(p, _)| parsed_key(p)).collect();
        let missing = originals
            .iter()
            .filter(|p| !present.contains(&parsed_key(p)));
        pages.extend(missing.cloned().map(|p| (p, true)).collect::<Vec<_>>());
    }
}

/// One language's pages as a tree rooted at its home (id 0), and the
/// `_index.md` files of its taxonomy and term pages. Pages marked `true`
/// are another language's, shown here as fallbacks.
fn build_tree(
    parsed: Vec<(Arc<ParsedPage>, bool)>,
    prefix: &str,
    config: &Config,
    options: &AssembleOptions<'_>,
) -> (Vec<Page>, Vec<Arc<ParsedPage>>) {
    // A draft section hides everything below it.
    let draft_dirs: Vec<String> = parsed
        .iter()
        .filter(|(p, _)| p.meta.draft && p.source.kind == FileKind::Section)
        .map(|(p, _)| p.source.lang_dir().to_string())
        .collect();
    let visible = |(p, _): &(Arc<ParsedPage>, bool)| {
        options.drafts
            || (!p.meta.draft && !draft_dirs.iter().any(|d| is_within(p.source.lang_dir(), d)))
    };
    let (sections, leaves): (Vec<_>, Vec<_>) = parsed
        .into_iter()
        .filter(visible)
        .partition(|(p, _)| p.source.kind == FileKind::Section);
    // `content/tags/_index.md` and `content/tags/go/_index.md` belong to
    // the taxonomy's and the term's pages, not to sections.
    let (taxonomy_indexes, sections): (Vec<_>, Vec<_>) =
        sections.into_iter().partition(|(p, _)| {
            let dir = p.source.lang_dir();
            let top = dir.split('/').next().unwrap_or_default();
            dir.split('/').count() <= 2 && config.taxonomies.iter().any(|t| t.plural == top)
        });

    let mut pages = vec![new_page(0, PageKind::Home, String::new(), None)];
    let mut section_of: HashMap<String, PageId> = HashMap::from([(String::new(), 0)]);
    for (p, fallback) in sections {
        let id = ensure_section(&mut pages, &mut section_of, p.source.lang_dir());
        pages[id].title = p.title.clone();
        pages[id].parsed = Some(p);
        pages[id].fallback = fallback;
    }
    for (p, fallback) in leaves {
        let dir = p.source.lang_dir().to_string();
        let parent_dir = match p.source.kind {
            FileKind::Bundle => parent_of(&dir).to_string(),
            _ => dir.clone(),
        };
        let parent = ensure_section(&mut pages, &mut section_of, &parent_dir);
        let id = pages.len();
        let mut page = new_page(id, PageKind::Leaf, dir, Some(parent));
        page.title = p.title.clone();
        page.parsed = Some(p);
        page.fallback = fallback;
        pages.push(page);
        pages[parent].children.push(id);
    }
    sort_children(&mut pages);
    assign_urls(&mut pages, 0, prefix, prefix, config);
    let indexes = taxonomy_indexes.into_iter().map(|(p, _)| p).collect();
    (pages, indexes)
}

pub(crate) fn new_page(
    id: PageId,
    kind: PageKind,
    lang_dir: String,
    parent: Option<PageId>,
) -> Page {
    let title = lang_dir
        .rsplit('/')
        .next()
        .map(directory_title)
        .unwrap_or_default();
    Page {
        id,
        kind,
        parsed: None,
        title,
        lang_dir,
        path: String::new(),
        url: String::new(),
        parent,
        children: Vec::new(),
        summary_title: None,
        head_title: None,
        prev: None,
        next: None,
        translations: Vec::new(),
        fallback: false,
        fallback_copies: Vec::new(),
        in_nav: true,
        terms: Vec::new(),
        listing: Vec::new(),
    }
}

fn parent_of(dir: &str) -> &str {
    dir.rfind('/').map_or("", |i| &dir[..i])
}

fn is_within(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || dir == ancestor
        || dir
            .strip_prefix(ancestor)
            .is_some_and(|r| r.starts_with('/'))
}

/// The section page for `dir`, creating it and its ancestors as needed.
fn ensure_section(
    pages: &mut Vec<Page>,
    section_of: &mut HashMap<String, PageId>,
    dir: &str,
) -> PageId {
    if let Some(&id) = section_of.get(dir) {
        return id;
    }
    let parent = ensure_section(pages, section_of, parent_of(dir));
    let id = pages.len();
    pages.push(new_page(
        id,
        PageKind::Section,
        dir.to_string(),
        Some(parent),
    ));
    pages[parent].children.push(id);
    section_of.insert(dir.to_string(), id);
    id
}

fn sort_children(pages: &mut [Page]) {
    for id in 0..pages.len() {
        let by = pages[id].meta().map_or(SortBy::Weight, |m| m.sort_by);
        let mut children = std::mem::take(&mut pages[id].children);
        children.sort_by(|&a, &b| page_order(by, &sort_key(&pages[a]), &sort_key(&pages[b])));
        pages[id].children = children;
    }
}

fn sort_key(page: &Page) -> SortKey<'_> {
    SortKey {
        weight: page.weight(),
        date: page.meta().and_then(|m| m.date.as_ref()).map(|d| d.instant),
        name: order_name(page),
        title: page.link_title(),
        path: page
            .parsed
            .as_ref()
            .map_or(page.lang_dir.as_str(), |p| p.source.content_rel.as_str()),
    }
}

/// What a page is called for ordering: its front matter `linkTitle` or
/// title (as in Hugo), else its file stem or directory name. Never the
/// title taken from its first heading: authors number files (`01.4.md`) to
/// order them, and Hugo too orders untitled pages by path.
fn order_name(page: &Page) -> &str {
    let own = page.meta().and_then(|m| {
        let link_title = m.link_title.as_deref().filter(|t| !t.trim().is_empty());
        link_title.or(m.title.as_deref())
    });
    match (own.map(str::trim), &page.parsed) {
        (Some(title), _) if !title.is_empty() => title,
        (_, Some(p)) if p.source.kind == FileKind::Page => p.source.stem(),
        _ => page.lang_dir.rsplit('/').next().unwrap_or_default(),
    }
}

/// Paths and URLs from the top down: a child's path is its parent's plus
/// its own segment (the `slug`, else the file or directory name made safe),
/// unless front matter gives its whole path (`url`, from the language
/// root `root`), which its children do not inherit, as in Hugo.
fn assign_urls(pages: &mut [Page], id: PageId, path: &str, root: &str, config: &Config) {
    let own = pages[id]
        .meta()
        .and_then(|m| m.url.as_deref())
        .map(|url| url_path_below(root, url));
    let natural = path.to_string();
    let path = own.unwrap_or(natural.clone());
    set_path(&mut pages[id], path, config);
    for child in pages[id].children.clone() {
        let segment = segment(&pages[child], config.transliterate);
        let child_path = if natural.is_empty() {
            segment
        } else {
            format!("{natural}/{segment}")
        };
        assign_urls(pages, child, &child_path, root, config);
    }
}

/// Gives `page` its output path and the URL that links to it.
fn set_path(page: &mut Page, path: String, config: &Config) {
    page.url = if path.is_empty() {
        config.base_path().to_string()
    } else {
        format!("{}{}/", config.base_path(), crate::escape::url_path(&path))
    };
    page.path = path;
}

/// The output path of a page whose front matter gives its `url`: below its
/// language's root, each part made a safe segment (`/docs/Intro/` →
/// `en/docs/Intro`).
fn url_path_below(root: &str, url: &str) -> String {
    url.split('/')
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
        .map(url_segment)
        .fold(root.to_string(), |path, part| {
            if path.is_empty() {
                part
            } else {
                format!("{path}/{part}")
            }
        })
}

fn segment(page: &Page, transliterate: bool) -> String {
    let name = match (&page.parsed, page.kind) {
        (Some(p), _) if p.meta.slug.as_deref().is_some_and(|s| !s.trim().is_empty()) => {
            p.meta.slug.clone().unwrap_or_default()
        }
        (Some(p), PageKind::Leaf) if p.source.kind == FileKind::Page => p.source.stem().to_string(),
        _ => page.lang_dir.rsplit('/').next().unwrap_or("").to_string(),
    };
    name_segment(&name, transliterate)
}

/// A name as a URL segment, made ASCII with `transliterate`.
pub(crate) fn name_segment(name: &str, transliterate: bool) -> String {
    if transliterate {
        url_segment(&deunicode::deunicode(name).to_lowercase())
    } else {
        url_segment(name)
    }
}

/// A file or directory name as a URL path segment: Unicode letters and
/// digits, `-`, `_`, `.` and `~` kept; spaces and other separators become
/// `-`; everything else is dropped. `C++ & Go.md` → `C-Go`.
pub(crate) fn url_segment(name: &str) -> String {
    safe_segment(name).unwrap_or_else(|| "page".to_string())
}

/// [`url_segment`], or `None` when nothing of `name` is kept.
fn safe_segment(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '.' | '~') {
            out.push(c);
        } else if (c.is_whitespace()
            || matches!(c, '-' | '/' | '\\' | '+' | '&' | ',' | ';' | ':' | '|'))
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').trim_start_matches('.');
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// An error at each `slug` that names no URL segment (`slug: /`): the page
/// would be written as `page/`, which is surely not what was meant.
fn check_slugs(langs: &[LangSite], diagnostics: &mut Vec<Diagnostic>) {
    for page in langs.iter().flat_map(|l| &l.pages).filter(|p| !p.fallback) {
        let Some(parsed) = &page.parsed else { continue };
        let Some(slug) = parsed.meta.slug.as_deref() else {
            continue;
        };
        if slug.trim().is_empty() || safe_segment(slug).is_some() {
            continue;
        }
        let (line, col) = parsed.locate("slug").unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::error(
                &parsed.source.path,
                format!(
                    "slug {slug:?} has no letter or digit to make the last part of the page's URL of; write one that has, or give the page's whole path with `url` (`url: /about/`)"
                ),
            )
            .at(&parsed.text, line, col),
        );
    }
}

/// Takes out of the navigation the pages that are hidden, listed nowhere,
/// or below a section that is: `order` has parents before children.
fn mark_hidden(pages: &mut [Page], order: &[PageId]) {
    for &id in order {
        let own = pages[id]
            .meta()
            .is_some_and(|m| m.hidden || m.build.list == List::Never);
        let parent = pages[id].parent.is_none_or(|p| pages[p].in_nav);
        pages[id].in_nav = id == 0 || (parent && !own);
    }
}

/// Pre-order walk from the home: a section, then its children in order.
fn tree_order(pages: &[Page]) -> Vec<PageId> {
    let mut order = Vec::with_capacity(pages.len());
    let mut stack = vec![0];
    while let Some(id) = stack.pop() {
        order.push(id);
        stack.extend(pages[id].children.iter().rev());
    }
    order
}

fn link_prev_next(pages: &mut [Page], order: &[PageId]) {
    for pair in order.windows(2) {
        pages[pair[0]].next = Some(pair[1]);
        pages[pair[1]].prev = Some(pair[0]);
    }
}

/// What makes pages in different languages the same page: their
/// `translationKey`, else their path in the language tree.
fn parsed_key(p: &ParsedPage) -> String {
    match (&p.meta.translation_key, p.source.kind) {
        (Some(key), _) => format!("key:{key}"),
        (None, FileKind::Page) => format!("path:{}", p.source.lang_rel.trim_end_matches(".md")),
        (None, FileKind::Bundle) => format!("path:{}", p.source.lang_dir()),
        (None, _) => format!("path:{}/", p.source.lang_dir()),
    }
}

fn translation_key(page: &Page) -> String {
    match &page.parsed {
        Some(p) => parsed_key(p),
        None => format!("path:{}/", page.lang_dir),
    }
}

/// Links each page to its versions in other languages: one per language,
/// never a fallback copy (those are not translations), though a fallback
/// copy does know the real versions.
fn link_translations(langs: &mut [LangSite]) {
    let mut groups: BTreeMap<String, Vec<PageRef>> = BTreeMap::new();
    for (l, lang) in langs.iter().enumerate() {
        for page in &lang.pages {
            groups
                .entry(translation_key(page))
                .or_default()
                .push(PageRef {
                    lang: l,
                    page: page.id,
                });
        }
    }
    for group in groups.values() {
        let real: Vec<PageRef> = group
            .iter()
            .filter(|r| !langs[r.lang].pages[r.page].fallback)
            .copied()
            .collect();
        for r in group {
            let mut seen = Vec::new();
            let others: Vec<PageRef> = real
                .iter()
                .filter(|o| o.lang != r.lang)
                .filter(|o| {
                    let first = !seen.contains(&o.lang);
                    seen.push(o.lang);
                    first
                })
                .copied()
                .collect();
            langs[r.lang].pages[r.page].translations = others;
        }
        let copies: Vec<PageRef> = group
            .iter()
            .filter(|r| langs[r.lang].pages[r.page].fallback)
            .copied()
            .collect();
        for r in &real {
            langs[r.lang].pages[r.page].fallback_copies = copies.clone();
        }
    }
}

fn aliases(langs: &[LangSite], config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Vec<Alias> {
    let mut out = Vec::new();
    for (l, lang) in langs.iter().enumerate() {
        for page in &lang.pages {
            let Some(parsed) = &page.parsed else { continue };
            // The directory a relative alias starts from: the page's own.
            let dir = match page.parent {
                Some(parent) => lang.pages[parent].path.as_str(),
                None => page.path.as_str(),
            };
            let aliases = &parsed.meta.aliases;
            if aliases.is_empty() {
                // Locating them reads the whole file.
                continue;
            }
            let places = parsed.locate_items("aliases", aliases);
            let lines = LineIndex::new(&parsed.text);
            for (alias, at) in aliases.iter().zip(places) {
                // A fallback copy leaves the site-wide ones to its original.
                if page.fallback && alias.trim().starts_with('/') {
                    continue;
                }
                let out_file = match output_file(alias, dir, config) {
                    Ok(file) => file,
                    Err(why) => {
                        diagnostics.push(blame(parsed, &lines, Some(at.unwrap_or(0)), why));
                        continue;
                    }
                };
                out.push(Alias {
                    out: out_file,
                    at,
                    target: PageRef {
                        lang: l,
                        page: page.id,
                    },
                });
            }
        }
    }
    out
}

/// Two pages (or a page and an alias) writing the same file is an error
/// at each of them, naming the others, and pointing at the `slug` or alias
/// that made it.
fn check_collisions(langs: &[LangSite], aliases: &[Alias], diagnostics: &mut Vec<Diagnostic>) {
    let describe = |page: &Page| match page.source_path() {
        Some(p) => p.display().to_string(),
        None => format!("the section directory `{}/`", page.lang_dir),
    };
    struct Claim<'a> {
        owner: String,
        page: &'a Page,
        /// Where the alias is written, for a claim by an alias.
        alias: Option<usize>,
    }
    // File written → who writes it.
    let mut claims: BTreeMap<String, Vec<Claim<'_>>> = BTreeMap::new();
    for page in langs.iter().flat_map(|l| &l.pages) {
        let file = match page.path.as_str() {
            "" => "index.html".to_string(),
            path => format!("{path}/index.html"),
        };
        let owner = describe(page);
        claims.entry(file).or_default().push(Claim {
            owner,
            page,
            alias: None,
        });
    }
    for alias in aliases {
        let page = &langs[alias.target.lang].pages[alias.target.page];
        claims.entry(alias.out.clone()).or_default().push(Claim {
            owner: format!("the alias in {}", describe(page)),
            page,
            alias: Some(alias.at.unwrap_or(0)),
        });
    }
    // One per page blamed, shared by its diagnostics.
    let mut lines: HashMap<&std::path::Path, LineIndex<'_>> = HashMap::new();
    for (file, claims) in claims.iter().filter(|(_, c)| c.len() > 1) {
        for (i, claim) in claims.iter().enumerate() {
            let others = claims
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| c.owner.clone());
            let message = format!(
                "{} and {} would both write {file}; rename one or set a `slug`",
                claim.owner,
                name_some(others, claims.len() - 1)
            );
            diagnostics.push(match &claim.page.parsed {
                Some(parsed) => {
                    let lines = lines
                        .entry(&parsed.source.path)
                        .or_insert_with(|| LineIndex::new(&parsed.text));
                    blame(parsed, lines, claim.alias, message)
                }
                None => Diagnostic::error(std::path::Path::new(file), message),
            });
        }
    }
}

/// An error in `page` (whose text `lines` indexes), at the alias it is
/// about (the byte offset where it is written), else at its `slug`, else at
/// its first line.
fn blame(
    page: &ParsedPage,
    lines: &LineIndex<'_>,
    alias: Option<usize>,
    message: String,
) -> Diagnostic {
    let d = Diagnostic::error(&page.source.path, message);
    match alias {
        Some(offset) => d.at_offset_in(lines, offset),
        None => {
            let (line, col) = page.locate("slug").unwrap_or((1, 1));
            d.at(&page.text, line, col)
        }
    }
}

#[cfg(test)]
mod tests;
