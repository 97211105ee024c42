//! `lectern import`: another tool's configuration read and written as a
//! `site.toml`. Importers change no content file; the one file they write
//! is written here, so that every importer keeps a user's file recoverable.

pub mod hugo;
pub mod mdbook;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::error::{Diagnostic, Error, Result};

/// What an importer made of a site: the `site.toml` to write, what to
/// tell the user (a line each, every setting that did not carry over with
/// why), and the configuration files read, named from the site directory.
#[derive(Debug)]
pub struct Imported {
    pub site_toml: String,
    pub notes: Vec<String>,
    pub read: Vec<String>,
}

/// What writing `site.toml` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// There was no `site.toml`.
    New,
    /// The previous `site.toml` is kept at this path.
    Replaced(PathBuf),
    /// The file already held exactly this text: nothing was written.
    Unchanged,
}

/// Writes `text` as `site_dir/site.toml`. An existing file is refused
/// unless `force`, which first keeps it as `site.toml.bak`; an existing
/// `site.toml.bak` that holds something else is never overwritten, as it
/// may be the only copy of the user's own settings.
pub fn write_site_toml(site_dir: &Path, text: &str, force: bool) -> Result<Written> {
    let path = site_dir.join(CONFIG_FILE);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_new(&path, text.as_bytes())?;
            return Ok(Written::New);
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    if existing == text.as_bytes() {
        return Ok(Written::Unchanged);
    }
    if !force {
        return Err(refused(
            &path,
            "exists already; nothing was written (--force replaces it, keeping it as site.toml.bak)",
        ));
    }
    let backup = site_dir.join(format!("{CONFIG_FILE}.bak"));
    keep_copy(&backup, &existing)?;
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(Written::Replaced(backup))
}

/// Writes `bytes` to `backup` unless it holds them already; a backup that
/// holds anything else is left alone and the write refused.
fn keep_copy(backup: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::read(backup) {
        Ok(kept) if kept == bytes => Ok(()),
        Ok(_) => Err(refused(
            backup,
            "exists already and differs from site.toml; nothing was written (move it away to replace site.toml)",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_new(backup, bytes),
        Err(e) => Err(Error::io(backup, e)),
    }
}

/// Writes a file that must not exist: one that appears meanwhile is kept.
fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|e| Error::io(path, e))
}

fn refused(path: &Path, why: &str) -> Error {
    Error::Content(vec![Diagnostic::error(path, why)])
}

/// `value` as a TOML string, quoted and escaped.
fn quoted(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}
