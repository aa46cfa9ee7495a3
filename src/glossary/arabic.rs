//! Arabic proclitics for term recognition (field-notes §1): الكاظمي is the same term in
//! والكاظمي, للكاظمي, بالكاظمي, فالكاظمي. A text token is looked up as it is first; only
//! when it is not a glossary word are proclitics removed, so stripping never changes a
//! word the glossary itself contains.

/// Proclitic combinations, longest first, with what replaces them: `لل` stands for
/// ل + ال, so its stem regains the article.
const PROCLITICS: &[(&str, &str)] = &[
    ("وبال", "ال"),
    ("وكال", "ال"),
    ("فبال", "ال"),
    ("فكال", "ال"),
    ("ولل", "ال"),
    ("فلل", "ال"),
    ("وال", "ال"),
    ("فال", "ال"),
    ("بال", "ال"),
    ("كال", "ال"),
    ("لل", "ال"),
    ("وب", ""),
    ("ول", ""),
    ("وك", ""),
    ("فب", ""),
    ("فل", ""),
    ("فك", ""),
    ("و", ""),
    ("ف", ""),
    ("ب", ""),
    ("ل", ""),
    ("ك", ""),
];

/// Whether a match key starts with an Arabic letter.
pub fn is_arabic_key(key: &str) -> bool {
    key.chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}'))
}

/// The stem of an Arabic key once proclitics are removed, when that stem is a glossary word
/// (`known`): returns the stem and how many letters of the key the proclitic took.
pub fn strip_proclitic(key: &str, known: impl Fn(&str) -> bool) -> Option<(String, usize)> {
    let mut buf = String::with_capacity(key.len() + 4);
    for (prefix, replacement) in PROCLITICS {
        let Some(rest) = key.strip_prefix(prefix) else {
            continue;
        };
        if rest.chars().count() < 2 {
            continue;
        }
        buf.clear();
        buf.push_str(replacement);
        buf.push_str(rest);
        if known(&buf) {
            let stem = std::mem::take(&mut buf);
            // وال keeps its article in the stem; لل (ل + ال with the alef elided) cannot,
            // so its stem starts after the preposition.
            let n = prefix.chars().count();
            let taken = if prefix.ends_with("ال") {
                n - 2
            } else if replacement.is_empty() {
                n
            } else {
                n - 1
            };
            return Some((stem, taken));
        }
    }
    None
}

/// Byte offset in `token` (original text, possibly with diacritics or tatweel) after its
/// first `letters` letters; marks following those letters stay with the clitic.
pub fn offset_after_letters(token: &str, letters: usize) -> usize {
    let mut seen = 0;
    for (i, c) in token.char_indices() {
        if crate::text::normalize::is_deleted(c) {
            continue;
        }
        if seen == letters {
            return i;
        }
        seen += 1;
    }
    token.len()
}

/// Whether the word after byte `end` of `text` can begin a name. An Arabic title such as
/// اللواء or الفريق is a rank only before a name; before a definite word — an adjective or
/// a noun phrase (اللواء الخامس "the fifth brigade", الفريق الزائر "the visiting team",
/// الفريق بالمباراة) — or with nothing after it in the sentence, it is the common noun.
pub fn followed_by_name(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("").trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || crate::text::normalize::is_deleted(*c))
        .collect();
    let key = crate::text::normalize::match_key(&word);
    match key.chars().next() {
        None => false,
        Some(c) if !c.is_alphabetic() => false,
        Some(_) if is_arabic_key(&key) => !opens_with_article(&key),
        Some(c) => c.is_uppercase() || key != word,
    }
}

/// Whether an Arabic key opens with the article, alone or behind proclitics (ال, وال, بال,
/// لل, ...: the [`PROCLITICS`] that stand for it).
fn opens_with_article(key: &str) -> bool {
    key.starts_with("ال")
        || PROCLITICS
            .iter()
            .any(|(clitic, stands_for)| *stands_for == "ال" && key.starts_with(clitic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_stands_before_a_name_not_before_a_definite_word() {
        let cases = [
            ("الفريق عبد الأمير يار الله", true),
            ("اللواء تحسين الخفاجي", true),
            ("اللواء  يحيى رسول", true),
            ("الفريق الزائر", false),
            ("اللواء الخامس", false),
            ("اللواء الْخامس", false),
            ("فاز الفريق بالمباراة", false),
            ("فاز الفريق والجمهور", false),
            ("قال الفريق.", false),
            ("قال الفريق", false),
            ("الفريق 5", false),
        ];
        for (text, expected) in cases {
            let title = if text.contains("الفريق") {
                "الفريق"
            } else {
                "اللواء"
            };
            let end = text.find(title).unwrap() + title.len();
            assert_eq!(followed_by_name(text, end), expected, "{text}");
        }
    }

    #[test]
    fn clitics_are_removed_only_to_reach_a_known_word() {
        let known = |s: &str| s == "الكاظمي" || s == "بغداد";
        let cases = [
            ("والكاظمي", Some(("الكاظمي", 1))),
            ("للكاظمي", Some(("الكاظمي", 1))),
            ("بالكاظمي", Some(("الكاظمي", 1))),
            ("فالكاظمي", Some(("الكاظمي", 1))),
            ("وبالكاظمي", Some(("الكاظمي", 2))),
            ("ببغداد", Some(("بغداد", 1))),
            ("وبغداد", Some(("بغداد", 1))),
            ("ولبغداد", Some(("بغداد", 2))),
            ("والبصرة", None),
        ];
        for (key, expected) in cases {
            let got = strip_proclitic(key, known);
            let got = got.as_ref().map(|(s, n)| (s.as_str(), *n));
            assert_eq!(got, expected, "{key}");
        }
    }

    #[test]
    fn offset_skips_diacritics_of_the_clitic() {
        let token = "وَالكاظمي";
        let at = offset_after_letters(token, 1);
        assert_eq!(&token[at..], "الكاظمي");
    }
}
