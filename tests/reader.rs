//! What the build does for readers on small screens and in dark mode:
//! images that keep their place, a 404 page in each language, heading links
//! and sidebar toggles a keyboard reaches, code readable in both themes.

mod common;

use common::{attrs, build, lectern_in, page, select, site, texts};

/// The signature and header chunk of a PNG of `width` × `height`: all a
/// reader of sizes needs.
fn png(width: u8, height: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend([0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

const LESSON: &str = "# Lesson\n\n\
    ![A *small* picture](pic.png \"Its title\")\n\n\
    ![Drawn](draw.svg) ![Scaled](scaled.svg)\n\n\
    ![Far](https://example.org/far.png)\n\n\
    ![Broken](broken.png) ![Static](/img/shared.png)\n\n\
    {{< figure src=\"pic.png\" alt=\"Figure\" >}}\n\n\
    {{< figure src=\"pic.png\" alt=\"Own width\" width=\"300\" >}}\n";

fn image_site() -> tempfile::TempDir {
    site([
        ("site.toml", b"title = \"T\"\n".to_vec()),
        ("content/lesson/index.md", LESSON.as_bytes().to_vec()),
        ("content/lesson/pic.png", png(30, 20)),
        (
            "content/lesson/draw.svg",
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"670\" height=\"190\"></svg>"
                .to_vec(),
        ),
        (
            "content/lesson/scaled.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"></svg>".to_vec(),
        ),
        ("content/lesson/broken.png", b"not an image".to_vec()),
        ("static/img/shared.png", png(64, 48)),
    ])
}

#[test]
fn local_images_carry_the_size_read_from_their_files() {
    let site = image_site();
    let (_tmp, out) = build(site.path());
    let html = page(&out, "lesson/index.html");
    let size = |css: &str| {
        let w = attrs(&html, css, "width");
        let h = attrs(&html, css, "height");
        w.into_iter().zip(h).collect::<Vec<_>>()
    };
    let pair = |w: &str, h: &str| vec![(w.to_string(), h.to_string())];
    assert_eq!(
        size(".markdown > p > img[alt=\"A small picture\"]"),
        pair("30", "20")
    );
    assert_eq!(attrs(&html, "img[title]", "alt"), ["A small picture"]);
    assert_eq!(attrs(&html, "img[title]", "title"), ["Its title"]);
    assert_eq!(size("img[alt=\"Drawn\"]"), pair("670", "190"));
    assert_eq!(
        size("img[src=\"/img/shared.png\"]"),
        pair("64", "48"),
        "from static/"
    );
    // Sized by the page, unknown, or unreadable: no size written.
    for alt in ["Scaled", "Far", "Broken"] {
        let img = select(&html, &format!("img[alt=\"{alt}\"]"));
        assert_eq!(img.len(), 1, "{alt}");
        assert_eq!(img[0].value().attr("width"), None, "{alt}");
    }
    assert_eq!(size("figure img[alt=\"Figure\"]"), pair("30", "20"));
    assert_eq!(
        attrs(&html, "figure img[alt=\"Own width\"]", "width"),
        ["300"]
    );
    assert!(attrs(&html, "figure img[alt=\"Own width\"]", "height").is_empty());
}

#[test]
fn an_unreadable_image_is_a_warning_at_its_line() {
    let site = image_site();
    let output = lectern_in(site.path(), &["build", "--output", "out"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let line = LESSON
        .lines()
        .position(|l| l.contains("broken.png"))
        .unwrap()
        + 1;
    let at = format!("warning: content/lesson/index.md:{line}:");
    let warning = stderr.lines().find(|l| l.starts_with(&at));
    assert!(
        warning.is_some_and(|w| w.contains("`broken.png`") && w.contains("could not be read")),
        "{stderr}"
    );
    assert_eq!(stderr.matches("could not be read").count(), 1, "{stderr}");
}

const TWO_LANGUAGES: &str = "title = \"T\"\ndefault_language = \"en\"\n\
    [languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n";

#[test]
fn every_language_has_a_404_page_in_its_own_words() {
    let files = |config: &str| {
        site([
            ("site.toml", config.to_string()),
            ("content/en/a.md", "# A\n".into()),
            ("content/ru/a.md", "# А\n".into()),
        ])
    };
    let lang_and_title = |out: &std::path::Path, file: &str| {
        let html = page(out, file);
        (attrs(&html, "html", "lang"), texts(&html, "h1"))
    };
    let english = (vec!["en".to_string()], vec!["Page not found".to_string()]);
    let russian = (
        vec!["ru".to_string()],
        vec!["Страница не найдена".to_string()],
    );

    let two = files(TWO_LANGUAGES);
    let (_tmp, out) = build(two.path());
    assert_eq!(lang_and_title(&out, "404.html"), english, "the root one");
    assert_eq!(lang_and_title(&out, "en/404.html"), english);
    assert_eq!(lang_and_title(&out, "ru/404.html"), russian);
    let home_link = attrs(&page(&out, "ru/404.html"), ".not-found a", "href");
    assert_eq!(home_link, ["/ru/"]);

    // The default language at the root: its 404 is the root one.
    let at_root = files(&format!(
        "default_language_in_subdir = false\n{TWO_LANGUAGES}"
    ));
    let (_tmp, out) = build(at_root.path());
    assert_eq!(lang_and_title(&out, "404.html"), english);
    assert_eq!(lang_and_title(&out, "ru/404.html"), russian);
    assert!(!out.join("en/404.html").exists());

    // One language: one 404 page.
    let one = site([("content/a.md", "# A\n")]);
    let (_tmp, out) = build(one.path());
    let pages: Vec<_> = common::tree(&out)
        .into_keys()
        .filter(|f| f.ends_with("404.html"))
        .collect();
    assert_eq!(pages, ["404.html"]);
}

#[test]
fn an_alias_may_not_take_a_language_s_404_page() {
    let site = site([
        ("site.toml", TWO_LANGUAGES),
        ("content/en/a.md", "# A\n"),
        (
            "content/ru/a.md",
            "---\naliases: [/ru/404.html]\n---\n# А\n",
        ),
    ]);
    let output = lectern_in(site.path(), &["build", "--output", "out"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("would overwrite ru/404.html"), "{stderr}");
}

#[test]
fn heading_links_are_named_by_their_heading_and_reachable() {
    let site = site([(
        "content/a.md",
        "# A\n\nText.\n\n## Second part\n\n### Deeper\n",
    )]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    let anchors = select(&html, ".markdown .anchor");
    assert_eq!(anchors.len(), 2);
    for anchor in anchors {
        let a = anchor.value();
        let heading = anchor.parent().unwrap().value().as_element().unwrap();
        let id = heading.attr("id").unwrap();
        assert_eq!(a.attr("href"), Some(format!("#{id}").as_str()));
        assert_eq!(a.attr("aria-labelledby"), Some(id), "named by its heading");
        assert_eq!(a.attr("tabindex"), None, "in the tab order");
        assert_eq!(a.attr("aria-hidden"), None, "seen by screen readers");
    }
}

#[test]
fn a_sidebar_section_s_link_is_not_inside_its_toggle() {
    let site = site([
        ("content/a.md", "# A\n"),
        ("content/part/_index.md", "# Part\n"),
        ("content/part/b.md", "# B\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "part/b/index.html");
    assert!(select(&html, "#sidebar summary a").is_empty());
    assert!(select(&html, "#sidebar summary button").is_empty());
    assert_eq!(texts(&html, "#sidebar .nav-branch > a"), ["Part"]);
    assert_eq!(
        texts(&html, "#sidebar .nav-branch > details > summary"),
        ["Part"]
    );
    assert_eq!(
        attrs(&html, "#sidebar .nav-branch > details ul a", "aria-current"),
        ["page"]
    );
}

#[test]
fn the_page_contents_fold_above_the_text() {
    let site = site([("content/a.md", "# A\n\nText.\n\n## One\n\n## Two\n")]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    // Closed in the page: readable without scripts by one tap on its summary.
    assert_eq!(
        select(&html, "nav.toc > details.toc-details:not([open])").len(),
        1
    );
    assert_eq!(
        texts(&html, "nav.toc > details > summary"),
        ["On this page"]
    );
    assert_eq!(texts(&html, "nav.toc > details > ul a"), ["One", "Two"]);
}

/// sRGB relative luminance and contrast, as WCAG 2 defines them.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let lum = |c: [u8; 3]| {
        let ch = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn hex(value: &str) -> [u8; 3] {
    let v = value.trim().trim_end_matches(';').trim();
    let h = v
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("not a hex colour: {v}"));
    assert_eq!(h.len(), 6, "an opaque #rrggbb colour: {v}");
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
    [byte(0), byte(2), byte(4)]
}

/// One rule of syntax.css: the theme it is scoped to, its selectors
/// without the scope, and its colour and background.
struct CodeRule {
    dark: bool,
    selectors: String,
    color: Option<[u8; 3]>,
    background: Option<[u8; 3]>,
}

fn code_rules(css: &str) -> Vec<CodeRule> {
    let mut rules = Vec::new();
    for line in css.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("/*") || line.starts_with("@media") || line == "}" {
            continue;
        }
        let (selectors, body) = line.split_once('{').expect("one rule a line");
        let mut dark = None;
        for selector in selectors.split(',').map(str::trim) {
            let this = if selector.starts_with(":root[data-theme=\"dark\"] ")
                || selector.starts_with(":root:not([data-theme=\"light\"]) ")
            {
                true
            } else if selector.starts_with(":root[data-theme=\"light\"] ")
                || selector.starts_with(":root:not([data-theme=\"dark\"]) ")
            {
                false
            } else {
                panic!("a rule outside both themes applies in both: {line}");
            };
            assert!(dark.is_none_or(|d| d == this), "{line}");
            dark = Some(this);
        }
        let get = |property: &str| {
            body.trim_end_matches('}')
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .find(|(p, _)| p.trim() == property)
                .map(|(_, v)| hex(v))
        };
        rules.push(CodeRule {
            dark: dark.unwrap(),
            selectors: selectors.to_string(),
            color: get("color"),
            background: get("background-color"),
        });
    }
    rules
}

#[test]
fn every_colour_of_the_highlighting_reads_in_both_themes() {
    let site = site([(
        "content/a.md",
        "# A\n\n```go\nfunc main() { make([]int, len(x)) }\n```\n",
    )]);
    let (_tmp, out) = build(site.path());
    let css = std::fs::read_to_string(out.join("syntax.css")).unwrap();
    let style = std::fs::read_to_string(out.join("style.css")).unwrap();
    // Highlighted lines: the theme's --line-hl, light then dark.
    let line_hl: Vec<[u8; 3]> = style
        .split("--line-hl:")
        .skip(1)
        .map(|rest| hex(&rest[..rest.find(';').unwrap()]))
        .collect();
    assert!(line_hl.len() >= 2, "{line_hl:?}");
    let rules = code_rules(&css);
    for dark in [false, true] {
        let theme: Vec<&CodeRule> = rules.iter().filter(|r| r.dark == dark).collect();
        let base = theme
            .iter()
            .find(|r| r.selectors.trim().ends_with(" .hl-code"))
            .expect("the code's own colours");
        // Tokens are read on the code's background, a highlighted line, and
        // any background a rule sets alone (a diff's lines).
        let mut shared = vec![base.background.unwrap(), line_hl[usize::from(dark)]];
        shared.extend(
            theme
                .iter()
                .filter(|r| r.color.is_none())
                .filter_map(|r| r.background),
        );
        let coloured: Vec<&&CodeRule> = theme.iter().filter(|r| r.color.is_some()).collect();
        assert!(coloured.len() > 40, "only {} colours", coloured.len());
        for rule in coloured {
            let color = rule.color.unwrap();
            let backgrounds = match rule.background {
                Some(own) if !std::ptr::eq(*rule, *base) => vec![own],
                _ => shared.clone(),
            };
            for bg in backgrounds {
                let ratio = contrast(color, bg);
                assert!(
                    ratio >= 4.5,
                    "{} theme: {:?} on {bg:?} is {ratio:.2}:1 in {}",
                    if dark { "dark" } else { "light" },
                    color,
                    rule.selectors
                );
            }
        }
    }
    // Each theme is there twice, for the system's choice and the reader's.
    let count = |scope: &str| css.lines().filter(|l| l.starts_with(scope)).count();
    assert_eq!(
        count(":root:not([data-theme=\"dark\"])"),
        count(":root[data-theme=\"light\"]")
    );
    assert_eq!(
        count(":root:not([data-theme=\"light\"])"),
        count(":root[data-theme=\"dark\"]")
    );
}
