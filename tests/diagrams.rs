//! Mermaid: ```` ```mermaid ```` fences and the `mermaid` shortcode become
//! inline SVG at build time; a diagram that cannot be read is reported at
//! its fence; a kind not drawn at build time is a warning, or is left to the
//! site's own `mermaid.min.js` where the site asks for it.

mod common;

use common::*;

const PAGE: &str = "# Diagrams\n\n\
```mermaid\nflowchart LR\n    main([main]) -->|go| worker[worker goroutine]\n    worker -->|results| Сборщик\n```\n\n\
Between.\n\n\
{{< mermaid class=\"wide\" >}}\nsequenceDiagram\n    Browser->>Server: GET /users/42\n    Server-->>Browser: 200 OK\n{{< /mermaid >}}\n";

#[test]
fn fences_and_shortcodes_become_inline_svg_with_their_labels() {
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", PAGE)]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    let figures = select(&html, ".markdown figure.diagram > svg");
    assert_eq!(figures.len(), 2);
    assert_eq!(
        attrs(&html, "figure.diagram", "class"),
        ["diagram", "diagram wide"]
    );
    let first = texts(&html, "figure.diagram:first-of-type svg text").join(" ");
    for label in ["main", "go", "worker goroutine", "results", "Сборщик"] {
        assert!(first.contains(label), "{label} in {first}");
    }
    let second = texts(&html, "figure.diagram.wide svg text").join(" ");
    for label in ["Browser", "Server", "GET /users/42", "200 OK"] {
        assert!(second.contains(label), "{label} in {second}");
    }
    // Scales with the column: a viewBox, no script, no code block left.
    assert!(attrs(&html, "figure.diagram > svg", "viewBox").len() == 2);
    assert!(select(&html, "script[src*=mermaid], pre.mermaid").is_empty());

    // Ids are unique on the page, and every reference points at one.
    let ids = attrs(&html, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    let refs = attrs(&html, "figure.diagram [marker-end]", "marker-end");
    assert!(!refs.is_empty());
    for r in refs {
        let id = r.trim_start_matches("url(#").trim_end_matches(')');
        assert!(ids.iter().any(|i| i == id), "{r}");
    }
}

#[test]
fn a_fences_attributes_go_on_its_figure_and_its_id_is_a_link_target() {
    let source = "# A\n\n```mermaid {.wide #pipeline}\nflowchart LR\n  A --> B\n```\n\nSee [it](#pipeline).\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", source)]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(attrs(&html, "figure#pipeline", "class"), ["diagram wide"]);
    assert_eq!(select(&html, "figure#pipeline > svg").len(), 1);
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn a_journey_is_drawn_when_the_site_is_built_and_a_state_diagram_is_not() {
    let source = "# A\n\n```mermaid\njourney\n    title First program\n    section Setup\n      Install Go: 3: Student\n```\n\n\
                  ```mermaid\nstateDiagram-v2\n    [*] --> Idle\n    Idle --> [*]\n```\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", source)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: content/a.md:10:1: a Mermaid stateDiagram diagram is not drawn at build time (only flowcharts, sequence, class and journey diagrams are)"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
    let html = page_of(site.path());
    let labels = texts(&html, "figure.diagram svg text").join(" ");
    for label in ["First program", "Setup", "Install Go", "Student", "3"] {
        assert!(labels.contains(label), "{label} in {labels}");
    }
    assert_eq!(
        texts(&html, "pre.mermaid")[0].lines().next(),
        Some("stateDiagram-v2")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", PAGE)]);
    let (_a, first) = build(site.path());
    let (_b, second) = build(site.path());
    assert!(tree(&first) == tree(&second));
}

#[test]
fn a_diagram_that_cannot_be_read_is_an_error_at_its_fence() {
    let page = "# A\n\nText.\n\n```mermaid\nflowchart LR\n    A -->\n```\n\n{{< mermaid >}}\nsequenceDiagram\n    participant A\n    A->>Z: hi\n{{< /mermaid >}}\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", page)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // At the line of the diagram the renderer names.
    assert!(
        stderr.contains(
            "error: content/a.md:7:5: Mermaid diagram: invalid flowchart edge syntax: A -->"
        ),
        "{stderr}"
    );
    // In a shortcode, at the call.
    assert!(
        stderr.contains("error: content/a.md:10:1: Mermaid diagram: unknown participant 'Z'"),
        "{stderr}"
    );
}

#[test]
fn a_kind_not_drawn_is_a_warning_or_left_to_the_sites_script() {
    let page = "# A\n\n{{< mermaid >}}\ngantt\n    title Plan\n    section A\n    task :a1, 2024-01-01, 3d\n{{< /mermaid >}}\n";
    let site = site([("site.toml", "title = \"T\"\n"), ("content/a.md", page)]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: content/a.md:3:1: a Mermaid gantt diagram is not drawn at build time"
        ),
        "{stderr}"
    );
    let html = page_of(site.path());
    assert_eq!(texts(&html, "pre.mermaid")[0].lines().next(), Some("gantt"));
    assert!(select(&html, "script[src$='mermaid.min.js']").is_empty());

    // Left to the browser, it needs the site's own copy of Mermaid.
    write_files(
        site.path(),
        [("site.toml", "title = \"T\"\ndiagrams = \"client\"\n")],
    );
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/a.md: a diagram is left to the browser (`diagrams = \"client\"`), and static/mermaid.min.js is missing"),
        "{stderr}"
    );

    write_files(
        site.path(),
        [("static/mermaid.min.js", "/* the site's copy */")],
    );
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
    let html = page_of(site.path());
    assert_eq!(select(&html, "pre.mermaid").len(), 1);
    assert_eq!(
        attrs(&html, "script[src$='mermaid.min.js']", "src"),
        ["/mermaid.min.js"]
    );
}

#[test]
fn a_diagram_too_large_to_lay_out_quickly_is_a_warning_and_shows_its_source() {
    // 150 links on 15 lines: links count, not only lines.
    let links: Vec<String> = (0..150)
        .map(|i| format!("N{i} --> N{}", (i * 7) % 150))
        .collect();
    let lines: Vec<String> = links
        .chunks(10)
        .map(|c| format!("  {}", c.join("; ")))
        .collect();
    let page = format!(
        "# A\n\n```mermaid\nflowchart LR\n{}\n```\n",
        lines.join("\n")
    );
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        ("content/a.md", page.as_str()),
    ]);
    let out = lectern_in(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: content/a.md:3:1: a Mermaid diagram of about 150 links is not drawn at build time (at most 120 lines and 100 links"),
        "{stderr}"
    );
    let html = page_of(site.path());
    assert!(select(&html, ".diagram svg").is_empty());
    assert_eq!(
        texts(&html, "pre.mermaid")[0].lines().next(),
        Some("flowchart LR")
    );
}

/// `a/index.html` of the site built in place by `lectern build`.
fn page_of(site: &std::path::Path) -> scraper::Html {
    page(&site.join("public"), "a/index.html")
}
