//! Language tags wherever a file names one: CSV headers and language columns, TMX `xml:lang`,
//! TBX `langSet`, command-line flags. Unknown languages are refused naming the place;
//! private use is accepted with `--allow-language`; tags come out in canonical case.

use crate::common::stderr_of;
use crate::fixture;
use crate::import_support::TestEnv;

#[test]
fn csv_header_of_unknown_languages_is_refused_naming_the_column() {
    let env = TestEnv::with_seed();
    let stderr = env.import_fails(
        &[&fixture("header_unknown.csv")],
        "header_unknown.csv: column 1 'xx': 'xx' names no known language",
    );
    assert!(stderr.contains("ISO 639"), "{stderr}");
}

#[test]
fn csv_language_column_with_an_unknown_tag_is_refused_at_its_line() {
    let env = TestEnv::with_seed();
    let file = env.write(
        "langs.csv",
        "source,target,source_lang,target_lang\nسلام,Peace,ar,en\nكتاب,Book,ar,qq\n",
    );
    env.import_fails(
        &[&file],
        "langs.csv:3: target_lang: 'qq' names no known language",
    );
}

#[test]
fn private_use_language_needs_allow_language() {
    let env = TestEnv::with_seed();
    let file = fixture("header_private.csv");
    env.import_fails(&[&file], "only one language column");
    env.tarjama()
        .args(["import", "--allow-language", "x-klingon"])
        .arg(&file)
        .assert()
        .success();
    let klingon: Vec<_> = env
        .units()
        .into_iter()
        .filter(|u| u.target.lang == "x-klingon")
        .collect();
    assert_eq!(klingon.len(), 1);
    assert_eq!(klingon[0].target.text, "nuqneH");
}

#[test]
fn tmx_tags_keep_bcp47_canonical_case_and_grandfathered_tags_are_accepted() {
    let env = TestEnv::new();
    env.tarjama()
        .arg("import")
        .arg(fixture("tags_canonical.tmx"))
        .assert()
        .success();
    let langs: Vec<(String, String)> = env
        .units()
        .into_iter()
        .map(|u| (u.source.lang, u.target.lang))
        .collect();
    assert_eq!(
        langs,
        [
            ("en-x-news".to_string(), "ar-u-nu-latn".to_string()),
            ("en".to_string(), "i-klingon".to_string())
        ]
    );
}

#[test]
fn tmx_tuv_of_an_unknown_language_is_refused_at_its_line() {
    let env = TestEnv::with_seed();
    env.import_fails(
        &[&fixture("tuv_unknown.tmx")],
        "tuv_unknown.tmx:5: tuv xml:lang 'xx' names no known language",
    );
}

#[test]
fn tbx_langset_of_an_unknown_language_is_refused() {
    let env = TestEnv::new();
    let stderr = stderr_of(
        env.tarjama()
            .args(["glossary", "import"])
            .arg(fixture("langset_unknown.tbx")),
        2,
    );
    assert!(
        stderr.contains("langset_unknown.tbx:4") && stderr.contains("'zz' names no known language"),
        "{stderr}"
    );
}

#[test]
fn flags_take_the_same_rule() {
    let env = TestEnv::with_seed();
    let stderr = stderr_of(
        env.tarjama()
            .args(["suggest", "--from", "xx", "--to", "en", "hello"]),
        2,
    );
    assert!(stderr.contains("'xx' names no known language"), "{stderr}");
    env.tarjama()
        .args([
            "suggest",
            "--allow-language",
            "qaa",
            "--from",
            "qaa",
            "--to",
            "en",
            "hello",
        ])
        .assert()
        .success();
}
