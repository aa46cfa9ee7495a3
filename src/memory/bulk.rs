//! Bulk-write helpers of the writer: unit ids handed out without AUTOINCREMENT (a high-water
//! mark in `counters`, so ids of deleted units are never reused and their dead posting
//! entries never point at a new unit), and the hash indexes of `units` dropped while a
//! writer fills an empty memory, then rebuilt in one sorted pass before it commits.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The hash indexes of `units`, exactly as migration 0001 creates them (random keys: costly
/// to grow row by row, cheap to build in one sort). The origin index stays: an import's
/// units mostly share one origin, so it grows at its end.
const UNIT_INDEXES: &str = "
    CREATE INDEX IF NOT EXISTS units_src_hash ON units(src_hash);
    CREATE INDEX IF NOT EXISTS units_tgt_hash ON units(tgt_hash);";

const DROP_UNIT_INDEXES: &str = "
    DROP INDEX IF EXISTS units_src_hash;
    DROP INDEX IF EXISTS units_tgt_hash;";

/// Drops the secondary indexes of `units` (only for an empty memory, inside a transaction).
pub fn drop_unit_indexes(conn: &Connection) -> Result<()> {
    conn.execute_batch(DROP_UNIT_INDEXES)?;
    Ok(())
}

/// Creates the secondary indexes of `units` again.
pub fn create_unit_indexes(conn: &Connection) -> Result<()> {
    // Let SQLite's sorter use a second thread while building them.
    conn.pragma_update(None, "threads", 2)?;
    conn.execute_batch(UNIT_INDEXES)?;
    conn.pragma_update(None, "threads", 0)?;
    Ok(())
}

/// The highest unit id ever given in this memory (0 for none).
pub fn last_unit_id(conn: &Connection) -> Result<i64> {
    let saved: Option<i64> = conn
        .query_row("SELECT value FROM counters WHERE name = 'units'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let max: Option<i64> = conn.query_row("SELECT max(id) FROM units", [], |r| r.get(0))?;
    Ok(saved.unwrap_or(0).max(max.unwrap_or(0)))
}

/// Records `id` as the highest unit id given.
pub fn save_last_unit_id(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO counters(name, value) VALUES ('units', ?1)",
        [id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::memory::{Memory, Side, UnitRecord};

    fn unit(ar: &str, en: &str, origin: &str) -> UnitRecord {
        let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
        u.origin = Some(origin.into());
        u
    }

    #[test]
    fn ids_of_removed_units_are_not_reused() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&unit("نعم", "yes", "a")).unwrap();
        let last = w.add(&unit("لا", "no", "b")).unwrap().id();
        w.commit().unwrap();
        let mut w = m.writer().unwrap();
        assert_eq!(w.remove_origin("b").unwrap(), 1);
        w.commit().unwrap();
        let mut w = m.writer().unwrap();
        let next = w.add(&unit("ربما", "maybe", "c")).unwrap().id();
        w.commit().unwrap();
        assert!(next > last, "{next} reuses an id up to {last}");
        let mut w = m.writer().unwrap();
        w.remove_origin("c").unwrap();
        let again = w.add(&unit("ربما", "maybe", "c")).unwrap().id();
        assert!(again > next, "{again} reuses an id up to {next}");
    }

    #[test]
    fn indexes_dropped_for_a_fresh_import_are_back_after_commit() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&unit("نعم", "yes", "a")).unwrap();
        w.commit().unwrap();
        let names: Vec<String> = m
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'units' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, ["units_origin", "units_src_hash", "units_tgt_hash"]);
    }
}
