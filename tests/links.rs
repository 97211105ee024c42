//! Links as authors write them on GitHub and in Hugo: raw HTML resolved
//! from the source file like Markdown, queries on file links, site-absolute
//! links under a base path.

mod common;

use common::*;

#[test]
fn raw_html_links_resolve_from_the_source_file_like_markdown() {
    let dir = site([
        ("site.toml", "base_url = \"https://example.org/course/\"\n"),
        ("content/_index.md", "# Home\n"),
        (
            "content/guide/setup.md",
            "# Setup\n\n<img src=\"../img/fig.png\" alt=\"fig\">\n\n\
             <p>See <a href=\"deploy.md#steps\">deploy</a> and <a href=\"/guide/deploy/\">the same</a>.</p>\n\n\
             ![typora](../img/fig.png?raw=true) <img src=\"../img/fig.png?raw=true&amp;v=2\">\n",
        ),
        ("content/guide/deploy.md", "# Deploy\n\n## Steps\n"),
        ("content/img/fig.png", "png"),
    ]);
    let (_keep, out) = build(dir.path());
    let html = page(&out, "guide/setup/index.html");
    assert_eq!(
        attrs(&html, "main img", "src"),
        [
            "/course/img/fig.png",
            "/course/img/fig.png?raw=true",
            "/course/img/fig.png?raw=true&v=2"
        ]
    );
    assert_eq!(
        attrs(&html, "main p a", "href"),
        ["/course/guide/deploy/#steps", "/course/guide/deploy/"]
    );
    let broken = broken_links(&out, "/course/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_broken_raw_html_link_is_reported_where_it_is_written() {
    let dir = site([(
        "content/a.md",
        "# A\n\nText <img src=\"img/nothing.png\">\n",
    )]);
    let output = lectern_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "error: content/a.md:3:11: image `img/nothing.png`: there is no file content/img/nothing.png"
        ),
        "{err}"
    );
}

#[test]
fn a_site_moving_in_can_count_links_to_nothing_as_warnings() {
    let dir = site([
        ("site.toml", "broken_links = \"warning\"\n"),
        (
            "content/a.md",
            "# A\n\n[gone](gone.md) and [b](b.md#nowhere)\n",
        ),
        ("content/b.md", "# B\n"),
    ]);
    let output = lectern_in(dir.path(), &["build"]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("warning: content/a.md:3:1: link `gone.md`: there is no page content/gone.md"),
        "{err}"
    );
    assert!(
        err.contains("warning: content/a.md:3:21: link `b.md#nowhere`"),
        "{err}"
    );
    assert!(dir.path().join("public/a/index.html").exists());
    // CI can still hold the line.
    let strict = lectern_in(dir.path(), &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_page_its_template_kept_out_is_reported_once_not_at_every_link() {
    let dir = site([
        (
            "content/a.md",
            "# A\n\n[b](b.md) and [b's part](b.md#part)\n",
        ),
        ("content/c.md", "# C\n\n[b](/b/)\n"),
        (
            "content/b.md",
            "---\ntemplate: broken\n---\n# B\n\n## Part\n",
        ),
        (
            "templates/broken.html",
            "{{ page.title }} {{ no_such_value.field }}\n",
        ),
    ]);
    let output = lectern_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(problems.len(), 1, "{err}");
    assert!(
        problems[0].starts_with("error: templates/broken.html:1:"),
        "{err}"
    );
}

#[test]
fn links_written_against_page_urls_work_as_in_hugo() {
    let dir = site([
        (
            "content/guide/setup.md",
            "# Setup\n\n[deploy](../deploy-site) and [again](../deploy-site/#steps)\n",
        ),
        ("content/guide/deploy-site.md", "# Deploy\n\n## Steps\n"),
        ("content/ch1/a.md", "# A\n\n![zero](../assets/0.png)\n"),
        ("content/ch1/assets/0.png", "png"),
    ]);
    let (_keep, out) = build(dir.path());
    let setup = page(&out, "guide/setup/index.html");
    assert_eq!(
        attrs(&setup, "main p a", "href"),
        ["../deploy-site", "../deploy-site/#steps"]
    );
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:?}");

    // What neither the source file nor the page's URL leads to is an error
    // that says both.
    write_files(
        dir.path(),
        [("content/ch1/b.md", "# B\n\n![none](../nothing.png)\n")],
    );
    let output = lectern_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "error: content/ch1/b.md:3:1: image `../nothing.png`: there is no file content/nothing.png, and the site has nothing at /ch1/nothing.png"
        ),
        "{err}"
    );
}

const TWO_LANGUAGES: &str = "[languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n";

#[test]
fn the_default_language_can_live_at_the_root_as_in_hugo() {
    let dir = site([
        (
            "site.toml",
            format!("default_language_in_subdir = false\n{TWO_LANGUAGES}"),
        ),
        ("content/en/_index.md", "# Home\n".to_string()),
        (
            "content/en/docs/a.md",
            "---\naliases: [old-a]\n---\n# A\n\n[b](/docs/b/) [ru](/ru/docs/a/)\n".to_string(),
        ),
        ("content/en/docs/b.md", "# B\n".to_string()),
        ("content/ru/_index.md", "# Главная\n".to_string()),
        ("content/ru/docs/a.md", "# А\n".to_string()),
    ]);
    let (_keep, out) = build(dir.path());
    assert_eq!(texts(&page(&out, "index.html"), "main h1"), ["Home"]);
    assert_eq!(texts(&page(&out, "docs/a/index.html"), "main h1"), ["A"]);
    assert_eq!(texts(&page(&out, "ru/docs/a/index.html"), "main h1"), ["А"]);
    assert!(out.join("docs/old-a/index.html").exists());
    assert!(out.join("search/meta.json.gz").exists());
    assert!(out.join("ru/search/meta.json.gz").exists());
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_site_absolute_link_missing_only_its_language_gets_the_right_url_suggested() {
    let dir = site([
        ("site.toml", TWO_LANGUAGES.to_string()),
        ("content/en/docs/a.md", "# A\n\n[b](/docs/b/)\n".to_string()),
        ("content/en/docs/b.md", "# B\n".to_string()),
    ]);
    let output = lectern_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "error: content/en/docs/a.md:3:1: link `/docs/b/`: the site has nothing at /docs/b/; did you mean `/en/docs/b/`?"
        ),
        "{err}"
    );
}

#[test]
fn a_page_can_give_its_whole_path_with_url() {
    let dir = site([
        ("site.toml", TWO_LANGUAGES.to_string()),
        (
            "content/en/guide/_index.md",
            "---\nurl: /handbook/\n---\n# Guide\n".to_string(),
        ),
        (
            "content/en/guide/setup.md",
            "---\nurl: /start/here\n---\n# Setup\n".to_string(),
        ),
        (
            "content/en/guide/deploy.md",
            "# Deploy\n\n[setup](setup.md)\n".to_string(),
        ),
        (
            "content/ru/guide/setup.md",
            "---\nurl: /начало/\n---\n# Установка\n".to_string(),
        ),
    ]);
    let (_keep, out) = build(dir.path());
    assert_eq!(
        texts(&page(&out, "en/handbook/index.html"), "main h1"),
        ["Guide"]
    );
    assert_eq!(
        texts(&page(&out, "en/start/here/index.html"), "main h1"),
        ["Setup"]
    );
    // Its children keep the path of their files, as in Hugo.
    let deploy = page(&out, "en/guide/deploy/index.html");
    assert_eq!(attrs(&deploy, "main p a", "href"), ["/en/start/here/"]);
    assert_eq!(
        texts(&page(&out, "ru/начало/index.html"), "main h1"),
        ["Установка"]
    );
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_slug_with_nothing_to_make_a_url_of_says_so() {
    let dir = site([("content/a.md", "---\ntitle: A\nslug: /\n---\nText.\n")]);
    let output = lectern_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "error: content/a.md:3:7: slug \"/\" has no letter or digit to make the last part of the page's URL of; write one that has, or give the page's whole path with `url` (`url: /about/`)"
        ),
        "{err}"
    );
}

#[test]
fn relative_aliases_start_from_the_page_and_translations_and_fallbacks_keep_theirs() {
    let dir = site([
        (
            "site.toml",
            format!("untranslated = \"fallback\"\n{TWO_LANGUAGES}"),
        ),
        (
            "content/en/docs/shortcodes/tabs.md",
            "---\naliases: [callouts, /old/tabs/]\n---\n# Tabs\n".to_string(),
        ),
        (
            "content/ru/docs/shortcodes/tabs.md",
            "---\naliases: [callouts]\n---\n# Вкладки\n".to_string(),
        ),
        (
            "content/en/only.md",
            "---\naliases: [/gone/, was-only]\n---\n# Only in English\n".to_string(),
        ),
    ]);
    let (_keep, out) = build(dir.path());
    let target = |rel: &str| attrs(&page(&out, rel), "meta[http-equiv=refresh]", "content");
    assert_eq!(
        target("en/docs/shortcodes/callouts/index.html"),
        ["0; url=/en/docs/shortcodes/tabs/"]
    );
    assert_eq!(
        target("ru/docs/shortcodes/callouts/index.html"),
        ["0; url=/ru/docs/shortcodes/tabs/"]
    );
    assert_eq!(
        target("old/tabs/index.html"),
        ["0; url=/en/docs/shortcodes/tabs/"]
    );
    // The fallback copy in Russian has its relative alias, not the site-wide one.
    assert_eq!(target("gone/index.html"), ["0; url=/en/only/"]);
    assert_eq!(target("ru/was-only/index.html"), ["0; url=/ru/only/"]);
}

#[test]
fn a_hugo_tree_in_content_en_without_languages_is_told_what_to_declare() {
    let dir = site([
        ("content/en/_index.md", "# Home\n"),
        ("content/en/usage/setup.md", "# Setup\n"),
    ]);
    let output = lectern_in(dir.path(), &["build"]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "warning: content/en: every page is in content/en/, but site.toml declares no languages, so `en` is a section and every URL starts with /en/: add `[languages.en]`"
        ),
        "{err}"
    );
    // A course whose one top directory merely looks like a code is left alone.
    let course = site([("content/go/intro.md", "# Intro\n")]);
    let output = lectern_in(course.path(), &["build"]);
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("declares no languages"));
}
