//! Bilingual word lists used as alignment anchors: read from a TSV file (`--lexicon`),
//! learned by co-occurrence from sentence pairs (the memory's reviewed units, or a first
//! alignment pass), and the pluggable [`AnchorSource`] for glossary terms.

use std::collections::HashMap;

use crate::text::key_tokens;

use super::words::stem;

/// Anything that recognizes shared concepts in both languages (a glossary): the same key
/// found in a source sentence and a target sentence is an anchor between them.
pub trait AnchorSource {
    /// Concept keys (e.g. glossary entry ids) found in `text`; `source_side` tells which
    /// language the text is in.
    fn keys(&self, text: &str, source_side: bool) -> Vec<String>;
}

/// Source-stem → target-stem pairs with a weight in (0, 1].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: HashMap<String, Vec<(String, f32)>>,
}

/// The built-in Arabic → English news vocabulary (a few hundred frequent words).
pub fn news_lexicon() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| Lexicon::from_tsv(include_str!("news_lexicon.tsv")).0)
}

/// The representative key of a (possibly multi-word) lexicon side: its longest token, stemmed.
fn head_stem(text: &str) -> Option<String> {
    key_tokens(text)
        .into_iter()
        .max_by_key(|t| t.chars().count())
        .map(|t| stem(&t))
}

impl Lexicon {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    /// Adds one pair of words or phrases.
    pub fn insert(&mut self, source: &str, target: &str, weight: f32) {
        let (Some(s), Some(t)) = (head_stem(source), head_stem(target)) else {
            return;
        };
        let list = self.entries.entry(s).or_default();
        match list.iter_mut().find(|(k, _)| *k == t) {
            Some(entry) => entry.1 = entry.1.max(weight),
            None => list.push((t, weight)),
        }
    }

    /// Reads `source<TAB>target[<TAB>…]` lines; `#` comments and blank lines are skipped.
    /// Returns the lexicon and the 1-based numbers of lines that were not pairs.
    pub fn from_tsv(text: &str) -> (Lexicon, Vec<usize>) {
        let mut lex = Lexicon::default();
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{FEFF}').trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => {
                    lex.insert(s, t, 1.0)
                }
                _ => bad.push(n + 1),
            }
        }
        (lex, bad)
    }

    /// Target stems (with weights) listed for a source stem.
    pub fn lookup(&self, source_stem: &str) -> &[(String, f32)] {
        self.entries.get(source_stem).map_or(&[], Vec::as_slice)
    }

    /// Merges another lexicon into this one.
    pub fn extend(&mut self, other: &Lexicon) {
        for (s, list) in &other.entries {
            for (t, w) in list {
                let mine = self.entries.entry(s.clone()).or_default();
                if !mine.iter().any(|(k, _)| k == t) {
                    mine.push((t.clone(), *w));
                }
            }
        }
    }

    /// Learns word pairs from sentence pairs by co-occurrence: a pair is kept when it
    /// co-occurs in at least `min_count` pairs and its Dice coefficient is at least
    /// `min_dice` and is the best for both words.
    pub fn learn<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        min_count: u32,
        min_dice: f32,
    ) -> Lexicon {
        let mut counts = Cooccurrence::default();
        for (s, t) in pairs {
            counts.add(&stems_of(s), &stems_of(t));
        }
        counts.into_lexicon(min_count, min_dice)
    }
}

/// Distinct stems of a sentence's words (numbers and one-letter words left out).
fn stems_of(text: &str) -> Vec<String> {
    let mut stems: Vec<String> = key_tokens(text)
        .into_iter()
        .filter(|t| t.chars().count() >= 2 && !t.chars().all(|c| c.is_ascii_digit()))
        .map(|t| stem(&t))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

#[derive(Default)]
struct Cooccurrence {
    source_freq: HashMap<String, u32>,
    target_freq: HashMap<String, u32>,
    joint: HashMap<(String, String), u32>,
}

impl Cooccurrence {
    fn add(&mut self, source: &[String], target: &[String]) {
        for s in source {
            *self.source_freq.entry(s.clone()).or_default() += 1;
        }
        for t in target {
            *self.target_freq.entry(t.clone()).or_default() += 1;
        }
        for s in source {
            for t in target {
                *self.joint.entry((s.clone(), t.clone())).or_default() += 1;
            }
        }
    }

    fn into_lexicon(self, min_count: u32, min_dice: f32) -> Lexicon {
        let mut best_s: HashMap<&str, f32> = HashMap::new();
        let mut best_t: HashMap<&str, f32> = HashMap::new();
        let mut scored = Vec::new();
        for ((s, t), &c) in &self.joint {
            if c < min_count {
                continue;
            }
            let dice = 2.0 * c as f32 / (self.source_freq[s] + self.target_freq[t]) as f32;
            if dice < min_dice {
                continue;
            }
            let bs = best_s.entry(s).or_default();
            *bs = bs.max(dice);
            let bt = best_t.entry(t).or_default();
            *bt = bt.max(dice);
            scored.push((s, t, dice));
        }
        let mut lex = Lexicon::default();
        for (s, t, dice) in scored {
            if dice >= best_s[s.as_str()] && dice >= best_t[t.as_str()] {
                lex.entries
                    .entry(s.clone())
                    .or_default()
                    .push((t.clone(), dice));
            }
        }
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_comments_and_a_bad_line() {
        let (lex, bad) =
            Lexicon::from_tsv("# ar\ten\nحكومة\tgovernment\nبلا عمود\n\nوزير\tminister\n");
        assert_eq!(lex.len(), 2);
        assert_eq!(bad, [3]);
        assert_eq!(lex.lookup(&stem("الحكومه"))[0].0, stem("governments"));
    }

    #[test]
    fn builtin_news_lexicon_parses_completely() {
        let (lex, bad) = Lexicon::from_tsv(include_str!("news_lexicon.tsv"));
        assert!(bad.is_empty(), "bad lines {bad:?}");
        assert!(lex.len() > 300);
        assert!(news_lexicon()
            .lookup(&stem("والحكومه"))
            .iter()
            .any(|(t, _)| t == "govern"));
    }

    #[test]
    fn learns_pairs_that_co_occur() {
        let pairs = [
            ("قال الوزير امس", "the minister said yesterday"),
            ("الوزير في بغداد", "the minister in baghdad"),
            ("وصل الوزير", "the minister arrived"),
            ("المطر غزير", "heavy rain"),
        ];
        let lex = Lexicon::learn(pairs, 2, 0.5);
        assert!(lex
            .lookup(&stem("الوزير"))
            .iter()
            .any(|(t, _)| t == "minist"));
    }
}
