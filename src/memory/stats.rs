//! Counts for `tarjama stats`: units by language pair, origin and status, and file size.

use rusqlite::Connection;

use super::store::Memory;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PairCount {
    pub source: String,
    pub target: String,
    pub units: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OriginCount {
    pub origin: Option<String>,
    pub units: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub units: u64,
    /// By primary language of source and target, largest first.
    pub pairs: Vec<PairCount>,
    /// The largest origins (at most `top_origins` asked for), largest first.
    pub origins: Vec<OriginCount>,
    /// How many distinct origins there are in all.
    pub origins_total: u64,
    pub reviewed: u64,
    pub unreviewed: u64,
    /// Distinct words and numbers in the index.
    pub tokens: u64,
    /// Bytes on disk (database plus write-ahead log); 0 for an in-memory memory.
    pub file_size: u64,
}

/// The counts [`Memory::stats`] last took, with the data version of the snapshot they were
/// taken in: a server's `GET /stats` (polled by monitoring) reads the whole `units` table for
/// the count by language pair (0.5 s at 1M long pairs), and until something is committed —
/// by this connection or any other — the answer is the same.
pub(crate) struct CachedStats {
    version: u32,
    top_origins: usize,
    stats: Stats,
}

impl Memory {
    /// Counts by language pair, origin and status. Taken again only after a commit since the
    /// last call (the file size is always read afresh).
    pub fn stats(&self, top_origins: usize) -> Result<Stats> {
        let conn = self.conn();
        // One snapshot for all the counts: the unreviewed are derived from two of them.
        let _snapshot = self.read_scope()?;
        let version = super::term_cache::snapshot_version(conn)?;
        if let Some(cached) = self.stats_cache.borrow().as_ref() {
            if Some(cached.version) == version && cached.top_origins == top_origins {
                return Ok(Stats {
                    file_size: self.file_size(),
                    ..cached.stats.clone()
                });
            }
        }
        let stats = self.count_all(top_origins)?;
        *self.stats_cache.borrow_mut() = version.map(|version| CachedStats {
            version,
            top_origins,
            stats: stats.clone(),
        });
        Ok(stats)
    }

    fn count_all(&self, top_origins: usize) -> Result<Stats> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
        // Both counts come from indexes (`units_origin_position`, the partial
        // `units_reviewed`); status is never NULL, so the unreviewed are the rest — counting
        // them with `status <> 1` read every row of the table (0.27 s at 1M long pairs).
        let units = count("SELECT count(*) FROM units")?;
        let reviewed = count("SELECT count(*) FROM units WHERE status = 1")?;
        Ok(Stats {
            units,
            pairs: pairs(conn)?,
            origins: origins(conn, top_origins)?,
            origins_total: count("SELECT count(DISTINCT coalesce(origin, '')) FROM units")?,
            reviewed,
            unreviewed: units - reviewed,
            tokens: count("SELECT count(*) FROM tokens WHERE text <> ''")?,
            file_size: self.file_size(),
        })
    }
}

fn pairs(conn: &Connection) -> Result<Vec<PairCount>> {
    let mut stmt = conn.prepare(
        "SELECT s.code, t.code, count(*) AS n FROM units
         JOIN langs s ON s.id = units.src_lid JOIN langs t ON t.id = units.tgt_lid
         GROUP BY units.src_lid, units.tgt_lid ORDER BY n DESC, s.code, t.code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PairCount {
            source: r.get(0)?,
            target: r.get(1)?,
            units: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn origins(conn: &Connection, top: usize) -> Result<Vec<OriginCount>> {
    let mut stmt = conn.prepare(
        "SELECT origin, count(*) AS n FROM units GROUP BY origin ORDER BY n DESC, origin LIMIT ?1",
    )?;
    let rows = stmt.query_map([top as i64], |r| {
        Ok(OriginCount {
            origin: r.get(0)?,
            units: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn file_size(path: &std::path::Path) -> u64 {
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let wal = format!("{}-wal", path.display());
    size(path) + size(std::path::Path::new(&wal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, Status, UnitRecord};

    fn add(memory: &mut Memory, en: &str, status: Status) {
        let mut unit = UnitRecord::new(Side::new("ar", "نص"), Side::new("en", en));
        unit.status = status;
        unit.origin = Some("ina".into());
        let mut w = memory.writer().unwrap();
        w.add_all(&[unit]).unwrap();
        w.commit().unwrap();
    }

    fn counts(memory: &Memory) -> (u64, u64, u64) {
        let s = memory.stats(10).unwrap();
        (s.units, s.reviewed, s.unreviewed)
    }

    #[test]
    fn counts_are_kept_until_any_connection_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut mine = Memory::open_or_create(&path).unwrap();
        add(&mut mine, "one", Status::Unreviewed);
        assert_eq!(counts(&mine), (1, 0, 1));
        assert!(
            mine.stats_cache.borrow().is_some(),
            "a file's counts are kept"
        );
        assert_eq!(counts(&mine), (1, 0, 1));

        // This connection's own commit.
        add(&mut mine, "two", Status::Reviewed);
        assert_eq!(counts(&mine), (2, 1, 1));

        // Another connection's commit, and a write it rolls back.
        let mut other = Memory::open_existing(&path).unwrap();
        add(&mut other, "three", Status::Reviewed);
        assert_eq!(counts(&mine), (3, 2, 1));
        {
            let mut w = other.writer().unwrap();
            let unit = UnitRecord::new(Side::new("ar", "نص"), Side::new("en", "four"));
            w.add_all(&[unit]).unwrap();
        }
        assert_eq!(counts(&mine), (3, 2, 1));

        // Another number of origins asked for: counted again, not the kept list.
        other
            .conn()
            .execute("UPDATE units SET origin = 'other' WHERE id = 1", [])
            .unwrap();
        let s = mine.stats(1).unwrap();
        assert_eq!(s.origins.len(), 1);
        assert_eq!(s.origins_total, 2);
        assert_eq!(mine.stats(10).unwrap().origins.len(), 2);
    }
}
