//! Lossless candidate generation and verification for fuzzy suggestions (field-notes §3).
//!
//! 1. The query's distinct key tokens are sorted by document frequency; the rarest ones
//!    covering n − ⌈T·n/100⌉ + 1 token occurrences are probed (prefix filter: a unit that
//!    contains none of them shares fewer than ⌈T·n/100⌉ tokens and cannot score T).
//! 2. Entries failing the length filter are dropped while the lists are read.
//! 3. Further cheap lists tighten each candidate's bound on shared tokens (count filter).
//! 4. Candidates are verified best bound first with a banded edit distance over token ids;
//!    once `top` results are held the bar rises to the k-th best score (ties kept), and the
//!    walk stops when no remaining bound can reach the bar.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use rusqlite::{Connection, OptionalExtension};

use super::index::{self, decode_tokens, lookup_token, unit_of_side, SIDE_TOKENS_SQL};
use super::score::{bounded_distance, length_ok, max_distance, raw_score, score_bound};
use super::writer::find_lang;
use crate::error::{Error, Result};
use crate::text::{self, primary_language};
use rustc_hash::FxHashMap as FxMap;

/// What to look for: languages (any BCP 47 tag; `ar-IQ` looks up `ar`), the lowest score to
/// report (1–100) and how many matches to keep.
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    pub from: String,
    pub to: String,
    pub threshold: u8,
    pub top: usize,
}

impl SuggestOptions {
    pub fn new(from: &str, to: &str) -> SuggestOptions {
        SuggestOptions {
            from: from.to_owned(),
            to: to.to_owned(),
            threshold: 70,
            top: 5,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        if !(1..=100).contains(&self.threshold) {
            return Err(Error::Invalid(format!(
                "threshold {} is out of range 1-100",
                self.threshold
            )));
        }
        if self.top == 0 {
            return Err(Error::Invalid("top must be at least 1".into()));
        }
        Ok(())
    }
}

/// A query turned into token ids of the memory's dictionary.
pub(crate) struct PreparedQuery {
    pub text: String,
    /// Token ids in order; tokens unknown to the memory get ids that match nothing.
    pub ids: Vec<u32>,
    pub from_lid: i64,
    pub to_lid: i64,
}

/// A verified candidate: a side whose score reaches the threshold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub side: u32,
    pub score: u8,
}

/// `None` when the memory has no unit in one of the two languages.
pub(crate) fn prepare_query(
    conn: &Connection,
    text: &str,
    opts: &SuggestOptions,
) -> Result<Option<PreparedQuery>> {
    let (Some(from_lid), Some(to_lid)) = (
        find_lang(
            conn,
            primary_language(&opts.from).to_ascii_lowercase().as_str(),
        )?,
        find_lang(
            conn,
            primary_language(&opts.to).to_ascii_lowercase().as_str(),
        )?,
    ) else {
        return Ok(None);
    };
    let mut unknown: HashMap<String, u32> = HashMap::new();
    let mut ids = Vec::new();
    for key in text::key_tokens(text) {
        let id = match lookup_token(conn, &key)? {
            Some(id) => id,
            None => {
                let next = u32::MAX - unknown.len() as u32;
                *unknown.entry(key).or_insert(next)
            }
        };
        ids.push(id);
    }
    Ok(Some(PreparedQuery {
        text: text.to_owned(),
        ids,
        from_lid,
        to_lid,
    }))
}

type IdMap<V> = FxMap<u32, V>;

/// One distinct query token: its id, how often the query has it, its list length.
struct Term {
    id: u32,
    count: usize,
    df: i64,
}

#[derive(Clone, Copy)]
struct Cand {
    len: u16,
    hits: u16,
}

/// Read an extra list to tighten bounds only when it is at most this many times longer
/// than the candidate set (reading is cheap, verifying is not).
const EXTRA_LIST_FACTOR: i64 = 8;

/// Every side (in language `from`, paired with `to`) scoring at least `t`, limited to the
/// best `top` scores with ties.
pub(crate) fn search(conn: &Connection, q: &PreparedQuery, t: u8, top: usize) -> Result<Vec<Hit>> {
    let n = q.ids.len();
    let terms = query_terms(conn, q)?;
    let need = if n == 0 {
        1
    } else {
        n - (usize::from(t) * n).div_ceil(100) + 1
    };
    let mut cands: IdMap<Cand> = IdMap::default();
    let mut covered = 0;
    let mut next = 0;
    while covered < need && next < terms.len() {
        let term = &terms[next];
        index::for_each_entry(conn, q.from_lid, term.id, |e| {
            // A length of u16::MAX means "at least that long": never filtered on length.
            if e.len == u16::MAX || length_ok(n, usize::from(e.len), t) {
                let c = cands.entry(e.side).or_insert(Cand {
                    len: e.len,
                    hits: 0,
                });
                c.hits = c.hits.saturating_add(term.count as u16);
            }
        })?;
        covered += term.count;
        next += 1;
    }
    let mut unread: usize = terms[next..].iter().map(|t| t.count).sum();
    while next < terms.len() && terms[next].df <= EXTRA_LIST_FACTOR * cands.len() as i64 {
        let term = &terms[next];
        index::for_each_entry(conn, q.from_lid, term.id, |e| {
            if let Some(c) = cands.get_mut(&e.side) {
                c.hits = c.hits.saturating_add(term.count as u16);
            }
        })?;
        unread -= term.count;
        next += 1;
    }
    let mut order: Vec<(u8, u32, u16)> = cands
        .into_iter()
        .filter_map(|(side, c)| {
            let m = usize::from(c.len);
            let bound = if c.len == u16::MAX {
                100
            } else {
                score_bound(n, m, (usize::from(c.hits) + unread).min(m))
            };
            (bound >= t).then_some((bound, side, c.len))
        })
        .collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    verify(conn, q, t, top, &order)
}

/// Distinct query tokens, rarest first (tokens the memory never saw come first: df 0).
fn query_terms(conn: &Connection, q: &PreparedQuery) -> Result<Vec<Term>> {
    let mut terms: Vec<Term> = Vec::new();
    if q.ids.is_empty() {
        if let Some(id) = lookup_token(conn, index::EMPTY_TOKEN_TEXT)? {
            terms.push(Term {
                id,
                count: 1,
                df: 0,
            });
        }
        return Ok(terms);
    }
    let mut counts: IdMap<usize> = IdMap::default();
    for &id in &q.ids {
        *counts.entry(id).or_insert(0) += 1;
    }
    terms.extend(
        counts
            .into_iter()
            .map(|(id, count)| Term { id, count, df: 0 }),
    );
    for term in &mut terms {
        term.df = index::term_info(conn, q.from_lid, term.id)?.0;
    }
    terms.sort_by_key(|t| (t.df, t.id));
    Ok(terms)
}

/// Verifies candidates in order of their bound, raising the bar as results come in.
fn verify(
    conn: &Connection,
    q: &PreparedQuery,
    t: u8,
    top: usize,
    order: &[(u8, u32, u16)],
) -> Result<Vec<Hit>> {
    let n = q.ids.len();
    let mut best: BinaryHeap<Reverse<u8>> = BinaryHeap::new();
    let mut hits = Vec::new();
    let mut toks = Vec::new();
    let mut stmts = [
        conn.prepare_cached(SIDE_TOKENS_SQL[0])?,
        conn.prepare_cached(SIDE_TOKENS_SQL[1])?,
    ];
    for &(bound, side, len) in order {
        let bar = current_bar(&best, top, t);
        if bound < bar {
            break;
        }
        let (unit, which) = unit_of_side(i64::from(side));
        let row = stmts[usize::from(which)]
            .query_row([unit], |r| {
                let other: i64 = r.get(0)?;
                if other == q.to_lid {
                    decode_tokens(r.get_ref(1)?.as_blob()?, &mut toks);
                }
                Ok(other == q.to_lid)
            })
            .optional()?;
        if row != Some(true) {
            continue;
        }
        debug_assert!(len == u16::MAX || usize::from(len) == toks.len());
        let m = toks.len();
        let Some(ed) = bounded_distance(&q.ids, &toks, max_distance(n, m, bar)) else {
            continue;
        };
        let score = final_score(conn, q, side, ed, n, toks.len())?;
        if score >= bar {
            hits.push(Hit { side, score });
            best.push(Reverse(score));
            if best.len() > top {
                best.pop();
            }
        }
    }
    let bar = current_bar(&best, top, t);
    hits.retain(|h| h.score >= bar);
    Ok(hits)
}

fn current_bar(best: &BinaryHeap<Reverse<u8>>, top: usize, t: u8) -> u8 {
    match best.peek() {
        Some(Reverse(kth)) if best.len() >= top => (*kth).max(t),
        _ => t,
    }
}

/// The reported score: 100 only for identical text; an identical key with other text is 99.
pub(crate) fn final_score(
    conn: &Connection,
    q: &PreparedQuery,
    side: u32,
    ed: usize,
    n: usize,
    m: usize,
) -> Result<u8> {
    if ed > 0 {
        return Ok(raw_score(ed, n, m));
    }
    let text = side_text(conn, side)?;
    Ok(if text == q.text { 100 } else { 99 })
}

/// The text of one side of a unit.
pub(crate) fn side_text(conn: &Connection, side: u32) -> Result<String> {
    let (unit, which) = index::unit_of_side(i64::from(side));
    let sql = if which == 0 {
        "SELECT src_text FROM units WHERE id = ?1"
    } else {
        "SELECT tgt_text FROM units WHERE id = ?1"
    };
    Ok(conn.prepare_cached(sql)?.query_row([unit], |r| r.get(0))?)
}
