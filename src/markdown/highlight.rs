//! Fenced code → highlighted HTML with CSS classes. The only module that
//! names syntect, so the highlighter can be swapped here alone.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::attributes::{self, Attributes};
use crate::escape::html as escape;
use crate::sync::Locked;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Names people write in fences that the syntax set knows by another name.
const ALIASES: &[(&str, &str)] = &[
    ("golang", "go"),
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shellsession", "bash"),
    ("terminal", "bash"),
    ("yml", "yaml"),
    ("js", "javascript"),
    ("jsx", "javascript"),
    ("ts", "typescript"),
    ("py", "python"),
    ("python3", "python"),
    ("rs", "rust"),
    ("c++", "cpp"),
    ("cxx", "cpp"),
    ("h", "c"),
    ("proto", "protobuf"),
    ("proto3", "protobuf"),
    ("docker", "dockerfile"),
    ("make", "makefile"),
    ("mk", "makefile"),
    ("patch", "diff"),
    ("htm", "html"),
    ("xhtml", "html"),
    ("psql", "sql"),
    ("postgresql", "sql"),
    ("mysql", "sql"),
    ("jsonc", "json"),
    ("text", "txt"),
    ("plaintext", "txt"),
    ("plain", "txt"),
    ("none", "txt"),
    ("output", "txt"),
    ("tree", "txt"),
    // Go's templates share Jinja's `{{ }}` actions, whose grammar draws them
    // well enough: there is no Go template grammar to load.
    ("go-html-template", "html.j2"),
    ("gohtml", "html.j2"),
    ("go-text-template", "jinja2"),
    ("go-template", "jinja2"),
    ("gotmpl", "jinja2"),
    ("tpl", "jinja2"),
    ("tmpl", "jinja2"),
];

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// The largest `linenostart`, so that numbering a block cannot overflow.
const MAX_FIRST_LINE: usize = 1_000_000_000;

/// What a fence's info string asks for: ```` ```go {linenos=table, hl_lines=[2,"4-6"], filename="main.go"} ````.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct FenceInfo {
    pub(crate) lang: Option<String>,
    pub(crate) line_numbers: bool,
    pub(crate) first_line: usize,
    pub(crate) highlight_lines: Vec<RangeInclusive<usize>>,
    pub(crate) filename: Option<String>,
    /// The block's own HTML attributes (`{#id .class data-x=1}`: whatever
    /// is not an option above or another of Hugo's highlighting options),
    /// for its outer element.
    pub(crate) attrs: Attributes,
}

impl FenceInfo {
    pub(crate) fn parse(info: &str) -> FenceInfo {
        let info = info.trim();
        let (head, list) = match info.find('{') {
            Some(i) => (&info[..i], &info[i..]),
            None => (info, ""),
        };
        // mdBook writes `rust,ignore`; keep only the language word.
        let lang = head
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .filter(|l| !l.is_empty())
            .map(str::to_string);
        let mut fence = FenceInfo {
            lang,
            first_line: 1,
            ..FenceInfo::default()
        };
        let pairs = attributes::parse(list).unwrap_or_else(|| {
            // Options as Hugo's `highlight` shortcode writes them, apart by
            // commas alone: `{linenos=table,hl_lines=2 4-6}`.
            let inner = list.strip_prefix('{').unwrap_or(list);
            split_attributes(inner.strip_suffix('}').unwrap_or(inner))
                .into_iter()
                .filter(|(key, _)| attributes::is_name(key.trim()))
                .map(|(key, value)| {
                    let value = unquote(value).to_string();
                    (key.trim().to_string().into(), Some(value.into()))
                })
                .collect()
        });
        for (key, value) in pairs {
            let text = value.as_deref().unwrap_or("").trim();
            match key.to_ascii_lowercase().as_str() {
                "linenos" => fence.line_numbers = !matches!(text, "false" | "" | "none"),
                "linenostart" => {
                    fence.first_line = text.parse().map_or(1, |n: usize| n.min(MAX_FIRST_LINE))
                }
                "hl_lines" => fence.highlight_lines = line_ranges(text),
                "filename" | "file" | "title" => {
                    fence.filename = Some(text.to_string()).filter(|f| !f.is_empty())
                }
                // How Hugo's highlighter draws the block: no attribute of it.
                "anchorlinenos" | "lineanchors" | "linenumbersintable" | "noclasses" | "style"
                | "tabwidth" | "guesssyntax" | "hl_inline" => {}
                _ => fence.attrs.push((key, value)),
            }
        }
        fence
    }

    fn is_highlighted(&self, line: usize) -> bool {
        self.highlight_lines.iter().any(|r| r.contains(&line))
    }
}

/// Splits `a=1, b=[2,"3-4"], c="x, y"` at the commas that separate pairs.
fn split_attributes(attrs: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in attrs
        .char_indices()
        .chain(std::iter::once((attrs.len(), ',')))
    {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            ',' if !quoted && depth <= 0 => {
                if let Some((k, v)) = attrs[start..i].split_once('=') {
                    pairs.push((k, v));
                }
                start = (i + 1).min(attrs.len());
            }
            _ => {}
        }
    }
    pairs
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('\'')
}

/// `[2,"4-6"]`, `"2 4-6"` or `2` → line ranges.
fn line_ranges(value: &str) -> Vec<RangeInclusive<usize>> {
    value
        .trim_matches(|c| c == '[' || c == ']')
        .split([',', ' '])
        .map(unquote)
        .filter_map(|item| match item.split_once('-') {
            Some((a, b)) => Some(a.trim().parse().ok()?..=b.trim().parse().ok()?),
            None => item.parse().ok().map(|n| n..=n),
        })
        .collect()
}

/// Whether code in `lang` is highlighted (plain-text names count: they
/// are known to be plain).
pub(crate) fn is_known(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// How many fence languages each thread remembers the syntax of.
const FOUND_LANGUAGES: usize = 256;

thread_local! {
    /// A syntax is found by scanning every grammar's names and extensions,
    /// once per code block otherwise; a site uses few languages.
    static FOUND: RefCell<HashMap<String, Option<&'static SyntaxReference>>> =
        RefCell::default();
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    FOUND.with_borrow_mut(|found| {
        if let Some(syntax) = found.get(lang) {
            return *syntax;
        }
        let syntax = search_syntax(lang);
        if found.len() < FOUND_LANGUAGES {
            found.insert(lang.to_string(), syntax);
        }
        syntax
    })
}

fn search_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let lower = lang.to_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, t)| t);
    set.find_syntax_by_token(token).or_else(|| {
        set.syntaxes()
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(token))
    })
}

/// Highlights the code blocks of one pass over the Markdown, sharing work
/// between pages. Translations keep their code as is, so each distinct
/// block is highlighted once. Code also repeats lines (`}`, `if err != nil
/// {`, imports, blank lines) far more than whole blocks, and the parser's
/// regular expressions are nearly all of the cost, so every line is
/// remembered with the highlighter's state before it (see [`LineMemo`]).
/// All of it is dropped with the pass, so a build does not hold it while it
/// writes the site.
#[derive(Default)]
pub struct Highlighter {
    blocks: Mutex<RecentBlocks>,
    /// Nanoseconds this pass spent highlighting beyond each block's
    /// [`allowance`]; see [`PASS_OVERRUN`].
    overrun: AtomicU64,
    /// A block was left plain for [`PASS_OVERRUN`]: what this pass made
    /// depends on the machine's speed.
    gave_up: AtomicBool,
}

/// Some grammars' regular expressions cost time quadratic or worse in the
/// length of a line (5 KB of spaces and tabs as INI took 19 s), so longer
/// lines are not highlighted: a 500-byte line costs at most a few tenths
/// of a second.
pub(crate) const MAX_LINE_BYTES: usize = 500;

/// Larger blocks are not highlighted, so that none holds a build for long.
pub(crate) const MAX_BLOCK_BYTES: usize = 256 * 1024;

/// The time a block of `bytes` may take: about four times what real code
/// needs (a microsecond a byte; five times that in a debug build).
fn allowance(bytes: usize) -> Duration {
    let per_byte = Duration::from_micros(if cfg!(debug_assertions) { 20 } else { 4 });
    Duration::from_millis(10) + per_byte * u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// The time a pass may spend beyond its blocks' allowances, which only
/// code slow for its size spends (a few hundred bytes of spaces and tabs
/// as INI take a tenth of a second). A block stops, before a line, when it
/// has taken longer than the allowance of its lines so far and what is left
/// of this; once this is gone, the pass highlights nothing more. The two
/// limits above keep output the same on every machine; this last resort,
/// against grammars slow on short lines too, makes output depend on the
/// machine's speed (its CPU time, not how busy it is), and so it warns.
const PASS_OVERRUN: Duration = Duration::from_secs(1);

/// Bytes of code highlighted between two readings of the time used: with
/// lines of at most [`MAX_LINE_BYTES`], a block is stopped at most a line
/// or two late.
const CHECK_EVERY: usize = 256;

/// Why a block is shown as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plain {
    LongLine,
    LargeBlock,
    Slow,
}

impl Plain {
    /// The warning, naming the limit.
    pub(crate) fn message(self) -> String {
        let why = match self {
            Plain::LongLine => format!("a line is longer than {MAX_LINE_BYTES} bytes"),
            Plain::LargeBlock => format!("it is larger than {} KiB", MAX_BLOCK_BYTES / 1024),
            Plain::Slow => "highlighting this build's code took too long".to_string(),
        };
        format!("code block shown without highlighting: {why}")
    }
}

/// A block's lines as HTML, and why they are plain if they are.
type BlockLines = (Arc<Vec<String>>, Option<Plain>);

/// Blocks remembered whole. A page's translations are rendered close
/// together (see `render_site`), so the latest few hundred blocks catch
/// nearly every repeat, and a large site does not hold all its code twice.
const RECENT_BLOCKS: usize = 512;

/// `(syntax name, code)` → its lines, the oldest first out.
#[derive(Default)]
struct RecentBlocks {
    lines: HashMap<(String, String), BlockLines>,
    order: VecDeque<(String, String)>,
}

/// Lines remembered per thread. Past that, new lines are highlighted but
/// not kept: the lines that repeat most are nearly always met early.
const MEMO_LINES: usize = 20_000;

thread_local! {
    /// Per thread: the parser's state holds Oniguruma regions, which may
    /// not move between threads.
    static LINE_MEMO: RefCell<LineMemo> = RefCell::default();
}

impl Drop for Highlighter {
    fn drop(&mut self) {
        let forget = || drop(LINE_MEMO.take());
        rayon::broadcast(|_| forget());
        forget();
    }
}

impl Highlighter {
    /// Whether a block was left plain because the pass had spent its time
    /// (see [`PASS_OVERRUN`]).
    pub(crate) fn gave_up(&self) -> bool {
        self.gave_up.load(Ordering::Relaxed)
    }

    /// The whole HTML of a code block: optional file name, then a `<pre>`
    /// whose lines are each wrapped in `<span class="line">` (numbered and
    /// marked as the fence asks). An unknown language is escaped plain text,
    /// and so is a block past the limits above, with the reason to warn of.
    pub(crate) fn code_block(&self, code: &str, fence: &FenceInfo) -> (String, Option<Plain>) {
        let mut html = String::with_capacity(code.len() * 3 + 128);
        let lang = fence.lang.as_deref().unwrap_or("");
        html.push_str(&attributes::opening_tag(
            "div",
            "code-block",
            "",
            &fence.attrs,
        ));
        if let Some(name) = &fence.filename {
            let _ = write!(html, "<div class=\"code-filename\">{}</div>", escape(name));
        }
        html.push_str("<pre class=\"hl-code");
        if fence.line_numbers {
            html.push_str(" numbered");
        }
        html.push('"');
        if !lang.is_empty() {
            let _ = write!(html, " data-lang=\"{}\"", escape(lang));
        }
        html.push_str("><code");
        if !lang.is_empty() {
            let _ = write!(html, " class=\"language-{}\"", escape(lang));
        }
        html.push('>');
        let session = SESSIONS.contains(&lang.to_lowercase().as_str());
        let (lines, plain) = match fence.lang.as_deref().and_then(find_syntax) {
            Some(syntax) if session => self.session_lines(code, syntax),
            Some(syntax) => self.block_lines(code, syntax),
            None => (plain_lines(code), None),
        };
        for (i, line) in lines.iter().enumerate() {
            let number = fence.first_line + i;
            html.push_str("<span class=\"line");
            if fence.is_highlighted(i + 1) {
                html.push_str(" hl");
            }
            html.push('"');
            if fence.line_numbers {
                let _ = write!(html, " data-ln=\"{number}\"");
            }
            html.push('>');
            html.push_str(line);
            html.push_str("</span>\n");
        }
        html.push_str("</code></pre></div>\n");
        (html, plain)
    }

    /// Highlighted lines, computed once per distinct block among the
    /// latest [`RECENT_BLOCKS`]; plain ones past the limits.
    fn block_lines(&self, code: &str, syntax: &SyntaxReference) -> BlockLines {
        if code.len() > MAX_BLOCK_BYTES {
            return (plain_lines(code), Some(Plain::LargeBlock));
        }
        if code.lines().any(|line| line.len() > MAX_LINE_BYTES) {
            return (plain_lines(code), Some(Plain::LongLine));
        }
        let blocks = || self.blocks.locked();
        let key = (syntax.name.clone(), code.to_string());
        if let Some(lines) = blocks().lines.get(&key) {
            return lines.clone();
        }
        let lines = match self.timed_lines(code, syntax) {
            Ok(lines) => (Arc::new(lines), None),
            Err(why) => {
                if why == Some(Plain::Slow) {
                    self.gave_up.store(true, Ordering::Relaxed);
                }
                (plain_lines(code), why)
            }
        };
        let mut blocks = blocks();
        if blocks.lines.insert(key.clone(), lines.clone()).is_none() {
            blocks.order.push_back(key);
        }
        while blocks.order.len() > RECENT_BLOCKS {
            if let Some(oldest) = blocks.order.pop_front() {
                blocks.lines.remove(&oldest);
            }
        }
        lines
    }

    /// [`highlighted_lines`] within what is left of the pass's
    /// [`PASS_OVERRUN`] beyond the [`allowance`] of the lines done so far,
    /// so that slow code is found out within its first lines. `Err` says
    /// why if past it, nothing if the syntax itself failed (plain text, as
    /// for an unknown language).
    fn timed_lines(
        &self,
        code: &str,
        syntax: &SyntaxReference,
    ) -> Result<Vec<String>, Option<Plain>> {
        let overrun = Duration::from_nanos(self.overrun.load(Ordering::Relaxed));
        let left = PASS_OVERRUN.saturating_sub(overrun);
        if left.is_zero() {
            return Err(Some(Plain::Slow));
        }
        syntaxes(); // loaded once, outside any block's time
        // The thread's own CPU time, not the clock's: a thread the system
        // set aside for a while (a busy CI machine) has done no more work,
        // and must not lose its highlighting for it. Where it cannot be
        // read, only the limits on size apply.
        let start = cpu_time::ThreadTime::try_now().ok();
        let used = || {
            start
                .as_ref()
                .and_then(|s| s.try_elapsed().ok())
                .unwrap_or_default()
        };
        let (done, checked, stopped) = (Cell::new(0), Cell::new(0), Cell::new(false));
        let lines = highlighted_lines(code, syntax, |bytes| {
            done.set(bytes);
            // Read every few lines: reading it costs a system call.
            if bytes - checked.get() >= CHECK_EVERY {
                checked.set(bytes);
                stopped.set(used() > allowance(bytes) + left);
            }
            stopped.get()
        });
        let spent = used().saturating_sub(allowance(done.get()));
        let nanos = u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX);
        self.overrun.fetch_add(nanos, Ordering::Relaxed);
        lines.ok_or(stopped.get().then_some(Plain::Slow))
    }
}

/// A block's lines, escaped.
/// Languages of a terminal session: commands after a prompt, and output.
const SESSIONS: [&str; 4] = ["console", "shellsession", "terminal", "shell-session"];

/// The prompts a session's command lines start with.
const PROMPTS: [&str; 4] = ["$ ", "# ", "% ", "> "];

impl Highlighter {
    /// A terminal session: the commands after a prompt highlighted as
    /// shell, the output plain, so nothing in it is coloured as code. A
    /// block without prompts is all commands.
    fn session_lines(&self, code: &str, shell: &SyntaxReference) -> BlockLines {
        let prompt = |line: &str| {
            PROMPTS
                .iter()
                .find(|p| line.starts_with(**p))
                .map(|p| p.len())
        };
        if !code.lines().any(|line| prompt(line).is_some()) {
            return self.block_lines(code, shell);
        }
        let commands: Vec<&str> = code
            .lines()
            .filter_map(|l| Some(&l[prompt(l)?..]))
            .collect();
        let (highlighted, plain) = self.block_lines(&commands.join("\n"), shell);
        let mut highlighted = highlighted.iter();
        let lines = code
            .lines()
            .map(|line| match prompt(line) {
                Some(n) => format!(
                    "<span class=\"hl-prompt\">{}</span>{}",
                    escape(&line[..n]),
                    highlighted.next().map_or("", String::as_str)
                ),
                None => format!("<span class=\"hl-output\">{}</span>", escape(line)),
            })
            .collect();
        (Arc::new(lines), plain)
    }
}

fn plain_lines(code: &str) -> Arc<Vec<String>> {
    Arc::new(code.lines().map(escape).collect())
}

/// Highlighted lines, each closed on its own: spans left open at the end of
/// a line are closed there and reopened on the next, so every line can be
/// wrapped, numbered and marked. `None` if the syntax fails, or if
/// `out_of_time`, asked before each line with the bytes done, says so.
fn highlighted_lines(
    code: &str,
    syntax: &SyntaxReference,
    out_of_time: impl Fn(usize) -> bool,
) -> Option<Vec<String>> {
    let mut state = LineState {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut done = 0;
    LINE_MEMO.with_borrow_mut(|memo| {
        LinesWithEndings::from(code)
            .map(|line| {
                if out_of_time(done) {
                    return None;
                }
                done += line.len();
                memo.highlight(line, &mut state)
            })
            .collect()
    })
}

/// Where the highlighter stands between two lines: the parser's state and
/// the scopes open in the HTML. A line's HTML depends on nothing else.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// A line highlighted once from `before`, leaving the highlighter at `after`.
struct MemoLine {
    before: LineState,
    html: String,
    after: LineState,
}

/// Lines already highlighted, by text and then by the state before them.
/// Exact: the same text from the same state always gives the same HTML and
/// the same next state.
#[derive(Default)]
struct LineMemo {
    lines: HashMap<String, Vec<MemoLine>>,
    len: usize,
}

impl LineMemo {
    /// The HTML of `line`, moving `state` past it.
    fn highlight(&mut self, line: &str, state: &mut LineState) -> Option<String> {
        if let Some(seen) = self
            .lines
            .get(line)
            .and_then(|seen| seen.iter().find(|m| m.before == *state))
        {
            state.clone_from(&seen.after);
            return Some(seen.html.clone());
        }
        let before = state.clone();
        let html = highlight_line(line, state)?;
        if self.len < MEMO_LINES {
            self.len += 1;
            self.lines
                .entry(line.to_string())
                .or_default()
                .push(MemoLine {
                    before,
                    html: html.clone(),
                    after: state.clone(),
                });
        }
        Some(html)
    }
}

/// One line's HTML from scratch: the scopes still open from earlier lines
/// reopened, the line's tokens, and every span closed again at its end.
fn highlight_line(line: &str, state: &mut LineState) -> Option<String> {
    let reopen: Vec<(usize, ScopeStackOp)> = state
        .scopes
        .as_slice()
        .iter()
        .map(|s| (0, ScopeStackOp::Push(*s)))
        .collect();
    let (mut html, _) =
        line_tokens_to_classed_spans("", &reopen, STYLE, &mut ScopeStack::new()).ok()?;
    let ops = state.parse.parse_line(line, syntaxes()).ok()?;
    let text = line.trim_end_matches(['\n', '\r']);
    // Operations past the end of the trimmed text apply to the newline.
    let ops: Vec<(usize, ScopeStackOp)> = ops
        .into_iter()
        .map(|(i, op)| (i.min(text.len()), op))
        .collect();
    let (body, _) = line_tokens_to_classed_spans(text, &ops, STYLE, &mut state.scopes).ok()?;
    html.push_str(&body);
    for _ in 0..state.scopes.len() {
        html.push_str("</span>");
    }
    Some(html)
}

/// The highlighting stylesheet: a light theme, and a dark one that applies
/// when the system prefers dark (unless the reader chose light) or the
/// reader chose dark (`<html data-theme="dark">`).
pub(crate) fn stylesheet() -> &'static str {
    // Loading the themes is slow, and a rebuild should not pay for it again.
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(generate_stylesheet)
}

fn generate_stylesheet() -> String {
    let themes = two_face::theme::extra();
    let css = |name| css_for_theme_with_class_style(themes.get(name), STYLE).unwrap_or_default();
    super::syntax_css::stylesheet(
        &css(two_face::theme::EmbeddedThemeName::InspiredGithub),
        &css(two_face::theme::EmbeddedThemeName::OneHalfDark),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_fence_attributes() {
        let f = FenceInfo::parse("go {linenos=table, hl_lines=[2,\"4-6\"], filename=\"main.go\"}");
        assert_eq!(f.lang.as_deref(), Some("go"));
        assert!(f.line_numbers);
        assert_eq!(f.highlight_lines, vec![2..=2, 4..=6]);
        assert_eq!(f.filename.as_deref(), Some("main.go"));
        for caption in ["go {file=\"main.go\"}", "go {title=\"main.go\"}"] {
            assert_eq!(
                FenceInfo::parse(caption).filename.as_deref(),
                Some("main.go")
            );
        }
        let f = FenceInfo::parse("rust,ignore");
        assert_eq!(f.lang.as_deref(), Some("rust"));
        assert_eq!(FenceInfo::parse("  ").lang, None);
        let far = FenceInfo::parse("go {linenos=true, linenostart=18446744073709551615}");
        assert_eq!(far.first_line, MAX_FIRST_LINE);
        let (html, _) = Highlighter::default().code_block("a\nb\n", &far);
        assert!(html.contains("data-ln=\"1000000001\""), "{html}");
        assert_eq!(
            FenceInfo::parse("go {hl_lines=\"1 3-4\"}").highlight_lines,
            vec![1..=1, 3..=4]
        );
    }

    #[test]
    fn aliases_and_required_languages_are_known() {
        for lang in [
            "go",
            "golang",
            "GO",
            "rust",
            "python",
            "c",
            "cpp",
            "c++",
            "java",
            "javascript",
            "typescript",
            "ts",
            "json",
            "yaml",
            "yml",
            "toml",
            "sql",
            "bash",
            "sh",
            "shell",
            "console",
            "dockerfile",
            "Dockerfile",
            "makefile",
            "html",
            "css",
            "diff",
            "protobuf",
            "proto",
        ] {
            assert!(find_syntax(lang).is_some(), "no syntax for {lang}");
        }
    }

    #[test]
    fn highlighted_lines_are_balanced_and_marked() {
        let fence = FenceInfo::parse("go {linenos=true, hl_lines=[2]}");
        let (html, plain) =
            Highlighter::default().code_block("/* a\nb */\nfunc main() {}\n", &fence);
        assert_eq!(plain, None);
        assert!(html.contains("class=\"hl-code numbered\""));
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert_eq!(html.matches("class=\"line").count(), 3);
        assert!(html.contains("<span class=\"line hl\" data-ln=\"2\">"));
        assert!(html.contains("hl-comment"), "{html}");
    }

    #[test]
    fn repeated_lines_are_highlighted_for_the_state_they_are_in() {
        let go = find_syntax("go").unwrap();
        let code = "/*\nx := 1\n*/\nx := 1\n/*\nx := 1\n*/\n";
        let first = highlighted_lines(code, go, |_| false).unwrap();
        assert!(first[1].contains("hl-comment"), "{first:?}");
        assert!(!first[3].contains("hl-comment"), "{first:?}");
        assert_eq!(first[1], first[5]);
        // From memory, the same; and the same as each line from scratch.
        assert_eq!(highlighted_lines(code, go, |_| false).unwrap(), first);
        let fresh: Vec<String> = LinesWithEndings::from(code)
            .scan(
                LineState {
                    parse: ParseState::new(go),
                    scopes: ScopeStack::new(),
                },
                |state, line| highlight_line(line, state),
            )
            .collect();
        assert_eq!(fresh, first);
    }

    #[test]
    fn only_the_latest_blocks_are_kept_whole() {
        let highlighter = Highlighter::default();
        let fence = FenceInfo::parse("go");
        let first = highlighter.code_block("x := 0\n", &fence);
        for n in 1..=RECENT_BLOCKS + 10 {
            highlighter.code_block(&format!("x := {n}\n"), &fence);
        }
        let blocks = highlighter.blocks.lock().unwrap();
        assert_eq!(blocks.lines.len(), RECENT_BLOCKS);
        assert_eq!(blocks.order.len(), RECENT_BLOCKS);
        let oldest = &blocks.order[0].1;
        assert_eq!(oldest, &format!("x := {}\n", 11));
        drop(blocks);
        // A block forgotten is highlighted again, the same.
        assert_eq!(highlighter.code_block("x := 0\n", &fence), first);
    }

    #[test]
    fn long_lines_and_large_blocks_are_plain_text() {
        let highlighter = Highlighter::default();
        let ini = FenceInfo::parse("ini");
        let spaces = " \t".repeat(2500);
        let (html, plain) = highlighter.code_block(&format!("[a]\n{spaces}<x>\n"), &ini);
        assert_eq!(plain, Some(Plain::LongLine));
        assert!(!html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("<span class=\"line\">[a]</span>"), "{html}");
        assert!(html.contains("&lt;x&gt;"));
        let fence = FenceInfo::parse("markdown");
        let line = "`".repeat(MAX_LINE_BYTES);
        let (_, plain) = highlighter.code_block(&format!("{line}\n"), &fence);
        assert_eq!(plain, None, "a line at the limit is highlighted");
        let (_, plain) = highlighter.code_block(&format!("{line}`\n"), &fence);
        assert_eq!(plain, Some(Plain::LongLine));
        let large = "x = 1\n".repeat(MAX_BLOCK_BYTES / 6 + 1);
        let (html, plain) = highlighter.code_block(&large, &ini);
        assert_eq!(plain, Some(Plain::LargeBlock));
        assert_eq!(
            html.matches("<span class=\"line\">x = 1</span>").count(),
            large.lines().count()
        );
        assert_eq!(
            Plain::LongLine.message(),
            "code block shown without highlighting: a line is longer than 500 bytes"
        );
    }

    #[test]
    fn out_of_time_stops_before_the_next_line() {
        let go = find_syntax("go").unwrap();
        let asked = RefCell::new(Vec::new());
        let stop_at_second = |done| {
            asked.borrow_mut().push(done);
            done > 0
        };
        assert_eq!(highlighted_lines("ab\nc\nd\n", go, stop_at_second), None);
        assert_eq!(*asked.borrow(), [0, 3]);
        // A pass out of time highlights nothing more.
        let highlighter = Highlighter::default();
        let go = FenceInfo::parse("go");
        assert_eq!(highlighter.code_block("x := 1\n", &go).1, None);
        highlighter.overrun.store(u64::MAX, Ordering::Relaxed);
        let (html, plain) = highlighter.code_block("x := 2\n", &go);
        assert_eq!(plain, Some(Plain::Slow));
        assert!(
            html.contains("<span class=\"line\">x := 2</span>"),
            "{html}"
        );
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let fence = FenceInfo::parse("nosuchlang\" onclick=\"x");
        let (html, plain) = Highlighter::default().code_block("<b>{{ .Name }}</b>\n", &fence);
        assert_eq!(plain, None);
        assert!(html.contains("&lt;b&gt;{{ .Name }}&lt;/b&gt;"));
        assert!(html.contains("data-lang=\"nosuchlang&quot;\""), "{html}");
    }

    #[test]
    fn stylesheet_has_both_modes() {
        let css = stylesheet();
        for scope in [
            ":root:not([data-theme=\"dark\"]) .hl-code {",
            ":root[data-theme=\"light\"] .hl-code {",
            ":root:not([data-theme=\"light\"]) .hl-code {",
            ":root[data-theme=\"dark\"] .hl-code {",
        ] {
            assert!(css.contains(scope), "{scope}");
        }
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
