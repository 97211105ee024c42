//! The rewriting of one page's pulldown-cmark events: heading ids, links
//! and images resolved, code highlighted, alerts, raw HTML. One method per
//! kind of event; a new content stage (math, diagrams) is one more.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd,
};

use super::attributes::{Attributes, Placed, opening_tag};
use super::highlight::{self, FenceInfo};
use super::image_size::ImageSize;
use super::math::MathMode;
use super::slug::{IdSet, github_slug, nfc};
use super::{
    Heading, Input, LinkResolver, LinkUse, Rendered, Section, Top, collect_text, is_cjk,
    plain_text, untrusted,
};
use crate::error::{Diagnostic, Kind, LineIndex};
use crate::escape::html as escape;

/// A code block being read: its fence, its byte offset in the body, and
/// the code so far.
type OpenCode = (FenceInfo, usize, String);

pub(super) struct Rewriter<'r, 'a> {
    input: &'r Input<'a>,
    links: &'r dyn LinkResolver,
    /// Built only if a problem is reported, then shared by every report.
    lines: LineIndex<'a>,
    ids: IdSet,
    /// Rewritten events not yet handed on: see [`Rewriter::ready`].
    events: VecDeque<Event<'a>>,
    /// The parser has no more events.
    ended: bool,
    /// The last event handed on ends with a CJK character.
    after_cjk: bool,
    /// Space-separated words and CJK characters handed on.
    words: usize,
    ideographs: usize,
    out: Rendered,
    /// Where the open heading's events start in `events`.
    heading_start: Option<usize>,
    /// Where the open definition term's events start: they wait for its id.
    term_start: Option<usize>,
    /// Where attribute lines go, and the events they were read as.
    placed: Placed,
    /// The number of the parser's event being read, from 0.
    at: usize,
    /// How many of the parser's events were read.
    read: usize,
    /// The open table's column alignments, whether its head is being read,
    /// and the column of the cell being read.
    table: (Vec<Alignment>, bool, usize),
    code: Option<OpenCode>,
    /// Whether a reader has seen nothing but headings yet: a heading here
    /// may repeat the page title (see [`super::first_heading`]).
    top: Top,
    /// A link or image whose URL was dropped (`raw_html = false`) shows
    /// its text alone, so its end is dropped too.
    link_dropped: bool,
    image_dropped: bool,
    /// A `\(` or `\[` read, and the events after it, until its closing.
    open_math: Option<OpenMath<'a>>,
    /// Diagrams drawn so far: the next one's ids start with its number.
    diagrams: usize,
    /// An image of known size being read: written whole at its end.
    image: Option<SizedImage<'a>>,
}

/// An image whose file gave its size: its URL, title, size and the alt
/// text read so far.
struct SizedImage<'a> {
    src: CowStr<'a>,
    title: CowStr<'a>,
    width: u32,
    height: u32,
    alt: String,
}

/// A formula opened by `\(` or `\[`: where its LaTeX starts in the text,
/// and the events read since, given back as they are if it never closes.
struct OpenMath<'a> {
    latex_start: usize,
    display: bool,
    events: Vec<(Event<'a>, Range<usize>)>,
}

impl<'r, 'a> Rewriter<'r, 'a> {
    /// `ids` holds the page's explicit `{#id}`s, reserved so that generated
    /// ids never collide with them; `placed`, where its attribute lines go.
    pub(super) fn new(
        input: &'r Input<'a>,
        links: &'r dyn LinkResolver,
        ids: IdSet,
        mut placed: Placed,
    ) -> Self {
        let mut out = Rendered::default();
        out.sections.push(Section::default());
        let problems = std::mem::take(&mut placed.problems);
        let mut rewriter = Rewriter {
            input,
            links,
            lines: LineIndex::new(input.file_text),
            ids,
            events: VecDeque::new(),
            ended: false,
            after_cjk: false,
            words: 0,
            ideographs: 0,
            out,
            heading_start: None,
            term_start: None,
            placed,
            at: 0,
            read: 0,
            table: Default::default(),
            code: None,
            top: Top::default(),
            link_dropped: false,
            image_dropped: false,
            open_math: None,
            diagrams: 0,
            image: None,
        };
        for (at, message) in problems {
            rewriter.report(Diagnostic::warning(input.path, message), at);
        }
        rewriter
    }

    /// What was learnt of the page, once every event was handed on.
    pub(super) fn finish(self) -> Rendered {
        let mut out = self.out;
        // Latin and Cyrillic readers manage about 220 words a minute;
        // Chinese and Japanese readers about 400 characters.
        out.words = self.words + self.ideographs;
        out.reading_minutes =
            ((self.words as f64 / 220.0 + self.ideographs as f64 / 400.0).ceil() as usize).max(1);
        out
    }

    /// Says that the parser has no more events.
    pub(super) fn end(&mut self) {
        self.ended = true;
    }

    pub(super) fn ended(&self) -> bool {
        self.ended
    }

    /// The next rewritten event that nothing later can change, so that a
    /// page is written as it is read and never held as events whole: the
    /// events of an open heading wait for its id, and a line break for
    /// the event after it (one between two CJK characters is dropped: a
    /// Chinese paragraph wrapped in the source shows no space at the wrap).
    pub(super) fn ready(&mut self) -> Option<Event<'a>> {
        let held = [self.heading_start, self.term_start];
        let mut settled = held
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.events.len());
        if self.input.emoji {
            // Markdown splits text at `_`: an emoji code is read whole.
            while let Some(Event::Text(text)) = self.events.front() {
                if !ends_in_open_code(text) {
                    break;
                }
                match self.events.get(1) {
                    Some(Event::Text(_)) if settled >= 2 => {
                        let Some(Event::Text(next)) = self.events.remove(1) else {
                            unreachable!("checked to be text")
                        };
                        if let Some(Event::Text(text)) = self.events.front_mut() {
                            *text = format!("{text}{next}").into();
                        }
                        self.shift_holds();
                        settled -= 1;
                    }
                    None if !self.ended => return None,
                    _ => break,
                }
            }
        }
        let waits = matches!(self.events.front(), Some(Event::SoftBreak)) && settled < 2;
        if settled == 0 || (waits && !self.ended) {
            return None;
        }
        let mut event = self.events.pop_front()?;
        self.shift_holds();
        if let (Event::Text(text), true) = (&mut event, self.input.emoji) {
            *text = emoji(std::mem::replace(text, "".into()));
        }
        if matches!(event, Event::SoftBreak) && self.after_cjk {
            let before_cjk = matches!(self.events.front(), Some(Event::Text(t)) if t.chars().next().is_some_and(is_cjk));
            if before_cjk {
                event = Event::Text("".into());
            }
        }
        if let Event::Text(text) | Event::Code(text) = &event {
            for word in text.split_whitespace() {
                let cjk = word.chars().filter(|&c| is_cjk(c)).count();
                self.ideographs += cjk;
                if cjk < word.chars().count() {
                    self.words += 1;
                }
            }
        }
        self.after_cjk =
            matches!(&event, Event::Text(t) if t.chars().next_back().is_some_and(is_cjk));
        Some(event)
    }

    /// Held events' starts, after one event before them left the queue.
    fn shift_holds(&mut self) {
        for start in [&mut self.heading_start, &mut self.term_start]
            .into_iter()
            .flatten()
        {
            *start -= 1;
        }
    }

    /// The parser's next event; those of attribute lines are left out.
    pub(super) fn read(&mut self, event: Event<'a>, range: Range<usize>) {
        self.at = self.read;
        self.read += 1;
        if !self.placed.is_dropped(self.at) {
            self.event(event, range);
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.code.is_some() {
            return self.code_event(event);
        }
        let event = match event {
            Event::Text(mut text) => {
                if let Some(quotes) = self.input.quotes {
                    text = local_quotes(text, quotes);
                }
                Event::Text(text)
            }
            event => event,
        };
        if self.input.math != MathMode::Off && self.bracket_math(&event, &range) {
            return;
        }
        self.rewrite(event, range);
    }

    /// An event outside code, once it is known to be no formula's.
    fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.heading_start.is_none() {
            self.top.read(&event);
            if let Some(section) = self.out.sections.last_mut() {
                collect_text(&event, self.input.raw_html, &mut section.text);
            }
        }
        if self.image.is_some() {
            return self.image_event(event);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(level, id, classes, attrs, &range),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(
                Tag::Paragraph | Tag::BlockQuote(None) | Tag::List(_) | Tag::DefinitionList,
            )
            | Event::Rule => self.start_block(event),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => self.table_event(event),
            Event::Start(Tag::DefinitionListTitle) => {
                self.term_start = Some(self.events.len());
                self.events.push_back(event);
            }
            Event::End(TagEnd::DefinitionListTitle) => self.end_term(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind, &range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.start_link(link_type, dest_url, &title, &range),
            Event::End(TagEnd::Link) => {
                if !std::mem::take(&mut self.link_dropped) {
                    self.events.push_back(Event::Html("</a>".into()));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let size = self.image_size(&dest_url, range.start);
                match (self.resolve(dest_url, range.start, true), size) {
                    (Some(src), Some((width, height))) => {
                        self.image = Some(SizedImage {
                            src,
                            title,
                            width,
                            height,
                            alt: String::new(),
                        })
                    }
                    (Some(dest_url), None) => self.events.push_back(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                    (None, _) => self.image_dropped = true,
                }
            }
            Event::End(TagEnd::Image) if std::mem::take(&mut self.image_dropped) => {}
            Event::Start(Tag::BlockQuote(Some(kind))) => self.start_alert(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push_back(Event::Html("</div>\n".into()))
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html, &range),
            Event::InlineMath(latex) => {
                let html = self.math(&latex, false, range.start);
                self.events.push_back(Event::InlineHtml(html.into()));
            }
            Event::DisplayMath(latex) => {
                let html = self.math(&latex, true, range.start);
                self.events.push_back(Event::InlineHtml(html.into()));
            }
            other => self.events.push_back(other),
        }
    }

    /// The width and height of a local image, read from its file; a file
    /// that cannot be read is reported here, and the image left unsized.
    fn image_size(&mut self, dest: &str, at: usize) -> Option<(u32, u32)> {
        let dest = match self.input.shortcodes {
            Some(expanded) if expanded.has_placeholder(dest) => expanded.text_of(dest),
            _ => dest.to_string(),
        };
        match self.links.image_size(&dest) {
            ImageSize::Pixels { width, height } => Some((width, height)),
            ImageSize::Unknown => None,
            ImageSize::Unreadable => {
                let message = format!(
                    "image `{dest}`: its width and height could not be read from the file, so the page may shift as it loads; is it a whole image of the kind its name says?"
                );
                self.report(Diagnostic::warning(self.input.path, message), at);
                None
            }
        }
    }

    /// An event inside an image of known size: its text is the alt text,
    /// as a browser shows it; the image is written at its end, with its
    /// width and height.
    fn image_event(&mut self, event: Event<'a>) {
        let Some(image) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                image.alt.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::End(TagEnd::Image) => {
                let Some(image) = self.image.take() else {
                    return;
                };
                let mut html = format!(
                    "<img src=\"{}\" alt=\"{}\"",
                    escape(&image.src),
                    escape(&image.alt)
                );
                if !image.title.is_empty() {
                    html.push_str(&format!(" title=\"{}\"", escape(&image.title)));
                }
                html.push_str(&format!(
                    " width=\"{}\" height=\"{}\" />",
                    image.width, image.height
                ));
                self.events.push_back(Event::InlineHtml(html.into()));
            }
            _ => {}
        }
    }

    /// An event inside a code block: its text is gathered, and the block
    /// is highlighted as a whole at its end.
    fn code_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some((_, _, code)) = self.code.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (mut fence, start, mut code) = self.code.take().unwrap_or_default();
                if !self.input.raw_html {
                    self.keep_safe_attributes("code block", &mut fence.attrs, start);
                }
                if let Some(expanded) = self.input.shortcodes {
                    code = expanded.text_of(&code);
                }
                let is_math = fence
                    .lang
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case("math"));
                if is_math && self.input.math != MathMode::Off {
                    let html = self.math(code.trim_end(), true, start);
                    let open = opening_tag("div", "math-block", "", &fence.attrs);
                    let block = format!("{open}{html}</div>\n");
                    return self.events.push_back(Event::Html(block.into()));
                }
                let is_diagram = fence
                    .lang
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case("mermaid"));
                if is_diagram {
                    return self.diagram(&code, &fence.attrs, start);
                }
                if let Some(lang) = fence.lang.as_deref().filter(|l| !highlight::is_known(l)) {
                    let message = format!(
                        "code language `{lang}` is not known, so its blocks are shown without colours (write `text` for plain text)"
                    );
                    let warning = Diagnostic::warning(self.input.path, message);
                    self.report(warning.of_kind(Kind::UnknownLanguage), start);
                }
                let (html, plain) = self.input.code.code_block(&code, &fence);
                if let Some(plain) = plain {
                    self.report(Diagnostic::warning(self.input.path, plain.message()), start);
                }
                self.events.push_back(Event::Html(html.into()));
            }
            _ => {}
        }
    }

    /// LaTeX's own delimiters, `\(…\)` and `\[…\]`, which Markdown reads
    /// as escaped brackets: the formula is the text between them as
    /// written. Whether `event` was taken.
    fn bracket_math(&mut self, event: &Event<'a>, range: &Range<usize>) -> bool {
        let text = self.input.text();
        let escaped = |c: char| {
            matches!(event, Event::Text(t) if t.starts_with(c))
                && range.start > 0
                && text.as_bytes()[range.start - 1] == b'\\'
        };
        let Some(open) = self.open_math.as_mut() else {
            if escaped('(') || escaped('[') {
                self.open_math = Some(OpenMath {
                    latex_start: range.start + 1,
                    display: escaped('['),
                    events: vec![(event.clone(), range.clone())],
                });
                return true;
            }
            return false;
        };
        let close = if open.display { ']' } else { ')' };
        if escaped(close) {
            let open = self.open_math.take().expect("a formula is open");
            let latex = &text[open.latex_start..range.start - 1];
            self.top.read(&Event::Text(latex.into()));
            if let Some(section) = self.out.sections.last_mut() {
                section.text.push_str(latex);
            }
            let html = self.math(latex, open.display, open.latex_start - 2);
            self.events.push_back(Event::InlineHtml(html.into()));
            if let Event::Text(t) = event {
                if t.len() > 1 {
                    self.event(
                        Event::Text(t[1..].to_string().into()),
                        range.start + 1..range.end,
                    );
                }
            }
            return true;
        }
        if matches!(event, Event::Text(_) | Event::SoftBreak) {
            open.events.push((event.clone(), range.clone()));
            return true;
        }
        // Markup inside, or the paragraph ends: not a formula after all.
        let open = self.open_math.take().expect("a formula is open");
        let mut read = open.events.into_iter();
        if let Some((first, at)) = read.next() {
            self.rewrite(first, at);
        }
        for (event, at) in read {
            self.event(event, at);
        }
        // What was given back may have opened another formula.
        self.open_math.is_some() && self.bracket_math(event, range)
    }

    /// A formula as MathML; one that cannot be converted is reported at
    /// `at` and shown as its source.
    fn math(&mut self, latex: &str, display: bool, at: usize) -> String {
        let latex = match self.input.shortcodes {
            Some(expanded) => expanded.text_of(latex),
            None => latex.to_string(),
        };
        let (html, problem) =
            super::math::formula(&latex, display, self.input.math, self.input.path);
        if let Some(problem) = problem {
            self.report(problem, at);
        }
        html
    }

    /// A Mermaid diagram, drawn; its labels are searched as the section's
    /// text; a problem with it is reported at `at`, its fence.
    fn diagram(&mut self, source: &str, attrs: &Attributes, at: usize) {
        self.diagrams += 1;
        let key = format!("mmd{}-", self.diagrams);
        let drawn =
            super::diagram::diagram(source, &key, attrs, self.input.diagrams, self.input.path);
        if let Some(problem) = drawn.problem {
            let at = drawn.line.map_or(at, |line| self.line_in_fence(at, line));
            self.report(problem, at);
        }
        if let Some(section) = self.out.sections.last_mut() {
            section.text.push(' ');
            section.text.push_str(&drawn.labels);
            section.text.push(' ');
        }
        self.out.client_diagrams |= drawn.client;
        self.events.push_back(Event::Html(drawn.html.into()));
    }

    /// The byte offset of the first character of line `line` (from 1) of
    /// the code of the fence at `fence`.
    fn line_in_fence(&self, fence: usize, line: usize) -> usize {
        let text = self.input.text();
        let mut at = fence;
        for _ in 0..line {
            match text[at..].find('\n') {
                Some(end) => at += end + 1,
                None => return fence,
            }
        }
        let indent = text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len();
        at + indent
    }

    fn start_code(&mut self, kind: CodeBlockKind<'a>, range: &Range<usize>) {
        let fence = match kind {
            CodeBlockKind::Fenced(info) => FenceInfo::parse(&info),
            // An attribute line after the block is its only way to have any.
            CodeBlockKind::Indented => FenceInfo {
                attrs: self
                    .placed
                    .take(self.at)
                    .map(|(a, _)| a)
                    .unwrap_or_default(),
                ..FenceInfo::default()
            },
        };
        self.code = Some((fence, range.start, String::new()));
    }

    /// The attributes an attribute line gave the block that the event
    /// being read opens, if any, less those a site that does not trust its
    /// authors leaves out (`element` names the block in warnings).
    fn given(&mut self, element: &str) -> Option<Attributes> {
        let (mut attrs, line) = self.placed.take(self.at)?;
        if !self.input.raw_html {
            self.keep_safe_attributes(element, &mut attrs, line);
        }
        Some(attrs)
    }

    /// A paragraph, quote, list, definition list or rule, with the
    /// attributes an attribute line gave it.
    fn start_block(&mut self, event: Event<'a>) {
        let (element, tag, fixed, after) = match &event {
            Event::Start(Tag::Paragraph) => ("paragraph", "p", String::new(), ""),
            Event::Start(Tag::BlockQuote(_)) => ("quote", "blockquote", String::new(), "\n"),
            Event::Start(Tag::List(None)) => ("list", "ul", String::new(), "\n"),
            Event::Start(Tag::List(Some(1))) => ("list", "ol", String::new(), "\n"),
            Event::Start(Tag::List(Some(start))) => {
                ("list", "ol", format!(" start=\"{start}\""), "\n")
            }
            Event::Start(Tag::DefinitionList) => ("definition list", "dl", String::new(), "\n"),
            _ => ("rule", "hr", String::new(), "\n"),
        };
        let given = self.given(element);
        self.events.push_back(match given {
            Some(attrs) => {
                Event::Html(format!("{}{after}", opening_tag(tag, "", &fixed, &attrs)).into())
            }
            None => event,
        });
    }

    /// A table's tags, written here rather than by pulldown-cmark so that
    /// `<table>` can take the attributes of a line after it; cells are
    /// aligned as pulldown-cmark aligns them.
    fn table_event(&mut self, event: Event<'a>) {
        if let Event::Start(Tag::Table(alignments)) = event {
            self.table = (alignments, false, 0);
            let given = self.given("table");
            let open = given.map_or_else(
                || "<table>".to_string(),
                |a| opening_tag("table", "", "", &a),
            );
            return self.events.push_back(Event::Html(open.into()));
        }
        let (alignments, head, column) = &mut self.table;
        let html = match event {
            Event::Start(Tag::TableHead) => {
                (*head, *column) = (true, 0);
                "<thead><tr>".to_string()
            }
            Event::End(TagEnd::TableHead) => {
                *head = false;
                "</tr></thead><tbody>\n".to_string()
            }
            Event::Start(Tag::TableRow) => {
                *column = 0;
                "<tr>".to_string()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_string(),
            Event::Start(Tag::TableCell) => {
                let style = match alignments.get(*column) {
                    Some(Alignment::Left) => " style=\"text-align: left\"",
                    Some(Alignment::Center) => " style=\"text-align: center\"",
                    Some(Alignment::Right) => " style=\"text-align: right\"",
                    _ => "",
                };
                format!("<{}{style}>", if *head { "th" } else { "td" })
            }
            Event::End(TagEnd::TableCell) => {
                *column += 1;
                format!("</{}>", if *head { "th" } else { "td" })
            }
            _ => "</tbody></table>\n".to_string(),
        };
        self.events.push_back(Event::Html(html.into()));
    }

    fn start_heading(
        &mut self,
        level: HeadingLevel,
        mut id: Option<CowStr<'a>>,
        mut classes: Vec<CowStr<'a>>,
        mut attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: &Range<usize>,
    ) {
        // An attribute line after the heading adds what the heading does
        // not set itself, as Hugo merges them.
        for (key, value) in self
            .placed
            .take(self.at)
            .map(|(a, _)| a)
            .unwrap_or_default()
        {
            match key.as_ref() {
                "id" => id = id.or(value),
                "class" if classes.is_empty() => {
                    let value = value.as_deref().unwrap_or_default();
                    classes = value
                        .split_whitespace()
                        .map(|c| c.to_string().into())
                        .collect();
                }
                "class" => {}
                _ if attrs.iter().all(|(k, _)| *k != key) => attrs.push((key, value)),
                _ => {}
            }
        }
        if !self.input.raw_html {
            self.keep_safe_attributes("heading", &mut attrs, range.start);
        }
        self.heading_start = Some(self.events.len());
        self.events.push_back(Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }));
    }

    /// Writes the open heading with its id and anchor, and starts the
    /// section of text under it.
    fn end_heading(&mut self, level: HeadingLevel) {
        let Some(start) = self.heading_start.take() else {
            return;
        };
        let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = &self.events[start]
        else {
            return;
        };
        let mut text = self.held_text(start);
        let id = match id {
            Some(id) => nfc(id).into_owned(),
            None => self.ids.unique(github_slug(&text)),
        };
        // `{anchor=false}` (Hugo sites' heading attribute): no anchor link.
        let anchor = !attrs
            .iter()
            .any(|(k, v)| k.as_ref() == "anchor" && v.as_deref() == Some("false"));
        let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        let attrs: Vec<_> = attrs
            .iter()
            .filter(|(k, _)| k.as_ref() != "anchor")
            .cloned()
            .collect();
        let fixed = format!(" id=\"{}\"", escape(&id));
        let open = opening_tag(
            level.to_string().as_str(),
            &classes.join(" "),
            &fixed,
            &attrs,
        );
        self.events[start] = Event::Html(open.into());
        // The anchor is named by its heading, so a keyboard or a screen
        // reader reaches it as "link, <heading>".
        let close = if anchor {
            let id = escape(&id);
            format!("<a class=\"anchor\" href=\"#{id}\" aria-labelledby=\"{id}\"></a></{level}>\n")
        } else {
            format!("</{level}>\n")
        };
        self.events.push_back(Event::Html(close.into()));
        if self.input.emoji {
            // As the heading shows it, in the table of contents.
            text = emoji(text.into()).into_string();
        }
        // The heading the title was taken from, or one repeating it.
        let repeats_title = self.top.at_top()
            && self.out.title_id.is_none()
            && (level == HeadingLevel::H1 || self.out.headings.is_empty())
            && text.trim() == self.input.title.trim();
        if repeats_title {
            // The theme prints the title as the page's heading, with this id:
            // the body leaves it out, so nothing can come between the two.
            self.events.truncate(start);
            self.out.title_id = Some(id.clone());
        }
        self.out.sections.push(Section {
            id: id.clone(),
            heading: text.clone(),
            text: String::new(),
        });
        self.out.headings.push(Heading {
            level: level as u8,
            id,
            title: text,
        });
    }

    /// The plain text of the held events after `start` (a heading's, a
    /// term's), as the reader sees it.
    fn held_text(&self, start: usize) -> String {
        let text = plain_text(self.events.range(start + 1..).cloned());
        match self.input.shortcodes {
            Some(expanded) => expanded.text_of(&text),
            None => text,
        }
    }

    /// Writes the open definition term with an id, as Hugo gives terms,
    /// so that a link to `#term` reaches it.
    fn end_term(&mut self) {
        let Some(start) = self.term_start.take() else {
            return;
        };
        let text = self.held_text(start);
        let id = self.ids.unique(github_slug(&text));
        self.events[start] = Event::Html(format!("<dt id=\"{}\">", escape(&id)).into());
        self.events.push_back(Event::Html("</dt>\n".into()));
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: &str,
        range: &Range<usize>,
    ) {
        // Written by hand rather than by pulldown-cmark, which
        // percent-encodes `#-продвинутое-изучение-go` and so breaks
        // comparisons with the heading's id.
        // An email autolink (`<me@example.org>`) is no path.
        let (scheme, dest) = if link_type == LinkType::Email {
            ("mailto:", Some(dest))
        } else {
            ("", self.resolve(dest, range.start, false))
        };
        let Some(dest) = dest else {
            self.link_dropped = true;
            return;
        };
        let mut html = format!("<a href=\"{scheme}{}\"", escape(&dest));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape(title)));
        }
        html.push('>');
        self.events.push_back(Event::Html(html.into()));
    }

    fn start_alert(&mut self, kind: BlockQuoteKind) {
        let titles = self.input.alert_titles;
        let (class, title) = match kind {
            BlockQuoteKind::Note => ("note", titles[0]),
            BlockQuoteKind::Tip => ("tip", titles[1]),
            BlockQuoteKind::Important => ("important", titles[2]),
            BlockQuoteKind::Warning => ("warning", titles[3]),
            BlockQuoteKind::Caution => ("caution", titles[4]),
        };
        let mut attrs = self.given("quote").unwrap_or_default();
        attrs.push(("role".into(), Some("note".into())));
        let open = opening_tag("div", &format!("alert alert-{class}"), "", &attrs);
        self.events.push_back(Event::Html(
            format!("{open}<p class=\"alert-title\">{}</p>\n", escape(title)).into(),
        ));
    }

    /// Raw HTML passes as written, but for its `href` and `src`, which are
    /// resolved as Markdown links are (from the source file, so what shows
    /// on GitHub works here); in a site that does not trust its authors it
    /// is text.
    fn raw_html(&mut self, html: CowStr<'a>, range: &Range<usize>) {
        if !self.input.raw_html {
            self.events.push_back(Event::Text(html));
            return;
        }
        // (value's byte range in `html`, where the attribute is, an image's)
        let mut urls = Vec::new();
        crate::html::visit_attributes(&html, |tag, name, value, offset| {
            if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
                let start = value.as_ptr() as usize - html.as_ptr() as usize;
                let image = tag.eq_ignore_ascii_case("img");
                urls.push((start..start + value.len(), offset, image));
            }
        });
        let mut rewritten = String::new();
        let mut copied = 0;
        for (span, offset, image) in urls {
            let written = crate::html::unescape(&html[span.clone()]);
            let at = (range.start + offset).min(range.end);
            match self.resolve(written.clone().into(), at, image) {
                Some(href) if *href != *written => {
                    rewritten.push_str(&html[copied..span.start]);
                    rewritten.push_str(&escape(&href));
                    copied = span.end;
                }
                _ => {}
            }
        }
        if copied == 0 {
            self.events.push_back(Event::Html(html));
        } else {
            rewritten.push_str(&html[copied..]);
            self.events.push_back(Event::Html(rewritten.into()));
        }
    }

    /// The URL a link or image in the page gets; records it, or reports it
    /// when it is broken. `None` when it may not be published at all: a URL
    /// that can run script, in a site that does not trust its authors.
    fn resolve(&mut self, dest: CowStr<'a>, at: usize, image: bool) -> Option<CowStr<'a>> {
        let dest = match self.input.shortcodes {
            // A shortcode's output in the destination (`[x]({{< param url >}})`).
            Some(expanded) if expanded.has_placeholder(&dest) => expanded.text_of(&dest).into(),
            _ => dest,
        };
        let resolved = super::link::resolve(
            self.links,
            &dest,
            image,
            self.input.raw_html,
            self.input.path,
        );
        if let Some(problem) = resolved.problem {
            self.report(problem, at);
        }
        let href = resolved.href?;
        if let Some(unresolved) = resolved.record {
            self.out.links.push(LinkUse {
                written: dest.to_string(),
                href: href.clone(),
                offset: self.input.file_offset(at),
                image,
                unresolved,
            });
        }
        Some(if *href == *dest { dest } else { href.into() })
    }

    /// Drops the attributes of a block (`element`: a heading, paragraph,
    /// …) that could run script or change how the page behaves (`onfocus`,
    /// `autofocus`, `style`, …), warning at `at` for each.
    fn keep_safe_attributes(
        &mut self,
        element: &str,
        attrs: &mut Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
        at: usize,
    ) {
        let mut dropped = Vec::new();
        attrs.retain(|(key, _)| {
            let key_lower = key.to_ascii_lowercase();
            let keep = matches!(key_lower.as_str(), "id" | "class")
                || untrusted::BLOCK_ATTRIBUTES.contains(&key_lower.as_str());
            if !keep {
                dropped.push(key.to_string());
            }
            keep
        });
        for key in dropped {
            let message = format!(
                "{element} attribute `{key}` is left out: with `raw_html = false` a {element} keeps only its id, classes and {}",
                untrusted::BLOCK_ATTRIBUTES.join(", ")
            );
            self.report(Diagnostic::warning(self.input.path, message), at);
        }
    }

    /// Adds `diagnostic` at byte `offset` of the body.
    fn report(&mut self, diagnostic: Diagnostic, offset: usize) {
        let at = self.input.file_offset(offset);
        self.out
            .diagnostics
            .push(diagnostic.at_offset_in(&self.lines, at));
    }
}

/// Smart punctuation's double quotation marks as the page's language writes
/// them (« » in Russian). Single ones stay: a closing one cannot be told
/// from an apostrophe.
fn local_quotes<'t>(text: CowStr<'t>, [open, close]: [&str; 2]) -> CowStr<'t> {
    if (open == "\u{201C}" && close == "\u{201D}") || !text.contains(['\u{201C}', '\u{201D}']) {
        return text;
    }
    text.replace('\u{201C}', open)
        .replace('\u{201D}', close)
        .into()
}

/// A character an emoji code's name may hold (`+1`, `white_check_mark`).
fn in_emoji_code(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')
}

/// Whether `text` ends in what may be the start of an emoji code (`:white`).
fn ends_in_open_code(text: &str) -> bool {
    text.rfind(':')
        .is_some_and(|at| text[at + 1..].chars().all(in_emoji_code))
}

/// Emoji codes (`:rocket:`) as the emoji; an unknown code stays as typed.
fn emoji(text: CowStr<'_>) -> CowStr<'_> {
    if !text.contains(':') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let len = after
            .find(|c: char| !in_emoji_code(c))
            .unwrap_or(after.len());
        let found = (len > 0 && after[len..].starts_with(':'))
            .then(|| emojis::get_by_shortcode(&after[..len]))
            .flatten();
        match found {
            Some(emoji) => {
                out.push_str(&rest[..start]);
                out.push_str(emoji.as_str());
                rest = &after[len + 1..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    if !changed {
        return text;
    }
    out.push_str(rest);
    out.into()
}
