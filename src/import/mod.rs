//! `lectern import`: another tool's configuration read into a `site.toml`,
//! with a note for each setting that does not carry over. Importers never
//! change content files; the only file they write is `site.toml` (the one
//! it replaces, with `--force`, is kept as `site.toml.bak`).

pub mod mdbook;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// What an importer made of a site: the `site.toml` to write, and the
/// settings it could not carry over, each with why.
#[derive(Debug, Default)]
pub struct Imported {
    pub site_toml: String,
    pub notes: Vec<String>,
}

/// Writes `site.toml` into `dir`. An existing one is an error unless
/// `force`, and then it is kept as `site.toml.bak`, which must not exist.
/// The path written.
pub fn write_site_toml(dir: &Path, text: &str, force: bool) -> Result<PathBuf> {
    let path = crate::scaffold::under(dir, Path::new(crate::config::CONFIG_FILE));
    if std::fs::symlink_metadata(&path).is_ok() {
        if !force {
            return Err(refused(
                &path,
                "a site.toml is here already; nothing was written (`--force` replaces it, keeping it as site.toml.bak)",
            ));
        }
        let backup = path.with_extension("toml.bak");
        if std::fs::symlink_metadata(&backup).is_ok() {
            return Err(refused(
                &backup,
                "the backup of site.toml would replace this file; move it away first, nothing was written",
            ));
        }
        std::fs::rename(&path, &backup).map_err(|e| Error::io(&path, e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

fn refused(path: &Path, why: &str) -> Error {
    Error::Content(vec![Diagnostic::error(path, why)])
}

/// `value` as a TOML string, quoted and escaped.
fn quoted(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}
