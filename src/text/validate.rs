//! What counts as text: the one check every reader applies to what it is about to store
//! (CSV and TMX units, TBX and glossary terms, articles to align), so a file of NUL cells or
//! of invisible marks is refused at its line instead of becoming units nobody can see.
//!
//! Refused: C0 and C1 control characters other than tab and line breaks (LF, CR, VT, FF,
//! NEL — Excel writes VT for a line break inside a cell); Unicode noncharacters (U+FDD0–
//! U+FDEF and the last two code points of every plane); and, for a cell or a term, text that
//! is empty once whitespace and invisible characters (format controls such as ZWJ, LRM,
//! bidi embeddings and isolates, BOM; variation selectors; Hangul fillers) are removed.
//! Lone UTF-16 surrogates cannot reach a `&str`: the decoders refuse them with the line.

use std::fmt;

use unicode_general_category::{get_general_category, GeneralCategory};

/// Why a piece of text is not text. `at` counts characters from 1 within the text checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    Control { code: u32, at: usize },
    Noncharacter { code: u32, at: usize },
    OnlyInvisible,
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextProblem::Control { code, at } => write!(
                f,
                "control character U+{code:04X}{} at character {at} is not text",
                control_name(*code)
            ),
            TextProblem::Noncharacter { code, at } => {
                write!(f, "noncharacter U+{code:04X} at character {at} is not text")
            }
            TextProblem::OnlyInvisible => {
                f.write_str("only invisible characters (nothing a reader could see)")
            }
        }
    }
}

/// Checks one cell, segment or term: no control characters but tab and line breaks, no
/// noncharacters, and something visible unless it is empty (empty is the reader's call).
pub fn check_text(text: &str) -> Result<(), TextProblem> {
    check_characters(text)?;
    if !text.is_empty() && text.chars().all(is_invisible) {
        return Err(TextProblem::OnlyInvisible);
    }
    Ok(())
}

/// Checks a whole document (an article to align): the characters only, reported with their
/// 1-based line and column (columns in characters).
pub fn check_document(text: &str) -> Result<(), (usize, usize, TextProblem)> {
    for (i, line) in text.split('\n').enumerate() {
        if let Err(problem) = check_characters(line) {
            let col = match problem {
                TextProblem::Control { at, .. } | TextProblem::Noncharacter { at, .. } => at,
                TextProblem::OnlyInvisible => 1,
            };
            return Err((i + 1, col, problem));
        }
    }
    Ok(())
}

fn check_characters(text: &str) -> Result<(), TextProblem> {
    if plainly_text(text.as_bytes()) {
        return Ok(());
    }
    for (i, c) in text.chars().enumerate() {
        let code = c as u32;
        if is_refused_control(c) {
            return Err(TextProblem::Control { code, at: i + 1 });
        }
        if is_noncharacter(code) {
            return Err(TextProblem::Noncharacter { code, at: i + 1 });
        }
    }
    Ok(())
}

/// Fast path, in any script: no byte that could begin something refused. In UTF-8 a C0
/// control or DEL is its own byte; a C1 control (U+0080–U+009F) starts with 0xC2; the
/// noncharacters U+FDD0–U+FDEF and U+FFFE/U+FFFF start with 0xEF, those of the other planes
/// with 0xF0–0xF4. Text with such a lead byte (C2 also leads Latin-1 letters such as NBSP,
/// EF the Arabic presentation forms and the BOM) takes the exact walk instead. Blocks of 64
/// bytes are tested without an early exit so the compiler can vectorize the test.
fn plainly_text(bytes: &[u8]) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2 || b >= 0xEF
    };
    bytes
        .chunks(64)
        .all(|block| !block.iter().fold(false, |any, &b| any | suspect(b)))
}

fn is_refused_control(c: char) -> bool {
    let line_break_or_tab = matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}');
    c.is_control() && !line_break_or_tab
}

/// U+FDD0–U+FDEF and U+xxFFFE / U+xxFFFF: reserved never to be characters.
fn is_noncharacter(code: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Characters that show nothing by themselves.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || get_general_category(c) == GeneralCategory::Format
        || matches!(c,
            '\u{034F}' // combining grapheme joiner
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180B}'..='\u{180F}' // Mongolian variation selectors and vowel separator
            | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' // variation selectors
        )
}

fn control_name(code: u32) -> &'static str {
    match code {
        0x00 => " (NUL)",
        0x1B => " (ESC)",
        0x7F => " (DEL)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes() {
        for text in [
            "",
            "Peace",
            "قال المتحدث\tباسم\r\nالقيادة",
            "سطر\u{0B}سطر",
            "\u{200F}مرحبا\u{200E}",
            "emoji 😀 and ZWJ 👩\u{200D}👩",
            "tatweel ـــ",
        ] {
            assert_eq!(check_text(text), Ok(()), "{text:?}");
        }
    }

    #[test]
    fn controls_are_refused_with_their_place() {
        assert_eq!(
            check_text("\0\0"),
            Err(TextProblem::Control { code: 0, at: 1 })
        );
        assert_eq!(
            check_text("ab\u{1B}[31m"),
            Err(TextProblem::Control { code: 0x1B, at: 3 })
        );
        assert_eq!(
            check_text("سلام\u{9B}"),
            Err(TextProblem::Control { code: 0x9B, at: 5 })
        );
        assert_eq!(
            check_text("x\u{7F}"),
            Err(TextProblem::Control { code: 0x7F, at: 2 })
        );
        assert!(check_text("\0")
            .unwrap_err()
            .to_string()
            .contains("U+0000 (NUL) at character 1"));
    }

    #[test]
    fn noncharacters_are_refused() {
        for (text, code) in [
            ("a\u{FFFE}", 0xFFFE),
            ("a\u{FDD0}", 0xFDD0),
            ("a\u{10FFFF}", 0x10FFFF),
            ("a\u{1FFFF}", 0x1FFFF),
        ] {
            assert_eq!(
                check_text(text),
                Err(TextProblem::Noncharacter { code, at: 2 })
            );
        }
        assert_eq!(check_text("a\u{FFFD}"), Ok(()));
    }

    #[test]
    fn the_fast_path_passes_no_character_the_exact_walk_refuses() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let one = c.encode_utf8(&mut buf);
            if plainly_text(one.as_bytes()) {
                assert!(
                    !is_refused_control(c) && !is_noncharacter(c as u32),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        // Far into long Arabic text, past the first blocks, with the place counted right.
        let long = "قال المتحدث باسم القيادة ".repeat(20);
        let at = long.chars().count() + 1;
        for (bad, problem) in [
            ('\u{1}', TextProblem::Control { code: 1, at }),
            ('\u{85}', TextProblem::Control { code: 0x85, at: 0 }),
            ('\u{9F}', TextProblem::Control { code: 0x9F, at }),
            ('\u{FDEF}', TextProblem::Noncharacter { code: 0xFDEF, at }),
            (
                '\u{10FFFE}',
                TextProblem::Noncharacter { code: 0x10FFFE, at },
            ),
        ] {
            let text = format!("{long}{bad} وأضاف");
            let expected = if bad == '\u{85}' {
                Ok(())
            } else {
                Err(problem)
            };
            assert_eq!(check_text(&text), expected, "U+{:04X}", bad as u32);
        }
    }

    #[test]
    fn text_of_invisible_characters_only_is_refused() {
        for text in [
            " ",
            "\u{200B}",
            "\u{200F}\u{200E}",
            "\u{FEFF}",
            "\u{2066}\u{2069}",
            "\u{061C}\u{00A0}",
            "\u{FE0F}",
        ] {
            assert_eq!(
                check_text(text),
                Err(TextProblem::OnlyInvisible),
                "{text:?}"
            );
        }
    }

    #[test]
    fn documents_report_line_and_column() {
        assert_eq!(check_document("one\ntwo\n\nthree"), Ok(()));
        assert_eq!(
            check_document("one\nسطر\0\n"),
            Err((2, 4, TextProblem::Control { code: 0, at: 4 }))
        );
        assert_eq!(check_document("\u{200B}"), Ok(()));
    }
}
