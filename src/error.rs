//! Diagnostics a user can act on: severity, `file:line:col`, message, and an
//! excerpt of the offending source line with a caret.
//!
//! What a build prints stays in proportion to its input however hostile the
//! input: excerpts are cut to a window around the column, lists of the other
//! items involved name a few and count the rest, and a file shows a bounded
//! number of diagnostics of each kind with one line counting the rest.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Characters of a source line shown around the caret; a longer line is cut
/// on both sides of it with `…`.
pub(crate) const EXCERPT_CHARS: usize = 120;

/// Diagnostics of one kind shown for one file; the rest are counted in one
/// line. (A single extra one is shown rather than summarised.)
pub(crate) const SHOWN_PER_FILE: usize = 20;

/// Characters of a message: a longer one (quoting a huge link, say) keeps
/// its first and last halves around a `…`.
pub(crate) const MESSAGE_CHARS: usize = 1_000;

/// Items named when a message lists the others involved; the rest are counted.
pub(crate) const NAMED: usize = 3;

/// What a diagnostic is one of, for the cap per file. Diagnostics of no
/// kind count among the file's other errors or warnings.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Kind {
    /// Links and images that lead nowhere.
    BrokenLinks,
    /// Links that go to a page in another language.
    OtherLanguageLinks,
    /// Code blocks in a language with no grammar: said once per site.
    UnknownLanguage,
    /// Front matter Hugo honours and lectern does not yet: once per site.
    UnsupportedField,
}

impl Kind {
    fn plural(self) -> &'static str {
        match self {
            Kind::BrokenLinks => "broken links",
            Kind::OtherLanguageLinks => "links to another language",
            Kind::UnknownLanguage => "code blocks in unknown languages",
            Kind::UnsupportedField => "front matter fields not honoured",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem found in a user's file. `line` and `col` are 1-based; 0 means
/// "unknown" and is left out of the message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    pub path: PathBuf,
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
    /// The line the diagnostic points at, shown with a caret: at most
    /// [`EXCERPT_CHARS`] characters of it, with `…` where it was cut.
    pub(crate) source_line: Option<String>,
    /// Characters of `source_line` before the caret.
    pub(crate) caret: usize,
    /// What this is one of, for the cap per file.
    pub(crate) kind: Option<Kind>,
    /// For the line that stands for the diagnostics of a kind left out of a
    /// file: how many it stands for (0 for every other diagnostic).
    pub(crate) omitted: usize,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: clip(message.into()),
            source_line: None,
            caret: 0,
            kind: None,
            omitted: 0,
        }
    }

    pub(crate) fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Marks the diagnostic as one of `kind`.
    pub(crate) fn of_kind(self, kind: Kind) -> Self {
        Diagnostic {
            kind: Some(kind),
            ..self
        }
    }

    /// Points the diagnostic at `line:col` of `text` (the whole file), keeping
    /// an excerpt of that line for the caret display. For many diagnostics
    /// in one text, [`Diagnostic::at_in`] shares the work of finding lines.
    pub(crate) fn at(self, text: &str, line: usize, col: usize) -> Self {
        self.at_in(&LineIndex::new(text), line, col)
    }

    /// Points the diagnostic at `line:col` of the text `lines` indexes.
    pub(crate) fn at_in(mut self, lines: &LineIndex<'_>, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        let src = lines.line(line);
        let caret = src.map_or(0, |src| {
            src.char_indices()
                .nth(col.saturating_sub(1))
                .map_or(src.len(), |(i, _)| i)
        });
        self.show(src, caret)
    }

    /// Points the diagnostic at a byte offset of `text`. For many offsets of
    /// one text, [`Diagnostic::at_offset_in`] locates each in constant time.
    pub(crate) fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at_offset_in(&LineIndex::new(text), offset)
    }

    /// Points the diagnostic at a byte offset of the text `lines` indexes.
    pub(crate) fn at_offset_in(mut self, lines: &LineIndex<'_>, offset: usize) -> Self {
        let place = lines.place(offset);
        self.line = place.line;
        self.col = place.col;
        self.show(place.source, place.byte_in_line)
    }

    /// Keeps an excerpt of `line` around the byte `caret` for the display.
    fn show(mut self, line: Option<&str>, caret: usize) -> Self {
        (self.source_line, self.caret) = match line {
            Some(line) => {
                let (excerpt, before) = excerpt(line, caret);
                (Some(excerpt), before)
            }
            None => (None, 0),
        };
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many diagnostics this one counts for: those it stands for, if it
    /// summarises some.
    fn count(&self) -> usize {
        self.omitted.max(1)
    }
}

/// `message` cut to [`MESSAGE_CHARS`] characters, keeping both ends.
fn clip(message: String) -> String {
    if message.len() <= MESSAGE_CHARS || message.chars().nth(MESSAGE_CHARS).is_none() {
        return message;
    }
    let half = MESSAGE_CHARS / 2;
    let head = message.char_indices().nth(half).map_or(0, |(i, _)| i);
    let tail = message
        .char_indices()
        .rev()
        .nth(half - 1)
        .map_or(0, |(i, _)| i);
    format!("{}…{}", &message[..head], &message[tail..])
}

/// At most [`EXCERPT_CHARS`] characters of `line` around the byte `caret`,
/// with `…` where cut, and the characters of the excerpt before the caret.
/// The work is bounded by the window, not by the line.
fn excerpt(line: &str, caret: usize) -> (String, usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut caret = caret.min(line.len());
    while !line.is_char_boundary(caret) {
        caret -= 1;
    }
    if line.len() <= EXCERPT_CHARS || line.chars().nth(EXCERPT_CHARS).is_none() {
        return (line.to_string(), line[..caret].chars().count());
    }
    // Half the window before the caret, more when the line ends sooner.
    let after = line[caret..].chars().take(EXCERPT_CHARS / 2).count();
    let start = line[..caret]
        .char_indices()
        .rev()
        .take(EXCERPT_CHARS - after)
        .last()
        .map_or(caret, |(i, _)| i);
    let before = line[start..caret].chars().count();
    let end = line[caret..]
        .char_indices()
        .nth(EXCERPT_CHARS - before)
        .map_or(line.len(), |(i, _)| caret + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&line[start..end]);
    if end < line.len() {
        out.push('…');
    }
    (out, before + usize::from(start > 0))
}

/// Where byte offsets of one text fall, for any number of diagnostics in
/// it: built on first use, in one pass, after which each offset is placed
/// in time independent of the text's length.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    marks: OnceCell<Marks>,
}

struct Marks {
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    /// Characters before every [`CHAR_MARK`]th byte.
    chars: Vec<usize>,
}

/// Bytes between the character counts kept: the most a column costs to count.
const CHAR_MARK: usize = 256;

/// A byte offset as a diagnostic shows it.
struct Place<'a> {
    line: usize,
    col: usize,
    /// The line, unless the offset is past the last one.
    source: Option<&'a str>,
    byte_in_line: usize,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            marks: OnceCell::new(),
        }
    }

    fn marks(&self) -> &Marks {
        self.marks.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let line_starts = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let mut chars = vec![0];
            for chunk in bytes.chunks(CHAR_MARK) {
                chars.push(chars[chars.len() - 1] + char_starts(chunk));
            }
            Marks { line_starts, chars }
        })
    }

    /// Characters in the text before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = offset / CHAR_MARK;
        let bytes = &self.text.as_bytes()[mark * CHAR_MARK..offset];
        self.marks().chars[mark] + char_starts(bytes)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let place = self.place(offset);
        (place.line, place.col)
    }

    fn place(&self, offset: usize) -> Place<'a> {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.marks().line_starts.partition_point(|&s| s <= offset);
        let start = self.marks().line_starts[line - 1];
        Place {
            line,
            col: self.chars_before(offset) - self.chars_before(start) + 1,
            source: self.line(line),
            byte_in_line: offset - start,
        }
    }

    /// The text of 1-based line `n`, without its line break; as `str::lines`
    /// sees it, there is no line after a final newline.
    fn line(&self, n: usize) -> Option<&'a str> {
        let starts = &self.marks().line_starts;
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts.get(n).map_or(self.text.len(), |&next| next - 1);
        (start < self.text.len()).then(|| &self.text[start..end])
    }
}

/// Characters starting in `bytes` (of UTF-8 text): all but continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(offset)
}

/// `n` with its thousands grouped: `3,997`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The first [`NAMED`] of `total` items joined by ` and `, then how many
/// more: `a and b and c and 3,997 more`. Only the named ones are asked for.
pub(crate) fn name_some(items: impl IntoIterator<Item = String>, total: usize) -> String {
    let named: Vec<String> = items.into_iter().take(NAMED).collect();
    let mut out = named.join(" and ");
    if total > named.len() {
        out.push_str(&format!(" and {} more", thousands(total - named.len())));
    }
    out
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
                    .take(self.caret)
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

/// Diagnostics in a stable order (file, line, column), each once, and at
/// most [`SHOWN_PER_FILE`] of a kind in a file; with `strict`, warnings
/// become errors.
pub(crate) fn settle(mut diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
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
    cap_per_file(once_per_site(diags))
}

/// Diagnostics said once for the whole site (a code language with no
/// grammar, a front matter field not honoured): the first of each message
/// stays, counting the others.
fn once_per_site(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let once =
        |d: &Diagnostic| matches!(d.kind, Some(Kind::UnknownLanguage | Kind::UnsupportedField));
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in diags.iter().filter(|d| once(d)) {
        *counts.entry(d.message.clone()).or_default() += 1;
    }
    if counts.is_empty() {
        return diags;
    }
    let mut said = std::collections::BTreeSet::new();
    diags
        .into_iter()
        .filter_map(|mut d| {
            if !once(&d) {
                return Some(d);
            }
            let more = counts[&d.message] - 1;
            if !said.insert(d.message.clone()) {
                return None;
            }
            if more > 0 {
                d.message
                    .push_str(&format!(" ({} more elsewhere)", thousands(more)));
            }
            Some(d)
        })
        .collect()
}

/// The first [`SHOWN_PER_FILE`] diagnostics of each kind in each file, as
/// they were, and after the file's diagnostics one line for each kind saying
/// how many more there are. `diags` is sorted by file.
fn cap_per_file(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    type Group = (Severity, Option<Kind>);
    let group = |d: &Diagnostic| -> Group { (d.severity, d.kind) };
    let mut out = Vec::with_capacity(diags.len().min(1024));
    let mut rest = diags.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.path == first.path).count();
        let (file, after) = rest.split_at(n);
        rest = after;
        let mut totals: BTreeMap<Group, usize> = BTreeMap::new();
        for d in file {
            *totals.entry(group(d)).or_default() += 1;
        }
        let mut shown: BTreeMap<Group, usize> = BTreeMap::new();
        for d in file {
            let seen = shown.entry(group(d)).or_default();
            *seen += 1;
            if *seen <= SHOWN_PER_FILE || totals[&group(d)] == SHOWN_PER_FILE + 1 {
                out.push(d.clone());
            }
        }
        for ((severity, kind), total) in totals {
            if total > SHOWN_PER_FILE + 1 {
                out.push(omitted(first, severity, kind, total - SHOWN_PER_FILE));
            }
        }
    }
    out
}

/// The line standing for `n` diagnostics of a kind left out of a file.
fn omitted(first: &Diagnostic, severity: Severity, kind: Option<Kind>, n: usize) -> Diagnostic {
    let noun = kind.map_or(
        match severity {
            Severity::Error => "errors",
            Severity::Warning => "warnings",
        },
        Kind::plural,
    );
    Diagnostic {
        severity,
        kind,
        omitted: n,
        ..Diagnostic::error(
            &first.path,
            format!("… and {} more {noun} in this file", thousands(n)),
        )
    }
}

/// How many errors and warnings `diags` holds, counting those a summary
/// line stands for.
pub fn tally(diags: &[Diagnostic]) -> (usize, usize) {
    let count = |errors: bool| {
        diags
            .iter()
            .filter(|d| d.is_error() == errors)
            .map(Diagnostic::count)
            .sum()
    };
    (count(true), count(false))
}

/// `2 errors and 1 warning found`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let plural =
        |n: usize, word: &str| format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" });
    match tally(diags) {
        (errors, 0) => format!("{} found", plural(errors, "error")),
        (errors, w) => format!(
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
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
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

/// Runs `f`, a young dependency's work on one input (a formula, a
/// diagram), taking a panic in it for that input's failure, which the
/// caller reports at the input's file:line:col like any other problem: the
/// error is the panic's message. The panic says nothing on stderr, where
/// "thread panicked at …" would read as lectern's own crash: a hook, set on
/// first use, stays quiet while this thread runs such work, and leaves
/// every other panic to the hook it found.
pub(crate) fn catch_quietly<T>(
    f: impl FnOnce() -> T + std::panic::UnwindSafe,
) -> Result<T, String> {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let found = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                found(info);
            }
        }));
    });
    // A call inside another keeps the outer one quiet until it ends.
    let outer = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(outer));
    result.map_err(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        text.unwrap_or("no reason given").to_string()
    })
}

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
        // Past the marks the index keeps, and inside a character.
        let long = format!("x\n{}z", "я".repeat(300));
        let lines = LineIndex::new(&long);
        assert_eq!(lines.line_col(long.len() - 1), (2, 301));
        assert_eq!(lines.line_col(long.len() - 2), (2, 300));
        assert_eq!(lines.line_col(long.len() + 5), (2, 302));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}[x](gone.md){}", "а".repeat(5_000), "b".repeat(5_000));
        let text = format!("---\n---\n{line}\n");
        let offset = text.find('[').unwrap();
        let d = Diagnostic::error("a.md", "broken").at_offset(&text, offset);
        assert_eq!((d.line, d.col), (3, 5_001));
        let shown = d.source_line.as_deref().unwrap();
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(d.caret), Some('['));
        assert_eq!(d.caret, EXCERPT_CHARS / 2 + 1);
        let rendered = d.to_string();
        let lines: Vec<&str> = rendered.lines().collect();
        let caret_at = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret_at), Some('['));
        // Near the end of the line the window reaches further back.
        let end = Diagnostic::error("a.md", "x").at(&text, 3, 10_013);
        let shown = end.source_line.unwrap();
        assert!(shown.starts_with('…') && !shown.ends_with('…'));
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(end.caret, EXCERPT_CHARS + 1);
        // A line that fits is shown whole.
        let short = Diagnostic::error("a.md", "x").at("a\tb\n", 1, 3);
        assert_eq!(
            (short.source_line.as_deref(), short.caret),
            (Some("a\tb"), 2)
        );
    }

    #[test]
    fn long_messages_keep_both_ends() {
        let long = format!("link `{}`: no such page", "я".repeat(5_000));
        let d = Diagnostic::error("a.md", long);
        assert_eq!(d.message.chars().count(), MESSAGE_CHARS + 1);
        assert!(d.message.starts_with("link `яя"));
        assert!(d.message.ends_with("яя`: no such page"));
        assert_eq!(d.message.chars().nth(MESSAGE_CHARS / 2), Some('…'));
        let short = "x".repeat(MESSAGE_CHARS);
        assert_eq!(Diagnostic::error("a.md", short.clone()).message, short);
    }

    #[test]
    fn lists_name_a_few_and_count_the_rest() {
        let items = |n: usize| (0..n).map(|i| format!("p{i}.md"));
        assert_eq!(name_some(items(2), 2), "p0.md and p1.md");
        assert_eq!(
            name_some(items(4_000), 3_999),
            "p0.md and p1.md and p2.md and 3,996 more"
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn a_caught_panic_is_its_message_and_the_thread_goes_on() {
        assert_eq!(catch_quietly(|| 7), Ok(7));
        let outer = catch_quietly(|| {
            let inner: Result<(), String> = catch_quietly(|| panic!("inner {}", 1));
            assert_eq!(inner, Err("inner 1".to_string()));
            panic!("outer")
        });
        assert_eq!(outer, Err::<(), _>("outer".to_string()));
    }

    fn broken(line: usize) -> Diagnostic {
        Diagnostic::error("a.md", format!("link {line}"))
            .of_kind(Kind::BrokenLinks)
            .at("x\n".repeat(line).as_str(), line, 1)
    }

    #[test]
    fn a_file_shows_a_bounded_number_of_each_kind() {
        let mut diags: Vec<Diagnostic> = (1..=100).rev().map(broken).collect();
        diags.push(Diagnostic::warning("a.md", "odd weight"));
        diags.push(Diagnostic::error("b.md", "link").of_kind(Kind::BrokenLinks));
        let settled = settle(diags, false);
        assert_eq!(settled.len(), SHOWN_PER_FILE + 3);
        let shown: Vec<usize> = settled[1..=SHOWN_PER_FILE].iter().map(|d| d.line).collect();
        assert_eq!(shown, (1..=SHOWN_PER_FILE).collect::<Vec<_>>());
        let rest = &settled[SHOWN_PER_FILE + 1];
        assert_eq!(
            rest.to_string(),
            "error: a.md: … and 80 more broken links in this file"
        );
        assert_eq!(rest.omitted, 80);
        assert_eq!(settled[SHOWN_PER_FILE + 2].path, Path::new("b.md"));
        assert_eq!(summary(&settled), "101 errors and 1 warning found");
        // One over the cap is shown rather than summarised.
        let settled = settle((1..=SHOWN_PER_FILE + 1).map(broken).collect(), false);
        assert_eq!(settled.len(), SHOWN_PER_FILE + 1);
        assert!(settled.iter().all(|d| d.omitted == 0));
    }
}
