//! How much the unit-text codec (`tarjama::memory::text_codec`) shrinks REAL text it was not
//! trained on (not a test). The bench's long shape is mostly synthetic variants of a few
//! hundred real paragraphs, so a dictionary trained on that memory has seen nearly every
//! paragraph and flatters the codec; here the dictionary is trained on one half of the
//! articles and measured on the other half, then the halves swap.
//!
//! `cargo run --release --example text_codec_ratio [-- [--level=L] DICT_KB...]`
//!
//! Sets: NTREX-128 (ar–en news, split by article): sentences, and paragraphs of 6
//! consecutive sentences of one article; Tatoeba (ar–en short sentences, split by line
//! parity). Prints stored bytes / text bytes (plain texts count their own length), the same
//! for zstd level 3 without a dictionary (a standard frame less its 4-byte magic), and the
//! encode/decode CPU rate.

#[path = "support/codec_sets.rs"]
mod codec_sets;

use codec_sets::{cpu, sets};
use tarjama::memory::text_codec::{train, Codec, Stored};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let level: i32 = args
        .iter()
        .find_map(|a| a.strip_prefix("--level=").and_then(|l| l.parse().ok()))
        .unwrap_or(tarjama::memory::text_codec::LEVEL);
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![16, 64, 112]
    } else {
        sizes
    };
    println!(
        "| set | train → test | text MB | no dict | {} |",
        sizes
            .iter()
            .map(|k| format!("dict {k} KB"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|---|---|---|{}", "---|".repeat(sizes.len()));
    let mut id = 1000;
    for (name, halves) in sets() {
        for train_half in 0..2 {
            let (tr, te) = (&halves[train_half], &halves[1 - train_half]);
            let text: usize = te.iter().map(|t| t.len()).sum();
            let plain: usize = te
                .iter()
                .map(|t| {
                    let z = zstd::bulk::compress(t.as_bytes(), 3)
                        .map(|v| v.len())
                        .unwrap_or(usize::MAX);
                    z.saturating_sub(4).min(t.len())
                })
                .sum();
            let mut cells = Vec::new();
            for &kb in &sizes {
                let c0 = cpu();
                let dict = match train(tr, kb << 10) {
                    Ok(d) => d,
                    Err(e) => {
                        cells.push(format!("training failed: {e}"));
                        continue;
                    }
                };
                let train_cpu = cpu() - c0;
                id += 1;
                let codec = Codec::load_at(id, &dict, level).expect("dictionary");
                let stored: Vec<Stored> = te.iter().map(|t| codec.encode(t)).collect();
                let c1 = cpu();
                let mut reps = 0;
                while cpu() - c1 < 0.5 {
                    for t in te {
                        std::hint::black_box(codec.encode(t));
                    }
                    reps += 1;
                }
                let enc_cpu = (cpu() - c1) / reps as f64;
                let bytes: usize = stored
                    .iter()
                    .map(|s| match s {
                        Stored::Plain(p) => p.len(),
                        Stored::Packed(b) => b.len(),
                        Stored::Encoded(b) => b.len(),
                    })
                    .sum();
                let c2 = cpu();
                let mut reps = 0;
                while cpu() - c2 < 0.5 {
                    for (s, t) in stored.iter().zip(te) {
                        if let Stored::Packed(b) = s {
                            assert_eq!(&codec.decode(b).expect("decode"), t);
                        }
                    }
                    reps += 1;
                }
                let dec_cpu = (cpu() - c2) / reps as f64;
                cells.push(format!(
                    "{:.3} (dict {} KB, train {:.2} s CPU on {:.2} MB; encode {:.0} MB/s, decode {:.0} MB/s)",
                    bytes as f64 / text as f64,
                    dict.len() >> 10,
                    train_cpu,
                    tr.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6,
                    text as f64 / 1e6 / enc_cpu.max(1e-6),
                    text as f64 / 1e6 / dec_cpu.max(1e-6),
                ));
            }
            println!(
                "| {name} | half {train_half} → {} | {:.2} | {:.3} | {} |",
                1 - train_half,
                text as f64 / 1e6,
                plain as f64 / text as f64,
                cells.join(" | ")
            );
        }
    }
}
