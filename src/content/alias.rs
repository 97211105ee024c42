//! Where an alias from front matter is written, or why it cannot be. Pure.

use crate::config::Config;
use crate::render::SITE_FILES;

/// The output file for `written`, an alias in a page whose directory is
/// written to `dir` (relative to the output root): from the site root when
/// it starts with `/` (the `base_url` path, if it starts with it, removed),
/// else from that directory, as in Hugo. `Err` is the reason it cannot be:
/// not a path inside the site, a hidden part, a control character, or a
/// clash with a file the build writes itself.
pub(crate) fn output_file(written: &str, dir: &str, config: &Config) -> Result<String, String> {
    let trimmed = written.trim();
    let relative;
    let path = match trimmed.strip_prefix('/') {
        Some(abs) => without_base(abs, config.base_path().trim_matches('/')),
        None if dir.is_empty() => trimmed,
        None => {
            relative = format!("{dir}/{trimmed}");
            &relative
        }
    };
    let parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") || path.contains(['?', '#']) {
        return Err(format!("alias {written:?} is not a path inside the site"));
    }
    if path.chars().any(char::is_control) {
        return Err(format!("alias {written:?} contains a control character"));
    }
    if parts.iter().any(|s| s.starts_with('.')) {
        return Err(format!(
            "alias {written:?} has a hidden part (starting with `.`), which lectern does not write"
        ));
    }
    let path = parts.join("/");
    let file = if path.ends_with(".html") {
        path
    } else {
        format!("{path}/index.html")
    };
    if let Some(taken) = reserved(config).find(|taken| claims(&file, taken)) {
        return Err(format!(
            "alias {written:?} would overwrite {taken}, which the build writes"
        ));
    }
    Ok(file)
}

/// `abs` without the `base` path it starts with, as whole parts
/// (`course/x` → `x`, but `coursework/x` stays).
fn without_base<'a>(abs: &'a str, base: &str) -> &'a str {
    match abs.strip_prefix(base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest,
        _ => abs,
    }
}

/// Paths the build writes itself: its own files, the theme's, the page
/// that picks a language, and each language's search index directory and
/// 404 page.
fn reserved(config: &Config) -> impl Iterator<Item = String> + '_ {
    let theme = crate::render::templates::THEME_STATIC
        .iter()
        .map(|(path, _)| path.to_string());
    let chooser = (config.multilingual && config.default_language_in_subdir)
        .then(|| "index.html".to_string());
    let search: Vec<String> = config
        .languages
        .iter()
        .flat_map(|l| match config.language_root(&l.code) {
            "" => vec!["search".to_string()],
            root => vec![format!("{root}/search"), format!("{root}/404.html")],
        })
        .collect();
    SITE_FILES
        .iter()
        .map(|f| f.to_string())
        .chain(theme)
        .chain(chooser)
        .chain(search)
}

/// Whether writing `file` would write or replace `taken`, or need a
/// directory where `taken` is a file.
fn claims(file: &str, taken: &str) -> bool {
    file == taken
        || file
            .strip_prefix(taken)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> Config {
        Config::parse(Path::new("site.toml"), text).unwrap()
    }

    #[test]
    fn aliases_that_would_overwrite_the_site_or_hide_are_refused() {
        let single = config("");
        let refused = |alias: &str| output_file(alias, "", &single).unwrap_err();
        assert_eq!(
            refused("/.lectern/"),
            "alias \"/.lectern/\" has a hidden part (starting with `.`), which lectern does not write"
        );
        assert_eq!(
            refused("/sitemap.xml/"),
            "alias \"/sitemap.xml/\" would overwrite sitemap.xml, which the build writes"
        );
        assert_eq!(
            refused("/404.html"),
            "alias \"/404.html\" would overwrite 404.html, which the build writes"
        );
        assert!(refused("/style.css").contains("would overwrite style.css"));
        assert!(refused("/search/old/").contains("would overwrite search,"));
        assert_eq!(
            refused("/a\0b/"),
            "alias \"/a\\0b/\" contains a control character"
        );
        assert!(refused("x/../../y").contains("is not a path inside the site"));
        assert_eq!(
            output_file("/searching/", "", &single).unwrap(),
            "searching/index.html"
        );
        assert_eq!(output_file("/old.html", "", &single).unwrap(), "old.html");

        let multi =
            config("[languages.en]\nname = \"English\"\n[languages.ru]\nname = \"Русский\"\n");
        assert!(output_file("/index.html", "en", &multi).is_err());
        assert!(
            output_file("search/", "ru", &multi)
                .unwrap_err()
                .contains("ru/search")
        );
        assert_eq!(
            output_file("old/", "ru", &multi).unwrap(),
            "ru/old/index.html"
        );
        assert!(
            output_file("404.html", "ru", &multi)
                .unwrap_err()
                .contains("would overwrite ru/404.html")
        );
    }

    #[test]
    fn the_base_path_is_removed_only_as_whole_parts() {
        let course = config("base_url = \"https://example.org/course/\"\n");
        let file = |alias: &str| output_file(alias, "", &course).unwrap();
        assert_eq!(file("/course/old/"), "old/index.html");
        assert_eq!(file("/coursework/old/"), "coursework/old/index.html");
        assert_eq!(file("/old/"), "old/index.html");
    }
}
