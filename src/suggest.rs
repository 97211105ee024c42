//! "Did you mean …?" for misspelt keys.

/// The known name closest to `input`, if it is close enough to be a likely
/// typo (case differences and up to a third of the letters).
pub fn closest<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = input.to_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A stricter [`closest`] for names that may well be deliberate (front
/// matter keys a template reads): a short name counts only when it differs
/// in case or in the order of its letters, so `data` is not taken for `date`.
pub fn likely_typo<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    let letters = |s: &str| {
        let mut chars: Vec<char> = s.to_lowercase().chars().collect();
        chars.sort_unstable();
        chars
    };
    closest(input, known).filter(|&meant| {
        meant != input && (input.chars().count() >= 5 || letters(input) == letters(meant))
    })
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The message tail for an unknown key: ` (did you mean `x`?)` or nothing.
pub fn did_you_mean(input: &str, known: &[&str]) -> String {
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
