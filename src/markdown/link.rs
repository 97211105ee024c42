//! What becomes of one link or image written in a page: the rule shared by
//! Markdown links, raw HTML `href`/`src` and shortcode arguments.

use std::path::Path;

use super::slug::nfc_fragment;
use super::{LinkResolver, LinkTarget, untrusted};
use crate::error::{Diagnostic, Kind};

/// A link's fate: the URL to publish (`None`: leave the link out), whether
/// to record it for the site-wide checks, with why it resolved to no file,
/// and a problem to report at it.
pub(crate) struct Resolved {
    pub(crate) href: Option<String>,
    /// `Some` when the link is to be recorded; holds the reason it is left
    /// for the page's URL to resolve, if it is.
    pub(crate) record: Option<Option<String>>,
    pub(crate) problem: Option<Diagnostic>,
}

/// Resolves `dest`, written in the page at `path`, through `links`. With
/// `raw_html` off, a URL that can run script is refused.
pub(crate) fn resolve(
    links: &dyn LinkResolver,
    dest: &str,
    image: bool,
    raw_html: bool,
    path: &Path,
) -> Resolved {
    let what = if image { "image" } else { "link" };
    if !raw_html && !untrusted::url_is_safe(dest, image) {
        let message = format!(
            "{what} `{dest}`: this kind of URL can run script, and with `raw_html = false` it is left out (the {what}'s text is shown alone)"
        );
        return Resolved {
            href: None,
            record: None,
            problem: Some(Diagnostic::warning(path, message)),
        };
    }
    let mut unresolved = None;
    let mut problem = None;
    let href = match links.resolve(dest) {
        LinkTarget::Keep => dest.to_string(),
        LinkTarget::FromPageUrl(why) => {
            unresolved = Some(why);
            dest.to_string()
        }
        LinkTarget::Url(url) => url,
        LinkTarget::Warn { url, message } => {
            let message = format!("{what} `{dest}`: {message}");
            problem = Some(Diagnostic::warning(path, message).of_kind(Kind::OtherLanguageLinks));
            url
        }
        LinkTarget::Missing(message) | LinkTarget::Outside(message) => {
            let message = format!("{what} `{dest}`: {message}");
            return Resolved {
                href: Some(dest.to_string()),
                record: None,
                problem: Some(Diagnostic::error(path, message).of_kind(Kind::BrokenLinks)),
            };
        }
    };
    Resolved {
        href: Some(nfc_fragment(&href).into_owned()),
        record: Some(unresolved),
        problem,
    }
}
