//! A synthetic glossary of person names for the benchmarks (`bench_check`, `bench_memory`):
//! names built from syllables, each with an Arabic form, an admitted short form and two
//! forbidden variants. Deterministic for a given seed.

use tarjama::glossary::{Entry, EntryType, Glossary};

const SYLLABLES: &[&str] = &[
    "ka", "dhi", "mi", "ra", "sha", "ba", "ha", "lu", "ti", "far", "zan", "qu", "mar", "sel",
    "nou", "rid", "wa", "tah", "jib", "dar",
];
const AR_LETTERS: &[char] = &[
    'ك', 'ظ', 'م', 'ر', 'ش', 'ب', 'ح', 'ل', 'ت', 'ف', 'ز', 'ق', 'س', 'ن', 'د', 'ج', 'ع', 'ص',
];

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.next() % v.len()]
    }
}

fn word(rng: &mut Rng, n: usize) -> String {
    let mut w: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
    w[..1].make_ascii_uppercase();
    w
}

fn arabic(rng: &mut Rng) -> String {
    (0..5).map(|_| *rng.pick(AR_LETTERS)).collect()
}

/// `n` entries with distinct family names.
pub fn glossary(n: usize, rng: &mut Rng) -> Glossary {
    let mut seen = std::collections::HashSet::new();
    let mut entries = Vec::new();
    while entries.len() < n {
        let (first, last) = (word(rng, 2), word(rng, 4));
        if !seen.insert(last.clone()) {
            continue;
        }
        let mut e = Entry::new(EntryType::Person);
        e.en.preferred = Some(format!("{first} Al-{last}"));
        e.en.admitted = vec![format!("Al-{last}")];
        e.en.forbidden = vec![format!("{last}x"), format!("{first} {last}z")];
        e.ar.preferred = Some(format!("{} ال{}", arabic(rng), arabic(rng)));
        entries.push(e);
    }
    Glossary::new(entries)
}
