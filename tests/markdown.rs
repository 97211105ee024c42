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
