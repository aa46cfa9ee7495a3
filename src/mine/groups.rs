//! Paired names gathered by their Arabic form: one group per Arabic name under match keys
//! (spaces ignored, so عبد الله and عبدالله meet), holding every English spelling the
//! memory used for it (spellings compared on match keys: Al-Kadhimi = al Kadhimi), with
//! counts, reviewed counts and the units that wrote it; titles likewise, by the Arabic title.
//! From a group comes the proposed glossary entry.

use std::collections::HashMap;

use serde::Serialize;

use crate::glossary::EntryType;
use crate::text::match_key;

use super::pairing::Pair;

/// How often one form was written, and where.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Written forms with the same match key, and how often each.
    pub forms: HashMap<String, usize>,
    pub count: usize,
    pub reviewed: usize,
    /// Every unit that wrote it, in reading order.
    pub units: Vec<i64>,
}

impl Tally {
    fn add(&mut self, written: &str, unit: i64, reviewed: bool) {
        *self.forms.entry(written.to_string()).or_default() += 1;
        self.count += 1;
        self.reviewed += usize::from(reviewed);
        if self.units.last() != Some(&unit) {
            self.units.push(unit);
        }
    }

    /// The form written most often (ties: the first in text order).
    pub fn display(&self) -> String {
        most_frequent(&self.forms)
    }
}

pub(crate) fn most_frequent(forms: &HashMap<String, usize>) -> String {
    forms
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(f, _)| f.clone())
        .unwrap_or_default()
}

/// Everything paired with one Arabic name.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// Arabic forms as written (proclitics removed).
    pub arabic: HashMap<String, usize>,
    /// English spellings by match key.
    pub spellings: HashMap<String, Tally>,
    /// Votes for each kind, in [`EntryType::ALL`] order.
    pub kinds: [usize; 5],
    pub similarity_sum: f64,
    pub count: usize,
    /// The name-able words around its sightings, by position as in [`Pair::around`]: how
    /// often each word stood there.
    pub around: [HashMap<String, usize>; 4],
}

impl Group {
    /// The Arabic form written most often.
    pub fn arabic_display(&self) -> String {
        most_frequent(&self.arabic)
    }

    /// Spellings, most frequent first (ties: by text).
    pub fn ranked(&self) -> Vec<(&String, &Tally)> {
        let mut v: Vec<(&String, &Tally)> = self.spellings.iter().collect();
        v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        v
    }

    /// The spelling to propose as preferred among `keys`: most frequent in reviewed units,
    /// then overall; and whether reviewed units decided it.
    pub fn preferred_among<'a>(&self, keys: &[&'a String]) -> Option<(&'a String, bool)> {
        let best = keys.iter().max_by(|a, b| {
            let (ta, tb) = (&self.spellings[**a], &self.spellings[**b]);
            (ta.reviewed, ta.count)
                .cmp(&(tb.reviewed, tb.count))
                .then(b.cmp(a))
        })?;
        Some((best, self.spellings[*best].reviewed > 0))
    }

    /// The kind most votes give; without votes a person.
    pub fn kind(&self) -> EntryType {
        let (i, votes) = self
            .kinds
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            .unwrap_or((0, &0));
        if *votes == 0 {
            EntryType::Person
        } else {
            EntryType::ALL[i]
        }
    }

    /// Mean pairing similarity times the support of `count` sightings (1 − 2^−count): a name
    /// paired once is half as sure as a name paired many times.
    pub fn confidence(&self) -> f32 {
        if self.count == 0 {
            return 0.0;
        }
        let mean = self.similarity_sum / self.count as f64;
        (mean * (1.0 - 0.5f64.powi(self.count.min(60) as i32))) as f32
    }
}

/// Renderings of one Arabic title.
#[derive(Debug, Clone, Default)]
pub struct TitleGroup {
    pub arabic: HashMap<String, usize>,
    /// English renderings by match key ("maj gen", "major general").
    pub renderings: HashMap<String, Tally>,
}

/// All groups of a memory.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// By the Arabic name's match key without spaces.
    pub names: HashMap<String, Group>,
    /// By the Arabic title's match key.
    pub titles: HashMap<String, TitleGroup>,
    /// Names paired in all.
    pub pairs: usize,
}

/// The key a group is filed under: the match key without spaces.
pub fn group_key(arabic: &str) -> String {
    match_key(arabic).replace(' ', "")
}

impl Groups {
    /// Adds the pairs of one unit.
    pub fn add(&mut self, unit: i64, reviewed: bool, pairs: &[Pair]) {
        for pair in pairs {
            let english_key = match_key(&pair.english);
            if english_key.is_empty() {
                continue;
            }
            self.pairs += 1;
            let group = self.names.entry(group_key(&pair.arabic)).or_default();
            *group.arabic.entry(pair.arabic.clone()).or_default() += 1;
            group
                .spellings
                .entry(english_key)
                .or_default()
                .add(&pair.english, unit, reviewed);
            if let Some(kind) = pair.kind {
                let i = EntryType::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                group.kinds[i] += 1;
            }
            group.similarity_sum += f64::from(pair.similarity);
            group.count += 1;
            for (seen, readings) in group.around.iter_mut().zip(&pair.around) {
                for word in readings {
                    *seen.entry(word.clone()).or_default() += 1;
                }
            }
            if let Some((key, arabic, english)) = &pair.title {
                let title = self.titles.entry(key.clone()).or_default();
                *title.arabic.entry(arabic.clone()).or_default() += 1;
                title
                    .renderings
                    .entry(match_key(english))
                    .or_default()
                    .add(english, unit, reviewed);
            }
        }
    }
}

/// One spelling of a proposed entry.
#[derive(Debug, Clone, Serialize)]
pub struct SpellingCount {
    pub text: String,
    pub count: usize,
    /// Of which in reviewed units.
    pub reviewed: usize,
    /// A few units that write it (`tarjama unit show ID`).
    pub examples: Vec<i64>,
}

/// Example unit ids shown per spelling.
pub const EXAMPLES: usize = 3;

impl SpellingCount {
    pub fn of(tally: &Tally) -> SpellingCount {
        SpellingCount {
            text: tally.display(),
            count: tally.count,
            reviewed: tally.reviewed,
            examples: tally.units.iter().take(EXAMPLES).copied().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(arabic: &str, english: &str) -> Pair {
        Pair {
            arabic: arabic.into(),
            arabic_range: (0, 0),
            english: english.into(),
            similarity: 0.8,
            title: None,
            kind: None,
            around: Default::default(),
        }
    }

    #[test]
    fn spellings_gather_under_the_arabic_form() {
        let mut g = Groups::default();
        g.add(1, true, &[pair("عبد الله", "Abdullah")]);
        g.add(2, false, &[pair("عبدالله", "Abdallah")]);
        g.add(3, false, &[pair("عبد الله", "Abdallah")]);
        g.add(4, true, &[pair("عبدُ الله", "abdullah")]);
        assert_eq!(g.names.len(), 1);
        let group = &g.names["عبدالله"];
        let ranked: Vec<(&str, usize)> = group
            .ranked()
            .iter()
            .map(|(k, t)| (k.as_str(), t.count))
            .collect();
        assert_eq!(ranked, [("abdallah", 2), ("abdullah", 2)]);
        let keys: Vec<&String> = group.spellings.keys().collect();
        // Abdullah wins: both its sightings are reviewed.
        assert_eq!(group.preferred_among(&keys).unwrap().0, "abdullah");
        assert_eq!(group.arabic_display(), "عبد الله");
        assert!((group.confidence() - 0.8 * (1.0 - 1.0 / 16.0)).abs() < 1e-6);
    }
}
