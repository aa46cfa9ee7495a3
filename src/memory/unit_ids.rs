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
}
