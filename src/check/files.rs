//! Files copied into the site as they are: `static/` and the assets of
//! `content/`. One of them can take the place of a file the build writes
//! (a `theme.js` every page loads), and in a site that does not trust its
//! authors (`raw_html = false`) a content file can carry script of its own.

use std::path::{Path, PathBuf};

use crate::content::Site;
use crate::error::Diagnostic;
use crate::render::SITE_FILES;
use crate::render::templates::THEME_STATIC;

/// Extensions of files a browser runs script from when they are opened
/// or loaded.
const SCRIPT_FILES: &[&str] = &["html", "htm", "xhtml", "xht", "js", "mjs", "shtml"];

/// Extensions of XML files that run script only when they hold some.
const XML_FILES: &[&str] = &["svg", "xml", "xsl", "xslt"];

/// A warning at each copied file that shares its output path with a theme
/// or generated file, naming both; with `raw_html = false`, an error at
/// each content file that can run script.
pub(crate) fn check(site: &Site, static_files: &[(String, PathBuf)]) -> Vec<Diagnostic> {
    let copied = static_files
        .iter()
        .map(|(rel, path)| (rel.as_str(), path.as_path()))
        .chain(
            site.assets
                .iter()
                .map(|a| (a.out.as_str(), a.source.as_path())),
        );
    let mut out: Vec<Diagnostic> = copied
        .filter_map(|(rel, path)| shadows(rel, path))
        .collect();
    if !site.config.raw_html {
        out.extend(
            site.assets
                .iter()
                .filter(|a| runs_script(&a.source))
                .map(|a| {
                    Diagnostic::error(
                        &a.source,
                        "with `raw_html = false`, content may not hold files that run script when opened (HTML, JavaScript, or SVG and XML with script in them): remove it, or put it in static/ if it is trusted",
                    )
                }),
        );
    }
    out
}

/// The warning for a copied file written at `rel`, when the build has a
/// file of its own there.
fn shadows(rel: &str, path: &Path) -> Option<Diagnostic> {
    let theme = THEME_STATIC.iter().find(|(theme, _)| *theme == rel);
    let message = if let Some((_, bytes)) = theme {
        // The theme's own file, as the repository's demo site holds it.
        if std::fs::read(path).is_ok_and(|copy| copy == *bytes) {
            return None;
        }
        format!(
            "this file replaces the theme's `{rel}`, which every page loads; rename it unless that is what you want"
        )
    } else if SITE_FILES.contains(&rel) {
        format!("the `{rel}` lectern writes replaces this file; rename it")
    } else {
        return None;
    };
    Some(Diagnostic::warning(path, message))
}

/// Whether the file at `path` runs script when a browser opens it.
fn runs_script(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if SCRIPT_FILES.contains(&ext.as_str()) {
        return true;
    }
    if !XML_FILES.contains(&ext.as_str()) {
        return false;
    }
    // An unreadable file is reported when it is copied.
    let text = std::fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text).to_ascii_lowercase();
    text.contains("<script")
        || text.contains("javascript:")
        || text.contains("xml-stylesheet")
        || text.contains("<foreignobject")
        || has_event_attribute(&text)
}

/// An `on…=` attribute (`onload=`, `onclick =`), lowercased text.
fn has_event_attribute(text: &str) -> bool {
    text.match_indices("on").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let rest = &text[i + 2..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        before.is_some_and(|c| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            && name_len > 0
            && rest[name_len..].trim_start().starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_attributes_are_found_in_markup_not_in_words() {
        assert!(has_event_attribute("<svg onload=alert(1)>"));
        assert!(has_event_attribute("<rect\nonclick = \"x()\"/>"));
        assert!(has_event_attribute("<g/onmouseover='x()'>"));
        assert!(!has_event_attribute("<text>one = two, done = on</text>"));
        assert!(!has_event_attribute(
            "<svg viewbox=\"0 0 1 1\"><path d=\"m0 0\"/></svg>"
        ));
    }

    #[test]
    fn script_files_by_kind_and_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        assert!(runs_script(&write("a.HTML", "<p>hi</p>")));
        assert!(runs_script(&write("theme.js", "alert(1)")));
        assert!(runs_script(&write(
            "x.svg",
            "<svg><script>alert(1)</script></svg>"
        )));
        assert!(runs_script(&write("y.svg", "<svg onload=\"alert(1)\"/>")));
        assert!(!runs_script(&write(
            "z.svg",
            "<svg><circle r=\"1\"/></svg>"
        )));
        assert!(!runs_script(&write("p.png", "<script>")));
    }
}
