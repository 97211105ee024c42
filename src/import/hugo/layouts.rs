//! The parts of a Hugo site lectern does not read: Go templates in
//! `layouts/` and in themes, and Hugo's other directories.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use super::{relative, subdirs};

/// Where Hugo keeps shortcode templates in a layouts directory (the second
/// since Hugo 0.146).
const SHORTCODE_DIRS: [&str; 2] = ["shortcodes", "_shortcodes"];
/// Hugo's directories that lectern has no use for, with what they hold.
const OTHER_DIRS: [(&str, &str); 4] = [
    (
        "assets",
        "Hugo Pipes are not run: files the site publishes go in static/",
    ),
    (
        "data",
        "lectern reads no data files: values templates need go in [params]",
    ),
    ("archetypes", "`lectern new` writes its own front matter"),
    ("resources", "Hugo's generated files; nothing to move"),
];

#[derive(Default)]
pub(super) struct GoTemplates {
    /// Shortcode name → its template, the site's `layouts/` before a theme's.
    pub(super) shortcodes: BTreeMap<String, String>,
    /// The site's own shortcode templates, by name.
    pub(super) own_shortcodes: Vec<String>,
    /// The site's other templates in `layouts/`.
    pub(super) layouts: Vec<String>,
    /// `themes/NAME/` directories.
    pub(super) themes: Vec<String>,
    /// Hugo's other directories present, with their number of files and
    /// what lectern makes of them.
    pub(super) other_dirs: Vec<(String, usize, &'static str)>,
}

pub(super) fn read(site_dir: &Path) -> GoTemplates {
    let mut found = GoTemplates::default();
    let layouts = site_dir.join("layouts");
    for file in files(&layouts) {
        match shortcode_name(&file) {
            Some(name) => {
                found.own_shortcodes.push(name.clone());
                found
                    .shortcodes
                    .entry(name)
                    .or_insert_with(|| format!("layouts/{file}"));
            }
            None => found.layouts.push(format!("layouts/{file}")),
        }
    }
    found.own_shortcodes.dedup();
    for theme in subdirs(&site_dir.join("themes")) {
        found.themes.push(format!("themes/{theme}/"));
        for file in files(&site_dir.join("themes").join(&theme).join("layouts")) {
            if let Some(name) = shortcode_name(&file) {
                found
                    .shortcodes
                    .entry(name)
                    .or_insert_with(|| format!("themes/{theme}/layouts/{file}"));
            }
        }
    }
    for (dir, why) in OTHER_DIRS {
        let count = files(&site_dir.join(dir)).len();
        if count > 0 {
            found.other_dirs.push((format!("{dir}/"), count, why));
        }
    }
    found
}

/// The shortcode a template below `layouts/` defines (`shortcodes/a/b.html`
/// → `a/b`; `shortcodes/note.en.html` → `note`).
fn shortcode_name(file: &str) -> Option<String> {
    let rest = SHORTCODE_DIRS
        .iter()
        .find_map(|dir| file.strip_prefix(dir)?.strip_prefix('/'))?;
    let (dir, name) = rest.rsplit_once('/').map_or(("", rest), |(d, n)| (d, n));
    let stem = name.split('.').next().unwrap_or(name);
    Some(if dir.is_empty() {
        stem.to_string()
    } else {
        format!("{dir}/{stem}")
    })
}

/// The files below `dir`, `/`-separated and sorted; none when it is missing.
fn files(dir: &Path) -> Vec<String> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| relative(dir, e.path()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_templates_are_named_as_calls_name_them() {
        assert_eq!(
            shortcode_name("shortcodes/img.html").as_deref(),
            Some("img")
        );
        assert_eq!(
            shortcode_name("_shortcodes/note.en.html").as_deref(),
            Some("note")
        );
        assert_eq!(
            shortcode_name("shortcodes/hextra/card.html").as_deref(),
            Some("hextra/card")
        );
        assert_eq!(shortcode_name("partials/head.html"), None);
    }
}
