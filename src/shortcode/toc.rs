//! The page's table of contents inside its text: a shortcode's template
//! writes `{{ toc | safe }}`, and once the page's headings are known the
//! mark is replaced by a nested list of links to them.

use crate::escape::html as escape;
use crate::markdown::Heading;

/// What a template's `toc` variable holds until the headings are known.
pub(super) const MARK: char = '\u{E003}';

/// `html` with each mark replaced by the list of `headings`, less the one
/// the theme prints as the page's title.
pub(crate) fn place(html: String, headings: &[Heading], title_id: Option<&str>) -> String {
    if !html.contains(MARK) {
        return html;
    }
    let shown: Vec<&Heading> = headings
        .iter()
        .filter(|h| Some(h.id.as_str()) != title_id)
        .collect();
    let mut list = String::new();
    if !shown.is_empty() {
        nested(&shown, &mut list);
    }
    html.replace(MARK, &list)
}

/// Text for search, without the marks.
pub(crate) fn strip(text: &str) -> String {
    text.replace(MARK, "")
}

/// Each heading with the deeper ones after it as its children.
fn nested(headings: &[&Heading], out: &mut String) {
    out.push_str("<ul>");
    let mut i = 0;
    while i < headings.len() {
        let heading = headings[i];
        let end = headings[i + 1..]
            .iter()
            .position(|h| h.level <= heading.level)
            .map_or(headings.len(), |p| i + 1 + p);
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>",
            escape(&heading.id),
            escape(&heading.title)
        ));
        if end > i + 1 {
            nested(&headings[i + 1..end], out);
        }
        out.push_str("</li>");
        i = end;
    }
    out.push_str("</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: format!("<{id}>"),
        }
    }

    #[test]
    fn headings_nest_by_level_and_the_title_is_left_out() {
        let headings = [
            heading(1, "t"),
            heading(2, "a"),
            heading(4, "a1"),
            heading(3, "a2"),
            heading(2, "b"),
        ];
        let html = place(format!("<nav>{MARK}</nav>"), &headings, Some("t"));
        assert_eq!(
            html,
            "<nav><ul><li><a href=\"#a\">&lt;a&gt;</a><ul><li><a href=\"#a1\">&lt;a1&gt;</a></li>\
             <li><a href=\"#a2\">&lt;a2&gt;</a></li></ul></li><li><a href=\"#b\">&lt;b&gt;</a></li></ul></nav>"
        );
        assert_eq!(place(MARK.to_string(), &headings[..1], Some("t")), "");
    }
}
