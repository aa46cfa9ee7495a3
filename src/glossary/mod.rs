//! Glossary of names and titles: terms, variants, recognition in text, checks.
//!
//! - [`model`]: entries (one concept each) with preferred, admitted and forbidden forms;
//! - [`csv`], [`files`] and `formats::tbx`: glossary files people review in git;
//! - [`validate`](mod@validate): what makes a set of entries unfit to store (reported per line);
//! - [`store`]: the glossary tables of the memory;
//! - [`lookup`]: the entries a text can mention, without reading the whole glossary;
//! - [`recognize`]: one pass over a trie of word ids finds every term in a text (English and Arabic,
//!   clitic-aware) — shared by `check`, `suggest` and the aligner's anchors;
//! - [`variant`]: unlisted transliteration variants of words of place and body names;
//! - [`name_check`]: unlisted variants in a line: people as whole mentions ([`crate::names`]),
//!   places and bodies word by word;
//! - [`check`]: the editor's linter and its safe `--fix`; [`finding`] what it reports,
//!   [`document`] a text checked line after line;
//! - [`terms`]: the terms of a query with their translations (for `suggest`);
//! - [`anchors`]: terms present on both sides of a sentence pair (for the aligner).
//!
//! Source terms missing from their aligned translation (`--by-sentence`) are checked above
//! this module and `align`, in `crate::bilingual`.

pub mod anchors;
pub mod arabic;
pub mod check;
pub mod csv;
pub mod document;
pub mod files;
pub mod finding;
pub mod lookup;
pub mod model;
pub mod name_check;
pub mod recognize;
pub mod report;
pub mod store;
pub mod terms;
pub mod validate;
pub mod variant;

pub use check::{Checker, Finding, FindingKind, Severity};
pub use model::{Entry, EntryType, Forms, Glossary, Lang, TermStatus};
pub use recognize::{Recognizer, TermMatch};
pub use validate::{validate, validate_after, Located};

use crate::error::{Error, Location, RecordError, Result};

/// Merges `incoming` entries into `existing` ones by concept (an incoming entry replaces the
/// stored one with the same preferred forms) and validates the result. Stored entries are
/// located as `memory:ID` in messages. Returns the incoming entries, ready to save.
pub fn prepare_import(existing: &Glossary, incoming: Vec<Located>) -> Result<Vec<Entry>> {
    let keys: std::collections::HashSet<String> =
        incoming.iter().map(|l| l.entry.concept_key()).collect();
    let mut all: Vec<Located> = existing
        .entries
        .iter()
        .filter(|e| !keys.contains(&e.concept_key()))
        .map(|e| Located {
            entry: e.clone(),
            location: Location {
                path: "memory".to_string(),
                line: e.id.unwrap_or(0) as usize,
                col: None,
            },
        })
        .collect();
    let stored = all.len();
    all.extend(incoming);
    let errors = validate_after(&all, stored);
    if !errors.is_empty() {
        return Err(Error::BadRecords(errors));
    }
    Ok(all.into_iter().skip(stored).map(|l| l.entry).collect())
}

/// As [`prepare_import`], but incoming entries with a problem are left out instead of failing
/// the whole import (`glossary import --skip-bad`). Returns the entries to save and the
/// problems of those left out. A conflict with a stored entry is reported at the incoming
/// one ([`validate_after`]), so it leaves that entry out; a problem of a stored entry alone
/// (one stored before a rule existed) still fails the import.
pub fn prepare_import_skipping(
    existing: &Glossary,
    mut incoming: Vec<Located>,
) -> Result<(Vec<Entry>, Vec<RecordError>)> {
    let mut rejected: Vec<RecordError> = Vec::new();
    loop {
        let errors = match prepare_import(existing, incoming.clone()) {
            Ok(entries) => return Ok((entries, rejected)),
            Err(Error::BadRecords(errors)) => errors,
            Err(e) => return Err(e),
        };
        let is_incoming = |e: &RecordError| incoming.iter().any(|l| l.location == e.location);
        let (theirs, stored): (Vec<RecordError>, Vec<RecordError>) =
            errors.into_iter().partition(is_incoming);
        if theirs.is_empty() {
            return Err(Error::BadRecords(stored));
        }
        incoming.retain(|l| !theirs.iter().any(|e| e.location == l.location));
        rejected.extend(theirs);
    }
}

/// The glossary of a memory compiled for recognition (for `align`); an empty recognizer when
/// the memory has no glossary entries.
pub fn recognizer_for(memory: &crate::memory::Memory) -> Result<Recognizer> {
    Ok(Recognizer::new(store::load(memory.conn())?))
}

/// The glossary of a memory compiled for finding terms in `texts` only (`suggest`'s
/// queries): the same terms as [`recognizer_for`] finds there, reading and compiling only
/// the entries whose words occur in `texts` ([`lookup`]).
pub fn recognizer_for_texts(memory: &crate::memory::Memory, texts: &[&str]) -> Result<Recognizer> {
    let entries = lookup::entries_for_texts(memory.conn(), texts)?;
    Ok(Recognizer::for_texts(entries, texts))
}
