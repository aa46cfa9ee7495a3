//! Missing terms: a source term whose translation is absent from the text — whole text
//! (`--source`), per aligned sentence (`--by-sentence`) and per stored pair (`--origin`),
//! Arabic to English and back.

use super::*;

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

/// اللواء and الفريق are ranks before a name and common nouns ("the brigade", "the team")
/// otherwise; only the rank is owed to the translation, in both whole-text and
/// per-sentence checks, and the error points at the rank, not at the first common noun.
#[test]
fn an_arabic_title_is_owed_only_before_a_name() {
    let env = seeded();
    let source = env.file(
        "s.ar",
        "فاز الفريق الزائر بالمباراة.\n\
         وقال الفريق عبد الأمير يار الله إن القوات وصلت.\n\
         وصل اللواء الخامس إلى المدينة.\n"
            .as_bytes(),
    );
    let without_rank = env.file(
        "t.en",
        b"The visiting team won the match.\n\
          Abdul Amir Yarallah said the forces had arrived.\n\
          The fifth brigade reached the city.\n",
    );
    let with_rank = env.file(
        "t2.en",
        b"The visiting team won the match.\n\
          Lieutenant General Abdul Amir Yarallah said the forces had arrived.\n\
          The fifth brigade reached the city.\n",
    );
    for mode in [None, Some("--by-sentence")] {
        let run = |target: &std::path::Path| {
            let mut cmd = env.cmd();
            cmd.arg("check").arg(target).arg("--source").arg(&source);
            cmd.args(mode).arg("--json");
            cmd.output().unwrap()
        };
        let out = run(&without_rank);
        assert_eq!(out.status.code(), Some(1), "{mode:?}");
        // One JSON finding per line.
        let findings: Vec<serde_json::Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let places: Vec<(u64, u64, &str)> = findings
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["col"].as_u64().unwrap(),
                    f["kind"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(places, [(2, 6, "missing-term")], "{mode:?}");
        assert_eq!(run(&with_rank).status.code(), Some(0), "{mode:?}");
    }
}
