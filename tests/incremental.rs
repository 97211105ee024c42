//! A cached rebuild is byte for byte a fresh build, after every kind of
//! edit, and re-renders only what the edit can show up in.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use lectern::output::{Body, OutputFile};
use lectern::{BuildOptions, Session};

/// Output path → bytes, the last file for a path winning as on disk.
fn contents(files: &[OutputFile]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|f| {
            let bytes = match &f.body {
                Body::Bytes(b) => b.to_vec(),
                Body::Copy(source) => std::fs::read(source).unwrap(),
            };
            (f.path.clone(), bytes)
        })
        .collect()
}

fn shared(files: &[OutputFile]) -> BTreeMap<String, Arc<Vec<u8>>> {
    files
        .iter()
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => Some((f.path.clone(), b.clone())),
            Body::Copy(_) => None,
        })
        .collect()
}

struct Scenario {
    dir: tempfile::TempDir,
    session: Session,
    last: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Scenario {
    fn new() -> Scenario {
        let mut s = Scenario {
            dir: common::copy_fixture("course"),
            session: Session::incremental(),
            last: BTreeMap::new(),
        };
        s.rebuild(&[]);
        s
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&mut self, rel: &str, text: &str) -> Vec<String> {
        common::write_files(self.dir.path(), [(rel, text)]);
        self.rebuild(&[rel])
    }

    fn edit(&mut self, rel: &str, from: &str, to: &str) -> Vec<String> {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Rebuilds with the cache, checks the result against a fresh build,
    /// and returns the HTML files rendered anew.
    fn rebuild(&mut self, changed: &[&str]) -> Vec<String> {
        for rel in changed {
            self.session.invalidate(&self.path(rel));
        }
        let options = BuildOptions::default();
        let cached = self.session.generate(self.dir.path(), &options).unwrap();
        let fresh = Session::once().generate(self.dir.path(), &options).unwrap();
        assert_eq!(
            cached.warnings, fresh.warnings,
            "after changing {changed:?}"
        );
        let (cached_files, fresh_files) = (contents(&cached.files), contents(&fresh.files));
        assert_eq!(
            cached_files.keys().collect::<Vec<_>>(),
            fresh_files.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &fresh_files {
            assert!(
                cached_files[path] == *bytes,
                "{path} differs from a fresh build after changing {changed:?}"
            );
        }
        let now = shared(&cached.files);
        let renewed = now
            .iter()
            .filter(|(path, bytes)| {
                path.ends_with(".html")
                    && !self
                        .last
                        .get(*path)
                        .is_some_and(|old| Arc::ptr_eq(old, bytes))
            })
            .map(|(path, _)| path.clone())
            .collect();
        self.last = now;
        renewed
    }
}

fn in_lang<'a>(files: &'a [String], prefix: &str) -> Vec<&'a String> {
    files.iter().filter(|f| f.starts_with(prefix)).collect()
}

#[test]
fn a_body_edit_re_renders_that_page_and_the_listing_of_its_summary() {
    let mut s = Scenario::new();
    let renewed = s.rebuild(&[]);
    assert!(renewed.is_empty(), "nothing changed: {renewed:?}");
    let renewed = s.edit("content/en/ch1/intro.md", "Careful.", "Very careful.");
    // Its section lists it with its summary, its first paragraph.
    assert_eq!(renewed, ["en/ch1/index.html", "en/ch1/intro/index.html"]);
    // Saving the same text again changes nothing.
    let renewed = s.edit("content/en/ch1/intro.md", "Very", "Very");
    assert!(renewed.is_empty(), "{renewed:?}");
}

#[test]
fn summaries_follow_their_page_and_the_summary_length() {
    let mut s = Scenario::new();
    // Kept summaries are cut again to the new length.
    s.edit(
        "site.toml",
        "default_language = \"en\"",
        "default_language = \"en\"\nsummary_length = 3",
    );
    // A summary in front matter replaces the one read from the body.
    let renewed = s.edit(
        "content/en/ch1/intro.md",
        "---\n",
        "---\nsummary: Its own words.\n",
    );
    assert!(renewed.contains(&"en/ch1/index.html".to_string()));
}

#[test]
fn a_title_edit_re_renders_its_language_and_its_translations() {
    let mut s = Scenario::new();
    let renewed = s.edit(
        "content/en/ch1/intro.md",
        "Intro to <Go> & friends",
        "Intro, renamed",
    );
    // Every English page shows the title in its sidebar; the Russian and
    // Chinese intros list it among their translations.
    assert!(renewed.contains(&"en/ch1/unweighted/index.html".to_string()));
    assert!(renewed.contains(&"ru/ch1/intro/index.html".to_string()));
    assert!(
        !renewed.contains(&"ru/index.html".to_string()),
        "{renewed:?}"
    );
    assert!(in_lang(&renewed, "zh/").len() < 3, "{renewed:?}");
}

#[test]
fn a_link_target_moving_re_renders_the_pages_linking_to_it() {
    let mut s = Scenario::new();
    s.edit(
        "content/en/ch1/unweighted.md",
        "---\n",
        "---\nslug: moved\n",
    );
    let out = Session::once()
        .generate(s.dir.path(), &BuildOptions::default())
        .unwrap();
    let intro = contents(&out.files)["en/ch1/intro/index.html"].clone();
    assert!(
        String::from_utf8(intro)
            .unwrap()
            .contains("/ch1/moved/#details")
    );
}

#[test]
fn structure_templates_strings_and_config_edits_match_a_fresh_build() {
    let mut s = Scenario::new();
    s.edit("content/en/ch1/intro.md", "weight: 1", "weight: 9");
    s.write(
        "content/en/ch1/added.md",
        "---\ntitle: Added\n---\n\n[intro](intro.md)\n",
    );
    std::fs::remove_file(s.path("content/en/ch1/added.md")).unwrap();
    s.rebuild(&["content/en/ch1/added.md"]);
    s.edit("content/en/ch1/dated.md", "---\n", "---\ndraft: true\n");
    s.write("content/en/ch2/lesson/extra.svg", "<svg/>");
    let renamed = s.path("content/en/numbered");
    std::fs::rename(&renamed, s.path("content/en/renumbered")).unwrap();
    s.rebuild(&["content/en/numbered", "content/en/renumbered"]);
    s.write(
        "templates/partials/article.html",
        "<article>{{ page.title }}{{ page.content | safe }}</article>\n",
    );
    s.write("i18n/ru.toml", "next = \"Дальше\"\n");
    s.edit("site.toml", "Fixture course", "Renamed course");
    let renewed = s.edit("site.toml", "weight = 1", "weight = 5");
    assert!(!renewed.is_empty());
}

#[test]
fn a_broken_page_fails_and_its_fix_recovers() {
    let mut s = Scenario::new();
    let path = s.path("content/en/ch1/intro.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replacen("weight: 1", "weight: [", 1)).unwrap();
    s.session.invalidate(&path);
    let err = s.session.generate(s.dir.path(), &BuildOptions::default());
    assert!(err.is_err());
    std::fs::write(&path, &good).unwrap();
    let renewed = s.rebuild(&["content/en/ch1/intro.md"]);
    assert!(renewed.contains(&"en/ch1/intro/index.html".to_string()));
}

#[test]
fn invalidating_a_directory_forgets_the_files_below_it() {
    let mut s = Scenario::new();
    common::write_files(
        s.dir.path(),
        [("content/en/numbered/6.1.md", "---\ntitle: Six one\n---\n")],
    );
    let renewed = s.rebuild(&["content/en/numbered"]);
    assert!(renewed.contains(&"en/numbered/6.1/index.html".to_string()));
    assert!(Path::new(&s.path("content/en/numbered/6.1.md")).exists());
}

#[test]
fn per_section_sidebars_and_fallback_pages_match_a_fresh_build() {
    let mut s = Scenario::new();
    let config = std::fs::read_to_string(s.path("site.toml")).unwrap();
    s.write(
        "site.toml",
        &format!("untranslated = \"fallback\"\n{config}\n[theme]\nsidebar = \"sections\"\n"),
    );
    let renewed = s.edit(
        "content/en/ch1/dated.md",
        "title: Alpha dated",
        "title: Dated, renamed",
    );
    // Only the sidebars of the sections leading to the page list it.
    assert!(
        !renewed.contains(&"en/ch2/plain/index.html".to_string()),
        "{renewed:?}"
    );
    s.edit("content/en/ch1/intro.md", "Careful.", "Careful!");
    s.edit("content/en/ch2/plain.md", "\n", "\n\nMore.\n");
}

#[test]
fn a_cached_check_finds_what_a_fresh_one_does() {
    let dir = common::copy_fixture("defects");
    let options = BuildOptions::default();
    let mut cache = Session::incremental();
    let problems = |cache: &mut Session| {
        let cached = cache.analyze(dir.path(), &options, &lectern::output::Discard);
        let fresh = Session::once().analyze(dir.path(), &options, &lectern::output::Discard);
        let (cached, fresh) = (cached.unwrap().diagnostics, fresh.unwrap().diagnostics);
        assert_eq!(cached, fresh);
        fresh.len()
    };
    let before = problems(&mut cache);
    assert!(before > 3, "the fixture has defects");
    assert_eq!(problems(&mut cache), before);
    let path = dir.path().join("content/en/mangled-cp1252.md");
    std::fs::write(&path, "---\ntitle: Clean now\n---\n\nPlain text.\n").unwrap();
    cache.invalidate(&path);
    assert!(problems(&mut cache) < before);
}
