//! Unlisted spelling variants of transliterated Arabic names (field-notes §2).
//!
//! Words are folded into transliteration keys ([`crate::names::translit`]). Two keys are compared
//! with a weighted edit distance in which what transliteration really changes is cheap
//! (vowels a/e/i/u, the diphthong ay written i or e, d/z, g/j/k, θ/s/t/z, w/u) and everything
//! else costs a full edit — so "Kadhemi" and "Khafagy" are close to "Kadhimi" and "Khafaji"
//! while "Kadhim" (a different name: no -i) and "Hassan"/"Hussein" stay apart. The largest
//! distance still called a variant grows with the length of the key. Candidates come from
//! a hash of the consonant skeleton, never a scan.

use std::collections::{HashMap, HashSet};

use super::model::{Glossary, Lang};
pub use crate::names::distance::{distance, threshold};
pub use crate::names::translit::{
    compound, fold_forms, fold_name, skeleton, skeleton_keys, ARTICLES,
};
use crate::names::translit::{COMPOUND_HEADS, COMPOUND_TAILS};
use crate::text::{tokenize, Token, TokenKind};

/// Generic words of names of bodies and titles: never compared as name parts.
const GENERIC: &[&str] = &[
    "agency",
    "airbase",
    "ambassador",
    "army",
    "base",
    "central",
    "coalition",
    "command",
    "commander",
    "council",
    "forces",
    "general",
    "government",
    "international",
    "joint",
    "lieutenant",
    "major",
    "minister",
    "ministry",
    "news",
    "office",
    "operations",
    "prime",
    "region",
    "security",
    "special",
    "states",
    "united",
    "nations",
    "republic",
    "islamic",
    "state",
    "north",
    "south",
    "east",
    "west",
    "new",
    "city",
    "province",
    "governorate",
    "airport",
    "street",
    "bridge",
    "camp",
    "iraqi",
];

/// One word of a glossary name that variants are compared with.
#[derive(Debug, Clone)]
pub struct NamePart {
    pub entry: usize,
    /// Whether the glossary writes it with an article ("al-Khafaji").
    pub has_article: bool,
    /// The part as written in the glossary, article included ("Al-Kadhimi").
    pub display: String,
    folded: Vec<String>,
}

/// A word found to be an unlisted variant of a name part.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantHit {
    pub part: usize,
    pub distance: f32,
}

/// Name parts of the English forms of a glossary, indexed by skeleton.
#[derive(Debug, Default)]
pub struct VariantIndex {
    parts: Vec<NamePart>,
    by_skeleton: HashMap<String, Vec<usize>>,
    /// Keys of every word spelled as in some name part (never variants themselves).
    exact: HashSet<String>,
}

impl VariantIndex {
    /// Indexes the words of the preferred and admitted English forms of place and
    /// organization entries (people are compared as whole mentions: `crate::names`).
    pub fn new(glossary: &Glossary) -> VariantIndex {
        let mut index = VariantIndex::default();
        for (i, entry) in glossary.entries.iter().enumerate() {
            if !entry.kind.is_name() || entry.kind == super::model::EntryType::Person {
                continue;
            }
            for form in entry.forms(Lang::En).allowed() {
                for (display, stem) in name_parts(form) {
                    index.add(i, &display, &stem);
                }
                let tokens = tokenize(form);
                for span in compound_spans(form, &tokens) {
                    index.add(i, &form[span.start..span.end], &span.joined);
                }
            }
        }
        index
    }

    /// Adds one name word (`stem` without article) shown as `display`.
    pub fn add(&mut self, entry: usize, display: &str, stem: &str) {
        let forms = fold_forms(stem);
        self.exact.insert(stem.to_lowercase());
        // Parts are added entry by entry: only the last ones can be this entry's.
        let mut same_entry = self.parts.iter().rev().take_while(|p| p.entry == entry);
        if forms[0].len() < 3 || same_entry.any(|p| p.folded == forms) {
            return;
        }
        for f in &forms {
            for key in skeleton_keys(f) {
                let list = self.by_skeleton.entry(key).or_default();
                if list.last() != Some(&self.parts.len()) {
                    list.push(self.parts.len());
                }
            }
        }
        self.parts.push(NamePart {
            entry,
            has_article: display.len() > stem.len(),
            display: display.to_string(),
            folded: forms,
        });
    }

    pub fn part(&self, i: usize) -> &NamePart {
        &self.parts[i]
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether `word` (one word, no separate article) is an unlisted variant of a name
    /// part; the closest part wins. A word spelled exactly like a known part is never a
    /// variant. Joined articles ("Alkadhimi", "Elzein") are tried off on both sides.
    pub fn lookup(&self, word: &str) -> Option<VariantHit> {
        self.lookup_scaled(word, 1.0)
    }

    /// [`lookup`](Self::lookup) with every distance threshold multiplied by `scale`
    /// (for measuring the precision/recall trade-off).
    pub fn lookup_scaled(&self, word: &str, scale: f32) -> Option<VariantHit> {
        if self.exact.contains(&word.to_lowercase()) {
            return None;
        }
        let forms = fold_forms(word);
        let mut best: Option<VariantHit> = None;
        for form in &forms {
            let keys = skeleton_keys(form);
            for &candidate in keys.iter().flat_map(|k| self.by_skeleton.get(k)).flatten() {
                let part = &self.parts[candidate];
                for pf in &part.folded {
                    let d = distance(form, pf);
                    // A small margin: sums of costs such as 0.3 + 0.4 are not exact in f32.
                    let limit = threshold(form.len().min(pf.len())) * scale + 1e-4;
                    if d <= limit && best.as_ref().is_none_or(|b| d < b.distance) {
                        best = Some(VariantHit {
                            part: candidate,
                            distance: d,
                        });
                    }
                }
            }
        }
        best
    }
}

/// The name words of a form: (display with article, stem) for each capitalized word of four
/// letters or more that is not a generic word; "Mustafa Al-Kadhimi" → ("Mustafa", "Mustafa"),
/// ("Al-Kadhimi", "Kadhimi").
pub fn name_parts(form: &str) -> Vec<(String, String)> {
    let tokens: Vec<_> = tokenize(form)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .collect();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let word = &form[t.start..t.end];
        if !is_name_word(word) {
            continue;
        }
        let display_start = match i.checked_sub(1).map(|p| &tokens[p]) {
            Some(prev)
                if ARTICLES.contains(&prev.key.as_str()) && form[prev.end..t.start].len() <= 1 =>
            {
                prev.start
            }
            _ => t.start,
        };
        out.push((form[display_start..t.end].to_string(), word.to_string()));
    }
    out
}

/// A compound name written as several words in a text: "Abd al-Rahman", "bin Laden",
/// "Nasr al-Din".
#[derive(Debug, Clone, PartialEq)]
pub struct CompoundSpan {
    /// Indexes of its first and last tokens.
    pub first: usize,
    pub last: usize,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The words joined by hyphens, as [`compound`] gives them.
    pub joined: String,
}

/// The compound names of a tokenized text: a head (Abd, Abu, bin ...) or a capitalized word
/// before a tail (Allah, Din ...), an optional article between, words separated by one space
/// or hyphen at most.
pub fn compound_spans(text: &str, tokens: &[Token]) -> Vec<CompoundSpan> {
    let words: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].kind == TokenKind::Word)
        .collect();
    let joins = |a: usize, b: usize| {
        let gap = &text[tokens[a].end..tokens[b].start];
        gap.is_empty() || gap == " " || gap == "-"
    };
    let capitalized = |i: usize| text[tokens[i].start..].starts_with(char::is_uppercase);
    let mut out = Vec::new();
    let mut k = 0;
    while k + 1 < words.len() {
        let (head, mut j) = (words[k], k + 1);
        if ARTICLES.contains(&tokens[words[j]].key.as_str()) && j + 1 < words.len() {
            j += 1;
        }
        let last = words[j];
        let linked = (k..j).all(|m| joins(words[m], words[m + 1]));
        let is_compound = linked
            && ((COMPOUND_HEADS.contains(&tokens[head].key.as_str()) && capitalized(last))
                || (capitalized(head) && COMPOUND_TAILS.contains(&tokens[last].key.as_str())));
        let parts: Vec<&str> = words[k..=j]
            .iter()
            .map(|&w| &text[tokens[w].start..tokens[w].end])
            .collect();
        match compound(&parts).filter(|_| is_compound) {
            Some(joined) => {
                out.push(CompoundSpan {
                    first: head,
                    last,
                    start: tokens[head].start,
                    end: tokens[last].end,
                    joined,
                });
                k = j + 1;
            }
            None => k += 1,
        }
    }
    out
}

/// A capitalized word of letters, four or more, not all capitals, not a generic word.
pub fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    first_upper
        && word.chars().count() >= 4
        && word.chars().all(|c| c.is_alphabetic())
        && word.chars().any(|c| c.is_lowercase())
        && !GENERIC.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_merges_transliteration_digraphs() {
        let cases = [
            ("Kadhimi", "kazimi"),
            ("Khafaji", "xafaji"),
            ("Khafagy", "xafagi"),
            ("Mohammed", "muhamed"),
            ("Hussein", "husayn"),
            ("Fatimah", "fatima"),
            ("Tahseen", "tahsin"),
            ("Osama", "usama"),
        ];
        for (word, key) in cases {
            assert_eq!(fold_name(word), key, "{word}");
        }
    }

    #[test]
    fn real_variants_are_close_and_other_names_are_not() {
        let close = [
            ("Kadhimi", "Kadhemi"),
            ("Kadhimi", "Kazimi"),
            ("Khafaji", "Khafagy"),
            ("Khafaji", "Khufaji"),
            ("Tahsin", "Tehseen"),
            ("Muhammad", "Mohamed"),
        ];
        for (a, b) in close {
            let d = distance(&fold_name(a), &fold_name(b));
            assert!(d <= threshold(6), "{a} ~ {b}: {d}");
        }
        let apart = [
            ("Kadhimi", "Kadhim"),
            ("Hassan", "Hussein"),
            ("Jamil", "Kamil"),
            ("Baghdad", "Baghdadi"),
        ];
        for (a, b) in apart {
            let d = distance(&fold_name(a), &fold_name(b));
            assert!(d > threshold(6), "{a} !~ {b}: {d}");
        }
    }

    #[test]
    fn name_parts_keep_the_article_for_display() {
        assert_eq!(
            name_parts("Mustafa Al-Kadhimi"),
            vec![
                ("Mustafa".to_string(), "Mustafa".to_string()),
                ("Al-Kadhimi".to_string(), "Kadhimi".to_string())
            ]
        );
        assert!(name_parts("Joint Operations Command").is_empty());
    }

    /// Whether `word` is flagged as a variant of the one-part glossary name `name`.
    fn flagged(name: &str, word: &str) -> bool {
        let mut index = VariantIndex::default();
        index.add(0, name, name);
        index.lookup(word).is_some()
    }

    #[test]
    fn spelling_conventions_of_other_languages_fold_together() {
        let same = [
            ("Zouaoui", "Zawawi"),   // French ou before a vowel
            ("Tarique", "Tariq"),    // qu before e, i
            ("Adnène", "Adnan"),     // mute final e
            ("Nesryne", "Nesrin"),   // y between consonants
            ("Darwisch", "Darwish"), // German sch
            ("Fayçal", "Faysal"),    // ç
            ("Manoutchehr", "Manuchehr"),
        ];
        for (a, b) in same {
            let d = distance(&fold_name(a), &fold_name(b));
            assert!(d <= threshold(6), "{a} ~ {b}: {d}");
        }
    }

    #[test]
    fn compounds_meet_however_they_are_written() {
        assert_eq!(fold_name("Abdeljalil"), fold_name("Abd-al-Jalil"));
        assert_eq!(fold_name("Abdellatif"), fold_name("Abdulatif"));
        assert_eq!(fold_name("Abulhassan"), fold_name("Abu-al-Hassan"));
        assert_eq!(fold_name("Ibn-Taimour"), fold_name("Bin-Taimour"));
        assert_eq!(
            compound(&["Abd", "al", "Rahman"]).as_deref(),
            Some("Abd-al-Rahman")
        );
        assert_eq!(
            compound(&["Hidayat", "Ullah"]).as_deref(),
            Some("Hidayat-Ullah")
        );
        assert_eq!(compound(&["Tahsin", "Khafaji"]), None);
        assert!(flagged("Abdulrahman", "Abd-al-Rahman"));
        assert!(flagged("Abu-Bakr", "Aboubakr"));
    }

    #[test]
    fn diminutive_diphthongs_are_near_but_other_vowels_count() {
        assert!(flagged("Suhayl", "Suhel"));
        assert!(flagged("Junaid", "Juneid"));
        assert!(!flagged("Hassan", "Hussein"));
        assert!(!flagged("Hussein", "Hassan"));
        assert!(!flagged("Farhad", "Farad"), "h is a letter inside a name");
    }
}
