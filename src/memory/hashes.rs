//! Finding stored sides whose text is identical to a new one (to merge re-imported pairs),
//! through the posting lists of the fuzzy index rather than an SQL index: each side's text
//! hash is one entry in the list of a reserved pseudo-language, keyed by the hash's top bits.
//!
//! Why not `CREATE INDEX … (hash)`: a memory filled by one large import would build that index
//! in one sort over every side at commit, which measured as a fifth of the whole import's
//! storing time at 1M pairs. The lists are written like the other postings: accumulated in
//! memory and appended in rowid order at commit. Entries of removed units stay behind as
//! dead entries (as in the token lists); callers verify every candidate against its text.

use rusqlite::Connection;

use super::index::{self, Entry, PendingPostings};
use crate::error::Result;

/// The language id of the hash lists. Real languages get ids from 1 (`langs` rowids).
pub const HASH_LID: i64 = 0;

/// The list holding `hash` (its top 16 bits: 65,536 lists, ~30 entries each at 1M pairs)
/// and the next 16 bits, kept in the entry's length field to skip most non-matching sides.
fn list_of(hash: i64) -> (u32, u16) {
    let h = hash as u64;
    ((h >> 48) as u32, (h >> 32) as u16)
}

/// Records that side `side` (see [`index::side_id`]) has text hash `hash`.
pub fn add(pending: &mut PendingPostings, hash: i64, side: u32) {
    let (list, check) = list_of(hash);
    pending.add(HASH_LID, list, Entry { side, len: check });
}

/// Ids of the stored units with a side whose text hash may be `hash` (ascending, no
/// repeats; may include removed units and, rarely, other texts: verify each).
pub fn units_with(conn: &Connection, hash: i64) -> Result<Vec<i64>> {
    let (list, check) = list_of(hash);
    let mut ids = Vec::new();
    index::for_each_entry(conn, HASH_LID, list, |e| {
        if e.len == check {
            ids.push(i64::from(e.side) >> 1);
        }
    })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Builds the hash lists of every stored side from the texts (migration 0010 through
/// `lists::rebuild_all`; 0003 dropped the hash columns and their SQL indexes for them).
pub fn rebuild(conn: &Connection) -> Result<()> {
    let mut pending = PendingPostings::default();
    let mut stmt = conn.prepare(
        "SELECT u.id, s.code, u.src_text, t.code, u.tgt_text FROM units u
         JOIN langs s ON s.id = u.src_lid JOIN langs t ON t.id = u.tgt_lid ORDER BY u.id",
    )?;
    let mut rows = stmt.query([])?;
    let texts = super::text_codec::Texts::new(conn);
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        for which in 0..2u8 {
            let col = 1 + 2 * usize::from(which);
            let (lang, text): (String, String) = (r.get(col)?, texts.get(r, col + 1)?);
            let side = u32::try_from(index::side_id(id, which)).unwrap_or(u32::MAX);
            add(&mut pending, super::keys::text_hash(&lang, &text), side);
        }
    }
    pending.flush(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Memory;

    #[test]
    fn hashes_sharing_a_list_are_told_apart_by_their_check_bits() {
        let m = Memory::in_memory().unwrap();
        let mut pending = PendingPostings::default();
        let a = 0x1234_5678_0000_0001_i64;
        let same_list = 0x1234_9999_0000_0001_i64;
        add(&mut pending, a, 10);
        add(&mut pending, same_list, 12);
        add(&mut pending, a, 21);
        pending.flush(m.conn()).unwrap();
        assert_eq!(units_with(m.conn(), a).unwrap(), [5, 10]);
        assert_eq!(units_with(m.conn(), same_list).unwrap(), [6]);
        assert!(units_with(m.conn(), 0x7777_0000_0000_0000)
            .unwrap()
            .is_empty());
    }
}
