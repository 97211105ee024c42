//! One page's Markdown, rendered as trusted and as untrusted content, with
//! links that resolve and links that do not.
#![no_main]

use std::path::Path;

use lectern::markdown::highlight::Highlighter;
use lectern::markdown::{Input, LinkResolver, LinkTarget, render};
use libfuzzer_sys::fuzz_target;

/// Every other link is broken, so both paths are taken.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, dest: &str) -> LinkTarget {
        if dest.len() % 2 == 0 {
            LinkTarget::Keep
        } else {
            LinkTarget::Missing(format!("no page at {dest}"))
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let code = Highlighter::default();
    for raw_html in [true, false] {
        let input = Input {
            body: &text,
            file_text: &text,
            body_offset: 0,
            path: Path::new("content/fuzz.md"),
            title: "Fuzz",
            raw_html,
            math: Default::default(),
            diagrams: Default::default(),
            alert_titles: ["Note", "Tip", "Important", "Warning", "Caution"],
            quotes: raw_html.then_some(["«", "»"]),
            emoji: raw_html,
            code: &code,
            shortcodes: None,
        };
        let _ = render(&input, &Links);
    }
});
