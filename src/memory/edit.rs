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
            .query_row([id], read_unit)
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
