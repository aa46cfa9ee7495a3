//! Benchmark of the memory (not a test): builds a memory of N pairs in one of three shapes
//! (`support/bench_corpus.rs`: short sentences, long paragraphs, boilerplate-heavy units;
//! real pairs from ../shared/data scaled up with deterministic synthetic variants), then
//! prints import pairs/s and MB/s of CSV, the file's bytes per CSV byte, suggest latency
//! percentiles over Q queries (threshold 70, top 5, one thread) for each of R runs with
//! their spread, the search's work counts (posting entries read, candidates, verifications,
//! distance word operations: deterministic, unlike time on a shared machine), recall against
//! a brute-force scan of the same memory, and the cold-process `tarjama suggest` time.
//!
//! `cargo run --release --example bench_memory -- [N] [--shape short|long|boilerplate]
//! [--queries Q] [--runs R] [--brute-queries B] [--db PATH] [--via-writer] [--no-brute]
//! [--import-only] [--reuse] [--tokens-in-ram] [--csv-only]`
//!
//! By default the pairs go through CSV files (one per language pair) and
//! `tarjama::import::import_file` (the product's import path); `--via-writer` feeds them to
//! `Writer::add_all` directly instead. `--reuse` queries the memory a previous run left at
//! `--db` (same N and shape) without building it; `--csv-only` writes the CSV files and the
//! queries (one per line, `PATH.queries.txt`) and stops, for timing `tarjama import` and
//! `tarjama suggest` under `/usr/bin/time -v`; `--tokens-in-ram` loads the sides' tokens into
//! RAM before the queries, as `tarjama serve --tokens-in-ram` does (the recall check then
//! checks that path).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tarjama::import::{import_file, ImportOptions};
use tarjama::memory::{
    AddOutcome, BruteForce, Memory, SearchWork, Side, SuggestOptions, Suggestion, UnitRecord,
};

#[path = "support/bench_corpus.rs"]
mod bench_corpus;
#[path = "support/proc_stats.rs"]
mod proc_stats;
#[path = "support/synthetic_glossary.rs"]
mod synthetic_glossary;

use bench_corpus::{shared_dir, Corpus, Query, Shape};
use proc_stats::{
    cpu_seconds, load_average, page_faults, peak_rss_mb, system_seconds, thread_cpu_seconds,
};

/// The same allocator as the `tarjama` binary, so figures match what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    n: usize,
    shape: Shape,
    via_writer: bool,
    /// Skip the brute-force recall check and the cold CLI runs (quick iterations).
    no_brute: bool,
    /// Stop after the import (no suggest at all).
    import_only: bool,
    /// Query the memory already at `db` instead of building it.
    reuse: bool,
    /// Write the CSV files and the queries, then stop.
    csv_only: bool,
    /// Run `Memory::compact` before querying (it orders the tokens by frequency).
    compact: bool,
    /// Load the sides' tokens into RAM before querying (`Memory::load_side_tokens`, what
    /// `tarjama serve --tokens-in-ram` does).
    tokens_in_ram: bool,
    queries: usize,
    runs: usize,
    /// Check recall on the first B queries only (a brute-force scan of long units is slow).
    brute_queries: usize,
    db: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        n: 1_000_000,
        shape: Shape::Short,
        via_writer: false,
        no_brute: false,
        import_only: false,
        reuse: false,
        tokens_in_ram: false,
        csv_only: false,
        compact: false,
        queries: 1000,
        runs: 3,
        brute_queries: usize::MAX,
        db: PathBuf::from("target/bench_memory.db"),
    };
    let mut it = std::env::args().skip(1);
    let number = |v: Option<String>, what: &str| -> usize {
        v.and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or_else(|| usage(&format!("{what} needs a number")))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--queries" => args.queries = number(it.next(), "--queries"),
            "--runs" => args.runs = number(it.next(), "--runs").max(1),
            "--brute-queries" => args.brute_queries = number(it.next(), "--brute-queries"),
            "--shape" => {
                args.shape = it
                    .next()
                    .and_then(|s| Shape::parse(&s))
                    .unwrap_or_else(|| usage("--shape takes short, long or boilerplate"))
            }
            "--via-writer" => args.via_writer = true,
            "--no-brute" => args.no_brute = true,
            "--import-only" => args.import_only = true,
            "--reuse" => args.reuse = true,
            "--tokens-in-ram" => args.tokens_in_ram = true,
            "--csv-only" => args.csv_only = true,
            "--compact" => args.compact = true,
            "--db" => {
                args.db = PathBuf::from(it.next().unwrap_or_else(|| usage("--db needs a path")))
            }
            "-h" | "--help" => usage(""),
            n if n.starts_with('-') => usage(&format!("unknown option {n}")),
            n => args.n = number(Some(n.to_owned()), "N"),
        }
    }
    args
}

/// Prints what went wrong (if anything) and the usage line, and exits (2 on an error).
fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("bench_memory: {problem}");
    }
    eprintln!(
        "usage: bench_memory [N] [--shape short|long|boilerplate] [--queries Q] [--runs R] \
         [--brute-queries B] [--db PATH] [--via-writer] [--no-brute] [--import-only] [--reuse] [--tokens-in-ram] \
         [--csv-only] [--compact]"
    );
    std::process::exit(if problem.is_empty() { 0 } else { 2 })
}

fn record(p: bench_corpus::Pair, i: usize) -> UnitRecord {
    let mut unit = UnitRecord::new(Side::new(p.langs[0], p.a), Side::new(p.langs[1], p.b));
    unit.origin = Some(format!("bench-{}", i / 1000));
    unit
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// Builds the memory; returns it and the bytes of CSV imported (0 via the writer).
fn build(args: &Args, corpus: &Corpus) -> (Memory, u64) {
    remove_db(&args.db);
    let mut memory = Memory::open_or_create(&args.db).expect("create memory");
    let start = Instant::now();
    let cpu = cpu_seconds();
    let (counts, csv_bytes, how) = if args.via_writer {
        let units: Vec<UnitRecord> = (0..args.n).map(|i| record(corpus.unit(i), i)).collect();
        (
            import_with_writer(&mut memory, &units),
            0,
            "Writer::add_all in batches of 8,192",
        )
    } else {
        let files = write_csv(&args.db, corpus, args.n);
        let csv_bytes: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
            .sum();
        let t = Instant::now();
        let cpu_csv = cpu_seconds();
        let cpu_main = thread_cpu_seconds();
        let mut counts = (0, 0, 0);
        for csv in &files {
            let report = import_file(&mut memory, csv, &ImportOptions::default(), &mut |_| {})
                .expect("import");
            counts.0 += report.added;
            counts.1 += report.merged;
            counts.2 += report.alternatives;
            let _ = std::fs::remove_file(csv);
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "import of the CSV alone: {:.1} s wall = {:.0} pairs/s = {:.1} MB/s of CSV ({:.1} MB in {} file(s)); {:.1} CPU s, of which {:.1} on the storing thread; load average {}",
            secs,
            args.n as f64 / secs,
            csv_bytes as f64 / 1e6 / secs,
            csv_bytes as f64 / 1e6,
            files.len(),
            cpu_seconds() - cpu_csv,
            thread_cpu_seconds() - cpu_main,
            load_average()
        );
        (
            counts,
            csv_bytes,
            "CSV file -> tarjama::import::import_file, including writing the CSV",
        )
    };
    let (added, merged, alternatives) = counts;
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(
        "import ({how}): {} pairs in {:.1} s wall = {:.0} pairs/s; {:.1} CPU s = {:.0} pairs per CPU second ({added} added, {merged} merged, {alternatives} alternatives; load average {})",
        args.n,
        secs,
        args.n as f64 / secs,
        cpu,
        args.n as f64 / cpu,
        load_average()
    );
    memory
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    (memory, csv_bytes)
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

/// The units as CSV files next to the database, one per language pair, each with an
/// `A,B,origin` header; written as generated, so 10M pairs need no RAM for them.
fn write_csv(db: &Path, corpus: &Corpus, n: usize) -> Vec<PathBuf> {
    let mut writers: BTreeMap<[&str; 2], (PathBuf, csv::Writer<std::fs::File>)> = BTreeMap::new();
    for i in 0..n {
        let p = corpus.unit(i);
        let (_, w) = writers.entry(p.langs).or_insert_with(|| {
            let path = db.with_extension(format!("{}-{}.csv", p.langs[0], p.langs[1]));
            let mut w = csv::Writer::from_path(&path).expect("create csv");
            w.write_record([p.langs[0], p.langs[1], "origin"])
                .expect("write csv");
            (path, w)
        });
        let origin = format!("bench-{}", i / 1000);
        w.write_record([p.a.as_str(), p.b.as_str(), origin.as_str()])
            .expect("write csv");
    }
    writers
        .into_values()
        .map(|(path, mut w)| {
            w.flush().expect("flush csv");
            path
        })
        .collect()
}

fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn options(q: &Query) -> SuggestOptions {
    SuggestOptions::new(q.langs[0], q.langs[1])
}

/// One timed pass over the queries: times in ms, answers, work per query.
fn run_queries(memory: &Memory, qs: &[Query]) -> (Vec<f64>, Vec<Vec<Suggestion>>, Vec<SearchWork>) {
    let mut times = Vec::with_capacity(qs.len());
    let mut answers = Vec::with_capacity(qs.len());
    let mut work = Vec::with_capacity(qs.len());
    for q in qs {
        let before = SearchWork::now();
        let t = Instant::now();
        let got = memory.suggest(&q.text, &options(q)).expect("suggest");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        work.push(SearchWork::now().since(before));
        answers.push(got);
    }
    (times, answers, work)
}

fn main() {
    let args = parse_args();
    let Some(shared) = shared_dir() else {
        println!("skipped: ../shared/data not found (needed for the real pairs)");
        return;
    };
    let corpus = Corpus::new(&shared, args.shape);
    println!(
        "{} shape: memory of {} pairs ({} real, the rest synthetic variants), db {}",
        args.shape.name(),
        args.n,
        corpus.real.len().min(args.n),
        args.db.display()
    );
    let qs = corpus.queries(args.queries, args.n);
    if args.csv_only {
        let files = write_csv(&args.db, &corpus, args.n);
        let path = args.db.with_extension("queries.txt");
        let text: Vec<&str> = qs.iter().map(|q| q.text.as_str()).collect();
        std::fs::write(&path, text.join("\n") + "\n").expect("write queries");
        for f in files {
            println!("wrote {}", f.display());
        }
        println!("wrote {} ({} queries)", path.display(), qs.len());
        return;
    }
    let (mut memory, csv_bytes) = if args.reuse {
        (
            Memory::open_existing(&args.db).expect("open the memory of a previous run"),
            0,
        )
    } else {
        build(&args, &corpus)
    };
    if args.compact {
        let t = Instant::now();
        let cpu = cpu_seconds();
        let report = memory.compact().expect("compact");
        println!(
            "compact: {:.1} s wall, {:.1} CPU s; {} dead entries removed; load average {}",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            report.removed,
            load_average()
        );
    }
    let size = std::fs::metadata(&args.db).map(|m| m.len()).unwrap_or(0);
    println!(
        "database size: {:.1} MB ({:.0} bytes/pair{}); peak RSS of this process so far {:.0} MB",
        size as f64 / 1e6,
        size as f64 / args.n as f64,
        if csv_bytes > 0 {
            format!(
                ", {:.2} bytes per byte of CSV",
                size as f64 / csv_bytes as f64
            )
        } else {
            String::new()
        },
        peak_rss_mb()
    );
    if args.import_only {
        return;
    }
    if args.tokens_in_ram {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let sides = memory.load_side_tokens().expect("load the sides' tokens");
        println!(
            "tokens in RAM: {} units, {:.1} MB, loaded in {:.2} s wall, {:.2} CPU s; peak RSS {:.0} MB",
            sides.units(),
            sides.heap_bytes() as f64 / 1e6,
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            peak_rss_mb()
        );
    }

    let mut runs = Vec::new();
    let mut answers = Vec::new();
    let mut work = Vec::new();
    let mut last_times = Vec::new();
    for run in 0..args.runs {
        let (cpu, sys, faults) = (cpu_seconds(), system_seconds(), page_faults());
        let (times, got, w) = run_queries(&memory, &qs);
        let per_query = qs.len() as f64;
        let cpu_ms = (cpu_seconds() - cpu) * 1e3 / per_query;
        let sys_ms = (system_seconds() - sys) * 1e3 / per_query;
        let faults = (page_faults() - faults) / per_query;
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "run {}: suggest (threshold 70, top 5, 1 thread, {} queries): p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms, mean {:.3} ms ({cpu_ms:.3} CPU ms, {sys_ms:.3} of it system; {faults:.1} page faults); {} queries with matches; load average {}",
            run + 1,
            qs.len(),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.95),
            percentile(&sorted, 0.99),
            sorted[sorted.len() - 1],
            mean,
            got.iter().filter(|a| !a.is_empty()).count(),
            load_average()
        );
        runs.push((percentile(&sorted, 0.5), percentile(&sorted, 0.99), mean));
        answers = got;
        work = w;
        last_times = times;
    }
    let spread = |f: fn(&(f64, f64, f64)) -> f64| {
        let v: Vec<f64> = runs.iter().map(f).collect();
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        format!("{lo:.3}–{hi:.3}")
    };
    println!(
        "over {} runs: p50 {} ms, p99 {} ms, mean {} ms; peak RSS {:.0} MB",
        runs.len(),
        spread(|r| r.0),
        spread(|r| r.1),
        spread(|r| r.2),
        peak_rss_mb()
    );
    print_work(&work);
    print_kinds(&qs, &last_times, &work);
    let mean = runs.last().map_or(0.0, |r| r.2);
    let p50 = runs.last().map_or(0.0, |r| r.0);
    if args.no_brute {
        return;
    }
    check_recall(&memory, &qs, &answers, args.brute_queries, mean, p50);
    let short: Vec<&Query> = qs.iter().filter(|q| q.langs == ["ar", "en"]).collect();
    cold_cli(&args.db, &short, "");
    // A newsroom memory carries its glossary, and `suggest` shows each query's terms.
    let entries =
        synthetic_glossary::glossary(10_000, &mut synthetic_glossary::Rng(0x2545_F491_4F6C_DD1D))
            .entries;
    tarjama::glossary::store::save(memory.conn(), &entries).expect("store the glossary");
    cold_cli(&args.db, &short, " with a 10,000-entry glossary");
}

/// Work per query (deterministic): totals, p50, p99 and max of each count.
fn print_work(work: &[SearchWork]) {
    let stat = |f: fn(&SearchWork) -> u64| {
        let mut v: Vec<u64> = work.iter().map(f).collect();
        v.sort_unstable();
        format!(
            "total {} p50 {} p99 {} max {}",
            v.iter().sum::<u64>(),
            percentile(&v, 0.5),
            percentile(&v, 0.99),
            v[v.len() - 1]
        )
    };
    println!("work per query (deterministic):");
    println!("  posting lists read:     {}", stat(|w| w.lists));
    println!("  posting entries read:   {}", stat(|w| w.postings));
    println!("  candidates queued:      {}", stat(|w| w.candidates));
    println!("  sides verified:         {}", stat(|w| w.verified));
    println!("  distance word ops:      {}", stat(|w| w.word_ops));
    println!("  hits ranked (ties too): {}", stat(|w| w.hits));
    let stalled = work.iter().filter(|w| w.stalled > 0).count();
    println!("  count filter stopped on a stall (candidates no longer falling out): {stalled} of {} queries", work.len());
}

/// Per kind of query (last run): count, time, and p50/p99 of each work count.
fn print_kinds(qs: &[Query], times: &[f64], work: &[SearchWork]) {
    let mut kinds: Vec<&str> = qs.iter().map(|q| q.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    println!("by kind of query (last run; work counts as p50/p99):");
    for kind in kinds {
        let idx: Vec<usize> = (0..qs.len()).filter(|&i| qs[i].kind == kind).collect();
        let mut t: Vec<f64> = idx.iter().map(|&i| times[i]).collect();
        t.sort_by(f64::total_cmp);
        let stat = |f: fn(&SearchWork) -> u64| {
            let mut v: Vec<u64> = idx.iter().map(|&i| f(&work[i])).collect();
            v.sort_unstable();
            format!("{}/{}", percentile(&v, 0.5), percentile(&v, 0.99))
        };
        println!(
            "  {kind:<20} {:>4} queries: p50 {:.3} ms, p99 {:.3} ms; lists {}, entries {}, candidates {}, verified {}, word ops {}, hits {}",
            idx.len(),
            percentile(&t, 0.5),
            percentile(&t, 0.99),
            stat(|w| w.lists),
            stat(|w| w.postings),
            stat(|w| w.candidates),
            stat(|w| w.verified),
            stat(|w| w.word_ops),
            stat(|w| w.hits),
        );
    }
}

/// Recall of the index against a brute-force scan, per language pair, on the first
/// `limit` queries.
fn check_recall(
    memory: &Memory,
    qs: &[Query],
    answers: &[Vec<Suggestion>],
    limit: usize,
    mean: f64,
    p50: f64,
) {
    let mut brutes: BTreeMap<[&str; 2], BruteForce> = BTreeMap::new();
    let t = Instant::now();
    for q in qs.iter().take(limit) {
        brutes
            .entry(q.langs)
            .or_insert_with(|| BruteForce::load(memory, q.langs[0], q.langs[1]).expect("load"));
    }
    println!(
        "brute force: {} sides loaded into RAM in {:.1} s",
        brutes.values().map(BruteForce::len).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );
    let (mut expected, mut found, mut identical, mut checked) = (0usize, 0usize, 0usize, 0usize);
    let t = Instant::now();
    for (q, fast) in qs.iter().zip(answers).take(limit) {
        let slow = brutes[&q.langs]
            .suggest(memory, &q.text, &options(q))
            .expect("brute force");
        expected += slow.len();
        found += slow
            .iter()
            .filter(|s| fast.iter().any(|f| f.id == s.id && f.score == s.score))
            .count();
        identical += usize::from(&slow == fast);
        checked += 1;
    }
    let brute_ms = t.elapsed().as_secs_f64() * 1e3 / checked.max(1) as f64;
    println!(
        "recall vs brute force: {found}/{expected} = {:.2}% ({identical}/{checked} answers identical incl. order)",
        if expected == 0 { 100.0 } else { 100.0 * found as f64 / expected as f64 },
    );
    println!("brute force (in-RAM scan, bit-parallel distance): {brute_ms:.1} ms/query; index is {:.0}x faster (mean) and {:.0}x (p50)", brute_ms / mean, brute_ms / p50);
}

/// Wall time of a fresh `tarjama suggest` process (OS page cache warm, process cold).
fn cold_cli(db: &Path, qs: &[&Query], label: &str) {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tarjama");
    if !exe.exists() || qs.is_empty() {
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
                .args([
                    "suggest", "--from", q.langs[0], "--to", q.langs[1], "--json",
                ])
                .arg(&q.text)
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
