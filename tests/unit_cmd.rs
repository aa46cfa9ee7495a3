//! `tarjama unit` through the real binary: reviewing an aligned article by origin, showing
//! and deleting units by id, and bad selections that change nothing.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{align_sample_story, json_of, past_stories_and_glossary, tarjama};

const ORIGIN: &str = "ina-2021-09-09";

fn reviewed(tm: &Path) -> u64 {
    json_of(tm, &["stats", "--json"])["reviewed"]
        .as_u64()
        .unwrap()
}

fn units_of_origin(tm: &Path) -> Vec<Value> {
    json_of(tm, &["unit", "show", "--origin", ORIGIN, "--json"])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn an_aligned_article_is_reviewed_by_origin() {
    let (_dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    let before = reviewed(&tm);
    let aligned = units_of_origin(&tm);
    assert!(aligned.len() >= 10);
    assert!(aligned.iter().all(|u| u["status"] == "unreviewed"));

    tarjama(&tm)
        .args(["unit", "review", "--origin", ORIGIN, "--by", "desk editor"])
        .assert()
        .success()
        .stdout(format!("{} unit(s) marked reviewed\n", aligned.len()));
    assert_eq!(reviewed(&tm), before + aligned.len() as u64);
    let after = units_of_origin(&tm);
    assert!(after
        .iter()
        .all(|u| u["status"] == "reviewed" && u["changed_by"] == "desk editor"));

    let id = after[0]["id"].to_string();
    tarjama(&tm)
        .args(["unit", "unreview", &id])
        .assert()
        .success();
    assert_eq!(reviewed(&tm), before + aligned.len() as u64 - 1);
}

#[test]
fn a_deleted_unit_is_no_longer_suggested() {
    let (_dir, tm) = past_stories_and_glossary();
    let unit = &json_of(&tm, &["unit", "show", "3", "--json"])[0];
    let source = unit["source"]["text"].as_str().unwrap().to_string();
    let suggest = |tm: &Path| {
        json_of(
            tm,
            &["suggest", "--from", "ar", "--to", "en", "--json", &source],
        )
    };
    assert_eq!(suggest(&tm)[0]["matches"][0]["id"], 3);
    tarjama(&tm)
        .args(["unit", "delete", "3"])
        .assert()
        .success();
    let matches = suggest(&tm)[0]["matches"].as_array().unwrap().clone();
    assert!(matches.iter().all(|m| m["id"] != 3), "{matches:?}");
    tarjama(&tm)
        .args(["unit", "show", "3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unit 3: no such unit"));
}

#[test]
fn an_unknown_id_changes_nothing() {
    let (_dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    let first = units_of_origin(&tm)[0]["id"].as_i64().unwrap();
    let before = reviewed(&tm);
    tarjama(&tm)
        .args(["unit", "review", &first.to_string(), "999999"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unit 999999: no such unit; nothing was changed",
        ));
    assert_eq!(reviewed(&tm), before);
    for (args, message) in [
        (vec!["unit", "review"], "give their ids or --origin"),
        (
            vec!["unit", "delete", "--origin", "no-such-article"],
            "no unit has origin",
        ),
    ] {
        tarjama(&tm)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
}
