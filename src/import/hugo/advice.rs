//! What the content scan and the site's Go templates mean for a site moving
//! in, as lines of advice, each naming the files concerned.

use std::path::Path;

use super::layouts::{self, GoTemplates};
use super::notes::Notes;
use super::scan::Scan;
use crate::error::name_some;

pub(super) fn advise(site_dir: &Path, scan: &Scan, unread: &[(String, &str)], notes: &mut Notes) {
    let templates = layouts::read(site_dir);
    shortcodes(site_dir, scan, &templates, notes);
    pages(scan, notes);
    go_templates(&templates, notes);
    for (dir, count, why) in &templates.other_dirs {
        let files = if *count == 1 { "file" } else { "files" };
        notes.content(format!("{dir} ({count} {files}) is not read: {why}"));
    }
    if site_dir.join("i18n").is_dir() {
        notes.content("i18n/ holds Hugo's translations for its templates; lectern reads i18n/<code>.toml as its own interface strings, so Hugo's keys there go unused, and a file in go-i18n's list form ([[id]]) fails the build: move Hugo's files out");
    }
    for (file, why) in unread {
        notes.choice(format!("{file} is not read: {why}"));
    }
}

/// A line for each shortcode pages call that lectern does not have, and
/// for each of the site's own Go shortcode templates.
fn shortcodes(site_dir: &Path, scan: &Scan, templates: &GoTemplates, notes: &mut Notes) {
    let built_in = crate::shortcode::built_in_names();
    for (name, uses) in &scan.shortcodes {
        let has_tera = site_dir
            .join("templates/shortcodes")
            .join(format!("{name}.html"))
            .is_file();
        if built_in.contains(&name.as_str()) || has_tera {
            continue;
        }
        let calls = match uses.count {
            1 => format!("1 call, at {}", uses.first),
            n => format!("{n} calls, the first at {}", uses.first),
        };
        let source = match templates.shortcodes.get(name) {
            Some(go) => format!("{go} is a Go template, which lectern does not run"),
            None => "lectern has none, and neither has the site (it came with the Hugo theme or a module)".to_string(),
        };
        notes.content(format!(
            "shortcode `{name}` ({calls}): {source}: write a Tera version at templates/shortcodes/{name}.html"
        ));
    }
    for name in &templates.own_shortcodes {
        let Some(go) = templates.shortcodes.get(name) else {
            continue;
        };
        if built_in.contains(&name.as_str()) {
            notes.content(format!(
                "shortcode `{name}`: lectern's built-in one is used, not {go} (a Go template); a Tera templates/shortcodes/{name}.html would replace it"
            ));
        } else if !scan.shortcodes.contains_key(name) {
            notes.content(format!(
                "shortcode `{name}`: {go} is a Go template no page calls; a Tera version would go at templates/shortcodes/{name}.html"
            ));
        }
    }
    if scan.malformed > 0 {
        notes.content(format!(
            "{} shortcode tags cannot be read; `lectern build` names each",
            scan.malformed
        ));
    }
}

/// Pages lectern reads otherwise than Hugo, or not at all.
fn pages(scan: &Scan, notes: &mut Notes) {
    let groups: [(&[String], &str); 5] = [
        (
            &scan.not_read,
            "AsciiDoc, Org, Pandoc or reStructuredText, which lectern does not read: they would be copied as files; convert them to Markdown (pandoc can)",
        ),
        (
            &scan.not_md,
            "Markdown not named .md, which lectern copies as files: rename each to NAME.md (git mv)",
        ),
        (
            &scan.html_pages,
            "HTML pages with front matter, which lectern copies as files, front matter and all: make each a NAME.md holding the HTML",
        ),
        (
            &scan.capitals,
            "paths with capitals, which Hugo lowercases in URLs and lectern keeps: rename the files, or give each a lowercase `url:` to keep its Hugo URL",
        ),
        (&scan.unreadable, "files that cannot be read"),
    ];
    for (files, what) in groups {
        if !files.is_empty() {
            notes.content(format!(
                "{}: {what}",
                name_some(files.iter().cloned(), files.len())
            ));
        }
    }
}

/// The site's layouts and themes, which lectern does not use.
fn go_templates(templates: &GoTemplates, notes: &mut Notes) {
    if !templates.layouts.is_empty() {
        notes.content(format!(
            "{}: Go templates, which lectern does not run; lectern's templates are Tera, and a file of templates/ replaces the built-in one of the same name (base.html, page.html, section.html, index.html; see the README's Templates)",
            name_some(templates.layouts.iter().cloned(), templates.layouts.len())
        ));
    }
    for theme in &templates.themes {
        notes.content(format!(
            "{theme} is not used: lectern has one built-in theme"
        ));
    }
}
