//! The floor of a build: read every Markdown file under a directory, render
//! it to HTML with pulldown-cmark and highlight every fenced block with
//! syntect (two-face's syntaxes, CSS classes), in parallel with rayon. No
//! front matter parsing, templates, links or writing: what no generator
//! using these libraries can avoid.
//!
//! ```text
//! lectern-bench-floor [--mode full|parse|highlight] CONTENT_DIR
//! ```
//!
//! `parse` renders Markdown with code left plain; `highlight` only
//! highlights the code blocks. Prints one line of counts and times.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Full,
    Parse,
    Highlight,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The text after a `---` front matter block, or all of it.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return code.to_string();
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return code.to_string();
        }
    }
    format!(
        "<pre class=\"hl-code\"><code>{}</code></pre>\n",
        generator.finalize()
    )
}

#[derive(Default)]
struct Counts {
    files: usize,
    bytes_in: usize,
    code_blocks: usize,
    code_lines: usize,
    bytes_out: usize,
}

impl Counts {
    fn add(mut self, other: Counts) -> Counts {
        self.files += other.files;
        self.bytes_in += other.bytes_in;
        self.code_blocks += other.code_blocks;
        self.code_lines += other.code_lines;
        self.bytes_out += other.bytes_out;
        self
    }
}

fn render(path: &Path, mode: Mode) -> std::io::Result<Counts> {
    let text = std::fs::read_to_string(path)?;
    let body = body(&text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut counts = Counts {
        files: 1,
        bytes_in: text.len(),
        ..Counts::default()
    };
    let mut code: Option<(String, String)> = None;
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(body, options) {
        if let Some((lang, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    counts.code_blocks += 1;
                    counts.code_lines += buf.lines().count();
                    let html = match mode {
                        Mode::Parse => buf.clone(),
                        _ => highlight(lang, buf),
                    };
                    code = None;
                    events.push(Event::Html(CowStr::from(html)));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            e if mode != Mode::Highlight => events.push(e),
            _ => {}
        }
    }
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    counts.bytes_out = html.len();
    Ok(counts)
}

fn main() -> ExitCode {
    let mut mode = Mode::Full;
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mode" => {
                mode = match args.next().as_deref() {
                    Some("full") => Mode::Full,
                    Some("parse") => Mode::Parse,
                    Some("highlight") => Mode::Highlight,
                    _ => {
                        eprintln!("error: --mode full|parse|highlight");
                        return ExitCode::from(2);
                    }
                }
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("usage: lectern-bench-floor [--mode full|parse|highlight] CONTENT_DIR");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: lectern-bench-floor [--mode full|parse|highlight] CONTENT_DIR");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let mut files = Vec::new();
    if let Err(e) = markdown_files(&dir, &mut files) {
        eprintln!("error: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let listed = start.elapsed();
    let result = files
        .par_iter()
        .map(|p| render(p, mode).map_err(|e| format!("{}: {e}", p.display())))
        .try_reduce(Counts::default, |a, b| Ok(a.add(b)));
    let counts = match result {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} files, {:.1} MiB in, {} code blocks ({} lines), {:.1} MiB of HTML, {} threads; listed in {:.3} s, total {:.3} s",
        counts.files,
        counts.bytes_in as f64 / 1048576.0,
        counts.code_blocks,
        counts.code_lines,
        counts.bytes_out as f64 / 1048576.0,
        rayon::current_num_threads(),
        listed.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
