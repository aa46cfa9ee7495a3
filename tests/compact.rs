//! `tarjama compact` through the real binary: re-aligning an article leaves dead index
//! entries; compaction removes them, answers stay the same, and a second run finds nothing.

mod common;
use common::{align_sample_story, json_of, past_stories_and_glossary, repo, tarjama};

#[test]
fn compaction_after_realigning_keeps_every_answer() {
    let (_dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    align_sample_story(&tm); // replaces the first alignment's pairs: their entries become dead
    let suggest = [
        "suggest",
        "--from",
        "ar",
        "--to",
        "en",
        "--threshold",
        "50",
        "--json",
        "--file",
    ];
    let new_story = repo("memories/sample/new-story.ar.txt");
    let mut args: Vec<&str> = suggest.to_vec();
    args.push(new_story.to_str().unwrap());
    let before = json_of(&tm, &args);

    let report = json_of(&tm, &["compact", "--json"]);
    assert!(report["removed"].as_u64().unwrap() > 0, "{report}");
    assert!(report["bytes_after"].as_u64() <= report["bytes_before"].as_u64());
    assert_eq!(json_of(&tm, &args), before);

    let again = json_of(&tm, &["compact", "--json"]);
    assert_eq!(again["removed"], 0, "{again}");
}

#[test]
fn compacting_a_file_that_is_not_a_memory_fails() {
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("missing.db");
    tarjama(&tm)
        .arg("compact")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no memory here"));
}
