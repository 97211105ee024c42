//! Reading one content file into a [`ParsedPage`], and the [`Page`] a site
//! is made of.

use std::collections::HashMap;
use std::sync::Arc;

use crate::cache_dir::{Digest, sha256};
use crate::content::discover::{FileKind, SourceFile};
use crate::content::front_matter::{self, FrontMatter, List};
use crate::error::Diagnostic;
use std::sync::OnceLock;

/// A content file read and checked, before it has a place in the site.
#[derive(Debug, Clone)]
pub(crate) struct ParsedPage {
    pub(crate) source: SourceFile,
    /// The whole file: BOM removed, line endings `\n`, tabs after closing
    /// code fences made spaces (see [`crate::markdown::untab_closing_fences`]).
    pub(crate) text: String,
    pub(crate) meta: FrontMatter,
    /// Byte offset of the Markdown body in `text`.
    pub(crate) body_offset: usize,
    /// Front matter title, else the first heading's text, else the file stem.
    pub(crate) title: String,
    /// The SHA-256 of `text`, once asked for (by the cache on disk).
    pub(crate) text_digest: OnceLock<Digest>,
}

/// Reads and parses a page, reporting every problem in it. A page with
/// problems is still returned when it can be read at all (fields in error
/// keep their defaults), so links to it and from it can be checked too.
pub(crate) fn parse(source: SourceFile) -> (Option<ParsedPage>, Vec<Diagnostic>) {
    let bytes = match std::fs::read(&source.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = Diagnostic::error(&source.path, format!("cannot read file: {e}"));
            return (None, vec![d]);
        }
    };
    let mut diagnostics = Vec::new();
    let text = decode(&source, bytes, &mut diagnostics);
    let (split, meta) = match front_matter::split(&text) {
        Ok(split) => {
            let (meta, errors) = front_matter::parse(&split);
            diagnostics.extend(errors.into_iter().map(|e| {
                Diagnostic::error(&source.path, format!("front matter: {}", e.message)).at(
                    &text,
                    split.front_line + e.line - 1,
                    e.col,
                )
            }));
            (split, meta)
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(&source.path, format!("front matter: {}", e.message))
                    .at(&text, e.line, e.col),
            );
            (
                front_matter::Split::body_only(&text),
                FrontMatter::default(),
            )
        }
    };
    let body_offset = text.len() - split.body.len();
    let mut text = text;
    crate::markdown::untab_closing_fences(&mut text, body_offset);
    let title = meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| crate::markdown::first_heading(&text[body_offset..]))
        .unwrap_or_else(|| fallback_title(&source));
    let page = ParsedPage {
        source,
        text,
        meta,
        body_offset,
        title,
        text_digest: OnceLock::new(),
    };
    (Some(page), diagnostics)
}

impl ParsedPage {
    /// The SHA-256 of the page's text, which the cache on disk keys what
    /// is made from it by.
    pub(crate) fn text_digest(&self) -> &Digest {
        self.text_digest
            .get_or_init(|| sha256(self.text.as_bytes()))
    }

    /// This page with the front matter of `inherited` (its sections'
    /// `cascade`) where its own has none. Problems in the inherited values
    /// are the cascading section's, reported there.
    pub(crate) fn inheriting(
        &self,
        inherited: &serde_json::Map<String, serde_json::Value>,
    ) -> ParsedPage {
        let mut page = self.clone();
        if let Ok(split) = front_matter::split(&self.text) {
            page.meta = front_matter::inherit(&split, inherited).0;
        }
        page
    }

    /// File line and column of the value of front matter `key`.
    pub(crate) fn locate(&self, key: &str) -> Option<(usize, usize)> {
        let split = front_matter::split(&self.text).ok()?;
        let (line, col) = front_matter::find_key(split.front, key)?;
        Some((split.front_line + line - 1, col))
    }

    /// File line and column of the value of each top-level front matter
    /// key, found in one pass.
    pub(crate) fn locate_keys(&self) -> HashMap<&str, (usize, usize)> {
        let mut out = HashMap::new();
        if let Ok(split) = front_matter::split(&self.text) {
            for (key, line, col) in front_matter::keys(split.front) {
                out.entry(key).or_insert((split.front_line + line - 1, col));
            }
        }
        out
    }

    /// Byte offsets in the file of `items`, the entries of the list under
    /// front matter `key`, found in one pass: each after the one before.
    /// From the first not written as it reads (quoted with escapes), the
    /// rest are not looked for.
    pub(crate) fn locate_items(&self, key: &str, items: &[String]) -> Vec<Option<usize>> {
        let mut out = vec![None; items.len()];
        let Ok(split) = front_matter::split(&self.text) else {
            return out;
        };
        let Some((line, _)) = front_matter::find_key(split.front, key) else {
            return out;
        };
        let front = split.front;
        // `front` is a slice of the file's text.
        let base = front.as_ptr() as usize - self.text.as_ptr() as usize;
        let mut from: usize = front
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        for (item, place) in items.iter().zip(&mut out) {
            let Some(at) = front[from..].find(item.as_str()) else {
                break;
            };
            *place = Some(base + from + at);
            from += at + item.len();
        }
        out
    }
}

/// UTF-8 text without a byte-order mark and with `\n` line endings. Bytes
/// that are not UTF-8 are an error naming the encoding they most likely
/// are, and are read as that encoding so the build can go on.
fn decode(source: &SourceFile, bytes: Vec<u8>, diagnostics: &mut Vec<Diagnostic>) -> String {
    let (text, error) = crate::encoding::read_text(&source.path, bytes, source.lang.as_deref());
    diagnostics.extend(error);
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The title of a page with no front matter title and no heading: its file
/// stem, or the directory name for `index.md` and `_index.md`.
fn fallback_title(source: &SourceFile) -> String {
    match source.kind {
        FileKind::Page => source.stem().to_string(),
        _ => {
            let dir = source.lang_dir();
            let name = dir.rsplit('/').next().unwrap_or(dir);
            directory_title(name)
        }
    }
}

/// A readable title from a directory name: `charpter-1` → `Charpter 1`.
pub(crate) fn directory_title(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) type PageId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// A language's home page.
    Home,
    /// A directory: its `_index.md` or an implicit one.
    Section,
    /// A page file or a bundle's `index.md`.
    Leaf,
    /// A taxonomy's list of terms (`/tags/`).
    Taxonomy,
    /// A taxonomy term's list of pages (`/tags/go/`).
    Term,
}

/// A page placed in its language's tree. Sections and leaves share the type.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) id: PageId,
    pub(crate) kind: PageKind,
    /// `None` for a section without an `_index.md`. Shared, so a rebuild
    /// can reuse the pages whose files did not change.
    pub(crate) parsed: Option<Arc<ParsedPage>>,
    pub(crate) title: String,
    /// Relative to the language root, `/`-separated: the section's
    /// directory, or the directory of a leaf's file (a bundle's own). As
    /// [`SourceFile::lang_dir`], also for a section without `_index.md`.
    pub(crate) lang_dir: String,
    /// The output directory holding the page's `index.html`, relative to
    /// the output root, `/`-separated, not percent-encoded, without slashes
    /// at the ends (`ru/основы/intro`; empty for a single-language home).
    pub(crate) path: String,
    /// What links to the page: `path` percent-encoded, below the base path,
    /// ending in `/` (`/course/ru/%D0%BE%D1%81%D0%BD%D0%BE%D0%B2%D1%8B/intro/`).
    pub(crate) url: String,
    pub(crate) parent: Option<PageId>,
    pub(crate) children: Vec<PageId>,
    /// A book chapter's title in its summary (mdBook's `SUMMARY.md` link
    /// text): its short title, unless front matter gives `linkTitle`.
    pub(crate) summary_title: Option<String>,
    /// The whole `<title>` a book chapter gives itself (`{{#title …}}`).
    pub(crate) head_title: Option<String>,
    pub(crate) prev: Option<PageId>,
    pub(crate) next: Option<PageId>,
    /// The same page in other languages, in site language order.
    pub(crate) translations: Vec<PageRef>,
    /// A default-language page shown in a language that lacks it
    /// (`untranslated = "fallback"`).
    pub(crate) fallback: bool,
    /// Fallback copies of this page in languages that lack it.
    pub(crate) fallback_copies: Vec<PageRef>,
    /// In the sidebar, its section's listing and the previous/next chain:
    /// not `hidden` (nor under a hidden section) and not `build.list: never`.
    pub(crate) in_nav: bool,
    /// The pages of the taxonomy terms this page carries, in taxonomy
    /// order.
    pub(crate) terms: Vec<PageId>,
    /// What a taxonomy's page lists (its terms' pages) and what a term's
    /// page lists (the pages carrying it), in order.
    pub(crate) listing: Vec<PageId>,
}

impl Page {
    pub(crate) fn meta(&self) -> Option<&FrontMatter> {
        self.parsed.as_ref().map(|p| &p.meta)
    }

    /// The short title for the sidebar, breadcrumbs and previous/next
    /// links: front matter `linkTitle`, else a book's summary title, else
    /// the title.
    pub(crate) fn link_title(&self) -> &str {
        self.meta()
            .and_then(|m| m.link_title.as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .or(self.summary_title.as_deref())
            .unwrap_or(&self.title)
    }

    /// Hugo's `build.list`: where the page is listed.
    pub(crate) fn list(&self) -> List {
        self.meta().map_or(List::Always, |m| m.build.list)
    }

    pub(crate) fn weight(&self) -> i64 {
        self.meta().map_or(0, |m| m.weight)
    }

    /// A section or a bundle's page: its output directory takes the files
    /// beside its source, and links to its directory mean it.
    pub(crate) fn owns_dir(&self) -> bool {
        self.kind != PageKind::Leaf
            || self
                .parsed
                .as_ref()
                .is_some_and(|p| p.source.kind == FileKind::Bundle)
    }

    /// This page in language `lang`, if translated.
    pub(crate) fn translation_in(&self, lang: usize) -> Option<PageRef> {
        self.translations.iter().find(|t| t.lang == lang).copied()
    }

    /// What a reader of `lang` gets for this page: its translation, else a
    /// fallback copy.
    pub(crate) fn version_in(&self, lang: usize) -> Option<PageRef> {
        self.translation_in(lang).or_else(|| {
            self.fallback_copies
                .iter()
                .find(|t| t.lang == lang)
                .copied()
        })
    }

    /// The content file, for messages.
    pub(crate) fn source_path(&self) -> Option<&std::path::Path> {
        self.parsed.as_ref().map(|p| p.source.path.as_path())
    }
}

/// A page in some language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRef {
    pub(crate) lang: usize,
    pub(crate) page: PageId,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A page that parses without problems.
    fn clean(source: SourceFile) -> ParsedPage {
        let (page, diagnostics) = parse(source);
        assert_eq!(diagnostics, []);
        page.unwrap()
    }

    fn problems(source: SourceFile) -> Vec<Diagnostic> {
        let (page, diagnostics) = parse(source);
        assert!(page.is_some(), "a readable file still gives a page");
        diagnostics
    }

    fn source(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> SourceFile {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        SourceFile {
            path,
            content_rel: name.to_string(),
            lang: Some("en".into()),
            lang_rel: name.to_string(),
            in_lang_dir: false,
            kind: FileKind::Page,
        }
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let p = clean(source(
            &dir,
            "a.md",
            b"\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\n# H\r\n",
        ));
        assert_eq!(p.title, "T");
        assert_eq!(&p.text[p.body_offset..], "# H\n");
    }

    #[test]
    fn title_falls_back_to_heading_then_stem() {
        let dir = tempfile::tempdir().unwrap();
        let p = clean(source(
            &dir,
            "06.10.md",
            b"Intro\n\n## Using **sync** and [`Mutex`](x.md)\n",
        ));
        assert_eq!(p.title, "Using sync and Mutex");
        let p = clean(source(&dir, "06.11.md", b"no heading\n"));
        assert_eq!(p.title, "06.11");
        let p = clean(source(&dir, "e.md", b"---\ntitle: \"\"\n---\n"));
        assert_eq!(p.title, "e");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let errs = problems(source(&dir, "bad.md", b"ok\nab\xE0\xE1\n"));
        assert_eq!((errs[0].line, errs[0].col), (2, 3));
        assert!(
            errs[0].message.contains("not valid UTF-8 (byte 5)"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn legacy_encodings_are_named_and_read_on() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "---\ntitle: Основы\n---\nЭто урок о базах данных: подключение, запросы и миграции.\n";
        let bytes = encoding_rs::WINDOWS_1251.encode(text).0;
        let (page, errs) = parse(source(&dir, "cp1251.md", &bytes));
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (2, 8));
        assert!(
            errs[0].message.starts_with(
                "not valid UTF-8 (byte 11); it looks like Windows-1251 (Cyrillic): convert it, e.g. `iconv -f windows-1251 -t UTF-8`"
            ),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].source_line.as_deref(), Some("title: Основы"));
        assert_eq!(page.unwrap().title, "Основы");
    }

    #[test]
    fn front_matter_values_are_located_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = clean(source(
            &dir,
            "a.md",
            b"---\ntitle: A\naliases:\n  - /old/\n  - /older/\nweight: 2\n---\n",
        ));
        assert_eq!(p.locate("weight"), Some((6, 9)));
        assert_eq!(p.locate("slug"), None);
        let items = ["/old/", "/older/", "/gone/"].map(String::from);
        let at = p.locate_items("aliases", &items);
        assert_eq!(at, [Some(26), Some(36), None]);
        assert_eq!(crate::error::line_col(&p.text, 36), (5, 5));
    }

    #[test]
    fn front_matter_errors_are_file_lines() {
        let dir = tempfile::tempdir().unwrap();
        let errs = problems(source(
            &dir,
            "b.md",
            "---\nweight: 1\ntitle: [Основы]\n---\n".as_bytes(),
        ));
        assert_eq!(
            errs[0].to_string().lines().next().unwrap(),
            format!(
                "error: {}:3:8: front matter: expected text, found a list for `title`",
                PathBuf::from(dir.path()).join("b.md").display()
            )
        );
    }

    #[test]
    fn directory_titles_are_readable() {
        assert_eq!(directory_title("charpter-1"), "Charpter 1");
        assert_eq!(directory_title("основы_go"), "Основы go");
    }
}
