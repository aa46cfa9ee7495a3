//! Profile of the amaGama lookup in one process (not a test): the requests of
//! `scripts/load_serve.sh` (one amaGama GET path per line, `target/load/queries.txt`) answered
//! with the same calls the server makes, without HTTP, so `perf stat -e instructions` and
//! `valgrind --tool=callgrind` see only the lookup's work. Prints the search's work counts
//! (deterministic), the CPU time per request (the thread's own, from
//! `/proc/thread-self/schedstat`: little affected by other processes), the wall time
//! percentiles (noisy on a shared machine) and a digest of every answer, so two versions can
//! be checked to answer byte for byte the same.
//!
//! `cargo run --release --example serve_profile -- DB [QUERIES] [--rounds R] [--limit N]
//! [--answers FILE] [--no-snapshot] [--slowest N] [--mmap BYTES]`
//!
//! `--answers FILE` writes each request's JSON answer, one per line, for a diff;
//! `--no-snapshot` runs each lookup's statements in autocommit mode, as the server did
//! before it read each lookup in one transaction; `--slowest N` lists the N slowest requests
//! of the last round with their work; `--mmap BYTES` sets SQLite's `mmap_size` (0: read
//! through SQLite's page cache instead of the memory map; it cost more CPU per lookup).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use tarjama::memory::{Memory, SearchWork, SuggestOptions};
use tarjama::service::path::{amagama_path, decode_path, AmagamaPath};
use tarjama::text::LangTag;

/// The same allocator as the `tarjama` binary, so figures match what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Lookup {
    from: String,
    to: String,
    text: String,
}

/// One request path as the server reads it (amaGama prefix, languages, decoded text).
fn lookup(path: &str) -> Option<Lookup> {
    let rest = path.strip_prefix("/tmserver")?;
    let AmagamaPath::Unit {
        src,
        tgt,
        text: Some(raw),
    } = amagama_path(rest)?
    else {
        return None;
    };
    Some(Lookup {
        from: LangTag::parse(src)?.as_str().to_string(),
        to: LangTag::parse(tgt)?.as_str().to_string(),
        text: decode_path(raw).ok()?,
    })
}

/// What the server answers: `[{"source", "target", "quality", "rank"}]`.
#[derive(serde::Serialize)]
struct Candidate<'a> {
    source: &'a str,
    target: &'a str,
    quality: f64,
    rank: f64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().expect("usage: serve_profile DB [QUERIES]"));
    let mut queries = PathBuf::from("target/load/queries.txt");
    let (mut rounds, mut limit, mut answers) = (1usize, usize::MAX, None);
    let mut snapshot = true;
    let mut slowest = 0;
    let mut mmap: Option<i64> = None;
    while let Some(a) = args.next() {
        let mut number = |what: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "--rounds" => rounds = number("--rounds"),
            "--limit" => limit = number("--limit"),
            "--answers" => answers = Some(PathBuf::from(args.next().expect("--answers FILE"))),
            "--no-snapshot" => snapshot = false,
            "--slowest" => slowest = number("--slowest"),
            "--mmap" => mmap = Some(number("--mmap") as i64),
            _ => queries = PathBuf::from(a),
        }
    }
    let lookups: Vec<Lookup> = std::fs::read_to_string(&queries)
        .unwrap_or_else(|e| panic!("{}: {e}", queries.display()))
        .lines()
        .filter_map(lookup)
        .take(limit)
        .collect();
    let memory = Memory::open_existing(&db).expect("cannot open the memory");
    if let Some(bytes) = mmap {
        memory
            .conn()
            .pragma_update(None, "mmap_size", bytes)
            .expect("mmap_size");
    }
    let mut out = answers.map(|p| {
        std::io::BufWriter::new(std::fs::File::create(p).expect("cannot write the answers"))
    });
    let mut times = Vec::with_capacity(lookups.len() * rounds);
    // Last round: (ms, postings, verified, results, lookup) of each request.
    let mut each: Vec<(f64, u64, u64, usize, usize)> = Vec::new();
    let mut digest = DefaultHasher::new();
    let (mut results, before) = (0usize, SearchWork::now());
    let (start, cpu_start) = (Instant::now(), thread_cpu_ns());
    for round in 0..rounds {
        for l in &lookups {
            let (t, w) = (Instant::now(), SearchWork::now());
            let mut opts = SuggestOptions::new(&l.from, &l.to);
            opts.threshold = 70;
            opts.top = 5;
            // The server reads each lookup in one transaction (`cli/serve/snapshot.rs`).
            if snapshot {
                memory.conn().execute_batch("BEGIN").expect("BEGIN");
            }
            let found = memory
                .suggest_plain(&l.text, &opts)
                .expect("suggest failed");
            if snapshot {
                memory.conn().execute_batch("COMMIT").expect("COMMIT");
            }
            let candidates: Vec<Candidate> = found
                .iter()
                .enumerate()
                .map(|(i, s)| Candidate {
                    source: &s.source,
                    target: &s.target,
                    quality: f64::from(s.score),
                    rank: (i + 1) as f64,
                })
                .collect();
            let json = serde_json::to_vec(&candidates).expect("JSON");
            let ms = t.elapsed().as_secs_f64() * 1e3;
            times.push(ms);
            if round + 1 == rounds {
                let w = SearchWork::now().since(w);
                each.push((ms, w.postings, w.verified, found.len(), each.len()));
            }
            results += found.len();
            if round == 0 {
                json.hash(&mut digest);
                if let Some(out) = out.as_mut() {
                    out.write_all(&json)
                        .and_then(|()| out.write_all(b"\n"))
                        .expect("write");
                }
            }
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let work = SearchWork::now().since(before);
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let n = times.len().max(1) as u64;
    println!(
        "{} requests ({} lookups × {rounds}), {results} results; answers digest {:016x}",
        times.len(),
        lookups.len(),
        digest.finish()
    );
    println!(
        "per request: {:.0} postings, {:.1} candidates, {:.1} verified, {:.0} word ops",
        work.postings as f64 / n as f64,
        work.candidates as f64 / n as f64,
        work.verified as f64 / n as f64,
        work.word_ops as f64 / n as f64
    );
    println!(
        "wall: {:.3} ms per request; p50 {:.3} p90 {:.3} p99 {:.3} max {:.3} ms",
        wall * 1e3 / n as f64,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
    if let (Some(before), Some(after)) = (cpu_start, thread_cpu_ns()) {
        println!(
            "CPU time: {:.3} ms per request",
            (after - before) as f64 / 1e6 / n as f64
        );
    }
    each.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, postings, verified, results, i) in each.into_iter().take(slowest) {
        let l = &lookups[i];
        println!(
            "{ms:8.3} ms {postings:7} postings {verified:5} verified {results} results  {}→{} {}",
            l.from, l.to, l.text
        );
    }
}

/// CPU time this thread has run, in ns (Linux `schedstat`; updated at scheduler ticks, so
/// only a sum over many requests is meaningful): unlike wall time it does not grow when other
/// processes take the cores.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
