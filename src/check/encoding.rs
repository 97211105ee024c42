//! Mojibake in content files: reported by every check, and repaired on
//! request (`--fix-encoding`) only where the repair is exact.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Site;
use crate::content::page::ParsedPage;
use crate::encoding::mojibake::{self, Finding, Verdict};
use crate::error::{Diagnostic, line_col};

/// The mangled text of every page. A page whose parsed text is the very one
/// `known` holds keeps its finding; `known` is left with this build's.
pub fn check(
    site: &Site,
    known: &mut HashMap<PathBuf, (Arc<ParsedPage>, Option<Diagnostic>)>,
) -> Vec<Diagnostic> {
    let previous = std::mem::take(known);
    let pages: Vec<&Arc<ParsedPage>> = pages(site).collect();
    let findings: Vec<Option<Diagnostic>> = pages
        .par_iter()
        .map(|page| match previous.get(&page.source.path) {
            Some((seen, finding)) if Arc::ptr_eq(seen, page) => finding.clone(),
            _ => mojibake::find(&page.text).map(|f| diagnostic(page, &f)),
        })
        .collect();
    let mut out = Vec::new();
    for (page, finding) in pages.into_iter().zip(findings) {
        out.extend(finding.clone());
        known.insert(page.source.path.clone(), (page.clone(), finding));
    }
    out
}

fn pages(site: &Site) -> impl Iterator<Item = &Arc<ParsedPage>> {
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
    let d = match why_unsure(&page.text, &f.verdict) {
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

/// Why a finding cannot be repaired automatically, if it cannot.
fn why_unsure(text: &str, verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::Exact(_) => None,
        Verdict::Partial { other } => {
            let (line, col) = line_col(text, *other);
            Some(format!(
                "the text at {line}:{col} is not mangled that way, so the file cannot be repaired as a whole"
            ))
        }
        Verdict::Ambiguous { other } => Some(format!(
            "read as {other} it repairs to different text, so the repair is uncertain"
        )),
    }
}

/// What `--fix-encoding` did with one file.
#[derive(Debug, PartialEq, Eq)]
pub struct Fix {
    pub path: PathBuf,
    /// The code page undone, or why the file was left alone.
    pub outcome: Result<&'static str, String>,
}

/// Repairs every page whose whole text is mangled in one exact, reversible
/// way, keeping the original beside it as `FILE.orig`; leaves every other
/// file with mojibake untouched and says why.
pub fn fix(site: &Site) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = pages(site)
        .filter_map(|page| {
            let found = mojibake::find(&page.text)?;
            let path = page.source.path.clone();
            let outcome = match why_unsure(&page.text, &found.verdict) {
                None => fix_file(&path),
                Some(why) => Err(why),
            };
            Some(Fix { path, outcome })
        })
        .collect();
    fixes.sort_by(|a, b| a.path.cmp(&b.path));
    fixes
}

fn fix_file(path: &Path) -> Result<&'static str, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_string())?;
    // The file as it is on disk, line endings included; a byte-order mark
    // of its own is kept as it is.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text.as_str()),
    };
    let found = mojibake::find(body).ok_or("it changed since it was checked")?;
    let Verdict::Exact(repaired) = &found.verdict else {
        return Err("it changed since it was checked".into());
    };
    let mut backup = path.as_os_str().to_owned();
    backup.push(".orig");
    let backup = PathBuf::from(backup);
    if backup.exists() {
        return Err(format!(
            "{} already exists; move it away and run again",
            backup.display()
        ));
    }
    let write = |to: &Path, contents: &str| {
        std::fs::write(to, contents).map_err(|e| format!("cannot write {}: {e}", to.display()))
    };
    write(&backup, &text)?;
    // Written beside the file and renamed over it, so it is never half-written.
    let mut staged = backup.clone().into_os_string();
    staged.push(".new");
    let staged = PathBuf::from(staged);
    write(&staged, &format!("{bom}{repaired}"))?;
    std::fs::rename(&staged, path).map_err(|e| format!("cannot replace it: {e}"))?;
    Ok(found.code_page)
}
