//! XLIFF import through the real binary: 1.2 and 2.x drafts finished in a CAT tool come back
//! into the memory (finished targets in, drafts and empty ones skipped and counted, inline
//! codes kept as TMX markup, tool namespaces ignored), a second import of the same file
//! replaces the first, and every bad input is refused with `path:line` and nothing written.

mod common;
mod import_support;

use common::stdout_of;
use import_support::TestEnv;
use predicates::prelude::*;
use tarjama::memory::Status;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xliff")
        .join(name)
}

fn import_json(env: &TestEnv, file: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&stdout_of(
        env.tarjama().args(["import", "--json"]).arg(file),
    ))
    .unwrap()
}

#[test]
fn xliff_1_2_finished_targets_come_in_and_drafts_are_counted() {
    let env = TestEnv::new();
    let summary = import_json(&env, &fixture("story-1.2.xlf"));
    let file = &summary["files"][0];
    assert_eq!(file["added"], 3, "{summary}");
    assert_eq!(file["skipped"]["draft_target"]["count"], 1, "{summary}");
    assert_eq!(file["skipped"]["untranslated"]["count"], 2, "{summary}");
    let units = env.units();
    let texts: Vec<&str> = units.iter().map(|u| u.target.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The spokesman said the situation was stable.",
            "The minister arrived in Baghdad.",
            "Oil prices rose today."
        ]
    );
    let statuses: Vec<Status> = units.iter().map(|u| u.status).collect();
    assert_eq!(
        statuses,
        [Status::Unreviewed, Status::Reviewed, Status::Reviewed]
    );
    assert!(units
        .iter()
        .all(|u| u.origin.as_deref() == Some("story-1.2.xlf")));
    assert_eq!(units[0].notes, ["checked against the wire copy"]);
    assert_eq!(units[0].source.lang, "ar");
    assert_eq!(units[0].target.lang, "en");
    // Inline codes are kept, as TMX codes wrapping the original XLIFF tags.
    let markup = units[1].target.markup.as_deref().unwrap();
    assert!(
        markup.contains("<bpt i=\"1\">&lt;g id=&quot;1&quot;&gt;</bpt>Baghdad<ept i=\"1\">"),
        "{markup}"
    );
    // Positions follow the file, skipped segments included (context matches need them).
    let positions: Vec<Option<i64>> = units.iter().map(|u| u.position).collect();
    assert_eq!(positions, [Some(0), Some(1), Some(2)]);
}

#[test]
fn xliff_2_segments_come_in_with_unit_notes() {
    let env = TestEnv::new();
    let summary = import_json(&env, &fixture("story-2.xlf"));
    let file = &summary["files"][0];
    assert_eq!(
        (
            file["added"].as_u64(),
            file["skipped"]["draft_target"]["count"].as_u64(),
            file["skipped"]["untranslated"]["count"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let units = env.units();
    assert_eq!(units[1].source.text, "وصل الوزير إلى بغداد.");
    assert_eq!(units[1].target.text, "The minister arrived in Baghdad.");
    assert_eq!(units[1].status, Status::Reviewed);
    assert_eq!(units[0].notes, ["from the Baghdad desk"]);
    assert_eq!(units[1].external_id.as_deref(), Some("u1/s2"));
}

#[test]
fn importing_the_same_file_again_replaces_its_units() {
    let env = TestEnv::new();
    let dir_file = env.path("draft.xlf");
    std::fs::copy(fixture("story-1.2.xlf"), &dir_file).unwrap();
    import_json(&env, &dir_file);
    let edited = std::fs::read_to_string(&dir_file)
        .unwrap()
        .replace("Oil prices rose today.", "Oil prices climbed today.");
    std::fs::write(&dir_file, edited).unwrap();
    let summary = import_json(&env, &dir_file);
    // The two unchanged pairs merge into their earlier units; the edited one replaces its own.
    assert_eq!(summary["files"][0]["merged"], 2);
    assert_eq!(summary["files"][0]["replaced"], 1);
    let targets: Vec<String> = env.units().into_iter().map(|u| u.target.text).collect();
    assert_eq!(targets.len(), 3);
    assert!(targets.contains(&"Oil prices climbed today.".to_string()));
    assert!(!targets.contains(&"Oil prices rose today.".to_string()));
}

/// Every stored unit with its id, in id order.
fn stored(env: &TestEnv) -> Vec<tarjama::memory::StoredUnit> {
    let memory = tarjama::memory::Memory::open_existing(&env.memory_path()).unwrap();
    let mut units = Vec::new();
    memory
        .for_each_unit::<tarjama::Error>(|u| {
            units.push(u.clone());
            Ok(())
        })
        .unwrap();
    units
}

#[test]
fn reimporting_a_draft_keeps_what_the_memory_learned_about_its_pairs() {
    let env = TestEnv::new();
    let file = env.path("draft.xlf");
    std::fs::copy(fixture("story-1.2.xlf"), &file).unwrap();
    import_json(&env, &file);
    let first = stored(&env);
    // An editor reviews the one pair the file left unreviewed ("translated", not "final").
    assert_eq!(first[0].record.status, Status::Unreviewed);
    env.tarjama()
        .args(["unit", "review", &first[0].id.to_string()])
        .assert()
        .success();
    // A usage count arrives with the same pair from another file (merged into this unit).
    let counts = env.write(
        "counts.csv",
        &format!(
            "ar,en,usage_count\n{},{},7\n",
            first[0].record.source.text, first[0].record.target.text
        ),
    );
    env.tarjama().arg("import").arg(&counts).assert().success();
    let reviewed = stored(&env);
    let summary = import_json(&env, &file);
    assert_eq!(summary["files"][0]["merged"], 3, "{summary}");
    let again = stored(&env);
    assert_eq!(again.len(), 3);
    assert_eq!(again[0].id, first[0].id, "the unit was replaced, not kept");
    assert_eq!(again[0].record.status, Status::Reviewed);
    assert_eq!(again[0].record.usage_count, 7);
    assert_eq!(again[0].record.created_at, reviewed[0].record.created_at);
    assert_eq!(again[0].record.changed_at, reviewed[0].record.changed_at);
    assert_eq!(again[0].record.changed_by, reviewed[0].record.changed_by);
}

#[test]
fn format_flag_reads_xliff_under_any_name() {
    let env = TestEnv::new();
    let file = env.path("draft.txt");
    std::fs::copy(fixture("story-2.xlf"), &file).unwrap();
    env.tarjama()
        .args(["import", "--format", "xliff"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 added"));
}

#[test]
fn a_target_in_another_language_is_an_error_naming_the_unit() {
    let env = TestEnv::with_seed();
    let stderr = env.import_fails(
        &[&fixture("wrong-target-language.xlf")],
        "wrong-target-language.xlf:9: unit 'intro-2': <target> is in 'fr' but the file's target language is 'en'",
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn entity_declarations_are_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("entity.xlf")],
        "entity.xlf:2:1: the DOCTYPE declares entities",
    );
}

#[test]
fn an_empty_file_is_not_xliff() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("empty.xlf")],
        "empty.xlf:1:1: no <xliff> element",
    );
}

#[test]
fn a_file_without_source_language_says_so() {
    let env = TestEnv::with_seed();
    let file = env.write(
        "nolang.xlf",
        "<xliff version=\"1.2\">\n<file original=\"x\" datatype=\"plaintext\"><body/></file></xliff>",
    );
    env.import_fails(&[&file], "nolang.xlf:2:1: <file> has no source-language");
}

#[test]
fn broken_xml_points_at_the_place() {
    let env = TestEnv::with_seed();
    let file = env.write(
        "broken.xlf",
        "<xliff version=\"1.2\">\n<file source-language=\"ar\" target-language=\"en\"><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>",
    );
    env.import_fails(&[&file], "broken.xlf:3:");
}
