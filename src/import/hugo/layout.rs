//! Where a Hugo site keeps its pages and which languages it has: read from
//! the configuration (and left there, for the mapping to take), because the
//! content scan and menu URLs need them first.

use std::path::Path;

use serde_json::Value;

use super::tree::Keys;
use crate::config::{base_path_of, normalize_base_url};

/// A language Hugo builds.
pub(super) struct Language {
    /// Lower case, as Hugo reads the key.
    pub(super) code: String,
    /// Its own `contentDir`, `/`-separated, when it has one.
    pub(super) content_dir: Option<String>,
}

pub(super) struct Layout {
    /// The path of `baseURL` (`/` or `/docs/`), which every link starts with.
    pub(super) base_path: String,
    /// Hugo's `contentDir` (default `content`), `/`-separated.
    pub(super) content_dir: String,
    /// Configured and not disabled, by code; empty for a site without
    /// `languages`.
    pub(super) languages: Vec<Language>,
    pub(super) default_language: String,
    /// `defaultContentLanguageInSubdir`.
    pub(super) in_subdir: bool,
    /// Hugo lowercases URLs unless `disablePathToLower`.
    pub(super) lowercase_urls: bool,
}

impl Layout {
    pub(super) fn read(keys: &Keys) -> Layout {
        let content_dir = keys
            .get("contentDir")
            .and_then(Value::as_str)
            .map_or_else(|| "content".to_string(), clean_dir);
        let disabled: Vec<String> = keys
            .get("disableLanguages")
            .and_then(Value::as_array)
            .map(|codes| {
                codes
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_lowercase)
                    .collect()
            })
            .unwrap_or_default();
        let mut languages: Vec<Language> = keys
            .get("languages")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(code, lang)| {
                !disabled.contains(&code.to_lowercase())
                    && lang.get("disabled").and_then(Value::as_bool) != Some(true)
            })
            .map(|(code, lang)| Language {
                code: code.to_lowercase(),
                content_dir: lang
                    .as_object()
                    .and_then(|l| l.iter().find(|(k, _)| k.eq_ignore_ascii_case("contentDir")))
                    .and_then(|(_, dir)| dir.as_str())
                    .map(clean_dir),
            })
            .collect();
        languages.sort_by(|a, b| a.code.cmp(&b.code));
        let base_url = keys.get("baseURL").and_then(Value::as_str).unwrap_or("");
        Layout {
            base_path: base_path_of(&normalize_base_url(base_url)).to_string(),
            content_dir,
            languages,
            default_language: keys
                .get("defaultContentLanguage")
                .and_then(Value::as_str)
                .map_or_else(|| "en".to_string(), str::to_lowercase),
            in_subdir: keys.get("defaultContentLanguageInSubdir") == Some(&Value::Bool(true)),
            lowercase_urls: keys.get("disablePathToLower") != Some(&Value::Bool(true)),
        }
    }

    pub(super) fn multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    pub(super) fn is_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l.code == code)
    }

    /// The directories Hugo reads pages from, each with the language whose
    /// pages it holds (`None`: the default one, or a `.code.md` suffix's).
    pub(super) fn page_dirs(&self) -> Vec<(String, Option<&str>)> {
        let mut dirs: Vec<(String, Option<&str>)> = vec![(self.content_dir.clone(), None)];
        for lang in &self.languages {
            if let Some(dir) = &lang.content_dir {
                dirs.push((dir.clone(), Some(lang.code.as_str())));
            }
        }
        dirs
    }

    /// Where lectern reads language `code`'s pages: `content/<code>`
    /// (below the site's content directory).
    pub(super) fn lectern_dir(&self, code: &str) -> String {
        format!("{}/{code}", self.content_dir)
    }

    /// The part of a URL that places language `code`: empty for the
    /// default language at the root (and a single-language site).
    pub(super) fn url_root<'a>(&self, code: &'a str) -> &'a str {
        if !self.multilingual() || (code == self.default_language && !self.in_subdir) {
            ""
        } else {
            code
        }
    }
}

/// A directory as configured, `/`-separated, without `./` or a trailing `/`.
fn clean_dir(dir: &str) -> String {
    let dir = dir.replace('\\', "/");
    let parts: Vec<&str> = Path::new(&dir)
        .components()
        .filter_map(|c| match c {
            std::path::Component::CurDir => None,
            other => other.as_os_str().to_str(),
        })
        .collect();
    let joined = parts.join("/");
    if dir.starts_with('/') {
        format!("/{}", joined.trim_start_matches('/'))
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_named_plainly() {
        assert_eq!(clean_dir("./content/en/"), "content/en");
        assert_eq!(clean_dir("content.en"), "content.en");
        assert_eq!(clean_dir("/srv/site/content"), "/srv/site/content");
    }
}
