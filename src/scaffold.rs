//! `lectern init` and `lectern new`: the files of a new site and of a new
//! page. Existing files are never overwritten.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// Names of the languages lectern has interface strings for, in their own
/// language: what a new site's switcher shows.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("ja", "日本語"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("zh", "中文"),
];

/// The files of a new site in `languages` (the first is the default), as
/// `(path relative to the site, text)`.
pub fn site_files(languages: &[String]) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("site.toml"), site_toml(languages)),
        (PathBuf::from(".gitignore"), "/public/\n".to_string()),
    ];
    let multilingual = languages.len() > 1;
    for code in languages {
        let root = if multilingual {
            Path::new("content").join(code)
        } else {
            PathBuf::from("content")
        };
        files.push((
            root.join("_index.md"),
            page(
                "Welcome",
                "The home page of the course.",
                1,
                "Start with [the first lesson](getting-started/first-lesson.md).\n",
            ),
        ));
        files.push((
            root.join("getting-started/_index.md"),
            page(
                "Getting started",
                "What the first part of the course covers.",
                1,
                "A section is a folder with an `_index.md`; its pages are listed in the sidebar by weight.\n",
            ),
        ));
        files.push((
            root.join("getting-started/first-lesson.md"),
            page(
                "First lesson",
                "A page to copy for the next ones.",
                1,
                "## Writing\n\nPages are Markdown with front matter. Code is highlighted:\n\n\
                 ```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hello\")\n}\n```\n",
            ),
        ));
    }
    files
}

fn site_toml(languages: &[String]) -> String {
    let mut text = String::from(
        "# The site's settings; every key is optional (see the README's `site.toml` section).\n\
         title = \"My course\"\n\
         description = \"What readers learn here.\"\n\
         # Where the site is published: canonical links, the sitemap and URLs use it.\n\
         # base_url = \"https://example.org/course/\"\n",
    );
    if languages.len() > 1 {
        text.push_str(&format!(
            "default_language = \"{}\"\n\
             # The default language at the site root, the others under /<code>/, as Hugo does.\n\
             default_language_in_subdir = false\n",
            languages[0]
        ));
        for (weight, code) in languages.iter().enumerate() {
            let name = LANGUAGE_NAMES
                .iter()
                .find(|(c, _)| c == code)
                .map_or(code.as_str(), |(_, n)| n);
            text.push_str(&format!(
                "\n[languages.{code}]\nname = \"{name}\"\nweight = {}\n",
                weight + 1
            ));
        }
    }
    text.push_str(
        "\n[theme]\n\
         # Number sections and pages in the sidebar and titles (1, 1.1, …).\n\
         number_chapters = false\n",
    );
    text
}

fn page(title: &str, description: &str, weight: u32, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"{description}\"\nweight: {weight}\n---\n\n{body}"
    )
}

/// Writes `files` under `dir`, which must not hold a site already.
pub fn write_new(dir: &Path, files: &[(PathBuf, String)]) -> Result<()> {
    for marker in ["site.toml", "content"] {
        let path = under(dir, Path::new(marker));
        if path.exists() {
            return Err(refused(
                &path,
                "a site is here already; nothing was written",
            ));
        }
    }
    for (rel, text) in files {
        write_file(&under(dir, rel), text)?;
    }
    Ok(())
}

/// The file `lectern new PATH` writes, under `content/` unless `path`
/// starts there, and its text: front matter with the title made from the
/// file name (or its folder's, for `_index.md`), `date` and `draft: true`.
pub fn new_page(path: &Path, date: &str) -> Result<(PathBuf, String)> {
    if path.extension().and_then(|e| e.to_str()) != Some("md") || path.is_absolute() {
        return Err(Error::Usage(format!(
            "{}: give a Markdown file's path in the content tree, such as basics/loops.md",
            path.display()
        )));
    }
    let file = if path.starts_with("content") {
        path.to_path_buf()
    } else {
        Path::new("content").join(path)
    };
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let named = match stem {
        "_index" | "index" => file
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or(stem),
        _ => stem,
    };
    let text = format!(
        "---\ntitle: \"{}\"\ndescription: \"\"\ndate: {date}\ndraft: true\n---\n\n",
        title_of(named).replace('"', "\\\"")
    );
    Ok((file, text))
}

/// A title from a file name: `03-for-loops` → "For loops".
pub(crate) fn title_of(name: &str) -> String {
    let words = name
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        .replace(['-', '_'], " ");
    let words = if words.trim().is_empty() {
        name.to_string()
    } else {
        words
    };
    let mut chars = words.trim().chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `rel` in `dir`, named as the user would: without a leading `./`.
pub fn under(dir: &Path, rel: &Path) -> PathBuf {
    if dir == Path::new(".") {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

/// Writes a file that must not exist yet, with its folders.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(refused(
            path,
            "the file exists already; it was left as it is",
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

fn refused(path: &Path, why: &str) -> Error {
    Error::Content(vec![Diagnostic::error(path, why)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_of("03-for-loops"), "For loops");
        assert_eq!(title_of("06.10"), "06.10");
        assert_eq!(title_of("горутины"), "Горутины");
        assert_eq!(title_of("http_server"), "Http server");
    }

    #[test]
    fn a_new_page_is_a_draft_in_the_content_tree() {
        let (file, text) = new_page(Path::new("basics/02-loops.md"), "2026-11-24").unwrap();
        assert_eq!(file, Path::new("content/basics/02-loops.md"));
        assert_eq!(
            text,
            "---\ntitle: \"Loops\"\ndescription: \"\"\ndate: 2026-11-24\ndraft: true\n---\n\n"
        );
        let (file, text) =
            new_page(Path::new("content/ru/основы/_index.md"), "2026-11-24").unwrap();
        assert_eq!(file, Path::new("content/ru/основы/_index.md"));
        assert!(text.contains("title: \"Основы\""), "{text}");
        assert!(new_page(Path::new("notes.txt"), "2026-11-24").is_err());
    }
}
