use std::path::{Path, PathBuf};

use super::*;
use crate::content::discover::FileKind;
use crate::content::front_matter::FrontMatter;

fn config(multilingual: bool) -> Config {
    let text = if multilingual {
        "[languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n"
    } else {
        ""
    };
    Config::parse(Path::new("site.toml"), text).unwrap()
}

fn parsed(lang: &str, lang_rel: &str, meta: FrontMatter) -> Arc<ParsedPage> {
    let name = lang_rel.rsplit('/').next().unwrap();
    let kind = match name {
        "_index.md" => FileKind::Section,
        "index.md" => FileKind::Bundle,
        _ => FileKind::Page,
    };
    Arc::new(ParsedPage {
        source: SourceFile {
            path: PathBuf::from(format!("content/{lang}/{lang_rel}")),
            content_rel: format!("{lang}/{lang_rel}"),
            lang: Some(lang.into()),
            lang_rel: lang_rel.into(),
            in_lang_dir: true,
            kind,
        },
        text: String::new(),
        title: meta
            .title
            .clone()
            .unwrap_or_else(|| name.trim_end_matches(".md").into()),
        meta,
        body_offset: 0,
        text_digest: Default::default(),
    })
}

fn titled(title: &str, weight: i64) -> FrontMatter {
    FrontMatter {
        title: Some(title.into()),
        weight,
        ..FrontMatter::default()
    }
}

/// Options of a build with no drafts, at a fixed instant.
fn options(drafts: bool) -> AssembleOptions<'static> {
    AssembleOptions {
        drafts,
        future: false,
        now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a valid instant"),
        taxonomy_title: &|_, plural| plural.to_string(),
    }
}

fn site(pages: Vec<Arc<ParsedPage>>, drafts: bool) -> Site {
    let (site, diagnostics) = assemble(config(true), pages, Vec::new(), None, &options(drafts));
    assert_eq!(diagnostics, []);
    site
}

fn titles(lang: &LangSite) -> Vec<&str> {
    lang.reading_order
        .iter()
        .map(|&id| lang.pages[id].title.as_str())
        .collect()
}

#[test]
fn sections_are_created_for_directories_and_ordered() {
    let s = site(
        vec![
            parsed("en", "b/two.md", titled("Two", 2)),
            parsed("en", "b/one.md", titled("One", 1)),
            parsed("en", "a/_index.md", titled("Chapter A", 1)),
            parsed("en", "a/x/deep.md", titled("Deep", 0)),
            parsed("en", "a/lesson/index.md", titled("Bundle", 0)),
        ],
        false,
    );
    let en = &s.langs[0];
    assert_eq!(
        titles(en),
        [
            "English",
            "Chapter A",
            "Bundle",
            "X",
            "Deep",
            "B",
            "One",
            "Two"
        ]
    );
    let urls: Vec<&str> = en
        .reading_order
        .iter()
        .map(|&id| en.pages[id].url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            "/en/",
            "/en/a/",
            "/en/a/lesson/",
            "/en/a/x/",
            "/en/a/x/deep/",
            "/en/b/",
            "/en/b/one/",
            "/en/b/two/"
        ]
    );
    let deep = en.reading_order[4];
    assert_eq!(en.pages[deep].prev, Some(en.reading_order[3]));
    assert_eq!(en.pages[deep].next, Some(en.reading_order[5]));
}

#[test]
fn drafts_and_draft_sections_are_left_out() {
    let draft = |t: &str| FrontMatter {
        draft: true,
        ..titled(t, 0)
    };
    let pages = || {
        vec![
            parsed("en", "a/_index.md", draft("Hidden section")),
            parsed("en", "a/page.md", titled("Inside", 0)),
            parsed("en", "b.md", draft("Draft page")),
            parsed("en", "c.md", titled("Shown", 0)),
        ]
    };
    assert_eq!(titles(&site(pages(), false).langs[0]), ["English", "Shown"]);
    assert_eq!(titles(&site(pages(), true).langs[0]).len(), 5);
}

#[test]
fn translations_by_path_and_by_key() {
    let keyed = |t: &str, k: &str| FrontMatter {
        translation_key: Some(k.into()),
        ..titled(t, 0)
    };
    let s = site(
        vec![
            parsed("en", "intro.md", titled("Intro", 1)),
            parsed("ru", "intro.md", titled("Введение", 1)),
            parsed("en", "about.md", keyed("About", "about")),
            parsed("ru", "o-nas.md", keyed("О нас", "about")),
            parsed("en", "only.md", titled("Only", 3)),
        ],
        false,
    );
    let find = |l: usize, title: &str| s.langs[l].pages.iter().find(|p| p.title == title).unwrap();
    let ru_intro = find(1, "Введение");
    assert_eq!(ru_intro.translations.len(), 1);
    assert_eq!(s.page(ru_intro.translations[0]).url, "/en/intro/");
    assert_eq!(s.page(find(0, "About").translations[0]).url, "/ru/o-nas/");
    assert!(find(0, "Only").translations.is_empty());
    assert_eq!(
        s.langs[0].pages[0].translations,
        [PageRef { lang: 1, page: 0 }]
    );
}

#[test]
fn slugs_and_unsafe_names() {
    let slugged = FrontMatter {
        slug: Some("Custom Slug".into()),
        ..titled("S", 0)
    };
    let s = site(
        vec![
            parsed("en", "a.md", slugged),
            parsed("en", "C++ & Go?.md", titled("C", 0)),
        ],
        false,
    );
    let urls: Vec<&str> = s.langs[0].pages.iter().map(|p| p.url.as_str()).collect();
    assert!(urls.contains(&"/en/Custom-Slug/"), "{urls:?}");
    assert!(urls.contains(&"/en/C-Go/"), "{urls:?}");
    assert_eq!(url_segment("основы go"), "основы-go");
    assert_eq!(url_segment("06.10"), "06.10");
    assert_eq!(url_segment("???"), "page");
}

#[test]
fn colliding_urls_name_both_files() {
    let slugged = FrontMatter {
        slug: Some("b".into()),
        ..titled("A", 0)
    };
    let err = assemble(
        config(true),
        vec![
            parsed("en", "a.md", slugged),
            parsed("en", "b.md", titled("B", 0)),
        ],
        Vec::new(),
        None,
        &options(false),
    )
    .1;
    let blamed: Vec<&Path> = err.iter().map(|d| d.path.as_path()).collect();
    assert_eq!(
        blamed,
        [Path::new("content/en/a.md"), Path::new("content/en/b.md")]
    );
    for d in &err {
        assert!(
            d.message.contains("content/en/a.md")
                && d.message.contains("content/en/b.md")
                && d.message.contains("en/b/index.html"),
            "{}",
            d.message
        );
    }
}

#[test]
fn aliases_resolve_against_site_or_language_root() {
    let aliased = FrontMatter {
        aliases: vec!["/old/x/".into(), "legacy.html".into(), "../../etc".into()],
        ..titled("A", 0)
    };
    let err = assemble(
        config(true),
        vec![parsed("en", "a.md", aliased.clone())],
        Vec::new(),
        None,
        &options(false),
    )
    .1;
    assert!(
        err[0]
            .message
            .contains("\"../../etc\" is not a path inside the site")
    );
    let ok = FrontMatter {
        aliases: aliased.aliases[..2].to_vec(),
        ..aliased
    };
    let s = site(vec![parsed("en", "a.md", ok)], false);
    let outs: Vec<&str> = s.aliases.iter().map(|a| a.out.as_str()).collect();
    assert_eq!(outs, ["old/x/index.html", "en/legacy.html"]);
}

#[test]
fn transliteration_makes_ascii_urls_on_request() {
    let mut cfg = config(true);
    cfg.transliterate = true;
    let pages = vec![
        parsed("ru", "основы/введение.md", titled("Введение", 0)),
        parsed("ru", "垃圾回收.md", titled("GC", 0)),
    ];
    let (s, problems) = assemble(cfg, pages, Vec::new(), None, &options(false));
    assert!(problems.is_empty(), "{problems:?}");
    let urls: Vec<&str> = s.langs[1].pages.iter().map(|p| p.url.as_str()).collect();
    assert!(urls.contains(&"/ru/osnovy/vvedenie/"), "{urls:?}");
    assert!(urls.contains(&"/ru/la-ji-hui-shou/"), "{urls:?}");
}

fn asset(lang: Option<&str>, content_rel: &str) -> SourceFile {
    let lang_rel = match lang {
        Some(code) => content_rel.strip_prefix(&format!("{code}/")).unwrap(),
        None => content_rel,
    };
    SourceFile {
        path: PathBuf::from(format!("content/{content_rel}")),
        content_rel: content_rel.into(),
        lang: lang.map(str::to_string),
        lang_rel: lang_rel.into(),
        in_lang_dir: lang.is_some(),
        kind: FileKind::Asset,
    }
}

#[test]
fn assets_go_beside_the_page_that_owns_their_directory() {
    let pages = vec![
        parsed("en", "guide/_index.md", titled("Guide", 0)),
        parsed("en", "guide/setup/index.md", titled("Setup", 0)),
        parsed("ru", "guide/_index.md", titled("Гид", 0)),
    ];
    let assets = vec![
        asset(Some("en"), "en/guide/setup/shot.png"),
        asset(Some("en"), "en/guide/map.svg"),
        asset(None, "shared/logo.png"),
    ];
    let options = options(false);
    let (site, diagnostics) = assemble(config(true), pages, assets, None, &options);
    assert_eq!(diagnostics, []);
    let copies: Vec<(&str, &str)> = site
        .assets
        .iter()
        .map(|a| (a.source.to_str().unwrap(), a.out.as_str()))
        .collect();
    assert_eq!(
        copies,
        [
            // In a bundle: below the bundle's page; the section's slug is its directory's.
            ("content/en/guide/setup/shot.png", "en/guide/setup/shot.png"),
            ("content/en/guide/map.svg", "en/guide/map.svg"),
            // Outside every language: one copy under each language's home.
            ("content/shared/logo.png", "en/shared/logo.png"),
            ("content/shared/logo.png", "ru/shared/logo.png"),
        ]
    );
}
