//! Recall and precision of unlisted-variant detection (`tarjama check` warnings) on real
//! Latin spellings of the same Arabic names: ../shared/data/names/arabic_name_romanizer_units.tsv.xz
//! (columns arabic_key, latin, ..., count). Run: `cargo run --release --example variant_eval`.
//!
//! Protocol. Spellings are split like the checker splits text: an optional article word
//! (al-, el ...) and one name word, or a compound name the checker reads as one word (a head
//! Abd/Abu/bin/ibn/Umm..., a tail Allah/Din..., or an article inside: "Abd al Rahman",
//! "Abu Bakr", "Hidayat Ullah", kept in its written form "Abd-al-Rahman"); other multi-word
//! spellings are skipped (counted). EVAL_COMPOUNDS=0 skips compounds too: the protocol before
//! compounds were handled, for comparing figures (compounds add ~1,650 positives and keep
//! every other spelling as it was). For each
//! Arabic key with at least two distinct usable spellings, the most frequent spelling is the
//! glossary form. A *glossary* of keys is drawn; positives are the other spellings of those
//! keys (recall: flagged as a variant of the right entry); every spelling of every key not in
//! the glossary is a negative. Precision = right flags / all flags.
//!
//! "The same name" is judged on the Arabic: two keys whose consonants agree once the letters
//! Latin transliteration cannot tell apart are merged (see `arabic_skeleton`: حامد/حميد,
//! قاسمي/غاسمي, a final ة/ه) count as one name — a flag between them is right, and they are
//! not negatives of each other. A spelling identical to a glossary form is not a variant and
//! is skipped. Reported for a newsroom-sized glossary (1,000 names, five draws; negatives
//! outnumber positives 11 to 1) and for the whole data set as one glossary (the protocol of
//! the issue: every key's first spelling in the glossary, the other spellings tested against
//! all of it), on all rows and on spellings attested at least twice (fewer data errors).
//! Set EVAL_DEBUG=1 to print samples of misses and false flags (EVAL_DEBUG=all: every one),
//! EVAL_SCALE to scale the thresholds, EVAL_STRESS_ONLY=1 to skip the 1,000-name draws.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use tarjama::glossary::variant::{compound, VariantIndex, ARTICLES};

#[path = "support/arabic_skeleton.rs"]
mod arabic_skeleton;
use arabic_skeleton::arabic_skeleton;

const DATA: &str = "../shared/data/names/arabic_name_romanizer_units.tsv.xz";

/// One Arabic key with its usable spellings, most frequent first (display, stem, has article).
struct Name {
    /// Consonant skeleton of the Arabic key: names that differ only in long vowels or
    /// hamza seats (حامد / حميد) cannot be told apart in Latin letters.
    skeleton: String,
    spellings: Vec<(String, String, bool)>,
}

/// Whether the `n`th case is printed: EVAL_DEBUG=1 prints one in `every`, EVAL_DEBUG=all all.
fn debug_every(n: usize, every: usize) -> bool {
    match std::env::var("EVAL_DEBUG").as_deref() {
        Ok("all") => true,
        Ok(_) => n.is_multiple_of(every),
        Err(_) => false,
    }
}

/// Whether compound spellings ("Abd al-Rahman", "Abu Bakr") are evaluated as one name word
/// (EVAL_COMPOUNDS=0 skips them, the protocol before compounds were handled).
fn compounds() -> bool {
    std::env::var("EVAL_COMPOUNDS").map_or(true, |v| v != "0")
}

fn scale() -> f32 {
    std::env::var("EVAL_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0)
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| DATA.to_string());
    if !Path::new(&path).exists() {
        println!("skipped: {path} is absent (run from the repository root next to ../shared)");
        return;
    }
    for min_count in [1, 2] {
        println!("== spellings attested at least {min_count} time(s)");
        run(&path, min_count);
    }
}

fn run(path: &str, min_count: u64) {
    let (names, skipped) = load(path, min_count);
    let multi: Vec<&Name> = names.iter().filter(|n| n.spellings.len() >= 2).collect();
    println!(
        "data: {} Arabic keys, {} with ≥2 usable spellings ({} positives); {} multi-word spellings skipped",
        names.len(),
        multi.len(),
        multi.iter().map(|n| n.spellings.len() - 1).sum::<usize>(),
        skipped
    );
    let mut total = Counts::default();
    let draws = if std::env::var_os("EVAL_STRESS_ONLY").is_some() {
        0
    } else {
        5
    };
    for seed in 1..=draws {
        let chosen = sample(multi.len(), 1000, seed);
        let c = evaluate(&names, &multi, &chosen);
        println!("glossary of 1,000 names (draw {seed}): {}", c.summary());
        total.add(&c);
    }
    println!(
        "glossary of 1,000 names (5 draws pooled): {}",
        total.summary()
    );
    let all: HashSet<usize> = (0..multi.len()).collect();
    let c = evaluate(&names, &multi, &all);
    println!(
        "glossary of all {} names (stress): {}",
        multi.len(),
        c.summary()
    );
}

fn load(path: &str, min_count: u64) -> (Vec<Name>, usize) {
    let out = Command::new("xz")
        .args(["-dc", path])
        .output()
        .expect("xz runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut by_key: HashMap<String, HashMap<String, (String, u64)>> = HashMap::new();
    let mut skipped = 0;
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 {
            continue;
        }
        let count: u64 = cols[5].parse().unwrap_or(1);
        if count < min_count {
            continue;
        }
        let slot = by_key.entry(cols[0].to_string()).or_default();
        let e = slot
            .entry(cols[1].to_lowercase())
            .or_insert((cols[1].to_string(), 0));
        e.1 += count;
    }
    let mut names = Vec::new();
    let mut keys: Vec<_> = by_key.into_iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, spellings) in keys {
        let mut list: Vec<(String, u64)> = spellings.into_values().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut usable = Vec::new();
        for (s, _) in list {
            match split(&s) {
                Some((stem, art)) => usable.push((s.clone(), stem, art)),
                None => skipped += 1,
            }
        }
        if !usable.is_empty() {
            names.push(Name {
                skeleton: arabic_skeleton(&key),
                spellings: usable,
            });
        }
    }
    (names, skipped)
}

/// (name word, has article) of a spelling: "al-Kadhimi" → ("Kadhimi", true).
fn split(s: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = s.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    let (article, rest) = match words.as_slice() {
        [a, rest @ ..] if !rest.is_empty() && ARTICLES.contains(&a.to_lowercase().as_str()) => {
            (true, rest)
        }
        all => (false, all),
    };
    if rest.len() > 1 && !compounds() {
        return None;
    }
    compound(rest).map(|w| (w, article))
}

/// `k` distinct indexes below `n`, from a small deterministic generator.
fn sample(n: usize, k: usize, seed: u64) -> HashSet<usize> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = HashSet::new();
    while out.len() < k.min(n) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.insert((state % n as u64) as usize);
    }
    out
}

#[derive(Default)]
struct Counts {
    positives: usize,
    true_pos: usize,
    wrong_entry: usize,
    negatives: usize,
    false_pos: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.positives += o.positives;
        self.true_pos += o.true_pos;
        self.wrong_entry += o.wrong_entry;
        self.negatives += o.negatives;
        self.false_pos += o.false_pos;
    }

    fn summary(&self) -> String {
        let flags = self.true_pos + self.wrong_entry + self.false_pos;
        let recall = self.true_pos as f64 / self.positives.max(1) as f64;
        let precision = self.true_pos as f64 / flags.max(1) as f64;
        format!(
            "recall {recall:.3} ({}/{}), precision {precision:.3} ({} wrong entry, {} of {} other names flagged)",
            self.true_pos, self.positives, self.wrong_entry, self.false_pos, self.negatives
        )
    }
}

fn evaluate(names: &[Name], multi: &[&Name], chosen: &HashSet<usize>) -> Counts {
    let mut index = VariantIndex::default();
    let mut in_glossary: HashSet<*const Name> = HashSet::new();
    let mut order: Vec<usize> = chosen.iter().copied().collect();
    order.sort_unstable();
    let mut entry_of: Vec<usize> = Vec::new();
    for &i in &order {
        let (display, stem, _) = &multi[i].spellings[0];
        index.add(entry_of.len(), display, stem);
        entry_of.push(i);
        in_glossary.insert(multi[i] as *const Name);
    }
    let mut c = Counts::default();
    let known: HashSet<String> = order
        .iter()
        .map(|&i| multi[i].spellings[0].1.to_lowercase())
        .collect();
    for &i in entry_of.iter() {
        for (_, stem, _) in &multi[i].spellings[1..] {
            if known.contains(&stem.to_lowercase()) {
                continue;
            }
            c.positives += 1;
            match index.lookup_scaled(stem, scale()) {
                Some(hit)
                    if multi[entry_of[index.part(hit.part).entry]].skeleton
                        == multi[i].skeleton =>
                {
                    c.true_pos += 1
                }
                Some(hit) => {
                    c.wrong_entry += 1;
                    if debug_every(c.wrong_entry, 10) {
                        let g = multi[entry_of[index.part(hit.part).entry]];
                        eprintln!(
                            "WRONG {stem} [{}] ~ {} [{}] ({:.2}), expected {}",
                            multi[i].skeleton,
                            index.part(hit.part).display,
                            g.skeleton,
                            hit.distance,
                            multi[i].spellings[0].1
                        );
                    }
                }
                None => {
                    if debug_every(c.positives, 20) {
                        let (a, b) = (
                            tarjama::glossary::variant::fold_forms(stem),
                            tarjama::glossary::variant::fold_forms(&multi[i].spellings[0].1),
                        );
                        eprintln!(
                            "FN {stem} !~ {} {:?} {:?} d={:.2}",
                            multi[i].spellings[0].1,
                            a,
                            b,
                            tarjama::glossary::variant::distance(&a[0], &b[0])
                        );
                    }
                }
            }
        }
    }
    let skeletons: HashSet<&str> = order.iter().map(|&i| multi[i].skeleton.as_str()).collect();
    for name in names
        .iter()
        .filter(|n| !in_glossary.contains(&(*n as *const Name)))
    {
        if skeletons.contains(name.skeleton.as_str()) {
            continue;
        }
        for (_, stem, _) in &name.spellings {
            if known.contains(&stem.to_lowercase()) {
                continue;
            }
            c.negatives += 1;
            if let Some(hit) = index.lookup_scaled(stem, scale()) {
                c.false_pos += 1;
                if debug_every(c.false_pos, 50) {
                    let g = multi[entry_of[index.part(hit.part).entry]];
                    eprintln!(
                        "FP {stem} [{}] ~ {} [{}] ({:.2})",
                        name.skeleton,
                        index.part(hit.part).display,
                        g.skeleton,
                        hit.distance
                    );
                }
            }
        }
    }
    c
}
