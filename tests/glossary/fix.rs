//! `tarjama check --fix` and `--in-place`: only unambiguous forbidden variants rewritten,
//! everything else byte for byte (BOM, line endings, Arabic clitics), backups, bad input.

use super::*;

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
