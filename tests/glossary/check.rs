//! `tarjama check` on the real binary, one text against the glossary: the sample story and
//! its real inconsistencies, short forms, unlisted variants, compiler-style and JSON output,
//! encodings, missing or empty files, glossary files without a memory.

use super::*;

#[test]
fn sample_story_has_its_real_inconsistencies() {
    let env = seeded();
    let story = repo("memories/sample/2021-09-09-joc.en.txt");
    let out = env.cmd().arg("check").arg(&story).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for expected in [
        "error[forbidden]: forbidden variant \"Joint Special Operations Command\"; write \"Joint Operations Command\"",
        "2021-09-09-joc.en.txt:11:35",
        "error[forbidden]: forbidden variant \"Kazemi\"; write \"Al-Kadhimi\"",
        "2021-09-09-joc.en.txt:15:1",
        "error[forbidden]: forbidden variant \"Operations Command\"",
        "2021-09-09-joc.en.txt:23:5",
        "warning[variant]: \"Khafagy\" looks like an unlisted spelling of \"al-Khafaji\"",
        "2021-09-09-joc.en.txt:9:96",
        // The headline's JOC comes before the body spells the name out.
        "warning[short-form-first]: short form \"JOC\" before the full form \"Joint Operations Command\"",
        "2021-09-09-joc.en.txt:1:1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // "JOC spokesman" on line 7 follows the full name (line 5); Mustafa Al-Kadhimi, McKenzie,
    // Lt. Gen. ... are not findings.
    assert!(!text.contains("joc.en.txt:7:1"), "{text}");
    assert_eq!(text.matches("error[").count(), 3, "{text}");
    assert_eq!(text.matches("warning[").count(), 2, "{text}");
}

#[test]
fn a_short_form_is_flagged_only_before_its_full_form() {
    let env = seeded();
    let (_dir, text) =
        text_file("JOC said so. The Joint Operations Command (JOC) met.\nJOC spokesman spoke.\n");
    let (places, code) = json_findings(&env, &text);
    assert_eq!(places, [(1, 1, "short-form-first".to_string())]);
    // Warnings only: the exit code says clean.
    assert_eq!(code, Some(0));
}

#[test]
fn human_output_puts_a_caret_under_the_span() {
    let env = seeded();
    let story = repo("memories/sample/2021-09-09-joc.en.txt");
    let out = env.cmd().arg("check").arg(&story).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("15 | Kazemi stressed"), "{text}");
    assert!(text.contains("   | ^^^^^^\n"), "{text}");
}

#[test]
fn clean_text_exits_zero_and_json_is_one_object_per_finding() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let clean = env.file(
        "clean.txt",
        b"Mustafa Al-Kadhimi met McKenzie in Baghdad.\n",
    );
    env.cmd()
        .arg("check")
        .arg(&clean)
        .assert()
        .success()
        .stdout("");
    let bad = env.file("bad.txt", b"Kazemi met Kenneth MacKenzie.\n");
    let out = env
        .cmd()
        .arg("check")
        .arg(&bad)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "forbidden");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["col"], 1);
    assert_eq!(lines[1]["found"], "MacKenzie");
    assert_eq!(lines[1]["suggestion"], "McKenzie");
    assert_eq!(lines[1]["col"], 20);
}

#[test]
fn unlisted_variants_warn_but_other_names_do_not() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let file = env.file(
        "v.txt",
        b"Kadhemi met Khafagy and Al Kadhimi.\nKadhim, Kazim and Hassan also came, with Khalid.\n",
    );
    let out = env.cmd().arg("check").arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only: {text}");
    assert!(
        text.contains("\"Kadhemi\" looks like an unlisted spelling of \"Al-Kadhimi\""),
        "{text}"
    );
    assert!(
        text.contains("\"Khafagy\" looks like an unlisted spelling of \"al-Khafaji\""),
        "{text}"
    );
    assert!(
        text.contains(
            "\"Al Kadhimi\" is written differently from the glossary form \"Al-Kadhimi\""
        ),
        "{text}"
    );
    assert!(
        !text.contains("v.txt:2:"),
        "different names flagged: {text}"
    );
}

#[test]
fn compound_names_written_in_several_words_are_one_variant() {
    let env = Env::new();
    let glossary = env.file(
        "compounds.csv",
        "type,ar,en,ar_admitted,en_admitted,ar_forbidden,en_forbidden,note,source,case_sensitive\n\
         person,عبد الرحمن الدليمي,Abdulrahman al-Dulaimi,,,,,,test,\n\
         person,أسامة بن لادن,Osama bin Laden,,,,,,test,\n"
            .as_bytes(),
    );
    env.import(&glossary);
    let file = env.file(
        "c.txt",
        b"Abd al-Rahman al-Dulaimi spoke of Usama ben Ladin.\nAbdel Aziz and Abu Bakr were not there.\nAbd al-Rahman spoke.\n",
    );
    let out = env.cmd().arg("check").arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"Abd al-Rahman\" looks like an unlisted spelling of \"Abdulrahman\""),
        "{text}"
    );
    assert!(
        text.contains("\"Usama ben Ladin\" looks like an unlisted spelling of \"Osama bin Laden\""),
        "{text}"
    );
    assert!(text.contains("c.txt:1:1"), "{text}");
    assert!(
        !text.contains("\"Rahman\""),
        "one finding per compound: {text}"
    );
    assert!(
        !text.contains("c.txt:2:"),
        "other compounds flagged: {text}"
    );
    assert!(
        !text.contains("c.txt:3:"),
        "a given name alone refers to nobody: {text}"
    );
}

#[test]
fn windows_1256_text_names_the_encoding_option() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("قال ماكينزي في بغداد\n");
    let file = env.file("legacy.txt", &bytes);
    env.cmd().arg("check").arg(&file).assert().code(2).stderr(
        predicate::str::contains("legacy.txt:1: not valid UTF-8")
            .and(predicate::str::contains("--encoding windows-1256")),
    );
    env.cmd()
        .arg("check")
        .arg(&file)
        .args(["--encoding", "windows-1256"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("forbidden variant \"ماكينزي\""));
}

#[test]
fn check_takes_glossary_files_without_a_memory() {
    let env = Env::new();
    env.cmd()
        .arg("check")
        .arg(fixture("story.en.txt"))
        .arg("--glossary")
        .arg(fixture("small.csv"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("forbidden variant \"Bagdad\""));
    assert!(!env.tm().exists());
}

#[test]
fn check_without_any_glossary_says_how_to_get_one() {
    let env = Env::new();
    env.cmd()
        .arg("check")
        .arg(fixture("story.en.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tarjama glossary import"));
}

#[test]
fn empty_and_missing_files() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let empty = env.file("empty.txt", b"");
    env.cmd()
        .arg("check")
        .arg(&empty)
        .assert()
        .success()
        .stdout("");
    env.cmd()
        .args(["check", "nope.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.txt"));
    env.cmd()
        .args(["glossary", "import", "nope.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.csv"));
}
