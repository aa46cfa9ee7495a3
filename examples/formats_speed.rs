//! How fast the interchange readers and writers are, apart from the store: generates a CSV
//! of N Arabic–English pairs (default 1,000,000), reads it with the CSV reader, writes it
//! as TMX, reads the TMX back, and imports the first 100,000 CSV rows into a fresh memory
//! (and, for comparison, hands the same units straight to the store).
//! Run with `cargo run --release --example formats_speed [N]`; it prints pairs/s.

use std::io::{BufWriter, Write};
use std::time::Instant;

use tarjama::formats::tmx_write::TmxWriter;
use tarjama::formats::{read_file, Item, ReadOptions};
use tarjama::import::{import_file, ImportOptions};
use tarjama::memory::Memory;

const WORDS_AR: &[&str] = &[
    "قال",
    "الوزير",
    "إن",
    "الحكومة",
    "ستعقد",
    "اجتماعا",
    "مع",
    "الوفد",
    "في",
    "بغداد",
    "يوم",
    "الأحد",
    "لبحث",
    "الموازنة",
    "العامة",
    "والإصلاحات",
    "الاقتصادية",
    "المقبلة",
];
const WORDS_EN: &[&str] = &[
    "the",
    "minister",
    "said",
    "government",
    "would",
    "hold",
    "a",
    "meeting",
    "with",
    "delegation",
    "in",
    "Baghdad",
    "on",
    "Sunday",
    "to",
    "discuss",
    "budget",
    "reforms",
];

fn sentence(words: &[&str], seed: usize, n: usize) -> String {
    let mut out = String::new();
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(words[(seed.wrapping_mul(31).wrapping_add(k * 7)) % words.len()]);
    }
    out.push_str(&format!(" {seed}."));
    out
}

fn rate(n: u64, start: Instant) -> String {
    let secs = start.elapsed().as_secs_f64();
    format!("{n} pairs in {secs:.2} s = {:.0} pairs/s", n as f64 / secs)
}

fn count_units(path: &std::path::Path) -> u64 {
    let mut n = 0;
    read_file(path, &ReadOptions::default(), &mut |item, _| {
        if let Item::Unit { .. } = item {
            n += 1;
        }
        Ok(())
    })
    .expect("read");
    n
}

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("pairs.csv");
    let mut out = BufWriter::new(std::fs::File::create(&csv)?);
    writeln!(out, "ar,en,note")?;
    for i in 0..n {
        let note = if i % 10 == 0 { "checked" } else { "" };
        writeln!(
            out,
            "{},{},{note}",
            sentence(WORDS_AR, i, 12),
            sentence(WORDS_EN, i, 14)
        )?;
    }
    out.flush()?;
    drop(out);
    let size = std::fs::metadata(&csv)?.len();
    println!("CSV: {n} pairs, {:.1} MB", size as f64 / 1e6);

    let start = Instant::now();
    let units = count_units(&csv);
    println!("read CSV:  {}", rate(units, start));

    let tmx = dir.path().join("pairs.tmx");
    let start = Instant::now();
    let mut writer = TmxWriter::new(BufWriter::new(std::fs::File::create(&tmx)?), "ar")?;
    read_file(&csv, &ReadOptions::default(), &mut |item, _| {
        if let Item::Unit { unit, .. } = item {
            writer
                .write(unit)
                .map_err(|e| tarjama::Error::io("pairs.tmx", e))?;
        }
        Ok(())
    })?;
    writer.finish()?;
    println!("CSV→TMX:   {}", rate(units, start));

    let start = Instant::now();
    let units = count_units(&tmx);
    println!("read TMX:  {}", rate(units, start));

    let small = dir.path().join("small.csv");
    let text = std::fs::read_to_string(&csv)?;
    let head: String = text.lines().take(100_001).flat_map(|l| [l, "\n"]).collect();
    std::fs::write(&small, head)?;
    let mut memory = Memory::open_or_create(&dir.path().join("m.db"))?;
    let start = Instant::now();
    let report = import_file(&mut memory, &small, &ImportOptions::default(), &mut |_| {})?;
    println!(
        "import CSV into a fresh memory: {}",
        rate(report.units(), start)
    );

    // The same units straight into the store, for comparison: what import adds on top.
    let mut units = Vec::new();
    read_file(&small, &ReadOptions::default(), &mut |item, _| {
        if let Item::Unit { unit, .. } = item {
            unit.origin = Some("small.csv".into());
            units.push(unit.clone());
        }
        Ok(())
    })?;
    let mut memory = Memory::open_or_create(&dir.path().join("m2.db"))?;
    let start = Instant::now();
    let mut writer = memory.writer()?;
    for batch in units.chunks(8192) {
        writer.add_all(batch)?;
    }
    writer.commit()?;
    println!(
        "store alone (Writer::add_all, same units): {}",
        rate(units.len() as u64, start)
    );
    Ok(())
}
