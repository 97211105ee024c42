//! Markdown → HTML for one page. Pure: the page's text and a link resolver
//! in, a [`Rendered`] value out. Every change is made on pulldown-cmark's
//! events (heading ids, links, code, alerts), never on the HTML afterwards.

pub mod highlight;
pub mod slug;
mod untrusted;

use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use crate::error::{Diagnostic, Kind, LineIndex};
use crate::escape::html as escape;
use highlight::FenceInfo;
use slug::{IdSet, github_slug};

/// What a link destination becomes. Messages say what is wrong; the
/// renderer names the link (``link `x.md`: …``).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// An error: the link climbs out of the site.
    Outside(String),
}

/// Maps a link destination written in one page to the URL to emit.
pub trait LinkResolver: Sync {
    fn resolve(&self, dest: &str) -> LinkTarget;
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text (Markdown stripped).
    pub title: String,
}

/// A link or image in a page's content, kept for the checks that need the
/// whole site (anchors on other pages, files outside the content tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkUse {
    /// As the author wrote it.
    pub written: String,
    /// As the page links it.
    pub href: String,
    /// Byte offset in the file where it is written.
    pub offset: usize,
    pub image: bool,
}

/// The plain text under one heading, up to the next one: what search
/// indexes. Code blocks and raw HTML are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    /// The heading's plain text; empty for the text before the first heading.
    pub heading: String,
    /// Words separated by single spaces.
    pub text: String,
}

/// What the pipeline needs to know of a page's Markdown besides its HTML,
/// which [`render`] returns apart: a build writes each page as soon as it
/// is rendered and keeps only this.
#[derive(Debug, Default)]
pub struct Rendered {
    pub headings: Vec<Heading>,
    /// Every link and image, except those already reported as broken.
    pub links: Vec<LinkUse>,
    /// The id of the heading the body opened with, when it equals the page
    /// title: that heading is left out of the HTML (the theme prints the
    /// title) but stays first in `headings`.
    pub title_id: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Words of prose, counting each Chinese, Japanese or Korean character as
    /// a word (those scripts put no spaces between words).
    pub words: usize,
    /// Minutes to read the prose (code excluded), at least 1.
    pub reading_minutes: usize,
    /// The text before the first heading, then one entry per heading.
    pub sections: Vec<Section>,
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
    /// Alert titles in the page's language: (note, tip, important, warning, caution).
    pub alert_titles: [&'a str; 5],
    /// Shared by the pages of one pass.
    pub code: &'a highlight::Highlighter,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The text of the first heading, Markdown stripped: the title of a page
/// whose front matter has none.
pub fn first_heading(body: &str) -> Option<String> {
    let mut parser = Parser::new_ext(body, options());
    parser.find(|e| matches!(e, Event::Start(Tag::Heading { .. })))?;
    let text = plain_text(parser.take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_)))));
    Some(text).filter(|t| !t.is_empty())
}

/// Inline Markdown (a footer line, say) as HTML, without a wrapping paragraph.
pub fn inline(text: &str) -> String {
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
    let mut out = Rendered::default();
    // Built only if a link is reported, then shared by every report.
    let lines = LineIndex::new(input.file_text);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut ids = IdSet::default();
    // Explicit `{#id}`s are reserved first so generated ids never collide with them.
    for (event, _) in Parser::new_ext(input.body, options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(&id);
        }
    }

    let mut heading_start: Option<usize> = None;
    // The fence, its byte offset in the body, and the code so far.
    let mut code: Option<(FenceInfo, usize, String)> = None;
    let mut first_block = true;
    // A link or image whose URL was dropped (`raw_html = false`) shows its
    // text alone, so its end is dropped too.
    let (mut link_dropped, mut image_dropped) = (false, false);
    out.sections.push(Section::default());
    for (event, range) in Parser::new_ext(input.body, options()).into_offset_iter() {
        if let Some((_, _, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (fence, start, buf) = code.take().unwrap_or_default();
                    let (html, plain) = input.code.code_block(&buf, &fence);
                    if let Some(plain) = plain {
                        let offset = input.body_offset + start;
                        out.diagnostics.push(
                            Diagnostic::warning(input.path, plain.message())
                                .at_offset(input.file_text, offset),
                        );
                    }
                    events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        if heading_start.is_none() {
            if let Some(section) = out.sections.last_mut() {
                collect_text(&event, input.raw_html, &mut section.text);
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                if !input.raw_html {
                    keep_safe_attributes(input, &range, &mut attrs, &mut out);
                }
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let is_first = std::mem::take(&mut first_block);
                    finish_heading(
                        &mut events,
                        start,
                        level,
                        &mut ids,
                        &mut out,
                        is_first,
                        input.title,
                    );
                    if let Some(h) = out.headings.last() {
                        out.sections.push(Section {
                            id: h.id.clone(),
                            heading: h.title.clone(),
                            text: String::new(),
                        });
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                first_block = false;
                let fence = match kind {
                    CodeBlockKind::Fenced(info) => FenceInfo::parse(&info),
                    CodeBlockKind::Indented => FenceInfo::default(),
                };
                code = Some((fence, range.start, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                // Written by hand rather than by pulldown-cmark, which
                // percent-encodes `#-продвинутое-изучение-go` and so breaks
                // comparisons with the heading's id.
                // An email autolink (`<me@example.org>`) is no path.
                let (scheme, dest_url) = if link_type == LinkType::Email {
                    ("mailto:", Some(dest_url))
                } else {
                    (
                        "",
                        rewrite(input, &lines, links, dest_url, &range, false, &mut out),
                    )
                };
                let Some(dest_url) = dest_url else {
                    link_dropped = true;
                    continue;
                };
                let mut html = format!("<a href=\"{scheme}{}\"", escape(&dest_url));
                if !title.is_empty() {
                    html.push_str(&format!(" title=\"{}\"", escape(&title)));
                }
                html.push('>');
                events.push(Event::Html(html.into()));
            }
            Event::End(TagEnd::Link) if std::mem::take(&mut link_dropped) => {}
            Event::End(TagEnd::Link) => events.push(Event::Html("</a>".into())),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match rewrite(input, &lines, links, dest_url, &range, true, &mut out) {
                Some(dest_url) => events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })),
                None => image_dropped = true,
            },
            Event::End(TagEnd::Image) if std::mem::take(&mut image_dropped) => {}
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                first_block = false;
                let (class, title) = alert(kind, &input.alert_titles);
                events.push(Event::Html(
                    format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{}</p>\n", escape(title))
                        .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Html(html) | Event::InlineHtml(html) if !input.raw_html => {
                events.push(Event::Text(html))
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_links(input, html, &range, &mut out.links);
                events.push(event);
            }
            Event::Start(_) if heading_start.is_none() => {
                first_block = false;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    // Latin and Cyrillic readers manage about 220 words a minute; Chinese
    // and Japanese readers about 400 characters.
    let (words, ideographs) = words_in(&events);
    out.words = words + ideographs;
    out.reading_minutes =
        ((words as f64 / 220.0 + ideographs as f64 / 400.0).ceil() as usize).max(1);
    for section in &mut out.sections {
        section.text = section
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    join_cjk_lines(&mut events);
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // A rebuild's cache holds every page's HTML: no slack.
    html.shrink_to_fit();
    (html, out)
}

/// Appends what a reader sees of `event` to `text`; block ends and line
/// breaks become spaces so words of neighbouring blocks stay apart.
fn collect_text(event: &Event<'_>, raw_html: bool, text: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) => text.push_str(t),
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

/// Drops the line break between two CJK characters: a Chinese paragraph
/// wrapped in the source must not show a space at each wrap.
fn join_cjk_lines(events: &mut [Event<'_>]) {
    for i in 1..events.len().saturating_sub(1) {
        if !matches!(events[i], Event::SoftBreak) {
            continue;
        }
        let ends_cjk =
            matches!(&events[i - 1], Event::Text(t) if t.chars().next_back().is_some_and(is_cjk));
        let starts_cjk =
            matches!(&events[i + 1], Event::Text(t) if t.chars().next().is_some_and(is_cjk));
        if ends_cjk && starts_cjk {
            events[i] = Event::Text("".into());
        }
    }
}

/// `(space-separated words, CJK characters)` in the text events.
fn words_in(events: &[Event<'_>]) -> (usize, usize) {
    let (mut words, mut ideographs) = (0, 0);
    for event in events {
        if let Event::Text(text) | Event::Code(text) = event {
            for word in text.split_whitespace() {
                let cjk = word.chars().filter(|&c| is_cjk(c)).count();
                ideographs += cjk;
                if cjk < word.chars().count() {
                    words += 1;
                }
            }
        }
    }
    (words, ideographs)
}

/// A Chinese, Japanese or Korean character: counted one per word when
/// reading, and cut into pairs by search.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B–F
}

fn finish_heading<'a>(
    events: &mut Vec<Event<'a>>,
    start: usize,
    level: HeadingLevel,
    ids: &mut IdSet,
    out: &mut Rendered,
    is_first_block: bool,
    title: &str,
) {
    let Event::Start(Tag::Heading {
        id, classes, attrs, ..
    }) = &events[start]
    else {
        return;
    };
    let text = plain_text(events[start + 1..].iter().cloned());
    let id = match id {
        Some(id) => id.to_string(),
        None => ids.unique(github_slug(&text)),
    };
    let mut open = format!("<{level} id=\"{}\"", escape(&id));
    if !classes.is_empty() {
        let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (key, value) in attrs {
        open.push_str(&format!(
            " {}=\"{}\"",
            escape(key),
            escape(value.as_deref().unwrap_or(""))
        ));
    }
    open.push('>');
    events[start] = Event::Html(open.into());
    events.push(Event::Html(
        format!("<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\"></a></{level}>\n", escape(&id)).into(),
    ));
    if is_first_block && text.trim() == title.trim() {
        // The theme prints the title as the page's heading, with this id:
        // the body leaves it out, so nothing can come between the two.
        events.truncate(start);
        out.title_id = Some(id.clone());
    }
    out.headings.push(Heading {
        level: level as u8,
        id,
        title: text,
    });
}

fn alert<'t>(kind: BlockQuoteKind, titles: &[&'t str; 5]) -> (&'static str, &'t str) {
    match kind {
        BlockQuoteKind::Note => ("note", titles[0]),
        BlockQuoteKind::Tip => ("tip", titles[1]),
        BlockQuoteKind::Important => ("important", titles[2]),
        BlockQuoteKind::Warning => ("warning", titles[3]),
        BlockQuoteKind::Caution => ("caution", titles[4]),
    }
}

/// The URL a link or image in the page gets; records it, or reports it
/// when it is broken. `None` when it may not be published at all: a URL
/// that can run script, in a site that does not trust its authors.
fn rewrite<'a>(
    input: &Input<'_>,
    lines: &LineIndex,
    links: &dyn LinkResolver,
    dest: CowStr<'a>,
    range: &Range<usize>,
    image: bool,
    out: &mut Rendered,
) -> Option<CowStr<'a>> {
    let offset = input.body_offset + range.start;
    let what = if image { "image" } else { "link" };
    let mut report = |d: Diagnostic| out.diagnostics.push(d.at_offset_in(lines, offset));
    if !input.raw_html && !untrusted::url_is_safe(&dest, image) {
        report(Diagnostic::warning(
            input.path,
            format!(
                "{what} `{dest}`: this kind of URL can run script, and with `raw_html = false` it is left out (the {what}'s text is shown alone)"
            ),
        ));
        return None;
    }
    let href: CowStr<'a> = match links.resolve(&dest) {
        LinkTarget::Keep => dest.clone(),
        LinkTarget::Url(url) => url.into(),
        LinkTarget::Warn { url, message } => {
            report(
                Diagnostic::warning(input.path, format!("{what} `{dest}`: {message}"))
                    .of_kind(Kind::OtherLanguageLinks),
            );
            url.into()
        }
        LinkTarget::Missing(message) | LinkTarget::Outside(message) => {
            report(
                Diagnostic::error(input.path, format!("{what} `{dest}`: {message}"))
                    .of_kind(Kind::BrokenLinks),
            );
            return Some(dest);
        }
    };
    out.links.push(LinkUse {
        written: dest.to_string(),
        href: href.to_string(),
        offset,
        image,
    });
    Some(href)
}

/// Drops the heading attributes that could run script or change how the
/// page behaves (`onfocus`, `autofocus`, `style`, …), warning at each.
fn keep_safe_attributes(
    input: &Input<'_>,
    range: &Range<usize>,
    attrs: &mut Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
    out: &mut Rendered,
) {
    attrs.retain(|(key, _)| {
        let keep = untrusted::HEADING_ATTRIBUTES.contains(&key.to_ascii_lowercase().as_str());
        if !keep {
            out.diagnostics.push(
                Diagnostic::warning(
                    input.path,
                    format!(
                        "heading attribute `{key}` is left out: with `raw_html = false` a heading keeps only its id, classes and {}",
                        untrusted::HEADING_ATTRIBUTES.join(", ")
                    ),
                )
                .at_offset(input.file_text, input.body_offset + range.start),
            );
        }
        keep
    });
}

/// Records the `href` and `src` attributes of raw HTML, which pass through
/// as written.
fn raw_links(input: &Input<'_>, html: &str, range: &Range<usize>, links: &mut Vec<LinkUse>) {
    for a in crate::html::attributes(html) {
        if a.name == "href" || a.name == "src" {
            links.push(LinkUse {
                written: a.value.clone(),
                offset: input.body_offset + (range.start + a.offset).min(range.end),
                image: a.tag == "img",
                href: a.value,
            });
        }
    }
}

#[cfg(test)]
mod tests;
