//! The search index, made apart from each build: a reload does not wait for
//! it, and meanwhile the pages are served with an earlier build's index.
//! A language whose pages are the very same as last time keeps its index.

use crate::incremental::Store;
use crate::sync::Locked;
use std::sync::{Arc, Condvar, Mutex};

use super::Shared;
use crate::content::PageMap;
use crate::content::page::ParsedPage;
use crate::content::{LangSite, Site};
use crate::markdown::Rendered;
use crate::output::OutputFile;

/// What a build's search index is made from.
pub(crate) struct SearchJob {
    /// The build's number, so an index made too late for it is dropped.
    pub(crate) generation: u64,
    pub(crate) site: Site,
    pub(crate) rendered: PageMap<Arc<Rendered>>,
}

/// A thread making the index of the latest build; a job still waiting is
/// replaced by a newer one.
pub(crate) struct SearchWorker {
    next: Arc<(Mutex<Option<SearchJob>>, Condvar)>,
}

impl SearchWorker {
    pub(crate) fn start(shared: Arc<Shared>) -> SearchWorker {
        let next = Arc::new((Mutex::new(None::<SearchJob>), Condvar::new()));
        let waiting = next.clone();
        // One thread of its own, so a rebuild meanwhile still has a core.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
        std::thread::spawn(move || {
            let (slot, ready) = &*waiting;
            let mut made = Store::keeping();
            loop {
                let job = {
                    let mut slot = slot.locked();
                    loop {
                        if let Some(job) = slot.take() {
                            break job;
                        }
                        slot = crate::sync::wait(ready, slot);
                    }
                };
                let mut make = || index(&job, &mut made);
                let files = match &pool {
                    Some(pool) => pool.install(make),
                    None => make(),
                };
                shared.publish_search(job.generation, files);
            }
        });
        SearchWorker { next }
    }

    pub(crate) fn submit(&self, job: SearchJob) {
        let (slot, ready) = &*self.next;
        *slot.locked() = Some(job);
        ready.notify_one();
    }
}

/// What a language's index is made of, per page in reading order: compared
/// by identity for the parsed file and its Markdown.
#[derive(Clone)]
struct PageInputs {
    title: String,
    url: String,
    fallback: bool,
    parsed: Option<Arc<ParsedPage>>,
    rendered: Arc<Rendered>,
}

impl PageInputs {
    fn of(lang: &LangSite, rendered: &[Arc<Rendered>]) -> Vec<PageInputs> {
        lang.tree_order
            .iter()
            .map(|&id| {
                let page = &lang.pages[id];
                PageInputs {
                    title: page.title.clone(),
                    url: page.url.clone(),
                    fallback: page.fallback,
                    parsed: page.parsed.clone(),
                    rendered: rendered[id].clone(),
                }
            })
            .collect()
    }

    fn same(&self, other: &PageInputs) -> bool {
        self.title == other.title
            && self.url == other.url
            && self.fallback == other.fallback
            && Arc::ptr_eq(&self.rendered, &other.rendered)
            && match (&self.parsed, &other.parsed) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// A language's search files, with the pages they were made from.
type LanguageIndex = Arc<(Vec<PageInputs>, Vec<OutputFile>)>;

/// The search files of a build, each language's made again only when its
/// pages changed; `made` holds the last ones, by the language's home path.
fn index(job: &SearchJob, made: &mut Store<String, LanguageIndex>) -> Vec<OutputFile> {
    if !job.site.config.search {
        made.clear();
        return Vec::new();
    }
    let round = made.round();
    let mut files = Vec::new();
    for (lang, rendered) in job.site.langs.iter().zip(job.rendered.langs()) {
        let key = format!("{}:{}", lang.lang.code, lang.pages[lang.root].path);
        let inputs = PageInputs::of(lang, rendered);
        let same_inputs = |made: &LanguageIndex| {
            let old = &made.0;
            old.len() == inputs.len() && old.iter().zip(&inputs).all(|(a, b)| a.same(b))
        };
        let made = round.get(key, same_inputs, |_| {
            let files = crate::search::language(lang, rendered, None);
            Arc::new((inputs.clone(), files))
        });
        files.extend(made.1.iter().cloned());
    }
    made.finish(round);
    files
}
