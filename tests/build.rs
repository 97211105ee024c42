//! End-to-end builds of fixture sites, checked on the HTML they produce.

mod common;

use std::path::Path;

use common::*;

const BASE: &str = "/course/";

/// The course fixture as built once for all the tests that only read it.
fn course() -> &'static Path {
    built(&fixture("course"))
}

#[test]
fn pages_live_at_lang_and_stem_with_their_language() {
    let out = course();
    for (rel, lang) in [
        ("en/ch1/intro/index.html", "en"),
        ("ru/ch1/intro/index.html", "ru"),
        ("zh/ch1/intro/index.html", "zh"),
        ("en/numbered/6.10/index.html", "en"),
        ("en/index.html", "en"),
    ] {
        assert_eq!(attrs(&page(out, rel), "html", "lang"), [lang], "{rel}");
    }
    assert!(out.join("index.html").exists() && out.join("404.html").exists());
    assert!(out.join("sitemap.xml").exists() && out.join("robots.txt").exists());
}

#[test]
fn every_link_and_anchor_resolves() {
    let out = course();
    assert_eq!(broken_links(out, BASE), Vec::<String>::new());
    let intro = page(out, "en/ch1/intro/index.html");
    let ids = attrs(&intro, "h2, h3", "id");
    assert_eq!(
        ids,
        [
            "contents",
            "setup",
            "why-go",
            "example",
            "example-1",
            "heading",
            "-продвинутое-изучение-go"
        ]
    );
    assert!(
        attrs(&intro, ".markdown a:not(.anchor)", "href")
            .contains(&"#-продвинутое-изучение-go".to_string())
    );
    let zh = page(out, "zh/ch1/intro/index.html");
    assert_eq!(attrs(&zh, ".markdown a:not(.anchor)", "href"), ["#2-目标"]);
}

#[test]
fn cross_page_markdown_links_are_rewritten() {
    let out = course();
    let hrefs = attrs(
        &page(out, "en/ch1/intro/index.html"),
        ".markdown a:not(.anchor)",
        "href",
    );
    for expected in [
        "/course/en/ch1/unweighted/#details",
        "/course/en/ch2/",
        "/course/en/ch2/lesson/#pictures",
    ] {
        assert!(
            hrefs.contains(&expected.to_string()),
            "{expected} not in {hrefs:?}"
        );
    }
    let img = attrs(
        &page(out, "en/ch2/lesson/index.html"),
        ".markdown img",
        "src",
    );
    assert_eq!(img, ["/course/en/ch2/lesson/diagram.svg"]);
    assert!(out.join("en/ch2/lesson/diagram.svg").exists());
}

const EN_ORDER: &[&str] = &[
    "Fixture home",
    "Chapter one",
    "Negative weight",
    "Intro to <Go> & friends",
    "CRLF and BOM",
    "Alpha dated",
    "Zeta unweighted",
    "Chapter two title from heading",
    "Bundle lesson",
    // Untitled pages by file name (`no-front-matter.md`, `plain.md`).
    "The real title with a link",
    "plain",
    "Only in English",
    "Numbered",
    "6.1 First",
    "6.2 Earlier",
    "6.10 Later",
];

#[test]
fn sidebar_and_next_chain_follow_reading_order() {
    let out = course();
    let home = page(out, "en/index.html");
    assert_eq!(texts(&home, "#sidebar a"), EN_ORDER[1..]);
    // Walk rel=next from the home page to the end.
    let mut titles = Vec::new();
    let mut rel = "en/index.html".to_string();
    loop {
        let html = page(out, &rel);
        titles.push(
            texts(&html, "title")[0]
                .split(" · ")
                .next()
                .unwrap()
                .to_string(),
        );
        let next = attrs(&html, "a[rel=next]", "href");
        let Some(href) = next.first() else { break };
        rel = format!(
            "{}index.html",
            percent_decode(href).strip_prefix(BASE).unwrap()
        );
    }
    assert_eq!(titles, EN_ORDER);
    let last = page(out, "en/numbered/6.10/index.html");
    assert!(attrs(&last, "a[rel=next]", "href").is_empty());
    assert_eq!(
        attrs(&last, "a[rel=prev]", "href"),
        ["/course/en/numbered/6.2/"]
    );
    let current = texts(
        &page(out, "en/ch1/intro/index.html"),
        "#sidebar [aria-current=page]",
    );
    assert_eq!(current, ["Intro to <Go> & friends"]);
}

#[test]
fn titles_come_from_front_matter_then_heading_then_stem() {
    let out = course();
    let title = |rel: &str| texts(&page(out, rel), "title")[0].clone();
    assert_eq!(
        title("en/ch1/intro/index.html"),
        "Intro to <Go> & friends · Fixture course"
    );
    assert_eq!(
        title("en/ch2/no-front-matter/index.html"),
        "The real title with a link · Fixture course"
    );
    assert_eq!(title("en/ch2/plain/index.html"), "plain · Fixture course");
    assert_eq!(title("zh/index.html"), "首页");
    // Markup in a title is text, never elements.
    let intro = page(out, "en/ch1/intro/index.html");
    assert!(select(&intro, "go").is_empty());
    assert_eq!(texts(&intro, "h1"), ["Intro to <Go> & friends"]);
}

#[test]
fn title_is_printed_once_when_content_starts_with_it() {
    let out = course();
    let zh = page(out, "zh/index.html");
    // The content's own heading becomes the page title, keeping its id,
    // and nothing (contents, reading time) comes before it.
    assert_eq!(texts(&zh, "h1"), ["首页"]);
    assert_eq!(attrs(&zh, "h1.page-title", "id"), ["首页"]);
    assert!(select(&zh, ".markdown h1").is_empty());
    let intro = page(out, "zh/ch1/intro/index.html");
    assert_eq!(attrs(&intro, "h1.page-title", "id"), ["简介"]);
    assert_eq!(texts(&intro, ".toc a"), ["一、背景", "2. 目标"]);
    let first = select(&intro, "article > *");
    assert!(
        first.iter().position(|e| e.value().name() == "h1")
            < first.iter().position(|e| e.value().name() == "nav"
                && e.value()
                    .has_class("toc", scraper::CaseSensitivity::CaseSensitive))
    );
    let ch2 = page(out, "en/ch2/index.html");
    assert_eq!(texts(&ch2, "h1"), ["Chapter two title from heading"]);
}

#[test]
fn head_has_description_keywords_canonical_and_alternates() {
    let out = course();
    let intro = page(out, "en/ch1/intro/index.html");
    assert_eq!(
        attrs(&intro, "meta[name=keywords]", "content"),
        ["go, intro, basics"]
    );
    assert_eq!(
        attrs(&intro, "meta[name=description]", "content"),
        ["Getting started"]
    );
    assert_eq!(
        attrs(&intro, "link[rel=canonical]", "href"),
        ["https://docs.example.com/course/en/ch1/intro/"]
    );
    let alternates: Vec<String> = select(&intro, "link[rel=alternate]")
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e.value().attr("hreflang").unwrap(),
                e.value().attr("href").unwrap()
            )
        })
        .collect();
    assert_eq!(
        alternates,
        [
            "en https://docs.example.com/course/en/ch1/intro/",
            "ru https://docs.example.com/course/ru/ch1/intro/",
            "zh https://docs.example.com/course/zh/ch1/intro/",
            "x-default https://docs.example.com/course/en/ch1/intro/",
        ]
    );
    let home = page(out, "en/index.html");
    assert_eq!(
        attrs(&home, "meta[name=description]", "content"),
        ["Home <of> the \"fixture\""]
    );
}

#[test]
fn code_is_highlighted_with_classes_and_fence_attributes() {
    let out = course();
    let intro = page(out, "en/ch1/intro/index.html");
    assert!(!select(&intro, "pre.hl-code[data-lang=go] span.hl-keyword").is_empty());
    assert_eq!(texts(&intro, ".code-filename"), ["main.go"]);
    assert_eq!(
        attrs(&intro, "pre.numbered .line", "data-ln"),
        ["1", "2", "3"]
    );
    assert_eq!(select(&intro, "pre.numbered .line.hl").len(), 1);
    // Unknown languages are plain escaped text; template syntax is literal.
    assert_eq!(
        texts(&intro, "pre[data-lang=nosuchlang] code"),
        ["<b>not bold</b>"]
    );
    assert!(
        texts(&intro, ".markdown p")
            .iter()
            .any(|t| t.contains("{{ .Name }}") && t.contains("{{ .Title }}"))
    );
    assert_eq!(texts(&intro, ".markdown kbd"), ["apt"]);
    assert_eq!(texts(&intro, ".alert-warning .alert-title"), ["Warning"]);
    let css = std::fs::read_to_string(out.join("syntax.css")).unwrap();
    assert!(css.contains(".hl-keyword") && css.contains("data-theme=\"dark\""));
}

#[test]
fn drafts_only_with_the_flag() {
    let out = course();
    assert!(!out.join("en/ch1/secret").exists());
    assert!(
        !texts(&page(out, "en/index.html"), "#sidebar a").contains(&"Secret draft".to_string())
    );
    // Through the command line: what is tested is the flag.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let o = lectern(&[
        "build",
        fixture("course").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success());
    assert!(out.join("en/ch1/secret/index.html").exists());
}

#[test]
fn aliases_redirect_to_the_page() {
    let out = course();
    // `legacy.html` is written beside the page, as Hugo writes a relative alias.
    for rel in ["old/intro/index.html", "en/ch1/legacy.html"] {
        let html = page(out, rel);
        let refresh = attrs(&html, "meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, ["0; url=/course/en/ch1/intro/"], "{rel}");
    }
}

#[test]
fn language_switcher_goes_to_translation_or_home() {
    let out = course();
    let switch = |rel: &str| attrs(&page(out, rel), ".language-switcher a", "href");
    assert_eq!(
        switch("ru/ch1/intro/index.html"),
        [
            "/course/en/ch1/intro/",
            "/course/ru/ch1/intro/",
            "/course/zh/ch1/intro/"
        ]
    );
    assert_eq!(
        switch("en/only-english/index.html"),
        ["/course/en/only-english/", "/course/ru/", "/course/zh/"]
    );
    let root = page(out, "index.html");
    assert_eq!(
        attrs(&root, ".language-list a", "href"),
        ["/course/en/", "/course/ru/", "/course/zh/"]
    );
}

#[test]
fn sitemap_lists_pages_with_alternates() {
    let out = course();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert_eq!(xml.matches("<url>").count(), 22);
    let intro = xml
        .split("<url>")
        .find(|u| u.contains("<loc>https://docs.example.com/course/ru/ch1/intro/</loc>"))
        .unwrap();
    assert!(
        intro.contains("hreflang=\"en\" href=\"https://docs.example.com/course/en/ch1/intro/\"")
    );
    assert!(
        intro.contains("hreflang=\"ru\" href=\"https://docs.example.com/course/ru/ch1/intro/\"")
    );
    assert!(
        intro.contains(
            "hreflang=\"x-default\" href=\"https://docs.example.com/course/en/ch1/intro/\""
        )
    );
    assert!(xml.contains("<lastmod>2020-11-30T01:00:00+00:00</lastmod>"));
}

#[test]
fn bom_and_crlf_pages_render() {
    let out = course();
    let html = page(out, "en/ch1/windows/index.html");
    assert_eq!(texts(&html, "h1"), ["CRLF and BOM"]);
    assert_eq!(attrs(&html, ".markdown h2", "id"), ["windows-line"]);
}

#[test]
fn two_builds_are_byte_identical() {
    // The second in another process, through the command line.
    let tmp = tempfile::tempdir().unwrap();
    let second = tmp.path().join("public");
    let site = fixture("course");
    let o = lectern(&[
        "build",
        site.to_str().unwrap(),
        "-o",
        second.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (a, b) = (tree(course()), tree(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn file_name_suffix_layout_links_translations() {
    let out = built(&fixture("suffix"));
    let ru = page(out, "ru/v0.10/index.html");
    assert_eq!(attrs(&ru, "html", "lang"), ["ru"]);
    assert_eq!(
        attrs(&ru, ".language-switcher a", "href"),
        ["/en/v0.10/", "/ru/v0.10/"]
    );
    assert_eq!(
        attrs(
            &page(out, "ru/index.html"),
            ".markdown a:not(.anchor)",
            "href"
        ),
        ["/ru/v0.10/"]
    );
    let about = page(out, "ru/o-nas/index.html");
    assert_eq!(
        attrs(&about, ".language-switcher a", "href"),
        ["/en/about-us/", "/ru/o-nas/"]
    );
}

#[test]
fn single_language_site_lives_at_the_root() {
    let out = built(&fixture("single"));
    let home = page(out, "index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["en"]);
    assert_eq!(
        attrs(&home, ".markdown a:not(.anchor)", "href"),
        ["/guide/My-Page/"]
    );
    assert!(out.join("guide/My-Page/index.html").exists());
    assert!(select(&home, ".language-switcher").is_empty());
}

#[test]
fn the_demo_course_builds_with_every_link_working() {
    let out = built(&demo());
    assert_eq!(broken_links(out, "/"), Vec::<String>::new());
    for lang in ["en", "ru", "zh"] {
        let home = page(out, &format!("{lang}/index.html"));
        assert!(
            texts(&home, "#sidebar a").len() >= 12,
            "{lang} sidebar too short"
        );
    }
    assert!(
        out.join("en/03-concurrency/04-further-reading/index.html")
            .exists()
    );
    assert!(!out.join("ru/03-concurrency/04-further-reading").exists());
}

#[test]
fn interface_text_dates_and_plurals_follow_the_page_language() {
    let out = course();
    // The site's i18n/ru.toml wins over the built-in text.
    assert_eq!(
        texts(&page(out, "ru/ch1/index.html"), ".pager-next .pager-label"),
        ["Дальше"]
    );
    let ru = page(out, "ru/ch1/intro/index.html");
    assert_eq!(texts(&ru, ".toc-title"), ["На этой странице"]);
    assert_eq!(texts(&ru, ".reading-time"), ["1 минута чтения"]);
    let en = page(out, "en/ch1/dated/index.html");
    assert_eq!(
        texts(&en, ".last-updated"),
        ["Last updated: November 30, 2020"]
    );
    assert_eq!(
        attrs(&en, ".last-updated", "datetime"),
        ["2020-11-30T01:00:00+00:00"]
    );
    assert_eq!(
        texts(
            &page(out, "zh/ch1/intro/index.html"),
            ".pager-prev .pager-label"
        ),
        ["上一页"]
    );
}

#[test]
fn switcher_offers_the_nearest_translated_section_for_untranslated_pages() {
    let out = course();
    let html = page(out, "en/ch1/unweighted/index.html");
    let links: Vec<(String, String)> = select(&html, ".language-switcher a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("class").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("/course/en/ch1/unweighted/".to_string(), String::new()),
            ("/course/ru/ch1/".to_string(), "untranslated".to_string()),
            ("/course/zh/ch1/".to_string(), "untranslated".to_string()),
        ]
    );
    // The note speaks the language the reader is switching to.
    assert_eq!(
        texts(&html, ".language-switcher a.untranslated"),
        ["Русский (ещё не переведено)", "中文 (尚未翻译)"]
    );
}

/// A copy of the course fixture with `top_level` keys before its
/// `site.toml` and `tables` after it.
fn course_with(top_level: &str, tables: &str) -> tempfile::TempDir {
    let site = copy_fixture("course");
    let config = std::fs::read_to_string(fixture("course").join("site.toml")).unwrap();
    let config = format!("{top_level}\n{config}\n{tables}");
    write_files(site.path(), [("site.toml", config)]);
    site
}

#[test]
fn fallback_mode_shows_the_default_page_with_a_notice() {
    let site = course_with("untranslated = \"fallback\"", "");
    let (_tmp, out) = build(site.path());
    let copy = page(&out, "ru/ch1/unweighted/index.html");
    assert_eq!(attrs(&copy, "html", "lang"), ["ru"]);
    assert_eq!(attrs(&copy, ".markdown", "lang"), ["en"]);
    assert_eq!(
        texts(&copy, ".untranslated-notice"),
        ["Эта страница ещё не переведена. Вы читаете версию на языке «English»."]
    );
    assert_eq!(
        attrs(&copy, "link[rel=canonical]", "href"),
        ["https://docs.example.com/course/en/ch1/unweighted/"]
    );
    assert!(select(&copy, "link[rel=alternate]").is_empty());
    // A link to an anchor keeps to the original language, whose headings it names.
    assert_eq!(
        attrs(&copy, ".markdown a:not(.anchor)", "href"),
        ["/course/en/ch1/intro/#setup"]
    );
    assert!(texts(&copy, "#sidebar a").contains(&"Zeta unweighted".to_string()));
    // The English page's switcher goes to the copy, marked untranslated.
    let en = page(&out, "en/ch1/unweighted/index.html");
    assert_eq!(
        attrs(&en, ".language-switcher a.untranslated", "href"),
        ["/course/ru/ch1/unweighted/", "/course/zh/ch1/unweighted/"]
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/ru/ch1/unweighted/"));
}

#[test]
fn right_to_left_languages() {
    let site = course_with("", "[languages.he]\nname = \"עברית\"\nweight = 4\n");
    write_files(
        site.path(),
        [(
            "content/he/ch1/intro.md",
            "---\ntitle: מבוא\nweight: 1\n---\n## התקנה\n",
        )],
    );
    let (_tmp, out) = build(site.path());
    let he = page(&out, "he/ch1/intro/index.html");
    assert_eq!(attrs(&he, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&he, "html", "lang"), ["he"]);
    assert_eq!(texts(&he, ".toc-title"), ["בעמוד זה"]);
    assert_eq!(attrs(&he, ".markdown h2", "id"), ["התקנה"]);
    assert_eq!(
        attrs(&page(&out, "en/ch1/intro/index.html"), "html", "dir"),
        ["ltr"]
    );
}

#[test]
fn hreflang_alternates_are_reciprocal() {
    let out = course();
    let local = |url: &str| {
        format!(
            "{}index.html",
            url.strip_prefix("https://docs.example.com/course/")
                .unwrap()
        )
    };
    let mut checked = 0;
    for (rel, _) in tree(out)
        .iter()
        .filter(|(r, _)| r.ends_with("index.html") && r.contains('/'))
    {
        let html = page(out, rel);
        if !select(&html, "meta[http-equiv=refresh]").is_empty() {
            continue; // an alias redirect
        }
        let own = local(&attrs(&html, "link[rel=canonical]", "href")[0]);
        for alt in select(&html, "link[rel=alternate][hreflang]") {
            let target = local(alt.value().attr("href").unwrap());
            let back = attrs(&page(out, &target), "link[rel=alternate][hreflang]", "href");
            assert!(
                back.iter().any(|h| local(h) == own),
                "{target} does not link back to {own}"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} alternates checked");
}

#[test]
fn the_language_chooser_is_left_to_the_language_homes() {
    // It only sends readers on: the homes are each other's alternates, and
    // a search engine is not to list the chooser in their place.
    let root = page(course(), "index.html");
    assert!(select(&root, "link[rel=alternate]").is_empty());
    assert_eq!(attrs(&root, "meta[name=robots]", "content"), ["noindex"]);
    let home = page(course(), "en/index.html");
    let alternates = attrs(&home, "link[rel=alternate][hreflang]", "hreflang");
    assert!(
        alternates.contains(&"x-default".to_string()),
        "{alternates:?}"
    );
}

#[test]
fn markup_in_front_matter_is_text_everywhere() {
    let site = copy_fixture("single");
    let evil = "---\ntitle: \"<script>alert(1)</script> & <b>bold</b>\"\ndescription: \"\\\"><script>x()</script>\"\nkeywords: [\"<i>k</i>\"]\n---\n## Body\n";
    write_files(site.path(), [("content/evil.md", evil)]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "evil/index.html");
    assert_eq!(
        texts(&html, "h1"),
        ["<script>alert(1)</script> & <b>bold</b>"]
    );
    assert!(select(&html, "article script, article b, title script").is_empty());
    // The only scripts are the theme's own: the inline colour scheme,
    // theme.js and search.js.
    assert_eq!(select(&html, "script").len(), 3);
    assert_eq!(
        attrs(&html, "meta[name=description]", "content"),
        ["\"><script>x()</script>"]
    );
    assert_eq!(attrs(&html, "meta[name=keywords]", "content"), ["<i>k</i>"]);
    let nav = texts(&page(&out, "index.html"), "#sidebar a");
    assert!(
        nav.contains(&"<script>alert(1)</script> & <b>bold</b>".to_string()),
        "{nav:?}"
    );
}

#[test]
fn sections_sidebar_lists_only_the_pages_on_the_way_to_the_current_one() {
    let site = course_with("", "[theme]\nsidebar = \"sections\"\n");
    let (_tmp, out) = build(site.path());
    let intro = texts(&page(&out, "en/ch1/intro/index.html"), "#sidebar a");
    assert_eq!(
        intro,
        [
            "Chapter one",
            "Negative weight",
            "Intro to <Go> & friends",
            "CRLF and BOM",
            "Alpha dated",
            "Zeta unweighted",
            "Chapter two title from heading",
            "Only in English",
            "Numbered",
        ]
    );
    let numbered = texts(&page(&out, "en/numbered/6.2/index.html"), "#sidebar a");
    assert_eq!(
        numbered,
        [
            "Chapter one",
            "Chapter two title from heading",
            "Only in English",
            "Numbered",
            "6.1 First",
            "6.2 Earlier",
            "6.10 Later"
        ]
    );
}

/// A site with `config` as its `site.toml` and a page of one line at each
/// `(path under content/, title, weight)`.
fn weighted_site(
    config: &str,
    pages: impl IntoIterator<Item = (String, String, usize)>,
) -> tempfile::TempDir {
    let pages = pages.into_iter().map(|(path, title, weight)| {
        let md = format!("---\ntitle: {title}\nweight: {weight}\n---\nText.\n");
        (format!("content/{path}"), md)
    });
    site(
        [("site.toml".to_string(), config.to_string())]
            .into_iter()
            .chain(pages),
    )
}

/// A long section (230 pages, more than a page's sidebar lists) is listed
/// in parts of 50: each page shows its own part, in place among the
/// section's subsections, with a link to each neighbouring part; and every
/// page is in exactly one part.
#[test]
fn a_long_section_is_listed_in_parts_around_the_current_page() {
    let lessons = (1..=230).map(|n| (format!("long/p{n}.md"), format!("Lesson {n}"), n));
    let site = weighted_site(
        "title = \"Long\"\n",
        [
            ("_index.md", "Home", 0),
            ("long/_index.md", "Long", 1),
            ("long/sub/_index.md", "Sub", 1000),
        ]
        .map(|(p, t, w)| (p.to_string(), t.to_string(), w))
        .into_iter()
        .chain(lessons),
    );
    let (_tmp, out) = build(site.path());
    let sidebar = |rel: &str| texts(&page(&out, rel), "#sidebar a");
    let lessons = |range: std::ops::RangeInclusive<usize>| range.map(|n| format!("Lesson {n}"));

    let mut want = vec!["Long".to_string(), "Lesson 101 … Lesson 150".to_string()];
    want.extend(lessons(151..=200));
    want.push("Lesson 201 … Lesson 230".to_string());
    want.push("Sub".to_string());
    assert_eq!(sidebar("long/p160/index.html"), want);
    let html = page(&out, "long/p160/index.html");
    assert_eq!(texts(&html, "#sidebar [aria-current=page]"), ["Lesson 160"]);
    assert_eq!(
        attrs(&html, "#sidebar a", "href")[1],
        "/long/p101/",
        "a part's link leads to its first page"
    );
    // The section's own page shows the first part; the last part has no
    // link after it.
    let first = sidebar("long/index.html");
    assert_eq!(first[1..51], lessons(1..=50).collect::<Vec<_>>()[..]);
    assert_eq!(first[51], "Lesson 51 … Lesson 100");
    let last = sidebar("long/p230/index.html");
    assert_eq!(last[1], "Lesson 151 … Lesson 200");
    assert_eq!(last[2..32], lessons(201..=230).collect::<Vec<_>>()[..]);
    assert_eq!(last[32..], ["Sub"]);
    // Every page finds itself in its sidebar.
    for n in 1..=230 {
        let html = page(&out, &format!("long/p{n}/index.html"));
        assert_eq!(
            texts(&html, "#sidebar [aria-current=page]"),
            [format!("Lesson {n}")]
        );
    }
}

/// A long section above the page being read lists its first part, not all
/// its pages: a page of a small section under a home of 150 pages lists 50
/// of them.
#[test]
fn a_long_section_above_the_current_one_lists_its_first_part() {
    let lessons = (1..=150).map(|n| (format!("p{n}.md"), format!("Lesson {n}"), n));
    let site = weighted_site(
        "title = \"Flat\"\n[theme]\nsidebar = \"sections\"\n",
        [
            ("_index.md", "Home", 0),
            ("sub/_index.md", "Sub", 1000),
            ("sub/a.md", "Sub page A", 1),
            ("sub/b.md", "Sub page B", 2),
        ]
        .map(|(p, t, w)| (p.to_string(), t.to_string(), w))
        .into_iter()
        .chain(lessons),
    );
    let (_tmp, out) = build(site.path());
    let mut want: Vec<String> = (1..=50).map(|n| format!("Lesson {n}")).collect();
    want.extend(["Lesson 51 … Lesson 100", "Sub", "Sub page A", "Sub page B"].map(String::from));
    assert_eq!(texts(&page(&out, "sub/b/index.html"), "#sidebar a"), want);
    let home = texts(&page(&out, "p120/index.html"), "#sidebar a");
    assert_eq!(home[0], "Lesson 51 … Lesson 100");
    assert_eq!(home[1], "Lesson 101");
    assert_eq!(home[50..], ["Lesson 150", "Sub"]);
}

/// A level of more than 100 sections lists them in parts of 50 too: the
/// part holding the section being read, with links to its neighbours, so
/// that a site of thousands of sections does not list them all on every
/// page.
#[test]
fn many_sections_are_listed_in_parts_around_the_one_being_read() {
    let sections = (1..=130).flat_map(|n| {
        [
            (format!("s{n}/_index.md"), format!("Section {n}"), n),
            (format!("s{n}/page.md"), format!("Page of {n}"), 1),
        ]
    });
    let site = weighted_site(
        "title = \"Wide\"\n[theme]\nsidebar = \"sections\"\n",
        [("_index.md".to_string(), "Home".to_string(), 0)]
            .into_iter()
            .chain(sections),
    );
    let (_tmp, out) = build(site.path());
    let sidebar = |rel: &str| texts(&page(&out, rel), "#sidebar a");
    let titles = |range: std::ops::RangeInclusive<usize>| range.map(|n| format!("Section {n}"));

    let mut want = vec!["Section 51 … Section 100".to_string()];
    want.extend(titles(101..=119));
    want.extend(["Section 120", "Page of 120"].map(String::from));
    want.extend(titles(121..=130));
    assert_eq!(sidebar("s120/page/index.html"), want);

    let mut want: Vec<String> = titles(1..=6).collect();
    want.push("Page of 7".to_string());
    want.insert(6, "Section 7".to_string());
    want.extend(titles(8..=50));
    want.push("Section 51 … Section 100".to_string());
    assert_eq!(sidebar("s7/index.html"), want);
    // The home lists the first part.
    assert_eq!(sidebar("index.html")[50], "Section 51 … Section 100");
    assert_eq!(sidebar("index.html").len(), 51);
}

#[test]
fn twenty_nested_sections_build_with_a_sidebar_of_bounded_depth() {
    let mut rel = String::new();
    let mut files = vec![("content/_index.md".to_string(), "# Home\n".to_string())];
    for level in 1..=20 {
        rel.push_str(&format!("s{level}/"));
        files.push((
            format!("content/{rel}_index.md"),
            format!("# Level {level}\n"),
        ));
    }
    files.push((
        format!("content/{rel}deep.md"),
        "# Deep\n\n[home](/)\n".to_string(),
    ));
    let site = site(files);
    let (_tmp, out) = build(site.path());
    let deep = page(&out, &format!("{rel}deep/index.html"));
    let sidebar = texts(&deep, "#sidebar a");
    let expected: Vec<String> = (1..=20)
        .map(|level| format!("Level {level}"))
        .chain(["Deep".to_string()])
        .collect();
    assert_eq!(sidebar, expected);
    assert_eq!(texts(&deep, "#sidebar [aria-current=page]"), ["Deep"]);
    // Sixteen levels nest; the rest are listed under the sixteenth.
    assert_eq!(select(&deep, "#sidebar details").len(), 16);
    assert_eq!(select(&deep, "#sidebar details details details details details details details details details details details details details details details details > ul > li").len(), 5);
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn params_of_the_site_and_of_pages_reach_templates() {
    let site = site([
        (
            "site.toml",
            "title = \"T\"\n\n[params]\nrepo = \"https://example.org/repo\"\n[params.social]\nmastodon = \"@course\"\n",
        ),
        (
            "templates/page.html",
            "<p id=\"site\">{{ site.params.repo }} {{ site.params.social.mastodon }}</p>\
             <p id=\"page\">{{ page.params.level }} {{ page.params.author }} {{ page.extra.level }}</p>",
        ),
        (
            "content/a.md",
            "---\ntitle: A\nlevel: beginner\nparams:\n  author: Ann\n---\n# A\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, "#site"), ["https://example.org/repo @course"]);
    assert_eq!(texts(&html, "#page"), ["beginner Ann beginner"]);
}

#[test]
fn a_site_of_one_declared_language_has_no_switcher_and_its_home_a_description() {
    let site = site([
        (
            "site.toml",
            "title = \"T\"\ndescription = \"What readers learn.\"\n[languages.en]\nname = \"English\"\n",
        ),
        ("content/_index.md", "# Home\n"),
        ("content/a.md", "---\ntitle: A\n---\n# A\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let home = page(&out, "en/index.html");
    assert!(select(&home, ".language-switcher").is_empty());
    assert_eq!(
        attrs(&home, "meta[name=description]", "content"),
        ["What readers learn."]
    );
    let a = page(&out, "en/a/index.html");
    assert!(
        select(&a, "meta[name=description]").is_empty(),
        "a page without one has none"
    );
}
