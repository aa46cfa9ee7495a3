//! Correcting a stored unit's text (the desk's "edit" and `PATCH /units/<id>`).
//!
//! A unit's match keys, its index entries and its text hashes all derive from its text, so an
//! edit stores the unit again: the old row goes (its index entries become dead, as a deleted
//! unit's, until `compact`) and the edited pair is added under a new id with the old one's
//! metadata, so it is found by its new text at once. If the edit makes it identical to another
//! stored pair, the two merge, as an import would.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use super::row::{read_unit, UNIT_COLUMNS};
use super::text_codec::Texts;
use super::writer::{AddOutcome, Writer};
use crate::error::{Error, Result};

/// A change to a unit's text: `None` keeps that side.
#[derive(Debug, Clone, Default)]
pub struct TextEdit<'a> {
    pub source: Option<&'a str>,
    pub target: Option<&'a str>,
    /// Who edited (recorded as the unit's last editor).
    pub by: Option<&'a str>,
}

impl Writer<'_> {
    /// Applies `edit` to unit `id`; `None` when there is no such unit. The outcome gives the
    /// id the unit has now ([`AddOutcome::Merged`] when it became another stored pair); an
    /// edit that changes no text changes nothing and keeps the id.
    pub fn edit_text(
        &mut self,
        id: i64,
        edit: &TextEdit,
        at: DateTime<Utc>,
    ) -> Result<Option<AddOutcome>> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
        let Some(stored) = self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], |r| read_unit(&Texts::new(self.conn()), r))
            .optional()?
        else {
            return Ok(None);
        };
        let mut unit = stored.record;
        let mut changed = false;
        for (side, text, which) in [
            (&mut unit.source, edit.source, "source"),
            (&mut unit.target, edit.target, "target"),
        ] {
            let Some(text) = text else { continue };
            if text.trim().is_empty() {
                return Err(Error::Invalid(format!("the edited {which} text is empty")));
            }
            if text != side.text {
                side.text = text.to_string();
                // The stored inline markup described the old text.
                side.markup = None;
                changed = true;
            }
        }
        if !changed {
            return Ok(Some(AddOutcome::Merged(id)));
        }
        unit.changed_at = Some(at);
        if let Some(by) = edit.by {
            unit.changed_by = Some(by.to_string());
        }
        self.remove_unit(id)?;
        self.add(&unit).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Memory, Side, SuggestOptions, UnitRecord};

    fn suggest(memory: &Memory, text: &str) -> Vec<(u8, String)> {
        let opts = SuggestOptions::new("en", "ar");
        let found = memory.suggest(text, &opts).unwrap();
        found.into_iter().map(|s| (s.score, s.source)).collect()
    }

    #[test]
    fn an_edited_unit_is_found_by_its_new_text_only() {
        let mut memory = Memory::in_memory().unwrap();
        let old = "The minister visited the northern province on Monday.";
        let new = "The minister toured the northern province on Tuesday.";
        let mut unit = UnitRecord::new(Side::new("en", old), Side::new("ar", "زار الوزير"));
        unit.origin = Some("wire".into());
        let mut writer = memory.writer().unwrap();
        let id = writer.add(&unit).unwrap().id();
        writer.commit().unwrap();

        let edit = TextEdit {
            source: Some(new),
            target: None,
            by: Some("desk"),
        };
        let mut writer = memory.writer().unwrap();
        let now = chrono::Utc::now();
        let outcome = writer.edit_text(id, &edit, now).unwrap().unwrap();
        writer.commit().unwrap();
        let edited = memory.unit(outcome.id()).unwrap().unwrap();
        assert_eq!(edited.record.source.text, new);
        assert_eq!(edited.record.origin.as_deref(), Some("wire"));
        assert_eq!(edited.record.changed_by.as_deref(), Some("desk"));
        assert!(memory.unit(id).unwrap().is_none());
        assert_eq!(suggest(&memory, new), [(100, new.to_string())]);
        // The old text now meets only the edited unit, as a fuzzy match.
        assert!(suggest(&memory, old).iter().all(|(score, _)| *score < 100));

        let mut writer = memory.writer().unwrap();
        assert_eq!(writer.edit_text(999, &edit, now).unwrap(), None);
        let blank = TextEdit {
            target: Some("  "),
            ..TextEdit::default()
        };
        assert!(writer.edit_text(outcome.id(), &blank, now).is_err());
    }
}
