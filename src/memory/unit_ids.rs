//! Unit ids handed out by the writer without AUTOINCREMENT: a high-water mark in `counters`,
//! so ids of deleted units are never reused and their dead posting entries (token and hash
//! lists) never point at a new unit.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The highest unit id ever given in this memory (0 for none).
pub fn last_unit_id(conn: &Connection) -> Result<i64> {
    let saved: Option<i64> = conn
        .query_row("SELECT value FROM counters WHERE name = 'units'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(saved.unwrap_or(0).max(top_stored_unit_id(conn)?))
}

/// The highest id of a unit in the table now (0: none), from the end of its B-tree: what
/// arrays by unit or side id are sized by (a deleted unit's id may be higher: see
/// [`last_unit_id`]).
pub fn top_stored_unit_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM units")?
        .query_row([], |r| r.get(0))?)
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
}
