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

use std::collections::BTreeMap;

use tarjama::memory::text_codec::{train, Codec, Stored};

fn shared() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../shared/data")
}

/// Texts of each half: (name, [half 0, half 1]).
fn sets() -> Vec<(&'static str, [Vec<String>; 2])> {
    let d = shared();
    let read = |p: &str| std::fs::read_to_string(d.join(p)).expect("read ../shared/data");
    let en = read("ntrex128-en-ar/newstest2019-src.eng.txt");
    let ar = read("ntrex128-en-ar/newstest2019-ref.arb.txt");
    let ids = read("ntrex128-en-ar/DOCUMENT_IDS.tsv");
    let lines = |s: &str| -> Vec<String> { s.lines().map(|l| l.trim_end().to_owned()).collect() };
    let (en, ar, ids) = (lines(&en), lines(&ar), lines(&ids));
    // Articles in order of first appearance; half = article index parity.
    let mut article: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order = Vec::new();
    for id in &ids {
        let n = article.len();
        let a = *article.entry(id.as_str()).or_insert(n);
        order.push(a);
    }
    let mut sent: [Vec<String>; 2] = Default::default();
    let mut para: [Vec<String>; 2] = Default::default();
    let mut i = 0;
    while i < ids.len().min(en.len()).min(ar.len()) {
        let a = order[i];
        let mut j = i;
        while j < ids.len() && order[j] == a {
            j += 1;
        }
        let half = a % 2;
        for k in i..j {
            sent[half].push(en[k].clone());
            sent[half].push(ar[k].clone());
        }
        for at in (i..j).step_by(6) {
            let end = (at + 6).min(j);
            para[half].push(en[at..end].join(" "));
            para[half].push(ar[at..end].join(" "));
        }
        i = j;
    }
    let tat = read("tatoeba-ara-eng/ara.txt");
    let mut short: [Vec<String>; 2] = Default::default();
    for (n, l) in tat.lines().enumerate() {
        let mut f = l.split('\t');
        if let (Some(e), Some(a)) = (f.next(), f.next()) {
            short[n % 2].push(e.to_owned());
            short[n % 2].push(a.to_owned());
        }
    }
    vec![
        ("NTREX paragraphs (6 sentences)", para),
        ("NTREX sentences", sent),
        ("Tatoeba sentences", short),
    ]
}

fn cpu() -> f64 {
    // User + system CPU of this process, from /proc/self/stat (ticks of 10 ms).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

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
