//! The index as files the browser fetches: gzipped term shards, gzipped
//! page texts in groups, and a small gzipped metadata file.
//!
//! A shard is a run of terms in byte order, each written as
//! `varint shared-prefix-bytes, varint suffix-bytes, suffix, varint count,
//! count × (varint doc-delta, impact byte)`. The metadata lists each
//! shard's lower bound, the shortest string that separates it from the
//! shard before, so a query (or a prefix) finds its shard by binary search.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::index::Postings;

/// Uncompressed bytes per shard, about 6 KB gzipped: on a course of 600
/// pages per language a query fetches about 12 KB of shards in all (4 KB
/// shards made that 8 KB, with twice as many files; creating files is much
/// of a large build's time).
pub(crate) const SHARD_BYTES: usize = 8 * 1024;

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    // The default level: on a 3,000-page course `best` made the index 0.01%
    // smaller for markedly more time.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Splits the postings into shards of about `target` bytes:
/// `(lower bound, uncompressed bytes)`.
pub(crate) fn shards(postings: &Postings, target: usize) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut prev: &str = "";
    for (term, list) in postings {
        match out.last_mut() {
            Some((_, bytes)) if bytes.len() < target => {}
            _ => {
                out.push((separator(prev, term), Vec::new()));
                prev = "";
            }
        }
        let Some((_, bytes)) = out.last_mut() else {
            continue;
        };
        let shared = common_prefix(prev.as_bytes(), term.as_bytes());
        varint(shared as u64, bytes);
        varint((term.len() - shared) as u64, bytes);
        bytes.extend_from_slice(&term.as_bytes()[shared..]);
        varint(list.len() as u64, bytes);
        let mut last = 0;
        for &(doc, impact) in list {
            varint(u64::from(doc - last), bytes);
            bytes.push(impact);
            last = doc;
        }
        prev = term;
    }
    if let Some(first) = out.first_mut() {
        first.0.clear();
    }
    out
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The shortest prefix of `next` (whole characters) greater than `prev`.
fn separator(prev: &str, next: &str) -> String {
    let mut end = 0;
    for c in next.chars() {
        end += c.len_utf8();
        if &next[..end] > prev {
            break;
        }
    }
    next[..end].to_string()
}

/// FNV-1a: a short, stable fingerprint of the index for cache busting.
pub(crate) fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:012x}", hash >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(terms: &[&str]) -> Postings {
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), vec![(i as u32, 7), (300, 255)]))
            .collect()
    }

    #[test]
    fn terms_are_front_coded_with_delta_coded_docs() {
        let s = shards(&postings(&["go", "gor"]), 1000);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].1,
            [
                0, 2, b'g', b'o', 2, 0, 7, 0xac, 0x02, 255, // go: docs 0, 300
                2, 1, b'r', 2, 1, 7, 0xab, 0x02, 255, // gor: docs 1, 300
            ]
        );
    }

    #[test]
    fn shards_are_bounded_by_separators() {
        let s = shards(&postings(&["канал", "канальный", "кот", "垃圾"]), 1);
        let bounds: Vec<&str> = s.iter().map(|(b, _)| b.as_str()).collect();
        assert_eq!(bounds, ["", "каналь", "ко", "垃"]);
        // Each shard starts afresh: no prefix shared with the previous shard.
        assert_eq!(s[1].1[0], 0);
        assert!(shards(&Postings::new(), 1).is_empty());
    }

    #[test]
    fn gzip_is_deterministic() {
        assert_eq!(gzip(b"abc"), gzip(b"abc"));
        assert_eq!(&gzip(b"abc")[..2], [0x1f, 0x8b]);
        assert_eq!(fingerprint([&b"a"[..]]), fingerprint([&b"a"[..]]));
        assert_ne!(fingerprint([&b"a"[..]]), fingerprint([&b"b"[..]]));
    }
}
