//! `tarjama pretranslate` through the real binary: match kinds and states in the XLIFF 1.2
//! and 2.1 drafts, penalties, the match analysis, the other formats, validation of every
//! XLIFF written (scripts/check_xliff.py: OASIS schemas with xmllint, Translate Toolkit), the
//! round trip pretranslate → finish → import, and bad input.

mod import_support;

use std::path::{Path, PathBuf};

use import_support::TestEnv;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pretranslate")
        .join(name)
}

/// A memory with a reviewed article (imported from XLIFF, so with positions) and past pairs.
fn env_with_memory() -> TestEnv {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(fixture("past.csv"))
        .arg(fixture("previous-story.xlf"))
        .assert()
        .success();
    env
}

fn pretranslate(env: &TestEnv, extra: &[&str], out: &str) -> (String, String) {
    let path = env.path(out);
    let done = env
        .tarjama()
        .arg("pretranslate")
        .arg(fixture("story.ar.txt"))
        .args(["--from", "ar", "--to", "en", "-o"])
        .arg(&path)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone();
    (
        std::fs::read_to_string(&path).unwrap(),
        String::from_utf8_lossy(&done.stderr).into_owned(),
    )
}

/// The `<trans-unit>` elements of an XLIFF 1.2 draft, in order.
fn trans_units(xliff: &str) -> Vec<&str> {
    xliff.split("<trans-unit ").skip(1).collect()
}

#[test]
fn xliff_1_2_draft_marks_context_exact_and_fuzzy_matches() {
    let env = env_with_memory();
    let (xliff, stderr) = pretranslate(&env, &["--fill", "85"], "draft.xlf");
    let units = trans_units(&xliff);
    assert_eq!(units.len(), 8, "{xliff}");
    for unit in &units[..2] {
        assert!(
            unit.contains("state=\"translated\" state-qualifier=\"x-context-match\""),
            "{unit}"
        );
        assert!(unit.contains("<alt-trans match-quality=\"101\" origin=\"previous-story.xlf\" tool-id=\"tarjama\">"), "{unit}");
    }
    assert!(units[0].contains(">The prime minister arrived in Erbil this morning.</target>"));
    // The stored article ends after its third sentence; this one continues: exact only.
    assert!(
        units[2].contains("state-qualifier=\"exact-match\""),
        "{}",
        units[2]
    );
    // The same sentence elsewhere: exact, not context.
    assert!(
        units[3].contains("state=\"translated\" state-qualifier=\"exact-match\""),
        "{}",
        units[3]
    );
    // A fuzzy match filled at --fill 85 is left for review, with its score.
    assert!(
        units[4].contains("state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\""),
        "{}",
        units[4]
    );
    // An unreviewed exact match: 100 − 1, not filled at 85? It is (99 ≥ 85), as a draft.
    assert!(units[5].contains("match-quality=\"99\""), "{}", units[5]);
    assert!(units[5].contains("unreviewed −1"), "{}", units[5]);
    assert!(
        units[5].contains("support &lt;farmers&gt; &amp; traders."),
        "{}",
        units[5]
    );
    // No match: no target.
    assert!(!units[6].contains("<target xml:lang"), "{}", units[6]);
    // Only the number differs: substituted in the target's digits, 99 − 1.
    assert!(
        units[7].contains(">Oil prices rose 5 percent on Monday.</target>"),
        "{}",
        units[7]
    );
    assert!(units[7].contains("match-quality=\"98\""), "{}", units[7]);
    assert!(
        units[7].contains("substituted: number 3 → 5"),
        "{}",
        units[7]
    );
    assert!(stderr.contains("101                 2"), "{stderr}");
    assert!(stderr.contains("100                 1"), "{stderr}");
    assert!(stderr.contains("repetitions         1"), "{stderr}");
}

#[test]
fn default_fill_takes_only_reviewed_exact_and_context_matches() {
    let env = env_with_memory();
    let (xliff, _) = pretranslate(&env, &[], "draft.xlf");
    let units = trans_units(&xliff);
    let filled: Vec<bool> = units
        .iter()
        .map(|u| u.contains("<target xml:lang"))
        .collect();
    assert_eq!(filled, [true, true, true, true, false, false, false, false]);
}

#[test]
fn penalties_can_be_turned_off() {
    let env = env_with_memory();
    let (xliff, _) = pretranslate(&env, &["--penalty-unreviewed", "0"], "draft.xlf");
    let units = trans_units(&xliff);
    assert!(
        units[5].contains("state-qualifier=\"exact-match\""),
        "{}",
        units[5]
    );
}

#[test]
fn copy_source_fills_unmatched_targets_as_untranslated() {
    let env = env_with_memory();
    let (xliff, _) = pretranslate(&env, &["--copy-source"], "draft.xlf");
    let last = trans_units(&xliff)[6];
    assert!(
        last.contains("state=\"needs-translation\">هطلت أمطار"),
        "{last}"
    );
}

#[test]
fn xliff_2_draft_has_translation_candidates() {
    let env = env_with_memory();
    let (xliff, _) = pretranslate(&env, &["--format", "xliff2", "--fill", "85"], "draft.xlf");
    assert!(xliff.contains("version=\"2.1\" srcLang=\"ar\" trgLang=\"en\""));
    assert!(
        xliff.contains(
            "<mtc:match id=\"m1\" ref=\"#s1\" type=\"icm\" similarity=\"100\" matchQuality=\"100\""
        ),
        "{xliff}"
    );
    assert!(xliff.contains("<segment id=\"s1\" state=\"translated\">"));
    assert!(xliff.contains("<segment id=\"s5\" state=\"initial\">"));
    assert!(xliff.contains("type=\"tm\""));
}

#[test]
fn analysis_as_json() {
    let env = env_with_memory();
    let out = env
        .tarjama()
        .arg("pretranslate")
        .arg(fixture("story.ar.txt"))
        .args(["--from", "ar", "--to", "en", "--json", "-o"])
        .arg(env.path("d.xlf"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let analysis: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(analysis["segments"], 8);
    let band = |name: &str| {
        analysis["bands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["band"] == name)
            .unwrap()["segments"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(
        (
            band("101"),
            band("100"),
            band("repetitions"),
            band("no match")
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(band("95-99"), 2);
    assert_eq!(band("85-94"), 1);
}

#[test]
fn every_xliff_written_passes_the_schemas_and_translate_toolkit() {
    let env = env_with_memory();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_xliff.py");
    for (format, name) in [("xliff", "d12.xlf"), ("xliff2", "d21.xlf")] {
        for fill in ["100", "70"] {
            pretranslate(
                &env,
                &["--format", format, "--fill", fill, "--copy-source"],
                name,
            );
            let Ok(done) = std::process::Command::new("python3")
                .arg(&script)
                .arg(env.path(name))
                .args(["--min-units", "8"])
                .args([
                    "--expect-target",
                    "The prime minister arrived in Erbil this morning.",
                ])
                .output()
            else {
                eprintln!("skipped: python3 is not installed");
                return;
            };
            let report = String::from_utf8_lossy(&done.stdout);
            for line in report.lines().filter(|l| l.starts_with("skipped")) {
                eprintln!("{line}");
            }
            assert!(done.status.success(), "{format} --fill {fill}:\n{report}");
        }
    }
}

#[test]
fn round_trip_finished_draft_comes_back_once() {
    let env = env_with_memory();
    let before = env.count();
    let (xliff, _) = pretranslate(&env, &["--fill", "85"], "story.xlf");
    // The translator confirms the drafts and translates what had no match.
    let finished = xliff
        .replace("state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\"", "state=\"translated\"")
        .replace(
            "هطلت أمطار غزيرة على مدينة الموصل الليلة الماضية.</source>",
            "هطلت أمطار غزيرة على مدينة الموصل الليلة الماضية.</source><target state=\"translated\">Heavy rain fell on Mosul last night.</target>",
        );
    std::fs::write(env.path("story.xlf"), &finished).unwrap();
    for _ in 0..2 {
        env.tarjama()
            .arg("import")
            .arg(env.path("story.xlf"))
            .assert()
            .success();
    }
    let units = env.units();
    // New: the fuzzy one (six terrorists, as confirmed), the substituted one (5 percent)
    // and the rain; the rest merged into the units they came from.
    assert_eq!(units.len(), before + 3, "{units:#?}");
    let rain: Vec<_> = units
        .iter()
        .filter(|u| u.target.text == "Heavy rain fell on Mosul last night.")
        .collect();
    assert_eq!(rain.len(), 1);
    assert_eq!(rain[0].origin.as_deref(), Some("story.xlf"));
    let mut pairs: Vec<(&str, &str)> = units
        .iter()
        .map(|u| (u.source.text.as_str(), u.target.text.as_str()))
        .collect();
    let n = pairs.len();
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), n, "a pair is stored twice");
}

#[test]
fn html_tsv_and_json_drafts() {
    let env = env_with_memory();
    // The format follows the output's extension when --format is not given.
    let (html, _) = pretranslate(&env, &["--fill", "85"], "d.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("&lt;المزارعين&gt; &amp; التجار"));
    assert!(html.contains("support &lt;farmers&gt; &amp; traders"));
    assert!(!html.contains("<farmers>") && !html.contains("<المزارعين>"));
    let (tsv, _) = pretranslate(&env, &["--format", "tsv"], "d.tsv");
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(rows[0], "id\tscore\tkind\tar\ten\tcandidate\tnotes");
    assert!(rows[1].starts_with("1\t101\tcontext\t"), "{}", rows[1]);
    assert_eq!(rows.len(), 9);
    let (json, _) = pretranslate(&env, &["--format", "json"], "d.json");
    let draft: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(draft["segments"][0]["candidates"][0]["kind"], "context");
    assert_eq!(draft["segments"][3]["repeats"], 2);
}

#[test]
fn bad_input_is_refused() {
    let env = env_with_memory();
    let empty = env.write("empty.txt", "  \n");
    env.tarjama()
        .arg("pretranslate")
        .arg(&empty)
        .args(["--from", "ar", "--to", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "empty.txt: no text to pretranslate",
        ));
    env.tarjama()
        .arg("pretranslate")
        .arg(fixture("story.ar.txt"))
        .args(["--from", "ar", "--to", "ar-IQ"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give two languages"));
    env.tarjama()
        .arg("pretranslate")
        .arg(env.path("missing.txt"))
        .args(["--from", "ar", "--to", "en", "-o"])
        .arg(env.path("out.xlf"))
        .assert()
        .code(2);
    assert!(!env.path("out.xlf").exists());
}

#[test]
fn a_fragment_search_past_its_work_limit_is_noted_in_the_draft() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("memories/sample/past-stories.csv"))
        .assert()
        .success();
    let article = env.path("story.en.txt");
    std::fs::write(
        &article,
        "The delegation said on Sunday that the security forces arrested two suspects.\n",
    )
    .unwrap();
    let draft = |extra: &[&str]| {
        let out = env.path("draft.xlf");
        env.tarjama()
            .arg("pretranslate")
            .arg(&article)
            .args(["--from", "en", "--to", "ar", "-o"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        std::fs::read_to_string(out).unwrap()
    };
    let whole = draft(&[]);
    assert!(
        whole.contains("fragment: the security forces → القوات الأمنية"),
        "{whole}"
    );
    assert!(!whole.contains("work limit"), "{whole}");
    let cut = draft(&["--fragment-checks", "1"]);
    assert!(!cut.contains("fragment: the security forces"), "{cut}");
    assert!(
        cut.contains("fragments: the search stopped at its work limit (--fragment-checks)"),
        "{cut}"
    );
}
