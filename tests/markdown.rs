//! Markdown as GitHub renders it, where pulldown-cmark alone differs.

mod common;

use common::*;

#[test]
fn a_closing_fence_followed_by_a_tab_closes_the_code_block() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/a.md",
            "# A\n\n```go\nx\t:= 1\n```\t\n\nAfter the code.\n\n```\ny\n``` \t\n\n## Next\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, ".markdown p"), ["After the code."]);
    assert_eq!(texts(&html, ".markdown h2"), ["Next"]);
    let code = texts(&html, ".markdown pre");
    assert_eq!(code.len(), 2, "{code:?}");
    assert_eq!(code[0], "x\t:= 1", "the code itself keeps its tab");
}

#[test]
fn accents_typed_either_way_link_to_the_same_heading() {
    let (nfc, nfd) = ("café-crème", "cafe\u{301}-cre\u{300}me");
    let site = site([
        ("site.toml", "title = \"T\"\n".to_string()),
        (
            "content/a.md",
            format!(
                "# A\n\n## Café crème\n\n## Cafe\u{301} au lait\n\n[here](#{nfd}) [milk](#café-au-lait)\n"
            ),
        ),
        (
            "content/b.md",
            format!("# B\n\n[there](a.md#{nfd}) <a href=\"/a/#{nfd}\">raw</a>\n"),
        ),
    ]);
    // A build fails on a link to a missing anchor.
    let (_tmp, out) = build(site.path());
    let a = page(&out, "a/index.html");
    assert_eq!(attrs(&a, ".markdown h2", "id"), [nfc, "café-au-lait"]);
    assert_eq!(
        attrs(&a, ".markdown p a", "href"),
        [format!("#{nfc}"), "#café-au-lait".into()]
    );
    let b = page(&out, "b/index.html");
    assert_eq!(attrs(&b, ".markdown p a", "href")[0], format!("/a/#{nfc}"));
}

#[test]
fn definition_terms_get_ids_and_anchor_false_drops_the_heading_link() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/a.md",
            "# A\n\n## Quiet {anchor=false}\n\n## Loud\n\nGoroutine\n: A function running concurrently.\n\n\
             Loud\n: A term named like a heading.\n: Its second definition.\n\n\
             See [g](#goroutine) and [l](#loud-1).\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(attrs(&html, ".markdown dt", "id"), ["goroutine", "loud-1"]);
    assert_eq!(texts(&html, ".markdown dd").len(), 3);
    assert_eq!(attrs(&html, ".markdown h2", "id"), ["quiet", "loud"]);
    assert!(select(&html, "#quiet a.anchor").is_empty());
    assert!(
        attrs(&html, "#quiet", "anchor").is_empty(),
        "no stray attribute"
    );
    assert_eq!(select(&html, "#loud a.anchor").len(), 1);
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn an_unknown_code_language_is_named_once_per_site_and_sessions_keep_output_plain() {
    let fence = "```klingon\nqapla'\n```\n";
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        ("content/a.md", format!("# A\n\n{fence}\n{fence}").as_str()),
        ("content/b.md", format!("# B\n\n{fence}").as_str()),
        (
            "content/c.md",
            "# C\n\n```console\n$ go version\ngo version go1.23 linux/amd64\n```\n\n\
             ```go-html-template\n<h1>{{ .Title }}</h1>\n```\n\n```tree\n.\n└── go.mod\n```\n",
        ),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("code language").count(),
        1,
        "once for the site: {stderr}"
    );
    assert!(
        stderr.contains("warning: content/a.md:3:1: code language `klingon` is not known, so its blocks are shown without colours (write `text` for plain text) (2 more elsewhere)"),
        "{stderr}"
    );
    let html = page(&site.path().join("public"), "c/index.html");
    assert_eq!(texts(&html, "pre[data-lang=console] .hl-prompt"), ["$"]);
    assert_eq!(
        texts(&html, "pre[data-lang=console] .hl-output"),
        ["go version go1.23 linux/amd64"]
    );
    assert!(
        select(&html, "pre[data-lang=console] .hl-output span").is_empty(),
        "output is not coloured"
    );
    assert!(
        !select(
            &html,
            "pre[data-lang=go-html-template] .line span[class^=hl-]"
        )
        .is_empty(),
        "Go templates are highlighted"
    );
}

#[test]
fn smart_punctuation_is_opt_in_and_quotes_follow_the_language() {
    let text = "# A\n\nSay \"hello\" -- it's fine... `\"code\"`\n";
    let files = |toml: String| {
        site([
            ("site.toml", toml.as_str()),
            ("content/en/a.md", text),
            ("content/ru/a.md", text),
            ("content/zh/a.md", text),
        ])
    };
    let languages = "[languages.en]\n[languages.ru]\n[languages.zh]\n";
    let plain = files(format!("title = \"T\"\n{languages}"));
    let (_tmp, out) = build(plain.path());
    let html = page(&out, "ru/a/index.html");
    assert_eq!(
        texts(&html, ".markdown p"),
        ["Say \"hello\" -- it's fine... \"code\""]
    );

    let smart = files(format!(
        "title = \"T\"\nsmart_punctuation = true\n{languages}"
    ));
    let (_tmp, out) = build(smart.path());
    let para = |lang: &str| texts(&page(&out, &format!("{lang}/a/index.html")), ".markdown p");
    assert_eq!(
        para("en"),
        ["Say \u{201C}hello\u{201D} \u{2013} it\u{2019}s fine\u{2026} \"code\""]
    );
    assert_eq!(
        para("ru"),
        ["Say «hello» \u{2013} it\u{2019}s fine\u{2026} \"code\""]
    );
    assert_eq!(
        para("zh"),
        ["Say \u{201C}hello\u{201D} \u{2013} it\u{2019}s fine\u{2026} \"code\""]
    );
}

#[test]
fn emoji_codes_are_an_opt_in() {
    let text = "# A\n\nShip it :rocket: :white_check_mark: at 10:30, :not_an_emoji: and `:rocket:`\n\n## Done :tada:\n";
    let site = site([
        ("site.toml", "title = \"T\"\nemoji = true\n"),
        ("content/a.md", text),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(
        texts(&html, ".markdown p"),
        ["Ship it 🚀 ✅ at 10:30, :not_an_emoji: and :rocket:"]
    );
    assert_eq!(texts(&html, ".markdown h2"), ["Done 🎉"]);
    assert_eq!(texts(&html, ".toc a"), ["Done 🎉"]);
    // The id is the same with emoji on or off, so links keep working.
    assert_eq!(attrs(&html, ".markdown h2", "id"), ["done-tada"]);

    write_files(site.path(), [("site.toml", "title = \"T\"\n")]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert!(texts(&html, ".markdown p")[0].starts_with("Ship it :rocket: :white_check_mark:"));
}

/// One of each block an attribute line can follow, as Hugo's docs write
/// them: the line right under the block, unindented.
const ATTRIBUTED: &str = "# A

A note for readers.
{.note #first data-kind=\"x y\"}

> A quote
> on two lines.
{.quote #cite}

- tight one
- tight two
{.checklist #steps}

1. loose one

2. loose two
{#numbered}

* Fruit
  * Apple
  * Banana
  {.fruits}
* Dairy
{.food}

| a | b |
|---|--:|
| 1 | 2 |
{.wide #data}

***
{.divider #rule}

    indented code
{#indented}

Term
: Its definition.
{.glossary}

## Setup
{.extra #install}

```go {.listing #listing linenos=table}
x := 1
```

See [a](#first) [b](#cite) [c](#steps) [d](#numbered) [e](#data) [f](#rule) [g](#indented) [h](#install) [i](#listing).
";

#[test]
fn block_attributes_go_on_the_block_right_above_them() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        ("content/a.md", ATTRIBUTED),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("attributes"), "{stderr}");
    let public = site.path().join("public");
    let html = page(&public, "a/index.html");
    assert_eq!(texts(&html, "p#first.note"), ["A note for readers."]);
    assert_eq!(attrs(&html, "p#first", "data-kind"), ["x y"]);
    assert_eq!(
        texts(&html, "blockquote#cite.quote > p"),
        ["A quote\non two lines."]
    );
    assert_eq!(
        texts(&html, "ul#steps.checklist > li"),
        ["tight one", "tight two"]
    );
    assert_eq!(
        texts(&html, "ol#numbered > li > p"),
        ["loose one", "loose two"]
    );
    // A line at an item's indentation ends the nested list, one at none the
    // outer list.
    assert_eq!(
        texts(&html, "ul.food > li > ul.fruits > li"),
        ["Apple", "Banana"]
    );
    assert_eq!(select(&html, "ul.food > li").len(), 2);
    assert_eq!(texts(&html, "table#data.wide td"), ["1", "2"]);
    assert_eq!(
        attrs(&html, "table#data td", "style"),
        ["text-align: right"],
        "the columns keep their alignment"
    );
    assert_eq!(select(&html, "hr#rule.divider").len(), 1);
    assert_eq!(
        texts(&html, "div.code-block#indented pre"),
        ["indented code"]
    );
    assert_eq!(texts(&html, "dl.glossary dd"), ["Its definition."]);
    assert_eq!(texts(&html, "h2#install.extra"), ["Setup"]);
    assert_eq!(
        texts(&html, "div.code-block.listing#listing pre.numbered"),
        ["x := 1"]
    );
    // No attribute line shows, and every link reaches its id.
    let text = texts(&html, ".markdown").join(" ");
    assert!(!text.contains('{'), "{text}");
    assert!(broken_links(&public, "/").is_empty());
    let check = lectern_in(site.path(), &["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // The same links without the ids: `check` names them.
    let bare: String = ATTRIBUTED
        .lines()
        .map(|l| match l.find('{') {
            Some(at) if l.ends_with('}') && !l.starts_with("```") => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    write_files(site.path(), [("content/a.md", bare)]);
    let check = lectern_in(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stdout);
    for id in [
        "#first",
        "#cite",
        "#steps",
        "#numbered",
        "#data",
        "#rule",
        "#indented",
        "#install",
    ] {
        assert!(stderr.contains(id), "{id} in {stderr}");
    }
}

#[test]
fn block_attributes_that_go_on_no_block_are_reported_and_left_out() {
    let page = "# A\n\n- one\n\n{.after-blank}\n\n```go\nx := 1\n```\n{.after-fence}\n\n\
                <!-- a comment -->\n{.after-html}\n\n- tight\n  {.in-item}\n\nBetween.\n\n\
                - first\n{.middle}\n- second\n\nText.\n{.one}\n{.two}\n\nA {curly} line stays.\n{not attributes}\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", page)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "warning: content/a.md:5:1: block attributes `{.after-blank}` follow a blank line or open a block",
        "warning: content/a.md:10:1: block attributes `{.after-fence}` after a fenced code block are not given to it, as in Hugo: write them in its info string",
        "warning: content/a.md:13:1: block attributes `{.after-html}` after raw HTML apply to nothing",
        "warning: content/a.md:16:3: block attributes `{.in-item}` go on the text of a tight list item",
        "warning: content/a.md:21:1: block attributes `{.middle}` end a quote or list early in Hugo, which lectern keeps whole; the line is shown as text",
        "warning: content/a.md:26:1: block attributes `{.two}` follow other block attributes",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let html = page_html(site.path());
    let text = texts(&html, ".markdown").join(" ");
    for left_out in [
        "after-blank",
        "after-fence",
        "after-html",
        "in-item",
        "{.one",
        "two",
    ] {
        assert!(!text.contains(left_out), "{left_out} in {text}");
    }
    assert_eq!(texts(&html, "p.one"), ["Text."]);
    assert!(text.contains("first\n{.middle}"), "{text}");
    assert!(
        text.contains("A {curly} line stays.\n{not attributes}"),
        "{text}"
    );
    assert!(
        select(
            &html,
            ".after-blank, .after-fence, .after-html, .in-item, .middle"
        )
        .is_empty()
    );
}

/// The page `a.md` of the site at `site`, built into its `public/`.
fn page_html(site: &std::path::Path) -> scraper::Html {
    page(&site.join("public"), "a/index.html")
}

#[test]
fn an_untrusted_site_keeps_a_blocks_id_and_classes_but_not_its_handlers() {
    let site = site([
        ("site.toml", "title = \"T\"\nraw_html = false\n"),
        (
            "content/a.md",
            "# A\n\nText.\n{.note #first onclick=\"alert(1)\" lang=\"en\"}\n\n\
             > Quote.\n{#q .c onclick=x lang=en}\n\n| a |\n|---|\n| 1 |\n{#t .c onclick=x}\n\n\
             ```go {#code .c onclick=x}\nx := 1\n```\n",
        ),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/a.md:4:1: paragraph attribute `onclick` is left out"),
        "{stderr}"
    );
    for element in ["quote", "table", "code block"] {
        assert!(
            stderr.contains(&format!("{element} attribute `onclick` is left out")),
            "{element}: {stderr}"
        );
    }
    assert_eq!(stderr.matches("attribute `").count(), 4, "{stderr}");
    let html = page_html(site.path());
    assert_eq!(texts(&html, "p#first.note[lang=en]"), ["Text."]);
    assert_eq!(select(&html, "blockquote#q.c[lang=en]").len(), 1);
    assert_eq!(select(&html, "table#t.c").len(), 1);
    assert_eq!(select(&html, "div.code-block#code.c").len(), 1);
    assert!(select(&html, "[onclick]").is_empty());
}
