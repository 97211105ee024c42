//! Front matter that parses but is probably not what the author meant: a
//! misspelt key, siblings sharing a weight, a `translationKey` used twice.

use std::collections::BTreeMap;

use crate::content::front_matter::KNOWN_KEYS;
use crate::content::page::{Page, ParsedPage};
use crate::content::{LangSite, Site};
use crate::error::{Diagnostic, Kind, LineIndex, Severity, name_some};

/// Keys lectern leaves to templates (`page.extra`) that themes commonly
/// read: a key close to one of these (or of [`UNHONOURED_KEYS`]) is a
/// likely typo too.
const CONVENTIONAL_KEYS: &[&str] = &["author", "authors"];

/// Front matter Hugo (or a popular Hugo theme) gives a meaning that lectern
/// does not honour yet, with what that means for the page: said once for
/// the site, at the first page using it, so a site moving in learns what
/// it loses.
const UNDECLARED: &str =
    "it is no taxonomy of site.toml's `[taxonomies]`, so its terms get no pages";

const MENUS: &str = "only the `main` menu (the header's links) is built, without `parent` nesting; the sidebar follows the content tree";

const UNHONOURED_KEYS: &[(&str, &str)] = &[
    ("tags", UNDECLARED),
    ("categories", UNDECLARED),
    ("series", UNDECLARED),
    ("menu", MENUS),
    ("menus", MENUS),
    (
        "cascade",
        "its entries with `_target` are not applied (those without one are)",
    ),
    ("layout", "a page picks its template with `template`"),
    ("type", "a page picks its template with `template`"),
    ("outputs", "each page is written as HTML only"),
    ("bookComments", "the default theme has no comments"),
    ("bookHref", "a sidebar entry links to its page"),
    ("no_list", "a section lists its pages"),
    (
        "simple_list",
        "a section lists its pages with their summaries",
    ),
    (
        "hide_summary",
        "a section lists its pages with their summaries",
    ),
    ("resources", "files beside a page keep their own names"),
];

pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &site.langs {
        let parsed = || lang.pages.iter().filter_map(|p| p.parsed.as_deref());
        let taxonomies: Vec<&str> = site
            .config
            .taxonomies
            .iter()
            .map(|t| t.plural.as_str())
            .collect();
        parsed().for_each(|p| misspelt_keys(p, &taxonomies, &mut out));
        translation_keys(parsed(), &lang.lang.code, &mut out);
        lang.pages
            .iter()
            .for_each(|p| shared_weights(lang, p, &mut out));
    }
    out
}

/// Warns of front matter keys that look like typos of known ones, and of
/// Hugo's keys lectern does not honour; `taxonomies` are the site's.
fn misspelt_keys(page: &ParsedPage, taxonomies: &[&str], out: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = KNOWN_KEYS
        .iter()
        .chain(CONVENTIONAL_KEYS)
        .chain(taxonomies)
        .copied()
        .chain(UNHONOURED_KEYS.iter().map(|(k, _)| *k))
        .collect();
    // Located together, and only when there is one to report.
    let mut places = None;
    let lines = LineIndex::new(&page.text);
    for key in page.meta.extra.keys() {
        if taxonomies.iter().any(|t| t.eq_ignore_ascii_case(key)) {
            continue;
        }
        // Keys are read in any case, as in Hugo: `Tags` is `tags`.
        if let Some((name, loss)) = UNHONOURED_KEYS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            let places = places.get_or_insert_with(|| page.locate_keys());
            let (line, _) = places.get(key.as_str()).copied().unwrap_or((1, 1));
            let message = format!(
                "front matter `{name}` means something in Hugo that lectern does not do yet: {loss}; the value is kept for templates (`page.params.{name}`)"
            );
            out.push(
                Diagnostic::warning(&page.source.path, message)
                    .of_kind(Kind::UnsupportedField)
                    .at_in(&lines, line, 1),
            );
            continue;
        }
        if known.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        if let Some(meant) = crate::suggest::likely_typo(key, &known) {
            let places = places.get_or_insert_with(|| page.locate_keys());
            let (line, _) = places.get(key.as_str()).copied().unwrap_or((1, 1));
            out.push(
                Diagnostic::warning(
                    &page.source.path,
                    format!("unknown front matter key `{key}`: did you mean `{meant}`?"),
                )
                .at_in(&lines, line, 1),
            );
        }
    }
}

/// A key names one page per language; with two, one is silently left out
/// of the translations.
fn translation_keys<'a>(
    pages: impl Iterator<Item = &'a ParsedPage>,
    lang: &str,
    out: &mut Vec<Diagnostic>,
) {
    let keyed = pages.filter_map(|p| Some((p.meta.translation_key.clone()?, p)));
    conflicts(
        keyed,
        "translationKey",
        Severity::Error,
        out,
        |key, others| {
            format!(
                "translationKey `{key}` is also used by {others} in {lang}; a key may name one page per language"
            )
        },
    );
}

/// Children of `parent` with the same (non-zero) weight: their order then
/// falls back to date and title, which is rarely what the weights meant.
fn shared_weights(lang: &LangSite, parent: &Page, out: &mut Vec<Diagnostic>) {
    let weighted = parent
        .children
        .iter()
        .filter_map(|&c| lang.pages[c].parsed.as_deref())
        .filter(|p| p.meta.weight != 0)
        .map(|p| (p.meta.weight, p));
    conflicts(
        weighted,
        "weight",
        Severity::Warning,
        out,
        |weight, others| {
            format!(
                "weight {weight} is also the weight of {others}, a sibling; their order falls back to date and title"
            )
        },
    );
}

/// Pages sharing a value that should be theirs alone: a diagnostic at the
/// `key` of each, saying `message(value, the other pages)`.
fn conflicts<'a, V: Ord>(
    pages: impl Iterator<Item = (V, &'a ParsedPage)>,
    key: &str,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
    message: impl Fn(&V, &str) -> String,
) {
    let mut groups: BTreeMap<V, Vec<&ParsedPage>> = BTreeMap::new();
    for (value, page) in pages {
        groups.entry(value).or_default().push(page);
    }
    for (value, pages) in groups.iter().filter(|(_, p)| p.len() > 1) {
        for page in pages {
            let others = pages
                .iter()
                .filter(|o| !std::ptr::eq(**o, *page))
                .map(|o| o.source.path.display().to_string());
            let others = name_some(others, pages.len() - 1);
            let (line, col) = page.locate(key).unwrap_or((1, 1));
            let d = Diagnostic {
                severity,
                ..Diagnostic::error(&page.source.path, message(value, &others))
            };
            out.push(d.at(&page.text, line, col));
        }
    }
}
