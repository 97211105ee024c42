//! The template set: the default theme embedded in the binary, with the
//! site's own `templates/` overriding it file by file.

use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::error::{Diagnostic, Error, Result};
use crate::render::i18n::Catalog;

/// The default theme's templates, as `(name, source)`.
pub const THEME_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("root.html", include_str!("../../templates/root.html")),
    ("alias.html", include_str!("../../templates/alias.html")),
    (
        "partials/components.html",
        include_str!("../../templates/partials/components.html"),
    ),
];

/// The default theme's static files, as `(output path, bytes)`.
pub const THEME_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("theme.js", include_bytes!("../../static/theme.js")),
];

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
        self.tera
            .render(name, context)
            .map_err(|e| template_diagnostic(&e, &self.sources))
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
        .map_err(|e| Error::Content(vec![template_diagnostic(&e, &sources)]))?;
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

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_diagnostic(e: &tera::Error, sources: &[Source]) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let (path, text) = template_path(report.filename(), sources);
            let span = report.span();
            let d = Diagnostic::error(path, format!("template: {}", report.message()));
            match text {
                Some(text) => d.at(&text, span.start_line, span.start_col + 1),
                None => d,
            }
        }
        other => Diagnostic::error(PathBuf::from("templates"), format!("template: {other}")),
    }
}
