//! Where content assets are copied: beside the page that owns their
//! directory, in each language that has them.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::content::discover::SourceFile;
use crate::content::links::join;
use crate::content::page::PageId;
use crate::content::{AssetCopy, LangSite};

/// A content asset and where it goes in each language.
#[derive(Debug)]
pub(crate) struct PlacedAsset {
    /// As the user names it, to copy from.
    pub(crate) source: PathBuf,
    /// Relative to `content/`, `/`-separated: what links to it name.
    pub(crate) content_rel: String,
    /// `(language index, output path relative to the output root)`, in
    /// language order.
    pub(crate) outs: Vec<(usize, String)>,
}

impl PlacedAsset {
    /// One copy per language.
    pub(crate) fn copies(&self) -> impl Iterator<Item = AssetCopy> + '_ {
        self.outs.iter().map(|(_, out)| AssetCopy {
            source: self.source.clone(),
            out: out.clone(),
        })
    }
}

/// Places each asset in its own language, or in every language when it
/// belongs to none.
pub(crate) fn place(
    langs: &[LangSite],
    assets: &[SourceFile],
    config: &Config,
) -> Vec<PlacedAsset> {
    let owners: Vec<HashMap<&str, PageId>> = langs.iter().map(dir_owners).collect();
    assets
        .iter()
        .map(|asset| {
            let lang_ids: Vec<usize> = match &asset.lang {
                Some(code) => langs
                    .iter()
                    .position(|l| &l.lang.code == code)
                    .into_iter()
                    .collect(),
                None => (0..langs.len()).collect(),
            };
            let outs = lang_ids
                .into_iter()
                .map(|l| {
                    let out = asset_output(&langs[l], &owners[l], &asset.lang_rel, config);
                    (l, out)
                })
                .collect();
            PlacedAsset {
                source: asset.path.clone(),
                content_rel: asset.content_rel.clone(),
                outs,
            }
        })
        .collect()
}

/// Language-relative directories → the page whose output directory holds
/// the files in them.
fn dir_owners(lang: &LangSite) -> HashMap<&str, PageId> {
    lang.pages
        .iter()
        .filter(|page| page.owns_dir())
        .map(|page| (page.lang_dir.as_str(), page.id))
        .collect()
}

/// An asset's output path: below the output path of the nearest page that
/// owns one of its directories (its bundle, else its section).
fn asset_output(
    lang: &LangSite,
    owners: &HashMap<&str, PageId>,
    lang_rel: &str,
    config: &Config,
) -> String {
    let mut dir = lang_rel.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        if let Some(&id) = owners.get(dir) {
            let page = &lang.pages[id];
            let rest = lang_rel[dir.len()..].trim_start_matches('/');
            return join(&page.path, rest);
        }
        if dir.is_empty() {
            // No page at all in this language: place it under the language root.
            let root = if config.multilingual {
                lang.lang.code.as_str()
            } else {
                ""
            };
            return join(root, lang_rel);
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}
