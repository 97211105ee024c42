//! Expands one page's shortcode calls: each through the site's template,
//! else lectern's own (`ref`, `include`, …), else the theme's template.

use std::ops::Range;

use serde::Serialize;
use tera::Context;

use super::scan::{self, Call, Node, Value};
use super::{Buf, CLOSE, Expanded, OPEN, native};
use crate::content::Site;
use crate::content::links::PageLinks;
use crate::content::page::PageRef;
use crate::error::{Diagnostic, LineIndex};
use crate::markdown::LinkUse;
use crate::render::templates::{ShortcodeTemplate, Templates};

/// Where the inner content goes in a template's output: written there by
/// `{{ body }}`, then cut out.
const BODY: &str = "\u{E002}";

/// Named arguments that hold a URL: a template finds them resolved in `links`.
const LINK_ARGUMENTS: [&str; 7] = ["href", "link", "url", "ref", "relref", "src", "image"];

/// The most calls nested in one another, includes counted: more is surely a loop.
const MAX_DEPTH: usize = 16;

/// What expanding one page's shortcodes needs to know of its site.
pub(crate) struct Env<'a> {
    pub(crate) site: &'a Site,
    pub(crate) page: PageRef,
    pub(crate) templates: &'a Templates,
    pub(crate) links: &'a PageLinks<'a>,
    /// What every template sees besides the call: `site`, `lang`, `page`.
    pub(crate) context: Context,
}

/// The page's body with its shortcodes expanded; `None` when it has none.
pub(crate) fn expand(env: &Env<'_>) -> Option<Expanded> {
    let parsed = env.site.page(env.page).parsed.as_ref()?;
    let body = &parsed.text[parsed.body_offset..];
    if !scan::has_shortcodes(body) {
        return None;
    }
    let (nodes, problems) = scan::scan(body);
    let mut expander = Expander {
        env,
        lines: LineIndex::new(&parsed.text),
        body_offset: parsed.body_offset,
        html: Vec::new(),
        links: Vec::new(),
        diagnostics: Vec::new(),
        calls: 0,
    };
    for problem in problems {
        expander.error(problem.message, problem.at);
    }
    let mut buf = Buf::default();
    let source = Source {
        text: body,
        made_at: None,
    };
    expander.nodes(&source, &nodes, None, false, &mut buf, 0);
    Some(Expanded {
        text: buf.text,
        html: expander.html,
        map: buf.map,
        links: expander.links,
        diagnostics: expander.diagnostics,
    })
}

/// Text whose nodes are being expanded: the body, or a file an `include`
/// brought in, all of which stands for the call at `made_at`.
pub(super) struct Source<'t> {
    pub(super) text: &'t str,
    pub(super) made_at: Option<usize>,
}

impl Source<'_> {
    /// Where in the body byte `at` of this text comes from.
    pub(super) fn body_offset(&self, at: usize) -> usize {
        self.made_at.unwrap_or(at)
    }

    fn copy(&self, range: Range<usize>, buf: &mut Buf) {
        let copied = self.made_at.is_none();
        buf.push(
            &self.text[range.clone()],
            self.body_offset(range.start),
            copied,
        );
    }
}

/// The call as a template sees it, and as its children see their parent.
#[derive(Serialize, Clone)]
pub(super) struct CallView<'c> {
    name: &'c str,
    args: &'c [Value],
    params: serde_json::Map<String, serde_json::Value>,
    ordinal: usize,
    index: usize,
}

/// What one call makes, in order: HTML kept apart from Markdown, Markdown
/// made by the call, or the call's inner content.
pub(super) enum Piece {
    Html(String),
    Markdown(String),
    Body,
}

pub(super) struct Expander<'e> {
    pub(super) env: &'e Env<'e>,
    lines: LineIndex<'e>,
    body_offset: usize,
    html: Vec<String>,
    links: Vec<LinkUse>,
    diagnostics: Vec<Diagnostic>,
    /// Calls met so far: the next one's `index`.
    calls: usize,
}

impl<'e> Expander<'e> {
    pub(super) fn path(&self) -> &'e std::path::Path {
        &self
            .env
            .site
            .page(self.env.page)
            .parsed
            .as_ref()
            .expect("expanded pages have a file")
            .source
            .path
    }

    pub(super) fn error(&mut self, message: String, at: usize) {
        let d = Diagnostic::error(self.path(), message);
        self.report(d, at);
    }

    pub(super) fn report(&mut self, diagnostic: Diagnostic, at: usize) {
        let at = self.body_offset + at;
        self.diagnostics
            .push(diagnostic.at_offset_in(&self.lines, at));
    }

    /// Expands `nodes` of `source` into `buf`. In `columns`, a line `<--->`
    /// separates columns.
    pub(super) fn nodes(
        &mut self,
        source: &Source<'_>,
        nodes: &[Node],
        parent: Option<&CallView<'_>>,
        columns: bool,
        buf: &mut Buf,
        depth: usize,
    ) {
        let mut ordinal = 0;
        for node in nodes {
            match node {
                Node::Text(range) if columns => self.column_text(source, range.clone(), buf),
                Node::Text(range) => source.copy(range.clone(), buf),
                Node::Escaped { at, shown } => {
                    buf.push(shown, source.body_offset(*at), false);
                }
                Node::Call(call) => {
                    self.call(source, call, parent, ordinal, buf, depth);
                    ordinal += 1;
                }
            }
        }
    }

    /// Text in `columns`, its `<--->` lines made column breaks.
    fn column_text(&mut self, source: &Source<'_>, range: Range<usize>, buf: &mut Buf) {
        let mut copied = range.start;
        let mut start = range.start;
        for line in source.text[range.clone()].split_inclusive('\n') {
            let line_start = start;
            start += line.len();
            if line.trim() == "<--->" {
                source.copy(copied..line_start, buf);
                let column = self.placeholder("</div>\n<div class=\"column\">".into());
                buf.push(
                    &format!("\n{column}\n\n"),
                    source.body_offset(line_start),
                    false,
                );
                copied = start;
            }
        }
        source.copy(copied..range.end, buf);
    }

    /// Keeps `html` out of Markdown's way: the placeholder to write.
    pub(super) fn placeholder(&mut self, html: String) -> String {
        self.html.push(html);
        format!("{OPEN}{}{CLOSE}", self.html.len() - 1)
    }

    fn call(
        &mut self,
        source: &Source<'_>,
        call: &Call,
        parent: Option<&CallView<'_>>,
        ordinal: usize,
        buf: &mut Buf,
        depth: usize,
    ) {
        let at = source.body_offset(call.open.start);
        let index = self.calls;
        self.calls += 1;
        if depth >= MAX_DEPTH {
            let message = format!(
                "shortcode `{}` is nested in {MAX_DEPTH} others (an `include` of itself?); it is left out",
                call.name
            );
            return self.error(message, at);
        }
        let view = CallView {
            name: &call.name,
            args: &call.positional,
            params: call
                .named
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or_default()))
                .collect(),
            ordinal,
            index,
        };
        let template = self.env.templates.shortcode(&call.name);
        if template != Some(ShortcodeTemplate::Site) && native::is_native(&call.name) {
            let pieces = native::expand(self, source, call, depth);
            return self.emit(source, call, pieces, None, buf);
        }
        let columns = call.name == "columns" && template == Some(ShortcodeTemplate::Theme);
        let inner = call.inner.as_ref().map(|inner| {
            let mut inner_buf = Buf::default();
            self.nodes(
                source,
                &inner.nodes,
                Some(&view),
                columns,
                &mut inner_buf,
                depth + 1,
            );
            inner_buf
        });
        let pieces = match template {
            Some(origin) => self.template(call, &view, parent, origin, inner.as_ref(), at),
            None => {
                self.unknown(call, at);
                vec![Piece::Body]
            }
        };
        self.emit(source, call, pieces, inner, buf);
    }

    /// An unknown shortcode: reported with the nearest known name and the
    /// file that would define it. Its inner content is kept.
    fn unknown(&mut self, call: &Call, at: usize) {
        let mut known = self.env.templates.shortcode_names();
        known.extend(native::NAMES.iter().map(|n| n.to_string()));
        known.sort();
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let hint = crate::suggest::closest(&call.name, &names)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let name = &call.name;
        let message = match self.hugo_template(name) {
            Some(hugo) => format!(
                "unknown shortcode `{name}`: {hugo} is a Hugo (Go) template, which lectern does not run; write it as a Tera template at templates/shortcodes/{name}.html"
            ),
            None => format!(
                "unknown shortcode `{name}`: {hint}To define it, write templates/shortcodes/{name}.html"
            ),
        };
        self.error(message, at);
    }

    /// The site's Hugo template of shortcode `name`, if it has one (in
    /// `layouts/` or a theme's), as a path from the site.
    fn hugo_template(&self, name: &str) -> Option<String> {
        let parsed = self.env.site.page(self.env.page).parsed.as_ref()?;
        let (_, site_dir) = native::site_dirs(&parsed.source, &self.env.site.config.content_dir);
        let mut layouts = vec!["layouts".to_string()];
        if let Ok(themes) = std::fs::read_dir(site_dir.join("themes")) {
            let mut names: Vec<String> = themes
                .filter_map(|t| Some(t.ok()?.file_name().to_str()?.to_string()))
                .collect();
            names.sort();
            layouts.extend(names.iter().map(|t| format!("themes/{t}/layouts")));
        }
        // Hugo 0.146 moved them to `_shortcodes/`.
        layouts
            .iter()
            .flat_map(|dir| ["shortcodes", "_shortcodes"].map(|s| format!("{dir}/{s}/{name}.html")))
            .find(|c| site_dir.join(c).is_file())
    }

    /// Renders the call's template; its output cut where `body` goes.
    fn template(
        &mut self,
        call: &Call,
        view: &CallView<'_>,
        parent: Option<&CallView<'_>>,
        origin: ShortcodeTemplate,
        inner: Option<&Buf>,
        at: usize,
    ) -> Vec<Piece> {
        let mut ctx = self.env.context.clone();
        ctx.insert("name", &call.name);
        ctx.insert("args", &call.positional);
        ctx.insert("params", &view.params);
        let links = self.link_arguments(call, at);
        ctx.insert("links", &links);
        ctx.insert("sizes", &self.image_sizes(call));
        ctx.insert("inner", &inner.map(|b| b.text.as_str()));
        ctx.insert("body", BODY);
        ctx.insert("toc", &super::toc::MARK.to_string());
        ctx.insert("markdown", &call.markdown);
        ctx.insert("ordinal", &view.ordinal);
        ctx.insert("index", &view.index);
        ctx.insert("parent", &parent);
        let name = format!("shortcodes/{}.html", call.name);
        let output = match self.env.templates.render(&name, &ctx) {
            Ok(output) => output,
            Err(failure) => {
                let message = format!(
                    "shortcode `{}`: its template failed: {}",
                    call.name, failure.message
                );
                self.diagnostics.push(failure);
                self.error(message, at);
                return Vec::new();
            }
        };
        let unclosed = call.inner.is_none() && !call.self_closing;
        let uses_inner = || {
            output.contains(BODY)
                || (origin == ShortcodeTemplate::Site && self.env.templates.requires_inner(&name))
        };
        if unclosed && uses_inner() {
            let open = if call.markdown { "{{%" } else { "{{<" };
            let close = if call.markdown { "%}}" } else { ">}}" };
            self.error(
                format!(
                    "shortcode `{0}` has content but no closing `{open} /{0} {close}`; close it, or write `{open} {0} /{close}` if it has none",
                    call.name
                ),
                at,
            );
        }
        let opaque = !call.markdown || origin == ShortcodeTemplate::Theme;
        let part = |text: &str| {
            if opaque {
                Piece::Html(text.to_string())
            } else {
                Piece::Markdown(text.to_string())
            }
        };
        let parts: Vec<&str> = output.split(BODY).collect();
        match parts.as_slice() {
            [whole] => vec![part(whole)],
            [before, after] => vec![part(before), Piece::Body, part(after)],
            _ => {
                self.error(
                    format!(
                        "shortcode `{}`: its template writes `body` {} times; it can place the content once",
                        call.name,
                        parts.len() - 1
                    ),
                    at,
                );
                vec![part(&parts.concat())]
            }
        }
    }

    /// The call's named arguments that hold URLs, resolved as links of the
    /// page are; a broken one is reported at the call.
    fn link_arguments(
        &mut self,
        call: &Call,
        at: usize,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut links = serde_json::Map::new();
        for (key, value) in &call.named {
            let key_lower = key.to_ascii_lowercase();
            if !LINK_ARGUMENTS.contains(&key_lower.as_str()) {
                continue;
            }
            let dest = value.text();
            let url = if key_lower == "ref" || key_lower == "relref" {
                native::page_ref(self, &dest, None, at)
            } else {
                self.link(&dest, matches!(key_lower.as_str(), "src" | "image"), at)
            };
            links.insert(key.clone(), url.into());
        }
        links
    }

    /// The width and height of the local images the call names (`src`,
    /// `image`), read from their files: `{src: {width, height}}`.
    fn image_sizes(&self, call: &Call) -> serde_json::Map<String, serde_json::Value> {
        use crate::markdown::LinkResolver;
        use crate::markdown::image_size::ImageSize;
        let mut sizes = serde_json::Map::new();
        for (key, value) in &call.named {
            if !matches!(key.to_ascii_lowercase().as_str(), "src" | "image") {
                continue;
            }
            if let ImageSize::Pixels { width, height } = self.env.links.image_size(&value.text()) {
                let size = serde_json::json!({ "width": width, "height": height });
                sizes.insert(key.clone(), size);
            }
        }
        sizes
    }

    /// A URL given to a shortcode, resolved and recorded as a link of the page.
    fn link(&mut self, dest: &str, image: bool, at: usize) -> String {
        let raw_html = self.env.site.config.raw_html;
        let resolved =
            crate::markdown::link::resolve(self.env.links, dest, image, raw_html, self.path());
        if let Some(problem) = resolved.problem {
            self.report(problem, at);
        }
        let href = resolved.href.unwrap_or_default();
        if let Some(unresolved) = resolved.record {
            self.links.push(LinkUse {
                written: dest.to_string(),
                href: href.clone(),
                offset: self.body_offset + at,
                image,
                unresolved,
            });
        }
        href
    }

    /// Writes what a call made into `buf`, set apart as block content when
    /// the call stands on its own lines.
    fn emit(
        &mut self,
        source: &Source<'_>,
        call: &Call,
        pieces: Vec<Piece>,
        inner: Option<Buf>,
        buf: &mut Buf,
    ) {
        let at = source.body_offset(call.open.start);
        let layout = Layout::of(source.text, call);
        let body = inner.map(|b| if layout.block { whole_lines(&b) } else { b });
        let mut body = body.filter(|b| !b.text.trim().is_empty());
        let blank = layout.prefix.trim_end().to_string();
        // Whether the output so far ends with a line holding only `prefix`.
        let mut line_open = false;
        let mut first = true;
        for piece in pieces {
            let text = match piece {
                Piece::Body => {
                    let Some(body) = body.take() else { continue };
                    if layout.block {
                        // Body lines bring their own prefix; a blank line
                        // sets them apart, but for the first block of a
                        // list item, which must follow its marker.
                        if first && layout.item {
                            buf.push("\n", at, false);
                        } else {
                            buf.push(&format!("\n{blank}\n"), at, false);
                        }
                        buf.append(body);
                        buf.push(&format!("{blank}\n{}", layout.prefix), at, false);
                        line_open = true;
                    } else {
                        buf.append(body);
                    }
                    first = false;
                    continue;
                }
                Piece::Html(html) if html.trim().is_empty() => continue,
                Piece::Markdown(text) if text.trim().is_empty() => continue,
                Piece::Html(html) => self.placeholder(html),
                Piece::Markdown(text) if layout.block => text
                    .trim_end()
                    .replace('\n', &format!("\n{}", layout.prefix)),
                Piece::Markdown(text) => text,
            };
            if layout.block && !line_open {
                if first && !layout.item {
                    buf.push(&format!("\n{}", layout.prefix), at, false);
                } else if !first {
                    buf.push(&format!("\n{blank}\n{}", layout.prefix), at, false);
                }
            }
            buf.push(&text, at, false);
            line_open = false;
            first = false;
        }
        if layout.block && !first && !line_open {
            buf.push(&format!("\n{blank}"), at, false);
        }
    }
}

/// The whole lines of a block call's inner text: without the rest of the
/// opening tag's line and the start of the closing tag's.
fn whole_lines(inner: &Buf) -> Buf {
    let text = &inner.text;
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let end = text.rfind('\n').map_or(0, |i| i + 1);
    inner.slice(start..end.max(start))
}

/// Where a call stands: alone on its lines (its output is block content,
/// set apart by blank lines carrying the container's `prefix`), or within
/// a line.
struct Layout {
    block: bool,
    /// The call's line opens a list item.
    item: bool,
    /// What continues the call's container on a new line: the indentation
    /// of a list item, `> ` of a quote.
    prefix: String,
}

impl Layout {
    fn of(text: &str, call: &Call) -> Layout {
        let line_start = text[..call.open.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..call.open.start];
        let alone_after = |at: usize| {
            text[at..]
                .split('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
        };
        let mut block = is_prefix(before) && alone_after(call.open.end);
        if let Some(inner) = &call.inner {
            let close_line = text[..inner.close.start].rfind('\n').map_or(0, |i| i + 1);
            block = block
                && close_line > call.open.end
                && is_prefix(&text[close_line..inner.close.start])
                && alone_after(inner.close.end);
        }
        let prefix: String = before
            .chars()
            .map(|c| {
                if c == '>' || c.is_whitespace() {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let item = prefix != before;
        Layout {
            block,
            item,
            prefix,
        }
    }
}

/// Whether `text`, before a call on its line, is only what opens containers:
/// indentation, `>` of quotes, list markers.
fn is_prefix(text: &str) -> bool {
    text.split_whitespace().all(|word| {
        word.chars().all(|c| c == '>')
            || matches!(word, "-" | "*" | "+")
            || word.strip_suffix(['.', ')']).is_some_and(|n| {
                !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit())
            })
    })
}
