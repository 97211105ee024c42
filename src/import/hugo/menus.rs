//! Hugo's menus as lectern's header links: the `main` menu's entries, in
//! Hugo's order, each `{ name, url }`, a `pageRef` made the URL lectern
//! gives that page.

use std::path::Path;

use serde_json::Value;

use super::layout::Layout;
use super::notes::Notes;
use super::tree::Keys;
use crate::content::assemble::url_segment;
use crate::content::front_matter;

/// The site's menus and what their entries need to be made into links.
pub(super) struct Menus<'a> {
    site_dir: &'a Path,
    layout: &'a Layout,
    /// Hugo's site-wide `menus`, which a language without its own inherits.
    site: Option<Value>,
    /// The site-wide main menu, made for the default language.
    site_menu: Option<toml::Value>,
}

/// A Hugo menu entry as lectern's `{ name, url }`, and how it sorts.
struct Item {
    weight: i64,
    name: String,
    identifier: String,
    url: String,
}

impl<'a> Menus<'a> {
    pub(super) fn new(
        site_dir: &'a Path,
        layout: &'a Layout,
        site: Option<Value>,
        notes: &mut Notes,
    ) -> Menus<'a> {
        let mut menus = Menus {
            site_dir,
            layout,
            site: None,
            site_menu: None,
        };
        menus.site_menu = site
            .clone()
            .and_then(|m| menus.menu(m, "menus", &layout.default_language, notes));
        menus.site = site;
        menus
    }

    pub(super) fn layout(&self) -> &'a Layout {
        self.layout
    }

    /// The header links of the site, in the default language.
    pub(super) fn site_menu(&self) -> Option<&toml::Value> {
        self.site_menu.as_ref()
    }

    /// The header links of language `lang`: its own menus, else the
    /// site's made for it, when a `pageRef` gives them other URLs there
    /// (what lectern inherits itself is not repeated).
    pub(super) fn language_menu(
        &self,
        own: Option<Value>,
        path: &str,
        lang: &str,
        notes: &mut Notes,
    ) -> Option<toml::Value> {
        if let Some(own) = own {
            return self.menu(own, path, lang, notes);
        }
        // Said once, for the default language, already.
        let mut said = Notes::default();
        let inherited = self.menu(self.site.clone()?, "menus", lang, &mut said)?;
        (Some(&inherited) != self.site_menu.as_ref()).then_some(inherited)
    }

    /// Hugo's `main` menu of `lang` as lectern's header links; on a site
    /// without one, hugo-book's `before` and `after` (the links above and
    /// below its sidebar), in that order. Other menus are named as not
    /// carried.
    fn menu(&self, menus: Value, path: &str, lang: &str, notes: &mut Notes) -> Option<toml::Value> {
        let Value::Object(menus) = menus else {
            notes.not_carried(path, Some(&menus), "not a table of menus");
            return None;
        };
        let mut menus = Keys::new(menus, path);
        let header: &[&str] = if menus.get("main").is_some() {
            &["main"]
        } else {
            &["before", "after"]
        };
        let mut items = None;
        for name in header {
            let at = menus.path(name);
            let Some(entries) = menus.take(name) else {
                continue;
            };
            if *name != "main" {
                notes.choice(format!(
                    "`{at}`: hugo-book's links beside its sidebar are header links in lectern"
                ));
            }
            items
                .get_or_insert_with(Vec::new)
                .extend(self.items(entries, &at, lang, notes));
        }
        let (_, rest) = menus.rest();
        for (name, entries) in &rest {
            notes.not_carried(
                &format!("{path}.{name}"),
                Some(entries),
                "lectern's theme has one menu, the header's (Hugo's main)",
            );
        }
        items.map(|items| toml::Value::Array(items.into_iter().map(link).collect()))
    }

    /// A menu's entries, in Hugo's order: by weight, unweighted last, then
    /// by name.
    fn items(&self, entries: Value, path: &str, lang: &str, notes: &mut Notes) -> Vec<Item> {
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
        items
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
        // Unsuffixed files outside a language's own directory are the
        // default language's.
        let plain = !own.is_empty() || lang == self.layout.default_language;
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
                    .take(if plain { 2 } else { 1 })
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

/// An entry as lectern's `{ name, url }`.
fn link(item: Item) -> toml::Value {
    let mut table = toml::Table::new();
    table.insert("name".to_string(), item.name.into());
    table.insert("url".to_string(), item.url.into());
    toml::Value::Table(table)
}

struct Target {
    url: String,
    title: Option<String>,
    found: bool,
}
