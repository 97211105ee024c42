//! Site → output files: every page's Markdown to HTML and through its
//! template (parallel), plus the files a site needs besides its pages.

pub mod cache;
pub mod i18n;
mod sidebar;
mod sitemap;
pub mod templates;
pub mod view;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::PageMap;
use crate::content::Site;
use crate::content::links::PageLinks;
use crate::content::page::{PageKind, PageRef};
use crate::error::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::{self, Rendered};
use crate::output::{OutputFile, Sink};
use cache::{MarkdownJob, RenderCache, Scope};
use i18n::Catalog;
use sidebar::Navs;
use templates::Templates;

const ALERT_KEYS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// The inputs of a page's Markdown; `None` for a page without a file.
fn markdown_job<'a>(
    site: &'a Site,
    r: PageRef,
    alert_titles: [&'a str; 5],
    code: &'a markdown::highlight::Highlighter,
) -> Option<MarkdownJob<'a, PageLinks<'a>>> {
    let page = site.page(r);
    let parsed = page.parsed.as_ref()?;
    let source_dir = parsed.source.rel.rsplit_once('/').map_or("", |(d, _)| d);
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
            alert_titles,
            code,
        },
        links: PageLinks {
            site,
            lang: r.lang,
            source_dir,
            prefer_own_language: page.fallback,
        },
    })
}

/// Files [`render_site`] writes at fixed paths besides pages and aliases.
pub const SITE_FILES: &[&str] = &["404.html", "sitemap.xml", "robots.txt", "syntax.css"];

/// A page's Markdown, and the error that kept its file out, if any.
type PageOutcome = (Arc<Rendered>, Option<Error>);

/// What [`render_site`] made besides the files: every page's Markdown
/// (indexed like `site.langs[l].pages[p]`), and the template errors met on
/// the way (a page whose template fails is left out).
pub struct RenderedSite {
    pub markdown: PageMap<Arc<Rendered>>,
    pub errors: Vec<Diagnostic>,
}

/// Every generated file, handed to `sink` as soon as it is made: the root
/// chooser, 404, aliases, pages, sitemap, robots.txt and the highlighting
/// stylesheet. Each page's Markdown is rendered, put through its template
/// and handed on in one go, in parallel, so a build never holds the HTML
/// of every page at once. `Err` only when the sink fails. Markdown and
/// files whose inputs are what `cache` saw last time are reused.
pub fn render_site(
    site: &Site,
    catalog: &Catalog,
    templates: &Templates,
    sink: &dyn Sink,
    cache: &mut RenderCache,
) -> Result<RenderedSite> {
    let site_value = Value::from_serializable(&view::site_view(site));
    let numbers: Vec<Vec<String>> = site.langs.iter().map(view::chapter_numbers).collect();
    // Built once per language (and per section when the sidebar lists only
    // the current section's pages): pages share these values.
    let langs: Vec<Value> = site
        .langs
        .iter()
        .map(|l| Value::from_serializable(&view::lang_view(site, l)))
        .collect();
    let navs: Vec<Navs> = site
        .langs
        .iter()
        .zip(&numbers)
        .map(|(l, n)| Navs::new(l, n, site.config.theme.sidebar.is_full(l.pages.len())))
        .collect();
    // Everything here is compared once per scope; what differs from page
    // to page belongs in a page's own key.
    let shared = navs.iter().enumerate().flat_map(|(l, navs)| {
        navs.scopes(l).map(|(scope, nav)| {
            let key = cache::key(&(&site_value, &langs[scope.0], nav));
            (scope, key)
        })
    });
    let round = cache.files(templates.inputs(), shared.collect::<Vec<_>>());
    let base_context = |r: PageRef| -> (Scope, Context) {
        let (section, nav) = navs[r.lang].for_page(&site.langs[r.lang], r.page);
        let mut ctx = Context::new();
        ctx.insert_value("site", site_value.clone());
        ctx.insert_value("lang", langs[r.lang].clone());
        ctx.insert_value("nav", nav);
        ((r.lang, section), ctx)
    };

    let default = site.default;
    let mut errors = Vec::new();
    let mut extra = |name: &str, out: String, r: PageRef, target: Option<view::Link>| {
        let (scope, mut ctx) = base_context(r);
        let key = round
            .keeps()
            .then(|| cache::key(&(name, &target)))
            .flatten();
        let file = round.file(out, scope, key, None, || {
            if let Some(target) = &target {
                ctx.insert("target", target);
            }
            templates.render(name, &ctx)
        });
        match file {
            Ok(file) => sink.put(file),
            Err(d) => {
                errors.push(d);
                Ok(())
            }
        }
    };
    if site.config.multilingual {
        extra("root.html", "index.html".into(), home(default), None)?;
    }
    extra("404.html", "404.html".into(), home(default), None)?;
    // Aliases before pages: when one shadows a page (an error of its own),
    // the page keeps its place, so links to it are checked against it.
    // Aliases sharing a file (an error too) write it once, however many.
    let mut written = std::collections::HashSet::new();
    for alias in site.aliases.iter().filter(|a| written.insert(&a.out)) {
        let target = site.page(alias.target);
        let link = view::Link {
            title: &target.title,
            url: &target.url,
        };
        extra("alias.html", alias.out.clone(), alias.target, Some(link))?;
    }

    // The languages' pages interleaved, so a page and its translations are
    // rendered close together and share code blocks the highlighter still
    // remembers (it keeps only the latest).
    let longest = site.langs.iter().map(|l| l.pages.len()).max().unwrap_or(0);
    let refs: Vec<PageRef> = (0..longest)
        .flat_map(|page| {
            (0..site.langs.len())
                .filter(move |&lang| page < site.langs[lang].pages.len())
                .map(move |lang| PageRef { lang, page })
        })
        .collect();
    let alert_titles: Vec<[&str; 5]> = site
        .langs
        .iter()
        .map(|lang| ALERT_KEYS.map(|k| catalog.get(&lang.lang.code, k)))
        .collect();
    let code = markdown::highlight::Highlighter::default();
    let markdown_round = cache.markdown();
    // The sitemap is written meanwhile: it needs no page.
    let (pages, sitemap): (Vec<PageOutcome>, String) = rayon::join(
        || {
            refs.par_iter()
                .map(|&r| {
                    let page = site.page(r);
                    let job = markdown_job(site, r, alert_titles[r.lang], &code);
                    let (html, out) = job
                        .as_ref()
                        .map(|job| markdown_round.page(job))
                        .unwrap_or_default();
                    let (scope, mut ctx) = base_context(r);
                    let file = template_for(page, templates).and_then(|template| {
                        let mut page_view = view::page_view(site, r, &html, &out, &numbers[r.lang]);
                        let languages = view::switcher(site, r);
                        // The Markdown is compared by identity, all else by value.
                        let key = round.keeps().then(|| {
                            let content = std::mem::take(&mut page_view.content);
                            let key = cache::key(&(&template, &page_view, &languages));
                            page_view.content = content;
                            key
                        });
                        // A page without a file has no Markdown to compare.
                        let markdown = page.parsed.as_ref().map(|_| &out);
                        round.file(
                            index_file(&page.path),
                            scope,
                            key.flatten(),
                            markdown,
                            || {
                                ctx.insert("page", &page_view);
                                ctx.insert("languages", &languages);
                                templates.render(&template, &ctx)
                            },
                        )
                    });
                    let failure = file
                        .map_err(|d| Error::Content(vec![d]))
                        .and_then(|file| sink.put(file))
                        .err();
                    (out, failure)
                })
                .collect()
        },
        || sitemap::sitemap(site),
    );
    // Dropped before the pages' files are kept: the highlighter's memory
    // goes back for the rest of the build.
    drop(code);
    cache.finish(round);
    cache.finish_markdown(markdown_round);
    let mut markdown = PageMap::new(site, |_| Arc::default());
    for (r, (out, failure)) in refs.iter().zip(pages) {
        match failure {
            Some(Error::Content(d)) => errors.extend(d),
            Some(other) => return Err(other),
            None => {}
        }
        markdown[*r] = out;
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
    Ok(RenderedSite { markdown, errors })
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
    }
    .to_string())
}
