//! LaTeX math as MathML, which every current browser renders with no
//! script: the one module that knows the converter (pulldown-latex).

use pulldown_latex::config::{DisplayMode, RenderConfig};
use pulldown_latex::{Parser, Storage, mathml::push_mathml};
use std::path::Path;

use crate::error::Diagnostic;

/// How a site treats math (`math` in `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MathMode {
    /// `$…$` and the rest become MathML; a formula that cannot is an error.
    #[default]
    Strict,
    /// As `Strict`, but such a formula is a warning and shows its source.
    Lenient,
    /// Dollar signs are text.
    Off,
}

/// `latex` (without its delimiters) as a `<math>` element; `display` for a
/// formula on its own line. The error says what was not understood.
pub(crate) fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    if let Some(c) = non_ascii_command(latex) {
        return Err(format!(
            "a backslash before `{c}`: commands are made of Latin letters"
        ));
    }
    // The converter is young: should it panic on some formula, that
    // formula is reported rather than the build lost.
    crate::error::catch_quietly(|| convert(latex, display))
        .unwrap_or_else(|why| Err(format!("the converter failed on it ({why})")))
}

/// The character after a backslash that is not ASCII, which the converter
/// cannot read (and would panic on).
fn non_ascii_command(latex: &str) -> Option<char> {
    let mut chars = latex.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) if !next.is_ascii() => return Some(next),
                _ => {}
            }
        }
    }
    None
}

fn convert(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(error) = events.iter().find_map(|e| e.as_ref().err()) {
        let what = error.to_string();
        let what = what.lines().next().unwrap_or_default();
        let what = what.trim_start_matches("parsing error: ");
        return Err(match unknown_command(latex) {
            Some(command) => format!("unknown command `{command}`"),
            None => what.to_string(),
        });
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut html = String::with_capacity(latex.len() * 8);
    push_mathml(&mut html, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(html)
}

/// The first command the converter does not know: its report marks the
/// whole formula, so each command is tried alone.
fn unknown_command(latex: &str) -> Option<&str> {
    let mut rest = latex;
    while let Some(at) = rest.find('\\') {
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let command = &rest[at..at + 1 + len.max(1).min(after.len())];
        let storage = Storage::new();
        let unknown = len > 0
            && Parser::new(command, &storage)
                .any(|e| e.is_err_and(|e| e.to_string().contains("unknown primitive command")));
        if unknown {
            return Some(command);
        }
        rest = &rest[at + command.len().max(1)..];
    }
    None
}

/// A formula of file `path` as HTML, and what to say of it: a display formula scrolls on
/// its own when wide; one that cannot be converted shows its source, with
/// an error (a warning on a lenient site) saying why.
pub(crate) fn formula(
    latex: &str,
    display: bool,
    mode: MathMode,
    path: &Path,
) -> (String, Option<Diagnostic>) {
    match to_mathml(latex, display) {
        Ok(mathml) if display => (
            format!("<span class=\"math-display\">{mathml}</span>"),
            None,
        ),
        Ok(mathml) => (mathml, None),
        Err(why) => {
            let message = format!("formula `{}`: {why}", latex.trim());
            let diagnostic = match mode {
                MathMode::Lenient => Diagnostic::warning(path, message),
                _ => Diagnostic::error(path, message),
            };
            (source_as_code(latex, display), Some(diagnostic))
        }
    }
}

/// The HTML shown for a formula that could not be converted: its source,
/// as code.
fn source_as_code(latex: &str, display: bool) -> String {
    let code = crate::escape::html(latex);
    if display {
        format!("<pre class=\"math-source\"><code>{code}</code></pre>")
    } else {
        format!("<code class=\"math-source\">{code}</code>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_of_an_algorithms_course_become_mathml() {
        let inline = to_mathml(r"O(n \log n)", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(!inline.contains("display=\"block\""), "{inline}");
        let cases = to_mathml(
            r"f(n) = \begin{cases} 1 & n \le 1 \\ f(n-1) + f(n-2) & \text{otherwise} \end{cases}",
            true,
        )
        .unwrap();
        assert!(cases.contains("display=\"block\""), "{cases}");
        assert!(cases.contains("<mtable"), "{cases}");
        assert!(cases.contains("otherwise"), "{cases}");
    }

    #[test]
    fn a_backslash_before_a_letter_of_another_script_is_an_error_not_a_panic() {
        for latex in ["\\é x", "a\\中", "x_\\ñ", "\\mathrm{\\é}", "#mt\\\u{FFFD}N"] {
            let error = to_mathml(latex, false).unwrap_err();
            assert!(
                error.starts_with("a backslash before `"),
                "{latex}: {error}"
            );
        }
        let break_then_e = "\\begin{aligned} a \\\\ é \\end{aligned}";
        assert!(
            to_mathml(break_then_e, true).is_ok(),
            "a line break before é is fine"
        );
        assert!(to_mathml("\\text{é}", false).is_ok());
    }

    #[test]
    fn a_formula_the_converter_panics_on_is_an_error_saying_why() {
        assert_eq!(
            to_mathml(r"\begin{cases} &^x \end{cases}", true).unwrap_err(),
            "the converter failed on it (alignment not allowed in current environment)"
        );
    }

    #[test]
    fn what_was_not_understood_is_said() {
        let error = to_mathml(r"\frac{1}{2", false).unwrap_err();
        assert!(error.contains("unbalanced group"), "{error}");
        assert_eq!(
            to_mathml(r"x + \foo{y} + \alpha", false).unwrap_err(),
            r"unknown command `\foo`"
        );
        assert!(!error.contains('\n'), "{error}");
    }
}
