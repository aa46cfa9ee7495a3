//! Runs the library aligner on an evaluation dataset (`NNN.<src>`, `NNN.<tgt>`, `NNN.gold`,
//! as built by ../shared/tools/align_eval), writes `OUT/NNN.test` and prints strict and lax
//! precision/recall/F1 computed like ../shared/tools/align_eval/score.py (vecalign's
//! definitions), plus timings: all documents, and all documents concatenated into one pair.
//!
//! Run: `cargo run --release --example align_eval -- DATASET [OUT] [--no-second-pass]
//! [--no-builtin-lexicon] [--batch] [--learn PAIRS.tsv] [--no-concat]`. `--batch` learns a
//! lexicon from the first pass over all documents (as a growing memory would) before the
//! second pass. `--learn` stores `source<TAB>target` pairs as reviewed units of a scratch
//! memory and aligns with the lexicon that memory teaches (`tarjama align`'s memory lexicon).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tarjama::align::memory_lexicon::lexicon_from_memory;
use tarjama::align::{align, align_batch, AlignOptions, Bead, Lexicon};
use tarjama::memory::{Memory, Side, Status, UnitRecord};

#[path = "support/proc_stats.rs"]
mod proc_stats;
use proc_stats::cpu_seconds;
#[macro_use]
#[path = "support/say.rs"]
mod say;

type Ids = Vec<usize>;
type EvalBead = (Ids, Ids);

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", path.display());
        std::process::exit(2)
    })
}

fn lines(path: &Path) -> Vec<String> {
    read(path)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

fn parse_ids(field: &str) -> Ids {
    field
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().expect("bead id"))
        .collect()
}

/// Reads a bead file like score.py: `:`-separated fields, first two are id lists.
fn read_beads(text: &str) -> Vec<EvalBead> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line
                .split(':')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect();
            (fields.len() >= 2).then(|| (parse_ids(fields[0]), parse_ids(fields[1])))
        })
        .collect()
}

/// (hyp beads counted, strict hits, lax hits) of `hyp` judged against `reference`.
fn hits(reference: &[EvalBead], hyp: &[EvalBead]) -> [usize; 3] {
    let nonempty = |b: &&EvalBead| !b.0.is_empty() || !b.1.is_empty();
    let reference: HashSet<&EvalBead> = reference.iter().filter(nonempty).collect();
    let hyp: HashSet<&EvalBead> = hyp.iter().filter(nonempty).collect();
    let mut src_to_tgt: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (s, t) in &reference {
        for i in s {
            src_to_tgt.entry(*i).or_default().extend(t.iter().copied());
        }
    }
    let (mut strict, mut lax) = (0, 0);
    for b in &hyp {
        if reference.contains(b) {
            strict += 1;
            lax += 1;
        } else if b.0.iter().any(|i| {
            b.1.iter()
                .any(|j| src_to_tgt.get(i).is_some_and(|t| t.contains(j)))
        }) {
            lax += 1;
        }
    }
    [hyp.len(), strict, lax]
}

fn add(a: &mut [usize; 3], b: [usize; 3]) {
    for k in 0..3 {
        a[k] += b[k];
    }
}

fn report(p: [usize; 3], r: [usize; 3], docs: usize) {
    let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let f1 = |a: f64, b: f64| {
        if a + b == 0.0 {
            0.0
        } else {
            2.0 * a * b / (a + b)
        }
    };
    let (ps, rs) = (div(p[1], p[0]), div(r[1], r[0]));
    let (pl, rl) = (div(p[2], p[0]), div(r[2], r[0]));
    say!(
        "{{\"precision_strict\": {ps:.4}, \"recall_strict\": {rs:.4}, \"precision_lax\": {pl:.4}, \
         \"recall_lax\": {rl:.4}, \"f1_strict\": {:.4}, \"f1_lax\": {:.4}, \"docs\": {docs}, \
         \"test_beads\": {}, \"gold_beads_no_del\": {}}}",
        f1(ps, rs),
        f1(pl, rl),
        p[0],
        r[0]
    );
}

/// Stems of the dataset and its two language extensions.
fn dataset(dir: &Path) -> (Vec<String>, String, String) {
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2)
        })
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "gold" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    let first = stems.first().cloned().unwrap_or_default();
    let (s, t) = if dir.join(format!("{first}.ar")).exists() {
        ("ar", "en")
    } else {
        ("de", "fr")
    };
    (stems, s.to_string(), t.to_string())
}

/// A parameter override from the environment (for experiments; defaults otherwise).
fn env_or(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let second_pass = !args.iter().any(|a| a == "--no-second-pass");
    let batch = args.iter().any(|a| a == "--batch");
    let learn_from = args
        .iter()
        .position(|a| a == "--learn")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let pos: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--learn"))
        .map(|(_, a)| a)
        .collect();
    let Some(dir) = pos.first().map(PathBuf::from) else {
        say!(
            "usage: align_eval DATASET [OUT] [--no-second-pass] [--no-builtin-lexicon] [--batch] \
             [--learn PAIRS.tsv] [--no-concat]"
        );
        return;
    };
    if !dir.is_dir() {
        say!("skipped: {} not found", dir.display());
        return;
    }
    let out = pos.get(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from("target/align_eval").join(dir.file_name().unwrap_or_default())
    });
    std::fs::create_dir_all(&out).expect("create output folder");
    let (stems, s_ext, t_ext) = dataset(&dir);
    let learned = learn_from.map(|path| reviewed_memory_lexicon(&path, &s_ext, &t_ext));
    let opts = AlignOptions {
        lexicon: learned.as_ref(),
        second_pass,
        lambda: env_or("LAMBDA", 1.0),
        mu: env_or("MU", 1.0),
        builtin_lexicon: !args.iter().any(|a| a == "--no-builtin-lexicon"),
        ..AlignOptions::default()
    };
    let docs: Vec<(Vec<String>, Vec<String>)> = stems
        .iter()
        .map(|st| {
            (
                lines(&dir.join(format!("{st}.{s_ext}"))),
                lines(&dir.join(format!("{st}.{t_ext}"))),
            )
        })
        .collect();
    let started = Instant::now();
    let cpu = cpu_seconds();
    let borrowed: Vec<(Vec<&str>, Vec<&str>)> = docs
        .iter()
        .map(|(s, t)| {
            (
                s.iter().map(String::as_str).collect(),
                t.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let outputs: Vec<Vec<Bead>> = if batch {
        align_batch(&borrowed, &opts)
    } else {
        borrowed.iter().map(|(s, t)| align(s, t, &opts)).collect()
    };
    let elapsed = started.elapsed();
    let cpu = cpu_seconds() - cpu;
    let (mut p, mut r) = ([0; 3], [0; 3]);
    for (st, beads) in stems.iter().zip(&outputs) {
        let text: String = beads
            .iter()
            .map(|b| format!("{}:{:.3}\n", b.to_eval_string(), b.confidence))
            .collect();
        std::fs::write(out.join(format!("{st}.test")), &text).expect("write test file");
        let test = read_beads(&text);
        let gold = read_beads(&read(&dir.join(format!("{st}.gold"))));
        add(&mut p, hits(&gold, &test));
        let no_del = |v: &[EvalBead]| -> Vec<EvalBead> {
            v.iter()
                .filter(|b| !b.0.is_empty() && !b.1.is_empty())
                .cloned()
                .collect()
        };
        add(&mut r, hits(&no_del(&test), &no_del(&gold)));
    }
    report(p, r, stems.len());
    say!(
        "aligned {} documents in {:.3} s wall, {cpu:.2} s CPU (second pass: {second_pass}, \
         batch: {batch}); output in {}",
        stems.len(),
        elapsed.as_secs_f64(),
        out.display()
    );
    if !args.iter().any(|a| a == "--no-concat") {
        time_concatenated(&docs, &opts);
    }
}

/// The lexicon `tarjama align` would learn from a memory whose reviewed units are the
/// `source<TAB>target` lines of `path`.
fn reviewed_memory_lexicon(path: &Path, source: &str, target: &str) -> Lexicon {
    let mut memory = Memory::in_memory().expect("scratch memory");
    let mut writer = memory.writer().expect("writer");
    let mut units = 0;
    for line in read(path).lines() {
        let Some((s, t)) = line.trim_end_matches('\r').split_once('\t') else {
            continue;
        };
        let mut unit = UnitRecord::new(Side::new(source, s), Side::new(target, t));
        unit.status = Status::Reviewed;
        writer.add(&unit).expect("add unit");
        units += 1;
    }
    writer.commit().expect("commit");
    let lexicon = lexicon_from_memory(&memory, source, target).expect("learn lexicon");
    say!(
        "memory lexicon: {} entries learned from {units} reviewed units ({})",
        lexicon.len(),
        path.display()
    );
    lexicon
}

/// Times one alignment of all documents concatenated into a single pair.
fn time_concatenated(docs: &[(Vec<String>, Vec<String>)], opts: &AlignOptions<'_>) {
    let s: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.0.iter().map(String::as_str))
        .collect();
    let t: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.1.iter().map(String::as_str))
        .collect();
    let started = Instant::now();
    let cpu = cpu_seconds();
    let beads = align(&s, &t, opts);
    say!(
        "one concatenated pair {} x {} sentences: {} beads in {:.3} s wall, {:.2} s CPU",
        s.len(),
        t.len(),
        beads.len(),
        started.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
}
