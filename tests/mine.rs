//! Integration tests of `tarjama glossary mine` and `tarjama glossary audit`, run on the real
//! binary: names mined from a small desk memory (tests/fixtures/mine/desk.csv: a general
//! written two ways, a prime minister with one forbidden spelling, a title rendered two ways,
//! doubtful beads, a name written in Latin letters on both sides; demonyms.csv: adjectives
//! of nationality beside a nisba surname), the CSV imported back, the
//! audit's findings and exit codes, and every bad input the issue names.

use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{repo, TestEnv};

fn fixture(name: &str) -> String {
    repo(&format!("tests/fixtures/mine/{name}"))
        .display()
        .to_string()
}

/// A memory holding one fixture of units.
fn memory_of(units: &str) -> TestEnv {
    let env = TestEnv::new();
    env.cmd()
        .args(["import", &fixture(units)])
        .assert()
        .success();
    env
}

/// A memory holding the desk fixture (and the glossary fixture when `glossary`).
fn desk(glossary: bool) -> TestEnv {
    let env = memory_of("desk.csv");
    if glossary {
        env.cmd()
            .args(["glossary", "import", &fixture("glossary.csv")])
            .assert()
            .success();
    }
    env
}

fn mined(env: &TestEnv) -> Value {
    let out = env
        .cmd()
        .args(["glossary", "mine", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn entry<'a>(report: &'a Value, arabic: &str) -> Option<&'a Value> {
    report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["arabic"][0]["text"] == arabic)
}

#[test]
fn mine_lists_every_spelling_with_counts_units_and_the_reviewed_majority() {
    let env = desk(false);
    let report = mined(&env);
    let general = entry(&report, "تحسين الخفاجي").expect("the general is mined");
    assert_eq!(general["type"], "person");
    assert_eq!(general["preferred"], "Tahsin al-Khafaji");
    assert_eq!(general["preferred_reviewed"], true);
    assert_eq!(general["glossary"]["status"], "new");
    let spellings: Vec<(&str, u64)> = general["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["text"].as_str().unwrap(), s["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(spellings, [("Tahsin al-Khafaji", 3), ("Tahsin Khafagy", 2)]);
    // The example units open with `unit show`.
    let example = general["spellings"][1]["examples"][0].as_i64().unwrap();
    env.cmd()
        .args(["unit", "show", &example.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Khafagy"));
    // A spelling written once is counted, not proposed, at the default --min-count 2.
    let pm = entry(&report, "مصطفى الكاظمي").unwrap();
    assert_eq!(pm["spellings"].as_array().unwrap().len(), 1);
    assert_eq!(pm["rare_spellings"], 1);
    // With --min-count 1 it is proposed too.
    let out = env.stdout(&["glossary", "mine", "--format", "json", "--min-count", "1"]);
    let all: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        entry(&all, "مصطفى الكاظمي").unwrap()["spellings"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn doubtful_beads_and_latin_only_names_teach_nothing() {
    let env = desk(false);
    let out = env
        .cmd()
        .args(["glossary", "mine", "--format", "json", "--min-count", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 units aligned with a confidence below the threshold"),
        "{stderr}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // Units 11 and 12 (confidence .2 and .3) pair يحيى رسول with another man's name.
    assert!(!text.contains("Talal"), "{text}");
    // Joe Biden is written in Latin letters on both sides: no Arabic form to learn.
    assert!(!text.contains("Biden"), "{text}");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["stats"]["units"], 12);
    assert_eq!(report["stats"]["low_confidence"], 2);
    // With a threshold of 0 the doubtful beads are read; transliteration still refuses to
    // pair يحيى رسول with Ahmed Mulla Talal.
    let low: Value = serde_json::from_str(&env.stdout(&[
        "glossary",
        "mine",
        "--format",
        "json",
        "--min-count",
        "1",
        "--min-bead-confidence",
        "0",
    ]))
    .unwrap();
    assert_eq!(low["stats"]["units"], 14);
    assert!(!low.to_string().contains("Talal"));
}

#[test]
fn adjectives_of_nationality_are_not_proposed_as_names() {
    let env = memory_of("demonyms.csv");
    let report = mined(&env);
    // Iraqis ↔ العراقيون, Sudanese ↔ السودانية: nisba adjectives agreeing with a plural or
    // feminine noun, not people.
    let text = report.to_string();
    assert!(
        !text.contains("Iraqis") && !text.contains("Sudanese"),
        "{text}"
    );
    // A nisba surname written alone is still a name.
    let kadhimi = entry(&report, "الكاظمي").expect("Kadhimi is mined");
    assert_eq!(kadhimi["preferred"], "Kadhimi");
}

#[test]
fn csv_imports_back_and_then_confirms_instead_of_duplicating() {
    let env = desk(false);
    let csv = env.stdout(&["glossary", "mine", "--format", "csv"]);
    assert!(
        csv.starts_with("type,ar,en,ar_admitted,en_admitted"),
        "{csv}"
    );
    assert!(
        csv.contains("person,تحسين الخفاجي,Tahsin al-Khafaji,,Tahsin Khafagy,"),
        "{csv}"
    );
    let file = env.file("mined.csv", &csv);
    env.cmd()
        .args(["glossary", "import", file.to_str().unwrap()])
        .assert()
        .success();
    let report = mined(&env);
    for e in report["entries"].as_array().unwrap() {
        assert_eq!(e["glossary"]["status"], "confirmed", "{e}");
    }
    let again = env.stdout(&["glossary", "mine", "--format", "csv"]);
    assert_eq!(again.lines().count(), 1, "only the header: {again}");
    // --others forbidden writes the minority spellings as forbidden variants.
    let env = desk(false);
    let csv = env.stdout(&[
        "glossary",
        "mine",
        "--format",
        "csv",
        "--others",
        "forbidden",
    ]);
    assert!(
        csv.contains("person,تحسين الخفاجي,Tahsin al-Khafaji,,,,Tahsin Khafagy,"),
        "{csv}"
    );
}

#[test]
fn an_entry_the_glossary_has_is_confirmed_or_in_conflict() {
    let env = desk(true);
    let report = mined(&env);
    let pm = entry(&report, "مصطفى الكاظمي").unwrap();
    assert_eq!(pm["glossary"]["status"], "confirmed");
    // The forbidden spelling, written once, is proposed at --min-count 1: a conflict.
    let all: Value = serde_json::from_str(&env.stdout(&[
        "glossary",
        "mine",
        "--format",
        "json",
        "--min-count",
        "1",
    ]))
    .unwrap();
    let pm = entry(&all, "مصطفى الكاظمي").unwrap();
    assert_eq!(pm["glossary"]["status"], "conflict");
    let problems = pm["glossary"]["problems"].to_string();
    assert!(
        problems.contains("Mustafa Kazemi is forbidden"),
        "{problems}"
    );
}

#[test]
fn audit_finds_forbidden_spellings_names_and_titles_written_several_ways() {
    let env = desk(true);
    let out = env
        .cmd()
        .args(["glossary", "audit", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let findings: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["glossary_spelling", "name_spellings", "title_renderings"]
    );
    assert_eq!(findings[0]["unit"], 8);
    assert_eq!(findings[0]["written"], "Mustafa Kazemi");
    assert_eq!(findings[0]["status"], "forbidden");
    assert_eq!(findings[1]["arabic"], "تحسين الخفاجي");
    assert_eq!(findings[1]["units"], serde_json::json!([3, 4]));
    assert_eq!(findings[2]["arabic"], "اللواء");
    assert_eq!(findings[2]["preferred"], "Major General");
    assert_eq!(findings[2]["units"], serde_json::json!([3]));
    // The human report names the units.
    env.cmd()
        .args(["glossary", "audit"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "unit 8: مصطفى الكاظمي written \"Mustafa Kazemi\" (forbidden",
        ))
        .stdout(predicate::str::contains("Tahsin Khafagy ×2 (units 3, 4)"))
        .stdout(predicate::str::contains("Maj. Gen. ×1 (units 3)"));
}

#[test]
fn an_unlisted_spelling_of_a_glossary_name_is_found_through_the_pairing() {
    let env = desk(false);
    let glossary = env.file(
        "g.csv",
        "type,ar,en\nperson,تحسين الخفاجي,Tahsin al-Khafaji\ntitle,اللواء,Major General\n",
    );
    env.cmd()
        .args(["glossary", "import", glossary.to_str().unwrap()])
        .assert()
        .success();
    let out = env.stdout(&["glossary", "audit", "--json"]);
    let unlisted: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|f| f["status"] == "unlisted")
        .collect();
    let units: Vec<i64> = unlisted
        .iter()
        .map(|f| f["unit"].as_i64().unwrap())
        .collect();
    assert_eq!(units, [3, 4]);
    assert_eq!(unlisted[0]["written"], "Tahsin Khafagy");
    assert!(out.contains("\"from_glossary\":true"), "{out}");
}

#[test]
fn a_consistent_memory_audits_clean() {
    let env = TestEnv::new();
    let units = env.file(
        "u.csv",
        "ar,en,status\n\
         \"وقال تحسين الخفاجي إن القوات وصلت.\",\"Tahsin al-Khafaji said the forces had arrived.\",reviewed\n\
         \"وأكد تحسين الخفاجي أن الوضع مستقر.\",\"Tahsin al-Khafaji stressed that the situation was stable.\",reviewed\n",
    );
    env.cmd()
        .args(["import", units.to_str().unwrap()])
        .assert()
        .success();
    env.cmd()
        .args(["glossary", "audit"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 findings in 0 units of 2 read"));
}

#[test]
fn only_unreviewed_units_still_work_and_say_so() {
    let env = memory_of("unreviewed.csv");
    let out = env.cmd().args(["glossary", "mine"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no unit is reviewed"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Tahsin al-Khafaji  (confidence")
            && stdout.contains("no reviewed unit writes it"),
        "{stdout}"
    );
}

#[test]
fn an_empty_memory_mines_nothing_and_says_so() {
    let env = TestEnv::new();
    let glossary = env.file("g.csv", "type,ar,en\nplace,بغداد,Baghdad\n");
    env.cmd()
        .args(["glossary", "import", glossary.to_str().unwrap()])
        .assert()
        .success();
    env.cmd()
        .args(["glossary", "mine"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no Arabic–English units"))
        .stdout(predicate::str::contains("0 names from 0 units"));
    env.cmd().args(["glossary", "audit"]).assert().code(0);
    let csv = env.stdout(&["glossary", "mine", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1);
}

#[test]
fn bad_input_is_one_clear_error() {
    let env = TestEnv::new();
    env.cmd()
        .args(["glossary", "mine"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no memory"));
    let env = desk(false);
    env.cmd()
        .args(["glossary", "mine", "--min-confidence", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--min-confidence must be between 0 and 1",
        ));
    env.cmd()
        .args(["glossary", "audit", "--min-bead-confidence", "-1"])
        .assert()
        .code(2);
    env.cmd()
        .args(["glossary", "mine", "--format", "xml"])
        .assert()
        .code(2);
}

/// Spellings of one mined entry, most written first.
fn spellings_of(report: &Value, arabic: &str) -> Vec<(String, u64)> {
    entry(report, arabic).unwrap_or_else(|| panic!("{arabic} is mined: {report:#}"))["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_name_written_in_part_joins_the_whole_name() {
    let report = mined(&memory_of("partial_names.csv"));
    // The English leaves out the last of four Arabic names in two units (one behind the
    // clitic ل): every sighting of عبد اللطيف چوهدري stands before پھولتلي, so it is that name.
    assert_eq!(
        spellings_of(&report, "عبد اللطيف چوهدري پھولتلي"),
        [
            ("Abdul Latif Chowdhury".to_string(), 2),
            ("Abdul Latif Chowdhury Fultali".to_string(), 2)
        ]
    );
    assert!(entry(&report, "عبد اللطيف چوهدري").is_none(), "{report:#}");
    // Split at "ul", the English is still one name.
    assert_eq!(
        spellings_of(&report, "سراج الحق"),
        [
            ("Siraj ul Haq".to_string(), 2),
            ("Sirajul Haq".to_string(), 2)
        ]
    );
    assert!(entry(&report, "سراج").is_none() && entry(&report, "الحق").is_none());
    // حسين is written alone as well as before طيبي: two names, two entries.
    assert_eq!(spellings_of(&report, "حسين"), [("Hussein".to_string(), 2)]);
    assert_eq!(
        spellings_of(&report, "حسين طيبي"),
        [("Hossein Tayyebi".to_string(), 2)]
    );
}
