//! The sides holding one word, as a concordance look-up keeps them: a sorted list, or a
//! bitmap over side ids when the word is common.
//!
//! A word stands for several tokens (في, وفي, ففي…), and its sides are the union of their
//! posting lists. Sorting that union cost a fifth to a third of a fragment search over common
//! words on the 1M long bench memory (millions of entries per word); setting bits costs one
//! store per entry, gives the sides in order for free, and answers "does the word hold this
//! side?" with one bit test where a sorted list needs a gallop.

/// Sides, in ascending id order without repeats.
#[derive(Debug)]
pub(super) enum SideSet {
    Sorted(Vec<u32>),
    /// Bit `s % 64` of word `s / 64` set when side `s` is held; `len` bits are set.
    Bits {
        words: Vec<u64>,
        len: usize,
    },
}

/// A word is kept as a bitmap once its list entries times this reach the bitmap's bits: the
/// bitmap is then at most four times the sorted list's size (32 bits a side against one bit
/// a possible side), and costs no sort (a list read in several bands, or several tokens'
/// lists, comes in runs to merge) and a bit test to filter by. At 32 (the sizes equal)
/// the mid-frequency words' sorts were a sixth of a desk request's fragment search; at 128,
/// CPU of desk-shaped requests on long 1M fell a fifth (`docs/speed-log.md`, *Fragments of mid-frequency
/// words as bitmaps*); at 512 no further.
const BITS_PER_ENTRY: i64 = 128;

impl SideSet {
    /// Whether a word of `entries` list entries in all is better kept as a bitmap over
    /// sides below `side_space` (see [`BITS_PER_ENTRY`]).
    pub(super) fn wants_bits(entries: i64, side_space: u32) -> bool {
        entries.saturating_mul(BITS_PER_ENTRY) >= i64::from(side_space)
    }

    /// A bitmap of `sides`, in any order, repeats allowed.
    #[cfg(test)]
    pub(super) fn bits(sides: impl IntoIterator<Item = u32>) -> SideSet {
        let mut words = Vec::new();
        set_bits(&mut words, sides);
        SideSet::from_bits(words)
    }

    /// The set of the bits [`set_bits`] set in `words`.
    pub(super) fn from_bits(words: Vec<u64>) -> SideSet {
        let len = words.iter().map(|w| w.count_ones() as usize).sum();
        SideSet::Bits { words, len }
    }

    /// A sorted list of `sides`, in any order, repeats allowed.
    pub(super) fn sorted(mut sides: Vec<u32>) -> SideSet {
        // One token's list (the usual case) is in order already; several are runs in
        // order, which a stable sort merges.
        if !sides.is_sorted() {
            sides.sort();
        }
        sides.dedup();
        SideSet::Sorted(sides)
    }

    /// How many sides.
    pub(super) fn len(&self) -> usize {
        match self {
            SideSet::Sorted(sides) => sides.len(),
            SideSet::Bits { len, .. } => *len,
        }
    }

    /// Side ids' worth of memory held (four bytes each), for the cache's bound.
    pub(super) fn footprint(&self) -> usize {
        match self {
            SideSet::Sorted(sides) => sides.len(),
            SideSet::Bits { words, .. } => 2 * words.len(),
        }
    }

    /// The sides in ascending order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let (sorted, words): (&[u32], &[u64]) = match self {
            SideSet::Sorted(sides) => (sides, &[]),
            SideSet::Bits { words, .. } => (&[], words),
        };
        sorted.iter().copied().chain(
            words
                .iter()
                .enumerate()
                .flat_map(|(i, &w)| SetBits(w).map(move |b| i as u32 * 64 + b)),
        )
    }

    /// A walk asking whether the set holds ascending sides.
    pub(super) fn walk(&self) -> Walk<'_> {
        match self {
            SideSet::Sorted(list) => Walk::Sorted { list, at: 0 },
            SideSet::Bits { words, .. } => Walk::Bits(words),
        }
    }
}

/// Sets the bits of `sides` in a bitmap, growing it as needed.
pub(super) fn set_bits(words: &mut Vec<u64>, sides: impl IntoIterator<Item = u32>) {
    for side in sides {
        let at = (side / 64) as usize;
        if at >= words.len() {
            // Grow by half again at least: lists are read in side order, so the map
            // would otherwise grow by a word at a time.
            words.resize((at + 1).max(words.len() * 3 / 2), 0);
        }
        words[at] |= 1 << (side % 64);
    }
}

/// The set bits of a word, lowest first.
struct SetBits(u64);

impl Iterator for SetBits {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

/// A walk through a [`SideSet`], asked about ascending sides: in a sorted list each
/// question gallops forward from the last answer, so a walk costs the log of the gaps it
/// skips; in a bitmap it is one bit test.
pub(super) enum Walk<'l> {
    Sorted { list: &'l [u32], at: usize },
    Bits(&'l [u64]),
}

impl Walk<'_> {
    /// Whether the set holds `side`; `side` must not be below an earlier question's.
    pub(super) fn holds(&mut self, side: u32) -> bool {
        match self {
            Walk::Bits(words) => words
                .get((side / 64) as usize)
                .is_some_and(|w| w & (1 << (side % 64)) != 0),
            Walk::Sorted { list, at } => {
                let rest = &list[*at..];
                let mut step = 1;
                while step < rest.len() && rest[step] < side {
                    step *= 2;
                }
                let from = step / 2;
                let window = &rest[from..rest.len().min(step + 1)];
                let (found, i) = match window.binary_search(&side) {
                    Ok(i) => (true, i),
                    Err(i) => (false, i),
                };
                *at += from + i;
                found
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Both forms give the sides sorted without repeats, and every walk answers like a
        /// search of that list, for any ascending questions.
        #[test]
        fn both_forms_hold_the_same_sides(
            sides in proptest::collection::vec(0u32..700, 0..150),
            asked in proptest::collection::btree_set(0u32..760, 0..80),
        ) {
            let mut expected = sides.clone();
            expected.sort_unstable();
            expected.dedup();
            for set in [SideSet::sorted(sides.clone()), SideSet::bits(sides.iter().copied())] {
                proptest::prop_assert_eq!(set.len(), expected.len());
                proptest::prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.clone());
                let mut walk = set.walk();
                for &side in &asked {
                    proptest::prop_assert_eq!(walk.holds(side), expected.binary_search(&side).is_ok());
                }
            }
        }
    }

    #[test]
    fn a_bitmap_is_wanted_when_at_most_four_times_the_list() {
        // 2M sides: a bitmap of 250 kB, four times a list of 15,625 sides.
        assert!(SideSet::wants_bits(15_625, 2_000_000));
        assert!(!SideSet::wants_bits(15_624, 2_000_000));
        // The top bit of a word is kept, and a side past the bitmap's end is not held.
        let set = SideSet::bits([1 << 20, 63, 64, 0]);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 63, 64, 1 << 20]);
        let mut walk = set.walk();
        assert!(walk.holds(63) && walk.holds(1 << 20) && !walk.holds(u32::MAX));
    }
}
