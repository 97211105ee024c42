//! What the checks of one build keep for the next ([`crate::Cache`]): the
//! ids of each page and the mangled-text finding of each content file,
//! reused while the page's bytes or the file's parsed text are the very same
//! ones (the render cache hands on what it did not redo).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::links::{Ids, Published};
use crate::content::page::ParsedPage;
use crate::error::Diagnostic;
use crate::output::OutputFile;

type PageIds = HashMap<String, (Arc<Vec<u8>>, Ids)>;

#[derive(Default)]
pub struct Memo {
    /// For a single build: keep no pages, which go to disk as they are made.
    once: bool,
    ids: PageIds,
    next_ids: Mutex<PageIds>,
    pub(super) mojibake: HashMap<PathBuf, (Arc<ParsedPage>, Option<Diagnostic>)>,
}

impl Memo {
    pub fn once() -> Memo {
        Memo {
            once: true,
            ..Memo::default()
        }
    }

    /// The ids of `file` when it is a page.
    pub(super) fn ids_of(&self, file: &OutputFile) -> Option<Ids> {
        let html = Published::page_of(file)?;
        let ids = match self.ids.get(&file.path) {
            Some((bytes, ids)) if Arc::ptr_eq(bytes, html) => ids.clone(),
            _ => Published::ids_in(html),
        };
        if !self.once {
            self.next_ids
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(file.path.clone(), (html.clone(), ids.clone()));
        }
        Some(ids)
    }

    /// Keeps the ids of the pages this build made, for the next.
    pub fn finish_ids(&mut self) {
        self.ids = std::mem::take(
            self.next_ids
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}
