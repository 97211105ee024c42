//! Search, end to end: build a site, then query its index with the theme's
//! own `search.js` under Node — the code path the browser runs — and check
//! which pages and sections come back. Node is required: without it these
//! tests fail rather than pass unchecked.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, built, copy_fixture, fixture, page, select, site, write_files};
use lectern::search::tokenize::Tokenizer;
use serde_json::{Value, json};

fn driver(mode: &str, script: &Path, input: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    std::fs::write(&file, serde_json::to_vec(input).unwrap()).unwrap();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/search_driver.js");
    let output = Command::new("node")
        .arg(driver)
        .arg(mode)
        .arg(script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("tests/search.rs runs the theme's search.js in Node.js: install `node` ({e})")
        });
    assert!(
        output.status.success(),
        "search driver failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn new(site: &Path) -> Built {
        let (tmp, out) = build(site);
        Built { _tmp: tmp, out }
    }

    /// Results of each `(language, query)`, as the browser would show them.
    fn search(&self, queries: &[(&str, &str)]) -> Vec<Vec<Value>> {
        let input: Vec<Value> = queries
            .iter()
            .map(|(lang, q)| json!({"dir": self.out.join(lang).join("search"), "query": q}))
            .collect();
        let out = driver("search", &self.out.join("search.js"), &json!(input));
        out.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().clone())
            .collect()
    }
}

fn urls(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .map(|r| common::percent_decode(r["url"].as_str().unwrap()))
        .collect()
}

/// Asserts that each query's expected URL (page, or page#section) is among
/// the first three results.
fn assert_top3(built: &Built, cases: &[(&str, &str, &str)]) {
    let queries: Vec<(&str, &str)> = cases.iter().map(|&(l, q, _)| (l, q)).collect();
    for ((lang, query, expected), results) in cases.iter().zip(built.search(&queries)) {
        let urls = urls(&results);
        let rank = urls
            .iter()
            .position(|u| u == expected || u.split('#').next() == Some(expected));
        assert!(
            rank.is_some_and(|r| r < 3),
            "{lang} {query:?}: expected {expected} in the top 3, got {urls:?}"
        );
    }
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn word_forms_substrings_and_mixed_queries_find_their_sections() {
    let built = Built::new(&fixture("search"));
    assert_top3(
        &built,
        &[
            ("ru", "базами", "/ru/базы/"),
            ("ru", "базам", "/ru/базы/"),
            ("ru", "базу", "/ru/базы/"),
            ("ru", "подключение к базам", "/ru/базы/#подключение-к-базам"),
            ("ru", "емкость пула", "/ru/базы/#подключение-к-базам"),
            ("ru", "Ёмкость", "/ru/базы/#подключение-к-базам"),
            ("ru", "sync.Mutex в Go", "/ru/базы/#mutex-в-go"),
            ("ru", "канала", "/ru/каналы/"),
            (
                "ru",
                "буферизованными каналами",
                "/ru/каналы/#буферизованные-каналы",
            ),
            ("ru", "буфериз", "/ru/каналы/#буферизованные-каналы"),
            ("zh", "垃圾回收", "/zh/内存/#垃圾回收机制"),
            ("zh", "回收机", "/zh/内存/#垃圾回收机制"),
            ("zh", "回收机制", "/zh/内存/#垃圾回收机制"),
            ("zh", "goroutine 调度器", "/zh/调度/#goroutine-调度器"),
            ("zh", "调度", "/zh/调度/"),
            ("zh", "线", "/zh/调度/"),
            (
                "en",
                "garbage collectors",
                "/en/memory/#tuning-the-garbage-collector",
            ),
            ("en", "gc", "/en/memory/"),
            ("en", "frees", "/en/memory/"),
            (
                "en",
                "sync.Mutex",
                "/en/memory/#tuning-the-garbage-collector",
            ),
            ("en", "escap", "/en/memory/#escape-analysis"),
        ],
    );
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn code_opted_out_pages_and_other_languages_are_not_found() {
    let built = Built::new(&fixture("search"));
    let results = built.search(&[
        ("en", "zyzzyva"),
        ("en", "quokka"),
        ("ru", "garbage"),
        ("en", "базы"),
        ("en", "   "),
        ("en", "…!?"),
    ]);
    for (i, r) in results.iter().enumerate() {
        assert!(r.is_empty(), "query {i}: {r:?}");
    }
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn results_carry_text_not_markup_and_mark_matches() {
    let built = Built::new(&fixture("search"));
    let results = built.search(&[("en", "script tags"), ("ru", "базами"), ("zh", "回收机")]);
    let markup = &results[0][0];
    assert_eq!(
        markup["title"],
        "<img src=x onerror=alert(1)> Markup & <b>tags</b>"
    );
    assert!(
        markup["excerpt"]
            .as_str()
            .unwrap()
            .contains("<script>alert(\"x\")</script>"),
        "{markup}"
    );
    assert_eq!(results[1][0]["marked"], json!(["Базы", "базе"]));
    assert_eq!(results[2][0]["marked"], json!(["回收机", "回收机"]));
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn demo_course_queries_rank_expected_pages_in_the_top_3() {
    let built = Built::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_top3(
        &built,
        &[
            ("ru", "горутинами", "/ru/03-concurrency/01-goroutines/"),
            ("ru", "каналов", "/ru/03-concurrency/02-channels/"),
            (
                "ru",
                "буферизованного канала",
                "/ru/03-concurrency/02-channels/#буферизованные-каналы",
            ),
            ("ru", "срезами", "/ru/02-types/01-slices/"),
            ("ru", "структуры", "/ru/02-types/structs/"),
            ("ru", "тайм-аут", "/ru/03-concurrency/03-select/#тайм-ауты"),
            ("ru", "констант", "/ru/01-basics/02-variables/"),
            ("ru", "sync.WaitGroup", "/ru/03-concurrency/01-goroutines/"),
            ("zh", "通道", "/zh/03-concurrency/02-channels/"),
            ("zh", "缓冲通道", "/zh/03-concurrency/02-channels/"),
            ("zh", "切片", "/zh/02-types/01-slices/"),
            ("zh", "结构体标签", "/zh/02-types/structs/"),
            (
                "zh",
                "数据竞争",
                "/zh/03-concurrency/01-goroutines/#数据竞争",
            ),
            ("zh", "用 context 取消", "/zh/03-concurrency/03-select/"),
            ("en", "goroutines", "/en/03-concurrency/01-goroutines/"),
            ("en", "buffered channel", "/en/03-concurrency/02-channels/"),
            ("en", "timeout", "/en/03-concurrency/03-select/#timeouts"),
            ("en", "struct tags", "/en/02-types/structs/"),
            // A label of the lesson's diagram.
            (
                "en",
                "print sms",
                "/en/03-concurrency/03-select/#waiting-on-several-channels",
            ),
        ],
    );
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn a_typo_in_a_longer_word_still_finds_and_unmatched_words_are_named() {
    let built = Built::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    // One letter dropped, swapped, changed: as the word typed right.
    assert_top3(
        &built,
        &[
            ("ru", "горутны", "/ru/03-concurrency/01-goroutines/"),
            ("en", "gorotuines", "/en/03-concurrency/01-goroutines/"),
            ("en", "goroutimes", "/en/03-concurrency/01-goroutines/"),
        ],
    );
    let cases = [
        ("zh", "xyzzy不存在"),
        ("en", "goroutine xyzzy"),
        ("en", "goroutine"),
        ("ru", "горутны"),
        ("en", "chan"),
        ("en", "xyzz"),
    ];
    let input: Vec<Value> = cases
        .iter()
        .map(|(lang, q)| json!({"dir": built.out.join(lang).join("search"), "query": q}))
        .collect();
    let out = driver("rank", &built.out.join("search.js"), &json!(input));
    let unmatched: Vec<Value> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unmatched"].clone())
        .collect();
    assert_eq!(
        unmatched,
        [
            json!(["xyzzy"]),
            json!(["xyzzy"]),
            json!([]),
            json!([]),
            json!([]),
            json!(["xyzz"])
        ]
    );
    let count = |i: usize| out[i]["count"].as_u64().unwrap();
    assert!(count(0) > 0, "pages with 不存在");
    assert_eq!(count(5), 0, "a short word is not stretched to another");
}

#[test]
fn search_off_writes_no_index_and_no_search_box() {
    let site = copy_fixture("search");
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("search = false\n{text}")).unwrap();
    let (_tmp, out) = build(site.path());
    assert!(!out.join("en/search").exists());
    assert!(select(&page(&out, "en/memory/index.html"), ".search").is_empty());

    let out = built(&fixture("search"));
    assert_eq!(
        common::attrs(&page(out, "en/memory/index.html"), ".search", "data-search"),
        ["/en/search/"]
    );
}

#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn a_single_language_site_under_a_base_path_has_its_index_at_search() {
    let site = copy_fixture("single");
    write_files(
        site.path(),
        [("site.toml", "base_url = \"https://example.org/course/\"\n")],
    );
    let built = Built::new(site.path());
    assert_eq!(
        common::attrs(&page(&built.out, "index.html"), ".search", "data-search"),
        ["/course/search/"]
    );
    let input = json!([{"dir": built.out.join("search"), "query": "guide"}]);
    let results = driver("search", &built.out.join("search.js"), &input);
    assert_eq!(results[0][0]["url"], "/course/");
}

#[test]
fn index_bytes_are_reproducible() {
    let first = built(&fixture("search"));
    let (_tmp, second) = build(&fixture("search"));
    let index = |out: &Path| {
        common::tree(out)
            .into_iter()
            .filter(|(p, _)| p.contains("/search/"))
            .collect::<Vec<_>>()
    };
    assert!(!index(first).is_empty());
    assert_eq!(index(first), index(&second));
}

/// Every word of the demo course and the fixture, and made-up words with
/// each Snowball ending: the browser's tokenizer and stemmers must give the
/// terms the index was built with.
#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn browser_tokenizer_matches_the_index_tokenizer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in [root.join("content"), fixture("search").join("content")] {
        for (rel, bytes) in common::tree(&dir) {
            if rel.ends_with(".md") {
                let lang = rel.split('/').next().unwrap().to_string();
                texts.push((lang, String::from_utf8(bytes).unwrap()));
            }
        }
    }
    let words = |lang: &str, keep: fn(char) -> bool| {
        let mut w: Vec<String> = texts
            .iter()
            .filter(|(l, _)| l == lang)
            .flat_map(|(_, t)| t.split(|c: char| !keep(c)).map(str::to_lowercase))
            .filter(|w| w.chars().count() > 1)
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let with_endings = |words: Vec<String>, endings: &[&str]| {
        let mut out = String::new();
        for word in words {
            for ending in endings {
                out.push_str(&word);
                out.push_str(ending);
                out.push(' ');
            }
        }
        out
    };
    let ru_endings = [
        "",
        "а",
        "ев",
        "ов",
        "ие",
        "ье",
        "е",
        "иями",
        "ями",
        "ами",
        "еи",
        "ии",
        "и",
        "ией",
        "ей",
        "ой",
        "ий",
        "й",
        "иям",
        "ям",
        "ием",
        "ем",
        "ам",
        "ом",
        "о",
        "у",
        "ах",
        "иях",
        "ях",
        "ы",
        "ь",
        "ию",
        "ью",
        "ю",
        "ия",
        "ья",
        "я",
        "ла",
        "на",
        "ете",
        "йте",
        "ли",
        "л",
        "н",
        "ло",
        "но",
        "ет",
        "ют",
        "ны",
        "ть",
        "ешь",
        "нно",
        "ила",
        "ыла",
        "ена",
        "ейте",
        "уйте",
        "ите",
        "или",
        "ыли",
        "уй",
        "ил",
        "ыл",
        "им",
        "ым",
        "ен",
        "ило",
        "ыло",
        "ено",
        "ят",
        "ует",
        "уют",
        "ит",
        "ыт",
        "ены",
        "ить",
        "ыть",
        "ишь",
        "ую",
        "в",
        "вши",
        "вшись",
        "ав",
        "явши",
        "ив",
        "ывшись",
        "ся",
        "сь",
        "ался",
        "емый",
        "енный",
        "анный",
        "ющий",
        "ащий",
        "ивший",
        "ующий",
        "ость",
        "ости",
        "ост",
        "ейший",
        "ейшее",
        "енн",
        "ннь",
        "ёй",
    ];
    let en_endings = [
        "", "s", "es", "ies", "ied", "sses", "us", "ss", "ed", "eed", "eedly", "edly", "ing",
        "ingly", "ly", "y", "at", "bl", "iz", "ational", "tional", "enci", "anci", "abli", "entli",
        "izer", "ization", "ation", "ator", "alism", "aliti", "alli", "fulness", "ousli",
        "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "logi", "fulli", "lessli", "li",
        "alize", "icate", "iciti", "ical", "ful", "ness", "ative", "al", "ance", "ence", "er",
        "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive",
        "ize", "ion", "sion", "tion", "e", "l", "ll", "yes", "ying",
    ];
    let ru = with_endings(
        words("ru", |c| matches!(c, 'а'..='я' | 'А'..='Я')),
        &ru_endings,
    );
    let mut en_words = words("en", |c| c.is_ascii_alphabetic());
    en_words.extend(
        [
            "gener", "commun", "arsen", "y", "sky", "news", "proceed", "inning", "hop", "fil", "a",
        ]
        .map(String::from),
    );
    let en = with_endings(en_words, &en_endings);
    let mut cases = texts;
    cases.push(("ru".into(), ru));
    cases.push(("en".into(), en));
    cases.push(("de".into(), "Größe channels Running".into()));

    let input: Vec<Value> = cases
        .iter()
        .map(|(lang, text)| json!({"english": Tokenizer::new(lang).stems_english(), "text": text}))
        .collect();
    let script = root.join("static/search.js");
    let browser = driver("tokenize", &script, &json!(input));
    let mut checked = 0;
    for ((lang, text), js) in cases.iter().zip(browser.as_array().unwrap()) {
        let rust = Tokenizer::new(lang).terms(text);
        let js: Vec<&str> = js
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(rust.len(), js.len(), "{lang}: term counts differ");
        for (r, j) in rust.iter().zip(&js) {
            assert_eq!(r, j, "{lang}: index and browser disagree");
        }
        checked += rust.len();
    }
    assert!(checked > 50_000, "only {checked} terms compared");
}

/// Page texts are fetched in groups of neighbouring pages: a result from
/// any group, first or last, carries its own page's title, URL and text.
#[test]
#[ignore = "needs Node.js: run with `cargo test --test search -- --ignored` (tests/browser/run.sh does)"]
fn results_from_every_group_of_page_texts_carry_their_own_page() {
    let site = site([
        ("site.toml", "title = \"Groups\"\n"),
        ("content/_index.md", "---\ntitle: Home\n---\nHome.\n"),
    ]);
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(40);
    // Same length and an ending no stemmer touches: no word is a prefix
    // or a form of another.
    let words: Vec<String> = (0..40u8)
        .map(|n| format!("zq{}{}x", (b'a' + n / 26) as char, (b'a' + n % 26) as char))
        .collect();
    write_files(
        site.path(),
        words.iter().enumerate().map(|(n, word)| {
            (
                format!("content/p{n:02}.md"),
                format!("---\ntitle: Page {n}\nweight: {n}\n---\n{filler}\n\n## Part {n}\n\nThe {word} lives here.\n"),
            )
        }),
    );
    let built = Built::new(site.path());
    let groups = std::fs::read_dir(built.out.join("search"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('p')
        })
        .count();
    assert!(groups > 2, "{groups} groups of page texts");
    let queries: Vec<(&str, &str)> = words.iter().map(|w| ("", w.as_str())).collect();
    for (n, results) in built.search(&queries).iter().enumerate() {
        assert_eq!(
            urls(results),
            [format!("/p{n:02}/#part-{n}")],
            "{}",
            words[n]
        );
        assert_eq!(results[0]["title"], format!("Page {n}"));
        assert_eq!(results[0]["heading"], format!("Part {n}"));
        assert_eq!(results[0]["marked"], json!([words[n]]));
    }
}
