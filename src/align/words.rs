//! Word-level helpers for anchors: calendar words (months and weekdays in English and in
//! both Arabic month systems), light stems for lexicon keys, and number keys.

/// English month and weekday names (lowercase) → calendar key.
fn english_calendar(word: &str) -> Option<&'static str> {
    Some(match word {
        "january" | "jan" => "m1",
        "february" | "feb" => "m2",
        "march" => "m3",
        "april" | "apr" => "m4",
        "may" => "m5",
        "june" | "jun" => "m6",
        "july" | "jul" => "m7",
        "august" | "aug" => "m8",
        "september" | "sept" | "sep" => "m9",
        "october" | "oct" => "m10",
        "november" | "nov" => "m11",
        "december" | "dec" => "m12",
        "monday" => "d1",
        "tuesday" => "d2",
        "wednesday" => "d3",
        "thursday" => "d4",
        "friday" => "d5",
        "saturday" => "d6",
        "sunday" => "d7",
        _ => return None,
    })
}

/// Arabic calendar words in match-key form (alef forms folded, ة → ه, ى → ي).
fn arabic_calendar(word: &str) -> Option<&'static str> {
    Some(match word {
        "يناير" => "m1",
        "فبراير" | "شباط" => "m2",
        "مارس" | "اذار" => "m3",
        "ابريل" | "نيسان" => "m4",
        "مايو" | "ايار" => "m5",
        "يونيو" | "يونيه" | "حزيران" => "m6",
        "يوليو" | "يوليه" | "تموز" => "m7",
        "اغسطس" | "اب" => "m8",
        "سبتمبر" | "ايلول" => "m9",
        "اكتوبر" => "m10",
        "نوفمبر" => "m11",
        "ديسمبر" => "m12",
        "الاثنين" | "الإثنين" => "d1",
        "الثلاثاء" => "d2",
        "الاربعاء" => "d3",
        "الخميس" => "d4",
        "الجمعه" => "d5",
        "السبت" => "d6",
        "الاحد" => "d7",
        _ => return None,
    })
}

/// Levantine two-word months: كانون الثاني (January), تشرين الأول (October), ….
fn arabic_two_word_month(first: &str, second: &str) -> Option<&'static str> {
    Some(match (first, second) {
        ("كانون", "الثاني") => "m1",
        ("تشرين", "الاول") => "m10",
        ("تشرين", "الثاني") => "m11",
        ("كانون", "الاول") => "m12",
        _ => return None,
    })
}

/// Single-letter proclitics that attach to calendar words and names: و ف ب ل ك.
pub fn strip_proclitic(word: &str) -> Option<&str> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') && rest.chars().count() >= 3).then_some(rest)
}

/// Calendar keys of a sentence's word keys (in order), e.g. "31 كانون الاول" → ["m12"].
pub fn calendar_keys(words: &[&str]) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let bare = strip_proclitic(w).unwrap_or(w);
        if let Some(next) = words.get(i + 1) {
            let two = arabic_two_word_month(w, next).or_else(|| arabic_two_word_month(bare, next));
            if let Some(k) = two {
                keys.push(k);
                i += 2;
                continue;
            }
        }
        let key = english_calendar(w)
            .or_else(|| arabic_calendar(w))
            .or_else(|| arabic_calendar(bare))
            .or_else(|| strip_proclitic(w).and_then(|b| arabic_calendar(&format!("ال{b}"))));
        keys.extend(key);
        i += 1;
    }
    keys
}

/// Number keys found in a token key: maximal digit runs with inner separators, thousands
/// commas removed ("2,700" → "2700", "7.55am" → "7.55", "31/12/2021" → 31, 12, 2021).
pub fn number_keys(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split(['/', ':', '-']) {
        let mut current = String::new();
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            let inner_sep = matches!(c, '.' | ',')
                && !current.is_empty()
                && chars.peek().is_some_and(|d| d.is_ascii_digit());
            if c.is_ascii_digit() {
                current.push(c);
            } else if inner_sep {
                if c == '.' {
                    current.push('.');
                }
            } else if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// A light stem for lexicon keys: Arabic loses its article/conjunction prefixes and one
/// common suffix (Lucene ArabicStemmer lists, field-notes §1); Latin words are lowercased
/// and cut to six letters so inflected forms share a key.
pub fn stem(key: &str) -> String {
    if key.chars().any(is_arabic_letter) {
        return arabic_light_stem(key);
    }
    key.chars().take(6).collect()
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

fn arabic_light_stem(word: &str) -> String {
    let mut w = word;
    for prefix in ["وال", "بال", "كال", "فال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(prefix) {
            if rest.chars().count() >= 2 {
                w = rest;
                break;
            }
        }
    }
    if w == word && w.chars().count() >= 4 {
        if let Some(rest) = w.strip_prefix('و') {
            w = rest;
        }
    }
    for suffix in ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"] {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.chars().count() >= 2 {
                w = rest;
                break;
            }
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::key_tokens;

    fn cal(text: &str) -> Vec<&'static str> {
        let toks = key_tokens(text);
        let words: Vec<&str> = toks.iter().map(String::as_str).collect();
        calendar_keys(&words)
    }

    #[test]
    fn months_in_three_systems() {
        assert_eq!(cal("on 31 December"), ["m12"]);
        assert_eq!(cal("في ٣١ كانون الأول"), ["m12"]);
        assert_eq!(cal("في ٣١ ديسمبر"), ["m12"]);
        assert_eq!(cal("وفي أيلول ويوم الأحد"), ["m9", "d7"]);
        assert_eq!(cal("on Sunday in Sept."), ["d7", "m9"]);
    }

    #[test]
    fn number_keys_drop_thousands_commas() {
        assert_eq!(number_keys("2,700"), ["2700"]);
        assert_eq!(number_keys("7.55am"), ["7.55"]);
        assert_eq!(number_keys("31/12/2021"), ["31", "12", "2021"]);
        assert_eq!(number_keys("f16"), ["16"]);
    }

    #[test]
    fn light_stems() {
        assert_eq!(stem("والحكومه"), "حكوم");
        assert_eq!(stem("government"), "govern");
    }
}
