//! Bit-parallel word-level Levenshtein distance (Myers 1999, in Hyyrö's block form for
//! queries longer than 64 tokens), with an early exit once the distance must exceed the
//! cut-off. Verifying a candidate of m tokens against a query of n costs m · ⌈n/64⌉ word
//! operations instead of the m · (2k + 1) cells of a banded table, so long units (paragraphs
//! of 150 tokens, where k reaches 45 at threshold 70) verify about twenty times faster.
//!
//! The "alphabet" is the memory's token ids: the query's distinct ids get one bit mask per
//! 64-token block (`peq`); a candidate token absent from the query matches nothing.

use std::cell::{Cell, RefCell};

/// A query compiled for repeated distance computations.
pub struct Pattern {
    n: usize,
    blocks: usize,
    /// Block masks of each distinct query token, `blocks` words per token.
    peq: Vec<u64>,
    slot: Slots,
    /// The bit of the last query row in the last block.
    last_bit: u64,
    /// The masks of a token absent from the query: `blocks` zeros.
    zeros: Vec<u64>,
    /// The vertical deltas of the current column (`blocks` words of +1, then of −1), kept
    /// from call to call rather than allocated for each candidate.
    columns: RefCell<Vec<u64>>,
    /// Word operations done so far (columns computed × blocks), for the work counters.
    ops: Cell<u64>,
}

impl Pattern {
    pub fn new(query: &[u32]) -> Pattern {
        let n = query.len();
        let blocks = n.div_ceil(64).max(1);
        let mut slot = Slots::new(query.len());
        let mut peq: Vec<u64> = Vec::new();
        for (i, &id) in query.iter().enumerate() {
            let s = match slot.get(id) {
                Some(s) => s,
                None => {
                    peq.resize(peq.len() + blocks, 0);
                    slot.insert(id, peq.len() / blocks - 1)
                }
            };
            peq[s * blocks + i / 64] |= 1 << (i % 64);
        }
        let last_bit = if n == 0 { 0 } else { 1 << ((n - 1) % 64) };
        Pattern {
            n,
            blocks,
            peq,
            slot,
            last_bit,
            zeros: vec![0; blocks],
            columns: RefCell::new(vec![0; 2 * blocks]),
            ops: Cell::new(0),
        }
    }

    /// Query length in tokens.
    pub fn tokens(&self) -> usize {
        self.n
    }

    /// Word operations done so far by this pattern's distance computations.
    pub fn ops(&self) -> u64 {
        self.ops.get()
    }

    fn count(&self, columns: usize) {
        self.ops
            .set(self.ops.get() + (columns * self.blocks) as u64);
    }

    /// The edit distance between the query and `text` if it is at most `k`; `None` as soon
    /// as it cannot be (the last row can fall by at most one per remaining column).
    pub fn distance_within(&self, text: &[u32], k: usize) -> Option<usize> {
        let (n, m) = (self.n, text.len());
        if n.abs_diff(m) > k {
            return None;
        }
        if n == 0 || m == 0 {
            return Some(n.max(m));
        }
        let mut columns = self.columns.borrow_mut();
        self.start(&mut columns);
        let mut score = n;
        if !self.advance(text, 0, m, k, &mut columns, &mut score) {
            return None;
        }
        (score <= k).then_some(score)
    }

    /// Words of one column state: the vertical deltas, `blocks` words of +1 then of −1.
    pub(super) fn state_words(&self) -> usize {
        2 * self.blocks
    }

    /// Sets `columns` ([`Pattern::state_words`] long) to column 0: every vertical delta +1
    /// (D[i][0] = i); the last row's value is then n.
    pub(super) fn start(&self, columns: &mut [u64]) {
        let (pv, mv) = columns.split_at_mut(self.blocks);
        pv.fill(u64::MAX);
        mv.fill(0);
    }

    /// Computes the columns of `chunk`, the tokens `first..first + chunk.len()` of a text of
    /// `m` tokens, from the state in `columns` and `score` (the last row's value) after
    /// column `first`; false as soon as the distance must exceed `k` (the state is then
    /// spent). The early exit is the same whatever `first` is: a computation resumed at a
    /// column stops where the one from column 0 would have stopped after it.
    #[inline]
    pub(super) fn advance(
        &self,
        chunk: &[u32],
        first: usize,
        m: usize,
        k: usize,
        columns: &mut [u64],
        score: &mut usize,
    ) -> bool {
        // Past column j (0-based) the last row can still fall by m − j − 1: the exit test
        // score > k + (m − j − 1), as score + j + 1 > k + m with `bound` = k + m.
        let bound = k + m;
        let done = if self.blocks == 1 {
            self.single_block(chunk, first, bound, columns, score)
        } else {
            self.multi_block(chunk, first, bound, columns, score)
        };
        self.count(done.unwrap_or(chunk.len()));
        done.is_none()
    }

    /// [`Pattern::advance`] for two blocks or more: `Some(columns computed)` at the exit.
    #[inline]
    fn multi_block(
        &self,
        chunk: &[u32],
        first: usize,
        bound: usize,
        columns: &mut [u64],
        score: &mut usize,
    ) -> Option<usize> {
        let (pv, mv) = columns.split_at_mut(self.blocks);
        // All blocks but the last hand their bottom row's horizontal delta on at bit 63; the
        // last is read at the query's last row.
        let inner = self.blocks - 1;
        let (pv_last, pv) = pv.split_last_mut().expect("two blocks or more");
        let (mv_last, mv) = mv.split_last_mut().expect("two blocks or more");
        let mut s = *score;
        for (j, &c) in chunk.iter().enumerate() {
            let eqs = match self.slot.get(c) {
                Some(s) => &self.peq[s * self.blocks..(s + 1) * self.blocks],
                None => &self.zeros[..],
            };
            let (eq_last, eqs) = eqs.split_last().expect("two blocks or more");
            // Row 0 is D[0][j] = j: the horizontal delta entering the first block is +1.
            let (mut hp, mut hn) = (1u64, 0u64);
            for ((p, m), &eq) in pv[..inner]
                .iter_mut()
                .zip(mv[..inner].iter_mut())
                .zip(&eqs[..inner])
            {
                let (ph, mh) = step(p, m, eq, hp, hn);
                hp = ph >> 63;
                hn = mh >> 63;
            }
            let (ph, mh) = step(pv_last, mv_last, *eq_last, hp, hn);
            s = s + usize::from(ph & self.last_bit != 0) - usize::from(mh & self.last_bit != 0);
            if s + first + j + 1 > bound {
                return Some(j + 1);
            }
        }
        *score = s;
        None
    }

    /// [`Pattern::advance`] for one block, the state kept in registers.
    #[inline]
    fn single_block(
        &self,
        chunk: &[u32],
        first: usize,
        bound: usize,
        columns: &mut [u64],
        score: &mut usize,
    ) -> Option<usize> {
        let (mut pv, mut mv) = (columns[0], columns[1]);
        let mut s = *score;
        for (j, &c) in chunk.iter().enumerate() {
            let eq = self.slot.get(c).map_or(0, |s| self.peq[s]);
            let (ph, mh) = step(&mut pv, &mut mv, eq, 1, 0);
            s = s + usize::from(ph & self.last_bit != 0) - usize::from(mh & self.last_bit != 0);
            if s + first + j + 1 > bound {
                return Some(j + 1);
            }
        }
        (columns[0], columns[1], *score) = (pv, mv, s);
        None
    }
}

/// The slot of each distinct query token: an open-addressing table at most half full, looked
/// up once per candidate token (a general hash map's lookup cost as much as the bit-parallel
/// step itself).
struct Slots {
    keys: Vec<u32>,
    /// Slot + 1; 0 marks an empty cell.
    vals: Vec<u32>,
    shift: u32,
}

impl Slots {
    fn new(tokens: usize) -> Slots {
        let size = (2 * tokens).next_power_of_two().max(8);
        Slots {
            keys: vec![0; size],
            vals: vec![0; size],
            shift: 32 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn home(&self, id: u32) -> usize {
        (id.wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, id: u32) -> Option<usize> {
        let mask = self.keys.len() - 1;
        let mut i = self.home(id);
        loop {
            let v = self.vals[i];
            if v == 0 {
                return None;
            }
            if self.keys[i] == id {
                return Some(v as usize - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Inserts `id` (absent) with `slot`; returns `slot`.
    fn insert(&mut self, id: u32, slot: usize) -> usize {
        let mask = self.keys.len() - 1;
        let mut i = self.home(id);
        while self.vals[i] != 0 {
            i = (i + 1) & mask;
        }
        self.keys[i] = id;
        self.vals[i] = slot as u32 + 1;
        slot
    }
}

/// One column of one 64-row block (Hyyrö's form): updates the vertical deltas (`pv`: +1,
/// `mv`: −1) for the column's match mask `eq`, given the horizontal delta entering at the
/// block's top as two bits (`hp` = 1: +1, `hn` = 1: −1, both 0: 0), and returns the
/// horizontal deltas of every row of the block before the shift (`ph`: +1, `mh`: −1): the
/// caller reads the block's bottom row, or the query's last row, from them. Branch-free: the
/// old form matched on an i32 carry three times per step.
#[inline(always)]
fn step(pv: &mut u64, mv: &mut u64, eq: u64, hp: u64, hn: u64) -> (u64, u64) {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    let eq = eq | hn;
    let xh = (((eq & p).wrapping_add(p)) ^ p) | eq;
    let ph = m | !(xh | p);
    let mh = p & xh;
    let phs = (ph << 1) | hp;
    let mhs = (mh << 1) | hn;
    *pv = mhs | !(xv | phs);
    *mv = phs & xv;
    (ph, mh)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::memory::score::distance;
    use proptest::prelude::*;

    /// `a` with random edits applied in turn: (position, token, 0 substitute / 1 delete /
    /// 2 insert), positions taken modulo the length so far (the property tests' mutations).
    pub(crate) fn edited(a: &[u32], edits: &[(usize, u32, u8)]) -> Vec<u32> {
        let mut b = a.to_vec();
        for &(pos, tok, op) in edits {
            let pos = pos % (b.len() + 1);
            match op {
                0 if pos < b.len() => b[pos] = tok,
                1 if pos < b.len() => {
                    b.remove(pos);
                }
                _ => b.insert(pos, tok),
            }
        }
        b
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
            &[7, 7, 7, 1],
        ];
        for a in seqs {
            let p = Pattern::new(a);
            for b in seqs {
                let d = distance(a, b);
                for k in 0..8 {
                    assert_eq!(
                        p.distance_within(b, k),
                        (d <= k).then_some(d),
                        "{a:?} {b:?} {k}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Long sequences over a small alphabet (many repeats, like frequent words) cross
        /// block borders at 64, 128, … 320 tokens; tokens 6 and 7 are absent from the query.
        #[test]
        fn blocks_agree_with_the_plain_table(
            a in proptest::collection::vec(0u32..6, 0..330),
            edits in proptest::collection::vec((0usize..330, 0u32..8, 0u8..3), 0..40),
            k in 0usize..80,
        ) {
            let b = edited(&a, &edits);
            let d = distance(&a, &b);
            prop_assert_eq!(Pattern::new(&a).distance_within(&b, k), (d <= k).then_some(d));
            // One pattern for several texts: the column buffers it keeps start afresh.
            let p = Pattern::new(&a);
            prop_assert_eq!(p.distance_within(&b, usize::MAX / 2), Some(d));
            prop_assert_eq!(p.distance_within(&a, 0), Some(0));
            prop_assert_eq!(p.distance_within(&b, k), (d <= k).then_some(d));
        }

        /// Cut-offs right around the distance (where the early exit decides the answer),
        /// over a larger alphabet so that distances spread, on queries of two to six blocks;
        /// one pattern reused for both texts and all cut-offs.
        #[test]
        fn the_cut_off_is_exact_around_the_distance(
            a in proptest::collection::vec(0u32..40, 65..384),
            edits in proptest::collection::vec((0usize..384, 0u32..48, 0u8..3), 0..120),
            slack in 0usize..5,
        ) {
            let b = edited(&a, &edits);
            let p = Pattern::new(&a);
            for text in [&b, &a] {
                let d = distance(&a, text);
                for k in [d.saturating_sub(slack), d.saturating_sub(1), d, d + slack, 2 * d + 1] {
                    prop_assert_eq!(p.distance_within(text, k), (d <= k).then_some(d), "k {}", k);
                }
            }
        }
    }
}
