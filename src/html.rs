//! A small scanner for the attributes of start tags: enough to find the ids
//! in a page lectern wrote and the links in raw HTML an author wrote,
//! without a full HTML parser. Comments, doctypes, end tags and the contents
//! of `script` and `style` are skipped.

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg(test)]
pub(crate) struct Attribute {
    /// The tag's name, lowercase ASCII as HTML compares it.
    pub(crate) tag: String,
    pub(crate) name: String,
    /// With character references decoded.
    pub(crate) value: String,
    /// Byte offset of the attribute's name in the scanned text.
    pub(crate) offset: usize,
}

/// Every attribute of every start tag in `html`, in order.
#[cfg(test)]
pub(crate) fn attributes(html: &str) -> Vec<Attribute> {
    let mut out = Vec::new();
    visit_attributes(html, |tag, name, value, offset| {
        out.push(Attribute {
            tag: tag.to_ascii_lowercase(),
            name: name.to_ascii_lowercase(),
            value: unescape(value),
            offset,
        })
    });
    out
}

/// Calls `visit(tag, name, value, offset)` for every attribute of every
/// start tag in `html`, in order, without allocating: names are as
/// written (HTML compares them ignoring ASCII case) and values still hold
/// their character references (see [`unescape`]). The id scan of every
/// page a build writes goes through here, so it must stay cheap.
pub(crate) fn visit_attributes(html: &str, mut visit: impl FnMut(&str, &str, &str, usize)) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    while let Some(lt) = html[pos..].find('<').map(|i| pos + i) {
        // Read by the byte after `<`: end tags (every span's) are most of
        // what is met, and each `starts_with` of a string is a call.
        pos = match bytes.get(lt + 1) {
            Some(b'!') if bytes[lt..].starts_with(b"<!--") => skip_past(html, lt + 4, "-->"),
            Some(b'!' | b'?' | b'/') => skip_past_gt(html, lt),
            Some(c) if c.is_ascii_alphabetic() => {
                let (end, tag) = start_tag(html, lt + 1, &mut visit);
                if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
                    skip_raw_text(html, end, tag)
                } else {
                    end
                }
            }
            _ => lt + 1,
        };
    }
}

fn skip_past(html: &str, from: usize, end: &str) -> usize {
    html[from..]
        .find(end)
        .map_or(html.len(), |i| from + i + end.len())
}

/// Past the next `>`: found as a character (`memchr`), which a one-byte
/// substring search is not.
fn skip_past_gt(html: &str, from: usize) -> usize {
    html[from..].find('>').map_or(html.len(), |i| from + i + 1)
}

/// Past the `</tag` (in any case) that ends a `script` or `style` element.
fn skip_raw_text(html: &str, from: usize, tag: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html[at..].find("</").map(|i| at + i) {
        let name = i + 2..i + 2 + tag.len();
        if bytes
            .get(name)
            .is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
        {
            return skip_past_gt(html, i);
        }
        at = i + 2;
    }
    html.len()
}

/// Reads the tag that starts at `from` (just past `<`), visiting its
/// attributes; returns where it ends and its name as written.
fn start_tag<'a>(
    html: &'a str,
    from: usize,
    visit: &mut impl FnMut(&str, &str, &str, usize),
) -> (usize, &'a str) {
    let bytes = html.as_bytes();
    let name_end = scan(bytes, from, |b| {
        !b.is_ascii_whitespace() && b != b'>' && b != b'/'
    });
    let tag = &html[from..name_end];
    let mut i = name_end;
    loop {
        i = scan(bytes, i, |b| b.is_ascii_whitespace() || b == b'/');
        if i >= bytes.len() {
            return (i, tag);
        }
        if bytes[i] == b'>' {
            return (i + 1, tag);
        }
        let start = i;
        i = scan(bytes, i, |b| {
            !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/')
        });
        let name = &html[start..i];
        let j = scan(bytes, i, |b| b.is_ascii_whitespace());
        let mut value = "";
        if bytes.get(j) == Some(&b'=') {
            let v = scan(bytes, j + 1, |b| b.is_ascii_whitespace());
            match bytes.get(v) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    // Values run long (a highlighted token's classes): `find` skips
                    // to the quote a word at a time.
                    let close = html[v + 1..]
                        .find(char::from(q))
                        .map_or(bytes.len(), |n| v + 1 + n);
                    value = &html[v + 1..close];
                    i = (close + 1).min(bytes.len());
                }
                _ => {
                    let end = scan(bytes, v, |b| !b.is_ascii_whitespace() && b != b'>');
                    value = &html[v..end];
                    i = end;
                }
            }
        }
        visit(tag, name, value, start);
    }
}

/// The first index from `i` where `keep` fails (or the end).
fn scan(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

/// Decodes the character references an attribute value most often holds:
/// the five escapes lectern writes, and numeric ones.
pub(crate) fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let c = match &rest[1..semi] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                num => {
                    let code = match num.strip_prefix("#x").or_else(|| num.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.strip_prefix('#')?.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(html: &str) -> Vec<(String, String, String)> {
        attributes(html)
            .into_iter()
            .map(|a| (a.tag, a.name, a.value))
            .collect()
    }

    #[test]
    fn reads_quoted_unquoted_and_bare_attributes() {
        let html = "<h2 id=\"-продвинутое-изучение-go\" class=x><A HREF='a&amp;b.html#&#x31;' hidden>t</A>";
        let want = [
            ("h2", "id", "-продвинутое-изучение-go"),
            ("h2", "class", "x"),
            ("a", "href", "a&b.html#1"),
            ("a", "hidden", ""),
        ];
        let got = pairs(html);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_str()), w);
        }
        let a = &attributes(html)[2];
        assert_eq!(&html[a.offset..a.offset + 4], "HREF");
    }

    #[test]
    fn skips_comments_scripts_and_text() {
        let html = "<!-- <a id=\"no\"> --><p>1 < 2 &amp; id=\"no\"</p><script>if (a<b) x='<b id=no>'</script><img src=\"x.png\"/><style>p{}</style>";
        assert_eq!(pairs(html), [("img".into(), "src".into(), "x.png".into())]);
        let html = "<SCRIPT>x='</scrip><b id=no>'</Script ><I ID=yes>";
        assert_eq!(pairs(html), [("i".into(), "id".into(), "yes".into())]);
    }

    #[test]
    fn unfinished_markup_ends_quietly() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<",
            "<!--",
            "<script>",
            "&#xZZ; &",
            "<a b='&#1114112;'>",
        ] {
            let _ = attributes(html);
        }
        assert_eq!(unescape("&#1114112; &bogus; &"), "&#1114112; &bogus; &");
    }
}
