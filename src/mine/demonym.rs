//! Adjectives of nationality are not names: "Iraqi" paired with العراقية transliterates well
//! (both are the nisba of العراق), but the pair says "the Iraqi government", not a person.
//!
//! The catch is that nisba surnames are built the same way (الخفاجي "al-Khafaji", الكاظمي
//! "Kadhimi"), so the ending alone cannot decide. What tells the adjective apart is grammar:
//! - an Arabic adjective agrees with its noun, so it is feminine (العراقية) or plural
//!   (العراقيون، العراقيين، العراقيات) where the English adjective has no ending for it, while
//!   a surname is written in its one form;
//! - an Arabic adjective follows the definite noun it describes (الجيش العراقي), a surname
//!   follows a given name, a title or a verb;
//! - an English adjective follows an article ("the Iraqi army", "an Egyptian court"); a
//!   person's name does not.
//!
//! A one-word English name with an adjective's ending (-i, -ian, -an, -ese, -ish, -ic, and
//! plurals) paired with one Arabic word that has the article and a nisba ending is an
//! adjective when any of the three holds.

use super::arabic_spans::{ArabicWord, Role};

/// Endings of English adjectives of nationality, and of their plurals used as nouns.
const ENGLISH_ENDINGS: &[&str] = &[
    "i", "is", "ian", "ians", "an", "ans", "ese", "ish", "ic", "ics",
];

/// Nisba endings that only an adjective agreeing with a feminine or plural noun carries
/// (match keys: ة is folded to ه).
const AGREEING_ENDINGS: &[&str] = &["يه", "يون", "يين", "يات"];

/// Articles before the English word that make it an attribute ("the Iraqi army").
const ENGLISH_ARTICLES: &[&str] = &["the", "a", "an"];

/// Whether `english` (one name, as written), preceded in its line by `before`, paired with
/// the Arabic words `from..to` of `words` (`key`: the first word's key, proclitic removed),
/// is an adjective of nationality rather than a name.
pub fn is_demonym(
    english: &str,
    before: &str,
    words: &[ArabicWord],
    from: usize,
    to: usize,
    key: &str,
) -> bool {
    if to != from + 1 || english.contains(|c: char| !c.is_alphabetic()) {
        return false;
    }
    let lower = english.to_lowercase();
    if !ENGLISH_ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let Some(stem) = key.strip_prefix("ال") else {
        return false;
    };
    let agreeing = AGREEING_ENDINGS.iter().any(|e| stem.ends_with(e));
    if !agreeing && !stem.ends_with('ي') {
        return false;
    }
    let after_definite_noun = from.checked_sub(1).is_some_and(|p| {
        let w = &words[p];
        w.segment == words[from].segment
            && w.role == Role::Name
            && w.key.starts_with("ال")
            // عبد الله الخفاجي: الله ends a given name, it is no noun.
            && !matches!(w.key.as_str(), "الله" | "الدين")
    });
    let after_article = before
        .split_whitespace()
        .next_back()
        .is_some_and(|w| ENGLISH_ARTICLES.contains(&w.to_lowercase().as_str()));
    agreeing || after_definite_noun || after_article
}

#[cfg(test)]
mod tests {
    use super::super::arabic_spans::arabic_words;
    use super::*;

    /// Whether `english` (found in `en_line`) and the Arabic word `ar_word` of `ar_line` make
    /// an adjective.
    fn demonym(ar_line: &str, ar_word: &str, en_line: &str, english: &str) -> bool {
        let words = arabic_words(ar_line);
        let from = words
            .iter()
            .position(|w| &ar_line[w.start..w.end] == ar_word)
            .unwrap();
        let key = words[from].key.clone();
        let before = &en_line[..en_line.find(english).unwrap()];
        is_demonym(english, before, &words, from, from + 1, &key)
    }

    #[test]
    fn adjectives_of_nationality_are_told_from_nisba_surnames() {
        // Feminine or plural agreement.
        assert!(demonym(
            "قالت الحكومة العراقية",
            "العراقية",
            "Iraqi government said",
            "Iraqi"
        ));
        assert!(demonym(
            "صوت العراقيون",
            "العراقيون",
            "Iraqis voted",
            "Iraqis"
        ));
        // After the definite noun it describes, or after an English article.
        assert!(demonym(
            "قال الجيش السوداني",
            "السوداني",
            "Sudanese army said",
            "Sudanese"
        ));
        assert!(demonym("قال العراقي", "العراقي", "the Iraqi said", "Iraqi"));
        // Surnames: after a verb, a given name, a compound given name.
        assert!(!demonym(
            "قال الكاظمي",
            "الكاظمي",
            "Kadhimi said",
            "Kadhimi"
        ));
        assert!(!demonym(
            "قال عبد الله الخفاجي",
            "الخفاجي",
            "Khafaji said",
            "Khafaji"
        ));
        // A name that writes the feminine ending is a name (a party, a woman's nisba).
        assert!(!demonym(
            "فازت العراقية",
            "العراقية",
            "Iraqiya won",
            "Iraqiya"
        ));
    }
}
