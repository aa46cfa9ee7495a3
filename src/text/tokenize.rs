//! Tokens with byte offsets into the original text: words, numbers, punctuation, symbols.
//!
//! Offsets always point into the text exactly as given (so a caller can highlight or
//! rewrite a span), while each token also carries its match-key form. Numbers keep their
//! inner separators: 3.5, ٣٫٥, 1,000 and 31/12/2021 are one token each.

use unicode_general_category::{get_general_category, GeneralCategory as G};

use super::normalize::{fold_char, is_deleted, nfc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

impl TokenKind {
    /// Words and numbers count in fuzzy scores; punctuation and symbols only separate.
    pub fn is_scored(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Match-key form (folded, lowercased).
    pub key: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    Letter,
    Digit,
    /// Continues a word or number without being part of its key (diacritics, tatweel, ZWNJ…).
    Joiner,
    /// Combining marks of other scripts: part of the word, kept in the key.
    Mark,
    Punct,
    Symbol,
    Space,
}

pub(super) fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Letter,
            '0'..='9' => Class::Digit,
            '!'..='/' | ':'..='@' | '['..='`' | '{'..='~' => {
                if matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~') {
                    Class::Symbol
                } else {
                    Class::Punct
                }
            }
            _ => Class::Space,
        };
    }
    if is_plain_arabic_letter(c) {
        return Class::Letter;
    }
    if is_deleted(c) {
        return Class::Joiner;
    }
    match get_general_category(c) {
        G::UppercaseLetter
        | G::LowercaseLetter
        | G::TitlecaseLetter
        | G::ModifierLetter
        | G::OtherLetter
        | G::LetterNumber
        | G::OtherNumber => Class::Letter,
        G::DecimalNumber => Class::Digit,
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark => Class::Mark,
        G::ConnectorPunctuation
        | G::DashPunctuation
        | G::OpenPunctuation
        | G::ClosePunctuation
        | G::InitialPunctuation
        | G::FinalPunctuation
        | G::OtherPunctuation => Class::Punct,
        G::MathSymbol | G::CurrencySymbol | G::ModifierSymbol | G::OtherSymbol => Class::Symbol,
        _ => Class::Space,
    }
}

/// Separators that stay inside a number when a digit follows: 3.5 1,000 ٣٫٥ 31/12/2021 10:30.
pub(super) fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':' | '\u{066B}' | '\u{066C}')
}

/// Splits `text` into tokens. Never fails; whitespace and control characters separate.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    spans(text, |kind, start, end| {
        tokens.push(Token {
            kind,
            start,
            end,
            key: key_of(&text[start..end]),
        });
    });
    tokens
}

/// The token spans of `text`, in order: `f(kind, start, end)`. [`tokenize`] and
/// [`for_each_key_token`] share it, so both cut the text the same way.
fn spans(text: &str, mut f: impl FnMut(TokenKind, usize, usize)) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match classify(c) {
            Class::Space | Class::Joiner | Class::Mark => {}
            class @ (Class::Punct | Class::Symbol) => {
                let kind = if class == Class::Punct {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                f(kind, start, start + c.len_utf8());
            }
            first @ (Class::Letter | Class::Digit) => {
                let mut end = start + c.len_utf8();
                let mut all_digits = first == Class::Digit;
                while let Some(&(i, next)) = chars.peek() {
                    match classify(next) {
                        Class::Letter => all_digits = false,
                        Class::Digit | Class::Joiner | Class::Mark => {}
                        _ if all_digits && is_number_separator(next) => {
                            let after = text[i + next.len_utf8()..].chars().next();
                            if !after.is_some_and(|a| classify(a) == Class::Digit) {
                                break;
                            }
                        }
                        _ => break,
                    }
                    end = i + next.len_utf8();
                    chars.next();
                }
                let kind = if all_digits {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                f(kind, start, end);
            }
        }
    }
}

fn key_of(span: &str) -> String {
    let mut key = String::with_capacity(span.len());
    push_key(span, &mut key);
    key
}

/// Appends the match-key form of one token's span to `out`.
fn push_key(span: &str, out: &mut String) {
    // Fast path: ASCII and the Arabic letters are NFC starters that nothing before them
    // composes with, are never deleted and fold one to one, so a span made only of them
    // needs neither the NFC check nor the general case tables. Same key as the slow path
    // (tested below on every such character).
    let start = out.len();
    for c in span.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_plain_arabic_letter(c) {
            out.push(fold_plain_arabic(c));
        } else {
            out.truncate(start);
            push_key_general(span, out);
            return;
        }
    }
}

/// The general match key of a span: NFC, then each character folded.
pub(super) fn push_key_general(span: &str, out: &mut String) {
    for c in nfc(span).chars() {
        fold_char(c, out);
    }
}

/// Arabic letters (hamza to ghain, feh to yeh; not tatweel U+0640): general category Lo,
/// NFC quick check Yes, combining class 0, no lowercase.
pub(super) fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// [`fold_char`] of a plain Arabic letter (field-notes §1: alef forms, alef maqsura, taa
/// marbuta).
pub(super) fn fold_plain_arabic(c: char) -> char {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' => '\u{0627}',
        '\u{0649}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        _ => c,
    }
}

/// The match-key tokens that fuzzy scores count: words and numbers, folded.
pub fn key_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_key_token(text, &mut String::new(), |k| out.push(k.to_owned()));
    out
}

/// Calls `f` with each key token of `text` (as [`key_tokens`] lists them), built in
/// `buf`: no allocation per token (the import keys every word of every unit this way).
pub fn for_each_key_token(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    super::keyscan::append_key_tokens(text, buf, |out, start| {
        f(&out[start..]);
        out.clear();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(TokenKind, &str, String)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.start..t.end], t.key))
            .collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        let cases = [
            ("3.5", "3.5"),
            ("٣٫٥", "3.5"),
            ("1,000", "1,000"),
            ("١٬٠٠٠", "1,000"),
            ("31/12/2021", "31/12/2021"),
            ("٣١/١٢/٢٠٢١", "31/12/2021"),
            ("10:30", "10:30"),
        ];
        for (input, key) in cases {
            let toks = spans(input);
            assert_eq!(toks.len(), 1, "{input}: {toks:?}");
            assert_eq!(toks[0].0, TokenKind::Number, "{input}");
            assert_eq!(toks[0].1, input);
            assert_eq!(toks[0].2, key);
        }
    }

    #[test]
    fn trailing_separator_is_punctuation() {
        let toks = spans("in 2021. Then 1, 2");
        let kinds: Vec<_> = toks.iter().map(|t| (t.0, t.1)).collect();
        assert_eq!(
            kinds,
            vec![
                (TokenKind::Word, "in"),
                (TokenKind::Number, "2021"),
                (TokenKind::Punct, "."),
                (TokenKind::Word, "Then"),
                (TokenKind::Number, "1"),
                (TokenKind::Punct, ","),
                (TokenKind::Number, "2"),
            ]
        );
    }

    #[test]
    fn arabic_and_latin_in_one_sentence_with_offsets() {
        let text = "قالَ الكاظمي لـ INA: «نعم»";
        let toks = spans(text);
        let got: Vec<_> = toks.iter().map(|t| (t.0, t.1, t.2.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (TokenKind::Word, "قالَ", "قال"),
                (TokenKind::Word, "الكاظمي", "الكاظمي"),
                (TokenKind::Word, "لـ", "ل"),
                (TokenKind::Word, "INA", "ina"),
                (TokenKind::Punct, ":", ":"),
                (TokenKind::Punct, "«", "\""),
                (TokenKind::Word, "نعم", "نعم"),
                (TokenKind::Punct, "»", "\""),
            ]
        );
    }

    #[test]
    fn diacritics_and_format_characters_stay_inside_words() {
        let toks = spans("مُصْطَفَى\u{200C}ي الـكاظمي");
        assert_eq!(toks.len(), 2);
        assert_eq!(toks[0].2, "مصطفيي");
        assert_eq!(toks[1].2, "الكاظمي");
    }

    #[test]
    fn hyphen_and_apostrophe_split_words() {
        assert_eq!(
            key_tokens("Al-Kadhimi’s visit"),
            ["al", "kadhimi", "s", "visit"]
        );
    }

    #[test]
    fn symbols_are_tokens_but_not_scored() {
        let toks = tokenize("$5 + 10%");
        assert_eq!(
            toks.iter().filter(|t| t.kind == TokenKind::Symbol).count(),
            2
        );
        assert_eq!(key_tokens("$5 + 10%"), ["5", "10"]);
    }

    /// The match key of a span by the general path: NFC, then each character folded.
    fn general(s: &str) -> String {
        let mut out = String::new();
        for c in nfc(s).chars() {
            fold_char(c, &mut out);
        }
        out
    }

    #[test]
    fn fast_keys_equal_the_general_fold() {
        // Every character the fast path takes, alone and inside a word, against NFC + fold.
        let fast = (0u32..0x80)
            .chain(0x0621..0x064B)
            .filter_map(char::from_u32)
            .filter(|&c| c.is_ascii() || is_plain_arabic_letter(c));
        for c in fast {
            for s in [
                c.to_string(),
                format!("a{c}b"),
                format!("\u{0628}{c}\u{0628}"),
            ] {
                assert_eq!(key_of(&s), general(&s), "U+{:04X}", c as u32);
            }
            if is_plain_arabic_letter(c) {
                assert!(classify(c) == Class::Letter && !is_deleted(c));
                assert_eq!(get_general_category(c), G::OtherLetter);
            }
        }
        // A plain letter followed by a combining mark takes the general path (composes).
        assert_eq!(key_of("\u{0627}\u{0653}"), "\u{0627}");
        assert_eq!(key_of("\u{064A}\u{0654}x"), "\u{0626}x");
    }

    #[test]
    fn key_tokens_equal_the_scored_tokens_keys() {
        let texts = [
            "قالَ الكاظمي لـ INA: «نعم» ٣٫٥ مليار و١٬٠٠٠ في 31/12/2021",
            "Al-Kadhimi’s visit, F16 and 3rd COVID-19 — $5 + 10% ÉCOLE Straße",
            "\u{FEFB} ﻻ مُصْطَفَى\u{200C}ي الـكاظمي آمن إسلام \u{0671}لله ۲۰۲۱ \u{06A9}تاب",
            "ا\u{0653} ي\u{0654} e\u{0301}cole ΑΘΗΝΑ İstanbul ǅ",
        ];
        for text in texts {
            let slow: Vec<String> = tokenize(text)
                .into_iter()
                .filter(|t| t.kind.is_scored())
                .map(|t| general(&text[t.start..t.end]))
                .collect();
            assert_eq!(key_tokens(text), slow, "{text}");
        }
    }

    #[test]
    fn mixed_letters_and_digits_form_one_word() {
        assert_eq!(
            key_tokens("F16 and 3rd COVID-19"),
            ["f16", "and", "3rd", "covid", "19"]
        );
    }
}
