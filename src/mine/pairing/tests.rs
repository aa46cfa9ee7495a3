//! Tests of the pairing of English name spans with Arabic words.

use super::*;

fn pairs(ar: &str, en: &str) -> Vec<(String, String)> {
    pair_unit(ar, en, None, Thresholds::flat(0.6))
        .into_iter()
        .map(|p| (p.arabic, p.english))
        .collect()
}

#[test]
fn names_meet_their_transliterations() {
    let got = pairs(
        "وقال اللواء تحسين الخفاجي إن القوات وصلت إلى البصرة.",
        "Maj. Gen. Tahsin al-Khafaji said the forces reached Basra.",
    );
    assert_eq!(
        got,
        vec![
            ("تحسين الخفاجي".to_string(), "Tahsin al-Khafaji".to_string()),
            ("البصرة".to_string(), "Basra".to_string())
        ]
    );
}

#[test]
fn proclitics_leave_the_arabic_form() {
    let got = pairs(
        "واستقبل رئيس الوزراء والكاظمي عبد الرحمن",
        "Abdul Rahman received Kadhimi",
    );
    assert!(
        got.contains(&("الكاظمي".to_string(), "Kadhimi".to_string())),
        "{got:?}"
    );
    assert!(
        got.contains(&("عبد الرحمن".to_string(), "Abdul Rahman".to_string())),
        "{got:?}"
    );
}

#[test]
fn titles_pair_with_titles() {
    let p = pair_unit(
        "قال اللواء يحيى رسول",
        "Major General Yahya Rasool said",
        None,
        Thresholds::flat(0.6),
    );
    assert_eq!(p.len(), 1);
    let (key, _, en) = p[0].title.clone().unwrap();
    assert_eq!((key.as_str(), en.as_str()), ("اللواء", "Major General"));
    assert_eq!(p[0].kind, Some(EntryType::Person));
}

#[test]
fn letters_transliterations_swap_cost_half() {
    use crate::align::translit::arabic_skeleton;
    use crate::text::match_key;
    let sim = |ar: &str, en: &str| {
        let a: String = match_key(ar).split(' ').map(arabic_skeleton).collect();
        latin_name_skeletons(en)
            .iter()
            .map(|l| skeleton_similarity(&a, l))
            .fold(0.0, f32::max)
    };
    // ج written g: half an edit, not a whole one.
    assert!(
        sim("جورج عيد", "George Eid") >= 0.75,
        "{}",
        sim("جورج عيد", "George Eid")
    );
    // A joined article is dropped only where the Arabic has one.
    assert_eq!(sim("الصغيره", "Elsaghira"), 1.0);
    assert!(sim("عليرضا", "Alireza") >= 0.6);
    assert!(sim("بغداد", "London") < 0.4);
}

#[test]
fn latin_on_both_sides_teaches_nothing() {
    assert!(pairs("قال Biden إن", "Biden said").is_empty());
    assert!(pairs("Biden said", "Biden said").is_empty());
}

#[test]
fn capitalized_words_that_are_not_names_stay_unpaired() {
    assert!(pairs("وقالت وزارة الداخلية", "The Interior Ministry said").is_empty());
    assert!(pairs(
        "وقالت الوزارة إن الامتحانات ستجرى في موعدها",
        "The Ministry said the exams would be held on time"
    )
    .is_empty());
}

#[test]
fn a_window_never_cuts_a_compound_name() {
    // عبد الرؤوف and نصر الدين are one unit each: no pair starts or ends inside them.
    for (ar, en) in [
        ("قال عبد الرؤوف بن غيث", "Raouf Benguit said"),
        ("قال اصلاح الدين صديقي", "Din Siddiqui said"),
    ] {
        let got = pairs(ar, en);
        assert!(
            got.iter()
                .all(|(a, _)| !a.starts_with("الرؤوف") && !a.starts_with("الدين")),
            "{got:?}"
        );
    }
    assert_eq!(
        pairs("قال نصر الدين", "Nasr said"),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn a_name_split_at_a_particle_pairs_as_one() {
    assert_eq!(
        pairs("قال عثمان الخميس إن", "Othman le Khamis said"),
        [("عثمان الخميس".to_string(), "Othman le Khamis".to_string())]
    );
    assert_eq!(
        pairs("قال عثمان الخميس إن", "Othman le-Khamis said"),
        [("عثمان الخميس".to_string(), "Othman le-Khamis".to_string())]
    );
    // Two people side by side stay two, whatever the word between them.
    assert_eq!(
        pairs("التقى الصدر الحكيم", "Sadr met Hakim").len(),
        2,
        "{:?}",
        pairs("التقى الصدر الحكيم", "Sadr met Hakim")
    );
    // A clitic on the second name parts the two (محمد وعلي).
    assert_eq!(pairs("قال الصدر والحكيم", "Sadr de Hakim said").len(), 2);
}

#[test]
fn a_clitic_comes_off_a_two_letter_name() {
    // گل is two letters: the clitic ب is not the name's (it was paired as بگل اغا).
    assert_eq!(
        pairs(
            "وشارك بگل اغا في المؤتمر",
            "Gul Agha took part in the conference"
        ),
        [("گل اغا".to_string(), "Gul Agha".to_string())]
    );
    // A first letter that is the name's own stays with it.
    assert_eq!(
        pairs("وقال بدر إن", "Badr said"),
        [("بدر".to_string(), "Badr".to_string())]
    );
}

#[test]
fn adjectives_of_nationality_are_not_names() {
    assert!(pairs("صوت العراقيون يوم الأحد", "Iraqis voted on Sunday").is_empty());
    assert!(pairs("وقالت الحكومة التشادية إن", "The Chadian government said").is_empty());
    // A nisba surname still pairs.
    assert_eq!(
        pairs("وقال الكاظمي إن", "Kadhimi said"),
        [("الكاظمي".to_string(), "Kadhimi".to_string())]
    );
}
