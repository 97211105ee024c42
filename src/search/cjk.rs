//! Chinese, Japanese and Korean: overlapping character pairs. A query's
//! pairs are a subset of the pairs of any text containing it, so `垃圾回收`
//! finds `垃圾回收机制` without a dictionary — and the browser cuts a query
//! the same way with no dictionary to download. (A segmenter such as jieba
//! would need its multi-megabyte dictionary on both sides to agree.)

/// The overlapping pairs of `run`; a lone character is its own term.
pub(crate) fn bigrams<'a>(run: &'a str, mut f: impl FnMut(&'a str)) {
    let mut ends = run.char_indices().map(|(i, c)| i + c.len_utf8());
    let Some(mut middle) = ends.next() else {
        return;
    };
    let (mut start, mut paired) = (0, false);
    for end in ends {
        f(&run[start..end]);
        (start, middle) = (middle, end);
        paired = true;
    }
    if !paired {
        f(run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(run: &str) -> Vec<String> {
        let mut out = Vec::new();
        bigrams(run, |pair| out.push(pair.to_string()));
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
