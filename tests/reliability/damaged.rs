//! A damaged memory — cut short, overwritten with random bytes, pages scrambled, another
//! application's SQLite database, a memory from a newer tarjama — is a clear one-line error
//! with exit 2 for every command, never a panic, and the file is left byte for byte as it was.

use std::path::Path;

use crate::fixture;
use crate::import_support::TestEnv;

/// Deterministic bytes (xorshift), so a failure can be replayed.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

/// A memory of a few hundred units and a glossary, as bytes.
fn healthy_memory(env: &TestEnv) -> Vec<u8> {
    let mut csv = String::from("ar,en\n");
    for i in 0..400 {
        csv.push_str(&format!(
            "الجملة رقم {i} في الذاكرة,Sentence number {i} in the memory\n"
        ));
    }
    let file = env.write("units.csv", &csv);
    env.tarjama().arg("import").arg(&file).assert().success();
    env.tarjama()
        .args(["glossary", "import"])
        .arg(crate::import_support::fixture("../glossary/small.csv"))
        .output()
        .unwrap();
    env.tarjama().arg("compact").assert().success(); // folds the log into the file
    std::fs::read(env.memory_path()).unwrap()
}

/// Every kind of command on the damaged file at `tm`: exit 2, `expected` in a one-line
/// error, no panic, the file unchanged and no log beside it.
fn every_command_refuses(env: &TestEnv, tm: &Path, expected: &str) {
    let before = std::fs::read(tm).unwrap();
    let units = env.write("more.csv", "ar,en\nسلام,Peace\n");
    let article = fixture("article.en.txt");
    let commands: Vec<Vec<&str>> = vec![
        vec!["stats"],
        vec!["import", units.to_str().unwrap()],
        vec!["export"],
        vec!["suggest", "--from", "en", "--to", "ar", "Sentence number 5"],
        vec!["concordance", "Sentence"],
        vec!["compact"],
        vec!["unit", "review", "--origin", "units.csv"],
        vec!["unit", "show", "1"],
        vec![
            "glossary", "add", "--type", "person", "--ar", "علي", "--en", "Ali",
        ],
        vec!["check", article.to_str().unwrap()],
    ];
    for args in commands {
        let out = env
            .tarjama_without_memory()
            .arg("--tm")
            .arg(tm)
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(
            std::fs::read(tm).unwrap(),
            before,
            "{args:?} changed the file"
        );
        let mut wal = tm.as_os_str().to_owned();
        wal.push("-wal");
        assert!(
            !Path::new(&wal).exists(),
            "{args:?} left a log beside the file"
        );
    }
}

#[test]
fn truncated_memory() {
    let env = TestEnv::new();
    let bytes = healthy_memory(&env);
    let tm = env.write_bytes("cut.db", &bytes[..bytes.len() / 3]);
    every_command_refuses(&env, &tm, "the memory is damaged (the file is cut short");
}

#[test]
fn random_bytes() {
    let env = TestEnv::new();
    let tm = env.write_bytes("noise.db", &noise(64 * 1024, 7));
    every_command_refuses(&env, &tm, "not a tarjama memory (not an SQLite database)");
}

#[test]
fn scrambled_pages_behind_a_good_header() {
    let env = TestEnv::new();
    let mut bytes = healthy_memory(&env);
    let page = 8192;
    for (n, start) in (page..bytes.len()).step_by(page).enumerate() {
        let end = (start + page).min(bytes.len());
        bytes[start..end].copy_from_slice(&noise(end - start, n as u64 + 1));
    }
    let tm = env.write_bytes("scrambled.db", &bytes);
    every_command_refuses(&env, &tm, "the memory is damaged");
}

#[test]
fn another_applications_database() {
    let env = TestEnv::new();
    let tm = env.path("other.db");
    let conn = rusqlite::Connection::open(&tm).unwrap();
    conn.execute_batch("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();
    drop(conn);
    every_command_refuses(
        &env,
        &tm,
        "not a tarjama memory (an SQLite database of another application",
    );
}

#[test]
fn memory_from_a_newer_tarjama() {
    let env = TestEnv::new();
    healthy_memory(&env);
    let conn = rusqlite::Connection::open(env.memory_path()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let tm = env.memory_path();
    every_command_refuses(
        &env,
        &tm,
        "memory schema version 99 is newer than this tarjama",
    );
}
