//! The checks a build runs over the whole site once it is rendered in
//! memory: links and anchors, front matter, mojibake. Pure functions of the
//! site and its output, apart from [`encoding::fix`] and the requests of
//! [`external`], which only `lectern check --external` makes.

pub mod encoding;
pub mod external;
mod front_matter;
mod links;

use crate::content::Site;
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::output::OutputFile;

/// Every problem the checks find, in no particular order.
pub fn site(site: &Site, rendered: &[Vec<Rendered>], files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut out = links::check(site, rendered, files);
    out.extend(front_matter::check(site));
    out.extend(encoding::check(site));
    out
}
