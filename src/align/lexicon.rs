//! Bilingual word lists used as alignment anchors: read from a TSV file (`--lexicon`),
//! learned by co-occurrence from sentence pairs (the memory's reviewed units, or a first
//! alignment pass), and the pluggable [`AnchorSource`] for glossary terms.

use std::collections::HashMap;

use crate::text::key_tokens;

use super::words::stem;
use rustc_hash::FxHashMap as FxMap;

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

    /// Every source stem with its targets, in the order they were added (stems in no order).
    pub fn stems(&self) -> impl Iterator<Item = (&str, &[(String, f32)])> {
        self.entries.iter().map(|(s, l)| (s.as_str(), l.as_slice()))
    }

    /// Sets the whole target list of a source stem (a stored lexicon read back).
    pub fn set_targets(&mut self, source_stem: String, targets: Vec<(String, f32)>) {
        self.entries.insert(source_stem, targets);
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
            counts.add(stems_of(s), stems_of(t));
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

/// Word co-occurrence counts over sentence pairs, on interned stems.
#[derive(Default)]
struct Cooccurrence {
    source_ids: HashMap<String, u32>,
    target_ids: HashMap<String, u32>,
    source_freq: Vec<u32>,
    target_freq: Vec<u32>,
    joint: FxMap<u64, u32>,
}

fn intern(ids: &mut HashMap<String, u32>, freq: &mut Vec<u32>, stem: String) -> u32 {
    let next = ids.len() as u32;
    let id = *ids.entry(stem).or_insert(next);
    if id == next {
        freq.push(0);
    }
    freq[id as usize] += 1;
    id
}

impl Cooccurrence {
    fn add(&mut self, source: Vec<String>, target: Vec<String>) {
        let s: Vec<u32> = source
            .into_iter()
            .map(|x| intern(&mut self.source_ids, &mut self.source_freq, x))
            .collect();
        let t: Vec<u32> = target
            .into_iter()
            .map(|x| intern(&mut self.target_ids, &mut self.target_freq, x))
            .collect();
        for &a in &s {
            for &b in &t {
                *self
                    .joint
                    .entry((u64::from(a) << 32) | u64::from(b))
                    .or_default() += 1;
            }
        }
    }

    fn into_lexicon(self, min_count: u32, min_dice: f32) -> Lexicon {
        let mut best_s = vec![0.0f32; self.source_freq.len()];
        let mut best_t = vec![0.0f32; self.target_freq.len()];
        let mut scored = Vec::new();
        for (&key, &c) in &self.joint {
            if c < min_count {
                continue;
            }
            let (a, b) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
            let dice = 2.0 * c as f32 / (self.source_freq[a] + self.target_freq[b]) as f32;
            if dice < min_dice {
                continue;
            }
            best_s[a] = best_s[a].max(dice);
            best_t[b] = best_t[b].max(dice);
            scored.push((a, b, dice));
        }
        let names = |ids: HashMap<String, u32>| {
            let mut v = vec![String::new(); ids.len()];
            for (k, id) in ids {
                v[id as usize] = k;
            }
            v
        };
        let (sn, tn) = (names(self.source_ids), names(self.target_ids));
        let mut lex = Lexicon::default();
        for (a, b, dice) in scored {
            if dice >= best_s[a] && dice >= best_t[b] {
                lex.entries
                    .entry(sn[a].clone())
                    .or_default()
                    .push((tn[b].clone(), dice));
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
