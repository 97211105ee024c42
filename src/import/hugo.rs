//! `lectern import hugo SITE_DIR`: a Hugo site's configuration, read as
//! Hugo reads it, as the text of a `site.toml`, with a line for every
//! setting that could not be carried over and for what the content will
//! need. It reads the site and writes nothing: the caller writes the
//! `site.toml` ([`super::write_site_toml`]).

mod advice;
mod languages;
mod layout;
mod layouts;
mod load;
mod notes;
mod scan;
mod themes;
mod tree;
mod unmapped;
mod write;

use std::path::Path;

use serde_json::Value;

use crate::error::{Result, name_some};
use layout::Layout;
use notes::Notes;
use scan::Scan;
use tree::Keys;
use write::Doc;

/// What the import made of a Hugo site.
#[derive(Debug)]
pub struct Imported {
    /// The `site.toml` to write.
    pub site_toml: String,
    /// What to tell the user, one line each.
    pub notes: Vec<String>,
    /// The configuration files read, named from the site directory.
    pub read: Vec<String>,
}

/// Reads the Hugo site in `site_dir`; changes nothing.
pub fn import(site_dir: &Path) -> Result<Imported> {
    let loaded = load::load(site_dir)?;
    let mut keys = Keys::new(loaded.tree, "");
    let layout = Layout::read(&keys);
    let scan = scan::scan(site_dir, &layout);
    let mut notes = Notes::default();
    let mut doc = Doc::new(&loaded.files);
    site(&mut keys, &mut doc, &layout, &mut notes);
    markdown(&mut keys, &mut doc, &scan, &mut notes);
    doc.offer(
        "broken_links",
        "warning",
        "While links are mended: list broken links without failing the build (--strict still fails).",
    );
    notes.choice("broken links fail the build, as lectern's default has it; while they are mended, `broken_links = \"warning\"` (commented out in site.toml) builds the site and lists them");
    lists(&mut keys, &mut doc, &mut notes);
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
    keys.take("contentDir");
    if layout.content_dir != "content" {
        doc.set(
            "content_dir",
            layout.content_dir.as_str(),
            Some("Hugo's contentDir."),
        );
    }
    keys.take("defaultContentLanguage");
    keys.take("defaultContentLanguageInSubdir");
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

/// How Markdown is read: raw HTML, math, typography, emoji.
fn markdown(keys: &mut Keys, doc: &mut Doc, scan: &Scan, notes: &mut Notes) {
    raw_html(keys, doc, scan, notes);
    math(keys, doc, notes);
    typographer(keys, doc, notes);
    if keys.flag("enableEmoji", notes) == Some(true) {
        doc.set("emoji", true, Some("Hugo's enableEmoji."));
    }
}

/// Hugo leaves raw HTML out of pages unless `unsafe`; lectern's `false`
/// would show it as text instead, which no Hugo page ever did, so the
/// import keeps lectern's default and says which pages it changes.
fn raw_html(keys: &mut Keys, doc: &mut Doc, scan: &Scan, notes: &mut Notes) {
    if keys.flag("markup.goldmark.renderer.unsafe", notes) == Some(true) {
        doc.set(
            "raw_html",
            true,
            Some("Raw HTML in Markdown is published, as Hugo's markup.goldmark.renderer.unsafe had it."),
        );
        return;
    }
    doc.set(
        "raw_html",
        true,
        Some(
            "Hugo left raw HTML out of pages (markup.goldmark.renderer.unsafe was off); lectern\n\
             publishes it. `false` shows it as text instead (see the README's Security section).",
        ),
    );
    if !scan.raw_html.is_empty() {
        notes.choice(format!(
            "raw_html = true: Hugo left out the raw HTML of {} (markup.goldmark.renderer.unsafe was off); lectern publishes it: check them, or set raw_html = false to show it as text",
            name_some(scan.raw_html.iter().cloned(), scan.raw_html.len())
        ));
    }
}

/// Formulas are math in lectern when Hugo passed them through to a math
/// script (or the site says it has math); otherwise dollar signs stay text,
/// as Hugo left them.
fn math(keys: &mut Keys, doc: &mut Doc, notes: &mut Notes) {
    let passthrough = keys.take("markup.goldmark.extensions.passthrough");
    let enabled = passthrough
        .as_ref()
        .and_then(|p| p.as_object())
        .is_some_and(|p| {
            p.iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("enable") && v == &Value::Bool(true))
        });
    let params_math = keys
        .get("params.math")
        .is_some_and(|v| v == &Value::Bool(true));
    if !enabled && !params_math {
        doc.set(
            "math",
            "off",
            Some(
                "Dollar signs are text, as in Hugo without markup.goldmark.extensions.passthrough;\n\
                 the katex and math shortcodes still make formulas. \"strict\" reads $…$ as math.",
            ),
        );
        notes.choice("math = \"off\": Hugo read $…$ as text here (no markup.goldmark.extensions.passthrough); set math = \"strict\" for formulas in Markdown");
        return;
    }
    doc.set(
        "math",
        "strict",
        Some("Formulas ($…$, $$…$$, \\(…\\), \\[…\\]) become MathML when the site is built."),
    );
    let delimiters = passthrough.as_ref().map(delimiters).unwrap_or_default();
    let unread: Vec<String> = delimiters
        .iter()
        .filter(|(open, close)| {
            !matches!(
                (open.as_str(), close.as_str()),
                ("$", "$") | ("$$", "$$") | ("\\(", "\\)") | ("\\[", "\\]")
            )
        })
        .map(|(open, close)| format!("{open}…{close}"))
        .collect();
    if !unread.is_empty() {
        notes.not_carried(
            "markup.goldmark.extensions.passthrough.delimiters",
            None,
            &format!(
                "lectern reads $…$, $$…$$, \\(…\\) and \\[…\\], not {}",
                unread.join(", ")
            ),
        );
    }
    if enabled && !delimiters.iter().any(|(open, _)| open == "$") {
        notes.choice("math = \"strict\": $…$ is a formula in lectern, but was text in Hugo here (not among passthrough's inline delimiters): a pair of dollar signs in prose now makes a formula; write \\$ for a dollar");
    }
}

/// The `[open, close]` pairs of passthrough's block and inline delimiters.
fn delimiters(passthrough: &Value) -> Vec<(String, String)> {
    let Some(delimiters) = passthrough
        .as_object()
        .and_then(|p| p.iter().find(|(k, _)| k.eq_ignore_ascii_case("delimiters")))
        .and_then(|(_, d)| d.as_object())
    else {
        return Vec::new();
    };
    delimiters
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|pair| match pair.as_array()?.as_slice() {
            [Value::String(open), Value::String(close)] => Some((open.clone(), close.clone())),
            _ => None,
        })
        .collect()
}

/// Hugo's typographer is on unless disabled; the import keeps what its
/// readers saw, and says where lectern's differs.
fn typographer(keys: &mut Keys, doc: &mut Doc, notes: &mut Notes) {
    const PATH: &str = "markup.goldmark.extensions.typographer";
    let on = match keys.take(PATH) {
        None => true,
        Some(Value::Bool(on)) => on,
        Some(Value::Object(options)) => {
            let disabled = options
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("disable") && v == &Value::Bool(true));
            let custom: Vec<&str> = options
                .keys()
                .filter(|k| !k.eq_ignore_ascii_case("disable"))
                .map(String::as_str)
                .collect();
            if !disabled && !custom.is_empty() {
                notes.not_carried(
                    PATH,
                    None,
                    &format!(
                        "lectern's quotation marks are each language's (interface strings quote_open and quote_close), not {}",
                        custom.join(", ")
                    ),
                );
            }
            !disabled
        }
        Some(other) => {
            notes.not_carried(PATH, Some(&other), "not true, false or a table");
            true
        }
    };
    if on {
        doc.set(
            "smart_punctuation",
            true,
            Some(
                "Curly quotes, dashes and ellipses in prose (never in code), as Hugo's typographer made them.\n\
                 lectern's default is false: curly quotes break commands and flags readers copy from prose.",
            ),
        );
        notes.choice("smart_punctuation = true, as Hugo's typographer had it (lectern's default is false): quotes are now each language's (« » in Russian, where Hugo wrote “ ”); set it to false if prose quotes commands readers copy");
    }
}

/// Taxonomies, summaries and feeds.
fn lists(keys: &mut Keys, doc: &mut Doc, notes: &mut Notes) {
    let disabled: Vec<String> = match keys.take("disableKinds") {
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        Some(other) => {
            notes.not_carried("disableKinds", Some(&other), "not a list of kinds");
            Vec::new()
        }
        None => Vec::new(),
    };
    taxonomies(keys, doc, &disabled, notes);
    if let Some(words) = keys.number("summaryLength", notes) {
        doc.set(
            "summary_length",
            words,
            Some("Words in a summary made from the page's start (Hugo's summaryLength)."),
        );
    }
    feed(keys, doc, &disabled, notes);
    for kind in &disabled {
        if !matches!(kind.as_str(), "rss" | "taxonomy" | "term" | "taxonomyterm") {
            notes.not_carried(
                "disableKinds",
                Some(&Value::String(kind.clone())),
                "lectern always writes its home, sections, pages, sitemap, robots.txt and 404 page",
            );
        }
    }
}

fn taxonomies(keys: &mut Keys, doc: &mut Doc, disabled: &[String], notes: &mut Notes) {
    let terms_off = disabled.iter().any(|k| k == "term");
    if disabled
        .iter()
        .any(|k| k == "taxonomy" || k == "taxonomyterm")
        && !terms_off
    {
        notes.not_carried(
            "disableKinds",
            Some(&Value::String("taxonomy".to_string())),
            "lectern writes a taxonomy's list of terms along with its term pages",
        );
    }
    let declared = keys.take("taxonomies");
    if terms_off {
        doc.table("taxonomies");
        notes.choice("[taxonomies] is empty: Hugo's disableKinds left out term pages, so lectern writes none");
        return;
    }
    let Some(declared) = declared else {
        return;
    };
    let Value::Object(declared) = declared else {
        notes.not_carried(
            "taxonomies",
            Some(&declared),
            "not a table of singular = \"plural\"",
        );
        return;
    };
    doc.table("taxonomies");
    for (singular, plural) in declared {
        match plural {
            Value::String(plural) => doc.set_in("taxonomies", &singular, plural, None),
            other => notes.not_carried(&format!("taxonomies.{singular}"), Some(&other), "not text"),
        }
    }
}

/// `[feed]`: off when Hugo wrote no RSS, Hugo's item limit, and full
/// content where a theme asks for it.
fn feed(keys: &mut Keys, doc: &mut Doc, disabled: &[String], notes: &mut Notes) {
    let rss_off = disabled.iter().any(|k| k == "rss") || !writes_rss(keys.get("outputs"));
    if rss_off {
        doc.set_in(
            "feed",
            "enabled",
            false,
            Some("Hugo wrote no RSS feed (disableKinds or outputs)."),
        );
    }
    let limit = keys
        .number("services.rss.limit", notes)
        .or_else(|| keys.number("rssLimit", notes));
    if let Some(limit) = limit.filter(|l| *l >= 0) {
        doc.set_in(
            "feed",
            "limit",
            limit,
            Some("Items in a feed (Hugo's services.rss.limit)."),
        );
    }
    // PaperMod's switch for whole pages in its feeds.
    if keys.get("params.ShowFullTextinRSS") == Some(&Value::Bool(true)) {
        doc.set_in(
            "feed",
            "full_content",
            true,
            Some("Whole pages in feeds (PaperMod's ShowFullTextinRSS)."),
        );
    }
}

/// Whether Hugo's `outputs` leave an RSS feed to a home, section or term
/// page (each has one unless its list leaves it out).
fn writes_rss(outputs: Option<&Value>) -> bool {
    let Some(outputs) = outputs.and_then(Value::as_object) else {
        return true;
    };
    ["home", "section", "taxonomy", "term"].iter().any(|kind| {
        match outputs.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)) {
            Some((_, Value::Array(formats))) => formats
                .iter()
                .filter_map(Value::as_str)
                .any(|f| f.eq_ignore_ascii_case("rss")),
            _ => true,
        }
    })
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
