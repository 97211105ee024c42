//! A book's table of contents: mdBook's `SUMMARY.md`, read into the list of
//! its entries. Pure: text in, entries and problems out.
//!
//! The file is Markdown of a strict shape: an optional `# Title`; prefix
//! chapters (links standing alone, unnumbered); then numbered chapters
//! (nested lists of links), which `# Part` headings divide into parts;
//! then suffix chapters (links again). `---` is a separator anywhere, and
//! a link with no target (`[Later]()`) is a draft: listed, with no page.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::Config;
use crate::content::discover::{FileKind, SourceFile};
use crate::content::symlinks::LinkPolicy;
use crate::error::{Diagnostic, LineIndex};

/// Each language's summary, in the configured language order; `None`
/// for a site that is not a book (no `summary` in `site.toml`).
pub(crate) type Books = Option<Vec<Summary>>;

/// Reads each language's summary (`<content_dir>/<summary>`, or
/// `<content_dir>/<code>/<summary>` on a multilingual site) and keeps of
/// `pages` only the chapters they list: a book's other Markdown files
/// are not pages (mdBook builds none of them either; they may well be
/// parts that chapters include). A chapter whose file is missing, or
/// listed twice, is an error at its place in the summary.
pub(crate) fn load<'a>(
    site_dir: &Path,
    config: &Config,
    pages: Vec<&'a SourceFile>,
) -> (Books, Vec<&'a SourceFile>, Vec<Diagnostic>) {
    let Some(name) = &config.summary else {
        return (None, pages, Vec::new());
    };
    let mut problems = Vec::new();
    let mut summaries = Vec::new();
    for lang in &config.languages {
        let root = site_dir.join(&config.content_dir);
        let path = if config.multilingual {
            root.join(&lang.code).join(name)
        } else {
            root.join(name)
        };
        let text = read(site_dir, config, &path, &lang.code).unwrap_or_else(|problem| {
            problems.push(problem);
            String::new()
        });
        let (summary, found) = parse(&path, &text);
        problems.extend(found);
        let files: Vec<&str> = pages
            .iter()
            .filter(|p| p.lang.as_deref() == Some(lang.code.as_str()))
            .map(|p| p.lang_rel.as_str())
            .collect();
        problems.extend(check_files(&path, &text, &summary, &files));
        summaries.push(summary);
    }
    let listed: HashSet<(&str, &str)> = config
        .languages
        .iter()
        .zip(&summaries)
        .flat_map(|(lang, summary)| {
            summary.entries.iter().filter_map(|e| match &e.kind {
                EntryKind::Chapter(file) => Some((lang.code.as_str(), file.as_str())),
                _ => None,
            })
        })
        .collect();
    let pages = pages
        .into_iter()
        .filter(|p| {
            let lang = p.lang.as_deref().unwrap_or_default();
            p.kind == FileKind::Page && listed.contains(&(lang, p.lang_rel.as_str()))
        })
        .collect();
    (Some(summaries), pages, problems)
}

/// The text of the summary at `path`, read as a page is: UTF-8 (else an
/// error naming its likely encoding), no byte-order mark, `\n` line
/// endings.
fn read(site_dir: &Path, config: &Config, path: &Path, lang: &str) -> Result<String, Diagnostic> {
    // As site.toml: never through a link out of the site (its lines would
    // show in messages), and through one inside it whatever the setting,
    // for without it there is no book.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        LinkPolicy::new(site_dir, true).follow(path)?;
    }
    let name = config.summary.as_deref().unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            path,
            format!("cannot read the book's summary (`summary = \"{name}\"` in site.toml): {e}"),
        )
    })?;
    match crate::encoding::read_text(path, bytes, Some(lang)) {
        (text, None) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Ok(text.replace("\r\n", "\n"))
        }
        (_, Some(error)) => Err(error),
    }
}

/// An error at each chapter whose file is not among `files` (the
/// language's Markdown files) or that an earlier entry lists already.
fn check_files(path: &Path, text: &str, summary: &Summary, files: &[&str]) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for entry in &summary.entries {
        let EntryKind::Chapter(file) = &entry.kind else {
            continue;
        };
        let problem = if let Some(&first) = seen.get(file.as_str()) {
            let (line, _) = lines.line_col(first);
            format!("`{file}` is listed already, on line {line}: a file is one chapter")
        } else if !files.contains(&file.as_str()) {
            let hint = crate::suggest::closest(file, files)
                .map(|f| format!(" (did you mean `{f}`?)"))
                .unwrap_or_default();
            let missing = path.parent().unwrap_or(Path::new("")).join(file);
            format!(
                "chapter `{}` links to {}, which does not exist{hint}; lectern creates no files: write it, or make the chapter a draft (`[{}]()`)",
                entry.title,
                missing.display(),
                entry.title
            )
        } else {
            seen.insert(file, entry.at);
            continue;
        };
        problems.push(Diagnostic::error(path, problem).at_offset_in(&lines, entry.at));
    }
    problems
}

/// A book's entries, in the order the summary lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) kind: EntryKind,
    /// The link text, Markdown stripped; the title of a part.
    pub(crate) title: String,
    /// `1.2` for a numbered chapter; empty for the others.
    pub(crate) number: String,
    /// The chapter this one is nested in (an index into the entries).
    pub(crate) parent: Option<usize>,
    /// Byte offset of the entry in the summary's text, for messages.
    pub(crate) at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A chapter and its file, relative to the language's content root,
    /// `/`-separated (`guide/install.md`).
    Chapter(String),
    /// A chapter without a file yet.
    Draft,
    /// A part title (`# Reference`), over the numbered chapters after it.
    Part,
    /// A `---` line.
    Separator,
}

/// Where a summary is in its reading: chapters before any list are
/// prefix chapters; a link after the lists is a suffix chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Prefix,
    Numbered,
    Suffix,
}

/// What each nesting of lists means for the numbers of its chapters.
struct Numbers(Vec<u32>);

impl Numbers {
    /// The number of the next chapter at `depth` (0: top level).
    fn next(&mut self, depth: usize) -> String {
        self.0.resize(depth + 1, 0);
        self.0[depth] += 1;
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        parts.join(".")
    }
}

/// Reads `text`, the summary at `path`. Every problem is returned with
/// its place; the entries read up to each are kept.
pub(crate) fn parse(path: &Path, text: &str) -> (Summary, Vec<Diagnostic>) {
    let mut reader = Reader {
        path,
        lines: LineIndex::new(text),
        entries: Vec::new(),
        problems: Vec::new(),
        stage: Stage::Prefix,
        numbers: Numbers(Vec::new()),
        // The chapter opened at each depth of lists.
        open: Vec::new(),
        titled: false,
    };
    let mut events = Parser::new_ext(text, Options::empty())
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let title =
                    plain_text(&mut events, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                reader.heading(level, title, range.start);
            }
            Event::Start(Tag::Paragraph) => reader.links(&mut events),
            Event::Rule => reader.push(EntryKind::Separator, String::new(), range.start),
            Event::Start(Tag::List(_)) => reader.list(&mut events, range.start),
            Event::Html(html) | Event::InlineHtml(html) if is_comment(&html) => {}
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            other => {
                reader.unexpected(&other, range.start);
                skip_block(&mut events, &other);
            }
        }
    }
    let summary = Summary {
        entries: reader.entries,
    };
    (summary, reader.problems)
}

type Events<'a> = std::iter::Peekable<pulldown_cmark::OffsetIter<'a>>;

struct Reader<'a> {
    path: &'a Path,
    lines: LineIndex<'a>,
    entries: Vec<Entry>,
    problems: Vec<Diagnostic>,
    stage: Stage,
    numbers: Numbers,
    open: Vec<Option<usize>>,
    /// The summary's own `# Title` has been read (or something else came first).
    titled: bool,
}

impl Reader<'_> {
    fn error(&mut self, at: usize, message: String) {
        let d = Diagnostic::error(self.path, message).at_offset_in(&self.lines, at);
        self.problems.push(d);
    }

    fn push(&mut self, kind: EntryKind, title: String, at: usize) {
        self.titled = true;
        let number = match (&kind, self.stage) {
            (EntryKind::Chapter(_) | EntryKind::Draft, Stage::Numbered) => {
                self.numbers.next(self.open.len().saturating_sub(1))
            }
            _ => String::new(),
        };
        let parent = match kind {
            EntryKind::Part | EntryKind::Separator => None,
            _ => self.open.iter().rev().skip(1).flatten().next().copied(),
        };
        self.entries.push(Entry {
            kind,
            title,
            number,
            parent,
            at,
        });
    }

    /// The summary's title (its first heading, before anything else), or
    /// a part title.
    fn heading(&mut self, level: HeadingLevel, title: String, at: usize) {
        if !self.titled {
            self.titled = true;
            return;
        }
        if level != HeadingLevel::H1 {
            let message = format!(
                "`{title}`: a part title is a level-1 heading (`# {title}`); other headings have no place in the summary"
            );
            return self.error(at, message);
        }
        if self.stage == Stage::Suffix {
            let message = format!(
                "part `{title}` comes after the suffix chapters; parts hold numbered chapters (`- [Title](file.md)`), before any suffix chapter"
            );
            return self.error(at, message);
        }
        self.stage = Stage::Numbered;
        self.push(EntryKind::Part, title, at);
    }

    /// A paragraph at the top level: prefix or suffix chapters, each a
    /// link alone.
    fn links(&mut self, events: &mut Events<'_>) {
        if self.stage == Stage::Numbered {
            self.stage = Stage::Suffix;
        }
        while let Some((event, range)) = events.next() {
            match event {
                Event::End(TagEnd::Paragraph) => return,
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let title = plain_text(events, |e| matches!(e, Event::End(TagEnd::Link)));
                    self.chapter(&dest_url, title, range.start);
                }
                Event::SoftBreak | Event::HardBreak => {}
                Event::Text(t) if t.trim().is_empty() => {}
                Event::InlineHtml(html) if is_comment(&html) => {}
                other => {
                    self.unexpected(&other, range.start);
                    skip_block(events, &Event::Start(Tag::Paragraph));
                    return;
                }
            }
        }
    }

    /// A list of numbered chapters, and the lists nested in it.
    fn list(&mut self, events: &mut Events<'_>, at: usize) {
        if self.stage == Stage::Suffix {
            self.error(
                at,
                "numbered chapters (a list) after suffix chapters: suffix chapters come last"
                    .into(),
            );
        }
        self.stage = Stage::Numbered;
        self.titled = true;
        self.open.push(None);
        while let Some((event, range)) = events.next() {
            match event {
                Event::End(TagEnd::List(_)) => break,
                Event::Start(Tag::List(_)) => self.list(events, range.start),
                Event::Start(Tag::Item) => {
                    if let Some(last) = self.open.last_mut() {
                        *last = None;
                    }
                    self.item(events, range.start);
                }
                Event::End(TagEnd::Item) => {}
                _ => {}
            }
        }
        self.open.pop();
    }

    /// A list item: its link, then what is nested in it.
    fn item(&mut self, events: &mut Events<'_>, at: usize) {
        let mut linked = false;
        while let Some((event, range)) = events.peek().cloned() {
            match event {
                Event::End(TagEnd::Item) => break,
                Event::Start(Tag::List(_)) => {
                    events.next();
                    self.list(events, range.start);
                }
                Event::Start(Tag::Link { dest_url, .. }) if !linked => {
                    events.next();
                    let title = plain_text(events, |e| matches!(e, Event::End(TagEnd::Link)));
                    let before = self.entries.len();
                    self.chapter(&dest_url, title, range.start);
                    // A chapter in error is no entry, and nests nothing.
                    let made = (self.entries.len() > before).then_some(before);
                    if let Some(last) = self.open.last_mut() {
                        *last = made;
                    }
                    linked = true;
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                    events.next();
                }
                Event::SoftBreak | Event::HardBreak => {
                    events.next();
                }
                Event::Text(t) if t.trim().is_empty() => {
                    events.next();
                }
                other => {
                    events.next();
                    if !linked {
                        self.error(
                            at,
                            "a numbered chapter is a list item holding a link alone: `- [Title](file.md)`, or `- [Title]()` for a draft".into(),
                        );
                        linked = true;
                    } else {
                        self.unexpected(&other, range.start);
                    }
                    skip_block(events, &other);
                }
            }
        }
        if !linked {
            self.error(
                at,
                "an empty list item: a numbered chapter is written `- [Title](file.md)`".into(),
            );
        }
    }

    /// A chapter linked to `dest` (a draft when empty), checked to be a
    /// Markdown file inside the book.
    fn chapter(&mut self, dest: &str, title: String, at: usize) {
        let dest = dest.trim();
        if dest.is_empty() {
            return self.push(EntryKind::Draft, title, at);
        }
        match chapter_path(dest) {
            Ok(path) => self.push(EntryKind::Chapter(path), title, at),
            Err(why) => self.error(at, format!("chapter `{title}` links to `{dest}`: {why}")),
        }
    }

    fn unexpected(&mut self, event: &Event<'_>, at: usize) {
        let what = match event {
            Event::Start(Tag::CodeBlock(_)) => "a code block",
            Event::Start(Tag::BlockQuote(_)) => "a quote",
            Event::Start(Tag::Table(_)) => "a table",
            Event::Start(Tag::Image { .. }) => "an image",
            Event::Html(_) | Event::InlineHtml(_) => "HTML",
            _ => "text",
        };
        let message = format!(
            "{what} in the summary: it holds only chapter links (`[Title](file.md)`, in lists for numbered chapters), `# Part` titles and `---` separators"
        );
        self.error(at, message);
    }
}

/// A link target as a chapter's file: percent-decoded, `./` and `.`
/// parts dropped; never leaving the book, and a Markdown file.
fn chapter_path(dest: &str) -> Result<String, String> {
    if dest.contains(['#', '?']) {
        return Err("a chapter is a whole file, without `#fragment` or `?query`".into());
    }
    if crate::content::links::has_scheme(dest) || dest.starts_with('/') {
        return Err("a chapter is a file of the book, given relative to the summary".into());
    }
    let decoded = crate::escape::percent_decode(dest);
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("the file is outside the book's directory".into());
                }
            }
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    if !path.to_ascii_lowercase().ends_with(".md") {
        return Err("a chapter is a Markdown file (`.md`)".into());
    }
    Ok(path)
}

/// The text of the inline events up to the one `end` matches, Markdown
/// stripped.
fn plain_text(events: &mut Events<'_>, end: impl Fn(&Event<'_>) -> bool) -> String {
    let mut text = String::new();
    for (event, _) in events.by_ref() {
        if end(&event) {
            break;
        }
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Skips the rest of the block `start` opened.
fn skip_block(events: &mut Events<'_>, start: &Event<'_>) {
    let Event::Start(_) = start else { return };
    let mut depth = 1;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry as the tests compare it: kind, title, number, parent.
    type Read = (EntryKind, String, String, Option<usize>);

    fn read(text: &str) -> (Vec<Read>, Vec<String>) {
        let (summary, problems) = parse(Path::new("SUMMARY.md"), text);
        let entries = summary
            .entries
            .into_iter()
            .map(|e| (e.kind, e.title, e.number, e.parent))
            .collect();
        let problems = problems
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect();
        (entries, problems)
    }

    fn chapter(path: &str) -> EntryKind {
        EntryKind::Chapter(path.into())
    }

    #[test]
    fn prefix_parts_numbers_drafts_separators_and_suffix() {
        let (entries, problems) = read(
            "# Summary\n\n[Введение](README.md)\n\n# Part I\n\n- [One](one.md)\n    - [One A](one/a.md)\n        - [Later]()\n    - [One B](./one/b%20c.md)\n- [**Two**](two.md)\n\n# Part II\n\n- [Three](three.md)\n\n---\n\n[附录](appendix.md)\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let want = [
            (chapter("README.md"), "Введение", "", None),
            (EntryKind::Part, "Part I", "", None),
            (chapter("one.md"), "One", "1", None),
            (chapter("one/a.md"), "One A", "1.1", Some(2)),
            (EntryKind::Draft, "Later", "1.1.1", Some(3)),
            (chapter("one/b c.md"), "One B", "1.2", Some(2)),
            (chapter("two.md"), "Two", "2", None),
            (EntryKind::Part, "Part II", "", None),
            (chapter("three.md"), "Three", "3", None),
            (EntryKind::Separator, "", "", None),
            (chapter("appendix.md"), "附录", "", None),
        ];
        let want: Vec<_> = want
            .into_iter()
            .map(|(k, t, n, p)| (k, t.to_string(), n.to_string(), p))
            .collect();
        assert_eq!(entries, want);
    }

    #[test]
    fn problems_are_placed() {
        let (_, problems) = read(
            "# Summary\n\n- [Out](../x.md)\n- plain text\n\n[Suffix](s.md)\n\n- [Late](late.md)\n\n## Small\n\n- [Pic](pic.png)\n",
        );
        assert_eq!(
            problems,
            [
                "3:3: chapter `Out` links to `../x.md`: the file is outside the book's directory",
                "4:1: a numbered chapter is a list item holding a link alone: `- [Title](file.md)`, or `- [Title]()` for a draft",
                "8:1: numbered chapters (a list) after suffix chapters: suffix chapters come last",
                "10:1: `Small`: a part title is a level-1 heading (`# Small`); other headings have no place in the summary",
                "12:3: chapter `Pic` links to `pic.png`: a chapter is a Markdown file (`.md`)",
            ]
        );
    }

    #[test]
    fn loose_lists_and_comments_are_read() {
        let (entries, problems) =
            read("<!-- toc -->\n- [A](a.md)\n\n- [B](b.md)\n\n  - [C](c.md)\n");
        assert_eq!(problems, Vec::<String>::new());
        let numbers: Vec<&str> = entries.iter().map(|e| e.2.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "2.1"]);
    }
}
