//! `tarjama backup DEST`: a verified copy that holds all or none of an import running at the
//! same time (with `serve` reading the memory too), never part of it.

use std::process::{Command, Stdio};

use predicates::prelude::*;
use tarjama::memory::Memory;

use crate::import_support::TestEnv;
use crate::server_support::serve_with;

fn units_in(path: &std::path::Path) -> usize {
    let memory = Memory::open_existing(path).unwrap();
    let ok: String = memory
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{}", path.display());
    let mut n = 0;
    memory
        .for_each_unit::<tarjama::Error>(|_| {
            n += 1;
            Ok(())
        })
        .unwrap();
    n
}

#[test]
fn backup_copies_verifies_and_will_not_overwrite_without_force() {
    let env = TestEnv::with_seed();
    let dest = env.path("copy.db");
    env.tarjama()
        .arg("backup")
        .arg(&dest)
        .assert()
        .success()
        .stdout(predicates::str::contains("1 units").and(predicates::str::contains("verified")));
    assert_eq!(units_in(&dest), 1);
    let out = env.tarjama().arg("backup").arg(&dest).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; give --force"));
    env.tarjama()
        .args(["backup", "--force"])
        .arg(&dest)
        .assert()
        .success();
    let out = env
        .tarjama()
        .arg("backup")
        .arg(env.memory_path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(env.path(""))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn backups_during_an_import_and_serve_hold_all_or_none_of_it() {
    let env = TestEnv::with_seed();
    let mut csv = String::from("ar,en\n");
    let n = 10_000;
    for i in 0..n {
        csv.push_str(&format!(
            "الجملة الطويلة رقم {i} في الأرشيف,Long sentence number {i} in the archive\n"
        ));
    }
    let file = env.write("big.csv", &csv);
    let bin = assert_cmd::cargo::cargo_bin("tarjama");
    // Reading the memory all along; stopped when dropped.
    let serve = serve_with(&env.memory_path(), &["--threads", "1"], &[]);
    let mut import = Command::new(&bin)
        .arg("--tm")
        .arg(env.memory_path())
        .arg("import")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut counts = Vec::new();
    let mut during = 0;
    for round in 0.. {
        let running = import.try_wait().unwrap().is_none();
        let dest = env.path(&format!("b{round}.db"));
        env.tarjama().arg("backup").arg(&dest).assert().success();
        counts.push(units_in(&dest));
        if running && during < 12 {
            during += 1;
        } else {
            break;
        }
    }
    assert!(import.wait().unwrap().success());
    let dest = env.path("after.db");
    env.tarjama().arg("backup").arg(&dest).assert().success();
    counts.push(units_in(&dest));
    drop(serve);
    for count in &counts {
        assert!(
            *count == 1 || *count == 1 + n,
            "a backup held {count} units"
        );
    }
    assert_eq!(*counts.last().unwrap(), 1 + n);
    eprintln!("{during} backups while the import ran; unit counts {counts:?}");
}
