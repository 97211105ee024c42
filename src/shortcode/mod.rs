//! Hugo's shortcodes: calls in a page's text (`{{< hint >}}`) expanded
//! before its Markdown is parsed, as Hugo does. A call written `{{% %}}`
//! becomes Markdown of the page; the HTML a `{{< >}}` call or a built-in
//! template makes is kept out of Markdown's way behind a placeholder, put
//! back once the page is HTML. Every byte of the expanded text maps back to
//! the page's file, so problems found later point at what the author wrote.

mod directive;
mod expand;
mod native;
mod scan;
mod toc;

use std::ops::Range;

use crate::error::Diagnostic;
use crate::markdown::LinkUse;
pub(crate) use directive::{expand as expand_book, head_title, stray as stray_directives};
pub(crate) use expand::{Env, expand};
pub(crate) use scan::has_shortcodes;
pub(crate) use toc::{place as place_toc, strip as strip_toc};

/// The shortcodes every site has without a template of its own: the
/// default theme's and those lectern implements itself.
pub(crate) fn built_in_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = crate::render::templates::THEME_TEMPLATES
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("shortcodes/")?.strip_suffix(".html"))
        .chain(native::NAMES)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Where a page calls a shortcode: its name and the byte ranges of its
/// opening and (when it has one) closing tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallSite {
    pub(crate) name: String,
    pub(crate) open: Range<usize>,
    pub(crate) close: Option<Range<usize>>,
}

/// Every call in `text`, nested ones too, in the order written, and how
/// many tags could not be read: a page's calls without building it.
pub(crate) fn calls(text: &str) -> (Vec<CallSite>, usize) {
    fn walk(nodes: &[scan::Node], out: &mut Vec<CallSite>) {
        for node in nodes {
            if let scan::Node::Call(call) = node {
                out.push(CallSite {
                    name: call.name.clone(),
                    open: call.open.clone(),
                    close: call.inner.as_ref().map(|inner| inner.close.clone()),
                });
                if let Some(inner) = &call.inner {
                    walk(&inner.nodes, out);
                }
            }
        }
    }
    if !has_shortcodes(text) {
        return (Vec::new(), 0);
    }
    let (nodes, problems) = scan::scan(text);
    let mut out = Vec::new();
    walk(&nodes, &mut out);
    (out, problems.len())
}

/// Opens and closes a placeholder: characters of Unicode's private use
/// area, which Markdown leaves alone, around the HTML's number.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A page's body with its shortcodes expanded: the Markdown to render, the
/// HTML behind its placeholders, and what expanding found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Expanded {
    text: String,
    html: Vec<String>,
    /// Where runs of `text` come from, in order of `text_start`.
    map: Vec<Run>,
    /// Links made by shortcodes (`links.href` of a template, `button`'s target).
    links: Vec<LinkUse>,
    diagnostics: Vec<Diagnostic>,
}

/// A run of expanded text from `text_start` to the next run: copied from
/// the body at `body_start`, or made by the call at `body_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
struct Run {
    text_start: usize,
    body_start: usize,
    copied: bool,
}

impl Expanded {
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// `text` as it is, with `diagnostics` about it.
    pub(crate) fn unchanged(text: &str, diagnostics: Vec<Diagnostic>) -> Expanded {
        let mut buf = Buf::default();
        buf.push(text, 0, true);
        Expanded {
            text: buf.text,
            map: buf.map,
            diagnostics,
            ..Expanded::default()
        }
    }

    /// Adds `diagnostics` to what expanding found.
    pub(crate) fn with(mut self, diagnostics: Vec<Diagnostic>) -> Expanded {
        self.diagnostics.extend(diagnostics);
        self
    }

    pub(crate) fn links(&self) -> &[LinkUse] {
        &self.links
    }

    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The body offset that byte `at` of the expanded text stands for: its
    /// own place when copied, else the place of the call that made it.
    pub(crate) fn source_offset(&self, at: usize) -> usize {
        origin(&self.map, at)
    }

    pub(crate) fn has_placeholder(&self, text: &str) -> bool {
        !self.html.is_empty() && text.contains(OPEN)
    }

    /// `html` with every placeholder replaced by its HTML; placeholders
    /// standing alone in a paragraph replace the paragraph, as the call's
    /// output may well be a block.
    pub(crate) fn fill(&self, html: String) -> String {
        if !self.has_placeholder(&html) {
            return html;
        }
        let mut out =
            String::with_capacity(html.len() + self.html.iter().map(String::len).sum::<usize>());
        self.fill_into(&html, &mut out, 0);
        out
    }

    fn fill_into(&self, html: &str, out: &mut String, depth: usize) {
        let mut rest = html;
        while let Some((before, n, after)) = self.next_placeholder(rest) {
            out.push_str(before);
            // The calls (and the blanks between them) up to the paragraph's
            // end, when nothing else is in it.
            let mut calls = vec![("", n)];
            let mut tail = after;
            let paragraph_end = out.ends_with("<p>").then(|| {
                loop {
                    let trimmed = tail.trim_start();
                    let gap = &tail[..tail.len() - trimmed.len()];
                    match self.next_placeholder(trimmed) {
                        Some(("", next, more)) => {
                            calls.push((gap, next));
                            tail = more;
                        }
                        _ => break trimmed.strip_prefix("</p>"),
                    }
                }
            });
            rest = match paragraph_end.flatten() {
                Some(end) => {
                    out.truncate(out.len() - "<p>".len());
                    end.strip_prefix('\n').unwrap_or(end)
                }
                None => {
                    calls.truncate(1);
                    after
                }
            };
            for (gap, n) in calls {
                out.push_str(gap);
                // Placeholders inside a placeholder's HTML name earlier
                // calls, so this ends; the depth only guards a hand-made loop.
                if depth < 32 {
                    self.fill_into(&self.html[n], out, depth + 1);
                }
            }
        }
        out.push_str(rest);
    }

    /// Splits `text` at its first well-formed placeholder.
    fn next_placeholder<'t>(&self, text: &'t str) -> Option<(&'t str, usize, &'t str)> {
        let mut from = 0;
        loop {
            let open = from + text[from..].find(OPEN)?;
            let digits = &text[open + OPEN.len_utf8()..];
            let len = digits.find(CLOSE)?;
            match digits[..len].parse::<usize>() {
                Ok(n) if n < self.html.len() => {
                    return Some((&text[..open], n, &digits[len + CLOSE.len_utf8()..]));
                }
                _ => from = open + OPEN.len_utf8(),
            }
        }
    }

    /// `text` with every placeholder replaced by the text a reader sees of
    /// its HTML: for headings, search and code.
    pub(crate) fn text_of(&self, text: &str) -> String {
        if !self.has_placeholder(text) {
            return text.to_string();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some((before, n, after)) = self.next_placeholder(rest) {
            out.push_str(before);
            out.push_str(&visible_text(&self.text_of(&self.html[n])));
            rest = after;
        }
        out.push_str(rest);
        out
    }
}

/// The text of an HTML fragment, tags dropped and entities decoded.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        let end = tag.find('>').map_or(tag.len(), |i| i + 1);
        // Block-level breaks keep words of neighbouring elements apart.
        if !text.ends_with(' ') {
            text.push(' ');
        }
        rest = &tag[end..];
    }
    text.push_str(rest);
    crate::html::unescape(&text)
}

/// The body offset byte `at` of a text with runs `map` stands for.
fn origin(map: &[Run], at: usize) -> usize {
    let i = map.partition_point(|r| r.text_start <= at);
    match i.checked_sub(1).map(|i| map[i]) {
        Some(run) if run.copied => run.body_start + (at - run.text_start),
        Some(run) => run.body_start,
        None => at,
    }
}

/// Expanded text being written, with where each run of it comes from.
#[derive(Debug, Default)]
struct Buf {
    text: String,
    map: Vec<Run>,
}

impl Buf {
    /// Appends `text`, which comes from the body at `body_start`: copied
    /// byte for byte, or made there.
    fn push(&mut self, text: &str, body_start: usize, copied: bool) {
        if text.is_empty() {
            return;
        }
        let run = Run {
            text_start: self.text.len(),
            body_start,
            copied,
        };
        if self.map.last() != Some(&run) {
            self.map.push(run);
        }
        self.text.push_str(text);
    }

    fn append(&mut self, other: Buf) {
        let shift = self.text.len();
        self.map.extend(other.map.into_iter().map(|r| Run {
            text_start: r.text_start + shift,
            ..r
        }));
        self.text.push_str(&other.text);
    }

    /// This text with each of `edits` (in order, not overlapping) made:
    /// its range replaced by its text, which comes from where the range
    /// started.
    fn splice(self, edits: Vec<(Range<usize>, String)>) -> Buf {
        let mut out = Buf::default();
        let mut done = 0;
        for (range, text) in edits {
            out.append(self.slice(done..range.start));
            out.push(&text, origin(&self.map, range.start), false);
            done = range.end;
        }
        out.append(self.slice(done..self.text.len()));
        out
    }

    /// The part of this text in `range`, with its origins.
    fn slice(&self, range: Range<usize>) -> Buf {
        let mut out = Buf::default();
        let mut runs = self.map.iter().peekable();
        while let Some(run) = runs.next() {
            let end = runs.peek().map_or(self.text.len(), |r| r.text_start);
            let (from, to) = (run.text_start.max(range.start), end.min(range.end));
            if from < to {
                let body_start = if run.copied {
                    run.body_start + (from - run.text_start)
                } else {
                    run.body_start
                };
                out.push(&self.text[from..to], body_start, run.copied);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
