//! Speed of `check`: a 10,000-entry glossary and 1 MB of English and Arabic text (target:
//! ≤ 0.2 s). Run: `cargo run --release --example bench_check [ENTRIES] [TEXT_BYTES]`.
//!
//! The glossary is synthetic (names built from syllables, each with an Arabic form, an
//! admitted short form and two forbidden variants); the text mixes sentences of filler
//! words with preferred forms, forbidden variants and Arabic forms (one piece in five is a
//! term).
//! Prints the time to compile the glossary, the time to check the text line by line
//! (what `tarjama check` does after loading), and the finding counts.

use std::time::Instant;

use tarjama::glossary::{Checker, Glossary};

#[path = "support/proc_stats.rs"]
mod proc_stats;
use proc_stats::cpu_seconds;
#[path = "support/synthetic_glossary.rs"]
mod synthetic_glossary;
use synthetic_glossary::{glossary, Rng};

/// The same allocator as the `tarjama` binary, so figures match what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FILLER: &[&str] = &[
    "the",
    "said",
    "on",
    "Thursday",
    "that",
    "forces",
    "would",
    "meet",
    "in",
    "after",
    "talks",
    "with",
    "officials",
    "security",
    "situation",
    "region",
    "statement",
    "added",
    "government",
];

fn text(g: &Glossary, bytes: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        for _ in 0..12 {
            let e = rng.pick(&g.entries);
            // One piece in five is a glossary term (denser than real copy).
            let piece = match rng.next() % 20 {
                0 => e.en.forbidden[0].clone(),
                1 => e.ar.preferred.clone().unwrap_or_default(),
                2 | 3 => e.en.preferred.clone().unwrap_or_default(),
                _ => rng.pick(FILLER).to_string(),
            };
            out.push_str(&piece);
            out.push(' ');
        }
        out.push_str("said.\n");
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let bytes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1 << 20);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let g = glossary(n, &mut rng);
    let t = text(&g, bytes, &mut rng);

    let (start, cpu0) = (Instant::now(), cpu_seconds());
    let checker = Checker::new(g);
    let build = start.elapsed();
    let cpu1 = cpu_seconds();

    let start = Instant::now();
    let (mut errors, mut warnings, mut lines) = (0, 0, 0);
    // As `tarjama check` does: batches of lines checked on every core, then put back in
    // sequence (short forms depend on what came before).
    let mut document = checker.document();
    let all: Vec<String> = t.lines().map(str::to_string).collect();
    for (b, batch) in all.chunks(4096).enumerate() {
        for report in checker.check_lines(batch, b * 4096 + 1) {
            for f in &document.follow(report).findings {
                match f.severity {
                    tarjama::glossary::Severity::Error => errors += 1,
                    tarjama::glossary::Severity::Warning => warnings += 1,
                }
            }
            lines += 1;
        }
    }
    let check = start.elapsed();
    let cpu2 = cpu_seconds();
    println!(
        "glossary: {n} entries, compiled in {:.3} s; text: {:.2} MB, {lines} lines, checked in {:.3} s ({:.1} MB/s)",
        build.as_secs_f64(),
        t.len() as f64 / 1e6,
        check.as_secs_f64(),
        t.len() as f64 / 1e6 / check.as_secs_f64()
    );
    println!(
        "findings: {errors} errors, {warnings} warnings; total {:.3} s wall (target ≤ 0.2 s)",
        (build + check).as_secs_f64()
    );
    println!(
        "cpu time: compile {:.2} s, check {:.2} s (10 ms resolution)",
        cpu1 - cpu0,
        cpu2 - cpu1
    );
}
