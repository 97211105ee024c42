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
