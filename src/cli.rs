//! The command line.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use lectern::report::Format;

#[derive(Parser)]
#[command(
    name = "lectern",
    version = env!("LECTERN_VERSION"),
    about = "Static sites for multilingual courses and documentation"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the site into an output directory.
    Build(BuildArgs),
    /// Build the site in memory and report every problem; writes nothing.
    Check(CheckArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    Serve(ServeArgs),
    /// Write a small working site to start from: settings, a section, a page.
    Init(InitArgs),
    /// Write a new page with front matter (a draft) in the content tree.
    New(NewArgs),
    /// Write site.toml from another tool's configuration; changes no content file.
    Import(ImportArgs),
    /// Print the completion script for a shell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory.
    Man(ManArgs),
}

/// The tools whose sites `lectern import` reads.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ImportKind {
    /// A Hugo site: hugo.toml, config.toml or config/_default/.
    Hugo,
    /// An mdBook book: book.toml, and SUMMARY.md for the chapters.
    Mdbook,
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// What the site was made with.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The site's directory (a book's holds book.toml); site.toml is written there.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing site.toml, keeping it as site.toml.bak.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete lectern's commands and flags in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args)]
pub(crate) struct ManArgs {
    /// Write lectern.1 and a page for each command (lectern-build.1, …) into this directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct InitArgs {
    /// Where to write the site (created if missing; must not hold a site).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The site's languages, the default first: `--languages en,ru,zh`.
    #[arg(
        long,
        value_name = "CODES",
        value_delimiter = ',',
        default_value = "en"
    )]
    pub languages: Vec<String>,
}

#[derive(Args)]
pub(crate) struct NewArgs {
    /// The page's path in the content tree, such as `basics/loops.md` or
    /// `content/ru/basics/_index.md`.
    pub path: PathBuf,
    /// The site directory.
    #[arg(long = "site", value_name = "DIR", default_value = ".")]
    pub site_dir: PathBuf,
}

/// What both `build` and `check` read.
#[derive(Args)]
pub(crate) struct SiteArgs {
    /// The site directory (holding content/, and optionally site.toml, templates/, static/, i18n/).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages whose `publishDate` is still to come.
    #[arg(long)]
    pub future: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Keep what a build makes (rendered pages, search files, checks) in DIR from one run to the next, and reuse what the site's changes left as it was (for CI caches).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: SITE_DIR/public].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems: for people, as JSON lines, or as GitHub Actions annotations.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Repair files whose text was mangled by a wrong decode, when the repair is exact (the original is kept as FILE.orig).
    #[arg(long)]
    pub fix_encoding: bool,
    /// Also list, per language, the default language's pages it has no translation of.
    #[arg(long)]
    pub untranslated: bool,
    /// Also request every link to another site (http and https).
    #[arg(long)]
    pub external: bool,
    /// How long to wait for each external link, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10.0,
        requires = "external"
    )]
    pub timeout: f64,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The site directory (holding content/, and optionally site.toml, templates/, static/, i18n/).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Port to listen on; when it is taken, the next free one is used (0: any free port).
    #[arg(short, long, default_value_t = 1313)]
    pub port: u16,
    /// Address to listen on; anything but loopback lets other machines read the site.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages whose `publishDate` is still to come.
    #[arg(long)]
    pub future: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}
