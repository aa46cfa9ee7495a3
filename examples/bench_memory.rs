//! Benchmark of the memory (not a test): builds a memory of N pairs (real NTREX and Tatoeba
//! pairs from ../shared/data, scaled up with deterministic synthetic variants), then prints
//! import pairs/s, suggest latency percentiles over 1,000 queries (threshold 70, top 5, one
//! thread), recall against a brute-force scan of the same memory, the brute-force time per
//! query and the ratio, the database size, and the cold-process `tarjama suggest` time.
//!
//! `cargo run --release --example bench_memory -- [N] [--queries Q] [--db PATH] [--via-writer]
//! [--no-brute] [--import-only]`
//!
//! By default the pairs go through a CSV file and `tarjama::import::import_file` (the product's
//! import path); `--via-writer` feeds them to `Writer::add_all` directly instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tarjama::import::{import_file, ImportOptions};
use tarjama::memory::{AddOutcome, BruteForce, Memory, Side, SuggestOptions, UnitRecord};

#[path = "support/synthetic_glossary.rs"]
mod synthetic_glossary;

/// The same allocator as the `tarjama` binary, so figures match what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    n: usize,
    via_writer: bool,
    /// Skip the brute-force recall check and the cold CLI runs (quick iterations).
    no_brute: bool,
    /// Stop after the import (no suggest at all).
    import_only: bool,
    queries: usize,
    db: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        n: 1_000_000,
        via_writer: false,
        no_brute: false,
        import_only: false,
        queries: 1000,
        db: PathBuf::from("target/bench_memory.db"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--queries" => {
                args.queries = it.next().and_then(|v| v.parse().ok()).expect("--queries N")
            }
            "--via-writer" => args.via_writer = true,
            "--no-brute" => args.no_brute = true,
            "--import-only" => args.import_only = true,
            "--db" => args.db = PathBuf::from(it.next().expect("--db PATH")),
            n => args.n = n.replace('_', "").parse().expect("N must be a number"),
        }
    }
    args
}

/// ../shared from the repository root (or from a worktree's parent).
fn shared_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.join("data").is_dir())
}

/// (arabic, english) pairs from NTREX-128 and Tatoeba.
fn real_pairs(shared: &Path) -> Vec<(String, String)> {
    let data = shared.join("data");
    let read =
        |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let ar = read(data.join("ntrex128-en-ar/newstest2019-ref.arb.txt"));
    let en = read(data.join("ntrex128-en-ar/newstest2019-src.eng.txt"));
    let mut pairs: Vec<(String, String)> = ar
        .lines()
        .zip(en.lines())
        .map(|(a, e)| (a.trim().to_owned(), e.trim().to_owned()))
        .collect();
    for line in read(data.join("tatoeba-ara-eng/ara.txt")).lines() {
        let mut f = line.split('\t');
        if let (Some(e), Some(a)) = (f.next(), f.next()) {
            pairs.push((a.trim().to_owned(), e.trim().to_owned()));
        }
    }
    pairs.retain(|(a, e)| !a.is_empty() && !e.is_empty());
    pairs
}

/// splitmix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Word pools with the corpus's own frequency distribution (a word drawn from a random
/// position of a random sentence).
struct Pools {
    ar: Vec<String>,
    en: Vec<String>,
}

impl Pools {
    fn new(pairs: &[(String, String)]) -> Pools {
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        Pools {
            ar: pairs.iter().flat_map(|p| words(&p.0)).collect(),
            en: pairs.iter().flat_map(|p| words(&p.1)).collect(),
        }
    }
}

/// A variant of `text`: `edits` random word substitutions, insertions or deletions.
fn mutate(text: &str, pool: &[String], edits: usize, rng: &mut Rng) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    for _ in 0..edits {
        let pos = rng.below(words.len() + 1);
        let word = pool[rng.below(pool.len())].as_str();
        match rng.below(3) {
            0 if pos < words.len() => words[pos] = word,
            1 if pos < words.len() && words.len() > 1 => {
                words.remove(pos);
            }
            _ => words.insert(pos, word),
        }
    }
    words.join(" ")
}

/// The i-th pair of the scaled-up memory: the real pairs first, then variants.
fn synthetic(i: usize, real: &[(String, String)], pools: &Pools) -> (String, String) {
    let rng = &mut Rng(i as u64 * 0x2545_F491_4F6C_DD1D);
    if i < real.len() {
        return real[i].clone();
    }
    let (a, e) = &real[rng.below(real.len())];
    let edits = 1 + rng.below(3);
    (
        mutate(a, &pools.ar, edits, rng),
        mutate(e, &pools.en, edits, rng),
    )
}

fn build(args: &Args, real: &[(String, String)], pools: &Pools) -> Memory {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", args.db.display()));
    }
    let mut memory = Memory::open_or_create(&args.db).expect("create memory");
    let units: Vec<UnitRecord> = (0..args.n)
        .map(|i| {
            let (a, e) = synthetic(i, real, pools);
            let mut unit = UnitRecord::new(Side::new("ar", a), Side::new("en", e));
            unit.origin = Some(format!("bench-{}", i / 1000));
            unit
        })
        .collect();
    let start = Instant::now();
    let cpu = cpu_seconds();
    let (added, merged, alternatives, how) = if args.via_writer {
        let counts = import_with_writer(&mut memory, &units);
        (
            counts.0,
            counts.1,
            counts.2,
            "Writer::add_all in batches of 8,192",
        )
    } else {
        let csv = write_csv(&args.db, &units);
        let t = Instant::now();
        let cpu_csv = cpu_seconds();
        let cpu_main = thread_cpu_seconds();
        let options = ImportOptions::default();
        let report = import_file(&mut memory, &csv, &options, &mut |_| {}).expect("import");
        println!(
            "  (CSV import alone: {:.1} s wall, {:.1} CPU s, of which {:.1} on the storing thread)",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu_csv,
            thread_cpu_seconds() - cpu_main
        );
        let _ = std::fs::remove_file(&csv);
        (
            report.added,
            report.merged,
            report.alternatives,
            "CSV file -> tarjama::import::import_file, including writing the CSV",
        )
    };
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(
        "import ({how}): {} pairs in {:.1} s wall = {:.0} pairs/s; {:.1} CPU s = {:.0} pairs per CPU second ({added} added, {merged} merged, {alternatives} alternatives; load average {})",
        args.n,
        secs,
        args.n as f64 / secs,
        cpu,
        args.n as f64 / cpu,
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().next().unwrap_or("?")
    );
    memory
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    memory
}

fn import_with_writer(memory: &mut Memory, units: &[UnitRecord]) -> (u64, u64, u64) {
    let (mut added, mut merged, mut alternatives) = (0, 0, 0);
    let mut w = memory.writer().expect("writer");
    for batch in units.chunks(8192) {
        for outcome in w.add_all(batch).expect("add") {
            match outcome {
                AddOutcome::Added(_) => added += 1,
                AddOutcome::Merged(_) => merged += 1,
                AddOutcome::Alternative(_) => alternatives += 1,
            }
        }
    }
    w.commit().expect("commit");
    (added, merged, alternatives)
}

/// The units as a CSV file with an `ar,en,origin` header, next to the database.
fn write_csv(db: &Path, units: &[UnitRecord]) -> PathBuf {
    let path = db.with_extension("csv");
    let mut w = csv::Writer::from_path(&path).expect("create csv");
    w.write_record(["ar", "en", "origin"]).expect("write csv");
    for u in units {
        let origin = u.origin.as_deref().unwrap_or("");
        w.write_record([u.source.text.as_str(), u.target.text.as_str(), origin])
            .expect("write csv");
    }
    w.flush().expect("flush csv");
    path
}

fn queries(count: usize, real: &[(String, String)], pools: &Pools, n: usize) -> Vec<String> {
    let mut rng = Rng(7);
    (0..count)
        .map(|i| {
            let (a, _) = synthetic(rng.below(n.max(1)), real, pools);
            match i % 4 {
                0 => a,
                1 => mutate(&a, &pools.ar, 1, &mut rng),
                2 => mutate(&a, &pools.ar, 2 + rng.below(3), &mut rng),
                _ => mutate(&real[rng.below(real.len())].0, &pools.ar, 3, &mut rng),
            }
        })
        .collect()
}

/// CPU seconds used by this process so far (user + system, all threads), from
/// /proc/self/stat; the machine is shared, so wall time alone says little.
fn cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/self/stat")
}

/// CPU seconds used by the calling thread so far (the import stores on it; a second thread
/// reads and tokenizes).
fn thread_cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/thread-self/stat")
}

fn stat_cpu_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args = parse_args();
    let Some(shared) = shared_dir() else {
        println!("skipped: ../shared/data not found (needed for the real pairs)");
        return;
    };
    let real = real_pairs(&shared);
    let pools = Pools::new(&real);
    println!(
        "memory of {} pairs ({} real pairs, the rest synthetic variants), db {}",
        args.n,
        real.len().min(args.n),
        args.db.display()
    );
    let memory = build(&args, &real, &pools);
    let size = std::fs::metadata(&args.db).map(|m| m.len()).unwrap_or(0);
    println!(
        "database size: {:.1} MB ({:.0} bytes/pair)",
        size as f64 / 1e6,
        size as f64 / args.n as f64
    );
    if args.import_only {
        return;
    }

    let qs = queries(args.queries, &real, &pools, args.n);
    let opts = SuggestOptions::new("ar", "en");
    let mut times = Vec::with_capacity(qs.len());
    let mut answers = Vec::with_capacity(qs.len());
    for q in &qs {
        let t = Instant::now();
        let got = memory.suggest(q, &opts).expect("suggest");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        answers.push(got);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "suggest (threshold 70, top 5, 1 thread, {} queries): p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms, mean {:.3} ms; {} queries with matches",
        qs.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95),
        percentile(&sorted, 0.99),
        sorted[sorted.len() - 1],
        mean,
        answers.iter().filter(|a| !a.is_empty()).count()
    );
    if args.no_brute {
        return;
    }

    let t = Instant::now();
    let brute = BruteForce::load(&memory, "ar", "en").expect("load");
    println!(
        "brute force: {} sides loaded into RAM in {:.1} s",
        brute.len(),
        t.elapsed().as_secs_f64()
    );
    let (mut expected, mut found, mut identical) = (0usize, 0usize, 0usize);
    let t = Instant::now();
    for (q, fast) in qs.iter().zip(&answers) {
        let slow = brute.suggest(&memory, q, &opts).expect("brute force");
        expected += slow.len();
        found += slow
            .iter()
            .filter(|s| fast.iter().any(|f| f.id == s.id && f.score == s.score))
            .count();
        identical += usize::from(&slow == fast);
    }
    let brute_ms = t.elapsed().as_secs_f64() * 1e3 / qs.len() as f64;
    println!(
        "recall vs brute force: {found}/{expected} = {:.2}% ({identical}/{} answers identical incl. order)",
        if expected == 0 { 100.0 } else { 100.0 * found as f64 / expected as f64 },
        qs.len()
    );
    println!("brute force (in-RAM scan, plain DP): {brute_ms:.1} ms/query; index is {:.0}x faster (mean) and {:.0}x (p50)", brute_ms / mean, brute_ms / percentile(&sorted, 0.5));
    cold_cli(&args.db, &qs, "");
    // A newsroom memory carries its glossary, and `suggest` shows each query's terms.
    let entries =
        synthetic_glossary::glossary(10_000, &mut synthetic_glossary::Rng(0x2545_F491_4F6C_DD1D))
            .entries;
    tarjama::glossary::store::save(memory.conn(), &entries).expect("store the glossary");
    cold_cli(&args.db, &qs, " with a 10,000-entry glossary");
}

/// Wall time of a fresh `tarjama suggest` process (OS page cache warm, process cold).
fn cold_cli(db: &Path, qs: &[String], label: &str) {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tarjama");
    if !exe.exists() {
        println!(
            "cold CLI: skipped (build target/release/tarjama with `cargo build --release` first)"
        );
        return;
    }
    let mut times: Vec<f64> = qs
        .iter()
        .take(21)
        .map(|q| {
            let t = Instant::now();
            let out = Command::new(&exe)
                .args(["--tm"])
                .arg(db)
                .args(["suggest", "--from", "ar", "--to", "en", "--json", q])
                .output()
                .expect("run tarjama");
            assert!(
                out.status.success() || out.status.code() == Some(1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "cold `tarjama suggest --json` process{label}: median {:.1} ms, max {:.1} ms over {} runs",
        percentile(&times, 0.5),
        times[times.len() - 1],
        times.len()
    );
}
