//! Last-modified dates from git history (`git_lastmod`): the date of the
//! last commit that changed each content file, read with one `git log`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::content::front_matter::{PageDate, parse_date};
use crate::error::Diagnostic;

/// Each committed file below `site_dir/content` (by its path joined to
/// `site_dir`), with the date of the last commit that changed it. A site
/// outside a repository, or without git, gets a warning and no dates.
pub(crate) fn last_modified(site_dir: &Path) -> (HashMap<PathBuf, PageDate>, Option<Diagnostic>) {
    let output = Command::new("git")
        .current_dir(site_dir)
        .args([
            "log",
            "--format=%x00%cI",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            "content",
        ])
        .output();
    let stdout = match output {
        Ok(out) if out.status.success() => out.stdout,
        Ok(out) => {
            return (
                HashMap::new(),
                Some(warning(site_dir, &String::from_utf8_lossy(&out.stderr))),
            );
        }
        Err(e) => return (HashMap::new(), Some(warning(site_dir, &e.to_string()))),
    };
    (dates(&String::from_utf8_lossy(&stdout), site_dir), None)
}

fn warning(site_dir: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(
        site_dir,
        format!(
            "git_lastmod: cannot read the git history ({}); pages keep their front matter lastmod",
            why.trim()
        ),
    )
}

/// `git log` output, newest commit first: a `\0` and the commit date, then
/// the files it changed, one a line. A file's first date is its last.
fn dates(log: &str, site_dir: &Path) -> HashMap<PathBuf, PageDate> {
    let mut out = HashMap::new();
    for commit in log.split('\0').skip(1) {
        let mut lines = commit.lines();
        let Some(date) = lines.next().and_then(|d| parse_date(d.trim())) else {
            continue;
        };
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            out.entry(site_dir.join(file))
                .or_insert_with(|| date.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_is_its_date() {
        let log = "\u{0}2025-03-01T10:00:00+02:00\n\ncontent/a.md\n\u{0}2024-01-01T00:00:00+00:00\n\ncontent/a.md\ncontent/b.md\n";
        let dates = dates(log, Path::new("site"));
        assert_eq!(
            dates[Path::new("site/content/a.md")].w3c,
            "2025-03-01T10:00:00+02:00"
        );
        assert_eq!(
            dates[Path::new("site/content/b.md")].w3c,
            "2024-01-01T00:00:00+00:00"
        );
    }
}
