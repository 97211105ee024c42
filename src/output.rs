//! Output files and where they go: memory, nowhere, or a directory on disk
//! that a failed build leaves untouched ([`write_atomic`]).

use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::cache_dir::Digest;
use crate::error::{Error, Result};
use crate::sync::Locked;

mod write;
pub(crate) use write::write_atomic;

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
    /// The key under which the cache on disk is to note what became of
    /// this file (see [`Sink::reuse`]).
    pub(crate) stored: Option<Digest>,
}

impl OutputFile {
    pub(crate) fn bytes(path: String, text: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path,
            body: Body::Bytes(Arc::new(text.into())),
            stored: None,
        }
    }

    pub(crate) fn copy(path: String, source: PathBuf) -> OutputFile {
        OutputFile {
            path,
            body: Body::Copy(source),
            stored: None,
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

    /// Leaves the file at `path` as the previous build wrote it, when the
    /// cache on disk knows what the inputs under `key` make and the file
    /// is still that; `false` when the file is to be made and put.
    fn reuse(&self, _path: &str, _key: &Digest) -> bool {
        false
    }

    /// Leaves the file at `path` as the previous build wrote it, when its
    /// bytes have the SHA-256 `sha`; `false` when it is to be put.
    fn keep(&self, _path: &str, _sha: &Digest) -> bool {
        false
    }
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
}
