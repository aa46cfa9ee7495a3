//! Glossary files from other tools through the real binary (fixtures written for these
//! tests under tests/fixtures/glossary/tools/): TBX-Basic and TBX v3 files with concepts in
//! other languages, homonyms and definitions import with exit 0; the XML encoding
//! declaration is honoured; `glossary import --skip-bad --rejects` keeps the good entries
//! (also when the bad ones conflict with entries already stored); a language with only
//! deprecated (forbidden) terms imports, checks and round-trips.

use std::path::PathBuf;

use predicates::prelude::*;

mod common;
use common::{repo, TestEnv as Env};

fn tool(name: &str) -> PathBuf {
    repo(&format!("tests/fixtures/glossary/tools/{name}"))
}

fn entries(env: &Env) -> Vec<serde_json::Value> {
    env.stdout(&["glossary", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn tbx_basic_keeps_every_concept_with_english_or_arabic_and_says_what_it_left_out() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["glossary", "import"])
        .arg(tool("tbx_basic_en_de.tbx"))
        .assert()
        .code(0)
        .stdout(predicate::str::diff(
            "3 added, 0 updated, 0 unchanged, 2 concept(s) skipped, \
             6 other-language term(s) left out, 1 homonym(s) merged\n",
        ))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "tbx_basic_en_de.tbx:32:7: skipped 2 concept(s) with no English or Arabic term",
        "tbx_basic_en_de.tbx: 6 term(s) in languages other than English and Arabic not imported (de-DE 4, fr-FR 2)",
        "tbx_basic_en_de.tbx:49:7: same terms as the concept at ",
        "tbx_basic_en_de.tbx:40:7 (a homonym); merged into it",
    ] {
        assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("empty in every language"), "{stderr}");
    let list = entries(&env);
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["en"]["preferred"], "checkpoint");
    assert_eq!(list[0]["ar"]["preferred"], "نقطة تفتيش");
    assert_eq!(
        list[0]["note"],
        "A place where vehicles and people are stopped and searched."
    );
    assert_eq!(list[1]["en"]["preferred"], "bank");
    assert_eq!(list[1]["en"]["admitted"], serde_json::json!(["riverbank"]));
    assert_eq!(
        list[1]["note"],
        "A financial institution that takes deposits. The land beside a river."
    );
    // A language with admitted forms only: the first is taken as preferred.
    assert_eq!(list[2]["en"]["preferred"], "ceasefire");
    assert_eq!(list[2]["en"]["admitted"], serde_json::json!(["cease-fire"]));
    // Importing again changes nothing.
    env.cmd()
        .args(["glossary", "import"])
        .arg(tool("tbx_basic_en_de.tbx"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "0 added, 0 updated, 3 unchanged",
        ));
}

#[test]
fn tbx_v3_without_arabic_imports_its_english_concepts() {
    let env = Env::new();
    env.cmd()
        .args(["glossary", "import"])
        .arg(tool("tbx_v3_min.tbx"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "1 added, 0 updated, 0 unchanged, 2 concept(s) skipped, 3 other-language term(s) left out",
        ))
        .stderr(predicate::str::contains("tbx_v3_min.tbx:14:7: skipped 2 concept(s)"));
    assert_eq!(entries(&env)[0]["en"]["preferred"], "election");
}

fn tbx(declaration: &str, en: &str, ar: &str) -> String {
    format!(
        "<?xml version=\"1.0\"{declaration}?>\n<martif type=\"TBX\" xml:lang=\"en\"><text><body>\n\
         <termEntry id=\"c1\"><langSet xml:lang=\"en\"><tig><term>{en}</term></tig></langSet>\
         <langSet xml:lang=\"ar\"><tig><term>{ar}</term></tig></langSet></termEntry>\n\
         </body></text></martif>\n"
    )
}

#[test]
fn tbx_in_the_encoding_its_declaration_names() {
    let env = Env::new();
    let arabic = encoding_rs::WINDOWS_1256
        .encode(&tbx(" encoding=\"windows-1256\"", "Basra", "البصرة"))
        .0
        .into_owned();
    let western = encoding_rs::WINDOWS_1252
        .encode(&tbx(
            " encoding=\"windows-1252\"",
            "Café Shahbandar’s",
            "مقهى الشابندر",
        ))
        .0
        .into_owned();
    // The Arabic term cannot be written in windows-1252: encoding_rs writes it as character
    // references, which the reader expands.
    assert!(String::from_utf8_lossy(&western).contains("&#"));
    for (name, bytes) in [("ar.tbx", &arabic), ("latin.tbx", &western)] {
        env.cmd()
            .args(["glossary", "import"])
            .arg(env.file(name, bytes))
            .assert()
            .success()
            .stdout(predicate::str::starts_with("1 added"));
    }
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in tbx(" encoding=\"UTF-16\"", "Kufa", "الكوفة").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    env.cmd()
        .args(["glossary", "import"])
        .arg(env.file("utf16.tbx", &utf16))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("1 added"));
    let list = entries(&env);
    assert_eq!(list[0]["ar"]["preferred"], "البصرة");
    assert_eq!(list[1]["en"]["preferred"], "Café Shahbandar’s");
    assert_eq!(list[1]["ar"]["preferred"], "مقهى الشابندر");
    assert_eq!(list[2]["ar"]["preferred"], "الكوفة");
    // Undeclared and not UTF-8: refused at its line, with the way out.
    let undeclared = encoding_rs::WINDOWS_1256
        .encode(&tbx("", "Najaf", "النجف"))
        .0
        .into_owned();
    env.cmd()
        .args(["glossary", "import"])
        .arg(env.file("undeclared.tbx", &undeclared))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("undeclared.tbx:3: not valid UTF-8")
                .and(predicate::str::contains("declare it in <?xml")),
        );
    assert_eq!(entries(&env).len(), 3);
}

#[test]
fn glossary_import_skip_bad_keeps_the_good_entries_and_writes_the_rejects() {
    let env = Env::new();
    let file = env.file(
        "mixed.tbx",
        "<?xml version=\"1.0\"?>\n<martif type=\"TBX\"><text><body>\n\
         <termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>Mosul</term></tig></langSet></termEntry>\n\
         <termEntry id=\"b\"><descrip type=\"conceptType\">city</descrip><langSet xml:lang=\"en\"><tig><term>Erbil</term></tig></langSet></termEntry>\n\
         <termEntry id=\"c\"><langSet xml:lang=\"en\"><tig><term>Kirkuk</term></tig><tig><term>Kirkuk</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>\n\
         </body></text></martif>\n",
    );
    env.cmd()
        .args(["glossary", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("mixed.tbx:4:1: unknown conceptType \"city\"").and(
                predicate::str::contains("mixed.tbx:5:1: \"Kirkuk\" is both allowed"),
            ),
        );
    assert!(entries(&env).is_empty(), "nothing may be written");
    let rejects = env.dir.path().join("rejects.txt");
    env.cmd()
        .args(["glossary", "import", "--skip-bad", "--rejects"])
        .arg(&rejects)
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "1 added, 0 updated, 0 unchanged, 2 rejected",
        ));
    assert_eq!(entries(&env)[0]["en"]["preferred"], "Mosul");
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
    assert!(
        written.contains("mixed.tbx:4:1: unknown conceptType"),
        "{written}"
    );
    // The same for a CSV file.
    let csv = env.file(
        "mixed.csv",
        "type,ar,en\nplace,بغداد,Baghdad\nplace,,\nplace,البصرة,Basra\n",
    );
    env.cmd()
        .args(["glossary", "import", "--skip-bad"])
        .arg(&csv)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "2 added, 0 updated, 0 unchanged, 1 rejected",
        ))
        .stderr(predicate::str::contains(
            "mixed.csv:3: the term is empty in every language",
        ));
}

#[test]
fn tbx_min_2013_dialect_imports() {
    let env = Env::new();
    env.cmd()
        .args(["glossary", "import"])
        .arg(tool("tbx_min_2013.tbx"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "1 added, 0 updated, 0 unchanged, 1 concept(s) skipped, 1 other-language term(s) left out",
        ));
    let list = entries(&env);
    assert_eq!(list[0]["en"]["preferred"], "parliament");
    assert_eq!(
        list[0]["en"]["admitted"],
        serde_json::json!(["legislature"])
    );
    assert_eq!(list[0]["en"]["forbidden"], serde_json::json!(["congress"]));
    assert_eq!(list[0]["ar"]["preferred"], "البرلمان");
}

#[test]
fn tbx_concept_with_only_deprecated_terms_in_one_language_imports_and_checks() {
    let env = Env::new();
    env.cmd()
        .args(["glossary", "import"])
        .arg(tool("forbidden_only.tbx"))
        .assert()
        .code(0)
        .stdout(predicate::str::diff("2 added, 0 updated, 0 unchanged\n"));
    let list = entries(&env);
    assert_eq!(list[0]["en"]["preferred"], "checkpoint");
    assert_eq!(list[0]["ar"]["preferred"], serde_json::Value::Null);
    assert_eq!(list[0]["ar"]["forbidden"], serde_json::json!(["سيطرة"]));
    assert_eq!(list[1]["en"]["preferred"], serde_json::Value::Null);
    assert_eq!(
        list[1]["en"]["forbidden"],
        serde_json::json!(["Iraqi Congress"])
    );
    // The forbidden form is an error with nothing to write instead; --fix leaves it.
    let text = "The Iraqi Congress met near the checkpoint.\n";
    let story = env.file("story.txt", text);
    env.cmd().arg("check").arg(&story).assert().code(1).stdout(
        predicate::str::contains(
            "error[forbidden]: forbidden variant \"Iraqi Congress\": do not write it \
                 (the glossary has no English form of \"مجلس النواب\")\n",
        )
        .and(predicate::str::contains("story.txt:1:5")),
    );
    let fixed = env
        .cmd()
        .arg("check")
        .arg(&story)
        .arg("--fix")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(fixed.stdout).unwrap(), text);
    assert_eq!(fixed.status.code(), Some(1), "the error stays");
    // Export then import gives the same glossary, in CSV and in TBX.
    for format in ["csv", "tbx"] {
        let exported = env.stdout(&["glossary", "export", "--format", format]);
        let other = Env::new();
        other
            .cmd()
            .args(["glossary", "import"])
            .arg(other.file(&format!("g.{format}"), exported.as_bytes()))
            .assert()
            .code(0);
        let strip = |mut v: Vec<serde_json::Value>| {
            for e in &mut v {
                let e = e.as_object_mut().unwrap();
                for k in ["id", "created", "changed"] {
                    e.remove(k);
                }
            }
            v
        };
        assert_eq!(strip(entries(&other)), strip(entries(&env)), "{format}");
    }
}

#[test]
fn csv_forbidden_only_column_imports_but_admitted_without_preferred_is_refused() {
    let env = Env::new();
    let good = env.file(
        "good.csv",
        "type,ar,en,en_admitted,en_forbidden\norganization,مجلس النواب,,,Iraqi Congress\n",
    );
    env.cmd()
        .args(["glossary", "import"])
        .arg(&good)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("1 added"));
    assert_eq!(
        entries(&env)[0]["en"]["forbidden"],
        serde_json::json!(["Iraqi Congress"])
    );
    let bad = env.file(
        "bad.csv",
        "type,ar,en,en_admitted,en_forbidden\norganization,البرلمان,,Parliament,\n",
    );
    env.cmd()
        .args(["glossary", "import"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:2: en variants given without a preferred en form",
        ));
    assert_eq!(entries(&env).len(), 1, "nothing of bad.csv is written");
}

#[test]
fn skip_bad_rejects_an_entry_that_conflicts_with_one_already_stored() {
    let env = Env::new();
    env.file(
        "stored.csv",
        "type,ar,en,en_forbidden\nperson,مصطفى الكاظمي,Mustafa Al-Kadhimi,Kazemi\nplace,بغداد,Baghdad,\n",
    );
    env.cmd()
        .args(["glossary", "import"])
        .arg(env.dir.path().join("stored.csv"))
        .assert()
        .code(0);
    let incoming = tool("against_stored.csv");
    // Both conflicts are reported at the incoming file's lines, whichever side forbids.
    env.cmd()
        .args(["glossary", "import"])
        .arg(&incoming)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "against_stored.csv:2: conflict: \"Kazemi\" is preferred here but forbidden \
                 in \"Mustafa Al-Kadhimi / مصطفى الكاظمي\" at memory:1",
            )
            .and(predicate::str::contains(
                "against_stored.csv:3: conflict: \"Baghdad\" is forbidden here but preferred",
            )),
        );
    assert_eq!(entries(&env).len(), 2, "nothing may be written");
    env.cmd()
        .args(["glossary", "import", "--skip-bad"])
        .arg(&incoming)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "1 added, 0 updated, 0 unchanged, 2 rejected",
        ))
        .stderr(
            predicate::str::contains("against_stored.csv:2: conflict")
                .and(predicate::str::contains("against_stored.csv:3: conflict")),
        );
    let list = entries(&env);
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["en"]["preferred"], "Basra");
}
