//! Hugo's taxonomies, summaries and feeds as lectern's `[taxonomies]`,
//! `summary_length` and `[feed]`, with the kinds of page Hugo was told to
//! leave out.

use serde_json::Value;

use super::notes::Notes;
use super::tree::Keys;
use super::write::Doc;

/// Taxonomies, summaries and feeds.
pub(super) fn lists(keys: &mut Keys, doc: &mut Doc, notes: &mut Notes) {
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
