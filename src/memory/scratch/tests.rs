//! Reuse cannot leak one query's state into the next: any sequence of queries through one
//! `Memory` answers as a fresh search (fresh buffers) answers each query, and the look-ups
//! by side id read as empty after [`Marks::begin`].

use proptest::prelude::*;

use super::*;
use crate::memory::rank::{rank, Suggestion};
use crate::memory::search::{prepare_query, search, SuggestOptions};
use crate::memory::{Memory, Side, UnitRecord};

const WORDS: [&str; 12] = [
    "قال",
    "الرئيس",
    "في",
    "بغداد",
    "الوزير",
    "الوضع",
    "مستقر",
    "اليوم",
    "إن",
    "على",
    "من",
    "الحكومة",
];

/// `len` words of [`WORDS`] picked by `seed`: a few common words make long lists, so the
/// full-list tally turns dense and the probe's count filter marks many candidates.
fn text(seed: usize, len: usize) -> String {
    let words: Vec<&str> = (0..len)
        .map(|k| WORDS[(seed * 7 + k * k * 3 + k / 3) % WORDS.len()])
        .collect();
    words.join(" ")
}

/// 900 units: short ones and, one in three, long enough (≥ 64 tokens) for the prefix lists.
fn memory() -> Memory {
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    for i in 0..900usize {
        let len = if i % 3 == 0 { 60 + i % 30 } else { 3 + i % 9 };
        w.add(&UnitRecord::new(
            Side::new("ar", text(i, len)),
            Side::new("en", format!("english {i}")),
        ))
        .unwrap();
    }
    w.commit().unwrap();
    m
}

/// Queries: short (full lists) and long (prefix lists), near units and far from all.
fn queries() -> Vec<String> {
    let mut qs = Vec::new();
    for i in [0usize, 3, 4, 90, 301, 599, 777] {
        let len = if i % 3 == 0 { 60 + i % 30 } else { 3 + i % 9 };
        qs.push(text(i, len));
        qs.push(text(i + 1000, len));
    }
    qs.push(WORDS.join(" "));
    qs.push("كلمة غريبة".into());
    qs
}

/// The suggestions of a search in buffers of its own (what a fresh `Memory` gives).
fn fresh(m: &Memory, text: &str, opts: &SuggestOptions) -> Vec<Suggestion> {
    let conn = m.conn();
    let Some(q) = prepare_query(conn, text, opts, &mut TermCache::default()).unwrap() else {
        return Vec::new();
    };
    let hits = search(conn, &q, opts.threshold, opts.top, &mut Scratch::default()).unwrap();
    rank(conn, text, hits, opts.top).unwrap()
}

fn options(threshold: u8, top: usize) -> SuggestOptions {
    let mut opts = SuggestOptions::new("ar", "en");
    opts.threshold = threshold;
    opts.top = top;
    opts
}

#[test]
fn a_query_after_large_ones_answers_as_in_a_fresh_memory() {
    let m = memory();
    let qs = queries();
    let mut answered = 0;
    // Every query after every other, at a low bar (many candidates: a dense tally, many
    // marks) and at the prefix lists' bar.
    for (a, b) in qs.iter().flat_map(|a| qs.iter().map(move |b| (a, b))) {
        for t in [40, 75] {
            let opts = options(t, 5);
            m.suggest(a, &options(30, 50)).unwrap();
            let got = m.suggest(b, &opts).unwrap();
            assert_eq!(got, fresh(&m, b, &opts), "{b} after {a} at {t}");
            answered += usize::from(!got.is_empty());
        }
    }
    assert!(answered > qs.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any sequence of queries, thresholds and tops through one memory answers each as a
    /// fresh search does (and as the brute-force scan, the lossless reference).
    #[test]
    fn any_query_sequence_answers_as_fresh_searches(
        seq in proptest::collection::vec((0usize..16, 30u8..100, 1usize..8), 1..10),
    ) {
        let m = memory();
        let qs = queries();
        for &(i, t, top) in &seq {
            let text = &qs[i];
            let opts = options(t, top);
            let got = m.suggest(text, &opts).unwrap();
            prop_assert_eq!(&got, &fresh(&m, text, &opts), "{} at {} top {}", text, t, top);
            prop_assert_eq!(&got, &m.suggest_brute_force(text, &opts).unwrap());
        }
    }

    /// After [`Marks::begin`], no side reads as marked, whatever was marked before, in
    /// either form; the sides marked since read as marked.
    #[test]
    fn marks_begin_empty(
        uses in proptest::collection::vec(
            (any::<bool>(), proptest::collection::vec(0u32..5000, 0..200)),
            1..6,
        ),
    ) {
        let mut marks = Marks::default();
        for (dense, sides) in &uses {
            let top = sides.iter().copied().max().unwrap_or(0) as usize;
            marks.begin(*dense, top);
            for s in 0..6000u32 {
                prop_assert!(marks.at(s).is_none() && !marks.holds(s), "{}", s);
            }
            for (i, &s) in sides.iter().enumerate() {
                marks.set(*dense, s, i);
            }
            for &s in sides {
                prop_assert_eq!(marks.at(s).is_some(), *dense);
                prop_assert_eq!(marks.holds(s), !*dense);
            }
        }
    }
}
