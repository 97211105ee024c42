//! The shortcodes lectern implements itself, because they need the site
//! rather than a template: `ref` and `relref` (a page's URL, checked),
//! `include` (another file's text), `highlight` (code), `param` (a front
//! matter value), `katex`/`math` (a formula) and `mermaid` (a diagram). A
//! site's own template of the same name replaces them.

use std::path::{Component, Path, PathBuf};

use super::expand::{Expander, Piece, Source};
use super::scan::{self, Call};
use crate::escape::html as escape;

pub(super) const NAMES: [&str; 8] = [
    "ref",
    "relref",
    "include",
    "highlight",
    "param",
    "katex",
    "math",
    "mermaid",
];

/// Files an `include` may bring in, at most: a page is no place for more.
const MAX_INCLUDE_BYTES: u64 = 4 << 20;

pub(super) fn is_native(name: &str) -> bool {
    NAMES.contains(&name)
}

pub(super) fn expand(
    expander: &mut Expander<'_>,
    source: &Source<'_>,
    call: &Call,
    depth: usize,
) -> Vec<Piece> {
    let at = source.body_offset(call.open.start);
    match call.name.as_str() {
        "ref" | "relref" => {
            let Some(path) = call.arg("path", 0) else {
                expander.error(format!("`{}` needs the path of a page", call.name), at);
                return Vec::new();
            };
            let lang = call.get("lang").map(scan::Value::text);
            vec![Piece::Markdown(page_ref(
                expander,
                &path,
                lang.as_deref(),
                at,
            ))]
        }
        "param" => param(expander, call, at),
        "highlight" => highlight(source, call),
        "katex" | "math" => math(expander, source, call, at),
        "mermaid" => mermaid(source, call),
        _ => include(expander, call, at, depth),
    }
}

/// Hugo's `relref`: the URL of the page at `path` (with its `#fragment`),
/// in `lang` or the page's own language; reported at `at` when there is none.
pub(super) fn page_ref(
    expander: &mut Expander<'_>,
    path: &str,
    lang: Option<&str>,
    at: usize,
) -> String {
    let env = expander.env;
    let lang_index = match lang {
        None => env.page.lang,
        Some(code) => match env.site.langs.iter().position(|l| l.lang.code == code) {
            Some(l) => l,
            None => {
                expander.error(
                    format!("relref `{path}`: the site has no language `{code}`"),
                    at,
                );
                return String::new();
            }
        },
    };
    if let Some(fragment) = path.strip_prefix('#') {
        return format!("{}#{fragment}", env.site.page(env.page).url);
    }
    match env.links.page_ref(path, lang_index) {
        Ok(url) => url,
        Err(why) => {
            expander.error(format!("relref `{path}`: {why}"), at);
            String::new()
        }
    }
}

/// `{{< param "name" >}}`: a value of the page's front matter (`a.b` for a
/// nested one; also under `params:`).
fn param(expander: &mut Expander<'_>, call: &Call, at: usize) -> Vec<Piece> {
    let Some(key) = call.arg("name", 0) else {
        expander.error("`param` needs the name of a front matter value".into(), at);
        return Vec::new();
    };
    let page = expander.env.site.page(expander.env.page);
    let extra = page.parsed.as_ref().map(|p| &p.meta.extra);
    let find = |root: &serde_json::Map<String, serde_json::Value>| {
        let mut parts = key.split('.');
        let first = parts.next()?;
        let mut value = root.iter().find(|(k, _)| k.eq_ignore_ascii_case(first))?.1;
        for part in parts {
            value = value
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))?
                .1;
        }
        Some(value.clone())
    };
    let value = extra.and_then(|e| {
        find(e).or_else(|| {
            let params = e.iter().find(|(k, _)| k.eq_ignore_ascii_case("params"))?.1;
            find(params.as_object()?)
        })
    });
    let Some(value) = value else {
        expander.error(
            format!("param `{key}`: the page's front matter has no `{key}`"),
            at,
        );
        return Vec::new();
    };
    let text = match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    if call.markdown {
        vec![Piece::Markdown(text)]
    } else {
        vec![Piece::Html(escape(&text))]
    }
}

/// `{{< highlight go "linenos=table,hl_lines=2 4-5" >}}code{{< /highlight >}}`:
/// a fenced code block, highlighted as the page's others are.
fn highlight(source: &Source<'_>, call: &Call) -> Vec<Piece> {
    let code = call
        .inner
        .as_ref()
        .map_or("", |inner| &source.text[inner.range.clone()]);
    let code = code
        .strip_prefix("\r\n")
        .or_else(|| code.strip_prefix('\n'))
        .unwrap_or(code);
    let lang = call.arg("lang", 0).unwrap_or_default();
    let options = call.arg("options", 1).unwrap_or_default();
    let info = if options.is_empty() {
        lang
    } else {
        format!("{lang} {{{options}}}")
    };
    vec![Piece::Markdown(fence(&info, code.trim_end()))]
}

/// A formula (hugo-book's and Geekdoc's `katex`, `math`): the body as
/// LaTeX, on its own line when called with `display` (or `display=true`,
/// `block=true`). A `math` body written with its `$$` delimiters is
/// Markdown of the page, where they make math anyway.
fn math(expander: &mut Expander<'_>, source: &Source<'_>, call: &Call, at: usize) -> Vec<Piece> {
    let body = call
        .inner
        .as_ref()
        .map_or("", |inner| &source.text[inner.range.clone()]);
    let delimited = body.trim_start().starts_with('$') || body.trim_start().starts_with("\\[");
    if call.name == "math" && delimited {
        return vec![Piece::Markdown(body.to_string())];
    }
    let flag = |name: &str| {
        call.positional.iter().any(|v| v.text() == name)
            || call.get(name).is_some_and(|v| v.text() != "false")
    };
    let display = flag("display") || flag("block");
    let config = &expander.env.site.config;
    let (html, problem) =
        crate::markdown::math::formula(body, display, config.math, expander.path());
    if let Some(problem) = problem {
        expander.report(problem, at);
    }
    vec![Piece::Html(html)]
}

/// `{{< mermaid class="wide" >}}…{{< /mermaid >}}` (hugo-book's, Relearn's):
/// a ```` ```mermaid ```` fence, drawn as the page's others are. Other
/// arguments (Relearn's `align`, `zoom`) change nothing.
fn mermaid(source: &Source<'_>, call: &Call) -> Vec<Piece> {
    let body = call
        .inner
        .as_ref()
        .map_or("", |inner| &source.text[inner.range.clone()]);
    let info = match call.get("class").map(scan::Value::text) {
        Some(class) => format!("mermaid {{class=\"{}\"}}", class.replace('"', "")),
        None => "mermaid".to_string(),
    };
    vec![Piece::Markdown(fence(&info, body.trim_matches('\n')))]
}

/// A fenced code block holding `code`, its fence longer than any run of
/// backticks inside.
fn fence(info: &str, code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat((longest + 1).max(3));
    format!("{ticks}{info}\n{code}\n{ticks}")
}

/// `{{< include file="hello.go" lang="go" lines="3-10" >}}`: another file of
/// the site, as highlighted code (with `lang`, or any file that is not
/// Markdown; `options` as a fence's), as Markdown of the page (`.md`,
/// `.md.part`, or `type="page"`), or as raw HTML (`type="html"`).
fn include(expander: &mut Expander<'_>, call: &Call, at: usize, depth: usize) -> Vec<Piece> {
    let Some(file) = call.arg("file", 0).or_else(|| call.arg("path", 0)) else {
        expander.error(
            "`include` needs a file: `{{< include \"example.go\" >}}`".into(),
            at,
        );
        return Vec::new();
    };
    let path = match included_path(expander, &file) {
        Ok(path) => path,
        Err(why) => {
            expander.error(format!("include `{file}`: {why}"), at);
            return Vec::new();
        }
    };
    let text = match read_included(&path) {
        Ok(text) => text,
        Err(why) => {
            expander.error(format!("include `{file}`: {why}"), at);
            return Vec::new();
        }
    };
    let text = match call.arg("lines", usize::MAX) {
        Some(lines) => match select_lines(&text, &lines) {
            Ok(selected) => selected,
            Err(why) => {
                expander.error(format!("include `{file}`: {why}"), at);
                return Vec::new();
            }
        },
        None => text,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = call.arg("type", usize::MAX).unwrap_or_default();
    let lang = call
        .arg("lang", usize::MAX)
        .or_else(|| call.arg("language", usize::MAX));
    if kind == "html" {
        if !expander.env.site.config.raw_html {
            let message = format!(
                "include `{file}`: `type=\"html\"` brings in raw HTML, which this site does not allow (`raw_html = false`)"
            );
            expander.error(message, at);
            return Vec::new();
        }
        return vec![Piece::Html(text)];
    }
    let is_markdown = [".md", ".markdown", ".md.part"]
        .iter()
        .any(|e| name.ends_with(e));
    if lang.is_some() || !(is_markdown || matches!(kind.as_str(), "page" | "markdown")) {
        let lang = lang.unwrap_or_else(|| name.rsplit('.').next().unwrap_or_default().to_string());
        let info = match call.arg("options", usize::MAX) {
            Some(options) => format!("{lang} {{{options}}}"),
            None => lang,
        };
        return vec![Piece::Markdown(fence(&info, text.trim_end_matches('\n')))];
    }
    // Included Markdown may call shortcodes too; all of it stands for the call.
    let (nodes, problems) = scan::scan(&text);
    for problem in problems {
        expander.error(format!("include `{file}`: {}", problem.message), at);
    }
    let source = Source {
        text: &text,
        made_at: Some(at),
    };
    let mut buf = super::Buf::default();
    expander.nodes(&source, &nodes, None, false, &mut buf, depth + 1);
    vec![Piece::Markdown(buf.text)]
}

/// The content directory a page's file is in (`content_dir`, `content/`
/// by default), and the site directory above it.
pub(super) fn site_dirs<'p>(
    source: &'p crate::content::discover::SourceFile,
    content_dir: &str,
) -> (&'p Path, &'p Path) {
    // `<site>/<content_dir>/<content_rel>`.
    let depth = source.content_rel.split('/').count();
    let content = source.path.ancestors().nth(depth).unwrap_or(Path::new(""));
    let levels = content_dir.split('/').count();
    let site_dir = content
        .ancestors()
        .nth(levels)
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (content, site_dir)
}

/// The file an `include` names: beside the page (unless the path starts
/// with `/`), else from the language's content directory, `content/`, or
/// the site directory, as Hugo themes variously read it.
/// Never outside the site, never hidden, through a symbolic link only when
/// the site follows them.
fn included_path(expander: &Expander<'_>, file: &str) -> Result<PathBuf, String> {
    let page = expander.env.site.page(expander.env.page);
    let source = &page.parsed.as_ref().ok_or("the page has no file")?.source;
    let config = &expander.env.site.config;
    let (content_dir, site_dir) = site_dirs(source, &config.content_dir);
    let rel = written_path(file.trim_start_matches('/'))?;
    let lang_root = match (&source.lang, source.in_lang_dir) {
        (Some(code), true) => content_dir.join(code),
        _ => content_dir.to_path_buf(),
    };
    let mut candidates = Vec::new();
    if !file.starts_with('/') {
        candidates.push(source.path.parent().unwrap_or(Path::new("")).join(rel));
    }
    for root in [lang_root.as_path(), content_dir, site_dir] {
        let candidate = root.join(rel);
        if !candidates.contains(&candidate) {
            candidates.push(candidate);
        }
    }
    let found = candidates.iter().find(|p| p.is_file()).ok_or_else(|| {
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        format!("no such file (looked for {})", looked.join(" and "))
    })?;
    inside_site(found, site_dir, config.follow_symlinks)?;
    Ok(found.clone())
}

/// A path as an include writes it, relative: no hidden part, no root.
pub(super) fn written_path(file: &str) -> Result<&Path, String> {
    let rel = Path::new(file);
    if rel.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        Component::ParentDir | Component::CurDir => false,
        _ => true,
    }) {
        return Err("hidden files and absolute paths are not included".into());
    }
    Ok(rel)
}

/// Whether an included file may be read: inside the site directory,
/// not hidden, reached through a symbolic link only when the site
/// follows them.
pub(super) fn inside_site(
    found: &Path,
    site_dir: &Path,
    follow_symlinks: bool,
) -> Result<(), String> {
    let site = site_dir.canonicalize().map_err(|e| e.to_string())?;
    let resolved = found.canonicalize().map_err(|e| e.to_string())?;
    let Ok(inside) = resolved.strip_prefix(&site) else {
        return Err(
            "the file is outside the site directory; only the site's own files are included".into(),
        );
    };
    if inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err("the file is hidden (a name starting with `.`); it is not included".into());
    }
    let from_site = found.strip_prefix(site_dir).unwrap_or(found);
    let lexical = site.join(normalize(from_site));
    if lexical != resolved && !follow_symlinks {
        return Err(
            "the path goes through a symbolic link, which is not followed: set `follow_symlinks = true` in site.toml to follow links that stay inside the site".into(),
        );
    }
    Ok(())
}

/// `path` with `.` and `..` resolved lexically.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// An included file's text, at most [`MAX_INCLUDE_BYTES`] of UTF-8,
/// without a byte-order mark, lines ending in `\n`.
pub(super) fn read_included(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_INCLUDE_BYTES {
        return Err(format!(
            "the file has {size} bytes; at most {MAX_INCLUDE_BYTES} are included"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n"))
}

/// The lines `spec` names, 1-based and inclusive: `3-10`, `5-`, `-4`, `7`,
/// or several separated by commas.
fn select_lines(text: &str, spec: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let bad = || format!("`lines=\"{spec}\"` is not a line range such as `3-10`, `5-` or `7`");
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        let (from, to) = match part.split_once('-') {
            Some((a, b)) => (
                if a.trim().is_empty() {
                    1
                } else {
                    a.trim().parse().map_err(|_| bad())?
                },
                if b.trim().is_empty() {
                    lines.len()
                } else {
                    b.trim().parse().map_err(|_| bad())?
                },
            ),
            None => {
                let n: usize = part.parse().map_err(|_| bad())?;
                (n, n)
            }
        };
        let taken =
            take_lines(&lines, from, to).map_err(|why| format!("`lines=\"{spec}\"` {why}"))?;
        out.extend_from_slice(taken);
    }
    Ok(out.join("\n"))
}

/// Lines `from` to `to` of `lines`, 1-based and inclusive; why not, when
/// the file has no such lines.
pub(super) fn take_lines<'l, 't>(
    lines: &'l [&'t str],
    from: usize,
    to: usize,
) -> Result<&'l [&'t str], String> {
    if from == 0 || from > to || to > lines.len() {
        return Err(format!(
            "asks for lines {from}–{to}, and the file has {} lines",
            lines.len()
        ));
    }
    Ok(&lines[from - 1..to])
}
