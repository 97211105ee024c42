//! The sidebar as template values (`nav`), built once per language or once
//! per scope of pages that show the same one, never once per page.
//!
//! In `sections` mode a page's sidebar lists every section and the pages of
//! the sections leading to it. A section with more than [`LISTED_PAGES`]
//! pages would still make each of its pages list all the others, so its
//! pages are listed in parts of [`PART_PAGES`]: a page's sidebar shows its
//! own part, with a link to each neighbouring part in its place, and the
//! sections above it show their first part.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::content::LangSite;
use crate::content::assemble::book::Book;
use crate::content::page::{PageId, PageKind};
use crate::content::summary::EntryKind;
use crate::render::cache::Scope;

/// Sections with more pages than this are listed in parts.
pub(crate) const LISTED_PAGES: usize = 100;
/// Pages per part of a section listed in parts.
pub(crate) const PART_PAGES: usize = 50;

/// Levels of the sidebar: a section this deep lists everything below it as
/// one flat list, in reading order. Templates draw the sidebar with a
/// component that calls itself once a level, and Tera stops at 20 calls.
pub(crate) const NAV_LEVELS: usize = 16;

/// One entry of the sidebar: a section with its children, or a page.
#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) title: Cow<'a, str>,
    /// Chapter number (`2.1`), or empty.
    pub(crate) number: &'a str,
    /// Empty for a book's draft chapters, part titles and separators.
    pub(crate) url: &'a str,
    pub(crate) is_section: bool,
    /// `link`, or what a book's summary lists besides its chapters:
    /// `draft` (a chapter not written yet), `part` (a part's title),
    /// `separator`.
    pub(crate) kind: &'static str,
    /// Starts collapsed unless being read (front matter `collapse`).
    pub(crate) collapse: bool,
    /// Lists its children without a toggle (front matter `flat`).
    pub(crate) flat: bool,
    pub(crate) children: Vec<NavItem<'a>>,
}

/// What one sidebar opens: the sections from the one being read up to the
/// home, and which part of the pages of the one being read it lists.
struct Open<'p> {
    path: &'p [PageId],
    part: usize,
}

/// The sidebar: the home's children, recursively, in reading order. With
/// `open`, other sections list their subsections but not their pages.
fn nav<'a>(lang: &'a LangSite, numbers: &'a [String], open: Option<&Open<'_>>) -> Vec<NavItem<'a>> {
    nav_item(lang, numbers, open, lang.root, 0).children
}

fn nav_item<'a>(
    lang: &'a LangSite,
    numbers: &'a [String],
    open: Option<&Open<'_>>,
    id: PageId,
    level: usize,
) -> NavItem<'a> {
    let page = &lang.pages[id];
    let item = |c: PageId| nav_item(lang, numbers, open, c, level + 1);
    let children = match open {
        None => lang.nav_children(id).map(item).collect(),
        Some(open) => match open.path.iter().position(|&p| p == id) {
            // The section being read lists the part of its pages the page
            // is in; the sections on the way to it, their first part (all
            // their pages, unless they are many), and the part of their
            // subsections that holds the way.
            Some(0) => part_children(lang, id, Some(open.part), None, item),
            Some(k) => part_children(lang, id, Some(0), Some(open.path[k - 1]), item),
            // Others list only their subsections.
            None => part_children(lang, id, None, None, item),
        },
    };
    let children = if level == NAV_LEVELS {
        flatten(children)
    } else {
        children
    };
    NavItem {
        title: Cow::Borrowed(page.link_title()),
        number: &numbers[id],
        url: &page.url,
        is_section: page.kind != PageKind::Leaf,
        kind: "link",
        collapse: page.meta().is_some_and(|m| m.collapse),
        flat: page.meta().is_some_and(|m| m.flat),
        children,
    }
}

/// A book's sidebar: its summary, entry by entry, nested as it nests.
fn book_nav<'a>(lang: &'a LangSite, book: &'a Book) -> Vec<NavItem<'a>> {
    let entries = &book.summary.entries;
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        match entry.parent {
            Some(parent) => children[parent].push(i),
            None => top.push(i),
        }
    }
    fn item<'a>(
        lang: &'a LangSite,
        book: &'a Book,
        children: &[Vec<usize>],
        i: usize,
        level: usize,
    ) -> NavItem<'a> {
        let entry = &book.summary.entries[i];
        let page = book.pages[i].map(|id| &lang.pages[id]);
        let nested: Vec<NavItem<'a>> = children[i]
            .iter()
            .map(|&c| item(lang, book, children, c, level + 1))
            .collect();
        let nested = if level == NAV_LEVELS {
            flatten(nested)
        } else {
            nested
        };
        NavItem {
            title: Cow::Borrowed(page.map_or(entry.title.as_str(), |p| p.link_title())),
            number: &entry.number,
            url: page.map_or("", |p| p.url.as_str()),
            is_section: !nested.is_empty(),
            kind: match (&entry.kind, page) {
                (EntryKind::Part, _) => "part",
                (EntryKind::Separator, _) => "separator",
                (_, Some(_)) => "link",
                (_, None) => "draft",
            },
            collapse: false,
            flat: false,
            children: nested,
        }
    }
    top.into_iter()
        .map(|i| item(lang, book, &children, i, 1))
        .collect()
}

/// Items and all their descendants as one list, in reading order.
fn flatten(items: Vec<NavItem<'_>>) -> Vec<NavItem<'_>> {
    let mut flat = Vec::new();
    for mut item in items {
        let children = std::mem::take(&mut item.children);
        flat.push(item);
        flat.extend(flatten(children));
    }
    flat
}

/// A section's children: its subsections, in parts too when there are
/// more than [`LISTED_PAGES`] (the part holding `open_child`, else the
/// first), and its pages of part `leaf_part` (none without one), each with
/// a link in place of each neighbouring part.
fn part_children<'a>(
    lang: &'a LangSite,
    section: PageId,
    leaf_part: Option<usize>,
    open_child: Option<PageId>,
    item: impl Fn(PageId) -> NavItem<'a>,
) -> Vec<NavItem<'a>> {
    let is_leaf = |c: PageId| lang.pages[c].kind == PageKind::Leaf;
    let subsections: Vec<PageId> = lang
        .nav_children(section)
        .filter(|&c| !is_leaf(c))
        .collect();
    let open = open_child
        .and_then(|c| subsections.iter().position(|&s| s == c))
        .map_or(0, |at| at / PART_PAGES);
    let mut sections = Parted::new(&subsections, open);
    let pages: Vec<PageId> = leaves(lang, section).collect();
    let mut pages = Parted::new(&pages, leaf_part.unwrap_or(0));
    let mut children = Vec::new();
    for c in lang.nav_children(section) {
        if !is_leaf(c) {
            sections.next(lang, &item, &mut children);
        } else if leaf_part.is_some() {
            pages.next(lang, &item, &mut children);
        }
    }
    children
}

/// A run of a section's children of one kind (subsections, or pages),
/// listed whole up to [`LISTED_PAGES`], else in parts of [`PART_PAGES`] of
/// which one is shown.
struct Parted<'p> {
    ids: &'p [PageId],
    parts: Vec<(usize, usize)>,
    part: usize,
    /// Children of the run met so far.
    seen: usize,
}

impl<'p> Parted<'p> {
    fn new(ids: &'p [PageId], part: usize) -> Parted<'p> {
        let parts = parts(ids.len());
        Parted {
            part: part.min(parts.len() - 1),
            ids,
            parts,
            seen: 0,
        }
    }

    /// Adds to `children` what stands for the run's next child: itself if
    /// in the part shown, a link to the neighbouring part at either end of
    /// it, else nothing.
    fn next<'a>(
        &mut self,
        lang: &'a LangSite,
        item: &impl Fn(PageId) -> NavItem<'a>,
        children: &mut Vec<NavItem<'a>>,
    ) {
        let (at, part) = (self.seen, self.part);
        let shown = self.parts[part];
        if at == shown.0 && part > 0 {
            children.push(part_link(
                lang,
                &self.ids[self.parts[part - 1].0..self.parts[part - 1].1],
            ));
        }
        if (shown.0..shown.1).contains(&at) {
            children.push(item(self.ids[at]));
        }
        self.seen += 1;
        if self.seen == shown.1 && part + 1 < self.parts.len() {
            let next = self.parts[part + 1];
            children.push(part_link(lang, &self.ids[next.0..next.1]));
        }
    }
}

/// `count` children, `(first, end)` as positions among them: one part, or
/// parts of [`PART_PAGES`] when there are more than [`LISTED_PAGES`].
fn parts(count: usize) -> Vec<(usize, usize)> {
    if count <= LISTED_PAGES {
        return vec![(0, count)];
    }
    (0..count)
        .step_by(PART_PAGES)
        .map(|first| (first, (first + PART_PAGES).min(count)))
        .collect()
}

fn leaves(lang: &LangSite, section: PageId) -> impl Iterator<Item = PageId> + '_ {
    lang.nav_children(section)
        .filter(|&c| lang.pages[c].kind == PageKind::Leaf)
}

/// A link standing for a part that is not listed: to its first page,
/// titled with its first and last pages' titles.
fn part_link<'a>(lang: &'a LangSite, part: &[PageId]) -> NavItem<'a> {
    let first = &lang.pages[part[0]];
    let last = &lang.pages[part[part.len() - 1]];
    NavItem {
        title: Cow::Owned(format!("{} … {}", first.link_title(), last.link_title())),
        number: "",
        url: &first.url,
        is_section: false,
        kind: "link",
        collapse: false,
        flat: false,
        children: Vec::new(),
    }
}

/// A language's sidebars: one for the whole language, or one per scope
/// (a section, or a part of a section listed in parts) when each page lists
/// only the pages leading to it.
pub(crate) enum Navs<'a> {
    Full(Sidebar<'a>),
    Scoped {
        navs: HashMap<PageId, Sidebar<'a>>,
        /// The scope of each page not in its own section's (pages of a
        /// section listed in parts, after the first part): the part's first
        /// page.
        scope_of: HashMap<PageId, PageId>,
    },
}

/// One sidebar, made a template value only once a page showing it is
/// rendered: a rebuild reuses most pages, and with them their sidebars.
pub(crate) struct Sidebar<'a> {
    pub(crate) items: Vec<NavItem<'a>>,
    value: OnceLock<Value>,
}

impl<'a> Sidebar<'a> {
    fn new(items: Vec<NavItem<'a>>) -> Sidebar<'a> {
        Sidebar {
            items,
            value: OnceLock::new(),
        }
    }

    fn value(&self) -> Value {
        self.value
            .get_or_init(|| Value::from_serializable(&self.items))
            .clone()
    }
}

impl<'a> Navs<'a> {
    pub(crate) fn new(lang: &'a LangSite, numbers: &'a [String], full: bool) -> Navs<'a> {
        // A book's sidebar is its whole summary, as mdBook shows it.
        if let Some(book) = &lang.book {
            return Navs::Full(Sidebar::new(book_nav(lang, book)));
        }
        if full {
            return Navs::Full(Sidebar::new(nav(lang, numbers, None)));
        }
        // (scope, section, part); a section's own scope shows its first part.
        let mut scopes = Vec::new();
        let mut scope_of = HashMap::new();
        for section in lang.pages.iter().filter(|p| p.kind != PageKind::Leaf) {
            let leaves: Vec<PageId> = leaves(lang, section.id).collect();
            for (part, (first, end)) in parts(leaves.len()).into_iter().enumerate() {
                let scope = if part == 0 { section.id } else { leaves[first] };
                for &page in &leaves[first..end] {
                    if scope != section.id {
                        scope_of.insert(page, scope);
                    }
                }
                scopes.push((scope, section.id, part));
            }
        }
        let navs = scopes
            .par_iter()
            .map(|&(scope, section, part)| {
                let mut path = vec![section];
                let mut up = lang.pages[section].parent;
                while let Some(p) = up {
                    path.push(p);
                    up = lang.pages[p].parent;
                }
                let open = Open { path: &path, part };
                (scope, Sidebar::new(nav(lang, numbers, Some(&open))))
            })
            .collect();
        Navs::Scoped { navs, scope_of }
    }

    /// The scope whose sidebar a page shows, when scopes have sidebars of
    /// their own.
    pub(crate) fn scope(&self, lang: &LangSite, page: PageId) -> Option<PageId> {
        match self {
            Navs::Full(_) => None,
            Navs::Scoped { scope_of, .. } => Some(scope_of.get(&page).copied().unwrap_or_else(
                || match lang.pages[page].kind {
                    PageKind::Leaf => lang.pages[page].parent.unwrap_or(lang.root),
                    _ => page,
                },
            )),
        }
    }

    /// The sidebar of `scope` (from [`Navs::scope`]), to give a template:
    /// made a value the first time a page showing it is rendered.
    pub(crate) fn nav(&self, scope: Option<PageId>) -> Value {
        match (self, scope) {
            (Navs::Full(nav), _) => nav.value(),
            (Navs::Scoped { navs, .. }, Some(scope)) => {
                navs.get(&scope).map_or_else(Value::none, Sidebar::value)
            }
            (Navs::Scoped { .. }, None) => Value::none(),
        }
    }

    /// Every sidebar of language `l`, with the scope of the pages showing it.
    pub(crate) fn scopes(&self, l: usize) -> Box<dyn Iterator<Item = (Scope, &Sidebar<'a>)> + '_> {
        match self {
            Navs::Full(nav) => Box::new(std::iter::once(((l, None), nav))),
            Navs::Scoped { navs, .. } => {
                Box::new(navs.iter().map(move |(s, nav)| ((l, Some(*s)), nav)))
            }
        }
    }
}
