//! Import and export through the real binary: every bad input of the import contract gets
//! a clear `path:line(:col)` message, a non-zero exit and an untouched memory; good files
//! (CSV/TSV/TMX, BOM, Windows-1256, UTF-16) import right; import(export(m)) gives back the
//! same units in TMX and CSV; exported TMX passes a real TMX reader when one is installed.

#[path = "import_export/bad_input.rs"]
mod bad_input;
mod common;
mod import_support;
#[path = "import_export/leftovers.rs"]
mod leftovers;
#[path = "import_export/real_tools.rs"]
mod real_tools;
#[path = "import_export/round_trip.rs"]
mod round_trip;

use common::{stdout_of, utf16};
use import_support::{fixture, tmx_doc, tu, TestEnv};
use predicates::prelude::*;

// ---------------------------------------------------------------- good input

#[test]
fn windows_1256_file_imports_right_with_the_flag() {
    let env = TestEnv::new();
    let bytes = encoding_rs::WINDOWS_1256
        .encode(
            "ar;en\nقال الوزير إن الموازنة أولية;The minister said the budget was preliminary\n",
        )
        .0;
    let file = env.write_bytes("legacy.csv", &bytes);
    env.tarjama()
        .args(["import", "--encoding", "windows-1256"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added"));
    let units = env.units();
    assert_eq!(units[0].source.text, "قال الوزير إن الموازنة أولية");
    assert_eq!(
        units[0].target.text,
        "The minister said the budget was preliminary"
    );
}

#[test]
fn utf16_tmx_imports_in_both_byte_orders() {
    let env = TestEnv::new();
    let tmx = tmx_doc("ar", &tu("ar", "الأمن أولاً", "en", "Security first")).replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    );
    let le_file = env.write_bytes("le.tmx", &utf16(&tmx, true));
    let be_file = env.write_bytes("be.tmx", &utf16(&tmx, false));
    env.tarjama()
        .arg("import")
        .arg(&le_file)
        .arg(&be_file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("le.tmx: 1 added")
                .and(predicate::str::contains("be.tmx: 0 added, 1 merged")),
        );
    assert_eq!(env.units()[0].source.text, "الأمن أولاً");
}

#[test]
fn utf16_tmx_errors_have_positions_in_characters() {
    let env = TestEnv::new();
    let tmx = tmx_doc("ar", "<tu><tuv xml:lang=\"ar\"><seg>سلام</tuv></tu>");
    let file = env.write_bytes("broken16.tmx", &utf16(&tmx, true));
    env.import_fails(&[&file], "broken16.tmx:5:35: not well-formed XML");
}

#[test]
fn csv_header_by_language_name_with_bom_and_multiline_cells() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(fixture("news.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "news.csv: 4 added, 0 merged, 0 alternatives, 0 rejected",
        ));
    let units = env.units();
    assert_eq!(units[0].source.lang, "ar");
    assert_eq!(units[0].target.lang, "en");
    assert_eq!(units[0].status, tarjama::memory::Status::Reviewed);
    assert_eq!(units[0].created_by.as_deref(), Some("sara.h"));
    assert_eq!(units[2].source.text, "سطر أول\nوسطر ثانٍ في الخلية نفسها.");
    assert_eq!(
        units[2].notes,
        vec!["quoted \"note\" with quotes".to_string()]
    );
    assert_eq!(
        units[1].target.text,
        "The number of visitors reached 1,200, according to the organisers."
    );
    assert_eq!(units[3].origin.as_deref(), Some("news.csv"));
}

#[test]
fn excel_sep_line_and_comment_lines_before_the_header() {
    let env = TestEnv::with_seed();
    let file = env.write("excel.csv", "\u{feff}sep=;\nar;en\nسلام;Peace\nكتاب;Book\n");
    env.tarjama().arg("import").arg(&file).assert().success();
    assert_eq!(env.count(), 3);
    let commented = env.write(
        "c.tsv",
        "# written by hand\n# two comment lines\nar\ten\nقلم\t\n",
    );
    env.import_fails(&[&commented], "c.tsv:4: empty target text");
}

#[test]
fn headerless_tsv_with_columns_and_source_target_with_from_to() {
    let env = TestEnv::new();
    let tsv = env.write("plain.tsv", "Peace\tسلام\nBook\tكتاب\n");
    env.tarjama()
        .args(["import", "--columns", "en,ar", "--from", "ar"])
        .arg(&tsv)
        .assert()
        .success();
    let units = env.units();
    assert_eq!(
        (units[0].source.text.as_str(), units[0].target.text.as_str()),
        ("سلام", "Peace")
    );
    let generic = env.write("st.csv", "source;target\nقلم;Pen\n");
    env.tarjama()
        .args([
            "import", "--from", "ar-IQ", "--to", "en-GB", "--status", "reviewed", "--origin",
            "desk",
        ])
        .arg(&generic)
        .assert()
        .success();
    let pen = &env.units()[2];
    assert_eq!(
        (pen.source.lang.as_str(), pen.target.lang.as_str()),
        ("ar-IQ", "en-GB")
    );
    assert_eq!(pen.origin.as_deref(), Some("desk"));
    assert_eq!(pen.status, tarjama::memory::Status::Reviewed);
}

#[test]
fn tmx_keeps_props_notes_markup_dates_and_every_target_language() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(fixture("rich.tmx"))
        .assert()
        .success()
        .stdout(predicate::str::contains("rich.tmx: 5 added"));
    let units = env.units();
    let first = &units[0];
    assert_eq!(first.source.lang, "ar-IQ");
    assert_eq!(
        first.source.text,
        "التقى رئيس الوزراء مصطفى الكاظمي وفدًا أمريكيًا."
    );
    assert!(first
        .source
        .markup
        .as_deref()
        .unwrap()
        .contains("<bpt i=\"1\">&lt;b&gt;</bpt>"));
    assert_eq!(first.external_id.as_deref(), Some("bgd-0001"));
    assert_eq!(first.usage_count, 4);
    assert_eq!(first.confidence, Some(0.875));
    assert_eq!(first.status, tarjama::memory::Status::Reviewed);
    assert_eq!(first.created_by.as_deref(), Some("sara.h"));
    assert_eq!(first.changed_by.as_deref(), Some("omar.k"));
    assert_eq!(
        first.created_at.unwrap().to_rfc3339(),
        "2021-05-12T08:30:00+00:00"
    );
    assert_eq!(first.props.len(), 1);
    assert_eq!(
        first.notes,
        vec!["Name spelling agreed with the style desk & the editor.".to_string()]
    );
    let langs: Vec<&str> = units.iter().map(|u| u.target.lang.as_str()).collect();
    assert_eq!(langs, ["en-US", "en", "fr", "en", "en"]);
    assert_eq!(units[3].source.text, "انقر  للمزيد هنا.");
    assert_eq!(
        units[4].origin.as_deref(),
        Some("https://example.org/news/2021/05/12/budget")
    );
    assert_eq!(units[4].source.markup, None);
}

/// Starts `tarjama import` of a 300,000-pair CSV into `env`'s memory, for tests that kill it.
fn spawn_big_import(env: &TestEnv) -> std::process::Child {
    let mut csv = String::from("ar,en\n");
    for i in 0..300_000 {
        csv.push_str(&format!(
            "جملة رقم {i} في الملف,Sentence number {i} in the file\n"
        ));
    }
    let file = env.write("big.csv", &csv);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("tarjama"))
        .arg("--tm")
        .arg(env.memory_path())
        .arg("import")
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killed_import_leaves_the_memory_as_it_was() {
    let env = TestEnv::with_seed();
    let mut child = spawn_big_import(&env);
    // Kill it once it is writing (the WAL file appears), or whenever it got that far.
    let wal = env.path("memory.db-wal");
    for _ in 0..200 {
        if wal.exists()
            && std::fs::metadata(&wal)
                .map(|m| m.len() > 0)
                .unwrap_or(false)
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    let count = env.count();
    assert!(
        count == 1 || count == 300_001,
        "a killed import left {count} units"
    );
}

/// A memory with no unit is built through a rollback journal (`memory::bulk`): a kill
/// mid-import must leave it empty and whole, and the next open puts it back in WAL mode.
#[test]
fn killed_import_into_a_new_memory_leaves_it_empty_and_whole() {
    let env = TestEnv::new();
    let mut child = spawn_big_import(&env);
    // Kill it once it is writing its units (the schema is in the file and the bulk
    // transaction's journal exists), a little later, or whenever. The schema is created
    // through a journal too: a kill inside that commit is the next test's case.
    let journal = env.path("memory.db-journal");
    let memory = env.memory_path();
    let mut seen = false;
    for _ in 0..300 {
        let schema_in = std::fs::metadata(&memory).is_ok_and(|m| m.len() > 0);
        if schema_in && journal.exists() {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    let count = env.count();
    assert!(
        count == 0 || count == 300_000,
        "a killed import left {count} units (journal seen: {seen})"
    );
    let conn = rusqlite::Connection::open(env.memory_path()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(!journal.exists(), "the journal was left behind");
}

/// A kill before the new memory's schema committed leaves an empty file: reading commands
/// say so and fail, and the next import fills it.
#[test]
fn an_empty_file_left_by_a_kill_is_refused_by_reads_and_filled_by_import() {
    let env = TestEnv::new();
    std::fs::write(env.memory_path(), b"").unwrap();
    env.tarjama()
        .args(["suggest", "--from", "ar", "--to", "en", "مرحبا"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "memory.db: not a tarjama memory (an empty file",
        ))
        .stderr(predicate::str::contains("`tarjama import` fills it"));
    let file = env.write("one.csv", "ar,en\nمرحبا بكم,Welcome\n");
    env.tarjama().arg("import").arg(&file).assert().success();
    assert_eq!(env.count(), 1);
}

#[test]
fn to_picks_one_target_language_from_a_multilingual_tmx() {
    let env = TestEnv::new();
    // Units without French are not wrong, they just give nothing with --to fr.
    env.tarjama()
        .args(["import", "--to", "fr"])
        .arg(fixture("rich.tmx"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 added, 0 merged, 0 alternatives, 0 rejected",
        ));
    assert_eq!(
        env.units()[0].target.text,
        "La production a augmenté de 3,5 % en 2020."
    );
}

// ---------------------------------------------------------------- skip-bad, merges

#[test]
fn skip_bad_imports_good_rows_and_writes_rejects() {
    let env = TestEnv::new();
    let file = env.write(
        "mixed.csv",
        "ar,en\nسلام,Peace\nكتاب,\nقلم,Pen,x\nبيت,House\n",
    );
    let rejects = env.path("rejects.txt");
    env.tarjama()
        .args(["import", "--skip-bad", "--rejects"])
        .arg(&rejects)
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "2 added, 0 merged, 0 alternatives, 2 rejected",
        ));
    assert_eq!(env.count(), 2);
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        written.contains("mixed.csv:3: empty target text"),
        "{written}"
    );
    assert!(
        written.contains("mixed.csv:4: expected 2 fields, found 3"),
        "{written}"
    );
}

#[test]
fn reimport_merges_duplicates_and_keeps_alternatives() {
    let env = TestEnv::new();
    let file = env.write("a.csv", "ar,en\nسلام,Peace\nكتاب,Book\n");
    env.tarjama().arg("import").arg(&file).assert().success();
    let again = env.write("b.csv", "ar,en\nسلام,Peace\nكتاب,A book\n");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        env.tarjama().args(["import", "--json"]).arg(&again),
    ))
    .unwrap();
    assert_eq!(
        (
            json["added"].as_u64(),
            json["merged"].as_u64(),
            json["alternatives"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
    assert_eq!(env.count(), 3);
}
