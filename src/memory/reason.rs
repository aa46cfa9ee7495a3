//! Why two texts with the same match key are not identical (the "99" explanation): case,
//! diacritics, Arabic letter forms, digit shapes, punctuation, spacing.

use crate::text::normalize::{fold_char, is_deleted, nfc};
use crate::text::tokenize::{tokenize, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Case,
    Diacritics,
    LetterForms,
    DigitShapes,
    Punctuation,
    Spacing,
    /// Same characters in another Unicode composition (NFC vs NFD).
    Encoding,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Case => "case",
            Reason::Diacritics => "diacritics",
            Reason::LetterForms => "letter forms",
            Reason::DigitShapes => "digit shapes",
            Reason::Punctuation => "punctuation",
            Reason::Spacing => "spacing",
            Reason::Encoding => "encoding",
        }
    }
}

const WORD_REASONS: [Reason; 4] = [
    Reason::Case,
    Reason::Diacritics,
    Reason::LetterForms,
    Reason::DigitShapes,
];

/// The differences between `a` and `b`, two texts whose match keys are equal.
/// Empty when the texts are identical.
pub fn reasons(a: &str, b: &str) -> Vec<Reason> {
    if a == b {
        return Vec::new();
    }
    let (ta, tb) = (tokenize(a), tokenize(b));
    let words = |t: &[Token]| -> Vec<(usize, usize)> {
        t.iter()
            .filter(|t| t.kind.is_scored())
            .map(|t| (t.start, t.end))
            .collect()
    };
    let (wa, wb) = (words(&ta), words(&tb));
    // Words spelled the same fold the same under every reason: only the others are folded
    // (a 99 differs in a word or two, and folding every word four times, each with its own
    // normalization and strings, cost 1.6M instructions per long hit).
    let unequal: Vec<(&str, &str)> = wa
        .iter()
        .zip(&wb)
        .map(|(x, y)| (&a[x.0..x.1], &b[y.0..y.1]))
        .filter(|(x, y)| x != y)
        .collect();
    let mut out = Vec::new();
    for r in WORD_REASONS {
        let differs = unequal
            .iter()
            .any(|(x, y)| fold_except(x, r) != fold_except(y, r));
        if differs {
            out.push(r);
        }
    }
    let puncts = |text: &str, t: &[Token]| -> Vec<String> {
        t.iter()
            .filter(|t| !t.kind.is_scored())
            .map(|t| text[t.start..t.end].to_owned())
            .collect()
    };
    if puncts(a, &ta) != puncts(b, &tb) {
        out.push(Reason::Punctuation);
    }
    if gaps(a, &ta) != gaps(b, &tb) {
        out.push(Reason::Spacing);
    }
    if out.is_empty() {
        out.push(Reason::Encoding);
    }
    out
}

/// The whitespace around and between words (punctuation in a gap is ignored here).
fn gaps(text: &str, tokens: &[Token]) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len() + 1);
    let mut pos = 0;
    for t in tokens.iter().filter(|t| t.kind.is_scored()) {
        out.push(
            text[pos..t.start]
                .chars()
                .filter(|c| c.is_whitespace())
                .collect(),
        );
        pos = t.end;
    }
    out.push(text[pos..].chars().filter(|c| c.is_whitespace()).collect());
    out
}

fn is_letter_variant(c: char) -> bool {
    matches!(
        c,
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0649}' | '\u{0629}' | '\u{06A9}'
            | '\u{06CC}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}'
    )
}

fn is_non_ascii_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{066C}' | '\u{06F0}'..='\u{06F9}')
}

/// The match-key fold of a word with one kind of difference left unfolded.
fn fold_except(word: &str, keep: Reason) -> String {
    let mut out = String::with_capacity(word.len());
    for c in nfc(word).chars() {
        let kept = match keep {
            Reason::Diacritics => is_deleted(c),
            Reason::LetterForms => is_letter_variant(c),
            Reason::DigitShapes => is_non_ascii_digit(c),
            Reason::Case => c.is_uppercase(),
            _ => false,
        };
        if kept {
            out.push(c);
        } else {
            fold_char(c, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_kind_of_difference() {
        let cases: &[(&str, &str, &[Reason])] = &[
            ("قال الكاظمي", "قال الكاظمي", &[]),
            ("Kadhimi said", "kadhimi said", &[Reason::Case]),
            ("قالَ الكاظمي", "قال الكاظمي", &[Reason::Diacritics]),
            ("قال الكـاظمي", "قال الكاظمي", &[Reason::Diacritics]),
            ("أحمد", "احمد", &[Reason::LetterForms]),
            ("عام ٢٠٢١", "عام 2021", &[Reason::DigitShapes]),
            ("قال، الكاظمي", "قال الكاظمي", &[Reason::Punctuation]),
            ("He said.", "He said!", &[Reason::Punctuation]),
            ("He  said", "He said", &[Reason::Spacing]),
            ("He said ", "he said", &[Reason::Case, Reason::Spacing]),
        ];
        for (a, b, expected) in cases {
            assert_eq!(reasons(a, b), *expected, "{a} | {b}");
        }
    }
}
