//! The phrase check of a concordance look-up, run on a side's stored token blob as it is
//! (LEB128 ids, `index::encode_tokens`) without decoding it into a vector first.
//!
//! A fragment search checks hundreds of thousands of candidate sides when a segment's words
//! are common but never in the segment's order (the bench's frequency-drawn words: 424,179
//! checks for 216 words on the 1M long memory; a real English news paragraph 533,574), and
//! nearly all of them hold no hit. Two ways, the same answers:
//! - When the words stand for few tokens between them (English words are one token each;
//!   Arabic ones one per proclitic form), the phrase is a few byte strings: the encodings of
//!   its tokens one after the other. A varint's last byte is below 0x80 and its others are
//!   not, so a string found where a varint begins is the phrase there, and nowhere else is.
//!   The strings are looked for with `aho_corasick` (vectorised for one or a few strings),
//!   which skips the bytes the phrase cannot start at instead of decoding every id.
//! - Otherwise one pass over the bytes asks one table per token (shift-and: bit `j` of the
//!   state says the tokens ending here match the phrase's first `j + 1` words).

use std::cell::{Cell, OnceCell};

use aho_corasick::AhoCorasick;

use crate::memory::index::{encode_tokens, for_each_token};
use rustc_hash::{FxHashMap, FxHashSet};

/// The words of a phrase as one table: for each token, which of the words it stands for.
pub(super) struct Phrase {
    /// An open-addressing table of the words' tokens (`EMPTY` where none), at most a
    /// quarter full: most tokens of a side are none of the phrase's, and such a token is
    /// told by one probe that meets an empty slot (a `HashMap` look-up cost three times as
    /// much, and this loop runs once per token of every candidate side).
    keys: Vec<u32>,
    /// Bit `j` set when the token in the same slot is one of word `j`'s tokens.
    masks: Vec<u64>,
    /// `keys.len() - 1` (a power of two less one).
    slots: usize,
    /// The bit of the phrase's last word.
    last: u64,
    len: usize,
    /// The tokens of each word, in order, while their combinations are few enough to be
    /// looked for as byte strings ([`MAX_STRINGS`]); the finder is built once
    /// [`FINDER_AFTER`] sides were checked without it.
    strings: Option<Vec<Vec<u32>>>,
    finder: OnceCell<Option<AhoCorasick>>,
    checked: Cell<usize>,
}

/// Sides checked by the table's pass before the byte strings' finder is built: most
/// look-ups of a segment's windows check a few sides or none, and would pay for a finder
/// they barely use (`fragments_eval`, a memory of 2,000 news sentences: building it at the
/// first check made the run take 7.7 s instead of 5.3; building it after 64, 5.1–5.9 s
/// against 5.2–6.6 alternating with the old build).
const FINDER_AFTER: usize = 64;

/// The most byte strings (combinations of the words' tokens) a phrase is looked for as.
/// Arabic words of many proclitic forms multiply (three words of seven forms each are 343
/// strings); past this the table's pass, whose cost does not grow with them, does the work.
const MAX_STRINGS: usize = 256;

/// Marks a free slot; no token has this id (ids count tokens from 1, `SQLite` rowids).
const EMPTY: u32 = u32::MAX;

impl Phrase {
    /// The table for a phrase of these words' token sets; `None` past 64 words (one bit
    /// per word) or for no words.
    pub(super) fn new<S: std::ops::Deref<Target = FxHashSet<u32>>>(sets: &[S]) -> Option<Phrase> {
        if sets.is_empty() || sets.len() > 64 {
            return None;
        }
        let mut words: FxHashMap<u32, u64> = FxHashMap::default();
        for (j, set) in sets.iter().enumerate() {
            for &tok in set.iter() {
                *words.entry(tok).or_insert(0) |= 1 << j;
            }
        }
        let size = (4 * words.len()).next_power_of_two().max(64);
        let mut phrase = Phrase {
            keys: vec![EMPTY; size],
            masks: vec![0; size],
            slots: size - 1,
            last: 1 << (sets.len() - 1),
            len: sets.len(),
            strings: None,
            finder: OnceCell::new(),
            checked: Cell::new(0),
        };
        let combinations = sets
            .iter()
            .try_fold(1usize, |n, set| n.checked_mul(set.len()))
            .filter(|&n| n <= MAX_STRINGS);
        if combinations.is_some() {
            phrase.strings = Some(
                sets.iter()
                    .map(|set| {
                        let mut toks: Vec<u32> = set.iter().copied().collect();
                        toks.sort_unstable();
                        toks
                    })
                    .collect(),
            );
        }
        for (tok, mask) in words {
            if tok == EMPTY {
                // Not a token id; were it one, it must not read as a free slot.
                return None;
            }
            let mut at = phrase.slot(tok);
            while phrase.keys[at] != EMPTY {
                at = (at + 1) & phrase.slots;
            }
            phrase.keys[at] = tok;
            phrase.masks[at] = mask;
        }
        Some(phrase)
    }

    /// Where `tok`'s probe starts.
    fn slot(&self, tok: u32) -> usize {
        (tok.wrapping_mul(0x9E37_79B1) >> 8) as usize & self.slots
    }

    /// Which words `tok` stands for (bit `j`: word `j`).
    fn mask(&self, tok: u32) -> u64 {
        let mut at = self.slot(tok);
        loop {
            let key = self.keys[at];
            if key == tok {
                return self.masks[at];
            }
            if key == EMPTY {
                return 0;
            }
            at = (at + 1) & self.slots;
        }
    }

    /// Token positions where the phrase begins in the side whose token blob is `blob`, in
    /// order (what [`super::phrase_starts`] gives for the decoded tokens).
    pub(super) fn starts(&self, blob: &[u8]) -> Vec<usize> {
        let finder = match self.finder.get() {
            Some(finder) => finder,
            None if self.checked.get() < FINDER_AFTER => {
                self.checked.set(self.checked.get() + 1);
                return self.starts_by_tokens(blob);
            }
            None => self.finder.get_or_init(|| self.build_finder()),
        };
        match finder {
            Some(finder) => self.starts_by_bytes(finder, blob),
            None => self.starts_by_tokens(blob),
        }
    }

    /// The finder of the phrase's byte strings, when it has few enough of them.
    fn build_finder(&self) -> Option<AhoCorasick> {
        let words = self.strings.as_ref()?;
        let mut strings: Vec<Vec<u8>> = vec![Vec::new()];
        for toks in words {
            strings = strings
                .iter()
                .flat_map(|s| {
                    toks.iter().map(move |&t| {
                        let mut longer = s.clone();
                        longer.extend_from_slice(&encode_tokens(&[t]));
                        longer
                    })
                })
                .collect();
        }
        // A finder that cannot be built (it never fails for a few short strings) leaves
        // the table's pass to do the work.
        AhoCorasick::new(strings).ok()
    }

    fn starts_by_bytes(&self, finder: &AhoCorasick, blob: &[u8]) -> Vec<usize> {
        let mut at: Vec<usize> = finder
            .find_overlapping_iter(blob)
            .map(|m| m.start())
            .filter(|&o| o == 0 || blob[o - 1] < 0x80)
            .collect();
        if at.is_empty() {
            return at;
        }
        at.sort_unstable();
        at.dedup();
        // Byte offsets to token positions: the varints ended before each (their last
        // bytes are those below 0x80).
        let (mut ended, mut from) = (0, 0);
        for o in &mut at {
            ended += blob[from..*o].iter().filter(|&&b| b < 0x80).count();
            from = *o;
            *o = ended;
        }
        at
    }

    fn starts_by_tokens(&self, blob: &[u8]) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut state = 0u64;
        let mut at = 0usize;
        for_each_token(blob, |tok| {
            let mask = self.mask(tok);
            state = ((state << 1) | 1) & mask;
            if state & self.last != 0 {
                starts.push(at + 1 - self.len);
            }
            at += 1;
        });
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The starts are those of checking every position against every word's set, for
        /// small vocabularies (so phrases occur), words standing for several tokens, and
        /// token ids of one to three bytes.
        #[test]
        fn starts_are_those_of_checking_every_position(
            toks in proptest::collection::vec(0u32..6, 0..40),
            words in proptest::collection::vec(proptest::collection::btree_set(0u32..6, 1..3), 1..5),
            scale in proptest::sample::select(vec![1u32, 100, 20_000]),
        ) {
            let toks: Vec<u32> = toks.iter().map(|t| t * scale).collect();
            let sets: Vec<FxHashSet<u32>> = words
                .iter()
                .map(|w| w.iter().map(|t| t * scale).collect())
                .collect();
            let refs: Vec<&FxHashSet<u32>> = sets.iter().collect();
            let phrase = Phrase::new(&refs).unwrap();
            let blob = encode_tokens(&toks);
            let expected = super::super::phrase_starts(&toks, &refs);
            // At most 2^4 combinations: looked for as byte strings; the table's pass too.
            let finder = phrase.build_finder().unwrap();
            proptest::prop_assert_eq!(phrase.starts(&blob), expected.clone());
            proptest::prop_assert_eq!(phrase.starts_by_bytes(&finder, &blob), expected.clone());
            proptest::prop_assert_eq!(phrase.starts_by_tokens(&blob), expected);
        }
    }

    #[test]
    fn words_of_many_tokens_grow_the_table_and_are_all_found() {
        // Three words of 60 tokens each (a table of 1,024 slots, with collisions), the
        // tokens spread over ids of one to five bytes, u32::MAX (no token) among the side's.
        let sets: Vec<FxHashSet<u32>> = (0..3u32)
            .map(|j| (0..60u32).map(|i| (i * 3 + j) * 70_001).collect())
            .collect();
        let refs: Vec<&FxHashSet<u32>> = sets.iter().collect();
        let phrase = Phrase::new(&refs).unwrap();
        assert_eq!(phrase.keys.len(), 1024);
        // A side of 2,000 tokens drawn by a xorshift: a word's token, another token, or
        // u32::MAX (no token), so that the three words stand in a row now and then.
        let mut x = 0x2545_F491u32;
        let toks: Vec<u32> = (0..2_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                match (x % 7, (x >> 8) % 4) {
                    (6, _) => u32::MAX,
                    (_, 3) => 999_999,
                    (_, j) => ((x >> 16) % 60 * 3 + j) * 70_001,
                }
            })
            .collect();
        let expected = super::super::phrase_starts(&toks, &refs);
        assert!(expected.len() > 3, "{}", expected.len());
        assert_eq!(phrase.starts(&encode_tokens(&toks)), expected);
        // 60^3 combinations of tokens: no byte strings, the table's pass alone.
        assert!(phrase.build_finder().is_none());
    }

    #[test]
    fn a_string_found_inside_a_longer_varint_is_not_the_phrase() {
        // 129 is [0x81, 0x01]; 16,513 is [0x81, 0x81, 0x01], which holds those two bytes.
        let word: FxHashSet<u32> = [129].into_iter().collect();
        let phrase = Phrase::new(&[&word]).unwrap();
        let blob = encode_tokens(&[16_513, 129, 5, 16_513, 16_513, 129]);
        let finder = phrase.build_finder().unwrap();
        assert_eq!(phrase.starts_by_bytes(&finder, &blob), vec![1, 5]);
        assert_eq!(phrase.starts_by_tokens(&blob), vec![1, 5]);
        // The finder is built once the table's pass checked `FINDER_AFTER` sides.
        for _ in 0..=FINDER_AFTER {
            assert!(phrase.finder.get().is_none());
            assert_eq!(phrase.starts(&blob), vec![1, 5]);
        }
        assert!(phrase.finder.get().is_some_and(Option::is_some));
    }

    #[test]
    fn a_phrase_of_no_words_or_more_than_64_has_no_table() {
        let none: Vec<&FxHashSet<u32>> = Vec::new();
        assert!(Phrase::new(&none).is_none());
        let one: FxHashSet<u32> = [7].into_iter().collect();
        assert!(Phrase::new(&vec![&one; 64]).is_some());
        assert!(Phrase::new(&vec![&one; 65]).is_none());
        // 64 words of one token: found where 64 of them stand in a row, and only there.
        let mut toks = vec![7u32; 70];
        toks[3] = 8;
        assert_eq!(
            Phrase::new(&vec![&one; 64])
                .unwrap()
                .starts(&encode_tokens(&toks)),
            vec![4, 5, 6]
        );
    }
}
