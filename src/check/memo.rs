//! What the checks of one build keep for the next (see [`crate::incremental`]):
//! the ids of each page and the mangled-text finding of each content file,
//! reused while the page's bytes or the file's parsed text are the very same
//! ones (the render cache hands on what it did not redo).

use std::path::PathBuf;
use std::sync::Arc;

use super::links::{Ids, Published};
use crate::content::page::ParsedPage;
use crate::error::Diagnostic;
use crate::incremental::{Round, Store};
use crate::output::OutputFile;

/// A page's ids, with the bytes they were read from.
type PageIds = (Arc<Vec<u8>>, Ids);

/// A content file's mangled text, with the parsed file it was found in.
pub(super) type Mojibake = (Arc<ParsedPage>, Option<Diagnostic>);

pub(crate) struct Memo {
    ids: Store<String, PageIds>,
    pub(super) mojibake: Store<PathBuf, Mojibake>,
}

impl Memo {
    /// Keeps what each build found for the next.
    pub(crate) fn keeping() -> Memo {
        Memo {
            ids: Store::keeping(),
            mojibake: Store::keeping(),
        }
    }

    /// For a single build: keeps no pages, which go to disk as they are made.
    pub(crate) fn once() -> Memo {
        Memo {
            ids: Store::once(),
            mojibake: Store::once(),
        }
    }

    pub(super) fn ids_round(&mut self) -> IdsRound {
        IdsRound(self.ids.round())
    }

    pub(super) fn finish_ids(&mut self, round: IdsRound) {
        self.ids.finish(round.0);
    }
}

/// One build's reading of page ids.
pub(super) struct IdsRound(Round<String, PageIds>);

impl IdsRound {
    /// The ids of `file` when it is a page.
    pub(super) fn ids_of(&self, file: &OutputFile) -> Option<Ids> {
        let html = Published::page_of(file)?;
        let (_, ids) = self.0.get(
            file.path.clone(),
            |(bytes, _)| Arc::ptr_eq(bytes, html),
            |_| (html.clone(), Published::ids_in(html)),
        );
        Some(ids)
    }
}
