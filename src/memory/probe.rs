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
//!    frequency) are read while short next to the candidates that can still reach the bar,
//!    to bound each candidate's shared tokens by counting (`tighten`); a candidate whose
//!    bound falls under the bar is dropped at once, so a query that matches nothing stops
//!    reading when its last candidate is gone, and one whose candidates stop falling out
//!    (near-duplicates) stops soon after (`Stall`).
//! 5. The rest are verified best bound first (`verify`), until no bound reaches the bar.

use rusqlite::Connection;

use super::append::ListReader;
use super::bands;
use super::score::{distance_bound, Bar};
use super::scratch::{Marks, Scratch};
use super::search::{
    prefix_need, seed, verify_best_first, Hit, PreparedQuery, Queued, SEED_ROUNDS,
};
use super::side_map::SideMap;
use super::tally::Lacking;
use super::term_cache::TermCache;
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
pub(crate) struct Cand {
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
/// than the candidates still able to reach the bar. Any value is lossless; this one is a cost
/// trade-off (an entry read against a candidate verified), chosen from 1, 4, 8, 32, 128 on
/// the first 300 queries of both bench shapes, and kept after the count of candidates became
/// the live one (4, 8, 16, 32 on the long shape: CPU per query 3.3, 3.4, 3.9, 4.0 ms; `docs/speed-log.md`).
const TIGHTEN_FACTOR: i64 = 4;

/// `tighten` also stops once it has read this many entries per candidate still able to
/// reach the bar without a twentieth of them falling out ([`Stall`]): the lists then only
/// confirm candidates that share the query's words — near-duplicates, which only a
/// verification tells apart — and reading on costs more than the verifications it could
/// spare (an entry costs ~7 ns here, a verification ~2 µs: 10 entries a candidate is about
/// 3 % of verifying them all). Any value is lossless (the lists left unread stay counted
/// in the bound). Chosen among 3, 6, 10, 15 and 30 on the long 1M bench's first 300
/// queries (sums of per-query minimum times, in two passes: no stall 803, 10: 704, 30: 723
/// ms; no stall 793, 3: 835, 6: 648, 10: 652, 15: 671 ms — 3 verified 67 % more sides) and
/// reported on its next 700 (`docs/speed-log.md`).
const STALL_ENTRIES_PER_CANDIDATE: i64 = 10;

/// The entries `tighten` read since its live candidates last fell by a twentieth.
struct Stall {
    /// The live count when the entries counted in `since` began.
    mark: usize,
    since: i64,
}

impl Stall {
    fn new(live: usize) -> Stall {
        Stall {
            mark: live,
            since: 0,
        }
    }

    /// Whether a list of `df` entries is still worth reading with `live` candidates left
    /// (counting its entries if so).
    fn allows(&mut self, df: i64, live: usize) -> bool {
        if live.saturating_mul(20) <= self.mark.saturating_mul(19) {
            *self = Stall::new(live);
        }
        if self.since.saturating_add(df) > STALL_ENTRIES_PER_CANDIDATE.saturating_mul(live as i64) {
            return false;
        }
        self.since += df;
        true
    }
}

/// `tighten` finds candidates through an array by side id (4 bytes a side id up to the last
/// candidate's, kept zeroed between queries: `scratch::Marks`) rather than a bit array and
/// the map when they are more than one in this many of those side ids, as `tally` turns
/// dense. Any value gives the same answers.
const DENSE_EVERY: usize = 32;

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

/// Whether candidate `c` can still reach `bar` against a query of `n` tokens when its full
/// lists are known for all but `unread` query occurrences: it shares at most the fewer of
/// its positional bound (`hits` + `rest`) and its count bound (`full` + `unread`).
fn can_reach(c: &Cand, n: usize, unread: usize, bar: Bar) -> bool {
    if c.len == u16::MAX {
        return true;
    }
    let m = usize::from(c.len);
    let shared = ((c.hits + c.rest) as usize).min(c.full as usize + unread);
    distance_bound(n, m, shared.min(m)) <= bar.max_distance(n, m)
}

/// Count filter over the full lists: reads the full lists of the query's rarest tokens (by
/// document frequency) while each is at most [`TIGHTEN_FACTOR`] times the candidates still
/// able to reach `bar`, counting in `full` the query occurrences of those that hold each
/// candidate. After each list the candidates whose bound fell under the bar are marked dead
/// and no longer counted, so the reading stops as soon as few (or none: a query matching
/// nothing) are left, rather than at a length fixed by the candidates seen in the prefix
/// lists; and once the lists read stop removing candidates ([`Stall`]). Returns the query
/// occurrences whose list was not read: a candidate shares at most `full` + that many
/// tokens with the query (field-notes §3, count filter).
fn tighten(
    conn: &Connection,
    lists: &mut ListReader,
    q: &PreparedQuery,
    cands: &mut SideMap<Cand>,
    marks: &mut Marks,
    cache: &mut TermCache,
    bar: Bar,
) -> Result<usize> {
    let n = q.ids.len();
    let ordered = ordered_terms(q);
    let known: Vec<u32> = ordered.iter().filter(|t| t.known).map(|t| t.id).collect();
    // Candidates of other lengths cannot reach the bar (they are dead below): only the
    // bands of these lengths are read, and the lists are ordered by the entries read.
    let lens = bar.cuts(n).lens();
    let mut dfs = bands::term_dfs_in(conn, q.from_lid, &known, lens, cache)?.into_iter();
    let mut terms: Vec<(i64, u32, u32)> = Vec::new();
    for t in ordered {
        let df = if t.known { dfs.next().unwrap_or(0) } else { 0 };
        terms.push((df, t.id, t.count as u32));
    }
    terms.sort_unstable();
    let mut unread = n;
    // The positional bound no longer changes here: a candidate failing it is dead for good,
    // the others are counted by what they lack in full lists (`Lacking`), whose live count
    // costs O(n) per list rather than a pass over every candidate.
    let mut lacking = Lacking::new(n, bar);
    let (mut top, mut live) = (0usize, 0usize);
    for (side, c) in cands.iter_mut() {
        if !c.dead && can_reach(c, n, unread, bar) {
            lacking.add(c.len, c.full as usize);
            top = top.max(side as usize);
            live += 1;
        } else {
            c.dead = true;
        }
    }
    // Most entries of a long list are not candidates: a look-up by side id answers that
    // before the map is probed — when the candidates are a large share of the side ids up to
    // the last, an array of their entries (`SideMap::at_mut`) that spares the map's probe
    // too, else a bit per side id. Candidates that fall out stay marked (their count only
    // grows, and they never come back: `Lacking`).
    let dense = live.saturating_mul(DENSE_EVERY) > top;
    marks.begin(dense, top);
    for (i, (side, c)) in cands.iter().enumerate() {
        if !c.dead {
            marks.set(dense, side, i);
        }
    }
    let mut stall = Stall::new(live);
    for (df, id, count) in terms {
        let live = lacking.live(unread);
        if df > TIGHTEN_FACTOR * live as i64 {
            break;
        }
        if df > 0 {
            if !stall.allows(df, live) {
                work::stalled();
                break;
            }
            work::list_read(df as u64);
            let mut bump = |c: &mut Cand| {
                let was = c.full as usize;
                c.full += count;
                lacking.moved(c.len, was, c.full as usize);
            };
            if dense {
                lists.for_each_chunk_in(q.from_lid, id, lens, |chunk| {
                    for e in chunk {
                        if let Some(i) = marks.at(e.side) {
                            bump(cands.at_mut(i));
                        }
                    }
                })?;
            } else {
                lists.for_each_chunk_in(q.from_lid, id, lens, |chunk| {
                    for e in chunk {
                        if marks.holds(e.side) {
                            if let Some(c) = cands.get_mut(e.side) {
                                bump(c);
                            }
                        }
                    }
                })?;
            }
        }
        unread -= count as usize;
    }
    Ok(unread)
}

/// Every side scoring at least `t` (≥ `prefix::T_MIN`; the query has tokens), limited to the
/// best `top` scores with ties, as `search::search` promises; its candidates in `scratch`.
pub(crate) fn search(
    conn: &Connection,
    q: &PreparedQuery,
    t: u8,
    top: usize,
    scratch: &mut Scratch,
) -> Result<Vec<Hit>> {
    let n = q.ids.len();
    let terms = ordered_terms(q);
    let mut verifier = Verifier::new(conn, q, t, top, scratch.sides.clone())?;
    let Scratch {
        cands,
        marks,
        terms: cache,
        ..
    } = scratch;
    cands.clear();
    let mut reader = ListReader::new(conn)?;
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
        // Entries of lengths the bar rejects are skipped below: their bands are not read.
        reader.for_each_prefix_chunk_in(q.from_lid, term.id, cuts.lens(), |chunk| {
            read += chunk.len() as u64;
            for e in chunk {
                let m = usize::from(e.len);
                // A length of u16::MAX means "at least that long": no length or position bound.
                let exact = e.len != u16::MAX;
                let most = match cuts.get(m) {
                    Some(most) => most,
                    None if exact => continue, // fails at every later bar too
                    None => usize::MAX,
                };
                let after_q = n - term.pos;
                let room = if exact {
                    after_q.min(m.saturating_sub(usize::from(e.pos)))
                } else {
                    after_q
                };
                // A side first seen here that cannot reach the bar is not held: it would be
                // held dead, and at any later sighting, unheld, it fails again — a later
                // list's token comes later in the query and in the side, so its room is
                // smaller, and the bar only rises (`prefix`, positional bound).
                let new = || {
                    let reaches = !exact || distance_bound(n, m, room.min(m)) <= most;
                    reaches.then_some(Cand {
                        len: e.len,
                        hits: 0,
                        rest: 0,
                        full: 0,
                        dead: false,
                    })
                };
                let Some(c) = cands.get_or_try_insert(e.side, new) else {
                    continue;
                };
                if c.dead {
                    continue;
                }
                if exact && distance_bound(n, m, (c.hits as usize + room).min(m)) > most {
                    c.dead = true;
                    continue;
                }
                c.hits += term.count as u32;
                let rest_q = after_q - term.count;
                c.rest = if exact {
                    rest_q.min(m.saturating_sub(usize::from(e.pos) + 1))
                } else {
                    rest_q
                } as u32;
            }
        })?;
        work::list_read(read);
        lists += 1;
        if lists <= SEED_ROUNDS {
            let live = cands
                .iter()
                .filter(|(_, c)| !c.dead)
                .map(|(side, c)| (side, c.hits.min(u32::from(u16::MAX)) as u16, c.len));
            seed(&mut verifier, live, n, top)?;
        }
    }
    let live = cands.iter().filter(|(_, c)| !c.dead).count();
    let unread = if live > TIGHTEN_OVER {
        tighten(conn, &mut reader, q, cands, marks, cache, verifier.bar())?
    } else {
        n
    };
    let bar = verifier.bar();
    let order: Vec<Queued> = cands
        .iter()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::score::Standing;

    fn cand(len: u16, hits: u32, rest: u32, full: u32) -> Cand {
        Cand {
            len,
            hits,
            rest,
            full,
            dead: false,
        }
    }

    #[test]
    fn a_stall_is_reading_ten_entries_a_candidate_without_a_twentieth_falling_out() {
        let mut stall = Stall::new(100);
        // 1,000 entries for 100 candidates: lists of 400 and 500 fit, one more of 200 not.
        assert!(stall.allows(400, 100));
        assert!(stall.allows(500, 98)); // 2 % fell out: still the same stretch
        assert!(!stall.allows(200, 98));
        // A twentieth fell out (95 of 100): a new stretch of 950 entries begins.
        assert!(stall.allows(900, 95));
        assert!(!stall.allows(100, 95));
        // Fewer candidates, a smaller allowance: 10 entries each.
        let mut few = Stall::new(3);
        assert!(few.allows(30, 3));
        assert!(!few.allows(1, 3));
    }

    #[test]
    fn a_candidate_reaches_the_bar_while_either_bound_allows_it() {
        // 20 tokens against 20 at 70: at most 6 edits, so at least 14 shared.
        let bar = Bar {
            threshold: 70,
            kth: None,
        };
        assert!(can_reach(&cand(20, 10, 4, 0,), 20, 20, bar));
        assert!(!can_reach(&cand(20, 10, 3, 0), 20, 20, bar)); // positional bound 13
        assert!(can_reach(&cand(20, 10, 10, 4), 20, 10, bar)); // count bound 14
        assert!(!can_reach(&cand(20, 10, 10, 4), 20, 9, bar)); // count bound 13
                                                               // A side of 29 tokens needs 29 − 8 = 21 shared with a query of 20: never.
        assert!(!can_reach(&cand(29, 20, 20, 20), 20, 20, bar));
        assert!(can_reach(&cand(28, 20, 20, 20), 20, 20, bar));
        // "At least 65,535 tokens": no bound applies.
        assert!(can_reach(&cand(u16::MAX, 0, 0, 0), 20, 0, bar));
        // A raised bar (the k-th at 95: 1 edit in 20) needs 19 shared.
        let raised = Bar {
            threshold: 70,
            kth: Some(Standing::new(95, 1, 20, 20)),
        };
        assert!(can_reach(&cand(20, 19, 0, 19), 20, 0, raised));
        assert!(!can_reach(&cand(20, 18, 1, 18), 20, 0, raised));
    }
}
