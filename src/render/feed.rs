//! RSS 2.0 feeds, at the paths Hugo writes them (`index.xml` beside a
//! language's home, each section and each taxonomy term), so readers'
//! subscriptions survive a move to lectern. Bytes depend on the content
//! alone: the channel's date is its newest item's, never the clock's.

use std::fmt::Write;

use chrono::NaiveDateTime;

use crate::content::front_matter::List;
use crate::content::page::{Page, PageId, PageKind, PageRef};
use crate::content::{LangSite, PageMap, Site};
use crate::escape::html as xml;

/// The file name of a page's feed, in its output directory.
pub(crate) const FEED_FILE: &str = "index.xml";

/// A feed to write: the page it belongs to, and its items, newest first.
pub(crate) struct Feed {
    pub(crate) owner: PageRef,
    pub(crate) items: Vec<PageId>,
}

/// Every feed of the site: none without `[feed]` enabled or without an
/// absolute `base_url` (a feed's links must be absolute). A language's home
/// lists all its pages, a section those below it, a term those carrying
/// it; pages kept out of lists and fallback copies are left out, and
/// pages or sections with nothing to list get no feed.
pub(crate) fn plan(site: &Site) -> Vec<Feed> {
    let config = &site.config;
    if !config.feed.enabled || !config.base_url.contains("://") {
        return Vec::new();
    }
    let mut feeds = Vec::new();
    for (l, lang) in site.langs.iter().enumerate() {
        for &id in &lang.tree_order {
            let page = &lang.pages[id];
            let items = match page.kind {
                PageKind::Home | PageKind::Section => below(lang, id),
                PageKind::Term => page.listing.clone(),
                PageKind::Leaf | PageKind::Taxonomy => continue,
            };
            let mut items: Vec<PageId> = items
                .into_iter()
                .filter(|&i| is_item(&lang.pages[i]))
                .collect();
            if items.is_empty() {
                continue;
            }
            // Newest first, undated last; the sort is stable, so reading
            // order decides the rest.
            items.sort_by_key(|&i| std::cmp::Reverse(date(&lang.pages[i])));
            if config.feed.limit > 0 {
                items.truncate(config.feed.limit);
            }
            feeds.push(Feed {
                owner: PageRef { lang: l, page: id },
                items,
            });
        }
    }
    feeds
}

fn is_item(page: &Page) -> bool {
    page.kind == PageKind::Leaf && !page.fallback && page.list() == List::Always
}

fn date(page: &Page) -> Option<NaiveDateTime> {
    page.meta()?.date.as_ref().map(|d| d.instant)
}

/// Every page below `id`, in reading order.
fn below(lang: &LangSite, id: PageId) -> Vec<PageId> {
    let mut out = Vec::new();
    let mut stack: Vec<PageId> = lang.pages[id].children.iter().rev().copied().collect();
    while let Some(next) = stack.pop() {
        out.push(next);
        stack.extend(lang.pages[next].children.iter().rev());
    }
    out
}

/// The text of one feed. Items carry `content` when given (the page's
/// HTML), else `summaries` (plain text), as `description`.
pub(crate) fn write(
    site: &Site,
    feed: &Feed,
    summaries: &PageMap<String>,
    content: &dyn Fn(PageRef) -> Option<std::sync::Arc<str>>,
) -> String {
    let config = &site.config;
    let lang = &site.langs[feed.owner.lang];
    let owner = &lang.pages[feed.owner.page];
    let site_title = if lang.lang.title.is_empty() {
        config.title.as_str()
    } else {
        lang.lang.title.as_str()
    };
    let title = match owner.kind {
        PageKind::Home => site_title.to_string(),
        _ => format!("{} – {site_title}", owner.title),
    };
    let description = owner
        .meta()
        .and_then(|m| m.description.as_deref())
        .filter(|d| !d.trim().is_empty())
        .or(Some(lang.lang.description.as_str()).filter(|d| !d.is_empty()))
        .unwrap_or(title.as_str())
        .to_string();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n",
    );
    let url = config.absolute_url(&owner.url);
    let _ = writeln!(out, "<title>{}</title>", xml(&title));
    let _ = writeln!(out, "<link>{}</link>", xml(&url));
    let _ = writeln!(out, "<description>{}</description>", xml(&description));
    let _ = writeln!(out, "<generator>lectern</generator>");
    let _ = writeln!(out, "<language>{}</language>", xml(&lang.lang.code));
    if let Some(newest) = feed
        .items
        .iter()
        .filter_map(|&i| date(&lang.pages[i]))
        .max()
    {
        let _ = writeln!(out, "<lastBuildDate>{}</lastBuildDate>", rfc822(newest));
    }
    let _ = writeln!(
        out,
        "<atom:link href=\"{}{FEED_FILE}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml(&url)
    );
    for &id in &feed.items {
        let page = &lang.pages[id];
        let r = PageRef {
            lang: feed.owner.lang,
            page: id,
        };
        let link = config.absolute_url(&page.url);
        out.push_str("<item>\n");
        let _ = writeln!(out, "<title>{}</title>", xml(&page.title));
        let _ = writeln!(out, "<link>{}</link>", xml(&link));
        if let Some(date) = date(page) {
            let _ = writeln!(out, "<pubDate>{}</pubDate>", rfc822(date));
        }
        let _ = writeln!(out, "<guid>{}</guid>", xml(&link));
        let body = content(r).map_or_else(|| summaries[r].clone(), |html| html.to_string());
        if !body.is_empty() {
            let _ = writeln!(out, "<description>{}</description>", xml(&body));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// RSS's date form (RFC 822, with a four-digit year), in UTC.
fn rfc822(instant: NaiveDateTime) -> String {
    instant.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// Where a page's feed is linked from, root-relative, if it has one.
pub(crate) fn url(page: &Page) -> String {
    format!("{}{FEED_FILE}", page.url)
}
