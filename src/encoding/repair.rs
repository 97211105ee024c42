//! `lectern check --fix-encoding`: repairs the content files whose whole
//! text was mangled in one exact, reversible way. The only code that
//! rewrites a user's file, so it never writes through a link, never
//! overwrites, and keeps the original.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::mojibake::{self, Verdict};
use crate::check::encoding::pages;
use crate::content::Site;

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
            let outcome = match found.verdict.unsure_because(&page.text) {
                None => fix_file(&path),
                Some(why) => Err(why),
            };
            Some(Fix { path, outcome })
        })
        .collect();
    fixes.sort_by(|a, b| a.path.cmp(&b.path));
    fixes
}

/// Rewrites one file in place of itself, never through a link: the repair
/// goes to a new file created beside it (failing if that name exists, so a
/// planted link there is not followed), with the original's mode and, where
/// the system allows, owner; the original itself becomes `FILE.orig` by a
/// hard link, so it keeps its mode and owner too. Then the new file is
/// renamed over the old name, so the file is never half-written.
fn fix_file(path: &Path) -> Result<&'static str, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("it is a symbolic link, which lectern does not rewrite".into());
    }
    if meta.permissions().readonly() {
        return Err("it is read-only".into());
    }
    let mut file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !same_file(&file, &meta) {
        return Err("it changed since it was checked".into());
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
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
    let backup = with_suffix(path, ".orig");
    let staged = with_suffix(path, ".orig.new");
    for taken in [&backup, &staged] {
        if std::fs::symlink_metadata(taken).is_ok() {
            return Err(format!(
                "{} already exists; move it away and run again",
                taken.display()
            ));
        }
    }
    let repaired = format!("{bom}{repaired}");
    if let Err(e) = write_new(&staged, repaired.as_bytes(), &meta) {
        // Not ours to remove if another process created it meanwhile.
        if e.kind() != ErrorKind::AlreadyExists {
            let _ = std::fs::remove_file(&staged);
        }
        return Err(format!("cannot write {}: {e}", staged.display()));
    }
    let kept = std::fs::hard_link(path, &backup)
        .map_err(|e| format!("cannot keep the original as {}: {e}", backup.display()))
        .and_then(|()| {
            std::fs::rename(&staged, path).map_err(|e| format!("cannot replace it: {e}"))
        });
    if kept.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    kept.map(|()| found.code_page)
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the open `file` is the one `meta` describes (not a file swapped
/// in since).
fn same_file(file: &File, meta: &Metadata) -> bool {
    file.metadata()
        .is_ok_and(|m| (m.dev(), m.ino()) == (meta.dev(), meta.ino()))
}

/// Writes `bytes` to a file that must not exist yet, with the mode and, if
/// allowed, the owner and group of the file `like` describes.
fn write_new(path: &Path, bytes: &[u8], like: &Metadata) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // Ownership first: changing it may clear set-id bits the mode sets.
    let _ = std::os::unix::fs::fchown(&file, Some(like.uid()), Some(like.gid()));
    file.set_permissions(like.permissions())?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::Permissions;
    use std::os::unix::fs::PermissionsExt;

    const MANGLED: &str =
        "Caf\u{c3}\u{a9} \u{e2}\u{20ac}\u{201d} na\u{c3}\u{af}ve r\u{c3}\u{a9}sum\u{c3}\u{a9}\n";

    /// A directory holding `page.md` with mangled text and the given mode.
    fn mangled_file(mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, MANGLED).unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path).unwrap().mode() & 0o7777
    }

    #[test]
    fn the_repair_and_the_original_keep_the_mode() {
        let (_dir, path) = mangled_file(0o600);
        let inode = std::fs::metadata(&path).unwrap().ino();
        assert_eq!(fix_file(&path), Ok("Windows-1252"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Café — naïve résumé\n"
        );
        let backup = with_suffix(&path, ".orig");
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), MANGLED);
        assert_eq!((mode(&path), mode(&backup)), (0o600, 0o600));
        // The original is the very file, kept under the new name.
        assert_eq!(std::fs::metadata(&backup).unwrap().ino(), inode);
        assert!(!with_suffix(&path, ".orig.new").exists());
    }

    #[test]
    fn a_planted_link_at_the_staging_name_is_not_followed() {
        let (dir, path) = mangled_file(0o644);
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("db");
        std::fs::write(&target, "secret").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("page.md.orig.new")).unwrap();
        let why = fix_file(&path).unwrap_err();
        assert!(why.ends_with("page.md.orig.new already exists; move it away and run again"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "secret");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), MANGLED);
        assert!(!with_suffix(&path, ".orig").exists());
    }

    #[test]
    fn links_and_read_only_files_are_left_alone() {
        let (dir, target) = mangled_file(0o644);
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            fix_file(&link),
            Err("it is a symbolic link, which lectern does not rewrite".into())
        );
        let (_dir, path) = mangled_file(0o444);
        assert_eq!(fix_file(&path), Err("it is read-only".into()));
        for file in [&target, &path] {
            assert_eq!(std::fs::read_to_string(file).unwrap(), MANGLED);
            assert!(!with_suffix(file, ".orig").exists());
        }
        assert_eq!(mode(&path), 0o444);
    }
}
