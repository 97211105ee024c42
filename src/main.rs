use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{BuildArgs, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("{e}");
        ExitCode::from(e.exit_code() as u8)
    })
}

fn build(args: BuildArgs) -> lectern::error::Result<ExitCode> {
    let options = lectern::BuildOptions {
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
    };
    let report = lectern::build(&args.site_dir, &options)?;
    for w in &report.warnings {
        eprintln!("{w}\n");
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
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
    };
    println!(
        "Built {total} pages ({}) into {} in {} ms{warnings}",
        per_lang.join("; "),
        report.output.display(),
        report.elapsed.as_millis(),
    );
    Ok(ExitCode::SUCCESS)
}
