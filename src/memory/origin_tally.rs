//! The per-origin counts of the units a writer adds, kept as it adds them, so that the fold
//! at the end of an import ([`Writer::fold_origin_stats`], migration 0008) need not read
//! every new unit back: that rescan (a scan of the new rows and a sort of their origins) was
//! a tenth of an import's storing thread on short units.
//!
//! The tally gives exactly what the rescan gives, or is not used. It holds only integers
//! (units, reviewed units, newest id per origin), so it is used only when no unit it counts
//! has a confidence (the rescan's floating-point sum is then 0, its minimum NULL). Anything
//! that may change a counted unit after it was added other than a merge that changes none of
//! its counted fields (a removal, a status change, a merge bringing a review, a confidence or
//! an origin to a unit that had none) sends the fold back to the rescan, as does a unit past
//! the mark that this writer did not add (written by a writer that did not fold).

use rustc_hash::FxHashMap as FxMap;

use rusqlite::Connection;

use super::unit::{Status, UnitRecord};
use crate::error::Result;

/// What the rescan counts of one origin's new units.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    units: i64,
    reviewed: i64,
    last_id: i64,
}

/// The counts of the units a writer added since its last fold (see the module docs).
#[derive(Debug)]
pub(super) struct OriginTally {
    /// The id of the first unit added since the last fold.
    first_new: Option<i64>,
    by_origin: FxMap<String, Counts>,
    /// A unit without an origin was added (a merge may give it one).
    unnamed: bool,
    /// The counts are still the rescan's.
    exact: bool,
}

impl Default for OriginTally {
    fn default() -> OriginTally {
        OriginTally {
            first_new: None,
            by_origin: FxMap::default(),
            unnamed: false,
            exact: true,
        }
    }
}

impl OriginTally {
    /// Unit `id` was stored (ids only grow).
    pub(super) fn added(&mut self, id: i64, unit: &UnitRecord) {
        if !self.exact {
            return;
        }
        self.first_new.get_or_insert(id);
        if unit.confidence.is_some() {
            self.exact = false;
            return;
        }
        match &unit.origin {
            None => self.unnamed = true,
            Some(origin) => {
                // Looked up by reference: the key is copied once per origin, not per unit.
                let c = match self.by_origin.get_mut(origin.as_str()) {
                    Some(c) => c,
                    None => self.by_origin.entry(origin.clone()).or_default(),
                };
                c.units += 1;
                c.reviewed += i64::from(unit.status == Status::Reviewed);
                c.last_id = id;
            }
        }
    }

    /// `unit` was merged into unit `id` (`row::merge_metadata`: a review, a higher
    /// confidence and, for a unit without one, an origin are what it may change here).
    pub(super) fn merged(&mut self, id: i64, unit: &UnitRecord) {
        let counted = self.first_new.is_some_and(|first| id >= first);
        if counted
            && (unit.status == Status::Reviewed
                || unit.confidence.is_some()
                || (self.unnamed && unit.origin.is_some()))
        {
            self.exact = false;
        }
    }

    /// Units were changed or removed some other way: the fold rescans.
    pub(super) fn touched(&mut self) {
        self.exact = false;
    }

    /// Folds the units added since the last fold into `origin_stats` and moves the mark, from
    /// the tally when it is exact, else by the rescan; starts a new tally.
    pub(super) fn fold(&mut self, conn: &Connection) -> Result<()> {
        let tally = std::mem::take(self);
        if !tally.fold_counted(conn)? {
            conn.execute_batch("INSERT INTO origin_stats_in SELECT * FROM origin_stats_new")?;
        }
        conn.execute_batch(
            "UPDATE origin_stats_mark SET upto = (SELECT coalesce(max(id), 0) FROM units)",
        )?;
        Ok(())
    }

    /// Whether the tally can stand for the rescan: exact, and every unit past the mark
    /// added by this writer.
    pub(super) fn stands(&self, conn: &Connection) -> Result<bool> {
        let Some(first_new) = self.first_new.filter(|_| self.exact) else {
            return Ok(false);
        };
        let mark: i64 = conn.query_row("SELECT upto FROM origin_stats_mark", [], |r| r.get(0))?;
        let others: bool = conn.query_row(
            "SELECT ?1 >= ?2 OR EXISTS (SELECT 1 FROM units WHERE id > ?1 AND id < ?2)",
            [mark, first_new],
            |r| r.get(0),
        )?;
        Ok(!others)
    }

    /// Inserts the tally's counts as the rescan would (one row per origin, in the order of
    /// its GROUP BY: by the origin's bytes); false when the tally cannot stand for it.
    fn fold_counted(&self, conn: &Connection) -> Result<bool> {
        if !self.stands(conn)? {
            return Ok(false);
        }
        let mut origins: Vec<(&String, &Counts)> = self.by_origin.iter().collect();
        origins.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        // Integer 0 and NULL, as `coalesce(sum(confidence), 0)` and `min(confidence)` are
        // for units without a confidence.
        let mut insert =
            conn.prepare_cached("INSERT INTO origin_stats_in VALUES (?1, ?2, ?3, 0, 0, NULL, ?4)")?;
        for (origin, c) in origins {
            insert.execute(rusqlite::params![origin, c.units, c.reviewed, c.last_id])?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::memory::unit::Side;
    use crate::memory::{Memory, Status, UnitRecord};

    fn unit(i: usize, origin: Option<&str>) -> UnitRecord {
        let mut u = UnitRecord::new(
            Side::new("ar", format!("قال الوزير رقم {i}")),
            Side::new("en", format!("The minister said, no. {i}")),
        );
        u.origin = origin.map(str::to_owned);
        u
    }

    /// Every row of the per-origin tables, as stored.
    fn stats(m: &Memory) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT rowid, origin, units, reviewed, typeof(conf_sum), conf_sum, conf_n,
                    quote(min_conf), last_id FROM origin_stats ORDER BY rowid",
            "SELECT NULL, NULL, upto, NULL, NULL, NULL, NULL, NULL, NULL FROM origin_stats_mark",
        ] {
            let mut stmt = m.conn().prepare(sql).unwrap();
            let rows = stmt
                .query_map([], |r| {
                    let v: Vec<rusqlite::types::Value> =
                        (0..9).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
                    Ok(format!("{v:?}"))
                })
                .unwrap();
            out.extend(rows.map(|r| r.unwrap()));
        }
        out
    }

    /// Adds `batches` (each in a writer of its own, folded), with `rescan` forcing the
    /// rescan; returns the tables and whether every fold took the tally.
    fn build(batches: &[Vec<UnitRecord>], rescan: bool) -> (Vec<String>, bool) {
        let mut m = Memory::in_memory().unwrap();
        let mut tallied = true;
        for units in batches {
            let mut w = m.writer().unwrap();
            w.add_all(units).unwrap();
            if rescan {
                w.origin_tally().touched();
            }
            tallied &= w.origin_tally_stands().unwrap();
            w.fold_origin_stats().unwrap();
            w.commit().unwrap();
        }
        (stats(&m), tallied)
    }

    #[test]
    fn the_tally_folds_what_the_rescan_folds() {
        let mut first: Vec<UnitRecord> = (0..40)
            .map(|i| unit(i, Some(["b", "a", "ب", "B"][i % 4])))
            .collect();
        first[3].status = Status::Reviewed;
        first.push(unit(40, None));
        // The same pairs again (merged), and merges that change nothing counted.
        let mut second: Vec<UnitRecord> =
            (30..60).map(|i| unit(i, Some(["a", "c"][i % 2]))).collect();
        second.push(first[3].clone());
        let (tables, tallied) = build(&[first.clone(), second.clone()], false);
        assert!(tallied);
        assert_eq!(
            (tables.clone(), false),
            build(&[first.clone(), second.clone()], true)
        );
        assert!(tables.len() > 5, "{tables:?}");

        // A merge that reviews a unit added by the same writer, a confidence, an origin
        // given to a unit without one: the rescan, with the same result.
        let mut reviewed = unit(7, Some("b"));
        reviewed.status = Status::Reviewed;
        let mut confident = unit(70, Some("d"));
        confident.confidence = Some(0.25);
        let mut named = unit(40, Some("e"));
        named.origin = Some("e".into());
        for extra in [reviewed, confident, named] {
            let mut one = first.clone();
            one.push(extra);
            let (tables, tallied) = build(&[one.clone(), second.clone()], false);
            assert!(!tallied);
            assert_eq!(tables, build(&[one, second.clone()], true).0);
        }
    }

    #[test]
    fn units_left_unfolded_by_another_writer_send_the_fold_to_the_rescan() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add_all(&[unit(1, Some("x")), unit(2, Some("y"))])
            .unwrap();
        w.commit().unwrap();
        let mut w = m.writer().unwrap();
        w.add_all(&[unit(3, Some("x"))]).unwrap();
        assert!(!w.origin_tally_stands().unwrap());
        w.fold_origin_stats().unwrap();
        w.commit().unwrap();
        let got: Vec<(String, i64)> = m
            .conn()
            .prepare("SELECT origin, units FROM origin_stats ORDER BY origin")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(got, vec![("x".to_owned(), 2), ("y".to_owned(), 1)]);
    }
}
