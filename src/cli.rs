//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lectern",
    version,
    about = "Static sites for multilingual courses and documentation"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into an output directory.
    Build(BuildArgs),
}

#[derive(Args)]
pub struct BuildArgs {
    /// The site directory (holding content/, and optionally site.toml, templates/, static/, i18n/).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Where to write the site [default: SITE_DIR/public].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}
