//! Search: one index per language, written as small gzipped files the
//! theme's `search.js` fetches on demand (`<language home>/search/`):
//!
//! - `meta.json.gz`: format version, fingerprint, whether Latin words are
//!   stemmed as English, the number of documents of each indexed page, and
//!   the lower bound of each term shard;
//! - `t<n>.gz`: term shards (see [`files`]);
//! - `p<n>.gz`: the texts of a few consecutive indexed pages (see
//!   [`GROUP_BYTES`]), `[[page title, page URL, [[heading id, heading,
//!   text], …]], …]` as JSON, fetched only for the results shown.
//!
//! Documents are numbered across pages in reading order. A page's first
//! document holds its description and keywords: they count towards the
//! page's score but describe the whole page, so a result never lands on
//! them (it has no text of its own). Then come its sections: the text before the
//! first heading, indexed with the title, and one per heading.

mod cjk;
mod english;
mod files;
mod index;
mod russian;
pub mod tokenize;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::cache_dir::{self, CacheDir};
use crate::content::PageMap;
use crate::content::front_matter::List;
use crate::content::page::Page;
use crate::content::{LangSite, Site};
use crate::markdown::{Rendered, Section};
use crate::output::OutputFile;
use index::DocText;
use tokenize::Tokenizer;

/// Bumped when the files change shape, so a stale script fails loudly.
const FORMAT: u32 = 3;

/// Uncompressed bytes of page text per `p<n>.gz`, about 10 KB gzipped (4–8
/// course pages). One file per page made a 3,000-page course write 3,000
/// more files, and creating files is a large part of a build's time; a
/// result now fetches a few of its neighbours' texts with its own.
const GROUP_BYTES: usize = 32 * 1024;

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    /// Fingerprint of the index, appended to the other files' URLs.
    id: String,
    english: bool,
    /// Sections per page, in page order; documents are numbered across them.
    pages: Vec<usize>,
    shards: Vec<&'a str>,
    /// The first page of each `p<n>.gz`.
    groups: Vec<usize>,
}

/// The search files of every language; none when `search = false`. A
/// language's files are taken from `stored` when it has them for the same
/// inputs, and kept there.
pub(crate) fn build(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    stored: Option<&CacheDir>,
) -> Vec<OutputFile> {
    if !site.config.search {
        return Vec::new();
    }
    site.langs
        .par_iter()
        .zip(rendered.langs().collect::<Vec<_>>())
        .flat_map_iter(|(lang, rendered)| language(lang, rendered, stored))
        .collect()
}

/// Where a language's search files go, relative to the output root.
fn dir(lang: &LangSite) -> String {
    match lang.pages[lang.root].path.as_str() {
        "" => "search".to_string(),
        home => format!("{home}/search"),
    }
}

fn searchable(page: &Page) -> bool {
    // Pages listed only in their section, or nowhere, are not found either.
    !page.fallback && page.list() == List::Always && page.meta().is_some_and(|m| m.search)
}

/// One language's search files: from its pages in reading order (title,
/// URL, front matter, whether a fallback) and their rendered Markdown.
pub(crate) fn language(
    lang: &LangSite,
    rendered: &[Arc<Rendered>],
    stored: Option<&CacheDir>,
) -> Vec<OutputFile> {
    let pages: Vec<&Page> = lang
        .tree_order
        .iter()
        .map(|&id| &lang.pages[id])
        .filter(|p| searchable(p))
        .collect();
    let keywords: Vec<String> = pages
        .iter()
        .map(|p| p.meta().map(|m| m.keywords.join(", ")).unwrap_or_default())
        .collect();
    let sections: Vec<&[Section]> = pages
        .iter()
        .map(|p| rendered[p.id].sections.as_slice())
        .collect();
    // Keyed by everything read from the pages below.
    let key = || {
        let inputs: Vec<_> = pages
            .iter()
            .zip(&keywords)
            .zip(&sections)
            .map(|((page, keywords), sections)| {
                let description = page.meta().and_then(|m| m.description.as_deref());
                (&page.title, &page.url, description, keywords, sections)
            })
            .collect();
        cache_dir::digest(&("search", FORMAT, &lang.lang.code, dir(lang), inputs))
    };
    let files: Vec<(String, Vec<u8>)> = CacheDir::remember(stored, key, || {
        index_files(lang, &pages, &keywords, &sections)
    });
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes))
        .collect()
}

/// The search files of a language's searchable `pages`, with their
/// keywords and sections: paths below the output root, and bytes.
fn index_files(
    lang: &LangSite,
    pages: &[&Page],
    keywords: &[String],
    sections: &[&[Section]],
) -> Vec<(String, Vec<u8>)> {
    let mut docs = Vec::new();
    let mut groups = Groups::default();
    for ((page, sections), keywords) in pages.iter().zip(sections).zip(keywords) {
        docs.extend(page_docs(page, sections, keywords));
        let texts: Vec<[&str; 3]> = sections
            .iter()
            .map(|s| [s.id.as_str(), s.heading.as_str(), s.text.as_str()])
            .collect();
        groups.push(&(page.title.as_str(), page.url.as_str(), texts));
    }
    let tokenizer = Tokenizer::new(&lang.lang.code);
    let ((group_starts, fragments), postings) =
        rayon::join(|| groups.finish(), || index::postings(&tokenizer, &docs));
    let shards: Vec<(String, Vec<u8>)> = files::shards(&postings, files::SHARD_BYTES)
        .into_par_iter()
        .map(|(bound, bytes)| (bound, files::gzip(&bytes)))
        .collect();
    let meta = Meta {
        v: FORMAT,
        id: files::fingerprint(
            shards
                .iter()
                .map(|(_, b)| b.as_slice())
                .chain(fragments.iter().map(Vec::as_slice)),
        ),
        english: tokenizer.stems_english(),
        pages: sections.iter().map(|s| s.len() + 1).collect(),
        shards: shards.iter().map(|(bound, _)| bound.as_str()).collect(),
        groups: group_starts,
    };
    let meta = files::gzip(&serde_json::to_vec(&meta).unwrap_or_default());
    let shards = shards.into_iter().map(|(_, bytes)| bytes);
    output_files(&dir(lang), meta, shards, fragments)
}

/// A page's documents: its description and keywords, which describe the
/// whole page, then one per section, the first headed by the page's title.
fn page_docs<'a>(
    page: &'a Page,
    sections: &'a [Section],
    keywords: &'a str,
) -> impl Iterator<Item = DocText<'a>> {
    let description = page.meta().and_then(|m| m.description.as_deref());
    let about = DocText {
        boosted: vec![
            (index::DESCRIPTION, description.unwrap_or("")),
            (index::KEYWORDS, keywords),
        ],
        body: "",
    };
    let sections = sections.iter().enumerate().map(|(k, section)| {
        let heading = if k == 0 {
            (index::TITLE, page.title.as_str())
        } else {
            (index::HEADING, section.heading.as_str())
        };
        DocText {
            boosted: vec![heading],
            body: &section.text,
        }
    });
    std::iter::once(about).chain(sections)
}

/// The files in a language's search directory `dir`: gzipped meta, term
/// shards and page-text groups, each numbered in order.
fn output_files(
    dir: &str,
    meta: Vec<u8>,
    shards: impl Iterator<Item = Vec<u8>>,
    fragments: Vec<Vec<u8>>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(format!("{dir}/meta.json.gz"), meta)];
    out.extend(
        shards
            .enumerate()
            .map(|(i, bytes)| (format!("{dir}/t{i}.gz"), bytes)),
    );
    out.extend(
        fragments
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| (format!("{dir}/p{i}.gz"), bytes)),
    );
    out
}

/// Pages' texts gathered into JSON arrays of about [`GROUP_BYTES`] each.
#[derive(Default)]
struct Groups {
    pages: usize,
    starts: Vec<usize>,
    open: Vec<u8>,
    done: Vec<Vec<u8>>,
}

impl Groups {
    fn push(&mut self, page: &impl Serialize) {
        if self.open.is_empty() {
            self.starts.push(self.pages);
            self.open.push(b'[');
        } else {
            self.open.push(b',');
        }
        // Plain strings and arrays always serialize.
        let _ = serde_json::to_writer(&mut self.open, page);
        self.pages += 1;
        if self.open.len() >= GROUP_BYTES {
            self.close();
        }
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            self.open.push(b']');
            self.done.push(std::mem::take(&mut self.open));
        }
    }

    /// The first page of each group, and each group gzipped.
    fn finish(mut self) -> (Vec<usize>, Vec<Vec<u8>>) {
        self.close();
        let gzipped = self.done.par_iter().map(|g| files::gzip(g)).collect();
        (self.starts, gzipped)
    }
}
