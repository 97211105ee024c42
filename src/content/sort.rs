//! The reading order of pages and sections, and the natural comparison that
//! puts `6.2` before `6.10`.

use std::cmp::Ordering;

use chrono::NaiveDateTime;

/// What a page is ordered by.
pub(crate) struct SortKey<'a> {
    pub(crate) weight: i64,
    pub(crate) date: Option<NaiveDateTime>,
    pub(crate) title: &'a str,
    /// Source path, the last tie-breaker.
    pub(crate) path: &'a str,
}

/// Weight ascending, with 0 (unweighted) after every weighted page; then
/// date, newest first, undated last; then title and path, comparing numbers
/// in them as numbers. Total, so output never depends on input order.
pub(crate) fn page_order(a: &SortKey<'_>, b: &SortKey<'_>) -> Ordering {
    (a.weight == 0)
        .cmp(&(b.weight == 0))
        .then(a.weight.cmp(&b.weight))
        .then_with(|| match (a.date, b.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| natural_cmp(a.title, b.title))
        .then_with(|| natural_cmp(a.path, b.path))
        .then_with(|| a.path.cmp(b.path))
}

/// Compares runs of digits by value and everything else case-insensitively,
/// falling back to plain comparison so that only equal strings are equal.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (xd, yd) = (digits(x), digits(y));
        let ord = if !xd.is_empty() && !yd.is_empty() {
            x = &x[xd.len()..];
            y = &y[yd.len()..];
            let (xt, yt) = (xd.trim_start_matches('0'), yd.trim_start_matches('0'));
            xt.len().cmp(&yt.len()).then_with(|| xt.cmp(yt))
        } else {
            let (cx, cy) = (
                x.chars().next().unwrap_or_default(),
                y.chars().next().unwrap_or_default(),
            );
            x = &x[cx.len_utf8()..];
            y = &y[cy.len_utf8()..];
            cx.to_lowercase().cmp(cy.to_lowercase())
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
}

fn digits(s: &str) -> &str {
    &s[..s.bytes().take_while(u8::is_ascii_digit).count()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(weight: i64, date: Option<&str>, title: &'a str, path: &'a str) -> SortKey<'a> {
        SortKey {
            weight,
            date: date.map(|d| {
                NaiveDateTime::parse_from_str(&format!("{d} 00:00:00"), "%Y-%m-%d %H:%M:%S")
                    .unwrap()
            }),
            title,
            path,
        }
    }

    #[test]
    fn numbers_compare_as_numbers() {
        let mut titles = vec![
            "6.10 Maps",
            "6.2 Slices",
            "6.1 Arrays",
            "10-end",
            "02-start",
            "Глава 9",
            "глава 10",
        ];
        titles.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            titles,
            [
                "02-start",
                "6.1 Arrays",
                "6.2 Slices",
                "6.10 Maps",
                "10-end",
                "Глава 9",
                "глава 10"
            ]
        );
    }

    #[test]
    fn weighted_first_then_newest_then_title_then_path() {
        let pages = [
            key(0, None, "Zeta", "z.md"),
            key(2, None, "Two", "b.md"),
            key(-1, None, "Minus", "m.md"),
            key(0, Some("2020-01-01"), "Old", "o.md"),
            key(0, Some("2024-01-01"), "New", "n.md"),
            key(0, None, "Alpha", "y.md"),
            key(0, None, "Alpha", "x.md"),
        ];
        let mut order: Vec<usize> = (0..pages.len()).collect();
        order.sort_by(|&a, &b| page_order(&pages[a], &pages[b]));
        let paths: Vec<&str> = order.iter().map(|&i| pages[i].path).collect();
        assert_eq!(
            paths,
            ["m.md", "b.md", "n.md", "o.md", "x.md", "y.md", "z.md"]
        );
    }
}
