//! One test of the protocol: a glossary of N people of one half and its lines — each
//! person written another real way (must be flagged for that entry), written the glossary
//! way, and somebody not in the glossary (neither may be flagged).

use std::collections::HashSet;

use tarjama::glossary::{Checker, Entry, EntryType, Glossary};

use super::full_names::{Person, Rng};
use super::same_name::{kinship, Kinship};

/// Which names a test draws from: half `half` of split `seed`, inner folds as `folds`.
#[derive(Clone, Copy, Debug)]
pub struct Split {
    pub seed: u64,
    pub half: usize,
    pub folds: usize,
}

/// A glossary and its test lines.
pub struct TestSet {
    pub size: usize,
    pub glossary: Vec<(String, String)>,
    /// The Arabic skeleton of each glossary name.
    pub skeletons: Vec<String>,
    pub lines: Vec<Line>,
}

/// One sentence of the test.
pub struct Line {
    pub text: String,
    /// The glossary entry it must be flagged for (None: it must not be flagged).
    pub want: Option<usize>,
    pub shape: Shape,
    /// The inner fold of the person it writes (see [`Split`]).
    pub fold: usize,
}

/// How a line's spelling stands to the glossary form, judged against the Arabic words
/// ([`kinship`], not tarjama's comparison).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Shape {
    /// The same words, each written its own way.
    Respelled,
    /// The same words with some added or left out (middle names, titles, a dropped given
    /// name), the first or last agreeing.
    AddedOrDropped,
    /// Another name of the person (an alias) or another person's label under the same
    /// Arabic key: a different given name before the same family name, or the like — the
    /// issue says a reader takes it for somebody else, so it counts apart.
    OtherName,
    /// The glossary form itself with a title before it ("Ayatollah ..."): the house
    /// spelling, so a flag on it is a false flag (the literal protocol counts it a
    /// positive).
    Titled,
    Negative,
}

impl Shape {
    /// Whether a flag is wanted on it in the headline figures.
    pub fn same_name(self) -> bool {
        matches!(self, Shape::Respelled | Shape::AddedOrDropped)
    }
}

pub fn build(people: &[Person], split: Split, n: usize, draw: u64) -> TestSet {
    let (seed, half, k) = (split.seed, split.half, split.folds);
    let mut rng = Rng(draw.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let multi: Vec<&Person> = people
        .iter()
        .filter(|p| p.half(seed) == half && p.spellings.len() > 1)
        .collect();
    let chosen = rng.sample(multi.len(), n);
    let glossary: Vec<&Person> = chosen.iter().map(|&i| multi[i]).collect();
    let in_glossary: HashSet<&str> = glossary.iter().map(|p| p.arabic.as_str()).collect();
    let skeletons: HashSet<&str> = glossary.iter().map(|p| p.skeleton.as_str()).collect();
    let mut words: HashSet<String> = HashSet::new();
    for p in &glossary {
        words.extend(edge_words(&p.spellings[0]));
    }
    let mut lines = Vec::new();
    for (e, p) in glossary.iter().enumerate() {
        let other = &p.spellings[1 + rng.below(p.spellings.len() - 1)];
        let shape = match kinship(&p.arabic, &p.spellings[0], other) {
            Kinship::Respelled => Shape::Respelled,
            Kinship::AddedOrDropped => Shape::AddedOrDropped,
            Kinship::OtherName => Shape::OtherName,
            Kinship::Titled => Shape::Titled,
        };
        let fold = p.fold(seed, k);
        lines.push(Line {
            text: rng.sentence(other),
            want: Some(e),
            shape,
            fold,
        });
        lines.push(Line {
            text: rng.sentence(&p.spellings[0]),
            want: None,
            shape: Shape::Negative,
            fold,
        });
    }
    // Other people: hard ones (sharing a first or last word with a glossary form) first.
    let others: Vec<&Person> = people
        .iter()
        .filter(|p| p.half(seed) == half && !in_glossary.contains(p.arabic.as_str()))
        .filter(|p| !skeletons.contains(p.skeleton.as_str()))
        .collect();
    let (hard, easy): (Vec<&Person>, Vec<&Person>) = others.iter().partition(|p| {
        p.spellings
            .iter()
            .any(|s| edge_words(s).iter().any(|w| words.contains(w)))
    });
    let mut picked: Vec<&Person> = rng
        .sample(hard.len(), n)
        .into_iter()
        .map(|i| hard[i])
        .collect();
    let rest = n.saturating_sub(picked.len());
    picked.extend(rng.sample(easy.len(), rest).into_iter().map(|i| easy[i]));
    for p in picked {
        let s = &p.spellings[rng.below(p.spellings.len())];
        lines.push(Line {
            text: rng.sentence(s),
            want: None,
            shape: Shape::Negative,
            fold: p.fold(seed, k),
        });
    }
    TestSet {
        size: glossary.len(),
        glossary: glossary
            .iter()
            .map(|p| (p.spellings[0].clone(), p.arabic.clone()))
            .collect(),
        skeletons: glossary.iter().map(|p| p.skeleton.clone()).collect(),
        lines,
    }
}

/// The first and last words of a spelling, lowercased.
fn edge_words(s: &str) -> Vec<String> {
    let w: Vec<String> = s
        .split([' ', '-'])
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect();
    [w.first(), w.last()]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

/// The checker `tarjama check` would build from the test's glossary.
pub fn checker(set: &TestSet) -> Checker {
    let entries = set
        .glossary
        .iter()
        .map(|(en, ar)| {
            let mut e = Entry::new(EntryType::Person);
            e.en.preferred = Some(en.clone());
            e.ar.preferred = Some(ar.clone());
            e
        })
        .collect();
    Checker::new(Glossary::new(entries))
}
