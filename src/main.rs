use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser};

/// About a tenth faster than the system allocator on a large build, for
/// about a third more peak memory (measured with `bench/run.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use lectern::error::{Diagnostic, Error, Result, summary, tally, thousands};
use lectern::import::Written;
use lectern::progress::Spinner;
use lectern::report::{self, Format};

mod cli;

use cli::{
    BuildArgs, CheckArgs, Cli, Command, CompletionsArgs, ImportArgs, ImportKind, InitArgs, ManArgs,
    NewArgs, ServeArgs, SiteArgs,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
        Command::Import(args) => import(args),
        Command::Completions(args) => completions(args),
        Command::Man(args) => man(args),
    };
    result.unwrap_or_else(|e| {
        match &e {
            Error::Content(diagnostics) => {
                print_human(diagnostics, colour(&std::io::stderr()));
                eprintln!("{}", summary(diagnostics));
            }
            other => eprintln!("{other}"),
        }
        ExitCode::from(e.exit_code() as u8)
    })
}

/// Colour only for a person at a terminal who has not opted out.
fn colour(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes to stdout; a reader that went away (`lectern check | head`) is
/// not an error.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Each diagnostic followed by a blank line, on stderr.
fn print_human(diagnostics: &[Diagnostic], colour: bool) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(colour));
    }
}

fn options(site: &SiteArgs) -> lectern::BuildOptions {
    lectern::BuildOptions {
        base_url: site.base_url.clone(),
        drafts: site.drafts,
        future: site.future,
        strict: site.strict,
        cache_dir: site.cache_dir.clone(),
        ..Default::default()
    }
}

/// The site directory as given, without a leading `./`, so that messages
/// and annotations name `content/…` as the repository does. A directory
/// that does not exist is a mistyped argument, not an empty site.
fn site_dir(site: &SiteArgs) -> Result<&Path> {
    if !site.site_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory",
            site.site_dir.display()
        )));
    }
    Ok(site.site_dir.strip_prefix(".").unwrap_or(&site.site_dir))
}

fn init(args: InitArgs) -> Result<ExitCode> {
    let mut languages: Vec<String> = Vec::new();
    for code in &args.languages {
        let code = code.trim().to_lowercase();
        let valid = !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(Error::Usage(format!(
                "--languages: `{code}` is not a language code such as en or pt-br"
            )));
        }
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    let files = lectern::scaffold::site_files(&languages);
    lectern::scaffold::write_new(&args.dir, &files)?;
    let dir = args.dir.display();
    print(&format!("Created a site in {dir}. Next:\n"));
    if args.dir != Path::new(".") {
        print(&format!("  cd {dir}\n"));
    }
    print(
        "  lectern serve     # preview it at http://127.0.0.1:1313/\n  lectern build     # write it to public/\n",
    );
    Ok(ExitCode::SUCCESS)
}

fn new(args: NewArgs) -> Result<ExitCode> {
    let date = chrono::Local::now().format("%Y-%m-%d").to_string();
    let (file, text) = lectern::scaffold::new_page(&args.path, &date)?;
    let path = lectern::scaffold::under(&args.site_dir, &file);
    lectern::scaffold::write_file(&path, &text)?;
    print(&format!("Created {}\n", path.display()));
    Ok(ExitCode::SUCCESS)
}

/// Writes the site.toml an importer makes, says on stderr what did not
/// carry over, a line each, and what to run next.
fn import(args: ImportArgs) -> Result<ExitCode> {
    if !args.dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory",
            args.dir.display()
        )));
    }
    let dir = args.dir.strip_prefix(".").unwrap_or(&args.dir);
    let imported = match args.kind {
        ImportKind::Hugo => lectern::import::hugo::import(dir)?,
        ImportKind::Mdbook => lectern::import::mdbook::import(dir)?,
    };
    let written = lectern::import::write_site_toml(dir, &imported.site_toml, args.force)?;
    for line in &imported.notes {
        eprintln!("{line}");
    }
    let site_toml = dir.join("site.toml");
    let (site_toml, sources) = (site_toml.display(), imported.read.join(", "));
    let done = match written {
        Written::New => format!("Wrote {site_toml} from {sources}."),
        Written::Replaced(backup) => format!(
            "Wrote {site_toml} from {sources}; the previous one is {}.",
            backup.display()
        ),
        Written::Unchanged => {
            format!("{site_toml} already holds what {sources} give; it was left as it is.")
        }
    };
    let (arg, out) = match dir.display().to_string() {
        shown if shown.is_empty() => (String::new(), "public/".to_string()),
        shown => (format!(" {shown}"), format!("{shown}/public/")),
    };
    print(&format!(
        "{done} No content file was changed. Next:\n  lectern serve{arg}     # preview it at http://127.0.0.1:1313/\n  lectern build{arg}     # write it to {out}\n"
    ));
    Ok(ExitCode::SUCCESS)
}

/// Generated into memory first: clap_complete panics on a failed write,
/// and a closed pipe is not an error here.
fn completions(args: CompletionsArgs) -> Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "lectern", &mut script);
    print(&String::from_utf8_lossy(&script));
    Ok(ExitCode::SUCCESS)
}

fn man(args: ManArgs) -> Result<ExitCode> {
    let Some(dir) = args.dir else {
        let mut page = Vec::new();
        // As `generate_to` lists the commands: `help` has no page of its own.
        clap_mangen::Man::new(Cli::command().disable_help_subcommand(true))
            .render(&mut page)
            .expect("writing to memory");
        print(&String::from_utf8_lossy(&page));
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(&dir)
        .and_then(|()| clap_mangen::generate_to(Cli::command(), &dir))
        .map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
    print(&format!("Wrote the manual pages into {}\n", dir.display()));
    Ok(ExitCode::SUCCESS)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let spinner = Spinner::start();
    let options = lectern::BuildOptions {
        output: args.output,
        progress: spinner.as_ref().map(Spinner::progress),
        ..options(&args.site)
    };
    let report = lectern::build(site_dir(&args.site)?, &options);
    drop(spinner);
    let report = report?;
    print_human(&report.warnings, colour(&std::io::stderr()));
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let per_lang: Vec<String> = report
        .languages
        .iter()
        .map(|l| match l.untranslated {
            0 => format!("{} {}", l.code, l.pages),
            n => format!("{} {}, {n} untranslated", l.code, l.pages),
        })
        .collect();
    let total: usize = report.languages.iter().map(|l| l.pages).sum();
    let warnings = match tally(&report.warnings).1 {
        0 => String::new(),
        n => format!(
            ", {} warning{}",
            thousands(n),
            if n == 1 { "" } else { "s" }
        ),
    };
    print(&format!(
        "Built {total} pages ({}) into {} in {} ms{warnings}\n",
        per_lang.join("; "),
        report.output.display(),
        report.elapsed.as_millis(),
    ));
    Ok(ExitCode::SUCCESS)
}

/// Repairs what `--fix-encoding` can; a line for each file with mangled
/// text, saying what was done.
fn fix_encoding(dir: &Path, options: &lectern::BuildOptions) -> Result<Vec<String>> {
    let offline = lectern::BuildOptions {
        external: None,
        ..options.clone()
    };
    let before = lectern::Session::once().analyze(dir, &offline, &lectern::output::Discard)?;
    let fixes = lectern::encoding::repair::fix(&before.site);
    Ok(fixes
        .into_iter()
        .map(|fix| {
            let path = fix.path.display();
            match fix.outcome {
                Ok(code_page) => format!(
                    "repaired {path} (it was UTF-8 read as {code_page}); the original is {path}.orig"
                ),
                Err(why) => format!("left {path} as it is: {why}"),
            }
        })
        .collect())
}

/// Prints every problem to stdout in the chosen format and a summary to
/// stderr; exits 1 when there are errors (warnings too, with `--strict`).
fn check(args: CheckArgs) -> Result<ExitCode> {
    let dir = site_dir(&args.site)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| Error::Usage(format!("--timeout {}: not a duration", args.timeout)))?;
    let spinner = Spinner::start();
    let options = lectern::BuildOptions {
        external: args.external.then_some(timeout),
        progress: spinner.as_ref().map(Spinner::progress),
        ..options(&args.site)
    };
    let fixed = if args.fix_encoding {
        fix_encoding(dir, &options)?
    } else {
        Vec::new()
    };
    let analysis = lectern::Session::once().analyze(dir, &options, &lectern::output::Discard);
    drop(spinner);
    for line in fixed {
        eprintln!("{line}");
    }
    let (diagnostics, pages) = match analysis {
        Ok(analysis) => {
            for note in &analysis.notes {
                eprintln!("note: {note}");
            }
            let scheduled = report::scheduled(&analysis.site, args.format);
            match args.format {
                Format::Human => eprint!("{scheduled}"),
                Format::Json | Format::Github => print(&scheduled),
            }
            if args.untranslated {
                let list = report::untranslated(&analysis.site, args.format);
                match args.format {
                    Format::Human => eprint!("{list}"),
                    Format::Json | Format::Github => print(&list),
                }
            }
            (analysis.diagnostics, Some(analysis.site.page_count()))
        }
        Err(Error::Content(diagnostics)) => (diagnostics, None),
        Err(e) => return Err(e),
    };
    let colour = args.format == Format::Human && colour(&std::io::stdout());
    let separator = if args.format == Format::Human {
        "\n\n"
    } else {
        "\n"
    };
    let text: String = diagnostics
        .iter()
        .map(|d| report::format(d, args.format, colour) + separator)
        .collect();
    print(&text);
    let checked = pages.map_or(String::new(), |n| format!("checked {n} pages: "));
    if diagnostics.is_empty() {
        eprintln!("{checked}no problems found");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{checked}{}", summary(&diagnostics));
    Ok(if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn serve(args: ServeArgs) -> Result<ExitCode> {
    lectern::serve::serve(lectern::serve::ServeOptions {
        site_dir: args.site_dir,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        future: args.future,
        open: args.open,
    })?;
    Ok(ExitCode::SUCCESS)
}
