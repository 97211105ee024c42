//! Math: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, ```` ```math ```` and the
//! `katex`/`math` shortcodes become MathML at build time; dollars in prose
//! and code stay text; a formula that cannot be read is reported at its
//! place.

mod common;

use common::*;

const PAGE: &str = "# Math\n\n\
Merge sort takes $O(n \\log n)$ time; it costs $5 and $10 to run.\n\n\
LaTeX's own \\(a_1 + \\,b\\) works, and\n\\[\n\\sum_{i} x_i\n\\]\nso does display.\n\n\
$$\nT(n) = 2T\\left(\\frac{n}{2}\\right) + \\Theta(n)\n$$\n\n\
```math\n\\binom{n}{k}\n```\n\n\
Code stays: `$x$` and `\\(y\\)`. Not a formula: \\(unclosed *here*.\n\n\
{{< katex >}}\\overline{z}{{< /katex >}} {{< katex display >}}x^2{{< /katex >}}\n";

/// The LaTeX each `<math>` was made from (its annotation), in order.
fn formulas(html: &scraper::Html, css: &str) -> Vec<String> {
    texts(html, &format!("{css} math annotation"))
        .iter()
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn every_form_of_math_becomes_mathml() {
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", PAGE)]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(
        formulas(&html, ".markdown"),
        [
            r"O(n \log n)",
            r"a_1 + \,b",
            r"\sum_{i} x_i",
            r"T(n) = 2T\left(\frac{n}{2}\right) + \Theta(n)",
            r"\binom{n}{k}",
            r"\overline{z}",
            "x^2",
        ]
    );
    assert_eq!(
        formulas(&html, ".math-display"),
        [
            r"\sum_{i} x_i",
            r"T(n) = 2T\left(\frac{n}{2}\right) + \Theta(n)",
            r"\binom{n}{k}",
            "x^2",
        ]
    );
    assert_eq!(attrs(&html, ".math-display > math", "display").len(), 4);
    assert!(
        attrs(&html, ".math-display > math", "display")
            .iter()
            .all(|d| d == "block")
    );
    let text = texts(&html, ".markdown p").join("\n");
    assert!(text.contains("costs $5 and $10 to run."), "{text}");
    assert!(text.contains("Not a formula: (unclosed here."), "{text}");
    assert_eq!(texts(&html, ".markdown p code"), ["$x$", r"\(y\)"]);
    assert_eq!(texts(&html, ".markdown p em"), ["here"]);
}

#[test]
fn a_formula_that_cannot_be_read_is_an_error_at_its_place_or_a_warning_when_lenient() {
    let page = "# A\n\nFine $x$.\n\nBad: $\\foo{x} + 1$ here.\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", page)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/a.md:5:6: formula `\\foo{x} + 1`: unknown command `\\foo`"),
        "{stderr}"
    );

    write_files(
        site.path(),
        [("site.toml", "title = \"T\"\nmath = \"lenient\"\n")],
    );
    let (_tmp, out) = build(site.path());
    let html = common::page(&out, "a/index.html");
    assert_eq!(texts(&html, "code.math-source"), ["\\foo{x} + 1"]);
    assert_eq!(formulas(&html, ".markdown"), ["x"]);
}

#[test]
fn math_off_leaves_dollars_as_text() {
    let site = site([
        ("site.toml", "title = \"T\"\nmath = \"off\"\n"),
        ("content/a.md", "# A\n\nPrice $x$ and \\(y\\).\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert!(select(&html, "math").is_empty());
    assert_eq!(texts(&html, ".markdown p"), ["Price $x$ and (y)."]);
}

#[test]
fn a_formula_the_converter_panics_on_is_a_quiet_error_at_its_place() {
    let page = "# A\n\nText.\n\n```math\n\\begin{cases} &^x \\end{cases}\n```\n\nAfter $y$.\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", page)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/a.md:5:1: formula `\\begin{cases} &^x \\end{cases}`: the converter failed on it (alignment not allowed in current environment)"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
