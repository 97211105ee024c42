//! `sitemap.xml` (one for all languages, with `hreflang` alternates) and
//! `robots.txt`.

use std::fmt::Write;

use crate::content::Site;
use crate::content::front_matter::List;
use crate::escape::html as xml;

pub(crate) fn sitemap(site: &Site) -> String {
    let config = &site.config;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let default = site.default;
    for (l, lang) in site.langs.iter().enumerate() {
        for &id in &lang.tree_order {
            let page = &lang.pages[id];
            if page.fallback || page.list() != List::Always {
                // A copy of another language's page, not a page of its
                // own; or one its author keeps out of lists.
                continue;
            }
            let _ = write!(
                out,
                "  <url>\n    <loc>{}</loc>\n",
                xml(&config.absolute_url(&page.url))
            );
            let meta = page.meta();
            if let Some(date) = meta.and_then(|m| m.lastmod.as_ref().or(m.date.as_ref())) {
                let _ = writeln!(out, "    <lastmod>{}</lastmod>", xml(&date.w3c));
            }
            if !page.translations.is_empty() {
                // Every version lists all versions, itself included, plus x-default.
                let mut versions: Vec<(usize, &str)> = vec![(l, page.url.as_str())];
                versions.extend(
                    page.translations
                        .iter()
                        .map(|t| (t.lang, site.page(*t).url.as_str())),
                );
                versions.sort_by_key(|(lang, _)| *lang);
                for (v, url) in &versions {
                    let _ = writeln!(
                        out,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        xml(&site.langs[*v].lang.code),
                        xml(&config.absolute_url(url))
                    );
                }
                if let Some((_, url)) = versions.iter().find(|(v, _)| *v == default) {
                    let _ = writeln!(
                        out,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                        xml(&config.absolute_url(url))
                    );
                }
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

pub(crate) fn robots(site: &Site) -> String {
    let sitemap_url = site
        .config
        .absolute_url(&format!("{}sitemap.xml", site.config.base_path()));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}
