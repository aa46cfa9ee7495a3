//! Integration tests of the memory: the store API (open, merge, alternatives, export walk),
//! the fuzzy index against a brute-force scan, and the real binary's `suggest`,
//! `concordance` and `stats` including bad inputs.

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
    assert_eq!(seen[0].source_key, "قال الكاظمي ان 3.5 مليار");
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

mod index_equals_brute_force {
    use super::*;
    use proptest::prelude::*;
    use tarjama::memory::SuggestOptions;

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
        m
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
}

mod cli {
    use super::*;
    use predicates::str::contains;

    const ELECTIONS: &str = "قال رئيس الوزراء مصطفى الكاظمي إن الحكومة ستجري الانتخابات في موعدها.";

    #[test]
    fn suggest_identical_sentence_scores_100_and_keeps_arabic_in_logical_order() {
        let (_dir, tm) = news_memory();
        let assert = tarjama(&tm)
            .args(["suggest", "--from", "ar", "--to", "en", ELECTIONS])
            .assert()
            .success();
        let out = stdout_of(&assert);
        assert!(out.contains("100%"), "{out}");
        assert!(
            out.contains(ELECTIONS),
            "Arabic must be printed as stored:\n{out}"
        );
        let reversed: String = ELECTIONS.chars().rev().collect();
        assert!(!out.contains(&reversed));
        assert!(out.contains("Prime Minister Mustafa al-Kadhimi"), "{out}");
    }

    #[test]
    fn suggest_explains_a_99() {
        let (_dir, tm) = news_memory();
        let query = "قالَ رئيسُ الوزراء مصطفى الكاظمي إن الحكومة ستجري الانتخابات في موعدها";
        let assert = tarjama(&tm)
            .args(["suggest", "--from", "ar", "--to", "en", "--json", query])
            .assert()
            .success();
        let v = json_of(&assert);
        let m = &v[0]["matches"][0];
        assert_eq!(m["score"], 99);
        assert_eq!(
            m["reason"],
            serde_json::json!(["diacritics", "punctuation"])
        );
        assert_eq!(m["diff"], serde_json::json!([]));
        let human = stdout_of(
            &tarjama(&tm)
                .args(["suggest", "--from", "ar", "--to", "en", query])
                .assert()
                .success(),
        );
        assert!(
            human.contains("differs in diacritics, punctuation"),
            "{human}"
        );
    }

    #[test]
    fn suggest_fuzzy_match_reports_the_changed_word_and_ranks_ties() {
        let (_dir, tm) = news_memory();
        let assert = tarjama(&tm)
            .args(["suggest", "--from", "ar", "--to", "en", "--json"])
            .arg("ارتفعت أسعار النفط إلى ٩٠ دولاراً للبرميل.")
            .assert()
            .success();
        let v = json_of(&assert);
        let matches = v[0]["matches"].as_array().unwrap();
        assert_eq!(matches.len(), 2, "{v:#}");
        // 7 words, one substituted: ⌊100 · 6/7⌋ = 85 for both; ٨٠ is closer to ٩٠ than ٧٥.
        assert_eq!(matches[0]["score"], 85);
        assert_eq!(matches[1]["score"], 85);
        assert_eq!(matches[0]["target"], "Oil prices rose to $80 a barrel.");
        let diff = &matches[0]["diff"][0];
        assert_eq!(diff["op"], "substituted");
        assert_eq!(diff["source"]["text"], "٨٠");
        assert_eq!(diff["query"]["text"], "٩٠");
        assert_eq!(matches[0]["origin"], "ina-2021-002");
        assert_eq!(matches[0]["status"], "unreviewed");
    }

    #[test]
    fn suggest_works_in_both_directions_and_with_regional_tags() {
        let (_dir, tm) = news_memory();
        let v = json_of(
            &tarjama(&tm)
                .args(["suggest", "--from", "en-GB", "--to", "ar-IQ", "--json"])
                .arg("Oil prices rose to $75 a barrel.")
                .assert()
                .success(),
        );
        assert_eq!(v[0]["matches"][0]["score"], 100);
        assert_eq!(
            v[0]["matches"][0]["target"],
            "ارتفعت أسعار النفط إلى ٧٥ دولاراً للبرميل."
        );
    }

    #[test]
    fn suggest_file_gives_one_block_per_sentence() {
        let (dir, tm) = news_memory();
        let file = dir.path().join("article.txt");
        std::fs::write(
            &file,
            "انخفضت أسعار الذهب في الأسواق العالمية اليوم. وصل الوفد إلى أربيل صباحاً.\n",
        )
        .unwrap();
        let v = json_of(
            &tarjama(&tm)
                .args(["suggest", "--from", "ar", "--to", "en", "--json", "--file"])
                .arg(&file)
                .assert()
                .success(),
        );
        let blocks = v.as_array().unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0]["query"],
            "انخفضت أسعار الذهب في الأسواق العالمية اليوم."
        );
        assert_eq!(blocks[0]["matches"][0]["score"], 100);
        assert_eq!(blocks[1]["matches"], serde_json::json!([]));
        assert_eq!(blocks[0]["start"], 0);
    }

    #[test]
    fn suggest_reads_standard_input() {
        let (_dir, tm) = news_memory();
        let out = stdout_of(
            &tarjama(&tm)
                .args(["suggest", "--from", "ar", "--to", "en", "--threshold", "50"])
                .write_stdin("افتتح المحافظ جسراً جديداً في الموصل.")
                .assert()
                .success(),
        );
        assert!(out.contains("The governor opened a new bridge"), "{out}");
        assert!(out.contains("-على"), "{out}");
    }

    #[test]
    fn concordance_finds_the_name_with_clitics_and_diacritics() {
        let (_dir, tm) = news_memory();
        for phrase in ["الكاظمي", "الكاظِمي"] {
            let v = json_of(
                &tarjama(&tm)
                    .args(["concordance", "--json", phrase])
                    .assert()
                    .success(),
            );
            let hits = v.as_array().unwrap();
            assert_eq!(hits.len(), 3, "{phrase}: {v:#}");
            let texts: Vec<&str> = hits
                .iter()
                .map(|h| h["hits"][0]["text"].as_str().unwrap())
                .collect();
            assert_eq!(texts, ["الكاظمي", "الكاظمي", "للكاظمي"]);
        }
        let out = stdout_of(
            &tarjama(&tm)
                .args(["concordance", "--lang", "ar", "أسعار النفط"])
                .assert()
                .success(),
        );
        assert!(out.contains("ارتفعت ⟦أسعار النفط⟧ إلى"), "{out}");
        assert!(out.contains("Oil prices rose to $80 a barrel."), "{out}");
    }

    #[test]
    fn concordance_in_english() {
        let (_dir, tm) = news_memory();
        let v = json_of(
            &tarjama(&tm)
                .args(["concordance", "--lang", "en", "--json", "KADHIMI"])
                .assert()
                .success(),
        );
        assert_eq!(v.as_array().unwrap().len(), 3, "{v:#}");
        assert_eq!(v[0]["side"], "target");
    }

    #[test]
    fn stats_counts_pairs_origins_status() {
        let (_dir, tm) = news_memory();
        let v = json_of(&tarjama(&tm).args(["stats", "--json"]).assert().success());
        assert_eq!(v["units"], 8);
        assert_eq!(
            v["pairs"],
            serde_json::json!([{"source": "ar", "target": "en", "units": 8}])
        );
        assert_eq!(v["reviewed"], 4);
        assert_eq!(v["origins_total"], 3);
        assert!(v["file_size"].as_u64().unwrap() > 0);
        tarjama(&tm)
            .arg("stats")
            .assert()
            .success()
            .stdout(contains("ar → en  8"))
            .stdout(contains("ina-2021-001"));
    }

    #[test]
    fn reading_commands_refuse_a_missing_memory_without_creating_it() {
        let dir = tempfile::tempdir().unwrap();
        let tm = dir.path().join("none.db");
        for args in [
            vec!["suggest", "--from", "ar", "--to", "en", "نعم"],
            vec!["concordance", "نعم"],
            vec!["stats"],
        ] {
            tarjama(&tm)
                .args(&args)
                .assert()
                .code(2)
                .stderr(contains("no memory here"));
        }
        assert!(!tm.exists());
    }

    #[test]
    fn reading_commands_refuse_files_that_are_not_memories() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello, this is a plain text file and not a database").unwrap();
        let foreign = dir.path().join("other.sqlite");
        foreign_sqlite(&foreign);
        for path in [&text, &foreign] {
            tarjama(path)
                .arg("stats")
                .assert()
                .code(2)
                .stderr(contains("not a tarjama memory"));
        }
        assert_eq!(
            std::fs::read_to_string(&text).unwrap(),
            "hello, this is a plain text file and not a database"
        );
    }

    #[test]
    fn reading_commands_refuse_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let tm = dir.path().join("tm.db");
        make_newer_schema(&tm);
        tarjama(&tm)
            .args(["suggest", "--from", "ar", "--to", "en", "نعم"])
            .assert()
            .code(2)
            .stderr(contains("newer than this tarjama supports"));
    }

    #[test]
    fn suggest_rejects_bad_arguments() {
        let (dir, tm) = news_memory();
        let cases: [(&[&str], &str); 5] = [
            (
                &["--from", "arabic!", "--to", "en", "x"],
                "not a language tag",
            ),
            (
                &["--from", "ar", "--to", "ar-IQ", "x"],
                "give two languages",
            ),
            (
                &["--from", "ar", "--to", "en", "--threshold", "0", "x"],
                "0",
            ),
            (
                &["--from", "ar", "--to", "en", "--threshold", "101", "x"],
                "101",
            ),
            (&["--from", "ar", "--to", "en", "--top", "0", "x"], "0"),
        ];
        for (args, message) in cases {
            tarjama(&tm)
                .arg("suggest")
                .args(args)
                .assert()
                .code(2)
                .stderr(contains(message));
        }
        let bad = dir.path().join("latin1.txt");
        std::fs::write(&bad, b"first line\nsecond \xe9t\xe9\n").unwrap();
        tarjama(&tm)
            .args(["suggest", "--from", "en", "--to", "ar", "--file"])
            .arg(&bad)
            .assert()
            .code(2)
            .stderr(contains("latin1.txt:2: not valid UTF-8"));
        tarjama(&tm)
            .args(["suggest", "--from", "ar", "--to", "en"])
            .write_stdin("   \n")
            .assert()
            .code(2)
            .stderr(contains("no text to look up"));
        tarjama(&tm)
            .args(["concordance", "؟!"])
            .assert()
            .code(2)
            .stderr(contains("has no words"));
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
