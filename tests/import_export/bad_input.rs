//! Bad input for `tarjama import`: each case gets a clear `path:line(:col)` message, exit 2
//! and an untouched memory.

use predicates::prelude::*;

use crate::common::{stderr_of, utf16};
use crate::import_support::{tmx_doc, tu, TestEnv};

// ---------------------------------------------------------------- bad CSV input

#[test]
fn csv_unbalanced_quote_is_rejected_at_its_line() {
    let env = TestEnv::with_seed();
    let file = env.write("q.csv", "ar,en\nسلام,Peace\n\"مرحبا,Hello\nكتاب,Book\n");
    env.import_fails(&[&file], "q.csv:3: unbalanced quote");
}

#[test]
fn csv_quote_that_never_closes_does_not_swallow_a_huge_file() {
    let env = TestEnv::with_seed();
    let mut text = String::from("ar,en\nسلام,Peace\n\"كتاب,Book\n");
    let row = "جملة طويلة في ملف كبير,A long sentence in a big file\n";
    while text.len() < 18 << 20 {
        text.push_str(row);
    }
    let file = env.write("huge.csv", &text);
    env.import_fails(&[&file], "huge.csv:3: unbalanced quote");
}

#[test]
fn csv_quote_left_open_on_the_last_line_is_rejected() {
    let env = TestEnv::with_seed();
    let file = env.write("last.csv", "ar,en\nسلام,Peace\nكتاب,\"Book");
    env.import_fails(&[&file], "last.csv:3: unbalanced quote");
}

#[test]
fn csv_literal_quote_in_a_plain_field_and_blank_rows_are_fine() {
    let env = TestEnv::new();
    let file = env.write("ok.csv", "ar,en\nشاشة 5\",5\" screen\n,\n\nقلم,Pen\n");
    env.tarjama()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 added"));
    assert_eq!(env.units()[0].target.text, "5\" screen");
}

#[test]
fn bad_row_after_a_multiline_cell_is_reported_at_its_own_first_line() {
    let env = TestEnv::with_seed();
    let file = env.write("ml.csv", "ar,en\n\"سطر\nثان\",\"Two\nlines\"\nقلم,\n");
    // The cell pair spans lines 2–4, so the bad row starts on line 5.
    env.import_fails(&[&file], "ml.csv:5: empty target text");
}

#[test]
fn unknown_extension_asks_for_format() {
    let env = TestEnv::with_seed();
    let file = env.write("pairs.dat", "ar,en\nسلام,Peace\n");
    env.import_fails(
        &[&file],
        "pairs.dat: cannot tell the format from the file name; give --format",
    );
    env.tarjama()
        .args(["import", "--format", "csv"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(env.count(), 2);
}

#[test]
fn csv_wrong_field_count_lists_every_bad_row() {
    let env = TestEnv::with_seed();
    let file = env.write("n.csv", "ar,en\nسلام,Peace,extra\nكتاب,Book\nقلم\n");
    let stderr = env.import_fails(&[&file], "n.csv:2: expected 2 fields, found 3");
    assert!(
        stderr.contains("n.csv:4: expected 2 fields, found 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 bad record(s); nothing was written"),
        "{stderr}"
    );
}

#[test]
fn csv_empty_source_or_target_is_a_bad_row() {
    let env = TestEnv::with_seed();
    let file = env.write("e.csv", "ar,en\nسلام,\n  ,Peace\nكتاب,Book\n");
    let stderr = env.import_fails(&[&file], "e.csv:2: empty target text (column 2 'en')");
    assert!(
        stderr.contains("e.csv:3: empty source text (column 1 'ar')"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_names_the_line_and_suggests_encoding() {
    let env = TestEnv::with_seed();
    let mut bytes = b"ar,en\n".to_vec();
    bytes.extend(encoding_rs::WINDOWS_1256.encode("سلام,Peace\n").0.iter());
    let file = env.write_bytes("legacy.csv", &bytes);
    let stderr = env.import_fails(&[&file], "legacy.csv:2: not valid UTF-8");
    assert!(stderr.contains("--encoding windows-1256"), "{stderr}");
}

#[test]
fn unknown_language_column_is_named() {
    let env = TestEnv::with_seed();
    let typo = env.write("typo.csv", "ar,Englsh\nسلام,Peace\n");
    env.import_fails(&[&typo], "typo.csv: unknown column 'Englsh' (column 2)");
    let other = env.write("fr.csv", "ar,fr\nسلام,Paix\n");
    env.tarjama()
        .args(["import", "--to", "en"])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fr.csv: no column for target language 'en' (language columns: ar, fr)",
        ));
    env.assert_seed_only();
}

#[test]
fn bad_dates_and_statuses_are_bad_rows() {
    let env = TestEnv::with_seed();
    let file = env.write(
        "m.csv",
        "ar,en,created,status\nسلام,Peace,31/12/2021,\nكتاب,Book,,maybe\n",
    );
    let stderr = env.import_fails(
        &[&file],
        "m.csv:2: '31/12/2021' in column created is not a date",
    );
    assert!(
        stderr.contains("m.csv:3: unknown status 'maybe'"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- bad TMX input

#[test]
fn not_well_formed_xml_gives_line_and_column() {
    let env = TestEnv::with_seed();
    let tmx = tmx_doc("ar", "<tu><tuv xml:lang=\"ar\"><seg>سلام</tuv></tu>");
    let file = env.write("broken.tmx", &tmx);
    // `</tuv>` comes right after "سلام" on line 5: 2 spaces + <tu> + <tuv …> + <seg> + 4 letters.
    env.import_fails(&[&file], "broken.tmx:5:35: not well-formed XML");
}

#[test]
fn tmx_in_a_legacy_encoding_points_at_the_bytes_and_suggests_encoding() {
    let env = TestEnv::with_seed();
    let doc = tmx_doc("ar", &tu("ar", "@", "en", "Peace"));
    let (before, after) = doc.split_once('@').unwrap();
    let mut bytes = before.as_bytes().to_vec();
    bytes.extend(encoding_rs::WINDOWS_1256.encode("سلام").0.iter());
    bytes.extend(after.as_bytes());
    let file = env.write_bytes("legacy.tmx", &bytes);
    let stderr = env.import_fails(&[&file], "legacy.tmx:5:");
    assert!(
        stderr.contains("not valid UTF-8") && stderr.contains("--encoding"),
        "{stderr}"
    );
    env.tarjama()
        .args(["import", "--encoding", "windows-1256"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(env.units()[1].source.text, "سلام");
}

#[test]
fn tmx_without_srclang_is_refused_unless_from_is_given() {
    let env = TestEnv::with_seed();
    let tmx = tmx_doc("", &tu("ar", "سلام", "en", "Peace"));
    let file = env.write("nosrc.tmx", &tmx);
    env.import_fails(&[&file], "nosrc.tmx:3: <header> has no srclang attribute");
    env.tarjama()
        .args(["import", "--from", "ar"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(env.count(), 2);
}

#[test]
fn tmx_tu_without_seg_is_a_bad_record() {
    let env = TestEnv::with_seed();
    let body = format!(
        "{}\n  <tu><tuv xml:lang=\"ar\"><seg>كتاب</seg></tuv><tuv xml:lang=\"en\"></tuv></tu>",
        tu("ar", "قلم", "en", "Pen")
    );
    let file = env.write("noseg.tmx", &tmx_doc("ar", &body));
    env.import_fails(&[&file], "noseg.tmx:6: tuv en has no seg");
}

#[test]
fn xml_bomb_is_refused_without_expanding_anything() {
    let env = TestEnv::with_seed();
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n <!ENTITY a \"aaaaaaaaaa\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "a".to_string()
        } else {
            format!("a{}", i - 1)
        };
        bomb.push_str(&format!(
            " <!ENTITY a{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>\n");
    bomb.push_str(&tmx_doc("ar", &tu("ar", "&a9;", "en", "boom"))[22..]);
    let file = env.write("bomb.tmx", &bomb);
    env.import_fails(&[&file], "bomb.tmx:2:1: the DOCTYPE declares entities");
    // Without the DOCTYPE the reference is simply undefined.
    let undefined = env.write("undef.tmx", &tmx_doc("ar", &tu("ar", "&a9;", "en", "boom")));
    env.import_fails(&[&undefined], "undefined entity &a9;");
}

#[test]
fn tmx_srclang_all_takes_the_first_tuv_as_source() {
    let env = TestEnv::new();
    let body = format!(
        "{}\n  {}",
        tu("en", "Peace", "ar", "سلام"),
        tu("ar", "كتاب", "en", "Book")
    );
    let file = env.write("all.tmx", &tmx_doc("*all*", &body));
    env.tarjama().arg("import").arg(&file).assert().success();
    let units = env.units();
    assert_eq!(
        (units[0].source.lang.as_str(), units[1].source.lang.as_str()),
        ("en", "ar")
    );
}

#[test]
fn failed_first_import_leaves_no_empty_memory() {
    let env = TestEnv::new();
    let file = env.write("bad.csv", "ar,en\nسلام,\n");
    env.tarjama().arg("import").arg(&file).assert().code(2);
    assert!(!env.memory_path().exists());
}

#[test]
fn endless_xml_text_is_refused_before_it_fills_memory() {
    let env = TestEnv::with_seed();
    let doc = tmx_doc("ar", &tu("ar", "@", "en", "Peace"));
    let head = &doc[..doc.find('@').unwrap()];
    let file = env.write(
        "endless.tmx",
        &format!("{head}{}", "سلام ".repeat(2_000_000)),
    );
    env.import_fails(&[&file], "endless.tmx:5:");
    env.import_fails(&[&file], "runs longer than 16 MB");
}

#[test]
fn file_that_is_not_tmx_is_refused() {
    let env = TestEnv::with_seed();
    let file = env.write("page.tmx", "<html><body>hello</body></html>");
    env.import_fails(&[&file], "page.tmx:1:1: not a TMX file");
}

#[test]
fn memory_path_that_is_not_a_memory_is_an_error() {
    let env = TestEnv::new();
    let not_memory = env.write("notes.db", "just some text, not SQLite");
    let csv = env.write("a.csv", "ar,en\nسلام,Peace\n");
    env.tarjama_without_memory()
        .arg("--tm")
        .arg(&not_memory)
        .arg("import")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.db"));
    assert_eq!(
        std::fs::read(&not_memory).unwrap(),
        b"just some text, not SQLite"
    );
}

/// Every error line of `stderr` names `file` once at most.
fn names_once(stderr: &str, file: &str) {
    for line in stderr.lines() {
        assert!(
            line.matches(file).count() <= 1,
            "{file} named more than once: {line}"
        );
    }
}

/// `before` and `after` in UTF-16LE with a lone high surrogate between them.
fn utf16_with_lone_surrogate(before: &str, after: &str) -> Vec<u8> {
    let mut bytes = utf16(before, true);
    bytes.extend([0x00, 0xD8]);
    bytes.extend(&utf16(after, true)[2..]);
    bytes
}

#[test]
fn undecodable_utf16_csv_is_refused_at_its_line_naming_the_file_once() {
    let env = TestEnv::with_seed();
    let file = env.write_bytes(
        "legacy16.csv",
        &utf16_with_lone_surrogate("ar,en\nسلام,Peace\n", "x,y\n"),
    );
    let stderr = env.import_fails(
        &[&file],
        "legacy16.csv:3: not valid UTF-16LE (a lone surrogate or a broken byte sequence)\n",
    );
    names_once(&stderr, "legacy16.csv");
}

#[test]
fn undecodable_utf16_tbx_is_refused_at_its_line_naming_the_file_once() {
    let env = TestEnv::new();
    let tbx = utf16_with_lone_surrogate(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<martif type=\"TBX\"><text><body>\n",
        "</body></text></martif>\n",
    );
    let file = env.write_bytes("terms16.tbx", &tbx);
    let stderr = stderr_of(env.tarjama().args(["glossary", "import"]).arg(&file), 2);
    assert!(
        stderr.contains("terms16.tbx:3: not valid UTF-16LE (a lone surrogate"),
        "{stderr}"
    );
    names_once(&stderr, "terms16.tbx");
}

#[test]
fn memory_that_is_not_a_memory_is_named_once() {
    let env = TestEnv::new();
    let not_memory = env.write("notes.db", "just some text, not SQLite");
    let csv = env.write("a.csv", "ar,en\nسلام,Peace\n");
    let stderr = stderr_of(
        env.tarjama_without_memory()
            .arg("--tm")
            .arg(&not_memory)
            .arg("import")
            .arg(&csv),
        2,
    );
    assert!(
        stderr.contains("notes.db: not a tarjama memory"),
        "{stderr}"
    );
    names_once(&stderr, "notes.db");
}
