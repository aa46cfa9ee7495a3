//! How well `tarjama glossary mine` and `glossary audit` find the names a memory writes and
//! the spellings it contradicts itself with, on real names with their real variant spellings.
//! Run: `cargo run --release --example mine_eval` (`-- --speed 10000 1000000` for speed only).
//!
//! Protocol. Real full names (../shared/data/names/arabic_name_romanizer_full_names_dev.tsv.xz,
//! spellings compared on match keys) are split into two halves by a hash of the Arabic key.
//! A memory is built from 400 names of one half (`support/mine_memory.rs`): 60 % with several
//! real spellings, the rest with one; each name 1–40 times (log-uniform), its dominant
//! spelling 60–85 % of the time and the tail round-robin; templated news sentence pairs, some
//! with the name behind a proclitic (لل… ب…), two names in one unit, a title before the name
//! (usual rendering, 8 % minority renderings: Maj. Gen., General…), units without names, 70 %
//! reviewed, 4 % doubtful beads (another unit's English at confidence < .4).
//!
//! Mining (empty glossary, --min-count 2): gold pairs are (Arabic name, spelling) written at
//! least twice; precision counts a mined pair right when it is a gold pair or a template's
//! place with its English name (Baghdad…), recall is over gold pairs. A group is exactly right
//! when its Arabic name is gold and its spellings are exactly the gold ones. "Preferred" is
//! checked against the rule (most frequent in reviewed units) and against the
//! dominant spelling. Audit (a glossary of 40 % of the several-spelling names, preferred = the
//! dominant spelling, one tail spelling forbidden in half of them; اللواء → Major General):
//! gold units write a glossary name in another spelling, a name the glossary lacks in another
//! spelling than its preferred one, or a minority title rendering.
//!
//! The two pairing thresholds (lowest similarity; lowest similarity when the English writes
//! more name units than the Arabic) are chosen on one half (best mean F0.5 of exact groups
//! over the seeds) and the figures are reported on the other half, both ways, as mean and
//! range over seeds 7, 3, 11; the figures at the shipped defaults are printed too.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

#[path = "support/mine_memory.rs"]
mod mine_memory;
#[path = "support/proc_stats.rs"]
mod proc_stats;
use proc_stats::cpu_seconds;
#[path = "support/say.rs"]
#[macro_use]
mod say;

use mine_memory::{build, half_of, load_names, plant, Name, Rng, Truth, DATA, PLACES};
use tarjama::glossary::{Entry, EntryType, Glossary};
use tarjama::memory::Memory;
use tarjama::mine::groups::group_key;
use tarjama::mine::{self, MineOptions};
use tarjama::text::match_key;

const SEEDS: [u64; 3] = [7, 3, 11];
const NAMES_PER_MEMORY: usize = 400;
const MIN_COUNT: usize = 2;
/// Lowest pairing similarity.
const GRID: [f32; 6] = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
/// Lowest similarity when the English writes more name units than the Arabic (0: the same
/// bar as every pair).
const MORE_GRID: [f32; 4] = [0.0, 0.7, 0.8, 0.9];

/// Every (similarity, more-units) pair of the grid.
fn grid() -> Vec<(f32, f32)> {
    GRID.iter()
        .flat_map(|&s| MORE_GRID.iter().map(move |&m| (s, m)))
        .filter(|&(s, m)| m == 0.0 || m > s)
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Scores {
    pair_p: f64,
    pair_r: f64,
    group_p: f64,
    group_r: f64,
    preferred_rule: f64,
    preferred_dominant: f64,
    audit_p: f64,
    audit_r: f64,
}

impl Scores {
    fn pair_f1(&self) -> f64 {
        f1(self.pair_p, self.pair_r)
    }

    /// The fitting objective: F0.5 of exact groups (precision counts double: the targets
    /// ask .90 precision against .80 recall, and an editor must trust every line).
    fn group_f05(&self) -> f64 {
        let (p, r) = (self.group_p, self.group_r);
        if p + r == 0.0 {
            0.0
        } else {
            1.25 * p * r / (0.25 * p + r)
        }
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One evaluation memory with what it holds.
struct Case {
    memory: Memory,
    truth: Truth,
    /// Dominant spelling key of each planted name (by group key).
    dominant: HashMap<String, String>,
    glossary: Glossary,
    in_glossary: HashSet<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--speed") {
        let Some(names) = load_names(DATA, true) else {
            say!("skipped: {DATA} not found, or xz is not installed");
            return;
        };
        for n in args[1..].iter().filter_map(|a| a.parse::<usize>().ok()) {
            speed(&names, n);
        }
        return;
    }
    for (agreeing, label) in [
        (true, "spellings with as many name words as the Arabic"),
        (
            false,
            "all spellings (some write a longer or other name: Ali Bagheri Kani for علي باقري)",
        ),
    ] {
        // EVAL_PROTOCOL=all or =agreeing runs one protocol only.
        match std::env::var("EVAL_PROTOCOL").as_deref() {
            Ok("all") if agreeing => continue,
            Ok("agreeing") if !agreeing => continue,
            _ => {}
        }
        let Some(names) = load_names(DATA, agreeing) else {
            say!("skipped: {DATA} not found, or xz is not installed");
            return;
        };
        say!("\n=== {label}");
        run(&names);
    }
}

fn run(names: &[Name]) {
    let halves: [Vec<&Name>; 2] = [0, 1].map(|h| {
        names
            .iter()
            .filter(|n| half_of(&n.arabic) == h)
            .collect::<Vec<_>>()
    });
    say!(
        "names: {} ({} with several spellings); halves {} / {}",
        names.len(),
        names.iter().filter(|n| n.spellings.len() > 1).count(),
        halves[0].len(),
        halves[1].len()
    );
    let grid = grid();
    // scores[half][seed][grid point]
    let mut scores = vec![vec![vec![Scores::default(); grid.len()]; SEEDS.len()]; 2];
    // EVAL_QUICK=H: only half H (0 or 1), first seed.
    let quick: Option<usize> = std::env::var("EVAL_QUICK")
        .ok()
        .map(|v| v.parse().unwrap_or(0));
    for (h, half) in halves.iter().enumerate() {
        for (s, &seed) in SEEDS.iter().enumerate() {
            if quick.is_some_and(|q| (h, s) != (q, 0)) {
                continue;
            }
            let case = make_case(half, seed);
            for (t, &thresholds) in grid.iter().enumerate() {
                scores[h][s][t] = evaluate(&case, thresholds);
            }
        }
    }
    say!("\nmean pair F1 and exact-group F0.5 by thresholds (similarity, more units; half A | half B):");
    let mean = |h: usize, t: usize, f: fn(&Scores) -> f64| {
        scores[h].iter().map(|s| f(&s[t])).sum::<f64>() / SEEDS.len() as f64
    };
    for (t, (sim, more)) in grid.iter().enumerate() {
        say!(
            "  {sim:.2} {more:.2}: pair F1 {:.4} | {:.4}   group F0.5 {:.4} | {:.4}",
            mean(0, t, Scores::pair_f1),
            mean(1, t, Scores::pair_f1),
            mean(0, t, Scores::group_f05),
            mean(1, t, Scores::group_f05)
        );
    }
    let shipped = grid
        .iter()
        .position(|&(s, m)| {
            // A bar no higher than the similarity is no separate bar (0 in the grid).
            let more = mine::MIN_SIMILARITY_MORE_ENGLISH;
            let more = if more <= mine::MIN_SIMILARITY {
                0.0
            } else {
                more
            };
            (s - mine::MIN_SIMILARITY).abs() < 1e-6 && (m - more).abs() < 1e-6
        })
        .unwrap_or(0);
    say!(
        "\nat the shipped defaults {:.2} / {:.2}: exact groups P {:.3} | {:.3}, R {:.3} | {:.3}; audit P {:.3} | {:.3}, R {:.3} | {:.3}",
        grid[shipped].0,
        grid[shipped].1,
        mean(0, shipped, |s| s.group_p),
        mean(1, shipped, |s| s.group_p),
        mean(0, shipped, |s| s.group_r),
        mean(1, shipped, |s| s.group_r),
        mean(0, shipped, |s| s.audit_p),
        mean(1, shipped, |s| s.audit_p),
        mean(0, shipped, |s| s.audit_r),
        mean(1, shipped, |s| s.audit_r)
    );
    for fit in 0..2 {
        let report = 1 - fit;
        let best = (0..grid.len())
            .max_by(|&a, &b| {
                mean(fit, a, Scores::group_f05)
                    .total_cmp(&mean(fit, b, Scores::group_f05))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        say!(
            "\nthresholds {:.2} / {:.2} chosen on half {}; reported on half {} (mean, range over seeds {:?}):",
            grid[best].0,
            grid[best].1,
            ["A", "B"][fit],
            ["A", "B"][report],
            SEEDS
        );
        let rows: Vec<Scores> = scores[report].iter().map(|s| s[best]).collect();
        type Field = fn(&Scores) -> f64;
        let fields: [(&str, Field); 8] = [
            ("mined pairs precision", |s| s.pair_p),
            ("mined pairs recall", |s| s.pair_r),
            ("exact groups precision", |s| s.group_p),
            ("exact groups recall", |s| s.group_r),
            ("preferred = reviewed-majority", |s| s.preferred_rule),
            ("preferred = dominant spelling", |s| s.preferred_dominant),
            ("audit precision (units)", |s| s.audit_p),
            ("audit recall (units)", |s| s.audit_r),
        ];
        for (label, f) in fields {
            let v: Vec<f64> = rows.iter().map(f).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let (lo, hi) = v
                .iter()
                .fold((1f64, 0f64), |(l, h), x| (l.min(*x), h.max(*x)));
            say!("  {label:<32} {mean:.3}  [{lo:.3}–{hi:.3}]");
        }
    }
}

fn make_case(half: &[&Name], seed: u64) -> Case {
    let mut rng = Rng(seed.wrapping_mul(0x2545F4914F6CDD1D) ^ half.len() as u64);
    let several: Vec<&Name> = half
        .iter()
        .copied()
        .filter(|n| n.spellings.len() > 1)
        .collect();
    let single: Vec<&Name> = half
        .iter()
        .copied()
        .filter(|n| n.spellings.len() == 1)
        .collect();
    let mut chosen: Vec<Name> = Vec::new();
    let mut seen = HashSet::new();
    while chosen.len() < NAMES_PER_MEMORY {
        let pool = if chosen.len() < NAMES_PER_MEMORY * 6 / 10 {
            &several
        } else {
            &single
        };
        let name = pool[rng.below(pool.len())];
        if seen.insert(group_key(&name.arabic)) {
            chosen.push(name.clone());
        }
    }
    let planted = plant(&chosen, &mut rng, 40.0);
    let (memory, truth) = build(&planted, &mut rng);
    let dominant: HashMap<String, String> = chosen
        .iter()
        .map(|n| (group_key(&n.arabic), match_key(&n.spellings[0])))
        .collect();
    let mut entries = Vec::new();
    let mut in_glossary = HashSet::new();
    for n in chosen.iter().filter(|n| n.spellings.len() > 1) {
        if rng.unit() < 0.4 {
            let mut e = Entry::new(EntryType::Person);
            e.ar.preferred = Some(n.arabic.clone());
            e.en.preferred = Some(n.spellings[0].clone());
            if rng.unit() < 0.5 {
                e.en.forbidden = vec![n.spellings[1].clone()];
            }
            e.id = Some(entries.len() as i64 + 1);
            entries.push(e);
            in_glossary.insert(group_key(&n.arabic));
        }
    }
    let mut title = Entry::new(EntryType::Title);
    title.ar.preferred = Some("اللواء".into());
    title.en.preferred = Some("Major General".into());
    title.id = Some(entries.len() as i64 + 1);
    entries.push(title);
    Case {
        memory,
        truth,
        dominant,
        glossary: Glossary::new(entries),
        in_glossary,
    }
}

/// Per name (group key): spelling key → (count, reviewed count).
fn written_counts(truth: &Truth) -> HashMap<String, HashMap<String, (usize, usize)>> {
    let mut out: HashMap<String, HashMap<String, (usize, usize)>> = HashMap::new();
    for (unit, names) in &truth.names {
        let reviewed = truth.reviewed.get(unit).copied().unwrap_or(false);
        for (arabic, english) in names {
            let e = out
                .entry(group_key(arabic))
                .or_default()
                .entry(match_key(english))
                .or_default();
            e.0 += 1;
            e.1 += usize::from(reviewed);
        }
    }
    out
}

/// The rule: most frequent in reviewed units, then overall, then by key.
fn rule_preferred<'a>(
    spellings: impl Iterator<Item = (&'a String, &'a (usize, usize))>,
) -> Option<String> {
    spellings
        .max_by(|a, b| (a.1 .1, a.1 .0).cmp(&(b.1 .1, b.1 .0)).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

fn evaluate(case: &Case, (threshold, more): (f32, f32)) -> Scores {
    let opts = MineOptions {
        min_similarity: threshold,
        min_similarity_more_english: more,
        ..MineOptions::default()
    };
    let counts = written_counts(&case.truth);
    let gold: HashMap<&String, HashSet<&String>> = counts
        .iter()
        .map(|(a, s)| {
            (
                a,
                s.iter()
                    .filter(|(_, c)| c.0 >= MIN_COUNT)
                    .map(|(k, _)| k)
                    .collect::<HashSet<_>>(),
            )
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let places: HashSet<(String, String)> = PLACES
        .iter()
        .map(|(a, e)| (group_key(a), match_key(e)))
        .collect();
    let report =
        mine::mine(&case.memory, &Glossary::default(), &opts, MIN_COUNT, 0.0).expect("mine");
    let (mut mined, mut right, mut exact, mut found, mut rule_ok, mut dominant_ok) =
        (0, 0, 0, 0, 0, 0);
    for entry in &report.entries {
        let key = group_key(&entry.arabic[0].text);
        let spellings: HashSet<String> =
            entry.spellings.iter().map(|s| match_key(&s.text)).collect();
        mined += spellings.len();
        let gold_set = gold.get(&key);
        for s in &spellings {
            if gold_set.is_some_and(|g| g.contains(s)) || places.contains(&(key.clone(), s.clone()))
            {
                right += 1;
            }
        }
        if let Some(g) = gold_set {
            found += 1;
            if g.len() == spellings.len() && g.iter().all(|s| spellings.contains(*s)) {
                exact += 1;
            }
            let kept = counts[&key].iter().filter(|(_, c)| c.0 >= MIN_COUNT);
            let preferred = match_key(&entry.preferred);
            rule_ok += usize::from(rule_preferred(kept).as_deref() == Some(preferred.as_str()));
            dominant_ok += usize::from(case.dominant.get(&key) == Some(&preferred));
        }
    }
    if debug(threshold, more) {
        for entry in &report.entries {
            let key = group_key(&entry.arabic[0].text);
            let mined: Vec<String> = entry.spellings.iter().map(|s| match_key(&s.text)).collect();
            let exact = gold
                .get(&key)
                .is_some_and(|g| g.len() == mined.len() && mined.iter().all(|m| g.contains(m)));
            if !exact && !places.iter().any(|(a, _)| *a == key) {
                say!(
                    "inexact group: {} mined {:?} gold {:?}",
                    entry.arabic[0].text,
                    mined,
                    gold.get(&key)
                );
            }
        }
        for entry in &report.entries {
            let key = group_key(&entry.arabic[0].text);
            for s in &entry.spellings {
                let k = match_key(&s.text);
                let ok = gold.get(&key).is_some_and(|g| g.contains(&k))
                    || places.contains(&(key.clone(), k.clone()));
                if !ok {
                    say!(
                        "false pair: {} → {} ×{}",
                        entry.arabic[0].text,
                        s.text,
                        s.count
                    );
                }
            }
        }
        for (key, g) in &gold {
            let mined: HashSet<String> = report
                .entries
                .iter()
                .filter(|e| group_key(&e.arabic[0].text) == **key)
                .flat_map(|e| e.spellings.iter().map(|s| match_key(&s.text)))
                .collect();
            for s in g.iter().filter(|s| !mined.contains(**s)) {
                say!("missed: {key} → {s} ×{}", counts[*key][*s].0);
            }
        }
    }
    let gold_pairs: usize = gold.values().map(HashSet::len).sum();
    let gold_found: usize = report
        .entries
        .iter()
        .map(|e| {
            let key = group_key(&e.arabic[0].text);
            e.spellings
                .iter()
                .filter(|s| {
                    gold.get(&key)
                        .is_some_and(|g| g.contains(&match_key(&s.text)))
                })
                .count()
        })
        .sum();
    let mined_groups = report
        .entries
        .iter()
        .filter(|e| {
            !places
                .iter()
                .any(|(a, _)| *a == group_key(&e.arabic[0].text))
        })
        .count();
    let (audit_p, audit_r) = audit_scores(case, &counts, &opts);
    Scores {
        pair_p: ratio(right, mined),
        pair_r: ratio(gold_found, gold_pairs),
        group_p: ratio(exact, mined_groups),
        group_r: ratio(exact, gold.len()),
        preferred_rule: ratio(rule_ok, found),
        preferred_dominant: ratio(dominant_ok, found),
        audit_p,
        audit_r,
    }
}

fn audit_scores(
    case: &Case,
    counts: &HashMap<String, HashMap<String, (usize, usize)>>,
    opts: &MineOptions,
) -> (f64, f64) {
    let preferred: HashMap<&String, String> = counts
        .iter()
        .filter_map(|(a, s)| rule_preferred(s.iter()).map(|p| (a, p)))
        .collect();
    let mut gold: HashSet<i64> = case.truth.minority_titles.iter().copied().collect();
    for (unit, names) in &case.truth.names {
        for (arabic, english) in names {
            let (key, spelling) = (group_key(arabic), match_key(english));
            let wrong = if case.in_glossary.contains(&key) {
                case.dominant.get(&key) != Some(&spelling)
            } else {
                counts[&key].len() > 1 && preferred.get(&key) != Some(&spelling)
            };
            if wrong {
                gold.insert(*unit);
            }
        }
    }
    let report = mine::audit(&case.memory, &case.glossary, opts, MIN_COUNT).expect("audit");
    let flagged: HashSet<i64> = report.findings.iter().flat_map(|f| f.units()).collect();
    let right = flagged.intersection(&gold).count();
    if debug(opts.min_similarity, opts.min_similarity_more_english) {
        for f in &report.findings {
            if f.units().iter().any(|u| !gold.contains(u)) {
                say!("false: {}", serde_json::to_string(f).unwrap_or_default());
            }
        }
    }
    (ratio(right, flagged.len()), ratio(right, gold.len()))
}

/// EVAL_DEBUG=0.7 prints the errors at that similarity threshold (EVAL_DEBUG=0.7/0.8: and
/// that bar for more English units).
fn debug(threshold: f32, more: f32) -> bool {
    let Ok(v) = std::env::var("EVAL_DEBUG") else {
        return false;
    };
    let mut parts = v.split('/').map(|p| p.parse::<f32>().unwrap_or(-1.0));
    let t = parts.next().unwrap_or(-1.0);
    let m = parts.next().unwrap_or(0.0);
    (t - threshold).abs() < 1e-6 && (m - more).abs() < 1e-6
}

/// Mining time on a memory of about `n` pairs (all names, cycled), after building it.
fn speed(names: &[Name], n: usize) {
    let mut rng = Rng(7);
    let mut planted = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < n * 9 / 10 {
        let p = plant(
            std::slice::from_ref(&names[i % names.len()]),
            &mut rng,
            40.0,
        );
        total += p[0].spellings.len();
        planted.extend(p);
        i += 1;
    }
    let started = Instant::now();
    let (memory, _) = build(&planted, &mut rng);
    let built = started.elapsed();
    let units = memory.len().unwrap_or(0);
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let report = mine::mine(
        &memory,
        &Glossary::default(),
        &MineOptions::default(),
        MIN_COUNT,
        0.0,
    )
    .expect("mine");
    let (mined, mined_cpu) = (started.elapsed(), cpu_seconds() - cpu);
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let audit = mine::audit(
        &memory,
        &Glossary::default(),
        &MineOptions::default(),
        MIN_COUNT,
    )
    .expect("audit");
    let (audited, audited_cpu) = (started.elapsed(), cpu_seconds() - cpu);
    say!(
        "{units} pairs (built in {:.1} s): mine {:.2} s wall, {:.2} s CPU ({} entries); audit {:.2} s wall, {:.2} s CPU ({} findings)",
        built.as_secs_f64(),
        mined.as_secs_f64(),
        mined_cpu,
        report.entries.len(),
        audited.as_secs_f64(),
        audited_cpu,
        audit.findings.len()
    );
}
