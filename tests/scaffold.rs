//! `lectern init` writes a site that builds and checks clean; `lectern
//! new` writes a draft page; neither overwrites anything.

mod common;

use common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn init_writes_a_multilingual_site_that_builds_and_says_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let o = lectern_in(dir.path(), &["init", "course", "--languages", "ru,en"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        stdout(&o),
        "Created a site in course. Next:\n  cd course\n  lectern serve     # preview it at http://127.0.0.1:1313/\n  lectern build     # write it to public/\n"
    );
    let site = dir.path().join("course");
    let check = lectern_in(&site, &["check", "--strict"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let (_tmp, out) = build(&site);
    // Russian is the default language, at the root; English under /en/.
    let home = page(&out, "index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["ru"]);
    assert_eq!(
        attrs(&home, ".markdown a", "href"),
        ["/getting-started/first-lesson/"]
    );
    let english = page(&out, "en/getting-started/first-lesson/index.html");
    assert_eq!(texts(&english, "h1"), ["First lesson"]);
    assert_eq!(
        attrs(&english, "link[rel=alternate][hreflang]", "href"),
        [
            "/en/getting-started/first-lesson/",
            "/getting-started/first-lesson/",
            "/getting-started/first-lesson/"
        ],
        "each page has its translation"
    );

    let again = lectern_in(dir.path(), &["init", "course"]);
    assert_eq!(again.status.code(), Some(1));
    let bad = lectern_in(dir.path(), &["init", "other", "--languages", "en,ru ru"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn new_writes_a_draft_titled_from_its_file_name_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(lectern_in(dir.path(), &["init"]).status.code(), Some(0));
    let o = lectern_in(dir.path(), &["new", "basics/03-for-loops.md"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "Created content/basics/03-for-loops.md\n");
    let file = dir.path().join("content/basics/03-for-loops.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("---\ntitle: \"For loops\"\n"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    std::fs::write(&file, format!("{text}Written by hand.\n")).unwrap();

    let again = lectern_in(dir.path(), &["new", "basics/03-for-loops.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("content/basics/03-for-loops.md: the file exists already")
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .ends_with("Written by hand.\n")
    );

    let drafts = lectern_in(dir.path(), &["build", "--drafts"]);
    assert_eq!(drafts.status.code(), Some(0), "{drafts:?}");
    let html = page(&dir.path().join("public"), "basics/03-for-loops/index.html");
    assert_eq!(texts(&html, "h1"), ["For loops"]);
}
