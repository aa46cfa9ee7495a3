//! Ranking tests: the tie-breaker order, keeping the first of the full order, and the
//! character similarity against strsim (with and without a bar).

use super::*;
use crate::memory::{Side, UnitRecord};
use chrono::TimeZone;

const QUERY: &str = "the minister said in baghdad on monday";

/// Units that all score the same against `QUERY` (one word of seven replaced), so only
/// the tie-breakers order them: character similarity (the replacing word's letters), then
/// reviewed, most recent, newest id (identical sources, and "mosul" and "kut", which are
/// as far from "baghdad" in characters).
fn tied_memory() -> Memory {
    let at = |day: u32| Some(Utc.with_ymd_and_hms(2025, 3, day, 12, 0, 0).unwrap());
    // (source, target, reviewed, created, changed)
    let units = [
        (
            "the minister said in basra on monday",
            "t-basra",
            false,
            None,
            None,
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-old",
            false,
            at(1),
            None,
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-reviewed",
            true,
            at(1),
            None,
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-new",
            false,
            at(2),
            None,
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-changed",
            false,
            at(1),
            at(3),
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-undated",
            false,
            None,
            None,
        ),
        (
            "the minister said in mosul on monday",
            "t-mosul-undated-2",
            false,
            None,
            None,
        ),
        (
            "the minister spoke in baghdad on monday",
            "t-spoke",
            false,
            None,
            None,
        ),
        (
            "the minister said in baghdadi on monday",
            "t-baghdadi",
            false,
            None,
            None,
        ),
        (
            "the minister said in kut on monday",
            "t-kut",
            true,
            None,
            None,
        ),
        (
            "a minister said in baghdad on monday",
            "t-a",
            false,
            None,
            None,
        ),
    ];
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    for (source, target, reviewed, created, changed) in units {
        let mut u = UnitRecord::new(Side::new("en", source), Side::new("ar", target));
        u.status = if reviewed {
            Status::Reviewed
        } else {
            Status::Unreviewed
        };
        u.created_at = created;
        u.changed_at = changed;
        w.add(&u).unwrap();
    }
    w.commit().unwrap();
    m
}

fn targets(found: &[Suggestion]) -> Vec<&str> {
    found.iter().map(|s| s.target.as_str()).collect()
}

#[test]
fn ties_are_broken_by_similarity_then_reviewed_then_recent_then_newest_id() {
    let m = tied_memory();
    let mut opts = SuggestOptions::new("en", "ar");
    opts.top = 100;
    let found = m.suggest(QUERY, &opts).unwrap();
    assert!(found.iter().all(|s| s.score == found[0].score), "{found:?}");
    assert_eq!(
        targets(&found),
        [
            "t-baghdadi", // one letter added
            "t-a",        // "the" -> "a": 3 edits
            "t-spoke",
            "t-basra", // shares b, a with "baghdad"
            // "mosul" and "kut" share no letter with "baghdad": 7 edits each, equal
            // similarity; reviewed first, then the most recent, then the newest id.
            "t-mosul-reviewed",
            "t-kut",
            "t-mosul-changed",
            "t-mosul-new",
            "t-mosul-old",
            "t-mosul-undated-2",
            "t-mosul-undated",
        ]
    );
}

#[test]
fn keeping_fewer_than_the_tied_hits_keeps_the_first_of_the_full_order() {
    let m = tied_memory();
    let mut opts = SuggestOptions::new("en", "ar");
    opts.top = 100;
    let all = m.suggest(QUERY, &opts).unwrap();
    for top in 1..all.len() {
        opts.top = top;
        let kept = m.suggest(QUERY, &opts).unwrap();
        assert_eq!(kept, all[..top], "top {top}");
        let plain = m.suggest_plain(QUERY, &opts).unwrap();
        assert_eq!(targets(&plain), targets(&kept), "top {top}");
        let unexplained: Vec<Suggestion> = kept
            .into_iter()
            .map(|s| Suggestion {
                diff: Vec::new(),
                reason: Vec::new(),
                ..s
            })
            .collect();
        assert_eq!(plain, unexplained, "top {top}");
    }
}

#[test]
fn equal_scores_order_by_the_exact_ratio_before_character_similarity() {
    // 29 words; "near" misspells 5 of them and adds 3 (ED 8 of 32 = 75.0), "far" replaces
    // 7 with unrelated words (ED 7 of 29 = 75.86): both show 75, "far" stands higher
    // although "near" is closer in characters.
    let words: Vec<String> = (0..29).map(|i| format!("word{i:02}")).collect();
    let query = words.join(" ");
    let mut near = words.clone();
    for w in near.iter_mut().take(5) {
        w.push('s');
    }
    near.extend(["a", "b", "c"].map(String::from));
    let mut far = words.clone();
    for w in far.iter_mut().skip(10).take(7) {
        *w = "zzzzzzzzzzzzzzz".into();
    }
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    for (source, target) in [(near.join(" "), "t-near"), (far.join(" "), "t-far")] {
        w.add(&UnitRecord::new(
            Side::new("en", &source),
            Side::new("ar", target),
        ))
        .unwrap();
    }
    w.commit().unwrap();
    let opts = SuggestOptions::new("en", "ar");
    let found = m.suggest(&query, &opts).unwrap();
    assert_eq!(targets(&found), ["t-far", "t-near"]);
    assert_eq!([found[0].score, found[1].score], [75, 75]);
    assert!(found[1].similarity > found[0].similarity);
    assert_eq!(m.suggest_brute_force(&query, &opts).unwrap(), found);
    let mut one = opts.clone();
    one.top = 1;
    assert_eq!(targets(&m.suggest(&query, &one).unwrap()), ["t-far"]);
}

/// Characters that fold, combine, take 1–4 bytes, and repeat.
const ALPHABET: [char; 12] = [
    'a', 'b', 'A', ' ', 'ق', 'ا', 'ل', '\u{064E}', '\u{0651}', 'é', '🙂', '.',
];

fn string_of(chars: &[usize]) -> String {
    chars.iter().map(|&i| ALPHABET[i]).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
    /// The similarity equals strsim's on random strings (empty, Arabic with diacritics,
    /// emoji, across a 64-character block border), and with a bar it is the same value
    /// when it reaches the bar and `None` exactly when it does not.
    #[test]
    fn similarity_equals_strsim_and_the_bar_cuts_exactly(
        a in proptest::collection::vec(0usize..ALPHABET.len(), 0..150),
        b in proptest::collection::vec(0usize..ALPHABET.len(), 0..150),
        edits in proptest::collection::vec((0usize..150, 0usize..ALPHABET.len()), 0..20),
        bar in 0.0f64..1.0,
    ) {
        let (a, b) = (string_of(&a), string_of(&b));
        // A near copy of `a` too, so that high similarities and bars near them occur.
        let mut near: Vec<char> = a.chars().collect();
        for (at, c) in edits {
            if !near.is_empty() {
                let at = at % near.len();
                near[at] = ALPHABET[c];
            }
        }
        let near: String = near.into_iter().collect();
        let s = CharSimilarity::new(&a);
        for other in [&b, &near, &a] {
            let exact = s.to(&a, other);
            proptest::prop_assert_eq!(exact, strsim::normalized_levenshtein(&a, other));
            proptest::prop_assert!(s.length_bound(other) >= exact);
            for bar in [bar, exact, exact + 1e-9, exact - 1e-9] {
                let cut = s.at_least(&a, other, Some(bar));
                proptest::prop_assert_eq!(cut, (exact >= bar).then_some(exact), "bar {}", bar);
            }
        }
    }
}

/// Many near-duplicates of a few queries, each with one or two words replaced by words
/// of other lengths and letters (Arabic too): hundreds of hits tie on the exact ratio and
/// differ in character similarity, so keeping a few of them goes through the bar.
#[test]
fn the_bar_keeps_the_first_of_the_full_order_on_many_ties() {
    let words = [
        "قال",
        "الرئيس",
        "أمس",
        "في",
        "بغداد",
        "إن",
        "الحكومة",
        "ستعمل",
        "على",
        "تحسين",
        "the",
        "minister",
        "said",
        "monday",
        "a",
        "kut",
        "basra",
        "x",
        "longerword",
    ];
    let mut seed = 0x2545_f491_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let bases: Vec<Vec<&str>> = (0..3)
        .map(|_| (0..12).map(|_| words[next(words.len())]).collect())
        .collect();
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    for i in 0..400 {
        let mut unit = bases[i % bases.len()].clone();
        for _ in 0..1 + next(2) {
            let at = next(unit.len());
            unit[at] = words[next(words.len())];
        }
        let mut u = UnitRecord::new(Side::new("ar", unit.join(" ")), Side::new("en", "t"));
        u.target.text = format!("t{i}");
        u.status = if next(3) == 0 {
            Status::Reviewed
        } else {
            Status::Unreviewed
        };
        u.created_at = Some(
            Utc.with_ymd_and_hms(2025, 1, 1 + next(3) as u32, 0, 0, 0)
                .unwrap(),
        );
        w.add(&u).unwrap();
    }
    w.commit().unwrap();
    let mut opts = SuggestOptions::new("ar", "en");
    opts.threshold = 50;
    let mut ties = 0;
    for base in &bases {
        let query = base.join(" ");
        opts.top = 1000;
        let all = m.suggest(&query, &opts).unwrap();
        ties = ties.max(all.len());
        for top in [1, 2, 3, 5, 8, 20] {
            opts.top = top;
            let kept = m.suggest(&query, &opts).unwrap();
            assert_eq!(kept, all[..top.min(all.len())], "top {top}");
            let plain = m.suggest_plain(&query, &opts).unwrap();
            assert_eq!(targets(&plain), targets(&kept), "top {top}");
        }
    }
    assert!(ties > 100, "only {ties} hits: the test needs many ties");
}

#[test]
fn the_largest_reaching_distance_is_exact() {
    for longer in 0..40 {
        for bar in [0.0, 0.1, 0.5, 0.75, 0.9, 0.99, 1.0, 1.5] {
            let reaches = |d: usize| 1.0 - d as f64 / longer.max(1) as f64 >= bar;
            let want = (0..=longer).rev().find(|&d| reaches(d));
            assert_eq!(largest_reaching(longer, reaches), want, "{longer} {bar}");
        }
    }
}

#[test]
fn char_similarity_equals_strsim() {
    let texts = [
        "",
        "a",
        "قال الرئيس",
        "قالَ الرئيس أمس",
        "The minister said in Baghdad.",
        "the minister said in baghdad",
        &"long paragraph of common words, ".repeat(12),
        &"long paragraph of rare words, ".repeat(11),
    ];
    for a in texts {
        let s = CharSimilarity::new(a);
        for b in texts {
            assert_eq!(
                s.to(a, b),
                strsim::normalized_levenshtein(a, b),
                "{a:?} {b:?}"
            );
        }
    }
}
