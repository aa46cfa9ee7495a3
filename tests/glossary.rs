//! Integration tests of `tarjama glossary` and `tarjama check`, run on the real binary.
//! This file holds the shared helpers and the glossary-file tests (round trips, every bad
//! input the glossary issue names); `glossary/` holds the `check` tests: `check.rs` (one
//! text against the glossary), `fix.rs`, `missing.rs` (missing terms), `streaming.rs`.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

#[path = "glossary/check.rs"]
mod check;
#[path = "glossary/fix.rs"]
mod fix;
#[path = "glossary/missing.rs"]
mod missing;
#[path = "glossary/names.rs"]
mod names;
#[path = "glossary/streaming.rs"]
mod streaming;

use common::repo;

fn fixture(name: &str) -> PathBuf {
    repo(&format!("tests/fixtures/glossary/{name}"))
}

mod common;
use common::TestEnv as Env;

/// Glossary files imported into a test memory.
trait ImportGlossary {
    fn import(&self, file: &Path);
}

impl ImportGlossary for Env {
    fn import(&self, file: &Path) {
        self.cmd()
            .args(["glossary", "import"])
            .arg(file)
            .assert()
            .success();
    }
}

fn seeded() -> Env {
    let env = Env::new();
    env.import(&repo("glossaries/iraq-security.csv"));
    env
}

#[test]
fn import_is_idempotent_and_csv_round_trips() {
    let env = seeded();
    env.cmd()
        .args(["glossary", "import"])
        .arg(repo("glossaries/iraq-security.csv"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("0 added, 0 updated,"));
    let first = env.stdout(&["glossary", "export", "--format", "csv"]);
    let file = env.file("exported.csv", first.as_bytes());
    let other = Env::new();
    other.import(&file);
    assert_eq!(
        other.stdout(&["glossary", "export", "--format", "csv"]),
        first
    );
}

#[test]
fn tbx_round_trips() {
    let env = seeded();
    let csv = env.stdout(&["glossary", "export", "--format", "csv"]);
    let tbx = env.stdout(&["glossary", "export", "--format", "tbx"]);
    let other = Env::new();
    other.import(&other.file("g.tbx", tbx.as_bytes()));
    assert_eq!(
        other.stdout(&["glossary", "export", "--format", "csv"]),
        csv
    );
}

#[test]
fn tbx_and_omegat_files_import() {
    let env = Env::new();
    env.import(&fixture("sample.tbx"));
    let list = env.stdout(&["glossary", "list"]);
    assert!(
        list.contains("Joint Operations Command / قيادة العمليات المشتركة"),
        "{list}"
    );
    assert!(
        list.contains("en admitted: JOC; en forbidden: Joint Special Operations Command"),
        "{list}"
    );
    assert!(list.contains("Baghdad / بغداد"), "{list}");
    let other = Env::new();
    other.import(&fixture("omegat.txt"));
    let list = other.stdout(&["glossary", "list"]);
    assert_eq!(list.lines().count(), 2, "{list}");
}

fn assert_rejected(file: &Path, messages: &[&str]) {
    let env = Env::new();
    let mut assert = env
        .cmd()
        .args(["glossary", "import"])
        .arg(file)
        .assert()
        .code(2);
    for m in messages {
        assert = assert.stderr(predicate::str::contains(*m));
    }
    let list = env.cmd().args(["glossary", "list"]).output().unwrap();
    assert!(list.stdout.is_empty(), "nothing may be written");
}

#[test]
fn bad_glossary_files_are_rejected_with_their_line() {
    assert_rejected(
        &fixture("missing_column.csv"),
        &["missing_column.csv: line 1: missing column(s) en"],
    );
    assert_rejected(
        &fixture("empty_term.csv"),
        &[
            "empty_term.csv:3: the term is empty in every language",
            "nothing was written",
        ],
    );
    assert_rejected(&fixture("conflict.csv"), &["conflict.csv:2: conflict: \"Kazemi\" is forbidden here but preferred in \"Kazemi / كاظمي\" at"]);
    assert_rejected(
        &fixture("short_row.csv"),
        &["short_row.csv:3: this row has 3 column(s) but the header has 4"],
    );
    assert_rejected(
        &fixture("bad_type.csv"),
        &["bad_type.csv:2: unknown type \"city\""],
    );
    assert_rejected(
        &fixture("broken.tbx"),
        &["broken.tbx:10:", "not well-formed XML"],
    );
}

#[test]
fn a_conflict_with_the_stored_glossary_is_reported_and_nothing_written() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let file = env.file(
        "more.csv",
        "type,ar,en\nperson,كاظمي,Kazemi\nplace,البصرة,Basra\n".as_bytes(),
    );
    env.cmd()
        .args(["glossary", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("conflict"));
    assert!(!env.stdout(&["glossary", "list"]).contains("Basra"));
}

#[test]
fn add_find_remove() {
    let env = Env::new();
    env.cmd()
        .args([
            "glossary",
            "add",
            "--type",
            "place",
            "--en",
            "Mosul",
            "--ar",
            "الموصل",
            "--en-forbidden",
            "Mossul",
        ])
        .assert()
        .success();
    let found = env.stdout(&["glossary", "find", "موصل"]);
    assert!(found.contains("Mosul / الموصل"), "{found}");
    env.cmd()
        .args(["glossary", "find", "Basra"])
        .assert()
        .code(1);
    env.cmd()
        .args(["glossary", "remove", "Mosul"])
        .assert()
        .success();
    assert!(env.stdout(&["glossary", "list"]).is_empty());
    env.cmd()
        .args(["glossary", "remove", "Mosul"])
        .assert()
        .code(2);
}

#[test]
fn a_tab_separated_file_with_the_csv_header_imports_like_the_csv() {
    let env = Env::new();
    let tsv = "type\tar\ten\ten_forbidden\nplace\tبغداد\tBaghdad\tBagdad\n";
    env.import(&env.file("g.tsv", tsv.as_bytes()));
    let list = env.stdout(&["glossary", "list"]);
    assert!(
        list.contains("Baghdad / بغداد  (en forbidden: Bagdad)"),
        "{list}"
    );
}

fn text_file(content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("story.txt");
    std::fs::write(&text, content).unwrap();
    (dir, text)
}

/// `tarjama check --format json`: (line, col, kind) of each finding, and the exit code.
fn json_findings(env: &Env, text: &std::path::Path) -> (Vec<(u64, u64, String)>, Option<i32>) {
    let out = env
        .cmd()
        .arg("check")
        .arg(text)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let places = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                f["line"].as_u64().unwrap(),
                f["col"].as_u64().unwrap(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (places, out.status.code())
}
