//! A page's summary, as plain text, for section listings and feeds: what
//! comes before `<!--more-->`, else its first paragraphs up to a number of
//! words, as Hugo makes them. Read from the Markdown alone (only as far as
//! the summary goes), so a section's listing does not wait for its pages to
//! be rendered; text, so links and markup in it need no resolving.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::is_cjk;

/// Hugo's manual summary divider.
const MORE: &str = "<!--more-->";

/// The summary of `body`: its text before `<!--more-->` when it has one
/// (headings and code left out), else the text of its first paragraphs
/// (list items and quotes count as paragraphs) until `words` words have
/// come, cut with `…` within a paragraph that goes far beyond. CJK
/// characters count as a word each. Shortcode calls are left out.
pub(crate) fn summary(body: &str, words: usize) -> String {
    let manual = has_divider(body);
    let mut text = String::new();
    let mut count = 0;
    // Where the line being read began in `text`: a paragraph's last line
    // of block attributes (`{.note}`) is no text of it.
    let mut line_start = 0;
    // Depth inside headings, code and other blocks a summary leaves out.
    let mut skipped = 0usize;
    for event in Parser::new_ext(body, super::options()) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if html.trim() == MORE => break,
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Table(_))
            | Event::Start(Tag::FootnoteDefinition(_) | Tag::HtmlBlock | Tag::Image { .. }) => {
                skipped += 1
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::Image,
            ) => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                line_start = text.len();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let line = text[line_start..].trim();
                if line_start > 0 && line.starts_with('{') && line.ends_with('}') {
                    text.truncate(line_start);
                }
                text.push(' ');
                line_start = text.len();
                count = word_count(&text);
                if !manual && count >= words {
                    break;
                }
            }
            _ => {}
        }
    }
    let text = without_shortcodes(&text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !manual && count > words * 2 {
        return cut(&text, words);
    }
    text
}

/// Whether the body has `<!--more-->` on a line of its own or in text,
/// outside code (what [`summary`] stops at).
fn has_divider(body: &str) -> bool {
    body.contains(MORE)
        && Parser::new_ext(body, super::options())
            .any(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let cjk = word.chars().filter(|&c| is_cjk(c)).count();
            cjk + usize::from(cjk < word.chars().count())
        })
        .sum()
}

/// The first `words` words of `text`, then `…`.
fn cut(text: &str, words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split(' ') {
        let cjk: Vec<char> = word.chars().collect();
        if cjk.iter().all(|&c| is_cjk(c)) && !cjk.is_empty() {
            let take = (words - count).min(cjk.len());
            out.extend(&cjk[..take]);
            count += take;
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            count += 1;
        }
        if count >= words {
            break;
        }
    }
    out.push('…');
    out
}

/// Text without Hugo shortcode calls (`{{< note >}}`, `{{% /tab %}}`):
/// in a summary they would be markup shown as text.
fn without_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let close = match after.trim_start().chars().next() {
            Some('<') => ">}}",
            Some('%') => "%}}",
            _ => {
                out.push_str(&rest[..start + 2]);
                rest = after;
                continue;
            }
        };
        out.push_str(&rest[..start]);
        rest = after
            .find(close)
            .map_or("", |end| &after[end + close.len()..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_before_the_divider_is_the_summary() {
        let body =
            "# Title\n\nFirst *part*.\n\n```go\ncode()\n```\n\nSecond.\n\n<!--more-->\n\nRest.\n";
        assert_eq!(summary(body, 2), "First part. Second.");
    }

    #[test]
    fn a_divider_in_code_is_no_divider() {
        let body = "One two three.\n\n    <!--more-->\n\nFour five six.\n";
        assert_eq!(summary(body, 3), "One two three.");
    }

    #[test]
    fn first_paragraphs_until_enough_words() {
        let body = "## Intro\n\nOne two.\n\nThree four five.\n\nSix.\n";
        assert_eq!(summary(body, 4), "One two. Three four five.");
        // Chinese counts a word a character.
        assert_eq!(summary("并发编程。\n\n下一段。\n", 4), "并发编程。");
    }

    #[test]
    fn a_long_paragraph_is_cut() {
        let long = "word ".repeat(50);
        assert_eq!(summary(&long, 3), "word word word…");
        assert_eq!(summary(&"字".repeat(40), 5), "字字字字字…");
    }

    #[test]
    fn a_paragraphs_attribute_line_is_no_text_of_it() {
        assert_eq!(
            summary("Careful here.\n{.warning #careful}\n", 70),
            "Careful here."
        );
        assert_eq!(summary("{not attributes}\n", 70), "{not attributes}");
    }

    #[test]
    fn shortcodes_and_images_are_left_out() {
        let body = "{{< hint info >}}\nKeep ![alt](x.png) this.\n{{< /hint >}}\n";
        assert_eq!(summary(body, 70), "Keep this.");
    }
}
