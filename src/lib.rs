//! tarjama: an Arabic ↔ English translation memory for news desks.
//!
//! The library is layered so that dependencies only point downwards:
//! `text` (pure functions: match keys, tokens, sentences) and `memory` (the SQLite store and
//! its fuzzy index) at the bottom, with `names` (person-name mentions in Latin-script text
//! and their comparison with known names); `formats`, `align` and `glossary` (features) above them;
//! `bilingual` (checks that need the aligner and the glossary together) above them;
//! `service` (the answers given to programs, as serde types) on top. The binary in `main.rs`
//! and `cli/` parses arguments, calls the library and prints, or serves HTTP (`cli/serve`);
//! the library never writes to the terminal.

pub mod align;
pub mod bilingual;
pub mod error;
pub mod export;
pub mod formats;
pub mod glossary;
pub mod import;
pub mod memory;
pub mod mine;
pub mod names;
pub mod pretranslate;
pub mod service;
pub mod substitute;
pub mod text;

pub use error::{Error, Result};
