//! The memory seen article by article: the origins it holds (an aligned article, an imported
//! file, a desk session) with how far each has been reviewed, and the pairs of one origin in
//! article order with the bead shape they came from. The reviewer's page (`tarjama serve`,
//! `GET /origins`) reads these; the CLI's `stats` shows only the largest origins.

use serde::Serialize;

use super::store::Memory;
use super::unit::Status;
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

impl Memory {
    /// Every origin, most recent first (by its newest unit); at most `limit`.
    pub fn origins(&self, limit: usize) -> Result<Vec<OriginSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT origin, count(*), count(*) FILTER (WHERE status = 1), avg(confidence),
                    min(confidence), max(id) AS last
             FROM units WHERE origin IS NOT NULL GROUP BY origin ORDER BY last DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit.min(i64::MAX as usize) as i64], |r| {
            Ok(OriginSummary {
                origin: r.get(0)?,
                units: r.get(1)?,
                reviewed: r.get(2)?,
                mean_confidence: r.get::<_, Option<f64>>(3)?.map(round3),
                min_confidence: r.get::<_, Option<f64>>(4)?.map(round3),
                last_id: r.get(5)?,
            })
        })?;
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
}
