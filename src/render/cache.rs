//! What one build rendered, kept for the next so a rebuild redoes only what
//! changed. A page's Markdown is reused while its parsed file, title and
//! settings are the same and every link in it still resolves to the same
//! target; a file's HTML while the template set and everything the template
//! sees are the same. Reuse is decided by comparing inputs, never by what
//! changed on disk, so a rebuild is byte for byte a fresh build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::cache_dir::{self as stored, CacheDir};
use crate::content::page::{PageId, ParsedPage};
use crate::error::Diagnostic;
use crate::incremental::{Round, Store};
use crate::markdown::diagram::DiagramMode;
use crate::markdown::image_size::ImageSize;
use crate::markdown::math::MathMode;
use crate::markdown::{self, LinkResolver, LinkTarget, Rendered};
use crate::output::{Body, OutputFile, Sink};
use crate::render::templates::TemplateInputs;
use crate::sync::Locked;

pub(crate) struct RenderCache {
    markdown: Store<MarkdownKey, Arc<MarkdownEntry>>,
    /// Where Markdown is kept from one run of lectern to the next.
    stored: Option<Arc<CacheDir>>,
    templates: Option<TemplateInputs>,
    /// What the pages of a scope share (site, language, navigation).
    shared: HashMap<Scope, stored::Digest>,
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
    html: PageHtml,
    rendered: Arc<Rendered>,
}

/// A page's Markdown as HTML: rendered, or left in the cache on disk until
/// a template needs it (a page whose file the previous build already
/// wrote does not).
#[derive(Clone, Default)]
pub(crate) struct PageHtml {
    /// What the HTML is made from, for the keys of the cache on disk:
    /// its Markdown's key there and the answers its links and images got.
    id: stored::Digest,
    text: Arc<OnceLock<Arc<str>>>,
    /// Where the text is, when it is not loaded yet.
    stored: Option<(Arc<CacheDir>, stored::Digest)>,
}

impl PageHtml {
    fn rendered(html: String, id: stored::Digest) -> PageHtml {
        PageHtml {
            id,
            text: Arc::new(OnceLock::from(Arc::from(html))),
            stored: None,
        }
    }

    pub(crate) fn id(&self) -> &stored::Digest {
        &self.id
    }

    /// The text, if it is loaded or loads whole.
    fn loaded(&self) -> Option<Arc<str>> {
        if let Some(text) = self.text.get() {
            return Some(text.clone());
        }
        let (dir, key) = self.stored.as_ref()?;
        let text: String = dir.get(key)?;
        Some(self.text.get_or_init(|| Arc::from(text)).clone())
    }
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
    ) -> (PageHtml, Arc<Rendered>) {
        let key = (job.lang, job.parsed.source.path.clone());
        let entry = self
            .round
            .get(key, |old| old.reusable(job), |_| Arc::new(self.make(job)));
        (entry.html.clone(), entry.rendered.clone())
    }

    /// The text of a page's HTML from [`MarkdownRound::page`]; rendered
    /// again from `job` if the cache on disk no longer reads back whole.
    pub(crate) fn text<R: LinkResolver>(
        &self,
        html: &PageHtml,
        job: Option<&MarkdownJob<'_, R>>,
    ) -> Arc<str> {
        html.loaded()
            .or_else(|| job.and_then(|job| MarkdownEntry::render(job, None).html.loaded()))
            .unwrap_or_else(|| Arc::from(""))
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
            return MarkdownEntry::render(job, None);
        };
        let key = stored::digest(&StoredInputs::of(job));
        if let Some(kept) = stored.get::<StoredMarkdown>(&key) {
            if same_answers(&kept.links, &kept.images, &job.links) {
                stored.keep(key);
                stored.keep(html_key(&key));
                return MarkdownEntry::from_stored(job, kept, stored, key);
            }
        }
        let entry = MarkdownEntry::render(job, Some(key));
        if let Some(text) = entry.html.text.get() {
            stored.put(html_key(&key), &**text);
        }
        stored.put(
            key,
            &StoredMarkdown {
                links: entry.links.clone(),
                images: entry.images.clone(),
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
    /// The SHA-256 of the whole file's text (the job's is its parsed page's).
    text: &'a stored::Digest,
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
            text: job.parsed.text_digest(),
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

/// A page's Markdown as the cache on disk keeps it; its HTML is an entry
/// of its own ([`html_key`]), read only when a template needs it.
#[derive(Serialize, Deserialize)]
struct StoredMarkdown {
    links: Vec<(String, LinkTarget)>,
    images: Vec<(String, ImageSize)>,
    rendered: Rendered,
}

/// The key of the HTML of the Markdown stored under `key`.
fn html_key(key: &stored::Digest) -> stored::Digest {
    stored::digest(&("html", key))
}

/// What a page's HTML is made from: its Markdown's key in the cache on
/// disk and the answers its links and images got.
fn html_id(
    key: &stored::Digest,
    links: &[(String, LinkTarget)],
    images: &[(String, ImageSize)],
) -> stored::Digest {
    stored::digest(&(key, links, images))
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

    /// The cache on disk, to hold beyond a borrow of this one.
    pub(crate) fn stored_shared(&self) -> Option<Arc<CacheDir>> {
        self.stored.clone()
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

    /// Whether files are kept from one build to the next, in memory or on
    /// disk: only then are their inputs worth a key.
    pub(crate) fn keeps_files(&self) -> bool {
        self.files.keeps() || self.stored.is_some()
    }

    /// Starts a round of file rendering with this template set and what
    /// the pages of each scope share (the SHA-256 of its [`key`]): a change
    /// to either re-renders all that depends on it.
    pub(crate) fn files(
        &mut self,
        templates: &TemplateInputs,
        shared: impl IntoIterator<Item = (Scope, Option<stored::Digest>)>,
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
        // Files are taken from the previous output only in a single build:
        // a session that keeps its files has them in memory.
        let stored = self.stored.is_some() && !self.files.keeps();
        let stored = stored.then(|| StoredFiles {
            templates: templates.digest(),
            shared: self
                .shared
                .iter()
                .map(|(scope, key)| (*scope, *key))
                .collect(),
        });
        FileRound {
            round: self.files.round(),
            same,
            stored,
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

    /// The entry of a job whose Markdown `stored` had under `key`.
    fn from_stored(
        job: &MarkdownJob<'_, impl LinkResolver>,
        kept: StoredMarkdown,
        stored: &Arc<CacheDir>,
        key: stored::Digest,
    ) -> MarkdownEntry {
        let html = PageHtml {
            id: html_id(&key, &kept.links, &kept.images),
            text: Arc::default(),
            stored: Some((stored.clone(), html_key(&key))),
        };
        MarkdownEntry {
            links: kept.links,
            images: kept.images,
            html,
            rendered: Arc::new(kept.rendered),
            ..MarkdownEntry::inputs(job)
        }
    }

    /// The job's Markdown rendered now; `key` is its key in the cache on
    /// disk, if there is one.
    fn render(
        job: &MarkdownJob<'_, impl LinkResolver>,
        key: Option<stored::Digest>,
    ) -> MarkdownEntry {
        let recorder = Recorder {
            inner: &job.links,
            seen: Mutex::default(),
            images: Mutex::default(),
        };
        let (html, rendered) = markdown::render(&job.input, &recorder);
        let (links, images) = (recorder.seen.into_value(), recorder.images.into_value());
        let id = key.map_or_else(Default::default, |key| html_id(&key, &links, &images));
        MarkdownEntry {
            links,
            images,
            html: PageHtml::rendered(html, id),
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
            html: PageHtml::default(),
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
    stored: Option<StoredFiles>,
}

/// What a file's key in the cache on disk is made from besides its own
/// inputs: the template set and what the pages of its scope share.
struct StoredFiles {
    templates: stored::Digest,
    shared: HashMap<Scope, stored::Digest>,
}

impl FileRound {
    /// Whether files are kept for a next build, here or on disk: without,
    /// there is no need for their keys.
    pub(crate) fn keeps(&self) -> bool {
        self.round.keeps() || self.stored.is_some()
    }

    /// The file at `path`, a page of `scope`: the previous build's bytes
    /// when its scope's shared part, its `key` (everything else the
    /// template sees, from [`key`]; `None` is never the same) and its
    /// Markdown `content` are unchanged, else what `render` makes. `None`
    /// when `sink` keeps the file the previous build wrote, which the cache
    /// on disk says these inputs make (with the Markdown's [`PageHtml::id`]).
    pub(crate) fn file(
        &self,
        path: String,
        scope: Scope,
        key: Option<Vec<u8>>,
        content: Option<(&Arc<Rendered>, &stored::Digest)>,
        sink: &dyn Sink,
        render: impl FnOnce() -> Result<String, Diagnostic>,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let stored = self.stored.as_ref().and_then(|s| {
            let key = key.as_ref()?;
            let shared = s.shared.get(&scope)?;
            let html = content.map(|(_, html)| html);
            Some(stored::digest(&(&path, s.templates, shared, key, html)))
        });
        if stored.is_some_and(|stored| sink.reuse(&path, &stored)) {
            return Ok(None);
        }
        let content = content.map(|(rendered, _)| rendered);
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
        Ok(Some(OutputFile {
            path,
            body: Body::Bytes(entry.bytes.clone()),
            stored,
        }))
    }
}

/// A value serialized, as the exact record of what a template is given;
/// `None` (never reused) if it cannot be serialized. bincode, not JSON:
/// strings are copied with their length, not escaped, and keys are made
/// for every page of every rebuild.
pub(crate) fn key(value: &impl Serialize) -> Option<Vec<u8>> {
    bincode::serialize(value).ok()
}
