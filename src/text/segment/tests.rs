//! Table-driven tests of the segmenter: (name, language, input, expected sentences).

use super::*;

fn texts(text: &str, lang: &str) -> Vec<String> {
    segment(text, lang).into_iter().map(|s| s.text).collect()
}

#[test]
fn english_cases() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "two sentences",
            "It rained. We left.",
            &["It rained.", "We left."],
        ),
        (
            "ranks",
            "Maj. Gen. Ali and Lt. Gen. Omar met Brig. Col. Saad. They spoke.",
            &[
                "Maj. Gen. Ali and Lt. Gen. Omar met Brig. Col. Saad.",
                "They spoke.",
            ],
        ),
        (
            "U.S. inside and at the end",
            "The U.S. envoy came to the U.N. on Monday. He left the U.S. The talks ended.",
            &[
                "The U.S. envoy came to the U.N. on Monday.",
                "He left the U.S.",
                "The talks ended.",
            ],
        ),
        (
            "times and numbers",
            "It began at 7 a.m. Eastern time. Resolution No. 5 passed with 3.5 percent.",
            &[
                "It began at 7 a.m. Eastern time.",
                "Resolution No. 5 passed with 3.5 percent.",
            ],
        ),
        (
            "closing quotes",
            "He said: \"We won.\" Then he left. She asked \u{201C}Why?\u{201D} Nobody answered.",
            &[
                "He said: \"We won.\"",
                "Then he left.",
                "She asked \u{201C}Why?\u{201D}",
                "Nobody answered.",
            ],
        ),
        (
            "initials and months",
            "J. R. Smith arrived on Sept. 12. He stayed at St. Mary's.",
            &[
                "J. R. Smith arrived on Sept. 12.",
                "He stayed at St. Mary's.",
            ],
        ),
        (
            "lower case continues",
            "Prices rose, e.g. bread. etc. and more",
            &["Prices rose, e.g. bread. etc. and more"],
        ),
        (
            "bracket after period",
            "The vote passed (by 60 votes.) Then it failed.",
            &["The vote passed (by 60 votes.)", "Then it failed."],
        ),
    ];
    for (name, input, expected) in cases {
        assert_eq!(texts(input, "en"), *expected, "{name}");
    }
}

#[test]
fn english_abbreviation_edges() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "domain name is not an abbreviation",
            "Sturridge told LiverpoolFC.com. Fans cheered.",
            &["Sturridge told LiverpoolFC.com.", "Fans cheered."],
        ),
        (
            "opener inside an opening quote",
            "He left the U.S. \"I am sad,\" he said.",
            &["He left the U.S.", "\"I am sad,\" he said."],
        ),
        (
            "dotted abbreviation before a name stays",
            "The U.S. Army and Ph.D. Smith met.",
            &["The U.S. Army and Ph.D. Smith met."],
        ),
    ];
    for (name, input, expected) in cases {
        assert_eq!(texts(input, "en"), *expected, "{name}");
    }
}

#[test]
fn english_speaker_clause_after_a_closed_quote() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "name then verb",
            "He shouted: \"There's a shark in the water!\" Hammel added. The boy was airlifted.",
            &[
                "He shouted: \"There's a shark in the water!\" Hammel added.",
                "The boy was airlifted.",
            ],
        ),
        (
            "agency then verb",
            "\"Are you ready?\" CNN reported. Nobody answered.",
            &["\"Are you ready?\" CNN reported.", "Nobody answered."],
        ),
        (
            "verb inside the clause is a new sentence",
            "\"We won.\" He said nothing more. Then he left.",
            &["\"We won.\"", "He said nothing more.", "Then he left."],
        ),
        (
            "long clause is a new sentence",
            "\"We won.\" Officials at the ministry later said so. Then it ended.",
            &[
                "\"We won.\"",
                "Officials at the ministry later said so.",
                "Then it ended.",
            ],
        ),
    ];
    for (name, input, expected) in cases {
        assert_eq!(texts(input, "en"), *expected, "{name}");
    }
}

#[test]
fn arabic_cases() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "period and question mark",
            "وصل الوفد. هل انتهت المحادثات؟ نعم انتهت.",
            &["وصل الوفد.", "هل انتهت المحادثات؟", "نعم انتهت."],
        ),
        (
            "arabic abbreviations",
            "قال د. أحمد إن عام ١٤٤٠ هـ. يوافق ٢٠١٩ م. تقريبا. وانتهى.",
            &[
                "قال د. أحمد إن عام ١٤٤٠ هـ. يوافق ٢٠١٩ م. تقريبا.",
                "وانتهى.",
            ],
        ),
        (
            "arabic decimals",
            "بلغ النمو ٣٫٥ في المئة و3.5 أيضا. ثم تراجع.",
            &["بلغ النمو ٣٫٥ في المئة و3.5 أيضا.", "ثم تراجع."],
        ),
        (
            "closing quote after period",
            "وقال \"إن القرار نهائي.\" وغادر.",
            &["وقال \"إن القرار نهائي.\"", "وغادر."],
        ),
        (
            "guillemets",
            "قال «انتهى الأمر.» ثم صمت.",
            &["قال «انتهى الأمر.»", "ثم صمت."],
        ),
    ];
    for (name, input, expected) in cases {
        assert_eq!(texts(input, "ar"), *expected, "{name}");
    }
}

/// Runs a table of (name, input, expected sentences) in Arabic.
fn check_arabic(cases: &[(&str, &str, &[&str])]) {
    for (name, input, expected) in cases {
        assert_eq!(texts(input, "ar"), *expected, "{name}");
    }
}

#[test]
fn arabic_speaker_clause_after_a_closed_quote() {
    check_arabic(&[
        (
            "short reporting verb clause stays",
            "\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت. ثم غادرت.",
            &["\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت.", "ثم غادرت."],
        ),
        (
            "as-clause stays",
            "صرخ: \"يوجد قرش في المياه!\" كما أضاف هاميل. ونقل الطفل.",
            &["صرخ: \"يوجد قرش في المياه!\" كما أضاف هاميل.", "ونقل الطفل."],
        ),
        (
            "participle stays even before a long quote",
            "سأل: \"هل تريدون ذلك؟\" قائلًا: \"سأضع قبعتي لأن هذا يعني الكثير.\"",
            &["سأل: \"هل تريدون ذلك؟\" قائلًا: \"سأضع قبعتي لأن هذا يعني الكثير.\""],
        ),
        (
            "reporting verb with an object pronoun",
            "\"هل أنت بخير؟\" سألته. فلم يجب.",
            &["\"هل أنت بخير؟\" سألته.", "فلم يجب."],
        ),
        (
            "long verb-first clause is a new sentence",
            "وصفوه بأنه \"محاولة لإعادة كتابة التاريخ.\" قال جون جولدسميث، رئيس الجمعية: \"كان حتميا.\"",
            &[
                "وصفوه بأنه \"محاولة لإعادة كتابة التاريخ.\"",
                "قال جون جولدسميث، رئيس الجمعية: \"كان حتميا.\"",
            ],
        ),
        (
            "verb with conjunction opens a new sentence",
            "قال: \"انتهى الأمر.\" وأضاف هاميل. ثم غادر.",
            &["قال: \"انتهى الأمر.\"", "وأضاف هاميل.", "ثم غادر."],
        ),
        (
            "period outside the quote still ends the sentence",
            "قال إنه \"انتهى\". قال الوزير ذلك.",
            &["قال إنه \"انتهى\".", "قال الوزير ذلك."],
        ),
    ]);
}

#[test]
fn arabic_period_after_a_preposition_or_initial() {
    check_arabic(&[
        (
            "a preposition cannot end a sentence",
            "قد تحدد مستقبل روي في. واد، وما إذا كان يمكن ذلك. ثم انتهى.",
            &[
                "قد تحدد مستقبل روي في. واد، وما إذا كان يمكن ذلك.",
                "ثم انتهى.",
            ],
        ),
        (
            "letter name closing a spelled-out acronym ends it",
            "ظهر على قناة أي تي في. وقال إنه سعيد.",
            &["ظهر على قناة أي تي في.", "وقال إنه سعيد."],
        ),
        (
            "Latin middle initial",
            "وصل الرئيس جورج دبليو. بوش إلى بغداد. وقال إنه سعيد.",
            &["وصل الرئيس جورج دبليو. بوش إلى بغداد.", "وقال إنه سعيد."],
        ),
        (
            "acronym ending in an initial-like letter ends it",
            "يعمل في شركة آي بي إم. وقال إنه سعيد.",
            &["يعمل في شركة آي بي إم.", "وقال إنه سعيد."],
        ),
        (
            "interrogative من (whom) ends a sentence",
            "أتساءل أين توم ومع من. هل تعرف؟",
            &["أتساءل أين توم ومع من.", "هل تعرف؟"],
        ),
        (
            "an ordinary last word still ends it",
            "وصل الوزير إلى بغداد. وبدأ المحادثات.",
            &["وصل الوزير إلى بغداد.", "وبدأ المحادثات."],
        ),
    ]);
}

#[test]
fn arabic_coordinated_quotations() {
    check_arabic(&[
        (
            "و attached to the next quote continues",
            "غنت كلمات مثل: \"نعم، أنا أحلب نفسي، لكنك لا ترى أي ذيل\" و\"إذا لم تلاحظ فهذا مهم\". ثم انتهت.",
            &[
                "غنت كلمات مثل: \"نعم، أنا أحلب نفسي، لكنك لا ترى أي ذيل\" و\"إذا لم تلاحظ فهذا مهم\".",
                "ثم انتهت.",
            ],
        ),
        (
            "a new sentence after the quote still breaks",
            "قال: \"نحن هنا اليوم لنخبرهم بذلك\" وأضاف أنه سيعود.",
            &["قال: \"نحن هنا اليوم لنخبرهم بذلك\"", "وأضاف أنه سيعود."],
        ),
    ]);
}

#[test]
fn arabic_latin_titles_in_quotes() {
    check_arabic(&[
        (
            "Latin title before an opener continues",
            "عاد في سلسلة أفلام \"Johnny English\" وهي محاكاة ساخرة للجاسوس.",
            &["عاد في سلسلة أفلام \"Johnny English\" وهي محاكاة ساخرة للجاسوس."],
        ),
        (
            "Latin title opening a sentence continues",
            "\"Still Game is back on screen\" يبدو مستعدًا لمهنة جديدة.",
            &["\"Still Game is back on screen\" يبدو مستعدًا لمهنة جديدة."],
        ),
        (
            "Arabic quotation before an opener still ends",
            "وصفه بأنه \"عمل فني رائع\" وهي تعني ذلك.",
            &["وصفه بأنه \"عمل فني رائع\"", "وهي تعني ذلك."],
        ),
    ]);
}

#[test]
fn arabic_words_after_a_quote_are_read_without_their_punctuation() {
    check_arabic(&[
        (
            "opener with a colon",
            "قال إنه \"يشعر بالفخر للعب دور في الاستعراض\" وأضاف: \"هذا رائع\"",
            &[
                "قال إنه \"يشعر بالفخر للعب دور في الاستعراض\"",
                "وأضاف: \"هذا رائع\"",
            ],
        ),
        (
            "attribution with a colon",
            "\"لقد محاها تماما من هاتفه\" قائلًا: لا أعرف",
            &["\"لقد محاها تماما من هاتفه\" قائلًا: لا أعرف"],
        ),
    ]);
}

#[test]
fn numbered_items_keep_their_number() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "numbered clause of law",
            "ar",
            "1. يسري هذا القانون من تاريخ نشره. 2. تلغى جميع الأحكام المخالفة.",
            &[
                "1. يسري هذا القانون من تاريخ نشره.",
                "2. تلغى جميع الأحكام المخالفة.",
            ],
        ),
        (
            "Arabic-Indic item number",
            "ar",
            "١. البند الأول.",
            &["١. البند الأول."],
        ),
        (
            "English numbered lines",
            "en",
            "1. This Act applies from today.\n2. All contrary provisions are repealed.",
            &[
                "1. This Act applies from today.",
                "2. All contrary provisions are repealed.",
            ],
        ),
        (
            "a number ending a sentence still ends it",
            "en",
            "The vote was 52 to 48. It passed.",
            &["The vote was 52 to 48.", "It passed."],
        ),
        (
            "a year ending a sentence still ends it",
            "ar",
            "ولد عام ١٩٨٠. وتوفي عام ٢٠٢٠.",
            &["ولد عام ١٩٨٠.", "وتوفي عام ٢٠٢٠."],
        ),
    ];
    for (name, lang, input, expected) in cases {
        assert_eq!(texts(input, lang), *expected, "{name}");
    }
}

#[test]
fn headlines_datelines_and_paragraphs() {
    let text =
        "Iraq signs deal\r\nBaghdad-INA\r\nThe deal was signed. It is big.\r\n\r\nNew paragraph";
    assert_eq!(
        texts(text, "en"),
        [
            "Iraq signs deal",
            "Baghdad-INA",
            "The deal was signed.",
            "It is big.",
            "New paragraph"
        ]
    );
    let ar = "العراق يوقع اتفاقا\nبغداد-واع\nوقع العراق الاتفاق. وهو كبير.";
    assert_eq!(
        texts(ar, "ar"),
        [
            "العراق يوقع اتفاقا",
            "بغداد-واع",
            "وقع العراق الاتفاق.",
            "وهو كبير."
        ]
    );
}

#[test]
fn paragraph_is_a_hard_boundary_without_punctuation() {
    assert_eq!(
        texts("one line\n\n\ntwo line", "en"),
        ["one line", "two line"]
    );
}

#[test]
fn wrapped_lines_are_joined() {
    let text = "The minister said on Sunday that the talks with the\n\
                delegation would continue next week in the capital and\n\
                that no date had been set. The delegation left.\n";
    assert_eq!(
        texts(text, "en"),
        [
            "The minister said on Sunday that the talks with the delegation would continue next week in the capital and that no date had been set.",
            "The delegation left."
        ]
    );
}

#[test]
fn offsets_point_into_the_original() {
    let text = "  First one.  Second one.\r\n";
    for s in segment(text, "en") {
        assert_eq!(&text[s.start..s.end], s.text);
    }
}

#[test]
fn empty_and_blank_inputs() {
    assert!(segment("", "en").is_empty());
    assert!(segment(" \n\r\n\t", "ar").is_empty());
    assert_eq!(lines_as_sentences("a\r\n\r\nb c.\n").len(), 2);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    #[test]
    fn offsets_are_valid_on_any_text(text in "[a-zA-Z ء-ي.!?؟\"»«)(\n\r\u{200F}\u{2026}٫0-9]{0,120}") {
        for lang in ["ar", "en"] {
            let sentences = segment(&text, lang);
            let mut last = 0;
            for s in &sentences {
                proptest::prop_assert!(s.start >= last && s.end <= text.len());
                proptest::prop_assert!(!s.text.trim().is_empty());
                last = s.end;
            }
        }
    }
}
