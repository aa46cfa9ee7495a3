//! How much text a new memory's dictionary needs (`text_pack::TRAIN_BYTES`), not a test: the
//! training's CPU grows with the sample (zstd's entropy statistics compress every sample
//! text), the stored bytes may shrink with it.
//!
//! `cargo run --release --example text_codec_sample -- CSV [MB...]`
//!
//! The first two columns of the CSV as an import sees them; each dictionary is trained on the
//! first MB of text (1, 2, 4, 8 by default, as a new memory trains on its first texts) and
//! measured on the same texts: every text after the first 8 MB. Prints, per sample size,
//! the training's CPU seconds and the stored bytes per text byte (plain texts count their
//! own length), and what the import would store for the whole CSV: the sample plain (the
//! import stores it plain while it trains), the rest compressed.

#[path = "support/codec_sets.rs"]
#[allow(dead_code)]
mod codec_sets;

use codec_sets::cpu;
use tarjama::memory::text_codec::{train, Codec, DICT_BYTES};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: text_codec_sample CSV [MB...]");
    let mut mbs: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    if mbs.is_empty() {
        mbs = vec![1, 2, 4, 8];
    }
    let texts = csv_texts(&path);
    let total: usize = texts.iter().map(|t| t.len()).sum();
    // The test texts: after the largest sample, the same for every size.
    let largest = mbs.iter().max().copied().unwrap_or(8) << 20;
    let split = first_texts(&texts, largest);
    let test = &texts[split..];
    let test_bytes: usize = test.iter().map(|t| t.len()).sum();
    println!(
        "{path}: {} texts, {total} bytes; measured on the {} texts ({test_bytes} bytes) after the first {} MB",
        texts.len(),
        test.len(),
        largest >> 20
    );
    println!("| sample | texts | training CPU s | stored / text bytes (test) | whole CSV stored, MB (sample plain) |");
    println!("|---|---|---|---|---|");
    for (i, &mb) in mbs.iter().enumerate() {
        let n = first_texts(&texts, mb << 20);
        let c0 = cpu();
        let dict = train(&texts[..n], DICT_BYTES).expect("train");
        let secs = cpu() - c0;
        let codec = Codec::load_at(7000 + i as i64, &dict, 3).expect("codec");
        let stored_test = stored(codec, test);
        let sample_bytes: usize = texts[..n].iter().map(|t| t.len()).sum();
        let whole = sample_bytes + stored(codec, &texts[n..]);
        println!(
            "| {mb} MB | {n} | {secs:.2} | {:.4} | {:.2} |",
            stored_test as f64 / test_bytes as f64,
            whole as f64 / 1e6
        );
    }
}

/// How many of the first texts hold `bytes` of text (the import's rule: until it has them).
fn first_texts(texts: &[String], bytes: usize) -> usize {
    let mut sum = 0;
    for (i, t) in texts.iter().enumerate() {
        if sum >= bytes {
            return i;
        }
        sum += t.len();
    }
    texts.len()
}

fn stored(codec: &'static Codec, texts: &[String]) -> usize {
    let mut out = Vec::new();
    texts
        .iter()
        .map(|t| {
            out.clear();
            if codec.encode_into(t, &mut out) {
                out.len()
            } else {
                t.len()
            }
        })
        .sum()
}

/// The first two columns of every record, source then target.
fn csv_texts(path: &str) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).expect("read csv");
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.expect("csv record");
        for i in 0..2 {
            out.push(rec.get(i).unwrap_or("").to_owned());
        }
    }
    out
}
