//! Tests of the tally (sparse and dense alike, reuse of its buffers) and of `Lacking`.

use super::*;
use crate::memory::score::{distance_bound, Standing};

#[test]
fn lacking_counts_exactly_the_sides_the_count_filter_keeps() {
    let bars = [
        Bar {
            threshold: 70,
            kth: None,
        },
        Bar {
            threshold: 70,
            kth: Some(Standing::new(80, 9, 47, 45)),
        },
        Bar {
            threshold: 1,
            kth: None,
        },
    ];
    for bar in bars {
        for n in [1usize, 5, 20, 47, 64] {
            let lacking = Lacking::new(n, bar);
            for m in 0..200usize {
                for have in 0..=m {
                    for unread in 0..=n {
                        let keeps =
                            distance_bound(n, m, (have + unread).min(m)) <= bar.max_distance(n, m);
                        assert_eq!(
                            lacking.can_reach(m as u16, have, unread),
                            keeps,
                            "{bar:?} n {n} m {m} have {have} unread {unread}"
                        );
                    }
                }
            }
            assert!(lacking.can_reach(u16::MAX, 0, 0));
        }
    }
}

#[test]
fn the_live_count_follows_moves_and_reads() {
    // 20 tokens at 70: a side of 20 needs 14 shared, one of 28 needs 20, one of 29 none.
    let bar = Bar {
        threshold: 70,
        kth: None,
    };
    let mut l = Lacking::new(20, bar);
    l.add(20, 10); // lacks 4
    l.add(28, 20); // lacks 0
    l.add(29, 20); // too long: not counted
    l.add(u16::MAX, 0); // lacks 0
    assert_eq!(l.live(20), 3);
    assert_eq!(l.live(3), 2);
    l.moved(20, 10, 12); // lacks 2
    assert_eq!(l.live(3), 3);
    assert_eq!(l.live(1), 2);
}

fn contents(t: &Tally) -> Vec<(u32, u16, u16)> {
    let mut out = Vec::new();
    t.for_each(|side, c| out.push((side, c.len, c.hits)));
    out.sort_unstable();
    out
}

fn entry(side: u32, len: u16) -> PrefixEntry {
    PrefixEntry { side, len, pos: 0 }
}

fn add(t: &mut Tally, side: u32, len: u16, count: u16) {
    t.add_chunk(&[entry(side, len)], count, |_| true);
}

fn bump(t: &mut Tally, side: u32, count: u16) {
    t.bump_chunk(&[entry(side, 0)], count, |_| true);
}

#[test]
fn sparse_and_dense_tally_alike() {
    // 48 sides: the tally turns dense past one candidate (ids past 48 still fit).
    let (mut a, mut b, mut c) = Default::default();
    let mut sparse = Tally::new(48, &mut a);
    let mut dense = Tally::new(48, &mut b);
    let adds = [
        (5, 9, 1),
        (70, 3, 2),
        (5, 9, 2),
        (0, 4, 1),
        (63, u16::MAX, 1),
    ];
    for (i, &(side, len, count)) in adds.iter().enumerate() {
        add(&mut sparse, side, len, count);
        add(&mut dense, side, len, count);
        if i == 1 {
            dense.settle();
            assert!(dense.is_dense());
        }
    }
    for side in [0, 1, 5, 70, 1000] {
        bump(&mut sparse, side, 3);
        bump(&mut dense, side, 3);
    }
    assert!(!sparse.is_dense());
    assert_eq!(contents(&sparse), contents(&dense));
    // Expecting a long list turns an empty tally dense before it is read.
    let mut early = Tally::new(48, &mut c);
    early.expect(1);
    assert!(!early.is_dense());
    early.expect(2);
    assert!(early.is_dense());
    for &(side, len, count) in &adds {
        add(&mut early, side, len, count);
    }
    for side in [0, 1, 5, 70, 1000] {
        bump(&mut early, side, 3);
    }
    assert_eq!(contents(&early), contents(&dense));
    assert_eq!(
        contents(&dense),
        [(0, 4, 4), (5, 9, 6), (63, u16::MAX, 1), (70, 3, 5)]
    );
    assert_eq!(dense.len(), 4);
}

/// The per-entry tally the chunk methods replaced (a map from side to (len, hits)).
#[derive(Default)]
struct Model(std::collections::BTreeMap<u32, (u16, u16)>);

impl Model {
    fn add(&mut self, side: u32, len: u16, count: u16) {
        let c = self.0.entry(side).or_insert((len, 0));
        c.1 = c.1.saturating_add(count).max(1);
    }

    fn bump(&mut self, side: u32, count: u16) -> Option<(u16, u16)> {
        let c = self.0.get_mut(&side)?;
        let before = *c;
        c.1 = c.1.saturating_add(count);
        Some(before)
    }
}

/// What `Lacking::moved` did before it looked the need up once.
fn moved_before(l: &mut Lacking, len: u16, was: usize, now: usize) {
    if let (Some(a), Some(b)) = (l.lack(len, was), l.lack(len, now)) {
        l.hist[a] -= 1;
        l.hist[b] += 1;
    }
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Chunks of (side, len) added or bumped, in any order and form, leave the sparse
    /// tally, the dense one (turned dense at any point) and the per-entry model alike,
    /// and report the same candidates, before, in the same order to `moved`.
    #[test]
    fn chunk_tallies_equal_the_per_entry_tally(
        ops in proptest::collection::vec(
            (any::<bool>(), 1u16..4, proptest::collection::vec((0u32..300, 0u16..40), 0..60)),
            1..12,
        ),
        dense_after in 0usize..8,
        cut in 0u16..40,
    ) {
        let keep = |len: u16| len >= cut || len == 7;
        let (mut a, mut b) = Default::default();
        let mut sparse = Tally::new(1 << 20, &mut a);
        let mut dense = Tally::new(256, &mut b);
        let mut model = Model::default();
        for (i, (is_add, count, chunk)) in ops.iter().enumerate() {
            if i == dense_after {
                dense.expect(usize::MAX / 64);
                prop_assert!(dense.is_dense());
            }
            let chunk: Vec<PrefixEntry> =
                chunk.iter().map(|&(side, len)| entry(side, len)).collect();
            if *is_add {
                sparse.add_chunk(&chunk, *count, keep);
                dense.add_chunk(&chunk, *count, keep);
                for e in chunk.iter().filter(|e| keep(e.len)) {
                    model.add(e.side, e.len, *count);
                }
            } else {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                sparse.bump_chunk(&chunk, *count, |c| {
                    a.push((c.len, c.hits));
                    true
                });
                dense.bump_chunk(&chunk, *count, |c| {
                    b.push((c.len, c.hits));
                    true
                });
                let want: Vec<_> =
                    chunk.iter().filter_map(|e| model.bump(e.side, *count)).collect();
                prop_assert_eq!(&a, &want);
                prop_assert_eq!(&b, &want);
            }
        }
        let want: Vec<_> = model.0.iter().map(|(&s, &(l, h))| (s, l, h)).collect();
        prop_assert_eq!(contents(&sparse), want.clone());
        prop_assert_eq!(contents(&dense), want);
        prop_assert!(!sparse.is_dense());
    }

    /// After the adds, `retain` and bumps that drop candidates leave the sparse tally,
    /// the dense one and the model alike (a dropped side is gone from `for_each`, and
    /// later bumps pass it by).
    #[test]
    fn dropped_candidates_are_gone_alike(
        adds in proptest::collection::vec(proptest::collection::vec((0u32..300, 0u16..40), 0..60), 1..6),
        bumps in proptest::collection::vec(proptest::collection::vec(0u32..300, 0..60), 0..6),
        keep_mod in 2u16..5,
        drop_mod in 2u16..5,
    ) {
        let (mut a, mut b) = Default::default();
        let mut sparse = Tally::new(1 << 20, &mut a);
        let mut dense = Tally::new(256, &mut b);
        dense.expect(usize::MAX / 64);
        let mut model = Model::default();
        for chunk in &adds {
            let chunk: Vec<PrefixEntry> =
                chunk.iter().map(|&(side, len)| entry(side, len)).collect();
            sparse.add_chunk(&chunk, 1, |_| true);
            dense.add_chunk(&chunk, 1, |_| true);
            for e in &chunk {
                model.add(e.side, e.len, 1);
            }
        }
        let keep = |c: Cand| !(c.len + c.hits).is_multiple_of(keep_mod);
        sparse.retain(keep);
        dense.retain(keep);
        model.0.retain(|_, &mut (len, hits)| keep(Cand { len, hits }));
        let stays = |c: Cand| !(c.len * 3 + c.hits).is_multiple_of(drop_mod);
        for chunk in &bumps {
            let chunk: Vec<PrefixEntry> = chunk.iter().map(|&side| entry(side, 0)).collect();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            sparse.bump_chunk(&chunk, 2, |c| {
                a.push((c.len, c.hits));
                stays(c)
            });
            dense.bump_chunk(&chunk, 2, |c| {
                b.push((c.len, c.hits));
                stays(c)
            });
            let mut want = Vec::new();
            for e in &chunk {
                if let Some(&(len, hits)) = model.0.get(&e.side) {
                    want.push((len, hits));
                    if stays(Cand { len, hits }) {
                        model.bump(e.side, 2);
                    } else {
                        model.0.remove(&e.side);
                    }
                }
            }
            prop_assert_eq!(&a, &want);
            prop_assert_eq!(&b, &want);
        }
        let want: Vec<_> = model.0.iter().map(|(&s, &(l, h))| (s, l, h)).collect();
        prop_assert_eq!(contents(&sparse), want.clone());
        prop_assert_eq!(contents(&dense), want);
    }

    /// A tally in buffers an earlier one used (sparse or dense, with candidates dropped
    /// by `retain` and by bumps) starts empty, with every slot zero, and then tallies
    /// as one in fresh buffers.
    #[test]
    fn reused_buffers_tally_as_fresh_ones(
        before in proptest::collection::vec((0u32..300, 0u16..40), 0..200),
        after in proptest::collection::vec((0u32..300, 0u16..40), 0..200),
        dense_before in any::<bool>(),
        dense_after in any::<bool>(),
        cut in 0u16..40,
    ) {
        let to_entries = |v: &[(u32, u16)]| -> Vec<PrefixEntry> {
            v.iter().map(|&(side, len)| entry(side, len)).collect()
        };
        let mut bufs = TallyBufs::default();
        let mut first = Tally::new(256, &mut bufs);
        if dense_before {
            first.expect(usize::MAX / 64);
        }
        first.add_chunk(&to_entries(&before), 1, |_| true);
        first.retain(|c| c.len >= cut);
        first.bump_chunk(&to_entries(&before), 1, |c| c.len != cut + 1);
        let mut fresh_bufs = TallyBufs::default();
        let mut fresh = Tally::new(256, &mut fresh_bufs);
        let mut reused = Tally::new(256, &mut bufs);
        prop_assert_eq!(reused.len(), 0);
        prop_assert!(!reused.is_dense());
        prop_assert!(reused.bufs.slots.iter().all(|&s| s == [0; 2]));
        for t in [&mut fresh, &mut reused] {
            if dense_after {
                t.expect(usize::MAX / 64);
            }
            t.add_chunk(&to_entries(&after), 2, |len| len != cut);
        }
        prop_assert_eq!(contents(&reused), contents(&fresh));
    }

    /// The live counts after any moves are those of the two-look-up `moved`.
    #[test]
    fn moved_equals_the_two_lookups(
        n in 1usize..70,
        threshold in 50u8..100,
        moves in proptest::collection::vec((0u16..120, 0usize..70, 0usize..8), 0..80),
    ) {
        let bar = Bar { threshold, kth: None };
        let (mut a, mut b) = (Lacking::new(n, bar), Lacking::new(n, bar));
        for &(len, have, _) in &moves {
            let len = if len == 119 { u16::MAX } else { len };
            a.add(len, have);
            b.add(len, have);
        }
        for &(len, have, more) in &moves {
            let len = if len == 119 { u16::MAX } else { len };
            let lack = a.moved(len, have, have + more);
            prop_assert_eq!(lack, a.lack(len, have + more));
            moved_before(&mut b, len, have, have + more);
        }
        prop_assert_eq!(&a.hist, &b.hist);
    }
}
