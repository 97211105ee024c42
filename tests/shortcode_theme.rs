//! The default theme's built-in shortcodes, called as the popular Hugo
//! themes' sites call them, checked on the built HTML.

mod common;

use common::*;
use scraper::Html;

const BILINGUAL: &str = "title = \"T\"\ndefault_language = \"en\"\n\
    [languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n";

/// Builds a one-language site made of `pages` (with `content/other.md`
/// to link to) and returns the HTML of `content/a.md`.
fn built_page(text: &str) -> Html {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        ("content/a.md", text),
        ("content/other.md", "# Other\n\n## Target\n"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    let body = select(&html, ".markdown")[0].html();
    assert!(!body.contains("{{"), "a call is left: {body}");
    assert!(!body.contains('\u{E000}'), "a placeholder is left: {body}");
    html
}

fn classes(html: &Html, css: &str) -> Vec<String> {
    attrs(html, css, "class")
}

#[test]
fn callouts_of_every_theme_map_to_the_styled_kinds_with_titles() {
    let html = built_page(
        "# A\n\n\
         {{< hint info >}}\nhugo-book *info*\n{{< /hint >}}\n\n\
         {{< hint danger >}}\nhugo-book danger\n{{< /hint >}}\n\n\
         {{< callout type=\"error\" emoji=\"💡\" >}}\nHextra error\n{{< /callout >}}\n\n\
         {{< callout >}}\nHextra default\n{{< /callout >}}\n\n\
         {{% alert title=\"Heads up\" color=\"success\" %}}\nDocsy success\n{{% /alert %}}\n\n\
         {{% notice tip %}}\nRelearn tip\n{{% /notice %}}\n\n\
         {{< hint type=caution icon=gdoc_github >}}\nGeekdoc caution\n{{< /hint >}}\n\n\
         {{< warning >}}\nalias\n{{< /warning >}}\n\n\
         {{< important \"not-a-kind\" >}}\nalias, argument unknown\n{{< /important >}}\n",
    );
    assert_eq!(
        classes(&html, ".markdown > div[role=note]"),
        [
            "alert alert-info",
            "alert alert-danger",
            "alert alert-danger",
            "alert alert-note",
            "alert alert-success",
            "alert alert-tip",
            "alert alert-caution",
            "alert alert-warning",
            "alert alert-important",
        ]
    );
    assert_eq!(
        texts(&html, ".markdown .alert-title"),
        [
            "Info",
            "Danger",
            "💡Danger",
            "Note",
            "Heads up",
            "Tip",
            "Caution",
            "Warning",
            "Important"
        ],
        "an emoji is shown, an icon font's name is not"
    );
    assert_eq!(
        texts(&html, ".alert-info > p > em"),
        ["info"],
        "the body is Markdown"
    );
    assert_eq!(texts(&html, ".alert-icon[aria-hidden=true]"), ["💡"]);
}

#[test]
fn interface_strings_follow_the_page_language() {
    let site = site([
        ("site.toml", BILINGUAL),
        ("content/en/a.md", "# A\n"),
        (
            "content/ru/a.md",
            "# А\n\n{{< hint info >}}\nТекст\n{{< /hint >}}\n\n{{< details >}}\nСкрыто\n{{< /details >}}\n\n\
             {{< expand >}}\nЕщё\n{{< /expand >}}\n\n{{< youtube abc >}}\n\n\
             {{< tabs >}}\n{{< tab >}}\nБез имени\n{{< /tab >}}\n{{< /tabs >}}\n",
        ),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "ru/a/index.html");
    assert_eq!(texts(&html, ".alert-title"), ["Информация"]);
    assert_eq!(
        texts(&html, "details > summary"),
        ["Подробнее", "Развернуть"]
    );
    assert_eq!(texts(&html, ".video-title"), ["Воспроизвести видео"]);
    assert_eq!(texts(&html, ".tab-label"), ["Вкладка 1"]);
}

#[test]
fn tabs_are_radio_groups_labelled_as_each_theme_labels_them() {
    let html = built_page(
        "# A\n\n\
         {{< tabs \"os\" >}}\n{{< tab \"Linux\" >}}\n```sh\napt install go\n```\n{{< /tab >}}\n\
         {{< tab \"macOS\" >}}\n### On a Mac\n\nbrew\n{{< /tab >}}\n{{< /tabs >}}\n\n\
         {{< tabs items=\"JSON, YAML\" defaultIndex=\"1\" >}}\n{{< tab >}}\njson\n{{< /tab >}}\n{{< tab >}}\nyaml\n{{< /tab >}}\n{{< /tabs >}}\n\n\
         {{< tabpane text=true >}}\n{{% tab header=\"Go\" %}}\n*go*\n{{% /tab %}}\n{{< tab name=\"Rust\" />}}\n{{< /tabpane >}}\n\n\
         {{< tabpane langEqualsHeader=true >}}\n{{< tab header=\"Go\" >}}\nfunc main() {\n\tprintln(\"<hi>\")\n}\n{{< /tab >}}\n\
         {{< tab header=\"Shell\" lang=\"sh\" >}}\nls\n{{< /tab >}}\n{{< /tabpane >}}\n",
    );
    let groups = select(&html, ".markdown > .tabs");
    assert_eq!(groups.len(), 4);
    let mut names = Vec::new();
    for group in &groups {
        let group = Html::parse_fragment(&group.html());
        let inputs = attrs(&group, ".tab > input[type=radio].tab-input", "name");
        assert!(
            inputs.windows(2).all(|w| w[0] == w[1]),
            "one group: {inputs:?}"
        );
        names.push(inputs[0].clone());
        // Every label names its own radio button.
        let ids = attrs(&group, ".tab-input", "id");
        assert_eq!(attrs(&group, ".tab-input + label.tab-label", "for"), ids);
    }
    names.dedup();
    assert_eq!(names.len(), 4, "each group has its own name: {names:?}");
    assert_eq!(
        texts(&html, ".tab-label"),
        [
            "Linux", "macOS", "JSON", "YAML", "Go", "Rust", "Go", "Shell"
        ]
    );
    assert_eq!(
        texts(&html, ".tab-input[checked] + .tab-label"),
        ["Linux", "YAML", "Go", "Go"],
        "the first tab is chosen, or Hextra's defaultIndex"
    );
    assert_eq!(
        texts(&html, ".tab-panel pre"),
        [
            "apt install go",
            "func main() {\n\tprintln(\"<hi>\")\n}",
            "ls"
        ],
        "Docsy's tabs hold code unless they are text"
    );
    assert_eq!(
        attrs(&html, ".tab-panel pre", "data-lang"),
        ["sh", "go", "sh"]
    );
    assert_eq!(texts(&html, ".tab-panel em"), ["go"]);
    assert_eq!(
        texts(&html, "nav.toc a"),
        ["On a Mac"],
        "a tab's headings are in the table of contents"
    );
}

#[test]
fn details_open_as_asked() {
    let html = built_page(
        "# A\n\n{{< details \"Title\" >}}\nShut\n{{< /details >}}\n\n\
         {{% details title=\"Hextra\" closed=\"false\" %}}\nOpen\n{{% /details %}}\n\n\
         {{< details summary=\"Hugo\" open=true >}}\n**Open**\n{{< /details >}}\n\n\
         {{< expand \"Geekdoc\" \"...\" >}}\nShut\n{{< /expand >}}\n",
    );
    assert_eq!(
        texts(&html, "details.details > summary"),
        ["Title", "Hextra", "Hugo", "Geekdoc"]
    );
    assert_eq!(texts(&html, "details[open] > summary"), ["Hextra", "Hugo"]);
    assert_eq!(texts(&html, "details .details-body strong"), ["Open"]);
}

#[test]
fn columns_and_steps_hold_markdown() {
    let html = built_page(
        "# A\n\n{{< columns >}}\n## Left\n\nOne.\n\n<--->\n\nTwo.\n\n<--->\n\nThree.\n{{< /columns >}}\n\n\
         {{% steps %}}\n\n### Install\n\nGet it.\n\n### Run\n\nGo.\n\n{{% /steps %}}\n",
    );
    assert_eq!(
        texts(&html, ".columns .column > p"),
        ["One.", "Two.", "Three."]
    );
    assert_eq!(texts(&html, ".columns .column > h2"), ["Left"]);
    assert_eq!(texts(&html, ".steps > h3"), ["Install", "Run"]);
}

#[test]
fn cards_buttons_and_badges_link_where_their_arguments_say() {
    let html = built_page(
        "# A\n\n{{< cards cols=\"2\" >}}\n  {{< card link=\"other.md\" title=\"Other\" subtitle=\"Sub\" >}}\n  \
         {{< card title=\"Plain\" tag=\"new\" image=\"https://example.com/i.png\" >}}\n{{< /cards >}}\n\n\
         {{< button relref=\"other\" >}}Go there{{< /button >}}\n\
         {{< button href=\"https://example.com/\" >}}Outside{{< /button >}}\n\n\
         A {{< badge content=\"v1\" type=\"default\" >}} and {{< badge \"v2\" >}} and {{< badge content=\"Bad\" type=\"error\" >}} and {{< badge color=\"green\" >}}body{{< /badge >}}.\n",
    );
    assert_eq!(classes(&html, ".markdown > .cards"), ["cards cards-2"]);
    assert_eq!(attrs(&html, ".cards a.card", "href"), ["/other/"]);
    assert_eq!(texts(&html, ".card-title"), ["Other", "Plain"]);
    assert_eq!(texts(&html, ".card-subtitle"), ["Sub"]);
    assert_eq!(
        attrs(&html, "div.card > img.card-image", "loading"),
        ["lazy"]
    );
    assert_eq!(texts(&html, "a.button"), ["Go there", "Outside"]);
    assert_eq!(
        attrs(&html, "a.button", "href"),
        ["/other/", "https://example.com/"]
    );
    assert_eq!(
        attrs(&html, "a.button[rel=noopener]", "href"),
        ["https://example.com/"],
        "only a link out of the site gets rel=noopener"
    );
    assert_eq!(texts(&html, "p > span.badge"), ["v1", "v2", "Bad", "body"]);
    assert_eq!(
        classes(&html, "p > span.badge"),
        [
            "badge",
            "badge",
            "badge badge-danger",
            "badge badge-success"
        ]
    );
}

#[test]
fn a_file_tree_nests_however_deep_it_is_indented() {
    let html = built_page(
        "# A\n\n{{< filetree/container >}}\n  {{< filetree/folder name=\"content\" >}}\n    \
         {{< filetree/folder name=\"docs\" state=\"closed\" >}}\n      {{< filetree/folder name=\"deep\" >}}\n        \
         {{< filetree/file name=\"a.md\" >}}\n      {{< /filetree/folder >}}\n    {{< /filetree/folder >}}\n  \
         {{< /filetree/folder >}}\n  {{< filetree/file name=\"hugo.toml\" >}}\n{{< /filetree/container >}}\n",
    );
    assert!(
        select(&html, ".filetree pre").is_empty(),
        "no line became code"
    );
    assert_eq!(
        texts(&html, ".filetree > ul > li > details > summary"),
        ["content"]
    );
    assert_eq!(
        texts(&html, ".filetree > ul > li.filetree-file"),
        ["hugo.toml"]
    );
    assert_eq!(
        texts(&html, "li.filetree-folder details:not([open]) > summary"),
        ["docs"]
    );
    assert_eq!(
        texts(
            &html,
            "summary + ul > li > details > summary + ul > li > details > summary + ul > li.filetree-file"
        ),
        ["a.md"]
    );
}

#[test]
fn figures_resolve_their_image_and_caption_it() {
    let site = site([
        ("site.toml", "title = \"T\"\n"),
        (
            "content/a/index.md",
            "# A\n\n{{< figure src=\"pic.png\" alt=\"A cat\" title=\"Cat\" caption=\"Asleep <b>\" link=\"https://example.com/\" width=\"300\" >}}\n\n\
             {{< figure src=\"pic.png\" attr=\"Me\" attrlink=\"https://example.com/me\" >}}\n\n\
             {{< figure src=\"pic.png\" attr=\"Them\" attrlink=\"javascript:alert(1)\" >}}\n",
        ),
        ("content/a/pic.png", "png"),
    ]);
    let (_tmp, out) = build(site.path());
    let html = page(&out, "a/index.html");
    assert_eq!(attrs(&html, "figure > a > img", "src"), ["/a/pic.png"]);
    assert_eq!(attrs(&html, "figure img", "alt"), ["A cat", "", ""]);
    assert_eq!(attrs(&html, "figure img", "loading"), ["lazy"; 3]);
    assert_eq!(attrs(&html, "figure img", "width"), ["300"]);
    assert_eq!(
        attrs(&html, "figcaption a", "href"),
        ["https://example.com/me"],
        "only a web address links the attribution"
    );
    assert_eq!(
        texts(&html, "figcaption .figure-caption")[1..],
        ["Me", "Them"]
    );
    assert_eq!(attrs(&html, "figure > a", "href"), ["https://example.com/"]);
    assert_eq!(texts(&html, "figcaption .figure-title"), ["Cat"]);
    assert_eq!(
        texts(&html, "figcaption .figure-caption")[0],
        "Asleep <b>",
        "the caption is text, escaped"
    );
}

#[test]
fn videos_make_no_request_before_the_reader_plays_them() {
    let html = built_page(
        "# A\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< youtube id=\"abc\" start=30 title=\"Intro\" >}}\n\n{{< vimeo 55073825 >}}\n",
    );
    assert!(select(&html, "iframe, .markdown script, .markdown img").is_empty());
    assert_eq!(
        attrs(&html, ".video > a.video-link", "href"),
        [
            "https://www.youtube.com/watch?v=w7Ft2ymGmfc",
            "https://www.youtube.com/watch?v=abc&t=30s",
            "https://vimeo.com/55073825",
        ],
        "without JavaScript each is a link to the video"
    );
    assert_eq!(
        attrs(&html, ".video-link", "data-embed"),
        [
            "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1",
            "https://www.youtube-nocookie.com/embed/abc?autoplay=1&start=30",
            "https://player.vimeo.com/video/55073825?dnt=1&autoplay=1",
        ]
    );
    assert_eq!(
        texts(&html, ".video-title"),
        ["Play video", "Intro", "Play video"]
    );
}

#[test]
fn hextra_landing_components_render_and_link() {
    let html = built_page(
        "# A\n\n{{< hextra/hero-badge link=\"other.md\" >}}\n  <span>Free</span>\n{{< /hextra/hero-badge >}}\n\n\
         {{< hextra/hero-headline >}}\n  Build *fast*\n{{< /hextra/hero-headline >}}\n\n\
         {{< hextra/hero-subtitle >}}\n  Sub\n{{< /hextra/hero-subtitle >}}\n\n\
         {{< hextra/hero-button text=\"Start\" link=\"other.md#target\" >}}\n\n\
         {{< hextra/feature-grid >}}\n  {{< hextra/feature-card title=\"Fast\" subtitle=\"Very\" >}}\n  \
         {{< hextra/feature-card title=\"Linked\" link=\"other.md\" >}}\n{{< /hextra/feature-grid >}}\n",
    );
    assert_eq!(attrs(&html, "a.hero-badge", "href"), ["/other/"]);
    assert_eq!(texts(&html, ".hero-headline em"), ["fast"]);
    assert_eq!(texts(&html, ".hero-subtitle"), ["Sub"]);
    assert_eq!(
        attrs(&html, ".hero-actions > a.button", "href"),
        ["/other/#target"]
    );
    assert_eq!(texts(&html, ".hero-actions > a.button"), ["Start"]);
    assert_eq!(
        texts(&html, ".cards .card-feature .card-title"),
        ["Fast", "Linked"]
    );
    assert_eq!(attrs(&html, ".cards a.card-feature", "href"), ["/other/"]);
}

#[test]
fn arguments_are_escaped_in_the_html() {
    let html = built_page(
        "# A\n\n{{< hint title=\"<script>x</script>\" >}}\nBody\n{{< /hint >}}\n\n\
         {{< badge \"<i>b</i>\" >}}\n\n{{< tabs >}}\n{{< tab \"\\\"><img src=x>\" >}}\nT\n{{< /tab >}}\n{{< /tabs >}}\n",
    );
    assert!(select(&html, ".markdown script, .markdown i, .markdown img").is_empty());
    assert_eq!(texts(&html, ".alert-title"), ["<script>x</script>"]);
    assert_eq!(texts(&html, ".badge"), ["<i>b</i>"]);
    assert_eq!(texts(&html, ".tab-label"), ["\"><img src=x>"]);
}

#[test]
fn icons_show_characters_and_leave_names_to_the_site() {
    let html = built_page(
        "# A\n\nA {{< icon \"⭐\" >}} and {{< icon name=\"github\" >}}.\n\n\
         {{% pageinfo color=\"primary\" %}}\nAbout *this* page.\n{{% /pageinfo %}}\n",
    );
    assert_eq!(texts(&html, "p > span.icon[aria-hidden=true]"), ["⭐", ""]);
    assert_eq!(attrs(&html, "span.icon", "data-icon"), ["github"]);
    assert_eq!(
        classes(&html, ".markdown > div[role=note]"),
        ["alert alert-note"]
    );
    assert!(
        select(&html, ".alert-title").is_empty(),
        "Docsy's page info has no title"
    );
    assert_eq!(texts(&html, ".alert em"), ["this"]);
}

#[test]
fn toc_lists_the_page_headings_where_it_is_called() {
    let html = built_page(
        "# A\n\n{{< toc >}}\n\n## Install\n\n### On Linux\n\n{{% details \"More\" %}}\n## Inside\n{{% /details %}}\n",
    );
    assert_eq!(
        attrs(&html, ".markdown nav.page-toc > ul > li > a", "href"),
        ["#install", "#inside"]
    );
    assert_eq!(
        texts(&html, ".markdown nav.page-toc li li > a"),
        ["On Linux"]
    );
    assert_eq!(attrs(&html, "nav.page-toc", "aria-label"), ["Contents"]);
}
