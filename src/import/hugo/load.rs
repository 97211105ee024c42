//! Hugo's configuration, found and merged as `hugo` (a production build)
//! finds and merges it: the first of `hugo.toml|yaml|yml|json`,
//! `config.toml|yaml|yml|json` in the site directory, then the files of
//! `config/_default/` and `config/production/` on top, each named after the
//! key it holds (`params.toml`, `menus.en.toml`, `languages.yaml`).

use std::path::{Path, PathBuf};

use serde_json::Value;
use walkdir::WalkDir;

use super::tree::{Table, merge, rename};
use super::{relative, subdirs};
use crate::content::front_matter::{FieldError, parse_toml, parse_yaml};
use crate::error::{Diagnostic, Error, Result};

const NAMES: [&str; 2] = ["hugo", "config"];
const EXTENSIONS: [&str; 4] = ["toml", "yaml", "yml", "json"];
const CONFIG_DIR: &str = "config";
/// The environments read, least specific first: `hugo` builds for
/// production, so the published site has these settings.
const ENVIRONMENTS: [&str; 2] = ["_default", "production"];

/// The merged configuration and the files it was read from (as named from
/// the site directory), in the order read.
pub(super) struct Loaded {
    pub(super) tree: Table,
    pub(super) files: Vec<String>,
    /// Configuration Hugo does not read either, as named from the site
    /// directory, with why: a second root file, other environments.
    pub(super) unread: Vec<(String, &'static str)>,
}

pub(super) fn load(site_dir: &Path) -> Result<Loaded> {
    let roots = root_files(site_dir);
    let mut files: Vec<PathBuf> = roots.iter().take(1).cloned().collect();
    let config_dir = site_dir.join(CONFIG_DIR);
    for environment in ENVIRONMENTS {
        files.extend(dir_files(&config_dir.join(environment))?);
    }
    if files.is_empty() {
        return Err(Error::Content(vec![Diagnostic::error(
            site_dir,
            "no Hugo configuration here: none of hugo.toml, hugo.yaml, hugo.json, config.toml, config.yaml, config.json, config/_default/",
        )]));
    }
    let mut tree = Table::new();
    let mut problems = Vec::new();
    for path in &files {
        match read(path) {
            Ok(table) => merge(&mut tree, placed(path, &config_dir, table)),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    rename(&mut tree, "menu", "menus");
    if let Some(Value::Object(languages)) = tree.get_mut("languages") {
        for language in languages.values_mut().filter_map(Value::as_object_mut) {
            rename(language, "menu", "menus");
        }
    }
    let mut unread: Vec<(String, &'static str)> = roots
        .iter()
        .skip(1)
        .map(|f| {
            (
                relative(site_dir, f),
                "Hugo reads the first of its configuration files only",
            )
        })
        .collect();
    unread.extend(
        other_environments(&config_dir)
            .into_iter()
            .map(|dir| (dir, "`hugo` builds for production, and so does lectern")),
    );
    Ok(Loaded {
        tree,
        files: files.iter().map(|f| relative(site_dir, f)).collect(),
        unread,
    })
}

/// The site's own configuration files, by name, then extension: Hugo
/// reads the first.
fn root_files(site_dir: &Path) -> Vec<PathBuf> {
    NAMES
        .iter()
        .flat_map(|name| EXTENSIONS.map(|ext| site_dir.join(format!("{name}.{ext}"))))
        .filter(|path| path.is_file())
        .collect()
}

/// The configuration files below `dir`, in the order Hugo merges them
/// (by name, directory by directory).
fn dir_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_file() && extension(entry.path()).is_some() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// The configuration format of `path`, by its extension in any case.
fn extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_lowercase();
    EXTENSIONS.into_iter().find(|e| *e == ext)
}

/// One file's table, where its name places it: `hugo.toml` and `config.toml`
/// at the top, `params.toml` under `params`, `menus.en.toml` under
/// `languages.en.menus`, `params.en.toml` under `languages.en.params`, any
/// other `NAME.LANG` as `languages.LANG` itself (as Hugo does).
fn placed(path: &Path, config_dir: &Path, table: Table) -> Table {
    let in_dir = path.starts_with(config_dir);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !in_dir || NAMES.iter().any(|n| n.eq_ignore_ascii_case(stem)) {
        return table;
    }
    let mut keys: Vec<String> = match stem.rsplit_once('.') {
        None => vec![stem.to_string()],
        Some((name, lang)) => {
            let mut keys = vec!["languages".to_string(), lang.to_lowercase()];
            let name = name.to_lowercase();
            match name.as_str() {
                "menu" | "menus" => keys.push("menus".to_string()),
                "params" => keys.push(name),
                _ => {}
            }
            keys
        }
    };
    let mut value = Value::Object(table);
    while let Some(key) = keys.pop() {
        let mut outer = Table::new();
        outer.insert(key, value);
        value = Value::Object(outer);
    }
    match value {
        Value::Object(table) => table,
        _ => Table::new(),
    }
}

/// A configuration file's table, or the problem with it at its line and
/// column.
fn read(path: &Path) -> Result<Table, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(path, format!("cannot be read: {e}")))?;
    let (text, problem) = crate::encoding::read_text(path, bytes, None);
    if let Some(problem) = problem {
        return Err(problem);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let parsed = match extension(path) {
        Some("toml") => parse_toml(text),
        Some("json") => parse_json(text),
        _ => parse_yaml(text),
    };
    let at = |e: FieldError| Diagnostic::error(path, e.message).at(text, e.line, e.col);
    match parsed.map_err(at)? {
        Value::Object(table) => Ok(table),
        Value::Null => Ok(Table::new()),
        _ => Err(Diagnostic::error(
            path,
            "a configuration file holds `key: value` pairs, not a single value or a list",
        )
        .at(text, 1, 1)),
    }
}

fn parse_json(text: &str) -> Result<Value, FieldError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        FieldError {
            line: e.line().max(1),
            col: e.column().max(1),
            message: message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string(),
        }
    })
}

/// Directories of `config/` other than the environments read.
fn other_environments(config_dir: &Path) -> Vec<String> {
    subdirs(config_dir)
        .into_iter()
        .filter(|name| !ENVIRONMENTS.contains(&name.as_str()))
        .map(|name| format!("{CONFIG_DIR}/{name}/"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn place(path: &str, value: Value) -> Value {
        let table = value.as_object().cloned().unwrap();
        Value::Object(placed(Path::new(path), Path::new("config"), table))
    }

    #[test]
    fn file_names_place_their_tables() {
        let v = json!({"a": 1});
        assert_eq!(place("config/_default/hugo.toml", v.clone()), v);
        assert_eq!(
            place("config/_default/params.toml", v.clone()),
            json!({"params": {"a": 1}})
        );
        assert_eq!(
            place("config/_default/menus.RU.toml", v.clone()),
            json!({"languages": {"ru": {"menus": {"a": 1}}}})
        );
        assert_eq!(
            place("config/production/params.zh-hans.yaml", v.clone()),
            json!({"languages": {"zh-hans": {"params": {"a": 1}}}})
        );
        assert_eq!(place("hugo.toml", v.clone()), v);
    }

    #[test]
    fn a_json_error_has_its_place() {
        let e = parse_json("{\n  \"title\": ,\n}").unwrap_err();
        assert_eq!((e.line, e.col), (2, 12));
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }
}
