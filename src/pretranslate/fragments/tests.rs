use super::*;
use crate::glossary::Glossary;
use crate::memory::{Side, Status, UnitRecord};

/// A memory holding `units`, added in order.
fn memory_of(units: impl IntoIterator<Item = UnitRecord>) -> Memory {
    let mut memory = Memory::in_memory().unwrap();
    let mut w = memory.writer().unwrap();
    for u in units {
        w.add(&u).unwrap();
    }
    w.commit().unwrap();
    memory
}

/// A unit of `source` in language `from` and `target` in language `to`.
fn unit(from: &str, source: impl Into<String>, to: &str, target: impl Into<String>) -> UnitRecord {
    UnitRecord::new(Side::new(from, source), Side::new(to, target))
}

/// A lexicon of the word pairs given, each at weight 1.
fn lexicon(pairs: &[(&str, &str)]) -> Lexicon {
    let mut lex = Lexicon::default();
    for (from, to) in pairs {
        lex.insert(from, to, 1.0);
    }
    lex
}

fn no_glossary() -> Recognizer {
    Recognizer::new(Glossary::new(Vec::new()))
}

/// "Oil prices rose", Arabic → English.
const OIL_AR_EN: [(&str, &str); 3] = [("أسعار", "prices"), ("النفط", "oil"), ("ارتفعت", "rose")];

#[test]
fn the_translation_is_the_stretch_the_lexicon_pairs() {
    let lex = lexicon(&OIL_AR_EN);
    let t = translation(
        &lex,
        "ارتفعت أسعار النفط",
        "On Monday oil prices rose sharply.",
    );
    assert_eq!(t.as_deref(), Some("oil prices rose"));
    assert_eq!(
        translation(&lex, "ارتفعت أسعار النفط", "Nothing here."),
        None
    );
}

#[test]
fn a_shared_run_comes_with_its_translation_and_units() {
    let memory = memory_of(
        [
            (
                "قال الوزير إن أسعار النفط ارتفعت بشدة.",
                "The minister said oil prices rose sharply.",
            ),
            (
                "وفي لندن أسعار النفط ارتفعت أمس.",
                "In London oil prices rose yesterday.",
            ),
            ("هطلت أمطار غزيرة.", "Heavy rain fell."),
        ]
        .map(|(ar, en)| unit("ar", ar, "en", en)),
    );
    let f = Fragmenter::new(&memory, lexicon(&OIL_AR_EN), "ar", "en");
    let none = no_glossary();
    let found = f
        .fragments("ويقول الخبراء: أسعار النفط ارتفعت كثيرا.", &none)
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, "أسعار النفط ارتفعت");
    assert_eq!(found[0].translation, "oil prices rose");
    assert_eq!((found[0].words, found[0].unit_ids.len()), (3, 2));
    // Nothing shared: no fragment; a run of particles only is no fragment either.
    assert!(f
        .fragments("وصل الوفد إلى أربيل.", &none)
        .unwrap()
        .is_empty());
}

#[test]
fn english_runs_are_translated_with_the_built_in_vocabulary_when_nothing_is_learned() {
    let memory = memory_of([unit(
        "en",
        "The minister said oil prices rose sharply.",
        "ar",
        "قال الوزير إن أسعار النفط ارتفعت بشدة.",
    )]);
    // No reviewed unit, no lexicon given: the news vocabulary, read English → Arabic.
    let f = Fragmenter::new(&memory, Lexicon::default(), "en", "ar");
    let found = f
        .fragments("Experts say oil prices rose a lot.", &no_glossary())
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, "oil prices rose");
    assert!(found[0].translation.contains("أسعار النفط"), "{found:?}");
}

#[test]
fn a_run_is_found_in_the_pair_asked_for_behind_many_units_of_another_pair() {
    // More English-French units holding the run than a look-up reads, stored first.
    let french = (0..HITS + 5).map(|i| {
        unit(
            "en",
            format!("In town {i} oil prices rose again."),
            "fr",
            format!("Dans la ville {i} les prix du pétrole ont augmenté."),
        )
    });
    let arabic = [
        (
            "The minister said oil prices rose sharply.",
            "قال الوزير إن أسعار النفط ارتفعت بشدة.",
        ),
        (
            "In London oil prices rose yesterday.",
            "في لندن أسعار النفط ارتفعت أمس.",
        ),
    ]
    .map(|(en, ar)| unit("en", en, "ar", ar));
    let memory = memory_of(french.chain(arabic));
    let lex = lexicon(&[("oil", "نفط"), ("prices", "أسعار"), ("rose", "ارتفعت")]);
    let f = Fragmenter::new(&memory, lex, "en", "ar");
    let found = f
        .fragments("Experts say oil prices rose a lot.", &no_glossary())
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, "oil prices rose");
    assert_eq!(found[0].unit_ids.len(), 2, "{found:?}");
    assert_eq!(found[0].translation, "أسعار النفط ارتفعت");
}

#[test]
fn a_learning_fragmenter_answers_as_one_given_the_learned_lexicon_and_learns_only_when_needed() {
    let memory = memory_of(
        [
            (
                "قال الوزير إن أسعار النفط ارتفعت بشدة.",
                "The minister said oil prices rose sharply.",
            ),
            (
                "وفي لندن أسعار النفط ارتفعت أمس.",
                "In London oil prices rose yesterday.",
            ),
            ("أسعار الذهب ارتفعت أمس.", "Gold prices rose yesterday."),
            ("قال الوزير أمس.", "The minister said yesterday."),
        ]
        .map(|(ar, en)| {
            let mut u = unit("ar", ar, "en", en);
            u.status = Status::Reviewed;
            u
        }),
    );
    let none = no_glossary();
    let learning = Fragmenter::learning(&memory, "ar-IQ", "en");
    assert!(learning
        .fragments("وصل الوفد إلى أربيل.", &none)
        .unwrap()
        .is_empty());
    assert!(learning.source.get().is_none(), "no run, nothing learned");
    let given = memory_lexicon::lexicon_from_memory(&memory, "ar", "en").unwrap();
    assert!(!given.is_empty());
    let given = Fragmenter::new(&memory, given, "ar", "en");
    let segment = "ويقول الخبراء: أسعار النفط ارتفعت كثيرا.";
    let found = learning.fragments(segment, &none).unwrap();
    assert!(learning.source.get().is_some());
    assert_eq!(found, given.fragments(segment, &none).unwrap());
    assert!(found[0].translation.starts_with("oil prices"), "{found:?}");
    // Stored, then read stem by stem by the next fragmenter: the same fragments.
    assert!(learning.keep_learned().unwrap());
    let reading = Fragmenter::learning(&memory, "ar", "en");
    assert_eq!(reading.fragments(segment, &none).unwrap(), found);
    assert!(matches!(reading.source.get(), Some(LexiconSource::Stored)));
    assert!(
        !reading.keep_learned().unwrap(),
        "nothing learned, nothing to store"
    );
}

#[test]
fn a_work_limit_cuts_the_search_short_wherever_the_units_were_read() {
    // 50 units hold "oil", "prices" and "rose" apart; only the last one (the 51st holding
    // all three) holds "oil prices rose".
    let scattered = (0..50).map(|k| {
        unit(
            "en",
            format!("Prices of oil rose in market {k}."),
            "ar",
            format!("ارتفعت أسعار النفط في السوق {k}."),
        )
    });
    let memory = memory_of(scattered.chain([unit(
        "en",
        "Oil prices rose sharply.",
        "ar",
        "ارتفعت أسعار النفط بشدة.",
    )]));
    let lex = lexicon(&[("oil", "النفط"), ("prices", "أسعار"), ("rose", "ارتفعت")]);
    let none = no_glossary();
    let segment = "Analysts say oil prices rose today.";
    let run = |f: &FragmentSearch| f.fragments.iter().any(|f| f.text == "oil prices rose");
    // Unbounded, and by default: found after checking the 51 units holding its words.
    for f in [
        Fragmenter::new(&memory, lex.clone(), "en", "ar").limit_work(u64::MAX),
        Fragmenter::new(&memory, lex.clone(), "en", "ar"),
    ] {
        let found = f.search(segment, &none).unwrap();
        assert!(run(&found) && !found.cut_short, "{found:?}");
    }
    // 52 checks allowed a segment: enough, and again for the same segment once its
    // units are held in the cache. 30: cut short both times (had the held units
    // counted nothing, the second search would have reached the run).
    let enough = Fragmenter::new(&memory, lex.clone(), "en", "ar").limit_work(52);
    let short = Fragmenter::new(&memory, lex, "en", "ar").limit_work(30);
    for _ in 0..2 {
        let found = enough.search(segment, &none).unwrap();
        assert!(run(&found) && !found.cut_short, "{found:?}");
        let cut = short.search(segment, &none).unwrap();
        assert!(!run(&cut) && cut.cut_short, "{cut:?}");
        assert_eq!(
            short.fragments(segment, &none).unwrap(),
            cut.fragments,
            "fragments() is search() without the flag"
        );
    }
}
