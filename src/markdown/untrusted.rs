//! What Markdown may turn into when its authors are not trusted
//! (`raw_html = false`): no attribute or URL that can run script. Raw HTML
//! is already shown as text; these are the ways left to write script with
//! Markdown's own syntax: heading attributes (`{onfocus=…}`) and link or
//! image destinations (`javascript:`, `data:text/html`).

use crate::escape::url_scheme;

/// Attributes of a heading or paragraph kept besides `{#id}` and
/// `{.class}`: none of them can run script or change how the page behaves.
pub(crate) const BLOCK_ATTRIBUTES: &[&str] = &["lang", "dir", "title"];

/// Schemes a link may use. Anything else (`javascript:`, `vbscript:`,
/// `data:`, `file:`, …) is dropped.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp"];

/// Inline images an `<img>` may show besides files and `http(s)` URLs.
/// SVG is left out: opened on its own, it can run script.
const IMAGE_DATA: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/webp",
    "data:image/avif",
];

/// Whether a link (or, with `image`, an image source) is safe to publish:
/// relative, or with an allowed scheme. The URL is read as a browser reads
/// it: leading control characters and spaces, and tabs and line breaks
/// anywhere, do not count, so `java\tscript:` is still `javascript:`.
pub(crate) fn url_is_safe(url: &str, image: bool) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(scheme) = url_scheme(&url) else {
        return true;
    };
    let scheme = scheme.to_ascii_lowercase();
    if LINK_SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    let lower = url.to_ascii_lowercase();
    image
        && IMAGE_DATA.iter().any(|prefix| {
            lower
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with([';', ',']))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_refused_however_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "file:///etc/passwd",
        ] {
            assert!(!url_is_safe(url, false), "{url:?}");
            assert!(!url_is_safe(url, true), "{url:?}");
        }
    }

    #[test]
    fn ordinary_urls_are_kept() {
        for url in [
            "https://go.dev/",
            "HTTP://example.org",
            "mailto:me@example.org",
            "tel:+1-555",
            "../intro.md#start",
            "/img/logo.png",
            "#-основы",
            "?q=1",
            "page.md?raw=true",
            "dir/a:b.md",
            "./javascript:alert(1)",
        ] {
            assert!(url_is_safe(url, false), "{url:?}");
        }
        assert!(url_is_safe("data:image/png;base64,iVBO", true));
        assert!(!url_is_safe("data:image/png;base64,iVBO", false));
        assert!(!url_is_safe("data:image/pngx,", true));
    }
}
