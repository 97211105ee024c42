//! The search index, made apart from each build: a reload does not wait for
//! it, and meanwhile the pages are served with an earlier build's index.

use std::sync::{Arc, Condvar, Mutex, PoisonError};

use super::Shared;
use crate::content::Site;
use crate::markdown::Rendered;

/// What a build's search index is made from.
pub struct SearchJob {
    /// The build's number, so an index made too late for it is dropped.
    pub generation: u64,
    pub site: Site,
    pub rendered: Vec<Vec<Arc<Rendered>>>,
}

/// A thread making the index of the latest build; a job still waiting is
/// replaced by a newer one.
pub struct SearchWorker {
    next: Arc<(Mutex<Option<SearchJob>>, Condvar)>,
}

impl SearchWorker {
    pub fn start(shared: Arc<Shared>) -> SearchWorker {
        let next = Arc::new((Mutex::new(None::<SearchJob>), Condvar::new()));
        let waiting = next.clone();
        // One thread of its own, so a rebuild meanwhile still has a core.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
        std::thread::spawn(move || {
            let (slot, ready) = &*waiting;
            loop {
                let job = {
                    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
                    loop {
                        if let Some(job) = slot.take() {
                            break job;
                        }
                        slot = ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
                    }
                };
                let make = || crate::search::build(&job.site, &job.rendered);
                let files = match &pool {
                    Some(pool) => pool.install(make),
                    None => make(),
                };
                shared.publish_search(job.generation, files);
            }
        });
        SearchWorker { next }
    }

    pub fn submit(&self, job: SearchJob) {
        let (slot, ready) = &*self.next;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(job);
        ready.notify_one();
    }
}
