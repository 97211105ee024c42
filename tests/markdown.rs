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

#[test]
fn block_attributes_on_a_paragraph_are_applied_and_elsewhere_reported() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/a.md",
            "# A\n\nA note for readers.\n{.note #first data-kind=\"x y\"}\n\nSee [it](#first).\n\n\
             - one\n- two\n\n{.checklist}\n\nA {curly} line stays.\n{not attributes}\n",
        ),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: content/a.md:11:1: block attributes `{.checklist}` apply to the block before them"),
        "{stderr}"
    );
    let html = page(&site.path().join("public"), "a/index.html");
    assert_eq!(texts(&html, "p#first.note"), ["A note for readers."]);
    assert_eq!(attrs(&html, "p#first", "data-kind"), ["x y"]);
    let text = texts(&html, ".markdown").join(" ");
    assert!(!text.contains("{.note"), "{text}");
    assert!(!text.contains("{.checklist}"), "{text}");
    assert!(
        text.contains("A {curly} line stays.\n{not attributes}"),
        "{text}"
    );
}

#[test]
fn an_untrusted_site_keeps_a_paragraphs_id_and_classes_but_not_its_handlers() {
    let site = site([
        ("site.toml", "title = \"T\"\nraw_html = false\n"),
        (
            "content/a.md",
            "# A\n\nText.\n{.note #first onclick=\"alert(1)\" lang=\"en\"}\n",
        ),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/a.md:3:1: paragraph attribute `onclick` is left out"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("attribute `").count(), 1, "{stderr}");
    let html = page(&site.path().join("public"), "a/index.html");
    assert_eq!(texts(&html, "p#first.note[lang=en]"), ["Text."]);
    assert!(select(&html, "[onclick]").is_empty());
}
