//! Site → output files: Markdown to HTML (parallel), then every page through
//! its template (parallel), plus the files a site needs besides its pages.

pub mod i18n;
mod sitemap;
pub mod templates;
pub mod view;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Site;
use crate::content::links::PageLinks;
use crate::content::page::{PageKind, PageRef};
use crate::error::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::output::OutputFile;
use i18n::Catalog;
use templates::Templates;

const ALERT_KEYS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// Renders the Markdown of every page, in parallel. Indexed like
/// `site.langs[l].pages[p]`.
pub fn render_markdown(site: &Site, catalog: &Catalog) -> Vec<Vec<Rendered>> {
    site.langs
        .iter()
        .enumerate()
        .map(|(l, lang)| {
            let alert_titles = ALERT_KEYS.map(|k| catalog.get(&lang.lang.code, k));
            lang.pages
                .par_iter()
                .map(|page| {
                    let Some(parsed) = &page.parsed else {
                        return Rendered::default();
                    };
                    let source_dir = parsed.source.rel.rsplit_once('/').map_or("", |(d, _)| d);
                    let links = PageLinks {
                        site,
                        lang: l,
                        source_dir,
                        prefer_own_language: page.fallback,
                    };
                    let input = markdown::Input {
                        body: &parsed.text[parsed.body_offset..],
                        file_text: &parsed.text,
                        body_offset: parsed.body_offset,
                        path: &parsed.source.path,
                        title: &page.title,
                        raw_html: site.config.raw_html,
                        alert_titles,
                    };
                    markdown::render(&input, &links)
                })
                .collect()
        })
        .collect()
}

/// Every generated file: pages, the root chooser, 404, aliases, sitemap,
/// robots.txt and the highlighting stylesheet.
pub fn render_site(
    site: &Site,
    rendered: &[Vec<Rendered>],
    templates: &Templates,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let site_value = Value::from_serializable(&view::site_view(site));
    let numbers: Vec<Vec<String>> = site.langs.iter().map(view::chapter_numbers).collect();
    // Built once per language: every page of it shares these values.
    let per_lang: Vec<(Value, Value)> = site
        .langs
        .iter()
        .zip(&numbers)
        .map(|(lang, numbers)| {
            (
                Value::from_serializable(&view::lang_view(site, lang)),
                Value::from_serializable(&view::nav(lang, numbers)),
            )
        })
        .collect();
    let base_context = |l: usize| {
        let mut ctx = Context::new();
        ctx.insert_value("site", site_value.clone());
        ctx.insert_value("lang", per_lang[l].0.clone());
        ctx.insert_value("nav", per_lang[l].1.clone());
        ctx
    };

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
    let results: Vec<Result<OutputFile, Diagnostic>> = refs
        .par_iter()
        .map(|&r| {
            let page = site.page(r);
            let out = &rendered[r.lang][r.page];
            let mut ctx = base_context(r.lang);
            ctx.insert("page", &view::page_view(site, r, out, &numbers[r.lang]));
            ctx.insert("languages", &view::switcher(site, r));
            let template = template_for(page, templates)?;
            let html = templates.render(&template, &ctx)?;
            Ok(OutputFile::bytes(index_file(&page.path), html))
        })
        .collect();

    let mut files = Vec::with_capacity(results.len() + 8);
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    let default = site
        .langs
        .iter()
        .position(|l| l.lang.code == site.config.default_language)
        .unwrap_or(0);
    let mut extra = |name: &str, out: String, ctx: Context| match templates.render(name, &ctx) {
        Ok(html) => files.push(OutputFile::bytes(out, html)),
        Err(d) => errors.push(d),
    };
    if site.config.multilingual {
        extra("root.html", "index.html".into(), base_context(default));
    }
    extra("404.html", "404.html".into(), base_context(default));
    for alias in &site.aliases {
        let target = site.page(alias.target);
        let mut ctx = base_context(alias.target.lang);
        ctx.insert(
            "target",
            &view::Link {
                title: &target.title,
                url: &target.url,
            },
        );
        extra("alias.html", alias.out.clone(), ctx);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.push(OutputFile::bytes(
        "sitemap.xml".into(),
        sitemap::sitemap(site),
    ));
    files.push(OutputFile::bytes(
        "robots.txt".into(),
        sitemap::robots(site),
    ));
    files.push(OutputFile::bytes(
        "syntax.css".into(),
        markdown::highlight::stylesheet(),
    ));
    Ok(files)
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
            let line = parsed
                .text
                .lines()
                .position(|l| l.trim_start().starts_with("template"))
                .map_or(0, |i| i + 1);
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
