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

use crate::content::PageMap;
use crate::content::Site;
use crate::error::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::output::{OutputFile, Sink};
use crate::sync::Locked;
pub(crate) use links::Published;
pub(crate) use memo::Memo;

/// Every problem the checks find, in no particular order.
pub(crate) fn site(
    site: &Site,
    rendered: &PageMap<Arc<Rendered>>,
    published: &Published,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    let mut out = links::check(site, rendered, published);
    out.extend(front_matter::check(site));
    out.extend(encoding::check(site, &mut memo.mojibake));
    out
}

/// Passes files on to another sink, noting what links will be able to reach.
pub(crate) struct RecordingSink<'a> {
    inner: &'a dyn Sink,
    published: Mutex<Published>,
    ids: memo::IdsRound,
}

impl<'a> RecordingSink<'a> {
    pub(crate) fn new(inner: &'a dyn Sink, memo: &mut Memo) -> Self {
        RecordingSink {
            inner,
            published: Mutex::default(),
            ids: memo.ids_round(),
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
        self.published.locked().add(&file.path, ids);
        self.inner.put(file)
    }
}
