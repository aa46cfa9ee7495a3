//! Lossless candidate generation and verification for fuzzy suggestions (field-notes §3).
//!
//! 1. The query's distinct key tokens are sorted by document frequency; the rarest ones
//!    covering n − ⌈B·n/100⌉ + 1 token occurrences are probed (prefix filter: a unit that
//!    contains none of them shares fewer than ⌈B·n/100⌉ tokens and cannot score B), where the
//!    bar B starts at the threshold T.
//! 2. Entries failing the length filter are dropped while the lists are read.
//! 3. After each of the first lists, the few candidates found in most lists so far are
//!    verified (`verify`): once `top` results are held the bar rises to the k-th best
//!    standing (score, then exact ratio; ties kept), which shortens the prefix — a near-duplicate of a long query of common
//!    words needs only its few rarest lists read, not 30 % of them.
//! 4. Further cheap lists tighten each candidate's bound on shared tokens (count filter).
//! 5. The rest are verified best bound first with the bit-parallel word-level distance
//!    (`myers`, cut off at the bar), and the walk stops when no bound can reach the bar.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rusqlite::Connection;

use super::append::for_each_chunk_in;
use super::index::{self, lookup_token};
use super::prefix::{QUERY_MIN_TOKENS, T_MIN};
use super::queue::BoundQueue;
use super::score::{distance_bound, raw_score, Bar, Standing};
use super::scratch::Scratch;
use super::store::Memory;
use super::tally::{Lacking, Tally};
use super::term_cache::TermCache;
use super::text_codec::Texts;
use super::unit_ids;
use super::verify::Verifier;
use super::work;
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
    /// The order key of each token (`prefix`); `i64::MIN` for unknown tokens.
    pub ranks: Vec<i64>,
    pub from_lid: i64,
    pub to_lid: i64,
}

/// A verified candidate: a side whose score reaches the threshold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub side: u32,
    pub standing: Standing,
}

/// `None` when the memory has no unit in one of the two languages.
pub(crate) fn prepare_query(
    conn: &Connection,
    text: &str,
    opts: &SuggestOptions,
    cache: &mut TermCache,
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
    // The distinct keys are looked up together, in one statement (a paragraph repeats a
    // third of its words, and a statement per key was most of preparing a long query).
    let keys = text::key_tokens(text);
    let mut first: FxMap<&str, usize> = FxMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let slot: Vec<usize> = keys
        .iter()
        .map(|k| {
            *first.entry(k.as_str()).or_insert_with(|| {
                distinct.push(k.as_str());
                distinct.len() - 1
            })
        })
        .collect();
    let found = cache.tokens_rank(conn, &distinct)?;
    // Unknown keys get ids counting down from u32::MAX in the order they first occur.
    let mut unknown: u32 = 0;
    let resolved: Vec<(u32, i64)> = found
        .into_iter()
        .map(|f| {
            f.unwrap_or_else(|| {
                unknown += 1;
                (u32::MAX - (unknown - 1), i64::MIN)
            })
        })
        .collect();
    let (ids, ranks): (Vec<u32>, Vec<i64>) = slot.iter().map(|&s| resolved[s]).unzip();
    Ok(Some(PreparedQuery {
        text: text.to_owned(),
        ids,
        ranks,
        from_lid,
        to_lid,
    }))
}

pub(crate) type IdMap<V> = FxMap<u32, V>;

/// One distinct query token: its id, how often the query has it, its list length.
struct Term {
    id: u32,
    count: usize,
    df: i64,
}

/// Read an extra list to tighten bounds only when it is at most this many times longer
/// than the candidate set — the candidates still able to reach the bar once the tally is
/// dense (reading is cheap, verifying is not). From the file 2–8 timed alike when it was
/// chosen; re-checked from the file against 1, 2 and 4 (2026-12-05): still the best.
const EXTRA_LIST_FACTOR: i64 = 8;

/// The same for a dense tally when the sides' tokens are held in RAM (`side_tokens`): a
/// verification there costs no row look-up, so fewer entries a candidate are worth reading
/// to spare one. Chosen among 1, 2, 4 and 8 on the 1M bench memories (boilerplate queries
/// 1–100, long 1–300, short 1–1,000: 1, 2 and 4 alike, −11 % on boilerplate, the others
/// flat) and reported on queries the choice did not see (`docs/speed-log.md`). Lossless, like the other.
/// From the file, 8 stays best (1: +12 %, 2: +7 %, 4: −1 % on boilerplate); a sparse tally
/// at 2 cost short queries 3–5 % (see the next constant instead).
const EXTRA_LIST_FACTOR_DENSE_IN_RAM: i64 = 2;

/// For a sparse tally verified from RAM, the factor is this over the query's tokens (at most
/// [`EXTRA_LIST_FACTOR`], at least 1): a list read moves each candidate's count bound by the
/// query occurrences of one word out of n, so on a long query an extra list prunes little,
/// and a cheap verification is the better buy. Chosen among 32, 48, 64, 128 and 256 on the
/// 1M bench memories' first queries (long 1–300: −8.5, −9.1, −6.5, −4, −5 %; short 1–1,000
/// flat throughout; boilerplate −1 to −2 %) and reported on queries the choice did not see
/// (`docs/speed-log.md`). From the file the same rule measured flat (48: +1 %, 96: −2 % on long), so
/// there the factor stays 8.
const EXTRA_LIST_TOKENS_SPARSE_IN_RAM: i64 = 48;

/// [`EXTRA_LIST_FACTOR`] for a tally of this form, verified from RAM or from the file, for a
/// query of `n` tokens.
fn extra_list_factor(dense: bool, in_ram: bool, n: usize) -> i64 {
    match (dense, in_ram) {
        (true, true) => EXTRA_LIST_FACTOR_DENSE_IN_RAM,
        (false, true) => {
            let n = i64::try_from(n.max(1)).unwrap_or(i64::MAX);
            (EXTRA_LIST_TOKENS_SPARSE_IN_RAM / n).clamp(1, EXTRA_LIST_FACTOR)
        }
        (_, false) => EXTRA_LIST_FACTOR,
    }
}

/// After each of the first this many lists, the candidates found in most of them are
/// verified at once: near-duplicates show up there, and the bar they raise shortens the
/// prefix (fewer, and only rarer, lists to read) and the walk.
pub(crate) const SEED_ROUNDS: usize = 4;

/// Token occurrences of the query to probe so that every side reaching `bar` is found: such
/// a side of m tokens shares at least max(n, m) − D(n, m) tokens with the query (count
/// filter, D = `Bar::max_distance`), which is least at m = n (x − ⌊c·x⌋ grows with x), so
/// it holds one of any D(n, n) + 1 of them. At an integer bar B that is n − ⌈B·n/100⌉ + 1
/// (field-notes §3).
pub(crate) fn prefix_need(n: usize, bar: Bar) -> usize {
    if n == 0 {
        1
    } else {
        bar.max_distance(n, n) + 1
    }
}

impl Memory {
    /// The hits for `text` (`None`: the memory has no unit in one of the two languages),
    /// searched in the memory's scratch with the word look-ups it kept (`term_cache`). The
    /// caller holds a read scope for this and for ranking the hits: one snapshot.
    pub(super) fn hits(&self, text: &str, opts: &SuggestOptions) -> Result<Option<Vec<Hit>>> {
        let conn = self.conn();
        self.with_scratch(|scratch| {
            scratch.terms.begin(conn)?;
            let Some(q) = prepare_query(conn, text, opts, &mut scratch.terms)? else {
                return Ok(None);
            };
            search(conn, &q, opts.threshold, opts.top, scratch).map(Some)
        })
    }
}

/// Every side (in language `from`, paired with `to`) scoring at least `t`, limited to the
/// best `top` scores with ties: through the prefix index (`probe`) when `t` is at least what
/// its prefixes were cut for and the query is long ([`QUERY_MIN_TOKENS`]), else through the
/// full lists. The candidates are gathered in `scratch` (whatever an earlier search left
/// there is reset first).
pub(crate) fn search(
    conn: &Connection,
    q: &PreparedQuery,
    t: u8,
    top: usize,
    scratch: &mut Scratch,
) -> Result<Vec<Hit>> {
    let hits = if t >= T_MIN && q.ids.len() >= QUERY_MIN_TOKENS {
        super::probe::search(conn, q, t, top, scratch)?
    } else {
        search_full(conn, q, t, top, scratch)?
    };
    work::hits(hits.len() as u64);
    Ok(hits)
}

/// [`search`] through the full posting lists (any threshold).
fn search_full(
    conn: &Connection,
    q: &PreparedQuery,
    t: u8,
    top: usize,
    scratch: &mut Scratch,
) -> Result<Vec<Hit>> {
    let n = q.ids.len();
    let mut verifier = Verifier::new(conn, q, t, top, scratch.sides.clone())?;
    let terms = query_terms(conn, q, verifier.bar().cuts(n).lens(), &mut scratch.terms)?;
    let mut cands = Tally::new(side_count(conn)?, &mut scratch.tally);
    let mut covered = 0;
    let mut next = 0;
    while covered < prefix_need(n, verifier.bar()) && next < terms.len() {
        let term = &terms[next];
        let cuts = verifier.bar().cuts(n);
        work::list_read(term.df as u64);
        cands.expect(usize::try_from(term.df).unwrap_or(usize::MAX));
        // Only the bands of lengths `cuts` passes: `keep` drops the others.
        for_each_chunk_in(conn, q.from_lid, term.id, cuts.lens(), |chunk| {
            // A length of u16::MAX means "at least that long": never filtered on length.
            cands.add_chunk(chunk, term.count as u16, |len| {
                len == u16::MAX || cuts.get(usize::from(len)).is_some()
            });
        })?;
        cands.settle();
        covered += term.count;
        next += 1;
        if next <= SEED_ROUNDS && covered < prefix_need(n, verifier.bar()) {
            let mut live = Vec::with_capacity(cands.len());
            cands.for_each(|side, c| live.push((side, c.hits, c.len)));
            seed(&mut verifier, live.into_iter(), n, top)?;
        }
    }
    let mut unread: usize = terms[next..].iter().map(|t| t.count).sum();
    let bar = verifier.bar();
    // A candidate of a length the bar rejects fails the final filter whatever its hits (and
    // a dense tally drops it below): the lists read from here on skip those lengths' bands.
    let lens = bar.cuts(n).lens();
    // Once the tally is dense (the probed lists gathered a large share of the memory: a
    // frequent word's list), only the candidates that can still reach the bar count towards
    // reading another list (`Lacking`): most share one or two tokens and fall out as the
    // next lists are read, so the reading stops when few are left rather than going through
    // every frequent list of the query (boilerplate, 200k: entries read p50 1.69M → 434k).
    // A sparse tally counts all its candidates: there, lists are short next to a verification
    // and reading more of them paid (short units: fewer lists read cost 4 % more
    // instructions in verifications). Either way the answers are the same.
    // (Reading adds no candidate, so the tally keeps its form through these lists.)
    // A candidate that cannot reach the bar now never can (`Lacking`), and would fail the
    // final filter below: it is dropped at once, and whenever a list read leaves it so, which
    // spares the bumps and the final pass of most of a boilerplate query's candidates. (The
    // live count is the same: a dropped candidate's lack stays above the unread count.)
    let mut lacking = cands.is_dense().then(|| {
        let mut l = Lacking::new(n, bar);
        cands.retain(|c| {
            let have = usize::from(c.hits);
            let stays = l.lack(c.len, have).is_some_and(|k| k <= unread);
            if stays {
                l.add(c.len, have);
            }
            stays
        });
        l
    });
    let factor = extra_list_factor(lacking.is_some(), verifier.reads_ram(), n);
    loop {
        let counted = match &lacking {
            Some(l) => l.live(unread),
            None => cands.len(),
        };
        if next >= terms.len() || terms[next].df > factor * counted as i64 {
            break;
        }
        let term = &terms[next];
        let count = term.count as u16;
        work::list_read(term.df as u64);
        match &mut lacking {
            Some(l) => {
                let left = unread - term.count;
                for_each_chunk_in(conn, q.from_lid, term.id, lens, |chunk| {
                    cands.bump_chunk(chunk, count, |c| {
                        let was = usize::from(c.hits);
                        let now = usize::from(c.hits.saturating_add(count));
                        l.moved(c.len, was, now).is_some_and(|k| k <= left)
                    })
                })?
            }
            None => for_each_chunk_in(conn, q.from_lid, term.id, lens, |chunk| {
                cands.bump_chunk(chunk, count, |_| true)
            })?,
        }
        unread -= term.count;
        next += 1;
    }
    let mut order: Vec<Queued> = Vec::new();
    cands.for_each(|side, c| {
        let m = usize::from(c.len);
        let low = if c.len == u16::MAX {
            0
        } else {
            distance_bound(n, m, (usize::from(c.hits) + unread).min(m))
        };
        if low <= bar.max_distance(n, m) && !verifier.done(side) {
            order.push(Queued { low, len: m, side });
        }
    });
    verify_best_first(verifier, n, order)
}

/// One more than the largest side id in the memory (the tally's array size).
fn side_count(conn: &Connection) -> Result<usize> {
    let top = unit_ids::top_stored_unit_id(conn)?;
    Ok(usize::try_from(index::side_id(top, 1) + 1).unwrap_or(0))
}

/// A candidate waiting for verification: the least distance it can have (`low`), its length
/// in tokens (`u16::MAX`: at least that long, `low` 0) and its side.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Queued {
    pub low: usize,
    pub len: usize,
    pub side: u32,
}

/// How many queued sides ahead of the one being verified `verify_best_first` asks for the
/// bytes of (and twice as many for where they start).
const FETCH_AHEAD: usize = 4;

/// Verifies the queued candidates best bound first (the lowest least ratio low / max(n, m);
/// ties: lowest side), until the next bound cannot reach the bar (nor can any later one: the
/// cut-off falls monotonically along this order, `score::bound_cmp`); the hits.
///
/// The queue hands the candidates out lazily (`queue`): the walk usually stops before the
/// end of what is queued, and a full sort cost 14 % of a boilerplate query. Each queued side
/// is new to the verifier (the queue leaves out the sides seeded, and holds a side once), so
/// it is verified without the set of verified sides ([`Verifier::verify_new`]).
pub(crate) fn verify_best_first(
    mut verifier: Verifier,
    n: usize,
    order: Vec<Queued>,
) -> Result<Vec<Hit>> {
    work::candidates(order.len() as u64);
    let mut queue = BoundQueue::new(n, order);
    let sides = verifier.side_tokens();
    while let Some(q) = queue.pop() {
        if q.low > verifier.bar().max_distance(n, q.len) {
            break;
        }
        if let Some(sides) = &sides {
            // Each verification from RAM began with two cache misses in a row (where the
            // side starts, then its bytes); asked for ahead, both come while earlier sides
            // are verified.
            if let Some(side) = queue.ahead(2 * FETCH_AHEAD) {
                sides.prefetch_start(side);
            }
            if let Some(side) = queue.ahead(FETCH_AHEAD) {
                sides.prefetch_tokens(side);
            }
        }
        verifier.verify_new(q.side)?;
    }
    Ok(verifier.finish())
}

/// Seed order: most probed tokens shared, then closest length, then lowest side id.
type SeedKey = (u16, Reverse<usize>, Reverse<u32>);

/// Verifies the few candidates (side, probed tokens shared, length) sharing the most probed
/// tokens with the query (ties: closest in length), to raise the bar early.
pub(crate) fn seed(
    verifier: &mut Verifier,
    cands: impl Iterator<Item = (u32, u16, u16)>,
    n: usize,
    top: usize,
) -> Result<()> {
    let per_round = top + 2;
    let mut best: BinaryHeap<Reverse<SeedKey>> = BinaryHeap::new();
    for (side, hits, len) in cands {
        let key = (hits, Reverse(usize::from(len).abs_diff(n)), Reverse(side));
        if best.len() < per_round {
            best.push(Reverse(key));
        } else if best.peek().is_some_and(|Reverse(low)| key > *low) {
            best.pop();
            best.push(Reverse(key));
        }
    }
    let mut picked: Vec<u32> = best
        .into_iter()
        .map(|Reverse((_, _, Reverse(s)))| s)
        .collect();
    picked.sort_unstable();
    for side in picked {
        verifier.verify(side)?;
    }
    Ok(())
}

/// Distinct query tokens, rarest first (tokens the memory never saw come first: df 0), by
/// the entries of their lists of lengths `lens` (`bands::term_dfs_in`: what reading them
/// costs; any order finds every match).
fn query_terms(
    conn: &Connection,
    q: &PreparedQuery,
    lens: Option<(usize, usize)>,
    cache: &mut TermCache,
) -> Result<Vec<Term>> {
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
    let ids: Vec<u32> = terms.iter().map(|t| t.id).collect();
    for (term, df) in terms.iter_mut().zip(super::bands::term_dfs_in(
        conn, q.from_lid, &ids, lens, cache,
    )?) {
        term.df = df;
    }
    terms.sort_by_key(|t| (t.df, t.id));
    Ok(terms)
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
    let texts = Texts::new(conn);
    Ok(conn
        .prepare_cached(sql)?
        .query_row([unit], |r| texts.get(r, 0))?)
}
