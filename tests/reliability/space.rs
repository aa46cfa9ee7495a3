//! A full disk and a read-only memory. An import that runs out of space ends with "disk full"
//! and the memory as it was (SQLite's page limit always; a real 1 MiB file system where the
//! machine lets the test mount one). A memory on a read-only file system still answers every
//! reading command; writing commands say it is read-only.

use std::path::{Path, PathBuf};
use std::process::Command;

use tarjama::import::{import_file, ImportOptions};
use tarjama::memory::Memory;

use crate::import_support::TestEnv;

fn big_csv(env: &TestEnv, n: usize) -> PathBuf {
    let mut csv = String::from("ar,en\n");
    for i in 0..n {
        csv.push_str(&format!(
            "الجملة رقم {i} في ملف كبير جدا,Sentence number {i} of a very big file\n"
        ));
    }
    env.write("big.csv", &csv)
}

fn integrity(path: &Path) -> String {
    let memory = Memory::open_existing(path).unwrap();
    let check = memory
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0));
    check.unwrap()
}

#[test]
fn import_out_of_pages_is_disk_full_and_changes_nothing() {
    let env = TestEnv::with_seed();
    let file = big_csv(&env, 5000);
    let mut memory = Memory::open_existing(&env.memory_path()).unwrap();
    let pages: i64 = memory
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    memory
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 3))
        .unwrap();
    let err = import_file(&mut memory, &file, &ImportOptions::default(), &mut |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("disk full: the memory could not grow"),
        "{err}"
    );
    drop(memory);
    env.assert_seed_only();
    assert_eq!(integrity(&env.memory_path()), "ok");
}

/// A tmpfs mounted on a folder of the test, unmounted when dropped; `None` (with the reason
/// printed) where the machine does not allow mounting.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: PathBuf, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            Some(SmallDisk { dir })
        } else {
            eprintln!(
                "skipped: cannot mount a tmpfs here (needs root outside a locked-down container)"
            );
            None
        }
    }

    fn read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

#[test]
fn import_onto_a_full_file_system_is_disk_full_and_changes_nothing() {
    let env = TestEnv::new();
    let Some(disk) = SmallDisk::mount(env.path("disk"), "1m") else {
        return;
    };
    let tm = disk.dir.join("tm.db");
    let seed = env.write("seed.csv", "ar,en\nمرحبا بكم,Welcome\n");
    env.tarjama_without_memory()
        .arg("--tm")
        .arg(&tm)
        .arg("import")
        .arg(&seed)
        .assert()
        .success();
    let file = big_csv(&env, 20_000);
    let out = env
        .tarjama_without_memory()
        .arg("--tm")
        .arg(&tm)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("disk full: the memory could not grow"),
        "{stderr}"
    );
    assert_eq!(integrity(&tm), "ok");
    let memory = Memory::open_existing(&tm).unwrap();
    let units: i64 = memory
        .conn()
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    assert_eq!(units, 1);
}

#[test]
fn read_only_memory_answers_reads_and_refuses_writes() {
    let env = TestEnv::new();
    let Some(disk) = SmallDisk::mount(env.path("ro"), "4m") else {
        return;
    };
    let tm = disk.dir.join("tm.db");
    let seed = env.write("seed.csv", "ar,en\nمرحبا بكم,Welcome\n");
    let run = |args: &[&str]| {
        env.tarjama_without_memory()
            .arg("--tm")
            .arg(&tm)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["import", seed.to_str().unwrap()]).status.success());
    disk.read_only();
    let backup = env.path("copy.db");
    for args in [
        vec!["stats"],
        vec!["export"],
        vec!["suggest", "--from", "ar", "--to", "en", "مرحبا بكم"],
        vec!["concordance", "Welcome"],
        vec!["unit", "show", "1"],
        vec!["backup", backup.to_str().unwrap()],
    ] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let suggest = run(&["suggest", "--from", "ar", "--to", "en", "مرحبا بكم"]);
    assert!(String::from_utf8_lossy(&suggest.stdout).contains("Welcome"));
    for args in [
        vec!["import", seed.to_str().unwrap()],
        vec!["unit", "review", "1"],
        vec!["glossary", "add", "--ar", "علي", "--en", "Ali"],
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the memory is read-only"),
            "{args:?}: {stderr}"
        );
    }
}
