//! People's names checked as whole mentions through the real binary: the variants
//! and look-alikes, the JSON fields of a name finding, and awkward input (capitals,
//! hyphens, apostrophes, Arabic script, one-word entries) that must never panic.

use super::*;

const PEOPLE: &str =
    "type,ar,en,ar_admitted,en_admitted,ar_forbidden,en_forbidden,note,source,case_sensitive\n\
person,مصطفى طه,Mostafa Taha,,,,,,test,\n\
person,محمد العطار,Mohammad Al Attar,,,,,,test,\n\
person,فاروق يوسف,Farouk Yousif,,,,,,test,\n\
person,قيس كاظم الجنابي,Qais Kazem Al-Janabi,,,,,,test,\n\
person,سارة حمدي,Sara Hamdi,,,,,,test,\n\
person,طعمة,Ta'ma,,,,,,test,\n";

fn json_lines(stdout: Vec<u8>) -> Vec<serde_json::Value> {
    String::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn whole_mentions_are_variants_or_somebody_else() {
    let env = Env::new();
    env.import(&env.file("people.csv", PEOPLE.as_bytes()));
    let text = "On Monday, Mustafa Taha met officials.\n\
                Later, Mohammed el-Attar told reporters.\n\
                Adly Youssef and Kais Setti said so.\n\
                Sarah bint Abdullah bin Faisal Al Saud arrived.\n\
                Mostafa Taha and Taha spoke; Mostafa left.\n";
    let file = env.file("t.txt", text.as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let lines = json_lines(out.stdout);
    let found: Vec<(u64, &str, &str)> = lines
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["found"].as_str().unwrap(),
                f["suggestion"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, "Mustafa", "Mostafa"),
            (2, "Mohammed el-Attar", "Mohammad Al Attar")
        ],
        "{lines:?}"
    );
    // The finding names the whole mention and the entry's preferred form.
    assert_eq!(lines[0]["kind"], "variant");
    assert_eq!(lines[0]["preferred"], "Mostafa Taha");
    assert_eq!(lines[0]["mention"]["text"], "Mustafa Taha");
    assert_eq!(lines[0]["mention"]["start"], 11);
    assert_eq!(lines[0]["mention"]["end"], 23);
    assert_eq!(lines[0]["mention"]["col"], 12);
    assert_eq!(lines[1]["mention"]["text"], "Mohammed el-Attar");
}

#[test]
fn capitals_hyphens_apostrophes_arabic_and_one_word_entries() {
    let env = Env::new();
    env.import(&env.file("people.csv", PEOPLE.as_bytes()));
    let text = "MUSTAFA TAHA IN CAIRO\n\
                Mostafa-Taha met al-- -bin Al- ' ’ Qais Kazem al-Janaby.\n\
                Tama and Ta'ma's aide spoke to مصطفى طه and محمد العطار.\n\
                Ta’ma said so.\n";
    let file = env.file("t.txt", text.as_bytes());
    let out = env
        .cmd()
        .arg("check")
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    // A typographic apostrophe spells Ta'ma as the glossary does (line 4).
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let lines = json_lines(out.stdout);
    let found: Vec<(u64, &str)> = lines
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["found"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "MUSTAFA"),
            (2, "Mostafa-Taha"),
            (2, "al-Janaby"),
            (3, "Tama")
        ],
        "{lines:?}"
    );
    // Human output stays a compiler diagnostic with a caret under the span.
    let out = env.cmd().arg("check").arg(&file).output().unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(
        human.contains("warning[variant]: \"MUSTAFA\" looks like an unlisted spelling of \"Mostafa\"; write \"Mostafa\"\n --> "),
        "{human}"
    );
    assert!(
        human.contains("1 | MUSTAFA TAHA IN CAIRO\n  | ^^^^^^^\n"),
        "{human}"
    );
}

/// The evaluation's judge of "the same name" (examples/support/same_name.rs), which reads
/// Latin spellings against the Arabic words.
#[path = "../../examples/support/same_name.rs"]
#[allow(dead_code)]
mod same_name;

#[test]
fn the_evaluation_tells_respellings_from_other_names_by_the_arabic() {
    use same_name::{kinship, Kinship};
    assert_eq!(
        kinship("ابراهيم حجاج", "Brahim Hadjadj", "Ibrahim Hajjaj"),
        Kinship::Respelled
    );
    assert_eq!(
        kinship("خميس العويران", "Khamis Al-Dosari", "Khamis al-Owairan"),
        Kinship::OtherName
    );
    assert_eq!(
        kinship("مرتضي اويسي", "Morteza Oveisi", "Morteza Oveisi Pakniyat"),
        Kinship::AddedOrDropped
    );
    assert_eq!(
        kinship("ايستھر جون", "Esther John", "Qamar Zia"),
        Kinship::OtherName
    );
    assert_eq!(
        kinship("بيژن تهراني", "Bijan Tehrani", "Hassan Tehrani"),
        Kinship::OtherName
    );
}
