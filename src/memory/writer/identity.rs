//! Which stored unit a new one is: the same pair (merged into it), the same source with
//! another translation (an alternative), or neither. Found through the text hashes of the
//! units this writer added (`recent`) and of those on disk, then confirmed by reading the
//! candidates back.

use rusqlite::{Connection, OptionalExtension};

use super::{Prepared, State};
use crate::error::Result;
use crate::memory::rows_insert::RowsInsert;
use crate::memory::text_codec::Texts;

impl State {
    pub(super) fn remember(&mut self, hash: i64, id: i64) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.recent.entry(hash) {
            e.insert(id);
        } else {
            self.recent_more.entry(hash).or_default().push(id);
        }
    }

    /// Units added by this writer whose source or target has this hash, ascending (ids
    /// only grow; a unit whose two sides share the hash is listed twice).
    pub(super) fn recent_with(&self, hash: i64) -> Vec<i64> {
        let first = self.recent.get(&hash).copied();
        let more = self.recent_more.get(&hash).into_iter().flatten().copied();
        first.into_iter().chain(more).collect()
    }

    /// An existing unit with the same source: `(id, true)` when its target is the same too.
    /// Pairs stored in the other direction count. A side is the same when its text and its
    /// inline markup are (two units differing only in their tags are two units; they share
    /// the text hash, so markup costs nothing on the usual path of untagged text).
    ///
    /// The lowest such id wins, a same pair before an alternative. Units this writer added
    /// are known by the hashes of both their sides (`recent`): one with no side hashed like
    /// the target cannot hold the same pair, so only the others are read back to compare,
    /// and of the rest only as many as it takes to find the first alternative. A source
    /// shared by many units (a memory of variants) costs one or two reads per new unit
    /// instead of one per unit sharing it.
    pub(super) fn find_existing(
        &mut self,
        tx: &Connection,
        insert: &mut RowsInsert<'_>,
        src: &Prepared,
        tgt: &Prepared,
    ) -> Result<Option<(i64, bool)>> {
        let recent = self.recent_with(src.hash);
        let on_disk = self.stored_hashes.units_with(tx, src.hash)?;
        if recent.is_empty() && on_disk.is_empty() {
            return Ok(None);
        }
        let with_target = if src.hash == tgt.hash {
            recent.clone()
        } else {
            self.recent_with(tgt.hash)
        };
        let mut ids: Vec<(i64, bool)> = recent
            .iter()
            .map(|&id| (id, with_target.binary_search(&id).is_ok()))
            .chain(on_disk.iter().map(|&id| (id, true)))
            .collect();
        ids.sort_unstable();
        ids.dedup_by_key(|(id, _)| *id);
        // A unit about to be read back may still wait in `insert` (the newest ones do).
        let first_pending = self.last_id + 1 - insert.pending() as i64;
        if ids.last().is_some_and(|&(id, _)| id >= first_pending) {
            insert.flush()?;
        }
        // Read once each, in id order: first the units that may hold the same pair.
        let mut compared: Vec<Option<bool>> = vec![None; ids.len()];
        for (i, &(id, may_be_same)) in ids.iter().enumerate() {
            if may_be_same {
                compared[i] = self.compare_with(tx, id, src, tgt)?;
                if compared[i] == Some(true) {
                    return Ok(Some((id, true)));
                }
            }
        }
        for (i, &(id, may_be_same)) in ids.iter().enumerate() {
            let same_source = if may_be_same {
                compared[i]
            } else {
                self.compare_with(tx, id, src, tgt)?
            };
            if same_source.is_some() {
                return Ok(Some((id, false)));
            }
        }
        Ok(None)
    }

    /// Whether unit `id` has the same source (`Some`) and the same target (`Some(true)`),
    /// in either direction (`None` too when it was removed).
    pub(super) fn compare_with(
        &self,
        tx: &Connection,
        id: i64,
        src: &Prepared,
        tgt: &Prepared,
    ) -> Result<Option<bool>> {
        let mut stmt = tx.prepare_cached(
            "SELECT src_text, src_lid, src_markup, tgt_text, tgt_lid, tgt_markup
             FROM units WHERE id = ?1",
        )?;
        let texts = Texts::new(tx);
        let Some((a, b)) = stmt
            .query_row([id], |r| {
                let side = |at: usize| -> rusqlite::Result<StoredSide> {
                    Ok((texts.get(r, at)?, r.get(at + 1)?, r.get(at + 2)?))
                };
                Ok((side(0)?, side(3)?))
            })
            .optional()?
        else {
            return Ok(None);
        };
        for (s, t) in [(&a, &b), (&b, &a)] {
            if src.is(s) && t.1 == tgt.lid {
                return Ok(Some(tgt.is(t)));
            }
        }
        Ok(None)
    }
}

/// A stored side as identity sees it: text, language id, markup.
type StoredSide = (String, i64, Option<String>);

impl Prepared<'_> {
    /// Whether the stored side is this side: same language, text and inline markup.
    pub(super) fn is(&self, stored: &StoredSide) -> bool {
        stored.1 == self.lid && stored.0 == self.side.text && stored.2 == self.side.markup
    }
}
