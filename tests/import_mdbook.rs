//! An mdBook moves in: `lectern import mdbook` writes a site.toml and
//! changes nothing else, and the book then builds as mdBook reads it: in
//! SUMMARY.md's order, with its parts, drafts and titles, its directives
//! expanded, its hidden Rust lines hidden, its old `.html` URLs working.

mod common;

use std::path::Path;

use common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fixture book, copied, imported (checked to succeed) and built.
fn imported_book() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let dir = copy_fixture("book");
    let o = lectern_in(dir.path(), &["import", "mdbook", "."]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let (tmp, out) = build(dir.path());
    (dir, tmp, out)
}

/// Each HTML page's text as a reader sees it (tags dropped).
fn visible_text(out: &Path, rel: &str) -> String {
    let html = page(out, rel);
    texts(&html, "main").concat()
}

#[test]
fn import_writes_site_toml_says_what_did_not_carry_over_and_changes_no_chapter() {
    let dir = copy_fixture("book");
    let before = tree(dir.path());
    let o = lectern_in(dir.path(), &["import", "mdbook", "."]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stdout(&o).starts_with(
            "Wrote site.toml from book.toml. No content file was changed. Next:\n  lectern serve"
        ),
        "{}",
        stdout(&o)
    );
    // One line each, in book.toml's order, at the setting's line.
    let notes: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    let keys: Vec<&str> = notes
        .iter()
        .map(|n| n.split('`').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        keys,
        [
            "rust.edition",
            "output.html.additional-css",
            "output.html.playground",
            "preprocessor.katex"
        ],
        "{notes:#?}"
    );
    assert!(
        notes[0].starts_with("note: book.toml:9: `rust.edition` is not carried over: "),
        "{}",
        notes[0]
    );
    let mut after = tree(dir.path());
    let site_toml = String::from_utf8(after.remove("site.toml").unwrap()).unwrap();
    assert_eq!(after, before, "no file but site.toml is written or changed");
    for line in [
        "title = \"Книга примеров\"",
        "base_url = \"/book/\"",
        "content_dir = \"src\"",
        "summary = \"SUMMARY.md\"",
        "number_chapters = true",
        "edit_url = \"https://github.com/example/book/edit/main/src/\"",
        "menu = [{ name = \"GitHub\", url = \"https://github.com/example/book\" }]",
        "authors = [\"Анна\", \"Li Wei\"]",
        "hidden_lines = { \"python\" = \"~\" }",
    ] {
        assert!(site_toml.lines().any(|l| l == line), "{line}\n{site_toml}");
    }
    assert!(
        !site_toml.contains("math"),
        "mathjax-support leaves math on"
    );
}

#[test]
fn import_keeps_an_existing_site_toml_unless_forced_and_then_backs_it_up() {
    let dir = copy_fixture("book");
    std::fs::write(dir.path().join("site.toml"), "title = \"Mine\"\n").unwrap();
    let o = lectern_in(dir.path(), &["import", "mdbook", "."]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("site.toml: exists already; nothing was written"),
        "{}",
        stderr(&o)
    );
    let o = lectern_in(dir.path(), &["import", "mdbook", ".", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let backup = std::fs::read_to_string(dir.path().join("site.toml.bak")).unwrap();
    assert_eq!(backup, "title = \"Mine\"\n");
    // Again: site.toml holds what the import gives, so nothing is written
    // and the backup of the user's own stays.
    let o = lectern_in(dir.path(), &["import", "mdbook", ".", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stdout(&o).contains("it was left as it is"),
        "{}",
        stdout(&o)
    );
    let backup = std::fs::read_to_string(dir.path().join("site.toml.bak")).unwrap();
    assert_eq!(backup, "title = \"Mine\"\n");
}

#[test]
fn import_misuse_and_a_directory_without_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let o = lectern_in(dir.path(), &["import", "mdbook", "missing"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = lectern_in(dir.path(), &["import", "gitbook", "."]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = lectern_in(dir.path(), &["import", "mdbook", "."]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("book.toml: there is no book.toml here"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \n").unwrap();
    let o = lectern_in(dir.path(), &["import", "mdbook", "."]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stderr(&o).contains("book.toml:2:"), "{}", stderr(&o));
    assert!(!dir.path().join("site.toml").exists());
}

#[test]
fn the_sidebar_is_the_summary_with_parts_drafts_separators_and_numbers() {
    let (_dir, _tmp, out) = imported_book();
    let html = page(&out, "start/index.html");
    let entries: Vec<String> = select(&html, "#sidebar li")
        .iter()
        .map(|li| {
            let class = li.value().attr("class").unwrap_or_default();
            // The entry's own text: its link or label, not its children's
            // (a section's link stands before the toggle that folds them).
            let label = scraper::Selector::parse(":scope > :is(a, span)").unwrap();
            let own: String = match li.select(&label).next() {
                Some(label) => label.text().collect(),
                None => li.text().collect(),
            };
            format!("{class}: {}", own.trim())
        })
        .collect();
    assert_eq!(
        entries,
        [
            "nav-page: Введение",
            "nav-part: Часть первая",
            "nav-section nav-branch current: 1 Начало",
            "nav-page: 1.1 Установка",
            "nav-page: 1.2 Черновик",
            "nav-page: 2 Включения",
            "nav-part: 第二部分",
            "nav-section nav-branch: 3 代码",
            "nav-page: 3.1 Скрытые строки",
            "nav-separator: ",
            "nav-page: Послесловие",
        ]
    );
    // The draft is listed, not linked.
    assert_eq!(texts(&html, "#sidebar .nav-draft"), ["1.2 Черновик"]);
    assert_eq!(
        attrs(&html, "#sidebar a", "href"),
        [
            "/book/",
            "/book/start/",
            "/book/start/install/",
            "/book/includes/",
            "/book/code/",
            "/book/code/hidden/",
            "/book/afterword/"
        ]
    );
}

#[test]
fn pages_are_read_in_summary_order_under_their_own_headings() {
    let (_dir, _tmp, out) = imported_book();
    let chain = [
        ("index.html", "Introduction"),
        ("start/index.html", "Getting started"),
        ("start/install/index.html", "Install"),
        ("includes/index.html", "Includes"),
        ("code/index.html", "代码示例"),
        ("code/hidden/index.html", "Hidden lines"),
        ("afterword/index.html", "Afterword"),
    ];
    let summary_titles = [
        "Введение",
        "Начало",
        "Установка",
        "Включения",
        "代码",
        "Скрытые строки",
        "Послесловие",
    ];
    for (i, (file, heading)) in chain.iter().enumerate() {
        let html = page(&out, file);
        let title = texts(&html, "h1.page-title").concat();
        assert!(title.ends_with(heading), "{file}: {title}");
        let next = texts(&html, "a[rel=next] .pager-title");
        let prev = texts(&html, "a[rel=prev] .pager-title");
        let want_next: Vec<&str> = summary_titles.get(i + 1).into_iter().copied().collect();
        let want_prev: Vec<&str> = i
            .checked_sub(1)
            .map(|p| summary_titles[p])
            .into_iter()
            .collect();
        assert_eq!(next, want_next, "{file}");
        assert_eq!(prev, want_prev, "{file}");
    }
    // `{{#title}}` makes the whole <title>; others are "chapter · book".
    let titles = |file: &str| texts(&page(&out, file), "title");
    assert_eq!(titles("includes/index.html"), ["Includes, a custom title"]);
    assert_eq!(
        titles("start/install/index.html"),
        ["Install · Книга примеров"]
    );
    // A file the summary does not list is no page.
    assert!(!out.join("unlisted").exists() && !out.join("unlisted.html").exists());
    assert!(!out.join("part").exists());
}

#[test]
fn directives_are_expanded_and_hidden_lines_hidden() {
    let (_dir, _tmp, out) = imported_book();
    let html = page(&out, "includes/index.html");
    let code = texts(&html, ".markdown pre");
    assert_eq!(
        code,
        [
            "// ANCHOR: body\n    let greeting = \"привет\";",
            "let greeting = \"привет\";\n    println!(\"{greeting}\");",
            "fn main() {\n    // ANCHOR: body",
            "fn main() {\n    // ANCHOR: body\n    let greeting = \"привет\";\n    println!(\"{greeting}\");\n    // ANCHOR_END: body\n}",
        ]
    );
    assert_eq!(
        attrs(&html, ".markdown pre", "data-lang"),
        ["rust", "rust", "text", "rust"]
    );
    assert_eq!(
        texts(&html, ".markdown p code"),
        ["println!(\"{greeting}\");"]
    );
    let text = visible_text(&out, "includes/index.html");
    assert!(
        text.contains("Этот абзац включён из другого файла."),
        "{text}"
    );
    // The escaped directive is its own text, without the backslash.
    assert!(
        text.contains("Written as text: {{#include listing.rs}}"),
        "{text}"
    );
    let hidden = page(&out, "code/hidden/index.html");
    assert_eq!(
        texts(&hidden, ".markdown pre"),
        [
            "let visible = 1;\n#[derive(Debug)]",
            "# a shell comment stays\necho ok",
            "print(\"shown\")",
            "let greeting = \"привет\";\n    println!(\"{greeting}\");",
        ]
    );
    // No directive is left as raw text anywhere but where it was escaped.
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let raw = text.matches("{{#").count();
        let want = usize::from(rel == "includes/index.html");
        assert_eq!(raw, want, "{rel}");
    }
}

#[test]
fn mdbook_urls_keep_working() {
    let (_dir, _tmp, out) = imported_book();
    // The old chapter files redirect to the pages, keeping a #fragment.
    for (old, new) in [
        ("start.html", "/book/start/"),
        ("start/install.html", "/book/start/install/"),
        ("includes.html", "/book/includes/"),
        ("code/hidden.html", "/book/code/hidden/"),
        ("afterword.html", "/book/afterword/"),
    ] {
        let html = page(&out, old);
        let refresh = attrs(&html, "meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={new}")], "{old}");
        let script = texts(&html, "script").concat();
        assert!(script.contains("location.hash"), "{old}: {script}");
    }
    // README.md is its directory's index.html, as in mdBook: the page itself.
    assert_eq!(
        texts(&page(&out, "code/index.html"), "h1.page-title").concat(),
        "3 代码示例"
    );
    assert!(
        texts(&page(&out, "index.html"), "h1.page-title")
            .concat()
            .ends_with("Introduction")
    );
    // A link written to mdBook's file reaches the page; images are copied
    // where mdBook puts them.
    let home = page(&out, "index.html");
    assert_eq!(
        attrs(&home, ".markdown a", "href"),
        ["/book/start/", "/book/code/"]
    );
    assert_eq!(
        attrs(&home, ".markdown img", "src"),
        ["/book/images/logo.svg"]
    );
    assert!(out.join("images/logo.svg").is_file());
    // mdBook's MathJax delimiters make a formula.
    assert_eq!(select(&home, ".markdown math").len(), 1);
    assert!(
        broken_links(&out, "/book/").is_empty(),
        "{:?}",
        broken_links(&out, "/book/")
    );
}

#[test]
fn a_missing_chapter_or_include_is_an_error_at_its_place() {
    let dir = copy_fixture("book");
    lectern_in(dir.path(), &["import", "mdbook", "."]);
    write_files(
        dir.path(),
        [
            (
                "src/SUMMARY.md",
                "# Summary\n\n[Введение](README.md)\n\n- [Нет файла](missing.md)\n- [Включения](includes.md)\n",
            ),
            (
                "src/includes.md",
                "# Includes\n\n```rust\n{{#include listing.rs:nowhere}}\n```\n\n{{#include gone.rs}}\n\n{{#include ../../outside.rs}}\n\n{{#include listing.rs:9:12}}\n",
            ),
        ],
    );
    let o = lectern_in(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = stderr(&o);
    for line in [
        "error: src/SUMMARY.md:5:3: chapter `Нет файла` links to src/missing.md, which does not exist",
        "error: src/includes.md:4:1: `{{#include listing.rs:nowhere}}`: the file has no `ANCHOR: nowhere`",
        "error: src/includes.md:7:1: `{{#include gone.rs}}`: no such file: src/gone.rs",
        "error: src/includes.md:11:1: `{{#include listing.rs:9:12}}`: asks for lines 9–12, and the file has 6 lines",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert!(
        err.contains("src/includes.md:9:1: `{{#include ../../outside.rs}}`: ")
            && err.contains("is outside the site directory"),
        "{err}"
    );
}

#[test]
fn mdbook_directives_in_a_site_that_is_no_book_are_named() {
    let site = site([(
        "content/a.md",
        "# A\n\nText {{#include x.rs}} here.\n\n```\n{{#include x.rs}}\n```\n",
    )]);
    let o = lectern_in(site.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let err = stderr(&o);
    assert_eq!(err.matches("mdBook's").count(), 1, "{err}");
    assert!(
        err.contains(
            "warning: content/a.md:3:6: mdBook's `{{#include}}` is expanded only in a book"
        ),
        "{err}"
    );
}

#[test]
fn each_language_of_a_book_has_its_own_summary() {
    let book = site([
        (
            "site.toml",
            "content_dir = \"src\"\nsummary = \"SUMMARY.md\"\ndefault_language_in_subdir = false\n[languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n",
        ),
        (
            "src/en/SUMMARY.md",
            "- [Intro](intro.md)\n- [Loops](loops.md)\n",
        ),
        ("src/en/intro.md", "# Intro\n"),
        ("src/en/loops.md", "# Loops\n"),
        (
            "src/ru/SUMMARY.md",
            "- [Циклы](loops.md)\n- [Введение](intro.md)\n",
        ),
        ("src/ru/intro.md", "# Введение\n"),
        ("src/ru/loops.md", "# Циклы\n"),
    ]);
    let (_tmp, out) = build(book.path());
    let sidebar = |file: &str| attrs(&page(&out, file), "#sidebar a", "href");
    assert_eq!(sidebar("index.html"), ["/", "/loops/"]);
    // Russian reads in its own order: its first chapter is its home.
    assert_eq!(sidebar("ru/index.html"), ["/ru/", "/ru/intro/"]);
    assert_eq!(
        texts(&page(&out, "ru/index.html"), "h1.page-title"),
        ["Циклы"]
    );
    assert_eq!(
        attrs(
            &page(&out, "ru/loops.html"),
            "meta[http-equiv=refresh]",
            "content"
        ),
        ["0; url=/ru/"]
    );
}
