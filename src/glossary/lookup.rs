//! The glossary entries a few texts can mention, read through the word table of migration
//! 0006 (`glossary_word`) instead of loading the whole glossary: a cold `suggest` then costs
//! what its query holds, not what the glossary holds.
//!
//! Why the result finds exactly the terms the whole glossary finds: the recognizer keys a
//! text token by asking whether its key, or one of its proclitic-stripped forms, is a word
//! of the glossary (`recognize::key_string`). Every such string is collected here, and every
//! entry having one of them as a word of a form is loaded. So each string is a word of the
//! loaded entries exactly when it is a word of the whole glossary, the text is keyed the same,
//! and every form that can match (all its words among those strings) belongs to a loaded
//! entry. Entries are loaded whole, so the entry-level checks (case, ambiguity) are unchanged.

use std::cell::RefCell;

use rusqlite::Connection;
use rustc_hash::FxHashSet;

use super::arabic::{is_arabic_key, strip_proclitic};
use super::model::Glossary;
use super::store;
use crate::error::Result;
use crate::text::tokenize;

/// The entries (whole, in id order) having a word that a token of `texts` can be keyed as.
pub fn entries_for_texts(conn: &Connection, texts: &[&str]) -> Result<Glossary> {
    let words = candidate_words(texts);
    let mut stmt = conn.prepare_cached("SELECT entry_id FROM glossary_word WHERE word = ?1")?;
    let mut ids: Vec<i64> = Vec::new();
    for word in &words {
        let mut rows = stmt.query([word])?;
        while let Some(r) = rows.next()? {
            ids.push(r.get(0)?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    store::load_ids(conn, &ids)
}

/// Every string a token of `texts` is looked up as: its key and, for Arabic, each form the
/// proclitic stripping tries.
fn candidate_words(texts: &[&str]) -> FxHashSet<String> {
    let words = RefCell::new(FxHashSet::default());
    for text in texts {
        for token in tokenize(text) {
            if !token.kind.is_scored() {
                continue;
            }
            if is_arabic_key(&token.key) {
                // Refusing every form makes the stripping try them all.
                strip_proclitic(&token.key, |stem| {
                    words.borrow_mut().insert(stem.to_owned());
                    false
                });
            }
            words.borrow_mut().insert(token.key);
        }
    }
    words.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Recognizer};
    use crate::memory::Memory;

    /// (entry index, form) of every term found, so recognizers over different entry lists
    /// compare by what they found.
    fn found(r: &Recognizer, text: &str) -> Vec<(String, usize, usize, String, bool)> {
        r.find(text)
            .into_iter()
            .map(|m| {
                let concept = r.entry(m.entry).concept_key();
                (concept, m.start, m.end, m.form, m.ambiguous)
            })
            .collect()
    }

    #[test]
    fn finds_what_the_whole_glossary_finds() {
        let m = Memory::in_memory().unwrap();
        let entries = vec![
            Entry::person("Mustafa al-Kadhimi", "مصطفى الكاظمي"),
            Entry::person("Kadhimi", "الكاظمي"),
            Entry::person("Baghdad", "بغداد"),
            Entry::person("Basra", "البصرة"),
            Entry::person("Ministry of the Interior", "وزارة الداخلية"),
            Entry::person("Bilal", "بلال"),
        ];
        store::save(m.conn(), &entries).unwrap();
        let texts = [
            "قال الكاظمي في بغداد",
            "وصل مصطفى الكاظمي إلى البصرة وبغداد",
            "وللكاظمي رأي آخر، وزارة الداخلية ببغداد",
            "بلال وبالبصرة",
            "Mustafa al-Kadhimi visited the Ministry of the Interior in Baghdad.",
            "Nothing here.",
        ];
        let whole = Recognizer::new(store::load(m.conn()).unwrap());
        for text in texts {
            let some = entries_for_texts(m.conn(), &[text]).unwrap();
            assert!(some.len() < entries.len(), "{text}: {} entries", some.len());
            let part = Recognizer::for_texts(some, &[text]);
            assert_eq!(found(&part, text), found(&whole, text), "{text}");
        }
        // A form edited away still loads its entry (one too many), never misses one.
        let mut renamed = Entry::person("Mustafa al-Kadhimi", "مصطفى الكاظمي");
        renamed.en.admitted.push("Mustafa Kazemi".to_owned());
        store::save(m.conn(), &[renamed]).unwrap();
        let some = entries_for_texts(m.conn(), &["Kazemi spoke"]).unwrap();
        assert_eq!(some.len(), 1);
    }

    #[test]
    fn removed_entries_leave_no_words() {
        let m = Memory::in_memory().unwrap();
        store::save(m.conn(), &[Entry::person("Basra", "البصرة")]).unwrap();
        let id = store::load(m.conn()).unwrap().entries[0].id.unwrap();
        assert!(store::remove(m.conn(), id).unwrap());
        let left: i64 = m
            .conn()
            .query_row("SELECT count(*) FROM glossary_word", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
