//! Mermaid diagrams as inline SVG, drawn when the site is built: the one
//! module that knows the renderer (mermaid-rs-renderer), so it can be
//! swapped.
//!
//! The SVG keeps the renderer's "modern" palette; `static/style.css` maps
//! those colours (`PALETTE`) to the theme's variables, so a diagram follows
//! the light and dark themes.

use std::path::Path;

use mermaid_rs_renderer::{
    DiagramKind, LayoutConfig, ParseError, Theme, compute_layout, parse_mermaid, render_svg,
    validator,
};

use super::attributes::{Attributes, opening_tag};
use crate::error::Diagnostic;
use crate::escape::html as escape;

/// How a site treats Mermaid diagrams (`diagrams` in `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagramMode {
    /// Drawn at build time; one of a kind that cannot be is a warning and
    /// shows its source.
    #[default]
    Build,
    /// As `Build`, but a diagram of a kind that cannot be drawn at build
    /// time is left to `mermaid.min.js`, served from the site's `static/`.
    Client,
}

/// The kinds drawn at build time: those the renderer drew completely and
/// readably in `bench/README.md`'s comparison with Mermaid itself (state
/// diagrams' transition labels overlap, ER diagrams lose their attributes'
/// types, gantt charts their time axis, pie slices the page's background).
const DRAWN: [DiagramKind; 4] = [
    DiagramKind::Flowchart,
    DiagramKind::Sequence,
    DiagramKind::Class,
    DiagramKind::Journey,
];

/// The colours of [`Theme::modern`] that `static/style.css` maps to the
/// site's theme variables.
#[cfg(test)]
const PALETTE: [&str; 9] = [
    "#FFFFFF", "#F8FAFC", "#F1F5F9", "#E2E8F0", "#0F172A", "#64748B", "#94A3B8", "#CBD5E1",
    "#FFF7ED",
];

/// The fills of a journey's scores 1 to 5, light in either theme: the
/// stylesheet keeps their digits dark.
#[cfg(test)]
const SCORES: [&str; 5] = ["#F87171", "#CD8C75", "#A1A879", "#76C37C", "#4ADE80"];

/// A diagram as the page shows it.
pub(crate) struct Drawn {
    pub(crate) html: String,
    /// The text a reader sees in it, for search.
    pub(crate) labels: String,
    /// It is left to the browser: the page needs the site's `mermaid.min.js`.
    pub(crate) client: bool,
    pub(crate) problem: Option<Diagnostic>,
    /// The line of the diagram (from 1) the problem is on, when known.
    pub(crate) line: Option<usize>,
}

/// The diagram `source` of file `path`; `key` tells it apart from the
/// page's other diagrams (its ids start with it), `attrs` (its fence's,
/// `{#id .wide}`) go on its figure.
pub(crate) fn diagram(
    source: &str,
    key: &str,
    attrs: &Attributes,
    mode: DiagramMode,
    path: &Path,
) -> Drawn {
    let left = |client: bool, problem: Option<Diagnostic>, line: Option<usize>| Drawn {
        // Mermaid's script reads the source from the element's text.
        html: format!(
            "{}{}</pre>\n",
            opening_tag("pre", "mermaid", "", attrs),
            escape(source.trim())
        ),
        labels: String::new(),
        client,
        problem,
        line,
    };
    match draw(source) {
        Ok(svg) => {
            let svg = legible(&prefix_ids(&svg, key));
            let labels = labels(&svg);
            let figure = opening_tag("figure", "diagram", "", attrs);
            Drawn {
                html: format!("{figure}{svg}</figure>\n"),
                labels,
                client: false,
                problem: None,
                line: None,
            }
        }
        Err(Failure::Unsupported(_) | Failure::TooLarge(_)) if mode == DiagramMode::Client => {
            left(true, None, None)
        }
        Err(Failure::TooLarge(size)) => {
            let message = format!(
                "a Mermaid diagram of {size} is not drawn at build time (at most {MAX_LINES} lines and {MAX_LINKS} links: its layout takes time growing with the square of its size, 8 s at 400 links); it shows as its source: split it, or set `diagrams = \"client\"` in site.toml and put mermaid.min.js in static/ to draw it in the browser"
            );
            left(false, Some(Diagnostic::warning(path, message)), None)
        }
        Err(Failure::Unsupported(kind)) => {
            let message = format!(
                "a Mermaid {kind} diagram is not drawn at build time (only flowcharts, sequence, class and journey diagrams are); it shows as its source: set `diagrams = \"client\"` in site.toml and put mermaid.min.js in static/ to draw it in the browser"
            );
            left(false, Some(Diagnostic::warning(path, message)), None)
        }
        Err(Failure::Invalid { why, line }) => {
            let message = format!("Mermaid diagram: {why}");
            left(false, Some(Diagnostic::error(path, message)), line)
        }
    }
}

/// The most lines and links (arrows) a diagram drawn at build time may
/// have: real ones have a few dozen, and past this the layout takes
/// seconds (0.6 s at 100 random links, 2.2 s at 200).
const MAX_LINES: usize = 120;
const MAX_LINKS: usize = 100;

enum Failure {
    /// A kind not drawn at build time, named as Mermaid's header names it.
    Unsupported(&'static str),
    /// More than [`MAX_LINES`] lines or [`MAX_LINKS`] links, as said.
    TooLarge(String),
    /// The diagram cannot be read: why, and on which line when known.
    Invalid { why: String, line: Option<usize> },
}

fn draw(source: &str) -> Result<String, Failure> {
    let lines = source.lines().count();
    if lines > MAX_LINES {
        return Err(Failure::TooLarge(format!("{lines} lines")));
    }
    // Every arrow has two dashes, equals signs or dots in a row.
    let links = ["--", "==", "-.", ".-", "->"]
        .iter()
        .map(|arrow| source.matches(arrow).count())
        .max()
        .unwrap_or(0);
    if links > MAX_LINKS {
        return Err(Failure::TooLarge(format!("about {links} links")));
    }
    if let Err(error) = validator::validate(source) {
        if !misread_annotation(&error, source) {
            let line = match error {
                ParseError::UnexpectedToken { line, .. }
                | ParseError::UnknownParticipant { line, .. }
                | ParseError::InvalidDirective { line, .. } => Some(line),
                ParseError::UnclosedSubgraph { opened_at } => Some(opened_at),
                _ => None,
            };
            return Err(Failure::Invalid {
                why: error.to_string(),
                line: line.map(|l| l as usize),
            });
        }
    }
    // The renderer is young: a panic on odd input is a diagram error, not
    // the end of the build.
    let drawn = crate::error::catch_quietly(|| {
        let parsed = parse_mermaid(source).map_err(|e| {
            let why = e.to_string();
            Failure::Invalid {
                line: quoted_line(&why, source),
                why,
            }
        })?;
        let kind = parsed.graph.kind;
        if !DRAWN.contains(&kind) {
            return Err(Failure::Unsupported(header(kind)));
        }
        let theme = Theme {
            // A family no machine has: the renderer then measures every
            // label, Cyrillic and Chinese too, with its own fixed widths
            // rather than the building machine's fonts (which it would also
            // copy into the user's cache), so the SVG is the same
            // everywhere. The theme's stylesheet sets the font shown.
            font_family: "lectern-diagram".into(),
            ..Theme::modern()
        };
        let config = LayoutConfig {
            // Calibrated widths for ASCII labels.
            fast_text_metrics: true,
            ..LayoutConfig::default()
        };
        let layout = compute_layout(&parsed.graph, &theme, &config);
        Ok(render_svg(&layout, &theme, &config))
    });
    drawn.unwrap_or_else(|why| {
        Err(Failure::Invalid {
            why: format!("the renderer failed on it ({why})"),
            line: None,
        })
    })
}

/// The line of `source` that the parser's message `why` ends by quoting
/// (`invalid flowchart edge syntax: B -->`): its messages carry no line.
fn quoted_line(why: &str, source: &str) -> Option<usize> {
    let quoted = why.rsplit(": ").next()?.trim();
    let at = source
        .lines()
        .position(|l| !quoted.is_empty() && l.trim() == quoted)?;
    Some(at + 1)
}

/// The renderer's own check takes a class's `<<interface>>` annotation for
/// a line starting with an arrow; its parser reads it well.
fn misread_annotation(error: &ParseError, source: &str) -> bool {
    match error {
        ParseError::UnexpectedToken { line, found, .. } => {
            let written = source.lines().nth((*line as usize).saturating_sub(1));
            found.starts_with("<<") && written.is_some_and(|l| l.trim_start().starts_with("<<"))
        }
        _ => false,
    }
}

/// The diagram header that names `kind`, for messages.
fn header(kind: DiagramKind) -> &'static str {
    match kind {
        DiagramKind::Flowchart => "flowchart",
        DiagramKind::Class => "classDiagram",
        DiagramKind::State => "stateDiagram",
        DiagramKind::Sequence => "sequenceDiagram",
        DiagramKind::Er => "erDiagram",
        DiagramKind::Pie => "pie",
        DiagramKind::Mindmap => "mindmap",
        DiagramKind::Journey => "journey",
        DiagramKind::Timeline => "timeline",
        DiagramKind::Gantt => "gantt",
        DiagramKind::Requirement => "requirementDiagram",
        DiagramKind::GitGraph => "gitGraph",
        DiagramKind::C4 => "C4",
        DiagramKind::Sankey => "sankey",
        DiagramKind::Quadrant => "quadrantChart",
        DiagramKind::ZenUML => "zenuml",
        DiagramKind::Block => "block",
        DiagramKind::Packet => "packet",
        DiagramKind::Kanban => "kanban",
        DiagramKind::Architecture => "architecture",
        DiagramKind::Radar => "radar",
        DiagramKind::Treemap => "treemap",
        DiagramKind::XYChart => "xychart",
    }
}

/// `svg` with every id, and every reference to one, starting with `key`:
/// the renderer numbers its ids from 0 in each diagram, and two diagrams
/// on a page must not share them.
fn prefix_ids(svg: &str, key: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg;
    // Attribute `id` (not `data-edge-id`), and the two ways SVG refers to one.
    const MARKS: [&str; 3] = [" id=\"", "url(#", "href=\"#"];
    loop {
        let next = MARKS
            .iter()
            .filter_map(|m| rest.find(m).map(|at| (at, m.len())))
            .min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + len]);
        out.push_str(key);
        rest = &rest[at + len..];
    }
}

/// The smallest share of its own width a diagram is shrunk to, so that its
/// text stays legible (14 px labels at 2/3 are about 9 px); a wider
/// diagram scrolls in its figure instead.
const MIN_SCALE: f64 = 2.0 / 3.0;

/// `svg` with a minimum width, [`MIN_SCALE`] of its own.
fn legible(svg: &str) -> String {
    let root = &svg[..svg.find('>').unwrap_or(0)];
    let width = root
        .split_once(" width=\"")
        .and_then(|(_, rest)| rest.split('"').next())
        .and_then(|w| w.parse::<f64>().ok());
    match (svg.strip_prefix("<svg"), width) {
        (Some(rest), Some(width)) => {
            format!("<svg style=\"min-width:{:.0}px\"{rest}", width * MIN_SCALE)
        }
        _ => svg.to_string(),
    }
}

/// The text of the SVG's `<text>` elements, separated by spaces.
fn labels(svg: &str) -> String {
    let mut labels = String::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let inner = &rest[open..];
        let end = inner.find("</text>").unwrap_or(inner.len());
        let mut element = &inner[..end];
        // Character data between tags: `<text …><tspan …>a</tspan>…`.
        while let Some(gt) = element.find('>') {
            element = &element[gt + 1..];
            let text = &element[..element.find('<').unwrap_or(element.len())];
            if !text.trim().is_empty() {
                labels.push_str(&crate::html::unescape(text.trim()));
                labels.push(' ');
            }
        }
        rest = &inner[end..];
    }
    labels.truncate(labels.trim_end().len());
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(source: &str) -> Drawn {
        diagram(
            source,
            "d1-",
            &Vec::new(),
            DiagramMode::Build,
            Path::new("a.md"),
        )
    }

    #[test]
    fn a_flowchart_becomes_an_svg_figure_with_its_labels() {
        let drawn = build("flowchart LR\n  A[Начало] -->|go| B{done?}\n");
        assert!(drawn.problem.is_none());
        assert!(drawn.html.starts_with("<figure class=\"diagram\"><svg"));
        assert!(drawn.html.contains("viewBox="), "{}", drawn.html);
        assert_eq!(drawn.labels, "go Начало done?");
        assert!(!drawn.client);
    }

    #[test]
    fn a_wide_diagram_is_not_shrunk_past_legibility() {
        assert_eq!(
            legible(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="900.5" height="10"><rect width="5"/></svg>"#
            ),
            r#"<svg style="min-width:600px" xmlns="http://www.w3.org/2000/svg" width="900.5" height="10"><rect width="5"/></svg>"#
        );
        assert_eq!(
            legible("<svg><rect width=\"5\"/></svg>"),
            "<svg><rect width=\"5\"/></svg>"
        );
    }

    #[test]
    fn ids_and_references_are_prefixed() {
        let svg = r##"<svg><marker id="arrow-0"/><path data-edge-id="edge-0" id="edge-0" marker-end="url(#arrow-0)"/><use href="#arrow-0"/></svg>"##;
        assert_eq!(
            prefix_ids(svg, "k-"),
            r##"<svg><marker id="k-arrow-0"/><path data-edge-id="edge-0" id="k-edge-0" marker-end="url(#k-arrow-0)"/><use href="#k-arrow-0"/></svg>"##
        );
    }

    #[test]
    fn class_annotations_are_read() {
        let drawn = build(
            "classDiagram\n  class Reader {\n    <<interface>>\n    +Read(p []byte) int\n  }\n  Reader <|.. File\n",
        );
        assert!(drawn.problem.is_none(), "{:?}", drawn.problem);
        assert!(drawn.labels.contains("interface"), "{}", drawn.labels);
    }

    #[test]
    fn an_unreadable_diagram_is_an_error_and_shows_its_source() {
        let drawn = build("flowchart LR\n  A -->\n");
        let problem = drawn.problem.expect("an error");
        assert!(problem.message.contains("A -->"), "{}", problem.message);
        assert_eq!(drawn.line, Some(2));
        assert_eq!(
            drawn.html,
            "<pre class=\"mermaid\">flowchart LR\n  A --&gt;</pre>\n"
        );
        let subgraph = build("flowchart TD\n  A --> B\n  subgraph x\n  B --> C\n");
        assert_eq!(subgraph.line, Some(3));
        let unknown = build("nodiagram\n  x\n").problem.expect("an error");
        assert!(
            unknown.message.contains("diagram header"),
            "{}",
            unknown.message
        );
    }

    #[test]
    fn a_kind_not_drawn_is_a_warning_or_left_to_the_browser() {
        let gantt = "gantt\n  title T\n  section A\n  task :a1, 2024-01-01, 3d\n";
        let drawn = build(gantt);
        let problem = drawn.problem.expect("a warning");
        assert!(problem.message.contains("gantt"), "{}", problem.message);
        assert!(!drawn.client);
        let client = diagram(
            gantt,
            "k",
            &Vec::new(),
            DiagramMode::Client,
            Path::new("a.md"),
        );
        assert!(client.problem.is_none() && client.client);
        assert!(client.html.starts_with("<pre class=\"mermaid\">gantt"));
    }

    #[test]
    fn the_palette_mapped_by_the_stylesheet_is_the_renderers() {
        let theme = Theme::modern();
        for colour in [
            &theme.background,
            &theme.primary_color,
            &theme.cluster_background,
            &theme.secondary_color,
            &theme.text_color,
            &theme.line_color,
            &theme.primary_border_color,
            &theme.cluster_border,
            &theme.sequence_note_fill,
        ] {
            assert!(PALETTE.contains(&colour.as_str()), "{colour}");
        }
        let css = include_str!("../../static/style.css");
        for colour in PALETTE.iter().chain(&SCORES) {
            assert!(css.contains(&format!("\"{colour}\"")), "{colour}");
        }
    }

    #[test]
    fn a_journey_is_drawn_with_every_label_and_its_scores() {
        let drawn = build(
            "journey\n    title Первая программа\n    section Setup\n      Install Go: 1: Student\n      Configure editor: 2: Student\n    section Code\n      Write it: 3: Student\n      Test it: 4: Student, Teacher\n      Run it: 5: Teacher\n",
        );
        assert!(drawn.problem.is_none(), "{:?}", drawn.problem);
        for label in [
            "Первая программа",
            "Student",
            "Teacher",
            "Setup",
            "Install Go",
            "Configure editor",
            "Code",
            "Run it",
        ] {
            assert!(drawn.labels.contains(label), "{label} in {}", drawn.labels);
        }
        for score in SCORES {
            assert!(drawn.html.contains(&format!("fill=\"{score}\"")), "{score}");
        }
    }
}
