//! `lectern import hugo SITE_DIR`: a Hugo site's configuration, read as
//! Hugo reads it, as the text of a `site.toml`, with a line for every
//! setting that could not be carried over and for what the content will
//! need. It reads the site and writes nothing: the caller writes the
//! `site.toml` ([`super::write_site_toml`]).

mod advice;
mod languages;
mod layout;
mod layouts;
mod lists;
mod load;
mod markdown;
mod menus;
mod notes;
mod scan;
mod themes;
mod tree;
mod unmapped;
mod write;

use std::path::Path;

use serde_json::Value;

use super::Imported;
use crate::error::Result;
use layout::Layout;
use notes::Notes;
use scan::Scan;
use tree::Keys;
use write::Doc;

/// Reads the Hugo site in `site_dir`; changes nothing.
pub fn import(site_dir: &Path) -> Result<Imported> {
    let loaded = load::load(site_dir)?;
    let mut keys = Keys::new(loaded.tree, "");
    let layout = Layout::read(&keys);
    let scan = scan::scan(site_dir, &layout);
    let mut notes = Notes::default();
    let mut doc = Doc::new(&loaded.files);
    site(&mut keys, &mut doc, &layout, &mut notes);
    markdown::markdown(&mut keys, &mut doc, &scan, &mut notes);
    broken_links(&mut doc, &mut notes);
    lists::lists(&mut keys, &mut doc, &mut notes);
    themes::theme(&mut keys, &mut doc, &layout, &mut notes);
    languages::languages(site_dir, &mut keys, &mut doc, &layout, &mut notes);
    permalinks(&mut keys, &scan, &mut notes);
    if let Some(Value::Object(params)) = keys.take("params") {
        doc.params(&params, &mut notes);
    }
    let (_, rest) = keys.rest();
    unmapped::report("", &rest, &mut notes);
    advice::advise(site_dir, &scan, &loaded.unread, &mut notes);
    Ok(Imported {
        site_toml: doc.text(),
        notes: notes.into_lines(),
        read: loaded.files,
    })
}

/// `path` below `dir`, `/`-separated, as Hugo's settings and messages
/// name files.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The names of the directories in `dir`, sorted; none when it is missing.
fn subdirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The site's name, address, content directory and default language.
fn site(keys: &mut Keys, doc: &mut Doc, layout: &Layout, notes: &mut Notes) {
    if let Some(title) = keys.text("title", notes) {
        doc.set("title", title, None);
    }
    // Hugo has no description of its own; themes read params.description,
    // which stays in [params] too.
    if let Some(description) = keys.get("params.description").and_then(Value::as_str) {
        doc.set("description", description, None);
    }
    if let Some(base_url) = keys.text("baseURL", notes) {
        doc.set(
            "base_url",
            base_url,
            Some("Where the site is published: canonical links, the sitemap and URLs use it."),
        );
    }
    // Read into the layout already; taken here so that a value of the
    // wrong type is named.
    keys.text("contentDir", notes);
    keys.text("defaultContentLanguage", notes);
    keys.flag("defaultContentLanguageInSubdir", notes);
    if layout.content_dir != "content" {
        doc.set(
            "content_dir",
            layout.content_dir.as_str(),
            Some("Hugo's contentDir."),
        );
    }
    if layout.multilingual() || layout.default_language != "en" {
        doc.set("default_language", layout.default_language.as_str(), None);
    }
    if layout.multilingual() {
        let comment = if layout.in_subdir {
            "Every language under /<code>/, as Hugo's defaultContentLanguageInSubdir had it."
        } else {
            "The default language at the site root, the others under /<code>/, as Hugo does."
        };
        doc.set(
            "default_language_in_subdir",
            layout.in_subdir,
            Some(comment),
        );
    }
}

/// lectern's default stays (a broken link fails the build), with the
/// setting that lets a site move in gradually offered, commented out.
fn broken_links(doc: &mut Doc, notes: &mut Notes) {
    doc.offer(
        "broken_links",
        "warning",
        "While links are mended: list broken links without failing the build (--strict still fails).",
    );
    notes.choice("broken links fail the build, as lectern's default has it; while they are mended, `broken_links = \"warning\"` (commented out in site.toml) builds the site and lists them");
}

/// Hugo's URL patterns, which lectern cannot follow: said with the pages
/// each moves.
fn permalinks(keys: &mut Keys, scan: &Scan, notes: &mut Notes) {
    let Some(Value::Object(patterns)) = keys.take("permalinks") else {
        return;
    };
    for (key, value) in &patterns {
        let kind = key.to_lowercase();
        match value {
            Value::Object(sections)
                if matches!(kind.as_str(), "page" | "section" | "taxonomy" | "term") =>
            {
                for (section, pattern) in sections {
                    permalink(
                        &format!("permalinks.{key}.{section}"),
                        section,
                        pattern,
                        scan,
                        notes,
                    );
                }
            }
            pattern => permalink(&format!("permalinks.{key}"), key, pattern, scan, notes),
        }
    }
}

fn permalink(path: &str, section: &str, pattern: &Value, scan: &Scan, notes: &mut Notes) {
    let pages = scan.pages_in(section);
    let moved = match pages {
        0 => format!(
            "no page is in {section}/ (taxonomy and term pages are at /{section}/ and /{section}/TERM/)"
        ),
        1 => format!("the page in {section}/ is at its file's path (/{section}/NAME/)"),
        n => format!("the {n} pages in {section}/ are at their files' paths (/{section}/NAME/)"),
    };
    notes.not_carried(
        path,
        Some(pattern),
        &format!("lectern's URLs follow the files: {moved}; a page keeps its Hugo URL with `url:` in its front matter, or redirects from it with `aliases:`"),
    );
}
