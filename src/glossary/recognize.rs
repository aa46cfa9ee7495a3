//! Finding glossary terms in text with one automaton pass, whatever the glossary size.
//!
//! The text is tokenized (`text::tokenize`, byte offsets into the original) and its word
//! and number keys are written into one *key string*: a token whose key is a word of the
//! glossary becomes its 3-byte id (first byte ≥ 0x80, the others < 0x80, so an id can only
//! start where a token starts), any other token one 0x00 byte, and sentence punctuation a
//! 0x01 barrier so no term spans it. Every glossary form is encoded the same way and compiled
//! once into an Aho-Corasick automaton (leftmost-longest), so a hit always starts and ends on
//! token boundaries ("Baghdad" is not found in "Baghdadi") and the automaton stays small. Hyphens, apostrophes and dots are not barriers: "Al-Kadhimi's" yields the
//! tokens al, kadhimi, s and the term covers "Al-Kadhimi", leaving the possessive outside.
//! Arabic tokens that are not glossary words lose their proclitics first (see `arabic`).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Serialize;

use super::arabic::{is_arabic_key, offset_after_letters, strip_proclitic};
use super::model::{Entry, Glossary, Lang, TermStatus};
use crate::text::{key_tokens, tokenize, Token, TokenKind};

/// One form of one entry that a pattern stands for.
#[derive(Debug, Clone)]
struct Candidate {
    entry: usize,
    lang: Lang,
    status: TermStatus,
    form: String,
}

/// A glossary term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    /// Byte span in the text, clitics included.
    pub start: usize,
    pub end: usize,
    /// Where the term itself starts (after an Arabic proclitic such as و or ب).
    pub stem_start: usize,
    /// Index of the entry in [`Recognizer::glossary`].
    pub entry: usize,
    pub lang: Lang,
    pub status: TermStatus,
    /// The glossary form that matched.
    pub form: String,
    /// Whether the same text is listed in more than one entry.
    pub ambiguous: bool,
}

/// The glossary compiled for recognition; build once, use for many texts.
pub struct Recognizer {
    glossary: Glossary,
    automaton: Option<AhoCorasick>,
    patterns: Vec<Vec<Candidate>>,
    /// Every word key of every form, with its id.
    words: WordMap<String, u32>,
}

const UNKNOWN: u8 = 0x00;
/// Distinct glossary words a 3-byte code can number.
const MAX_WORDS: usize = 1 << 21;
const BARRIER: u8 = 0x01;

/// The 3-byte code of word id `id` (up to 2^21 distinct glossary words).
fn encode(id: u32, out: &mut Vec<u8>) {
    out.push(0x80 | ((id >> 14) & 0x7F) as u8);
    out.push(((id >> 7) & 0x7F) as u8);
    out.push((id & 0x7F) as u8);
}

/// A fast hash for the short keys looked up once per token.
type WordMap<K, V> = rustc_hash::FxHashMap<K, V>;

impl Recognizer {
    pub fn new(glossary: Glossary) -> Recognizer {
        let compiled = Compiled::new(&glossary);
        Recognizer::from_compiled(glossary, compiled)
    }

    /// A recognizer for `texts` only (see [`Compiled::for_texts`]): on those texts it finds
    /// exactly what [`Recognizer::new`] finds, at a fraction of the cost for a few queries.
    pub fn for_texts(glossary: Glossary, texts: &[&str]) -> Recognizer {
        let compiled = Compiled::for_texts(&glossary, texts);
        Recognizer::from_compiled(glossary, compiled)
    }

    /// Assembles a recognizer from a glossary and its compiled automaton (compiled on a
    /// borrow, so that a caller can compile other things from the same glossary alongside).
    pub fn from_compiled(glossary: Glossary, compiled: Compiled) -> Recognizer {
        let Compiled {
            automaton,
            patterns,
            words,
        } = compiled;
        Recognizer {
            glossary,
            automaton,
            patterns,
            words,
        }
    }
}

/// The automaton of a glossary and what its patterns stand for.
pub struct Compiled {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Vec<Candidate>>,
    words: WordMap<String, u32>,
}

impl Compiled {
    pub fn new(glossary: &Glossary) -> Compiled {
        let (words, forms) = encode_forms(glossary);
        Compiled::build(words, forms)
    }

    /// The automaton of only those forms whose every word occurs in one of `texts` (as the
    /// recognizer keys it: whole, or after an Arabic proclitic). Other forms cannot match
    /// there, and the word list (which decides the keying) stays the whole glossary's, so
    /// finding terms in `texts` gives exactly what [`Compiled::new`] gives. `suggest` uses
    /// it: compiling a 10,000-entry glossary costs about 0.1 s, a query's handful of forms
    /// almost nothing.
    pub fn for_texts(glossary: &Glossary, texts: &[&str]) -> Compiled {
        let (words, mut forms) = encode_forms(glossary);
        let mut present: rustc_hash::FxHashSet<&[u8]> = rustc_hash::FxHashSet::default();
        let keyed: Vec<KeyString> = texts
            .iter()
            .map(|t| key_string(&words, t, &tokenize(t)))
            .collect();
        for ks in &keyed {
            for &(at, _) in &ks.starts {
                present.insert(&ks.bytes[at..at + 3]);
            }
        }
        forms.retain(|(code, ..)| code.chunks(3).all(|id| present.contains(id)));
        Compiled::build(words, forms)
    }

    fn build(words: WordMap<String, u32>, forms: Vec<EncodedForm<'_>>) -> Compiled {
        let mut by_code: WordMap<Vec<u8>, usize> = WordMap::default();
        let mut patterns: Vec<Vec<Candidate>> = Vec::new();
        let mut codes: Vec<Vec<u8>> = Vec::new();
        for (code, entry, lang, status, form) in forms {
            let id = *by_code.entry(code.clone()).or_insert_with(|| {
                codes.push(code);
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            patterns[id].push(Candidate {
                entry,
                lang,
                status,
                form: form.to_string(),
            });
        }
        let automaton = (!codes.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .dense_depth(0)
                .build(&codes)
                .expect("glossary patterns fit the automaton")
        });
        Compiled {
            automaton,
            patterns,
            words,
        }
    }
}

/// A form's code (the 3-byte ids of its words) and what it stands for: entry, language,
/// status and the form itself (borrowed, so forms filtered out cost no copy).
type EncodedForm<'g> = (Vec<u8>, usize, Lang, TermStatus, &'g str);

/// Every word of every form of `glossary` numbered, and each form as its code (the 3-byte
/// ids of its words) with what it stands for, in glossary order.
fn encode_forms(glossary: &Glossary) -> (WordMap<String, u32>, Vec<EncodedForm<'_>>) {
    let mut words: WordMap<String, u32> = WordMap::default();
    let mut forms = Vec::new();
    for (i, entry) in glossary.entries.iter().enumerate() {
        for lang in Lang::BOTH {
            for (status, form) in entry.forms(lang).all() {
                let keys = key_tokens(form);
                if keys.is_empty() {
                    continue;
                }
                if words.len() + keys.len() > MAX_WORDS {
                    continue; // beyond 2^21 distinct words: not representable
                }
                let mut code = Vec::with_capacity(keys.len() * 3);
                for k in keys {
                    let next = words.len() as u32;
                    encode(*words.entry(k).or_insert(next), &mut code);
                }
                forms.push((code, i, lang, status, form));
            }
        }
    }
    (words, forms)
}

impl Recognizer {
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    pub fn entry(&self, index: usize) -> &Entry {
        &self.glossary.entries[index]
    }

    /// All terms in `text`, left to right, not overlapping.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        self.find_in_tokens(text, &tokenize(text))
    }

    /// Like [`find`](Self::find) for a text already tokenized.
    pub fn find_in_tokens(&self, text: &str, tokens: &[Token]) -> Vec<TermMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let keyed = key_string(&self.words, text, tokens);
        let mut out = Vec::new();
        for m in ac.find_iter(&keyed.bytes) {
            let first = keyed.token_at(m.start());
            let last = keyed.token_at(m.end() - 1);
            let (start, end) = (tokens[first].start, tokens[last].end);
            let stem_start = keyed.stems[first];
            if let Some(hit) = self.resolve(text, start, stem_start, end, m.pattern().as_usize()) {
                out.push(hit);
            }
        }
        out
    }

    fn resolve(
        &self,
        text: &str,
        start: usize,
        stem: usize,
        end: usize,
        pattern: usize,
    ) -> Option<TermMatch> {
        let surface = &text[stem..end];
        let candidates = &self.patterns[pattern];
        let needs_case = candidates
            .iter()
            .any(|c| self.glossary.entries[c.entry].case_sensitive);
        let sentence_start = needs_case && is_sentence_start(text, start);
        // Case only matters in a script that has it.
        let fits = |c: &&Candidate| {
            c.lang == Lang::Ar
                || !self.glossary.entries[c.entry].case_sensitive
                || same_case(surface, &c.form, sentence_start)
        };
        let best = candidates.iter().find(fits)?;
        let ambiguous = candidates
            .iter()
            .filter(fits)
            .any(|c| c.entry != best.entry);
        Some(TermMatch {
            start,
            end,
            stem_start: stem,
            entry: best.entry,
            lang: best.lang,
            status: best.status,
            form: best.form.clone(),
            ambiguous,
        })
    }
}

/// The key string of a text (see the module docs): glossary words as their ids, other
/// tokens as one unknown byte, sentence punctuation as a barrier.
fn key_string(words: &WordMap<String, u32>, text: &str, tokens: &[Token]) -> KeyString {
    let mut ks = KeyString::default();
    ks.bytes.reserve(tokens.len() * 2);
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Punct && is_barrier(&t.key) {
            ks.bytes.push(BARRIER);
        }
        ks.stems.push(t.start);
        if !t.kind.is_scored() {
            continue;
        }
        let id = match words.get(t.key.as_str()) {
            Some(&id) => Some(id),
            None => arabic_stem(words, &t.key).map(|(id, letters)| {
                ks.stems[i] = t.start + offset_after_letters(&text[t.start..t.end], letters);
                id
            }),
        };
        match id {
            Some(id) => {
                ks.starts.push((ks.bytes.len(), i));
                encode(id, &mut ks.bytes);
            }
            None => ks.bytes.push(UNKNOWN),
        }
    }
    ks
}

/// The id of the glossary word an Arabic token is once its proclitics are removed.
fn arabic_stem(words: &WordMap<String, u32>, key: &str) -> Option<(u32, usize)> {
    if !is_arabic_key(key) {
        return None;
    }
    let (stem, letters) = strip_proclitic(key, |s| words.contains_key(s))?;
    Some((words[stem.as_str()], letters))
}

#[derive(Default)]
struct KeyString {
    bytes: Vec<u8>,
    /// (offset in `bytes`, token index) of every glossary-word token, ascending.
    starts: Vec<(usize, usize)>,
    /// Per token: byte where its stem starts in the text.
    stems: Vec<usize>,
}

impl KeyString {
    fn token_at(&self, offset: usize) -> usize {
        let i = self.starts.partition_point(|&(o, _)| o <= offset);
        self.starts[i.saturating_sub(1)].1
    }
}

fn is_barrier(key: &str) -> bool {
    !matches!(key, "-" | "'" | "." | "_" | "/" | "&")
}

/// Whether byte `at` of `text` begins a sentence: nothing but spaces, quotes or brackets
/// before it since the start of the text or a sentence terminator.
pub fn is_sentence_start(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[') {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | '؟' | ':' | '…');
    }
    true
}

fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphanumeric())
}

/// Whether `surface` has the letters of `form` in the same case; at a sentence start the
/// first letter may be capitalized.
fn same_case(surface: &str, form: &str, sentence_start: bool) -> bool {
    let mut a = letters(surface);
    let mut b = letters(form);
    let mut first = true;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y))
                if first && sentence_start && x.to_lowercase().eq(y.to_lowercase()) => {}
            _ => return false,
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::EntryType;

    fn recognizer() -> Recognizer {
        let mut kadhimi = Entry::new(EntryType::Person);
        kadhimi.en.preferred = Some("Mustafa Al-Kadhimi".into());
        kadhimi.en.admitted = vec!["Al-Kadhimi".into()];
        kadhimi.en.forbidden = vec!["Kazemi".into(), "al-Kadhimi".into()];
        kadhimi.ar.preferred = Some("مصطفى الكاظمي".into());
        kadhimi.ar.admitted = vec!["الكاظمي".into()];
        kadhimi.case_sensitive = true;
        let mut baghdad = Entry::new(EntryType::Place);
        baghdad.en.preferred = Some("Baghdad".into());
        baghdad.ar.preferred = Some("بغداد".into());
        Recognizer::new(Glossary::new(vec![kadhimi, baghdad]))
    }

    fn found(text: &str) -> Vec<(&str, TermStatus)> {
        recognizer()
            .find(text)
            .into_iter()
            .map(|m| (&text[m.stem_start..m.end], m.status))
            .collect()
    }

    #[test]
    fn arabic_terms_are_found_behind_clitics_and_diacritics() {
        use TermStatus::Admitted;
        let cases: &[(&str, &[(&str, TermStatus)])] = &[
            ("والكاظمي", &[("الكاظمي", Admitted)]),
            ("للكاظمي", &[("لكاظمي", Admitted)]),
            ("بالكاظمي", &[("الكاظمي", Admitted)]),
            ("فالكاظمي", &[("الكاظمي", Admitted)]),
            ("وَالكَاظِمِيّ", &[("الكَاظِمِيّ", Admitted)]),
            (
                "ببغداد وبغداد",
                &[
                    ("بغداد", TermStatus::Preferred),
                    ("بغداد", TermStatus::Preferred),
                ],
            ),
            ("الكاظميون", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), *expected, "{text}");
        }
    }

    #[test]
    fn english_terms_respect_word_boundaries_case_and_possessives() {
        use TermStatus::*;
        let cases: &[(&str, &[(&str, TermStatus)])] = &[
            ("Al-Kadhimi's office", &[("Al-Kadhimi", Admitted)]),
            (
                "Mustafa Al-Kadhimi said",
                &[("Mustafa Al-Kadhimi", Preferred)],
            ),
            ("then al-Kadhimi said", &[("al-Kadhimi", Forbidden)]),
            ("Kazemi’s visit", &[("Kazemi", Forbidden)]),
            ("Baghdadi and Baghdad.", &[("Baghdad", Preferred)]),
            ("AL-KADHIMI", &[]),
            ("Mustafa, Al-Kadhimi", &[("Al-Kadhimi", Admitted)]),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), *expected, "{text}");
        }
    }

    #[test]
    fn a_sentence_start_may_capitalize_a_case_sensitive_form() {
        assert!(same_case("Al-Kadhimi", "al-Kadhimi", true));
        assert!(!same_case("Al-Kadhimi", "al-Kadhimi", false));
        assert!(is_sentence_start("He left. Al", 9));
        assert!(!is_sentence_start("He left, Al", 9));
    }

    /// The seed glossary, plus a form holding a word with a proclitic (والكاظمي): that word
    /// keys the token whole, so the clitic-stripped الكاظمي must not be found in it, with or
    /// without filtering.
    fn seed_glossary() -> Glossary {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/glossaries/iraq-security.csv");
        let mut entries: Vec<Entry> = crate::glossary::files::read_glossary_file(path.as_ref())
            .unwrap()
            .into_iter()
            .map(|l| l.entry)
            .collect();
        let mut odd = Entry::new(EntryType::Term);
        odd.ar.preferred = Some("بيان والكاظمي".into());
        odd.en.preferred = Some("statement and Al-Kadhimi".into());
        entries.push(odd);
        Glossary::new(entries)
    }

    #[test]
    fn a_recognizer_for_given_texts_finds_exactly_what_the_whole_glossary_finds() {
        let glossary = seed_glossary();
        let whole = Recognizer::new(glossary.clone());
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/memories/sample");
        let mut texts: Vec<String> = ["2021-09-09-joc.ar.txt", "2021-09-09-joc.en.txt"]
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(format!("{sample}/{f}")).unwrap();
                text.lines().map(str::to_owned).collect::<Vec<_>>()
            })
            .collect();
        texts.push("والكاظمي وبغداد".into());
        let mut found = 0;
        for text in &texts {
            let only = Recognizer::for_texts(glossary.clone(), &[text.as_str()]);
            let expected = whole.find(text);
            assert_eq!(only.find(text), expected, "{text}");
            assert!(only.patterns.len() <= whole.patterns.len());
            found += expected.len();
        }
        assert!(found > 20, "the sample holds glossary terms ({found})");
        let few = Recognizer::for_texts(glossary, &["قال مصطفى الكاظمي"]);
        assert!(
            (1..10).contains(&few.patterns.len()),
            "{} patterns compiled for one short query",
            few.patterns.len()
        );
    }
}
