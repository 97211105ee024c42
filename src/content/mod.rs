//! Content: from files on disk to an immutable [`Site`].

pub mod alias;
pub mod assemble;
pub mod discover;
pub mod front_matter;
pub mod links;
pub mod page;
pub mod sort;
pub mod symlinks;

use std::path::PathBuf;

use crate::config::{Config, Language};
use page::{Page, PageId, PageRef};

/// The whole site after assembly. Read-only from here on.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The default language's index in `langs`.
    pub default: usize,
    /// In the configured language order.
    pub langs: Vec<LangSite>,
    pub assets: Vec<AssetCopy>,
    pub aliases: Vec<Alias>,
    pub links: links::LinkIndex,
}

#[derive(Debug)]
pub struct LangSite {
    pub lang: Language,
    /// An arena: `Page::id` is the index.
    pub pages: Vec<Page>,
    pub root: PageId,
    /// Every page in the order a reader walks the course (the home first).
    pub reading_order: Vec<PageId>,
}

/// A non-Markdown content file copied next to its pages.
#[derive(Debug)]
pub struct AssetCopy {
    /// As [`SourceFile::path`](discover::SourceFile::path): to read from.
    pub source: PathBuf,
    /// The file to write, relative to the output root, `/`-separated, not
    /// percent-encoded (`ru/intro/diagram.png`).
    pub out: String,
}

/// A redirect page written at an old URL.
#[derive(Debug)]
pub struct Alias {
    /// The file to write, relative to the output root, `/`-separated, not
    /// percent-encoded (`old/page/index.html`).
    pub out: String,
    /// As the front matter gives it.
    pub written: String,
    /// Byte offset in the target's file where it is written, if found there.
    pub at: Option<usize>,
    pub target: PageRef,
}

impl Site {
    pub fn page(&self, r: PageRef) -> &Page {
        &self.langs[r.lang].pages[r.page]
    }

    pub fn default_lang(&self) -> &LangSite {
        &self.langs[self.default]
    }

    pub fn page_count(&self) -> usize {
        self.langs.iter().map(|l| l.pages.len()).sum()
    }

    /// The default language's pages that language `lang` has no
    /// translation of.
    pub fn untranslated(&self, lang: usize) -> impl Iterator<Item = &Page> {
        let is_default = lang == self.default;
        self.default_lang()
            .pages
            .iter()
            .filter(move |p| !is_default && p.translation_in(lang).is_none())
    }
}

/// A value for every page of a site, found by its [`PageRef`]: what a
/// stage made of each page, kept beside the immutable site.
#[derive(Debug, Clone, Default)]
pub struct PageMap<T>(Vec<Vec<T>>);

impl<T> PageMap<T> {
    /// `value` of every page of `site`.
    pub fn new(site: &Site, mut value: impl FnMut(PageRef) -> T) -> PageMap<T> {
        PageMap(
            site.langs
                .iter()
                .enumerate()
                .map(|(lang, l)| {
                    (0..l.pages.len())
                        .map(|page| value(PageRef { lang, page }))
                        .collect()
                })
                .collect(),
        )
    }

    /// The values of language `lang`'s pages, by [`page::PageId`].
    pub fn lang(&self, lang: usize) -> &[T] {
        &self.0[lang]
    }

    /// Every language's values, in language order.
    pub fn langs(&self) -> impl Iterator<Item = &[T]> {
        self.0.iter().map(Vec::as_slice)
    }

    /// Every value, language by language.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().flatten()
    }
}

impl<T> std::ops::Index<PageRef> for PageMap<T> {
    type Output = T;

    fn index(&self, r: PageRef) -> &T {
        &self.0[r.lang][r.page]
    }
}

impl<T> std::ops::IndexMut<PageRef> for PageMap<T> {
    fn index_mut(&mut self, r: PageRef) -> &mut T {
        &mut self.0[r.lang][r.page]
    }
}
