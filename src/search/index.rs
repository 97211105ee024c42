//! Term statistics → postings with quantized impacts. Each posting carries
//! the score its term earns in that section — BM25 on the body plus fixed
//! boosts for the title, heading, keywords and description — computed here
//! once, so the browser only adds small numbers.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::tokenize::Tokenizer;

/// Field boosts, on the scale of a BM25 body score (which stays below
/// `K1 + 1` = 2.2): a title match outranks any body match, a heading match
/// most of them.
pub const TITLE: f64 = 4.0;
pub const HEADING: f64 = 2.5;
pub const KEYWORDS: f64 = 2.0;
pub const DESCRIPTION: f64 = 1.5;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One searchable section: its boosted fields and its body text.
pub struct DocText<'a> {
    pub boosted: Vec<(f64, &'a str)>,
    pub body: &'a str,
}

/// Term → `(doc, impact 1..=255)`, docs ascending; terms in byte order.
pub type Postings = BTreeMap<String, Vec<(u32, u8)>>;

/// Per doc: term → (sum of boosts of the fields it is in, count in the body).
struct DocStats {
    terms: HashMap<String, (f64, u32)>,
    body_len: usize,
}

fn stats(tokenizer: &Tokenizer, doc: &DocText<'_>) -> DocStats {
    let mut terms: HashMap<String, (f64, u32)> = HashMap::new();
    for &(boost, text) in &doc.boosted {
        let mut field = tokenizer.terms(text);
        field.sort();
        field.dedup();
        for term in field {
            terms.entry(term).or_default().0 += boost;
        }
    }
    let body = tokenizer.terms(doc.body);
    let body_len = body.len();
    for term in body {
        terms.entry(term).or_default().1 += 1;
    }
    DocStats { terms, body_len }
}

pub fn postings(tokenizer: &Tokenizer, docs: &[DocText<'_>]) -> Postings {
    let stats: Vec<DocStats> = docs.par_iter().map(|d| stats(tokenizer, d)).collect();
    let n = stats.len() as f64;
    let bodies = stats.iter().filter(|s| s.body_len > 0).count().max(1) as f64;
    let avg_len = (stats.iter().map(|s| s.body_len).sum::<usize>() as f64 / bodies).max(1.0);
    // Hash maps while counting (the order of documents within a term's
    // list is fixed by the loop over documents); sorted once at the end.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in &stats {
        for term in s.terms.keys() {
            *df.entry(term).or_default() += 1;
        }
    }
    let mut scored: HashMap<&str, Vec<(u32, f64)>> = HashMap::new();
    let mut max: f64 = 0.0;
    for (doc, s) in stats.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * s.body_len as f64 / avg_len);
        for (term, &(boost, tf)) in &s.terms {
            let d = df[term.as_str()] as f64;
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let tf = tf as f64;
            let score = idf * (boost + tf * (K1 + 1.0) / (tf + norm));
            max = max.max(score);
            scored.entry(term).or_default().push((doc as u32, score));
        }
    }
    scored
        .into_iter()
        .map(|(term, list)| {
            let list = list
                .into_iter()
                .map(|(doc, score)| (doc, (score / max * 255.0).round().clamp(1.0, 255.0) as u8))
                .collect();
            (term.to_string(), list)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(docs: &[(&str, &str)]) -> Postings {
        let docs: Vec<DocText> = docs
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
