//! What `serve` serves after each kind of edit is byte for byte a fresh
//! build of the same sources, and an edited page served ahead of its
//! rebuild is already the page that rebuild makes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::site::{Builder, Outcome, Snapshot};
use super::watch::{Batch, ChangeKind};
use crate::output::Body;
use crate::sync::Locked;
use crate::{BuildOptions, Session};

struct Served {
    dir: tempfile::TempDir,
    options: BuildOptions,
    builder: Builder,
}

/// What a build handed to `publish`: each snapshot with its changed paths.
type Published = Vec<(Arc<Snapshot>, Vec<String>)>;

impl Served {
    fn new() -> Served {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to).unwrap();
            } else {
                std::fs::copy(entry.path(), to).unwrap();
            }
        }
        let options = BuildOptions {
            base_url: Some("http://127.0.0.1:1313/".into()),
            broken_links_warn: true,
            defer_search: true,
            ..BuildOptions::default()
        };
        let builder = Builder::new(dir.path().to_path_buf(), options.clone());
        let mut served = Served {
            dir,
            options,
            builder,
        };
        served.rebuild(&[]);
        served
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    /// Rebuilds after changes to `changed`, as the watcher reports them,
    /// with what was published on the way.
    fn rebuild(&mut self, changed: &[&str]) -> (Outcome, Published) {
        let mut batch = Batch::default();
        for rel in changed {
            batch.paths.insert(self.path(rel), ChangeKind::Content);
        }
        let published: Mutex<Published> = Mutex::default();
        let publish = |snapshot, paths| published.locked().push((snapshot, paths));
        let outcome = self.builder.build(&batch, &publish);
        (outcome, published.into_value())
    }

    /// Rebuilds, checks what is served against a fresh build, and returns
    /// the broken links listed over the pages; every page published ahead
    /// of the rebuild must be that build's.
    fn rebuild_fresh(&mut self, changed: &[&str]) -> (Vec<String>, Vec<String>) {
        let (outcome, published) = self.rebuild(changed);
        let Outcome::Built { links, .. } = outcome else {
            panic!("the rebuild after changing {changed:?} failed");
        };
        let (served, _) = self.builder.current();
        let fresh = Session::once()
            .generate(self.dir.path(), &self.options)
            .unwrap();
        let fresh = Snapshot::new(fresh.files);
        assert_eq!(served.paths(), fresh.paths(), "after changing {changed:?}");
        for path in fresh.paths() {
            assert!(
                same(served.get(&path), fresh.get(&path)),
                "{path} differs from a fresh build after changing {changed:?}"
            );
        }
        let mut early = Vec::new();
        for (snapshot, paths) in &published {
            for path in paths {
                assert!(
                    same(snapshot.get(path), fresh.get(path)),
                    "{path} was served ahead as another build's"
                );
            }
            early.extend(paths.iter().cloned());
        }
        let links = links.iter().map(|d| d.message.clone()).collect();
        (early, links)
    }
}

fn same(a: Option<&Body>, b: Option<&Body>) -> bool {
    match (a, b) {
        (Some(Body::Bytes(a)), Some(Body::Bytes(b))) => a == b,
        (Some(Body::Copy(a)), Some(Body::Copy(b))) => a == b,
        _ => false,
    }
}

const INTRO: &str = "content/en/ch1/intro.md";
const INTRO_PAGE: &str = "en/ch1/intro/index.html";

#[test]
fn every_kind_of_edit_serves_a_fresh_build_and_the_edited_page_first() {
    let mut s = Served::new();

    s.edit(INTRO, "Careful.", "Very careful.");
    let (early, _) = s.rebuild_fresh(&[INTRO]);
    assert_eq!(early, [INTRO_PAGE], "a body edit serves its page first");

    // A title shows in other pages' sidebars and neighbours: they follow.
    s.edit(
        INTRO,
        "title: \"Intro to <Go> & friends\"",
        "title: Renamed",
    );
    let (early, _) = s.rebuild_fresh(&[INTRO]);
    assert_eq!(early, [INTRO_PAGE]);

    s.edit(INTRO, "weight: 1", "weight: 7");
    s.rebuild_fresh(&[INTRO]);

    // Another page links to this heading.
    s.edit(INTRO, "## Setup\n", "## Set up\n");
    let (_, links) = s.rebuild_fresh(&[INTRO]);
    assert!(
        links.iter().any(|m| m.contains("`setup`")),
        "the link to the removed heading is listed: {links:?}"
    );
    s.edit(INTRO, "## Set up\n", "## Setup\n");
    let (_, links) = s.rebuild_fresh(&[INTRO]);
    assert_eq!(links, Vec::<String>::new());

    // Gone and new pages: the site's files are walked again.
    let plain = "content/en/ch2/plain.md";
    std::fs::remove_file(s.path(plain)).unwrap();
    let (early, _) = s.rebuild_fresh(&[plain]);
    assert_eq!(early, Vec::<String>::new());
    let added = "content/en/ch2/added.md";
    std::fs::write(
        s.path(added),
        "---\ntitle: Added\n---\nNew [intro](../ch1/intro.md).\n",
    )
    .unwrap();
    let (early, _) = s.rebuild_fresh(&[added]);
    assert_eq!(early, ["en/ch2/added/index.html"]);
    s.edit(added, "New", "Newer");
    s.rebuild_fresh(&[added]);
}

#[test]
fn no_page_is_served_ahead_of_a_rebuild_that_fails() {
    let mut s = Served::new();
    let (before, _) = s.builder.current();
    let broken = "content/en/ch1/unweighted.md";
    s.edit(INTRO, "Careful.", "Very careful.");
    s.edit(broken, "---\n", "---\nweight: [\n");
    let (outcome, published) = s.rebuild(&[INTRO, broken]);
    assert!(matches!(outcome, Outcome::Failed(_)));
    assert_eq!(published.len(), 0, "nothing is served ahead");
    assert!(Arc::ptr_eq(&s.builder.current().0, &before));

    s.edit(broken, "weight: [\n", "");
    s.edit(broken, "Back to", "Back again to");
    let (early, _) = s.rebuild_fresh(&[broken]);
    assert_eq!(early, ["en/ch1/unweighted/index.html"]);
}
