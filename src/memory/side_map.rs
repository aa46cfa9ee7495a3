//! The probe's candidates by side id (`probe`): an open-addressing table of entry indices
//! over a vector of (side, value) entries kept in the order first seen.
//!
//! A general hash map cost about 5 % of a long query, a quarter of it in growing (each growth
//! moves every entry). Here a lookup is one multiplicative hash into a table of `u32` indices
//! kept at most half full (linear probing), and growing rebuilds only that table: the
//! entries never move but by the vector's own doubling. Iterating walks the entries vector,
//! so the order is the order sides were first seen, not a hash order (the probe's answers do
//! not depend on it: seeding and the verification queue order by keys that end in the side).

/// Candidates of type `V` keyed by side id.
pub(crate) struct SideMap<V> {
    /// Entry index + 1 by slot; 0: an empty slot. A power of two, at most half full.
    index: Vec<u32>,
    /// 32 − log2(index.len()): the hash's shift.
    shift: u32,
    entries: Vec<(u32, V)>,
}

/// Slots at first: 4 KB of index, enough for the short lists of most long queries.
const FIRST_SLOTS: usize = 1024;

impl<V> Default for SideMap<V> {
    fn default() -> SideMap<V> {
        SideMap::new()
    }
}

impl<V> SideMap<V> {
    pub fn new() -> SideMap<V> {
        SideMap {
            index: vec![0; FIRST_SLOTS],
            shift: 32 - FIRST_SLOTS.trailing_zeros(),
            entries: Vec::new(),
        }
    }

    /// Empties the map to its first size, keeping the memory of both vectors: a map kept
    /// from query to query (`scratch`) grows into memory already faulted in, not fresh
    /// pages each time. Costs the first size's slots, not the grown index's.
    pub fn clear(&mut self) {
        self.index.truncate(FIRST_SLOTS);
        self.index.fill(0);
        self.shift = 32 - FIRST_SLOTS.trailing_zeros();
        self.entries.clear();
    }

    /// Sides held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    fn home(&self, side: u32) -> usize {
        // Fibonacci hashing: side ids come in runs, which this spreads over the table.
        (side.wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    /// The slot holding `side`, or the empty slot where it would go.
    #[inline]
    fn find(&self, side: u32) -> (usize, Option<usize>) {
        let mask = self.index.len() - 1;
        let mut i = self.home(side);
        loop {
            let v = self.index[i];
            if v == 0 {
                return (i, None);
            }
            let at = v as usize - 1;
            if self.entries[at].0 == side {
                return (i, Some(at));
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `side`, if held.
    #[inline]
    pub fn get_mut(&mut self, side: u32) -> Option<&mut V> {
        let (_, at) = self.find(side);
        at.map(|at| &mut self.entries[at].1)
    }

    /// The value of the entry `at` (its place in [`SideMap::iter`]'s order).
    #[inline]
    pub fn at_mut(&mut self, at: usize) -> &mut V {
        &mut self.entries[at].1
    }

    /// The value of `side`, inserting `new()` first if it is not held.
    #[cfg(test)]
    pub fn get_or_insert(&mut self, side: u32, new: impl FnOnce() -> V) -> &mut V {
        self.get_or_try_insert(side, || Some(new()))
            .expect("a value to insert was given")
    }

    /// The value of `side`; if it is not held, `new()`'s value inserted first, or `None`
    /// (nothing inserted) when `new` gives none.
    #[inline]
    pub fn get_or_try_insert(
        &mut self,
        side: u32,
        new: impl FnOnce() -> Option<V>,
    ) -> Option<&mut V> {
        let at = match self.find(side) {
            (_, Some(at)) => at,
            (slot, None) => {
                let value = new()?;
                let at = self.entries.len();
                // Entry indices + 1 fit the index's u32 (index sizes are powers of two of at
                // most 2^32 slots, half full).
                self.entries.push((side, value));
                self.index[slot] = at as u32 + 1;
                if 2 * self.entries.len() > self.index.len() {
                    self.grow();
                }
                at
            }
        };
        Some(&mut self.entries[at].1)
    }

    /// Doubles the index and places every entry again (the entries stay where they are).
    fn grow(&mut self) {
        let size = self.index.len() * 2;
        // Within the capacity an earlier query left, this writes zeros to memory in use.
        self.index.clear();
        self.index.resize(size, 0);
        self.shift = 32 - size.trailing_zeros();
        let mask = size - 1;
        for (at, &(side, _)) in self.entries.iter().enumerate() {
            let mut i = self.home(side);
            while self.index[i] != 0 {
                i = (i + 1) & mask;
            }
            self.index[i] = at as u32 + 1;
        }
    }

    /// Every side with its value, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &V)> {
        self.entries.iter().map(|(side, v)| (*side, v))
    }

    /// Every side with its value, mutable, in the order first seen.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (u32, &mut V)> {
        self.entries.iter_mut().map(|(side, v)| (*side, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any inserts and updates (runs of close ids, ids far apart, u32::MAX, enough to grow
        /// the table several times) leave the map equal to a model map, iterated in the
        /// order first seen — also a map cleared after any earlier inserts (nothing of
        /// them shows through).
        #[test]
        fn the_map_equals_a_model(
            ops in proptest::collection::vec((any::<bool>(), 0u32..5000, any::<bool>(), 1u32..9), 0..4000),
            earlier in proptest::collection::vec(0u32..5000, 0..3000),
        ) {
            let mut map: SideMap<u32> = SideMap::new();
            if !earlier.is_empty() {
                for &side in &earlier {
                    *map.get_or_insert(side, || 100) += 1;
                }
                map.clear();
            }
            let mut model: BTreeMap<u32, u32> = BTreeMap::new();
            let mut order: Vec<u32> = Vec::new();
            for &(insert, id, far, add) in &ops {
                let side = if far { id.wrapping_mul(2_654_435_761) | (1 << 31) } else { id };
                let side = if id == 4999 { u32::MAX } else { side };
                if add == 8 {
                    // Refused: a held side's value comes back, an unheld one stays out.
                    let got = map.get_or_try_insert(side, || None).map(|v| *v);
                    prop_assert_eq!(got, model.get(&side).copied());
                } else if insert {
                    *map.get_or_insert(side, || 0) += add;
                    if !model.contains_key(&side) {
                        order.push(side);
                    }
                    *model.entry(side).or_insert(0) += add;
                } else {
                    let got = map.get_mut(side).map(|v| {
                        *v += add;
                        *v
                    });
                    let want = model.get_mut(&side).map(|v| {
                        *v += add;
                        *v
                    });
                    prop_assert_eq!(got, want);
                }
            }
            prop_assert_eq!(map.len(), model.len());
            let seen: Vec<u32> = map.iter().map(|(s, _)| s).collect();
            prop_assert_eq!(&seen, &order);
            let got: BTreeMap<u32, u32> = map.iter().map(|(s, &v)| (s, v)).collect();
            prop_assert_eq!(got, model);
        }
    }
}
