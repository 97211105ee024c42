//! Interface strings per language: built-in tables, overridden or extended
//! by the site's `i18n/<lang>.toml`; plural forms and dates per language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};

const BUILT_IN: &[(&str, &str)] = &[
    ("ar", include_str!("i18n/ar.toml")),
    ("de", include_str!("i18n/de.toml")),
    ("en", include_str!("i18n/en.toml")),
    ("es", include_str!("i18n/es.toml")),
    ("fa", include_str!("i18n/fa.toml")),
    ("fr", include_str!("i18n/fr.toml")),
    ("he", include_str!("i18n/he.toml")),
    ("ja", include_str!("i18n/ja.toml")),
    ("pt", include_str!("i18n/pt.toml")),
    ("ru", include_str!("i18n/ru.toml")),
    ("uk", include_str!("i18n/uk.toml")),
    ("zh", include_str!("i18n/zh.toml")),
];

/// Whether lectern has interface strings of its own for `code` (`en`,
/// `zh-CN` by its language).
pub(crate) fn is_built_in(code: &str) -> bool {
    let language = code.split(['-', '_']).next().unwrap_or(code);
    BUILT_IN
        .iter()
        .any(|(c, _)| c.eq_ignore_ascii_case(language))
}

/// One interface string: text, plural forms by CLDR category, or a list
/// (month names).
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(untagged)]
pub(crate) enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
    List(Vec<String>),
}

type Table = BTreeMap<String, Entry>;

/// Serialized as it is compared: the tables and the default language.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Catalog {
    tables: BTreeMap<String, Table>,
    default_language: String,
    /// `(language, key)` pairs looked up but missing, for one warning each.
    #[serde(skip)]
    missing: Mutex<BTreeSet<(String, String)>>,
}

/// Equal tables give equal text; the keys found missing are not compared.
impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.tables == other.tables && self.default_language == other.default_language
    }
}

impl Catalog {
    /// Built-in strings, then the site's files (`(file name, path)`) on top.
    pub(crate) fn load(
        default_language: &str,
        site_files: &[(String, PathBuf)],
    ) -> Result<Catalog> {
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
                    let message = format!(
                        "{} (each line is key = \"text\", or key = {{ one = \"…\", other = \"…\" }} for counted text)",
                        e.message().trim()
                    );
                    let d = Diagnostic::error(path, message);
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
            missing: Mutex::default(),
        })
    }

    /// The entry for `key` in `lang` (or its primary subtag, `zh` for
    /// `zh-tw`), else the default language's, else English. A fallback is
    /// remembered for [`Catalog::warnings`].
    fn entry(&self, lang: &str, key: &str) -> Option<&Entry> {
        let primary = lang.split('-').next().unwrap_or(lang);
        let own = [lang, primary]
            .into_iter()
            .find_map(|code| self.tables.get(code).and_then(|t| t.get(key)));
        if own.is_some() {
            return own;
        }
        if let Ok(mut missing) = self.missing.lock() {
            missing.insert((lang.to_string(), key.to_string()));
        }
        [self.default_language.as_str(), "en"]
            .into_iter()
            .find_map(|code| self.tables.get(code).and_then(|t| t.get(key)))
    }

    /// The text for `key` in `lang` (or its primary subtag), if the site
    /// or the theme has one: for names a site may or may not translate.
    pub(crate) fn find(&self, lang: &str, key: &str) -> Option<&str> {
        let primary = lang.split('-').next().unwrap_or(lang);
        [lang, primary, self.default_language.as_str(), "en"]
            .into_iter()
            .find_map(|code| match self.tables.get(code)?.get(key)? {
                Entry::Text(text) => Some(text.as_str()),
                _ => None,
            })
    }

    /// The text for `key`; the key itself when no language has it.
    pub(crate) fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        match self.entry(lang, key) {
            Some(Entry::Text(text)) => text,
            Some(Entry::Plural(forms)) => forms.get("other").map_or(key, String::as_str),
            _ => key,
        }
    }

    /// The counted text for `key`, in the plural form `count` takes in
    /// `lang`, with `{count}` replaced.
    pub(crate) fn plural(&self, lang: &str, key: &str, count: i64) -> String {
        let text = match self.entry(lang, key) {
            Some(Entry::Plural(forms)) => forms
                .get(plural_category(lang, count))
                .or_else(|| forms.get("other"))
                .or_else(|| forms.values().next())
                .map_or(key, String::as_str),
            Some(Entry::Text(text)) => text,
            _ => key,
        };
        text.replace("{count}", &count.to_string())
    }

    /// `date` written the way `lang` writes dates (`14 августа 2025`,
    /// `2025年8月14日`, `August 14, 2025`).
    pub(crate) fn format_date(&self, lang: &str, date: NaiveDate) -> String {
        let month = match self.entry(lang, "months") {
            Some(Entry::List(months)) if months.len() == 12 => {
                months[date.month0() as usize].clone()
            }
            _ => date.month().to_string(),
        };
        self.get(lang, "date_format")
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &month)
            .replace("{year}", &date.year().to_string())
    }

    /// One warning per language listing the interface strings it lacked.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        let missing = self.missing.lock().map(|m| m.clone()).unwrap_or_default();
        let mut by_lang: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (lang, key) in missing {
            by_lang.entry(lang).or_default().push(key);
        }
        by_lang
            .into_iter()
            .map(|(lang, keys)| {
                Diagnostic::warning(
                    PathBuf::from(format!("i18n/{lang}.toml")),
                    format!(
                        "no `{lang}` interface text for {}; showing the {} text instead",
                        keys.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        self.default_language
                    ),
                )
            })
            .collect()
    }
}

/// The CLDR plural category of a whole number in a language.
pub(crate) fn plural_category(lang: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    let (mod10, mod100) = (n % 10, n % 100);
    match lang.split('-').next().unwrap_or(lang) {
        "ru" | "uk" | "be" => {
            if mod10 == 1 && mod100 != 11 {
                "one"
            } else if (2..=4).contains(&mod10) && !(12..=14).contains(&mod100) {
                "few"
            } else {
                "many"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&mod10) && !(12..=14).contains(&mod100) {
                "few"
            } else {
                "many"
            }
        }
        "ar" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ if (3..=10).contains(&mod100) => "few",
            _ if (11..=99).contains(&mod100) => "many",
            _ => "other",
        },
        "he" => match n {
            1 => "one",
            2 => "two",
            _ => "other",
        },
        "zh" | "ja" | "ko" | "th" | "vi" | "id" => "other",
        "fr" | "pt" | "fa" | "hi" if n <= 1 => "one",
        _ if n == 1 => "one",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load("en", &[]).unwrap()
    }

    #[test]
    fn built_in_tables_are_complete_and_listed() {
        let catalog = catalog();
        let en: Vec<&String> = catalog.tables["en"].keys().collect();
        for (code, table) in &catalog.tables {
            assert_eq!(table.keys().collect::<Vec<_>>(), en, "keys of {code}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/i18n");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".toml")
                    .to_string()
            })
            .collect();
        files.sort();
        assert_eq!(
            files,
            BUILT_IN
                .iter()
                .map(|(c, _)| c.to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn russian_plurals() {
        let c = catalog();
        let got: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 111]
            .iter()
            .map(|&n| c.plural("ru", "reading_time", n))
            .collect();
        assert_eq!(
            got,
            [
                "1 минута чтения",
                "2 минуты чтения",
                "5 минут чтения",
                "11 минут чтения",
                "21 минута чтения",
                "22 минуты чтения",
                "25 минут чтения",
                "111 минут чтения"
            ]
        );
        assert_eq!(c.plural("en", "reading_time", 1), "1 minute read");
        assert_eq!(c.plural("en", "reading_time", 3), "3 minutes read");
        assert_eq!(c.plural("zh", "reading_time", 3), "阅读约需 3 分钟");
        assert_eq!(c.plural("ar", "reading_time", 2), "دقيقتان للقراءة");
    }

    #[test]
    fn dates_per_language() {
        let c = catalog();
        let d = NaiveDate::from_ymd_opt(2025, 8, 14).unwrap();
        assert_eq!(c.format_date("ru", d), "14 августа 2025");
        assert_eq!(c.format_date("zh", d), "2025年8月14日");
        assert_eq!(c.format_date("en", d), "August 14, 2025");
        assert_eq!(c.format_date("de", d), "14. August 2025");
    }

    #[test]
    fn site_overrides_fallbacks_and_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ru.toml");
        std::fs::write(&path, "next = \"Вперёд\"\ncustom = \"Своё\"\n").unwrap();
        let catalog = Catalog::load("en", &[("ru.toml".into(), path)]).unwrap();
        assert_eq!(catalog.get("ru", "next"), "Вперёд");
        assert_eq!(catalog.get("ru", "previous"), "Назад");
        assert_eq!(catalog.get("zh-tw", "next"), "下一页");
        assert!(catalog.warnings().is_empty());
        assert_eq!(catalog.get("it", "next"), "Next");
        assert_eq!(catalog.get("it", "nope"), "nope");
        assert_eq!(catalog.get("it", "nope"), "nope");
        let warnings = catalog.warnings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message,
            "no `it` interface text for `next`, `nope`; showing the en text instead"
        );
    }

    #[test]
    fn bad_site_file_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ru.toml");
        std::fs::write(&path, "next = \"ok\"\nprevious = \n").unwrap();
        let err = Catalog::load("en", &[("ru.toml".into(), path)]).unwrap_err();
        assert!(err.to_string().contains("ru.toml:2:"), "{err}");
    }
}
