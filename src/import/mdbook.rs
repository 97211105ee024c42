//! `lectern import mdbook BOOK_DIR`: an mdBook's `book.toml` as the
//! `site.toml` of a book lectern builds where it stands. The chapters stay
//! as they are: `content_dir` names the book's `src`, and `summary` makes
//! its `SUMMARY.md` give the pages, their order, nesting and titles.

use std::path::Path;

use super::{Imported, quoted};
use crate::error::{Diagnostic, Error, Result};

const BOOK_TOML: &str = "book.toml";

/// Reads `book_dir/book.toml` (and looks at the book around it).
pub fn import(book_dir: &Path) -> Result<Imported> {
    let path = crate::scaffold::under(book_dir, Path::new(BOOK_TOML));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Content(vec![Diagnostic::error(
                &path,
                "there is no book.toml here, so this is not an mdBook book (give the directory that holds book.toml)",
            )]));
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let d = Diagnostic::error(&path, e.message().trim().to_string());
        Error::Content(vec![match e.span() {
            Some(span) => d.at_offset(&text, span.start),
            None => d,
        }])
    })?;
    let mut book = Book {
        dir: book_dir,
        file: path.display().to_string(),
        text: &text,
        out: Out::default(),
        notes: Vec::new(),
    };
    book.read(&table);
    // In the order of book.toml's lines; what is not in it, last.
    book.notes
        .sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
    book.look_around(book_dir);
    Ok(Imported {
        site_toml: book.out.write(),
        notes: book
            .notes
            .into_iter()
            .map(|(_, note)| format!("note: {note}"))
            .collect(),
        read: vec![BOOK_TOML.to_string()],
    })
}

/// What becomes of `book.toml`: `site.toml`'s settings.
#[derive(Default)]
struct Out {
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
    content_dir: String,
    smart_punctuation: Option<bool>,
    math_off: bool,
    search_off: bool,
    number_chapters: bool,
    collapse_sections: bool,
    edit_url: Option<String>,
    custom_css: Vec<String>,
    menu: Option<(String, String)>,
    authors: Vec<String>,
    /// `[output.html.code.hidelines]`: language → prefix.
    hidden_lines: Vec<(String, String)>,
}

impl Out {
    fn write(&self) -> String {
        let mut t = String::from(
            "# Made by `lectern import mdbook` from book.toml, which mdBook still reads.\n\
             # The chapters stay where they are: content_dir is the book's source\n\
             # directory, and its SUMMARY.md gives the pages, their order and titles.\n",
        );
        let mut line = |key: &str, value: String| t.push_str(&format!("{key} = {value}\n"));
        if let Some(title) = &self.title {
            line("title", quoted(title));
        }
        if let Some(description) = &self.description {
            line("description", quoted(description));
        }
        if let Some(base_url) = &self.base_url {
            line("base_url", quoted(base_url));
        }
        if let Some(language) = &self.language {
            line("default_language", quoted(language));
        }
        line("content_dir", quoted(&self.content_dir));
        line("summary", quoted("SUMMARY.md"));
        if let Some(smart) = self.smart_punctuation {
            line("smart_punctuation", smart.to_string());
        }
        if self.math_off {
            t.push_str("# mdBook reads no math without mathjax-support: dollar signs stay text.\n");
            t.push_str("math = \"off\"\n");
        }
        if self.search_off {
            t.push_str("search = false\n");
        }
        if let Some((name, url)) = &self.menu {
            t.push_str(&format!(
                "menu = [{{ name = {}, url = {} }}]\n",
                quoted(name),
                quoted(url)
            ));
        }
        if !self.hidden_lines.is_empty() {
            let pairs: Vec<String> = self
                .hidden_lines
                .iter()
                .map(|(lang, prefix)| format!("{} = {}", quoted(lang), quoted(prefix)))
                .collect();
            t.push_str(&format!("hidden_lines = {{ {} }}\n", pairs.join(", ")));
        }
        if !self.authors.is_empty() {
            let authors: Vec<String> = self.authors.iter().map(|a| quoted(a)).collect();
            t.push_str(&format!("\n[params]\nauthors = [{}]\n", authors.join(", ")));
        }
        t.push_str("\n[theme]\n");
        t.push_str(&format!("number_chapters = {}\n", self.number_chapters));
        if self.collapse_sections {
            t.push_str("collapse_sections = true\n");
        }
        if let Some(edit_url) = &self.edit_url {
            t.push_str(&format!("edit_url = {}\n", quoted(edit_url)));
        }
        if !self.custom_css.is_empty() {
            let css: Vec<String> = self.custom_css.iter().map(|c| quoted(c)).collect();
            t.push_str(&format!("custom_css = [{}]\n", css.join(", ")));
        }
        t
    }
}

struct Book<'a> {
    dir: &'a Path,
    /// `book.toml` as the user names it, for notes.
    file: String,
    text: &'a str,
    out: Out,
    /// Each with its line in book.toml, if found.
    notes: Vec<(Option<usize>, String)>,
}

impl Book<'_> {
    /// A setting that does not carry over, and why.
    fn note(&mut self, key: &str, why: &str) {
        let line = locate(self.text, key);
        let place = match line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        };
        let note = format!("{place}: `{key}` is not carried over: {why}");
        self.notes.push((line, note));
    }

    fn read(&mut self, table: &toml::Table) {
        self.out.content_dir = "src".into();
        // mdBook numbers chapters unless told not to.
        self.out.number_chapters = true;
        self.out.math_off = true;
        for (key, value) in table {
            match (key.as_str(), value.as_table()) {
                ("book", Some(book)) => self.book(book),
                ("output", Some(outputs)) => {
                    for (name, output) in outputs {
                        match (name.as_str(), output.as_table()) {
                            ("html", Some(html)) => self.html(html, "output.html"),
                            ("linkcheck", _) => self.note(
                                "output.linkcheck",
                                "lectern checks every link itself, in `lectern build` and `lectern check` (add `--external` for links to other sites)",
                            ),
                            (other, _) => self.note(
                                &format!("output.{other}"),
                                "lectern writes HTML alone; other renderers do not run",
                            ),
                        }
                    }
                }
                ("preprocessor", Some(preprocessors)) => {
                    for name in preprocessors.keys() {
                        self.preprocessor(name);
                    }
                }
                ("rust", Some(rust)) => {
                    for key in rust.keys() {
                        self.note(
                            &format!("rust.{key}"),
                            "lectern does not compile or run code examples (`mdbook test`); Rust code is highlighted and its hidden lines left out",
                        );
                    }
                }
                ("build", Some(build)) => {
                    for key in build.keys() {
                        let why = match key.as_str() {
                            "build-dir" => {
                                "lectern writes the site to public/ (`lectern build --output DIR` for another)"
                            }
                            "create-missing" => {
                                "lectern never creates chapters: a chapter whose file is missing is an error at its line of SUMMARY.md"
                            }
                            "use-default-preprocessors" => {
                                "lectern always expands {{#include}}, {{#rustdoc_include}}, {{#playground}} and {{#title}}"
                            }
                            "extra-watch-dirs" => {
                                "`lectern serve` watches the site's own directories; files outside them are not watched"
                            }
                            _ => "lectern has no such setting",
                        };
                        self.note(&format!("build.{key}"), why);
                    }
                }
                (other, _) => self.note(other, "lectern has no such setting"),
            }
        }
    }

    fn book(&mut self, book: &toml::Table) {
        for (key, value) in book {
            let text = value.as_str().map(str::to_string);
            match key.as_str() {
                "title" => self.out.title = text,
                "description" => self.out.description = text,
                "language" => self.out.language = text.filter(|l| valid_code(l)),
                "src" => {
                    if let Some(src) = text {
                        self.out.content_dir = src.trim_matches('/').to_string();
                    }
                }
                "authors" => {
                    let authors = value.as_array().map(Vec::as_slice).unwrap_or_default();
                    self.out.authors = authors
                        .iter()
                        .filter_map(|a| a.as_str().map(str::to_string))
                        .collect();
                }
                "text-direction" => self.note(
                    "book.text-direction",
                    "lectern takes the direction from the language (right to left for ar, fa, he, ur and others); another one needs `[languages.CODE] dir = …`, which puts the pages under content_dir/CODE/",
                ),
                "multilingual" => {}
                other => self.note(&format!("book.{other}"), "lectern has no such setting"),
            }
        }
    }

    /// `[output.html]` and its tables.
    fn html(&mut self, html: &toml::Table, at: &str) {
        for (key, value) in html {
            let dotted = format!("{at}.{key}");
            let text = value.as_str();
            match key.as_str() {
                "site-url" => self.out.base_url = text.map(str::to_string),
                "smart-punctuation" | "curly-quotes" => {
                    self.out.smart_punctuation = value.as_bool();
                }
                "mathjax-support" => self.out.math_off = value.as_bool() != Some(true),
                "no-section-label" => self.out.number_chapters = value.as_bool() != Some(true),
                "git-repository-url" => {
                    if let Some(url) = text {
                        let name = if url.contains("github.com") {
                            "GitHub"
                        } else if url.contains("gitlab") {
                            "GitLab"
                        } else {
                            "Repository"
                        };
                        self.out.menu = Some((name.to_string(), url.to_string()));
                    }
                }
                "git-repository-icon" => {}
                "edit-url-template" => match text.and_then(|t| t.strip_suffix("{path}")) {
                    Some(prefix) => {
                        // mdBook's `{path}` starts at the book; lectern's
                        // edit links add the path below content_dir.
                        self.out.edit_url = Some(format!("{prefix}{}/", self.out.content_dir));
                    }
                    None => self.note(
                        &dotted,
                        "lectern's edit links are `theme.edit_url` followed by the page's path, so a template with anything after {path} cannot be carried",
                    ),
                },
                "additional-css" => {
                    let files = value.as_array().map(Vec::as_slice).unwrap_or_default();
                    for file in files.iter().filter_map(toml::Value::as_str) {
                        self.css(&dotted, file);
                    }
                }
                "fold" => {
                    let enabled = value
                        .get("enable")
                        .and_then(toml::Value::as_bool)
                        .unwrap_or(false);
                    self.out.collapse_sections = enabled;
                    if value.get("level").is_some() {
                        self.note(
                            &format!("{dotted}.level"),
                            "lectern's sidebar folds every section but the one being read (`theme.collapse_sections`)",
                        );
                    }
                }
                "search" => {
                    let table = value.as_table().cloned().unwrap_or_default();
                    for (option, v) in &table {
                        if option == "enable" {
                            self.out.search_off = v.as_bool() == Some(false);
                        } else {
                            self.note(
                                &format!("{dotted}.{option}"),
                                "lectern's search index is made its own way: every page's sections, ranked by title, heading and text",
                            );
                        }
                    }
                }
                "redirect" => {
                    let table = value.as_table().cloned().unwrap_or_default();
                    for (from, to) in &table {
                        let to = to.as_str().unwrap_or_default();
                        let why = match redirected_chapter(from, to) {
                            Some(chapter) => {
                                // mdBook writes README.md as index.html too.
                                let src = Path::new(&self.out.content_dir);
                                let dir = chapter.strip_suffix("index.md");
                                let readme = dir
                                    .filter(|d| d.is_empty() || d.ends_with('/'))
                                    .map(|d| src.join(format!("{d}README.md")))
                                    .filter(|r| self.dir.join(r).is_file());
                                let file = readme.unwrap_or_else(|| src.join(&chapter));
                                format!(
                                    "lectern writes redirects from the front matter of the page they lead to: add `aliases: [\"{from}\"]` to {}",
                                    file.display()
                                )
                            }
                            None => format!("lectern writes redirects to its own pages only, not to {to}"),
                        };
                        self.note(&format!("{dotted}.\"{from}\""), &why);
                    }
                }
                "code" => {
                    let table = value.as_table().cloned().unwrap_or_default();
                    for (option, v) in &table {
                        match (option.as_str(), v.as_table()) {
                            ("hidelines", Some(prefixes)) => {
                                self.out.hidden_lines = prefixes
                                    .iter()
                                    .filter_map(|(l, p)| Some((l.clone(), p.as_str()?.to_string())))
                                    .collect();
                            }
                            _ => self.note(&format!("{dotted}.{option}"), "lectern has no such setting"),
                        }
                    }
                }
                "playground" => self.note(
                    &dotted,
                    "lectern's code blocks have no play button nor editor: code is shown highlighted",
                ),
                "print" => self.note(&dotted, "lectern writes no print page of the whole book"),
                "default-theme" | "preferred-dark-theme" => self.note(
                    &dotted,
                    "lectern's theme is light or dark as the reader's system is, with a button to switch",
                ),
                "theme" => self.note(
                    &dotted,
                    "mdBook's Handlebars theme does not apply; lectern's theme is overridden file by file in templates/ (Tera)",
                ),
                "additional-js" => self.note(
                    &dotted,
                    "add scripts in a template: a site templates/page.html with {% extends \"base.html\" %} and a `head` block",
                ),
                "input-404" => self.note(
                    &dotted,
                    "lectern's 404 page comes from the theme's 404.html template (override it in templates/)",
                ),
                "cname" => self.note(&dotted, "put a CNAME file in static/: it is copied to the site's root"),
                "hash-files" => self.note(
                    &dotted,
                    "lectern's theme files keep their names (style.css, theme.js)",
                ),
                "copy-fonts" => self.note(&dotted, "lectern's theme uses the reader's system fonts"),
                "live-reload-endpoint" => {
                    self.note(&dotted, "`lectern serve` reloads pages over its own endpoint")
                }
                _ => self.note(&dotted, "lectern has no such setting"),
            }
        }
    }

    /// A stylesheet of `additional-css`, relative to the book: served from
    /// where a build copies it, when it is in the content directory.
    fn css(&mut self, key: &str, file: &str) {
        let file = file.trim_start_matches("./");
        match file
            .strip_prefix(&self.out.content_dir)
            .and_then(|f| f.strip_prefix('/'))
        {
            Some(inside) => self.out.custom_css.push(format!("/{inside}")),
            None => self.note(
                key,
                &format!(
                    "{file} is outside {}/, so no build copies it: copy it into static/ and add \"/{}\" to `custom_css` under [theme]",
                    self.out.content_dir,
                    file.rsplit('/').next().unwrap_or(file)
                ),
            ),
        }
    }

    fn preprocessor(&mut self, name: &str) {
        let why = match name {
            "links" | "index" => return,
            "katex" | "mathjax" => {
                "lectern turns $…$ and \\(…\\) into MathML itself (`math` in site.toml)"
            }
            "mermaid" => "lectern draws ```mermaid blocks itself",
            "admonish" => {
                "write GitHub alerts (> [!NOTE]) or the `hint` shortcode instead of ```admonish blocks"
            }
            "toc" => "write the `toc` shortcode ({{< toc >}}) where the table of contents goes",
            _ => "lectern runs no preprocessors; what it does to the chapters is not done",
        };
        self.note(&format!("preprocessor.{name}"), why);
    }

    /// What besides `book.toml` mdBook reads that lectern does not.
    fn look_around(&mut self, book_dir: &Path) {
        let src = book_dir.join(&self.out.content_dir);
        let mut note = |text: String| self.notes.push((None, text));
        if !src.join("SUMMARY.md").is_file() {
            note(format!(
                "{}: there is no SUMMARY.md; lectern builds a book from it, and mdBook would have made one",
                src.display()
            ));
        }
        if book_dir.join("theme").is_dir() {
            note(format!(
                "{}: mdBook's theme files are not used; lectern's theme is overridden file by file in templates/ (Tera)",
                book_dir.join("theme").display()
            ));
        }
        if src.join("404.md").is_file() {
            note(format!(
                "{}: lectern's 404 page comes from the theme's 404.html template, not from this chapter",
                src.join("404.md").display()
            ));
        }
    }
}

/// The chapter file (relative to the book's source) of the page a
/// redirect of `[output.html.redirect]` leads to: `to` is relative to
/// `from`'s directory, or from the book's root; `None` for another site.
fn redirected_chapter(from: &str, to: &str) -> Option<String> {
    if crate::content::links::has_scheme(to) || to.starts_with("//") {
        return None;
    }
    let to = to.split(['#', '?']).next().unwrap_or(to);
    let joined = match to.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => {
            let dir = from
                .trim_start_matches('/')
                .rsplit_once('/')
                .map_or("", |(d, _)| d);
            format!("{dir}/{to}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let page = parts.join("/");
    Some(match page.strip_suffix("index.html") {
        Some(dir) => format!("{dir}index.md"),
        None => format!("{}.md", page.strip_suffix(".html").unwrap_or(&page)),
    })
}

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The line of `text` (a TOML file) that sets dotted `key`: its table's
/// header, or its own line below the header of the table holding it.
fn locate(text: &str, key: &str) -> Option<usize> {
    let bare = |k: &str| k.trim_matches('"').to_string();
    let parts: Vec<String> = split_key(key).into_iter().map(|p| bare(&p)).collect();
    let mut table: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = split_key(header.trim_matches(['[', ']']))
                .iter()
                .map(|p| bare(p))
                .collect();
            if table == parts {
                return Some(i + 1);
            }
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let mut full = table.clone();
        full.extend(split_key(name.trim()).iter().map(|p| bare(p)));
        if full == parts || (full.len() < parts.len() && parts.starts_with(&full)) {
            return Some(i + 1);
        }
    }
    None
}

/// A dotted TOML key's parts, quoted parts kept whole.
fn split_key(key: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut quoted = false;
    for c in key.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                part.push(c);
            }
            '.' if !quoted => parts.push(std::mem::take(&mut part).trim().to_string()),
            c => part.push(c),
        }
    }
    parts.push(part.trim().to_string());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_placed_in_book_toml() {
        let text = "[book]\ntitle = \"x\"\n\n[output.html]\nhash-files = true\n\n[output.html.playground]\neditable = true\n\n[output.html.redirect]\n\"/a.html\" = \"b.html\"\n";
        assert_eq!(locate(text, "book.title"), Some(2));
        assert_eq!(locate(text, "output.html.hash-files"), Some(5));
        assert_eq!(locate(text, "output.html.playground"), Some(7));
        assert_eq!(locate(text, "output.html.redirect.\"/a.html\""), Some(11));
        assert_eq!(locate(text, "rust.edition"), None);
    }

    #[test]
    fn redirects_lead_to_chapters() {
        let chapter = |from, to| redirected_chapter(from, to);
        assert_eq!(
            chapter("/format/config.html", "configuration/index.html").as_deref(),
            Some("format/configuration/index.md")
        );
        assert_eq!(chapter("/a/b.html", "../c.html#x").as_deref(), Some("c.md"));
        assert_eq!(chapter("/a.html", "https://example.org/"), None);
    }
}
