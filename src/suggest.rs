//! "Did you mean …?" for misspelt keys.
//!
//! A guess costs at most [`MAX_CHARS`]² steps per candidate and is skipped
//! among more than [`MAX_CANDIDATES`], so no input can make it expensive.

/// Longer names are not guessed at: a typo in them is rare, and comparing
/// them costs the square of their length.
const MAX_CHARS: usize = 64;

/// Among more names than this, no guess is made.
const MAX_CANDIDATES: usize = 1_000;

/// The known name closest to `input`, if it is close enough to be a likely
/// typo (case differences and up to a third of the letters). Ties go to the
/// name that sorts first, so the order of `known` does not matter.
pub(crate) fn closest<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower: Vec<char> = input.to_lowercase().chars().collect();
    if lower.len() > MAX_CHARS || known.len() > MAX_CANDIDATES {
        return None;
    }
    known
        .iter()
        .filter_map(|k| {
            let candidate: Vec<char> = k.to_lowercase().chars().take(MAX_CHARS + 1).collect();
            let allowed = (candidate.len() / 3).max(1);
            // Each inserted or deleted letter is an edit: too far apart in
            // length is too far apart.
            if candidate.len() > MAX_CHARS || candidate.len().abs_diff(lower.len()) > allowed {
                return None;
            }
            let d = edit_distance(&lower, &candidate);
            (d <= allowed).then_some((d, *k))
        })
        .min()
        .map(|(_, k)| k)
}

/// A stricter [`closest`] for names that may well be deliberate (front
/// matter keys a template reads): a short name counts only when it differs
/// in case or in the order of its letters, so `data` is not taken for `date`.
pub(crate) fn likely_typo<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    let letters = |s: &str| {
        let mut chars: Vec<char> = s.to_lowercase().chars().collect();
        chars.sort_unstable();
        chars
    };
    closest(input, known).filter(|&meant| {
        meant != input && (input.chars().count() >= 5 || letters(input) == letters(meant))
    })
}

/// Levenshtein distance with adjacent transpositions counted as one edit,
/// keeping only the three rows the recurrence reads.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The message tail for an unknown key: ` (did you mean `x`?)` or nothing.
pub(crate) fn did_you_mean(input: &str, known: &[&str]) -> String {
    closest(input, known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_slips() {
        let known = ["title", "weight", "linkTitle", "base_url"];
        assert_eq!(closest("wieght", &known), Some("weight"));
        assert_eq!(closest("linktitle", &known), Some("linkTitle"));
        assert_eq!(closest("baseurl", &known), Some("base_url"));
        assert_eq!(closest("colour", &known), None);
    }

    #[test]
    fn long_names_and_crowds_are_not_guessed_at() {
        let long = "a".repeat(MAX_CHARS + 1);
        let near = format!("{long}b");
        assert_eq!(closest(&long, &[&near]), None);
        let crowd: Vec<String> = (0..=MAX_CANDIDATES).map(|i| format!("h{i}")).collect();
        let crowd: Vec<&str> = crowd.iter().map(String::as_str).collect();
        assert_eq!(closest("h1", &crowd), None);
        assert_eq!(closest("h1", &crowd[..10]), Some("h1"));
        // Ties go to the name that sorts first, whatever the order given.
        assert_eq!(closest("hx", &["hb", "ha"]), Some("ha"));
    }

    #[test]
    fn likely_typos_spare_short_deliberate_names() {
        let known = ["title", "date", "weight", "linkTitle", "tags"];
        assert_eq!(likely_typo("wieght", &known), Some("weight"));
        assert_eq!(likely_typo("linktitle", &known), Some("linkTitle"));
        assert_eq!(likely_typo("dtae", &known), Some("date"));
        assert_eq!(likely_typo("data", &known), None);
        assert_eq!(likely_typo("tag", &known), None);
        assert_eq!(likely_typo("tags", &known), None);
        assert_eq!(likely_typo("seo_title", &known), None);
    }
}
