//! Search: one index per language, built from the pages' text.

mod cjk;
mod english;
mod russian;
pub mod tokenize;
