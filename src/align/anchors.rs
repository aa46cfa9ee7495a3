//! Lexical anchors of sentences: the pieces of a sentence that survive translation.
//!
//! Each sentence becomes a list of [`Item`]s, each with one or more interned keys and a
//! weight; a source item and a target item match when they share a key. Keys come from
//! numbers after digit normalization (`n:`), calendar words (`m:`), identical tokens and
//! cognates (`w:`, `c:` — what makes German–French work), name skeletons across scripts
//! (`s:`), lexicon entries (`x:`) and pluggable sources such as a glossary (`g:`), plus a
//! few punctuation marks (`p:`).

use crate::text::{tokenize, TokenKind};

use super::lexicon::{AnchorSource, Lexicon};
use super::translit::{arabic_skeleton, coarse, deletion_keys, latin_skeleton};
use super::words::{calendar_keys, is_arabic_letter, number_keys, stem, strip_proclitic};
use rustc_hash::FxHashMap as FxMap;

/// Base weights of the anchor kinds (in cost units, before rarity scaling).
pub const W_NUMBER: f32 = 2.5;
pub const W_CALENDAR: f32 = 2.0;
pub const W_WORD: f32 = 1.6;
pub const W_NAME: f32 = 1.5;
pub const W_LEXICON: f32 = 1.5;
pub const W_GLOSSARY: f32 = 2.5;
pub const W_PUNCT: f32 = 1.0;

#[derive(Debug, Clone)]
pub struct Item {
    pub keys: Vec<u32>,
    pub weight: f32,
    /// Numbers and calendar words: they almost always survive translation.
    pub strong: bool,
}

/// Interns key strings to small integers.
#[derive(Default)]
pub struct Interner {
    ids: FxMap<String, u32>,
}

impl Interner {
    pub fn id(&mut self, key: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// What the extractor can use besides the text itself.
pub struct Sources<'a> {
    pub lexicons: Vec<&'a Lexicon>,
    pub anchors: Option<&'a dyn AnchorSource>,
}

/// The anchor items of one sentence. `source_side` selects the lexicon direction.
pub fn sentence_items(
    text: &str,
    source_side: bool,
    sources: &Sources<'_>,
    interner: &mut Interner,
) -> Vec<Item> {
    let tokens = tokenize(text);
    let mut items = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for t in &tokens {
        match t.kind {
            TokenKind::Number => {
                for n in number_keys(&t.key) {
                    push(&mut items, interner, vec![format!("n:{n}")], W_NUMBER);
                }
            }
            TokenKind::Word => {
                words.push(&t.key);
                word_items(text, t, source_side, sources, interner, &mut items);
            }
            TokenKind::Punct => punct_item(&t.key, interner, &mut items),
            TokenKind::Symbol => {}
        }
    }
    for k in calendar_keys(&words) {
        push(&mut items, interner, vec![format!("m:{k}")], W_CALENDAR);
    }
    if let Some(src) = sources.anchors {
        for k in src.keys(text, source_side) {
            push(&mut items, interner, vec![format!("g:{k}")], W_GLOSSARY);
        }
    }
    items
}

fn push(items: &mut Vec<Item>, interner: &mut Interner, keys: Vec<String>, weight: f32) {
    let strong = keys
        .iter()
        .all(|k| k.starts_with("n:") || k.starts_with("m:"));
    let keys = keys.into_iter().map(|k| interner.id(k)).collect();
    items.push(Item {
        keys,
        weight,
        strong,
    });
}

fn punct_item(key: &str, interner: &mut Interner, items: &mut Vec<Item>) {
    let k = match key {
        "?" | "!" | ":" | ";" | "\"" => key,
        "(" | "[" => "(",
        _ => return,
    };
    push(items, interner, vec![format!("p:{k}")], W_PUNCT);
}

/// Items of one word token: digits inside words, identical/cognate keys for Latin words,
/// name skeletons, lexicon translations.
fn word_items(
    text: &str,
    t: &crate::text::Token,
    source_side: bool,
    sources: &Sources<'_>,
    interner: &mut Interner,
    items: &mut Vec<Item>,
) {
    let key = t.key.as_str();
    for n in number_keys(key) {
        push(items, interner, vec![format!("n:{n}")], W_NUMBER);
    }
    let arabic = key.chars().any(is_arabic_letter);
    let mut keys = Vec::new();
    let mut weight = 0.0f32;
    if arabic {
        let len = key.chars().count();
        if len >= 3 {
            let bare = strip_proclitic(key).unwrap_or(key);
            for w in [key, bare] {
                keys.extend(skeleton_keys(&arabic_skeleton(w)));
            }
            if !keys.is_empty() {
                weight = W_NAME;
            }
        }
    } else if key.chars().count() >= 2 && key.chars().any(char::is_alphabetic) {
        keys.push(format!("w:{key}"));
        let bare = strip_accents(key);
        // Only for words longer than the prefix: a four-letter word's prefix is the word
        // itself (already a `w:` key), and four-letter prefix matches ("mais"/"main") are noise.
        let letters = bare.chars().count();
        if letters > COGNATE_PREFIX {
            keys.push(format!(
                "c:{}",
                bare.chars().take(COGNATE_PREFIX).collect::<String>()
            ));
        }
        // A long word's ending as well: compounds keep their head last (Gipfelpyramide /
        // pyramide) and cognates often differ only in their first letters (Konzentration /
        // concentration, an OCR slip at the start of a name).
        if letters >= 2 * COGNATE_PREFIX {
            let ending: String = bare.chars().skip(letters - COGNATE_PREFIX).collect();
            keys.push(format!("e:{}", ending.to_lowercase()));
        }
        weight = W_WORD;
        let original = &text[t.start..t.end];
        if original.starts_with(char::is_uppercase) {
            let skel = skeleton_keys(&latin_skeleton(original));
            if !skel.is_empty() {
                keys.extend(skel);
                weight = W_NAME;
            }
        }
    }
    if !sources.lexicons.is_empty() {
        lexicon_keys(&sources.lexicons, key, source_side, &mut keys, &mut weight);
    }
    if !keys.is_empty() {
        keys.sort();
        keys.dedup();
        push(items, interner, keys, weight);
    }
}

/// Letters shared by cognates: "expédition" and "Expedition" share "expe"; words of at least
/// twice as many letters also match on their last letters.
const COGNATE_PREFIX: usize = 4;

/// A Latin word without its accents (NFD, combining marks dropped), for cognate keys.
fn strip_accents(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !matches!(c, '\u{0300}'..='\u{036F}'))
        .collect()
}

/// `s:` keys of a skeleton: none below two classes, exact up to three, one edit from four.
fn skeleton_keys(skeleton: &str) -> Vec<String> {
    match skeleton.len() {
        0 | 1 => Vec::new(),
        2 => vec![format!("s:{skeleton}")],
        3 => vec![format!("s:{skeleton}"), format!("s:~{}", coarse(skeleton))],
        _ => deletion_keys(skeleton)
            .into_iter()
            .map(|k| format!("s:{k}"))
            .collect(),
    }
}

fn lexicon_keys(
    lexicons: &[&Lexicon],
    key: &str,
    source_side: bool,
    keys: &mut Vec<String>,
    w: &mut f32,
) {
    let st = stem(key);
    if source_side {
        for (t, strength) in lexicons.iter().flat_map(|lex| lex.lookup(&st)) {
            keys.push(format!("x:{t}"));
            *w = w.max(W_LEXICON * strength);
        }
    } else {
        keys.push(format!("x:{st}"));
        *w = w.max(W_LEXICON);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares_key(a: &str, b: &str) -> bool {
        let sources = Sources {
            lexicons: Vec::new(),
            anchors: None,
        };
        let mut interner = Interner::default();
        let keys = |text: &str, side: bool, interner: &mut Interner| -> Vec<u32> {
            sentence_items(text, side, &sources, interner)
                .into_iter()
                .flat_map(|i| i.keys)
                .collect()
        };
        let ka = keys(a, true, &mut interner);
        let kb = keys(b, false, &mut interner);
        ka.iter().any(|k| kb.contains(k))
    }

    #[test]
    fn long_words_match_on_their_endings_short_ones_do_not() {
        assert!(shares_key("Gipfelpyramide", "pyramide"));
        assert!(shares_key("Konzentration", "concentration"));
        assert!(!shares_key("Gipfelpyramide", "pyramid"));
        // Seven letters are too few for an ending to count.
        assert!(!shares_key("Abreise", "chemise"));
    }
}
