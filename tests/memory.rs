//! Integration tests of the memory: the store API (open, merge, alternatives, export walk),
//! the fuzzy index against a brute-force scan, and the real binary's `suggest`,
//! `concordance` and `stats` including bad inputs.

#[path = "memory/cli.rs"]
mod cli;
#[path = "memory/index.rs"]
mod index;
mod memory_support;

use memory_support::*;
use tarjama::memory::{AddOutcome, Memory, Side, Status, UnitRecord};
use tarjama::Error;

#[test]
fn creates_file_and_parent_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/tm.db");
    let mut m = Memory::open_or_create(&path).unwrap();
    let mut w = m.writer().unwrap();
    w.add(&pair("قال الكاظمي", "Kadhimi said")).unwrap();
    w.commit().unwrap();
    drop(m);
    let m = Memory::open_existing(&path).unwrap();
    assert_eq!(m.len().unwrap(), 1);
}

#[test]
fn identical_pair_merges_and_other_target_is_an_alternative() {
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    let first = w.add(&pair("قال الكاظمي", "Kadhimi said")).unwrap();
    let mut again = pair("قال الكاظمي", "Kadhimi said");
    again.status = Status::Reviewed;
    again.usage_count = 3;
    let merged = w.add(&again).unwrap();
    let alt = w.add(&pair("قال الكاظمي", "Al-Kadhimi said")).unwrap();
    let reversed = w
        .add(&UnitRecord::new(
            Side::new("en", "Kadhimi said"),
            Side::new("ar-IQ", "قال الكاظمي"),
        ))
        .unwrap();
    w.commit().unwrap();
    assert!(matches!(first, AddOutcome::Added(_)));
    assert_eq!(merged, AddOutcome::Merged(first.id()));
    assert!(matches!(alt, AddOutcome::Alternative(id) if id != first.id()));
    assert_eq!(reversed, AddOutcome::Merged(first.id()));
    let unit = m.unit(first.id()).unwrap().unwrap();
    assert_eq!(unit.record.status, Status::Reviewed);
    assert_eq!(unit.record.usage_count, 3);
    assert_eq!(m.len().unwrap(), 2);
}

#[test]
fn a_writer_on_a_stored_memory_finds_stored_pairs_before_and_after_it_reads_their_hashes() {
    // A writer looks stored sides up list by list, then, once its look-ups would have paid
    // for it (here after 45: 40 stored units, 80 sides), reads every hash list into RAM.
    // Merges and alternatives must come out the same on both sides of that switch.
    let mut m = Memory::in_memory().unwrap();
    let stored = |i: usize| {
        pair(
            &format!("قال المتحدث {i}"),
            &format!("the spokesman said {i}"),
        )
    };
    let mut w = m.writer().unwrap();
    let ids: Vec<i64> = (0..40).map(|i| w.add(&stored(i)).unwrap().id()).collect();
    w.commit().unwrap();
    let mut w = m.writer().unwrap();
    // Before the switch: a stored pair again, and one reversed.
    assert_eq!(w.add(&stored(3)).unwrap(), AddOutcome::Merged(ids[3]));
    let reversed = |i: usize| {
        UnitRecord::new(
            Side::new("en", format!("the spokesman said {i}")),
            Side::new("ar", format!("قال المتحدث {i}")),
        )
    };
    assert_eq!(w.add(&reversed(5)).unwrap(), AddOutcome::Merged(ids[5]));
    // Sixty new pairs take the writer past the switch.
    let new = |i: usize| {
        pair(
            &format!("أعلن الوزير {i}"),
            &format!("the minister announced {i}"),
        )
    };
    let new_ids: Vec<i64> = (0..60)
        .map(|i| match w.add(&new(i)).unwrap() {
            AddOutcome::Added(id) => id,
            other => panic!("new pair {i}: {other:?}"),
        })
        .collect();
    // After it: stored pairs (either direction), a stored source with another target, and
    // this writer's own pairs.
    assert_eq!(w.add(&stored(7)).unwrap(), AddOutcome::Merged(ids[7]));
    assert_eq!(w.add(&reversed(39)).unwrap(), AddOutcome::Merged(ids[39]));
    assert_eq!(w.add(&stored(0)).unwrap(), AddOutcome::Merged(ids[0]));
    let other_target = pair("قال المتحدث 9", "the spokesperson said 9");
    assert!(matches!(
        w.add(&other_target).unwrap(),
        AddOutcome::Alternative(_)
    ));
    assert_eq!(w.add(&new(17)).unwrap(), AddOutcome::Merged(new_ids[17]));
    assert!(matches!(
        w.add(&pair("قال المتحدث 41", "the spokesman said 41"))
            .unwrap(),
        AddOutcome::Added(_)
    ));
    w.commit().unwrap();
    assert_eq!(m.len().unwrap(), 40 + 60 + 2);
}

#[test]
fn a_source_shared_by_many_units_merges_into_the_unit_holding_the_pair() {
    // The writer reads back only the units whose other side may be the new target: the
    // outcome must be the one a comparison with every unit gives (lowest id, same before
    // alternative, either direction, markup counts), in this writer and the next one.
    let mut m = Memory::in_memory().unwrap();
    let source = "قال الرئيس";
    let with_markup = |mut side: Side, markup: &str| {
        side.markup = Some(markup.to_string());
        side
    };
    let mut w = m.writer().unwrap();
    let ids: Vec<i64> = (0..5)
        .map(|i| {
            w.add(&pair(source, &format!("the president said {i}")))
                .unwrap()
                .id()
        })
        .collect();
    assert_eq!(
        w.add(&pair(source, "the president said 3")).unwrap(),
        AddOutcome::Merged(ids[3])
    );
    let reversed = UnitRecord::new(
        Side::new("en", "the president said 4"),
        Side::new("ar", source),
    );
    assert_eq!(w.add(&reversed).unwrap(), AddOutcome::Merged(ids[4]));
    // Same text, other markup: another source (no alternative), or another target.
    let tagged_source = UnitRecord::new(
        with_markup(Side::new("ar", source), "<b>"),
        Side::new("en", "the president said 2"),
    );
    assert!(matches!(
        w.add(&tagged_source).unwrap(),
        AddOutcome::Added(_)
    ));
    let tagged_target = UnitRecord::new(
        Side::new("ar", source),
        with_markup(Side::new("en", "the president said 2"), "<i>"),
    );
    let tagged = w.add(&tagged_target).unwrap();
    assert!(matches!(tagged, AddOutcome::Alternative(_)));
    assert_eq!(
        w.add(&tagged_target).unwrap(),
        AddOutcome::Merged(tagged.id())
    );
    w.commit().unwrap();
    let mut w = m.writer().unwrap();
    assert_eq!(
        w.add(&pair(source, "the president said 1")).unwrap(),
        AddOutcome::Merged(ids[1])
    );
    assert_eq!(
        w.add(&tagged_target).unwrap(),
        AddOutcome::Merged(tagged.id())
    );
    let nine = w.add(&pair(source, "the president said 9")).unwrap();
    assert!(matches!(nine, AddOutcome::Alternative(_)));
    assert_eq!(
        w.add(&pair(source, "the president said 9")).unwrap(),
        AddOutcome::Merged(nine.id())
    );
    w.commit().unwrap();
    assert_eq!(m.len().unwrap(), 8);
}

#[test]
fn dropped_writer_rolls_back() {
    let mut m = Memory::in_memory().unwrap();
    {
        let mut w = m.writer().unwrap();
        w.add(&pair("نعم", "yes")).unwrap();
    }
    assert_eq!(m.len().unwrap(), 0);
}

#[test]
fn every_field_survives_the_export_walk() {
    let mut m = Memory::in_memory().unwrap();
    let unit = full_unit();
    let mut w = m.writer().unwrap();
    w.add(&unit).unwrap();
    w.commit().unwrap();
    let mut seen = Vec::new();
    m.for_each_unit(|u| -> Result<(), Error> {
        seen.push(u.clone());
        Ok(())
    })
    .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].record, unit);
    assert_eq!(seen[0].source_key(), "قال الكاظمي ان 3.5 مليار");
}

#[test]
fn remove_origin_deletes_only_that_article() {
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    for (i, origin) in ["a.txt", "a.txt", "b.txt"].iter().enumerate() {
        let mut u = pair(&format!("جملة رقم {i}"), &format!("sentence {i}"));
        u.origin = Some(origin.to_string());
        w.add(&u).unwrap();
    }
    assert_eq!(w.remove_origin("a.txt").unwrap(), 2);
    w.commit().unwrap();
    assert_eq!(m.len().unwrap(), 1);
}

#[test]
fn bad_units_are_refused() {
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    let err = w.add(&pair("  ", "x")).unwrap_err();
    assert!(err.to_string().contains("empty source text"), "{err}");
    let bad_lang = UnitRecord::new(Side::new("arabic!", "نعم"), Side::new("en", "yes"));
    let err = w.add(&bad_lang).unwrap_err();
    assert!(err.to_string().contains("not a BCP 47 tag"), "{err}");
}

#[test]
fn foreign_files_are_not_memories() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, just some text that is long enough",
    )
    .unwrap();
    let err = Memory::open_existing(&text).err().unwrap();
    assert!(matches!(err, Error::NotAMemory { .. }), "{err}");
    let err = Memory::open_or_create(&text).err().unwrap();
    assert!(matches!(err, Error::NotAMemory { .. }), "{err}");

    let other = dir.path().join("other.sqlite");
    foreign_sqlite(&other);
    let err = Memory::open_existing(&other).err().unwrap();
    assert!(err.to_string().contains("another application"), "{err}");

    let missing = dir.path().join("missing.db");
    assert!(Memory::open_existing(&missing).is_err());
    assert!(!missing.exists());
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.db");
    make_newer_schema(&path);
    let err = Memory::open_existing(&path).err().unwrap();
    assert!(
        matches!(err, Error::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn suggest_forgets_removed_units_and_finds_their_replacements() {
    let mut m = Memory::in_memory().unwrap();
    let mut old = pair(
        "وصل الوفد إلى بغداد صباح اليوم",
        "The delegation arrived in Baghdad",
    );
    old.origin = Some("article-7".into());
    let mut w = m.writer().unwrap();
    w.add(&old).unwrap();
    w.commit().unwrap();
    let mut new = pair(
        "وصل الوفد إلى بغداد صباح اليوم",
        "The delegation arrived in Baghdad this morning",
    );
    new.origin = Some("article-7".into());
    let mut w = m.writer().unwrap();
    assert_eq!(w.remove_origin("article-7").unwrap(), 1);
    let added = w.add(&new).unwrap();
    w.commit().unwrap();
    assert!(matches!(added, AddOutcome::Added(_)), "{added:?}");
    let opts = tarjama::memory::SuggestOptions::new("ar", "en");
    let got = m.suggest("وصل الوفد إلى بغداد صباح اليوم", &opts).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].target,
        "The delegation arrived in Baghdad this morning"
    );
    assert_eq!(
        got,
        m.suggest_brute_force("وصل الوفد إلى بغداد صباح اليوم", &opts)
            .unwrap()
    );
}

#[test]
fn giant_units_are_found_without_quadratic_blowups() {
    // 70,000 words: more than a posting entry's 16-bit length field holds.
    let words: Vec<String> = (0..70_000).map(|i| format!("w{}", i % 5000)).collect();
    let text = words.join(" ");
    let mut m = Memory::in_memory().unwrap();
    let mut w = m.writer().unwrap();
    w.add(&pair("نص قصير", "short text")).unwrap();
    w.add(&UnitRecord::new(
        Side::new("en", &text),
        Side::new("ar", "نص طويل جدا"),
    ))
    .unwrap();
    w.commit().unwrap();
    let got = m
        .suggest(&text, &tarjama::memory::SuggestOptions::new("en", "ar"))
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].score, 100);
    assert!(got[0].diff.is_empty());
}
