//! Diagnostics a user can act on: severity, `file:line:col`, message, and the
//! offending source line with a caret.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a user's file. `line` and `col` are 1-based; 0 means
/// "unknown" and is left out of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The text of the line the diagnostic points at, shown with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line:col` of `text` (the whole file), keeping
    /// that line for the caret display.
    pub fn at(mut self, text: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Points the diagnostic at a byte offset of `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at(text, line, col)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Diagnostic {
    /// The diagnostic with its source line and caret, in ANSI colours when
    /// `colour` (for a terminal).
    pub fn render(&self, colour: bool) -> String {
        let paint = |style: &str, text: &str| {
            if colour {
                format!("\x1b[{style}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, style) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut place = self.path.display().to_string();
        if self.line > 0 {
            place.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                place.push_str(&format!(":{}", self.col));
            }
        }
        let mut out = format!(
            "{}: {}: {}",
            paint(style, label),
            paint("1", &place),
            self.message
        );
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let bar = paint("1;34", "|");
            out.push_str(&format!(
                "\n{pad} {bar}\n{} {bar} {src}",
                paint("1;34", &num)
            ));
            if self.col > 0 {
                // Keep tabs so the caret lines up under the same character.
                let lead: String = src
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("\n{pad} {bar} {lead}{}", paint(style, "^")));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Diagnostics in a stable order (file, line, column), each once; with
/// `strict`, warnings become errors.
pub fn settle(mut diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    if strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
    });
    diags.dedup();
    diags
}

/// `2 errors and 1 warning found`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = diags.iter().filter(|d| d.is_error()).count();
    match diags.len() - errors {
        0 => format!("{} found", plural(errors, "error")),
        w => format!(
            "{} and {} found",
            plural(errors, "error"),
            plural(w, "warning")
        ),
    }
}

/// Everything that can stop a command. Content problems carry every
/// diagnostic found, so the user can fix them all in one pass.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", render_diagnostics(.0))]
    Content(Vec<Diagnostic>),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Misuse of the command line: exit code 2.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Content(_) | Error::Io { .. } => 1,
        }
    }
}

fn render_diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&summary(diags));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_column_of_cyrillic_line() {
        let text = "---\nweight: 1\ntitle: [Основы]\n---\n";
        let d = Diagnostic::error("content/ru/basics.md", "front matter: bad title").at(text, 3, 8);
        assert_eq!(
            d.to_string(),
            "error: content/ru/basics.md:3:8: front matter: bad title\n  |\n3 | title: [Основы]\n  |        ^"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "аб\nвгд";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, "аб\nв".len()), (2, 2));
    }
}
