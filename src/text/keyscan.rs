//! Key tokens in one pass over the bytes of a text: the words and numbers that
//! `tokenize::tokenize` cuts, each in its match-key form, without decoding every character
//! twice (once to cut the span, once to fold it) or asking the Unicode tables about ASCII
//! and plain Arabic letters. The import keys every side of every unit this way, and the
//! queries key their text the same way, so the result must be the same key, byte for byte,
//! as cutting with `tokenize` and folding each span (tested here on random mixed text).

use super::tokenize::{
    classify, fold_plain_arabic, is_number_separator, is_plain_arabic_letter, push_key_general,
    Class,
};

/// `classify` of each ASCII character, looked up instead of matched.
const ASCII: [Class; 128] = ascii_classes();

const fn ascii_classes() -> [Class; 128] {
    let mut table = [Class::Space; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~' => Class::Symbol,
            b'!'..=b'/' | b':'..=b'@' | b'['..=b'`' | b'{'..=b'~' => Class::Punct,
            _ => Class::Space,
        };
        b += 1;
    }
    table
}

/// One character of the text: itself, its length in bytes, its class, and whether its key
/// is a plain one-to-one fold (ASCII, plain Arabic letter: see `tokenize::push_key`).
#[derive(Clone, Copy)]
struct At {
    c: char,
    len: usize,
    class: Class,
    plain: bool,
}

/// The character starting at byte `i` of `text` (`i` is on a character boundary).
#[inline]
fn at(text: &str, i: usize) -> At {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return At {
            c: char::from(b),
            len: 1,
            class: ASCII[usize::from(b)],
            plain: true,
        };
    }
    // U+0600–U+067F: two bytes, lead D8 or D9 (the text is UTF-8, so the second is there).
    if (b == 0xD8 || b == 0xD9) && i + 1 < bytes.len() {
        let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        if let Some(c) = char::from_u32(code) {
            if is_plain_arabic_letter(c) {
                return At {
                    c,
                    len: 2,
                    class: Class::Letter,
                    plain: true,
                };
            }
            return At {
                c,
                len: 2,
                class: classify(c),
                plain: false,
            };
        }
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    At {
        c,
        len: c.len_utf8(),
        class: classify(c),
        plain: false,
    }
}

/// Appends the key of a plain character (see [`At::plain`]).
#[inline]
fn push_plain(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.push(fold_plain_arabic(c));
    }
}

/// Appends each key token of `text` to `out`, one after the other, and calls
/// `f(out, start)` after each: the token is `out[start..]` (`f` may change `out`, e.g.
/// clear it). The tokens are those `tokenize` gives of kind word or number, the keys those
/// of `tokenize::push_key`: a span made only of plain characters is folded as it is read,
/// any other span is folded by the general path (NFC, then `fold_char`).
pub fn append_key_tokens(text: &str, out: &mut String, mut f: impl FnMut(&mut String, usize)) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        let first = at(text, i);
        let start = i;
        i += first.len;
        if !matches!(first.class, Class::Letter | Class::Digit) {
            // Spaces, joiners and marks before a word, punctuation and symbols: not keys.
            continue;
        }
        let key_start = out.len();
        let mut plain = first.plain;
        if plain {
            push_plain(first.c, out);
        }
        let mut all_digits = first.class == Class::Digit;
        while i < n {
            let next = at(text, i);
            match next.class {
                Class::Letter => all_digits = false,
                Class::Digit | Class::Joiner | Class::Mark => {}
                _ if all_digits && is_number_separator(next.c) => {
                    let after = i + next.len;
                    if after >= n || at(text, after).class != Class::Digit {
                        break;
                    }
                }
                _ => break,
            }
            if plain {
                if next.plain {
                    push_plain(next.c, out);
                } else {
                    plain = false;
                }
            }
            i += next.len;
        }
        if !plain {
            out.truncate(key_start);
            push_key_general(&text[start..i], out);
        }
        f(out, key_start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::{key_tokens, tokenize};
    use proptest::prelude::*;

    /// The keys as cut by `tokenize` (the span scanner) and folded by the general path.
    fn by_spans(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_scored())
            .map(|t| {
                let mut key = String::new();
                push_key_general(&text[t.start..t.end], &mut key);
                key
            })
            .collect()
    }

    #[test]
    fn ascii_table_is_classify() {
        for b in 0u8..128 {
            assert_eq!(ASCII[usize::from(b)], classify(char::from(b)), "{b:#x}");
        }
    }

    #[test]
    fn two_byte_arabic_decodes_as_chars_do() {
        for code in 0x0600u32..0x0680 {
            let c = char::from_u32(code).unwrap();
            let s = c.to_string();
            let got = at(&s, 0);
            assert_eq!((got.c, got.len, got.class), (c, 2, classify(c)));
            assert_eq!(got.plain, is_plain_arabic_letter(c));
        }
    }

    #[test]
    fn tokens_and_keys_as_the_span_scanner_gives_them() {
        let texts = [
            "",
            "   ",
            "قالَ الكاظمي لـ INA: «نعم» ٣٫٥ مليار و١٬٠٠٠ في 31/12/2021",
            "Al-Kadhimi’s visit, F16 and 3rd COVID-19 — $5 + 10% ÉCOLE Straße",
            "\u{FEFB} ﻻ مُصْطَفَى\u{200C}ي الـكاظمي آمن إسلام \u{0671}لله ۲۰۲۱ \u{06A9}تاب",
            "ا\u{0653} ي\u{0654} e\u{0301}cole ΑΘΗΝΑ İstanbul ǅ",
            "3.5. 1,000, 10:30: 4/ ٣٫ ٣٫٥٫ 2021.x",
            "\u{064E}بدأ \u{0640}\u{0640}x \u{FE70}\u{FE71} ab\u{200D}",
        ];
        for text in texts {
            assert_eq!(key_tokens(text), by_spans(text), "{text}");
        }
    }

    #[test]
    fn tokens_append_one_after_the_other() {
        let mut out = String::from("x");
        let mut ends = Vec::new();
        append_key_tokens("Al-Kadhimi قالَ", &mut out, |o, start| {
            ends.push((start, o.len()))
        });
        assert_eq!(out, "xalkadhimiقال");
        assert_eq!(ends, [(1, 3), (3, 10), (10, 16)]);
    }

    /// Characters that make keying interesting: ASCII letters, digits, separators and
    /// spaces; Arabic letters, harakat, tatweel, Quranic marks, superscript alef, Arabic-Indic
    /// and Eastern digits and separators, presentation forms; zero-width and bidi controls;
    /// Latin with combining accents, Greek, Turkish dotted I, CJK; and any character at all.
    fn interesting() -> impl Strategy<Value = char> {
        let ranges: Vec<(u32, u32)> = vec![
            (0x20, 0x7E),
            (0x09, 0x0D),
            (0x0600, 0x06FF),
            (0x0621, 0x064A),
            (0x064B, 0x065F),
            (0x0660, 0x066D),
            (0x06F0, 0x06F9),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
            (0x200B, 0x200F),
            (0x202A, 0x202E),
            (0x2066, 0x2069),
            (0x2010, 0x2033),
            (0x0300, 0x036F),
            (0x00C0, 0x024F),
            (0x0391, 0x03C9),
            (0x4E00, 0x4E20),
        ];
        prop_oneof![
            4 => proptest::sample::select(ranges).prop_flat_map(|(a, b)| {
                (a..=b).prop_map(|c| char::from_u32(c).unwrap_or(' '))
            }),
            1 => any::<char>(),
            1 => proptest::sample::select(vec![
                '\u{0640}', '\u{0670}', '\u{0130}', '\u{01C5}', '\u{FEFF}', '\u{061C}',
                '\u{066B}', '\u{066C}', '.', ',', '/', ':', '٣', '5',
            ]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn one_pass_keys_equal_the_span_scanner(chars in proptest::collection::vec(interesting(), 0..40)) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(key_tokens(&text), by_spans(&text));
        }
    }
}
