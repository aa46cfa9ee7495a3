//! The memory seen article by article: the origins it holds (an aligned article, an imported
//! file, a desk session) with how far each has been reviewed, and the pairs of one origin in
//! article order with the bead shape they came from. The reviewer's page (`tarjama serve`,
//! `GET /origins`) reads these; the CLI's `stats` shows only the largest origins.

use serde::Serialize;

use super::store::Memory;
use super::unit::Status;
use super::writer::Writer;
use crate::error::Result;
use crate::text::{primary_language, segment::segment};

/// One origin and the state of its pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginSummary {
    pub origin: String,
    pub units: u64,
    pub reviewed: u64,
    /// Mean alignment confidence of its pairs (None when no pair has one: an import).
    pub mean_confidence: Option<f64>,
    pub min_confidence: Option<f64>,
    /// The highest id among its units: larger is more recent.
    pub last_id: i64,
}

/// One stored pair of an origin, as the review page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginPair {
    pub id: i64,
    /// Place of the pair (bead) in the article; a gap before it is an omission or a pair
    /// held back when it was aligned.
    pub position: Option<i64>,
    pub source: String,
    pub target: String,
    pub source_lang: String,
    pub target_lang: String,
    pub confidence: Option<f64>,
    pub status: Status,
    pub changed_by: Option<String>,
    /// The bead shape, sentences per side ("2-1" for two source sentences merged into one
    /// target sentence), counted again with the segmenter since beads are not stored.
    pub shape: String,
}

impl Writer<'_> {
    /// Counts the units added since the last fold into the per-origin table, so that
    /// listing the origins need not count them again: from the counts this writer kept as
    /// it added them when they say all there is to say (`origin_tally`), else in one pass
    /// over the units. Imports and alignments call it before they commit; units added
    /// without it (a server's writes) are counted when the origins are listed, until the
    /// next fold.
    pub fn fold_origin_stats(&mut self) -> Result<()> {
        self.fold_origins()
    }
}

impl Memory {
    /// Every origin, most recent first (by its newest unit); at most `limit`. Answered from
    /// the per-origin counts of migration 0008 and the units added since they were last
    /// folded ([`Writer::fold_origin_stats`]), in time that does not grow with the units
    /// counted before.
    pub fn origins(&self, limit: usize) -> Result<Vec<OriginSummary>> {
        // The counts kept per origin (migration 0008) and those of the units added since the
        // last fold: one row per origin, plus the newest units, not every unit.
        let mut stmt = self.conn().prepare(
            "SELECT origin, sum(units), sum(reviewed),
                    CASE WHEN sum(conf_n) > 0 THEN sum(conf_sum) / sum(conf_n) END,
                    min(min_conf), max(last_id) AS last
             FROM (SELECT * FROM origin_stats UNION ALL SELECT * FROM origin_stats_new)
             GROUP BY origin ORDER BY last DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit.min(i64::MAX as usize) as i64], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pairs of `origin` in article order (empty when no unit has it).
    pub fn origin_pairs(&self, origin: &str) -> Result<Vec<OriginPair>> {
        Ok(self
            .units_of_origin(origin)?
            .into_iter()
            .map(|u| {
                let r = u.record;
                let shape = format!(
                    "{}-{}",
                    sentence_count(&r.source.text, &r.source.lang),
                    sentence_count(&r.target.text, &r.target.lang)
                );
                OriginPair {
                    id: u.id,
                    position: r.position,
                    source: r.source.text,
                    target: r.target.text,
                    source_lang: r.source.lang,
                    target_lang: r.target.lang,
                    confidence: r.confidence,
                    status: r.status,
                    changed_by: r.changed_by,
                    shape,
                }
            })
            .collect())
    }
}

/// A row of (origin, units, reviewed, mean, minimum, newest id).
fn summary(r: &rusqlite::Row) -> rusqlite::Result<OriginSummary> {
    Ok(OriginSummary {
        origin: r.get(0)?,
        units: r.get(1)?,
        reviewed: r.get(2)?,
        mean_confidence: r.get::<_, Option<f64>>(3)?.map(round3),
        min_confidence: r.get::<_, Option<f64>>(4)?.map(round3),
        last_id: r.get(5)?,
    })
}

fn sentence_count(text: &str, lang: &str) -> usize {
    segment(text, primary_language(lang)).len().max(1)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, UnitRecord};

    fn aligned(ar: &str, en: &str, origin: &str, position: i64, confidence: f64) -> UnitRecord {
        let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
        u.origin = Some(origin.into());
        u.position = Some(position);
        u.confidence = Some(confidence);
        u
    }

    #[test]
    fn origins_are_listed_newest_first_with_review_counts_and_pairs_in_article_order() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&aligned("جملة ثانية.", "Second.", "a", 2, 0.5))
            .unwrap();
        w.add(&aligned("جملة أولى. وأخرى.", "First.", "a", 0, 0.9))
            .unwrap();
        let mut imported = UnitRecord::new(Side::new("ar", "نص."), Side::new("en", "Text."));
        imported.origin = Some("b.csv".into());
        imported.status = Status::Reviewed;
        w.add(&imported).unwrap();
        w.add(&UnitRecord::new(
            Side::new("ar", "بلا أصل."),
            Side::new("en", "No origin."),
        ))
        .unwrap();
        w.commit().unwrap();

        let origins = m.origins(10).unwrap();
        assert_eq!(origins.len(), 2);
        assert_eq!(origins[0].origin, "b.csv");
        assert_eq!((origins[0].units, origins[0].reviewed), (1, 1));
        assert_eq!(origins[0].mean_confidence, None);
        assert_eq!(origins[1].origin, "a");
        assert_eq!(origins[1].mean_confidence, Some(0.7));
        assert_eq!(origins[1].min_confidence, Some(0.5));
        assert_eq!(m.origins(1).unwrap().len(), 1);

        let pairs = m.origin_pairs("a").unwrap();
        assert_eq!(pairs[0].position, Some(0));
        assert_eq!(pairs[0].shape, "2-1");
        assert_eq!(pairs[1].shape, "1-1");
        assert_eq!(pairs[1].target, "Second.");
        assert!(m.origin_pairs("none").unwrap().is_empty());
    }

    /// What `origins` answered before the per-origin table: a scan of every unit.
    fn scanned(m: &Memory) -> Vec<OriginSummary> {
        let mut stmt = m
            .conn()
            .prepare(
                "SELECT origin, count(*), count(*) FILTER (WHERE status = 1), avg(confidence),
                        min(confidence), max(id) AS last
                 FROM units WHERE origin IS NOT NULL GROUP BY origin ORDER BY last DESC",
            )
            .unwrap();
        let rows = stmt.query_map([], summary).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    fn assert_same(kept: &[OriginSummary], scanned: &[OriginSummary], step: usize) {
        assert_eq!(
            kept.len(),
            scanned.len(),
            "step {step}: {kept:?} vs {scanned:?}"
        );
        for (k, s) in kept.iter().zip(scanned) {
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= 0.0011,
                (a, b) => a == b,
            };
            assert!(
                (&k.origin, k.units, k.reviewed, k.last_id)
                    == (&s.origin, s.units, s.reviewed, s.last_id)
                    && close(k.mean_confidence, s.mean_confidence)
                    && close(k.min_confidence, s.min_confidence),
                "step {step}: kept {k:?}, scanned {s:?}"
            );
        }
    }

    /// A deterministic mix of every write the memory makes (adds, merges that review, raise
    /// a confidence or give an origin, reviews, deletes of a unit or a whole origin): after
    /// each, the kept table answers what a scan of the units answers.
    #[test]
    fn the_kept_origin_table_answers_what_a_scan_of_every_unit_answers() {
        let mut m = Memory::in_memory().unwrap();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for step in 0..600 {
            // An id that exists (or none): the k-th unit.
            let k = next(40) as i64;
            let some_id: i64 = m
                .conn()
                .query_row(
                    "SELECT coalesce((SELECT id FROM units ORDER BY id LIMIT 1 OFFSET ?1), 0)",
                    [k],
                    |r| r.get(0),
                )
                .unwrap();
            let mut w = m.writer().unwrap();
            match next(10) {
                0..=4 => {
                    // A pair out of a small set, so that re-adding it merges.
                    let k = next(40);
                    let mut u = UnitRecord::new(
                        Side::new("ar", format!("جملة رقم {k}.")),
                        Side::new("en", format!("Sentence {k}.")),
                    );
                    u.origin = match next(5) {
                        0 => None,
                        o => Some(format!("o{o}")),
                    };
                    u.confidence = (next(3) > 0).then(|| next(1000) as f64 / 1000.0);
                    if next(4) == 0 {
                        u.status = Status::Reviewed;
                    }
                    w.add(&u).unwrap();
                }
                5 | 6 => {
                    let id = some_id;
                    let status = if next(2) == 0 {
                        Status::Reviewed
                    } else {
                        Status::Unreviewed
                    };
                    w.set_status(id, status, Some("ed"), chrono::Utc::now())
                        .unwrap();
                }
                7 | 8 => {
                    w.remove_unit(some_id).unwrap();
                }
                _ => {
                    w.remove_origin(&format!("o{}", next(5))).unwrap();
                }
            }
            // Listing must be right whether or not the new units were folded in yet.
            if next(3) == 0 {
                w.fold_origin_stats().unwrap();
            }
            w.commit().unwrap();
            assert_same(&m.origins(usize::MAX).unwrap(), &scanned(&m), step);
        }
        assert!(!scanned(&m).is_empty(), "the mix leaves some origins");
    }

    #[test]
    fn the_migration_fills_the_table_from_the_units_already_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut m = Memory::open_or_create(&path).unwrap();
            let mut w = m.writer().unwrap();
            w.add(&aligned("جملة أولى.", "First.", "a", 0, 0.25))
                .unwrap();
            w.add(&aligned("جملة ثانية.", "Second.", "b", 0, 0.75))
                .unwrap();
            w.add(&aligned("جملة ثالثة.", "Third.", "a", 1, 0.5))
                .unwrap();
            w.commit().unwrap();
            // Back to a memory of schema 7: before the table existed (8) and before the
            // prefix index's token order column (9, whose lists migration 9 rebuilds).
            m.conn()
                .execute_batch(
                    "DROP TRIGGER origin_stats_remove; DROP TRIGGER origin_stats_change;
                     DROP VIEW origin_stats_in; DROP VIEW origin_stats_out;
                     DROP VIEW origin_stats_new; DROP TABLE origin_stats;
                     DROP TABLE origin_stats_mark; ALTER TABLE tokens DROP COLUMN ord;
                     ALTER TABLE terms DROP COLUMN last; ALTER TABLE terms DROP COLUMN tail;
                     ALTER TABLE terms DROP COLUMN widths;
                     PRAGMA user_version = 7;",
                )
                .unwrap();
        }
        let m = Memory::open_existing(&path).unwrap();
        let counted: i64 = m
            .conn()
            .query_row("SELECT sum(units) FROM origin_stats", [], |r| r.get(0))
            .unwrap();
        assert_eq!(counted, 3, "the migration counted the stored units");
        let kept = m.origins(10).unwrap();
        assert_eq!(kept.len(), 2);
        assert_same(&kept, &scanned(&m), 0);
        assert_eq!((kept[0].origin.as_str(), kept[0].units), ("a", 2));
        assert_eq!(kept[0].mean_confidence, Some(0.375));
    }

    /// Listing reads the units past the mark by id: never every entry of an index.
    #[test]
    fn the_units_past_the_mark_are_read_by_id() {
        let m = Memory::in_memory().unwrap();
        let mut stmt = m
            .conn()
            .prepare("EXPLAIN QUERY PLAN SELECT * FROM origin_stats_new")
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("SEARCH units USING INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
    }
}
