//! Front matter: split it from the body and read it into a typed
//! [`FrontMatter`]. The only module that names serde_yaml, so the YAML parser
//! can be swapped here alone.

mod yaml_depth;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{Map, Value};

use crate::content::sort::SortBy;

/// Where the front matter sits in a (BOM-free, LF) text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub(crate) format: Format,
    /// The text between the delimiter lines.
    pub(crate) front: &'a str,
    /// 1-based file line of the first line of `front`.
    pub(crate) front_line: usize,
    pub(crate) body: &'a str,
    /// 1-based file line of the first line of `body`.
    pub(crate) body_line: usize,
}

impl<'a> Split<'a> {
    /// A text without front matter: all body.
    pub(crate) fn body_only(text: &'a str) -> Split<'a> {
        Split {
            format: Format::None,
            front: "",
            front_line: 1,
            body: text,
            body_line: 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    None,
    Yaml,
    Toml,
}

/// A problem at a 1-based line and column of the front matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
}

/// Splits `text` into front matter and body. `Err` is an opening delimiter
/// without its closing line.
pub fn split(text: &str) -> Result<Split<'_>, FieldError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let (format, closers): (Format, &[&str]) = match text[..first_end].trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => return Ok(Split::body_only(text)),
    };
    let front_start = (first_end + 1).min(text.len());
    let mut pos = front_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if closers.contains(&text[pos..end].trim_end()) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                format,
                front: &text[front_start..pos],
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(FieldError {
        line: 1,
        col: 1,
        message: format!("front matter opened with `{}` is never closed", closers[0]),
    })
}

/// A date from front matter, kept as written for display and as an instant
/// for ordering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageDate {
    /// UTC instant; dates without a zone count as UTC.
    pub(crate) instant: NaiveDateTime,
    pub(crate) date: NaiveDate,
    /// RFC 3339 (`2020-11-30T01:00:00+00:00`) or a plain date (`2020-11-30`),
    /// as the sitemap's `lastmod` accepts.
    pub(crate) w3c: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub(crate) title: Option<String>,
    /// Hugo's `linkTitle`: a short title for the sidebar, breadcrumbs and
    /// previous/next links.
    pub(crate) link_title: Option<String>,
    pub(crate) description: Option<String>,
    /// Hugo's `summary`: the page's summary in listings and feeds.
    pub(crate) summary: Option<String>,
    pub(crate) keywords: Vec<String>,
    pub(crate) date: Option<PageDate>,
    pub(crate) lastmod: Option<PageDate>,
    /// Hugo's `publishDate`: the page is left out before it.
    pub(crate) publish_date: Option<PageDate>,
    /// Hugo's `expiryDate`: the page is left out from it on.
    pub(crate) expiry_date: Option<PageDate>,
    pub(crate) weight: i64,
    pub(crate) draft: bool,
    pub(crate) slug: Option<String>,
    /// The page's whole path below its language root (Hugo's `url`).
    pub(crate) url: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) translation_key: Option<String>,
    pub(crate) template: Option<String>,
    /// `search: false` leaves the page out of the search index.
    pub(crate) search: bool,
    /// How a section (`_index.md`) orders its pages.
    pub(crate) sort_by: SortBy,
    /// Out of the sidebar, section listings and the previous/next chain,
    /// with everything below it (hugo-book's `bookHidden`).
    pub(crate) hidden: bool,
    /// A section starts collapsed in the sidebar unless it is being read.
    pub(crate) collapse: bool,
    /// `false`: the page shows no table of contents (hugo-book's `bookToc`).
    pub(crate) toc: bool,
    /// A section's pages are listed in the sidebar without a toggle, under
    /// the section's title (hugo-book's `bookFlatSection`).
    pub(crate) flat: bool,
    /// Hugo's `build` options: where the page is listed, whether written.
    pub(crate) build: Build,
    /// The page's entry in the `main` menu (the header's links), from
    /// Hugo's `menu`.
    pub(crate) menu: Option<MenuEntry>,
    /// Hugo's `cascade`: front matter every page below this section takes,
    /// where its own front matter does not say otherwise.
    pub(crate) cascade: Map<String, Value>,
    /// Every other key, for templates (`page.extra`).
    pub(crate) extra: Map<String, Value>,
}

impl Default for FrontMatter {
    fn default() -> Self {
        FrontMatter {
            title: None,
            link_title: None,
            description: None,
            summary: None,
            keywords: Vec::new(),
            date: None,
            lastmod: None,
            publish_date: None,
            expiry_date: None,
            weight: 0,
            draft: false,
            slug: None,
            url: None,
            aliases: Vec::new(),
            translation_key: None,
            template: None,
            search: true,
            sort_by: SortBy::Weight,
            hidden: false,
            collapse: false,
            toc: true,
            flat: false,
            build: Build::default(),
            cascade: Map::new(),
            menu: None,
            extra: Map::new(),
        }
    }
}

/// The keys lectern reads, as Hugo spells them; front matter may write
/// them in any case (`Title`, `linktitle`), as Hugo allows.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "linkTitle",
    "description",
    "summary",
    "keywords",
    "date",
    "lastmod",
    "publishDate",
    "expiryDate",
    "weight",
    "draft",
    "slug",
    "url",
    "aliases",
    "translationKey",
    "template",
    "search",
    "sort_by",
    "hidden",
    "collapse",
    "flat",
    "build",
    "headless",
    "cascade",
    "menu",
    "menus",
    "bookHidden",
    "bookCollapseSection",
    "bookFlatSection",
    "bookSearchExclude",
    "geekdocHidden",
    "geekdocCollapseSection",
    "geekdocFlatSection",
    "toc_hide",
    "toc",
    "bookToc",
];

/// Hugo's `build` options of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Build {
    pub(crate) list: List,
    /// `render: never` (or `headless: true`): no file is written, and
    /// links to the page are broken; its bundle's files are not copied
    /// unless `publish_resources`.
    pub(crate) render: bool,
    pub(crate) publish_resources: bool,
}

impl Default for Build {
    fn default() -> Self {
        Build {
            list: List::Always,
            render: true,
            publish_resources: true,
        }
    }
}

/// Where a page is listed (Hugo's `build.list`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// Everywhere: sidebar, listings, feeds, taxonomies, sitemap, search.
    Always,
    /// In its section's sidebar and listing only: not in feeds, taxonomy
    /// terms or the sitemap.
    Local,
    /// Nowhere: reachable by its URL alone.
    Never,
}

/// Reads the front matter block, collecting every field error, not just the
/// first. Fields in error keep their defaults, so the page can still be
/// checked. Lines and columns are relative to the block.
pub fn parse(split: &Split<'_>) -> (FrontMatter, Vec<FieldError>) {
    inherit(split, &Map::new())
}

/// [`parse`], with the keys of `inherited` (a section's `cascade`) where
/// the page's own front matter does not have them, in any case.
pub(crate) fn inherit(
    split: &Split<'_>,
    inherited: &Map<String, Value>,
) -> (FrontMatter, Vec<FieldError>) {
    let value = match split.format {
        Format::None => Ok(Value::Null),
        Format::Yaml => parse_yaml(split.front),
        Format::Toml => parse_toml(split.front),
    };
    let value = match value {
        Ok(Value::Null) if !inherited.is_empty() => Ok(Value::Object(Map::new())),
        Ok(Value::Object(mut map)) => {
            for (key, v) in inherited {
                if !map.keys().any(|k| k.eq_ignore_ascii_case(key)) {
                    map.insert(key.clone(), v.clone());
                }
            }
            Ok(Value::Object(map))
        }
        other => other,
    };
    match value {
        Ok(Value::Null) => (FrontMatter::default(), Vec::new()),
        Ok(Value::Object(map)) => typed(map, split.front),
        Ok(other) => (
            FrontMatter::default(),
            vec![FieldError {
                line: 1,
                col: 1,
                message: format!(
                    "front matter must be a list of `key: value` pairs, found {}",
                    kind(&other)
                ),
            }],
        ),
        Err(e) => (FrontMatter::default(), vec![e]),
    }
}

/// A YAML block as the neutral value; also what `lectern import hugo`
/// reads Hugo's YAML configuration with.
pub(crate) fn parse_yaml(text: &str) -> Result<Value, FieldError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    yaml_depth::check(text)?;
    // Read as YAML's own value first, which refuses duplicate keys.
    let value = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = yaml_message(&e.to_string());
        match duplicate_key(&message) {
            Some(key) => {
                let (line, col) = find_duplicate(text, line, col, &key).unwrap_or((line, col));
                FieldError {
                    line,
                    col,
                    message: format!("duplicate key `{key}`"),
                }
            }
            None => FieldError { line, col, message },
        }
    })?;
    Ok(yaml_to_json(value))
}

/// The key serde_yaml names in "…duplicate entry with key \"k\"".
fn duplicate_key(message: &str) -> Option<String> {
    let quoted = message.split_once("duplicate entry with key ")?.1;
    Some(serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted.to_string()))
}

/// The second `key:` of the block mapping that starts at `line`:`col`,
/// where serde_yaml points for a duplicate; `None` for a flow mapping or a
/// key written otherwise.
fn find_duplicate(text: &str, line: usize, col: usize, key: &str) -> Option<(usize, usize)> {
    let indent = col.checked_sub(1)?;
    let is_key = |rest: &str| {
        let after = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| rest.strip_prefix(&format!("'{key}'")));
        after.is_some_and(|a| a.trim_start().starts_with(':'))
    };
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let rest = if i + 1 == line {
            l.get(l.char_indices().nth(indent)?.0..)?
        } else {
            let own = l.len() - l.trim_start_matches(' ').len();
            let rest = &l[own..];
            if rest.is_empty() || rest.starts_with('#') || own > indent {
                continue;
            }
            if own < indent {
                return None;
            }
            rest
        };
        if is_key(rest) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col));
            }
        }
    }
    None
}

/// YAML's value as the neutral one the rest of the build reads: keys as
/// text, tags dropped.
fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;
    match v {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::from(i),
            (_, Some(u)) => Value::from(u),
            _ => n.as_f64().map_or(Value::Null, Value::from),
        },
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// A mapping key as text: scalars as written, anything else as JSON.
fn yaml_key(k: serde_yaml::Value) -> String {
    match yaml_to_json(k) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// How deep YAML collections may nest in front matter. The YAML parser's
/// cost grows with the nesting depth times the length, so 200 KB of `[[[[…`
/// held a build for a minute; real front matter nests a few levels.
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// serde_yaml appends " at line L column C" to its messages; we print the
/// location ourselves.
fn yaml_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// A TOML block as the neutral value (dates as text).
pub(crate) fn parse_toml(text: &str) -> Result<Value, FieldError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((1, 1), |s| crate::error::line_col(text, s.start));
        FieldError {
            line,
            col,
            message: e.message().trim().to_string(),
        }
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn typed(map: Map<String, Value>, text: &str) -> (FrontMatter, Vec<FieldError>) {
    let mut fm = FrontMatter::default();
    let mut errors = Vec::new();
    // The known keys read so far, by their lowercase name, as written.
    let mut read: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in map {
        let name = key.to_ascii_lowercase();
        let mut fail = |message: String| {
            let (line, col) = locate_value(text, &key);
            errors.push(FieldError {
                line,
                col,
                message: format!("{message} for `{key}`"),
            });
        };
        if KNOWN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
            if let Some(first) = read.insert(name.clone(), key.clone()) {
                let (line, col) = locate_value(text, &key);
                errors.push(FieldError {
                    line,
                    col,
                    message: format!(
                        "`{first}` and `{key}` are the same key (case does not matter)"
                    ),
                });
                continue;
            }
        }
        match name.as_str() {
            "title" => fm.title = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "linktitle" => fm.link_title = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "description" => {
                fm.description = scalar_string(&value).map_err(&mut fail).ok().flatten()
            }
            "summary" => fm.summary = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "slug" => fm.slug = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "url" => fm.url = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "translationkey" => {
                fm.translation_key = scalar_string(&value).map_err(&mut fail).ok().flatten()
            }
            "template" => fm.template = scalar_string(&value).map_err(&mut fail).ok().flatten(),
            "keywords" => {
                fm.keywords = string_list(&value, true)
                    .map_err(&mut fail)
                    .unwrap_or_default()
            }
            "aliases" => {
                fm.aliases = string_list(&value, false)
                    .map_err(&mut fail)
                    .unwrap_or_default()
            }
            "date" => fm.date = date(&value).map_err(&mut fail).ok().flatten(),
            "lastmod" => fm.lastmod = date(&value).map_err(&mut fail).ok().flatten(),
            "publishdate" => fm.publish_date = date(&value).map_err(&mut fail).ok().flatten(),
            "expirydate" => fm.expiry_date = date(&value).map_err(&mut fail).ok().flatten(),
            "weight" => match &value {
                Value::Number(n) if n.is_i64() => fm.weight = n.as_i64().unwrap_or(0),
                Value::Null => {}
                other => fail(format!("expected a whole number, found {}", kind(other))),
            },
            "sort_by" => match scalar_string(&value) {
                Ok(Some(name)) => match SortBy::from_name(name.trim()) {
                    Some(by) => fm.sort_by = by,
                    None => fail(format!(
                        "expected one of {}, found {name:?}",
                        SortBy::NAMES.map(|n| format!("`{n}`")).join(", ")
                    )),
                },
                Ok(None) => {}
                Err(e) => fail(e),
            },
            "draft" => fm.draft |= flag(&value, false, &mut fail),
            "search" => fm.search &= flag(&value, true, &mut fail),
            "booksearchexclude" => fm.search &= !flag(&value, false, &mut fail),
            "hidden" | "bookhidden" | "geekdochidden" | "toc_hide" => {
                fm.hidden |= flag(&value, false, &mut fail)
            }
            "toc" | "booktoc" => fm.toc &= flag(&value, true, &mut fail),
            "collapse" | "bookcollapsesection" | "geekdoccollapsesection" => {
                fm.collapse |= flag(&value, false, &mut fail)
            }
            "flat" | "bookflatsection" | "geekdocflatsection" => {
                fm.flat |= flag(&value, false, &mut fail)
            }
            "headless" => {
                if flag(&value, false, &mut fail) {
                    fm.build.list = List::Never;
                    fm.build.render = false;
                    fm.build.publish_resources = false;
                }
            }
            "menu" | "menus" => match main_menu(&value) {
                Ok((entry, rest)) => {
                    fm.menu = fm.menu.take().or(entry);
                    if rest {
                        // Named in a warning, as a key not honoured.
                        fm.extra.insert(key, value);
                    }
                }
                Err(e) => fail(e),
            },
            "cascade" => match cascade(&value) {
                Ok((applied, targeted)) => {
                    // Checked here, once, rather than on every page below.
                    for e in typed(applied.clone(), "").1 {
                        fail(e.message);
                    }
                    fm.cascade = applied;
                    if targeted {
                        // Named in a warning, as a key not honoured.
                        fm.extra.insert(key, value);
                    }
                }
                Err(e) => fail(e),
            },
            "build" => match build(&value) {
                Ok(options) => fm.build = options,
                Err(e) => fail(e),
            },
            _ => {
                fm.extra.insert(key, value);
            }
        }
    }
    errors.sort_by_key(|e| (e.line, e.col));
    (fm, errors)
}

/// `true` or `false`; nothing written, or an error (passed to `fail`),
/// means `default`.
fn flag(v: &Value, default: bool, fail: &mut impl FnMut(String)) -> bool {
    match v {
        Value::Null => default,
        Value::Bool(b) => *b,
        other => {
            fail(format!("expected true or false, found {}", kind(other)));
            default
        }
    }
}

/// A page's place in the header menu: its name there (default: its link
/// title) and weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MenuEntry {
    pub(crate) name: Option<String>,
    pub(crate) weight: i64,
}

/// Hugo's `menu`: `main`, `[main, …]` or `{main: {name, weight}, …}`. The
/// second value tells of what is not honoured: other menus, `parent`.
fn main_menu(v: &Value) -> Result<(Option<MenuEntry>, bool), String> {
    let plain = MenuEntry {
        name: None,
        weight: 0,
    };
    match v {
        Value::Null => Ok((None, false)),
        Value::String(menu) => Ok(((menu == "main").then_some(plain), menu != "main")),
        Value::Array(menus) => {
            let main = menus.iter().any(|m| m.as_str() == Some("main"));
            Ok((main.then_some(plain), menus.len() > usize::from(main)))
        }
        Value::Object(menus) => {
            let rest = menus.keys().any(|k| k != "main");
            let Some(main) = menus.get("main") else {
                return Ok((None, rest));
            };
            let Value::Object(fields) = main else {
                return Ok((Some(plain), rest || !main.is_null()));
            };
            let mut entry = plain;
            let mut other = rest;
            for (key, value) in fields {
                match (key.to_ascii_lowercase().as_str(), value) {
                    ("name", Value::String(name)) => entry.name = Some(name.clone()),
                    ("weight", Value::Number(n)) if n.is_i64() => {
                        entry.weight = n.as_i64().unwrap_or(0)
                    }
                    ("name" | "weight", other) => {
                        return Err(format!("`menu.main.{key}`: unexpected {}", kind(other)));
                    }
                    _ => other = true,
                }
            }
            Ok((Some(entry), other))
        }
        other => Err(format!(
            "expected a menu name or a mapping, found {}",
            kind(other)
        )),
    }
}

/// Hugo's `cascade`: a mapping, or a list of them; entries aimed at some
/// pages only (`_target`, `target`) are not applied, which the second
/// value says.
fn cascade(v: &Value) -> Result<(Map<String, Value>, bool), String> {
    let entries: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    };
    let mut applied = Map::new();
    let mut targeted = false;
    for entry in entries {
        let Value::Object(map) = entry else {
            return Err(format!("expected a mapping, found {}", kind(entry)));
        };
        if map.keys().any(|k| k == "_target" || k == "target") {
            targeted = true;
            continue;
        }
        for (key, value) in map {
            applied.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    Ok((applied, targeted))
}

/// Hugo's `build` mapping: `list` (`always`, `local`, `never`), `render`
/// (`always`, `never`, or `link`, which writes no file either) and
/// `publishResources`; booleans are read as Hugo's old form was.
fn build(v: &Value) -> Result<Build, String> {
    let Value::Object(map) = v else {
        return Err(format!("expected a mapping, found {}", kind(v)));
    };
    let mut options = Build::default();
    for (key, value) in map {
        let word = match value {
            Value::Bool(true) => "always",
            Value::Bool(false) => "never",
            Value::String(s) => s.as_str(),
            other => {
                return Err(format!(
                    "expected a word for `build.{key}`, found {}",
                    kind(other)
                ));
            }
        };
        let bad = |allowed: &str| format!("`build.{key}` is one of {allowed}, not {word:?}");
        match key.to_ascii_lowercase().as_str() {
            "list" => {
                options.list = match word {
                    "always" => List::Always,
                    "local" => List::Local,
                    "never" => List::Never,
                    _ => return Err(bad("`always`, `local`, `never`")),
                }
            }
            "render" => {
                options.render = match word {
                    "always" => true,
                    "never" | "link" => false,
                    _ => return Err(bad("`always`, `never`, `link`")),
                }
            }
            "publishresources" => options.publish_resources = word == "always",
            _ => {
                return Err(format!(
                    "unknown `build` option `{key}` (known: `list`, `render`, `publishResources`)"
                ));
            }
        }
    }
    Ok(options)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Strings, and numbers or booleans written where text was meant
/// (`title: 2024`).
fn scalar_string(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(format!("expected text, found {}", kind(other))),
    }
}

/// A list of strings; with `split_commas`, also one comma-separated string.
fn string_list(v: &Value, split_commas: bool) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .filter_map(|item| scalar_string(item).transpose())
            .collect::<Result<Vec<_>, _>>()
            .map(|list| {
                list.into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }),
        Value::String(s) if split_commas => Ok(s
            .split([',', '，', '、'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()),
        Value::String(s) => Ok(vec![s.clone()]),
        other => Err(format!("expected a list of text, found {}", kind(other))),
    }
}

fn date(v: &Value) -> Result<Option<PageDate>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => parse_date(s.trim())
            .map(Some)
            .ok_or_else(|| format!("cannot read {s:?} as a date (use 2025-08-14, 2025-08-14 10:30:00 or 2025-08-14T10:30:00+03:00)")),
        other => Err(format!("expected a date, found {}", kind(other))),
    }
}

/// Reads `2025-08-14`, `2025-08-14 10:30[:00]`, `2025-08-14T10:30:00[.123]`
/// with an optional `Z` or `±hh:mm` zone.
pub(crate) fn parse_date(s: &str) -> Option<PageDate> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(PageDate {
            instant: d.and_time(NaiveTime::MIN),
            date: d,
            w3c: d.format("%Y-%m-%d").to_string(),
        });
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%:z"))
    {
        return Some(with_offset(dt));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            let utc = FixedOffset::east_opt(0)?;
            return Some(with_offset(dt.and_local_timezone(utc).single()?));
        }
    }
    None
}

fn with_offset(dt: DateTime<FixedOffset>) -> PageDate {
    PageDate {
        instant: dt.naive_utc(),
        date: dt.date_naive(),
        w3c: dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false),
    }
}

/// 1-based line and column of the value of top-level `key` in a YAML or TOML
/// block, for errors found after parsing; `(1, 1)` if it cannot be found.
fn locate_value(text: &str, key: &str) -> (usize, usize) {
    find_key(text, key).unwrap_or((1, 1))
}

/// 1-based line and column of the value of top-level `key` (in any case)
/// in a YAML or TOML block.
pub(crate) fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    keys(text).find_map(|(k, line, col)| k.eq_ignore_ascii_case(key).then_some((line, col)))
}

/// Each top-level key of a YAML or TOML block (a line that starts with a
/// name, bare or quoted, then `:` or `=`), with the 1-based line and column
/// of its value.
pub(crate) fn keys(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let end = line.find([':', '='])?;
        let name = line[..end].trim_end();
        let name = name
            .strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .unwrap_or(name);
        if name.is_empty() || name.starts_with(char::is_whitespace) {
            return None;
        }
        let value = &line[end + 1..];
        let value_start = line.len() - value.trim_start().len();
        Some((name, i + 1, line[..value_start].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Vec<FieldError>> {
        match parse(&split(text).unwrap()) {
            (fm, errors) if errors.is_empty() => Ok(fm),
            (_, errors) => Err(errors),
        }
    }

    #[test]
    fn splits_yaml_toml_and_none() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(
            (s.format, s.front, s.body, s.body_line),
            (Format::Yaml, "title: A\n", "# Body\n", 4)
        );
        let s = split("+++\ntitle = \"A\"\n+++\nbody").unwrap();
        assert_eq!(
            (s.format, s.front, s.body),
            (Format::Toml, "title = \"A\"\n", "body")
        );
        let s = split("# Only a heading\n---\n").unwrap();
        assert_eq!((s.format, s.body_line), (Format::None, 1));
        assert_eq!(split("---\ntitle: x\n").unwrap_err().line, 1);
    }

    #[test]
    fn reads_hugo_fields() {
        let f = fm("---\ntitle: \"4.3 🗄️ Основы\"\nkeywords: [\"go\", \"sql\"]\ndate: 2020-11-17 01:00:00\nweight: -5\ndraft: true\nseo_title: X\ntags:\n- a\n---\n").unwrap();
        assert_eq!(f.title.as_deref(), Some("4.3 🗄️ Основы"));
        assert_eq!(f.keywords, ["go", "sql"]);
        assert_eq!(f.weight, -5);
        assert!(f.draft);
        assert!(f.search, "pages are searchable unless they opt out");
        assert_eq!(f.date.unwrap().w3c, "2020-11-17T01:00:00+00:00");
        assert_eq!(f.extra["seo_title"], "X");
        assert_eq!(f.extra["tags"][0], "a");
    }

    #[test]
    fn search_false_opts_out_and_must_be_a_boolean() {
        assert!(!fm("---\nsearch: false\n---\n").unwrap().search);
        let errs = fm("---\nsearch: no thanks\n---\n").unwrap_err();
        assert_eq!(
            errs[0].message,
            "expected true or false, found a string for `search`"
        );
    }

    #[test]
    fn keys_are_read_in_any_case() {
        let f = fm(
            "---\nTitle: Long\nlinktitle: Short\nWeight: 3\nTranslationKey: k\nTags: [a]\n---\n",
        )
        .unwrap();
        assert_eq!(f.title.as_deref(), Some("Long"));
        assert_eq!(f.link_title.as_deref(), Some("Short"));
        assert_eq!((f.weight, f.translation_key.as_deref()), (3, Some("k")));
        assert_eq!(f.extra["Tags"][0], "a", "other keys are kept as written");
        let errs = fm("---\ntitle: A\nTITLE: B\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0]
                .message
                .ends_with("are the same key (case does not matter)"),
            "{errs:?}"
        );
    }

    #[test]
    fn sort_by_names_an_order() {
        assert_eq!(
            fm("---\nsort_by: date\n---\n").unwrap().sort_by,
            SortBy::Date
        );
        assert_eq!(fm("+++\n+++\n").unwrap().sort_by, SortBy::Weight);
        let errs = fm("---\nsort_by: newest\n---\n").unwrap_err();
        assert_eq!(
            (errs[0].line, errs[0].col, errs[0].message.as_str()),
            (
                1,
                10,
                "expected one of `weight`, `title`, `date`, `path`, found \"newest\" for `sort_by`"
            )
        );
    }

    #[test]
    fn keywords_may_be_comma_separated() {
        let f = fm("---\nkeywords: go, slices , arrays\n---\n").unwrap();
        assert_eq!(f.keywords, ["go", "slices", "arrays"]);
    }

    #[test]
    fn toml_dates_and_keys() {
        let f = fm("+++\ntitle = \"T\"\ndate = 2025-08-14T10:00:00+03:00\nlastmod = 2025-08-15\ntranslationKey = \"k\"\n+++\n").unwrap();
        let d = f.date.unwrap();
        assert_eq!(d.w3c, "2025-08-14T10:00:00+03:00");
        assert_eq!(d.instant.to_string(), "2025-08-14 07:00:00");
        assert_eq!(f.lastmod.unwrap().w3c, "2025-08-15");
        assert_eq!(f.translation_key.as_deref(), Some("k"));
    }

    #[test]
    fn type_errors_point_at_the_value_and_all_are_reported() {
        let errs = fm("---\nweight: heavy\ntitle: [Основы]\ndate: someday\n---\n").unwrap_err();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.line, e.col, e.message.as_str()))
            .collect();
        assert_eq!(
            got[0],
            (1, 9, "expected a whole number, found a string for `weight`")
        );
        assert_eq!(got[1], (2, 8, "expected text, found a list for `title`"));
        assert_eq!((got[2].0, got[2].1), (3, 7));
        assert!(got[2].2.starts_with("cannot read \"someday\" as a date"));
    }

    #[test]
    fn yaml_syntax_error_has_block_position() {
        let errs = fm("---\ntitle: ok\nkeywords: [a, b\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].line >= 2, "{errs:?}");
        assert!(!errs[0].message.contains(" at line "), "{errs:?}");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let depth = |front: &str| {
            let errs = fm(&format!("---\n{front}\n---\n")).unwrap_err();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!(
                errs[0].message, "lists and mappings nest deeper than 64 levels",
                "{errs:?}"
            );
            (errs[0].line, errs[0].col)
        };
        // The top mapping is a level, so the 64th bracket crosses the limit.
        let flow = format!("a: {}", "[".repeat(200_000));
        assert_eq!(depth(&flow), (1, 4 + 63));
        assert_eq!(
            depth(&format!("é: {}", "{a: ".repeat(100))),
            (1, 4 + 4 * 63)
        );
        // Block collections, by indentation and by compact entries.
        let block: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(depth(&block), (65, 65));
        assert_eq!(depth(&format!("a:\n{}x", "- ".repeat(100))), (2, 127));
        // Brackets in quotes, comments, plain text and block scalars are text.
        let brackets = "[".repeat(100);
        fm(&format!(
            "---\na: \"{brackets}\"\nb: '{brackets}'\nc: x {brackets}\n# {brackets}\nd: |\n  {brackets}\n    - - - - \ne: &x [[[1]]]\n---\n"
        ))
        .unwrap();
        let nested = format!("a: {}1{}", "[".repeat(63), "]".repeat(63));
        fm(&format!("---\n{nested}\n---\n")).unwrap();
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second() {
        let errs = fm("---\ntitle: A\nweight: 1\ntitle: B\n---\n").unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.line, e.col, e.message.as_str()))
            .collect();
        assert_eq!(got, [(3, 1, "duplicate key `title`")]);
        let errs =
            fm("---\nparams:\n  a: 1\n  # note\n  b:\n    a: 2\n  \"a\": 3\n---\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (6, 3), "{errs:?}");
        assert_eq!(errs[0].message, "duplicate key `a`");
        let errs = fm("---\nlist:\n  - x: 1\n    x: 2\n---\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 5), "{errs:?}");
        // In a flow mapping, at the mapping.
        let errs = fm("---\na: {k: 1, k: 2}\n---\n").unwrap_err();
        assert_eq!(errs[0].message, "duplicate key `k`");
        assert_eq!(errs[0].line, 1);
        // Values of every kind still read as before.
        let f = fm("---\nn: 3\nf: 1.5\nbig: 18446744073709551615\n1: one\nt: !x tagged\n---\n")
            .unwrap();
        assert_eq!(f.extra["n"], 3);
        assert_eq!(f.extra["f"], 1.5);
        assert_eq!(f.extra["big"], 18446744073709551615u64);
        assert_eq!(f.extra["1"], "one");
        assert_eq!(f.extra["t"], "tagged");
    }

    #[test]
    fn empty_and_non_mapping_blocks() {
        assert_eq!(fm("---\n---\nbody").unwrap(), FrontMatter::default());
        let errs = fm("---\n- a\n- b\n---\n").unwrap_err();
        assert!(errs[0].message.contains("found a list"));
    }
}
