//! How Hugo's Markdown settings become lectern's: raw HTML, math,
//! typography and emoji, each choice said where lectern's reading differs.

use serde_json::Value;

use super::notes::Notes;
use super::scan::Scan;
use super::tree::Keys;
use super::write::Doc;
use crate::error::name_some;

/// How Markdown is read: raw HTML, math, typography, emoji.
pub(super) fn markdown(keys: &mut Keys, doc: &mut Doc, scan: &Scan, notes: &mut Notes) {
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
