//! Turning verified hits into suggestions: order them (score, then the exact ratio the score
//! was rounded from, then character-level similarity, reviewed first, most recent, newest
//! id), keep the best `top`, load them, and explain them (word diffs, why a 99 is not a 100).
//!
//! The exact ratio (`score::Standing`) comes before the character similarity because the
//! search can bound it: it judges candidates against the k-th best standing, so only hits
//! tied on the exact ratio (same distance over the same length) reach this file, not every
//! hit that rounds to the same score (up to 1,745 per query on boilerplate units, each one
//! read and compared character by character here).
//!
//! A lookup can end with many more hits tied with the `top`-th score than it keeps (a query
//! with a word dropped meets dozens of near-duplicates at the same score in a large memory).
//! Those are ordered on the few columns the tie-breakers need (one side's text, status and
//! dates); only the kept ones are read whole. Callers that show no diffs (the amaGama
//! protocol) skip the explanations with [`Memory::suggest_plain`].

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::diff::{DiffOp, DiffQuery};
use super::index::unit_of_side;
use super::reason::{reasons, Reason};
use super::row::{parse_time, read_unit, status_of, UNIT_COLUMNS};
use super::score::Standing;
use super::search::{Hit, SuggestOptions};
use super::store::Memory;
use super::text_codec::Texts;
use super::unit::Status;
use crate::error::Result;
use band::CharPattern;

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

impl Memory {
    /// The same suggestions as [`Memory::suggest`], in the same order, without `diff` and
    /// `reason` (left empty): for callers that show only the pairs and their scores.
    pub fn suggest_plain(&self, text: &str, opts: &SuggestOptions) -> Result<Vec<Suggestion>> {
        opts.check()?;
        // One snapshot for the whole answer, as `suggest` reads (and what `TermCache`
        // needs to know which memory its entries describe).
        let _scope = self.read_scope()?;
        let Some(hits) = self.hits(text, opts)? else {
            return Ok(Vec::new());
        };
        rank_plain(self.conn(), text, hits, opts.top)
    }
}

/// Ranks `hits` for `query`, keeps the best `top` and explains them.
pub(crate) fn rank(
    conn: &Connection,
    query: &str,
    hits: Vec<Hit>,
    top: usize,
) -> Result<Vec<Suggestion>> {
    let mut out = rank_plain(conn, query, hits, top)?;
    let diffs = DiffQuery::new(query);
    for s in &mut out {
        s.diff = diffs.diff(&s.source);
        if s.score == 99 {
            s.reason = reasons(query, &s.source);
        }
    }
    Ok(out)
}

/// Ranks `hits` for `query` and keeps the best `top`, without diffs or reasons.
fn rank_plain(
    conn: &Connection,
    query: &str,
    mut hits: Vec<Hit>,
    top: usize,
) -> Result<Vec<Suggestion>> {
    hits.sort_by(|a, b| b.standing.cmp(&a.standing).then(a.side.cmp(&b.side)));
    if let Some(kth) = hits.get(top.saturating_sub(1)).map(|h| h.standing) {
        hits.retain(|h| h.standing >= kth);
    }
    let similar = CharSimilarity::new(query);
    // One reader of texts for the whole ranking: it finds each dictionary once.
    let texts = Texts::new(conn);
    if hits.len() > top {
        // More hits than kept: order them on their keys, read only the kept ones whole.
        let mut keys = keys_of_ties(conn, &texts, query, &similar, &hits, top)?;
        keys.sort_by(|a, b| compare_keys(&a.0, &b.0));
        keys.truncate(top);
        return keys
            .into_iter()
            .map(|(key, hit)| load(conn, &texts, hit, key.similarity))
            .collect();
    }
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let mut s = load(conn, &texts, hit, 0.0)?;
        s.similarity = similar.to(query, &s.source);
        out.push((Key::of(&s, hit.standing), s));
    }
    out.sort_by(|a, b| compare_keys(&a.0, &b.0));
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// What the order of suggestions depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    /// Score, then exact ratio.
    standing: Standing,
    similarity: f64,
    reviewed: bool,
    /// When the unit last changed, else when it was created.
    recent: Option<DateTime<Utc>>,
    id: i64,
}

impl Key {
    fn of(s: &Suggestion, standing: Standing) -> Key {
        Key {
            standing,
            similarity: s.similarity,
            reviewed: s.status == Status::Reviewed,
            recent: s.changed_at.or(s.created_at),
            id: s.id,
        }
    }
}

/// Best first: score, exact ratio, character similarity, reviewed, most recent, newest id.
fn compare_keys(a: &Key, b: &Key) -> Ordering {
    b.standing
        .cmp(&a.standing)
        .then(b.similarity.total_cmp(&a.similarity))
        .then(b.reviewed.cmp(&a.reviewed))
        .then(b.recent.cmp(&a.recent))
        .then(b.id.cmp(&a.id))
}

/// The keys of `hits` (sorted best standing first, more than `top`, none under the `top`-th
/// standing) that can be among the best `top`. Every hit above the `top`-th standing is kept
/// and gets its similarity; of the `need` places left for the hits at that standing, a hit
/// whose similarity is below the `need`-th best already computed cannot take one, so its
/// distance stops as soon as it must be that far (and is dropped). Candidates are tried
/// longest-first by their length bound, so the bar rises early.
fn keys_of_ties(
    conn: &Connection,
    texts: &Texts,
    query: &str,
    similar: &CharSimilarity,
    hits: &[Hit],
    top: usize,
) -> Result<Vec<(Key, Hit)>> {
    let Some(kth) = hits.get(top.wrapping_sub(1)).map(|h| h.standing) else {
        return Ok(Vec::new());
    };
    let above = hits.iter().take_while(|h| h.standing > kth).count();
    let need = top - above;
    let mut keys = Vec::with_capacity(top);
    let mut tied = Vec::with_capacity(hits.len() - above);
    for (i, &hit) in hits.iter().enumerate() {
        let (key, text) = key_of_hit(conn, texts, hit)?;
        if i < above {
            let similarity = similar.to(query, &text);
            keys.push((Key { similarity, ..key }, hit));
        } else {
            let bound = similar.length_bound(&text);
            tied.push((bound, key, hit, text));
        }
    }
    // Highest bound first; the sort is stable, so equal bounds keep the hits' order.
    tied.sort_by(|a, b| b.0.total_cmp(&a.0));
    // The `need` best similarities so far, smallest first (`need` is at most `top`).
    let mut best: Vec<f64> = Vec::with_capacity(need + 1);
    for (bound, key, hit, text) in tied {
        let bar = (best.len() == need).then(|| best[0]);
        if bar.is_some_and(|bar| bound < bar) {
            // Sorted by bound: no later hit can reach the bar either.
            break;
        }
        let Some(similarity) = similar.at_least(query, &text, bar) else {
            continue;
        };
        let at = best.partition_point(|&b| b < similarity);
        best.insert(at, similarity);
        if best.len() > need {
            best.remove(0);
        }
        keys.push((Key { similarity, ..key }, hit));
    }
    Ok(keys)
}

/// The key of one hit (similarity 0, filled by the caller) and the side's text, from the
/// columns the key needs (the side's text, status, dates).
fn key_of_hit(conn: &Connection, texts: &Texts, hit: Hit) -> Result<(Key, String)> {
    let (unit, which) = unit_of_side(i64::from(hit.side));
    let sql = if which == 0 {
        "SELECT src_text, status, changed_at, created_at FROM units WHERE id = ?1"
    } else {
        "SELECT tgt_text, status, changed_at, created_at FROM units WHERE id = ?1"
    };
    let key = conn.prepare_cached(sql)?.query_row([unit], |r| {
        let text = texts.get(r, 0)?;
        let recent = match parse_time(r.get(2)?) {
            Some(changed) => Some(changed),
            None => parse_time(r.get(3)?),
        };
        Ok((
            Key {
                standing: hit.standing,
                similarity: 0.0,
                reviewed: status_of(r.get(1)?) == Status::Reviewed,
                recent,
                id: unit,
            },
            text,
        ))
    })?;
    Ok(key)
}

/// The whole suggestion for one hit (`similarity` as given).
fn load(conn: &Connection, texts: &Texts, hit: Hit, similarity: f64) -> Result<Suggestion> {
    let (unit, which) = unit_of_side(i64::from(hit.side));
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
    let u = conn
        .prepare_cached(&sql)?
        .query_row([unit], |r| read_unit(texts, r))?;
    let r = u.record;
    let (source, target) = if which == 0 {
        (r.source, r.target)
    } else {
        (r.target, r.source)
    };
    Ok(Suggestion {
        score: hit.standing.score,
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

/// A band this much wider than the difference of the lengths is tried first (`band.rs`):
/// the near copies ranked here align within it, and where one does not, the cost found
/// bounds the band of the second, exact, pass.
const NARROW_BAND: usize = 32;

/// Character-level similarity to one query in [0, 1], the first tie-breaker: 1 − Levenshtein
/// distance over characters / the longer length, as `strsim::normalized_levenshtein`, computed
/// bit-parallel in a diagonal band (`band.rs`: a paragraph of 1,000 characters near a copy
/// costs 2–3 word operations per character instead of a million table cells, or the 16 of
/// every block; ranking long units spent most of its time here).
struct CharSimilarity {
    chars: Vec<u32>,
    /// Compiled from `chars` (from none past `MAX_SIMILARITY_BYTES`, where only lengths are
    /// compared).
    pattern: CharPattern,
}

impl CharSimilarity {
    fn new(query: &str) -> CharSimilarity {
        let chars: Vec<u32> = query.chars().map(u32::from).collect();
        let pattern = if query.len() > MAX_SIMILARITY_BYTES {
            CharPattern::new(&[])
        } else {
            CharPattern::new(&chars)
        };
        CharSimilarity { chars, pattern }
    }

    /// The distance between the query's characters `from..to` and `text` (the slots of its
    /// characters) if it is at most `k`.
    fn distance_within(&self, from: usize, to: usize, text: &[u16], k: usize) -> Option<usize> {
        let (x, y) = (to - from, text.len());
        if x.abs_diff(y) > k {
            return None;
        }
        let narrow = (x.abs_diff(y) + NARROW_BAND).min(k);
        let bound = self.pattern.banded(from, to, text, narrow);
        if bound <= narrow {
            return Some(bound);
        }
        if narrow == k {
            return None;
        }
        // The distance is at most `bound`: a band that wide is exact.
        let wide = bound.min(k);
        let d = self.pattern.banded(from, to, text, wide);
        (d <= wide).then_some(d)
    }

    fn to(&self, query: &str, text: &str) -> f64 {
        self.at_least(query, text, None)
            .expect("no bar: the similarity is always computed")
    }

    /// An upper bound of [`CharSimilarity::to`] from the lengths alone (the distance is at
    /// least the difference of the lengths).
    fn length_bound(&self, text: &str) -> f64 {
        let (x, y) = (self.chars.len(), text.chars().count());
        1.0 - x.abs_diff(y) as f64 / x.max(y).max(1) as f64
    }

    /// [`CharSimilarity::to`], or `None` when it is below `bar` (then the distance stops
    /// as soon as it must exceed the largest one that reaches the bar).
    fn at_least(&self, query: &str, text: &str, bar: Option<f64>) -> Option<f64> {
        let x = self.chars.len();
        if query.len() + text.len() > MAX_SIMILARITY_BYTES {
            let y = text.chars().count();
            let s = 1.0 - x.abs_diff(y) as f64 / x.max(y).max(1) as f64;
            return (bar.is_none_or(|bar| s >= bar)).then_some(s);
        }
        let other: Vec<u32> = text.chars().map(u32::from).collect();
        let longer = x.max(other.len());
        if longer == 0 {
            return (bar.is_none_or(|bar| 1.0 >= bar)).then_some(1.0);
        }
        let similarity = |d: usize| 1.0 - d as f64 / longer as f64;
        let k = match bar {
            None => longer,
            Some(bar) => largest_reaching(longer, |d| similarity(d) >= bar)?,
        };
        // A common prefix and suffix do not change the distance (D(aX, aY) = D(X, Y)); a
        // near copy of a long query is mostly both, so the table shrinks to the part that
        // differs (read from the query's masks with a shift, `band.rs`).
        let pre = self
            .chars
            .iter()
            .zip(&other)
            .take_while(|(a, b)| a == b)
            .count();
        let room = x.min(other.len()) - pre;
        let suf = self.chars[pre..]
            .iter()
            .rev()
            .zip(other[pre..].iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        // Only the part between is looked up in the pattern (the text as the query's slots;
        // 0: a character the query lacks).
        let slots: Vec<u16> = other[pre..other.len() - suf]
            .iter()
            .map(|&c| self.pattern.slot(c))
            .collect();
        let d = self.distance_within(pre, x - suf, &slots, k)?;
        Some(similarity(d))
    }
}

/// The largest distance d ≤ `longer` for which `reaches(d)` holds (it holds for every
/// smaller one: the similarity falls as d grows), or `None` if not even d = 0 reaches.
/// Searched on the same float formula the similarity uses, so the cut is exact.
fn largest_reaching(longer: usize, reaches: impl Fn(usize) -> bool) -> Option<usize> {
    if !reaches(0) {
        return None;
    }
    let (mut lo, mut hi) = (0, longer);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if reaches(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

mod band;
#[cfg(test)]
mod tests;
