//! Turning verified hits into suggestions: fetch the units, break ties (character-level
//! similarity, then reviewed first, then most recent), keep the best `top`, explain 99s and
//! compute word diffs.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::diff::{word_diff, DiffOp};
use super::index::unit_of_side;
use super::myers::Pattern;
use super::reason::{reasons, Reason};
use super::row::{read_unit, UNIT_COLUMNS};
use super::search::Hit;
use super::unit::Status;
use crate::error::Result;

/// One suggestion for a query: the stored pair oriented as query language → target language.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// 100 identical text, 99 identical match key, else ⌊FMS⌋.
    pub score: u8,
    pub source: String,
    pub target: String,
    /// Unit id.
    pub id: i64,
    /// Why a 99 is not a 100 (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reason: Vec<Reason>,
    /// The words that differ between the query and `source`.
    pub diff: Vec<DiffOp>,
    pub source_lang: String,
    pub target_lang: String,
    pub origin: Option<String>,
    pub status: Status,
    pub usage_count: u32,
    pub confidence: Option<f64>,
    pub created_at: Option<DateTime<Utc>>,
    pub changed_at: Option<DateTime<Utc>>,
    /// Character-level similarity to the query in [0, 1] (the first tie-breaker).
    pub similarity: f64,
}

/// Ranks `hits` for `query` and keeps the best `top`.
pub(crate) fn rank(
    conn: &Connection,
    query: &str,
    mut hits: Vec<Hit>,
    top: usize,
) -> Result<Vec<Suggestion>> {
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.side.cmp(&b.side)));
    if let Some(kth) = hits.get(top.saturating_sub(1)).map(|h| h.score) {
        hits.retain(|h| h.score >= kth);
    }
    let similar = CharSimilarity::new(query);
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        out.push(load(conn, query, &similar, hit)?);
    }
    out.sort_by(compare);
    out.truncate(top);
    for s in &mut out {
        s.diff = word_diff(query, &s.source);
        if s.score == 99 {
            s.reason = reasons(query, &s.source);
        }
    }
    Ok(out)
}

fn load(conn: &Connection, query: &str, similar: &CharSimilarity, hit: Hit) -> Result<Suggestion> {
    let (unit, which) = unit_of_side(i64::from(hit.side));
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
    let u = conn.prepare_cached(&sql)?.query_row([unit], read_unit)?;
    let r = u.record;
    let (source, target) = if which == 0 {
        (r.source, r.target)
    } else {
        (r.target, r.source)
    };
    let similarity = similar.to(query, &source.text);
    Ok(Suggestion {
        score: hit.score,
        source: source.text,
        target: target.text,
        id: u.id,
        reason: Vec::new(),
        diff: Vec::new(),
        source_lang: source.lang,
        target_lang: target.lang,
        origin: r.origin,
        status: r.status,
        usage_count: r.usage_count,
        confidence: r.confidence,
        created_at: r.created_at,
        changed_at: r.changed_at,
        similarity,
    })
}

/// Texts longer than this (in bytes, together) are compared by length only (kept from when
/// the exact character distance was a quadratic table).
const MAX_SIMILARITY_BYTES: usize = 8192;

/// Character-level similarity to one query in [0, 1], the first tie-breaker: 1 − Levenshtein
/// distance over characters / the longer length, as `strsim::normalized_levenshtein`, computed
/// bit-parallel (a paragraph of 1,000 characters costs 16 × 1,000 word operations instead of
/// a million table cells; ranking long units spent most of its time here).
struct CharSimilarity {
    chars: Vec<u32>,
    pattern: Pattern,
}

impl CharSimilarity {
    fn new(query: &str) -> CharSimilarity {
        let chars: Vec<u32> = query.chars().map(u32::from).collect();
        let pattern = Pattern::new(&chars);
        CharSimilarity { chars, pattern }
    }

    fn to(&self, query: &str, text: &str) -> f64 {
        let x = self.chars.len();
        if query.len() + text.len() > MAX_SIMILARITY_BYTES {
            let y = text.chars().count();
            return 1.0 - x.abs_diff(y) as f64 / x.max(y).max(1) as f64;
        }
        let other: Vec<u32> = text.chars().map(u32::from).collect();
        let longer = x.max(other.len());
        if longer == 0 {
            return 1.0;
        }
        let d = self
            .pattern
            .distance_within(&other, longer)
            .unwrap_or(longer);
        1.0 - d as f64 / longer as f64
    }
}

/// Best first: score, character similarity, reviewed, most recent, newest id.
fn compare(a: &Suggestion, b: &Suggestion) -> Ordering {
    let reviewed = |s: &Suggestion| s.status == Status::Reviewed;
    let recent = |s: &Suggestion| s.changed_at.or(s.created_at);
    b.score
        .cmp(&a.score)
        .then(b.similarity.total_cmp(&a.similarity))
        .then(reviewed(b).cmp(&reviewed(a)))
        .then(recent(b).cmp(&recent(a)))
        .then(b.id.cmp(&a.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_similarity_equals_strsim() {
        let texts = [
            "",
            "a",
            "قال الرئيس",
            "قالَ الرئيس أمس",
            "The minister said in Baghdad.",
            "the minister said in baghdad",
            &"long paragraph of common words, ".repeat(12),
            &"long paragraph of rare words, ".repeat(11),
        ];
        for a in texts {
            let s = CharSimilarity::new(a);
            for b in texts {
                assert_eq!(
                    s.to(a, b),
                    strsim::normalized_levenshtein(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
