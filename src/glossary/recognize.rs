//! Finding glossary terms in text in one pass, whatever the glossary size.
//!
//! The text is tokenized (`text::tokenize`, byte offsets into the original) and each token
//! becomes one *slot*: the id of its key when that key is a word of the glossary, else a
//! break; sentence punctuation adds a break too, so no term spans it. Every glossary form
//! is encoded the same way (its words' ids) and inserted once into a trie over word ids;
//! the text is scanned leftmost-longest (at each slot the longest form starting there, then
//! on after it), so a hit always starts and ends on token boundaries ("Baghdad" is not
//! found in "Baghdadi"). A trie over whole words is cheap to build (one hash insert per word
//! of a form) and to search (most tokens fail at the first lookup), where a byte automaton
//! over the same codes cost more to build than the whole check. Hyphens, apostrophes and
//! dots are not barriers: "Al-Kadhimi's" yields the tokens al, kadhimi, s and the term
//! covers "Al-Kadhimi", leaving the possessive outside.
//! Arabic tokens that are not glossary words lose their proclitics first (see `arabic`).

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
    automaton: Option<WordTrie>,
    patterns: Vec<Vec<Candidate>>,
    /// Every word key of every form, with its id.
    words: WordMap<String, u32>,
}

/// The slot of a token that is no glossary word, or of a barrier: no form goes through it.
const BREAK: u32 = u32::MAX;

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

    /// Assembles a recognizer from a glossary and its compiled trie (compiled on a
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

/// The trie of a glossary's forms and what its patterns stand for.
pub struct Compiled {
    automaton: Option<WordTrie>,
    patterns: Vec<Vec<Candidate>>,
    words: WordMap<String, u32>,
}

impl Compiled {
    pub fn new(glossary: &Glossary) -> Compiled {
        let (words, forms) = encode_forms(glossary);
        Compiled::build(words, forms)
    }

    /// The trie of only those forms whose every word occurs in one of `texts` (as the
    /// recognizer keys it: whole, or after an Arabic proclitic). Other forms cannot match
    /// there, and the word list (which decides the keying) stays the whole glossary's, so
    /// finding terms in `texts` gives exactly what [`Compiled::new`] gives. `suggest` uses
    /// it: compiling a 10,000-entry glossary costs about 0.1 s, a query's handful of forms
    /// almost nothing.
    pub fn for_texts(glossary: &Glossary, texts: &[&str]) -> Compiled {
        let (words, mut forms) = encode_forms(glossary);
        let mut present: rustc_hash::FxHashSet<u32> = rustc_hash::FxHashSet::default();
        let keyed: Vec<KeyString> = texts
            .iter()
            .map(|t| key_string(&words, t, &tokenize(t)))
            .collect();
        for ks in &keyed {
            present.extend(ks.slots.iter().filter(|&&id| id != BREAK));
        }
        forms.retain(|(code, ..)| code.iter().all(|id| present.contains(id)));
        Compiled::build(words, forms)
    }

    fn build(words: WordMap<String, u32>, forms: Vec<EncodedForm<'_>>) -> Compiled {
        let mut trie = WordTrie::default();
        let mut patterns: Vec<Vec<Candidate>> = Vec::new();
        for (code, entry, lang, status, form) in forms {
            let id = trie.insert(&code, patterns.len() as u32) as usize;
            if id == patterns.len() {
                patterns.push(Vec::new());
            }
            patterns[id].push(Candidate {
                entry,
                lang,
                status,
                form: form.to_string(),
            });
        }
        Compiled {
            automaton: (!patterns.is_empty()).then_some(trie),
            patterns,
            words,
        }
    }
}

/// A form's code (the ids of its words) and what it stands for: entry, language,
/// status and the form itself (borrowed, so forms filtered out cost no copy).
type EncodedForm<'g> = (Vec<u32>, usize, Lang, TermStatus, &'g str);

/// Every word of every form of `glossary` numbered, and each form as its code (the ids of
/// its words) with what it stands for, in glossary order.
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
                let mut code = Vec::with_capacity(keys.len());
                for k in keys {
                    let next = words.len() as u32;
                    code.push(*words.entry(k).or_insert(next));
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
        let Some(trie) = &self.automaton else {
            return Vec::new();
        };
        let keyed = key_string(&self.words, text, tokens);
        let mut out = Vec::new();
        let mut at = 0;
        while at < keyed.slots.len() {
            let Some((pattern, len)) = trie.longest_at(&keyed.slots[at..]) else {
                at += 1;
                continue;
            };
            let (first, last) = (keyed.tokens[at], keyed.tokens[at + len - 1]);
            let (start, end) = (tokens[first].start, tokens[last].end);
            let stem_start = keyed.stems[first];
            if let Some(hit) = self.resolve(text, start, stem_start, end, pattern as usize) {
                out.push(hit);
            }
            at += len;
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

/// The slots of a text (see the module docs): glossary words as their ids, other tokens
/// and sentence punctuation as breaks.
fn key_string(words: &WordMap<String, u32>, text: &str, tokens: &[Token]) -> KeyString {
    let mut ks = KeyString::default();
    ks.slots.reserve(tokens.len());
    ks.tokens.reserve(tokens.len());
    ks.stems.reserve(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Punct && is_barrier(&t.key) {
            ks.slots.push(BREAK);
            ks.tokens.push(i);
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
        ks.slots.push(id.unwrap_or(BREAK));
        ks.tokens.push(i);
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
    /// Per scored token (and barrier): its word id, or [`BREAK`].
    slots: Vec<u32>,
    /// Per slot: the token it stands for.
    tokens: Vec<usize>,
    /// Per token: byte where its stem starts in the text.
    stems: Vec<usize>,
}

/// The forms of a glossary as a trie over word ids: an edge is one hash entry keyed by
/// (node, word), so building costs one insert per word of a form.
#[derive(Default)]
struct WordTrie {
    edges: WordMap<(u32, u32), u32>,
    /// Per node (the root is 0): the pattern ending there, or [`BREAK`].
    ends: Vec<u32>,
}

impl WordTrie {
    /// Adds the form `code` as pattern `next` unless the same code is there already;
    /// returns the pattern the code stands for.
    fn insert(&mut self, code: &[u32], next: u32) -> u32 {
        if self.ends.is_empty() {
            self.ends.push(BREAK);
        }
        let mut node = 0;
        for &word in code {
            let fresh = self.ends.len() as u32;
            node = *self.edges.entry((node, word)).or_insert(fresh);
            if node == fresh {
                self.ends.push(BREAK);
            }
        }
        let end = &mut self.ends[node as usize];
        if *end == BREAK {
            *end = next;
        }
        *end
    }

    /// The longest form that `slots` begins with: its pattern and length in slots.
    fn longest_at(&self, slots: &[u32]) -> Option<(u32, usize)> {
        let mut node = 0;
        let mut best = None;
        for (i, &word) in slots.iter().enumerate() {
            if word == BREAK {
                break;
            }
            match self.edges.get(&(node, word)) {
                Some(&next) => node = next,
                None => break,
            }
            if self.ends[node as usize] != BREAK {
                best = Some((self.ends[node as usize], i + 1));
            }
        }
        best
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

    /// Leftmost-longest over words: the earliest start wins, then the longest form from
    /// there; a longer form that breaks off midway falls back to the shorter one it holds,
    /// and the scan goes on after the hit (no overlapping hits).
    #[test]
    fn the_earliest_then_longest_form_wins_and_hits_do_not_overlap() {
        let entry = |en: &str| {
            let mut e = Entry::new(EntryType::Term);
            e.en.preferred = Some(en.into());
            e
        };
        let r = Recognizer::new(Glossary::new(vec![
            entry("joint operations command"),
            entry("joint operations"),
            entry("operations command centre"),
            entry("command"),
        ]));
        let hits = |text: &str| -> Vec<String> {
            r.find(text)
                .into_iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        assert_eq!(
            hits("the joint operations command centre"),
            ["joint operations command"]
        );
        assert_eq!(
            hits("joint operations centre command"),
            ["joint operations", "command"]
        );
        assert_eq!(
            hits("operations command centre"),
            ["operations command centre"]
        );
        assert_eq!(hits("operations command"), ["command"]);
        assert_eq!(hits("joint, operations command"), ["command"]);
        assert!(hits("joint centre").is_empty());
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
