//! Banded bit-parallel Levenshtein distance over characters, for the character similarity
//! that breaks ties between hits (`CharSimilarity`).
//!
//! The plain bit-parallel distance (Myers 1999, Hyyrö's blocks) computes every 64-row block
//! of every column: a 1,000-character paragraph costs 16 blocks per column, although the
//! hits compared here are near copies of the query whose alignment stays close to the
//! diagonal. An alignment of cost at most k only visits cells (i, j) with
//! |j − i| + |δ − (j − i)| ≤ k (δ = text length − query length: reaching the cell costs at
//! least |j − i|, finishing from it at least |δ − (j − i)|), so column j needs only the
//! blocks holding rows j − hi ..= j − lo, two or three for a near copy.
//!
//! Why the band is exact (tested against the plain table): blocks are entered from the
//! bottom with each row one more than the row above, and a block left at the top leaves the
//! row under it rising by one per column; both are costs of real alignments (deletions,
//! insertions), so every computed cell is at least its true value, and the result is the
//! cost of some alignment (an upper bound of the distance). Along an optimal alignment of
//! cost ≤ k every cell lies in the band, so by induction each keeps its true value: the
//! result is the distance whenever that is at most k.
//!
//! The query is compiled once; a sub-range of it (the part between a common prefix and
//! suffix) is read from the same masks with a shift, so no per-hit compilation is needed.
//! The step is the same as `myers.rs`'s (kept apart: that one works on token ids with its
//! own early exit, this one on characters with a band).

use rustc_hash::FxHashMap;

/// Code points below this are looked up in a flat table (Latin, Arabic, punctuation); the
/// rest in a hash map.
const FLAT: usize = 0x800;

/// A query's characters compiled for banded distances to many texts.
pub(crate) struct CharPattern {
    /// Words per character's mask: the query's blocks and one zero word, so a shifted read
    /// of any sub-range can take the next word.
    words: usize,
    /// The row masks of each distinct query character; slot 0 is all zeros (characters
    /// absent from the query).
    peq: Vec<u64>,
    flat: Vec<u16>,
    other: FxHashMap<u32, u16>,
}

impl CharPattern {
    pub(crate) fn new(chars: &[u32]) -> CharPattern {
        let len = chars.len();
        let words = len.div_ceil(64) + 1;
        let mut p = CharPattern {
            words,
            peq: vec![0; words],
            flat: vec![0; FLAT],
            other: FxHashMap::default(),
        };
        for (i, &c) in chars.iter().enumerate() {
            let slot = match p.slot(c) {
                0 => {
                    let s = p.peq.len() / words;
                    p.peq.resize(p.peq.len() + words, 0);
                    // More distinct characters than u16 slots cannot occur: the query is
                    // at most `MAX_SIMILARITY_BYTES` long.
                    let s16 = u16::try_from(s).unwrap_or(u16::MAX);
                    if (c as usize) < FLAT {
                        p.flat[c as usize] = s16;
                    } else {
                        p.other.insert(c, s16);
                    }
                    s
                }
                s => usize::from(s),
            };
            p.peq[slot * words + i / 64] |= 1 << (i % 64);
        }
        p
    }

    /// The slot of a character (0: not in the query).
    #[inline]
    pub(crate) fn slot(&self, c: u32) -> u16 {
        if (c as usize) < FLAT {
            self.flat[c as usize]
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }

    /// The match mask of block `b` of the query's rows `from..`, for the character in `slot`.
    #[inline]
    fn eq(&self, slot: u16, from: usize, b: usize) -> u64 {
        let base = usize::from(slot) * self.words;
        let at = from + 64 * b;
        let (w, s) = (at / 64, at % 64);
        let lo = self.peq[base + w];
        if s == 0 {
            lo
        } else {
            (lo >> s) | (self.peq[base + w + 1] << (64 - s))
        }
    }

    /// The cost of an alignment between the query's rows `from..to` and the text given by
    /// its characters' slots: the Levenshtein distance whenever that is at most `k` (see the
    /// module doc), never less than it.
    pub(crate) fn banded(&self, from: usize, to: usize, text: &[u16], k: usize) -> usize {
        let x = to - from;
        let y = text.len();
        if x == 0 || y == 0 {
            return x.max(y);
        }
        let delta = y as isize - x as isize;
        // The end cell must lie in the band.
        let k = k.max(delta.unsigned_abs()) as isize;
        let hi = (delta + k).div_euclid(2);
        let lo = -(k - delta).div_euclid(2);
        let blocks = x.div_ceil(64);
        let last_bit = 1u64 << ((x - 1) % 64);
        let rows_in = |b: usize| if b + 1 == blocks { x - 64 * b } else { 64 };
        let mut pv = vec![u64::MAX; blocks];
        let mut mv = vec![0u64; blocks];
        // The value of each block's lowest row in the last column it was computed.
        let mut score = vec![0usize; blocks];
        let (mut first, mut active) = (0usize, 0usize);
        for (j, &c) in (1..).zip(text) {
            // Rows j − hi ..= j − lo (1-based) of the band; j − lo ≥ 1 as lo ≤ 0.
            let bottom = (j - lo).min(x as isize) as usize;
            while active < (bottom - 1) / 64 + 1 {
                // Entered from below: each row one more than the row above (column j − 1).
                let above = if active == 0 { 0 } else { score[active - 1] };
                score[active] = above + rows_in(active);
                active += 1;
            }
            let top = (j - hi).max(1) as usize;
            first = first.max((top - 1) / 64);
            // Row 0 rises by one per column; so does the row under a block left behind.
            let mut carry = 1i32;
            for b in first..active {
                let high = if b + 1 == blocks { last_bit } else { 1 << 63 };
                let eq = self.eq(c, from, b);
                carry = step(&mut pv[b], &mut mv[b], eq, carry, high);
                score[b] = apply(score[b], carry);
            }
        }
        score[blocks - 1]
    }
}

fn apply(score: usize, delta: i32) -> usize {
    match delta {
        1 => score + 1,
        -1 => score - 1,
        _ => score,
    }
}

/// One column of one 64-row block (as in `myers.rs`): updates the vertical deltas (`pv`:
/// +1, `mv`: −1) for the column's match mask `eq`, given the horizontal delta entering at
/// the block's top, and returns the horizontal delta leaving at row `high`.
#[inline]
fn step(pv: &mut u64, mv: &mut u64, eq: u64, carry_in: i32, high: u64) -> i32 {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    let eq = if carry_in < 0 { eq | 1 } else { eq };
    let xh = (((eq & p).wrapping_add(p)) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let out = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if carry_in < 0 {
        mh |= 1;
    } else if carry_in > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain table over characters.
    fn plain(a: &[u32], b: &[u32]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
            let mut diag = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
                diag = up;
            }
        }
        row[b.len()]
    }

    fn check(a: &[u32], b: &[u32], from: usize, to: usize, k: usize) -> Result<(), TestCaseError> {
        let p = CharPattern::new(a);
        let slots: Vec<u16> = b.iter().map(|&c| p.slot(c)).collect();
        let d = plain(&a[from..to], b);
        let got = p.banded(from, to, &slots, k);
        prop_assert!(got >= d, "below the distance: {} < {}", got, d);
        if d <= k {
            prop_assert_eq!(got, d);
        }
        Ok(())
    }

    #[test]
    fn small_cases_match_the_plain_table() {
        let seqs: [&[u32]; 7] = [
            &[],
            &[1],
            &[1, 2, 3],
            &[3, 2, 1],
            &[1, 2, 3, 4, 5, 6],
            &[9, 1, 2, 9, 4],
            &[0x627, 0x10000, 7, 1],
        ];
        for a in seqs {
            for b in seqs {
                for k in 0..8 {
                    check(a, b, 0, a.len(), k).unwrap();
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        /// Long sequences over a small alphabet (and characters past the flat table) cross
        /// block borders; sub-ranges start at any bit; every band width from none to all.
        #[test]
        fn the_band_is_exact_within_k_and_never_below(
            a in proptest::collection::vec(prop_oneof![0u32..6, 0x1F600u32..0x1F603], 0..300),
            edits in proptest::collection::vec((0usize..300, 0u32..8, 0u8..3), 0..60),
            cut in (0usize..300, 0usize..300),
            k in 0usize..200,
        ) {
            let b = crate::memory::myers::tests::edited(&a, &edits);
            let from = cut.0 % (a.len() + 1);
            let to = from + cut.1 % (a.len() - from + 1);
            check(&a, &b, from, to, k)?;
            check(&a, &b, 0, a.len(), k)?;
            check(&a, &b, 0, a.len(), usize::MAX / 4)?;
        }
    }
}
