//! Text → search terms. Text is cut into runs of one script class
//! (Cyrillic, CJK, everything else), so `goroutine 调度器` and
//! `sync.Mutex в Go` come apart at script changes as well as at spaces and
//! punctuation, and each run is normalised by its script's rules.
//!
//! `static/search.js` mirrors this file rule for rule: the browser must turn
//! a query into exactly the terms this side put in the index.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::{cjk, english, russian};
use crate::markdown::is_cjk;

/// Longer words (hashes, base64, URLs glued together) are not indexed.
pub(crate) const MAX_WORD_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cyrillic,
    Cjk,
    Other,
}

fn class(c: char) -> Option<Class> {
    // Most text of a course is ASCII: answer it without the Unicode tables.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Class::Other);
    }
    // So is the Russian alphabet, all letters, most of the rest.
    if matches!(c, 'А'..='я' | 'Ё' | 'ё') {
        return Some(Class::Cyrillic);
    }
    if is_cjk(c) {
        return Some(Class::Cjk);
    }
    match c.general_category_group() {
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number if russian::is_cyrillic(c) => {
            Some(Class::Cyrillic)
        }
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number => Some(Class::Other),
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    !c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Mark
}

/// The tokenizer of one language's index.
pub struct Tokenizer {
    /// Latin words are stemmed as English in English and in languages
    /// written in other scripts, where Latin words are mostly English
    /// technical terms; in other Latin-script languages they are only
    /// lowercased, since the browser carries no stemmer for them.
    english: Option<Stemmer>,
    russian: Stemmer,
}

/// Languages written in a script other than Latin (primary subtags).
const NON_LATIN: &[&str] = &[
    "am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn",
    "ko", "ky", "lo", "mk", "ml", "mn", "mr", "my", "ne", "pa", "ps", "ru", "sd", "si", "sr", "ta",
    "te", "tg", "th", "ug", "uk", "ur", "yi", "zh",
];

impl Tokenizer {
    pub fn new(lang: &str) -> Tokenizer {
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        let english = primary == "en" || NON_LATIN.contains(&primary);
        Tokenizer {
            english: english.then(|| Stemmer::create(Algorithm::English)),
            russian: Stemmer::create(Algorithm::Russian),
        }
    }

    /// Whether Latin words are stemmed as English (the browser is told).
    pub fn stems_english(&self) -> bool {
        self.english.is_some()
    }

    /// The terms of `text`, in order, repeats included.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_word(text, |word| out.push(self.normalize(word)));
        out
    }

    /// Calls `f` with each word of `text`, in order, before normalisation:
    /// a run of Latin or Cyrillic letters, or a pair of CJK characters.
    /// The index normalises each distinct word once.
    pub(crate) fn each_word<'a>(&self, text: &'a str, mut f: impl FnMut(Word<'a>)) {
        let mut start = 0;
        let mut run_class = None;
        for (i, c) in text.char_indices() {
            let next = match class(c) {
                Some(k) => Some(k),
                // A combining mark belongs to the letter before it.
                None if run_class.is_some() && is_mark(c) => run_class,
                None => None,
            };
            if next != run_class {
                if let Some(k) = run_class {
                    split_run(k, &text[start..i], &mut f);
                }
                start = i;
                run_class = next;
            }
        }
        if let Some(k) = run_class {
            split_run(k, &text[start..], &mut f);
        }
    }

    /// A word's term: lowercased, and stemmed where the language has a
    /// stemmer. Depends on the word's text alone.
    pub(crate) fn normalize(&self, word: Word<'_>) -> String {
        match word.class {
            Class::Cjk => word.text.to_string(),
            Class::Cyrillic => russian::normalize(&self.russian, word.text),
            Class::Other => english::normalize(self.english.as_ref(), word.text),
        }
    }
}

/// A word as it stands in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'a> {
    pub(crate) text: &'a str,
    class: Class,
}

fn split_run<'a>(class: Class, run: &'a str, f: &mut impl FnMut(Word<'a>)) {
    match class {
        Class::Cjk => cjk::bigrams(run, |text| f(Word { text, class })),
        _ if run.chars().count() > MAX_WORD_CHARS => {}
        _ => f(Word { text: run, class }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        Tokenizer::new(lang).terms(text)
    }

    #[test]
    fn the_russian_alphabet_is_cyrillic_letters_as_the_tables_say() {
        for c in ('А'..='я').chain(['Ё', 'ё']) {
            assert_eq!(c.general_category_group(), GeneralCategoryGroup::Letter);
            assert!(russian::is_cyrillic(c));
            assert_eq!(class(c), Some(Class::Cyrillic));
        }
    }

    #[test]
    fn mixed_scripts_split_at_script_changes() {
        assert_eq!(
            terms("zh", "goroutine 调度器"),
            ["goroutin", "调度", "度器"]
        );
        assert_eq!(terms("ru", "sync.Mutex в Go"), ["sync", "mutex", "в", "go"]);
        assert_eq!(
            terms("zh", "Go语言的channel"),
            ["go", "语言", "言的", "channel"]
        );
        assert_eq!(
            terms("ru", "Горутины(goroutines)—это"),
            ["горутин", "goroutin", "эт"]
        );
    }

    #[test]
    fn latin_stemming_depends_on_the_language() {
        assert_eq!(terms("en", "Running channels"), ["run", "channel"]);
        assert_eq!(terms("ru", "channels"), ["channel"]);
        assert_eq!(terms("de", "Kanäle channels"), ["kanäle", "channels"]);
        assert!(!Tokenizer::new("pt-BR").stems_english());
        assert!(Tokenizer::new("zh-Hans").stems_english());
    }

    #[test]
    fn marks_stay_with_their_letter_and_long_words_are_dropped() {
        assert_eq!(terms("en", "cafe\u{301} x"), ["cafe\u{301}", "x"]);
        assert_eq!(terms("en", "\u{301}a"), ["a"]);
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(terms("en", &format!("{long} ok")), ["ok"]);
    }

    #[test]
    fn punctuation_and_symbols_separate_words() {
        assert_eq!(
            terms("en", "don't use_snake-case 1.21 C++ 🎉"),
            ["don", "t", "use", "snake", "case", "1", "21", "c"]
        );
        assert!(terms("en", "").is_empty());
        assert!(terms("en", " ,.;🎉 ").is_empty());
    }
}
