//! `lectern import hugo`: Hugo sites written here, imported with the
//! binary, their `site.toml` read back with the `toml` crate, their notes
//! read from stderr, and the imported sites built.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `lectern import hugo .` in `dir`: it must succeed.
fn import(dir: &Path) -> (toml::Table, Vec<String>) {
    let o = lectern_in(dir, &["import", "hugo", "."]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    let table = text
        .parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    (table, stderr(&o).lines().map(str::to_string).collect())
}

fn get<'a>(table: &'a toml::Table, path: &str) -> &'a toml::Value {
    let mut parts = path.split('.');
    let mut value = &table[parts.next().unwrap()];
    for part in parts {
        value = &value[part];
    }
    value
}

fn menu(value: &toml::Value) -> Vec<(String, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["name"].as_str().unwrap().to_string(),
                item["url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The one line of `lines` that starts with `start`.
fn line<'a>(lines: &'a [String], start: &str) -> &'a str {
    let found: Vec<&String> = lines.iter().filter(|l| l.starts_with(start)).collect();
    assert_eq!(
        found.len(),
        1,
        "one line starting {start:?} in:\n{}",
        lines.join("\n")
    );
    found[0]
}

const SINGLE: &[(&str, &str)] = &[
    (
        "hugo.toml",
        r#"baseURL = "https://example.org/docs/"
title = "Handbook"
enableEmoji = true
copyright = "© 2025 Example"

[params]
description = "How we work"
BookRepo = "https://github.com/ex/handbook/"
BookEditPath = "edit/main"
BookLogo = "logo.svg"
BookSection = "docs"

[markup.goldmark.renderer]
unsafe = true

[[menus.main]]
name = "GitHub"
url = "https://github.com/ex/handbook"
weight = 20

[[menus.main]]
pageRef = "/guide/install"
weight = 10

[[menus.main]]
name = "Child"
url = "/x/"
parent = "GitHub"
"#,
    ),
    (
        "config.toml",
        "title = \"Not read: hugo.toml comes first\"\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Home\n---\n\nSee [install](guide/install.md).\n",
    ),
    ("content/guide/_index.md", "---\ntitle: Guide\n---\n"),
    (
        "content/guide/install.md",
        "---\ntitle: Installing\nlinkTitle: Install\n---\n\n<kbd>Ctrl</kbd> :rocket:\n",
    ),
];

#[test]
fn a_single_language_site_keeps_its_settings_menu_and_urls() {
    let dir = site(SINGLE.iter().copied());
    let before = tree(dir.path());
    let (toml, lines) = import(dir.path());
    assert_eq!(get(&toml, "title").as_str(), Some("Handbook"));
    assert_eq!(
        get(&toml, "base_url").as_str(),
        Some("https://example.org/docs/")
    );
    assert_eq!(get(&toml, "description").as_str(), Some("How we work"));
    assert_eq!(get(&toml, "emoji").as_bool(), Some(true));
    assert_eq!(get(&toml, "raw_html").as_bool(), Some(true));
    assert_eq!(
        get(&toml, "math").as_str(),
        Some("off"),
        "no passthrough: $ is text"
    );
    assert_eq!(
        get(&toml, "smart_punctuation").as_bool(),
        Some(true),
        "Hugo's typographer"
    );
    assert!(!toml.contains_key("languages") && !toml.contains_key("default_language"));
    assert_eq!(get(&toml, "theme.footer").as_str(), Some("© 2025 Example"));
    assert_eq!(get(&toml, "theme.logo").as_str(), Some("/logo.svg"));
    assert_eq!(
        get(&toml, "theme.edit_url").as_str(),
        Some("https://github.com/ex/handbook/edit/main/content/")
    );
    assert_eq!(
        menu(get(&toml, "menu")),
        [
            ("Install".to_string(), "/docs/guide/install/".to_string()),
            (
                "GitHub".to_string(),
                "https://github.com/ex/handbook".to_string()
            ),
        ],
        "Hugo's order by weight; a pageRef's name is the page's link title"
    );
    assert_eq!(
        get(&toml, "params.BookRepo").as_str(),
        Some("https://github.com/ex/handbook/")
    );
    assert!(line(&lines, "not carried: `menus.main[2].parent` = \"GitHub\"").contains("one level"));
    assert!(line(&lines, "theme: `params.BookSection` = \"docs\"").contains("every section"));
    assert!(line(&lines, "note: smart_punctuation = true").contains("false"));
    assert!(line(&lines, "note: config.toml is not read").contains("first"));
    assert!(
        line(&lines, "note: broken links fail the build").contains("broken_links = \"warning\"")
    );

    let after = tree(dir.path());
    assert_eq!(after.len(), before.len() + 1, "only site.toml is new");
    assert!(before.iter().all(|(f, bytes)| after.get(f) == Some(bytes)));

    let (_tmp, out) = build(dir.path());
    let install = page(&out, "guide/install/index.html");
    assert_eq!(texts(&install, "h1"), ["Installing"]);
    assert_eq!(
        texts(&install, ".markdown kbd"),
        ["Ctrl"],
        "raw HTML is published"
    );
    assert!(texts(&install, ".markdown p")[0].contains('🚀'));
    assert_eq!(
        attrs(&install, ".site-menu a", "href"),
        ["/docs/guide/install/", "https://github.com/ex/handbook"]
    );
    let home = page(&out, "index.html");
    assert_eq!(
        attrs(&home, ".markdown a", "href"),
        ["/docs/guide/install/"]
    );
}

const MULTILINGUAL: &[(&str, &str)] = &[
    (
        "config/_default/hugo.toml",
        r#"baseURL = "https://example.org/"
Title = "Course"
DefaultContentLanguage = "en"
[Params]
author = "Ann"
[[menus.main]]
name = "Home"
pageRef = "/"
"#,
    ),
    (
        "config/_default/languages.yaml",
        "en:\n  languageName: English\n  weight: 1\n  contentDir: content/en\nru:\n  label: Русский\n  weight: 2\n  title: Курс\n  contentDir: content/ru\n  params:\n    description: Курс по Go\nzh:\n  languageName: 中文\n  weight: 3\n  contentDir: content/zh\n",
    ),
    (
        "config/_default/menus.en.toml",
        "[[main]]\nname = \"Guide\"\npageRef = \"/guide\"\nweight = 1\n",
    ),
    (
        "config/_default/menus.ru.toml",
        "[[main]]\nname = \"Руководство\"\npageRef = \"guide/_index.md\"\nweight = 1\n[[footer]]\nname = \"x\"\nurl = \"/x/\"\n",
    ),
    (
        "config/_default/params.yaml",
        "AUTHOR: Bob\ndescription: A course in Go\n",
    ),
    (
        "config/development/hugo.toml",
        "baseURL = \"http://localhost:1313/\"\n",
    ),
    ("content/en/_index.md", "---\ntitle: Home\n---\n"),
    ("content/en/guide/_index.md", "---\ntitle: Guide\n---\n"),
    ("content/en/guide/setup.md", "---\ntitle: Setup\n---\n"),
    ("content/ru/_index.md", "---\ntitle: Главная\n---\n"),
    (
        "content/ru/guide/_index.md",
        "---\ntitle: Руководство\n---\n",
    ),
    ("content/ru/guide/setup.md", "---\ntitle: Установка\n---\n"),
    ("content/zh/_index.md", "---\ntitle: 首页\n---\n"),
    ("content/zh/guide/setup.md", "---\ntitle: 安装\n---\n"),
];

#[test]
fn a_multilingual_config_directory_is_merged_as_hugo_merges_it() {
    let dir = site(MULTILINGUAL.iter().copied());
    let (toml, lines) = import(dir.path());
    assert_eq!(get(&toml, "title").as_str(), Some("Course"));
    assert_eq!(get(&toml, "default_language").as_str(), Some("en"));
    assert_eq!(
        get(&toml, "default_language_in_subdir").as_bool(),
        Some(false),
        "Hugo's default, not lectern's"
    );
    assert_eq!(get(&toml, "description").as_str(), Some("A course in Go"));
    assert_eq!(
        get(&toml, "params.author").as_str(),
        Some("Bob"),
        "params.yaml merged over hugo.toml's [Params], keys in any case"
    );
    assert_eq!(get(&toml, "languages.en.name").as_str(), Some("English"));
    assert_eq!(get(&toml, "languages.ru.name").as_str(), Some("Русский"));
    assert_eq!(get(&toml, "languages.ru.title").as_str(), Some("Курс"));
    assert_eq!(
        get(&toml, "languages.ru.description").as_str(),
        Some("Курс по Go")
    );
    assert_eq!(get(&toml, "languages.zh.name").as_str(), Some("中文"));
    assert_eq!(get(&toml, "languages.zh.weight").as_integer(), Some(3));
    assert_eq!(
        menu(get(&toml, "languages.en.menu")),
        [("Guide".to_string(), "/guide/".to_string())]
    );
    assert_eq!(
        menu(get(&toml, "languages.ru.menu")),
        [("Руководство".to_string(), "/ru/guide/".to_string())]
    );
    assert!(line(&lines, "not carried: `languages.ru.menus.footer`").contains("one menu"));
    assert_eq!(
        menu(get(&toml, "menu")),
        [("Home".to_string(), "/".to_string())]
    );
    assert_eq!(
        menu(get(&toml, "languages.zh.menu")),
        [("Home".to_string(), "/zh/".to_string())],
        "the site's menu, its pageRef made for the language without a menu of its own"
    );
    assert!(line(&lines, "note: config/development/ is not read").contains("production"));
    assert!(
        !lines.iter().any(|l| l.contains("contentDir")),
        "content/<code> is where lectern looks: {lines:?}"
    );

    let (_tmp, out) = build(dir.path());
    let home = page(&out, "index.html");
    assert_eq!(
        attrs(&home, "html", "lang"),
        ["en"],
        "the default language at the root"
    );
    let setup = page(&out, "ru/guide/setup/index.html");
    assert_eq!(texts(&setup, "h1"), ["Установка"]);
    assert_eq!(attrs(&setup, ".site-menu a", "href"), ["/ru/guide/"]);
    assert_eq!(texts(&setup, ".site-menu a"), ["Руководство"]);
    let zh = page(&out, "zh/guide/setup/index.html");
    assert_eq!(texts(&zh, "h1"), ["安装"]);
    assert_eq!(attrs(&zh, ".site-menu a", "href"), ["/zh/"]);
    assert_eq!(
        attrs(
            &page(&out, "guide/setup/index.html"),
            ".site-menu a",
            "href"
        ),
        ["/guide/"]
    );
}

#[test]
fn settings_that_cannot_be_carried_are_each_named_with_why() {
    let dir = site([
        (
            "config.yaml",
            "title: Blog\ntheme: hugo-book\nuglyURLs: true\npaginate: 5\nfrobnicate: 3\npermalinks:\n  posts: /:year/:slug/\nmarkup:\n  highlight:\n    style: dracula\nmodule:\n  mounts:\n    - source: docs\n      target: content\n",
        ),
        (
            "content/posts/a.md",
            "---\ntitle: A\n---\n{{< gist ann 1 >}}\n",
        ),
        (
            "content/posts/b.md",
            "---\ntitle: B\n---\n{{< aside >}}x{{< /aside >}} {{< hint info >}}y{{< /hint >}} {{< tip >}}z{{< /tip >}}\n",
        ),
        ("content/About.md", "---\ntitle: About\n---\n"),
        ("content/notes.adoc", "= Notes\n"),
        (
            "layouts/shortcodes/aside.html",
            "<aside>{{ .Inner }}</aside>\n",
        ),
        ("layouts/shortcodes/hint.html", "<div>{{ .Inner }}</div>\n"),
        ("layouts/partials/head.html", "<meta>\n"),
    ]);
    let before = tree(dir.path());
    let (toml, lines) = import(dir.path());
    assert_eq!(get(&toml, "title").as_str(), Some("Blog"));
    assert!(
        line(
            &lines,
            "not carried: `permalinks.posts` = \"/:year/:slug/\""
        )
        .contains("the 2 pages in posts/ are at their files' paths")
    );
    assert!(line(&lines, "not carried: `uglyURLs` = true").contains("NAME/index.html"));
    assert!(line(&lines, "not carried: `theme` = \"hugo-book\"").contains("one built-in theme"));
    assert!(line(&lines, "not carried: `paginate` = 5").contains("paginate"));
    assert!(line(&lines, "not carried: `module` = {mounts}").contains("mounts"));
    assert!(
        line(
            &lines,
            "not carried: `markup.highlight.style` = \"dracula\""
        )
        .contains("syntax.css")
    );
    assert!(line(&lines, "not carried: `frobnicate` = 3").contains("does not know"));
    assert!(
        line(
            &lines,
            "content: shortcode `gist` (1 call, at content/posts/a.md:4:1)"
        )
        .contains("templates/shortcodes/gist.html")
    );
    assert!(
        line(&lines, "content: shortcode `aside` (1 call")
            .contains("layouts/shortcodes/aside.html is a Go template")
    );
    assert!(
        line(&lines, "content: shortcode `hint`:")
            .contains("lectern's built-in one is used, not layouts/shortcodes/hint.html")
    );
    assert!(
        !lines.iter().any(|l| l.contains("`tip`")),
        "tip is built in"
    );
    assert!(line(&lines, "content: content/notes.adoc:").contains("AsciiDoc"));
    assert!(line(&lines, "content: content/About.md:").contains("lowercases"));
    assert!(line(&lines, "content: layouts/partials/head.html:").contains("Tera"));
    let after = tree(dir.path());
    assert!(before.iter().all(|(f, bytes)| after.get(f) == Some(bytes)));
}

#[test]
fn taxonomies_summaries_and_feeds_are_written_in_lecterns_terms() {
    let dir = site([
        (
            "hugo.toml",
            "summaryLength = 30\ndisableKinds = [\"RSS\", \"sitemap\"]\n[taxonomies]\ntag = \"tags\"\nseries = \"series\"\n[services.rss]\nlimit = 15\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    let (toml, lines) = import(dir.path());
    assert_eq!(get(&toml, "summary_length").as_integer(), Some(30));
    assert_eq!(get(&toml, "taxonomies.tag").as_str(), Some("tags"));
    assert_eq!(get(&toml, "taxonomies.series").as_str(), Some("series"));
    assert_eq!(get(&toml, "feed.enabled").as_bool(), Some(false));
    assert_eq!(get(&toml, "feed.limit").as_integer(), Some(15));
    assert!(line(&lines, "not carried: `disableKinds` = \"sitemap\"").contains("sitemap"));

    let off = site([
        (
            "hugo.toml",
            "disableKinds = [\"term\", \"taxonomy\"]\n[services.rss]\nlimit = -1\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    let (toml, _) = import(off.path());
    assert_eq!(
        get(&toml, "taxonomies").as_table().map(toml::Table::len),
        Some(0),
        "an empty [taxonomies] turns them off"
    );
    assert!(!toml.contains_key("feed"), "-1 is no limit: {toml:?}");
}

#[test]
fn an_existing_site_toml_is_kept_unless_forced_and_then_backed_up() {
    let dir = site([
        ("hugo.toml", "title = \"New\"\n"),
        ("site.toml", "title = \"Mine\"\n"),
        ("content/a.md", "# A\n"),
    ]);
    let refused = lectern_in(dir.path(), &["import", "hugo", "."]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("site.toml: exists already"),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );

    let forced = lectern_in(dir.path(), &["import", "hugo", ".", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{forced:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml.bak")).unwrap(),
        "title = \"Mine\"\n"
    );
    let written = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    assert!(written.contains("title = \"New\""), "{written}");

    // The same import again changes nothing; a changed site.toml with a
    // backup of something else in the way is refused.
    let again = lectern_in(dir.path(), &["import", "hugo", ".", "--force"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        written
    );
    std::fs::write(dir.path().join("site.toml"), "title = \"Edited\"\n").unwrap();
    let blocked = lectern_in(dir.path(), &["import", "hugo", ".", "--force"]);
    assert_eq!(blocked.status.code(), Some(1));
    assert!(
        stderr(&blocked).contains("site.toml.bak: exists already"),
        "{blocked:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        "title = \"Edited\"\n"
    );
}

#[test]
fn bad_input_is_located_and_never_a_panic() {
    let toml = site([("hugo.toml", "title = \"x\"\nbaseURL = \n")]);
    let o = lectern_in(toml.path(), &["import", "hugo", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: hugo.toml:2:"), "{o:?}");

    let yaml = site([("config/_default/params.yaml", "a: 1\nb: [\n")]);
    let o = lectern_in(yaml.path(), &["import", "hugo", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: config/_default/params.yaml:"),
        "{o:?}"
    );

    let json = site([("hugo.json", "{\"title\": [1,}\n")]);
    let o = lectern_in(json.path(), &["import", "hugo", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: hugo.json:1:"), "{o:?}");

    let empty = tempfile::tempdir().unwrap();
    let o = lectern_in(empty.path(), &["import", "hugo", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no Hugo configuration here"), "{o:?}");
    assert!(!empty.path().join("site.toml").exists());

    let o = lectern_in(empty.path(), &["import", "hugo", "missing"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_same_site_imports_to_the_same_bytes() {
    let a = site(MULTILINGUAL.iter().copied());
    let b = site(MULTILINGUAL.iter().copied());
    import(a.path());
    import(b.path());
    assert_eq!(
        std::fs::read(a.path().join("site.toml")).unwrap(),
        std::fs::read(b.path().join("site.toml")).unwrap()
    );
}

#[test]
fn hugo_books_sidebar_links_become_header_links_and_its_directories_are_moved() {
    let dir = site([
        (
            "hugo.toml",
            "title = \"Book\"\n[languages.en]\nlanguageName = \"English\"\ncontentDir = \"content.en\"\n[languages.he]\nlanguageName = \"עברית\"\ncontentDir = \"content.he\"\nlanguageDirection = \"rtl\"\n[[menu.after]]\nname = \"Hugo\"\nurl = \"https://gohugo.io/\"\nweight = 20\n[[menu.after]]\nname = \"Github\"\nurl = \"https://github.com/\"\nweight = 10\n",
        ),
        ("content.en/_index.md", "# Book\n"),
        ("content.he/_index.md", "# ספר\n"),
    ]);
    let (toml, lines) = import(dir.path());
    assert_eq!(
        menu(get(&toml, "menu")),
        [
            ("Github".to_string(), "https://github.com/".to_string()),
            ("Hugo".to_string(), "https://gohugo.io/".to_string()),
        ]
    );
    assert_eq!(get(&toml, "languages.he.dir").as_str(), Some("rtl"));
    assert!(line(&lines, "note: `menus.after`").contains("header links"));
    assert!(
        line(
            &lines,
            "not carried: `languages.he.contentDir` = \"content.he\""
        )
        .ends_with("`git mv content.he content/he`")
    );
}
