//! The build, stage by stage, as data flows:
//!
//! ```text
//! read      site.toml, the one walk of the files, each page parsed  → Sources
//! assemble  pages into an immutable Site (order, URLs, translations) → Site
//! render    copied files, then Markdown and templates in parallel     → files to the sink
//! index     the search index of each language                        → files to the sink
//! check     links, anchors, front matter, mangled text               → diagnostics
//! ```
//!
//! Every stage takes values and returns values; the only state that lives
//! from one build to the next is a [`Session`]'s caches, which reuse a
//! result only while its inputs are the same (see [`crate::incremental`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::{self, Published, RecordingSink};
use crate::config::{self, Config};
use crate::content::PageMap;
use crate::content::Site;
use crate::content::assemble::{AssembleOptions, assemble};
use crate::content::discover::{Discovered, FileKind, SourceFile, discover};
use crate::content::page::{self, ParsedPage, directory_title};
use crate::content::summary::{self, Books};
use crate::error::{self, Diagnostic, Error, Kind, Result, Severity};
use crate::incremental::Store;
use crate::markdown::Rendered;
use crate::output::{self, OutputFile, Sink};
use crate::render::{self, i18n::Catalog};
use crate::{progress, search};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE_DIR/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Include pages whose `publishDate` is still to come.
    pub future: bool,
    /// The instant `publishDate` and `expiryDate` are compared with, in
    /// UTC; `None`: the clock's.
    pub now: Option<chrono::NaiveDateTime>,
    /// Warnings count as errors.
    pub strict: bool,
    /// Also request every link to another site, waiting this long for each.
    pub external: Option<Duration>,
    /// Where the stages report what they are doing, for a spinner.
    pub progress: Option<Arc<progress::Progress>>,
    /// Links to nothing are warnings, whatever `site.toml` says: `serve`
    /// shows what renders and lists them.
    pub broken_links_warn: bool,
    /// Leave the search index out, for the caller to make apart with
    /// [`search::build`] (`serve` does, once the pages are out).
    pub defer_search: bool,
    /// Keep what a build makes in this directory from one run to the next
    /// (the README's "Caching between builds").
    pub cache_dir: Option<PathBuf>,
}

impl BuildOptions {
    fn stage(&self, name: &'static str) {
        if let Some(p) = &self.progress {
            p.stage(name);
        }
    }
}

/// A built site and every problem found on the way.
pub struct Analysis {
    pub site: Site,
    /// Every page's Markdown, indexed like the site's pages.
    pub rendered: PageMap<Arc<Rendered>>,
    /// Sorted by file, line and column; with `strict`, warnings are errors.
    pub diagnostics: Vec<Diagnostic>,
    /// What the user may want to know that is no problem of the site: a
    /// cache directory that could not be used.
    pub notes: Vec<String>,
}

/// A finished site in memory: the files to write and what was noticed.
pub struct Generated {
    pub site: Site,
    /// Every page's Markdown, indexed like the site's pages.
    pub rendered: PageMap<Arc<Rendered>>,
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct BuildReport {
    /// Per language, in language order.
    pub languages: Vec<LanguageReport>,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    /// See [`Analysis::notes`].
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

#[derive(Debug, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: String,
    pub pages: usize,
    /// Pages of the default language with no translation in this one.
    pub untranslated: usize,
}

/// A page read (none when its file cannot be), with the problems found
/// reading it.
type Parsed = (Option<Arc<ParsedPage>>, Vec<Diagnostic>);

/// One build, or a series of builds of the same site that reuse what has
/// not changed (`serve`'s): the pipeline's one entry.
pub struct Session {
    parsed: Store<PathBuf, Parsed>,
    /// Files and directories changed since the last build.
    changed: Vec<PathBuf>,
    /// The last walk of the site's files, and the configuration it was
    /// made with: see [`Session::same_files`].
    walked: Option<(Config, Arc<Discovered>)>,
    /// No file was created or removed since the last build.
    same_files: bool,
    render: render::cache::RenderCache,
    check: check::Memo,
}

impl Session {
    /// A single build, which keeps nothing: pages go to their sink and
    /// are not held in memory.
    pub fn once() -> Session {
        Session {
            parsed: Store::once(),
            changed: Vec::new(),
            walked: None,
            same_files: false,
            render: render::cache::RenderCache::once(),
            check: check::Memo::once(),
        }
    }

    /// Builds that each keep what they made for the next, which redoes only
    /// what changed and is byte for byte a fresh build. Content files
    /// changed between builds must be passed to [`Session::invalidate`].
    pub fn incremental() -> Session {
        Session {
            parsed: Store::keeping(),
            changed: Vec::new(),
            walked: None,
            same_files: false,
            render: render::cache::RenderCache::keeping(),
            check: check::Memo::keeping(),
        }
    }

    /// Marks what was read from `path` (a content file, or a directory:
    /// everything below it) as changed on disk, to be read again.
    pub fn invalidate(&mut self, path: &Path) {
        self.changed.push(path.to_path_buf());
    }

    /// Says that since the last build no file was created, removed or
    /// renamed, only written in place (as `serve` knows from its watcher):
    /// the next build does not walk the site's files again, if every file
    /// passed to [`Session::invalidate`] is one it found last time.
    pub(crate) fn same_files(&mut self) {
        self.same_files = true;
    }

    /// Builds the site in `site_dir`, handing each file to `sink` as it is
    /// made, and checks it, going on past problems as far as it can so that
    /// all of them are reported at once. `Err` only when nothing can be
    /// checked: an unreadable `site.toml`, theme or directory, or a failing
    /// sink.
    pub fn analyze(
        &mut self,
        site_dir: &Path,
        options: &BuildOptions,
        sink: &dyn Sink,
    ) -> Result<Analysis> {
        self.analyze_first(site_dir, options, sink, None)
    }

    /// [`Session::analyze`], handing the files of the pages read from what
    /// changed since the last build to `first` as soon as they are made,
    /// before the rest of the site, when they have no errors.
    fn analyze_first(
        &mut self,
        site_dir: &Path,
        options: &BuildOptions,
        sink: &dyn Sink,
        first: Option<&(dyn Fn(Vec<OutputFile>) + Sync)>,
    ) -> Result<Analysis> {
        options.stage("reading");
        let changed = std::mem::take(&mut self.changed);
        let sources = self.read(site_dir, options, &changed)?;
        let mut diagnostics = sources.diagnostics;
        let found = sources.found;
        let catalog = Arc::new(Catalog::load(
            &sources.config.default_language,
            &found.i18n,
        )?);
        let taxonomy_title = |code: &str, plural: &str| {
            catalog
                .find(code, plural)
                .map_or_else(|| directory_title(plural), str::to_string)
        };
        let (mut site, problems) = assemble(
            sources.config,
            sources.pages,
            sources.assets,
            sources.books,
            &AssembleOptions {
                drafts: options.drafts,
                future: options.future,
                now: options
                    .now
                    .unwrap_or_else(|| chrono::Utc::now().naive_utc()),
                taxonomy_title: &taxonomy_title,
            },
        );
        diagnostics.extend(problems);
        site.links.add_static(&found.static_files);
        let templates = render::templates::load(&found.templates, catalog.clone())?;
        diagnostics.extend(check::files::check(&site, &found.static_files));

        options.stage("rendering");
        let mut notes = Vec::new();
        if let Some(dir) = &options.cache_dir {
            self.render.store_in(dir);
        }
        let recorder = RecordingSink::new(sink, &mut self.check, self.render.stored_shared());
        let has_mermaid = found
            .static_files
            .iter()
            .any(|(rel, _)| rel == MERMAID_SCRIPT);
        copy(&site, &found.static_files, &recorder)?;
        // Sources that already fail to read have no page to show early.
        let first = first
            .filter(|_| !diagnostics.iter().any(Diagnostic::is_error))
            .map(|out| render::First {
                changed: &changed,
                out,
            });
        let rendered = render::render_site(
            &site,
            &catalog,
            &templates,
            &recorder,
            &mut self.render,
            first.as_ref(),
        )?;
        diagnostics.extend(
            rendered
                .markdown
                .values()
                .flat_map(|r| r.diagnostics.iter().cloned()),
        );
        diagnostics.extend(rendered.errors);
        if !has_mermaid {
            diagnostics.extend(without_mermaid(&site, &rendered.markdown));
        }
        diagnostics.extend(catalog.warnings());
        if !options.defer_search {
            index(&site, &rendered.markdown, &recorder, self.render.stored())?;
        }
        let mut published = recorder.finish(&mut self.check);
        for file in &rendered.unwritten {
            published.add(file, None);
        }

        options.stage("checking");
        diagnostics.extend(self.check(&site, &rendered.markdown, &published, options));
        if let Some(stored) = self.render.stored() {
            notes.extend(stored.ignored().map(str::to_string));
            notes.extend(stored.save().err());
        }
        if options.broken_links_warn || site.config.broken_links_warn {
            for d in diagnostics
                .iter_mut()
                .filter(|d| d.kind == Some(Kind::BrokenLinks))
            {
                d.severity = Severity::Warning;
            }
        }
        Ok(Analysis {
            site,
            rendered: rendered.markdown,
            diagnostics: error::settle(diagnostics, options.strict),
            notes,
        })
    }

    /// Builds the site in `site_dir` into memory. Every problem is collected
    /// before failing; warnings (errors with `strict`) are returned.
    pub fn generate(&mut self, site_dir: &Path, options: &BuildOptions) -> Result<Generated> {
        self.generate_first(site_dir, options, None)
    }

    /// [`Session::generate`], handing the files of the pages read from
    /// what changed since the last build to `first` as soon as they are
    /// made, when they have no errors: the same bytes the build returns.
    pub(crate) fn generate_first(
        &mut self,
        site_dir: &Path,
        options: &BuildOptions,
        first: Option<&(dyn Fn(Vec<OutputFile>) + Sync)>,
    ) -> Result<Generated> {
        let sink = output::MemorySink::default();
        let analysis = accept(self.analyze_first(site_dir, options, &sink, first)?)?;
        Ok(Generated {
            site: analysis.site,
            rendered: analysis.rendered,
            files: sink.into_files(),
            warnings: analysis.diagnostics,
        })
    }

    /// The read stage: `site.toml`, the site's files, and every page parsed
    /// (or kept from the last build, when its file has not changed).
    fn read(
        &mut self,
        site_dir: &Path,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Sources> {
        let mut config = Config::load(site_dir)?;
        if let Some(url) = &options.base_url {
            config.base_url = config::normalize_base_url(url);
        }
        let same_files = std::mem::take(&mut self.same_files);
        let found = match self.walked.take() {
            Some((walked_with, found))
                if same_files
                    && walked_with == config
                    && changed
                        .iter()
                        .all(|c| found.content.iter().any(|f| f.path == *c)) =>
            {
                found
            }
            _ => Arc::new(discover(site_dir, &config)?),
        };
        if self.parsed.keeps() {
            self.walked = Some((config.clone(), found.clone()));
        }
        let (pages, assets): (Vec<_>, Vec<_>) = found
            .content
            .iter()
            .partition(|f| f.kind != FileKind::Asset);
        let assets = assets.into_iter().cloned().collect();
        let mut diagnostics = found.problems.clone();
        let (books, pages, problems) = summary::load(site_dir, &config, pages);
        diagnostics.extend(problems);
        let round = self.parsed.round();
        let results: Vec<Parsed> = pages
            .into_par_iter()
            .map(|source| {
                let path = source.path.clone();
                let unchanged = |(page, _): &Parsed| {
                    page.as_ref().is_some_and(|p| p.source == *source)
                        && !changed.iter().any(|c| path.starts_with(c))
                };
                round.get(path.clone(), unchanged, |old| parse(source, old))
            })
            .collect();
        self.parsed.finish(round);
        let mut parsed = Vec::with_capacity(results.len());
        for (page, problems) in results {
            parsed.extend(page);
            diagnostics.extend(problems);
        }
        if config.git_lastmod {
            let (dates, problem) = crate::content::git::last_modified(site_dir);
            diagnostics.extend(problem);
            for page in parsed.iter_mut().filter(|p| p.meta.lastmod.is_none()) {
                if let Some(date) = dates.get(&page.source.path) {
                    Arc::make_mut(page).meta.lastmod = Some(date.clone());
                }
            }
        }
        Ok(Sources {
            config,
            found,
            pages: parsed,
            assets,
            books,
            diagnostics,
        })
    }

    /// The check stage, over the whole site once it is out.
    fn check(
        &mut self,
        site: &Site,
        rendered: &PageMap<Arc<Rendered>>,
        published: &Published,
        options: &BuildOptions,
    ) -> Vec<Diagnostic> {
        let stored = self.render.stored();
        let mut diagnostics = check::site(site, rendered, published, &mut self.check, stored);
        if let Some(timeout) = options.external {
            options.stage("checking links to other sites");
            let progress = options.progress.as_deref();
            diagnostics.extend(check::external::check(site, rendered, timeout, progress));
        }
        diagnostics
    }
}

/// What the read stage found.
struct Sources {
    config: Config,
    /// The site's templates, interface strings and static files; its
    /// content is in `pages` and `assets`.
    found: Arc<Discovered>,
    pages: Vec<Arc<ParsedPage>>,
    /// Content files copied as they are.
    assets: Vec<SourceFile>,
    /// A book's summaries, which place its pages.
    books: Books,
    diagnostics: Vec<Diagnostic>,
}

/// Reads `source`. A text that reads as `old`'s did keeps its page, and so
/// what was rendered from it.
fn parse(source: &SourceFile, old: Option<&Parsed>) -> Parsed {
    let (page, problems) = page::parse(source.clone());
    let old = old.and_then(|(page, _)| page.as_ref());
    let page = page.map(|page| match old {
        Some(old) if old.source == page.source && old.text == page.text => old.clone(),
        _ => Arc::new(page),
    });
    (page, problems)
}

/// The files copied as they are, before anything is rendered: the theme's,
/// then the site's `static/` files, then content assets. A later file
/// takes an earlier one's path (the site's `style.css` replaces the
/// theme's; [`check::files`] names each such case), and the files rendered
/// after these take any path they share with them.
fn copy(site: &Site, static_files: &[(String, PathBuf)], sink: &dyn Sink) -> Result<()> {
    for (path, bytes) in render::templates::THEME_STATIC {
        sink.put(OutputFile::bytes(path.to_string(), *bytes))?;
    }
    for (rel, path) in static_files {
        sink.put(OutputFile::copy(rel.clone(), path.clone()))?;
    }
    site.assets
        .par_iter()
        .try_for_each(|a| sink.put(OutputFile::copy(a.out.clone(), a.source.clone())))
}

/// The site's copy of Mermaid, for the diagrams left to the browser
/// (`diagrams = "client"`); lectern links no other.
const MERMAID_SCRIPT: &str = "mermaid.min.js";

/// An error for each page that leaves a diagram to a `mermaid.min.js` the
/// site does not have.
fn without_mermaid(site: &Site, rendered: &PageMap<Arc<Rendered>>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (lang, values) in rendered.langs().enumerate() {
        for (page, r) in values.iter().enumerate() {
            let parsed = site.langs[lang].pages[page].parsed.as_ref();
            if let (true, Some(parsed)) = (r.client_diagrams, parsed) {
                errors.push(Diagnostic::error(
                    &parsed.source.path,
                    format!("a diagram is left to the browser (`diagrams = \"client\"`), and static/{MERMAID_SCRIPT} is missing: copy it from the `mermaid` npm package (node_modules/mermaid/dist/{MERMAID_SCRIPT})"),
                ));
            }
        }
    }
    errors
}

/// The index stage: each language's search index.
fn index(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    sink: &dyn Sink,
    stored: Option<&crate::cache_dir::CacheDir>,
) -> Result<()> {
    search::build(site, rendered, stored)
        .into_par_iter()
        .try_for_each(|f| sink.put(f))
}

/// Errors (and, with `strict`, warnings) fail; other warnings stay in the
/// analysis.
fn accept(analysis: Analysis) -> Result<Analysis> {
    if analysis.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(analysis.diagnostics));
    }
    Ok(analysis)
}

/// Builds the site in `site_dir` and writes it to the output directory as
/// it renders, replacing the previous build only when everything succeeded.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    output::check_output_dir(site_dir, &Config::load(site_dir)?.content_dir, &output)?;
    let analysis = output::write_atomic(&output, |sink| {
        accept(Session::once().analyze(site_dir, options, sink)?)
    })?;
    Ok(BuildReport {
        languages: language_reports(&analysis.site),
        output,
        warnings: analysis.diagnostics,
        notes: analysis.notes,
        elapsed: start.elapsed(),
    })
}

fn language_reports(site: &Site) -> Vec<LanguageReport> {
    site.langs
        .iter()
        .enumerate()
        .map(|(l, lang)| LanguageReport {
            code: lang.lang.code.clone(),
            pages: lang.pages.len(),
            untranslated: site.untranslated(l).count(),
        })
        .collect()
}
