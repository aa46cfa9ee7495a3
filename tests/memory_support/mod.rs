//! Helpers shared by tests/memory.rs: unit builders, foreign and too-new memory files,
//! running the real binary.

#![allow(dead_code)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use tarjama::memory::{Memory, Prop, Side, Status, UnitRecord};

pub fn pair(ar: &str, en: &str) -> UnitRecord {
    UnitRecord::new(Side::new("ar", ar), Side::new("en", en))
}

pub fn full_unit() -> UnitRecord {
    let mut u = UnitRecord::new(
        Side {
            lang: "ar-IQ".into(),
            text: "قالَ الكاظمي إنّ ٣٫٥ مليار".into(),
            markup: Some("قالَ <b>الكاظمي</b> إنّ ٣٫٥ مليار".into()),
        },
        Side::new("en-US", "Kadhimi said 3.5 billion"),
    );
    u.origin = Some("https://ina.iq/123".into());
    u.position = Some(4);
    u.external_id = Some("tu-7".into());
    u.created_at = Some(Utc.with_ymd_and_hms(2021, 12, 31, 10, 30, 0).unwrap());
    u.created_by = Some("huda".into());
    u.changed_at = Some(Utc.with_ymd_and_hms(2022, 1, 2, 8, 0, 5).unwrap());
    u.changed_by = Some("sam".into());
    u.status = Status::Reviewed;
    u.confidence = Some(0.875);
    u.usage_count = 2;
    u.props = vec![Prop {
        kind: "x-domain".into(),
        value: "politics".into(),
    }];
    u.notes = vec!["checked against INA".into()];
    u
}

pub fn foreign_sqlite(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x');")
        .unwrap();
}

pub fn make_newer_schema(path: &Path) {
    Memory::open_or_create(path).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
}

/// The fixture units of tests/fixtures/memory/news.tsv.
pub fn news_units() -> Vec<UnitRecord> {
    let text = include_str!("../fixtures/memory/news.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let mut u = pair(f[0], f[1]);
            u.origin = Some(f[2].to_string());
            u.status = Status::parse(f[3]).unwrap();
            u
        })
        .collect()
}

/// A memory file holding the news fixture, in a fresh temporary directory.
pub fn news_memory() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.db");
    let mut m = Memory::open_or_create(&path).unwrap();
    let mut w = m.writer().unwrap();
    for u in news_units() {
        w.add(&u).unwrap();
    }
    w.commit().unwrap();
    (dir, path)
}

/// The real binary with `--tm path`.
pub fn tarjama(tm: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tarjama").unwrap();
    cmd.arg("--tm").arg(tm).env_remove("TARJAMA_TM");
    cmd
}

pub fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

pub fn json_of(assert: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&assert.get_output().stdout).unwrap()
}

/// ../shared from the repository root (or from a worktree's parent), if present.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.join("data").is_dir())
}
