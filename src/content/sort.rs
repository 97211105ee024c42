//! The reading order of pages and sections, and the natural comparison that
//! puts `6.2` before `6.10`.

use std::cmp::Ordering;

use chrono::NaiveDateTime;

/// How a section orders its pages: `sort_by` in its `_index.md`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum SortBy {
    /// Weight, then date (newest first), then front matter title, then path.
    #[default]
    Weight,
    /// The title as the sidebar shows it, then path.
    Title,
    /// Date, oldest first (a course is read from its start), undated
    /// last; then path.
    Date,
    /// Source path alone: the order the files are numbered in.
    Path,
}

impl SortBy {
    pub(crate) const NAMES: [&str; 4] = ["weight", "title", "date", "path"];

    pub(crate) fn from_name(name: &str) -> Option<SortBy> {
        match name {
            "weight" => Some(SortBy::Weight),
            "title" => Some(SortBy::Title),
            "date" => Some(SortBy::Date),
            "path" => Some(SortBy::Path),
            _ => None,
        }
    }
}

/// What a page is ordered by.
pub(crate) struct SortKey<'a> {
    pub(crate) weight: i64,
    pub(crate) date: Option<NaiveDateTime>,
    /// The (link) title the author gave in front matter, else the file's stem or
    /// the directory's name: a title taken from the first heading is for
    /// display, and must not reorder numbered files.
    pub(crate) name: &'a str,
    /// The title as the sidebar shows it, for [`SortBy::Title`].
    pub(crate) title: &'a str,
    /// Source path, the last tie-breaker.
    pub(crate) path: &'a str,
}

/// The order of two pages of a section sorted `by`, ending with their paths
/// (numbers in them compared as numbers). Total, so output never depends
/// on input order. By weight: weight ascending, with 0 (unweighted) after
/// every weighted page; then date, newest first, undated last; then
/// [`SortKey::name`].
pub(crate) fn page_order(by: SortBy, a: &SortKey<'_>, b: &SortKey<'_>) -> Ordering {
    let undated_last = |a: &SortKey<'_>, b: &SortKey<'_>| a.date.is_none().cmp(&b.date.is_none());
    match by {
        SortBy::Weight => (a.weight == 0)
            .cmp(&(b.weight == 0))
            .then(a.weight.cmp(&b.weight))
            .then_with(|| undated_last(a, b))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| natural_cmp(a.name, b.name)),
        SortBy::Title => natural_cmp(a.title, b.title),
        SortBy::Date => undated_last(a, b).then_with(|| a.date.cmp(&b.date)),
        SortBy::Path => Ordering::Equal,
    }
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
            name: if title.is_empty() { path } else { title },
            title: if title.is_empty() { path } else { title },
            path,
        }
    }

    fn sorted(by: SortBy, pages: &[SortKey<'_>]) -> Vec<String> {
        let mut order: Vec<&SortKey<'_>> = pages.iter().collect();
        order.sort_by(|a, b| page_order(by, a, b));
        order.iter().map(|k| k.path.to_string()).collect()
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
            key(0, None, "", "b1.md"),
        ];
        assert_eq!(
            sorted(SortBy::Weight, &pages),
            [
                "m.md", "b.md", "n.md", "o.md", "x.md", "y.md", "b1.md", "z.md"
            ]
        );
    }

    #[test]
    fn a_section_may_sort_by_title_date_or_path() {
        let pages = [
            key(1, None, "", "c10.md"),
            key(2, Some("2024-01-01"), "Apple", "b.md"),
            key(3, Some("2020-01-01"), "Zebra", "c2.md"),
        ];
        assert_eq!(
            sorted(SortBy::Title, &pages),
            ["b.md", "c10.md", "c2.md"],
            "shown titles: Apple, c10.md, Zebra"
        );
        assert_eq!(sorted(SortBy::Date, &pages), ["c2.md", "b.md", "c10.md"]);
        assert_eq!(sorted(SortBy::Path, &pages), ["b.md", "c2.md", "c10.md"]);
    }
}
