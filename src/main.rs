use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site_dir,
            output,
            base_url,
            drafts,
        } => {
            let options = lectern::BuildOptions {
                output,
                base_url,
                drafts,
            };
            match lectern::build(&site_dir, &options) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("{w}\n");
                    }
                    let per_lang: Vec<String> = report
                        .pages
                        .iter()
                        .map(|(code, n)| format!("{code} {n}"))
                        .collect();
                    let total: usize = report.pages.iter().map(|(_, n)| n).sum();
                    println!(
                        "Built {total} pages ({}) into {} in {} ms{}",
                        per_lang.join(", "),
                        report.output.display(),
                        report.elapsed.as_millis(),
                        match report.warnings.len() {
                            0 => String::new(),
                            n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(e.exit_code() as u8)
                }
            }
        }
    }
}
