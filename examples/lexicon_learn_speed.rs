//! What learning a memory's lexicon costs (not a test): the first `suggest` after reviewed
//! units changed, an import that relearns, `align` and `glossary mine` all pay
//! [`memory_lexicon::learn`], which reads up to 200,000 reviewed units and counts the
//! co-occurrence of their stems.
//!
//! `cargo run --release --example lexicon_learn_speed -- MEMORY [--from ar --to en] [--runs R]`
//!
//! Prints, per run, the reviewed units read, the lexicon's pairs, the wall and CPU seconds
//! (user + system of the process), and two digests of the lexicon: one of its pairs and
//! weights (order-free) and one that also covers each stem's list order, so two builds can
//! be compared for the same lexicon. The memory is only read.

#[path = "support/codec_sets.rs"]
#[allow(dead_code)]
mod codec_sets;

use std::path::PathBuf;
use std::time::Instant;

use codec_sets::cpu;
use tarjama::align::lexicon::Lexicon;
use tarjama::align::memory_lexicon;
use tarjama::memory::{Memory, Reads};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut from, mut to, mut runs) = ("ar".to_string(), "en".to_string(), 1usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => from = args.next().expect("--from LANG"),
            "--to" => to = args.next().expect("--to LANG"),
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).expect("--runs N"),
            p => path = Some(PathBuf::from(p)),
        }
    }
    let path = path.expect("usage: lexicon_learn_speed MEMORY [--from L --to L] [--runs R]");
    let memory = match Memory::open_existing_for(&path, Reads::Many) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("lexicon_learn_speed: {e}");
            std::process::exit(2);
        }
    };
    println!("run\tunits\tpairs\twall_s\tcpu_s\tpairs_digest\tordered_digest");
    for run in 1..=runs {
        let (wall, cpu0) = (Instant::now(), cpu());
        let learned = match memory_lexicon::learn(&memory, &from, &to) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lexicon_learn_speed: {e}");
                std::process::exit(2);
            }
        };
        let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu() - cpu0);
        let (pairs, ordered) = digests(&learned.lexicon);
        println!(
            "{run}\t{}\t{}\t{wall:.2}\t{cpu:.2}\t{pairs:016x}\t{ordered:016x}",
            learned.units,
            learned.lexicon.len()
        );
    }
}

/// FNV-1a over the stems in sorted order: each stem's targets sorted (order-free) and as
/// listed (ordered).
fn digests(lexicon: &Lexicon) -> (u64, u64) {
    let mut stems: Vec<(&str, &[(String, f32)])> = lexicon.stems().collect();
    stems.sort_by_key(|(s, _)| *s);
    let (mut free, mut ordered) = (Fnv::default(), Fnv::default());
    for (stem, list) in stems {
        let mut sorted: Vec<&(String, f32)> = list.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (digest, targets) in [(&mut free, sorted), (&mut ordered, list.iter().collect())] {
            digest.add(stem.as_bytes());
            for (t, w) in targets {
                digest.add(t.as_bytes());
                digest.add(&w.to_bits().to_le_bytes());
            }
            digest.add(&[0xFF]);
        }
    }
    (free.0, ordered.0)
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 = (self.0 ^ 0x1F).wrapping_mul(0x0100_0000_01b3);
    }
}
