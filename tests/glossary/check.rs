//! `tarjama check` on the real binary: the sample story and its real inconsistencies,
//! compiler-style output, missing terms (whole text and per aligned sentence), byte-exact
//! `--fix` and `--in-place`, Arabic clitics and grapheme columns, encodings, bad input.

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
fn a_long_text_is_checked_in_batches_with_its_lines_in_order() {
    // 5,000 lines: several batches, checked on several threads, put back in order; the
    // full form on line 3 still introduces the JOC of line 4,000.
    let mut lines: Vec<String> = (1..=5000)
        .map(|i| format!("Line {i} has nothing to say."))
        .collect();
    lines[0] = "Kazemi spoke first.".into();
    lines[2] = "The Joint Operations Command met.".into();
    lines[3999] = "The JOC spokesman spoke.".into();
    lines[4999] = "Kazemi spoke last.".into();
    let env = seeded();
    let (_dir, text) = text_file(&(lines.join("\n") + "\n"));
    let (places, code) = json_findings(&env, &text);
    let forbidden = "forbidden".to_string();
    assert_eq!(places, [(1, 1, forbidden.clone()), (5000, 1, forbidden)]);
    assert_eq!(code, Some(1));
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
fn the_arabic_sample_is_clean_and_both_sides_carry_the_same_terms() {
    let env = seeded();
    let ar = repo("memories/sample/2021-09-09-joc.ar.txt");
    let en = repo("memories/sample/2021-09-09-joc.en.txt");
    env.cmd()
        .arg("check")
        .arg(&ar)
        .arg("--source")
        .arg(&en)
        .assert()
        .success();
    let out = env
        .cmd()
        .arg("check")
        .arg(&en)
        .arg("--source")
        .arg(&ar)
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout)
        .unwrap()
        .contains("missing term"));
}

#[test]
fn a_term_of_the_arabic_missing_from_the_english_is_an_error() {
    let env = seeded();
    let ar = repo("memories/sample/2021-09-09-joc.ar.txt");
    let en = std::fs::read_to_string(repo("memories/sample/2021-09-09-joc.en.txt")).unwrap();
    let cut = en.replace(
        "a small part of Harir base in Kurdistan",
        "part of Kurdistan",
    );
    let target = env.file("cut.en.txt", cut.as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&target)
        .arg("--source")
        .arg(&ar)
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("error[missing-term]: missing term: \"قاعدة حرير\""),
        "{text}"
    );
    assert!(text.contains("2021-09-09-joc.ar.txt:11:"), "{text}");
    assert_eq!(text.matches("missing term").count(), 1, "{text}");
}

#[test]
fn missing_terms_work_from_english_source_to_arabic_target() {
    let env = seeded();
    let en = repo("memories/sample/2021-09-09-joc.en.txt");
    let ar = std::fs::read_to_string(repo("memories/sample/2021-09-09-joc.ar.txt")).unwrap();
    let target = env.file("cut.ar.txt", ar.replace("ماثيو تولر", "").as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&target)
        .arg("--source")
        .arg(&en)
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("missing term: \"Matthew Tueller\""), "{text}");
}

#[test]
fn fix_rewrites_only_forbidden_variants_byte_for_byte() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let original =
        "Maj. Gen. Tahseen al-Khafaji said the Joint Special Operations Command met in Bagdad.\r\n\
Kazemi's office said al-Kadhimi would meet McKenzie.\r\n\
  Al-Khufaji added: \u{201c}Nothing\u{a0}has changed.\u{201d}\tend";
    let file = env.file("story.txt", original.as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&file)
        .arg("--fix")
        .output()
        .unwrap();
    let expected =
        "Maj. Gen. Tahsin al-Khafaji said the Joint Operations Command met in Baghdad.\r\n\
Al-Kadhimi's office said Al-Kadhimi would meet McKenzie.\r\n\
  Al-Khafaji added: \u{201c}Nothing\u{a0}has changed.\u{201d}\tend";
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    assert_eq!(out.status.code(), Some(0), "every error was fixed");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "stdout mode leaves the file"
    );
}

#[test]
fn fix_in_place_keeps_a_backup() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let original = "Kazemi met McKenzie in Bagdad.\n";
    let file = env.file("story.txt", original.as_bytes());
    env.cmd()
        .arg("check")
        .arg(&file)
        .args(["--fix", "--in-place"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Al-Kadhimi met McKenzie in Baghdad.\n"
    );
    let backup = env.dir.path().join("story.txt.bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), original);
}

#[test]
fn in_place_without_fix_is_a_usage_error() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let file = env.file("story.txt", b"Baghdad\n");
    env.cmd()
        .arg("check")
        .arg(&file)
        .arg("--in-place")
        .assert()
        .code(2);
}

#[test]
fn arabic_forbidden_variant_behind_a_clitic_gets_a_grapheme_column_and_a_clean_fix() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let file = env.file("ar.txt", "قالَ وماكينزي إنّ\n".as_bytes());
    let out = env.cmd().arg("check").arg(&file).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // ق ا لَ (three graphemes) + space + و → the stem starts at column 6.
    assert!(text.contains("ar.txt:1:6"), "{text}");
    assert!(text.contains("write \"ماكنزي\""), "{text}");
    let fixed = env
        .cmd()
        .arg("check")
        .arg(&file)
        .arg("--fix")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(fixed.stdout).unwrap(), "قالَ وماكنزي إنّ\n");
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
        b"Abd al-Rahman spoke of Usama ben Ladin.\nAbdel Aziz and Abu Bakr were not there.\n",
    );
    let out = env.cmd().arg("check").arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"Abd al-Rahman\" looks like an unlisted spelling of \"Abdulrahman\""),
        "{text}"
    );
    assert!(
        text.contains("\"ben Ladin\" looks like an unlisted spelling of \"bin Laden\""),
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
fn fix_keeps_a_byte_order_mark_and_a_missing_final_newline() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let file = env.file("bom.txt", "\u{feff}Bagdad\nKazemi".as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&file)
        .arg("--fix")
        .output()
        .unwrap();
    assert_eq!(out.stdout, "\u{feff}Baghdad\nAl-Kadhimi".as_bytes());
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

#[test]
fn in_place_fix_of_a_bad_file_leaves_it_untouched() {
    let env = Env::new();
    env.import(&fixture("small.csv"));
    let original = b"Kazemi said\n\xc7\xe1\n";
    let file = env.file("mixed.txt", original);
    env.cmd()
        .arg("check")
        .arg(&file)
        .args(["--fix", "--in-place"])
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&file).unwrap(), original);
    let names: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.to_string_lossy().contains("tarjama-tmp")),
        "{names:?}"
    );
}

#[test]
fn by_sentence_finds_a_term_dropped_from_one_sentence() {
    let env = seeded();
    let ar = repo("memories/sample/2021-09-09-joc.ar.txt");
    let en = std::fs::read_to_string(repo("memories/sample/2021-09-09-joc.en.txt")).unwrap();
    // Baghdad is still in the dateline, so the whole-text check is satisfied.
    let target = env.file(
        "cut.en.txt",
        en.replace("held in Baghdad on", "held on").as_bytes(),
    );
    let doc = env
        .cmd()
        .arg("check")
        .arg(&target)
        .arg("--source")
        .arg(&ar)
        .output()
        .unwrap();
    assert!(!String::from_utf8(doc.stdout)
        .unwrap()
        .contains("missing term"));
    let out = env
        .cmd()
        .arg("check")
        .arg(&target)
        .arg("--source")
        .arg(&ar)
        .arg("--by-sentence")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "missing term: \"بغداد\" is in the source but \"Baghdad\" is not in the aligned translation"
        ),
        "{text}"
    );
    assert!(text.contains("2021-09-09-joc.ar.txt:23:74"), "{text}");
    assert_eq!(text.matches("missing term").count(), 1, "{text}");
}

#[test]
fn by_sentence_on_the_real_pair_finds_nothing_missing_either_way() {
    let env = seeded();
    let ar = repo("memories/sample/2021-09-09-joc.ar.txt");
    let en = repo("memories/sample/2021-09-09-joc.en.txt");
    for (file, source) in [(&ar, &en), (&en, &ar)] {
        let out = env
            .cmd()
            .arg("check")
            .arg(file)
            .arg("--source")
            .arg(source)
            .arg("--by-sentence")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("missing term"), "{text}");
    }
    env.cmd()
        .arg("check")
        .arg(&ar)
        .arg("--by-sentence")
        .assert()
        .code(2);
}

/// Peak resident memory of process `pid` so far, in KiB (Linux).
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_text_streams_in_bounded_memory() {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    // 12 MB on standard input; the peak memory of `check` after 2 MB and just before the
    // end (while it waits for the last line) must not grow with the text.
    let env = seeded();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("tarjama"))
        .env("TARJAMA_TM", env.tm())
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let line =
        "The minister met officials in Baghdad on Thursday to discuss the security situation.\n";
    let per_mb = (1 << 20) / line.len();
    let mut early = 0;
    for mb in 1..=12 {
        for _ in 0..per_mb {
            stdin.write_all(line.as_bytes()).unwrap();
        }
        if mb == 2 {
            early = peak_kib(pid);
        }
    }
    stdin.flush().unwrap();
    let late = peak_kib(pid);
    stdin.write_all(b"Kazemi spoke last.\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let out = reader.join().unwrap();
    assert_eq!(status.code(), Some(1), "{out}");
    let last = format!("-:{}:1", 12 * per_mb + 1);
    assert!(out.contains(&last), "{last} not in {out}");
    assert!(
        late < early + 8 * 1024,
        "peak memory grew from {early} KiB to {late} KiB over 10 MB of text"
    );
}

#[test]
fn an_aligned_article_in_the_memory_is_checked_pair_by_pair() {
    let env = seeded();
    let csv = env.file(
        "article.csv",
        "ar,en,origin\n\
         قال مصطفى الكاظمي إن الوضع مستقر,The prime minister said the situation is stable,t1\n\
         وصل الوفد إلى بغداد,Kazemi arrived in Baghdad,t1\n\
         قال مصطفى الكاظمي,Mustafa Al-Kadhimi said,other\n"
            .as_bytes(),
    );
    env.cmd().arg("import").arg(&csv).assert().success();
    let out = env
        .cmd()
        .args(["check", "--origin", "t1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let findings: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seen: Vec<(&str, u64, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["col"].as_u64().unwrap(),
                f["kind"].as_str().unwrap(),
            )
        })
        .collect();
    // Pair 1 drops the Prime Minister's name (found at column 5 of the Arabic); pair 2
    // spells it as a forbidden variant. The other article is not read.
    assert_eq!(
        seen,
        [("t1", 1, 5, "missing-term"), ("t1", 2, 1, "forbidden")]
    );
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("\"Mustafa Al-Kadhimi\" is not in the translation"));
    env.cmd()
        .args(["check", "--origin", "no-such-article"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no unit has origin 'no-such-article'",
        ));
}
