//! Hostile input meets bounded diagnostics: thousands of broken links on
//! one line or on many, a list of thousands of pages sharing a value, a
//! fragment of thousands of characters. What is printed stays in proportion
//! to what is worth reading: excerpts cut around the caret, lists naming a
//! few, and a file's diagnostics of a kind capped with one line for the rest.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// A site of `files` (paths below `content/`).
fn site(files: impl IntoIterator<Item = (String, String)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    for (rel, text) in files {
        let path = dir.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn page(text: String) -> Vec<(String, String)> {
    vec![("a.md".to_string(), format!("---\ntitle: A\n---\n{text}"))]
}

fn build(dir: &Path) -> Output {
    lectern_in(dir, &["build", "."])
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The first line of each diagnostic.
fn headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .collect()
}

/// Every source excerpt in `text` is cut to the window, and its caret sits
/// under the character `at`.
fn assert_carets_under(text: &str, at: char) {
    let lines: Vec<&str> = text.lines().collect();
    let mut carets = 0;
    for pair in lines.windows(2) {
        let Some(caret) = pair[1].chars().position(|c| c == '^') else {
            continue;
        };
        let excerpt = pair[0].split_once(" | ").unwrap().1;
        assert!(excerpt.chars().count() <= 122, "{excerpt}");
        assert_eq!(
            pair[0].chars().nth(caret),
            Some(at),
            "{}\n{}",
            pair[0],
            pair[1]
        );
        carets += 1;
    }
    assert!(carets > 0, "{text}");
}

#[test]
fn ten_thousand_broken_links_on_one_line() {
    let links: Vec<String> = (0..10_000)
        .map(|i| format!("[x](missing{i}.md) "))
        .collect();
    let dir = site(page(links.concat() + "\n"));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.len() < 16_000, "{} bytes", err.len());
    let headers = headers(&err);
    assert_eq!(headers.len(), 21);
    let mut col = 1;
    for (i, header) in headers[..20].iter().enumerate() {
        assert_eq!(
            *header,
            format!(
                "error: content/a.md:4:{col}: link `missing{i}.md`: there is no page content/missing{i}.md (or it is a draft)"
            )
        );
        col += links[i].len();
    }
    assert_eq!(
        headers[20],
        "error: content/a.md: … and 9,980 more broken links in this file"
    );
    assert_eq!(err.lines().last(), Some("10,000 errors found"));
    assert_carets_under(&err, '[');
    assert!(err.contains("\n4 | …"), "the excerpt is cut on the left");

    // The machine formats carry the summary too, and stay valid.
    let json = lectern_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let objects: Vec<serde_json::Value> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 21);
    assert_eq!(objects[0].get("omitted"), None);
    let last = &objects[20];
    assert_eq!(
        (&last["message"], &last["omitted"], &last["line"]),
        (
            &serde_json::json!("… and 9,980 more broken links in this file"),
            &serde_json::json!(9_980),
            &serde_json::json!(0)
        )
    );
    let github = lectern_in(dir.path(), &["check", "--format", "github"]);
    let github = String::from_utf8(github.stdout).unwrap();
    let commands: Vec<&str> = github.lines().collect();
    assert_eq!(commands.len(), 21);
    assert!(
        commands[..20]
            .iter()
            .all(|c| c.starts_with("::error file=content/a.md,line=4,col="))
    );
    assert_eq!(
        commands[20],
        "::error file=content/a.md::… and 9,980 more broken links in this file"
    );
}

#[test]
fn twenty_thousand_broken_links_on_their_own_lines() {
    let links: String = (0..20_000).map(|i| format!("[x](m{i}.md)\n")).collect();
    let dir = site(page(links));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.len() < 16_000, "{} bytes", err.len());
    let headers = headers(&err);
    assert_eq!(headers.len(), 21);
    for (i, header) in headers[..20].iter().enumerate() {
        let line = 4 + i;
        assert!(
            header.starts_with(&format!("error: content/a.md:{line}:1: link `m{i}.md`")),
            "{header}"
        );
    }
    assert_eq!(
        headers[20],
        "error: content/a.md: … and 19,980 more broken links in this file"
    );
    assert_eq!(err.lines().last(), Some("20,000 errors found"));
    assert_carets_under(&err, '[');
}

#[test]
fn four_thousand_identical_aliases() {
    let aliases = "  - /old/\n".repeat(4_000);
    let dir = site([(
        "a.md".to_string(),
        format!("---\ntitle: A\naliases:\n{aliases}---\nx\n"),
    )]);
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.len() < 16_000, "{} bytes", err.len());
    let headers = headers(&err);
    assert_eq!(headers.len(), 21);
    // Each alias is blamed where it is written.
    for (i, header) in headers[..20].iter().enumerate() {
        assert_eq!(
            *header,
            format!(
                "error: content/a.md:{}:5: the alias in content/a.md and the alias in content/a.md and the alias in content/a.md and the alias in content/a.md and 3,996 more would both write old/index.html; rename one or set a `slug`",
                4 + i
            )
        );
    }
    assert_eq!(
        headers[20],
        "error: content/a.md: … and 3,980 more errors in this file"
    );
    assert_eq!(err.lines().last(), Some("4,000 errors found"));
    assert_carets_under(&err, '/');
}

/// `count` pages in one directory, each with `front` in its front matter.
fn siblings(count: usize, front: &str) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            (
                format!("s/p{i}.md"),
                format!("---\ntitle: P{i}\n{front}\n---\nx\n"),
            )
        })
        .collect()
}

/// A message naming three of the other pages in `s/`, then `rest`.
fn assert_names_three(header: &str, rest: &str) {
    assert_eq!(header.matches("content/s/p").count(), 4, "{header}");
    assert!(header.contains(rest), "{header}");
}

#[test]
fn three_hundred_siblings_sharing_a_weight() {
    let dir = site(siblings(300, "weight: 1"));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let headers = headers(&err);
    assert_eq!(headers.len(), 300);
    assert!(
        headers[0].starts_with("warning: content/s/p0.md:3:9: weight 1 is also the weight of ")
    );
    for header in &headers {
        assert_names_three(
            header,
            " and 296 more, a sibling; their order falls back to date and title",
        );
    }
    assert!(err.len() < 300 * 400, "{} bytes", err.len());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.ends_with(", 300 warnings\n"), "{out}");
}

#[test]
fn three_hundred_pages_sharing_a_translation_key() {
    let dir = site(siblings(300, "translationKey: k"));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let headers = headers(&err);
    assert_eq!(headers.len(), 300);
    for header in &headers {
        assert_names_three(
            header,
            " and 296 more in en; a key may name one page per language",
        );
    }
    assert!(err.len() < 300 * 400, "{} bytes", err.len());
    assert_eq!(err.lines().last(), Some("300 errors found"));
}

#[test]
fn a_long_missing_fragment_gets_no_guess() {
    let heading = "b".repeat(16_000);
    let fragment = "a".repeat(16_000);
    let dir = site(page(format!("## {heading}\n\n[x](#{fragment})\n")));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let headers = headers(&err);
    assert_eq!(headers.len(), 1);
    // The message keeps both ends of what it quotes, and no guess.
    let message = headers[0]
        .strip_prefix("error: content/a.md:6:1: ")
        .unwrap();
    assert_eq!(message.chars().count(), 1_001);
    let a = "a".repeat(400);
    assert!(message.starts_with(&format!("link `#{a}")), "{message}");
    assert!(message.ends_with(&format!("{a}`")), "{message}");
    assert!(message.contains('…'), "{message}");
    assert_carets_under(&err, '[');
    assert!(err.len() < 2_000, "{} bytes", err.len());
}

#[test]
fn eight_thousand_broken_anchors() {
    let headings: String = (0..50).map(|i| format!("## H{i}\n\n")).collect();
    let links: String = (0..8_000).map(|i| format!("[x](#h{i}x)\n")).collect();
    let dir = site(page(headings + &links));
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.len() < 16_000, "{} bytes", err.len());
    let headers = headers(&err);
    assert_eq!(headers.len(), 21);
    // The ones shown still get their guess.
    assert_eq!(
        headers[0],
        "error: content/a.md:104:1: link `#h0x`: this page has no heading or element with the id `h0x` (did you mean `h0`?)"
    );
    assert!(headers[19].starts_with("error: content/a.md:123:1: link `#h19x`"));
    assert_eq!(
        headers[20],
        "error: content/a.md: … and 7,980 more broken links in this file"
    );
    assert_eq!(err.lines().last(), Some("8,000 errors found"));
}

#[test]
fn hundreds_of_misspelt_keys() {
    let letters = 'a'..='z';
    let keys: String = letters
        .clone()
        .flat_map(|a| {
            letters
                .clone()
                .map(move |b| format!("descriptio{a}{b}: 1\n"))
        })
        .collect();
    let dir = site([("a.md".to_string(), format!("---\ntitle: A\n{keys}---\nx\n"))]);
    let o = build(dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let headers = headers(&err);
    assert_eq!(headers.len(), 21);
    assert_eq!(
        headers[0],
        "warning: content/a.md:3:1: unknown front matter key `descriptioaa`: did you mean `description`?"
    );
    assert!(
        headers[19]
            .starts_with("warning: content/a.md:22:1: unknown front matter key `descriptioat`")
    );
    assert_eq!(
        headers[20],
        "warning: content/a.md: … and 656 more warnings in this file"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.ends_with(", 676 warnings\n"), "{out}");
}
