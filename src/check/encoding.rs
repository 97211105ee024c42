//! Mojibake in content files, reported by every check; `--fix-encoding`
//! repairs it (see [`crate::encoding::repair`]).

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::memo::Mojibake;
use crate::cache_dir::{self, CacheDir};
use crate::content::Site;
use crate::content::page::ParsedPage;
use crate::encoding::mojibake::{self, Finding};
use crate::error::Diagnostic;
use crate::incremental::Store;

/// The mangled text of every page. A page whose parsed text is the very one
/// `known` holds keeps its finding; so does one `stored` has the finding of.
pub(crate) fn check(
    site: &Site,
    known: &mut Store<PathBuf, Mojibake>,
    stored: Option<&CacheDir>,
) -> Vec<Diagnostic> {
    let round = known.round();
    let find = |page: &ParsedPage| {
        CacheDir::remember(
            stored,
            || cache_dir::digest(&("mojibake", &page.source.path, page.text_digest())),
            || mojibake::find(&page.text).map(|f| diagnostic(page, &f)),
        )
    };
    let findings: Vec<Option<Diagnostic>> = pages(site)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|page| {
            let (_, finding) = round.get(
                page.source.path.clone(),
                |(seen, _)| Arc::ptr_eq(seen, page),
                |_| (Arc::clone(page), find(page)),
            );
            finding
        })
        .collect();
    known.finish(round);
    findings.into_iter().flatten().collect()
}

pub(crate) fn pages(site: &Site) -> impl Iterator<Item = &Arc<ParsedPage>> {
    site.langs
        .iter()
        .flat_map(|l| &l.pages)
        .filter_map(|p| p.parsed.as_ref())
}

fn diagnostic(page: &ParsedPage, f: &Finding) -> Diagnostic {
    let path = &page.source.path;
    let shown = &page.text[f.first.clone()];
    let what = format!(
        "UTF-8 read as {} and saved again: `{shown}` is `{}`",
        f.code_page, f.first_repaired
    );
    // A warning, not an error: the file is valid UTF-8 and the site still
    // builds (mangled text reads wrong, but breaks nothing else), so a build
    // of real content fails only with --strict.
    let d = match f.verdict.unsure_because(&page.text) {
        None => Diagnostic::warning(
            path,
            format!("mangled text ({what}); `lectern check --fix-encoding` repairs the file"),
        ),
        Some(why) => Diagnostic::warning(
            path,
            format!("text looks mangled ({what}), but {why}; repair it by hand"),
        ),
    };
    d.at_offset(&page.text, f.first.start)
}
