//! Reading stored units back: one by id, or all of them streamed in id order (export).

use rusqlite::OptionalExtension;

use super::row::{read_unit, StoredUnit, UNIT_COLUMNS};
use super::store::Memory;
use super::text_codec::Texts;
use crate::error::{Error, Result};

impl Memory {
    /// Number of units.
    pub fn len(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM units", [], |r| r.get(0))?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The unit with this id, if any.
    pub fn unit(&self, id: i64) -> Result<Option<StoredUnit>> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], |r| read_unit(&Texts::new(self.conn()), r))
            .optional()?)
    }

    /// The units of one origin (an aligned article) in article order: by position, then id.
    pub fn units_of_origin(&self, origin: &str) -> Result<Vec<StoredUnit>> {
        let texts = Texts::new(self.conn());
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE origin = ?1
             ORDER BY position IS NULL, position, id"
        );
        Ok(self
            .conn()
            .prepare(&sql)?
            .query_map([origin], |r| read_unit(&texts, r))?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Ids of the units whose origin is `origin`, ascending.
    pub fn ids_of_origin(&self, origin: &str) -> Result<Vec<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM units WHERE origin = ?1 ORDER BY id")?
            .query_map([origin], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?)
    }

    /// Calls `f` with every unit in id order without loading the memory into RAM. `f` may
    /// stop the walk by returning an error (which is passed back).
    pub fn for_each_unit<E>(&self, mut f: impl FnMut(&StoredUnit) -> Result<(), E>) -> Result<(), E>
    where
        E: From<Error>,
    {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units ORDER BY id");
        let mut stmt = self.conn().prepare(&sql).map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        let texts = Texts::new(self.conn());
        while let Some(row) = rows.next().map_err(Error::from)? {
            let unit = read_unit(&texts, row).map_err(Error::from)?;
            f(&unit)?;
        }
        Ok(())
    }
}
