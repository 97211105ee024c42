//! What one build rendered, kept for the next so a rebuild redoes only what
//! changed. A page's Markdown is reused while its parsed file, title and
//! settings are the same and every link in it still resolves to the same
//! target; a file's HTML while the template set and everything the template
//! sees are the same. Reuse is decided by comparing inputs, never by what
//! changed on disk, so a rebuild is byte for byte a fresh build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::content::page::{PageId, ParsedPage};
use crate::error::Diagnostic;
use crate::incremental::{Round, Store};
use crate::markdown::diagram::DiagramMode;
use crate::markdown::image_size::ImageSize;
use crate::markdown::math::MathMode;
use crate::markdown::{self, LinkResolver, LinkTarget, Rendered};
use crate::output::{Body, OutputFile};
use crate::render::templates::TemplateInputs;
use crate::sync::Locked;
use stored::CacheDir;

pub(crate) mod stored;

pub(crate) struct RenderCache {
    markdown: Store<MarkdownKey, Arc<MarkdownEntry>>,
    /// Where Markdown is kept from one run of lectern to the next.
    stored: Option<Arc<CacheDir>>,
    templates: Option<TemplateInputs>,
    /// What the pages of a scope share (site, language, navigation).
    shared: HashMap<Scope, Vec<u8>>,
    /// By output path.
    files: Store<String, Arc<FileEntry>>,
    /// Each page's summary, with the parsed file and length it was cut
    /// to: reading it parses the whole page.
    summaries: Store<MarkdownKey, Summary>,
}

/// A page's summary, with what it was made from.
pub(crate) type Summary = (Arc<ParsedPage>, usize, String);

/// A page's Markdown by its language and source file (a page shown in
/// another language, as a fallback, renders differently there).
pub(crate) type MarkdownKey = (usize, PathBuf);

/// The pages that share one navigation: a language's, or, when the sidebar
/// lists only the pages leading to the current one, one section's or one
/// part of a long section's (named by the section, or by the part's first
/// page; see `sidebar.rs`).
pub(crate) type Scope = (usize, Option<PageId>);

struct MarkdownEntry {
    parsed: Arc<ParsedPage>,
    title: String,
    raw_html: bool,
    math: MathMode,
    diagrams: DiagramMode,
    alert_titles: [String; 5],
    quotes: Option<[String; 2]>,
    emoji: bool,
    shortcodes: Option<crate::shortcode::Expanded>,
    /// Every link the page resolved, with the answer.
    links: Vec<(String, LinkTarget)>,
    /// Every image whose size it asked for, with the size.
    images: Vec<(String, ImageSize)>,
    html: Arc<str>,
    rendered: Arc<Rendered>,
}

/// One build's rendering of Markdown; see [`RenderCache::markdown`].
pub(crate) struct MarkdownRound {
    round: Round<MarkdownKey, Arc<MarkdownEntry>>,
    stored: Option<Arc<CacheDir>>,
}

impl MarkdownRound {
    /// A page's HTML and what else its Markdown gave: the previous build's
    /// where the job's inputs are unchanged, else rendered now. Only a
    /// round that keeps its results holds the HTML past the caller's use.
    pub(crate) fn page<R: LinkResolver>(
        &self,
        job: &MarkdownJob<'_, R>,
    ) -> (Arc<str>, Arc<Rendered>) {
        let key = (job.lang, job.parsed.source.path.clone());
        let entry = self
            .round
            .get(key, |old| old.reusable(job), |_| Arc::new(self.make(job)));
        (entry.html.clone(), entry.rendered.clone())
    }

    /// Keeps this round's Markdown out of the cache on disk: it depends on
    /// more than its inputs.
    pub(crate) fn spoil_stored(&self) {
        if let Some(stored) = &self.stored {
            stored.spoil();
        }
    }

    /// A page's Markdown rendered now, or read from the cache on disk when
    /// it was rendered from the same inputs and its links and images still
    /// get the same answers.
    fn make<R: LinkResolver>(&self, job: &MarkdownJob<'_, R>) -> MarkdownEntry {
        let Some(stored) = &self.stored else {
            return MarkdownEntry::render(job);
        };
        let key = stored::digest(&StoredInputs::of(job));
        if let Some(kept) = stored.get::<StoredMarkdown>(&key) {
            if same_answers(&kept.links, &kept.images, &job.links) {
                stored.keep(key);
                return MarkdownEntry::from_stored(job, kept);
            }
        }
        let entry = MarkdownEntry::render(job);
        stored.put(
            key,
            &StoredMarkdown {
                links: entry.links.clone(),
                images: entry.images.clone(),
                html: entry.html.to_string(),
                rendered: Rendered::clone(&entry.rendered),
            },
        );
        entry
    }
}

/// Everything a page's Markdown is rendered from but the answers of its
/// links and images, as the cache on disk keys it.
#[derive(Serialize)]
struct StoredInputs<'a> {
    lang: usize,
    path: &'a std::path::Path,
    file_text: &'a str,
    body_offset: usize,
    title: &'a str,
    raw_html: bool,
    math: MathMode,
    diagrams: DiagramMode,
    alert_titles: [&'a str; 5],
    quotes: Option<[&'a str; 2]>,
    emoji: bool,
    shortcodes: Option<&'a crate::shortcode::Expanded>,
}

impl<'a> StoredInputs<'a> {
    fn of<R>(job: &'a MarkdownJob<'a, R>) -> StoredInputs<'a> {
        let input = &job.input;
        StoredInputs {
            lang: job.lang,
            path: input.path,
            file_text: input.file_text,
            body_offset: input.body_offset,
            title: input.title,
            raw_html: input.raw_html,
            math: input.math,
            diagrams: input.diagrams,
            alert_titles: input.alert_titles,
            quotes: input.quotes,
            emoji: input.emoji,
            shortcodes: input.shortcodes,
        }
    }
}

/// A page's Markdown as the cache on disk keeps it.
#[derive(Serialize, Deserialize)]
struct StoredMarkdown {
    links: Vec<(String, LinkTarget)>,
    images: Vec<(String, ImageSize)>,
    html: String,
    rendered: Rendered,
}

/// Whether every link and image gets from `resolver` the answer it got
/// when the Markdown was rendered.
fn same_answers(
    links: &[(String, LinkTarget)],
    images: &[(String, ImageSize)],
    resolver: &impl LinkResolver,
) -> bool {
    links
        .iter()
        .all(|(dest, target)| resolver.resolve(dest) == *target)
        && images
            .iter()
            .all(|(dest, size)| resolver.image_size(dest) == *size)
}

struct FileEntry {
    scope: Scope,
    key: Option<Vec<u8>>,
    content: Option<Arc<Rendered>>,
    bytes: Arc<Vec<u8>>,
}

/// The inputs of one page's Markdown rendering, for [`MarkdownRound::page`].
pub(crate) struct MarkdownJob<'a, R> {
    pub(crate) lang: usize,
    pub(crate) parsed: &'a Arc<ParsedPage>,
    pub(crate) input: markdown::Input<'a>,
    pub(crate) links: R,
}

impl RenderCache {
    /// A cache that keeps what each build rendered for the next.
    pub(crate) fn keeping() -> RenderCache {
        RenderCache {
            markdown: Store::keeping(),
            stored: None,
            templates: None,
            shared: HashMap::new(),
            files: Store::keeping(),
            summaries: Store::keeping(),
        }
    }

    /// A cache for a single build, which keeps nothing for a next one.
    pub(crate) fn once() -> RenderCache {
        RenderCache {
            markdown: Store::once(),
            files: Store::once(),
            summaries: Store::once(),
            ..RenderCache::keeping()
        }
    }

    /// Keeps Markdown in `dir` from one run of lectern to the next too.
    pub(crate) fn store_in(&mut self, dir: &std::path::Path) {
        if self.stored.as_ref().is_none_or(|s| s.dir() != dir) {
            self.stored = Some(Arc::new(CacheDir::open(dir)));
        }
    }

    /// The cache on disk, if the cache has one.
    pub(crate) fn stored(&self) -> Option<&CacheDir> {
        self.stored.as_deref()
    }

    /// Starts a round of Markdown rendering: see [`MarkdownRound::page`].
    pub(crate) fn markdown(&mut self) -> MarkdownRound {
        MarkdownRound {
            round: self.markdown.round(),
            stored: self.stored.clone(),
        }
    }

    /// Starts a round of summaries, by language and source file.
    pub(crate) fn summaries(&mut self) -> Round<MarkdownKey, Summary> {
        self.summaries.round()
    }

    pub(crate) fn finish_summaries(&mut self, round: Round<MarkdownKey, Summary>) {
        self.summaries.finish(round);
    }

    /// Keeps what a Markdown round rendered, for the next build.
    pub(crate) fn finish_markdown(&mut self, round: MarkdownRound) {
        self.markdown.finish(round.round);
    }

    /// Starts a round of file rendering with this template set and what
    /// the pages of each scope share (its [`key`]): a change to either
    /// re-renders all that depends on it.
    pub(crate) fn files(
        &mut self,
        templates: &TemplateInputs,
        shared: impl IntoIterator<Item = (Scope, Option<Vec<u8>>)>,
    ) -> FileRound {
        if self.templates.as_ref() != Some(templates) {
            self.files.clear();
        }
        let old = std::mem::take(&mut self.shared);
        let mut same = HashMap::new();
        for (scope, key) in shared {
            if let Some(key) = key {
                same.insert(scope, old.get(&scope) == Some(&key));
                self.shared.insert(scope, key);
            }
        }
        self.templates = Some(templates.clone());
        FileRound {
            round: self.files.round(),
            same,
        }
    }

    /// Keeps what a round rendered, for the next build.
    pub(crate) fn finish(&mut self, round: FileRound) {
        self.files.finish(round.round);
    }
}

impl MarkdownEntry {
    fn reusable(&self, job: &MarkdownJob<'_, impl LinkResolver>) -> bool {
        let input = &job.input;
        Arc::ptr_eq(&self.parsed, job.parsed)
            && self.title == input.title
            && self.raw_html == input.raw_html
            && self.math == input.math
            && self.diagrams == input.diagrams
            && self.alert_titles == input.alert_titles
            && self.emoji == input.emoji
            && self
                .quotes
                .as_ref()
                .map(|q| q.each_ref().map(String::as_str))
                == input.quotes
            && self.shortcodes.as_ref() == input.shortcodes
            && same_answers(&self.links, &self.images, &job.links)
    }

    /// The entry of a job whose Markdown the cache on disk had.
    fn from_stored(
        job: &MarkdownJob<'_, impl LinkResolver>,
        kept: StoredMarkdown,
    ) -> MarkdownEntry {
        MarkdownEntry {
            links: kept.links,
            images: kept.images,
            html: kept.html.into(),
            rendered: Arc::new(kept.rendered),
            ..MarkdownEntry::inputs(job)
        }
    }

    fn render(job: &MarkdownJob<'_, impl LinkResolver>) -> MarkdownEntry {
        let recorder = Recorder {
            inner: &job.links,
            seen: Mutex::default(),
            images: Mutex::default(),
        };
        let (html, rendered) = markdown::render(&job.input, &recorder);
        MarkdownEntry {
            links: recorder.seen.into_value(),
            images: recorder.images.into_value(),
            html: html.into(),
            rendered: Arc::new(rendered),
            ..MarkdownEntry::inputs(job)
        }
    }

    /// An entry of `job`'s inputs, yet without what they give.
    fn inputs(job: &MarkdownJob<'_, impl LinkResolver>) -> MarkdownEntry {
        MarkdownEntry {
            parsed: job.parsed.clone(),
            title: job.input.title.to_string(),
            raw_html: job.input.raw_html,
            math: job.input.math,
            diagrams: job.input.diagrams,
            alert_titles: job.input.alert_titles.map(str::to_string),
            quotes: job.input.quotes.map(|q| q.map(str::to_string)),
            emoji: job.input.emoji,
            shortcodes: job.input.shortcodes.cloned(),
            links: Vec::new(),
            images: Vec::new(),
            html: Arc::from(""),
            rendered: Arc::default(),
        }
    }
}

/// Remembers every answer of the resolver it wraps.
struct Recorder<'a> {
    inner: &'a dyn LinkResolver,
    seen: Mutex<Vec<(String, LinkTarget)>>,
    images: Mutex<Vec<(String, ImageSize)>>,
}

impl LinkResolver for Recorder<'_> {
    fn resolve(&self, dest: &str) -> LinkTarget {
        let target = self.inner.resolve(dest);
        self.seen.locked().push((dest.to_string(), target.clone()));
        target
    }

    fn image_size(&self, dest: &str) -> ImageSize {
        let size = self.inner.image_size(dest);
        self.images.locked().push((dest.to_string(), size));
        size
    }
}

/// One build's rendering of files through templates; see [`RenderCache::files`].
pub(crate) struct FileRound {
    round: Round<String, Arc<FileEntry>>,
    /// Whether what the pages of a scope share is what it was.
    same: HashMap<Scope, bool>,
}

impl FileRound {
    /// Whether files are kept for a next build: without, there is no need
    /// for their keys.
    pub(crate) fn keeps(&self) -> bool {
        self.round.keeps()
    }

    /// The file at `path`, a page of `scope`: the previous build's bytes
    /// when its scope's shared part, its `key` (everything else the
    /// template sees, from [`key`]; `None` is never the same) and its
    /// Markdown `content` are unchanged, else what `render` makes.
    pub(crate) fn file(
        &self,
        path: String,
        scope: Scope,
        key: Option<Vec<u8>>,
        content: Option<&Arc<Rendered>>,
        render: impl FnOnce() -> Result<String, Diagnostic>,
    ) -> Result<OutputFile, Diagnostic> {
        let same_inputs = |old: &Arc<FileEntry>| {
            old.scope == scope
                && self.same.get(&scope) == Some(&true)
                && key.is_some()
                && old.key == key
                && match (&old.content, content) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                }
        };
        let entry = self.round.try_get(path.clone(), same_inputs, |_| {
            Ok(Arc::new(FileEntry {
                scope,
                key: key.clone(),
                content: content.cloned(),
                bytes: Arc::new(render()?.into_bytes()),
            }))
        })?;
        Ok(OutputFile {
            path,
            body: Body::Bytes(entry.bytes.clone()),
        })
    }
}

/// A value serialized, as the exact record of what a template is given;
/// `None` (never reused) if it cannot be serialized. bincode, not JSON:
/// strings are copied with their length, not escaped, and keys are made
/// for every page of every rebuild.
pub(crate) fn key(value: &impl Serialize) -> Option<Vec<u8>> {
    bincode::serialize(value).ok()
}
