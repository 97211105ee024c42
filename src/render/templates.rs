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

pub struct Templates {
    tera: Tera,
    sources: Vec<Source>,
}

impl Templates {
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name`; a failure is a diagnostic at the template's line.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> std::result::Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            template_diagnostics(&e, &self.sources)
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error(PathBuf::from("templates"), e.to_string()))
        })
    }
}

/// Builds the template set. `site_templates` are `(name, path)` pairs from
/// the site's `templates/` directory; a name the theme has replaces it.
pub fn load(site_templates: &[(String, PathBuf)], catalog: Arc<Catalog>) -> Result<Templates> {
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
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = state
                .get::<Value>("lang")?
                .and_then(|l| {
                    l.get_from_path("code")
                        .and_then(|c| c.as_str().map(str::to_string))
                })
                .unwrap_or_default();
            Ok(catalog.get(&lang, &key).to_string())
        },
    );
    tera.add_raw_templates(sources.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Content(template_diagnostics(&e, &sources)))?;
    Ok(Templates { tera, sources })
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
