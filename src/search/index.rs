//! Term statistics → postings with quantized impacts. Each posting carries
//! the score its term earns in that section — BM25 on the body plus fixed
//! boosts for the title, heading, keywords and description — computed here
//! once, so the browser only adds small numbers.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::tokenize::{Tokenizer, Word};

/// Field boosts, on the scale of a BM25 body score (which stays below
/// `K1 + 1` = 2.2): a title match outranks any body match, a heading match
/// most of them.
pub(crate) const TITLE: f64 = 4.0;
pub(crate) const HEADING: f64 = 2.5;
pub(crate) const KEYWORDS: f64 = 2.0;
pub(crate) const DESCRIPTION: f64 = 1.5;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One searchable section: its boosted fields and its body text.
pub(crate) struct DocText<'a> {
    pub(crate) boosted: Vec<(f64, &'a str)>,
    pub(crate) body: &'a str,
}

/// Term → `(doc, impact 1..=255)`, docs ascending; terms in byte order.
pub(crate) type Postings = BTreeMap<String, Vec<(u32, u8)>>;

/// The terms met so far, numbered, and the word forms already normalised:
/// a course repeats its words thousands of times, and normalising each
/// occurrence again was most of the cost of indexing.
#[derive(Default)]
struct Vocabulary {
    by_word: FxHashMap<String, u32>,
    by_term: FxHashMap<String, u32>,
    terms: Vec<String>,
}

impl Vocabulary {
    fn id(&mut self, tokenizer: &Tokenizer, word: Word<'_>) -> u32 {
        if let Some(&id) = self.by_word.get(word.text) {
            return id;
        }
        let id = self.term_id(tokenizer.normalize(word));
        self.by_word.insert(word.text.to_string(), id);
        id
    }

    /// The number of a normalised term, new ones numbered as they come.
    fn term_id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.by_term.get(&term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.by_term.insert(term.clone(), id);
        self.terms.push(term);
        id
    }
}

/// One doc's terms: `(term, sum of the boosts of the fields it is in,
/// count in the body)`; and the number of words in its body.
struct DocTerms {
    terms: Vec<(u32, f64, u32)>,
    body_len: usize,
}

/// The terms of a run of docs, in doc order.
fn doc_terms(tokenizer: &Tokenizer, docs: &[DocText<'_>]) -> (Vocabulary, Vec<DocTerms>) {
    let mut vocabulary = Vocabulary::default();
    let mut counts: FxHashMap<u32, (f64, u32)> = FxHashMap::default();
    let mut field = Vec::new();
    let stats = docs
        .iter()
        .map(|doc| {
            counts.clear();
            for &(boost, text) in &doc.boosted {
                field.clear();
                tokenizer.each_word(text, |w| field.push(vocabulary.id(tokenizer, w)));
                field.sort_unstable();
                field.dedup();
                for &term in &field {
                    counts.entry(term).or_default().0 += boost;
                }
            }
            let mut body_len = 0;
            tokenizer.each_word(doc.body, |w| {
                body_len += 1;
                counts.entry(vocabulary.id(tokenizer, w)).or_default().1 += 1;
            });
            let terms = counts.iter().map(|(&t, &(b, tf))| (t, b, tf)).collect();
            DocTerms { terms, body_len }
        })
        .collect();
    (vocabulary, stats)
}

/// Docs read by one task, with a vocabulary of its own.
const CHUNK_DOCS: usize = 1024;

/// Every doc's terms, numbered in one vocabulary: chunks of docs are read in
/// parallel, then their terms renumbered.
fn all_doc_terms(tokenizer: &Tokenizer, docs: &[DocText<'_>]) -> (Vec<String>, Vec<DocTerms>) {
    let chunks: Vec<(Vocabulary, Vec<DocTerms>)> = docs
        .par_chunks(CHUNK_DOCS)
        .map(|chunk| doc_terms(tokenizer, chunk))
        .collect();
    let mut all_terms = Vocabulary::default();
    let mut all = Vec::with_capacity(docs.len());
    for (vocabulary, docs) in chunks {
        let renumber: Vec<u32> = vocabulary
            .terms
            .into_iter()
            .map(|term| all_terms.term_id(term))
            .collect();
        for mut doc in docs {
            for entry in &mut doc.terms {
                entry.0 = renumber[entry.0 as usize];
            }
            all.push(doc);
        }
    }
    (all_terms.terms, all)
}

pub(crate) fn postings(tokenizer: &Tokenizer, docs: &[DocText<'_>]) -> Postings {
    let (terms, docs) = all_doc_terms(tokenizer, docs);
    let n = docs.len() as f64;
    let bodies = docs.iter().filter(|d| d.body_len > 0).count().max(1) as f64;
    let avg_len = (docs.iter().map(|d| d.body_len).sum::<usize>() as f64 / bodies).max(1.0);
    let mut df = vec![0usize; terms.len()];
    for doc in &docs {
        for &(term, _, _) in &doc.terms {
            df[term as usize] += 1;
        }
    }
    let mut scored: Vec<Vec<(u32, f64)>> = vec![Vec::new(); terms.len()];
    let mut max: f64 = 0.0;
    for (id, doc) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * doc.body_len as f64 / avg_len);
        for &(term, boost, tf) in &doc.terms {
            let d = df[term as usize] as f64;
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let tf = tf as f64;
            let score = idf * (boost + tf * (K1 + 1.0) / (tf + norm));
            max = max.max(score);
            scored[term as usize].push((id as u32, score));
        }
    }
    terms
        .into_iter()
        .zip(scored)
        .map(|(term, list)| {
            let list = list
                .into_iter()
                .map(|(doc, score)| (doc, (score / max * 255.0).round().clamp(1.0, 255.0) as u8))
                .collect();
            (term, list)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(docs: &[(&str, &str)]) -> Postings {
        let docs: Vec<DocText<'_>> = docs
            .iter()
            .map(|&(heading, body)| DocText {
                boosted: vec![(HEADING, heading)],
                body,
            })
            .collect();
        postings(&Tokenizer::new("en"), &docs)
    }

    #[test]
    fn headings_outrank_bodies_and_rare_terms_outrank_common_ones() {
        let p = index(&[
            ("Channels", "send values"),
            ("Maps", "channels carry values between goroutines"),
            ("Select", "waits on values"),
        ]);
        let channel = &p["channel"];
        assert_eq!(channel.len(), 2);
        assert!(channel[0].1 > channel[1].1, "{channel:?}");
        assert!(p["goroutin"][0].1 > p["valu"][1].1, "{p:?}");
        assert_eq!(p.values().flatten().map(|&(_, i)| i).max(), Some(255));
    }

    #[test]
    fn empty_input_gives_no_postings() {
        assert!(index(&[]).is_empty());
        assert!(index(&[("", "")]).is_empty());
    }
}
