//! Content: from files on disk to an immutable [`Site`].

pub(crate) mod alias;
pub(crate) mod assemble;
pub(crate) mod discover;
pub mod front_matter;
pub(crate) mod git;
pub(crate) mod links;
pub(crate) mod page;
pub(crate) mod sort;
pub(crate) mod summary;
pub(crate) mod symlinks;
pub(crate) mod taxonomy;

use std::path::PathBuf;

use crate::config::{Config, Language};
use page::{Page, PageId, PageRef};

/// The whole site after assembly. Read-only from here on.
#[derive(Debug)]
pub struct Site {
    pub(crate) config: Config,
    /// The default language's index in `langs`.
    pub(crate) default: usize,
    /// In the configured language order.
    pub(crate) langs: Vec<LangSite>,
    pub(crate) assets: Vec<AssetCopy>,
    pub(crate) aliases: Vec<Alias>,
    pub(crate) links: links::LinkIndex,
    /// Pages left out until their `publishDate`, by file.
    pub scheduled: Vec<Scheduled>,
}

/// A page not published yet: its file, and when it goes live (RFC 3339 or
/// a plain date, as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub path: PathBuf,
    pub at: String,
}

#[derive(Debug)]
pub(crate) struct LangSite {
    pub(crate) lang: Language,
    /// An arena: `Page::id` is the index.
    pub(crate) pages: Vec<Page>,
    pub(crate) root: PageId,
    /// The pages a reader walks through, in order (the home first): the
    /// sidebar's, without hidden pages.
    pub(crate) reading_order: Vec<PageId>,
    /// Every page in the same order, hidden ones too.
    pub(crate) tree_order: Vec<PageId>,
    /// A book's summary, which places its pages and makes its sidebar.
    pub(crate) book: Option<assemble::book::Book>,
    /// The header's links: `menu` of site.toml and pages in the `main`
    /// menu, weighted first.
    pub(crate) menu: Vec<MenuLink>,
}

/// A link of the header menu.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct MenuLink {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// A non-Markdown content file copied next to its pages.
#[derive(Debug)]
pub(crate) struct AssetCopy {
    /// As [`SourceFile::path`](discover::SourceFile::path): to read from.
    pub(crate) source: PathBuf,
    /// The file to write, relative to the output root, `/`-separated, not
    /// percent-encoded (`ru/intro/diagram.png`).
    pub(crate) out: String,
}

/// A redirect page written at an old URL.
#[derive(Debug)]
pub(crate) struct Alias {
    /// The file to write, relative to the output root, `/`-separated, not
    /// percent-encoded (`old/page/index.html`).
    pub(crate) out: String,
    /// Byte offset in the target's file where it is written, if found there.
    pub(crate) at: Option<usize>,
    pub(crate) target: PageRef,
}

impl LangSite {
    /// The children of page `id` that the sidebar and listings show.
    pub(crate) fn nav_children(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        self.pages[id]
            .children
            .iter()
            .copied()
            .filter(|&c| self.pages[c].in_nav)
    }
}

impl Site {
    pub(crate) fn page(&self, r: PageRef) -> &Page {
        &self.langs[r.lang].pages[r.page]
    }

    pub(crate) fn default_lang(&self) -> &LangSite {
        &self.langs[self.default]
    }

    pub fn page_count(&self) -> usize {
        self.langs.iter().map(|l| l.pages.len()).sum()
    }

    /// The default language's pages that language `lang` has no
    /// translation of.
    pub(crate) fn untranslated(&self, lang: usize) -> impl Iterator<Item = &Page> {
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
    pub(crate) fn new(site: &Site, mut value: impl FnMut(PageRef) -> T) -> PageMap<T> {
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

    /// `value` of every page of `site`, made in parallel.
    pub(crate) fn par_new(site: &Site, value: impl Fn(PageRef) -> T + Sync) -> PageMap<T>
    where
        T: Send,
    {
        use rayon::prelude::*;
        PageMap(
            site.langs
                .par_iter()
                .enumerate()
                .map(|(lang, l)| {
                    (0..l.pages.len())
                        .into_par_iter()
                        .map(|page| value(PageRef { lang, page }))
                        .collect()
                })
                .collect(),
        )
    }

    /// The values of language `lang`'s pages, by [`page::PageId`].
    pub(crate) fn lang(&self, lang: usize) -> &[T] {
        &self.0[lang]
    }

    /// Every language's values, in language order.
    pub(crate) fn langs(&self) -> impl Iterator<Item = &[T]> {
        self.0.iter().map(Vec::as_slice)
    }

    /// Every value, language by language.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
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
