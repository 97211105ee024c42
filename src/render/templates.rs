//! The template set: the default theme embedded in the binary, with the
//! site's own `templates/` overriding it file by file.

use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::error::{Diagnostic, Error, Result};
use crate::render::i18n::Catalog;

// The default theme, embedded: `THEME_TEMPLATES` as `(name, source)` and
// `THEME_STATIC` as `(output path, bytes)`, listed by build.rs.
include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// `(name, text, the site's file or None for the default theme)`.
type Source = (String, String, Option<PathBuf>);

pub(crate) struct Templates {
    tera: Tera,
    inputs: TemplateInputs,
}

/// What a template set renders with: its sources and the interface strings.
/// Two sets with equal inputs render a context to the same text.
#[derive(Clone, PartialEq)]
pub(crate) struct TemplateInputs {
    sources: Arc<Vec<Source>>,
    catalog: Arc<Catalog>,
}

impl TemplateInputs {
    /// The SHA-256 of the inputs, for the cache on disk.
    pub(crate) fn digest(&self) -> crate::cache_dir::Digest {
        crate::cache_dir::digest(&(&*self.sources, &*self.catalog))
    }
}

/// Where a shortcode's template comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShortcodeTemplate {
    /// The site's `templates/shortcodes/`.
    Site,
    /// The default theme's.
    Theme,
}

impl Templates {
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Where the template of shortcode `name` comes from, if there is one.
    pub(crate) fn shortcode(&self, name: &str) -> Option<ShortcodeTemplate> {
        let file = format!("shortcodes/{name}.html");
        let (_, _, path) = self.inputs.sources.iter().find(|(n, _, _)| *n == file)?;
        Some(match path {
            Some(_) => ShortcodeTemplate::Site,
            None => ShortcodeTemplate::Theme,
        })
    }

    /// The names of every shortcode with a template.
    pub(crate) fn shortcode_names(&self) -> Vec<String> {
        self.inputs
            .sources
            .iter()
            .filter_map(|(n, _, _)| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect()
    }

    /// Whether template `name` needs its call closed: Hugo's rule is that
    /// a shortcode whose template reads its inner content takes content. A
    /// template that only tests it (`{% if inner %}`) takes it optionally.
    pub(crate) fn requires_inner(&self, name: &str) -> bool {
        self.inputs
            .sources
            .iter()
            .any(|(n, text, _)| n == name && reads_inner(text))
    }

    pub(crate) fn inputs(&self) -> &TemplateInputs {
        &self.inputs
    }

    /// Renders `name`; a failure is a diagnostic at the template's line.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> std::result::Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            template_diagnostics(&e, &self.inputs.sources)
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error(PathBuf::from("templates"), e.to_string()))
        })
    }
}

/// Whether a template's code reads `inner` other than to test it.
fn reads_inner(text: &str) -> bool {
    let code = strip_comments(text);
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    code.match_indices("inner").any(|(at, _)| {
        let before = &code[..at];
        let after = &code[at + "inner".len()..];
        let word = !before.ends_with(is_ident) && !after.starts_with(is_ident);
        let condition = before.trim_end();
        let condition = condition
            .strip_suffix("not")
            .unwrap_or(condition)
            .trim_end();
        let closes = after.trim_start().trim_start_matches('-').starts_with("%}");
        let test = condition.ends_with("if") && closes;
        word && !test
    })
}

/// A template's text without its `{# … #}` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("#}")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Builds the template set. `site_templates` are `(name, path)` pairs from
/// the site's `templates/` directory; a name the theme has replaces it.
pub(crate) fn load(
    site_templates: &[(String, PathBuf)],
    catalog: Arc<Catalog>,
) -> Result<Templates> {
    let mut sources: Vec<Source> = THEME_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string(), None))
        .collect();
    for (name, path) in site_templates {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        match sources.iter_mut().find(|(n, _, _)| n == name) {
            Some(entry) => *entry = (name.clone(), text, Some(path.clone())),
            None => sources.push((name.clone(), text, Some(path.clone()))),
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    register_i18n(&mut tera, catalog.clone());
    tera.add_raw_templates(sources.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Content(template_diagnostics(&e, &sources)))?;
    Ok(Templates {
        tera,
        inputs: TemplateInputs {
            sources: Arc::new(sources),
            catalog,
        },
    })
}

/// The page's language code, from the `lang` variable every template gets.
fn current_lang(state: &State<'_>) -> tera::TeraResult<String> {
    Ok(state
        .get::<Value>("lang")?
        .and_then(|l| {
            l.get_from_path("code")
                .and_then(|c| c.as_str().map(str::to_string))
        })
        .unwrap_or_default())
}

/// `t(key="next")`, `t(key="reading_time", count=5)`,
/// `t(key="untranslated_notice", language="English")`: interface text in
/// the page's language (or `lang="ru"`), other arguments filling `{name}`
/// placeholders; and
/// the `date` filter: `{{ page.date | date }}` → `14 августа 2025`.
fn register_i18n(tera: &mut Tera, catalog: Arc<Catalog>) {
    let strings = catalog.clone();
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State<'_>| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = match kwargs.get::<String>("lang")? {
                Some(lang) => lang,
                None => current_lang(state)?,
            };
            let mut text = match kwargs.get::<i64>("count")? {
                Some(count) => strings.plural(&lang, &key, count),
                None => strings.get(&lang, &key).to_string(),
            };
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if !matches!(name.as_str(), "key" | "count" | "lang") {
                    let value = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string);
                    text = text.replace(&format!("{{{name}}}"), &value);
                }
            }
            Ok(text)
        },
    );
    tera.register_filter(
        "date",
        move |value: &str, _: Kwargs, state: &State<'_>| -> tera::TeraResult<String> {
            let date = crate::content::front_matter::parse_date(value).ok_or_else(|| {
                tera::Error::message(format!("`date` filter: cannot read {value:?} as a date"))
            })?;
            Ok(catalog.format_date(&current_lang(state)?, date.date))
        },
    );
}

/// Where a template comes from, for messages: the site's file, or the
/// built-in theme.
fn template_path(name: &str, sources: &[Source]) -> (PathBuf, Option<String>) {
    match sources.iter().find(|(n, _, _)| n == name) {
        Some((_, text, Some(path))) => (path.clone(), Some(text.clone())),
        Some((_, text, None)) => (
            PathBuf::from(format!("(default theme) templates/{name}")),
            Some(text.clone()),
        ),
        None => (PathBuf::from(format!("templates/{name}")), None),
    }
}

/// A Tera error as diagnostics at the template's file, line and column.
fn template_diagnostics(e: &tera::Error, sources: &[Source]) -> Vec<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            vec![located(
                sources,
                report.filename(),
                span.start_line,
                span.start_col + 1,
                report.message(),
            )]
        }
        // Checks over the whole set (unknown filters, blocks, …) come joined
        // into one message of reports: `error: MSG` then `--> NAME:LINE:COL`.
        tera::ErrorKind::Msg(text) => {
            let mut out = Vec::new();
            let mut lines = text.lines().peekable();
            while let Some(line) = lines.next() {
                let Some(message) = line.strip_prefix("error: ") else {
                    continue;
                };
                let location = lines
                    .peek()
                    .and_then(|l| l.trim_start().strip_prefix("--> "))
                    .and_then(|loc| {
                        let mut parts = loc.rsplitn(3, ':');
                        let col = parts.next()?.parse().ok()?;
                        let line = parts.next()?.parse().ok()?;
                        Some((parts.next()?.to_string(), line, col))
                    });
                out.push(match location {
                    Some((name, line, col)) => located(sources, &name, line, col, message),
                    None => Diagnostic::error(
                        PathBuf::from("templates"),
                        format!("template: {message}"),
                    ),
                });
            }
            if out.is_empty() {
                out.push(Diagnostic::error(
                    PathBuf::from("templates"),
                    format!("template: {text}"),
                ));
            }
            out
        }
        other => vec![Diagnostic::error(
            PathBuf::from("templates"),
            format!("template: {other}"),
        )],
    }
}

fn located(sources: &[Source], name: &str, line: usize, col: usize, message: &str) -> Diagnostic {
    let (path, text) = template_path(name, sources);
    let d = Diagnostic::error(path, format!("template: {message}"));
    match text {
        Some(text) => d.at(&text, line, col),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::reads_inner;

    #[test]
    fn a_template_reads_inner_unless_it_only_tests_it() {
        assert!(reads_inner("<div>{{ inner | safe }}</div>"));
        assert!(reads_inner("{% if inner %}{{ inner }}{% endif %}"));
        assert!(reads_inner("{{ inner|markdown }}"));
        assert!(!reads_inner("{% if inner %}{{ body | safe }}{% endif %}"));
        assert!(!reads_inner("{%- if not inner -%}none{%- endif -%}"));
        assert!(!reads_inner("{# the inner text #}{{ params.title }}"));
        assert!(!reads_inner("{{ page.inner_html }}{{ winner }}"));
    }
}
