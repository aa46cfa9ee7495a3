//! Rebuilding every posting list from the units: the full lists from the stored key token
//! ids, the hash lists from the texts (`hashes::rebuild`), the prefix lists in the stored
//! token order (`prefix::rebuild`). Migration 0010 does this to pack the lists (`index`
//! module doc); entries of removed units are left out on the way.
//!
//! The full-list entries made here are the ones `Writer::index_side` makes: one per distinct
//! token of a side, with the side's token count; a side without tokens has one entry in the
//! list of [`index::EMPTY_TOKEN_TEXT`].

use rusqlite::Connection;

use super::index::{self, Entry, PendingPostings, TokenDict};
use crate::error::Result;

/// Flush rebuilt lists to disk beyond this many pending bytes.
const FLUSH_BYTES: usize = 256 << 20;

/// Drops every posting list and builds them all again from the units.
pub fn rebuild_all(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM postings; DELETE FROM terms;")?;
    super::hashes::rebuild(conn)?;
    rebuild_full(conn)?;
    super::prefix::rebuild(conn)
}

fn rebuild_full(conn: &Connection) -> Result<()> {
    let mut tokens = TokenDict::new(conn)?;
    let mut empty: Option<u32> = None;
    let mut pending = PendingPostings::default();
    let mut distinct = Vec::new();
    for_each_side(conn, |side, lid, ids| {
        let entry = Entry {
            side,
            len: u16::try_from(ids.len()).unwrap_or(u16::MAX),
        };
        if ids.is_empty() {
            let id = match empty {
                Some(id) => id,
                None => *empty.insert(tokens.id(conn, index::EMPTY_TOKEN_TEXT)?),
            };
            pending.add(lid, id, entry);
        }
        distinct.clear();
        distinct.extend_from_slice(ids);
        distinct.sort_unstable();
        distinct.dedup();
        for &id in &distinct {
            pending.add(lid, id, entry);
        }
        if pending.bytes() > FLUSH_BYTES {
            pending.flush(conn)?;
        }
        Ok(())
    })?;
    pending.flush(conn)
}

/// Calls `f` with every side of every unit, in side-id order: its side id, language id and
/// key token ids (the walk both list rebuilds share).
pub(crate) fn for_each_side(
    conn: &Connection,
    mut f: impl FnMut(u32, i64, &[u32]) -> Result<()>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, src_lid, src_toks, tgt_lid, tgt_toks FROM units ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut ids = Vec::new();
    while let Some(r) = rows.next()? {
        let unit: i64 = r.get(0)?;
        for which in 0..2u8 {
            let at = 1 + 2 * usize::from(which);
            let lid: i64 = r.get(at)?;
            let blob = r
                .get_ref(at + 1)?
                .as_blob()
                .map_err(rusqlite::Error::from)?;
            index::decode_tokens(blob, &mut ids);
            let side = u32::try_from(index::side_id(unit, which)).unwrap_or(u32::MAX);
            f(side, lid, &ids)?;
        }
    }
    Ok(())
}
