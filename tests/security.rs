//! What a hostile content tree cannot do: publish a file from outside the
//! site through a symbolic link, or run script in a reader's browser when
//! the site does not trust its authors (`raw_html = false`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

const SECRET: &str = "SECRET-TOKEN-8f2c";

/// A single-language site in `dir/site` with `site_toml`, a home page and
/// one lesson; beside it, outside the site, a directory holding a secret.
fn site(dir: &Path, site_toml: &str) -> PathBuf {
    write_files(
        dir,
        [
            ("site/site.toml", site_toml.to_string()),
            ("site/content/_index.md", "# Home\n".to_string()),
            ("site/content/lesson.md", "# Lesson\n\nText.\n".to_string()),
            ("outside/secret.md", format!("# {SECRET}\n")),
            ("outside/en.toml", format!("next = \"{SECRET}\"\n")),
        ],
    );
    dir.join("site")
}

fn build_into(site: &Path, out: &Path) -> Output {
    lectern(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` holding `needle`.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    tree(dir)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(rel, _)| rel)
        .collect()
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_site_fail_the_build_and_publish_nothing() {
    use std::os::unix::fs::symlink;
    for follow in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let site = site(tmp.path(), &format!("follow_symlinks = {follow}\n"));
        let secret = tmp.path().join("outside/secret.md");
        let links = [
            ("content/env.txt", secret.clone()),
            ("content/pw.md", secret.clone()),
            ("content/linked", tmp.path().join("outside")),
            ("static/leak.txt", secret.clone()),
            ("templates/page.html", secret.clone()),
            ("i18n/en.toml", tmp.path().join("outside/en.toml")),
        ];
        for (link, target) in &links {
            let path = site.join(link);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            symlink(target, path).unwrap();
        }
        let out = tmp.path().join("public");
        let output = build_into(&site, &out);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        for (link, _) in &links {
            let line = err
                .lines()
                .find(|l| l.contains(&format!("{}:", site.join(link).display())))
                .unwrap_or_else(|| panic!("no error at {link}: {err}"));
            assert!(line.starts_with("error: "), "{line}");
            assert!(line.contains("outside the site directory"), "{line}");
        }
        assert!(!out.exists(), "a failed build wrote {}", out.display());
        assert!(!err.contains(SECRET), "{err}");

        let output = lectern(&["check", site.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(!report.contains(SECRET), "{report}");
    }
}

#[cfg(unix)]
#[test]
fn a_source_directory_that_is_a_link_out_of_the_site_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "");
    std::os::unix::fs::symlink(tmp.path().join("outside"), site.join("static")).unwrap();
    let out = tmp.path().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: {}: symbolic link to",
            site.join("static").display()
        )),
        "{err}"
    );
    assert!(files_holding(&out, SECRET).is_empty());
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed_only_when_the_site_asks() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "");
    write_files(
        &site,
        [
            ("notes/guide.md", "# Guide\n\nShared guide text.\n"),
            ("extra/page.md", "# Extra page\n"),
        ],
    );
    symlink("../notes/guide.md", site.join("content/guide.md")).unwrap();
    symlink("../extra", site.join("content/more")).unwrap();

    let out = tmp.path().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    for link in ["content/guide.md", "content/more"] {
        assert!(
            err.contains(&format!(
                "warning: {}: symbolic link to",
                site.join(link).display()
            )),
            "{err}"
        );
    }
    assert!(err.contains("follow_symlinks = true"), "{err}");
    assert!(!out.join("guide/index.html").exists());
    assert!(!out.join("more").exists());

    write_files(&site, [("site.toml", "follow_symlinks = true\n")]);
    let (_keep, out) = build(&site);
    let guide = page(&out, "guide/index.html");
    assert_eq!(texts(&guide, "main h1"), ["Guide"]);
    assert!(texts(&guide, "main p").contains(&"Shared guide text.".to_string()));
    let extra = page(&out, "more/page/index.html");
    assert_eq!(texts(&extra, "main h1"), ["Extra page"]);
}

#[cfg(unix)]
#[test]
fn hidden_targets_and_loops_are_refused_when_following() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "follow_symlinks = true\n");
    write_files(&site, [(".git/config", format!("url = {SECRET}\n"))]);
    symlink("../.git/config", site.join("content/git.txt")).unwrap();
    std::fs::create_dir_all(site.join("content/a")).unwrap();
    symlink("..", site.join("content/a/up")).unwrap();
    symlink(".", site.join("content/a/here")).unwrap();

    let out = tmp.path().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let at = |link: &str| format!("error: {}: ", site.join(link).display());
    assert!(err.contains(&(at("content/git.txt") + "symbolic link to `../.git/config`, a hidden")));
    for link in ["content/a/up", "content/a/here"] {
        assert!(
            err.contains(&(at(link) + "symbolic link back into a directory that holds it")),
            "{err}"
        );
    }
    assert!(files_holding(&out, SECRET).is_empty());
}

#[test]
fn links_in_memory_builds_follow_the_same_rule() {
    // `serve` builds through `generate`: what it does not list, it cannot serve.
    #[cfg(unix)]
    {
        let tmp = tempfile::tempdir().unwrap();
        let site = site(tmp.path(), "");
        write_files(&site, [("notes/n.txt", "in-tree note\n")]);
        std::os::unix::fs::symlink("../notes/n.txt", site.join("content/n.txt")).unwrap();
        let generated = lectern::Session::once()
            .generate(&site, &lectern::BuildOptions::default())
            .unwrap();
        assert!(generated.files.iter().all(|f| f.path != "n.txt"));
        assert!(
            generated
                .warnings
                .iter()
                .any(|w| w.path == site.join("content/n.txt"))
        );
    }
}

const HOSTILE_PAGE: &str = "\
# Hostile

## Intro {tabindex=0 autofocus onfocus=alert(1) style=color:red}

## Kept {#kept .note lang=ru}

[plain](javascript:alert(1)) and [encoded](&#106;avascript:alert(2)) and
[tabbed](java&#9;script:alert(3)) and <javascript:alert(4)> and
[data](data:text/html,<script>alert(5)</script>) and [VB](VBScript:msgbox(6))

![pic](javascript:alert(7)) and [ok](https://go.dev/) and [rel](lesson.md)

<img src=x onerror=alert(8)>
";

fn hostile_site(raw_html: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), &format!("raw_html = {raw_html}\n"));
    write_files(&site, [("content/hostile.md", HOSTILE_PAGE)]);
    (tmp, site)
}

/// The URL a browser would act on: leading spaces and controls, tabs and
/// line breaks do not count.
fn scheme_of(url: &str) -> String {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    url.split(':').next().unwrap_or_default().to_string()
}

#[test]
fn untrusted_markdown_cannot_write_script() {
    let (_tmp, site) = hostile_site(false);
    let out = site.parent().unwrap().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let html = page(&out, "hostile/index.html");
    let main = select(&html, "main")[0];
    for element in main.descendants().filter_map(scraper::ElementRef::wrap) {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{name}={value}");
            assert!(!["autofocus", "style"].contains(&name), "{name}");
            // The theme's own heading anchors are taken out of the tab order.
            assert!(name != "tabindex" || value == "-1", "{name}={value}");
            if name == "href" || name == "src" {
                let scheme = scheme_of(value);
                assert!(
                    !["javascript", "vbscript", "data"].contains(&scheme.as_str()),
                    "{name}={value}"
                );
            }
        }
    }
    // The text of every dropped link stays; the safe ones keep their URLs.
    let text: String = main.text().collect();
    for word in ["plain", "encoded", "tabbed", "data", "VB", "pic"] {
        assert!(text.contains(word), "{word} missing from {text}");
    }
    assert_eq!(
        attrs(&html, "main a[href^='https://go.dev']", "href").len(),
        1
    );
    let rel = select(&html, "main a[href='/lesson/']");
    assert!(rel.iter().any(|a| a.text().collect::<String>() == "rel"));
    assert!(text.contains("<img src=x onerror=alert(8)>"));
    assert!(select(&html, "main img").is_empty());
    let kept = select(&html, "main h2#kept")[0];
    assert_eq!(kept.value().attr("class"), Some("note"));
    assert_eq!(kept.value().attr("lang"), Some("ru"));
    let intro = select(&html, "main h2#intro")[0];
    assert_eq!(intro.value().attrs().count(), 1, "{}", intro.html());

    let at = format!("warning: {}:", site.join("content/hostile.md").display());
    for expected in [
        "3:1: heading attribute `onfocus` is left out",
        "3:1: heading attribute `autofocus` is left out",
        "7:1: link `javascript:alert(1)`: this kind of URL can run script",
        "8:39: link `javascript:alert(4)`",
        "11:1: image `javascript:alert(7)`",
    ] {
        assert!(
            err.contains(&format!("{at}{expected}")),
            "{expected}\n{err}"
        );
    }
}

#[test]
fn trusted_markdown_keeps_what_its_authors_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "raw_html = true\n");
    write_files(
        &site,
        [(
            "content/hostile.md",
            "# Hostile\n\n## Intro {onfocus=alert(1)}\n\n<img src=\"/favicon.svg\" onerror=alert(8)>\n",
        )],
    );
    let (_keep, out) = build(&site);
    let html = page(&out, "hostile/index.html");
    let intro = select(&html, "main h2#intro")[0];
    assert_eq!(intro.value().attr("onfocus"), Some("alert(1)"));
    assert_eq!(select(&html, "main img[onerror]").len(), 1);
}

#[test]
fn files_that_take_the_place_of_the_themes_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "");
    write_files(
        &site,
        [
            ("content/theme.js", "alert('content')\n"),
            ("static/style.css", "body{}\n"),
            ("content/sitemap.xml", "<urlset/>\n"),
        ],
    );
    let out = tmp.path().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let warning = |file: &str| format!("warning: {}: ", site.join(file).display());
    assert!(
        err.contains(&(warning("content/theme.js") + "this file replaces the theme's `theme.js`")),
        "{err}"
    );
    assert!(
        err.contains(&(warning("static/style.css") + "this file replaces the theme's `style.css`")),
        "{err}"
    );
    assert!(
        err.contains(
            &(warning("content/sitemap.xml")
                + "the `sitemap.xml` lectern writes replaces this file")
        ),
        "{err}"
    );

    // A site that does not trust its authors publishes no script of theirs.
    write_files(
        &site,
        [
            ("site.toml", "raw_html = false\n"),
            ("content/img/ok.svg", "<svg><circle r=\"1\"/></svg>\n"),
            ("content/img/bad.svg", "<svg onload=\"alert(1)\"/>\n"),
            ("content/page.html", "<script>alert(1)</script>\n"),
        ],
    );
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for file in [
        "content/theme.js",
        "content/img/bad.svg",
        "content/page.html",
    ] {
        assert!(
            err.contains(&format!(
                "error: {}: with `raw_html = false`",
                site.join(file).display()
            )),
            "{file}: {err}"
        );
    }
    assert!(
        !err.contains(&site.join("content/img/ok.svg").display().to_string()),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_site_toml_linking_out_of_the_site_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path(), "");
    std::fs::remove_file(site.join("site.toml")).unwrap();
    // A file whose first line TOML rejects, so reading it would show it.
    write_files(tmp.path(), [("outside/env", format!("{SECRET} = [\n"))]);
    std::os::unix::fs::symlink(tmp.path().join("outside/env"), site.join("site.toml")).unwrap();
    let out = tmp.path().join("public");
    let output = build_into(&site, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("outside the site directory"), "{err}");
    assert!(!err.contains(SECRET), "{err}");
}
