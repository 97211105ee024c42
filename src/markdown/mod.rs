//! Markdown → HTML for one page. Pure: the page's text and a link resolver
//! in, a [`Rendered`] value out. Every change is made on pulldown-cmark's
//! events (heading ids, links, code, alerts), never on the HTML afterwards.

mod attributes;
pub mod diagram;
mod fences;
pub mod highlight;
pub mod image_size;
pub(crate) mod link;
pub mod math;
mod rewrite;
pub(crate) mod slug;
mod summary;
mod syntax_css;
mod untrusted;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::error::Diagnostic;
pub(crate) use fences::untab_closing_fences;
use rewrite::Rewriter;
use slug::IdSet;
pub(crate) use summary::summary;

/// What a link destination becomes. Messages say what is wrong; the
/// renderer names the link (``link `x.md`: …``).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkTarget {
    /// Leave it as written (external URLs, same-page anchors).
    Keep,
    /// Replace with this URL.
    Url(String),
    /// Replace with this URL, and warn: it is not quite what the author
    /// meant (the page exists only in another language).
    Warn { url: String, message: String },
    /// Leave it; an error: the target does not exist.
    Missing(String),
    /// Leave it, for a browser to resolve from the page's URL (as Hugo
    /// sites link); an error, saying this, only if nothing is there either.
    FromPageUrl(String),
    /// An error: the link climbs out of the site.
    Outside(String),
}

/// Maps a link destination written in one page to the URL to emit.
pub trait LinkResolver: Sync {
    fn resolve(&self, dest: &str) -> LinkTarget;

    /// The size of the local image `dest` names, read from its file.
    fn image_size(&self, _dest: &str) -> image_size::ImageSize {
        image_size::ImageSize::Unknown
    }
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    /// Plain text (Markdown stripped).
    pub(crate) title: String,
}

/// A link or image in a page's content, kept for the checks that need the
/// whole site (anchors on other pages, files outside the content tree).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LinkUse {
    /// As the author wrote it.
    pub(crate) written: String,
    /// As the page links it.
    pub(crate) href: String,
    /// Byte offset in the file where it is written.
    pub(crate) offset: usize,
    pub(crate) image: bool,
    /// Why it resolves to no content file, when it is left for the page's
    /// URL to resolve.
    pub(crate) unresolved: Option<String>,
}

/// The plain text under one heading, up to the next one: what search
/// indexes. Code blocks and raw HTML are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub(crate) id: String,
    /// The heading's plain text; empty for the text before the first heading.
    pub(crate) heading: String,
    /// Words separated by single spaces.
    pub(crate) text: String,
}

/// What the pipeline needs to know of a page's Markdown besides its HTML,
/// which [`render`] returns apart: a build writes each page as soon as it
/// is rendered and keeps only this.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub(crate) headings: Vec<Heading>,
    /// Every link and image, except those already reported as broken.
    pub(crate) links: Vec<LinkUse>,
    /// The id of the heading the body opened with, when it equals the page
    /// title: that heading is left out of the HTML (the theme prints the
    /// title) but stays first in `headings`.
    pub(crate) title_id: Option<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Words of prose, counting each Chinese, Japanese or Korean character as
    /// a word (those scripts put no spaces between words).
    pub(crate) words: usize,
    /// Minutes to read the prose (code excluded), at least 1.
    pub(crate) reading_minutes: usize,
    /// The text before the first heading, then one entry per heading.
    pub(crate) sections: Vec<Section>,
    /// A diagram is left for the site's `mermaid.min.js` to draw.
    pub(crate) client_diagrams: bool,
}

pub struct Input<'a> {
    pub body: &'a str,
    /// The whole file, to point diagnostics at lines of it.
    pub file_text: &'a str,
    /// Byte offset of `body` in `file_text`.
    pub body_offset: usize,
    pub path: &'a std::path::Path,
    pub title: &'a str,
    pub raw_html: bool,
    pub math: math::MathMode,
    pub diagrams: diagram::DiagramMode,
    /// Alert titles in the page's language: (note, tip, important, warning, caution).
    pub alert_titles: [&'a str; 5],
    /// Smart punctuation, with the page's language's opening and closing
    /// quotation marks; `None`: quotes and dashes as typed.
    pub quotes: Option<[&'a str; 2]>,
    /// `:rocket:` becomes 🚀 (Hugo's `enableEmoji`).
    pub emoji: bool,
    /// Shared by the pages of one pass.
    pub code: &'a highlight::Highlighter,
    /// The body with its shortcodes expanded, when it has any: what is
    /// rendered instead of `body`.
    pub shortcodes: Option<&'a crate::shortcode::Expanded>,
}

impl Input<'_> {
    /// The Markdown rendered: the body, or its shortcodes' expansion.
    fn text(&self) -> &str {
        self.shortcodes.map_or(self.body, |e| e.text())
    }

    /// The byte offset in the file of byte `at` of the rendered text.
    fn file_offset(&self, at: usize) -> usize {
        self.body_offset + self.shortcodes.map_or(at, |e| e.source_offset(at))
    }
}

/// The options a page's body is parsed with: dollar math only where a
/// dollar sign is, so other pages pay nothing for it.
fn body_options(input: &Input<'_>) -> Options {
    let mut options = options();
    let math = matches!(input.math, math::MathMode::Strict | math::MathMode::Lenient);
    if math && input.text().contains('$') {
        options |= Options::ENABLE_MATH;
    }
    if input.quotes.is_some() {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// The title of a page whose front matter has none: the text of its first
/// level-1 heading near the top (before anything a reader sees but
/// headings: HTML comments and empty HTML do not count, see [`Top`]),
/// else of its first heading;
/// Markdown stripped. So a `## Part 1` label above `# Title` does not
/// become the title, nor does a leading `<!-- comment -->` hide it.
pub(crate) fn first_heading(body: &str) -> Option<String> {
    let mut parser = Parser::new_ext(body, options());
    let mut first = None;
    let mut top = Top::default();
    while let Some(event) = parser.next() {
        let at_top = top.read(&event);
        if let Event::Start(Tag::Heading { level, .. }) = event {
            let inner = parser
                .by_ref()
                .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))));
            let text = plain_text(inner);
            if text.is_empty() {
                continue;
            }
            if !at_top {
                return first.or(Some(text));
            }
            if level == HeadingLevel::H1 {
                return Some(text);
            }
            first.get_or_insert(text);
        } else if !at_top && first.is_some() {
            return first;
        }
    }
    first
}

/// Follows the blocks of a page, outside its headings, to tell whether
/// anything a reader sees but headings has come yet: the top of a page,
/// where its title is looked for. HTML that shows nothing (see
/// [`is_blank_html`]) does not end it, as an HTML block or a paragraph.
#[derive(Default)]
struct Top {
    left: bool,
    /// The HTML of the paragraph or HTML block being read.
    html: String,
    /// The paragraph being read has text.
    text: bool,
}

impl Top {
    fn at_top(&self) -> bool {
        !self.left
    }

    /// Reads the next event outside a heading's text; says whether the top
    /// of the page goes on.
    fn read(&mut self, event: &Event<'_>) -> bool {
        if self.left {
            return false;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {}
            Event::Start(Tag::Paragraph | Tag::HtmlBlock) => {
                self.html.clear();
                self.text = false;
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html.push_str(html),
            Event::Text(t) if t.trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak => {}
            Event::End(TagEnd::Paragraph | TagEnd::HtmlBlock) => {
                self.left = self.text || !is_blank_html(&self.html);
            }
            Event::End(_) => {}
            Event::Text(_) | Event::Code(_) => self.text = true,
            _ => self.left = true,
        }
        !self.left
    }
}

/// HTML that shows nothing, which pages put above their title: comments
/// (`<!-- {% raw %} -->`), line breaks, and empty `a`, `span`, `div` or
/// `p` elements (`<a name="top"></a>`).
fn is_blank_html(html: &str) -> bool {
    const SILENT: [&str; 6] = ["br", "wbr", "a", "span", "div", "p"];
    let mut rest = html.trim_start();
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("<!--") {
            // An unclosed comment runs to the end of the block.
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if let Some(tag) = rest.strip_prefix('<') {
            let Some(end) = tag.find('>') else {
                return false;
            };
            let name = tag.trim_start_matches('/');
            let name = &name[..name
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or(name.len())];
            if !SILENT.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                return false;
            }
            rest = &tag[end + 1..];
        } else {
            return false;
        }
        rest = rest.trim_start();
    }
    true
}

/// Inline Markdown (a footer line, say) as HTML, without a wrapping paragraph.
pub(crate) fn inline(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The visible text of inline events, as a browser's `textContent` gives it.
fn plain_text<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The page's HTML, and what else the pipeline needs to know of it.
pub fn render(input: &Input<'_>, links: &dyn LinkResolver) -> (String, Rendered) {
    let mut ids = IdSet::default();
    let options = body_options(input);
    // Ids written by hand are reserved first so generated ids never collide
    // with them, and attribute lines are placed before their blocks open.
    let placed = attributes::place(input.text(), options, &mut ids);
    let mut rewriter = Rewriter::new(input, links, ids, placed);
    let mut parser = Parser::new_ext(input.text(), options).into_offset_iter();
    let events = std::iter::from_fn(|| {
        loop {
            if let Some(event) = rewriter.ready() {
                return Some(event);
            }
            match parser.next() {
                Some((event, range)) => rewriter.read(event, range),
                None if rewriter.ended() => return None,
                None => rewriter.end(),
            }
        }
    });
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let mut out = rewriter.finish();
    if let Some(expanded) = input.shortcodes {
        html = expanded.fill(html);
        html = crate::shortcode::place_toc(html, &out.headings, out.title_id.as_deref());
        for section in &mut out.sections {
            section.text = crate::shortcode::strip_toc(&expanded.text_of(&section.text));
        }
        out.links.extend(expanded.links().iter().cloned());
        out.diagnostics
            .extend(expanded.diagnostics().iter().cloned());
    }
    for section in &mut out.sections {
        section.text = section
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    // A rebuild's cache holds every page's HTML: no slack.
    html.shrink_to_fit();
    (html, out)
}

/// Appends what a reader sees of `event` to `text`; block ends and line
/// breaks become spaces so words of neighbouring blocks stay apart.
fn collect_text(event: &Event<'_>, raw_html: bool, text: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            text.push_str(t)
        }
        Event::Html(t) | Event::InlineHtml(t) if !raw_html => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        Event::End(
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link,
        ) => {}
        Event::End(_) => text.push(' '),
        _ => {}
    }
}

/// A Chinese, Japanese or Korean character: counted one per word when
/// reading, and cut into pairs by search.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B–F
}

#[cfg(test)]
mod tests;
