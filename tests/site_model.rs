//! Hugo's site model as lectern honours it: pages that stay out of the
//! sidebar, sections listed flat or collapsed, pages never written.

mod common;

use common::*;

fn sidebar_links(out: &std::path::Path, rel: &str) -> Vec<String> {
    texts(&page(out, rel), ".sidebar a")
}

#[test]
fn hidden_pages_are_built_but_not_listed_nor_chained() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        ("content/a.md", "---\ntitle: A\nweight: 1\n---\nA.\n"),
        (
            "content/secret.md",
            "---\ntitle: Secret\nweight: 2\nbookHidden: true\n---\nS.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\nweight: 3\n---\nSee [s](secret.md).\n",
        ),
        (
            "content/old/_index.md",
            "---\ntitle: Old\nweight: 4\ngeekdocHidden: true\n---\n",
        ),
        ("content/old/x.md", "---\ntitle: X\n---\nX.\n"),
    ]);
    let (_tmp, out) = build(site.path());
    assert_eq!(sidebar_links(&out, "a/index.html"), ["A", "C"]);
    // The hidden page is written, its links work, it is in the sitemap.
    assert_eq!(texts(&page(&out, "secret/index.html"), "h1"), ["Secret"]);
    assert!(broken_links(&out, "/").is_empty());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/secret/"), "{sitemap}");
    assert!(sitemap.contains("/old/x/"), "{sitemap}");
    // The chain skips it and everything below a hidden section.
    assert_eq!(
        attrs(&page(&out, "a/index.html"), "a[rel=next]", "href"),
        ["/c/"]
    );
    assert!(attrs(&page(&out, "c/index.html"), "a[rel=next]", "href").is_empty());
    // The home's listing leaves them out too.
    let listed = texts(&page(&out, "index.html"), "main a");
    assert!(
        !listed.iter().any(|t| t == "Secret" || t == "Old"),
        "{listed:?}"
    );
}

#[test]
fn flat_and_collapsed_sections_in_the_sidebar() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        (
            "content/flat/_index.md",
            "---\ntitle: Flat\nweight: 1\nbookFlatSection: true\n---\n",
        ),
        ("content/flat/f.md", "---\ntitle: F\n---\n"),
        (
            "content/shut/_index.md",
            "---\ntitle: Shut\nweight: 2\nbookCollapseSection: true\n---\n",
        ),
        ("content/shut/s.md", "---\ntitle: S\n---\n"),
        (
            "content/open/_index.md",
            "---\ntitle: Open\nweight: 3\n---\n",
        ),
        ("content/open/o.md", "---\ntitle: O\n---\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let home = page(&out, "index.html");
    // A flat section has no toggle: its title is a plain link over its pages.
    assert_eq!(texts(&home, ".sidebar .nav-flat > a"), ["Flat"]);
    assert_eq!(texts(&home, ".sidebar .nav-flat + ul a"), ["F"]);
    // A collapsed one is shut until one of its pages is read.
    let open_titles = |html: &scraper::Html| texts(html, ".sidebar details[open] > summary");
    assert_eq!(open_titles(&home), ["Open"]);
    assert_eq!(
        open_titles(&page(&out, "shut/s/index.html")),
        ["Shut", "Open"]
    );
}

#[test]
fn unrendered_pages_and_their_files_are_not_written() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        (
            "content/draftish.md",
            "---\ntitle: D\nbuild:\n  render: never\n  list: never\n---\n",
        ),
        ("content/shared/index.md", "---\nheadless: true\n---\n"),
        ("content/shared/logo.png", "png"),
        (
            "content/local.md",
            "---\ntitle: Local\nbuild: { list: local }\n---\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    assert!(!out.join("draftish").exists());
    assert!(
        !out.join("shared").exists(),
        "a headless bundle's files stay unpublished"
    );
    // Listed only in its section: in the sidebar, not in the sitemap.
    assert_eq!(sidebar_links(&out, "a/index.html"), ["A", "Local"]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/local/"), "{sitemap}");
}

#[test]
fn a_build_option_that_is_not_hugos_is_an_error_at_its_line() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        (
            "content/a.md",
            "---\ntitle: A\nbuild:\n  render: sometimes\n---\n",
        ),
    ]);
    let output = lectern_in(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("a.md:3:7: front matter: `build.render` is one of `always`, `never`, `link`, not \"sometimes\""),
        "{report}"
    );
}

#[test]
fn tags_and_categories_get_pages_linked_from_the_pages_that_carry_them() {
    let site = site([
        ("site.toml", "title = \"Go\"\n"),
        (
            "content/a.md",
            "---\ntitle: Channels\ndate: 2024-02-01\ntags: [Go, concurrency]\ncategories: basics\n---\nA.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: Mutexes\ndate: 2024-03-01\nTags: [go, sync]\n---\nB.\n",
        ),
        ("content/c.md", "---\ntitle: Untagged\n---\nC.\n"),
    ]);
    let (_tmp, out) = build(site.path());
    // The taxonomy lists its terms by name, with their page counts.
    let tags = page(&out, "tags/index.html");
    assert_eq!(texts(&tags, "h1"), ["Tags"]);
    assert_eq!(
        texts(&tags, ".term-list li > a"),
        ["concurrency", "go", "sync"]
    );
    assert_eq!(texts(&tags, ".term-count"), ["1 page", "2 pages", "1 page"]);
    // `Go` and `go` are one term, named as first met in reading order (newest first here).
    let go = page(&out, "tags/go/index.html");
    assert_eq!(texts(&go, "h1"), ["go"]);
    assert_eq!(texts(&go, ".section-pages li > a"), ["Mutexes", "Channels"]);
    assert_eq!(texts(&go, ".breadcrumbs a"), ["Go", "Tags"]);
    // A page links its terms, grouped by taxonomy.
    let a = page(&out, "a/index.html");
    assert_eq!(texts(&a, ".page-terms-title"), ["Categories", "Tags"]);
    assert_eq!(
        attrs(&a, ".page-terms a[rel=tag]", "href"),
        ["/categories/basics/", "/tags/go/", "/tags/concurrency/"]
    );
    assert!(texts(&page(&out, "c/index.html"), ".page-terms").is_empty());
    // Not in the sidebar, in the sitemap.
    assert_eq!(
        sidebar_links(&out, "a/index.html"),
        ["Mutexes", "Channels", "Untagged"]
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for url in ["/tags/", "/tags/go/", "/categories/basics/"] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url}: {sitemap}"
        );
    }
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn terms_are_translated_by_their_urls_and_titled_in_each_language() {
    let site = site([
        (
            "site.toml",
            "title = \"Go\"\nbase_url = \"https://example.org/\"\n[taxonomies]\ntag = \"tags\"\nseries = \"series\"\n[languages.en]\n[languages.ru]\n",
        ),
        (
            "content/en/a.md",
            "---\ntitle: A\ntags: [go]\nseries: [Basics]\n---\n",
        ),
        (
            "content/ru/a.md",
            "---\ntitle: А\ntags: [go, Горутины]\n---\n",
        ),
        (
            "content/ru/series/_index.md",
            "---\ntitle: Циклы\n---\nВсе циклы курса.\n",
        ),
        ("i18n/ru.toml", "series = \"Серии\"\n"),
    ]);
    let (_tmp, out) = build(site.path());
    assert_eq!(texts(&page(&out, "ru/tags/index.html"), "h1"), ["Теги"]);
    assert_eq!(
        texts(&page(&out, "ru/tags/index.html"), ".term-list li > a"),
        ["go", "Горутины"]
    );
    assert!(out.join("ru/tags/горутины/index.html").exists());
    // A custom taxonomy takes its title from the site's strings, or its
    // `_index.md`, else its name.
    assert_eq!(texts(&page(&out, "en/series/index.html"), "h1"), ["Series"]);
    assert_eq!(texts(&page(&out, "ru/series/index.html"), "h1"), ["Циклы"]);
    // The same term in two languages is one page translated.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"ru\" href=\"https://example.org/ru/tags/go/\"/>"),
        "{sitemap}"
    );
    // An untranslated tag's page says nothing of other languages.
    let switch = attrs(
        &page(&out, "en/tags/go/index.html"),
        "link[hreflang=ru]",
        "href",
    );
    assert_eq!(switch, ["https://example.org/ru/tags/go/"]);
}

#[test]
fn a_site_without_taxonomies_builds_no_term_pages_and_says_so() {
    let site = site([
        ("site.toml", "title = \"Go\"\ntaxonomies = {}\n"),
        ("content/a.md", "---\ntitle: A\ntags: [go]\n---\n"),
    ]);
    let (_tmp, out) = build(site.path());
    assert!(!out.join("tags").exists());
    let output = lectern_in(site.path(), &["check"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("front matter `tags` means something in Hugo"),
        "{report}"
    );
}

/// The feed at `rel`, read and checked against RSS 2.0's rules.
fn feed(out: &std::path::Path, rel: &str) -> rss::Channel {
    use rss::validation::Validate;
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let channel = rss::Channel::read_from(&bytes[..]).unwrap();
    channel.validate().unwrap_or_else(|e| panic!("{rel}: {e}"));
    channel
}

fn item_titles(channel: &rss::Channel) -> Vec<&str> {
    channel.items().iter().filter_map(|i| i.title()).collect()
}

#[test]
fn feeds_per_language_section_and_term_newest_first_with_summaries() {
    let site = site([
        (
            "site.toml",
            "title = \"Go\"\nbase_url = \"https://example.org/docs/\"\n[feed]\nlimit = 2\n",
        ),
        (
            "content/basics/_index.md",
            "---\ntitle: Basics & more\n---\n",
        ),
        (
            "content/basics/a.md",
            "---\ntitle: Old\ndate: 2024-01-01\ntags: [go]\n---\nIntro of A.\n\n<!--more-->\n\nThe rest of A.\n",
        ),
        (
            "content/basics/b.md",
            "---\ntitle: New <b>\ndate: 2024-06-01T10:30:00+02:00\nsummary: Own *summary*.\n---\nBody of B.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: Undated\n---\nFirst words of C.\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let home = feed(&out, "index.xml");
    assert_eq!(home.link(), "https://example.org/docs/");
    // Newest first, at most `limit`.
    assert_eq!(item_titles(&home), ["New <b>", "Old"]);
    let new = &home.items()[0];
    assert_eq!(new.link(), Some("https://example.org/docs/basics/b/"));
    assert_eq!(new.pub_date(), Some("Sat, 01 Jun 2024 08:30:00 +0000"));
    assert_eq!(new.description(), Some("Own summary."));
    assert_eq!(home.items()[1].description(), Some("Intro of A."));
    assert_eq!(
        home.last_build_date(),
        Some("Sat, 01 Jun 2024 08:30:00 +0000")
    );
    let section = feed(&out, "basics/index.xml");
    assert_eq!(section.title(), "Basics & more – Go");
    assert_eq!(item_titles(&feed(&out, "tags/go/index.xml")), ["Old"]);
    // Linked from the pages that have one.
    let head = attrs(
        &page(&out, "basics/index.html"),
        "link[rel=alternate][type='application/rss+xml']",
        "href",
    );
    assert_eq!(head, ["/docs/basics/index.xml"]);
    assert!(
        attrs(
            &page(&out, "c/index.html"),
            "link[type='application/rss+xml']",
            "href"
        )
        .is_empty()
    );
    // Section listings show summaries where there is no description.
    let listed = texts(&page(&out, "basics/index.html"), ".section-pages li > p");
    assert_eq!(listed, ["Own summary.", "Intro of A."]);
}

#[test]
fn feeds_carry_whole_pages_when_asked_and_need_an_absolute_base_url() {
    let pages = [
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\nSee [b](b.md).\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\nB.\n"),
    ];
    let full = site(
        [(
            "site.toml",
            "title = \"Go\"\nbase_url = \"https://example.org/\"\n[feed]\nfull_content = true\n",
        )]
        .into_iter()
        .chain(pages),
    );
    let (_tmp, out) = build(full.path());
    let home = feed(&out, "index.xml");
    let a = home
        .items()
        .iter()
        .find(|i| i.title() == Some("A"))
        .unwrap();
    assert!(
        a.description().unwrap().contains("<a href=\"/b/\">b</a>"),
        "{:?}",
        a.description()
    );
    let relative = site([("site.toml", "title = \"Go\"\n")].into_iter().chain(pages));
    let (_tmp, out) = build(relative.path());
    assert!(!out.join("index.xml").exists());
    let off = site(
        [(
            "site.toml",
            "title = \"Go\"\nbase_url = \"https://example.org/\"\n[feed]\nenabled = false\n",
        )]
        .into_iter()
        .chain(pages),
    );
    let (_tmp, out) = build(off.path());
    assert!(!out.join("index.xml").exists());
}

#[test]
fn a_sections_cascade_reaches_every_page_below_it_unless_they_say_otherwise() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        (
            "content/old/_index.md",
            "---\ntitle: Old\ncascade:\n  hidden: true\n  tags: [legacy]\n  params:\n    banner: old\n---\n",
        ),
        ("content/old/a.md", "---\ntitle: A\n---\n"),
        (
            "content/old/deep/_index.md",
            "---\ntitle: Deep\ncascade:\n  tags: [deeper]\n---\n",
        ),
        ("content/old/deep/b.md", "---\ntitle: B\n---\n"),
        ("content/old/c.md", "---\ntitle: C\ntags: [own]\n---\n"),
        ("content/new.md", "---\ntitle: New\n---\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p id=banner>{{ page.params.banner | default(value=\"none\") }}</p>{% endblock main %}",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    // The section itself keeps its place; what is below it is hidden.
    assert_eq!(sidebar_links(&out, "new/index.html"), ["New", "Old"]);
    assert_eq!(texts(&page(&out, "old/a/index.html"), "#banner"), ["old"]);
    assert_eq!(texts(&page(&out, "new/index.html"), "#banner"), ["none"]);
    // The nearest section's cascade wins; a page's own front matter wins.
    assert!(out.join("tags/legacy/index.html").exists());
    let deeper = texts(
        &page(&out, "tags/deeper/index.html"),
        ".section-pages li > a",
    );
    assert_eq!(deeper, ["B"]);
    let own = texts(&page(&out, "tags/own/index.html"), ".section-pages li > a");
    assert_eq!(own, ["C"]);
    let legacy = texts(
        &page(&out, "tags/legacy/index.html"),
        ".section-pages li > a",
    );
    assert_eq!(legacy, ["A", "Deep"]);
}

#[test]
fn the_main_menu_takes_site_links_page_refs_and_pages_that_ask_by_weight() {
    let site = site([
        (
            "site.toml",
            "title = \"Go\"\nmenu = [\n  { name = \"Repo\", url = \"https://example.org/repo\" },\n  { name = \"Start\", page_ref = \"/basics/_index.md\", weight = 1 },\n]\n",
        ),
        ("content/basics/_index.md", "---\ntitle: Basics\n---\n"),
        (
            "content/about.md",
            "---\ntitle: About us\nmenu:\n  main:\n    name: About\n    weight: 2\n---\n",
        ),
        ("content/faq.md", "---\ntitle: FAQ\nmenu: main\n---\n"),
        (
            "content/other.md",
            "---\ntitle: Other\nmenu:\n  footer:\n    weight: 1\n---\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let home = page(&out, "index.html");
    assert_eq!(
        texts(&home, ".site-menu a"),
        ["Start", "About", "Repo", "FAQ"]
    );
    assert_eq!(
        attrs(&home, ".site-menu a", "href"),
        ["/basics/", "/about/", "https://example.org/repo", "/faq/"]
    );
    // A menu lectern does not build is named.
    let report = String::from_utf8_lossy(&lectern_in(site.path(), &["check"]).stdout).to_string();
    assert!(
        report.contains("other.md:3:1: front matter `menu` means something in Hugo that lectern does not do yet: only the `main` menu"),
        "{report}"
    );
}

#[test]
fn a_page_ref_to_nothing_is_an_error() {
    let site = site([
        (
            "site.toml",
            "title = \"Go\"\nmenu = [{ name = \"Start\", page_ref = \"/basics/\" }]\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let output = lectern_in(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("menu entry `Start`: page_ref \"/basics/\" names no page in en"),
        "{stderr}"
    );
}

#[test]
fn git_history_dates_pages_without_lastmod_when_asked() {
    let site = site([
        ("site.toml", "title = \"Go\"\ngit_lastmod = true\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/b.md", "---\ntitle: B\nlastmod: 2020-01-01\n---\n"),
    ]);
    let git = |args: &[&str], date: &str| {
        let status = std::process::Command::new("git")
            .current_dir(site.path())
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"], "2024-01-01T00:00:00+00:00");
    git(&["add", "."], "2024-01-01T00:00:00+00:00");
    git(&["commit", "-qm", "first"], "2024-05-06T07:08:09+03:00");
    let (_tmp, out) = build(site.path());
    let updated = |rel: &str| attrs(&page(&out, rel), "time.last-updated", "datetime");
    assert_eq!(updated("a/index.html"), ["2024-05-06T07:08:09+03:00"]);
    assert_eq!(updated("b/index.html"), ["2020-01-01"], "front matter wins");
}

#[test]
fn section_and_toc_tree_shortcodes_list_the_pages_below() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\n{{< section summary=true >}}\n\n{{< toc-tree >}}\n",
        ),
        (
            "content/guide/one.md",
            "---\ntitle: One\nweight: 1\n---\nFirst words of one.\n",
        ),
        (
            "content/guide/hidden.md",
            "---\ntitle: Hidden\nbookHidden: true\n---\n",
        ),
        (
            "content/guide/deep/_index.md",
            "---\ntitle: Deep\nweight: 2\n---\n",
        ),
        ("content/guide/deep/two.md", "---\ntitle: Two\n---\nTwo.\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let guide = page(&out, "guide/index.html");
    let list = ".markdown .section-list:not(.section-tree) > ul > li";
    assert_eq!(texts(&guide, &format!("{list} > a")), ["One", "Deep"]);
    assert_eq!(
        texts(&guide, &format!("{list} > p")),
        ["First words of one."]
    );
    assert_eq!(
        attrs(&guide, ".markdown .section-tree a", "href"),
        ["/guide/one/", "/guide/deep/", "/guide/deep/two/"]
    );
    assert_eq!(texts(&guide, ".section-tree li li > a"), ["Two"]);
}

#[test]
fn a_page_may_go_without_its_table_of_contents() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/a.md",
            "---\ntitle: A\nbookToc: false\n---\n## One\n\n## Two\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\n## One\n\n## Two\n"),
    ]);
    let (_tmp, out) = build(site.path());
    assert!(texts(&page(&out, "a/index.html"), "nav.toc a").is_empty());
    assert_eq!(
        texts(&page(&out, "b/index.html"), "nav.toc a"),
        ["One", "Two"]
    );
}
