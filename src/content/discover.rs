//! The one walk of the file system: finds content, static files and
//! templates, and classifies each content file.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::symlinks::{Followed, LinkPolicy};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `name.md`: a page of its own.
    Page,
    /// `index.md`: a page bundle, the page of its directory.
    Bundle,
    /// `_index.md`: a section's (or a language home's) own page.
    Section,
    /// Anything else: copied beside the pages.
    Asset,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    /// The site directory as the user names it joined with the file's path
    /// in it, separated as the platform does: for reading and for messages.
    pub(crate) path: PathBuf,
    /// Relative to `content/`, `/`-separated, language directory and
    /// suffix kept (`ru/intro.md`, `intro.ru.md`): what links between
    /// content files name.
    pub(crate) content_rel: String,
    /// Language code; `None` for an asset shared by every language (one
    /// outside any `content/<lang>/` tree of a multilingual site).
    pub(crate) lang: Option<String>,
    /// Relative to the language root (`content/<lang>/`, else `content/`),
    /// `/`-separated, without a `.lang` file-name suffix: the same for a
    /// page and its translations.
    pub(crate) lang_rel: String,
    /// The file sits inside `content/<lang>/` rather than carrying a suffix.
    pub(crate) in_lang_dir: bool,
    pub(crate) kind: FileKind,
}

impl SourceFile {
    /// The directory part of `lang_rel` (`""` at the language root).
    pub(crate) fn lang_dir(&self) -> &str {
        self.lang_rel.rfind('/').map_or("", |i| &self.lang_rel[..i])
    }

    /// The file name without `.md` and without a language suffix.
    pub(crate) fn stem(&self) -> &str {
        let name = self.lang_rel.rsplit('/').next().unwrap_or(&self.lang_rel);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// The site's directories of sources, each read by the one walk.
pub(crate) const CONTENT_DIR: &str = "content";
pub(crate) const STATIC_DIR: &str = "static";
pub(crate) const TEMPLATES_DIR: &str = "templates";
pub(crate) const I18N_DIR: &str = "i18n";
pub(crate) const SOURCE_DIRS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR];

/// Everything a build reads, in a stable order.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub(crate) content: Vec<SourceFile>,
    /// `(path relative to static/, full path)`.
    pub(crate) static_files: Vec<(String, PathBuf)>,
    /// `(template name relative to templates/, full path)`.
    pub(crate) templates: Vec<(String, PathBuf)>,
    pub(crate) i18n: Vec<(String, PathBuf)>,
    /// Symbolic links that were not followed, at each.
    pub(crate) problems: Vec<Diagnostic>,
}

pub(crate) fn discover(site_dir: &Path, config: &Config) -> Result<Discovered> {
    let mut walker = Walker {
        policy: LinkPolicy::new(site_dir, config.follow_symlinks),
        problems: Vec::new(),
    };
    let dir = &config.content_dir;
    let content_dir = site_dir.join(dir);
    if std::fs::symlink_metadata(&content_dir).is_err() {
        walker.problems.push(Diagnostic::error(
            &content_dir,
            format!(
                "there is no {dir}/ directory: the site directory holds the pages in {dir}/ (name the site directory: `lectern build SITE_DIR`)"
            ),
        ));
    }
    let content_files = walker.walk(&content_dir)?;
    if let Some(code) = lone_language_dir(&content_files, config) {
        walker.problems.push(Diagnostic::warning(
            content_dir.join(code),
            format!(
                "every page is in {dir}/{code}/, but site.toml declares no languages, so `{code}` is a section and every URL starts with /{code}/: add `[languages.{code}]` (and `default_language_in_subdir = false` for URLs without it, as Hugo writes them)"
            ),
        ));
    }
    // A book has no bundles nor sections: its summary places every page.
    let bundle_dirs = match config.summary {
        Some(_) => Vec::new(),
        None => bundle_dirs(&content_files, config),
    };
    let content = content_files
        .into_iter()
        .map(|(rel, path)| classify(rel, path, config, &bundle_dirs))
        .collect();
    Ok(Discovered {
        content,
        static_files: walker.walk(&site_dir.join(STATIC_DIR))?,
        templates: walker.walk(&site_dir.join(TEMPLATES_DIR))?,
        i18n: walker.walk(&site_dir.join(I18N_DIR))?,
        problems: walker.problems,
    })
}

/// Walks the site's source directories under its [`LinkPolicy`].
struct Walker {
    policy: LinkPolicy,
    problems: Vec<Diagnostic>,
}

type Files = Vec<(String, PathBuf)>;

impl Walker {
    /// Files below `dir` as `(relative path, full path)`, sorted by path;
    /// hidden files and editor leftovers are skipped. A missing directory
    /// is empty; so is one that is a link the policy does not follow.
    fn walk(&mut self, dir: &Path) -> Result<Files> {
        let mut files = Vec::new();
        let Ok(meta) = std::fs::symlink_metadata(dir) else {
            return Ok(files);
        };
        let real = if meta.file_type().is_symlink() {
            match self.policy.follow(dir) {
                Ok(Followed::Dir(real)) => real,
                Ok(Followed::File) => return Ok(files),
                Err(problem) => {
                    self.problems.push(problem);
                    return Ok(files);
                }
            }
        } else if meta.is_dir() {
            dir.canonicalize().map_err(|e| Error::io(dir, e))?
        } else {
            return Ok(files);
        };
        self.walk_into(dir, "", &mut vec![real], &mut files)?;
        Ok(files)
    }

    /// Adds the files below `dir` to `files`, their paths prefixed with
    /// `prefix`. `chain` holds the resolved directories being walked through
    /// links, so a link back into one of them is not followed forever.
    fn walk_into(
        &mut self,
        dir: &Path,
        prefix: &str,
        chain: &mut Vec<PathBuf>,
        files: &mut Files,
    ) -> Result<()> {
        let entries = WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        for entry in entries {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                Error::io(
                    &path,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("file system loop")),
                )
            })?;
            let path = entry.path();
            let below = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let rel = if prefix.is_empty() {
                below
            } else {
                format!("{prefix}/{below}")
            };
            if entry.file_type().is_file() {
                files.push((rel, path.to_path_buf()));
            } else if entry.file_type().is_symlink() && entry.depth() > 0 {
                match self.policy.follow(path) {
                    Ok(Followed::File) => files.push((rel, path.to_path_buf())),
                    Ok(Followed::Dir(real)) => {
                        let holder = path.parent().and_then(|p| p.canonicalize().ok());
                        if chain.contains(&real) || holder.is_some_and(|h| h.starts_with(&real)) {
                            self.problems.push(Diagnostic::error(
                                path,
                                "symbolic link back into a directory that holds it: it is not followed",
                            ));
                            continue;
                        }
                        chain.push(real);
                        self.walk_into(path, &rel, chain, files)?;
                        chain.pop();
                    }
                    Err(problem) => self.problems.push(problem),
                }
            }
        }
        Ok(())
    }
}

/// The directory named for a language lectern knows (`en`, `zh-cn`) that
/// holds every content file of a site that declares no languages: a Hugo
/// site's `content/en/`, whose links leave the code out.
fn lone_language_dir<'a>(files: &'a [(String, PathBuf)], config: &Config) -> Option<&'a str> {
    if config.multilingual {
        return None;
    }
    let first = files.first()?.0.split_once('/')?.0;
    let all_inside = files
        .iter()
        .all(|(rel, _)| rel.strip_prefix(first).is_some_and(|r| r.starts_with('/')));
    (all_inside && crate::render::i18n::is_built_in(first)).then_some(first)
}

/// A file or directory name no build reads: hidden, an editor's leftover,
/// or one of the `.orig` copies that merges and `lectern check --fix-encoding`
/// leave.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".orig")
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Splits `name.ru.md` into `("name.md", "ru")` when `ru` is a configured
/// language of a multilingual site.
fn language_suffix<'a>(file_name: &'a str, config: &'a Config) -> Option<(String, &'a str)> {
    if !config.multilingual {
        return None;
    }
    let stem = file_name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    config
        .language(code)
        .map(|l| (format!("{base}.md"), l.code.as_str()))
}

/// Directories (content-relative) holding an `index.md` or `index.<lang>.md`.
fn bundle_dirs(files: &[(String, PathBuf)], config: &Config) -> Vec<String> {
    let mut dirs: Vec<String> = files
        .iter()
        .filter_map(|(rel, _)| {
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            let base = language_suffix(name, config).map_or(name.to_string(), |(b, _)| b);
            (base == "index.md").then(|| dir.to_string())
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

fn classify(rel: String, path: PathBuf, config: &Config, bundle_dirs: &[String]) -> SourceFile {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
    // Inside a bundle (below its index.md's directory) everything but the
    // index itself belongs to that page.
    let in_bundle = bundle_dirs
        .iter()
        .any(|b| is_within(&rel, b) && !(dir == b && is_index(name, config)));
    let is_md = name.ends_with(".md") && !in_bundle;

    let first = rel.split('/').next().unwrap_or("");
    let lang_dir = (config.multilingual && rel.contains('/'))
        .then(|| config.language(first))
        .flatten();
    let (lang, mut lang_rel, in_lang_dir) = match lang_dir {
        Some(l) => (
            Some(l.code.clone()),
            rel[first.len() + 1..].to_string(),
            true,
        ),
        None if !config.multilingual => (Some(config.default_language.clone()), rel.clone(), false),
        None => (None, rel.clone(), false),
    };
    let mut lang = lang;
    if is_md {
        if let Some((base, code)) = language_suffix(name, config) {
            if !in_lang_dir || lang.as_deref() == Some(code) {
                lang = Some(code.to_string());
                lang_rel = match lang_rel.rsplit_once('/') {
                    Some((d, _)) => format!("{d}/{base}"),
                    None => base,
                };
            }
        }
        if lang.is_none() {
            lang = Some(config.default_language.clone());
        }
    }
    let base_name = lang_rel.rsplit('/').next().unwrap_or("").to_string();
    let kind = if !is_md {
        FileKind::Asset
    } else if config.summary.is_some() {
        FileKind::Page
    } else if base_name == "_index.md" {
        FileKind::Section
    } else if base_name == "index.md" {
        FileKind::Bundle
    } else {
        FileKind::Page
    };
    SourceFile {
        path,
        content_rel: rel,
        lang,
        lang_rel,
        in_lang_dir,
        kind,
    }
}

fn is_index(name: &str, config: &Config) -> bool {
    name == "index.md" || language_suffix(name, config).is_some_and(|(b, _)| b == "index.md")
}

fn is_within(rel: &str, dir: &str) -> bool {
    dir.is_empty() || rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(multi: bool) -> Config {
        let text = if multi {
            "default_language = \"en\"\n[languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n"
        } else {
            ""
        };
        Config::parse(Path::new("site.toml"), text).unwrap()
    }

    fn kinds(files: &[&str], multi: bool) -> Vec<(String, Option<String>, String, FileKind)> {
        let cfg = config(multi);
        let files: Vec<(String, PathBuf)> = files
            .iter()
            .map(|f| (f.to_string(), PathBuf::from(f)))
            .collect();
        let bundles = bundle_dirs(&files, &cfg);
        files
            .into_iter()
            .map(|(rel, path)| classify(rel, path, &cfg, &bundles))
            .map(|f| (f.content_rel, f.lang, f.lang_rel, f.kind))
            .collect()
    }

    #[test]
    fn language_directories_and_bundles() {
        let got = kinds(
            &[
                "ru/_index.md",
                "ru/a/b.md",
                "ru/a/lesson/index.md",
                "ru/a/lesson/img.png",
                "ru/a/lesson/notes.md",
                "ru/a/pic.png",
                "logo.svg",
            ],
            true,
        );
        let want = [
            ("ru/_index.md", Some("ru"), "_index.md", FileKind::Section),
            ("ru/a/b.md", Some("ru"), "a/b.md", FileKind::Page),
            (
                "ru/a/lesson/index.md",
                Some("ru"),
                "a/lesson/index.md",
                FileKind::Bundle,
            ),
            (
                "ru/a/lesson/img.png",
                Some("ru"),
                "a/lesson/img.png",
                FileKind::Asset,
            ),
            (
                "ru/a/lesson/notes.md",
                Some("ru"),
                "a/lesson/notes.md",
                FileKind::Asset,
            ),
            ("ru/a/pic.png", Some("ru"), "a/pic.png", FileKind::Asset),
            ("logo.svg", None, "logo.svg", FileKind::Asset),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(r, l, lr, k)| (r.to_string(), l.map(String::from), lr.to_string(), *k))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn file_name_suffixes_with_dots_in_base_names() {
        let got = kinds(
            &[
                "v0.10.md",
                "v0.10.ru.md",
                "_index.ru.md",
                "guide/index.ru.md",
                "x.de.md",
            ],
            true,
        );
        let got: Vec<(&str, Option<&str>, &str, FileKind)> = got
            .iter()
            .map(|(r, l, lr, k)| (r.as_str(), l.as_deref(), lr.as_str(), *k))
            .collect();
        assert_eq!(
            got,
            [
                ("v0.10.md", Some("en"), "v0.10.md", FileKind::Page),
                ("v0.10.ru.md", Some("ru"), "v0.10.md", FileKind::Page),
                ("_index.ru.md", Some("ru"), "_index.md", FileKind::Section),
                (
                    "guide/index.ru.md",
                    Some("ru"),
                    "guide/index.md",
                    FileKind::Bundle
                ),
                ("x.de.md", Some("en"), "x.de.md", FileKind::Page),
            ]
        );
    }

    #[test]
    fn single_language_sites_ignore_suffixes() {
        let got = kinds(&["ru/x.md", "a.ru.md"], false);
        assert_eq!(got[0].1.as_deref(), Some("en"));
        assert_eq!(got[0].2, "ru/x.md");
        assert_eq!(got[1].2, "a.ru.md");
    }
}
