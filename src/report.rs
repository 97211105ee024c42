//! Diagnostics for people and for machines: `human` (the source line and a
//! caret; colour on a terminal), `json` (one object per line) and `github`
//! (workflow commands, which GitHub Actions shows as annotations).

use serde::Serialize;

use crate::content::Site;
use crate::error::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// One diagnostic, without a trailing newline.
pub fn format(d: &Diagnostic, format: Format, colour: bool) -> String {
    match format {
        Format::Human => d.render(colour),
        Format::Json => json(d),
        Format::Github => github(d),
    }
}

/// For `check --untranslated`: per language other than the default, the
/// default language's pages it has no translation of. `human`:
/// `ru: 2 of 14 pages untranslated` and a line per page; `json`: an object
/// per language, `{"language":"ru","pages":14,"untranslated":[…]}`;
/// `github`: a notice at each page.
/// The pages left out until their `publishDate`, and when each goes live:
/// `human` a line each; `github` a notice at each page; `json` nothing
/// (its lines are problems, and these are not).
pub fn scheduled(site: &Site, format: Format) -> String {
    site.scheduled
        .iter()
        .filter_map(|page| {
            let file = page.path.display();
            let at = &page.at;
            match format {
                Format::Human => Some(format!(
                    "{file}: goes live at {at}; left out until then (--future includes it)\n"
                )),
                Format::Github => Some(format!(
                    "::notice file={file}::goes live at {at}; left out until then\n"
                )),
                Format::Json => None,
            }
        })
        .collect()
}

pub fn untranslated(site: &Site, format: Format) -> String {
    let total = site.default_lang().pages.len();
    let mut out = String::new();
    for (l, lang) in site
        .langs
        .iter()
        .enumerate()
        .filter(|&(l, _)| l != site.default)
    {
        let code = &lang.lang.code;
        // A page's file, or a section's directory when it has no `_index.md`.
        let missing: Vec<String> = site
            .untranslated(l)
            .map(|page| {
                let section = || match format {
                    Format::Human => format!("the section {}/", page.lang_dir),
                    Format::Json | Format::Github => format!("{}/", page.lang_dir),
                };
                page.source_path()
                    .map_or_else(section, |p| p.display().to_string())
            })
            .collect();
        match format {
            Format::Human => {
                let count = missing.len();
                out.push_str(&format!("{code}: {count} of {total} pages untranslated\n"));
                for place in &missing {
                    out.push_str(&format!("  {place}\n"));
                }
            }
            Format::Json => {
                let line = serde_json::json!({
                    "language": code,
                    "pages": total,
                    "untranslated": missing,
                });
                out.push_str(&format!("{line}\n"));
            }
            Format::Github => {
                for place in &missing {
                    let file = escape_property(place);
                    out.push_str(&format!(
                        "::notice file={file}::not translated into {code}\n"
                    ));
                }
            }
        }
    }
    out
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[derive(Serialize)]
struct Json<'a> {
    severity: &'static str,
    file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    line: usize,
    column: usize,
    message: &'a str,
    /// On the line that stands for diagnostics left out of a file: how many.
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn json(d: &Diagnostic) -> String {
    serde_json::to_string(&Json {
        severity: severity(d),
        file: d.path.display().to_string(),
        line: d.line,
        column: d.col,
        message: &d.message,
        omitted: d.omitted,
    })
    .unwrap_or_default()
}

/// `::error file=content/a.md,line=3,col=8::message`.
fn github(d: &Diagnostic) -> String {
    let mut properties = format!("file={}", escape_property(&d.path.display().to_string()));
    if d.line > 0 {
        properties.push_str(&format!(",line={}", d.line));
        if d.col > 0 {
            properties.push_str(&format!(",col={}", d.col));
        }
    }
    format!(
        "::{} {properties}::{}",
        severity(d),
        escape_data(&d.message)
    )
}

/// Workflow commands end at a newline and treat `%` as an escape.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also end at `,` and `:`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic() -> Diagnostic {
        Diagnostic::error(
            "content/ru/a, b.md",
            "link `x.md#100%`: no such page\nsecond line",
        )
        .at("t\n[x](x.md#100%)\n", 2, 1)
    }

    #[test]
    fn github_commands_escape_their_separators() {
        assert_eq!(
            format(&diagnostic(), Format::Github, false),
            "::error file=content/ru/a%2C b.md,line=2,col=1::link `x.md#100%25`: no such page%0Asecond line"
        );
        let whole_file = Diagnostic::warning("c:/x.md", "odd");
        assert_eq!(
            format(&whole_file, Format::Github, false),
            "::warning file=c%3A/x.md::odd"
        );
    }

    #[test]
    fn json_is_one_object_per_line() {
        let line = format(&diagnostic(), Format::Json, false);
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["file"], "content/ru/a, b.md");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(v["message"], "link `x.md#100%`: no such page\nsecond line");
    }

    #[test]
    fn human_format_has_colour_only_when_asked() {
        let plain = format(&diagnostic(), Format::Human, false);
        assert!(plain.starts_with("error: content/ru/a, b.md:2:1: link"));
        assert!(!plain.contains('\x1b'));
        let coloured = format(&diagnostic(), Format::Human, true);
        assert!(coloured.starts_with("\x1b[1;31merror\x1b[0m: "));
    }
}
