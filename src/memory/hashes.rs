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

use super::index::{self, posting_rowid, Entry, PendingPostings};
use super::packed::decode_into;
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

/// Hash lists: one per value of a hash's top 16 bits.
const LISTS: usize = 1 << 16;

/// The stored sides' hashes as one writer's identity checks see them (`writer::identity`).
///
/// A writer that began on an empty memory finds nothing on disk: every side it could match
/// is one it added itself (`State::recent`). Otherwise it looks each hash up in its list on
/// disk (about 0.65 µs a unit: 0.13 s of a 200k-pair import), until the look-ups done would
/// have paid for reading every list into RAM at once (one pass over their rows:
/// [`StoredHashes::new`]), and from then on answers from RAM.
/// So an import into a small memory stops reading a list per unit after its first few
/// thousand, and one into a large memory goes on looking up, for at most about twice what
/// the better choice would have cost (the rent-or-buy rule).
///
/// Entries written to disk after the read are this writer's own (it holds the only write
/// transaction), which it finds without the lists; so the answers are those of
/// [`units_with`] for every side stored before it.
pub struct StoredHashes {
    /// The memory had no units when the writer began.
    empty: bool,
    lookups: u64,
    /// Look-ups after which every list is read into `held`.
    read_after: u64,
    held: Option<HeldLists>,
}

/// Every hash list, read once.
struct HeldLists {
    /// List `l`'s entries are `entries[starts[l]..starts[l + 1]]`.
    starts: Vec<u32>,
    /// (check bits, side), in each list's order.
    entries: Vec<(u16, u32)>,
}

impl StoredHashes {
    /// For a writer beginning on a memory whose highest unit id is `last_unit` (`empty`: it
    /// holds no unit). The read is bought after as many look-ups as it costs, measured on a
    /// memory of 200k short pairs (400k sides, their lists in 65,536 rows: 37 ms, the cost
    /// of 57k look-ups): half a look-up per list row (at most one per side) and one per 16
    /// entries.
    pub fn new(empty: bool, last_unit: i64) -> StoredHashes {
        let sides = u64::try_from(last_unit).unwrap_or(0).saturating_mul(2);
        StoredHashes::reading_after(empty, sides / 16 + sides.min(LISTS as u64) / 2)
    }

    /// [`StoredHashes::new`] reading every list after `read_after` look-ups.
    pub fn reading_after(empty: bool, read_after: u64) -> StoredHashes {
        StoredHashes {
            empty,
            lookups: 0,
            read_after,
            held: None,
        }
    }

    /// Ids of the stored units with a side whose text hash may be `hash`, as [`units_with`].
    pub fn units_with(&mut self, conn: &Connection, hash: i64) -> Result<Vec<i64>> {
        if self.empty {
            return Ok(Vec::new());
        }
        if self.held.is_none() {
            if self.lookups < self.read_after {
                self.lookups += 1;
                return units_with(conn, hash);
            }
            self.held = Some(HeldLists::read(conn)?);
        }
        let held = self.held.as_ref().expect("read above");
        let (list, check) = list_of(hash);
        let (from, to) = (held.starts[list as usize], held.starts[list as usize + 1]);
        let mut ids: Vec<i64> = held.entries[from as usize..to as usize]
            .iter()
            .filter(|&&(c, _)| c == check)
            .map(|&(_, side)| i64::from(side) >> 1)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Whether the lists were read into RAM.
    #[cfg(test)]
    fn holds(&self) -> bool {
        self.held.is_some()
    }
}

impl HeldLists {
    /// Every hash list, in one pass over their posting rows (row ids in list order, the
    /// lists of language 0 first in the table).
    fn read(conn: &Connection) -> Result<HeldLists> {
        let mut stmt = conn.prepare("SELECT id, data FROM postings WHERE id BETWEEN ?1 AND ?2")?;
        let last = posting_rowid(HASH_LID, LISTS as u32 - 1, u32::from(u16::MAX));
        let mut rows = stmt.query([posting_rowid(HASH_LID, 0, 0), last])?;
        let mut starts = vec![0u32; LISTS + 1];
        let mut entries: Vec<(u16, u32)> = Vec::new();
        let mut chunk = Vec::new();
        let mut next = 0;
        while let Some(row) = rows.next()? {
            let list = (row.get::<_, i64>(0)? >> 16) as usize;
            // Lists before this one (and after the last seen) end where this one begins.
            if list >= next {
                starts[next..=list].fill(entries.len() as u32);
                next = list + 1;
            }
            chunk.clear();
            decode_into(
                row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
                &mut chunk,
            );
            entries.extend(chunk.iter().map(|e| (e.len, e.side)));
        }
        starts[next..].fill(entries.len() as u32);
        Ok(HeldLists { starts, entries })
    }
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
    use crate::memory::index::CHUNK_ENTRIES;
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

    /// A hash with the given list (top 16 bits), check bits (next 16) and low bits.
    fn hash(list: u16, check: u16, low: u32) -> i64 {
        ((u64::from(list) << 48) | (u64::from(check) << 32) | u64::from(low)) as i64
    }

    #[test]
    fn stored_hashes_read_into_ram_answer_as_the_lists_on_disk() {
        let m = Memory::in_memory().unwrap();
        let mut pending = PendingPostings::default();
        let mut asked = Vec::new();
        let mut side = 2;
        // The first and last lists, lists with empty ones between them, several hashes and
        // check bits in one list, a hash on many sides, and one list of three chunks.
        for (list, check, sides) in [
            (0, 0, 1),
            (0, 7, 2),
            (3, 7, 1),
            (3, 8, 3),
            (4_000, 1, 1),
            (4_001, 1, 2 * CHUNK_ENTRIES + 5),
            (65_535, 65_535, 2),
        ] {
            for i in 0..sides {
                add(&mut pending, hash(list, check, i as u32), side);
                side += if i % 3 == 0 { 1 } else { 2 };
            }
            asked.push(hash(list, check, 99));
            asked.push(hash(list, check.wrapping_add(1), 0));
        }
        pending.flush(m.conn()).unwrap();
        asked.extend([hash(1, 0, 0), hash(4_002, 1, 0), hash(65_534, 65_535, 0)]);
        let conn = m.conn();
        let want: Vec<Vec<i64>> = asked
            .iter()
            .map(|&h| units_with(conn, h).unwrap())
            .collect();
        // List 4,001's units: more than a chunk holds (its entries span three rows).
        assert!(want[10].len() > CHUNK_ENTRIES, "{}", want[10].len());
        assert!(want[11].is_empty() && want[14].is_empty());
        let mut hashes = StoredHashes::reading_after(false, 3);
        let got: Vec<Vec<i64>> = asked
            .iter()
            .map(|&h| hashes.units_with(conn, h).unwrap())
            .collect();
        assert!(hashes.holds(), "read into RAM after three look-ups");
        assert_eq!(got, want);
        // Read at once, and never: the same answers.
        let mut at_once = StoredHashes::reading_after(false, 0);
        let mut never = StoredHashes::new(false, 1_000_000);
        for (&h, want) in asked.iter().zip(&want) {
            assert_eq!(&at_once.units_with(conn, h).unwrap(), want);
            assert_eq!(&never.units_with(conn, h).unwrap(), want);
        }
        assert!(at_once.holds() && !never.holds());
        // A writer that began on an empty memory finds nothing on disk, and reads nothing.
        let mut empty = StoredHashes::new(true, 0);
        assert!(empty.units_with(conn, asked[0]).unwrap().is_empty());
        assert!(!empty.holds());
    }
}
