//! Files in the shapes other tools write (OmegaT, Okapi, Trados, memoQ, Weblate; fixtures
//! written for these tests under tests/fixtures/import/tools/): they import with exit 0 and
//! no flag, one unit per distinct pair counting markup, with their dates and authors, and
//! units that hold no translation are skipped and counted by kind.

use predicates::prelude::*;
use tarjama::memory::DatesOn;

use crate::common::{stderr_of, stdout_of};
use crate::import_support::{fixture, tmx_doc, tu, TestEnv};

fn tool(name: &str) -> std::path::PathBuf {
    fixture(&format!("tools/{name}"))
}

#[test]
fn omegat_project_imports_with_untranslated_units_skipped_by_kind() {
    let env = TestEnv::new();
    let out = env
        .tarjama()
        .arg("import")
        .arg(tool("omegat_en_ar.tmx"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "omegat_en_ar.tmx: 4 added, 0 merged, 0 alternatives, 0 rejected, 5 skipped",
        ))
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "one summary line: {stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "omegat_en_ar.tmx:40: skipped 2 units with only one tuv",
        "omegat_en_ar.tmx:50: skipped 1 unit with an empty target",
        "omegat_en_ar.tmx:58: skipped 1 unit whose source is empty or only tags",
        "omegat_en_ar.tmx:67: skipped 1 unit without a tuv in the source language",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 4, "one warning per kind:\n{stderr}");
    assert_eq!(env.count(), 4);
}

#[test]
fn skipped_kinds_are_in_the_json_summary() {
    let env = TestEnv::new();
    let out = stdout_of(
        env.tarjama()
            .args(["import", "--json"])
            .arg(tool("omegat_en_ar.tmx"))
            .arg(tool("weblate_en_ar.tmx")),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["skipped"], 7);
    let omegat = &json["files"][0]["skipped"];
    assert_eq!(omegat["one_tuv"]["count"], 2);
    assert_eq!(omegat["one_tuv"]["first_line"], 40);
    assert_eq!(omegat["empty_target"]["count"], 1);
    assert_eq!(omegat["tag_only_source"]["first_line"], 58);
    assert_eq!(omegat["no_source_tuv"]["count"], 1);
    let weblate = &json["files"][1]["skipped"];
    assert_eq!(weblate["empty_target"]["count"], 2);
    assert_eq!(weblate["empty_target"]["first_line"], 13);
    assert_eq!(json["added"], 6);
}

#[test]
fn strict_makes_untranslated_units_bad_records() {
    let env = TestEnv::with_seed();
    let stderr = stderr_of(
        env.tarjama()
            .args(["import", "--strict"])
            .arg(tool("omegat_en_ar.tmx")),
        2,
    );
    for expected in [
        "omegat_en_ar.tmx:40: tu has only one tuv",
        "omegat_en_ar.tmx:45: tu has only one tuv",
        "omegat_en_ar.tmx:50: empty target text",
        "omegat_en_ar.tmx:58: the source has no text (empty, or only inline tags)",
        "omegat_en_ar.tmx:67: no tuv in the source language",
        "5 bad record(s); nothing was written",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
    }
    env.assert_seed_only();
    env.tarjama()
        .args(["import", "--strict", "--skip-bad"])
        .arg(tool("omegat_en_ar.tmx"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "4 added, 0 merged, 0 alternatives, 5 rejected",
        ));
}

#[test]
fn broken_records_stay_errors_next_to_skipped_ones() {
    let env = TestEnv::with_seed();
    let body = format!(
        "{}\n  <tu><tuv xml:lang=\"ar\"><seg>قلم</seg></tuv></tu>\n  <tu><tuv><seg>x</seg></tuv><tuv xml:lang=\"en\"><seg>y</seg></tuv></tu>",
        tu("ar", "كتاب", "en", "Book")
    );
    let file = env.write("mixed.tmx", &tmx_doc("ar", &body));
    env.import_fails(&[&file], "mixed.tmx:7: tuv without xml:lang");
}

#[test]
fn units_differing_only_in_inline_tags_are_two_units() {
    let env = TestEnv::new();
    // tu1 plain; tu2 tagged on both sides: a new unit; tu3 the plain source with the tagged
    // target: an alternative; tu4 the same as tu1: merged.
    env.tarjama()
        .arg("import")
        .arg(tool("okapi_tags.tmx"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "okapi_tags.tmx: 2 added, 1 merged, 1 alternatives, 0 rejected",
        ));
    let units = env.units();
    assert_eq!(units.len(), 3);
    assert!(units.iter().all(|u| u.source.text == "Baghdad is calm."));
    assert_eq!(units[0].source.markup, None, "the plain pair took no tags");
    assert_eq!(units[0].target.markup, None);
    assert!(units[1].source.markup.as_deref().unwrap().contains("<bpt"));
    assert_eq!(units[2].source.markup, None);
    assert!(units[2].target.markup.is_some());
    // The same file again: every pair is already there.
    env.tarjama()
        .arg("import")
        .arg(tool("okapi_tags.tmx"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 added, 4 merged, 0 alternatives",
        ));
    // OmegaT's "The cat." and "The <b>cat</b>." are two units as well.
    env.tarjama()
        .arg("import")
        .arg(tool("omegat_en_ar.tmx"))
        .assert()
        .success();
    let cats: Vec<_> = env
        .units()
        .into_iter()
        .filter(|u| u.source.text == "The cat.")
        .collect();
    assert_eq!(cats.len(), 2);
    assert_eq!(cats[0].target.markup, None);
}

#[test]
fn dates_and_authors_on_tuv_are_kept_and_given_back_where_they_were() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(tool("omegat_en_ar.tmx"))
        .arg(tool("trados_memoq.tmx"))
        .assert()
        .success();
    let units = env.units();
    let omegat = &units[1];
    assert_eq!(omegat.source.text, "The cat.");
    assert_eq!(omegat.created_by.as_deref(), Some("mona.s"));
    assert_eq!(omegat.changed_by.as_deref(), Some("karim"));
    assert_eq!(
        omegat.created_at.unwrap().to_rfc3339(),
        "2023-03-14T10:10:10+00:00"
    );
    assert_eq!(
        omegat.changed_at.unwrap().to_rfc3339(),
        "2023-03-15T12:00:00+00:00"
    );
    assert_eq!(omegat.dates_on, DatesOn::Target);
    let (trados, memoq, source_dated) = (&units[4], &units[5], &units[6]);
    assert_eq!(trados.dates_on, DatesOn::Tu);
    assert_eq!(trados.created_by.as_deref(), Some("DESK\\sara"));
    assert_eq!(trados.usage_count, 2);
    assert_eq!(
        trados.last_used_at.unwrap().to_rfc3339(),
        "2022-01-10T09:00:00+00:00"
    );
    assert_eq!(memoq.dates_on, DatesOn::Target);
    assert_eq!(memoq.changed_by.as_deref(), Some("memoq.reviewer"));
    assert_eq!(source_dated.dates_on, DatesOn::Source);
    assert_eq!(source_dated.created_by.as_deref(), Some("source.writer"));
    let every_date = units.iter().filter(|u| u.created_at.is_some()).count();
    assert_eq!(every_date, 7, "every unit of these files has a date");

    let tmx = stdout_of(env.tarjama().args(["export"]));
    assert!(
        tmx.contains("<tuv xml:lang=\"ar\" creationdate=\"20230314T101010Z\" creationid=\"mona.s\" changedate=\"20230315T120000Z\" changeid=\"karim\"><seg>القط.</seg>"),
        "{tmx}"
    );
    assert!(
        tmx.contains("<tu creationdate=\"20220105T101010Z\" creationid=\"DESK\\sara\" changedate=\"20220106T111213Z\" changeid=\"DESK\\omar\" usagecount=\"2\" lastusagedate=\"20220110T090000Z\">"),
        "{tmx}"
    );
    assert!(
        tmx.contains("<tuv xml:lang=\"en-GB\" creationdate=\"20220401T050000Z\" creationid=\"source.writer\"><seg>"),
        "{tmx}"
    );
    // Exported the other way round, the target's dates stay with the Arabic tuv.
    let reversed = stdout_of(env.tarjama().args(["export", "--from", "ar", "--to", "en"]));
    assert!(
        reversed.contains("<tuv xml:lang=\"ar\" creationdate=\"20230314T101010Z\""),
        "{reversed}"
    );
}

#[test]
fn sub_flow_text_is_part_of_the_plain_text_and_markup_round_trips() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(tool("omegat_en_ar.tmx"))
        .assert()
        .success();
    let see = &env.units()[3];
    assert_eq!(see.source.text, "See the map of Basra here.");
    assert_eq!(see.target.text, "انظر خريطة البصرة هنا.");
    assert_eq!(
        see.source.markup.as_deref(),
        Some("See <ph x=\"2\">&lt;img alt=\"<sub>the map of Basra</sub>\"/&gt;</ph> here.")
    );
    env.tarjama()
        .args(["concordance", "map of Basra", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("unit 4"));
    env.tarjama()
        .args(["concordance", "خريطة البصرة", "--lang", "ar"])
        .assert()
        .success()
        .stdout(predicate::str::contains("unit 4"));
}

#[test]
fn usage_count_and_last_use_on_a_tu_or_a_tuv_are_kept_and_exported_on_the_tu() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(tool("usage_on_tuv.tmx"))
        .assert()
        .success();
    let used: Vec<(u32, String)> = env
        .units()
        .iter()
        .map(|u| (u.usage_count, u.last_used_at.unwrap().to_rfc3339()))
        .collect();
    assert_eq!(
        used,
        [
            (5, "2024-02-01T08:00:00+00:00".to_string()),
            (3, "2024-01-15T12:00:00+00:00".to_string()),
            (9, "2024-03-01T00:00:00+00:00".to_string()),
        ]
    );
    let tmx = stdout_of(env.tarjama().arg("export"));
    for tu in [
        "<tu tuid=\"on-target\" usagecount=\"5\" lastusagedate=\"20240201T080000Z\">",
        "<tu tuid=\"on-source\" usagecount=\"3\" lastusagedate=\"20240115T120000Z\">",
        "<tu tuid=\"both\" usagecount=\"9\" lastusagedate=\"20240301T000000Z\">",
    ] {
        assert!(tmx.contains(tu), "{tu} not in\n{tmx}");
    }
}

#[test]
fn a_bad_last_use_date_is_a_bad_record_at_its_tu() {
    let env = TestEnv::with_seed();
    let file = env.write(
        "bad_use.tmx",
        &crate::import_support::tmx_doc(
            "ar",
            "<tu><tuv xml:lang=\"ar\"><seg>سلام</seg></tuv><tuv xml:lang=\"en\" lastusagedate=\"last week\"><seg>Peace</seg></tuv></tu>",
        ),
    );
    env.import_fails(
        &[&file],
        "bad_use.tmx:5: lastusagedate 'last week' is not a TMX date (YYYYMMDDThhmmssZ)",
    );
}
