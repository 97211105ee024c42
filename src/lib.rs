//! lectern: a static site generator for multilingual documentation and
//! course websites.
//!
//! The build is a pipeline of plain stages ([`pipeline`]): read the site's
//! files and parse each page, [`content::assemble`] an immutable
//! [`content::Site`], [`render`] Markdown and templates in parallel, index
//! it for [`search`], and [`check`] it, handing every file to an
//! [`output::Sink`] as it is made. A [`Session`] runs it once, or again and
//! again reusing what did not change (`serve`).

mod cache_dir;
mod check;
pub mod config;
pub mod content;
pub mod encoding;
pub mod error;
pub mod escape;
mod html;
pub mod import;
mod incremental;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod progress;
mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
mod shortcode;
mod suggest;
mod sync;

pub use pipeline::{
    Analysis, BuildOptions, BuildReport, Generated, LanguageReport, Session, build,
};
