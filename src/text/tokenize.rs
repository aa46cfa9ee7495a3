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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
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

fn classify(c: char) -> Class {
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
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':' | '\u{066B}' | '\u{066C}')
}

/// Splits `text` into tokens. Never fails; whitespace and control characters separate.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match classify(c) {
            Class::Space | Class::Joiner | Class::Mark => {}
            class @ (Class::Punct | Class::Symbol) => {
                let end = start + c.len_utf8();
                let kind = if class == Class::Punct {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                tokens.push(Token {
                    kind,
                    start,
                    end,
                    key: key_of(&text[start..end]),
                });
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
                tokens.push(Token {
                    kind,
                    start,
                    end,
                    key: key_of(&text[start..end]),
                });
            }
        }
    }
    tokens
}

fn key_of(span: &str) -> String {
    let mut key = String::with_capacity(span.len());
    for c in nfc(span).chars() {
        fold_char(c, &mut key);
    }
    key
}

/// The match-key tokens that fuzzy scores count: words and numbers, folded.
pub fn key_tokens(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .map(|t| t.key)
        .collect()
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

    #[test]
    fn mixed_letters_and_digits_form_one_word() {
        assert_eq!(
            key_tokens("F16 and 3rd COVID-19"),
            ["f16", "and", "3rd", "covid", "19"]
        );
    }
}
