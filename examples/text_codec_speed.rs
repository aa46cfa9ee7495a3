//! What compressing one unit text costs and saves, by the text's length and zstd's level (not
//! a test): the import's packing thread compresses every text alone, and for a short text
//! zstd's per-frame work (set-up, entropy tables) outweighs the matching.
//!
//! `cargo run --release --example text_codec_speed [-- [--csv FILE] [--rounds R] [LEVEL...]]`
//!
//! Sets: those of `text_codec_ratio` (trained on half 0, measured on half 1), and with
//! `--csv` the first two columns of a CSV as an import sees them (trained on the first 8 MB
//! of text, as a new memory is; measured on the rest). Prints, per set, level and length
//! class: texts, stored bytes per text byte (plain texts count their own length), and the
//! CPU time per text (user + system of the process, best of R rounds: compare within a run,
//! back to back, not across machines or loads).

#[path = "support/codec_sets.rs"]
mod codec_sets;

use codec_sets::{cpu, sets};
use tarjama::memory::text_codec::{train, Codec, DICT_BYTES};

/// What a new memory trains on (`text_pack::TRAIN_BYTES`).
const TRAIN_BYTES: usize = 8 << 20;

/// Upper bounds (bytes) of the length classes.
const CLASSES: [usize; 6] = [32, 64, 128, 256, 1024, usize::MAX];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut levels: Vec<i32> = Vec::new();
    let mut csv = None;
    let mut rounds = 3;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--csv" => csv = it.next().cloned(),
            "--rounds" => rounds = it.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            l => levels.extend(l.parse::<i32>().ok()),
        }
    }
    if levels.is_empty() {
        levels = vec![3, 2, 1, -1, -3];
    }
    let mut all: Vec<(String, Vec<String>, Vec<String>)> = sets()
        .into_iter()
        .map(|(n, [a, b])| (n.to_owned(), a, b))
        .collect();
    if let Some(path) = csv {
        all.push(csv_set(&path));
    }
    println!("| set | level | length (bytes) | texts | stored / text bytes | CPU µs per text |");
    println!("|---|---|---|---|---|---|");
    let mut id = 5000;
    for (name, tr, te) in &all {
        let dict = train(tr, DICT_BYTES).expect("train");
        for &level in &levels {
            id += 1;
            let codec = Codec::load_at(id, &dict, level).expect("codec");
            for (c, &upto) in CLASSES.iter().enumerate() {
                let from = if c == 0 { 0 } else { CLASSES[c - 1] + 1 };
                let texts: Vec<&str> = te
                    .iter()
                    .map(|t| t.as_str())
                    .filter(|t| (from..=upto).contains(&t.len()))
                    .collect();
                if texts.is_empty() {
                    continue;
                }
                let text_bytes: usize = texts.iter().map(|t| t.len()).sum();
                let (stored, secs) = measure(codec, &texts, rounds);
                let label = if upto == usize::MAX {
                    format!("{from}+")
                } else {
                    format!("{from}–{upto}")
                };
                println!(
                    "| {name} | {level} | {label} | {} | {:.3} | {:.2} |",
                    texts.len(),
                    stored as f64 / text_bytes as f64,
                    secs * 1e6 / texts.len() as f64
                );
            }
        }
    }
}

/// Stored bytes of `texts`, and the best CPU seconds of `rounds` encodings of them all (each
/// round repeated until it takes at least half a second, the CPU clock's ticks being 10 ms).
fn measure(codec: &'static Codec, texts: &[&str], rounds: usize) -> (usize, f64) {
    let mut out = Vec::new();
    let mut stored = 0;
    for t in texts {
        out.clear();
        stored += if codec.encode_into(t, &mut out) {
            out.len()
        } else {
            t.len()
        };
    }
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let c0 = cpu();
        let mut reps = 0;
        while cpu() - c0 < 0.5 {
            for t in texts {
                out.clear();
                codec.encode_into(t, &mut out);
            }
            reps += 1;
        }
        best = best.min((cpu() - c0) / reps as f64);
    }
    (stored, best)
}

/// The first two columns of a CSV: texts up to the first 8 MB to train on, the rest.
fn csv_set(path: &str) -> (String, Vec<String>, Vec<String>) {
    let mut r = csv::Reader::from_path(path).expect("read csv");
    let (mut tr, mut te) = (Vec::new(), Vec::new());
    let mut bytes = 0;
    for rec in r.records() {
        let rec = rec.expect("csv record");
        for i in 0..2 {
            let t = rec.get(i).unwrap_or("").to_owned();
            if bytes < TRAIN_BYTES {
                bytes += t.len();
                tr.push(t);
            } else {
                te.push(t);
            }
        }
    }
    (format!("CSV {path}"), tr, te)
}
