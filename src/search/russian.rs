//! Cyrillic words: lowercase, `ё` → `е`, and the Snowball Russian stemmer
//! for words made only of the 32 Russian letters (Ukrainian, Serbian and
//! other words with letters of their own are only lowercased).

use rust_stemmers::Stemmer;

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

pub(crate) fn normalize(stemmer: &Stemmer, word: &str) -> String {
    let folded = word.to_lowercase().replace('ё', "е");
    if folded.chars().all(|c| ('а'..='я').contains(&c)) {
        stemmer.stem(&folded).into_owned()
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    fn n(word: &str) -> String {
        normalize(&Stemmer::create(Algorithm::Russian), word)
    }

    #[test]
    fn word_forms_share_a_stem() {
        for form in ["база", "базы", "базам", "базами", "Базе", "БАЗУ"] {
            assert_eq!(n(form), "баз", "{form}");
        }
        for form in ["горутина", "горутины", "горутинами", "горутине"]
        {
            assert_eq!(n(form), "горутин", "{form}");
        }
        assert_eq!(n("каналы"), n("каналов"));
        // Snowball reads `канала` as a verb in -ла; the browser's prefix
        // matching (`кана…`) still finds `канал`.
        assert_eq!(n("канала"), "кана");
        assert_eq!(n("буферизованный"), n("буферизованного"));
    }

    #[test]
    fn yo_is_e() {
        assert_eq!(n("Ёлка"), n("елки"));
        assert_eq!(n("всё"), n("все"));
    }

    #[test]
    fn other_cyrillic_is_only_lowercased() {
        assert_eq!(n("Їжак"), "їжак");
        assert_eq!(n("Србија"), "србија");
    }
}
