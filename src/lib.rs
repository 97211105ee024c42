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
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site in `site_dir` into memory. Every content error is
/// collected before failing.
pub fn generate(site_dir: &Path, options: &BuildOptions) -> Result<Generated> {
    let sink = output::MemorySink::default();
    let (site, warnings) = pipeline(site_dir, options, &sink)?;
    Ok(Generated {
        site,
        files: sink.into_files(),
        warnings,
    })
}

/// The whole build, handing each file to `sink` as it is made: theme files
/// first, then the site's static files over them, then content assets, then
/// pages, so later files win a shared path. Returns the site and warnings.
fn pipeline(
    site_dir: &Path,
    options: &BuildOptions,
    sink: &dyn output::Sink,
) -> Result<(content::Site, Vec<Diagnostic>)> {
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
    let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = rendered
        .iter()
        .flatten()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    for (path, bytes) in render::templates::THEME_STATIC {
        sink.put(OutputFile::bytes(path.to_string(), *bytes))?;
    }
    for (rel, path) in found.static_files {
        sink.put(OutputFile::copy(rel, path))?;
    }
    site.assets
        .par_iter()
        .try_for_each(|a| sink.put(OutputFile::copy(a.out.clone(), a.source.clone())))?;
    render::render_site(&site, &rendered, &templates, sink)?;
    warnings.extend(catalog.warnings());
    Ok((site, warnings))
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
    let (site, warnings) = output::write_atomic(&output, |sink| pipeline(site_dir, options, sink))?;
    Ok(BuildReport {
        languages: language_reports(&site),
        output,
        warnings,
        elapsed: start.elapsed(),
    })
}
