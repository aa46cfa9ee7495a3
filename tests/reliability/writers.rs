//! Two writers on one memory, as two real processes: the second waits (saying so after a
//! second) and both writes land; past `--wait` it fails with "memory busy" and writes nothing.
//! Never SQLite's bare "database is locked".

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::import_support::TestEnv;

/// A CSV of `n` units whose texts carry `tag`, so two files never share a pair.
fn units_csv(env: &TestEnv, name: &str, tag: &str, n: usize) -> std::path::PathBuf {
    let mut csv = String::from("ar,en\n");
    for i in 0..n {
        csv.push_str(&format!("الجملة {tag} رقم {i},Sentence {tag} number {i}\n"));
    }
    env.write(name, &csv)
}

fn tarjama_process(env: &TestEnv, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("tarjama"));
    cmd.arg("--tm").arg(env.memory_path()).args(args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

/// Holds the memory's write lock from this (test) process.
fn hold_write_lock(env: &TestEnv) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(env.memory_path()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

#[test]
fn a_second_writer_waits_says_so_and_lands() {
    let env = TestEnv::with_seed();
    let file = units_csv(&env, "w.csv", "w", 50);
    let lock = hold_write_lock(&env);
    let mut child = tarjama_process(&env, &["import", file.to_str().unwrap()])
        .spawn()
        .unwrap();
    // Keep the lock until the waiting writer has said it waits.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "tarjama: waiting for another writer…");
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(out.status.success(), "{rest}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("50 added"));
    assert_eq!(env.count(), 51);
}

#[test]
fn past_the_wait_limit_it_is_memory_busy_and_nothing_is_written() {
    let env = TestEnv::with_seed();
    let file = units_csv(&env, "b.csv", "b", 50);
    let lock = hold_write_lock(&env);
    let out = tarjama_process(&env, &["import", "--wait", "0.3", file.to_str().unwrap()])
        .output()
        .unwrap();
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("memory busy: another tarjama is writing"),
        "{stderr}"
    );
    assert!(!stderr.contains("database is locked"), "{stderr}");
    env.assert_seed_only();
}

#[test]
fn two_imports_and_an_alignment_at_once_all_land() {
    let env = TestEnv::with_seed();
    let files: Vec<_> = ["p", "q", "r"]
        .iter()
        .map(|tag| units_csv(&env, &format!("{tag}.csv"), tag, 3000))
        .collect();
    let mut children: Vec<_> = files
        .iter()
        .map(|f| {
            tarjama_process(&env, &["import", f.to_str().unwrap()])
                .spawn()
                .unwrap()
        })
        .collect();
    let ar = crate::import_support::fixture("../../../memories/sample/2021-09-09-joc.ar.txt");
    let en = crate::import_support::fixture("../../../memories/sample/2021-09-09-joc.en.txt");
    children.push(
        tarjama_process(
            &env,
            &[
                "align",
                ar.to_str().unwrap(),
                en.to_str().unwrap(),
                "--origin",
                "story",
            ],
        )
        .spawn()
        .unwrap(),
    );
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let units = env.units();
    let aligned = units
        .iter()
        .filter(|u| u.origin.as_deref() == Some("story"))
        .count();
    assert!(aligned > 5, "{aligned} aligned pairs stored");
    assert_eq!(units.len(), 1 + 3 * 3000 + aligned);
}
