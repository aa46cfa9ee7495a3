//! One test per substitution case, in both digit systems and both directions.

use super::*;
use crate::glossary::{Entry, EntryType, Glossary};

fn none() -> Recognizer {
    Recognizer::new(Glossary::new(Vec::new()))
}

fn sub(query: &str, source: &str, target: &str) -> Option<String> {
    substitute(query, source, target, &none()).map(|s| s.target)
}

#[test]
fn western_number_ar_to_en() {
    assert_eq!(
        sub(
            "قتل 5 أشخاص في الهجوم.",
            "قتل 3 أشخاص في الهجوم.",
            "3 people were killed in the attack."
        ),
        Some("5 people were killed in the attack.".into())
    );
}

#[test]
fn arabic_indic_query_western_target() {
    let done = substitute(
        "قتل ٥ أشخاص في الهجوم.",
        "قتل ٣ أشخاص في الهجوم.",
        "3 people were killed in the attack.",
        &none(),
    )
    .unwrap();
    assert_eq!(done.target, "5 people were killed in the attack.");
    assert_eq!(
        done.substitutions,
        [Substitution {
            from: "3".into(),
            to: "5".into(),
            what: "number"
        }]
    );
}

#[test]
fn en_to_ar_keeps_the_targets_arabic_indic_digits() {
    assert_eq!(
        sub(
            "5 people were killed.",
            "3 people were killed.",
            "قتل ٣ أشخاص."
        ),
        Some("قتل ٥ أشخاص.".into())
    );
}

#[test]
fn en_to_ar_keeps_western_digits_when_the_target_has_them() {
    assert_eq!(
        sub(
            "5 people were killed.",
            "3 people were killed.",
            "قتل 3 أشخاص."
        ),
        Some("قتل 5 أشخاص.".into())
    );
}

#[test]
fn eastern_digits_stay_eastern() {
    assert_eq!(
        sub(
            "12 people were killed.",
            "13 people were killed.",
            "۱۳ نفر کشته شدند."
        ),
        Some("۱۲ نفر کشته شدند.".into())
    );
}

#[test]
fn arabic_separators_for_decimals_and_thousands() {
    assert_eq!(
        sub(
            "Prices rose 3.5 percent.",
            "Prices rose 2.5 percent.",
            "ارتفعت الأسعار ٢٫٥ في المئة."
        ),
        Some("ارتفعت الأسعار ٣٫٥ في المئة.".into())
    );
    assert_eq!(
        sub(
            "وصل ١٬٥٠٠ لاجئ.",
            "وصل ١٬٢٠٠ لاجئ.",
            "1,200 refugees arrived."
        ),
        Some("1,500 refugees arrived.".into())
    );
    assert_eq!(
        sub(
            "1,500 refugees arrived.",
            "1,200 refugees arrived.",
            "وصل ١٬٢٠٠ لاجئ."
        ),
        Some("وصل ١٬٥٠٠ لاجئ.".into())
    );
}

#[test]
fn levantine_date_ar_to_en() {
    let done = substitute(
        "سيكتمل الانسحاب في ٣١ كانون الأول.",
        "سيكتمل الانسحاب في ٣٠ تشرين الثاني.",
        "The withdrawal will be completed on November 30.",
        &none(),
    )
    .unwrap();
    assert_eq!(
        done.target,
        "The withdrawal will be completed on December 31."
    );
    let what: Vec<&str> = done.substitutions.iter().map(|s| s.what).collect();
    assert_eq!(what, ["date", "number"]);
}

#[test]
fn en_to_ar_date_in_the_targets_month_naming() {
    let levantine = "سيكتمل الانسحاب في ٣٠ تشرين الثاني.";
    let egyptian = "سيكتمل الانسحاب في ٣٠ نوفمبر.";
    let (q, s) = (
        "The withdrawal will be completed on December 31.",
        "The withdrawal will be completed on November 30.",
    );
    assert_eq!(
        sub(q, s, levantine),
        Some("سيكتمل الانسحاب في ٣١ كانون الأول.".into())
    );
    assert_eq!(
        sub(q, s, egyptian),
        Some("سيكتمل الانسحاب في ٣١ ديسمبر.".into())
    );
}

#[test]
fn egyptian_query_levantine_target() {
    assert_eq!(
        sub(
            "وصل الوفد في 3 مارس.",
            "وصل الوفد في 3 يناير.",
            "The delegation arrived on January 3."
        ),
        Some("The delegation arrived on March 3.".into())
    );
}

#[test]
fn ambiguous_or_unplaceable_numbers_stay_fuzzy() {
    // The old number twice in the source: which one changed?
    assert_eq!(
        sub(
            "قتل 5 من 3 أشخاص.",
            "قتل 3 من 3 أشخاص.",
            "3 of 3 people were killed."
        ),
        None
    );
    // Twice in the target.
    assert_eq!(
        sub(
            "قتل 5 أشخاص.",
            "قتل 3 أشخاص.",
            "3 people were killed, 3 of them children."
        ),
        None
    );
    // Written in words in the target.
    assert_eq!(
        sub("قتل 5 أشخاص.", "قتل 3 أشخاص.", "Three people were killed."),
        None
    );
    // Another word differs too.
    assert_eq!(
        sub("جرح 5 أشخاص.", "قتل 3 أشخاص.", "3 people were killed."),
        None
    );
    // Nothing differs: not a substitution.
    assert_eq!(
        sub("قتل 3 أشخاص.", "قتل 3 أشخاص.", "3 people were killed."),
        None
    );
}

#[test]
fn a_month_name_away_from_numbers_is_a_word() {
    assert_eq!(
        sub("They may leave.", "They will leave.", "قد يغادرون."),
        None
    );
    assert_eq!(
        sub(
            "They may leave in 2021.",
            "They may leave in 2020.",
            "قد يغادرون في ٢٠٢٠."
        ),
        Some("قد يغادرون في ٢٠٢١.".into())
    );
}

fn glossary() -> Recognizer {
    let mut a = Entry::new(EntryType::Person);
    a.en.preferred = Some("Mustafa Al-Kadhimi".into());
    a.en.forbidden = vec!["Kazemi".into()];
    a.ar.preferred = Some("مصطفى الكاظمي".into());
    let mut b = Entry::new(EntryType::Person);
    b.en.preferred = Some("Barham Salih".into());
    b.en.admitted = vec!["Barham Saleh".into()];
    b.ar.preferred = Some("برهم صالح".into());
    Recognizer::new(Glossary::new(vec![a, b]))
}

#[test]
fn glossary_term_ar_to_en() {
    let done = substitute(
        "وقال مصطفى الكاظمي إن الوضع مستقر.",
        "وقال برهم صالح إن الوضع مستقر.",
        "Barham Saleh said the situation was stable.",
        &glossary(),
    )
    .unwrap();
    assert_eq!(
        done.target,
        "Mustafa Al-Kadhimi said the situation was stable."
    );
    assert_eq!(done.substitutions[0].what, "term");
    assert_eq!(done.substitutions[0].from, "Barham Saleh");
}

#[test]
fn glossary_term_en_to_ar() {
    let done = substitute(
        "Mustafa Al-Kadhimi said the situation was stable.",
        "Barham Salih said the situation was stable.",
        "وقال برهم صالح إن الوضع مستقر.",
        &glossary(),
    )
    .unwrap();
    assert_eq!(done.target, "وقال مصطفى الكاظمي إن الوضع مستقر.");
}

#[test]
fn a_term_missing_from_the_target_stays_fuzzy() {
    assert!(substitute(
        "وقال مصطفى الكاظمي إن الوضع مستقر.",
        "وقال برهم صالح إن الوضع مستقر.",
        "The president said the situation was stable.",
        &glossary(),
    )
    .is_none());
}

#[test]
fn a_target_that_writes_the_sources_numbers_otherwise_stays_fuzzy() {
    assert_eq!(
        sub(
            "استمرت الحرب من 1951 حتى 1953.",
            "استمرت الحرب من 1950 حتى 1953.",
            "The 1950-53 war."
        ),
        None
    );
}
