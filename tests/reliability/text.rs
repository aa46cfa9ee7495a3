//! Text that is not text is refused at its line by every reader, and nothing is written:
//! NUL and other control characters, noncharacters, cells of invisible marks only, lone
//! UTF-16 surrogates, control characters written as XML character references.

use crate::common::stderr_of;
use crate::fixture;
use crate::import_support::TestEnv;
use predicates::prelude::*;

#[test]
fn csv_of_nul_cells_is_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("nul_cells.csv")],
        "nul_cells.csv:2: source text: control character U+0000 (NUL) at character 1 is not text",
    );
}

#[test]
fn cell_of_invisible_characters_only_is_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("invisible_only.csv")],
        "invisible_only.csv:3: source text: only invisible characters",
    );
}

#[test]
fn noncharacter_is_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("noncharacter.csv")],
        "noncharacter.csv:3: target text: noncharacter U+FDD0 at character 5",
    );
}

#[test]
fn c1_control_in_a_tsv_is_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("c1_control.tsv")],
        "c1_control.tsv:3: source text: control character U+009B at character 4",
    );
}

#[test]
fn lone_surrogate_in_utf16_tmx_is_refused_at_its_line() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("lone_surrogate_utf16.tmx")],
        "lone_surrogate_utf16.tmx:5:29: not valid UTF-16LE (a lone surrogate or a broken byte sequence)\n",
    );
}

#[test]
fn control_character_reference_in_tmx_is_refused() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("control_charref.tmx")],
        "control_charref.tmx:5: source text: control character U+0001 at character 5",
    );
}

#[test]
fn skip_bad_keeps_the_good_rows_and_counts_the_bad_one() {
    let env = TestEnv::new();
    env.tarjama()
        .args(["import", "--skip-bad"])
        .arg(fixture("noncharacter.csv"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("1 added").and(predicates::str::contains("1 rejected")));
    assert_eq!(env.count(), 1);
}

#[test]
fn glossary_term_with_an_escape_sequence_is_refused() {
    let env = TestEnv::new();
    let stderr = stderr_of(
        env.tarjama()
            .args(["glossary", "import"])
            .arg(fixture("glossary_control.csv")),
        2,
    );
    assert!(
        stderr.contains("glossary_control.csv:3: en form")
            && stderr.contains("control character U+001B (ESC) at character 7"),
        "{stderr}"
    );
}

#[test]
fn article_with_a_nul_is_refused_at_line_and_column() {
    let env = TestEnv::new();
    let stderr = stderr_of(
        env.tarjama()
            .arg("align")
            .arg(fixture("article_nul.ar.txt"))
            .arg(fixture("article.en.txt")),
        2,
    );
    assert!(
        stderr.contains("article_nul.ar.txt:2:16: control character U+0000 (NUL)"),
        "{stderr}"
    );
    assert!(!env.memory_path().exists(), "a memory was created");
}
