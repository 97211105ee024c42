use super::*;

struct Links;

impl LinkResolver for Links {
    fn resolve(&self, dest: &str) -> LinkTarget {
        match dest {
            "other.md#setup" => LinkTarget::Url("/en/other/#setup".into()),
            "gone.md" => LinkTarget::Missing("no page gone.md".into()),
            "only-en.md" => LinkTarget::Warn {
                url: "/en/only-en/".into(),
                message: "only in en".into(),
            },
            "../../../x.md" => LinkTarget::Outside("outside".into()),
            _ => LinkTarget::Keep,
        }
    }
}

/// The HTML and what else [`render`] returns, as one value for the tests.
struct Rendering {
    html: String,
    rendered: Rendered,
}

impl std::ops::Deref for Rendering {
    type Target = Rendered;
    fn deref(&self) -> &Rendered {
        &self.rendered
    }
}

fn render_md(body: &str, title: &str, raw_html: bool) -> Rendering {
    let input = Input {
        body,
        file_text: body,
        body_offset: 0,
        path: std::path::Path::new("page.md"),
        title,
        raw_html,
        math: Default::default(),
        diagrams: Default::default(),
        alert_titles: ["Note", "Tip", "Important", "Warning", "Caution"],
        quotes: None,
        emoji: false,
        code: &Default::default(),
        shortcodes: None,
    };
    let (html, rendered) = render(&input, &Links);
    Rendering { html, rendered }
}

#[test]
fn headings_get_github_ids_and_a_table_of_contents() {
    let r = render_md(
        "## 🏆 Продвинутое изучение Go\n## Пример\n## Пример\n## 🎉\n## Own {#custom .wide}\n",
        "T",
        true,
    );
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "-продвинутое-изучение-go",
            "пример",
            "пример-1",
            "heading",
            "custom"
        ]
    );
    assert!(
        r.html.contains("<h2 id=\"custom\" class=\"wide\">Own"),
        "{}",
        r.html
    );
    assert_eq!(r.headings[0].title, "🏆 Продвинутое изучение Go");
}

#[test]
fn hand_written_anchor_links_are_kept_verbatim() {
    let r = render_md(
        "- [Go](#-продвинутое-изучение-go)\n\n## 🏆 Продвинутое изучение Go\n",
        "T",
        true,
    );
    assert!(
        r.html
            .contains("<a href=\"#-продвинутое-изучение-go\">Go</a>"),
        "{}",
        r.html
    );
}

#[test]
fn title_heading_is_detected_only_at_the_start() {
    let r = render_md("# Hello, **world**\n\ntext", "Hello, world", true);
    assert_eq!(r.title_id.as_deref(), Some("hello-world"));
    assert_eq!(r.html, "<p>text</p>\n");
    assert_eq!(r.headings[0].id, "hello-world");
    assert!(
        render_md("intro\n\n# Hello\n", "Hello", true)
            .title_id
            .is_none()
    );
    assert!(render_md("# Other\n", "Hello", true).title_id.is_none());
}

#[test]
fn links_are_rewritten_and_problems_located() {
    let body = "See [it](other.md#setup).\n\nAnd [gone](gone.md) and [up](../../../x.md).\n\n[en](only-en.md)\n";
    let r = render_md(body, "T", true);
    assert!(r.html.contains("<a href=\"/en/other/#setup\">it</a>"));
    assert!(r.html.contains("<a href=\"/en/only-en/\">en</a>"));
    let found: Vec<(bool, usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| (d.is_error(), d.line, d.col))
        .collect();
    assert_eq!(found, [(true, 3, 5), (true, 3, 25), (false, 5, 1)]);
}

#[test]
fn links_and_images_are_recorded_with_their_places() {
    let body = "# T\n\n[it](other.md#setup) ![pic](/img/a.png) <gone@example.org>\n\n<p>x <a href=\"#top\">up</a></p>\n\n<img alt=\"\"\n  src=\"b.png\">\n\n[gone](gone.md)\n";
    let r = render_md(body, "T", true);
    let got: Vec<(&str, &str, usize, bool)> = r
        .links
        .iter()
        .map(|l| (l.written.as_str(), l.href.as_str(), l.offset, l.image))
        .collect();
    let at = |s: &str| body.find(s).unwrap();
    assert_eq!(
        got,
        [
            ("other.md#setup", "/en/other/#setup", at("[it]"), false),
            ("/img/a.png", "/img/a.png", at("![pic]"), true),
            ("#top", "#top", at("href=\"#top"), false),
            ("b.png", "b.png", at("src=\"b.png"), true),
        ]
    );
    assert!(
        render_md(body, "T", false).links.len() == 2,
        "escaped HTML has no links"
    );
}

#[test]
fn alerts_become_callouts() {
    let r = render_md("> [!TIP]\n> Use `go vet`.\n", "T", true);
    assert!(
        r.html.starts_with(
            "<div class=\"alert alert-tip\" role=\"note\"><p class=\"alert-title\">Tip</p>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("<code>go vet</code>"));
}

#[test]
fn raw_html_passes_or_is_escaped() {
    let body = "<span style=\"color:red\">x</span> and <script>alert(1)</script>\n";
    assert!(
        render_md(body, "T", true)
            .html
            .contains("<span style=\"color:red\">x</span>")
    );
    let escaped = render_md(body, "T", false).html;
    assert!(
        escaped.contains("&lt;span style=\"color:red\"&gt;")
            || escaped.contains("&lt;span style=&quot;color:red&quot;&gt;"),
        "{escaped}"
    );
    assert!(!escaped.contains("<script>"));
}

#[test]
fn code_and_template_syntax_are_literal() {
    let r = render_md(
        "Use `{{ .Name }}`.\n\n```golang\nt.Execute(w, \"{{ .Name }}\")\n```\n",
        "T",
        true,
    );
    assert!(r.html.contains("<code>{{ .Name }}</code>"));
    assert!(r.html.contains("data-lang=\"golang\""));
    assert!(r.html.contains("{{ .Name }}"));
    assert!(r.html.contains("hl-source hl-go"), "{}", r.html);
}

#[test]
fn link_titles_and_destinations_are_escaped() {
    let r = render_md(
        "[x](https://e.com/?a=1&b=\"2\" \"say \\\"hi\\\" <b>\")\n",
        "T",
        true,
    );
    assert!(
        r.html
            .contains("href=\"https://e.com/?a=1&amp;b=&quot;2&quot;\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("title=\"say &quot;hi&quot; &lt;b&gt;\""),
        "{}",
        r.html
    );
}

#[test]
fn first_heading_text_is_markdown_stripped() {
    assert_eq!(
        first_heading("text\n\n## A *b* `c` [d](e)\n").as_deref(),
        Some("A b c d")
    );
    assert_eq!(first_heading("no heading"), None);
    assert_eq!(first_heading("Setext\n======\n").as_deref(), Some("Setext"));
}

#[test]
fn the_title_is_the_first_level_one_heading_near_the_top() {
    let title = |body: &str| first_heading(body);
    // Comments and HTML that shows nothing come before the top's end.
    assert_eq!(title("<!-- {% raw %} -->\n# T\n").as_deref(), Some("T"));
    assert_eq!(
        title("<!--\nnote\n-->\n<br />\n\n# T\n").as_deref(),
        Some("T")
    );
    assert_eq!(
        title("<a name=\"top\"></a>\n\n## Part 1\n\n# T\n").as_deref(),
        Some("T")
    );
    // Level 1 wins among the leading headings, not past the first text.
    assert_eq!(title("## Part 1\n### Lesson\n# T\n").as_deref(), Some("T"));
    assert_eq!(
        title("## Part 1\n\nText.\n\n# T\n").as_deref(),
        Some("Part 1")
    );
    assert_eq!(
        title("<img src=\"x.png\">\n\n## Sub\n\n# T\n").as_deref(),
        Some("Sub")
    );
    assert_eq!(title("Text.\n\n# T\n").as_deref(), Some("T"));
    // `<br />` followed by a line is one HTML block, as on GitHub.
    assert_eq!(title("<br />\n# T\n"), None);
}

#[test]
fn the_heading_the_title_comes_from_is_left_out_of_the_body() {
    let r = render_md("<!-- c -->\n## Part 1\n\n# T\n\nText.\n", "T", true);
    assert_eq!(r.title_id.as_deref(), Some("t"));
    assert!(!r.html.contains("<h1"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"part-1\">"), "{}", r.html);
    // After text, a heading repeating the title is part of the page.
    let r = render_md("Text.\n\n# T\n", "T", true);
    assert_eq!(r.title_id, None);
    assert!(r.html.contains("<h1 id=\"t\">"), "{}", r.html);
}

#[test]
fn reading_time_counts_cjk_characters_and_skips_code() {
    let english = "word ".repeat(440);
    assert_eq!(render_md(&english, "T", true).reading_minutes, 2);
    let chinese = "垃圾回收机制".repeat(100);
    let r = render_md(&chinese, "T", true);
    assert_eq!((r.words, r.reading_minutes), (600, 2));
    let code = format!("```go\n{}\n```\n", "x := 1\n".repeat(1000));
    assert_eq!(render_md(&code, "T", true).words, 0);
    assert_eq!(render_md("", "T", true).reading_minutes, 1);
}

#[test]
fn sections_hold_plain_text_by_heading_without_code() {
    let r = render_md(
        "Intro *with* `sync.Mutex`,\nlines.\n\n## Каналы {#ch}\n\n- one\n- two\n\n```go\nfunc hidden() {}\n```\n\n    indented code\n\n| a | b |\n|---|---|\n| c | d |\n\n### 垃圾回收\n\n> [!NOTE]\n> 机制 <b>x</b>\n",
        "T",
        true,
    );
    let got: Vec<(&str, &str, &str)> = r
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("", "", "Intro with sync.Mutex, lines."),
            ("ch", "Каналы", "one two a b c d"),
            ("垃圾回收", "垃圾回收", "机制 x"),
        ]
    );
    let escaped = render_md("<b>x</b> y\n", "T", false);
    assert_eq!(escaped.sections[0].text, "<b>x</b> y");
}

#[test]
fn wrapped_cjk_lines_join_without_a_space() {
    let r = render_md("变量声明\n之后才能使用。\nGo is\nfun，对吧\n", "T", true);
    assert_eq!(r.html, "<p>变量声明之后才能使用。\nGo is\nfun，对吧</p>\n");
}

#[test]
fn a_block_too_costly_to_highlight_is_plain_with_a_warning_at_its_fence() {
    let ticks = "`".repeat(10_000);
    let r = render_md(&format!("Intro\n\n~~~markdown\n{ticks}\n~~~\n"), "T", true);
    let warnings: Vec<(usize, usize, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.col, d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            3,
            1,
            "code block shown without highlighting: a line is longer than 500 bytes"
        )]
    );
    assert!(!r.diagnostics[0].is_error());
    assert!(
        r.html
            .contains(&format!("<span class=\"line\">{ticks}</span>"))
    );
}

#[test]
fn a_diagrams_labels_are_searched_with_its_section() {
    let r = render_md(
        "## Flow\n\nBefore.\n\n```mermaid\nflowchart LR\n  A[Старт] -->|go| B[worker]\n```\n\nAfter.\n",
        "T",
        true,
    );
    assert_eq!(r.sections[1].text, "Before. go Старт worker After.");
    assert!(
        r.html.contains("<figure class=\"diagram\"><svg"),
        "{}",
        r.html
    );
    assert!(r.diagnostics.is_empty());
    let plain = render_md("Text.\n\n```go\nx := 1\n```\n", "T", true);
    assert!(!plain.client_diagrams && !plain.html.contains("<svg"));
}

#[test]
fn attribute_lines_end_the_blocks_they_are_not_indented_into() {
    let r = render_md(
        "* Fruit\n  * Apple\n  * Banana\n  {.fruits}\n* Dairy\n{.food}\n",
        "T",
        true,
    );
    assert_eq!(
        r.html,
        "<ul class=\"food\">\n<li>Fruit<ul class=\"fruits\">\n<li>Apple</li>\n<li>Banana</li>\n</ul>\n</li>\n<li>Dairy</li>\n</ul>\n"
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn attribute_lines_go_where_hugo_puts_them() {
    for (markdown, html) in [
        // A line in the outer quote ends the inner one.
        (
            "> > q\n> {.x}\n",
            "<blockquote>\n<blockquote class=\"x\">\n<p>q</p>\n</blockquote>\n</blockquote>\n",
        ),
        // The heading's own id wins; the line adds a class.
        (
            "## H {#own}\n{#line .c}\n",
            "<h2 id=\"own\" class=\"c\">H<a class=\"anchor\" href=\"#own\"",
        ),
        ("Sub\n---\n{.s}\n", "<h2 id=\"sub\" class=\"s\">Sub"),
        ("Text.\r\n{.x}\r\n", "<p class=\"x\">Text.</p>"),
        (
            "> [!NOTE]\n> Hi.\n{.x #n}\n",
            "<div class=\"alert alert-note x\" id=\"n\" role=\"note\"><p class=\"alert-title\">Note</p>",
        ),
        (
            "> ```\n> code\n> ```\n{.q}\n",
            "<blockquote class=\"q\">\n<div class=\"code-block\">",
        ),
        (
            "| a |\n|---|\n{.t}\n",
            "<table class=\"t\"><thead><tr><th>a</th></tr></thead><tbody>\n</tbody></table>\n",
        ),
        ("1. a\n\n2. b\n   {.p}\n", "<li><p class=\"p\">b</p>\n</li>"),
        (
            "3. a\n{.o}\n",
            "<ol start=\"3\" class=\"o\">\n<li>a</li>\n</ol>\n",
        ),
        (
            "```math {#e .big}\nx\n```\n",
            "<div class=\"math-block big\" id=\"e\"><span class=\"math-display\"><math",
        ),
        // What is not an attribute list, or holds markup, stays text.
        (
            "Text\n{.x title=*a*}\n",
            "<p>Text\n{.x title=<em>a</em>}</p>",
        ),
        ("Text\n{.x}y\n", "<p>Text\n{.x}y</p>"),
        ("`{.x}`\n{.y}\n", "<p class=\"y\"><code>{.x}</code></p>"),
    ] {
        let r = render_md(markdown, "T", true);
        assert!(r.html.contains(html), "{markdown:?}\n{}", r.html);
        assert!(
            r.diagnostics.is_empty(),
            "{markdown:?}: {:?}",
            r.diagnostics
        );
    }
    let first = render_md("{.x}\n\nText.\n", "T", true);
    assert_eq!(first.html, "<p>Text.</p>\n");
    assert!(first.diagnostics[0].message.contains("open a block"));
}

#[test]
fn a_table_is_written_as_pulldown_cmark_writes_one() {
    let markdown = "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| x |\n";
    let mut expected = String::new();
    pulldown_cmark::html::push_html(&mut expected, Parser::new_ext(markdown, options()));
    assert_eq!(render_md(markdown, "T", true).html, expected);
}
