//! The command line: exit codes, diagnostics, and what a failed build leaves.

mod common;

use common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn broken_front_matter_fails_with_location_and_keeps_previous_output() {
    let site = copy_fixture("course");
    let out = site.path().join("public");
    let ok = lectern(&["build", site.path().to_str().unwrap()]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = tree(&out);

    let intro = site.path().join("content/en/ch1/intro.md");
    let text = std::fs::read_to_string(&intro)
        .unwrap()
        .replace("weight: 1", "weight: [1");
    std::fs::write(&intro, text).unwrap();
    write_files(
        site.path(),
        [("content/ru/ch1/intro.md", "---\ntitle: [Основы]\n---\n")],
    );
    let failed = lectern(&["build", site.path().to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    assert!(err.contains("content/en/ch1/intro.md:6:"), "{err}");
    assert!(
        err.contains(
            "content/ru/ch1/intro.md:2:8: front matter: expected text, found a list for `title`"
        ),
        "{err}"
    );
    assert!(err.contains("2 errors and 1 warning found"), "{err}");
    assert_eq!(
        tree(&out),
        before,
        "a failed build changed the previous output"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(lectern(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(lectern(&["frobnicate"]).status.code(), Some(2));
    let site = copy_fixture("single");
    let foreign = site.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "keep me").unwrap();
    let o = lectern(&[
        "build",
        site.path().to_str().unwrap(),
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lectern did not create"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("mine.txt")).unwrap(),
        "keep me"
    );
    let content = site.path().join("content");
    let o = lectern(&[
        "build",
        site.path().to_str().unwrap(),
        "-o",
        content.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn version_and_help() {
    let v = lectern(&["--version"]);
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("lectern "));
    let h = lectern(&["help"]);
    assert!(h.status.success() && String::from_utf8_lossy(&h.stdout).contains("build"));
}

#[test]
fn success_prints_one_summary_line() {
    let site = copy_fixture("course");
    let o = lectern(&["build", site.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with(
            "Built 22 pages (en 16; ru 3, 13 untranslated; zh 3, 13 untranslated) into "
        ),
        "{stdout}"
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    let site = copy_fixture("single");
    write_files(site.path(), [("content/guide/My-Page.md", "# Clash\n")]);
    let o = lectern(&["build", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("My Page.md")
            && err.contains("My-Page.md")
            && err.contains("guide/My-Page/index.html"),
        "{err}"
    );
}

#[test]
fn template_errors_point_at_the_template_line() {
    let site = copy_fixture("single");
    write_files(
        site.path(),
        [(
            "templates/page.html",
            "<p>\n{{ page.title | nosuchfilter }}\n</p>\n",
        )],
    );
    let o = lectern(&["build", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("templates/page.html:2:"), "{err}");
}

#[test]
fn site_templates_override_the_theme_and_front_matter_picks_one() {
    let site = copy_fixture("single");
    write_files(
        site.path(),
        [
            (
                "templates/page.html",
                "<main id=\"custom\">{{ page.title }}</main>",
            ),
            (
                "templates/landing.html",
                "<main id=\"landing\">{{ page.title }}</main>",
            ),
            (
                "content/promo.md",
                "---\ntitle: Promo\ntemplate: landing\n---\n",
            ),
        ],
    );
    let (_tmp, out) = build(site.path());
    assert_eq!(
        texts(&page(&out, "guide/My-Page/index.html"), "#custom"),
        ["My Page"]
    );
    assert_eq!(
        texts(&page(&out, "promo/index.html"), "#landing"),
        ["Promo"]
    );
    write_files(
        site.path(),
        [(
            "content/promo.md",
            "---\ntitle: Promo\ntemplate: missing\n---\n",
        )],
    );
    let o = lectern(&["build", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("promo.md:3:1: template `missing.html` not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_is_reported_not_panicked() {
    let site = copy_fixture("single");
    write_files(
        site.path(),
        [("content/cp1251.md", b"# \xcf\xf0\xe8\xe2\xe5\xf2\n")],
    );
    let o = lectern(&["build", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cp1251.md:1:3: not valid UTF-8"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_site_toml_that_is_not_utf8_is_an_error_naming_its_encoding() {
    let site = copy_fixture("single");
    // `title = "Привет"` in Windows-1251.
    write_files(
        site.path(),
        [("site.toml", b"title = \"\xcf\xf0\xe8\xe2\xe5\xf2\"\n")],
    );
    let o = lectern_in(site.path(), &["build", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(
            "error: site.toml:1:10: not valid UTF-8 (byte 9); it looks like Windows-1251 (Cyrillic): convert it, e.g. `iconv -f windows-1251 -t UTF-8`\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_directory_without_content_is_not_taken_for_a_site() {
    let dir = site([("notes.txt", "not a site\n")]);
    let out = lectern_in(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).lines().next(),
        Some(
            "error: content: there is no content/ directory: the site directory holds the pages in content/ (name the site directory: `lectern build SITE_DIR`)"
        )
    );
    assert!(!dir.path().join("public").exists());
}
