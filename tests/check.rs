//! `lectern check` on a site with one of every defect planted
//! (tests/fixtures/defects): each is reported at its file, line and column,
//! correct content is not, the machine formats parse, and `--fix-encoding`
//! repairs exactly the files whose repair is certain.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// Severity, file, line, column, and a part of the message.
const PLANTED: &[(&str, &str, usize, usize, &str)] = &[
    (
        "warning",
        "content/en/guide/also-two.md",
        3,
        9,
        "weight 2 is also the weight of content/en/guide/setup.md, a sibling",
    ),
    (
        "error",
        "content/en/guide/bad-date.md",
        4,
        7,
        "front matter: cannot read \"next tuesday\" as a date",
    ),
    (
        "error",
        "content/en/guide/clash.md",
        3,
        7,
        "content/en/guide/clash.md and content/en/guide/intro.md would both write en/guide/intro/index.html",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        1,
        1,
        "content/en/guide/intro.md and content/en/guide/clash.md would both write en/guide/intro/index.html",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        10,
        3,
        "link `missing.md`: there is no page content/en/guide/missing.md",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        11,
        3,
        "link `setup.md#instal`: /en/guide/setup/ has no heading or element with the id `instal` (did you mean `install`?)",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        12,
        3,
        "image `images/diagram.png`: there is no file content/en/guide/images/diagram.png",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        13,
        3,
        "link `#summary`: this page has no heading or element with the id `summary`",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        14,
        8,
        "image `/images/banner.png`: the site has nothing at /images/banner.png",
    ),
    (
        "error",
        "content/en/guide/intro.md",
        15,
        47,
        "link `../lesson/nope.csv`: there is no file content/en/lesson/nope.csv",
    ),
    (
        "error",
        "content/en/guide/key-one.md",
        4,
        17,
        "translationKey `shared` is also used by content/en/guide/key-two.md in en",
    ),
    (
        "error",
        "content/en/guide/key-two.md",
        4,
        17,
        "translationKey `shared` is also used by content/en/guide/key-one.md in en",
    ),
    (
        "error",
        "content/en/guide/setup.md",
        1,
        1,
        "content/en/guide/setup.md and the alias in content/en/only-english.md would both write en/guide/setup/index.html",
    ),
    (
        "warning",
        "content/en/guide/setup.md",
        3,
        9,
        "weight 2 is also the weight of content/en/guide/also-two.md, a sibling",
    ),
    (
        "warning",
        "content/en/guide/typos.md",
        3,
        1,
        "unknown front matter key `wieght`: did you mean `weight`?",
    ),
    (
        "warning",
        "content/en/guide/typos.md",
        4,
        1,
        "unknown front matter key `descripton`: did you mean `description`?",
    ),
    (
        "warning",
        "content/en/mangled-cp1252.md",
        6,
        4,
        "mangled text (UTF-8 read as Windows-1252 and saved again: `Ã©` is `é`); `lectern check --fix-encoding` repairs the file",
    ),
    (
        "error",
        "content/en/only-english.md",
        4,
        11,
        "the alias in content/en/only-english.md and content/en/guide/setup.md would both write en/guide/setup/index.html",
    ),
    (
        "error",
        "content/ru/guide/intro.md",
        9,
        3,
        "link `#установка`: this page has no heading or element with the id `установка` (did you mean `установка-go`?)",
    ),
    (
        "warning",
        "content/ru/guide/intro.md",
        10,
        3,
        "link `../only-english.md`: there is no content/ru/only-english.md; the page exists only in en (content/en/only-english.md), so the link goes there",
    ),
    (
        "error",
        "content/ru/guide/intro.md",
        12,
        3,
        "link `setup.md#настройка`: /ru/guide/setup/ has no heading or element with the id `настройка` (did you mean `настройка-среды`?)",
    ),
    (
        "error",
        "content/ru/legacy-cp1251.md",
        2,
        8,
        "not valid UTF-8 (byte 11); it looks like Windows-1251 (Cyrillic)",
    ),
    (
        "warning",
        "content/ru/mangled-mac.md",
        2,
        13,
        "mangled text (UTF-8 read as Mac OS Roman and saved again: `\u{f8ff}üóÑÔ∏è` is `🗄️`)",
    ),
    (
        "warning",
        "content/ru/partly-mangled.md",
        8,
        1,
        "text looks mangled (UTF-8 read as Windows-1251 and saved again: `Р\u{a0}Р°Р±РѕС‚Р°` is `Работа`), but the text at 2:8 is not mangled that way",
    ),
    (
        "error",
        "content/zh/guide/intro.md",
        9,
        3,
        "link `#2-安装`: this page has no heading or element with the id `2-安装` (did you mean `21-安装`?)",
    ),
    (
        "warning",
        "content/zh/guide/intro.md",
        11,
        3,
        "link `../../en/only-english.md`: the page exists only in en (content/en/only-english.md); there is no zh version",
    ),
    (
        "error",
        "content/zh/legacy-gbk.md",
        2,
        8,
        "not valid UTF-8 (byte 11); it looks like GBK (Simplified Chinese)",
    ),
];

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn check(site: &Path, args: &[&str]) -> Output {
    lectern_in(site, &[&["check"], args].concat())
}

fn planted_places() -> Vec<(String, String, usize, usize)> {
    PLANTED
        .iter()
        .map(|(s, f, l, c, _)| (s.to_string(), f.to_string(), *l, *c))
        .collect()
}

#[test]
fn every_planted_defect_is_reported_where_it_is() {
    let o = check(&fixture("defects"), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let found: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let places: Vec<(String, String, usize, usize)> = found
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(places, planted_places());
    for (d, planted) in found.iter().zip(PLANTED) {
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains(planted.4),
            "{message}\n  wants {}",
            planted.4
        );
    }
    assert_eq!(
        stderr(&o),
        "checked 27 pages: 18 errors and 9 warnings found\n"
    );
}

#[test]
fn human_format_shows_the_line_and_a_caret() {
    let o = check(&fixture("defects"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "colour only on a terminal");
    let blocks: Vec<&str> = out.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), PLANTED.len());
    for (block, (severity, file, line, col, _)) in blocks.iter().zip(PLANTED) {
        let prefix = format!("{severity}: {file}:{line}:{col}: ");
        assert!(block.starts_with(&prefix), "{block}\n  wants {prefix}");
    }
    for expected in [
        "error: content/ru/guide/intro.md:9:3: link `#установка`: this page has no heading or element with the id `установка` (did you mean `установка-go`?)\n  |\n9 | - [неверный якорь](#установка)\n  |   ^",
        "error: content/zh/legacy-gbk.md:2:8: not valid UTF-8 (byte 11); it looks like GBK (Simplified Chinese): convert it, e.g. `iconv -f GBK -t UTF-8`\n  |\n2 | title: 旧的编码\n  |        ^",
        "error: content/en/guide/intro.md:14:8: image `/images/banner.png`: the site has nothing at /images/banner.png\n   |\n14 | - <img src=\"/images/banner.png\" alt=\"a missing image in raw HTML\">\n   |        ^",
    ] {
        assert!(
            blocks.contains(&expected),
            "missing:\n{expected}\nin:\n{out}"
        );
    }
}

#[test]
fn github_annotations_parse() {
    let o = check(&fixture("defects"), &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let parsed: Vec<(String, String, usize, usize)> = stdout(&o)
        .lines()
        .map(|line| {
            let rest = line.strip_prefix("::").unwrap();
            let (command, message) = rest.split_once("::").unwrap();
            assert!(!message.is_empty());
            let (severity, properties) = command.split_once(' ').unwrap();
            let props: Vec<(&str, &str)> = properties
                .split(',')
                .map(|p| p.split_once('=').unwrap())
                .collect();
            assert_eq!(
                props.iter().map(|p| p.0).collect::<Vec<_>>(),
                ["file", "line", "col"]
            );
            (
                severity.to_string(),
                props[0].1.to_string(),
                props[1].1.parse().unwrap(),
                props[2].1.parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(parsed, planted_places());
}

#[test]
fn check_writes_nothing_and_says_the_same_every_time() {
    let site = copy_fixture("defects");
    let before = tree(site.path());
    let first = check(site.path(), &["--format", "json"]);
    let second = check(site.path(), &["--format", "json"]);
    assert_eq!(tree(site.path()), before);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn fix_encoding_repairs_exactly_the_mangled_files() {
    let site = copy_fixture("defects");
    let before = tree(site.path());
    let o = check(site.path(), &["--fix-encoding"]);
    assert_eq!(
        stderr(&o).lines().take(3).collect::<Vec<_>>(),
        [
            "repaired content/en/mangled-cp1252.md (it was UTF-8 read as Windows-1252); the original is content/en/mangled-cp1252.md.orig",
            "repaired content/ru/mangled-mac.md (it was UTF-8 read as Mac OS Roman); the original is content/ru/mangled-mac.md.orig",
            "left content/ru/partly-mangled.md as it is: the text at 2:8 is not mangled that way, so the file cannot be repaired as a whole",
        ]
    );
    // The report is of the repaired site: two problems fewer.
    assert!(!stdout(&o).contains("mangled text"), "{}", stdout(&o));
    assert!(stderr(&o).ends_with("18 errors and 7 warnings found\n"));

    let after = tree(site.path());
    let changed: Vec<&str> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "content/en/mangled-cp1252.md",
            "content/en/mangled-cp1252.md.orig",
            "content/ru/mangled-mac.md",
            "content/ru/mangled-mac.md.orig",
        ]
    );
    for (file, code_page, expected) in [
        (
            "content/en/mangled-cp1252.md",
            encoding_rs::WINDOWS_1252,
            "Café — naïve résumé, déjà vu. 🙂",
        ),
        (
            "content/ru/mangled-mac.md",
            encoding_rs::MACINTOSH,
            "Работа с базами данных в Go: драйвер, пул соединений, запросы.",
        ),
    ] {
        let original = &before[file];
        assert_eq!(&after[&format!("{file}.orig")], original);
        let repaired = String::from_utf8(after[file].clone()).unwrap();
        assert!(repaired.contains(expected), "{repaired}");
        // Reversible: reading the repair through the code page again gives
        // back the original bytes.
        let (misread, _) = code_page.decode_without_bom_handling(repaired.as_bytes());
        assert_eq!(misread.as_bytes(), original.as_slice());
    }

    // A second run finds nothing more to repair and leaves the copies alone.
    let again = check(site.path(), &["--fix-encoding"]);
    assert!(
        !stderr(&again).contains("repaired content"),
        "{}",
        stderr(&again)
    );
    assert_eq!(tree(site.path()), after);
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = copy_fixture("course");
    // The fixture's block in an unknown language is a warning of its own.
    let intro = site.path().join("content/en/ch1/intro.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, text.replace("```nosuchlang", "```text")).unwrap();
    write_files(
        site.path(),
        [(
            "content/en/ch1/typo.md",
            "---\ntitle: Typo\nwieght: 3\n---\n",
        )],
    );
    let warning = "warning: content/en/ch1/typo.md:3:1: unknown front matter key `wieght`: did you mean `weight`?";

    let o = check(site.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with(warning), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "checked 23 pages: 0 errors and 1 warning found\n"
    );
    let o = check(site.path(), &["--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with(&warning.replacen("warning", "error", 1)));

    let o = lectern_in(site.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with(warning), "{}", stderr(&o));
    assert!(stdout(&o).contains(", 1 warning"));
    let built = tree(&site.path().join("public"));
    let o = lectern_in(site.path(), &["build", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).ends_with("1 error found\n"), "{}", stderr(&o));
    assert_eq!(tree(&site.path().join("public")), built);
}

#[test]
fn build_fails_on_what_check_finds_and_keeps_the_previous_site() {
    let site = copy_fixture("course");
    assert_eq!(lectern_in(site.path(), &["build"]).status.code(), Some(0));
    let built = tree(&site.path().join("public"));
    let intro = site.path().join("content/zh/ch1/intro.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, text.replace("(#2-目标)", "(#目标)")).unwrap();
    let o = lectern_in(site.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/zh/ch1/intro.md:")
            && stderr(&o)
                .contains("no heading or element with the id `目标` (did you mean `2-目标`?)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tree(&site.path().join("public")), built);
}

#[test]
fn the_demo_course_checks_clean() {
    let o = lectern_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).ends_with("no problems found\n"));
}

#[test]
fn usage_errors_exit_2() {
    let site = fixture("single");
    assert_eq!(check(&site, &["--format", "xml"]).status.code(), Some(2));
    assert_eq!(check(&site, &["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(check(&site, &["a", "b"]).status.code(), Some(2));
    let o = check(&site, &["no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "no/such/dir is not a directory\n");
    let o = lectern_in(&site, &["build", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn untranslated_pages_are_listed_per_language() {
    let o = lectern(&[
        "check",
        fixture("course").to_str().unwrap(),
        "--untranslated",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("ru: 13 of 16 pages untranslated\n"), "{err}");
    assert!(err.contains("zh: 13 of 16 pages untranslated\n"), "{err}");
    let ru: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.starts_with("ru:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(ru.len(), 13);
    assert!(
        ru.iter().any(|l| l.ends_with("content/en/only-english.md")),
        "{ru:?}"
    );
    assert!(
        !ru.iter().any(|l| l.ends_with("content/en/ch1/intro.md")),
        "{ru:?}"
    );
}

#[test]
fn untranslated_pages_come_in_the_machine_formats_too() {
    let course = fixture("course");
    let o = lectern_in(&course, &["check", "--untranslated", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let lists: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .filter(|v: &serde_json::Value| v.get("language").is_some())
        .collect();
    let languages: Vec<&str> = lists
        .iter()
        .map(|v| v["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["ru", "zh"]);
    assert_eq!(lists[0]["pages"], 16);
    let ru = lists[0]["untranslated"].as_array().unwrap();
    assert_eq!(ru.len(), 13);
    assert!(
        ru.contains(&serde_json::json!("content/en/only-english.md")),
        "{ru:?}"
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("pages untranslated"));

    let o = lectern_in(&course, &["check", "--untranslated", "--format", "github"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("::notice file=content/en/only-english.md::not translated into ru\n"),
        "{stdout}"
    );
}

#[test]
fn hugo_fields_not_honoured_are_named_once_for_the_site() {
    let page = |n: u8| format!("---\ntitle: P{n}\nseries: [go]\nlayout: wide\n---\n# P{n}\n");
    let site = site([
        ("site.toml", "title = \"T\"\n".to_string()),
        ("content/a.md", page(1)),
        ("content/b.md", page(2)),
        ("content/c.md", page(3)),
    ]);
    let o = check(site.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.matches("front matter `series`").count(), 1, "{out}");
    assert!(
        out.contains("warning: content/a.md:3:1: front matter `series` means something in Hugo that lectern does not do yet: it is no taxonomy of site.toml's `[taxonomies]`, so its terms get no pages; the value is kept for templates (`page.params.series`) (2 more elsewhere)"),
        "{out}"
    );
    assert!(
        out.contains("warning: content/a.md:4:1: front matter `layout` means something in Hugo that lectern does not do yet: a page picks its template with `template`"),
        "{out}"
    );
}

#[test]
fn a_page_before_its_publish_date_is_left_out_and_check_says_when_it_goes_live() {
    let site = site([
        ("site.toml", "title = \"T\"\n".to_string()),
        (
            "content/now.md",
            "---\ntitle: Now\npublishDate: 2020-01-01\n---\n# Now\n".to_string(),
        ),
        (
            "content/later.md",
            "---\ntitle: Later\npublishDate: 2999-05-01T09:00:00+02:00\n---\n# Later\n".to_string(),
        ),
        (
            "content/gone.md",
            "---\ntitle: Gone\nexpiryDate: 2020-01-01\n---\n# Gone\n".to_string(),
        ),
    ]);
    let o = check(site.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stderr(&o).starts_with("content/later.md: goes live at 2999-05-01T09:00:00+02:00; left out until then (--future includes it)\n"),
        "{}",
        stderr(&o)
    );
    let built = lectern_in(site.path(), &["build"]);
    assert_eq!(built.status.code(), Some(0));
    let out = site.path().join("public");
    assert!(out.join("now/index.html").exists());
    assert!(!out.join("later/index.html").exists());
    assert!(!out.join("gone/index.html").exists());
    let future = lectern_in(site.path(), &["build", "--future"]);
    assert_eq!(future.status.code(), Some(0));
    assert!(out.join("later/index.html").exists());
    assert!(!out.join("gone/index.html").exists());
}
