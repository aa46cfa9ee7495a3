//! The prefix index (PPJoin, Xiao et al. 2008): per side, only its rarest tokens in one fixed
//! global order are indexed, so a token's prefix list holds the sides for which it is rare,
//! and a query made of common words reads short lists instead of 30 % of its full ones.
//!
//! **Order.** Tokens are ordered by (`rank`, id), rarest first. A token's rank is frozen when
//! the token is first stored: `-id` (column `tokens.ord` NULL), so a new token ranks rarer than
//! every older one. `Memory::compact` sets `ord` to the token's document frequency (≥ 0, so
//! tokens created afterwards still rank rarer) and rebuilds the prefix lists. Any fixed order
//! is lossless; one close to frequency order keeps the lists short.
//!
//! **What is indexed.** A side of m ≥ 1 tokens, as a multiset sorted in that order (the k-th
//! occurrence of a token is the element (token, k), ordered after (token, k − 1)), indexes its
//! first p(m) = m − ⌈[`T_MIN`]·m/100⌉ + 1 elements: one entry per distinct token among them,
//! with the position of the token's first occurrence. A query of n tokens probes the prefix
//! lists of its first n − ⌈B·n/100⌉ + 1 elements, B ≥ T_MIN its current bar.
//!
//! **Why nothing is lost.** Let a side y (m tokens) score ≥ B against the query x (n tokens).
//! Then ED ≤ (100 − B)·max(n, m)/100 and, since ED ≥ max(n, m) − |x ∩ y| (multiset
//! intersection), the two share at least α = ⌈B·max(n, m)/100⌉ elements. Let c be the smallest
//! shared element in the global order. Every shared element is ≥ c, so at most n − α elements
//! of x come before c: c's 0-based position in x is ≤ n − α, i.e. c is among x's first
//! n − α + 1 ≤ n − ⌈B·n/100⌉ + 1 elements (α ≥ ⌈B·n/100⌉). Likewise c's position in y is
//! ≤ m − α ≤ m − ⌈T_MIN·m/100⌉ (α ≥ ⌈B·m/100⌉ ≥ ⌈T_MIN·m/100⌉), so c is among y's first p(m)
//! elements. c = (t, k) with k ≤ both counts of t, so (t, 1) ≤ c is in both prefixes too:
//! y is in the prefix list of t, and t is probed. ∎
//!
//! **Positional bound.** Reading the probed lists in the global order, the first list in which
//! y shows up is that of the smallest shared token (all smaller shared elements would be in
//! both prefixes, as above). At every sighting of y, at query position i and side position j
//! (first occurrences), every shared element not yet counted is ≥ (t, 1), so |x ∩ y| ≤ h +
//! min(n − i, m − j), h the query occurrences of the tokens y was seen with before (at least
//! the elements shared through them). After the last sighting, of token t with c_q query
//! occurrences, |x ∩ y| ≤ h + min(n − i − c_q, m − j − 1) with h counting t too.
//!
//! **Who uses them.** Only queries of at least [`QUERY_MIN_TOKENS`] tokens at a bar of at
//! least [`T_MIN`] read the prefix lists, so only sides of at least [`SIDE_MIN_TOKENS`] tokens
//! (the shortest such a query can match) are indexed in them. Shorter queries, lower
//! thresholds and empty queries read the full lists (`search`).

use rusqlite::Connection;

use super::bands::BAND_LID_OFFSET;
use super::index::{posting_rowid, term_rowid, PendingPostings, PrefixEntry, PREFIX_LID_OFFSET};
use crate::error::Result;

/// The lowest threshold the prefixes are cut for: the usual default of fuzzy-match tools
/// (Trados, amaGama; field-notes §3).
pub const T_MIN: u8 = 70;

/// Only queries of at least this many tokens are answered through the prefix lists; shorter
/// ones read the full lists (`search`). Both ways find the same hits, so this only chooses
/// the cheaper. A short query probes only its few first tokens in the global order, which
/// before `compact` (order = first seen) are often common words, while the full-list filter
/// picks its truly rarest words: on the server's short lookups (1M pairs) the full lists cost
/// 0.74 ms of CPU per lookup against 1.9 ms through the prefix lists. A long query of common
/// words is where the prefix lists pay: long shape at 200k, p99 8–10 ms against 17–24 ms
/// (`docs/speed-log.md`, "Long and boilerplate units"; 16, 32 and 64 were tried: 64 was best on the
/// boilerplate shape and as good on the others).
pub const QUERY_MIN_TOKENS: usize = 64;

/// Sides shorter than this are not indexed: no query answered through the prefix lists can
/// match them. Such a query has n ≥ [`QUERY_MIN_TOKENS`] tokens and a bar B ≥ [`T_MIN`]; a
/// side of m < n tokens scores ≥ B only if 100·(n − m) ≤ 100·ED ≤ (100 − B)·n, i.e.
/// m ≥ B·n/100 ≥ T_MIN·QUERY_MIN_TOKENS/100 (44.8, so m ≥ 45). This keeps a memory of short
/// sentences free of prefix lists it would never read.
pub const SIDE_MIN_TOKENS: usize = (T_MIN as usize * QUERY_MIN_TOKENS).div_ceil(100);

/// Flush rebuilt prefix lists to disk beyond this many pending bytes.
const FLUSH_BYTES: usize = 256 << 20;

/// The order key of a token whose `tokens.ord` is NULL: newer tokens rank rarer.
pub fn new_token_rank(id: u32) -> i64 {
    -i64::from(id)
}

/// How many elements of a sorted multiset of `len` tokens a side or query must index or
/// probe for bar `bar`: `len − ⌈bar·len/100⌉ + 1`.
pub fn prefix_len(len: usize, bar: u8) -> usize {
    len - (usize::from(bar) * len).div_ceil(100) + 1
}

/// The tokens of one side's prefix with the position of their first occurrence, for side
/// tokens `ids` ordered by `rank`.
#[cfg(test)]
pub fn side_prefix(ids: &[u32], rank: impl Fn(u32) -> i64) -> Vec<(u32, u16)> {
    let mut ranked: Vec<(i64, u32)> = ids.iter().map(|&id| (rank(id), id)).collect();
    ranked_prefix(&mut ranked)
}

/// [`side_prefix`] of a side given as its tokens' (order key, id), in any order (reordered
/// here): what a writer's indexing thread receives, the keys read where the tokens are known.
pub fn ranked_prefix(sorted: &mut [(i64, u32)]) -> Vec<(u32, u16)> {
    if sorted.is_empty() {
        return Vec::new();
    }
    let p = prefix_len(sorted.len(), T_MIN);
    // Only the p smallest are indexed: select them, then sort just those (a long side's
    // prefix is about a third of it, and the full sort was the import's largest cost here).
    if p < sorted.len() {
        sorted.select_nth_unstable(p - 1);
    }
    sorted[..p].sort_unstable();
    let mut out = Vec::new();
    for k in 0..p {
        if k == 0 || sorted[k].1 != sorted[k - 1].1 {
            out.push((sorted[k].1, u16::try_from(k).unwrap_or(u16::MAX)));
        }
    }
    out
}

/// Adds the prefix entries of side `side` (language `lid`, tokens `ids`).
pub fn add_side(
    pending: &mut PendingPostings,
    lid: i64,
    side: u32,
    ids: &[u32],
    rank: impl Fn(u32) -> i64,
) {
    if ids.len() < SIDE_MIN_TOKENS {
        return;
    }
    let mut ranked: Vec<(i64, u32)> = ids.iter().map(|&id| (rank(id), id)).collect();
    add_ranked_side(pending, lid, side, &mut ranked);
}

/// [`add_side`] for a side given as its tokens' (order key, id) ([`ranked_prefix`]).
pub fn add_ranked_side(
    pending: &mut PendingPostings,
    lid: i64,
    side: u32,
    ranked: &mut [(i64, u32)],
) {
    if ranked.len() < SIDE_MIN_TOKENS {
        return;
    }
    let len = u16::try_from(ranked.len()).unwrap_or(u16::MAX);
    for (token, pos) in ranked_prefix(ranked) {
        pending.add_prefix(lid, token, PrefixEntry { side, len, pos });
    }
}

/// Every token's order key, indexed by token id.
fn load_ranks(conn: &Connection) -> Result<Vec<i64>> {
    let max: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM tokens", [], |r| r.get(0))?;
    let mut ranks: Vec<i64> = (0..=max as u32).map(new_token_rank).collect();
    let mut stmt = conn.prepare("SELECT id, ord FROM tokens WHERE ord IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        ranks[id as usize] = r.get(1)?;
    }
    Ok(ranks)
}

/// Drops every prefix list and builds them again from the units' key tokens (migration 0010
/// through `lists::rebuild_all`, and `compact` after it reorders the tokens).
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM postings WHERE id >= ?1",
        [posting_rowid(PREFIX_LID_OFFSET, 0, 0)],
    )?;
    conn.execute(
        "DELETE FROM terms WHERE id >= ?1",
        [term_rowid(PREFIX_LID_OFFSET, 0)],
    )?;
    let ranks = load_ranks(conn)?;
    let rank = |id: u32| {
        ranks
            .get(id as usize)
            .copied()
            .unwrap_or_else(|| new_token_rank(id))
    };
    let mut pending = PendingPostings::default();
    super::lists::for_each_side(conn, |side, lid, ids| {
        add_side(&mut pending, lid, side, ids, rank);
        if pending.bytes() > FLUSH_BYTES {
            pending.flush(conn)?;
        }
        Ok(())
    })?;
    pending.flush(conn)
}

/// Sets every token's order key to its document frequency over all languages (tokens
/// created later rank rarer: their key is negative), then rebuilds the prefix lists.
pub fn reorder(conn: &Connection) -> Result<()> {
    let max: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM tokens", [], |r| r.get(0))?;
    let mut df = vec![0i64; max as usize + 1];
    let mut stmt = conn.prepare("SELECT id, df FROM terms WHERE id >= ?1 AND id < ?2")?;
    // Up to the bands' rows: a list's own row counts its bands' entries (`bands`).
    let mut rows = stmt.query([term_rowid(1, 0), term_rowid(BAND_LID_OFFSET, 0)])?;
    while let Some(r) = rows.next()? {
        let (term, n): (i64, i64) = (r.get(0)?, r.get(1)?);
        if let Some(d) = df.get_mut(term as u32 as usize) {
            *d += n;
        }
    }
    let mut update = conn.prepare_cached("UPDATE tokens SET ord = ?2 WHERE id = ?1")?;
    for (id, d) in df.iter().enumerate().skip(1) {
        update.execute([id as i64, *d])?;
    }
    rebuild(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_take_the_rarest_elements_counting_repeats() {
        // Rank = id: token 1 is the rarest. 10 tokens: p = 10 − 7 + 1 = 4 elements.
        let ids = [5, 1, 9, 1, 3, 7, 8, 2, 6, 4];
        let p = side_prefix(&ids, i64::from);
        assert_eq!(p, [(1, 0), (2, 2), (3, 3)]);
        assert_eq!(prefix_len(10, 70), 4);
        assert_eq!(prefix_len(1, 70), 1);
        assert_eq!(prefix_len(3, 100), 1);
        assert!(side_prefix(&[], i64::from).is_empty());
    }

    #[test]
    fn selecting_the_prefix_gives_what_sorting_the_whole_side_gives() {
        // Sides of many lengths with heavy repeats, ranks both signs (frozen and compacted).
        let mut seed = 0x2545_f491_u64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for len in (1..200).chain([500, 1_000]) {
            let vocabulary = 1 + next(len as u64 + 5);
            let ids: Vec<u32> = (0..len).map(|_| next(vocabulary) as u32).collect();
            let rank = |id: u32| {
                if id.is_multiple_of(3) {
                    i64::from(id) * 7
                } else {
                    -i64::from(id)
                }
            };
            let mut sorted: Vec<(i64, u32)> = ids.iter().map(|&id| (rank(id), id)).collect();
            sorted.sort_unstable();
            let mut expected = Vec::new();
            for k in 0..prefix_len(ids.len(), T_MIN) {
                if k == 0 || sorted[k].1 != sorted[k - 1].1 {
                    expected.push((sorted[k].1, k as u16));
                }
            }
            assert_eq!(side_prefix(&ids, rank), expected, "side of {len}");
        }
    }

    #[test]
    fn only_sides_a_routed_query_can_match_are_indexed() {
        // A query of 64 tokens at 70 can match a side of 45 (ED 19: ⌊100·45/64⌋ = 70), not 44.
        assert_eq!(SIDE_MIN_TOKENS, 45);
        assert!(crate::memory::score::raw_score(19, 64, 45) >= T_MIN);
        assert!(crate::memory::score::raw_score(20, 64, 44) < T_MIN);
        let count = |m: u32| {
            let mut pending = PendingPostings::default();
            add_side(&mut pending, 1, 2, &(0..m).collect::<Vec<_>>(), i64::from);
            pending.bytes()
        };
        assert_eq!(count(44), 0);
        assert!(count(45) > 0);
    }
}
