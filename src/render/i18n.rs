//! Interface strings per language: built-in tables, overridden or extended
//! by the site's `i18n/<lang>.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{Diagnostic, Error, Result};

const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("i18n/en.toml")),
    ("ru", include_str!("i18n/ru.toml")),
    ("zh", include_str!("i18n/zh.toml")),
];

type Table = BTreeMap<String, String>;

#[derive(Debug, Default)]
pub struct Catalog {
    tables: BTreeMap<String, Table>,
    default_language: String,
}

impl Catalog {
    /// Built-in strings, then the site's files (`(file name, path)`) on top.
    pub fn load(default_language: &str, site_files: &[(String, PathBuf)]) -> Result<Catalog> {
        let mut tables: BTreeMap<String, Table> = BTreeMap::new();
        for (code, text) in BUILT_IN {
            let table: Table = toml::from_str(text).unwrap_or_default();
            tables.insert((*code).to_string(), table);
        }
        let mut diagnostics = Vec::new();
        for (name, path) in site_files {
            let Some(code) = name.strip_suffix(".toml").filter(|c| !c.contains('/')) else {
                continue;
            };
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            match toml::from_str::<Table>(&text) {
                Ok(table) => tables.entry(code.to_string()).or_default().extend(table),
                Err(e) => {
                    let d = Diagnostic::error(
                        path,
                        format!("{} (each line is key = \"text\")", e.message().trim()),
                    );
                    diagnostics.push(match e.span() {
                        Some(span) => d.at_offset(&text, span.start),
                        None => d,
                    });
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(Error::Content(diagnostics));
        }
        Ok(Catalog {
            tables,
            default_language: default_language.to_string(),
        })
    }

    /// The string for `key` in `lang`, else in the default language, else
    /// in English, else the key itself.
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        let primary = lang.split('-').next().unwrap_or(lang);
        [lang, primary, self.default_language.as_str(), "en"]
            .iter()
            .find_map(|code| self.tables.get(*code).and_then(|t| t.get(key)))
            .map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_have_the_same_keys() {
        let catalog = Catalog::load("en", &[]).unwrap();
        let en: Vec<&String> = catalog.tables["en"].keys().collect();
        for (code, table) in &catalog.tables {
            assert_eq!(table.keys().collect::<Vec<_>>(), en, "keys of {code}");
        }
    }

    #[test]
    fn site_overrides_and_fallbacks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ru.toml");
        std::fs::write(&path, "next = \"Вперёд\"\ncustom = \"Своё\"\n").unwrap();
        let catalog = Catalog::load("en", &[("ru.toml".into(), path)]).unwrap();
        assert_eq!(catalog.get("ru", "next"), "Вперёд");
        assert_eq!(catalog.get("ru", "previous"), "Назад");
        assert_eq!(catalog.get("zh-tw", "next"), "下一页");
        assert_eq!(catalog.get("de", "next"), "Next");
        assert_eq!(catalog.get("de", "nope"), "nope");
    }
}
