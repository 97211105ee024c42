//! Escaping for the places content lands: HTML text and attributes, URL paths.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The scheme of an absolute URL (`https` of `https://…`); `None` for a
/// relative one. A scheme is a letter followed by letters, digits, `+`,
/// `-` or `.`, before the first `:`.
pub(crate) fn url_scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

/// What [`url_path`] encodes: everything but ASCII letters, digits, `/`
/// and `-._~!$&'()*+,;=:@`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes a URL path: keeps ASCII letters, digits, `/` and
/// `-._~!$&'()*+,;=:@`, encodes the rest (spaces, non-ASCII) as UTF-8 bytes.
pub(crate) fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` sequences; invalid ones are kept as written, and a text
/// that does not decode to UTF-8 is kept whole.
pub fn percent_decode(s: &str) -> String {
    percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), Cow::into_owned)
}

/// Decodes `%XX` sequences; `None` when one is malformed or the result is
/// not UTF-8 (for requests, which are refused then).
pub(crate) fn percent_decode_strict(s: &str) -> Option<String> {
    let well_formed = s.match_indices('%').all(|(i, _)| {
        s.get(i + 1..i + 3)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    let decoded = percent_decode_str(s).decode_utf8().ok()?;
    well_formed.then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_decoding_refuses_what_lenient_decoding_keeps() {
        assert_eq!(
            percent_decode_strict("/%D0%B0%20b").as_deref(),
            Some("/а b")
        );
        for bad in ["/%zz", "/%4", "/%+1", "/%FF"] {
            assert_eq!(percent_decode_strict(bad), None, "{bad}");
        }
        assert_eq!(percent_decode("/%+1%FF"), "/%+1%FF");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            html("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn url_paths_round_trip() {
        let p = "/ru/основы go/";
        let enc = url_path(p);
        assert_eq!(enc, "/ru/%D0%BE%D1%81%D0%BD%D0%BE%D0%B2%D1%8B%20go/");
        assert_eq!(percent_decode(&enc), p);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
