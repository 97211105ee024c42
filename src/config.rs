//! `site.toml` → [`Config`]. Unknown keys are errors that name the closest
//! known key, because a silently ignored typo is worse than a failed build.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::content::symlinks::LinkPolicy;
use crate::error::{Diagnostic, Error, Result};
use crate::suggest::did_you_mean;

pub(crate) const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub(crate) title: String,
    pub(crate) description: String,
    /// Always ends with `/`; empty when the site did not set one.
    pub(crate) base_url: String,
    pub(crate) default_language: String,
    /// Languages in display order (weight, then code). The first entry is not
    /// necessarily the default one.
    pub(crate) languages: Vec<Language>,
    /// Whether `content/<lang>/` trees (or `.lang.md` suffixes) are used. A
    /// single-language site lives at the output root instead of `/<lang>/`.
    pub(crate) multilingual: bool,
    /// Raw HTML in Markdown passes through (true) or is escaped (false).
    pub(crate) raw_html: bool,
    /// How `$…$` and the other math forms are read (`math`).
    pub(crate) math: crate::markdown::math::MathMode,
    /// Curly quotes in the language's style, dashes and ellipses.
    pub(crate) smart_punctuation: bool,
    /// `:name:` emoji codes become the emoji.
    pub(crate) emoji: bool,
    /// `[params]`: the site's own values, for templates (`site.params`).
    pub(crate) params: serde_json::Map<String, serde_json::Value>,
    /// Where Mermaid diagrams are drawn (`diagrams`).
    pub(crate) diagrams: crate::markdown::diagram::DiagramMode,
    pub(crate) untranslated: Untranslated,
    /// Make URLs of non-Latin file names and slugs ASCII (`основы` → `osnovy`).
    pub(crate) transliterate: bool,
    /// Build a search index per language and show the theme's search box.
    pub(crate) search: bool,
    /// Follow symbolic links whose target stays inside the site directory
    /// (links that leave it are never followed).
    pub(crate) follow_symlinks: bool,
    /// Links to nothing are warnings, not errors (a site moving in).
    pub(crate) broken_links_warn: bool,
    /// The default language lives under `/<code>/` like the others (true),
    /// or at the site root, as in Hugo (false).
    pub(crate) default_language_in_subdir: bool,
    /// Taxonomies, by plural name (`tags`): front matter lists terms under
    /// it, and each term gets a page.
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Words in a summary made from a page's first paragraphs.
    pub(crate) summary_length: usize,
    /// A page without front matter `lastmod` takes its last commit's date.
    pub(crate) git_lastmod: bool,
    pub(crate) feed: Feed,
    pub(crate) theme: Theme,
    /// The directory below the site directory that holds the pages
    /// (`content_dir`; mdBook's `src`, Hugo's `contentDir`).
    pub(crate) content_dir: String,
    /// A book's table of contents (`summary`, mdBook's `SUMMARY.md`),
    /// relative to each language's content root: it alone gives the
    /// pages, their order, nesting and sidebar titles.
    pub(crate) summary: Option<String>,
    /// In a book, code blocks' hidden lines: language → the prefix that
    /// hides a line (`hidden_lines`, mdBook's `output.html.code.hidelines`);
    /// Rust's `#` is built in.
    pub(crate) hidden_lines: BTreeMap<String, String>,
}

/// A taxonomy as Hugo declares it: `tag = "tags"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Taxonomy {
    pub(crate) singular: String,
    /// The front matter key and the URL segment of its pages.
    pub(crate) plural: String,
}

/// RSS feeds (`[feed]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Feed {
    /// A feed per language, section and taxonomy term.
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    /// Items per feed, newest first; 0 for all.
    #[serde(default = "feed_limit")]
    pub(crate) limit: usize,
    /// Items carry the whole page, not its summary.
    #[serde(default)]
    pub(crate) full_content: bool,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            enabled: true,
            limit: feed_limit(),
            full_content: false,
        }
    }
}

fn yes() -> bool {
    true
}

fn feed_limit() -> usize {
    20
}

/// How a link to nothing counts (`broken_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum BrokenLinks {
    Error,
    Warning,
}

/// What a language shows for a page that exists only in other languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Untranslated {
    /// Nothing: its switcher entry goes to the nearest translated section.
    Ancestor,
    /// The default language's page, under this language's URL, with a notice.
    Fallback,
}

/// Options of the default theme (`[theme]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Theme {
    /// Image shown beside the site title (a URL or a path in static/).
    pub(crate) logo: Option<String>,
    /// "Edit this page" links: this URL followed by the page's path below content/.
    pub(crate) edit_url: Option<String>,
    /// Footer text (Markdown inline formatting allowed).
    #[serde(default)]
    pub(crate) footer: String,
    /// Number chapters and lessons in the sidebar and titles (1, 1.1, …).
    #[serde(default)]
    pub(crate) number_chapters: bool,
    /// Sidebar sections start collapsed, except the one being read.
    #[serde(default)]
    pub(crate) collapse_sections: bool,
    /// Stylesheets added after the theme's.
    #[serde(default)]
    pub(crate) custom_css: Vec<String>,
    #[serde(default)]
    pub(crate) sidebar: Sidebar,
}

/// How much of the course the sidebar lists on each page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Sidebar {
    /// `full` for languages of up to [`Sidebar::FULL_LIMIT`] pages, else `sections`.
    #[default]
    Auto,
    /// Every section and page.
    Full,
    /// Every section, and the pages of the sections leading to the current
    /// page: the sidebar stays small however large the site grows.
    Sections,
}

impl Sidebar {
    pub(crate) const FULL_LIMIT: usize = 200;

    /// Whether a language with `pages` pages lists every page.
    pub(crate) fn is_full(self, pages: usize) -> bool {
        match self {
            Sidebar::Auto => pages <= Sidebar::FULL_LIMIT,
            Sidebar::Full => true,
            Sidebar::Sections => false,
        }
    }
}

/// A header link: to a URL, or to a page by its content path (`page_ref`,
/// Hugo's `pageRef`), which is resolved and checked in each language.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuItem {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) url: Option<String>,
    #[serde(default, alias = "pageRef")]
    pub(crate) page_ref: Option<String>,
    /// Order: weighted entries first, ascending; then the rest as written.
    #[serde(default)]
    pub(crate) weight: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Language {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) weight: i64,
    pub(crate) title: String,
    pub(crate) description: String,
    /// `ltr` or `rtl`.
    pub(crate) dir: String,
    pub(crate) footer: String,
    /// Links shown in the header.
    pub(crate) menu: Vec<MenuItem>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    default_language: Option<String>,
    raw_html: Option<bool>,
    math: Option<crate::markdown::math::MathMode>,
    smart_punctuation: Option<bool>,
    emoji: Option<bool>,
    params: Option<toml::Table>,
    diagrams: Option<crate::markdown::diagram::DiagramMode>,
    untranslated: Option<Untranslated>,
    transliterate: Option<bool>,
    search: Option<bool>,
    follow_symlinks: Option<bool>,
    broken_links: Option<BrokenLinks>,
    default_language_in_subdir: Option<bool>,
    taxonomies: Option<BTreeMap<String, String>>,
    summary_length: Option<usize>,
    git_lastmod: Option<bool>,
    #[serde(default)]
    feed: Feed,
    content_dir: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    hidden_lines: BTreeMap<String, String>,
    #[serde(default)]
    theme: Theme,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: Option<String>,
    weight: Option<i64>,
    title: Option<String>,
    description: Option<String>,
    dir: Option<String>,
    footer: Option<String>,
    menu: Option<Vec<MenuItem>>,
}

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "raw_html",
    "math",
    "smart_punctuation",
    "emoji",
    "params",
    "diagrams",
    "untranslated",
    "transliterate",
    "search",
    "follow_symlinks",
    "broken_links",
    "default_language_in_subdir",
    "taxonomies",
    "summary_length",
    "git_lastmod",
    "feed",
    "content_dir",
    "summary",
    "hidden_lines",
    "theme",
    "menu",
    "languages",
];
const LANGUAGE_KEYS: &[&str] = &[
    "name",
    "weight",
    "title",
    "description",
    "dir",
    "footer",
    "menu",
];
const FEED_KEYS: &[&str] = &["enabled", "limit", "full_content"];
const THEME_KEYS: &[&str] = &[
    "logo",
    "edit_url",
    "footer",
    "number_chapters",
    "collapse_sections",
    "custom_css",
    "sidebar",
];

/// The declared taxonomies (Hugo's default, `tags` and `categories`,
/// without a `[taxonomies]` table), by plural name. A plural must be a
/// name a URL can hold as it is, and name one taxonomy.
fn taxonomies(
    path: &Path,
    text: &str,
    declared: Option<BTreeMap<String, String>>,
) -> Result<Vec<Taxonomy>> {
    let declared = declared.unwrap_or_else(|| {
        BTreeMap::from([
            ("category".to_string(), "categories".to_string()),
            ("tag".to_string(), "tags".to_string()),
        ])
    });
    let mut out: Vec<Taxonomy> = Vec::new();
    for (singular, plural) in declared {
        let fine = !plural.is_empty()
            && plural
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        let problem = if !fine {
            Some(format!(
                "taxonomy `{singular}` has plural {plural:?}: it names the front matter key and the URL of its pages, so it is letters, digits, `-` and `_`"
            ))
        } else {
            out.iter().find(|t| t.plural == plural).map(|other| {
                format!(
                    "taxonomies `{}` and `{singular}` have the same plural `{plural}`",
                    other.singular
                )
            })
        };
        if let Some(message) = problem {
            let at = text.find(&format!("{singular} =")).unwrap_or(0);
            return Err(Error::Content(vec![
                Diagnostic::error(path, message).at_offset(text, at),
            ]));
        }
        out.push(Taxonomy { singular, plural });
    }
    out.sort_by(|a, b| a.plural.cmp(&b.plural));
    Ok(out)
}

/// Languages written right to left; others default to `ltr`.
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv"];

impl Config {
    /// Reads `SITE_DIR/site.toml`, or the defaults when there is none.
    pub(crate) fn load(site_dir: &Path) -> Result<Config> {
        let path = site_dir.join(CONFIG_FILE);
        // Not read through a link out of the site: its lines would show in
        // messages. One inside the site is followed whatever the setting,
        // which is not known before the file is read.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            LinkPolicy::new(site_dir, true)
                .follow(&path)
                .map_err(|problem| Error::Content(vec![problem]))?;
        }
        match std::fs::read(&path) {
            Ok(bytes) => match crate::encoding::read_text(&path, bytes, None) {
                (text, None) => Config::parse(&path, &text),
                (_, Some(error)) => Err(Error::Content(vec![error])),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::parse(&path, ""),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let fail = |d: Diagnostic| Error::Content(vec![d]);
        let table: toml::Table =
            toml::from_str(text).map_err(|e| fail(toml_diagnostic(path, text, &e)))?;
        check_keys(path, text, &table, TOP_KEYS, "")?;
        if let Some(toml::Value::Table(theme)) = table.get("theme") {
            check_keys(path, text, theme, THEME_KEYS, "theme.")?;
        }
        if let Some(toml::Value::Table(feed)) = table.get("feed") {
            check_keys(path, text, feed, FEED_KEYS, "feed.")?;
        }
        if let Some(toml::Value::Table(langs)) = table.get("languages") {
            for (code, lang) in langs {
                if let toml::Value::Table(lang) = lang {
                    check_keys(
                        path,
                        text,
                        lang,
                        LANGUAGE_KEYS,
                        &format!("languages.{code}."),
                    )?;
                }
            }
        }
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| fail(toml_diagnostic(path, text, &e)))?;
        Config::from_raw(path, text, raw)
    }

    fn from_raw(path: &Path, text: &str, mut raw: RawConfig) -> Result<Config> {
        let multilingual = !raw.languages.is_empty();
        let site = raw.site_language();
        let default_language = site.code.clone();
        let mut languages = configured_languages(std::mem::take(&mut raw.languages), &site);
        if languages.is_empty() {
            languages.push(site);
        }
        check_languages(path, text, &languages, &default_language)?;
        check_menus(path, text, &languages)?;
        let taxonomies = taxonomies(path, text, raw.taxonomies.take())?;
        // Weighted languages first, by weight; then the rest by code.
        languages.sort_by(|a, b| {
            (a.weight == 0, a.weight, &a.code).cmp(&(b.weight == 0, b.weight, &b.code))
        });
        Ok(Config {
            title: raw.title.unwrap_or_default(),
            description: raw.description.unwrap_or_default(),
            base_url: normalize_base_url(raw.base_url.as_deref().unwrap_or("")),
            default_language,
            languages,
            multilingual,
            raw_html: raw.raw_html.unwrap_or(true),
            math: raw.math.unwrap_or_default(),
            smart_punctuation: raw.smart_punctuation.unwrap_or(false),
            emoji: raw.emoji.unwrap_or(false),
            params: match serde_json::to_value(raw.params.unwrap_or_default()) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            },
            diagrams: raw.diagrams.unwrap_or_default(),
            untranslated: raw.untranslated.unwrap_or(Untranslated::Ancestor),
            transliterate: raw.transliterate.unwrap_or(false),
            search: raw.search.unwrap_or(true),
            follow_symlinks: raw.follow_symlinks.unwrap_or(false),
            broken_links_warn: raw.broken_links == Some(BrokenLinks::Warning),
            default_language_in_subdir: raw.default_language_in_subdir.unwrap_or(true),
            taxonomies,
            summary_length: raw.summary_length.unwrap_or(70),
            git_lastmod: raw.git_lastmod.unwrap_or(false),
            feed: raw.feed,
            content_dir: content_dir(path, text, raw.content_dir)?,
            summary: raw.summary,
            hidden_lines: std::mem::take(&mut raw.hidden_lines),
            theme: raw.theme,
        })
    }

    /// Where language `code`'s pages live below the site's root: `""` for
    /// a single-language site and for a default language kept at the root,
    /// else the code.
    pub(crate) fn language_root<'a>(&self, code: &'a str) -> &'a str {
        let at_root = !self.multilingual
            || (code == self.default_language && !self.default_language_in_subdir);
        if at_root { "" } else { code }
    }

    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The path part of `base_url` (`/` or `/course/`), which every URL the
    /// site links to starts with.
    pub(crate) fn base_path(&self) -> &str {
        base_path_of(&self.base_url)
    }

    /// The absolute form of a site URL (`/ru/intro/`) for canonical links and
    /// the sitemap; the URL itself when no absolute `base_url` is set.
    pub(crate) fn absolute_url(&self, url: &str) -> String {
        match self.base_url.find("://") {
            Some(i) => {
                let origin_end = self.base_url[i + 3..]
                    .find('/')
                    .map_or(self.base_url.len(), |j| i + 3 + j);
                format!("{}{}", &self.base_url[..origin_end], url)
            }
            None => url.to_string(),
        }
    }
}

impl RawConfig {
    /// The default language as the site-wide keys describe it: what each
    /// configured language inherits, and the one language of a site that
    /// configures none.
    fn site_language(&self) -> Language {
        let code = self
            .default_language
            .clone()
            .or_else(|| {
                // With one language configured and no default named, that language is the default.
                (self.languages.len() == 1)
                    .then(|| self.languages.keys().next().cloned())
                    .flatten()
            })
            .unwrap_or_else(|| "en".to_string());
        Language {
            name: code.clone(),
            weight: 0,
            title: self.title.clone().unwrap_or_default(),
            description: self.description.clone().unwrap_or_default(),
            dir: default_dir(&code).to_string(),
            footer: self.theme.footer.clone(),
            menu: self.menu.clone(),
            code,
        }
    }
}

/// `[languages.CODE]` tables, with what they leave out taken from the
/// site-wide keys.
fn configured_languages(raw: BTreeMap<String, RawLanguage>, site: &Language) -> Vec<Language> {
    raw.into_iter()
        .map(|(code, l)| Language {
            name: l.name.unwrap_or_else(|| code.clone()),
            weight: l.weight.unwrap_or(0),
            title: l.title.unwrap_or_else(|| site.title.clone()),
            description: l.description.unwrap_or_else(|| site.description.clone()),
            dir: l.dir.unwrap_or_else(|| default_dir(&code).to_string()),
            footer: l.footer.unwrap_or_else(|| site.footer.clone()),
            menu: l.menu.unwrap_or_else(|| site.menu.clone()),
            code,
        })
        .collect()
}

/// Every menu entry says where it leads: a `url` or a `page_ref`, not
/// both.
fn check_menus(path: &Path, text: &str, languages: &[Language]) -> Result<()> {
    let bad = languages
        .iter()
        .flat_map(|l| &l.menu)
        .find(|item| item.url.is_some() == item.page_ref.is_some());
    match bad {
        Some(item) => {
            let at = text.find(&format!("\"{}\"", item.name)).unwrap_or(0);
            Err(Error::Content(vec![
                Diagnostic::error(
                    path,
                    format!(
                        "menu entry `{}` needs either `url` (any link) or `page_ref` (a page's path in content/, such as \"/basics/intro.md\")",
                        item.name
                    ),
                )
                .at_offset(text, at),
            ]))
        }
        None => Ok(()),
    }
}

/// Language codes and text directions are well formed, and the default
/// language is one of them.
fn check_languages(
    path: &Path,
    text: &str,
    languages: &[Language],
    default_language: &str,
) -> Result<()> {
    let fail =
        |key: &str, message: String| Err(Error::Content(vec![locate(path, text, key, message)]));
    for lang in languages {
        if !valid_code(&lang.code) {
            return fail(
                &lang.code,
                format!(
                    "language code `{}` must be letters, digits and `-` only (like `en` or `pt-br`)",
                    lang.code
                ),
            );
        }
        if lang.dir != "ltr" && lang.dir != "rtl" {
            return fail(
                "dir",
                format!(
                    "languages.{}.dir must be \"ltr\" or \"rtl\", not {:?}",
                    lang.code, lang.dir
                ),
            );
        }
    }
    if !languages.iter().any(|l| l.code == default_language) {
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        return fail(
            "default_language",
            format!(
                "default_language `{default_language}` is not one of the configured languages ({})",
                codes.join(", ")
            ),
        );
    }
    Ok(())
}

/// `content_dir` as one or more plain names below the site directory
/// (`src`, `docs/content`): never absolute, never climbing out, never
/// another of the site's directories.
fn content_dir(path: &Path, text: &str, dir: Option<String>) -> Result<String> {
    use crate::content::discover::{CONTENT_DIR, SOURCE_DIRS};
    let Some(dir) = dir else {
        return Ok(CONTENT_DIR.to_string());
    };
    let trimmed = dir.trim().trim_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    let plain = !parts.is_empty()
        && !dir.trim().starts_with('/')
        && parts
            .iter()
            .all(|p| *p != "." && *p != ".." && !p.starts_with('.') && !p.contains('\\'));
    let taken = SOURCE_DIRS[1..].contains(&parts.first().copied().unwrap_or(""));
    if !plain || taken {
        let message = format!(
            "content_dir {dir:?} must be a directory inside the site directory, such as \"src\", and not templates/, static/ or i18n/"
        );
        return Err(Error::Content(vec![locate(
            path,
            text,
            "content_dir",
            message,
        )]));
    }
    Ok(parts.join("/"))
}

fn default_dir(code: &str) -> &'static str {
    let primary = code.split('-').next().unwrap_or(code);
    if RTL_LANGUAGES.contains(&primary) {
        "rtl"
    } else {
        "ltr"
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The path part of a base URL made by [`normalize_base_url`]: `/` or
/// `/course/`.
pub(crate) fn base_path_of(base_url: &str) -> &str {
    match base_url.find("://") {
        Some(i) => base_url[i + 3..]
            .find('/')
            .map_or("/", |j| &base_url[i + 3 + j..]),
        None if base_url.starts_with('/') => base_url,
        None => "/",
    }
}

pub(crate) fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        String::new()
    } else if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn check_keys(
    path: &Path,
    text: &str,
    table: &toml::Table,
    known: &[&str],
    prefix: &str,
) -> Result<()> {
    let diags: Vec<Diagnostic> = table
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            locate(
                path,
                text,
                k,
                format!("unknown key `{prefix}{k}`{}", did_you_mean(k, known)),
            )
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(diags))
    }
}

/// A diagnostic at the first line that assigns `key`, if one does.
fn locate(path: &Path, text: &str, key: &str, message: String) -> Diagnostic {
    let d = Diagnostic::error(path, message);
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches('"');
        if let Some(rest) = bare.strip_prefix(key) {
            let rest = rest.trim_start_matches('"').trim_start();
            if rest.starts_with('=') {
                let col = line[..line.len() - trimmed.len()].chars().count() + 1;
                return d.at(text, i + 1, col);
            }
        }
        if trimmed.starts_with('[') && trimmed.contains(&format!(".{key}]")) {
            return d.at(text, i + 1, 1);
        }
    }
    d
}

fn toml_diagnostic(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let d = Diagnostic::error(path, e.message().trim().to_string());
    match e.span() {
        Some(span) => d.at_offset(text, span.start),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("site.toml"), text)
    }

    #[test]
    fn no_file_is_a_single_language_english_site() {
        let c = parse("").unwrap();
        assert!(!c.multilingual);
        assert_eq!(c.default_language, "en");
        assert_eq!(c.languages.len(), 1);
        assert_eq!(c.base_path(), "/");
        assert!(c.search, "search is on by default");
        assert!(!parse("search = false\n").unwrap().search);
    }

    #[test]
    fn languages_sorted_by_weight_and_rtl_inferred() {
        let c = parse(
            "title = \"Go\"\ndefault_language = \"ru\"\nbase_url = \"https://ex.org/course\"\n\
             [languages.zh]\nname = \"中文\"\nweight = 3\n[languages.ru]\nname = \"Русский\"\nweight = 1\n[languages.fa]\nname = \"فارسی\"\n",
        )
        .unwrap();
        let codes: Vec<&str> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["ru", "zh", "fa"]);
        assert_eq!(c.language("fa").unwrap().dir, "rtl");
        assert_eq!(c.language("ru").unwrap().title, "Go");
        assert_eq!(c.base_path(), "/course/");
        assert_eq!(c.absolute_url("/course/ru/"), "https://ex.org/course/ru/");
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let err = parse("titel = \"x\"\n[languages.en]\nnmae = \"English\"\n").unwrap_err();
        let Error::Content(diags) = err else {
            panic!("expected content error")
        };
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "unknown key `titel` (did you mean `title`?)"
        );
        assert_eq!((diags[0].line, diags[0].col), (1, 1));
        let err = parse("[languages.en]\nnmae = \"English\"\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown key `languages.en.nmae` (did you mean `name`?)"),
            "{err}"
        );
        assert!(err.to_string().contains("site.toml:2:1"), "{err}");
    }

    #[test]
    fn wrong_type_has_a_location() {
        let err = parse("title = \"x\"\nraw_html = \"yes\"\n").unwrap_err();
        assert!(err.to_string().contains("site.toml:2:"), "{err}");
    }

    #[test]
    fn the_content_directory_stays_inside_the_site() {
        assert_eq!(parse("").unwrap().content_dir, "content");
        assert_eq!(
            parse("content_dir = \"src/\"\n").unwrap().content_dir,
            "src"
        );
        assert_eq!(
            parse("content_dir = \"docs/content\"\n")
                .unwrap()
                .content_dir,
            "docs/content"
        );
        for bad in ["..", "/etc", "a/../..", ".hidden", "static", ""] {
            let err = parse(&format!("title = \"x\"\ncontent_dir = {bad:?}\n")).unwrap_err();
            assert!(
                err.to_string().contains("site.toml:2:1: content_dir"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn default_language_must_exist() {
        let err =
            parse("default_language = \"de\"\n[languages.en]\nname = \"English\"\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("`de` is not one of the configured languages (en)"),
            "{err}"
        );
    }
}
