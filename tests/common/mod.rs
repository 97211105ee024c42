//! Helpers for building fixture sites and reading their HTML.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, PoisonError};

use scraper::{Html, Selector};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture into a temporary directory, so a test may change it.
pub(crate) fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Runs the `lectern` binary.
pub(crate) fn lectern(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the `lectern` binary in `dir`, so it names files as `content/…`.
pub(crate) fn lectern_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Writes each `(path, text)` of `files` below `dir`, making the
/// directories on the way: a site (or a change to one) reads as a list.
pub(crate) fn write_files<P: AsRef<Path>, T: AsRef<[u8]>>(
    dir: &Path,
    files: impl IntoIterator<Item = (P, T)>,
) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// A site in a temporary directory made of `files`, each `(path, text)`
/// relative to the site directory, e.g.
/// `site([("site.toml", "title = \"T\"\n"), ("content/a.md", "# A\n")])`.
pub(crate) fn site<P: AsRef<Path>, T: AsRef<[u8]>>(
    files: impl IntoIterator<Item = (P, T)>,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

/// Builds `site` in this process (the command line has tests of its own)
/// into a fresh temporary output directory.
pub(crate) fn build(site: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(site, &out);
    (tmp, out)
}

fn build_into(site: &Path, out: &Path) {
    let options = lectern::BuildOptions {
        output: Some(out.to_path_buf()),
        ..Default::default()
    };
    if let Err(e) = lectern::build(site, &options) {
        panic!("building {} failed:\n{e}", site.display());
    }
}

/// The output of the site in `site`, built once for the whole test binary
/// and shared by the tests that only read it. It is written below Cargo's
/// directory for integration tests' files and replaced on every run (so one
/// run of a test binary at a time, as `cargo test` does).
pub(crate) fn built(site: &Path) -> &'static Path {
    static BUILT: Mutex<BTreeMap<PathBuf, &'static Path>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
    built.entry(site.to_path_buf()).or_insert_with(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(env!("CARGO_CRATE_NAME"))
            .join(site.file_name().unwrap());
        build_into(site, &out);
        Box::leak(out.into_boxed_path())
    })
}

/// The repository's own demo course.
pub(crate) fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub(crate) fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub(crate) fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(attr))
        .map(str::to_string)
        .collect()
}

/// Every file below `dir`, relative path → bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        files.insert(rel, std::fs::read(&entry).unwrap());
    }
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub(crate) use lectern::escape::percent_decode;

/// Checks every internal link of every HTML page in `out`: the target file
/// exists and, for `#fragment`s, has an element with that id. `base_path`
/// is the site's URL prefix (`/` or `/course/`). Returns the problems.
pub(crate) fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // The ids of each target read so far; `None` when there is no file.
    let mut ids: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for (rel, bytes) in tree(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for href in attrs(
            &html,
            "a[href], link[rel=stylesheet], script[src], img[src]",
            "href",
        )
        .into_iter()
        .chain(attrs(&html, "img[src], script[src]", "src"))
        {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
            // A query does not change which file is served.
            let path = path.split('?').next().unwrap_or_default();
            // A relative link goes from the page's URL, as a browser takes it.
            let path = if path.is_empty() || path.starts_with('/') {
                path.to_string()
            } else {
                let page_dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                browser_join(&format!("{base_path}{page_dir}/"), path)
            };
            let path = path.as_str();
            let target_file = if path.is_empty() {
                rel.clone()
            } else {
                let Some(local) = percent_decode(path)
                    .strip_prefix(base_path)
                    .map(str::to_string)
                else {
                    problems.push(format!("{rel}: {href} is outside the site"));
                    continue;
                };
                // A directory named without its slash is served redirected.
                if local.is_empty() || local.ends_with('/') {
                    format!("{local}index.html")
                } else if out.join(&local).is_dir() {
                    format!("{local}/index.html")
                } else {
                    local
                }
            };
            let target_ids = ids
                .entry(target_file.clone())
                .or_insert_with(|| ids_in(&out.join(&target_file)));
            let Some(target_ids) = target_ids else {
                problems.push(format!("{rel}: {href}: no file {target_file}"));
                continue;
            };
            if !fragment.is_empty() {
                let id = percent_decode(fragment);
                if !target_ids.contains(&*id) {
                    problems.push(format!("{rel}: {href}: no id {id:?} in {target_file}"));
                }
            }
        }
    }
    problems
}

/// The ids of the elements in the file at `path` read as HTML (none when it
/// is not text), or `None` when there is no file.
fn ids_in(path: &Path) -> Option<BTreeSet<String>> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8(bytes).unwrap_or_default();
    Some(
        attrs(&Html::parse_document(&text), "[id]", "id")
            .into_iter()
            .collect(),
    )
}

/// `link` resolved from the directory URL `dir` (ending in `/`), `.` and
/// `..` segments taken away as a browser does.
fn browser_join(dir: &str, link: &str) -> String {
    let mut parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    let segments: Vec<&str> = link.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
        // A link ending in `.` or `..` names a directory.
        if i + 1 == segments.len() && matches!(*segment, "." | "..") {
            parts.push("");
        }
    }
    parts.join("/")
}
