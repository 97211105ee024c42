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
}
