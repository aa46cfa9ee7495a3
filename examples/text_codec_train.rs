//! Choosing the fixed training parameters of the unit-text dictionary (`text_train`) on REAL
//! text the dictionary has not seen (not a test): each set of `support/codec_sets.rs` is
//! trained on one half and measured on the other, both ways. Prints, for zstd's own search
//! (`from_samples`, as memories were trained before) and for each fixed (k, d): stored bytes
//! per text byte and the training CPU; then, for the parameters in use, the same with a part
//! of the training half only (how much sample text a dictionary needs).
//!
//! `cargo run --release --example text_codec_train [-- DICT_KB]` (112 by default, as a memory).
//!
//! Choose on the direction half 0 → 1, report the other (the parameters are not tuned on the
//! figures reported).

#[path = "support/codec_sets.rs"]
mod codec_sets;

use codec_sets::{cpu, sets};
use tarjama::memory::text_codec::{Codec, Stored};
use tarjama::memory::text_train::{train_searching, train_with, TrainParams, TRAIN_PARAMS};

/// Stored bytes per text byte of `test` with `dict` (plain texts count their own length).
fn ratio(dict: &[u8], id: i64, test: &[String]) -> f64 {
    let codec = Codec::load(id, dict).expect("dictionary");
    let text: usize = test.iter().map(|t| t.len()).sum();
    let stored: usize = test
        .iter()
        .map(|t| match codec.encode(t) {
            Stored::Plain(p) => p.len(),
            Stored::Packed(b) => b.len(),
            Stored::Encoded(b) => b.len(),
        })
        .sum();
    stored as f64 / text as f64
}

fn main() {
    let kb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(112);
    let max = kb << 10;
    let sets = sets();
    let mut configs: Vec<(String, Option<TrainParams>)> = vec![("zstd search".into(), None)];
    for d in [6, 8] {
        for k in [50, 200, 537, 1024, 2000] {
            configs.push((format!("k={k} d={d}"), Some(TrainParams { k, d, accel: 1 })));
        }
    }
    configs.push((
        "k=1024 d=8 accel=4".into(),
        Some(TrainParams {
            k: 1024,
            d: 8,
            accel: 4,
        }),
    ));
    let mut head = String::from("| training | ");
    for (name, _) in &sets {
        head += &format!("{name} 0→1 | 1→0 | ");
    }
    println!("dictionary {kb} KB; stored bytes per text byte (train CPU s)\n");
    println!("{head}mean 0→1 | mean 1→0 |");
    println!("|---|{}---|---|", "---|---|".repeat(sets.len()));
    let mut id = 5000;
    for (cname, params) in &configs {
        let mut cells = Vec::new();
        let mut means = [0.0; 2];
        for (_, halves) in &sets {
            for (dir, mean) in means.iter_mut().enumerate() {
                let (tr, te) = (&halves[dir], &halves[1 - dir]);
                let c0 = cpu();
                let dict = match params {
                    None => train_searching(tr, max),
                    Some(p) => train_with(tr, max, *p),
                };
                let spent = cpu() - c0;
                id += 1;
                match dict {
                    Ok(d) => {
                        let r = ratio(&d, id, te);
                        *mean += r / sets.len() as f64;
                        cells.push(format!("{r:.3} ({spent:.2})"));
                    }
                    Err(e) => cells.push(format!("failed: {e}")),
                }
            }
        }
        println!(
            "| {cname} | {} | {:.4} | {:.4} |",
            cells.join(" | "),
            means[0],
            means[1]
        );
    }
    println!(
        "\nPart of the training half (k={} d={} accel={}): stored bytes per text byte, 0→1 / 1→0\n",
        TRAIN_PARAMS.k, TRAIN_PARAMS.d, TRAIN_PARAMS.accel
    );
    println!("| set | training MB (whole half) | 1/8 | 1/4 | 1/2 | all |");
    println!("|---|---|---|---|---|---|");
    for (name, halves) in &sets {
        let mb = halves[0].iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
        let mut cells = Vec::new();
        for part in [8, 4, 2, 1] {
            let mut r = Vec::new();
            for dir in 0..2 {
                let (tr, te) = (&halves[dir], &halves[1 - dir]);
                // The first units, as a memory trains on its first units.
                let tr = &tr[..tr.len() / part];
                id += 1;
                r.push(match train_with(tr, max, TRAIN_PARAMS) {
                    Ok(d) => format!("{:.3}", ratio(&d, id, te)),
                    Err(_) => "failed".into(),
                });
            }
            cells.push(r.join(" / "));
        }
        println!("| {name} | {mb:.2} | {} |", cells.join(" | "));
    }
}
