//! Closing code fences followed by tabs. CommonMark lets spaces or tabs
//! follow a closing fence and GitHub closes the block there, but
//! pulldown-cmark accepts only spaces: one stray tab turned the rest of a
//! page into code. Such tabs become spaces before the page is parsed, one
//! byte for one, so every offset into the text stays where it was.

/// Replaces the tabs after each closing fence in `text[from..]` (a page's
/// body) by spaces. Only a line that closes the fence open at that point
/// counts: a shorter or other fence inside a code block is code, and is
/// left as written.
pub(crate) fn untab_closing_fences(text: &mut String, from: usize) {
    let mut tabs = Vec::new();
    // The fence character and length of the open code block.
    let mut open: Option<(u8, usize)> = None;
    let mut start = from;
    for line in text[from..].split_inclusive('\n') {
        if let Some((fence, len, rest)) = fence_of(line) {
            let trailing = rest.trim_end_matches(['\n', '\r']);
            match open {
                Some((c, n)) if c == fence && len >= n => {
                    if trailing.bytes().all(|b| b == b' ' || b == b'\t') {
                        let at = start + line.len() - rest.len();
                        tabs.extend(trailing.match_indices('\t').map(|(i, _)| at + i));
                        open = None;
                    }
                }
                Some(_) => {}
                // A backtick fence's info string may not hold a backtick.
                None if fence == b'`' && trailing.contains('`') => {}
                None => open = Some((fence, len)),
            }
        }
        start += line.len();
    }
    for at in tabs {
        text.replace_range(at..at + 1, " ");
    }
}

/// The fence a line starts with, after indentation and blockquote
/// markers: its character, its length, and the rest of the line.
fn fence_of(line: &str) -> Option<(u8, usize, &str)> {
    let line = line.trim_start_matches([' ', '\t', '>']);
    let fence = *line
        .as_bytes()
        .first()
        .filter(|&&b| b == b'`' || b == b'~')?;
    let len = line.bytes().take_while(|&b| b == fence).count();
    (len >= 3).then(|| (fence, len, &line[len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn untabbed(text: &str) -> String {
        let mut text = text.to_string();
        untab_closing_fences(&mut text, 0);
        text
    }

    #[test]
    fn tabs_after_a_closing_fence_become_spaces() {
        assert_eq!(
            untabbed("```go\nx\t:= 1\n```\t\ntext\n"),
            "```go\nx\t:= 1\n``` \ntext\n"
        );
        assert_eq!(
            untabbed("> ~~~~\n> a\n> ~~~~ \t \t\n"),
            "> ~~~~\n> a\n> ~~~~    \n"
        );
        assert_eq!(untabbed("```\r\na\r\n```\t\r\n"), "```\r\na\r\n``` \r\n");
    }

    #[test]
    fn code_and_fences_that_do_not_close_are_kept() {
        // A shorter fence, another character, or text after the fence is code.
        let inside = "````\n```\t\n~~~\t\n```` x\t\n````\n";
        assert_eq!(untabbed(inside), inside);
        // An info string with a backtick opens nothing.
        let inline = "``` a ` b\n```\t\n";
        assert_eq!(untabbed(inline), inline);
        assert_eq!(
            untabbed("```\t\n"),
            "```\t\n",
            "an opening fence is left alone"
        );
    }
}
