//! The fuzzy index against the brute-force scan: property tests over random memories and
//! queries for several thresholds and top-k (short units, and long units sharing runs of
//! frequent words), and a check on real Tatoeba sentences.

use crate::memory_support::*;
use proptest::prelude::*;
use tarjama::memory::SuggestOptions;
use tarjama::memory::{Memory, Side, Status, UnitRecord};

/// Words with look-alike variants (diacritics, letter forms, case, digit shapes) and
/// punctuation, so that 100s, 99s and fuzzy scores all occur.
const WORDS: &[&str] = &[
    "قال",
    "قالَ",
    "الكاظمي",
    "الكـاظمي",
    "أمس",
    "امس",
    "في",
    "بغداد",
    "رئيس",
    "الوزراء",
    "٢٠٢١",
    "2021",
    "،",
    ".",
    "Said",
    "said",
    "the",
    "minister",
    "in",
    "Baghdad",
    "!",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..9).prop_map(|w| w.join(" "))
}

fn unit() -> impl Strategy<Value = (String, String, u8)> {
    (sentence(), sentence(), 0u8..4)
}

fn build(units: &[(String, String, u8)]) -> Memory {
    let mut m = Memory::in_memory().unwrap();
    add(&mut m, units);
    m
}

fn add(m: &mut Memory, units: &[(String, String, u8)]) {
    let mut w = m.writer().unwrap();
    for (a, b, kind) in units {
        let (a, b) = (format!("{a} x"), format!("{b} y"));
        let u = match kind {
            0 => UnitRecord::new(Side::new("ar", &a), Side::new("en", &b)),
            1 => UnitRecord::new(Side::new("ar-IQ", &a), Side::new("en-GB", &b)),
            2 => UnitRecord::new(Side::new("en", &b), Side::new("ar", &a)),
            _ => {
                let mut u = UnitRecord::new(Side::new("ar", &a), Side::new("en", &b));
                u.status = Status::Reviewed;
                u
            }
        };
        w.add(&u).unwrap();
    }
    w.commit().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn for_several_thresholds(units in prop::collection::vec(unit(), 1..60),
                              queries in prop::collection::vec(sentence(), 1..6)) {
        let m = build(&units);
        for q in queries.iter().map(|q| format!("{q} x")).chain(units.iter().take(3).map(|u| format!("{} x", u.0))) {
            for threshold in [1u8, 30, 50, 70, 85, 99, 100] {
                for top in [1usize, 3, 50] {
                    for (from, to) in [("ar", "en"), ("en", "ar-IQ")] {
                        let mut opts = SuggestOptions::new(from, to);
                        opts.threshold = threshold;
                        opts.top = top;
                        let fast = m.suggest(&q, &opts).unwrap();
                        let slow = m.suggest_brute_force(&q, &opts).unwrap();
                        prop_assert_eq!(&fast, &slow, "query {:?} t {} top {}", q, threshold, top);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// `compact` gives the tokens a new global order (document frequency) and rebuilds the
    /// prefix lists; tokens first stored afterwards rank rarer than all of them. Answers stay
    /// those of the scan before and after, with removed units and new words in between.
    #[test]
    fn across_compaction_and_new_tokens(first in prop::collection::vec(long_unit(), 1..40),
                                        later in prop::collection::vec(long_unit(), 1..40),
                                        gone in prop::collection::vec(0i64..40, 0..6),
                                        queries in prop::collection::vec(long_sentence(), 1..4)) {
        let mut m = build(&first);
        let check = |m: &Memory, label: &str| -> Result<(), TestCaseError> {
            let own = first.iter().chain(&later).take(2).map(|u| format!("{} x", u.0));
            for q in queries.iter().map(|q| format!("{q} x")).chain(own) {
                for threshold in [70u8, 80, 95] {
                    for top in [1usize, 3] {
                        let mut opts = SuggestOptions::new("ar", "en");
                        opts.threshold = threshold;
                        opts.top = top;
                        let fast = m.suggest(&q, &opts).unwrap();
                        let slow = m.suggest_brute_force(&q, &opts).unwrap();
                        prop_assert_eq!(&fast, &slow, "{} query {:?} t {} top {}", label, q, threshold, top);
                    }
                }
            }
            Ok(())
        };
        let mut w = m.writer().unwrap();
        for id in &gone {
            w.remove_unit(id + 1).unwrap();
        }
        w.commit().unwrap();
        check(&m, "before compact")?;
        m.compact().unwrap();
        check(&m, "after compact")?;
        // New words, each rarer in the frozen order than every word stored before.
        let fresh: Vec<(String, String, u8)> = later
            .iter()
            .enumerate()
            .map(|(i, (a, b, k))| (format!("{a} new{} {a}", i % 3), b.clone(), *k))
            .collect();
        add(&mut m, &fresh);
        check(&m, "after adding")?;
    }
}

/// A formulaic opening shared by many long units (long runs of frequent words).
const RUN: &str =
    "قال في بغداد رئيس الوزراء في بغداد أمس قال في the minister said in Baghdad in the in";

/// Long units: 20–180 words, one in two opened by the run (twice, over 64 tokens), so
/// posting lists are long and distances span several 64-token blocks.
/// A unit of two long sentences (prefix lists hold only sides of 45 tokens or more, and
/// only queries of 64 or more read them).
fn long_unit() -> impl Strategy<Value = (String, String, u8)> {
    (long_sentence(), long_sentence(), 0u8..4)
}

fn long_sentence() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 20..180),
        any::<bool>(),
    )
        .prop_map(|(w, run)| {
            let body = w.join(" ");
            if run {
                format!("{RUN} {RUN} {body}")
            } else {
                body
            }
        })
}

/// `text` with word edits at (position, word, operation).
fn edited(text: &str, edits: &[(usize, usize, u8)]) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    for &(pos, word, op) in edits {
        let pos = pos % (words.len() + 1);
        let word = WORDS[word % WORDS.len()];
        match op {
            0 if pos < words.len() => words[pos] = word,
            1 if pos < words.len() => {
                words.remove(pos);
            }
            _ => words.insert(pos, word),
        }
    }
    words.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn for_long_units(bodies in prop::collection::vec((long_sentence(), long_sentence()), 2..40),
                      edits in prop::collection::vec((0usize..400, 0usize..64, 0u8..3), 0..12),
                      other in long_sentence()) {
        let units: Vec<(String, String, u8)> =
            bodies.into_iter().map(|(a, b)| (a, b, 0)).collect();
        let m = build(&units);
        let queries = [
            format!("{} x", units[0].0),
            edited(&format!("{} x", units[1].0), &edits),
            edited(&format!("{} x", units[0].0), &edits[..edits.len() / 2]),
            other,
        ];
        for q in &queries {
            for threshold in [50u8, 70, 90] {
                for top in [1usize, 3] {
                    let mut opts = SuggestOptions::new("ar", "en");
                    opts.threshold = threshold;
                    opts.top = top;
                    let fast = m.suggest(q, &opts).unwrap();
                    let slow = m.suggest_brute_force(q, &opts).unwrap();
                    prop_assert_eq!(&fast, &slow, "query {:?} t {} top {}", q, threshold, top);
                }
            }
        }
    }
}

/// A side whose first word shared with the query, in the global order, comes as late as it
/// can for the side still to reach the threshold: the query's 70 words with its 21 rarest
/// (here: words the memory never saw) replaced — 49 shared, 21 edits, a score of exactly 70.
/// The probe first sees the side in the list of the query's 22nd word with no room to spare,
/// so a positional bound one token too strict loses it; one more edit and it must not come.
#[test]
fn a_side_first_seen_with_no_room_to_spare_is_found() {
    let query: Vec<String> = (0..70).map(|i| format!("word{i:02}")).collect();
    let side = |edits: usize| -> String {
        let mut words = query.clone();
        for (i, w) in words.iter_mut().take(edits).enumerate() {
            *w = format!("other{i:02}");
        }
        words.join(" ")
    };
    for (edits, found) in [(21, true), (22, false)] {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&UnitRecord::new(
            Side::new("en", side(edits)),
            Side::new("ar", "ترجمة"),
        ))
        .unwrap();
        w.commit().unwrap();
        let opts = SuggestOptions::new("en", "ar");
        let got = m.suggest(&query.join(" "), &opts).unwrap();
        let scores: Vec<u8> = got.iter().map(|s| s.score).collect();
        assert_eq!(
            scores,
            if found { vec![70] } else { vec![] },
            "{edits} edits"
        );
        assert_eq!(got, m.suggest_brute_force(&query.join(" "), &opts).unwrap());
    }
}

#[test]
fn index_equals_brute_force_on_tatoeba() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared/data not found");
        return;
    };
    let path = shared.join("data/tatoeba-ara-eng/ara.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not readable", path.display());
        return;
    };
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?))
        })
        .collect();
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    let units: Vec<UnitRecord> = pairs.iter().map(|(en, ar)| pair(ar, en)).collect();
    w.add_all(&units).unwrap();
    w.commit().unwrap();
    let brute_ar = tarjama::memory::BruteForce::load(&m, "ar", "en").unwrap();
    let brute_en = tarjama::memory::BruteForce::load(&m, "en", "ar").unwrap();
    assert_eq!(brute_ar.len(), brute_en.len());
    let mut checked = 0;
    for (i, (en, ar)) in pairs.iter().enumerate().step_by(251) {
        // The sentence itself, and with its first word dropped.
        let dropped = |s: &str| s.split_once(' ').map_or(s.to_string(), |x| x.1.to_string());
        let queries = [
            (ar.to_string(), "ar", "en"),
            (dropped(ar), "ar", "en"),
            (dropped(en), "en", "ar"),
        ];
        for (q, from, to) in queries {
            for threshold in [50u8, 70, 90] {
                let mut opts = tarjama::memory::SuggestOptions::new(from, to);
                opts.threshold = threshold;
                let fast = m.suggest(&q, &opts).unwrap();
                let brute = if from == "ar" { &brute_ar } else { &brute_en };
                let slow = brute.suggest(&m, &q, &opts).unwrap();
                assert_eq!(fast, slow, "pair {i} query {q:?} threshold {threshold}");
                checked += 1;
            }
        }
    }
    assert!(checked > 400, "{checked}");
    eprintln!("tatoeba: {checked} index answers equal to the brute-force scan");
}
