//! Finding glossary terms in text with one automaton pass, whatever the glossary size.
//!
//! The text is tokenized (`text::tokenize`, byte offsets into the original) and its word
//! and number keys are written into one *key string*, each token framed as `\x01key\x02`;
//! sentence punctuation becomes a `\x03` barrier so no term spans it. Every glossary form is
//! framed the same way and compiled once into an Aho-Corasick automaton (leftmost-longest),
//! so a hit always starts and ends on token boundaries ("Baghdad" is not found in
//! "Baghdadi"). Hyphens, apostrophes and dots are not barriers: "Al-Kadhimi's" yields the
//! tokens al, kadhimi, s and the term covers "Al-Kadhimi", leaving the possessive outside.
//! Arabic tokens that are not glossary words lose their proclitics first (see `arabic`).

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
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
    arabic_words: HashSet<String>,
}

const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';
const BARRIER: char = '\u{3}';

impl Recognizer {
    pub fn new(glossary: Glossary) -> Recognizer {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<Candidate>> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut arabic_words = HashSet::new();
        for (i, entry) in glossary.entries.iter().enumerate() {
            for lang in Lang::BOTH {
                for (status, form) in entry.forms(lang).all() {
                    let keys = key_tokens(form);
                    if keys.is_empty() {
                        continue;
                    }
                    if lang == Lang::Ar {
                        arabic_words.extend(keys.iter().filter(|k| is_arabic_key(k)).cloned());
                    }
                    let framed = frame(&keys);
                    let id = *by_key.entry(framed.clone()).or_insert_with(|| {
                        texts.push(framed);
                        patterns.push(Vec::new());
                        patterns.len() - 1
                    });
                    patterns[id].push(Candidate {
                        entry: i,
                        lang,
                        status,
                        form: form.to_string(),
                    });
                }
            }
        }
        let automaton = (!texts.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&texts)
                .expect("glossary patterns fit the automaton")
        });
        Recognizer {
            glossary,
            automaton,
            patterns,
            arabic_words,
        }
    }

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
        let keyed = self.key_string(text, tokens);
        let mut out = Vec::new();
        for m in ac.find_iter(&keyed.string) {
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

    fn key_string(&self, text: &str, tokens: &[Token]) -> KeyString {
        let mut ks = KeyString::default();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Punct && is_barrier(&t.key) {
                ks.string.push(BARRIER);
            }
            ks.stems.push(t.start);
            if !t.kind.is_scored() {
                continue;
            }
            ks.starts.push((ks.string.len(), i));
            ks.string.push(OPEN);
            match self.arabic_stem(&t.key) {
                Some((stem, letters)) => {
                    ks.string.push_str(&stem);
                    ks.stems[i] = t.start + offset_after_letters(&text[t.start..t.end], letters);
                }
                None => ks.string.push_str(&t.key),
            }
            ks.string.push(CLOSE);
        }
        ks
    }

    fn arabic_stem(&self, key: &str) -> Option<(String, usize)> {
        if !is_arabic_key(key) || self.arabic_words.contains(key) {
            return None;
        }
        strip_proclitic(key, |s| self.arabic_words.contains(s))
    }
}

#[derive(Default)]
struct KeyString {
    string: String,
    /// (offset in `string`, token index) of every framed token, ascending.
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

fn frame(keys: &[String]) -> String {
    let mut s = String::new();
    for k in keys {
        s.push(OPEN);
        s.push_str(k);
        s.push(CLOSE);
    }
    s
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
}
