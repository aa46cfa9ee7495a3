//! Match keys (field-notes §1): the form of text used for every comparison.
//!
//! One function serves Arabic, English and mixed sentences: the Arabic folds never touch Latin
//! letters and lowercasing never touches Arabic, so a sentence such as
//! "قال الكاظمي لـ INA" gets one key without guessing its language first.

use std::borrow::Cow;

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Unicode NFC of `text`, borrowed when it already is NFC (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Characters that vanish from a match key without separating words: Arabic diacritics,
/// tatweel, Quranic marks and every format character (ZWNJ/ZWJ, LRM/RLM, ALM, bidi
/// embeddings and isolates, BOM).
pub fn is_deleted(c: char) -> bool {
    matches!(c,
        '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06ED}'
    ) || get_general_category(c) == GeneralCategory::Format
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Appends the match-key form of one (NFC) character to `out`: lowercased, Arabic letter
/// variants folded, digits made ASCII, typographic punctuation folded; deleted characters
/// append nothing.
pub fn fold_char(c: char, out: &mut String) {
    if is_deleted(c) {
        return;
    }
    if is_presentation_form(c) {
        for d in std::iter::once(c).nfkc() {
            if d != c && !d.is_whitespace() {
                fold_char(d, out);
            }
        }
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        out.push(fold_simple(lower));
    }
}

fn fold_simple(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0649}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        '\u{06A9}' => '\u{0643}',
        '\u{06CC}' => '\u{064A}',
        '\u{066B}' | '\u{06D4}' => '.',
        '\u{066C}' | '\u{060C}' => ',',
        '\u{061B}' => ';',
        '\u{061F}' => '?',
        '\u{066A}' => '%',
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        _ => c,
    }
}

/// Folds a whole string character by character (after NFC), keeping punctuation and spacing
/// collapsed to single spaces. Used for display-level comparisons such as glossary forms.
pub fn fold_text(text: &str) -> String {
    let text = nfc(text);
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        fold_char(c, &mut out);
    }
    out
}

/// The match key of a text: its word and number tokens, folded, joined by single spaces.
/// Punctuation separates tokens but is not part of the key (field-notes §3), so
/// "Al-Kadhimi's" → "al kadhimi s" and "الكاظمِي،" → "الكاظمي".
pub fn match_key(text: &str) -> String {
    crate::text::tokenize::key_tokens(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        fold_text(s)
    }

    #[test]
    fn each_rule_of_the_arabic_key() {
        // (rule, input, expected key)
        let cases: &[(&str, &str, &str)] = &[
            ("tatweel deleted", "الكـــاظمي", "الكاظمي"),
            ("harakat deleted", "مُصْطَفَى", "مصطفي"),
            ("shadda and tanween deleted", "محمّدٌ", "محمد"),
            (
                "U+0653..065F deleted",
                "ا\u{0653}\u{0654}\u{0655}\u{065F}",
                "ا",
            ),
            ("superscript alef deleted", "هٰذا", "هذا"),
            (
                "quranic marks deleted",
                "قال\u{0610}\u{061A}\u{06D6}\u{06ED}",
                "قال",
            ),
            ("alef madda folded", "آمن", "امن"),
            ("alef hamza above folded", "أحمد", "احمد"),
            ("alef hamza below folded", "إسلام", "اسلام"),
            ("alef wasla folded", "\u{0671}لله", "الله"),
            ("alef maqsura folded", "مصطفى", "مصطفي"),
            ("taa marbuta folded", "قيادة", "قياده"),
            ("persian kaf folded", "\u{06A9}تاب", "كتاب"),
            ("persian ya folded", "عل\u{06CC}", "علي"),
            ("arabic-indic digits", "٢٠٢١", "2021"),
            ("eastern digits", "۲۰۲۱", "2021"),
            ("decimal separator", "٣٫٥", "3.5"),
            ("thousands separator", "١٬٠٠٠", "1,000"),
            ("arabic comma", "،", ","),
            ("arabic semicolon", "؛", ";"),
            ("arabic question mark", "؟", "?"),
            ("arabic percent", "٪", "%"),
            ("urdu full stop", "۔", "."),
            ("zwnj zwj deleted", "ك\u{200C}ت\u{200D}ب", "كتب"),
            (
                "lrm rlm alm deleted",
                "\u{200E}\u{200F}\u{061C}بغداد",
                "بغداد",
            ),
            (
                "bidi embeddings deleted",
                "\u{202B}بغداد\u{202C}\u{2067}x\u{2069}",
                "بغدادx",
            ),
            ("bom deleted", "\u{FEFF}بغداد", "بغداد"),
            ("presentation forms via nfkc", "\u{FEFB}", "لا"),
            ("nfd composed first", "ا\u{0653}", "ا"),
            ("nfd hamza on ya composes", "ي\u{0654}", "ئ"),
            (
                "english lowercase",
                "Mustafa AL-Kadhimi",
                "mustafa al-kadhimi",
            ),
            ("typographic apostrophe", "Al-Kadhimi’s", "al-kadhimi's"),
            ("dashes folded", "2020–2021 — x", "2020-2021 - x"),
            ("typographic quotes", "“INA”", "\"ina\""),
            ("whitespace collapsed", "  a \t\n b  ", "a b"),
        ];
        for (rule, input, expected) in cases {
            assert_eq!(fold(input), *expected, "rule: {rule}");
        }
    }

    #[test]
    fn match_key_drops_punctuation_and_keeps_words() {
        let cases = [
            ("Al-Kadhimi's office.", "al kadhimi s office"),
            ("قالَ الكاظميُّ، أمس.", "قال الكاظمي امس"),
            ("It costs 3.5 dollars", "it costs 3.5 dollars"),
            ("بلغت ٣٫٥ مليار", "بلغت 3.5 مليار"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(match_key(input), expected, "{input}");
        }
    }

    #[test]
    fn nfc_borrows_when_already_composed() {
        assert!(matches!(nfc("بغداد"), Cow::Borrowed(_)));
        assert_eq!(nfc("ا\u{0653}"), "\u{0622}");
    }
}
