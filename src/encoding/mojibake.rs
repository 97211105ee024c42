//! Mojibake: UTF-8 text that was read through a single-byte code page and
//! saved as UTF-8 again, so `Работа` became `Р Р°Р±РѕС‚Р°` (Windows-1251) or
//! `–†–∞–±–æ—Ç–∞` (Mac OS Roman).
//!
//! Undoing it encodes the text back to that code page and reads the bytes
//! as UTF-8. That is exact only when every non-ASCII character of the text
//! takes part in the mangling, which is what makes a repair safe: correct
//! text that merely contains `Ã` or `–` never qualifies, because somewhere
//! one of its characters does not form a UTF-8 sequence.

use std::ops::Range;
use std::sync::LazyLock;

use encoding_rs::Encoding;
use rustc_hash::FxHashMap;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::error::line_col;

/// The code pages UTF-8 is most often misread as.
static CODE_PAGES: LazyLock<[CodePage; PAGES]> = LazyLock::new(|| {
    [
        CodePage::new("Windows-1252", |b| {
            single_byte(encoding_rs::WINDOWS_1252, b)
        }),
        // The WHATWG decoders read ISO-8859-1 as Windows-1252; the real
        // Latin-1 maps 0x80–0x9F to control characters.
        CodePage::new("Latin-1", char::from),
        CodePage::new("Mac OS Roman", |b| single_byte(encoding_rs::MACINTOSH, b)),
        CodePage::new("Windows-1251", |b| {
            single_byte(encoding_rs::WINDOWS_1251, b)
        }),
    ]
});

/// A run of at least this many mangled characters in a row is evidence
/// enough to warn about a file that cannot be repaired as a whole.
const MIN_RUN: usize = 3;

/// A single-byte code page whose bytes 0x80–0xFF each read as a different
/// character (the ones listed here have no undefined bytes).
struct CodePage {
    name: &'static str,
    high: [char; 128],
    bytes: FxHashMap<char, u8>,
}

fn single_byte(encoding: &'static Encoding, byte: u8) -> char {
    let bytes = [byte];
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

impl CodePage {
    fn new(name: &'static str, read: impl Fn(u8) -> char) -> CodePage {
        let high: [char; 128] = std::array::from_fn(|i| read(0x80 + i as u8));
        let bytes = (0x80..=0xFF).zip(high).map(|(b, c)| (c, b)).collect();
        CodePage { name, high, bytes }
    }

    fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            Some(c as u8)
        } else {
            self.bytes.get(&c).copied()
        }
    }

    fn decode(&self, bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    self.high[usize::from(b - 0x80)]
                }
            })
            .collect()
    }

    fn encode(&self, text: &str) -> Option<Vec<u8>> {
        text.chars().map(|c| self.byte(c)).collect()
    }

    /// The text's bytes in this code page read as UTF-8, if they are UTF-8.
    fn unmangle(&self, text: &str) -> Option<String> {
        String::from_utf8(self.encode(text)?).ok()
    }
}

/// Mangled text found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The code page the UTF-8 was misread as.
    pub(crate) code_page: &'static str,
    /// Byte range of the first stretch of mangled text.
    pub(crate) first: Range<usize>,
    /// That stretch as it should read.
    pub(crate) first_repaired: String,
    pub(crate) verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The whole text is mangled the same way; this is the exact repair, and
    /// encoding it back reproduces the text byte for byte.
    Exact(String),
    /// Only part of it: the non-ASCII character at this byte offset does
    /// not fit the mangling, so the text cannot be repaired as a whole.
    Partial { other: usize },
    /// Reading the text back through another code page also gives valid
    /// UTF-8, and different text.
    Ambiguous { other: &'static str },
}

impl Verdict {
    /// Why the text cannot be repaired automatically, if it cannot.
    pub(crate) fn unsure_because(&self, text: &str) -> Option<String> {
        match self {
            Verdict::Exact(_) => None,
            Verdict::Partial { other } => {
                let (line, col) = line_col(text, *other);
                Some(format!(
                    "the text at {line}:{col} is not mangled that way, so the file cannot be repaired as a whole"
                ))
            }
            Verdict::Ambiguous { other } => Some(format!(
                "read as {other} it repairs to different text, so the repair is uncertain"
            )),
        }
    }
}

/// Where each mangled character (one UTF-8 sequence spelled in code page
/// characters) sits in a text, and the first non-ASCII character that is
/// not part of one.
struct Scan {
    sequences: Vec<Range<usize>>,
    first_stray: Option<usize>,
}

fn scan(text: &str, page: &CodePage) -> Scan {
    let mut sequences = Vec::new();
    let mut first_stray = None;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        if c.is_ascii() {
            continue;
        }
        match sequence_at(c, chars.clone(), page) {
            Some(len) => {
                chars.nth(len - 2);
                let end = chars.clone().next().map_or(text.len(), |(o, _)| o);
                sequences.push(at..end);
            }
            None => {
                first_stray.get_or_insert(at);
            }
        }
    }
    Scan {
        sequences,
        first_stray,
    }
}

/// How many characters, `first` and those of `rest` after it, spell one
/// UTF-8 sequence in `page`.
fn sequence_at(first: char, mut rest: std::str::CharIndices<'_>, page: &CodePage) -> Option<usize> {
    let lead = page.byte(first)?;
    let len = sequence_len(lead)?;
    let mut buf = [lead, 0, 0, 0];
    for slot in &mut buf[1..len] {
        let (_, c) = rest.next()?;
        *slot = page.byte(c).filter(|&b| is_continuation(b))?;
    }
    // Rejects overlong forms and surrogates.
    std::str::from_utf8(&buf[..len]).ok()?;
    Some(len)
}

/// How long a UTF-8 sequence starting with byte `lead` is, if it is a lead.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// Runs of adjacent mangled characters, as ranges of indices into
/// `sequences`.
fn runs(sequences: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, s) in sequences.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if sequences[run.end - 1].end == s.start => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// The exact repair of a wholly mangled text: every non-ASCII character
/// takes part, the result has no control characters, and reading it back
/// through the code page gives the text again.
fn exact_repair(text: &str, page: &CodePage, scan: &Scan) -> Option<String> {
    if scan.first_stray.is_some() || scan.sequences.is_empty() {
        return None;
    }
    let repaired = page.unmangle(text)?;
    let clean = !repaired
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    (clean && page.decode(repaired.as_bytes()) == text).then_some(repaired)
}

/// How many characters of a repair are unlikely in text: combining marks
/// (a wrong reading of `é` gives one; emoji's variation selector and keycap
/// aside), format characters (emoji's joiner aside), private use and
/// unassigned code points. Only compared between readings of one text.
fn oddity(text: &str) -> usize {
    text.chars()
        .filter(|&c| match c.general_category() {
            GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark => {
                !matches!(c, '\u{fe0f}' | '\u{20e3}')
            }
            GeneralCategory::Format => c != '\u{200d}',
            GeneralCategory::PrivateUse | GeneralCategory::Unassigned => true,
            _ => false,
        })
        .count()
}

/// How many code pages are tried.
const PAGES: usize = 4;

/// What each character is in each code page's reading of UTF-8: 0 for
/// nothing, 1 for a continuation byte (0x80–0xBF), 2 to 4 for a lead byte
/// of a sequence that long.
static ROLES: LazyLock<FxHashMap<char, [u8; PAGES]>> = LazyLock::new(|| {
    let mut roles: FxHashMap<char, [u8; PAGES]> = FxHashMap::default();
    for (p, page) in CODE_PAGES.iter().enumerate() {
        for (byte, &c) in (0x80..=0xFFu8).zip(&page.high) {
            roles.entry(c).or_default()[p] = match sequence_len(byte) {
                Some(len) => len as u8,
                None => u8::from(is_continuation(byte)),
            };
        }
    }
    roles
});

/// Whether some code page reads a whole sequence (a lead byte and its
/// continuations) in `text`, overlong forms aside: one pass with one
/// lookup a character. Most text has none, and is spared a scan per code
/// page.
fn may_be_mangled(text: &str) -> bool {
    // Per code page: continuations the sequence being read still needs.
    let mut needed = [0u8; PAGES];
    for c in text.chars() {
        let roles = if c.is_ascii() {
            [0; PAGES]
        } else {
            ROLES.get(&c).copied().unwrap_or_default()
        };
        for (need, role) in needed.iter_mut().zip(roles) {
            *need = match role {
                1 if *need == 1 => return true,
                1 => need.saturating_sub(1),
                0 => 0,
                lead => lead - 1,
            };
        }
    }
    false
}

/// Looks for mojibake in `text`. `None` when the text reads as it should
/// (including text that only looks odd).
pub(crate) fn find(text: &str) -> Option<Finding> {
    // Every finding is made of sequences.
    if !may_be_mangled(text) {
        return None;
    }
    let scans: Vec<(&CodePage, Scan)> = CODE_PAGES.iter().map(|p| (p, scan(text, p))).collect();
    let exact: Vec<(&CodePage, &Scan, String)> = scans
        .iter()
        .filter_map(|(p, s)| exact_repair(text, p, s).map(|r| (*p, s, r)))
        .collect();
    // Where code pages disagree, the likelier text wins: `Ã©` is `é` read
    // as Windows-1252 and a lone combining mark read as Mac OS Roman.
    let least = exact.iter().map(|(_, _, r)| oddity(r)).min();
    let likely: Vec<_> = exact
        .iter()
        .filter(|(_, _, r)| Some(oddity(r)) == least)
        .collect();
    if let Some((page, scan, repaired)) = likely.first() {
        let verdict = match likely.iter().find(|(_, _, r)| r != repaired) {
            Some((other, _, _)) => Verdict::Ambiguous { other: other.name },
            None => Verdict::Exact(repaired.clone()),
        };
        let first = runs(&scan.sequences).swap_remove(0);
        return Some(finding(text, page, &scan.sequences[first], verdict));
    }
    // Not repairable as a whole: warn only on strong evidence, the longest
    // run of mangled characters any code page finds.
    let mut best: Option<(&CodePage, &[Range<usize>], usize)> = None;
    for (page, scan) in &scans {
        let Some(other) = scan.first_stray else {
            continue;
        };
        for run in runs(&scan.sequences) {
            if run.len() >= MIN_RUN && best.is_none_or(|(_, b, _)| run.len() > b.len()) {
                best = Some((page, &scan.sequences[run], other));
            }
        }
    }
    best.map(|(page, run, other)| finding(text, page, run, Verdict::Partial { other }))
}

/// At most this many mangled characters are quoted in a finding.
const SAMPLE: usize = 12;

fn finding(text: &str, page: &CodePage, run: &[Range<usize>], verdict: Verdict) -> Finding {
    let shown = &run[..run.len().min(SAMPLE)];
    let first = shown[0].start..shown[shown.len() - 1].end;
    Finding {
        code_page: page.name,
        first_repaired: page.unmangle(&text[first.clone()]).unwrap_or_default(),
        first,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a misreading through the code page `page` makes of `text`.
    fn mangle(text: &str, page: &str) -> String {
        let page = CODE_PAGES.iter().find(|p| p.name == page).unwrap();
        page.decode(text.as_bytes())
    }

    const LESSON: &str = "---\ntitle: \"4.3 🗄️ Основы работы с базами данных\"\n---\n\n## Подключение\n\nДрайвер `pq`, café, 中文.\n";

    #[test]
    fn text_is_scanned_whenever_a_code_page_could_read_a_sequence_in_it() {
        let clean = [
            LESSON,
            "«Всё» — это ёлка, №5, 50°, café™",
            "中文：「你好」…",
        ];
        let mut texts: Vec<String> = clean.iter().map(|t| t.to_string()).collect();
        for page in CODE_PAGES.iter() {
            texts.extend(clean.iter().map(|t| page.decode(t.as_bytes())));
        }
        for text in &texts {
            let sequences = CODE_PAGES
                .iter()
                .any(|p| !scan(text, p).sequences.is_empty());
            assert!(!sequences || may_be_mangled(text), "{text}");
        }
        for text in clean {
            assert!(!may_be_mangled(text), "{text}");
        }
    }

    #[test]
    fn repairs_every_code_page_exactly() {
        for page in ["Windows-1252", "Mac OS Roman", "Windows-1251"] {
            let mangled = mangle(LESSON, page);
            let f = find(&mangled).unwrap_or_else(|| panic!("{page}: {mangled}"));
            assert_eq!(f.code_page, page);
            assert_eq!(f.verdict, Verdict::Exact(LESSON.to_string()), "{page}");
            assert_eq!(f.first_repaired, "🗄️");
            assert_eq!(&mangled[..f.first.start], "---\ntitle: \"4.3 ");
        }
    }

    #[test]
    fn reads_the_mac_roman_sample() {
        let f = find("title: \"–†–∞–±–æ—Ç–∞ —Å –±–∞–∑–∞–º–∏\"\n").unwrap();
        assert_eq!(f.code_page, "Mac OS Roman");
        assert_eq!(f.first_repaired, "Работа");
        assert_eq!(
            f.verdict,
            Verdict::Exact("title: \"Работа с базами\"\n".into())
        );
    }

    #[test]
    fn latin1_control_characters_are_undone() {
        // `É` is C3 89; 0x89 is a control character in Latin-1 but `‰` in
        // Windows-1252.
        let mangled = "Ã\u{89}cole, Ã©tÃ©";
        let f = find(mangled).unwrap();
        assert_eq!(f.code_page, "Latin-1");
        assert_eq!(f.verdict, Verdict::Exact("École, été".into()));
    }

    #[test]
    fn the_likelier_of_two_repairs_wins() {
        // Read as Mac OS Roman, `Ã©` is `f` and a combining mark.
        let f = find("CafÃ© and rÃ©sumÃ©").unwrap();
        assert_eq!(f.code_page, "Windows-1252");
        assert_eq!(f.verdict, Verdict::Exact("Café and résumé".into()));
        assert_eq!(oddity("🗄️ é, Ω, 1️⃣, 👩‍💻"), 0);
        // Armenian `ձ` or Greek `ͱ`: no telling, so no repair.
        let f = find("Õ±").unwrap();
        assert_eq!(f.code_page, "Windows-1252");
        assert_eq!(
            f.verdict,
            Verdict::Ambiguous {
                other: "Mac OS Roman"
            }
        );
        assert_eq!(oddity("f\u{329}\u{e000}\u{200b}"), 3);
    }

    #[test]
    fn correct_text_that_looks_odd_is_left_alone() {
        for text in [
            "SÃO PAULO – NÃO, and «Über» — “été”.",
            "Ã is a letter; 1–2; naïve café.",
            "Привет, мир! 你好，世界。 ВСЁ ёлка – «цитата».",
            "If `é` shows up as `Ã©`, the file was misread.",
            "Plain ASCII only.",
            "",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn partly_mangled_text_is_reported_but_not_repaired() {
        let text = format!("中文 ok\n{}\n", mangle("Работа с базами", "Windows-1252"));
        let f = find(&text).unwrap();
        assert_eq!(f.code_page, "Windows-1252");
        assert_eq!(f.verdict, Verdict::Partial { other: 0 });
        assert_eq!(f.first_repaired, "Работа");
        assert_eq!(f.first.start, "中文 ok\n".len());
    }
}
