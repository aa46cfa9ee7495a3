//! Word distances of many sides that open alike, sharing the columns of their common
//! opening.
//!
//! A column of the bit-parallel distance (`myers`) depends only on the query and the side's
//! tokens up to it, so two sides opening with the same p tokens have the same first p
//! columns. Boilerplate sides do: thousands of candidates of one query open with the same
//! formulaic run of 20–60 words and differ in the sentence after it, and computing the run's
//! columns again for each was most of their distance. This trie keeps, for the openings of
//! the sides verified so far, the column state after every [`CHUNK`] tokens (an edge per
//! chunk of tokens, compared whole: exact, no hash of the tokens stands for them); a side
//! resumes from the deepest state its opening reaches, computes only the rest, and stores
//! the state one chunk past where it resumed.
//!
//! The early exit stays the plain walk's: the last row's value plus the column index never
//! falls from one column to the next (the value drops by at most one per column), so the
//! plain walk stopped inside the shared opening exactly when the state at its end already
//! fails the exit test. Answers are those of `Pattern::distance_within`; only the word
//! operations counted (columns computed) fall.

use super::myers::Pattern;
use rustc_hash::FxHashMap;

/// Tokens per edge: a side resumes at a multiple of this. Shorter edges reuse more of an
/// opening that differs mid-chunk but cost more look-ups on the way down.
pub(crate) const CHUNK: usize = 8;

/// Nodes kept at most per trie (one query's verifications): past it, sides are still
/// resumed from the trie but add nothing to it. Small, so that the trie stays in the
/// processor's cache: a node costs 40–90 bytes, and a trie of one node per side verified
/// (60k at 1M boilerplate) cost more in cache misses than the columns it saved. The openings
/// shared are few (the query's run and its variants) and grow within the first sides that
/// share them; most later nodes would be one side's own tail, never reused.
const MAX_NODES: usize = 2048;

/// The column states of the openings seen so far, for one [`Pattern`].
pub(crate) struct ColumnTrie {
    /// Words of one state (`Pattern::state_words`).
    width: usize,
    /// Node i's vertical deltas: `states[i * width..(i + 1) * width]`; node 0 is column 0.
    states: Vec<u64>,
    /// Node i's last-row value.
    scores: Vec<u32>,
    /// (parent node, the chunk of tokens after it) → child node.
    edges: FxHashMap<(u32, [u32; CHUNK]), u32>,
    /// The state being computed.
    columns: Vec<u64>,
}

impl ColumnTrie {
    pub fn new(pattern: &Pattern) -> ColumnTrie {
        let width = pattern.state_words();
        let mut states = vec![0; width];
        pattern.start(&mut states);
        ColumnTrie {
            width,
            states,
            scores: vec![pattern.tokens() as u32],
            edges: FxHashMap::default(),
            columns: vec![0; width],
        }
    }

    /// Nodes held, the root included.
    #[cfg(test)]
    pub fn nodes(&self) -> usize {
        self.scores.len()
    }

    /// `pattern.distance_within(text, k)`, resumed from the deepest stored state `text`
    /// opens with; the state one whole chunk further, if computed, is stored.
    /// `pattern` must be the one this trie was made for.
    pub fn distance_within(&mut self, pattern: &Pattern, text: &[u32], k: usize) -> Option<usize> {
        let (n, m) = (pattern.tokens(), text.len());
        if n.abs_diff(m) > k {
            return None;
        }
        if n == 0 || m == 0 {
            return Some(n.max(m));
        }
        let mut node = 0u32;
        let mut at = 0;
        while let Some(chunk) = text.get(at..at + CHUNK) {
            let key = (node, chunk_key(chunk));
            match self.edges.get(&key) {
                Some(&child) => {
                    node = child;
                    at += CHUNK;
                }
                None => break,
            }
        }
        let mut score = self.scores[node as usize] as usize;
        // The plain walk would have stopped inside the shared opening (module doc).
        if score + at > k + m {
            return None;
        }
        let w = self.width;
        let i = node as usize * w;
        self.columns.copy_from_slice(&self.states[i..i + w]);
        // One new node per side: an opening many sides share grows a chunk deeper with
        // each, while a side's own tail (most of what it computes) costs one insert, not
        // one per chunk.
        let mut storing = self.scores.len() < MAX_NODES;
        while at < m {
            let end = (at + CHUNK).min(m);
            let chunk = &text[at..end];
            if !pattern.advance(chunk, at, m, k, &mut self.columns, &mut score) {
                return None;
            }
            if storing && chunk.len() == CHUNK {
                let child = self.scores.len() as u32;
                self.edges.insert((node, chunk_key(chunk)), child);
                self.states.extend_from_slice(&self.columns);
                self.scores.push(score as u32);
                storing = false;
            }
            at = end;
        }
        (score <= k).then_some(score)
    }
}

fn chunk_key(chunk: &[u32]) -> [u32; CHUNK] {
    chunk.try_into().expect("a whole chunk")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::myers::tests::edited;
    use crate::memory::score::distance;
    use proptest::prelude::*;

    /// Texts that open alike: each the base's first `cut` tokens then its own tail, some
    /// cut mid-chunk, some shorter than a chunk, some identical to another.
    fn openings(base: &[u32], tails: &[(usize, Vec<u32>)]) -> Vec<Vec<u32>> {
        tails
            .iter()
            .map(|(cut, tail)| {
                let cut = cut % (base.len() + 1);
                base[..cut].iter().chain(tail).copied().collect()
            })
            .collect()
    }

    #[test]
    fn a_repeated_opening_is_stored_once_and_resumed() {
        let query: Vec<u32> = (0..40).collect();
        let pattern = Pattern::new(&query);
        let mut trie = ColumnTrie::new(&pattern);
        let mut a = query.clone();
        a[35] = 99;
        // 40 tokens, five chunks: each call stores one more of a's.
        for stored in 1..=5usize {
            let ops = pattern.ops();
            assert_eq!(trie.distance_within(&pattern, &a, 10), Some(1));
            assert_eq!(pattern.ops() - ops, 40 - 8 * (stored as u64 - 1));
            assert_eq!(trie.nodes(), 1 + stored);
        }
        let ops = pattern.ops();
        let mut b = query.clone();
        b[39] = 98;
        assert_eq!(trie.distance_within(&pattern, &b, 10), Some(1));
        // b shares a's first 32 tokens: only its last chunk is computed, and stored.
        assert_eq!(pattern.ops() - ops, 8);
        assert_eq!(trie.nodes(), 7);
        // Identical to a: nothing left to compute.
        let ops = pattern.ops();
        assert_eq!(trie.distance_within(&pattern, &a, 1), Some(1));
        assert_eq!(trie.distance_within(&pattern, &a, 0), None);
        assert_eq!(pattern.ops(), ops);
    }

    #[test]
    fn a_side_the_plain_walk_cuts_off_in_the_opening_costs_no_column() {
        // The query against 30 other tokens: the last row's value stays 30 (D[30][j] = 30)
        // while the room left falls by one a column. Three calls store the states after 8,
        // 16 and 24 tokens.
        let query: Vec<u32> = (0..30).collect();
        let pattern = Pattern::new(&query);
        let mut trie = ColumnTrie::new(&pattern);
        let text: Vec<u32> = (100..130).collect();
        for _ in 0..3 {
            assert_eq!(trie.distance_within(&pattern, &text, 40), Some(30));
        }
        assert_eq!(trie.nodes(), 4);
        // At a cut-off k below 24 the plain walk stops within the first 24 columns (after
        // k + 1: 30 + k + 1 > k + 30), so the resumed one computes nothing.
        for k in 0..35 {
            let ops = pattern.ops();
            let plain = pattern.distance_within(&text, k);
            assert_eq!(plain, (k >= 30).then_some(30));
            let plain_ops = pattern.ops() - ops;
            assert_eq!(trie.distance_within(&pattern, &text, k), plain, "k {k}");
            let resumed_ops = pattern.ops() - ops - plain_ops;
            if k < 24 {
                assert_eq!(resumed_ops, 0, "k {k}");
            } else {
                assert_eq!(resumed_ops, plain_ops - 24, "k {k}");
            }
        }
    }

    #[test]
    fn a_full_trie_stores_nothing_more_and_still_resumes() {
        let query: Vec<u32> = (0..16).collect();
        let pattern = Pattern::new(&query);
        let mut trie = ColumnTrie::new(&pattern);
        // Each text opens with its own chunk: one node each, until the trie is full.
        for i in 0..MAX_NODES as u32 + 100 {
            let text: Vec<u32> = [100 + i].into_iter().chain(1..16).collect();
            assert_eq!(trie.distance_within(&pattern, &text, 5), Some(1));
        }
        assert_eq!(trie.nodes(), MAX_NODES);
        // A stored opening still resumes: only the second chunk is computed.
        let ops = pattern.ops();
        let text: Vec<u32> = [100].into_iter().chain(1..15).chain([99]).collect();
        assert_eq!(trie.distance_within(&pattern, &text, 5), Some(2));
        assert_eq!(pattern.ops() - ops, 8);
        assert_eq!(trie.nodes(), MAX_NODES);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Many texts sharing openings of every length through one trie, at cut-offs around
        /// their distances, against the plain table; queries of one to three blocks.
        #[test]
        fn resumed_distances_are_the_plain_ones(
            query in proptest::collection::vec(0u32..12, 0..150),
            edits in proptest::collection::vec((0usize..150, 0u32..14, 0u8..3), 0..6),
            tails in proptest::collection::vec(
                (0usize..160, proptest::collection::vec(0u32..14, 0..30)), 1..12),
            slack in 0usize..4,
        ) {
            let base = edited(&query, &edits);
            let pattern = Pattern::new(&query);
            let mut trie = ColumnTrie::new(&pattern);
            for text in openings(&base, &tails).iter().chain([&base, &query]) {
                let d = distance(&query, text);
                for k in [d.saturating_sub(slack + 1), d, d + slack, usize::MAX / 4] {
                    prop_assert_eq!(
                        trie.distance_within(&pattern, text, k),
                        pattern.distance_within(text, k),
                        "k {}", k
                    );
                    prop_assert_eq!(trie.distance_within(&pattern, text, k), (d <= k).then_some(d));
                }
            }
        }
    }
}
