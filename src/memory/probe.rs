//! Candidate generation through the prefix index (`prefix`, where the order, what is indexed
//! and why nothing is lost are proved) for thresholds of at least `prefix::T_MIN`.
//!
//! 1. The query's tokens are sorted in the global order; the prefix lists of the tokens whose
//!    first occurrence lies among the first n − ⌈B·n/100⌉ + 1 elements are read in that order
//!    (B the bar: the threshold, raised to the k-th best score once `top` results are held).
//! 2. Each entry is checked with the length filter and the positional bound; a side whose
//!    bound cannot reach the bar is marked dead, so a later sighting cannot revive it.
//! 3. After each of the first lists the candidates sharing the most probed tokens are
//!    verified (`search::seed`), to raise the bar early and so shorten the probe.
//! 4. When many candidates are left, the full lists of the query's rarest tokens (by document
//!    frequency) are read while short next to the candidate set, to bound each candidate's
//!    shared tokens by counting (`tighten`).
//! 5. The rest are verified best bound first (`verify`), until no bound reaches the bar.

use rusqlite::Connection;

use super::index;
use super::score::distance_bound;
use super::search::{
    prefix_need, seed, verify_best_first, Hit, IdMap, PreparedQuery, Queued, SEED_ROUNDS,
};
use super::verify::Verifier;
use super::work;
use crate::error::Result;

/// One distinct query token in the global order.
struct Term {
    id: u32,
    /// Occurrences in the query.
    count: usize,
    /// Position of its first occurrence in the sorted query.
    pos: usize,
    /// Whether the memory knows it (unknown tokens have no list).
    known: bool,
}

/// A side seen in the probed lists.
#[derive(Clone, Copy)]
struct Cand {
    len: u16,
    /// Query occurrences of the tokens it was seen with (≥ the elements shared through them).
    hits: u32,
    /// Bound on the shared elements after its last sighting (`prefix`, positional bound).
    rest: u32,
    /// Query occurrences of the tokens whose full list was read and holds it (`tighten`).
    full: u32,
    dead: bool,
}

/// Tighten the candidates' bounds with full lists only when more candidates than this are
/// left to verify (a handful cost less to verify than the lists' lookups).
const TIGHTEN_OVER: usize = 32;

/// A full list is read to tighten bounds only while it is at most this many times longer
/// than the candidate set. Any value is lossless; this one is a cost trade-off (an entry read
/// against a candidate verified), chosen from 1, 4, 8, 32, 128 on the first 300 queries of
/// both bench shapes (README).
const TIGHTEN_FACTOR: i64 = 4;

/// The query's distinct tokens sorted in the global order (unknown tokens first).
fn ordered_terms(q: &PreparedQuery) -> Vec<Term> {
    let mut elems: Vec<(i64, u32)> = q.ranks.iter().copied().zip(q.ids.iter().copied()).collect();
    elems.sort_unstable();
    let mut terms: Vec<Term> = Vec::new();
    for (pos, &(rank, id)) in elems.iter().enumerate() {
        match terms.last_mut() {
            Some(last) if last.id == id => last.count += 1,
            _ => terms.push(Term {
                id,
                count: 1,
                pos,
                known: rank != i64::MIN,
            }),
        }
    }
    terms
}

/// Count filter over the full lists: reads the full lists of the query's rarest tokens (by
/// document frequency) while each is at most [`TIGHTEN_FACTOR`] times the `live`
/// candidates, counting in `full` the query occurrences of those that hold each candidate.
/// Returns the query occurrences whose list was not read: a candidate shares at most
/// `full` + that many tokens with the query (field-notes §3, count filter).
fn tighten(
    conn: &Connection,
    q: &PreparedQuery,
    cands: &mut IdMap<Cand>,
    live: usize,
) -> Result<usize> {
    let mut terms: Vec<(i64, u32, u32)> = Vec::new();
    for t in ordered_terms(q) {
        let df = if t.known {
            index::term_info(conn, q.from_lid, t.id)?.0
        } else {
            0
        };
        terms.push((df, t.id, t.count as u32));
    }
    terms.sort_unstable();
    // Most entries of a long list are not candidates: a bit per side id answers that before
    // the map is probed.
    let top = cands.keys().copied().max().unwrap_or(0) as usize;
    let mut member = vec![0u64; top / 64 + 1];
    for (&side, c) in cands.iter() {
        if !c.dead {
            member[side as usize / 64] |= 1 << (side % 64);
        }
    }
    let mut unread = q.ids.len();
    for (df, id, count) in terms {
        if df > TIGHTEN_FACTOR * live as i64 {
            break;
        }
        if df > 0 {
            work::list_read(df as u64);
            index::for_each_entry(conn, q.from_lid, id, |e| {
                let s = e.side as usize;
                if member.get(s / 64).is_some_and(|w| w & (1 << (s % 64)) != 0) {
                    if let Some(c) = cands.get_mut(&e.side) {
                        c.full += count;
                    }
                }
            })?;
        }
        unread -= count as usize;
    }
    Ok(unread)
}

/// Every side scoring at least `t` (≥ `prefix::T_MIN`; the query has tokens), limited to the
/// best `top` scores with ties, as `search::search` promises.
pub(crate) fn search(conn: &Connection, q: &PreparedQuery, t: u8, top: usize) -> Result<Vec<Hit>> {
    let n = q.ids.len();
    let terms = ordered_terms(q);
    let mut verifier = Verifier::new(conn, q, t, top)?;
    let mut cands: IdMap<Cand> = IdMap::default();
    let mut lists = 0;
    for term in &terms {
        // The bar's probe length (`search::prefix_need`) is at most `prefix::prefix_len` at
        // its integer score, so the proof in `prefix` holds for it.
        if term.pos >= prefix_need(n, verifier.bar()) {
            break;
        }
        if !term.known {
            continue;
        }
        let cuts = verifier.bar().cuts(n);
        let mut read = 0u64;
        index::for_each_prefix_entry(conn, q.from_lid, term.id, |e| {
            read += 1;
            let m = usize::from(e.len);
            // A length of u16::MAX means "at least that long": no length or position bound.
            let exact = e.len != u16::MAX;
            let most = match cuts.get(m) {
                Some(most) => most,
                None if exact => return, // fails at every later bar too
                None => usize::MAX,
            };
            let c = cands.entry(e.side).or_insert(Cand {
                len: e.len,
                hits: 0,
                rest: 0,
                full: 0,
                dead: false,
            });
            if c.dead {
                return;
            }
            let after_q = n - term.pos;
            let room = if exact {
                after_q.min(m.saturating_sub(usize::from(e.pos)))
            } else {
                after_q
            };
            if exact && distance_bound(n, m, (c.hits as usize + room).min(m)) > most {
                c.dead = true;
                return;
            }
            c.hits += term.count as u32;
            let rest_q = after_q - term.count;
            c.rest = if exact {
                rest_q.min(m.saturating_sub(usize::from(e.pos) + 1))
            } else {
                rest_q
            } as u32;
        })?;
        work::list_read(read);
        lists += 1;
        if lists <= SEED_ROUNDS {
            let live = cands
                .iter()
                .filter(|(_, c)| !c.dead)
                .map(|(&side, c)| (side, c.hits.min(u32::from(u16::MAX)) as u16, c.len));
            seed(&mut verifier, live, n, top)?;
        }
    }
    let live = cands.values().filter(|c| !c.dead).count();
    let unread = if live > TIGHTEN_OVER {
        tighten(conn, q, &mut cands, live)?
    } else {
        n
    };
    let bar = verifier.bar();
    let order: Vec<Queued> = cands
        .into_iter()
        .filter(|(_, c)| !c.dead)
        .filter_map(|(side, c)| {
            let m = usize::from(c.len);
            let low = if c.len == u16::MAX {
                0
            } else {
                let shared = ((c.hits + c.rest) as usize).min(c.full as usize + unread);
                distance_bound(n, m, shared.min(m))
            };
            (low <= bar.max_distance(n, m) && !verifier.done(side)).then_some(Queued {
                low,
                len: m,
                side,
            })
        })
        .collect();
    verify_best_first(verifier, n, order)
}
