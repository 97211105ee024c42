//! The one mechanism behind every cache of a build: a result is reused only
//! while the inputs it was made from are the same, so a build that reuses
//! is byte for byte a build that does not. Each cache is a [`Store`] of
//! results by key; a build works through a [`Round`] of it, which offers
//! the previous build's result for a key to a comparison of inputs and
//! notes what this build made, for the next.

use crate::sync::Locked;
use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::Hash;
use std::sync::Mutex;

/// Results of the last build, by key.
pub(crate) struct Store<K, V> {
    /// Whether results are kept from one build for the next.
    keep: bool,
    kept: HashMap<K, V>,
}

impl<K: Eq + Hash, V: Clone> Store<K, V> {
    /// A store that keeps each build's results for the next: `serve`'s.
    pub(crate) fn keeping() -> Self {
        Store {
            keep: true,
            kept: HashMap::new(),
        }
    }

    /// A store for a single build, which keeps nothing: results go on to
    /// disk as they are made and are not held in memory.
    pub(crate) fn once() -> Self {
        Store {
            keep: false,
            kept: HashMap::new(),
        }
    }

    /// Whether results are kept from one build for the next.
    pub(crate) fn keeps(&self) -> bool {
        self.keep
    }

    /// Starts a build's round: the previous results are offered to it, and
    /// [`Store::finish`] keeps what it makes.
    pub(crate) fn round(&mut self) -> Round<K, V> {
        let previous = std::mem::take(&mut self.kept);
        // A build mostly makes what the last one did: sized for that, the
        // map is not grown again and again while a parallel pass waits.
        let next = HashMap::with_capacity(if self.keep { previous.len() } else { 0 });
        Round {
            keep: self.keep,
            previous,
            next: Mutex::new(next),
        }
    }

    /// Keeps what `round` made, and only that, for the next build.
    pub(crate) fn finish(&mut self, round: Round<K, V>) {
        self.kept = round.next.into_value();
    }

    /// Forgets every result: what they were made from changed as a whole.
    pub(crate) fn clear(&mut self) {
        self.kept.clear();
    }
}

/// One build's use of a [`Store`]; shared by the threads of a parallel pass.
pub(crate) struct Round<K, V> {
    keep: bool,
    previous: HashMap<K, V>,
    next: Mutex<HashMap<K, V>>,
}

impl<K: Eq + Hash, V: Clone> Round<K, V> {
    pub(crate) fn keeps(&self) -> bool {
        self.keep
    }

    /// The result for `key`: the previous build's when `same_inputs` says
    /// it was made from what this build would make it from, else what
    /// `make` makes (given the previous result, to share what is unchanged).
    pub(crate) fn get(
        &self,
        key: K,
        same_inputs: impl FnOnce(&V) -> bool,
        make: impl FnOnce(Option<&V>) -> V,
    ) -> V {
        match self.try_get(key, same_inputs, |old| Ok::<V, Infallible>(make(old))) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// [`Round::get`] for a `make` that may fail; a failure is not kept.
    pub(crate) fn try_get<E>(
        &self,
        key: K,
        same_inputs: impl FnOnce(&V) -> bool,
        make: impl FnOnce(Option<&V>) -> Result<V, E>,
    ) -> Result<V, E> {
        let old = self.previous.get(&key);
        let value = match old.filter(|old| same_inputs(old)) {
            Some(old) => old.clone(),
            None => make(old)?,
        };
        if self.keep {
            self.next.locked().insert(key, value.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_reused_only_while_inputs_are_the_same() {
        let mut store: Store<&str, (u32, String)> = Store::keeping();
        let make =
            |input: u32| move |_: Option<&(u32, String)>| (input, format!("made from {input}"));
        let round = store.round();
        assert_eq!(round.get("a", |_| true, make(1)).1, "made from 1");
        round.get("b", |_| true, make(2));
        store.finish(round);

        let round = store.round();
        // Same input: the kept result; another input: made anew.
        let same = |input| move |old: &(u32, String)| old.0 == input;
        assert_eq!(
            round.get("a", same(1), |_| (1, "again".into())).1,
            "made from 1"
        );
        assert_eq!(round.get("b", same(3), make(3)).1, "made from 3");
        store.finish(round);

        // What a round did not ask for is gone.
        let round = store.round();
        let made = round.get(
            "a",
            |_| true,
            |old| (old.map_or(0, |o| o.0 + 10), "new".into()),
        );
        assert_eq!(made.1, "made from 1");
        assert!(
            round
                .get(
                    "c",
                    |_| true,
                    |old| (u32::from(old.is_some()), String::new())
                )
                .0
                == 0
        );
    }

    #[test]
    fn a_store_for_one_build_keeps_nothing() {
        let mut store: Store<u8, u8> = Store::once();
        let round = store.round();
        round.get(1, |_| true, |_| 1);
        store.finish(round);
        let round = store.round();
        assert_eq!(round.get(1, |_| true, |old| old.map_or(7, |o| *o)), 7);
    }

    #[test]
    fn a_failed_make_is_not_kept() {
        let mut store: Store<u8, u8> = Store::keeping();
        let round = store.round();
        assert_eq!(round.try_get(1, |_| true, |_| Err("broken")), Err("broken"));
        store.finish(round);
        let round = store.round();
        assert_eq!(round.get(1, |_| true, |old| old.map_or(9, |o| *o)), 9);
    }
}
