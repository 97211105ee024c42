//! What is said of each Hugo setting left in the configuration once the
//! importer has taken what it carries: why lectern has no place for it, or
//! why it needs none. A setting this table does not know is named too, so
//! nothing is dropped without a word.

use serde_json::Value;

use super::notes::Notes;
use super::tree::Table;

/// When a setting matters.
#[derive(Clone, Copy)]
enum When {
    /// Whatever its value: lectern cannot do what it asks.
    Always,
    /// Never: lectern behaves so without it.
    Never,
    /// Unless it has this value (JSON), at which lectern behaves the same.
    Unless(&'static str),
}

use When::{Always, Never, Unless};

// Reasons shared by several settings.
const TO_PARAMS: &str = "templates read the site's values from [params]: move it there";
const NO_CACHE: &str = "lectern keeps no cache on disk";
const FOLDER_TITLES: &str = "a section without an _index.md is titled from its folder's name (`getting-started` → \"Getting started\")";
const NO_LANGUAGE_REDIRECT: &str =
    "lectern writes no redirect between the root and the default language's directory";
const OWN_WARNINGS: &str = "lectern's warnings are its own";
const LANGUAGE_CODES: &str =
    "lectern's lang and hreflang attributes are the language codes ([languages] keys)";
const UTC: &str = "dates without a zone count as UTC";
const MARKDOWN_ONLY: &str = "lectern reads Markdown only";
const NO_LINKIFY: &str = "lectern does not turn bare URLs into links: write them as <https://…>";
const PER_BLOCK: &str =
    "highlighting options are set per block (```go {linenos=table, hl_lines=[2]}```)";
const SYNTAX_COLOURS: &str = "lectern's syntax.css has light and dark colours of its own; restyle its .hl-… classes in a stylesheet of theme.custom_css";
const NO_PAGINATION: &str = "section pages list all their pages: lectern does not paginate";
const CSS_CLASSES: &str = "lectern highlights fenced code with CSS classes (syntax.css)";
const REF_ERRORS: &str = "a ref or relref to a missing page is always an error";

/// `(dotted path in lower case, `*` for any key; when it matters; why)`.
/// The most specific entry for a setting, or for a table holding it, wins.
const SETTINGS: &[(&str, When, &str)] = &[
    (
        "archetypedir",
        Always,
        "`lectern new` writes its own front matter; archetypes are not read",
    ),
    (
        "assetdir",
        Always,
        "Hugo Pipes are not run: files the site publishes go in static/",
    ),
    ("author", Always, TO_PARAMS),
    (
        "build",
        Always,
        "Hugo's build options (cache busters, build stats) have no counterpart",
    ),
    (
        "builddrafts",
        Unless("false"),
        "drafts are built with `lectern build --drafts`",
    ),
    (
        "buildexpired",
        Unless("false"),
        "lectern always leaves out pages past their expiryDate",
    ),
    (
        "buildfuture",
        Unless("false"),
        "future pages are built with `lectern build --future`",
    ),
    ("cachedir", Never, NO_CACHE),
    ("caches", Never, NO_CACHE),
    (
        "canonifyurls",
        Unless("false"),
        "lectern's links are root-relative below base_url's path; only canonical links are absolute",
    ),
    ("capitalizelisttitles", Always, FOLDER_TITLES),
    (
        "cascade",
        Always,
        "a site-wide cascade belongs in the front matter of the home page (content/_index.md)",
    ),
    (
        "deployment",
        Always,
        "lectern does not deploy: publish public/ with the host's own tools (see the README's Continuous integration)",
    ),
    (
        "disablealiases",
        Unless("false"),
        "lectern always writes a redirect page for each alias",
    ),
    (
        "disabledefaultlanguageredirect",
        Always,
        NO_LANGUAGE_REDIRECT,
    ),
    ("disabledefaultsiteredirect", Always, NO_LANGUAGE_REDIRECT),
    (
        "disablehugogeneratorinject",
        Always,
        "the theme's generator meta tag is in templates/base.html; remove it in a copy there",
    ),
    (
        "disablelivereload",
        Never,
        "`lectern serve` reloads open pages itself",
    ),
    (
        "disablepathtolower",
        Unless("true"),
        "lectern keeps the case of file names in URLs, as Hugo does only with this true",
    ),
    (
        "disqusshortname",
        Always,
        "lectern's theme has no comments; add them in a copy of templates/page.html",
    ),
    (
        "enablegitinfo",
        Unless("false"),
        "lectern reads lastmod from front matter, not from git",
    ),
    (
        "enableinlineshortcodes",
        Unless("false"),
        "inline shortcodes are Go templates, which lectern does not run",
    ),
    (
        "enablemissingtranslationplaceholders",
        Unless("false"),
        "a missing interface string falls back to the default language's, with a warning",
    ),
    (
        "enablerobotstxt",
        Unless("true"),
        "lectern always writes robots.txt (a static/robots.txt replaces it)",
    ),
    (
        "googleanalytics",
        Always,
        "lectern's theme has no analytics; add the script in a copy of templates/base.html (block `head`)",
    ),
    (
        "hascjklanguage",
        Never,
        "lectern counts Chinese, Japanese and Korean characters as words, and indexes them for search, by itself",
    ),
    ("httpcache", Never, "lectern fetches nothing while building"),
    (
        "i18ndir",
        Always,
        "lectern reads its interface strings from i18n/<code>.toml, with keys of its own",
    ),
    ("ignorecache", Never, NO_CACHE),
    (
        "ignorefiles",
        Always,
        "lectern reads every file in content/ but hidden ones, editor leftovers and *.orig",
    ),
    ("ignorelogs", Never, OWN_WARNINGS),
    (
        "imaging",
        Always,
        "lectern does not process images (no resizing, cropping or EXIF)",
    ),
    ("languagecode", Always, LANGUAGE_CODES),
    (
        "languages.*.baseurl",
        Always,
        "lectern has one base URL for every language (no multihost sites)",
    ),
    ("languages.*.languagecode", Always, LANGUAGE_CODES),
    ("languages.*.locale", Always, LANGUAGE_CODES),
    (
        "languages.*.params",
        Always,
        "lectern's [params] are the same in every language; a template can choose by `lang.code`",
    ),
    ("languages.*.timezone", Always, UTC),
    (
        "layoutdir",
        Always,
        "Hugo's layouts are Go templates; lectern's are Tera templates in templates/",
    ),
    (
        "livereloadport",
        Never,
        "`lectern serve` reloads open pages over its own port",
    ),
    ("markup", Always, "lectern has no such Markdown option"),
    ("markup.asciidocext", Always, MARKDOWN_ONLY),
    (
        "markup.defaultmarkdownhandler",
        Unless("\"goldmark\""),
        "lectern reads Markdown as CommonMark, as goldmark does",
    ),
    (
        "markup.goldmark.extensions.cjk",
        Always,
        "lectern has no CJK line-break option",
    ),
    (
        "markup.goldmark.extensions.definitionlist",
        Unless("true"),
        "lectern always reads definition lists",
    ),
    (
        "markup.goldmark.extensions.extras",
        Always,
        "subscript, superscript, insert and mark syntax are not read",
    ),
    (
        "markup.goldmark.extensions.footnote",
        Unless("true"),
        "lectern always reads footnotes",
    ),
    (
        "markup.goldmark.extensions.linkify",
        Unless("false"),
        NO_LINKIFY,
    ),
    (
        "markup.goldmark.extensions.linkifyprotocol",
        Always,
        NO_LINKIFY,
    ),
    (
        "markup.goldmark.extensions.strikethrough",
        Unless("true"),
        "lectern always reads ~~strikethrough~~",
    ),
    (
        "markup.goldmark.extensions.table",
        Unless("true"),
        "lectern always reads tables",
    ),
    (
        "markup.goldmark.extensions.tasklist",
        Unless("true"),
        "lectern always reads task lists",
    ),
    (
        "markup.goldmark.parser.attribute.block",
        Unless("true"),
        "lectern always reads attributes on a paragraph's last line ({.class})",
    ),
    (
        "markup.goldmark.parser.attribute.title",
        Unless("true"),
        "lectern always reads heading attributes ({#id .class})",
    ),
    (
        "markup.goldmark.parser.autoheadingid",
        Unless("true"),
        "lectern always gives headings ids",
    ),
    (
        "markup.goldmark.parser.autoheadingidtype",
        Unless("\"github\""),
        "lectern's heading ids are GitHub's",
    ),
    (
        "markup.goldmark.renderer.hardwraps",
        Unless("false"),
        "a single line break is a space, as CommonMark has it",
    ),
    (
        "markup.goldmark.renderhooks",
        Always,
        "render hooks are Go templates, which lectern does not run",
    ),
    ("markup.highlight", Always, PER_BLOCK),
    (
        "markup.highlight.codefences",
        Unless("true"),
        "lectern always highlights fenced code",
    ),
    (
        "markup.highlight.noclasses",
        Unless("false"),
        "lectern highlights with CSS classes (syntax.css)",
    ),
    ("markup.highlight.style", Always, SYNTAX_COLOURS),
    ("markup.pandoc", Always, MARKDOWN_ONLY),
    (
        "markup.tableofcontents",
        Always,
        "the theme's table of contents lists the page's headings; change it in a copy of templates/partials/article.html",
    ),
    ("mediatypes", Always, "custom media types are not written"),
    (
        "minify",
        Always,
        "lectern writes pages as the templates make them, not minified",
    ),
    (
        "module",
        Always,
        "Hugo modules and mounts are not read: lectern reads content/, static/, templates/ and i18n/ of the site directory; copy mounted files there",
    ),
    ("newcontenteditor", Never, "`lectern new` opens no editor"),
    (
        "outputformats",
        Always,
        "custom output formats are not written",
    ),
    (
        "outputs",
        Always,
        "lectern writes each page as HTML, and feeds as [feed] says; other output formats (JSON, AMP, custom) are not written",
    ),
    ("paginate", Always, NO_PAGINATION),
    ("paginatepath", Always, NO_PAGINATION),
    ("pagination", Always, NO_PAGINATION),
    (
        "pluralizelisttitles",
        Always,
        "taxonomy pages are titled by lectern's interface strings",
    ),
    (
        "printi18nwarnings",
        Never,
        "lectern names missing interface strings once per language",
    ),
    (
        "printpathwarnings",
        Never,
        "lectern reports pages that would write the same file as errors",
    ),
    ("printunusedtemplates", Never, OWN_WARNINGS),
    (
        "privacy",
        Never,
        "lectern's youtube and vimeo shortcodes load nothing from the video site before the reader clicks",
    ),
    (
        "publishdir",
        Unless("\"public\""),
        "lectern writes to public/ unless told otherwise: `lectern build -o DIR`",
    ),
    ("pygmentscodefences", Never, CSS_CLASSES),
    (
        "pygmentscodefencesguesssyntax",
        Always,
        "a fence without a language is plain text",
    ),
    ("pygmentsoptions", Always, PER_BLOCK),
    ("pygmentsstyle", Always, SYNTAX_COLOURS),
    ("pygmentsuseclasses", Never, CSS_CLASSES),
    ("related", Always, "lectern lists no related pages"),
    ("reflinkserrorlevel", Always, REF_ERRORS),
    ("reflinksnotfoundurl", Always, REF_ERRORS),
    (
        "relativeurls",
        Unless("false"),
        "lectern's links are root-relative, so the site works only at base_url's path",
    ),
    (
        "removepathaccents",
        Unless("false"),
        "lectern keeps accents in URLs (percent-encoded); `transliterate = true` makes URLs ASCII",
    ),
    (
        "resourcedir",
        Never,
        "lectern keeps no generated resources on disk",
    ),
    (
        "security",
        Never,
        "lectern runs no programs and reads no environment variables while building",
    ),
    (
        "segments",
        Always,
        "lectern builds the whole site each time",
    ),
    (
        "server",
        Always,
        "`lectern serve` answers with headers of its own; redirects are aliases in front matter",
    ),
    (
        "services",
        Always,
        "lectern's theme uses no third-party service; add what you need in a copy of templates/base.html",
    ),
    (
        "sitemap",
        Always,
        "lectern's sitemap has every page with its lastmod and hreflang alternates; no changefreq or priority",
    ),
    ("social", Always, TO_PARAMS),
    (
        "staticdir",
        Unless("\"static\""),
        "lectern copies static/ of the site directory: move the files there",
    ),
    (
        "theme",
        Always,
        "lectern has one built-in theme, whose Tera templates a site overrides file by file in templates/; the Hugo theme's templates are not used",
    ),
    ("themesdir", Always, "Hugo themes are not used"),
    (
        "timeout",
        Never,
        "lectern bounds its own work (see the README's Markdown section)",
    ),
    ("timezone", Always, UTC),
    ("titlecasestyle", Always, FOLDER_TITLES),
    (
        "uglyurls",
        Unless("false"),
        "lectern writes every page as NAME/index.html: URLs ending in .html become NAME/ (keep the old ones with `aliases`)",
    ),
    (
        "workingdir",
        Never,
        "lectern works in the site directory it is given",
    ),
];

/// Says, for every setting left in `table`, why it was not carried over.
pub(super) fn report(prefix: &str, table: &Table, notes: &mut Notes) {
    for (key, value) in table {
        let path = join(prefix, key);
        report_setting(&path, &path.to_lowercase(), value, notes);
    }
}

fn report_setting(path: &str, lower: &str, value: &Value, notes: &mut Notes) {
    if let Value::Object(table) = value {
        if !table.is_empty() && SETTINGS.iter().any(|(p, _, _)| is_below(p, lower)) {
            return report(path, table, notes);
        }
    }
    let shown = Some(value);
    match entry(lower) {
        Some((exact, when, why)) => {
            let same = match when {
                Always => false,
                Never => true,
                Unless(same) => {
                    exact && serde_json::from_str::<Value>(same).is_ok_and(|s| &s == value)
                }
            };
            if same {
                notes.no_need(path, shown, why);
            } else {
                notes.not_carried(path, shown, why);
            }
        }
        None => notes.not_carried(
            path,
            shown,
            "lectern import does not know this Hugo setting",
        ),
    }
}

/// The most specific entry for `path` or a table holding it, and whether
/// it is the setting's own.
fn entry(path: &str) -> Option<(bool, When, &'static str)> {
    let parts: Vec<&str> = path.split('.').collect();
    (1..=parts.len()).rev().find_map(|n| {
        let outer = &parts[..n];
        SETTINGS
            .iter()
            .find(|(p, _, _)| matches(p, outer))
            .map(|(_, when, why)| (n == parts.len(), *when, *why))
    })
}

fn matches(pattern: &str, parts: &[&str]) -> bool {
    let pattern: Vec<&str> = pattern.split('.').collect();
    pattern.len() == parts.len() && pattern.iter().zip(parts).all(|(p, k)| *p == "*" || p == k)
}

/// Whether `pattern` names something inside the table at `path`.
fn is_below(pattern: &str, path: &str) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    let pattern: Vec<&str> = pattern.split('.').collect();
    pattern.len() > parts.len() && pattern.iter().zip(&parts).all(|(p, k)| *p == "*" || p == k)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(value: Value) -> Vec<String> {
        let mut notes = Notes::default();
        report("", value.as_object().unwrap(), &mut notes);
        notes.into_lines()
    }

    #[test]
    fn each_setting_left_is_named_with_why() {
        let lines = lines(json!({
            "uglyURLs": true,
            "enableRobotsTXT": true,
            "markup": {"highlight": {"style": "dracula", "lineNos": true}, "goldmark": {"parser": {"autoHeadingIDType": "github"}}},
            "languages": {"ru": {"params": {"subtitle": "x"}}},
            "frobnicate": 1,
        }));
        assert_eq!(
            lines,
            [
                "not carried: `frobnicate` = 1: lectern import does not know this Hugo setting",
                "not carried: `languages.ru.params` = {subtitle}: lectern's [params] are the same in every language; a template can choose by `lang.code`",
                "not carried: `markup.highlight.lineNos` = true: highlighting options are set per block (```go {linenos=table, hl_lines=[2]}```)",
                "not carried: `markup.highlight.style` = \"dracula\": lectern's syntax.css has light and dark colours of its own; restyle its .hl-… classes in a stylesheet of theme.custom_css",
                "not carried: `uglyURLs` = true: lectern writes every page as NAME/index.html: URLs ending in .html become NAME/ (keep the old ones with `aliases`)",
                "no need: `enableRobotsTXT` = true: lectern always writes robots.txt (a static/robots.txt replaces it)",
                "no need: `markup.goldmark.parser.autoHeadingIDType` = \"github\": lectern's heading ids are GitHub's",
            ]
        );
    }
}
