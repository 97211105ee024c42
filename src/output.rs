//! Output files and writing them: atomically to disk, so a failed build
//! leaves the previous site untouched.

use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::sync::Locked;

/// Marks a directory as lectern's output, safe to replace on the next build.
pub(crate) const MARKER: &str = ".lectern";

#[derive(Debug, Clone)]
pub enum Body {
    /// Shared, so a rebuild can hand on the bytes of an unchanged page.
    Bytes(Arc<Vec<u8>>),
    /// Copied from this file when written.
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output root, `/`-separated.
    pub path: String,
    pub body: Body,
}

impl OutputFile {
    pub(crate) fn bytes(path: String, text: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path,
            body: Body::Bytes(Arc::new(text.into())),
        }
    }

    pub(crate) fn copy(path: String, source: PathBuf) -> OutputFile {
        OutputFile {
            path,
            body: Body::Copy(source),
        }
    }
}

/// Refuses output directories a build must never replace: the site itself,
/// anything holding or inside its sources, and a non-empty directory that
/// lectern did not create.
pub(crate) fn check_output_dir(site_dir: &Path, content_dir: &str, out: &Path) -> Result<()> {
    let site = absolute(site_dir);
    let target = absolute(out);
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        )))
    };
    if site.starts_with(&target) {
        return refuse("it is the site directory or contains it");
    }
    let sources = crate::content::discover::SOURCE_DIRS[1..]
        .iter()
        .copied()
        .chain([content_dir]);
    for source in sources {
        if target.starts_with(site.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ directory"));
        }
    }
    if target.is_file() {
        return refuse("it is a file");
    }
    if target.is_dir() && !target.join(MARKER).exists() {
        let mut entries = std::fs::read_dir(&target).map_err(|e| Error::io(out, e))?;
        if entries.next().is_some() {
            return refuse(
                "it is a non-empty directory that lectern did not create (empty it or pick another with --output)",
            );
        }
    }
    Ok(())
}

/// `path` made absolute and lexically normalized (`..` resolved), so
/// containment checks work for paths that do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks where the path exists, so an alias of the site dir is caught too.
    out.canonicalize().unwrap_or(out)
}

/// Where output files go as they are made.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;
}

/// Keeps the files in memory (for `serve` and `check`). A later file with
/// the same path replaces an earlier one.
#[derive(Default)]
pub(crate) struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        let files = self.0.into_value();
        let mut last: HashMap<String, usize> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            last.insert(f.path.clone(), i);
        }
        files
            .into_iter()
            .enumerate()
            .filter(|(i, f)| last[&f.path] == *i)
            .map(|(_, f)| f)
            .collect()
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.0.locked().push(file);
        Ok(())
    }
}

/// Drops every file: for `lectern check`, which builds only to look.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// Writes each file into a directory as soon as it is made, so a build
/// never holds the whole site in memory. A later file with the same path
/// overwrites an earlier one.
pub(crate) struct DirSink {
    root: PathBuf,
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> Result<()> {
        let dest = self.root.join(&file.path);
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
}

/// Runs `make`, which writes the site through the sink it is given, into a
/// temporary sibling of `out`, and swaps it in only when `make` succeeded.
pub(crate) fn write_atomic<T>(out: &Path, make: impl FnOnce(&DirSink) -> Result<T>) -> Result<T> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.lectern-new"));
    let previous = parent.join(format!(".{name}.lectern-old"));
    recover(out, &staging, &previous)?;
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let sink = DirSink {
        root: staging.clone(),
    };
    let made = make(&sink).and_then(|value| {
        let marker = staging.join(MARKER);
        std::fs::write(&marker, "Built by lectern: replaced by every build.\n")
            .map_err(|e| Error::io(&marker, e))?;
        Ok(value)
    });
    let value = match made {
        Ok(value) => value,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        std::fs::rename(out, &previous).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&previous, out);
        return Err(Error::io(out, e));
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous).map_err(|e| Error::io(&previous, e))?;
    }
    Ok(value)
}

/// Puts back the site a build stopped between the two renames of its swap
/// left without `out`: the new one if it was complete (it has the marker,
/// written last), else the previous one. Whatever is left over after that
/// is incomplete or superseded.
fn recover(out: &Path, staging: &Path, previous: &Path) -> Result<()> {
    if out.symlink_metadata().is_ok() {
        return Ok(());
    }
    let complete = if staging.join(MARKER).is_file() {
        staging
    } else if previous.is_dir() {
        previous
    } else {
        return Ok(());
    };
    std::fs::rename(complete, out).map_err(|e| Error::io(complete, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_and_foreign_directories() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        assert!(check_output_dir(site.path(), "content", site.path()).is_err());
        assert!(check_output_dir(site.path(), "content", &site.path().join("content")).is_err());
        assert!(check_output_dir(site.path(), "content", &site.path().join("content/x")).is_err());
        assert!(check_output_dir(site.path(), "content", &site.path().join("public")).is_ok());
        let foreign = site.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = check_output_dir(site.path(), "content", &foreign).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        std::fs::write(foreign.join(MARKER), "").unwrap();
        assert!(check_output_dir(site.path(), "content", &foreign).is_ok());
    }

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
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        let missing = OutputFile::copy("c.png".into(), dir.path().join("nope.png"));
        assert!(write_atomic(&out, |sink| sink.put(missing)).is_err());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
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
}
