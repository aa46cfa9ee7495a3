//! The units the miner reads: Arabic–English pairs of the memory (either direction), in
//! batches, without loading the memory into RAM. Pairs the aligner was unsure of (a bead
//! confidence below the threshold: the two sides may not translate each other) are left
//! out and counted; units imported without a confidence are taken as given.

use serde::Serialize;

use crate::error::Result;
use crate::memory::text_codec::Texts;
use crate::memory::Memory;
use crate::text::primary_language;

/// One Arabic–English unit.
#[derive(Debug, Clone)]
pub struct UnitText {
    pub id: i64,
    pub arabic: String,
    pub english: String,
    pub reviewed: bool,
}

/// What was read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadStats {
    /// Arabic–English units used.
    pub units: usize,
    /// Of which reviewed.
    pub reviewed: usize,
    /// Left out: the aligner's confidence was below the threshold.
    pub low_confidence: usize,
    /// Left out: not an Arabic–English pair.
    pub other_languages: usize,
}

/// Units read per batch.
pub const BATCH: usize = 4096;

/// Calls `f` with batches of the Arabic–English units of `memory` (of one origin if given),
/// in id order, skipping units whose confidence is below `min_confidence`.
pub fn for_each_batch(
    memory: &Memory,
    origin: Option<&str>,
    min_confidence: f64,
    stats: &mut ReadStats,
    mut f: impl FnMut(&[UnitText]) -> Result<()>,
) -> Result<()> {
    let sql = "SELECT id, src_lang, src_text, tgt_lang, tgt_text, status, confidence FROM units
         WHERE ?1 IS NULL OR origin = ?1 ORDER BY id";
    let mut stmt = memory.conn().prepare(sql)?;
    let mut rows = stmt.query([origin])?;
    let texts = Texts::new(memory.conn());
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = rows.next()? {
        let src_lang: String = row.get(1)?;
        let tgt_lang: String = row.get(3)?;
        let src = primary_language(&src_lang).to_ascii_lowercase();
        let tgt = primary_language(&tgt_lang).to_ascii_lowercase();
        let (arabic, english) = match (src.as_str(), tgt.as_str()) {
            ("ar", "en") => (texts.get(row, 2)?, texts.get(row, 4)?),
            ("en", "ar") => (texts.get(row, 4)?, texts.get(row, 2)?),
            _ => {
                stats.other_languages += 1;
                continue;
            }
        };
        let confidence: Option<f64> = row.get(6)?;
        if confidence.is_some_and(|c| c < min_confidence) {
            stats.low_confidence += 1;
            continue;
        }
        let reviewed = row.get::<_, i64>(5)? == 1;
        stats.units += 1;
        stats.reviewed += usize::from(reviewed);
        batch.push(UnitText {
            id: row.get(0)?,
            arabic,
            english,
            reviewed,
        });
        if batch.len() == BATCH {
            f(&batch)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        f(&batch)?;
    }
    Ok(())
}
