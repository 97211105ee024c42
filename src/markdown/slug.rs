//! Heading ids as GitHub makes them, because authors write their tables of
//! contents against GitHub's rendering of their files.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// GitHub's id for a heading's text: lowercase; Unicode letters, marks,
/// numbers, `-` and `_` kept; each space becomes `-`; everything else
/// (emoji, punctuation) dropped. Composed (NFC), like [`nfc`] fragments.
pub(crate) fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase).nfc() {
        match c {
            ' ' => out.push('-'),
            '-' | '_' => out.push(c),
            c if matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Letter
                    | GeneralCategoryGroup::Mark
                    | GeneralCategoryGroup::Number
            ) =>
            {
                out.push(c)
            }
            _ => {}
        }
    }
    out
}

/// `text` in Unicode's composed form (NFC). Ids and `#fragments` are
/// compared in it: `é` may be typed as one character or as `e` and an
/// accent, and two strings that look the same should match.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// A link's `href` with its `#fragment` in NFC, so that it reaches the
/// heading whose id [`github_slug`] made, however its accents were typed.
pub(crate) fn nfc_fragment(href: &str) -> Cow<'_, str> {
    match href.split_once('#') {
        Some((path, fragment)) if !unicode_normalization::is_nfc(fragment) => {
            Cow::Owned(format!("{path}#{}", nfc(fragment)))
        }
        _ => Cow::Borrowed(href),
    }
}

/// Hands out unique ids within one page: a repeat of `x` becomes `x-1`,
/// `x-2`, … and an empty id becomes `heading`.
#[derive(Default)]
pub(crate) struct IdSet {
    counts: HashMap<String, usize>,
}

impl IdSet {
    /// Records an id the author chose (`{#id}`) so generated ones avoid it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.counts.entry(nfc(id).into_owned()).or_insert(0);
    }

    pub(crate) fn unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "heading".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        while self.counts.contains_key(&id) {
            let n = self.counts.entry(base.clone()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.counts.insert(id.clone(), 0);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_ids_for_emoji_cyrillic_chinese() {
        assert_eq!(
            github_slug("🏆 Продвинутое изучение Go"),
            "-продвинутое-изучение-go"
        );
        assert_eq!(github_slug("2.1 区块链的应用开发"), "21-区块链的应用开发");
        assert_eq!(github_slug("What is a map?"), "what-is-a-map");
        assert_eq!(
            github_slug("Using `sync.Mutex` (safely)!"),
            "using-syncmutex-safely"
        );
        assert_eq!(
            github_slug("snake_case & kebab-case"),
            "snake_case--kebab-case"
        );
        assert_eq!(github_slug("🎯 **Зачем?**"), "-зачем");
        assert_eq!(github_slug("Ёлка Ünïcode"), "ёлка-ünïcode");
        assert_eq!(github_slug("🚀"), "");
        // Decomposed accents give the composed id.
        assert_eq!(github_slug("Cafe\u{301} Cre\u{300}me"), "café-crème");
        assert_eq!(nfc("cafe\u{301}"), "café");
    }

    #[test]
    fn repeats_are_numbered_and_empty_becomes_heading() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("example".into()), "example");
        assert_eq!(ids.unique("example".into()), "example-1");
        assert_eq!(ids.unique("example".into()), "example-2");
        assert_eq!(ids.unique(String::new()), "heading");
        assert_eq!(ids.unique(String::new()), "heading-1");
    }

    #[test]
    fn generated_ids_avoid_existing_ones() {
        let mut ids = IdSet::default();
        ids.reserve("intro-1");
        assert_eq!(ids.unique("intro".into()), "intro");
        assert_eq!(ids.unique("intro".into()), "intro-2");
    }
}
