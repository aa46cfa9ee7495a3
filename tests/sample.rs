//! The README's main job on the bundled sample (memories/, glossaries/), run through the real
//! binary step by step: import past stories, import the seed glossary, align today's story,
//! then suggest translations for the new story — with glossary terms next to the matches.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{align_sample_story, past_stories_and_glossary, repo, tarjama};

fn sample_memory() -> (TempDir, PathBuf) {
    let (dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    (dir, tm)
}

fn suggest_json(tm: &Path, args: &[&str]) -> Vec<Value> {
    let out = tarjama(tm)
        .arg("suggest")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn new_story_gets_fuzzy_matches_and_glossary_terms() {
    let (_dir, tm) = sample_memory();
    let new_story = repo("memories/sample/new-story.ar.txt");
    let blocks = suggest_json(
        &tm,
        &[
            "--from",
            "ar",
            "--to",
            "en",
            "--file",
            new_story.to_str().unwrap(),
        ],
    );
    assert_eq!(blocks.len(), 4, "one block per sentence of the new story");

    // "three terrorists" where the memory has "five terrorists": one word differs of ten.
    let first = &blocks[0];
    let best = &first["matches"][0];
    assert_eq!(best["score"], 90);
    assert_eq!(
        best["target"],
        "The Joint Operations Command announced the arrest of five terrorists in Anbar."
    );
    assert_eq!(best["status"], "reviewed", "the reviewed unit wins the tie");
    let terms: Vec<(&str, &str)> = first["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["found"].as_str().unwrap(),
                t["translation"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        terms.contains(&("قيادة العمليات المشتركة", "Joint Operations Command")),
        "{terms:?}"
    );
}

#[test]
fn aligned_story_answers_in_both_directions() {
    let (_dir, tm) = sample_memory();
    // An English sentence of today's story, now in the memory through `align`.
    let en = "The Operations Command said the next meeting of the joint committee would be held in Baghdad on 15 September.";
    let blocks = suggest_json(&tm, &["--from", "en", "--to", "ar", en]);
    let best = &blocks[0]["matches"][0];
    assert_eq!(best["score"], 100);
    assert_eq!(
        best["target"],
        "وذكرت قيادة العمليات المشتركة أن الاجتماع المقبل للجنة المشتركة سيعقد في بغداد يوم ١٥ أيلول."
    );
    assert_eq!(best["origin"], "ina-2021-09-09");
}

#[test]
fn terms_are_listed_in_human_output() {
    let (_dir, tm) = sample_memory();
    let out = tarjama(&tm)
        .args([
            "suggest",
            "--from",
            "ar",
            "--to",
            "en",
            "استقبل الكاظمي السفير في بغداد.",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("الكاظمي → Mustafa Al-Kadhimi (person)"),
        "{stdout}"
    );
    assert!(stdout.contains("بغداد → Baghdad (place)"), "{stdout}");
}
