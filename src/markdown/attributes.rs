//! Hugo's attribute lists, `{.class #id key="value"}`: on a line right
//! after a block (`markup.goldmark.parser.attribute.block`) they go on that
//! block's opening tag; in a fence's info string, on the code block.
//!
//! Which block a line belongs to is settled in a pass over the page's
//! events before it is rewritten, because the rewriter writes a block's
//! opening tag before it has read what follows the block. CommonMark reads
//! such a line as text: the last line of a paragraph, lazy continuation
//! text of a quote's or list item's last paragraph, a table's last row,
//! a paragraph of its own after a code block or rule. Hugo's parser reads
//! it as a block of its own, given to the block just before it at its
//! level, and this pass follows Hugo: a line at a list item's indentation
//! goes on the item's last paragraph, an unindented one on the whole list.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::highlight::FenceInfo;
use super::slug::IdSet;
use crate::escape::html as escape;

/// HTML attributes, as pulldown-cmark gives a heading's: `class` holds
/// every class, space-separated.
pub(crate) type Attributes = Vec<(CowStr<'static>, Option<CowStr<'static>>)>;

/// An attribute list as Hugo reads one: `{.class #id key=value key="a b"
/// hl_lines=[2,"4-6"]}`, items apart by spaces or commas, a value bare,
/// quoted, or a `[…]` list kept as written. The classes are joined into one
/// `class`, last; a key given twice keeps its last value. `None` unless the
/// whole of `list` is such a list, of one item at least.
pub(crate) fn parse(list: &str) -> Option<Attributes> {
    let inner = list.strip_prefix('{')?.strip_suffix('}')?;
    let apart = |c: char| c.is_whitespace() || c == ',';
    let mut classes: Vec<&str> = Vec::new();
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    let mut rest = inner.trim_start_matches(apart);
    while !rest.is_empty() {
        let after = if let Some(class) = rest.strip_prefix('.') {
            let (name, after) = split_name(class)?;
            classes.push(name);
            after
        } else if let Some(id) = rest.strip_prefix('#') {
            let (name, after) = split_name(id)?;
            attrs.retain(|(k, _)| *k != "id");
            attrs.push(("id", name));
            after
        } else {
            let (key, after) = split_name(rest)?;
            let (value, after) = split_value(after.strip_prefix('=')?)?;
            if key == "class" {
                classes.extend(value.split_whitespace());
            } else {
                attrs.retain(|(k, _)| *k != key);
                attrs.push((key, value));
            }
            after
        };
        // An item ends where the list does or a separator starts.
        rest = after.trim_start_matches(apart);
        if rest.len() == after.len() && !rest.is_empty() {
            return None;
        }
    }
    if classes.is_empty() && attrs.is_empty() {
        return None;
    }
    let joined = classes.join(" ");
    let class = (!joined.is_empty()).then_some(("class", joined.as_str()));
    Some(
        attrs
            .into_iter()
            .chain(class)
            .map(|(k, v)| (k.to_string().into(), Some(v.to_string().into())))
            .collect(),
    )
}

/// A name (`note`, `data-kind`, `введение`) at the start of `s`, and what
/// follows it.
fn split_name(s: &str) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':')))
        .unwrap_or(s.len());
    (end > 0).then(|| s.split_at(end))
}

/// A value at the start of `s`: quoted (without its quotes), a `[…]` list
/// (as written), or bare up to a separator; and what follows it.
fn split_value(s: &str) -> Option<(&str, &str)> {
    match s.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = s[1..].find(quote)? + 1;
            Some((&s[1..end], &s[end + 1..]))
        }
        '[' => {
            let mut quoted = false;
            for (i, c) in s.char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    ']' if !quoted => return Some(s.split_at(i + 1)),
                    _ => {}
                }
            }
            None
        }
        _ => {
            let end = s
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(s.len());
            (end > 0).then(|| s.split_at(end))
        }
    }
}

/// The value of attribute `key`.
pub(crate) fn get<'x>(attrs: &'x [(CowStr<'_>, Option<CowStr<'_>>)], key: &str) -> Option<&'x str> {
    attrs
        .iter()
        .find(|(k, _)| k.as_ref() == key)
        .and_then(|(_, v)| v.as_deref())
}

/// Whether `s` is a name an attribute list accepts.
pub(crate) fn is_name(s: &str) -> bool {
    split_name(s).is_some_and(|(_, rest)| rest.is_empty())
}

/// The opening tag `<tag …>`: `fixed` first (already escaped, such as
/// ` id="intro"`), then the classes, `base`'s and those of `attrs`, then
/// the other attributes of `attrs` in their order, escaped.
pub(crate) fn opening_tag(
    tag: &str,
    base: &str,
    fixed: &str,
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> String {
    let mut open = format!("<{tag}{fixed}");
    let classes: Vec<&str> = [base, get(attrs, "class").unwrap_or("")]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    if !classes.is_empty() {
        open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (key, value) in attrs.iter().filter(|(k, _)| k.as_ref() != "class") {
        let value = value.as_deref().unwrap_or("");
        open.push_str(&format!(" {}=\"{}\"", escape(key), escape(value)));
    }
    open.push('>');
    open
}

/// Where a page's attribute lines go, found by [`place`].
#[derive(Default)]
pub(super) struct Placed {
    /// By the number of the event that opens the block they go on (its
    /// `Start`, or its `Rule`): the attributes, and where their line starts.
    given: HashMap<usize, (Attributes, usize)>,
    /// Numbers of the events the lines were read as, with the line break
    /// before each (or their paragraph, or their table row), in order.
    dropped: Vec<Range<usize>>,
    /// How many ranges of `dropped` lie wholly before the event being read.
    passed: usize,
    /// Lines that go on no block, at their starts: each is left out, with
    /// this warning.
    pub(super) problems: Vec<(usize, String)>,
}

impl Placed {
    /// The attributes for the block that event `event` opens.
    pub(super) fn take(&mut self, event: usize) -> Option<(Attributes, usize)> {
        self.given.remove(&event)
    }

    /// Whether event `event` is part of an attribute line. Events are asked
    /// about in order.
    pub(super) fn is_dropped(&mut self, event: usize) -> bool {
        while self
            .dropped
            .get(self.passed)
            .is_some_and(|r| r.end <= event)
        {
            self.passed += 1;
        }
        self.dropped
            .get(self.passed)
            .is_some_and(|r| r.contains(&event))
    }
}

/// The blocks an attribute line can be given to, or must be refused for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Paragraph,
    Heading,
    Quote,
    List,
    Item,
    Table,
    Rule,
    DefinitionList,
    Definition,
    FencedCode,
    IndentedCode,
    Html,
    Other,
}

/// A block that holds other blocks, as a line continues it: a quote by
/// its `>`, a list item or definition by its indentation (the column its
/// content starts at), a footnote by anything.
#[derive(Debug, Clone, Copy)]
enum Container {
    Quote,
    Indented(usize),
    Always,
}

/// A block being read, or the last one read at a level.
#[derive(Debug, Clone)]
struct Node {
    /// The number of its opening event.
    event: usize,
    block: Block,
    range: Range<usize>,
}

/// A block being read, with the last block read inside it so far.
struct Open {
    node: Node,
    container: Option<Container>,
    /// Where a line that ends this container goes: the quote itself, an
    /// item's list, a definition's list.
    target: Option<usize>,
    last: Option<Node>,
}

/// An event of an inline run, as far as attribute lines care.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inline {
    Text,
    Break,
    Other,
}

/// Text read as one paragraph: a paragraph's, or a tight list item's or
/// definition's (which has no paragraph events).
struct Run {
    /// The number of its `Start(Paragraph)`, for a paragraph.
    paragraph: Option<usize>,
    start: usize,
    events: Vec<(usize, Range<usize>, Inline)>,
}

/// A line given to a quote, list or definition list it lazily continues:
/// given only if nothing but the ends of blocks comes before that block
/// ends (else Hugo would end the block at the line, and lectern cannot).
struct Pending {
    target: usize,
    attrs: Attributes,
    line: usize,
    dropped: Range<usize>,
}

struct Placer<'t, 'i> {
    text: &'t str,
    ids: &'i mut IdSet,
    open: Vec<Open>,
    run: Option<Run>,
    pending: Vec<Pending>,
    /// The current table's body rows: their events and bytes.
    rows: Vec<(Range<usize>, Range<usize>)>,
    placed: Placed,
}

/// Reads the events of page `text` (numbered from 0, as the rewriter will
/// read them) for attribute lines and hand-written ids: every id an author gave
/// (heading `{#id}`s, attribute lines', fences') is reserved in `ids`, so
/// generated ids avoid them.
pub(super) fn place(text: &str, options: Options, ids: &mut IdSet) -> Placed {
    if !may_hold_lists(text) {
        return Placed::default();
    }
    let mut placer = Placer {
        text,
        ids,
        open: vec![Open {
            node: Node {
                event: usize::MAX,
                block: Block::Other,
                range: 0..text.len(),
            },
            container: None,
            target: None,
            last: None,
        }],
        run: None,
        pending: Vec::new(),
        rows: Vec::new(),
        placed: Placed::default(),
    };
    let events = Parser::new_ext(text, options).into_offset_iter();
    for (number, (event, range)) in events.enumerate() {
        placer.read(number, event, range);
    }
    placer.end_run();
    let mut placed = placer.placed;
    placed.dropped.sort_by_key(|r| r.start);
    placed
}

/// Whether a line of `text` may end in an attribute list or a heading's
/// `{#id}`: every one ends its line (a heading's before any closing `#`s),
/// so a page whose lines ending in `}` hold nothing like one after a `{`
/// (code's `}` and `{ return err }` lines) is spared a second parse. Errs
/// towards the pass: `#` and `id` stand for what a heading or a fence's
/// looser list could give an id with.
fn may_hold_lists(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_end().trim_end_matches('#').trim_end();
        line.ends_with('}')
            && line.match_indices('{').any(|(at, _)| {
                let list = &line[at..];
                list.contains('#') || list.contains("id") || parse(list.trim()).is_some()
            })
    })
}

impl Placer<'_, '_> {
    fn read(&mut self, number: usize, event: Event<'_>, range: Range<usize>) {
        // Anything but the end of a block comes inside the blocks that lazy
        // lines are waiting on, which then go on after them.
        let more = !matches!(event, Event::End(_));
        match event {
            Event::Start(tag) => match block_of(&tag) {
                Some(block) => self.start(number, tag, block, range),
                None => self.inline(number, range, Inline::Other),
            },
            Event::End(end) => match end {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::MetadataBlock(_) => self.end(number, end),
                _ => self.inline(number, range, Inline::Other),
            },
            Event::Text(_) => self.inline(number, range, Inline::Text),
            Event::SoftBreak | Event::HardBreak => self.inline(number, range, Inline::Break),
            Event::Rule => {
                self.end_run();
                self.ended(Node {
                    event: number,
                    block: Block::Rule,
                    range,
                });
            }
            Event::Html(_) => {}
            _ => self.inline(number, range, Inline::Other),
        }
        if more {
            for pending in std::mem::take(&mut self.pending) {
                self.warn(
                    pending.line,
                    "end a quote or list early in Hugo, which lectern keeps whole; the line is shown as text: move it below the block's last line",
                );
            }
        }
    }

    fn start(&mut self, number: usize, tag: Tag<'_>, block: Block, range: Range<usize>) {
        self.end_run();
        let parent = self.open.last().map(|o| o.node.event);
        let (container, target) = match &tag {
            Tag::BlockQuote(_) => (Some(Container::Quote), Some(number)),
            Tag::Item | Tag::DefinitionListDefinition => (
                Some(Container::Indented(self.content_column(range.start))),
                parent,
            ),
            Tag::FootnoteDefinition(_) => (Some(Container::Always), None),
            _ => (None, None),
        };
        match &tag {
            Tag::Heading { id: Some(id), .. } => self.ids.reserve(id),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                if let Some(id) = get(&FenceInfo::parse(info).attrs, "id") {
                    self.ids.reserve(id);
                }
            }
            Tag::Paragraph => {
                self.run = Some(Run {
                    paragraph: Some(number),
                    start: range.start,
                    events: Vec::new(),
                })
            }
            Tag::Table(_) => self.rows.clear(),
            _ => {}
        }
        self.open.push(Open {
            node: Node {
                event: number,
                block,
                range,
            },
            container,
            target,
            last: None,
        });
    }

    fn end(&mut self, number: usize, end: TagEnd) {
        self.end_run();
        let Some(open) = self.open.pop() else {
            return;
        };
        match end {
            TagEnd::TableRow
                if self
                    .open
                    .last()
                    .is_some_and(|o| o.node.block == Block::Table) =>
            {
                self.rows
                    .push((open.node.event..number + 1, open.node.range.clone()))
            }
            TagEnd::Table => self.end_table(open.node.event),
            _ => {}
        }
        let event = open.node.event;
        if let Some(at) = self.pending.iter().position(|p| p.target == event) {
            let pending = self.pending.remove(at);
            self.give(pending.target, pending.attrs, pending.line, pending.dropped);
        }
        self.ended(open.node);
    }

    /// Records `node` as the last block read at the current level.
    fn ended(&mut self, node: Node) {
        if let Some(parent) = self.open.last_mut() {
            parent.last = Some(node);
        }
    }

    fn inline(&mut self, number: usize, range: Range<usize>, inline: Inline) {
        if self.run.is_none() {
            // Text right inside a tight list item or a definition.
            let top = self.open.last().map(|o| o.node.block);
            if !matches!(top, Some(Block::Item | Block::Definition)) {
                return;
            }
            self.run = Some(Run {
                paragraph: None,
                start: range.start,
                events: Vec::new(),
            });
        }
        if let Some(run) = self.run.as_mut() {
            run.events.push((number, range, inline));
        }
    }

    /// The column a list item's or definition's content starts at, from
    /// its marker at byte `at`, as CommonMark counts it.
    fn content_column(&self, at: usize) -> usize {
        let line_start = self.text[..at].rfind('\n').map_or(0, |n| n + 1);
        let line = &self.text[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let marker = at - line_start;
        let marker = line.len() - line[marker..].trim_start_matches([' ', '\t']).len();
        let after = line[marker..]
            .find(|c: char| !(c.is_ascii_digit()))
            .map_or(line.len(), |n| marker + n + 1)
            .min(line.len());
        let after_col = columns(&line[..after], 0);
        let rest = &line[after..];
        let text = rest.trim_start_matches([' ', '\t']);
        let spaces = columns(&rest[..rest.len() - text.len()], after_col) - after_col;
        if text.is_empty() || spaces > 4 {
            after_col + 1
        } else {
            after_col + spaces.max(1)
        }
    }

    /// The containers the current blocks are in, outermost first, with the
    /// block each hands a line that ends it.
    fn containers(&self) -> Vec<(Container, Option<usize>)> {
        self.open
            .iter()
            .filter_map(|o| o.container.map(|c| (c, o.target)))
            .collect()
    }

    /// Ends the inline run being read, taking its attribute lines off.
    fn end_run(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        let Some(last) = run.events.last() else {
            return;
        };
        let text = self.text;
        let containers = self.containers();
        let kinds: Vec<Container> = containers.iter().map(|(c, _)| *c).collect();
        let depth = containers.len();
        // The run's attribute lines, from its last line up: each line's
        // start, attributes, events, and how many containers it continues.
        let mut lines = Vec::new();
        let mut end = last.1.end;
        loop {
            let start = text[..end].rfind('\n').map_or(0, |n| n + 1).max(run.start);
            let first = start == run.start;
            let line = &text[start..end];
            let (continued, from) = if first {
                (depth, 0)
            } else {
                continued(line, &kinds)
            };
            let Some(attrs) = parse(line[from..].trim()) else {
                break;
            };
            let Some(events) = line_events(&run, start..end, first) else {
                break;
            };
            let at = start + line.len() - line[from..].trim_start().len();
            lines.push((at, attrs, events, continued));
            if first {
                break;
            }
            end = start - 1;
        }
        let whole = lines.last().is_some_and(|(at, ..)| *at == run.start);
        if let (true, Some(start)) = (whole, run.paragraph) {
            // A paragraph of attribute lines alone goes, tags and all.
            let end = last.0 + 1;
            self.placed.dropped.extend([start..start + 1, end..end + 1]);
        }
        let mut level = depth;
        for (n, (at, attrs, events, continued)) in lines.into_iter().rev().enumerate() {
            let was = level;
            level = continued.min(level);
            if whole && n == 0 {
                self.standalone(&run, attrs, at, events);
            } else if level == depth && n == 0 {
                match run.paragraph {
                    Some(paragraph) => self.give(paragraph, attrs, at, events),
                    None => self.refuse(
                        at,
                        events,
                        "go on the text of a tight list item or a definition, which has no element of its own (Hugo drops them too): unindent them to give them to the whole list",
                    ),
                }
            } else if level == was {
                self.refuse(
                    at,
                    events,
                    "follow other block attributes, and so apply to no block (Hugo drops them too)",
                );
            } else if let Some(target) = containers[level].1 {
                self.pending.push(Pending {
                    target,
                    attrs,
                    line: at,
                    dropped: events,
                });
            }
        }
    }

    /// An attribute line that is a paragraph of its own: it goes on the
    /// block just before it at its level, unless a blank line comes between.
    fn standalone(&mut self, run: &Run, attrs: Attributes, at: usize, events: Range<usize>) {
        let level = self.open.len() - 1 - usize::from(run.paragraph.is_some());
        let before = self.open[level].last.clone();
        let line_start = self.text[..at].rfind('\n').map_or(0, |n| n + 1);
        let previous_start = self.text[..line_start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        let previous = &self.text[previous_start..line_start.saturating_sub(1)];
        let kinds: Vec<Container> = self.containers().iter().map(|(c, _)| *c).collect();
        let (_, from) = continued(previous, &kinds);
        let blank = line_start == 0 || previous[from..].trim().is_empty();
        let node = before.filter(|b| !blank && b.range.end > previous_start);
        let refusal = match node.as_ref().map(|n| n.block) {
            None => {
                "follow a blank line or open a block, and so apply to no block (Hugo drops them too)"
            }
            Some(Block::FencedCode) => {
                "after a fenced code block are not given to it, as in Hugo: write them in its info string (```go {.class #id})"
            }
            Some(Block::Html) => "after raw HTML apply to nothing: write the attributes in its tag",
            Some(
                Block::Paragraph
                | Block::Heading
                | Block::Quote
                | Block::List
                | Block::Table
                | Block::Rule
                | Block::DefinitionList
                | Block::IndentedCode,
            ) => {
                let target = node.map_or(0, |n| n.event);
                return self.give(target, attrs, at, events);
            }
            Some(Block::Item | Block::Definition | Block::Other) => {
                "follow a block that takes no attributes"
            }
        };
        self.refuse(at, events, refusal);
    }

    /// A table's last body rows that are attribute lines: the first of
    /// them goes on the table, as Hugo gives it.
    fn end_table(&mut self, table: usize) {
        let kinds: Vec<Container> = self.containers().iter().map(|(c, _)| *c).collect();
        let mut trailing = Vec::new();
        for (events, bytes) in self.rows.drain(..).rev() {
            let line = self.text[bytes].trim_end();
            let (_, from) = continued(line, &kinds);
            let Some(attrs) = parse(line[from..].trim()).filter(|_| !line.contains('\n')) else {
                break;
            };
            trailing.push((attrs, line_at(self.text, line) + from, events));
        }
        for (n, (attrs, at, events)) in trailing.into_iter().rev().enumerate() {
            if n == 0 {
                self.give(table, attrs, at, events);
            } else {
                self.refuse(
                    at,
                    events,
                    "follow other block attributes, and so apply to no block (Hugo drops them too)",
                );
            }
        }
    }

    fn give(&mut self, block: usize, attrs: Attributes, at: usize, dropped: Range<usize>) {
        if let Some(id) = get(&attrs, "id") {
            self.ids.reserve(id);
        }
        self.placed.given.insert(block, (attrs, at));
        self.placed.dropped.push(dropped);
    }

    /// Leaves out the attribute line at `at` (its events `dropped`), with
    /// a warning saying `why` it goes on no block.
    fn refuse(&mut self, at: usize, dropped: Range<usize>, why: &str) {
        self.warn(at, &format!("{why}; the line is left out"));
        self.placed.dropped.push(dropped);
    }

    fn warn(&mut self, at: usize, what: &str) {
        let line = self.text[at..].lines().next().unwrap_or_default().trim();
        let message = format!("block attributes `{line}` {what}");
        self.placed.problems.push((at, message));
    }
}

/// The byte offset of `part`, a slice of `text`.
fn line_at(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The numbers of the events of `run` that make up its line `bytes`, with
/// the line break before it unless it is the `first`: `None` unless the
/// line is text alone (emphasis or code on it would leave a tag unclosed).
fn line_events(run: &Run, bytes: Range<usize>, first: bool) -> Option<Range<usize>> {
    let on_line: Vec<_> = run
        .events
        .iter()
        .enumerate()
        .filter(|(_, (_, r, _))| r.start >= bytes.start && r.start < bytes.end)
        .collect();
    let (first_at, (first_event, _, _)) = *on_line.first()?;
    let (_, (last_event, _, _)) = *on_line.last()?;
    if on_line
        .iter()
        .any(|(_, (_, _, kind))| *kind != Inline::Text)
    {
        return None;
    }
    if first {
        return Some(*first_event..last_event + 1);
    }
    match run.events.get(first_at.checked_sub(1)?) {
        Some((brk, _, Inline::Break)) => Some(*brk..last_event + 1),
        _ => None,
    }
}

/// The block `tag` opens, or `None` for an inline one.
fn block_of(tag: &Tag<'_>) -> Option<Block> {
    Some(match tag {
        Tag::Paragraph => Block::Paragraph,
        Tag::Heading { .. } => Block::Heading,
        Tag::BlockQuote(_) => Block::Quote,
        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => Block::FencedCode,
        Tag::CodeBlock(CodeBlockKind::Indented) => Block::IndentedCode,
        Tag::HtmlBlock => Block::Html,
        Tag::List(_) => Block::List,
        Tag::Item => Block::Item,
        Tag::Table(_) => Block::Table,
        Tag::DefinitionList => Block::DefinitionList,
        Tag::DefinitionListDefinition => Block::Definition,
        Tag::FootnoteDefinition(_)
        | Tag::DefinitionListTitle
        | Tag::TableHead
        | Tag::TableRow
        | Tag::TableCell
        | Tag::MetadataBlock(_) => Block::Other,
        _ => return None,
    })
}

/// The column after `text`, which starts at column `from` (a tab moves to
/// the next multiple of 4).
fn columns(text: &str, from: usize) -> usize {
    text.chars().fold(from, |col, c| match c {
        '\t' => col + 4 - col % 4,
        _ => col + 1,
    })
}

/// How `line` continues the `containers` it is in (outermost first): how
/// many of them it continues other than lazily, and the byte its text
/// starts at after their markers and indentation.
fn continued(line: &str, containers: &[Container]) -> (usize, usize) {
    let (mut at, mut col) = (0, 0);
    // Skips spaces and tabs up to column `limit`: the new byte and column.
    let skip = |at: usize, col: usize, limit: usize| {
        let mut pos = (at, col);
        for c in line[at..].chars() {
            if pos.1 >= limit || !matches!(c, ' ' | '\t') {
                break;
            }
            pos = (pos.0 + 1, columns(&line[pos.0..pos.0 + 1], pos.1));
        }
        pos
    };
    for (n, container) in containers.iter().enumerate() {
        match *container {
            Container::Quote => {
                let (spaced, spaced_col) = skip(at, col, col + 3);
                if line.as_bytes().get(spaced) != Some(&b'>') {
                    return (n, at);
                }
                (at, col) = (spaced + 1, spaced_col + 1);
                if matches!(line.as_bytes().get(at), Some(b' ' | b'\t')) {
                    (at, col) = (at + 1, col + 1);
                }
            }
            Container::Indented(content) => {
                let (spaced, spaced_col) = skip(at, col, content);
                if spaced_col < content && spaced < line.len() {
                    return (n, at);
                }
                (at, col) = (spaced, spaced_col);
            }
            Container::Always => {}
        }
    }
    (containers.len(), at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(list: &str) -> Option<Vec<(String, String)>> {
        parse(list).map(|a| {
            a.into_iter()
                .map(|(k, v)| (k.to_string(), v.as_deref().unwrap_or_default().to_string()))
                .collect()
        })
    }

    fn pairs(list: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn pages_without_lists_are_told_apart_from_pages_with_one() {
        for text in [
            "## Setup {#setup}",
            "# Setup {#setup} ##",
            "Setup {#setup}\n===",
            "A paragraph.\n{.note}",
            "> Quoted.\n> {.note}\r\n",
            "```go {id=main}\nfunc main() {}\n```",
            "```go {linenos=table,hl_lines=2 4-6, id=x}",
        ] {
            assert!(may_hold_lists(text), "{text:?}");
        }
        let code = "```go\nfunc main() {\n\tif err != nil { return err }\n\tm := map[string]int{\"a\": 1}\n}\n```\n{}";
        assert!(!may_hold_lists(code));
    }

    #[test]
    fn attribute_lists_are_read_as_hugo_reads_them() {
        assert_eq!(
            attrs("{.note #intro data-kind=\"x y\" .wide}"),
            pairs(&[
                ("id", "intro"),
                ("data-kind", "x y"),
                ("class", "note wide")
            ])
        );
        assert_eq!(
            attrs("{linenos=table, hl_lines=[2,\"4-6\"], filename=\"main.go\"}"),
            pairs(&[
                ("linenos", "table"),
                ("hl_lines", "[2,\"4-6\"]"),
                ("filename", "main.go")
            ])
        );
        assert_eq!(
            attrs("{#a #b class=\"x y\" .z}"),
            pairs(&[("id", "b"), ("class", "x y z")])
        );
        assert_eq!(attrs("{#введение}"), pairs(&[("id", "введение")]));
        for text in [
            "{not attributes}",
            "{}",
            "{ }",
            "{.}",
            "{#}",
            "{.a.b}",
            "{key=}",
            "{key=\"open}",
            "{=x}",
            "no braces",
            "{.a} trailing",
            "{hl_lines=[1}",
        ] {
            assert_eq!(attrs(text), None, "{text}");
        }
    }

    #[test]
    fn a_line_continues_the_quotes_and_items_it_is_indented_into() {
        let quote_item = [Container::Quote, Container::Indented(4)];
        assert_eq!(continued("> - a", &quote_item).0, 1);
        assert_eq!(continued(">     {.x}", &quote_item), (2, 4));
        assert_eq!(continued("{.x}", &quote_item), (0, 0));
        assert_eq!(continued("   > {.x}", &[Container::Quote]), (1, 5));
        assert_eq!(continued("    > {.x}", &[Container::Quote]), (0, 0));
        assert_eq!(continued("\t{.x}", &[Container::Indented(2)]), (1, 1));
        assert_eq!(continued(" {.x}", &[Container::Indented(2)]), (0, 0));
    }

    #[test]
    fn dropped_events_are_found_in_order() {
        let mut placed = Placed {
            dropped: vec![2..4, 7..8],
            ..Placed::default()
        };
        let dropped: Vec<usize> = (0..10).filter(|&e| placed.is_dropped(e)).collect();
        assert_eq!(dropped, [2, 3, 7]);
    }
}
