//! The candidate tally of the full-list search (`search`): per side seen in the lists read,
//! its length and the query occurrences of the tokens it was seen with.
//!
//! It starts as a hash map and becomes an array indexed by side id once it holds more than
//! one side in [`DENSE_EVERY`] of the memory's: a query whose rarest tokens are common words
//! (boilerplate units open with runs of the 80 most frequent words) gathers a large share of
//! the memory, and hundreds of thousands of random hash-map inserts and lookups then cost
//! more than the lists' reading itself. Lists hold their sides in ascending order, so the
//! array is walked front to back by each list, and the array costs nothing to grow.

use super::search::IdMap;

/// One side seen in the lists read so far.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cand {
    /// Tokens (`u16::MAX`: at least that many).
    pub len: u16,
    /// Query occurrences of the tokens it was seen with; 0 in the array: not a candidate.
    pub hits: u16,
}

/// The tally turns dense when it holds more than one side in this many of the memory's
/// (the array then costs 4 bytes a side, touched page by page, against the map's ~16 bytes
/// a candidate at random). Any value gives the same answers; measured in README.
const DENSE_EVERY: usize = 32;

pub(crate) enum Tally {
    Sparse {
        map: IdMap<Cand>,
        /// Sides in the memory (largest side id + 1): the array's size.
        sides: usize,
    },
    Dense {
        slots: Vec<Cand>,
        /// The sides with a slot in use, in the order first seen.
        seen: Vec<u32>,
    },
}

impl Tally {
    /// An empty tally for a memory whose side ids are below `sides`.
    pub fn new(sides: usize) -> Tally {
        Tally::Sparse {
            map: IdMap::default(),
            sides,
        }
    }

    /// Candidates held.
    pub fn len(&self) -> usize {
        match self {
            Tally::Sparse { map, .. } => map.len(),
            Tally::Dense { seen, .. } => seen.len(),
        }
    }

    /// Adds `count` hits to `side` (of `len` tokens), making it a candidate if it was not.
    #[inline]
    pub fn add(&mut self, side: u32, len: u16, count: u16) {
        match self {
            Tally::Sparse { map, .. } => {
                let c = map.entry(side).or_insert(Cand { len, hits: 0 });
                c.hits = c.hits.saturating_add(count);
            }
            Tally::Dense { slots, seen } => {
                let s = side as usize;
                if s >= slots.len() {
                    slots.resize(s + 1, Cand::default());
                }
                let c = &mut slots[s];
                if c.hits == 0 {
                    seen.push(side);
                    c.len = len;
                }
                c.hits = c.hits.saturating_add(count).max(1);
            }
        }
    }

    /// Adds `count` hits to `side` if it is a candidate already.
    #[inline]
    pub fn bump(&mut self, side: u32, count: u16) {
        let c = match self {
            Tally::Sparse { map, .. } => map.get_mut(&side),
            Tally::Dense { slots, .. } => slots.get_mut(side as usize).filter(|c| c.hits > 0),
        };
        if let Some(c) = c {
            c.hits = c.hits.saturating_add(count);
        }
    }

    /// Turns dense if the tally has grown past one side in [`DENSE_EVERY`].
    pub fn settle(&mut self) {
        self.expect(0);
    }

    /// Turns dense now if `more` new sides (a list's length, before it is read) would take
    /// the tally past one side in [`DENSE_EVERY`]: a long first list then fills the array
    /// directly instead of hundreds of thousands of map inserts copied over afterwards.
    pub fn expect(&mut self, more: usize) {
        let Tally::Sparse { map, sides } = self else {
            return;
        };
        if map.len().saturating_add(more).saturating_mul(DENSE_EVERY) <= *sides {
            return;
        }
        let mut slots = vec![Cand::default(); *sides];
        let seen: Vec<u32> = map.keys().copied().collect();
        for &side in &seen {
            let s = side as usize;
            if s >= slots.len() {
                slots.resize(s + 1, Cand::default());
            }
            slots[s] = map[&side];
        }
        *self = Tally::Dense { slots, seen };
    }

    /// Every candidate with its tally.
    pub fn for_each(&self, mut f: impl FnMut(u32, Cand)) {
        match self {
            Tally::Sparse { map, .. } => map.iter().for_each(|(&side, &c)| f(side, c)),
            Tally::Dense { slots, seen } => seen.iter().for_each(|&s| f(s, slots[s as usize])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(t: &Tally) -> Vec<(u32, u16, u16)> {
        let mut out = Vec::new();
        t.for_each(|side, c| out.push((side, c.len, c.hits)));
        out.sort_unstable();
        out
    }

    #[test]
    fn sparse_and_dense_tally_alike() {
        // 48 sides: the tally turns dense past one candidate (ids past 48 still fit).
        let mut sparse = Tally::new(48);
        let mut dense = Tally::new(48);
        let adds = [
            (5, 9, 1),
            (70, 3, 2),
            (5, 9, 2),
            (0, 4, 1),
            (63, u16::MAX, 1),
        ];
        for (i, &(side, len, count)) in adds.iter().enumerate() {
            sparse.add(side, len, count);
            dense.add(side, len, count);
            if i == 1 {
                dense.settle();
                assert!(matches!(dense, Tally::Dense { .. }));
            }
        }
        for side in [0, 1, 5, 70, 1000] {
            sparse.bump(side, 3);
            dense.bump(side, 3);
        }
        assert!(matches!(sparse, Tally::Sparse { .. }));
        assert_eq!(contents(&sparse), contents(&dense));
        // Expecting a long list turns an empty tally dense before it is read.
        let mut early = Tally::new(48);
        early.expect(1);
        assert!(matches!(early, Tally::Sparse { .. }));
        early.expect(2);
        assert!(matches!(early, Tally::Dense { .. }));
        for &(side, len, count) in &adds {
            early.add(side, len, count);
        }
        for side in [0, 1, 5, 70, 1000] {
            early.bump(side, 3);
        }
        assert_eq!(contents(&early), contents(&dense));
        assert_eq!(
            contents(&dense),
            [(0, 4, 4), (5, 9, 6), (63, u16::MAX, 1), (70, 3, 5)]
        );
        assert_eq!(dense.len(), 4);
    }
}
