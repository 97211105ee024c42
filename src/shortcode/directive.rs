//! mdBook's directives in a book's chapters, expanded as mdBook expands
//! them: `{{#include file.rs}}` (with `:2`, `::10`, `:2:`, `:2:10` or
//! `:anchor`), `{{#rustdoc_include …}}` (the other lines become hidden
//! ones), `{{#playground file.rs attrs}}` (a Rust code block) and
//! `{{#title …}}` (the page's `<title>`, see [`head_title`]). As in
//! mdBook, the text is replaced wherever it stands, in code blocks too,
//! and `\{{#…}}` is the directive's own text. Then the hidden lines of
//! Rust code blocks (`# ` lines) are left out, as mdBook shows them, and
//! MathJax's delimiters as mdBook books write them become formulas.
//!
//! On a site that is not a book, directives are not expanded; each one
//! outside code is a warning, so none shows as raw text unnoticed.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::native::{inside_site, normalize, read_included, take_lines, written_path};
use super::{Buf, Expanded};
use crate::content::Site;
use crate::content::page::PageRef;
use crate::error::{Diagnostic, LineIndex};
use crate::markdown::math::MathMode;

/// Includes nested deeper than this are surely a loop.
const MAX_DEPTH: usize = 10;

/// A directive found in a text: its kind and arguments, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive<'t> {
    range: Range<usize>,
    name: &'t str,
    args: &'t str,
}

/// What the scanner finds: directives, and escapes (`\{{#…}}`, shown
/// without the backslash).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found<'t> {
    Directive(Directive<'t>),
    /// The backslash to drop.
    Escape(usize),
}

/// Every directive and escape in `text`, in order, as mdBook's pattern
/// finds them: `{{#name args}}` with a name of letters, digits and `_`,
/// whitespace, then arguments up to the first `}` (which must open `}}`);
/// an escape runs to the last `}}` of its line, hiding what it covers.
fn scan(text: &str) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| from + i) {
        if i > 0 && text.as_bytes()[i - 1] == b'\\' {
            let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            match text[i..line_end].rfind("}}") {
                Some(close) if text[i + 2..].trim_start().starts_with('#') => {
                    found.push(Found::Escape(i - 1));
                    from = i + close + 2;
                }
                _ => from = i + 2,
            }
            continue;
        }
        match directive_at(text, i) {
            Some(d) => {
                from = d.range.end;
                found.push(Found::Directive(d));
            }
            None => from = i + 2,
        }
    }
    found
}

/// The directive starting at `start` (at `{{`), if one does.
fn directive_at(text: &str, start: usize) -> Option<Directive<'_>> {
    let rest = &text[start + 2..];
    let after_space = rest.trim_start();
    let name_start = start + 2 + (rest.len() - after_space.len()) + 1;
    let name_len = after_space
        .strip_prefix('#')?
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    if name_len == 0 {
        return None;
    }
    let name = &text[name_start..name_start + name_len];
    let after_name = &text[name_start + name_len..];
    let args_text = after_name.trim_start();
    if args_text.len() == after_name.len() {
        return None;
    }
    let args_start = text.len() - args_text.len();
    let close = args_text.find('}')?;
    if close == 0 || !args_text[close..].starts_with("}}") {
        return None;
    }
    Some(Directive {
        range: start..args_start + close + 2,
        name,
        args: args_text[..close].trim(),
    })
}

/// The kinds of directive mdBook knows.
const NAMES: [&str; 5] = [
    "include",
    "rustdoc_include",
    "playground",
    "playpen",
    "title",
];

/// A book chapter's body with its directives expanded and its Rust code's
/// hidden lines left out; `None` when that changes nothing.
pub(crate) fn expand(site: &Site, r: PageRef) -> Option<Expanded> {
    let page = site.page(r);
    let parsed = page.parsed.as_ref()?;
    let body = &parsed.text[parsed.body_offset..];
    let has_directives = body.contains("{{");
    let has_code = body.contains("```") || body.contains("~~~");
    let math = site.config.math != MathMode::Off;
    let has_math = math && (body.contains("\\\\(") || body.contains("\\\\["));
    if !has_directives && !has_code && !has_math {
        return None;
    }
    let (_, site_dir) = super::native::site_dirs(&parsed.source, &site.config.content_dir);
    let mut expander = Expander {
        site_dir,
        follow_symlinks: site.config.follow_symlinks,
        path: &parsed.source.path,
        lines: LineIndex::new(&parsed.text),
        body_offset: parsed.body_offset,
        diagnostics: Vec::new(),
    };
    let dir = parsed.source.path.parent().unwrap_or(Path::new(""));
    let mut buf = Buf::default();
    let changed = if has_directives {
        expander.text(body, dir, None, &mut buf, 0)
    } else {
        buf.push(body, 0, true);
        false
    };
    let (buf, hidden) = hide_lines(buf, &site.config.hidden_lines);
    let (buf, formulas) = if math { mathjax(buf) } else { (buf, false) };
    if !changed && !hidden && !formulas && expander.diagnostics.is_empty() {
        return None;
    }
    if super::has_shortcodes(&buf.text) {
        let at = body.find("{{<").or_else(|| body.find("{{%")).unwrap_or(0);
        expander.warn(
            "Hugo shortcodes in a chapter that uses mdBook directives or hidden lines are not expanded; they show as written".into(),
            at,
        );
    }
    Some(Expanded {
        text: buf.text,
        html: Vec::new(),
        map: buf.map,
        links: Vec::new(),
        diagnostics: expander.diagnostics,
    })
}

/// The `{{#title …}}` of a chapter's body, if it has one: what its
/// `<title>` says, in place of its title and the book's.
pub(crate) fn head_title(body: &str) -> Option<String> {
    if !body.contains("{{") {
        return None;
    }
    scan(body).into_iter().find_map(|f| match f {
        Found::Directive(d) if d.name == "title" => Some(d.args.to_string()),
        _ => None,
    })
}

/// A warning at each directive outside code in a page of a site that is
/// not a book, where directives are not expanded.
pub(crate) fn stray(site: &Site, r: PageRef) -> Vec<Diagnostic> {
    let page = site.page(r);
    let Some(parsed) = page.parsed.as_ref() else {
        return Vec::new();
    };
    let body = &parsed.text[parsed.body_offset..];
    if !body.contains("{{") {
        return Vec::new();
    }
    let directives: Vec<Directive<'_>> = scan(body)
        .into_iter()
        .filter_map(|f| match f {
            Found::Directive(d) if NAMES.contains(&d.name) => Some(d),
            _ => None,
        })
        .collect();
    if directives.is_empty() {
        return Vec::new();
    }
    let code = code_ranges(body);
    let lines = LineIndex::new(&parsed.text);
    directives
        .iter()
        .filter(|d| !code.iter().any(|c| c.contains(&d.range.start)))
        .map(|d| {
            let message = format!(
                "mdBook's `{{{{#{}}}}}` is expanded only in a book (a site whose site.toml names its `summary`), so it shows as written; `lectern import mdbook` makes a book's site.toml",
                d.name
            );
            Diagnostic::warning(&parsed.source.path, message)
                .at_offset_in(&lines, parsed.body_offset + d.range.start)
        })
        .collect()
}

/// The byte ranges of code (blocks and spans) in a Markdown text.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.extend(block.take().map(|start| start..range.end));
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

struct Expander<'a> {
    site_dir: &'a Path,
    follow_symlinks: bool,
    /// The chapter's file.
    path: &'a Path,
    lines: LineIndex<'a>,
    body_offset: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Expander<'_> {
    fn error(&mut self, message: String, at: usize) {
        let d = Diagnostic::error(self.path, message);
        self.diagnostics
            .push(d.at_offset_in(&self.lines, self.body_offset + at));
    }

    fn warn(&mut self, message: String, at: usize) {
        let d = Diagnostic::warning(self.path, message);
        self.diagnostics
            .push(d.at_offset_in(&self.lines, self.body_offset + at));
    }

    /// Expands `text` into `buf`: the body itself (`made_at` none), or a
    /// file included by the directive at `made_at`, whose relative paths
    /// start from `dir`. Whether anything was expanded.
    fn text(
        &mut self,
        text: &str,
        dir: &Path,
        made_at: Option<usize>,
        buf: &mut Buf,
        depth: usize,
    ) -> bool {
        let copy = |buf: &mut Buf, range: Range<usize>| match made_at {
            Some(at) => buf.push(&text[range], at, false),
            None => buf.push(&text[range.clone()], range.start, true),
        };
        let mut done = 0;
        let mut changed = false;
        for found in scan(text) {
            match found {
                Found::Escape(at) => {
                    copy(buf, done..at);
                    done = at + 1;
                    changed = true;
                }
                Found::Directive(d) => {
                    let at = made_at.unwrap_or(d.range.start);
                    if !NAMES.contains(&d.name) {
                        self.warn(
                            format!(
                                "`{{{{#{} …}}}}` is not a directive of mdBook's that lectern knows ({}); it shows as written",
                                d.name,
                                NAMES.map(|n| format!("`{n}`")).join(", ")
                            ),
                            at,
                        );
                        continue;
                    }
                    copy(buf, done..d.range.start);
                    done = d.range.end;
                    changed = true;
                    let made = match self.directive(&d, dir, at, depth) {
                        Ok(made) => made,
                        Err(why) => {
                            self.error(format!("`{}`: {why}", &text[d.range.clone()]), at);
                            continue;
                        }
                    };
                    if let Some((made, from)) = made {
                        self.text(&made, &from, Some(at), buf, depth + 1);
                    }
                }
            }
        }
        copy(buf, done..text.len());
        changed
    }

    /// What directive `d` stands for, and the directory its text's own
    /// relative paths start from; `None` for `{{#title}}`, which stands
    /// for nothing in the text.
    fn directive(
        &mut self,
        d: &Directive<'_>,
        dir: &Path,
        at: usize,
        depth: usize,
    ) -> Result<Option<(String, PathBuf)>, String> {
        if d.name == "title" {
            return Ok(None);
        }
        if depth >= MAX_DEPTH {
            return Err(format!(
                "includes are nested {MAX_DEPTH} deep (a file including itself?); it is left out"
            ));
        }
        let mut words = d.args.split_whitespace();
        let target = words.next().unwrap_or_default();
        let (file, selector) = target.split_once(':').unwrap_or((target, ""));
        let path = dir.join(written_path(file)?);
        // Said first: a file outside is not read even once it exists.
        let absolute = |p: &Path| normalize(&std::path::absolute(p).unwrap_or_default());
        let (target, site) = (absolute(&path), absolute(self.site_dir));
        if !target.starts_with(&site) {
            return Err(format!(
                "{} is outside the site directory ({}); only the site's own files are included",
                target.display(),
                site.display()
            ));
        }
        if !path.is_file() {
            return Err(format!("no such file: {}", path.display()));
        }
        inside_site(&path, self.site_dir, self.follow_symlinks)?;
        let text = read_included(&path)?;
        let from = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let made = match d.name {
            "playground" | "playpen" => {
                let attrs: Vec<&str> = words.collect();
                let info = std::iter::once("rust").chain(attrs).collect::<Vec<_>>();
                let code = text.strip_suffix('\n').unwrap_or(&text);
                format!("```{}\n{code}\n```\n", info.join(","))
            }
            "rustdoc_include" => rustdoc_lines(&text, selector)?,
            _ => match selector_of(selector)? {
                Selector::Lines(from, to) => {
                    let lines: Vec<&str> = text.lines().collect();
                    let to = to.unwrap_or(lines.len());
                    take_lines(&lines, from, to)?.join("\n")
                }
                Selector::Anchor(name) => {
                    let (lines, closed) = anchored(&text, name)?;
                    if !closed {
                        self.warn(
                            format!("{}: anchor `{name}` has no `ANCHOR_END: {name}`; the rest of the file is included", path.display()),
                            at,
                        );
                    }
                    lines.join("\n")
                }
            },
        };
        Ok(Some((made, from)))
    }
}

/// Which part of a file a directive takes, as written after its path.
enum Selector<'s> {
    /// Lines `from` to `to` (the last when `None`), 1-based, inclusive.
    Lines(usize, Option<usize>),
    Anchor(&'s str),
}

/// mdBook's forms: none (the whole file), `2` (line 2), `2:` (from line
/// 2), `:10` (up to line 10), `2:10`, or an anchor's name.
fn selector_of(selector: &str) -> Result<Selector<'_>, String> {
    if selector.is_empty() {
        return Ok(Selector::Lines(1, None));
    }
    let (start, end) = match selector.split_once(':') {
        Some((start, end)) => (start, Some(end)),
        None => (selector, None),
    };
    let number = |s: &str| s.trim().parse::<usize>().map(|n| n.max(1));
    let from = match start {
        "" => 1,
        s => match number(s) {
            Ok(n) => n,
            Err(_) if end.is_none() => return Ok(Selector::Anchor(s)),
            Err(_) => return Err(format!("`{s}` is not a line number")),
        },
    };
    let to = match end {
        None => Some(from),
        Some("") => None,
        Some(e) => Some(number(e).map_err(|_| format!("`{e}` is not a line number"))?),
    };
    Ok(Selector::Lines(from, to))
}

/// The anchor a line opens (`ANCHOR: name`) or closes (`ANCHOR_END: name`).
fn anchor_mark(line: &str) -> Option<(bool, &str)> {
    let (end, at) = match line.find("ANCHOR_END:") {
        Some(i) => (true, i + "ANCHOR_END:".len()),
        None => (false, line.find("ANCHOR:")? + "ANCHOR:".len()),
    };
    let rest = line[at..].trim_start();
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (len > 0).then(|| (end, &rest[..len]))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any
/// anchor's lines; whether the anchor was closed. An error when the file
/// has no such anchor.
fn anchored<'t>(text: &'t str, name: &str) -> Result<(Vec<&'t str>, bool), String> {
    let mut inside = false;
    let mut opened = false;
    let mut out = Vec::new();
    for line in text.lines() {
        match anchor_mark(line) {
            Some((false, n)) if n == name && !opened => {
                inside = true;
                opened = true;
            }
            Some((true, n)) if n == name && inside => return Ok((out, true)),
            Some(_) => {}
            None if inside => out.push(line),
            None => {}
        }
    }
    if !opened {
        return Err(format!("the file has no `ANCHOR: {name}`"));
    }
    Ok((out, false))
}

/// `{{#rustdoc_include}}`: the whole file, the lines outside the selected
/// ones made hidden (`# `), anchor lines left out.
fn rustdoc_lines(text: &str, selector: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let shown: Vec<bool> = match selector_of(selector)? {
        Selector::Lines(from, to) => {
            let to = to.unwrap_or(lines.len());
            take_lines(&lines, from, to)?;
            (1..=lines.len()).map(|n| n >= from && n <= to).collect()
        }
        Selector::Anchor(name) => {
            anchored(text, name)?;
            let mut inside = false;
            lines
                .iter()
                .map(|line| {
                    match anchor_mark(line) {
                        Some((false, n)) if n == name => inside = true,
                        Some((true, n)) if n == name => inside = false,
                        _ => {}
                    }
                    inside
                })
                .collect()
        }
    };
    let out: Vec<String> = lines
        .iter()
        .zip(shown)
        .filter(|(line, _)| anchor_mark(line).is_none())
        .map(|(line, shown)| {
            if shown {
                line.to_string()
            } else {
                format!("# {line}")
            }
        })
        .collect();
    Ok(out.join("\n"))
}

/// `buf` without the hidden lines of its code blocks: in `rust` blocks a
/// line that is `#` or starts with `# ` (after indentation), whose `##`
/// stands for a shown `#`; in a block with `hidelines=PREFIX`, a line
/// starting with the prefix. Whether any line was hidden.
fn hide_lines(buf: Buf, prefixes: &BTreeMap<String, String>) -> (Buf, bool) {
    let text = &buf.text;
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut prefix: Option<String> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                prefix = hiding(&info, prefixes);
            }
            Event::End(TagEnd::CodeBlock) => prefix = None,
            Event::Text(code) => {
                let Some(prefix) = &prefix else { continue };
                let source = &text[range.clone()];
                // Code shown as written is cut line by line; a line inside
                // a list or quote comes alone, its indentation outside.
                let lines: Vec<(usize, &str)> = if source == code.as_ref() {
                    source
                        .split_inclusive('\n')
                        .scan(range.start, |at, line| {
                            let start = *at;
                            *at += line.len();
                            Some((start, line))
                        })
                        .collect()
                } else {
                    vec![(range.start, source)]
                };
                for (start, line) in lines {
                    cuts.extend(hidden_cut(text, start, line, prefix));
                }
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return (buf, false);
    }
    let edits = cuts.into_iter().map(|cut| (cut, String::new())).collect();
    (buf.splice(edits), true)
}

/// `buf` with MathJax's delimiters as mdBook books write them, `\\(…\\)`
/// and `\\[…\\]` outside code (Markdown makes them `\(…\)` for MathJax
/// in the browser), made `$…$` and `$$…$$`, the formula read as Markdown
/// reads it (`\\\\` is `\\`, `\_` is `_`). Whether any was found.
fn mathjax(buf: Buf) -> (Buf, bool) {
    let text = &buf.text;
    if !text.contains("\\\\(") && !text.contains("\\\\[") {
        return (buf, false);
    }
    let code = code_ranges(text);
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("\\\\").map(|i| from + i) {
        from = open + 2;
        let close = match text[open + 2..].chars().next() {
            Some('(') => "\\\\)",
            Some('[') => "\\\\]",
            _ => continue,
        };
        if code.iter().any(|c| c.contains(&open)) {
            continue;
        }
        let start = open + 3;
        // A formula stays within its paragraph.
        let limit = text[start..].find("\n\n").map_or(text.len(), |i| start + i);
        let Some(end) = text[start..limit].find(close).map(|i| start + i) else {
            continue;
        };
        let latex = unescape(&text[start..end]);
        let dollars = if close.ends_with(')') { "$" } else { "$$" };
        edits.push((open..end + 3, format!("{dollars}{}{dollars}", latex.trim())));
        from = end + 3;
    }
    if edits.is_empty() {
        return (buf, false);
    }
    (buf.splice(edits), true)
}

/// Text as Markdown reads it: a backslash before ASCII punctuation stands
/// for that character.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The prefix that hides lines in a code block with this info string:
/// its `hidelines=` attribute's, else its language's in `prefixes`
/// (`hidden_lines`), else `#` for Rust.
fn hiding(info: &str, prefixes: &BTreeMap<String, String>) -> Option<String> {
    let mut words = info.split(|c: char| c == ',' || c.is_whitespace());
    let lang = words.next().unwrap_or_default();
    words
        .find_map(|w| w.strip_prefix("hidelines="))
        .or_else(|| prefixes.get(lang).map(String::as_str))
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .or_else(|| (lang == "rust").then(|| "#".to_string()))
}

/// What to cut of the code line at `start` for it to read as mdBook shows
/// it: the whole line (from its start in `text`) when hidden, one `#` of
/// an escaped `##` in Rust.
fn hidden_cut(text: &str, start: usize, line: &str, prefix: &str) -> Option<Range<usize>> {
    let content = line.trim_end_matches('\n');
    let trimmed = content.trim_start();
    let at = start + (content.len() - trimmed.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let whole = || {
        let before = &text[line_start..start];
        let from = if before.chars().all(|c| c.is_whitespace() || c == '>') {
            line_start
        } else {
            start
        };
        let end = start + line.len();
        let end = if line.ends_with('\n') || text.len() == end {
            end
        } else {
            text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
        };
        from..end
    };
    if prefix != "#" {
        return trimmed.starts_with(prefix).then(whole);
    }
    let rest = trimmed.strip_prefix('#')?;
    if rest.starts_with('#') {
        return Some(at..at + 1);
    }
    (rest.is_empty() || rest.starts_with(' ')).then(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|f| match f {
                Found::Directive(d) => format!("{}({})@{}", d.name, d.args, d.range.start),
                Found::Escape(at) => format!("escape@{at}"),
            })
            .collect()
    }

    #[test]
    fn directives_and_escapes_are_found_as_mdbook_finds_them() {
        assert_eq!(
            names("a {{#include x.rs:2:10}} b {{ #title Заголовок }}"),
            ["include(x.rs:2:10)@2", "title(Заголовок)@27"]
        );
        // No arguments, or a `}` inside, is no directive.
        assert_eq!(
            names("{{#toc}}{{/toc}} {{#include a}b}}"),
            Vec::<String>::new()
        );
        // An escape hides what follows it on its line.
        assert_eq!(
            names("\\{{#include a.rs}} {{#include b.rs}}\n{{#include c.rs}}"),
            ["escape@0", "include(c.rs)@37"]
        );
    }

    #[test]
    fn selectors_read_as_mdbook_reads_them() {
        let lines = |s: &str| match selector_of(s).unwrap() {
            Selector::Lines(a, b) => format!("{a}-{b:?}"),
            Selector::Anchor(n) => format!("anchor {n}"),
        };
        assert_eq!(lines(""), "1-None");
        assert_eq!(lines("2"), "2-Some(2)");
        assert_eq!(lines(":10"), "1-Some(10)");
        assert_eq!(lines("2:"), "2-None");
        assert_eq!(lines("2:10"), "2-Some(10)");
        assert_eq!(lines("main"), "anchor main");
        assert!(selector_of("main:3").is_err());
    }

    #[test]
    fn anchors_and_rustdoc_lines() {
        let file = "// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    let x = 1;\n    // ANCHOR_END: body\n}\n// ANCHOR_END: all\n";
        assert_eq!(
            anchored(file, "body").unwrap(),
            (vec!["    let x = 1;"], true)
        );
        assert_eq!(
            anchored(file, "all").unwrap().0,
            ["fn main() {", "    let x = 1;", "}"]
        );
        assert!(anchored(file, "nope").is_err());
        assert_eq!(
            rustdoc_lines(file, "body").unwrap(),
            "# fn main() {\n    let x = 1;\n# }"
        );
        assert_eq!(rustdoc_lines("a\nb\nc", "2").unwrap(), "# a\nb\n# c");
    }

    #[test]
    fn hidden_lines_are_cut() {
        let mut buf = Buf::default();
        let text = "```rust,ignore\n# fn main() {\n#[derive(Debug)]\n##[x]\n    let y = 1;\n#\n# }\n```\n\n```bash\n# comment\n```\n\n- item\n\n  ```rust\n  # hidden\n  shown\n  ```\n";
        buf.push(text, 0, true);
        let python = BTreeMap::from([("python".to_string(), "~".to_string())]);
        let (out, hidden) = hide_lines(buf, &python);
        assert!(hidden);
        assert_eq!(
            out.text,
            "```rust,ignore\n#[derive(Debug)]\n#[x]\n    let y = 1;\n```\n\n```bash\n# comment\n```\n\n- item\n\n  ```rust\n  shown\n  ```\n"
        );
        assert_eq!(hiding("python", &python), Some("~".into()));
        assert_eq!(hiding("python,hidelines=!!!", &python), Some("!!!".into()));
        assert_eq!(hiding("bash", &python), None);
    }
}
