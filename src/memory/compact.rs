//! Compaction: removing units (re-aligning an article replaces its pairs) leaves their entries
//! in the posting and text-hash lists, where lookups skip them. `Memory::compact` rewrites
//! the lists that hold such dead entries, sets every token's order key to its document
//! frequency and rebuilds the prefix lists in that order (`prefix::reorder`), compresses the
//! texts stored plain (`text_pack::pack_plain_rows`), then lets SQLite give the freed pages
//! back.

use rusqlite::Connection;

use super::bands::BAND_LID_OFFSET;
use super::index::{self, term_rowid, Entry};
use super::store::Memory;
use crate::error::Result;

/// What a compaction did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CompactReport {
    /// Posting and hash lists read.
    pub lists: u64,
    /// Dead entries removed from them.
    pub removed: u64,
    /// Units whose texts were stored plain and are now compressed (`text_codec`).
    pub packed_units: u64,
    /// A text dictionary was trained on the memory's first units (it had none).
    pub trained_dictionary: bool,
    /// File size before and after (database and write-ahead log; 0 in memory).
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Memory {
    /// Removes the index entries of removed units, in one transaction, then vacuums the file.
    pub fn compact(&mut self) -> Result<CompactReport> {
        let mut report = CompactReport {
            bytes_before: self.file_size(),
            ..CompactReport::default()
        };
        let behavior = rusqlite::TransactionBehavior::Immediate;
        let tx = self.conn_mut().transaction_with_behavior(behavior)?;
        let live = live_units(&tx)?;
        // The prefix lists are rebuilt from the live units below; a list's bands are read and
        // rewritten with it (`bands`).
        let lists: Vec<i64> = tx
            .prepare("SELECT id FROM terms WHERE id < ?1 ORDER BY id")?
            .query_map([term_rowid(BAND_LID_OFFSET, 0)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for term in lists {
            report.lists += 1;
            report.removed += compact_list(&tx, term, &live)?;
        }
        super::prefix::reorder(&tx)?;
        let packed = super::text_pack::pack_plain_rows(&tx)?;
        report.packed_units = packed.packed;
        report.trained_dictionary = packed.trained;
        tx.commit()?;
        // Free pages also come from rebuilt lists (migration 0010 packs them in place).
        let (free, pages): (i64, i64) = self.conn().query_row(
            "SELECT freelist_count, page_count FROM pragma_freelist_count, pragma_page_count",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if report.removed > 0 || report.packed_units > 0 || free * 10 > pages {
            // In WAL mode VACUUM writes the new file through the log: fold it back in.
            self.conn()
                .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        report.bytes_after = self.file_size();
        Ok(report)
    }
}

/// One bit per unit id: whether the unit exists.
fn live_units(conn: &Connection) -> Result<Vec<u64>> {
    let max = super::unit_ids::top_stored_unit_id(conn)?;
    let mut bits = vec![0u64; max as usize / 64 + 1];
    let mut stmt = conn.prepare("SELECT id FROM units")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        bits[id as usize / 64] |= 1 << (id % 64);
    }
    Ok(bits)
}

fn is_live(live: &[u64], side: u32) -> bool {
    let unit = (side >> 1) as usize;
    live.get(unit / 64)
        .is_some_and(|w| w & (1 << (unit % 64)) != 0)
}

/// Rewrites list `term` (`lid << 32 | token`, see `index::term_rowid`) without dead entries
/// when it has any; returns how many were dropped.
fn compact_list(conn: &Connection, term: i64, live: &[u64]) -> Result<u64> {
    let (lid, token) = (term >> 32, term as u32);
    let mut all: Vec<Entry> = Vec::new();
    index::for_each_entry(conn, lid, token, |e| all.push(e))?;
    let before = all.len();
    all.retain(|e| is_live(live, e.side));
    let dropped = (before - all.len()) as u64;
    if dropped > 0 {
        index::replace_list(conn, lid, token, &all)?;
    }
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use crate::memory::{Memory, Side, SuggestOptions, UnitRecord};

    fn unit(ar: &str, en: &str, origin: &str) -> UnitRecord {
        let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
        u.origin = Some(origin.into());
        u
    }

    fn index_entries(m: &Memory) -> i64 {
        m.conn()
            .query_row("SELECT sum(df) FROM terms", [], |r| r.get::<_, i64>(0))
            .unwrap()
    }

    #[test]
    fn compaction_drops_the_entries_of_removed_units_and_keeps_answers() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&unit(
            "قال الرئيس إن الوضع مستقر",
            "the president said the situation is stable",
            "a",
        ))
        .unwrap();
        w.add(&unit(
            "قال الوزير إن الوضع مستقر",
            "the minister said the situation is stable",
            "b",
        ))
        .unwrap();
        w.commit().unwrap();
        let entries_with_both = index_entries(&m);
        let mut w = m.writer().unwrap();
        w.remove_origin("a").unwrap();
        w.commit().unwrap();
        let opts = SuggestOptions::new("ar", "en");
        let before = m.suggest("قال الرئيس إن الوضع مستقر", &opts).unwrap();

        let report = m.compact().unwrap();
        assert!(report.removed > 0, "{report:?}");
        assert!(index_entries(&m) < entries_with_both);
        assert_eq!(
            m.suggest("قال الرئيس إن الوضع مستقر", &opts).unwrap(),
            before
        );
        // The identical pair is still found through the compacted hash lists.
        let mut w = m.writer().unwrap();
        let again = w
            .add(&unit(
                "قال الوزير إن الوضع مستقر",
                "the minister said the situation is stable",
                "c",
            ))
            .unwrap();
        assert!(matches!(again, crate::memory::AddOutcome::Merged(_)));
        w.commit().unwrap();
        assert_eq!(m.compact().unwrap().removed, 0);
    }
}
