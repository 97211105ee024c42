//! Site → output files: every page's Markdown to HTML and through its
//! template (parallel), plus the files a site needs besides its pages.

pub(crate) mod cache;
mod feed;
pub(crate) mod i18n;
mod sidebar;
mod sitemap;
pub(crate) mod templates;
pub(crate) mod view;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::cache_dir::CacheDir;
use crate::content::PageMap;
use crate::content::Site;
use crate::content::links::PageLinks;
use crate::content::page::{PageKind, PageRef};
use crate::error::{Diagnostic, Result};
use crate::incremental::Round;
use crate::markdown::{self, Rendered};
use crate::output::{OutputFile, Sink};
use crate::shortcode::{self, Expanded};
use crate::sync::Locked;
use cache::{MarkdownJob, RenderCache, Scope};
use i18n::Catalog;
use sidebar::Navs;
use templates::Templates;

const ALERT_KEYS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];
const QUOTE_KEYS: [&str; 2] = ["quote_open", "quote_close"];

/// The resolver of links written in page `r`; `None` for a page without a file.
fn page_links(site: &Site, r: PageRef) -> Option<PageLinks<'_>> {
    let page = site.page(r);
    let parsed = page.parsed.as_ref()?;
    let source_dir = parsed
        .source
        .content_rel
        .rsplit_once('/')
        .map_or("", |(d, _)| d);
    Some(PageLinks {
        site,
        lang: r.lang,
        source_dir,
        prefer_own_language: page.fallback,
    })
}

/// The inputs of a page's Markdown; `None` for a page without a file.
fn markdown_job<'a>(
    site: &'a Site,
    r: PageRef,
    alert_titles: [&'a str; 5],
    quotes: Option<[&'a str; 2]>,
    code: &'a markdown::highlight::Highlighter,
    shortcodes: Option<&'a Expanded>,
) -> Option<MarkdownJob<'a, PageLinks<'a>>> {
    let page = site.page(r);
    let parsed = page.parsed.as_ref()?;
    Some(MarkdownJob {
        lang: r.lang,
        parsed,
        input: markdown::Input {
            body: &parsed.text[parsed.body_offset..],
            file_text: &parsed.text,
            body_offset: parsed.body_offset,
            path: &parsed.source.path,
            title: &page.title,
            raw_html: site.config.raw_html,
            math: site.config.math,
            diagrams: site.config.diagrams,
            alert_titles,
            quotes,
            emoji: site.config.emoji,
            code,
            shortcodes,
        },
        links: page_links(site, r)?,
    })
}

/// Files [`render_site`] writes at fixed paths besides pages and aliases.
pub(crate) const SITE_FILES: &[&str] = &["404.html", "sitemap.xml", "robots.txt", "syntax.css"];

/// What became of one page: its Markdown, its HTML when a feed carries it
/// whole, and the template error that kept its file out, if any. `Err`
/// when the sink failed.
type PageOutcome = (Arc<Rendered>, Option<Arc<str>>, Result<Option<Diagnostic>>);

/// What [`render_site`] made besides the files: every page's Markdown, and
/// the template errors met on the way (a page whose template fails is left
/// out).
pub(crate) struct RenderedSite {
    pub(crate) markdown: PageMap<Arc<Rendered>>,
    pub(crate) errors: Vec<Diagnostic>,
    /// The files of the pages a template error kept out: links to them
    /// are not broken, only their template is.
    pub(crate) unwritten: Vec<String>,
}

/// Every generated file, handed to `sink` as soon as it is made: the root
/// chooser, 404, aliases, pages, sitemap, robots.txt and the highlighting
/// stylesheet. Each page's Markdown is rendered, put through its template
/// and handed on in one go, in parallel, so a build never holds the HTML
/// of every page at once. `Err` only when the sink fails. Markdown and
/// files whose inputs are what `cache` saw last time are reused.
pub(crate) fn render_site(
    site: &Site,
    catalog: &Catalog,
    templates: &Templates,
    sink: &dyn Sink,
    cache: &mut RenderCache,
    first: Option<&First<'_>>,
) -> Result<RenderedSite> {
    let numbers: Vec<Vec<String>> = site.langs.iter().map(view::chapter_numbers).collect();
    let pass = Pass::new(site, catalog, templates, &numbers, cache);
    let mut errors = pass.extras(sink)?;
    let markdown_round = cache.markdown();
    // Dropped when the pass ends: its memory goes back for the rest of
    // the build.
    let code = markdown::highlight::Highlighter::default();
    let (first_refs, rest): (Vec<PageRef>, Vec<PageRef>) = pass
        .order()
        .into_iter()
        .partition(|&r| first.is_some_and(|first| first.wants(site.page(r))));
    let mut pages = match first {
        Some(first) if !first_refs.is_empty() => {
            pass.first(&first_refs, first, &markdown_round, &code, sink)
        }
        _ => Vec::new(),
    };
    // The sitemap is written meanwhile: it needs no page.
    let (rest, sitemap) = rayon::join(
        || pass.pages(&rest, &markdown_round, &code, sink),
        || sitemap::sitemap(site),
    );
    if code.gave_up() {
        markdown_round.spoil_stored();
    }
    drop(code);
    pages.extend(rest);
    cache.finish(pass.round);
    cache.finish_markdown(markdown_round);
    let mut markdown = PageMap::new(site, |_| Arc::default());
    let mut html = PageMap::new(site, |_| None);
    let mut unwritten = Vec::new();
    for (r, (out, page_html, failure)) in pages {
        if let Some(error) = failure? {
            errors.push(error);
            unwritten.push(index_file(&site.page(r).path));
        }
        markdown[r] = out;
        html[r] = page_html;
    }
    for feed in &pass.feeds {
        let text = feed::write(site, feed, &pass.summaries, &|r| html[r].clone());
        let path = site.page(feed.owner).path.as_str();
        let file = crate::content::links::join(path, feed::FEED_FILE);
        sink.put(OutputFile::bytes(file, text.into_bytes()))?;
    }
    sink.put(OutputFile::bytes("sitemap.xml".into(), sitemap))?;
    sink.put(OutputFile::bytes(
        "robots.txt".into(),
        sitemap::robots(site),
    ))?;
    sink.put(OutputFile::bytes(
        "syntax.css".into(),
        markdown::highlight::stylesheet(),
    ))?;
    Ok(RenderedSite {
        markdown,
        errors,
        unwritten,
    })
}

/// Pages to render before all others, and where their files go as soon
/// as they are made: `serve` shows an edited page before the rest of the
/// site is rebuilt.
pub(crate) struct First<'a> {
    /// Files and directories changed since the last build: the pages read
    /// from them go first.
    pub(crate) changed: &'a [PathBuf],
    pub(crate) out: &'a (dyn Fn(Vec<OutputFile>) + Sync),
}

impl First<'_> {
    fn wants(&self, page: &crate::content::page::Page) -> bool {
        page.parsed
            .as_ref()
            .is_some_and(|p| self.changed.iter().any(|c| p.source.path.starts_with(c)))
    }
}

/// A sink that also keeps a copy of what it is given.
struct Tee<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<OutputFile>>,
}

impl Sink for Tee<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.files.locked().push(file.clone());
        self.inner.put(file)
    }
}

/// One build's rendering through templates: what every page of a scope
/// shares, made once, and the cache round its files go through.
struct Pass<'s> {
    site: &'s Site,
    templates: &'s Templates,
    site_value: Value,
    /// Per language: its view, shared by its pages.
    langs: Vec<Value>,
    /// Per language: chapter numbers, by page.
    numbers: &'s [Vec<String>],
    /// Per language: the sidebars its pages share.
    navs: Vec<Navs<'s>>,
    /// Per language: alert titles in its interface language.
    alert_titles: Vec<[&'s str; 5]>,
    /// Per language: its quotation marks, when punctuation is made smart.
    quotes: Vec<Option<[&'s str; 2]>>,
    /// Every page's summary, for listings and feeds.
    summaries: PageMap<String>,
    feeds: Vec<feed::Feed>,
    /// Pages with a feed of their own, linked from their `<head>`.
    has_feed: PageMap<bool>,
    /// Pages a feed carries whole (`feed.full_content`): their HTML is kept.
    carried: PageMap<bool>,
    round: cache::FileRound,
}

impl<'s> Pass<'s> {
    fn new(
        site: &'s Site,
        catalog: &'s Catalog,
        templates: &'s Templates,
        numbers: &'s [Vec<String>],
        cache: &mut RenderCache,
    ) -> Pass<'s> {
        let site_value = Value::from_serializable(&view::site_view(site));
        // Built once per language (and per section when the sidebar lists
        // only the current section's pages): pages share these values.
        let langs: Vec<Value> = site
            .langs
            .iter()
            .map(|l| Value::from_serializable(&view::lang_view(site, l)))
            .collect();
        let navs: Vec<Navs<'s>> = site
            .langs
            .iter()
            .zip(numbers)
            .map(|(l, n)| Navs::new(l, n, site.config.theme.sidebar.is_full(l.pages.len())))
            .collect();
        // Everything here is compared once per scope; what differs from
        // page to page belongs in a page's own key. Only a cache that
        // keeps files needs these. The site's and each language's part of
        // it are serialized once, not once per scope: a key is
        // self-delimiting, so the parts together are one.
        let shared: Vec<_> = if cache.keeps_files() {
            navs.iter()
                .enumerate()
                .flat_map(|(l, navs)| {
                    let common = cache::key(&(&site_value, &langs[l]));
                    navs.scopes(l).map(move |(scope, nav)| {
                        let key = common.as_ref().and_then(|common| {
                            let mut key = common.clone();
                            key.extend(cache::key(&nav.items)?);
                            Some(crate::cache_dir::sha256(&key))
                        });
                        (scope, key)
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let round = cache.files(templates.inputs(), shared);
        let alert_titles = site
            .langs
            .iter()
            .map(|lang| ALERT_KEYS.map(|k| catalog.get(&lang.lang.code, k)))
            .collect();
        let quotes = site
            .langs
            .iter()
            .map(|lang| {
                let code = &lang.lang.code;
                site.config
                    .smart_punctuation
                    .then(|| QUOTE_KEYS.map(|k| catalog.get(code, k)))
            })
            .collect();
        let made = cache.summaries();
        let stored = cache.stored();
        let summaries = PageMap::par_new(site, |r| summary(site, r, &made, stored));
        cache.finish_summaries(made);
        let feeds = feed::plan(site);
        let mut has_feed = PageMap::new(site, |_| false);
        let mut carried = PageMap::new(site, |_| false);
        for f in &feeds {
            has_feed[f.owner] = true;
            if site.config.feed.full_content {
                for &page in &f.items {
                    carried[PageRef {
                        lang: f.owner.lang,
                        page,
                    }] = true;
                }
            }
        }
        Pass {
            site,
            templates,
            summaries,
            feeds,
            has_feed,
            carried,
            site_value,
            langs,
            numbers,
            navs,
            alert_titles,
            quotes,
            round,
        }
    }

    /// The scope of the navigation page `r` shows.
    fn scope(&self, r: PageRef) -> Scope {
        let section = self.navs[r.lang].scope(&self.site.langs[r.lang], r.page);
        (r.lang, section)
    }

    /// The template context every file of a page of `scope` starts from:
    /// copies of the site's, language's and sidebar's values, so made only
    /// when a file is rendered, not when it is reused.
    fn context(&self, (lang, section): Scope) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("lang", self.langs[lang].clone());
        ctx.insert_value("nav", self.navs[lang].nav(section));
        ctx
    }

    /// The language chooser, 404 and alias pages, handed to `sink`; the
    /// template errors met.
    fn extras(&self, sink: &dyn Sink) -> Result<Vec<Diagnostic>> {
        let default = home(self.site.default);
        let mut files = Vec::new();
        // The language chooser, unless the default language's home is there.
        if self.site.config.multilingual && self.site.config.default_language_in_subdir {
            files.push(self.extra("root.html", "index.html".into(), default, None, sink));
        }
        files.push(self.extra("404.html", "404.html".into(), default, None, sink));
        // Each language's own, for hosts that can serve it to the readers
        // of that language's part of the site.
        for (l, lang) in self.site.langs.iter().enumerate() {
            let root = self.site.config.language_root(&lang.lang.code);
            if !root.is_empty() {
                files.push(self.extra("404.html", format!("{root}/404.html"), home(l), None, sink));
            }
        }
        // Aliases before pages: when one shadows a page (an error of its
        // own), the page keeps its place, so links to it are checked
        // against it. Aliases sharing a file (an error too) write it once.
        let mut written = std::collections::HashSet::new();
        for alias in self.site.aliases.iter().filter(|a| written.insert(&a.out)) {
            let target = self.site.page(alias.target);
            let link = view::Link {
                title: &target.title,
                url: &target.url,
            };
            files.push(self.extra(
                "alias.html",
                alias.out.clone(),
                alias.target,
                Some(link),
                sink,
            ));
        }
        let mut errors = Vec::new();
        for file in files {
            match file {
                Ok(Some(file)) => sink.put(file)?,
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        Ok(errors)
    }

    /// A file that is no page of its own, rendered with `name` in the
    /// context of page `r`, with `target` for a redirect; `None` when
    /// `sink` keeps the previous build's.
    fn extra(
        &self,
        name: &str,
        out: String,
        r: PageRef,
        target: Option<view::Link<'_>>,
        sink: &dyn Sink,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let scope = self.scope(r);
        let key = self
            .round
            .keeps()
            .then(|| cache::key(&(name, &target)))
            .flatten();
        self.round.file(out, scope, key, None, sink, || {
            let mut ctx = self.context(scope);
            if let Some(target) = &target {
                ctx.insert("target", target);
            }
            self.templates.render(name, &ctx)
        })
    }

    /// Every page, in the order they are rendered: the languages' pages
    /// interleaved, so a page and its translations are rendered close
    /// together and share code blocks the highlighter still remembers (it
    /// keeps only the latest).
    fn order(&self) -> Vec<PageRef> {
        let site = self.site;
        let longest = site.langs.iter().map(|l| l.pages.len()).max().unwrap_or(0);
        (0..longest)
            .flat_map(|page| {
                (0..site.langs.len())
                    .filter(move |&lang| page < site.langs[lang].pages.len())
                    .map(move |lang| PageRef { lang, page })
            })
            .collect()
    }

    /// Pages `refs`, in parallel: each one's Markdown rendered, put through
    /// its template and handed to `sink`.
    fn pages(
        &self,
        refs: &[PageRef],
        markdown: &cache::MarkdownRound,
        code: &markdown::highlight::Highlighter,
        sink: &dyn Sink,
    ) -> Vec<(PageRef, PageOutcome)> {
        refs.par_iter()
            .map(|&r| (r, self.page(r, markdown, code, sink)))
            .collect()
    }

    /// Pages `refs` as [`Pass::pages`] makes them, their files handed to
    /// `first` too when none of them has an error: the rest of the build
    /// cannot change them.
    fn first(
        &self,
        refs: &[PageRef],
        first: &First<'_>,
        markdown: &cache::MarkdownRound,
        code: &markdown::highlight::Highlighter,
        sink: &dyn Sink,
    ) -> Vec<(PageRef, PageOutcome)> {
        let tee = Tee {
            inner: sink,
            files: Mutex::default(),
        };
        let pages = self.pages(refs, markdown, code, &tee);
        let clean = pages.iter().all(|(_, (rendered, _, failure))| {
            matches!(failure, Ok(None)) && !rendered.diagnostics.iter().any(Diagnostic::is_error)
        });
        if clean {
            (first.out)(tee.files.into_value());
        }
        pages
    }

    fn page(
        &self,
        r: PageRef,
        markdown: &cache::MarkdownRound,
        code: &markdown::highlight::Highlighter,
        sink: &dyn Sink,
    ) -> PageOutcome {
        let site = self.site;
        let page = site.page(r);
        let expanded = self.shortcodes(r);
        let job = markdown_job(
            site,
            r,
            self.alert_titles[r.lang],
            self.quotes[r.lang],
            code,
            expanded.as_ref(),
        );
        let (html, out) = job
            .as_ref()
            .map(|job| markdown.page(job))
            .unwrap_or_default();
        let file = template_for(page, self.templates).and_then(|template| {
            let scope = self.scope(r);
            let lists = view::Lists {
                numbers: &self.numbers[r.lang],
                summaries: self.summaries.lang(r.lang),
                feed: self.has_feed[r].then(|| feed::url(page)),
            };
            let page_view = view::page_view(site, r, "", &out, lists);
            let languages = view::switcher(site, r);
            // The Markdown is compared by identity, all else by value: the
            // key is made before the content is set.
            let key = self
                .round
                .keeps()
                .then(|| cache::key(&(&template, &page_view, &languages)))
                .flatten();
            // A page without a file has no Markdown to compare.
            let content = page.parsed.as_ref().map(|_| (&out, html.id()));
            self.round
                .file(index_file(&page.path), scope, key, content, sink, || {
                    let text = markdown.text(&html, job.as_ref());
                    // Moved in, to hold the text only this closure has.
                    let mut page_view = page_view;
                    page_view.content = &text;
                    let mut ctx = self.context(scope);
                    ctx.insert("page", &page_view);
                    ctx.insert("languages", &languages);
                    self.templates.render(&template, &ctx)
                })
        });
        let failure = match file {
            Ok(Some(file)) => sink.put(file).map(|()| None),
            Ok(None) => Ok(None),
            Err(d) => Ok(Some(d)),
        };
        let carried = self.carried[r].then(|| markdown.text(&html, job.as_ref()));
        (out, carried, failure)
    }
}

impl Pass<'_> {
    /// Page `r`'s body with its shortcodes expanded, if it has any: a
    /// book's mdBook directives, else Hugo's shortcodes (and a warning at
    /// each mdBook directive, which only books expand).
    fn shortcodes(&self, r: PageRef) -> Option<Expanded> {
        if self.site.config.summary.is_some() {
            if let Some(expanded) = shortcode::expand_book(self.site, r) {
                return Some(expanded);
            }
        }
        let stray = match self.site.config.summary {
            Some(_) => Vec::new(),
            None => shortcode::stray_directives(self.site, r),
        };
        match self.hugo_shortcodes(r) {
            Some(expanded) => Some(expanded.with(stray)),
            None if stray.is_empty() => None,
            None => {
                let parsed = self.site.page(r).parsed.as_ref()?;
                let body = &parsed.text[parsed.body_offset..];
                Some(Expanded::unchanged(body, stray))
            }
        }
    }

    /// Page `r`'s body with its Hugo shortcodes expanded, if it has any.
    fn hugo_shortcodes(&self, r: PageRef) -> Option<Expanded> {
        let page = self.site.page(r);
        let body = page.parsed.as_ref().map(|p| &p.text[p.body_offset..])?;
        if !shortcode::has_shortcodes(body) {
            return None;
        }
        let links = page_links(self.site, r)?;
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert_value("lang", self.langs[r.lang].clone());
        let lang = &self.site.langs[r.lang];
        let summaries = self.summaries.lang(r.lang);
        context.insert("page", &view::shortcode_page_view(lang, page, summaries));
        shortcode::expand(&shortcode::Env {
            site: self.site,
            page: r,
            templates: self.templates,
            links: &links,
            context,
        })
    }
}

/// A page's summary: front matter `summary` (its text), else what its
/// Markdown gives (see [`markdown::summary`]); `round`'s previous one while
/// the page's parsed file and the length are the same, else `stored`'s
/// when it has it for the same text.
fn summary(
    site: &Site,
    r: PageRef,
    round: &Round<cache::MarkdownKey, cache::Summary>,
    stored: Option<&CacheDir>,
) -> String {
    let Some(parsed) = &site.page(r).parsed else {
        return String::new();
    };
    let words = site.config.summary_length;
    let key = (r.lang, parsed.source.path.clone());
    let same =
        |(old, old_words, _): &cache::Summary| Arc::ptr_eq(old, parsed) && *old_words == words;
    let make = || match &parsed.meta.summary {
        Some(own) => markdown::summary(own, usize::MAX / 4),
        None => markdown::summary(&parsed.text[parsed.body_offset..], words),
    };
    let stored_key = || {
        let summary = &parsed.meta.summary;
        let text = parsed.text_digest();
        crate::cache_dir::digest(&("summary", text, parsed.body_offset, summary, words))
    };
    let (_, _, text) = round.get(key, same, |_| {
        let text = CacheDir::remember(stored, stored_key, make);
        (parsed.clone(), words, text)
    });
    text
}

fn home(lang: usize) -> PageRef {
    PageRef { lang, page: 0 }
}

fn index_file(path: &str) -> String {
    if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{path}/index.html")
    }
}

/// The page's `template` from front matter, else the theme's for its kind.
fn template_for(
    page: &crate::content::page::Page,
    templates: &Templates,
) -> Result<String, Diagnostic> {
    if let Some(parsed) = &page.parsed {
        if let Some(name) = parsed.meta.template.as_deref() {
            let name = if name.ends_with(".html") {
                name.to_string()
            } else {
                format!("{name}.html")
            };
            if templates.contains(&name) {
                return Ok(name);
            }
            let line = parsed.locate("template").map_or(0, |(line, _)| line);
            return Err(Diagnostic::error(
                &parsed.source.path,
                format!("template `{name}` not found in templates/ or the default theme"),
            )
            .at(&parsed.text, line, 1));
        }
    }
    Ok(match page.kind {
        PageKind::Home => "index.html",
        PageKind::Section => "section.html",
        PageKind::Leaf => "page.html",
        PageKind::Taxonomy => "taxonomy.html",
        PageKind::Term => "term.html",
    }
    .to_string())
}
