//! Helpers for building fixture sites and reading their HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture into a temporary directory, so a test may change it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
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
pub fn lectern(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the `lectern` binary in `dir`, so it names files as `content/…`.
pub fn lectern_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Builds `site` into a fresh temporary output directory.
pub fn build(site: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = lectern(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

pub fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(attr))
        .map(str::to_string)
        .collect()
}

/// Every file below `dir`, relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

pub use lectern::escape::percent_decode;

/// Checks every internal link of every HTML page in `out`: the target file
/// exists and, for `#fragment`s, has an element with that id. `base_path`
/// is the site's URL prefix (`/` or `/course/`). Returns the problems.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
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
                if local.is_empty() || local.ends_with('/') {
                    format!("{local}index.html")
                } else {
                    local
                }
            };
            let Ok(text) = std::fs::read_to_string(out.join(&target_file))
                .or_else(|_| std::fs::read(out.join(&target_file)).map(|_| String::new()))
            else {
                problems.push(format!("{rel}: {href}: no file {target_file}"));
                continue;
            };
            if !fragment.is_empty() {
                let id = percent_decode(fragment);
                let target = Html::parse_document(&text);
                let sel =
                    Selector::parse(&format!("[id=\"{}\"]", id.replace('"', "\\\""))).unwrap();
                if target.select(&sel).next().is_none() {
                    problems.push(format!("{rel}: {href}: no id {id:?} in {target_file}"));
                }
            }
        }
    }
    problems
}
