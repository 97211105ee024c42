//! Hugo's `languages` and `menus`: each language's name, weight, title,
//! direction, description, footer and header links; where its pages must
//! be for lectern; and `main` menu entries as lectern's `menu`.

use std::path::Path;

use serde_json::Value;

use super::layout::Layout;
use super::notes::Notes;
use super::tree::Keys;
use super::unmapped;
use super::write::{Doc, bare_or_quoted};
use crate::content::assemble::url_segment;
use crate::content::front_matter;

pub(super) fn languages(
    site_dir: &Path,
    keys: &mut Keys,
    doc: &mut Doc,
    layout: &Layout,
    notes: &mut Notes,
) {
    let menus = Menus { site_dir, layout };
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
    if let Some(items) = keys
        .take("menus")
        .and_then(|m| menus.menu(m, "menus", &layout.default_language, notes))
    {
        doc.set("menu", items, Some("Header links (Hugo's main menu)."));
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
    if let Some(items) = keys
        .take("menus")
        .and_then(|m| menus.menu(m, &keys.path("menus"), code, notes))
    {
        doc.set_in(&table, "menu", items, None);
    }
    content_dir(code, &mut keys, menus.layout, notes);
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

/// What menu entries need to be made into links.
struct Menus<'a> {
    site_dir: &'a Path,
    layout: &'a Layout,
}

/// A Hugo menu entry as lectern's `{ name, url }`, and how it sorts.
struct Item {
    weight: i64,
    name: String,
    identifier: String,
    url: String,
}

impl Menus<'_> {
    /// Hugo's `main` menu of `lang` as lectern's header links; other menus
    /// are named as not carried.
    fn menu(&self, menus: Value, path: &str, lang: &str, notes: &mut Notes) -> Option<toml::Value> {
        let Value::Object(menus) = menus else {
            notes.not_carried(path, Some(&menus), "not a table of menus");
            return None;
        };
        let mut main = None;
        for (name, entries) in menus {
            let at = format!("{path}.{name}");
            if !name.eq_ignore_ascii_case("main") {
                notes.not_carried(
                    &at,
                    Some(&entries),
                    "lectern's theme has one menu, the header's (Hugo's main)",
                );
                continue;
            }
            main = Some(self.items(entries, &at, lang, notes));
        }
        main
    }

    fn items(&self, entries: Value, path: &str, lang: &str, notes: &mut Notes) -> toml::Value {
        let entries = match entries {
            Value::Array(entries) => entries,
            other => {
                notes.not_carried(path, Some(&other), "not a list of menu entries");
                Vec::new()
            }
        };
        let mut items: Vec<Item> = entries
            .into_iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                let at = format!("{path}[{i}]");
                match entry {
                    Value::Object(entry) => self.item(Keys::new(entry, &at), lang, notes),
                    other => {
                        notes.not_carried(&at, Some(&other), "not a menu entry");
                        None
                    }
                }
            })
            .collect();
        // Hugo's order: by weight, unweighted last, then by name.
        items.sort_by(|a, b| {
            let key = |i: &Item| {
                (
                    i.weight == 0,
                    i.weight,
                    i.name.to_lowercase(),
                    i.identifier.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        toml::Value::Array(
            items
                .into_iter()
                .map(|item| {
                    let mut table = toml::Table::new();
                    table.insert("name".to_string(), item.name.into());
                    table.insert("url".to_string(), item.url.into());
                    toml::Value::Table(table)
                })
                .collect(),
        )
    }

    fn item(&self, mut keys: Keys, lang: &str, notes: &mut Notes) -> Option<Item> {
        if let Some(parent) = keys.take("parent") {
            notes.not_carried(
                &keys.path("parent"),
                Some(&parent),
                "lectern's header menu has one level: this nested entry is left out",
            );
            return None;
        }
        let page_ref = keys.text("pageRef", notes);
        let target = page_ref.as_deref().map(|r| self.page(r, lang));
        let url = keys
            .text("url", notes)
            .or_else(|| target.as_ref().map(|t| t.url.clone()));
        let identifier = keys.text("identifier", notes).unwrap_or_default();
        let name = keys
            .text("name", notes)
            .or_else(|| target.as_ref().and_then(|t| t.title.clone()))
            .unwrap_or_else(|| identifier.clone());
        let weight = keys.number("weight", notes).unwrap_or(0);
        if let (Some(page_ref), Some(target)) = (&page_ref, &target) {
            if !target.found {
                notes.not_carried(
                    &keys.path("pageRef"),
                    Some(&Value::String(page_ref.clone())),
                    &format!("no page of that path in the {lang} content: the link is {}, which nothing checks", target.url),
                );
            }
        }
        let (prefix, rest) = keys.rest();
        for (key, value) in &rest {
            notes.not_carried(
                &format!("{prefix}.{key}"),
                Some(value),
                "lectern's menu entries have a name and a URL only",
            );
        }
        match url {
            Some(url) if !name.is_empty() => Some(Item {
                weight,
                name,
                identifier,
                url,
            }),
            _ => {
                notes.not_carried(
                    &prefix,
                    None,
                    "a menu entry needs a name and a url or pageRef: left out",
                );
                None
            }
        }
    }

    /// The page a `pageRef` names in language `lang`: its URL as lectern
    /// makes it from the file's path (or its own `url` or `slug`), and its
    /// title.
    fn page(&self, page_ref: &str, lang: &str) -> Target {
        let path = page_ref.trim_matches('/');
        let path = path.strip_suffix(".md").unwrap_or(path);
        let path = match path.rsplit_once('/') {
            Some((dir, "_index" | "index")) => dir,
            None if matches!(path, "_index" | "index") => "",
            _ => path,
        };
        let meta = self.front_matter(path, lang);
        let mut parts: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(url_segment)
            .collect();
        if let Some(meta) = &meta {
            if let Some(url) = &meta.url {
                parts = url
                    .split('/')
                    .filter(|p| !p.is_empty() && *p != "." && *p != "..")
                    .map(url_segment)
                    .collect();
            } else if let (Some(slug), Some(last)) = (&meta.slug, parts.last_mut()) {
                *last = url_segment(slug);
            }
        }
        let root = self.layout.url_root(lang);
        let url_path: Vec<&str> = std::iter::once(root)
            .chain(parts.iter().map(String::as_str))
            .filter(|p| !p.is_empty())
            .collect();
        let url = if url_path.is_empty() {
            self.layout.base_path.clone()
        } else {
            format!(
                "{}{}/",
                self.layout.base_path,
                crate::escape::url_path(&url_path.join("/"))
            )
        };
        Target {
            url,
            title: meta
                .as_ref()
                .and_then(|m| m.link_title.clone().or(m.title.clone())),
            found: meta.is_some(),
        }
    }

    /// The front matter of the page at `path` (no extension) of `lang`, in
    /// the directories Hugo reads that language's pages from.
    fn front_matter(&self, path: &str, lang: &str) -> Option<front_matter::FrontMatter> {
        let dirs = self.layout.page_dirs();
        let own: Vec<&String> = dirs
            .iter()
            .filter(|(_, l)| *l == Some(lang))
            .map(|(d, _)| d)
            .collect();
        let dirs: Vec<&String> = if own.is_empty() {
            dirs.iter().map(|(d, _)| d).collect()
        } else {
            own
        };
        let names = if path.is_empty() {
            vec!["_index".to_string()]
        } else {
            vec![
                path.to_string(),
                format!("{path}/_index"),
                format!("{path}/index"),
            ]
        };
        let file = dirs.iter().find_map(|dir| {
            names.iter().find_map(|name| {
                [format!("{name}.{lang}.md"), format!("{name}.md")]
                    .into_iter()
                    .map(|f| self.site_dir.join(dir).join(f))
                    .find(|p| p.is_file())
            })
        })?;
        let text = std::fs::read_to_string(file).ok()?;
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        let split = front_matter::split(&text).ok()?;
        Some(front_matter::parse(&split).0)
    }
}

struct Target {
    url: String,
    title: Option<String>,
    found: bool,
}
