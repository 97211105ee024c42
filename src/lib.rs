//! lectern: a static site generator for multilingual documentation and
//! course websites.
//!
//! The build is a pipeline of plain stages: [`content::discover`] the files,
//! [`content::page::parse`] each one, [`content::assemble`] an immutable
//! [`content::Site`], [`render`] Markdown and templates in parallel, and
//! [`output`] the files atomically.

pub mod config;
pub mod content;
pub mod error;
pub mod escape;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod suggest;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use content::assemble::{AssembleOptions, assemble};
use content::discover::{FileKind, discover};
use error::{Diagnostic, Error, Result};
use output::OutputFile;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE_DIR/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// A finished site in memory: the files to write and what was noticed.
pub struct Generated {
    pub site: content::Site,
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct BuildReport {
    /// Per language, in language order.
    pub languages: Vec<LanguageReport>,
    pub files: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site in `site_dir` into memory. Every content error is
/// collected before failing.
pub fn generate(site_dir: &Path, options: &BuildOptions) -> Result<Generated> {
    let mut config = Config::load(site_dir)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    let found = discover(site_dir, &config)?;
    let (pages, assets): (Vec<_>, Vec<_>) = found
        .content
        .into_iter()
        .partition(|f| f.kind != FileKind::Asset);
    let results: Vec<_> = pages.into_par_iter().map(content::page::parse).collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(p) => parsed.push(p),
            Err(d) => diagnostics.extend(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Content(diagnostics));
    }
    let site = assemble(
        config,
        parsed,
        assets,
        &AssembleOptions {
            drafts: options.drafts,
        },
    )
    .map_err(Error::Content)?;
    let catalog = Arc::new(render::i18n::Catalog::load(
        &site.config.default_language,
        &found.i18n,
    )?);
    let templates = render::templates::load(&found.templates, catalog.clone())?;
    let rendered = render::render_markdown(&site, &catalog);
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for d in rendered.iter().flatten().flat_map(|r| r.diagnostics.iter()) {
        if d.is_error() {
            errors.push(d.clone())
        } else {
            warnings.push(d.clone())
        }
    }
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    let pages = render::render_site(&site, &rendered, &templates).map_err(Error::Content)?;
    let search = search::build(&site, &rendered);
    warnings.extend(catalog.warnings());

    // Theme files first, then the site's static files over them, then
    // content assets, then pages: later files win a shared path.
    let mut files: Vec<OutputFile> = render::templates::THEME_STATIC
        .iter()
        .map(|(path, bytes)| OutputFile::bytes(path.to_string(), *bytes))
        .collect();
    files.extend(
        found
            .static_files
            .into_iter()
            .map(|(rel, path)| OutputFile::copy(rel, path)),
    );
    files.extend(
        site.assets
            .iter()
            .map(|a| OutputFile::copy(a.out.clone(), a.source.clone())),
    );
    files.extend(pages);
    files.extend(search);
    Ok(Generated {
        site,
        files,
        warnings,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: String,
    pub pages: usize,
    /// Pages of the default language with no translation in this one.
    pub untranslated: usize,
}

pub fn language_reports(site: &content::Site) -> Vec<LanguageReport> {
    let default = site.default_lang();
    site.langs
        .iter()
        .enumerate()
        .map(|(l, lang)| LanguageReport {
            code: lang.lang.code.clone(),
            pages: lang.pages.len(),
            untranslated: if lang.lang.code == default.lang.code {
                0
            } else {
                default
                    .pages
                    .iter()
                    .filter(|p| p.translation_in(l).is_none())
                    .count()
            },
        })
        .collect()
}

/// Builds the site in `site_dir` and writes it to the output directory,
/// replacing the previous build only when everything succeeded.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    output::check_output_dir(site_dir, &output)?;
    let generated = generate(site_dir, options)?;
    output::write_atomic(&output, &generated.files)?;
    Ok(BuildReport {
        languages: language_reports(&generated.site),
        files: generated.files.len(),
        output,
        warnings: generated.warnings,
        elapsed: start.elapsed(),
    })
}
