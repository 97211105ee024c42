//! The reading order and the titles a book's pages get, as its files and
//! front matter give them.

mod common;

use common::*;

/// The titles of the reading order, following `rel=next` from the home page.
fn reading_order(out: &std::path::Path) -> Vec<String> {
    let mut titles = Vec::new();
    let mut rel = "index.html".to_string();
    loop {
        let html = page(out, &rel);
        titles.push(texts(&html, "h1")[0].clone());
        let Some(href) = attrs(&html, "a[rel=next]", "href").into_iter().next() else {
            return titles;
        };
        rel = format!(
            "{}index.html",
            percent_decode(&href).trim_start_matches('/')
        );
    }
}

#[test]
fn untitled_pages_follow_their_file_numbers_not_their_headings() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        ("content/01.1.md", "# Installing Go\n"),
        ("content/01.4.md", "# Go development tools\n"),
        ("content/01.10.md", "# A tenth section\n"),
        ("content/14.md", "# Chapter fourteen\n"),
        ("content/02.md", "# Basics\n"),
    ]);
    let (_tmp, out) = build(site.path());
    assert_eq!(
        reading_order(&out),
        [
            "Book",
            "Installing Go",
            "Go development tools",
            "A tenth section",
            "Basics",
            "Chapter fourteen"
        ]
    );
}

#[test]
fn a_section_chooses_its_order_in_its_index() {
    let dated = |title: &str, date: &str, weight: u32| {
        format!("---\ntitle: {title}\ndate: {date}\nweight: {weight}\n---\n")
    };
    let site = site([
        ("site.toml", "title = \"Course\"\n".to_string()),
        ("content/_index.md", "---\nsort_by: date\n---\n".to_string()),
        ("content/c.md", dated("Third", "2024-03-01", 1)),
        ("content/a.md", dated("First", "2024-01-01", 3)),
        ("content/b.md", dated("Second", "2024-02-01", 2)),
        (
            "content/undated.md",
            "---\ntitle: Undated\n---\n".to_string(),
        ),
        (
            "content/p/_index.md",
            "---\ntitle: Zz by path\nsort_by: path\n---\n".to_string(),
        ),
        ("content/p/10.md", dated("Ten", "2024-01-01", 1)),
        ("content/p/9.md", dated("Nine", "2023-01-01", 2)),
        (
            "content/t/_index.md",
            "---\ntitle: Zz by title\nsort_by: title\n---\n".to_string(),
        ),
        ("content/t/1.md", "# Beta\n".to_string()),
        (
            "content/t/2.md",
            "---\ntitle: Alpha\nweight: 5\n---\n".to_string(),
        ),
    ]);
    let (_tmp, out) = build(site.path());
    // Oldest first, then the undated (sections among them) by path; in
    // `p/` by path, weights and dates aside; in `t/` by the titles shown.
    assert_eq!(
        texts(&page(&out, "index.html"), "#sidebar a"),
        [
            "First",
            "Second",
            "Third",
            "Zz by path",
            "Nine",
            "Ten",
            "Zz by title",
            "Alpha",
            "Beta",
            "Undated"
        ]
    );
}

#[test]
fn link_title_names_a_page_in_navigation_and_keys_take_any_case() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        ("content/a.md", "---\nTitle: First\nWeight: 1\n---\nText.\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: The complete guide to everything\nlinktitle: Guide\nweight: 2\n---\n",
        ),
        (
            "content/guide/deploy.md",
            "---\ntitle: Deploying a site to production\nlinkTitle: Deploy\ntemplate: short\n---\n",
        ),
        (
            "templates/short.html",
            "<title>{{ page.title }}</title><h1>{{ page.title }}</h1><p id=\"lt\">{{ page.link_title }}</p>\
             <nav>{% for a in page.ancestors %}<a class=\"crumb\">{{ a.title }}</a>{% endfor %}\
             <a rel=\"prev\">{{ page.prev.title }}</a></nav>",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let a = page(&out, "a/index.html");
    assert_eq!(texts(&a, "h1"), ["First"]);
    assert_eq!(texts(&a, "#sidebar a"), ["First", "Guide", "Deploy"]);
    assert_eq!(texts(&a, "a[rel=next] .pager-title"), ["Guide"]);
    let guide = page(&out, "guide/index.html");
    assert_eq!(texts(&guide, "h1"), ["The complete guide to everything"]);
    assert!(texts(&guide, "title")[0].starts_with("The complete guide to everything"));
    let deploy = page(&out, "guide/deploy/index.html");
    assert_eq!(texts(&deploy, "h1"), ["Deploying a site to production"]);
    assert_eq!(texts(&deploy, "#lt"), ["Deploy"]);
    assert_eq!(texts(&deploy, ".crumb"), ["Book", "Guide"]);
    assert_eq!(texts(&deploy, "a[rel=prev]"), ["Guide"]);
    // `linktitle`, `Title` and `Weight` are Hugo's keys, not typos.
    let check = lectern_in(site.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("front matter key"), "{stderr}");
}

#[test]
fn titles_come_from_the_level_one_heading_at_the_top() {
    let site = site([
        ("site.toml", "title = \"Book\"\n"),
        ("content/a.md", "<!-- {% raw %} -->\n# Variables\n\nText.\n"),
        (
            "content/b.md",
            "<br />\n\n## Chapter 2\n\n# Functions\n\nText.\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let a = page(&out, "a/index.html");
    assert_eq!(texts(&a, "h1"), ["Variables"], "printed once");
    assert_eq!(texts(&a, "#sidebar a"), ["Variables", "Functions"]);
    let b = page(&out, "b/index.html");
    assert_eq!(texts(&b, "h1"), ["Functions"]);
    assert_eq!(texts(&b, "title")[0], "Functions · Book");
    assert_eq!(texts(&b, ".markdown h2"), ["Chapter 2"]);
}
