//! The real binary's `suggest`, `concordance` and `stats` on a small news memory, including
//! bad inputs: a missing memory, a file that is not a memory, a newer schema, bad arguments.

use crate::memory_support::*;
use predicates::prelude::PredicateBooleanExt;
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

/// A word whose first letter looks like a proclitic (و of وزير, وزراء) is found with and
/// without the article, whichever form is asked for.
#[test]
fn concordance_finds_words_that_begin_like_a_clitic() {
    let (_dir, tm) = news_memory();
    let found = |phrase: &str| -> Vec<String> {
        let v = json_of(
            &tarjama(&tm)
                .args(["concordance", "--lang", "ar", "--json", phrase])
                .assert()
                .success(),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| h["hits"][0]["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found("وزراء"), ["الوزراء"]);
    assert_eq!(found("الوزراء"), ["الوزراء"]);
    assert_eq!(found("وزير"), ["وزير"]);
    assert_eq!(found("الوزير"), ["وزير"]);
    assert_eq!(found("رئيس الوزراء"), ["رئيس الوزراء"]);
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
    assert_eq!(v["unreviewed"], 4);
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
fn a_folder_given_as_the_memory_is_named_as_a_folder_by_reading_and_writing_commands() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("pairs.csv");
    std::fs::write(&csv, "source,target\nنعم,yes\n").unwrap();
    let folder = dir.path().join("memories");
    std::fs::create_dir(&folder).unwrap();
    let csv_arg = csv.to_str().unwrap();
    for args in [
        vec!["stats"],
        vec!["suggest", "--from", "ar", "--to", "en", "نعم"],
        vec!["import", "--from", "ar", "--to", "en", csv_arg],
    ] {
        tarjama(&folder)
            .args(&args)
            .assert()
            .code(2)
            .stderr(contains("it is a directory"))
            .stderr(contains("read-only").not());
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
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
