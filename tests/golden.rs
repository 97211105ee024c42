//! Golden copies of the `<main>` element of pages that show each kind of
//! Markdown (tests/fixtures/features), kept in tests/snapshots/: any change
//! to what they render shows up as a diff to review. After a deliberate
//! change, refresh them with `INSTA_UPDATE=always cargo test --test golden`
//! (or review each with `cargo insta review`).

mod common;

use common::*;

/// The `<main>` element of the built features fixture's page at `rel`, as
/// written.
fn main_of(rel: &str) -> String {
    let out = built(&fixture("features"));
    let text = std::fs::read_to_string(out.join(rel)).unwrap();
    let start = text
        .find("<main")
        .unwrap_or_else(|| panic!("{rel}: no <main>"));
    let end = text.find("</main>").unwrap() + "</main>".len();
    text[start..end].to_string()
}

#[test]
fn alerts_are_titled_in_the_page_language() {
    insta::assert_snapshot!("alerts_en", main_of("en/guide/alerts/index.html"));
    insta::assert_snapshot!("alerts_ru", main_of("ru/guide/alerts/index.html"));
}

#[test]
fn code_is_highlighted_with_fence_attributes() {
    insta::assert_snapshot!("code", main_of("en/guide/code/index.html"));
}

#[test]
fn headings_get_ids_in_any_script() {
    insta::assert_snapshot!("headings", main_of("en/guide/headings/index.html"));
}

#[test]
fn links_are_rewritten_with_anchors_and_across_languages() {
    insta::assert_snapshot!("links_en", main_of("en/guide/links/index.html"));
    insta::assert_snapshot!("links_ru", main_of("ru/guide/only-ru/index.html"));
}

#[test]
fn tables_footnotes_and_task_lists() {
    insta::assert_snapshot!("tables", main_of("en/guide/tables/index.html"));
}
