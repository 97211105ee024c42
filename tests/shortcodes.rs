//! Hugo shortcodes: calls expanded through the site's templates and
//! lectern's own, placed where Markdown puts blocks, and every problem
//! reported at the call.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

const SITE: &str = "title = \"T\"\n";

/// A site whose own templates define `box` (content as Markdown of the
/// page), `tabs`/`tab` (numbered, naming their parent) and `raw` (`inner`
/// as written).
fn with_templates<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str)>) -> tempfile::TempDir {
    let mut files = vec![
        ("site.toml", SITE),
        (
            "templates/shortcodes/box.html",
            "<div class=\"box {{ args[0] | default(value='plain') }}\">{{ body | safe }}</div>",
        ),
        (
            "templates/shortcodes/tabs.html",
            "<div class=\"tabs\" id=\"tabs-{{ index }}\">{{ body | safe }}</div>",
        ),
        (
            "templates/shortcodes/tab.html",
            "<section class=\"tab\" data-n=\"{{ ordinal }}\" data-of=\"{{ parent.name }}-{{ parent.index }}\" data-name=\"{{ params.name }}\">{{ body | safe }}</section>",
        ),
        (
            "templates/shortcodes/raw.html",
            "<pre class=\"raw\">{{ inner }}</pre>",
        ),
        (
            "templates/shortcodes/md.html",
            "**{{ args[0] }}** {{ body }}",
        ),
    ];
    files.extend(pages);
    site(files)
}

/// A page as the build renders it when the site has errors (as a preview
/// shows it), though no output is written.
fn rendered_despite_errors(site: &Path, rel: &str) -> scraper::Html {
    struct Collect(std::sync::Mutex<Vec<lectern::output::OutputFile>>);
    impl lectern::output::Sink for Collect {
        fn put(&self, file: lectern::output::OutputFile) -> lectern::error::Result<()> {
            self.0.lock().unwrap().push(file);
            Ok(())
        }
    }
    let sink = Collect(Default::default());
    let analysis = lectern::Session::once()
        .analyze(site, &Default::default(), &sink)
        .unwrap();
    assert!(analysis.diagnostics.iter().any(|d| d.is_error()));
    let files = sink.0.into_inner().unwrap();
    let file = files
        .iter()
        .find(|f| f.path == rel)
        .expect("the page is rendered");
    match &file.body {
        lectern::output::Body::Bytes(bytes) => {
            scraper::Html::parse_document(&String::from_utf8_lossy(bytes))
        }
        lectern::output::Body::Copy(_) => panic!("a page is made, not copied"),
    }
}

fn failing_build(site: &Path) -> String {
    let out = lectern_in(site, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_body_is_markdown_of_the_page_in_lists_quotes_and_nested_calls() {
    let site = with_templates([
        (
            "content/a.md",
            "# A\n\nIntro line.\n{{< box info >}}\n## Inside\nSome **bold** and [b](b.md).\n{{< /box >}}\n\n\
         - one\n- {{< box >}}\n  In an item.\n  {{< /box >}}\n- three\n\n\
         > {{< box >}}\n> quoted\n> {{< /box >}}\n\n\
         {{< tabs >}}\n{{< tab name=\"Linux\" >}}\n```sh\napt install go\n```\n{{< /tab >}}\n{{< tab name=\"macOS\" />}}\n{{< /tabs >}}\n\n\
         Inline {{< box x >}}*word*{{< /box >}} here.\n",
        ),
        ("content/b.md", "# B\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, ".markdown > div.box.info > h2"), ["Inside"]);
    assert_eq!(attrs(&html, ".box.info p a", "href"), ["/b/"]);
    assert_eq!(texts(&html, ".box.info strong"), ["bold"]);
    assert_eq!(
        texts(&html, "nav.toc a"),
        ["Inside"],
        "the body's heading is in the TOC"
    );
    assert_eq!(
        texts(&html, ".markdown > ul > li > div.box.plain > p"),
        ["In an item."]
    );
    assert_eq!(
        select(&html, ".markdown > ul > li").len(),
        3,
        "the list goes on"
    );
    assert_eq!(texts(&html, "blockquote > div.box.plain > p"), ["quoted"]);
    let tabs = attrs(&html, ".tabs > section.tab", "data-name");
    assert_eq!(tabs, ["Linux", "macOS"]);
    assert_eq!(attrs(&html, ".tabs > section.tab", "data-n"), ["0", "1"]);
    let group = attrs(&html, ".tabs", "id")[0].clone();
    for of in attrs(&html, ".tabs > section.tab", "data-of") {
        assert_eq!(of, group, "a tab knows its parent");
    }
    assert_eq!(texts(&html, ".tab pre"), ["apt install go"]);
    assert_eq!(texts(&html, ".markdown .box.x em"), ["word"]);
    let body = select(&html, ".markdown")[0].html();
    assert!(!body.contains("{{"), "{body}");
    assert!(!body.contains('\u{E000}'), "no placeholder is left: {body}");
}

#[test]
fn inner_is_the_raw_text_and_percent_calls_write_markdown() {
    let site = with_templates([(
        "content/a.md",
        "# A\n\n{{< raw >}}<b> & *x*{{< /raw >}}\n\n{{% md \"Go\" %}}is *fast*{{% /md %}}\n",
    )]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, "pre.raw"), ["<b> & *x*"]);
    assert_eq!(texts(&html, ".markdown strong"), ["Go"]);
    assert_eq!(texts(&html, ".markdown em"), ["fast"]);
}

#[test]
fn escaped_calls_show_as_written_even_in_code() {
    let site = with_templates([(
        "content/a.md",
        "# A\n\nWrite `{{</* box info */>}}` to open one.\n\n```\n{{%/* md \"x\" */%}}\n```\n",
    )]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, ".markdown p code"), ["{{< box info >}}"]);
    assert_eq!(texts(&html, ".markdown pre"), ["{{% md \"x\" %}}"]);
}

#[test]
fn relref_resolves_like_hugo_and_is_checked() {
    let site = site([
        ("site.toml", SITE),
        (
            "content/docs/guide/tabs.md",
            "# Tabs\n\n## Keyboard use\n\n[up]({{< relref \"../intro\" >}}) [same]({{< relref \"#keyboard-use\" >}}) [home]({{< relref \"/\" >}})\n",
        ),
        ("content/_index.md", "# Home\n"),
        ("content/docs/guide/_index.md", "# Guide\n"),
        ("content/docs/intro.md", "# Intro\n"),
        ("content/unique-name.md", "# Unique\n"),
        (
            "content/a.md",
            "# A\n\n[t]({{% relref \"docs/guide/tabs\" %}}) [k]({{< ref \"/docs/guide/tabs.md#keyboard-use\" >}}) [u]({{< relref \"unique-name\" >}}) [d]({{< relref \"docs/\" >}})\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(
        attrs(&html, ".markdown a", "href"),
        [
            "/docs/guide/tabs/",
            "/docs/guide/tabs/#keyboard-use",
            "/unique-name/",
            "/docs/"
        ]
    );
    let tabs = page(&out, "docs/guide/tabs/index.html");
    assert_eq!(
        attrs(&tabs, ".markdown p a", "href"),
        ["/docs/intro/", "/docs/guide/tabs/#keyboard-use", "/"]
    );
    assert!(broken_links(&out, "/").is_empty());

    write_files(
        site.path(),
        [(
            "content/b.md",
            "# B\n\nSee [x]({{< relref \"docs/guide/tab\" >}}) and [y]({{< relref \"docs/intro#nowhere\" >}}).\n",
        )],
    );
    let stderr = failing_build(site.path());
    assert!(
        stderr
            .contains("content/b.md:3:9: relref `docs/guide/tab`: no page is at `docs/guide/tab`")
            && stderr.contains("did you mean `docs/guide/tabs`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/b.md:3:46: link `/docs/intro/#nowhere`: /docs/intro/ has no heading or element with the id `nowhere`"),
        "{stderr}"
    );
}

#[test]
fn relref_finds_the_version_in_another_language() {
    let site = site([
        (
            "site.toml",
            "title = \"T\"\n[languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n",
        ),
        (
            "content/en/a.md",
            "# A\n\n[ru]({{< relref path=\"b\" lang=\"ru\" >}})\n",
        ),
        ("content/en/b.md", "# B\n"),
        ("content/ru/b.md", "# Б\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "en/a/index.html");
    assert_eq!(attrs(&html, ".markdown a", "href"), ["/ru/b/"]);
}

#[test]
fn include_brings_code_lines_or_markdown_and_stays_inside_the_site() {
    let site = site([
        ("site.toml", SITE),
        (
            "content/lesson/index.md",
            "# Lesson\n\n{{< include \"hello.go\" >}}\n\n{{< include file=\"hello.go\" lang=\"text\" lines=\"3-4\" >}}\n\n{{% include \"/parts/note.md\" %}}\n",
        ),
        (
            "content/lesson/hello.go",
            "package main\n\nfunc main() {\n\tprintln(\"hi\")\n}\n",
        ),
        (
            "content/parts/note.md",
            "## From a part\n\nShared *text*.\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "lesson/index.html");
    let code = texts(&html, ".markdown pre");
    assert_eq!(
        code[0],
        "package main\n\nfunc main() {\n\tprintln(\"hi\")\n}"
    );
    assert_eq!(attrs(&html, ".markdown pre", "data-lang"), ["go", "text"]);
    assert_eq!(code[1], "func main() {\n\tprintln(\"hi\")");
    assert_eq!(texts(&html, ".markdown h2"), ["From a part"]);
    assert_eq!(texts(&html, ".markdown em"), ["text"]);

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let secret = outside.path().join("secret.txt");
    write_files(
        site.path(),
        [
            (
                "content/bad.md".to_string(),
                format!(
                    "# Bad\n\n{{{{< include \"../../site.toml\" >}}}}\n{{{{< include \"{}\" >}}}}\n{{{{< include \"nothere.go\" >}}}}\n{{{{< include \"/.env\" >}}}}\n{{{{< include file=\"lesson/hello.go\" lines=\"9-12\" >}}}}\n",
                    secret.display()
                ),
            ),
            (".env".to_string(), "TOKEN=1".to_string()),
        ],
    );
    let stderr = failing_build(site.path());
    assert!(
        !stderr.contains("TOP SECRET") && !stderr.contains("TOKEN"),
        "{stderr}"
    );
    assert!(stderr.contains("content/bad.md:4:1: include `"), "{stderr}");
    assert!(
        stderr.contains("content/bad.md:5:1: include `nothere.go`: no such file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/bad.md:6:1: include `/.env`: hidden files"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/bad.md:7:1: include `lesson/hello.go`: `lines=\"9-12\"` asks for lines 9–12, and the file has 5 lines"),
        "{stderr}"
    );
}

#[test]
fn highlight_and_param_work_as_in_hugo() {
    let site = site([
        ("site.toml", SITE),
        (
            "content/a.md",
            "---\ntitle: A\ngo_version: \"1.23\"\nparams:\n  author: Ann <ann@example.org>\n---\n\
             Go {{< param go_version >}} by {{< param \"author\" >}}.\n\n\
             {{< highlight go \"linenos=table,hl_lines=2\" >}}\npackage main\nfunc main() {}\n{{< /highlight >}}\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(
        texts(&html, ".markdown p"),
        ["Go 1.23 by Ann <ann@example.org>."]
    );
    assert_eq!(attrs(&html, ".markdown pre .line", "data-ln"), ["1", "2"]);
    assert_eq!(
        select(&html, ".markdown pre .line.hl, .markdown pre mark").len(),
        1
    );
}

#[test]
fn unknown_and_malformed_calls_are_errors_at_their_place_and_the_rest_renders() {
    let site = with_templates([(
        "content/a.md",
        "# A\n\nText {{< bx info >}} more.\n\n{{< box \"open >}}\n\n{{< box >}}never closed\n\n{{< /tab >}}\n\n{{< box %}}\n\n## Still here\n",
    )]);
    let stderr = failing_build(site.path());
    assert!(
        stderr.contains("content/a.md:3:6: unknown shortcode `bx`: did you mean `box`? To define it, write templates/shortcodes/bx.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:5:1: a quoted argument is not closed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/a.md:7:1: shortcode `box` has content but no closing `{{< /box >}}`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:9:1: `{{< /tab >}}` closes no `tab` shortcode"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:11:1: shortcode `box` opens with `{{<` but ends with `%}}`"),
        "{stderr}"
    );

    // Served as a preview, the page shows all that could be rendered.
    let site = with_templates([(
        "content/a.md",
        "# A\n\n{{< bx >}}\nkept *text*\n{{< /bx >}}\n\n## Still here\n",
    )]);
    let html = rendered_despite_errors(site.path(), "a/index.html");
    assert_eq!(texts(&html, ".markdown em"), ["text"]);
    assert_eq!(texts(&html, ".markdown h2"), ["Still here"]);
}

#[test]
fn search_indexes_what_shortcodes_render_not_their_calls() {
    let site = with_templates([(
        "content/a.md",
        "# A\n\n{{< box >}}\nsecretword inside\n{{< /box >}}\n\n{{< raw >}}rawword{{< /raw >}}\n",
    )]);
    let (_tmp, out) = build(site.path());
    let mut text = String::new();
    for entry in std::fs::read_dir(out.join("search")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('p') {
            let bytes = std::fs::read(&path).unwrap();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
        }
    }
    assert!(text.contains("secretword inside"), "{text}");
    assert!(text.contains("rawword"), "{text}");
    assert!(!text.contains("{{") && !text.contains('\u{E000}'), "{text}");
}

#[test]
fn a_site_template_replaces_a_built_in_shortcode() {
    let site = site([
        ("site.toml", SITE),
        (
            "templates/shortcodes/relref.html",
            "<span class=\"mine\">{{ args[0] }}</span>",
        ),
        ("content/a.md", "# A\n\n{{< relref \"nowhere\" >}}\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(texts(&html, ".markdown span.mine"), ["nowhere"]);
}

#[test]
fn shortcode_links_are_resolved_and_checked() {
    let site = site([
        ("site.toml", SITE),
        (
            "templates/shortcodes/go.html",
            "<a class=\"go\" href=\"{{ links.href }}\">{{ body | safe }}</a>",
        ),
        (
            "content/a.md",
            "# A\n\n{{< go href=\"b.md#part\" >}}B{{< /go >}} {{< go href=\"c.md\" >}}C{{< /go >}}\n",
        ),
        ("content/b.md", "# B\n\n## Part\n"),
    ]);
    let stderr = failing_build(site.path());
    assert!(
        stderr.contains("content/a.md:3:")
            && stderr.contains("link `c.md`: there is no page content/c.md"),
        "{stderr}"
    );
    std::fs::remove_file(site.path().join("content/a.md")).unwrap();
    write_files(
        site.path(),
        [(
            "content/a.md",
            "# A\n\n{{< go href=\"b.md#part\" >}}B{{< /go >}}\n",
        )],
    );
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(attrs(&html, "a.go", "href"), ["/b/#part"]);
}

#[test]
fn image_arguments_resolve_like_image_links() {
    let site = site([
        ("site.toml", SITE),
        ("content/docs/pic.png", "png"),
        (
            "content/docs/a.md",
            "# A\n\n{{< cards >}}\n{{< card title=\"Here\" image=\"pic.png\" >}}\n\
             {{< card title=\"Gone\" image=\"gone.png\" >}}\n{{< /cards >}}\n",
        ),
    ]);
    let errors = failing_build(site.path());
    assert!(
        errors.contains("content/docs/a.md:5:1:") && errors.contains("gone.png"),
        "{errors}"
    );
    let html = rendered_despite_errors(site.path(), "docs/a/index.html");
    assert_eq!(
        attrs(&html, "img.card-image", "src"),
        ["/docs/pic.png", "gone.png"],
        "the bundle's image gets its URL"
    );
}

#[test]
fn an_unknown_shortcode_with_a_hugo_template_names_that_file() {
    let site = site([
        ("site.toml", SITE),
        (
            "layouts/shortcodes/sprites.html",
            "{{ range .Site.Data }}{{ end }}",
        ),
        (
            "themes/book/layouts/_shortcodes/progress.html",
            "{{ .Get 0 }}",
        ),
        (
            "content/a.md",
            "# A\n\n{{< sprites >}}\n\n{{< progress 40 >}}\n",
        ),
    ]);
    let stderr = failing_build(site.path());
    assert!(
        stderr.contains("content/a.md:3:1: unknown shortcode `sprites`: layouts/shortcodes/sprites.html is a Hugo (Go) template, which lectern does not run; write it as a Tera template at templates/shortcodes/sprites.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:5:1: unknown shortcode `progress`: themes/book/layouts/_shortcodes/progress.html is a Hugo (Go) template"),
        "{stderr}"
    );
}
