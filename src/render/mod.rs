//! Site → output files: Markdown to HTML (parallel), then every page through
//! its template (parallel), plus the files a site needs besides its pages.

pub mod cache;
pub mod i18n;
mod sidebar;
mod sitemap;
pub mod templates;
pub mod view;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

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

/// Renders the Markdown of every page, in parallel, reusing what `cache`
/// kept where nothing it was made from changed. Indexed like
/// `site.langs[l].pages[p]`.
pub fn render_markdown(
    site: &Site,
    catalog: &Catalog,
    cache: &mut RenderCache,
) -> Vec<Vec<Arc<Rendered>>> {
    let mut jobs = Vec::with_capacity(site.page_count());
    let code = markdown::highlight::Highlighter::default();
    for (l, lang) in site.langs.iter().enumerate() {
        let alert_titles = ALERT_KEYS.map(|k| catalog.get(&lang.lang.code, k));
        jobs.extend(lang.pages.iter().map(|page| {
            let parsed = page.parsed.as_ref()?;
            let source_dir = parsed.source.rel.rsplit_once('/').map_or("", |(d, _)| d);
            Some(MarkdownJob {
                lang: l,
                parsed,
                input: markdown::Input {
                    body: &parsed.text[parsed.body_offset..],
                    file_text: &parsed.text,
                    body_offset: parsed.body_offset,
                    path: &parsed.source.path,
                    title: &page.title,
                    raw_html: site.config.raw_html,
                    alert_titles,
                    code: &code,
                },
                links: PageLinks {
                    site,
                    lang: l,
                    source_dir,
                    prefer_own_language: page.fallback,
                },
            })
        }));
    }
    let mut rendered = cache.markdown(jobs).into_iter();
    site.langs
        .iter()
        .map(|lang| rendered.by_ref().take(lang.pages.len()).collect())
        .collect()
}

/// Every generated file, handed to `sink` as soon as it is made: the root
/// chooser, 404, aliases, pages, sitemap, robots.txt and the highlighting
/// stylesheet. Returns the template errors met on the way (a page whose
/// template fails is left out); `Err` only when the sink fails. A file whose
/// template and inputs are what `cache` saw last time keeps its bytes.
pub fn render_site(
    site: &Site,
    rendered: &[Vec<Arc<Rendered>>],
    templates: &Templates,
    sink: &dyn Sink,
    cache: &mut RenderCache,
) -> Result<Vec<Diagnostic>> {
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

    let default = site
        .langs
        .iter()
        .position(|l| l.lang.code == site.config.default_language)
        .unwrap_or(0);
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
    for alias in &site.aliases {
        let target = site.page(alias.target);
        let link = view::Link {
            title: &target.title,
            url: &target.url,
        };
        extra("alias.html", alias.out.clone(), alias.target, Some(link))?;
    }

    let refs: Vec<PageRef> = site
        .langs
        .iter()
        .enumerate()
        .flat_map(|(l, lang)| {
            lang.pages.iter().map(move |p| PageRef {
                lang: l,
                page: p.id,
            })
        })
        .collect();
    // The sitemap is written meanwhile: it needs no page.
    let (failures, sitemap): (Vec<Error>, String) = rayon::join(
        || {
            refs.par_iter()
                .filter_map(|&r| {
                    let page = site.page(r);
                    let out = &rendered[r.lang][r.page];
                    let (scope, mut ctx) = base_context(r);
                    let file = template_for(page, templates).and_then(|template| {
                        let mut page_view = view::page_view(site, r, out, &numbers[r.lang]);
                        let languages = view::switcher(site, r);
                        // The Markdown is compared by identity, all else by value.
                        let key = round.keeps().then(|| {
                            let content = std::mem::take(&mut page_view.content);
                            let key = cache::key(&(&template, &page_view, &languages));
                            page_view.content = content;
                            key
                        });
                        // A page without a file has no Markdown to compare.
                        let markdown = page.parsed.as_ref().map(|_| out);
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
                    file.map_err(|d| Error::Content(vec![d]))
                        .and_then(|file| sink.put(file))
                        .err()
                })
                .collect()
        },
        || sitemap::sitemap(site),
    );
    cache.finish(round);
    for failure in failures {
        match failure {
            Error::Content(d) => errors.extend(d),
            other => return Err(other),
        }
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
    Ok(errors)
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
            let line = parsed.locate("template", None).map_or(0, |(line, _)| line);
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
