//! The site as served: the last good build, in memory, and the rebuilds
//! that replace it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::deferred::SearchJob;
use super::watch::{Batch, ChangeKind};
use crate::error::{Diagnostic, Error, Kind};
use crate::output::{Body, OutputFile};
use crate::sync::Locked;
use crate::{BuildOptions, Session};

/// Every output file by its path, as a build would write it.
#[derive(Default)]
pub(crate) struct Snapshot {
    files: HashMap<String, Body>,
}

pub(crate) enum Lookup<'a> {
    /// The file, under the name it was found by.
    File(&'a str, &'a Body),
    /// A directory asked for without its trailing slash.
    Redirect,
    NotFound,
}

impl Snapshot {
    pub(super) fn new(files: Vec<OutputFile>) -> Snapshot {
        // Later files win a shared path, as when written.
        Snapshot {
            files: files.into_iter().map(|f| (f.path, f.body)).collect(),
        }
    }

    /// This snapshot with `more` files added, over any at their paths.
    pub(crate) fn with(&self, more: &[OutputFile]) -> Snapshot {
        let mut files = self.files.clone();
        files.extend(more.iter().map(|f| (f.path.clone(), f.body.clone())));
        Snapshot { files }
    }

    /// Every output path, sorted.
    #[cfg(test)]
    pub(super) fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.files.keys().cloned().collect();
        paths.sort();
        paths
    }

    /// No build has succeeded yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    /// What a request for `path` (decoded, without the leading `/`) finds.
    pub(crate) fn lookup(&self, path: &str) -> Lookup<'_> {
        if path.is_empty() || path.ends_with('/') {
            let index = format!("{path}index.html");
            return match self.files.get_key_value(&index) {
                Some((name, body)) => Lookup::File(name, body),
                None => Lookup::NotFound,
            };
        }
        if let Some((name, body)) = self.files.get_key_value(path) {
            Lookup::File(name, body)
        } else if self.files.contains_key(&format!("{path}/index.html")) {
            Lookup::Redirect
        } else {
            Lookup::NotFound
        }
    }

    /// The output paths whose contents differ from `old`'s, added and
    /// removed ones included, sorted. A copied file counts as changed when
    /// its source is among `touched`.
    fn changes(&self, old: &Snapshot, touched: &dyn Fn(&Path) -> bool) -> Vec<String> {
        let mut changed: Vec<String> = self
            .files
            .iter()
            .filter(|(path, body)| match (old.files.get(*path), body) {
                (Some(Body::Bytes(a)), Body::Bytes(b)) => !(Arc::ptr_eq(a, b) || a == b),
                (Some(Body::Copy(a)), Body::Copy(b)) => a != b || touched(b),
                _ => true,
            })
            .map(|(path, _)| path.clone())
            .chain(
                old.files
                    .keys()
                    .filter(|path| !self.files.contains_key(*path))
                    .cloned(),
            )
            .collect();
        changed.sort();
        changed
    }

    /// The output paths copied from `sources`, if every one of them is a
    /// file this site copies: then a rebuild would change nothing else.
    fn copies_of(&self, sources: &[&Path]) -> Option<Vec<String>> {
        let mut found = vec![false; sources.len()];
        let mut paths = Vec::new();
        for (path, body) in &self.files {
            if let Body::Copy(source) = body {
                if let Some(i) = sources.iter().position(|s| s == source) {
                    found[i] = true;
                    paths.push(path.clone());
                }
            }
        }
        paths.sort();
        found.iter().all(|f| *f).then_some(paths)
    }
}

/// What a rebuild came to.
pub(crate) enum Outcome {
    /// These output paths changed (empty: the output is the same).
    Built {
        changed: Vec<String>,
        warnings: Vec<Diagnostic>,
        /// Every link to nothing (a warning in a preview), shown over the pages.
        links: Vec<Diagnostic>,
        /// Pages in the site; `None` when only copied files changed.
        pages: Option<usize>,
        /// When the edited pages were handed to `publish`, if they were.
        first: Option<Duration>,
        elapsed: Duration,
        /// The search index to make for this build.
        search: Option<Box<SearchJob>>,
    },
    /// The sources have errors; the last good site is still served.
    Failed(Vec<Diagnostic>),
}

/// Serves a snapshot, telling the open pages which of its output paths
/// changed.
pub(crate) type Publish<'a> = &'a (dyn Fn(Arc<Snapshot>, Vec<String>) + Sync);

/// Builds the site again and again, each time reusing what it can.
pub(crate) struct Builder {
    site_dir: PathBuf,
    options: BuildOptions,
    session: Session,
    current: Arc<Snapshot>,
    /// The warnings of the last build, so a rebuild tells only new ones.
    warned: Vec<Diagnostic>,
    /// The last build failed.
    failing: bool,
    /// What changed since the last good build: a copied file among these
    /// counts as changed.
    touched: Vec<PathBuf>,
    /// Events were lost since the last good build.
    rescanned: bool,
    /// Counts the good builds.
    generation: u64,
}

impl Builder {
    pub(crate) fn new(site_dir: PathBuf, options: BuildOptions) -> Builder {
        Builder {
            site_dir,
            options,
            session: Session::incremental(),
            current: Arc::default(),
            warned: Vec::new(),
            failing: false,
            touched: Vec::new(),
            rescanned: false,
            generation: 0,
        }
    }

    /// The last good build, and its number.
    pub(crate) fn current(&self) -> (Arc<Snapshot>, u64) {
        (self.current.clone(), self.generation)
    }

    /// Builds for the first time, or after the changes in `batch`. The
    /// pages of changed content files are handed to `publish` as soon as
    /// they are made, over the last good build, with the paths that
    /// changed; should the build then fail, the last good build goes back
    /// to `publish` the same way.
    pub(super) fn build(&mut self, batch: &Batch, publish: Publish<'_>) -> Outcome {
        let start = Instant::now();
        self.touched.extend(batch.paths.keys().cloned());
        self.rescanned |= batch.rescan;
        // Editing a file that is only copied (a stylesheet, an image)
        // changes that file and nothing else, unless the sources have errors
        // to report again.
        let sources: Vec<&Path> = batch.paths.keys().map(PathBuf::as_path).collect();
        // A book's chapters bring in files beside them (`{{#include}}`),
        // so there a copied file may change pages: rebuild, which
        // re-renders just the pages whose text changed.
        let book = crate::config::Config::load(&self.site_dir).is_ok_and(|c| c.summary.is_some());
        let copies_only = !batch.rescan && !self.failing && !sources.is_empty() && !book;
        if copies_only && sources.iter().all(|p| p.is_file()) {
            if let Some(changed) = self.current.copies_of(&sources) {
                self.touched.clear();
                return Outcome::Built {
                    changed,
                    warnings: Vec::new(),
                    links: self.broken_links(),
                    pages: None,
                    first: None,
                    elapsed: start.elapsed(),
                    search: None,
                };
            }
        }
        if batch.rescan {
            self.session = Session::incremental();
        }
        // Templates, strings and site.toml are read anew by every build;
        // content files are parsed again only when they changed.
        for (path, kind) in &batch.paths {
            if *kind == ChangeKind::Content {
                self.session.invalidate(path);
            }
        }
        // Every event of the batch names a content file that is there:
        // files were written, none created or removed (that would name a
        // path the last build did not find, or one that is gone).
        let written = batch.paths.iter().all(|(path, kind)| {
            *kind == ChangeKind::Content && path.symlink_metadata().is_ok_and(|m| m.is_file())
        });
        if written && !batch.rescan && !batch.paths.is_empty() {
            self.session.same_files();
        }
        let current = self.current.clone();
        let early: Mutex<Option<(Arc<Snapshot>, Duration)>> = Mutex::default();
        let first = |files: Vec<OutputFile>| {
            let served = Arc::new(current.with(&files));
            let changed = served.changes(&current, &|_| false);
            if !changed.is_empty() {
                publish(served.clone(), changed);
                *early.locked() = Some((served, start.elapsed()));
            }
        };
        let result = self
            .session
            .generate_first(&self.site_dir, &self.options, Some(&first));
        let (served, first) = match early.into_value() {
            Some((served, at)) => (served, Some(at)),
            None => (current, None),
        };
        self.failing = result.is_err();
        if result.is_err() && first.is_some() {
            publish(
                self.current.clone(),
                self.current.changes(&served, &|_| false),
            );
        }
        match result {
            Ok(generated) => {
                let warnings = generated
                    .warnings
                    .iter()
                    .filter(|w| !self.warned.contains(w))
                    .cloned()
                    .collect();
                self.warned = generated.warnings.clone();
                let pages = generated.site.page_count();
                let next = Snapshot::new(generated.files);
                let touched = |source: &Path| {
                    self.rescanned || self.touched.iter().any(|p| source.starts_with(p))
                };
                let changed = next.changes(&served, &touched);
                self.current = Arc::new(next);
                self.touched.clear();
                self.rescanned = false;
                self.generation += 1;
                Outcome::Built {
                    changed,
                    warnings,
                    links: self.broken_links(),
                    pages: Some(pages),
                    first,
                    elapsed: start.elapsed(),
                    search: Some(Box::new(SearchJob {
                        generation: self.generation,
                        site: generated.site,
                        rendered: generated.rendered,
                    })),
                }
            }
            Err(e) => Outcome::Failed(diagnostics(e)),
        }
    }

    /// The last build's links to nothing.
    fn broken_links(&self) -> Vec<Diagnostic> {
        let broken = |d: &&Diagnostic| d.kind == Some(Kind::BrokenLinks);
        self.warned.iter().filter(broken).cloned().collect()
    }
}

/// Any build error as diagnostics, for the terminal and the browser.
fn diagnostics(e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Content(diagnostics) => diagnostics,
        Error::Io { path, source } => vec![Diagnostic::error(path, source.to_string())],
        Error::Usage(message) => vec![Diagnostic::error(PathBuf::new(), message)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_indexes_and_redirect_directories() {
        let site = Snapshot::new(vec![
            OutputFile::bytes("index.html".into(), "home"),
            OutputFile::bytes("en/intro/index.html".into(), "intro"),
            OutputFile::bytes("style.css".into(), "css"),
        ]);
        assert!(matches!(site.lookup(""), Lookup::File("index.html", _)));
        assert!(matches!(
            site.lookup("en/intro/"),
            Lookup::File("en/intro/index.html", _)
        ));
        assert!(matches!(site.lookup("en/intro"), Lookup::Redirect));
        assert!(matches!(site.lookup("style.css"), Lookup::File(..)));
        assert!(matches!(site.lookup("en/"), Lookup::NotFound));
        assert!(matches!(site.lookup("style.css/"), Lookup::NotFound));
    }

    #[test]
    fn changes_compare_bytes_and_touched_copies() {
        let old = Snapshot::new(vec![
            OutputFile::bytes("a.html".into(), "a"),
            OutputFile::bytes("b.html".into(), "b"),
            OutputFile::copy("c.png".into(), PathBuf::from("/s/c.png")),
            OutputFile::bytes("gone.html".into(), "x"),
        ]);
        let new = Snapshot::new(vec![
            OutputFile::bytes("a.html".into(), "a"),
            OutputFile::bytes("b.html".into(), "B"),
            OutputFile::copy("c.png".into(), PathBuf::from("/s/c.png")),
            OutputFile::bytes("new.html".into(), "n"),
        ]);
        assert_eq!(
            new.changes(&old, &|_| false),
            ["b.html", "gone.html", "new.html"]
        );
        assert_eq!(
            new.changes(&old, &|p| p == Path::new("/s/c.png")),
            ["b.html", "c.png", "gone.html", "new.html"]
        );
        assert_eq!(
            new.copies_of(&[Path::new("/s/c.png")]),
            Some(vec!["c.png".to_string()])
        );
        assert_eq!(
            new.copies_of(&[Path::new("/s/c.png"), Path::new("/s/d")]),
            None
        );
    }
}
