//! Writes a multilingual Go course for the benchmark of issue 7, twice: in
//! lectern's layout and as an equivalent Hugo site.
//!
//! ```text
//! lectern-bench-gen --pages 3000 [--seed 7] [--hugo-sidebar section|all] OUT
//! ```
//!
//! `--pages` counts output pages over all three languages (en, ru, zh):
//! each language gets a third, its home and section pages included. Output:
//! `OUT/lectern/{site.toml,content/<lang>/…}` and
//! `OUT/hugo/{hugo.toml,content/<lang>/…,layouts/…,i18n/…}`, with the same
//! Markdown in both. The same arguments always write the same bytes.

mod code;
mod hugo;
mod rng;
mod text;
mod words;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rng::Rng;
use text::{heading_id, yaml_str};
use words::{IDENTS, LANGS, Words};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sidebar {
    /// Every section's title, plus the pages of the section being read.
    Section,
    /// Every section and every page of the language.
    All,
}

struct Args {
    pages: usize,
    seed: u64,
    sidebar: Sidebar,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut pages = None;
    let mut seed = 7;
    let mut sidebar = Sidebar::Section;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--pages" => {
                let v = value("--pages")?;
                pages = Some(
                    v.parse()
                        .map_err(|_| format!("--pages: not a number: {v}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--hugo-sidebar" => {
                sidebar = match value("--hugo-sidebar")?.as_str() {
                    "section" => Sidebar::Section,
                    "all" => Sidebar::All,
                    other => return Err(format!("--hugo-sidebar: section or all, not {other}")),
                }
            }
            "-h" | "--help" => return Err(String::new()),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let pages: usize = pages.ok_or("--pages is required")?;
    if pages < 3 {
        return Err("--pages: at least 3 (one home per language)".into());
    }
    Ok(Args {
        pages,
        seed,
        sidebar,
        out: out.ok_or("the output directory is required")?,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!(
                "usage: lectern-bench-gen --pages N [--seed S] [--hugo-sidebar section|all] OUT"
            );
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(stats) => {
            println!(
                "{} pages ({} per language, {} section{} each), {} code blocks ({} distinct), {:.1} MiB of Markdown per site → {}",
                stats.pages,
                stats.pages / 3,
                stats.sections,
                if stats.sections == 1 { "" } else { "s" },
                stats.code_blocks,
                stats.distinct_code.len(),
                stats.bytes as f64 / 1048576.0,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Section,
    Page,
}

/// One content file, the same in every language.
struct Node {
    kind: Kind,
    /// The section's directory (empty for the home).
    dir: String,
    /// Path below `content/<lang>/`.
    file: String,
    weight: usize,
}

/// What other pages need to know of a page in one language: its title and
/// its headings, to link to them.
struct Skeleton {
    title: String,
    headings: Vec<(u8, String)>,
}

/// Purposes, mixed into the seed of each place.
const PLAN: u64 = 1;
const SKELETON: u64 = 2;
const BODY: u64 = 3;
const CODE: u64 = 4;

fn plan(pages_per_lang: usize, seed: u64) -> Vec<Node> {
    let mut rng = Rng::derive(seed, &[PLAN]);
    let mut nodes = vec![Node {
        kind: Kind::Home,
        dir: String::new(),
        file: "_index.md".into(),
        weight: 0,
    }];
    let mut remaining = pages_per_lang - 1;
    let mut section = 0;
    while remaining > 0 {
        section += 1;
        // Sections of 10–20 pages; the last ones shaped so none is short
        // (except in sites too small to have a full section).
        let after_index = remaining - 1;
        let mut count = rng.between(10, 20);
        if after_index <= 20 {
            count = after_index;
        } else if after_index - count < 11 {
            count = after_index - 11;
        }
        let dir = format!("s{section:03}-{}", rng.pick(IDENTS));
        nodes.push(Node {
            kind: Kind::Section,
            dir: dir.clone(),
            file: format!("{dir}/_index.md"),
            weight: section,
        });
        for page in 1..=count {
            let name = format!("p{page:02}-{}-{}", rng.pick(IDENTS), rng.pick(IDENTS));
            nodes.push(Node {
                kind: Kind::Page,
                dir: dir.clone(),
                file: format!("{dir}/{name}.md"),
                weight: page,
            });
        }
        remaining -= 1 + count;
    }
    nodes
}

fn skeleton(node: &Node, index: usize, lang: usize, seed: u64) -> Skeleton {
    let w = LANGS[lang];
    let mut rng = Rng::derive(seed, &[SKELETON, index as u64, lang as u64]);
    let title = match node.kind {
        Kind::Home => w.site_title.to_string(),
        _ => text::title(w, &mut rng),
    };
    let mut headings: Vec<(u8, String)> = Vec::new();
    if node.kind == Kind::Page {
        let mut ids = HashSet::new();
        let h2 = rng.between(3, 6);
        for _ in 0..h2 {
            for level in [2, 3] {
                if level == 3 && !rng.chance(30) {
                    continue;
                }
                // Headings of a page are distinct, so no id needs a suffix.
                let mut text = text::heading(w, &mut rng);
                while !ids.insert(heading_id(&text)) {
                    text = text::heading(w, &mut rng);
                }
                headings.push((level, text));
            }
        }
    }
    Skeleton { title, headings }
}

/// A relative Markdown link from one content file to another.
fn relative(from: &Node, to: &Node) -> String {
    let name = to.file.rsplit('/').next().unwrap_or(&to.file);
    if from.dir == to.dir {
        name.to_string()
    } else if from.dir.is_empty() {
        to.file.clone()
    } else {
        format!("../{}", to.file)
    }
}

struct Course<'a> {
    nodes: &'a [Node],
    /// `skeletons[lang][node]`.
    skeletons: &'a [Vec<Skeleton>],
    /// Indices of the regular pages, the targets of cross links.
    leaves: Vec<usize>,
    seed: u64,
}

impl Course<'_> {
    /// Markdown for a link from `from` to a random other page, sometimes to
    /// one of its headings.
    fn cross_link(&self, from: usize, lang: usize, rng: &mut Rng) -> String {
        let w = LANGS[lang];
        let mut to = *rng.pick(&self.leaves);
        if to == from && self.leaves.len() > 1 {
            to = self.leaves
                [(self.leaves.iter().position(|&l| l == to).unwrap_or(0) + 1) % self.leaves.len()];
        }
        let target = &self.skeletons[lang][to];
        let mut dest = relative(&self.nodes[from], &self.nodes[to]);
        let mut label = target.title.clone();
        if rng.chance(50) && !target.headings.is_empty() {
            let (_, heading) = rng.pick(&target.headings);
            dest.push('#');
            dest.push_str(&heading_id(heading));
            label = heading
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_string();
        }
        format!("{} [{label}]({dest})", rng.pick(w.see))
    }

    fn front_matter(&self, index: usize, lang: usize, rng: &mut Rng) -> String {
        let w = LANGS[lang];
        let node = &self.nodes[index];
        let sk = &self.skeletons[lang][index];
        let mut fm = String::from("---\n");
        let _ = writeln!(fm, "title: {}", yaml_str(&sk.title));
        if node.weight > 0 {
            let _ = writeln!(fm, "weight: {}", node.weight);
        }
        let _ = writeln!(fm, "date: {}", date(rng.below(700)));
        let description = match node.kind {
            Kind::Home => w.site_description.to_string(),
            _ => plain(&text::sentence(w, rng, None)),
        };
        let _ = writeln!(fm, "description: {}", yaml_str(&description));
        fm.push_str("keywords:\n  - go\n");
        for _ in 0..rng.between(2, 4) {
            let _ = writeln!(fm, "  - {}", yaml_str(rng.pick::<&str>(w.nouns)));
        }
        fm.push_str("---\n\n");
        fm
    }

    fn page(&self, index: usize, lang: usize, stats: &mut Stats) -> String {
        let w = LANGS[lang];
        let mut rng = Rng::derive(self.seed, &[BODY, index as u64, lang as u64]);
        let mut out = self.front_matter(index, lang, &mut rng);
        let sk = &self.skeletons[lang][index];
        let target = rng.between(4096, 7600);

        // Block 0 is the introduction; then one per heading.
        let intro_link = self.cross_link(index, lang, &mut rng);
        let mut blocks: Vec<String> = vec![text::paragraph(w, &mut rng, &[intro_link])];
        for (level, heading) in &sk.headings {
            let hashes = if *level == 2 { "##" } else { "###" };
            blocks.push(format!(
                "{hashes} {heading}\n\n{}",
                text::paragraph(w, &mut rng, &[])
            ));
        }
        let sections = blocks.len();
        let place = |rng: &mut Rng, blocks: &mut Vec<String>, md: String| {
            let at = rng.between(1, sections - 1);
            blocks[at].push_str("\n\n");
            blocks[at].push_str(&md);
        };

        // What every page has: a list, a table, 1–3 code blocks, links to
        // its own headings and to other pages' headings.
        let md = self.list(index, lang, &mut rng);
        place(&mut rng, &mut blocks, md);
        let md = table(w, &mut rng);
        place(&mut rng, &mut blocks, md);
        // 2.55 blocks a page on average.
        // Translations have the same number of blocks.
        let blocks_here = match Rng::derive(self.seed, &[CODE, index as u64]).below(100) {
            0..10 => 1,
            10..35 => 2,
            _ => 3,
        };
        for i in 0..blocks_here {
            let md = self.code_block(index, lang, i, &mut rng);
            stats.code_blocks += 1;
            stats.distinct_code.insert(hash(&md));
            place(&mut rng, &mut blocks, md);
        }
        for _ in 0..rng.between(1, 2) {
            let (_, heading) = rng.pick(&sk.headings);
            let label = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
            let link = format!("[{label}](#{})", heading_id(heading));
            let md = text::paragraph(w, &mut rng, &[link]);
            place(&mut rng, &mut blocks, md);
        }
        if rng.chance(50) {
            let md = format!("> {} {}", w.quote_lead, text::sentence(w, &mut rng, None));
            place(&mut rng, &mut blocks, md);
        }
        // Then prose up to the page's size.
        let mut size = out.len() + blocks.iter().map(|b| b.len() + 2).sum::<usize>();
        while size < target {
            let links = if rng.chance(30) {
                vec![self.cross_link(index, lang, &mut rng)]
            } else {
                vec![]
            };
            let md = text::paragraph(w, &mut rng, &links);
            size += md.len() + 2;
            place(&mut rng, &mut blocks, md);
        }
        out.push_str(&blocks.join("\n\n"));
        out.push('\n');
        out
    }

    fn list(&self, index: usize, lang: usize, rng: &mut Rng) -> String {
        let w = LANGS[lang];
        let ordered = rng.chance(40);
        let mut md = String::new();
        for i in 1..=rng.between(3, 6) {
            let marker = if ordered {
                format!("{i}.")
            } else {
                "-".to_string()
            };
            let link = rng.chance(25).then(|| self.cross_link(index, lang, rng));
            let item = text::sentence(w, rng, link.as_deref());
            let _ = writeln!(md, "{marker} {item}");
            if rng.chance(20) {
                let _ = writeln!(md, "   - {}", text::sentence(w, rng, None));
            }
        }
        md.pop();
        md
    }

    /// A code block. Two in three are the same in every language (seeded
    /// by page and position only, comments in English), as translated
    /// books often keep code; the others have comments in the page's
    /// language.
    fn code_block(&self, index: usize, lang: usize, nth: usize, rng: &mut Rng) -> String {
        let mut code_rng = Rng::derive(self.seed, &[CODE, index as u64, nth as u64]);
        let shared = code_rng.chance(67);
        let kind = code::Lang::pick(&mut code_rng);
        let words: &Words = if shared { LANGS[0] } else { LANGS[lang] };
        let mut comment_rng = if shared {
            Rng::derive(self.seed, &[CODE, index as u64, nth as u64, 1])
        } else {
            Rng::derive(rng.next_u64(), &[])
        };
        let mut comment = move |_: &mut Rng| plain(&text::sentence(words, &mut comment_rng, None));
        let body = code::block(&kind, &mut code_rng, &mut comment);
        format!("```{}\n{body}```", kind.fence())
    }

    fn section(&self, index: usize, lang: usize) -> String {
        let w = LANGS[lang];
        let mut rng = Rng::derive(self.seed, &[BODY, index as u64, lang as u64]);
        let mut out = self.front_matter(index, lang, &mut rng);
        out.push_str(&text::paragraph(w, &mut rng, &[]));
        out.push_str("\n\n");
        let node = &self.nodes[index];
        // Links to the first pages of the section.
        let firsts = self.nodes[index + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, n)| n.kind == Kind::Page)
            .take(3);
        for (offset, n) in firsts {
            let sk = &self.skeletons[lang][index + 1 + offset];
            let _ = writeln!(out, "- [{}]({})", sk.title, relative(node, n));
        }
        out.push('\n');
        out.push_str(&text::paragraph(w, &mut rng, &[]));
        out.push('\n');
        out
    }

    fn home(&self, lang: usize) -> String {
        let w = LANGS[lang];
        let mut rng = Rng::derive(self.seed, &[BODY, 0, lang as u64]);
        let mut out = self.front_matter(0, lang, &mut rng);
        out.push_str(&text::paragraph(w, &mut rng, &[]));
        out.push_str("\n\n");
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind == Kind::Section {
                let sk = &self.skeletons[lang][i];
                let _ = writeln!(out, "- [{}]({})", sk.title, relative(&self.nodes[0], n));
            }
            if out.len() > 2000 {
                break;
            }
        }
        out
    }
}

/// A sentence without Markdown, for front matter and code comments.
fn plain(s: &str) -> String {
    s.replace(['*', '`'], "")
}

fn table(w: &Words, rng: &mut Rng) -> String {
    let mut md = format!("| {} |\n|---|---|---|---|\n", w.table_head.join(" | "));
    for _ in 0..rng.between(3, 6) {
        let ty = rng.pick(words::GO_TYPES);
        let _ = writeln!(
            md,
            "| `{}{}` | `{ty}` | {} | {} |",
            rng.pick(IDENTS),
            rng.between(1, 9),
            words::zero_value(ty),
            rng.pick(w.notes)
        );
    }
    md.pop();
    md
}

/// `YYYY-MM-DD`, `days` after 2024-01-01.
fn date(mut days: usize) -> String {
    let mut year = 2024;
    loop {
        let month_days = [
            31,
            if year % 4 == 0 { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        for (m, &len) in month_days.iter().enumerate() {
            if days < len {
                return format!("{year}-{:02}-{:02}", m + 1, days + 1);
            }
            days -= len;
        }
        year += 1;
    }
}

struct Stats {
    pages: usize,
    sections: usize,
    code_blocks: usize,
    /// Hashes of the code blocks: blocks shared by translations count once.
    distinct_code: HashSet<u64>,
    bytes: usize,
}

fn hash(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn generate(args: &Args) -> Result<Stats, String> {
    let per_lang = args.pages / 3;
    let nodes = plan(per_lang, args.seed);
    let skeletons: Vec<Vec<Skeleton>> = (0..LANGS.len())
        .map(|lang| {
            nodes
                .iter()
                .enumerate()
                .map(|(i, n)| skeleton(n, i, lang, args.seed))
                .collect()
        })
        .collect();
    let course = Course {
        nodes: &nodes,
        skeletons: &skeletons,
        leaves: (0..nodes.len())
            .filter(|&i| nodes[i].kind == Kind::Page)
            .collect(),
        seed: args.seed,
    };

    let lectern = args.out.join("lectern");
    let hugo = args.out.join("hugo");
    for dir in [&lectern, &hugo] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    let mut stats = Stats {
        pages: nodes.len() * LANGS.len(),
        sections: nodes.iter().filter(|n| n.kind == Kind::Section).count(),
        code_blocks: 0,
        distinct_code: HashSet::new(),
        bytes: 0,
    };
    for (lang, w) in LANGS.iter().enumerate() {
        for (i, node) in nodes.iter().enumerate() {
            let md = match node.kind {
                Kind::Home => course.home(lang),
                Kind::Section => course.section(i, lang),
                Kind::Page => course.page(i, lang, &mut stats),
            };
            stats.bytes += md.len();
            for site in [&lectern, &hugo] {
                write(&site.join("content").join(w.code).join(&node.file), &md)?;
            }
        }
    }
    write(&lectern.join("site.toml"), &lectern_config())?;
    hugo::write_site(args.sidebar, &mut |path, text| {
        write(&hugo.join(path), text)
    })?;
    Ok(stats)
}

fn lectern_config() -> String {
    let en = LANGS[0];
    let mut toml = format!(
        "# Generated by lectern-bench-gen.\ntitle = \"{}\"\ndescription = \"{}\"\nbase_url = \"https://example.org/\"\ndefault_language = \"en\"\n",
        en.site_title, en.site_description
    );
    for (i, w) in LANGS.iter().enumerate() {
        let _ = write!(
            toml,
            "\n[languages.{}]\nname = \"{}\"\nweight = {}\ntitle = \"{}\"\ndescription = \"{}\"\n",
            w.code,
            w.name,
            i + 1,
            w.site_title,
            w.site_description
        );
    }
    // The Hugo twin leaves RSS out (`disableKinds`): so do these.
    toml.push_str("\n[feed]\nenabled = false\n");
    toml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_hold_10_to_20_pages_and_sizes_add_up() {
        for per_lang in [100, 1000, 5000, 37] {
            let nodes = plan(per_lang, 7);
            assert_eq!(nodes.len(), per_lang);
            let mut count = 0;
            let mut sizes = Vec::new();
            for n in &nodes[1..] {
                match n.kind {
                    Kind::Section => {
                        if count > 0 {
                            sizes.push(count);
                        }
                        count = 0;
                    }
                    _ => count += 1,
                }
            }
            sizes.push(count);
            assert!(sizes.iter().all(|s| (10..=20).contains(s)), "{sizes:?}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date(0), "2024-01-01");
        assert_eq!(date(59), "2024-02-29");
        assert_eq!(date(366), "2025-01-01");
    }

    #[test]
    fn relative_links() {
        let plan = plan(40, 1);
        let home = &plan[0];
        let sec = &plan[1];
        let page = &plan[2];
        assert_eq!(relative(home, page), page.file);
        assert_eq!(relative(sec, page), page.file.rsplit('/').next().unwrap());
        let other = plan.iter().rfind(|n| n.kind == Kind::Page).unwrap();
        assert_eq!(relative(page, other), format!("../{}", other.file));
    }
}
