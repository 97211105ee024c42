//! Writing a build to disk so that a failed build leaves the previous site
//! untouched, and a rebuild costs the file system what changed rather than
//! the whole site.
//!
//! Into an empty place, the site is written into a sibling directory and
//! renamed in. Over a previous build, only a change set is written into
//! that sibling: each file whose bytes differ from the previous build's,
//! then (last, by a rename) the list of every file of the new site. Once
//! the list is there the change set is applied: files the new site lacks
//! are removed, changed ones renamed into place. A run stopped while
//! applying it is finished by the next run; one stopped before leaves the
//! previous site as it was. Unchanged files are neither written nor
//! deleted, so they keep their dates, and nothing waits on deleting a
//! whole old tree (on ext4, creating files right after many were deleted
//! is slow too).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Body, MARKER, OutputFile, Sink};
use crate::cache_dir::{Digest, sha256_file};
use crate::error::{Error, Result};
use crate::sync::Locked;

/// In a change set, the list of every file of the new site, one
/// `/`-separated path a line: its presence means the set is complete.
const FILE_LIST: &str = ".lectern-files";

/// Writes each file into a directory as soon as it is made, so a build
/// never holds the whole site in memory; over a previous build, only files
/// whose bytes differ from it. A later file with the same path takes an
/// earlier one's place.
pub(crate) struct DirSink {
    root: PathBuf,
    /// The previous build, when this one writes a change set against it.
    previous: Option<PathBuf>,
    /// Every path of the site so far, and whether its file is in `root`.
    paths: Mutex<HashMap<String, bool>>,
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> Result<()> {
        let dest = self.root.join(&file.path);
        let unchanged = self
            .previous
            .as_ref()
            .is_some_and(|previous| same_bytes(&previous.join(&file.path), &file.body));
        let staged = self.paths.locked().insert(file.path, !unchanged);
        if unchanged {
            // An earlier file of this path may have been written.
            if staged == Some(true) {
                std::fs::remove_file(&dest).map_err(|e| Error::io(&dest, e))?;
            }
            return Ok(());
        }
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        match &file.body {
            Body::Bytes(bytes) => {
                std::fs::write(&dest, bytes.as_slice()).map_err(|e| Error::io(&dest, e))
            }
            Body::Copy(source) => std::fs::copy(source, &dest)
                .map(|_| ())
                .map_err(|e| Error::io(source, e)),
        }
    }

    fn keep(&self, path: &str, sha: &Digest) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        if !sha256_file(&previous.join(path)).is_ok_and(|old| old == *sha) {
            return false;
        }
        let mut paths = self.paths.locked();
        // An earlier file of this path was written: this one is put over it.
        if paths.get(path) == Some(&true) {
            return false;
        }
        paths.insert(path.to_string(), false);
        true
    }
}

/// Whether the file at `path` holds exactly `body`. Unreadable counts as
/// different: the file is then written.
fn same_bytes(path: &Path, body: &Body) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match body {
        Body::Bytes(bytes) => {
            meta.len() == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == **bytes)
        }
        Body::Copy(source) => std::fs::metadata(source)
            .is_ok_and(|m| m.len() == meta.len() && same_contents(path, source).unwrap_or(false)),
    }
}

/// Compares two files of the same length a block at a time.
fn same_contents(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(b.read(&mut y[..1])? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// The directories beside the output that a build writes through.
struct Places {
    out: PathBuf,
    /// The new site, or the change set against the previous one.
    staging: PathBuf,
    /// Where a swap puts the previous site between its two renames.
    previous: PathBuf,
}

impl Places {
    fn beside(out: &Path) -> Result<Places> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Ok(Places {
            out: out.to_path_buf(),
            staging: parent.join(format!(".{name}.lectern-new")),
            previous: parent.join(format!(".{name}.lectern-old")),
        })
    }

    /// Finishes what a run stopped midway left: a swap cut between its
    /// renames puts back the new site if it was complete (it has the
    /// marker, written last), else the previous one; a complete change set
    /// is applied. Whatever is left over after that is incomplete or
    /// superseded, and removed.
    fn recover(&self) -> Result<()> {
        if self.out.symlink_metadata().is_err() {
            let complete = if self.staging.join(MARKER).is_file() {
                Some(&self.staging)
            } else {
                Some(&self.previous).filter(|p| p.is_dir())
            };
            if let Some(complete) = complete {
                std::fs::rename(complete, &self.out).map_err(|e| Error::io(complete, e))?;
            }
        } else if self.staging.join(FILE_LIST).is_file() {
            apply(&self.out, &self.staging)?;
        }
        for leftover in [&self.staging, &self.previous] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
            }
        }
        Ok(())
    }

    /// Puts a complete new site in place of the output, if any.
    fn swap(&self) -> Result<()> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.previous).map_err(|e| Error::io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&self.previous, &self.out);
            return Err(Error::io(&self.out, e));
        }
        if self.previous.exists() {
            std::fs::remove_dir_all(&self.previous).map_err(|e| Error::io(&self.previous, e))?;
        }
        Ok(())
    }
}

/// Runs `make`, which writes the site through the sink it is given, and
/// puts what it wrote in place of `out` only when `make` succeeded.
pub(crate) fn write_atomic<T>(out: &Path, make: impl FnOnce(&DirSink) -> Result<T>) -> Result<T> {
    let places = Places::beside(out)?;
    places.recover()?;
    let staging = &places.staging;
    std::fs::create_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    let sink = DirSink {
        root: staging.clone(),
        previous: out.join(MARKER).is_file().then(|| out.to_path_buf()),
        paths: Mutex::default(),
    };
    let made = make(&sink).and_then(|value| {
        let marker = "Built by lectern: replaced by every build.\n";
        sink.put(OutputFile::bytes(MARKER.to_string(), marker))?;
        Ok(value)
    });
    let value = match made {
        Ok(value) => value,
        Err(e) => {
            let _ = std::fs::remove_dir_all(staging);
            return Err(e);
        }
    };
    if sink.previous.is_none() {
        places.swap()?;
        return Ok(value);
    }
    let files: BTreeSet<String> = sink.paths.into_value().into_keys().collect();
    let mut list = String::new();
    for path in &files {
        list.push_str(path);
        list.push('\n');
    }
    // Written whole under another name, then renamed: a list cut short
    // would remove files of the new site.
    let partial = staging.join(format!("{FILE_LIST}.partial"));
    std::fs::write(&partial, list).map_err(|e| Error::io(&partial, e))?;
    let complete = staging.join(FILE_LIST);
    std::fs::rename(&partial, &complete).map_err(|e| Error::io(&complete, e))?;
    apply(out, staging)?;
    Ok(value)
}

/// Applies the complete change set in `staging` to `out`: first removes
/// what the new site lacks (which frees a path the new site takes for a
/// directory where the old had a file, or the other way round), then
/// renames each changed file into place. Running it again after it was
/// stopped finishes it.
fn apply(out: &Path, staging: &Path) -> Result<()> {
    let list_path = staging.join(FILE_LIST);
    let list = std::fs::read_to_string(&list_path).map_err(|e| Error::io(&list_path, e))?;
    let files: HashSet<&str> = list.lines().collect();
    let dirs: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.match_indices('/').map(|(i, _)| &f[..i]))
        .collect();
    let walk = walkdir::WalkDir::new(out).min_depth(1).contents_first(true);
    for entry in walk {
        let entry = entry.map_err(|e| walk_error(out, e))?;
        let rel = relative(out, entry.path());
        if entry.file_type().is_dir() {
            if !dirs.contains(rel.as_str()) {
                std::fs::remove_dir(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            }
        } else if !files.contains(rel.as_str()) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    for entry in walkdir::WalkDir::new(staging).min_depth(1) {
        let entry = entry.map_err(|e| walk_error(staging, e))?;
        let rel = relative(staging, entry.path());
        if entry.file_type().is_dir() || rel == FILE_LIST {
            continue;
        }
        let dest = out.join(&rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::rename(entry.path(), &dest).map_err(|e| Error::io(&dest, e))?;
    }
    std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))
}

/// `path` below `root`, `/`-separated, as output paths are.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
    parts.join("/")
}

fn walk_error(root: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(root).to_path_buf();
    Error::io(&path, e.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_the_new_site_and_keeps_the_old_one_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, |sink| {
            sink.put(OutputFile::bytes("a/index.html".into(), "one"))
        })
        .unwrap();
        write_atomic(&out, |sink| {
            sink.put(OutputFile::bytes("b.html".into(), "two"))
        })
        .unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        let missing = OutputFile::copy("c.png".into(), dir.path().join("nope.png"));
        assert!(write_atomic(&out, |sink| sink.put(missing)).is_err());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        assert_eq!(entries(dir.path()), ["public"]);
    }

    /// The names in `dir`, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Every file below `dir` with its text.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap();
                (relative(dir, e.path()), text)
            })
            .collect();
        files.sort();
        files
    }

    fn write(out: &Path, files: &[(&str, &str)]) -> Result<()> {
        write_atomic(out, |sink| {
            files
                .iter()
                .try_for_each(|(path, text)| sink.put(OutputFile::bytes(path.to_string(), *text)))
        })
    }

    #[test]
    fn a_rebuild_writes_only_what_changed_and_gives_what_a_fresh_build_gives() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("b", "a file where a directory comes next"),
            ("c/index.html", "a directory where a file comes next"),
            ("gone/deep/index.html", "removed"),
            ("style.css", "theme"),
        ];
        write(&out, &first).unwrap();
        let inode = |path: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(path)).unwrap().ino()
        };
        let (home, a) = (inode("index.html"), inode("a/index.html"));
        let second = [
            ("index.html", "home"),
            ("a/index.html", "a, edited"),
            ("b/index.html", "now a directory"),
            ("c", "now a file"),
            // A later file of a path replaces an earlier one, here back to
            // what the previous build wrote.
            ("style.css", "the site's own"),
            ("style.css", "theme"),
        ];
        write(&out, &second).unwrap();
        assert_eq!(
            inode("index.html"),
            home,
            "an unchanged file is not written"
        );
        assert_ne!(inode("a/index.html"), a);
        let fresh = dir.path().join("fresh");
        write(&fresh, &second).unwrap();
        assert_eq!(tree(&out), tree(&fresh));
        assert!(!out.join("gone").exists());
        assert_eq!(entries(dir.path()), ["fresh", "public"]);
    }

    #[test]
    fn a_failed_rebuild_leaves_the_previous_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[("index.html", "one"), ("a.html", "a")]).unwrap();
        let before = tree(&out);
        let result = write_atomic(&out, |sink| {
            sink.put(OutputFile::bytes("index.html".into(), "two"))?;
            failing(sink)
        });
        assert!(result.is_err());
        assert_eq!(tree(&out), before);
        assert_eq!(entries(dir.path()), ["public"]);
    }

    /// A site directory as a build leaves it: `index.html` holding `text`, and
    /// the marker if `complete`.
    fn site_dir(dir: &Path, text: &str, complete: bool) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
        if complete {
            std::fs::write(dir.join(MARKER), "").unwrap();
        }
    }

    fn failing(_: &DirSink) -> Result<()> {
        Err(Error::Usage("stop".into()))
    }

    #[test]
    fn a_swap_cut_between_its_renames_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.lectern-new");
        let previous = dir.path().join(".public.lectern-old");
        let index = || std::fs::read_to_string(out.join("index.html")).unwrap();

        // The new site was complete: it is the one kept, even when the
        // build that finds it fails.
        site_dir(&previous, "old", true);
        site_dir(&staging, "new", true);
        assert!(write_atomic(&out, failing).is_err());
        assert_eq!(index(), "new");
        assert!(!previous.exists() && !staging.exists());

        // The new site was cut short: the previous one is put back.
        std::fs::rename(&out, &previous).unwrap();
        site_dir(&staging, "half", false);
        assert!(write_atomic(&out, failing).is_err());
        assert_eq!(index(), "new");
        assert!(!previous.exists() && !staging.exists());

        // With the output in place, leftovers are only leftovers.
        site_dir(&staging, "newer", true);
        assert!(write_atomic(&out, failing).is_err());
        assert_eq!(index(), "new");
        assert!(!staging.exists());
    }

    #[test]
    fn a_change_set_is_applied_only_once_complete() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.lectern-new");
        write(&out, &[("index.html", "old"), ("stale.html", "x")]).unwrap();
        let before = tree(&out);

        // Stopped while writing the change set: it is dropped.
        site_dir(&staging, "half", false);
        std::fs::write(staging.join(format!("{FILE_LIST}.partial")), "index.html\n").unwrap();
        assert!(write_atomic(&out, failing).is_err());
        assert_eq!(tree(&out), before);

        // Stopped while applying it: the next run finishes it, even a
        // failing one, since that site was complete.
        site_dir(&staging, "new", false);
        std::fs::create_dir_all(staging.join("a")).unwrap();
        std::fs::write(staging.join("a/index.html"), "a").unwrap();
        std::fs::write(
            staging.join(FILE_LIST),
            ".lectern\nindex.html\na/index.html\n",
        )
        .unwrap();
        assert!(write_atomic(&out, failing).is_err());
        let expected = [
            (".lectern", &before[0].1),
            ("a/index.html", &"a".to_string()),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.clone()))
            .chain([("index.html".to_string(), "new".to_string())])
            .collect();
        assert_eq!(tree(&out), expected);
        assert_eq!(entries(dir.path()), ["public"]);
    }
}
