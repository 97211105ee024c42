//! Chinese, Japanese and Korean: overlapping character pairs. A query's
//! pairs are a subset of the pairs of any text containing it, so `垃圾回收`
//! finds `垃圾回收机制` without a dictionary — and the browser cuts a query
//! the same way with no dictionary to download. (A segmenter such as jieba
//! would need its multi-megabyte dictionary on both sides to agree.)

/// The overlapping pairs of `run`; a lone character is its own term.
pub fn bigrams(run: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        out.push(run.to_string());
    }
    out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(run: &str) -> Vec<String> {
        let mut out = Vec::new();
        bigrams(run, &mut out);
        out
    }

    #[test]
    fn a_query_inside_a_longer_word_shares_its_pairs() {
        let doc = pairs("垃圾回收机制");
        assert_eq!(doc, ["垃圾", "圾回", "回收", "收机", "机制"]);
        for query in ["垃圾回收", "回收", "回收机制", "圾回收机"] {
            assert!(pairs(query).iter().all(|p| doc.contains(p)), "{query}");
        }
    }

    #[test]
    fn single_characters_and_kana() {
        assert_eq!(pairs("的"), ["的"]);
        assert_eq!(pairs("ゴルーチン"), ["ゴル", "ルー", "ーチ", "チン"]);
    }
}
