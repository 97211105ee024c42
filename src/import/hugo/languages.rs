//! Hugo's `languages`: each language's name, weight, title, direction,
//! description, footer and header links, and where its pages must be for
//! lectern; and the site's own header links.

use std::path::Path;

use serde_json::Value;

use super::layout::Layout;
use super::menus::Menus;
use super::notes::Notes;
use super::tree::Keys;
use super::unmapped;
use super::write::{Doc, bare_or_quoted};

pub(super) fn languages(
    site_dir: &Path,
    keys: &mut Keys,
    doc: &mut Doc,
    layout: &Layout,
    notes: &mut Notes,
) {
    let menus = Menus::new(site_dir, layout, keys.take("menus"), notes);
    keys.take("disableLanguages");
    if let Some(Value::Object(languages)) = keys.take("languages") {
        let mut languages: Vec<(String, Value)> = languages.into_iter().collect();
        languages.sort_by_key(|(code, _)| code.to_lowercase());
        for (code, table) in languages {
            let prefix = format!("languages.{code}");
            let code = code.to_lowercase();
            match table {
                Value::Object(table) if layout.is_language(&code) => {
                    language(&code, Keys::new(table, &prefix), doc, &menus, notes);
                }
                Value::Object(_) => notes.not_carried(
                    &prefix,
                    None,
                    &format!(
                        "disabled in Hugo, so left out; lectern would read {}/{code}/ as a section and name.{code}.md as pages of the default language: move them out of the content directory",
                        layout.content_dir
                    ),
                ),
                other => notes.not_carried(&prefix, Some(&other), "not a table"),
            }
        }
    }
    if let Some(items) = menus.site_menu() {
        doc.set(
            "menu",
            items.clone(),
            Some("Header links, from Hugo's menus."),
        );
    }
}

/// One `[languages.CODE]` table.
fn language(code: &str, mut keys: Keys, doc: &mut Doc, menus: &Menus<'_>, notes: &mut Notes) {
    let table = format!("languages.{}", bare_or_quoted(code));
    doc.table(&table);
    // `label` and `direction` are Hugo 0.158's names of languageName and
    // languageDirection.
    let name = keys
        .text("label", notes)
        .or(keys.text("languageName", notes));
    let entries = [
        ("name", name.map(toml::Value::from)),
        (
            "weight",
            keys.number("weight", notes).map(toml::Value::from),
        ),
        ("title", keys.text("title", notes).map(toml::Value::from)),
        (
            "description",
            keys.text("params.description", notes)
                .map(toml::Value::from),
        ),
        ("dir", direction(&mut keys, notes).map(toml::Value::from)),
        (
            "footer",
            keys.text("copyright", notes).map(toml::Value::from),
        ),
    ];
    for (key, value) in entries {
        if let Some(value) = value {
            doc.set_in(&table, key, value, None);
        }
    }
    let own = keys.take("menus");
    if let Some(items) = menus.language_menu(own, &keys.path("menus"), code, notes) {
        doc.set_in(&table, "menu", items, None);
    }
    content_dir(code, &mut keys, menus.layout(), notes);
    keys.take("disabled");
    let (prefix, rest) = keys.rest();
    unmapped::report(&prefix, &rest, notes);
}

fn direction(keys: &mut Keys, notes: &mut Notes) -> Option<String> {
    let path = keys.path("direction");
    let dir = keys
        .text("direction", notes)
        .or(keys.text("languageDirection", notes))?
        .to_lowercase();
    if dir == "ltr" || dir == "rtl" {
        Some(dir)
    } else {
        notes.not_carried(
            &path,
            Some(&Value::String(dir)),
            "a direction is ltr or rtl",
        );
        None
    }
}

/// A language's `contentDir`, which lectern cannot name: it reads a
/// language's pages from `content/CODE/` (or `name.CODE.md` files).
fn content_dir(code: &str, keys: &mut Keys, layout: &Layout, notes: &mut Notes) {
    let path = keys.path("contentDir");
    let Some(dir) = keys.take("contentDir") else {
        return;
    };
    let own = layout
        .languages
        .iter()
        .find(|l| l.code == code)
        .and_then(|l| l.content_dir.clone());
    let wanted = layout.lectern_dir(code);
    let at_root =
        own.as_deref() == Some(layout.content_dir.as_str()) && code == layout.default_language;
    match own {
        Some(own) if own == wanted || at_root => {}
        Some(own) => notes.not_carried(
            &path,
            Some(&dir),
            &format!("lectern reads the {code} pages from {wanted}/ (or name.{code}.md files): move them with `git mv {own} {wanted}`"),
        ),
        None => notes.not_carried(&path, Some(&dir), "not text"),
    }
}
