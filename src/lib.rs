//! lectern: a static site generator for multilingual documentation and
//! course websites.
//!
//! The build is a pipeline of plain stages: [`content::discover`] the files,
//! [`content::page::parse`] each one, [`content::assemble`] an immutable
//! [`content::Site`], [`render`] Markdown and templates in parallel, and
//! [`output`] the files atomically. [`check`] looks over the result before
//! anything is written.

pub mod check;
pub mod config;
pub mod content;
pub mod encoding;
pub mod error;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod suggest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use content::assemble::{AssembleOptions, assemble};
use content::discover::{FileKind, SourceFile, discover};
use content::page::ParsedPage;
use error::{Diagnostic, Error, Result};
use output::{OutputFile, Sink};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE_DIR/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Warnings count as errors.
    pub strict: bool,
    /// Also request every link to another site, waiting this long for each.
    pub external: Option<Duration>,
    /// Where the stages report what they are doing, for a spinner.
    pub progress: Option<Arc<progress::Progress>>,
    /// Leave the search index out, for the caller to make apart with
    /// [`search::build`] (`serve` does, once the pages are out).
    pub defer_search: bool,
}

impl BuildOptions {
    fn stage(&self, name: &'static str) {
        if let Some(p) = &self.progress {
            p.stage(name);
        }
    }
}

/// A finished site in memory: the files to write and what was noticed.
pub struct Generated {
    pub site: content::Site,
    /// Every page's Markdown, indexed like the site's pages.
    pub rendered: Vec<Vec<Arc<markdown::Rendered>>>,
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

#[derive(Debug, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: String,
    pub pages: usize,
    /// Pages of the default language with no translation in this one.
    pub untranslated: usize,
}

pub fn language_reports(site: &content::Site) -> Vec<LanguageReport> {
    site.langs
        .iter()
        .enumerate()
        .map(|(l, lang)| LanguageReport {
            code: lang.lang.code.clone(),
            pages: lang.pages.len(),
            untranslated: untranslated(site, l).count(),
        })
        .collect()
}

/// The default language's pages that language `lang` has no translation of.
pub fn untranslated(
    site: &content::Site,
    lang: usize,
) -> impl Iterator<Item = &content::page::Page> {
    let default = site.default_lang();
    let is_default = site.langs[lang].lang.code == default.lang.code;
    default
        .pages
        .iter()
        .filter(move |p| !is_default && p.translation_in(lang).is_none())
}

/// A built site and every problem found on the way.
pub struct Analysis {
    pub site: content::Site,
    /// Every page's Markdown, indexed like the site's pages.
    pub rendered: Vec<Vec<Arc<markdown::Rendered>>>,
    /// Sorted by file, line and column; with `strict`, warnings are errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a build keeps for the next one ([`generate_cached`]): the pages it
/// parsed, and what it rendered. Rendered output is reused only while what
/// it was made from is unchanged, so a cached build is byte for byte a fresh
/// one; only a file's parsed page relies on being told of changes.
#[derive(Default)]
pub struct Cache {
    /// Every page read, with the problems found reading it.
    parsed: HashMap<PathBuf, (Arc<ParsedPage>, Vec<Diagnostic>)>,
    /// Files and directories changed since the last build.
    changed: Vec<PathBuf>,
    render: render::cache::RenderCache,
    check: check::Memo,
}

impl Cache {
    /// A cache for a single build, which keeps no rendered files: they go
    /// to their sink and are not held in memory.
    fn once() -> Cache {
        Cache {
            render: render::cache::RenderCache::once(),
            check: check::Memo::once(),
            ..Cache::default()
        }
    }

    /// Marks what was read from `path` (a content file, or a directory:
    /// everything below it) as changed on disk, to be read again.
    pub fn invalidate(&mut self, path: &Path) {
        self.changed.push(path.to_path_buf());
    }

    /// The parsed page of `source` and the problems in it: the ones kept,
    /// unless its file changed and now reads differently.
    fn parse(&self, source: SourceFile) -> (Option<Arc<ParsedPage>>, Vec<Diagnostic>) {
        let known = self
            .parsed
            .get(&source.path)
            .filter(|(p, _)| p.source == source);
        if let Some((page, problems)) = known {
            if !self.changed.iter().any(|c| source.path.starts_with(c)) {
                return (Some(page.clone()), problems.clone());
            }
        }
        let (page, problems) = content::page::parse(source);
        let page = page.map(|page| match known {
            // An unchanged text keeps its page, and so what was rendered from it.
            Some((old, _)) if old.text == page.text => old.clone(),
            _ => Arc::new(page),
        });
        (page, problems)
    }
}

/// Builds the site in `site_dir`, handing each file to `sink` as it is
/// made, and checks it, going on past problems as far as it can so that all
/// of them are reported at once. Files go out theme first, then the site's
/// static files, content assets and pages, so later files win a shared
/// path. `Err` only when nothing can be checked: an unreadable `site.toml`,
/// theme or directory, or a failing sink.
pub fn analyze(
    site_dir: &Path,
    options: &BuildOptions,
    sink: &dyn output::Sink,
) -> Result<Analysis> {
    analyze_cached(site_dir, options, sink, &mut Cache::once())
}

/// [`analyze`], reusing what an earlier build with the same `cache` made
/// where nothing it depends on changed. Content files changed since then
/// must have been passed to [`Cache::invalidate`].
pub fn analyze_cached(
    site_dir: &Path,
    options: &BuildOptions,
    sink: &dyn output::Sink,
    cache: &mut Cache,
) -> Result<Analysis> {
    options.stage("reading");
    let mut config = Config::load(site_dir)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    let mut found = discover(site_dir, &config)?;
    let (pages, assets): (Vec<_>, Vec<_>) = found
        .content
        .into_iter()
        .partition(|f| f.kind != FileKind::Asset);
    let results: Vec<_> = pages.into_par_iter().map(|s| cache.parse(s)).collect();
    cache.parsed.clear();
    cache.changed.clear();
    let mut parsed = Vec::with_capacity(results.len());
    let mut diagnostics = std::mem::take(&mut found.problems);
    for (page, problems) in results {
        if let Some(page) = page {
            let kept = (page.clone(), problems.clone());
            cache.parsed.insert(page.source.path.clone(), kept);
            parsed.push(page);
        }
        diagnostics.extend(problems);
    }
    let (site, problems) = assemble(
        config,
        parsed,
        assets,
        &AssembleOptions {
            drafts: options.drafts,
        },
    );
    diagnostics.extend(problems);
    let catalog = Arc::new(render::i18n::Catalog::load(
        &site.config.default_language,
        &found.i18n,
    )?);
    let templates = render::templates::load(&found.templates, catalog.clone())?;
    diagnostics.extend(check::files::check(&site, &found.static_files));
    options.stage("rendering");
    let recorder = check::RecordingSink::new(sink, &cache.check);
    for (path, bytes) in render::templates::THEME_STATIC {
        recorder.put(OutputFile::bytes(path.to_string(), *bytes))?;
    }
    for (rel, path) in found.static_files {
        recorder.put(OutputFile::copy(rel, path))?;
    }
    site.assets
        .par_iter()
        .try_for_each(|a| recorder.put(OutputFile::copy(a.out.clone(), a.source.clone())))?;
    let render::RenderedSite {
        markdown: rendered,
        errors,
    } = render::render_site(&site, &catalog, &templates, &recorder, &mut cache.render)?;
    for r in rendered.iter().flatten() {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    diagnostics.extend(errors);
    if !options.defer_search {
        search::build(&site, &rendered)
            .into_par_iter()
            .try_for_each(|f| recorder.put(f))?;
    }
    diagnostics.extend(catalog.warnings());
    options.stage("checking");
    let published = recorder.into_published();
    cache.check.finish_ids();
    diagnostics.extend(check::site(&site, &rendered, &published, &mut cache.check));
    if let Some(timeout) = options.external {
        options.stage("checking links to other sites");
        let progress = options.progress.as_deref();
        diagnostics.extend(check::external::check(&site, &rendered, timeout, progress));
    }
    Ok(Analysis {
        site,
        rendered,
        diagnostics: error::settle(diagnostics, options.strict),
    })
}

/// Errors (and, with `strict`, warnings) fail; other warnings stay in the
/// analysis.
fn accept(analysis: Analysis) -> Result<Analysis> {
    if analysis.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(analysis.diagnostics));
    }
    Ok(analysis)
}

/// Builds the site in `site_dir` into memory. Every problem is collected
/// before failing; warnings (errors with `strict`) are returned.
pub fn generate(site_dir: &Path, options: &BuildOptions) -> Result<Generated> {
    generate_cached(site_dir, options, &mut Cache::once())
}

/// [`generate`] with a [`Cache`]: see [`analyze_cached`].
pub fn generate_cached(
    site_dir: &Path,
    options: &BuildOptions,
    cache: &mut Cache,
) -> Result<Generated> {
    let sink = output::MemorySink::default();
    let analysis = accept(analyze_cached(site_dir, options, &sink, cache)?)?;
    Ok(Generated {
        site: analysis.site,
        rendered: analysis.rendered,
        files: sink.into_files(),
        warnings: analysis.diagnostics,
    })
}

/// Builds the site in `site_dir` and writes it to the output directory as
/// it renders, replacing the previous build only when everything succeeded.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    output::check_output_dir(site_dir, &output)?;
    let analysis = output::write_atomic(&output, |sink| accept(analyze(site_dir, options, sink)?))?;
    Ok(BuildReport {
        languages: language_reports(&analysis.site),
        output,
        warnings: analysis.diagnostics,
        elapsed: start.elapsed(),
    })
}
