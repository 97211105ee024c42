//! Latin-script words (and every other script but Cyrillic and CJK):
//! lowercase, and the Snowball English (Porter2) stemmer for words of plain
//! `a`–`z` when the language stems English.

use rust_stemmers::Stemmer;

pub(crate) fn normalize(stemmer: Option<&Stemmer>, word: &str) -> String {
    let lower = word.to_lowercase();
    match stemmer {
        Some(s) if lower.bytes().all(|b| b.is_ascii_lowercase()) => s.stem(&lower).into_owned(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    fn n(word: &str) -> String {
        normalize(Some(&Stemmer::create(Algorithm::English)), word)
    }

    #[test]
    fn word_forms_share_a_stem() {
        assert_eq!(n("Channels"), "channel");
        assert_eq!(n("buffered"), n("buffer"));
        assert_eq!(n("running"), "run");
        assert_eq!(n("generics"), n("generic"));
        assert_eq!(n("goroutines"), n("goroutine"));
    }

    #[test]
    fn other_words_are_only_lowercased() {
        assert_eq!(n("UTF8"), "utf8");
        assert_eq!(n("Größe"), "größe");
        assert_eq!(normalize(None, "Channels"), "channels");
        assert_eq!(n("Σίσυφος"), "σίσυφος");
    }
}
