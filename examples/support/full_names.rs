//! The people of the full-name data for `name_eval`: one Arabic name with its distinct Latin
//! spellings (case aside), most frequent first; the half each falls in (for the split of
//! record and for other seeded splits) and its inner fold within a half; a small
//! deterministic generator for drawing glossaries and sentence templates.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::arabic_skeleton::arabic_skeleton;

/// One Arabic name and its spellings, the glossary form first.
pub struct Person {
    pub arabic: String,
    pub skeleton: String,
    /// FNV-1a of the Arabic match key: the halves and folds are drawn from it.
    pub hash: u64,
    pub spellings: Vec<String>,
}

impl Person {
    /// The half the name falls in under split `seed`. Seed 0 is the split of record (the
    /// one the rules were designed on: half A is 0); other seeds are other random splits of
    /// the same names.
    pub fn half(&self, seed: u64) -> usize {
        if seed == 0 {
            return (self.hash >> 7) as usize & 1;
        }
        (mix(self.hash ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)) & 1) as usize
    }

    /// The inner fold (of `k`) the name falls in under split `seed`, drawn independently of
    /// its half: the fit looks at each fold of its half apart.
    pub fn fold(&self, seed: u64, k: usize) -> usize {
        let h = mix(self
            .hash
            .wrapping_add(seed.wrapping_mul(0xD1B5_4A32_D192_ED03))
            ^ 0xF01D);
        ((h >> 33) % k.max(1) as u64) as usize
    }
}

/// SplitMix64's finalizer: every bit of the input moves every bit of the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub fn load(path: &Path) -> Result<Vec<Person>, String> {
    let out = Command::new("xz")
        .args(["-dc"])
        .arg(path)
        .output()
        .map_err(|e| format!("xz could not run ({e}); install xz-utils"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let all_sources = std::env::var("EVAL_SOURCES").is_ok_and(|v| v == "all");
    // arabic key → spelling (case folded) → (spelling, count, English label)
    let mut by_key: HashMap<String, HashMap<String, (String, u64, bool)>> = HashMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || !is_latin_name(cols[1]) || !(all_sources || cols[5] == "wikidata") {
            continue;
        }
        let count: u64 = cols[4].parse().unwrap_or(1);
        let slot = by_key.entry(cols[0].to_string()).or_default();
        let e = slot
            .entry(cols[1].to_lowercase())
            .or_insert((cols[1].to_string(), 0, false));
        e.1 += count;
        e.2 |= cols[2] == "en";
    }
    let mut keys: Vec<_> = by_key.into_iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keys
        .into_iter()
        .map(|(arabic, spellings)| {
            let mut list: Vec<(String, u64, bool)> = spellings.into_values().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
            Person {
                hash: key_hash(&arabic),
                skeleton: arabic_skeleton(&arabic),
                spellings: list.into_iter().map(|s| s.0).collect(),
                arabic,
            }
        })
        .collect())
}

/// A spelling in Latin letters (with spaces, hyphens, apostrophes, dots).
fn is_latin_name(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
        && s.chars().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(c, ' ' | '-' | '\'' | '’' | '.' | '\u{00C0}'..='\u{024F}')
        })
}

/// A hash (FNV-1a) of an Arabic name's match key.
fn key_hash(arabic: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in tarjama::text::match_key(arabic).bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A small deterministic generator.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Up to `k` distinct indexes below `n`, in drawing order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(k);
        idx
    }

    pub fn sentence(&mut self, name: &str) -> String {
        super::TEMPLATES[self.below(super::TEMPLATES.len())].replace("{}", name)
    }
}
