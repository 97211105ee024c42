//! The checks a build runs over the whole site once it is rendered in
//! memory: links and anchors, front matter, mojibake. Pure functions of the
//! site and its output, apart from the requests of
//! [`external`], which only `lectern check --external` makes.

pub(crate) mod encoding;
pub(crate) mod external;
pub(crate) mod files;
mod front_matter;
mod links;
mod memo;

use std::sync::{Arc, Mutex};

use crate::cache_dir::{CacheDir, Digest, sha256};
use crate::content::PageMap;
use crate::content::Site;
use crate::error::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::output::{Body, OutputFile, Sink};
use crate::sync::Locked;
pub(crate) use links::Published;
pub(crate) use memo::Memo;

/// Every problem the checks find, in no particular order.
pub(crate) fn site(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    published: &Published,
    memo: &mut Memo,
    stored: Option<&CacheDir>,
) -> Vec<Diagnostic> {
    let mut out = links::check(site, rendered, published);
    out.extend(front_matter::check(site));
    out.extend(encoding::check(site, &mut memo.mojibake, stored));
    out
}

/// Passes files on to another sink, noting what links will be able to reach.
/// With a cache on disk, it notes there what each file it was given a key
/// for became (its SHA-256 and ids), for [`Sink::reuse`] in the next run.
pub(crate) struct RecordingSink<'a> {
    inner: &'a dyn Sink,
    published: Mutex<Published>,
    ids: memo::IdsRound,
    stored: Option<Arc<CacheDir>>,
}

/// What the cache on disk notes of a file: its bytes' SHA-256 and ids.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredFile {
    sha: Digest,
    ids: Option<Vec<String>>,
}

impl<'a> RecordingSink<'a> {
    pub(crate) fn new(inner: &'a dyn Sink, memo: &mut Memo, stored: Option<Arc<CacheDir>>) -> Self {
        RecordingSink {
            inner,
            published: Mutex::default(),
            ids: memo.ids_round(),
            stored,
        }
    }

    /// What the files passed on publish; `memo` keeps their ids.
    pub(crate) fn finish(self, memo: &mut Memo) -> Published {
        memo.finish_ids(self.ids);
        self.published.into_value()
    }
}

impl Sink for RecordingSink<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        let ids = self.ids.ids_of(&file);
        if let (Some(stored), Some(key), Body::Bytes(bytes)) =
            (&self.stored, file.stored, &file.body)
        {
            let mut sorted: Option<Vec<String>> =
                ids.as_ref().map(|ids| ids.iter().cloned().collect());
            if let Some(sorted) = &mut sorted {
                sorted.sort();
            }
            stored.put(
                key,
                &StoredFile {
                    sha: sha256(bytes),
                    ids: sorted,
                },
            );
        }
        self.published.locked().add(&file.path, ids);
        self.inner.put(file)
    }

    fn reuse(&self, path: &str, key: &Digest) -> bool {
        let Some(stored) = &self.stored else {
            return false;
        };
        let Some(file) = stored.get::<StoredFile>(key) else {
            return false;
        };
        if !self.inner.keep(path, &file.sha) {
            return false;
        }
        stored.keep(*key);
        let ids = file.ids.map(|ids| Arc::new(ids.into_iter().collect()));
        self.published.locked().add(path, ids);
        true
    }
}
