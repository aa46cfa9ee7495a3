//! A writing command that fails leaves no memory behind where there was none (nor the folders
//! made for it), and leaves an existing memory byte for byte as it was: `import`,
//! `glossary import` (bad rows, entries that conflict, `--dry-run`) and `glossary add`.

use std::path::Path;

use predicates::prelude::*;

use crate::import_support::TestEnv;

/// Two entries that contradict each other: the first forbids what the second prefers.
const CONFLICTING_GLOSSARY: &str = "type,ar,en,ar_forbidden,en_forbidden\n\
    person,مصطفى الكاظمي,Mustafa Al-Kadhimi,,Kazemi\n\
    person,كاظمي,Kazemi,,\n";

const GOOD_GLOSSARY: &str = "type,ar,en\nplace,بغداد,Baghdad\n";

fn glossary_import(env: &TestEnv, tm: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    env.tarjama_without_memory()
        .arg("--tm")
        .arg(tm)
        .args(["glossary", "import"])
        .args(args)
        .assert()
}

#[test]
fn glossary_import_that_fails_validation_leaves_no_memory_nor_its_folder() {
    let env = TestEnv::new();
    let file = env.write("conflict.csv", CONFLICTING_GLOSSARY);
    let tm = env.path("new/folder/memory.db");
    glossary_import(&env, &tm, &[file.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("conflict.csv:2: conflict"));
    assert!(!tm.exists(), "a failed glossary import created the memory");
    assert!(!env.path("new").exists(), "the memory's folder was left");
}

#[test]
fn glossary_import_with_a_bad_row_leaves_no_memory() {
    let env = TestEnv::new();
    let file = env.write("short.csv", "type,ar,en\nperson,كاظمي\n");
    glossary_import(&env, &env.memory_path(), &[file.to_str().unwrap()]).code(2);
    assert!(!env.memory_path().exists());
}

#[test]
fn glossary_dry_run_leaves_no_memory() {
    let env = TestEnv::new();
    let file = env.write("good.csv", GOOD_GLOSSARY);
    glossary_import(
        &env,
        &env.memory_path(),
        &["--dry-run", file.to_str().unwrap()],
    )
    .success()
    .stdout(predicate::str::contains("1 entries are valid"));
    assert!(!env.memory_path().exists());
}

#[test]
fn glossary_add_of_a_bad_entry_leaves_no_memory() {
    let env = TestEnv::new();
    env.tarjama()
        .args(["glossary", "add", "--type", "person", "--en", "Kazemi"])
        .args(["--en-forbidden", "Kazemi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both allowed"));
    assert!(!env.memory_path().exists());
}

#[test]
fn failed_glossary_import_leaves_an_existing_memory_as_it_was() {
    let env = TestEnv::with_seed();
    let good = env.write("good.csv", GOOD_GLOSSARY);
    glossary_import(&env, &env.memory_path(), &[good.to_str().unwrap()]).success();
    let before = std::fs::read(env.memory_path()).unwrap();
    let bad = env.write("conflict.csv", CONFLICTING_GLOSSARY);
    glossary_import(&env, &env.memory_path(), &[bad.to_str().unwrap()]).code(2);
    assert!(
        std::fs::read(env.memory_path()).unwrap() == before,
        "the memory file changed"
    );
    env.assert_seed_only();
}

#[test]
fn import_where_every_file_fails_leaves_no_memory_nor_its_folder() {
    let env = TestEnv::new();
    let a = env.write("a.csv", "ar,en\nسلام,\n");
    let b = env.write("b.csv", "ar,en\n\"سلام,Peace\n");
    let tm = env.path("made/for/it.db");
    env.tarjama_without_memory()
        .arg("--tm")
        .arg(&tm)
        .arg("import")
        .args([&a, &b])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 of 2 file(s) not imported"));
    assert!(
        !env.path("made").exists(),
        "the memory or its folder was left"
    );
}

#[test]
fn skip_bad_import_that_rejects_everything_leaves_no_memory() {
    let env = TestEnv::new();
    let file = env.write("all_bad.csv", "ar,en\nسلام,\nكتاب,\n");
    env.tarjama()
        .args(["import", "--skip-bad"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "0 added, 0 merged, 0 alternatives, 2 rejected",
        ));
    assert!(!env.memory_path().exists());
}

#[test]
fn a_successful_import_of_an_empty_file_still_creates_the_memory() {
    let env = TestEnv::new();
    let file = env.write("header_only.csv", "ar,en\n");
    env.tarjama().arg("import").arg(&file).assert().success();
    assert!(env.memory_path().exists());
    assert_eq!(env.count(), 0);
}
