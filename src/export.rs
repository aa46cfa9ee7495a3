//! Exporting a memory as TMX 1.4b or CSV/TSV, streamed unit by unit in id order.
//!
//! With `from`/`to` only the units of that language pair are written, oriented that way
//! (units are usable in both directions, so an `ar→en` unit is written as `en→ar` when
//! asked for `--from en --to ar`). The header names the languages when every written unit
//! has the same pair of tags; otherwise TMX says `srclang="*all*"` and CSV gets per-row
//! language columns, so import(export(m)) gives back the same units.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::csv_write::{CsvWriter, SideColumns};
use crate::formats::tmx_write::TmxWriter;
use crate::formats::Format;
use crate::memory::{Memory, UnitRecord};
use crate::text::{primary_language, LangTag};

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub from: Option<LangTag>,
    pub to: Option<LangTag>,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ExportReport {
    pub units: u64,
}

/// Writes the memory to `out`; `out_name` names the output in error messages.
pub fn export(
    memory: &Memory,
    out: impl Write,
    out_name: &Path,
    options: &ExportOptions,
) -> Result<ExportReport> {
    let pairs = language_pairs(memory, options)?;
    let io = |e| Error::io(out_name, e);
    let mut report = ExportReport::default();
    match options.format {
        Format::Tmx => {
            let srclang = match pairs.as_slice() {
                [(source, _)] => source.clone(),
                [(source, _), ..] if same_source(&pairs) => source.clone(),
                _ => "*all*".to_string(),
            };
            let mut writer = TmxWriter::new(out, &srclang).map_err(io)?;
            walk(memory, options, |unit| {
                report.units += 1;
                writer.write(unit).map_err(io)
            })?;
            writer.finish().map_err(io)?;
        }
        format => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let sides = match pairs.as_slice() {
                [(source, target)] if source != target => SideColumns::Named {
                    source: source.clone(),
                    target: target.clone(),
                },
                _ => SideColumns::PerRow,
            };
            let mut writer = CsvWriter::new(out, delimiter, sides).map_err(io)?;
            walk(memory, options, |unit| {
                report.units += 1;
                writer.write(unit).map_err(io)
            })?;
            writer.finish().map_err(io)?;
        }
    }
    Ok(report)
}

fn same_source(pairs: &[(String, String)]) -> bool {
    pairs.windows(2).all(|w| w[0].0 == w[1].0)
}

/// Calls `f` with each unit to export, oriented as asked.
fn walk(
    memory: &Memory,
    options: &ExportOptions,
    mut f: impl FnMut(&UnitRecord) -> Result<()>,
) -> Result<()> {
    memory.for_each_unit(|stored| match orient(&stored.record, options) {
        Orientation::Skip => Ok(()),
        Orientation::AsIs => f(&stored.record),
        Orientation::Swapped => f(&swapped(&stored.record)),
    })
}

enum Orientation {
    AsIs,
    Swapped,
    Skip,
}

fn orient(unit: &UnitRecord, options: &ExportOptions) -> Orientation {
    let src = primary_language(&unit.source.lang);
    let tgt = primary_language(&unit.target.lang);
    let wants =
        |want: &Option<LangTag>, lang: &str| want.as_ref().is_none_or(|w| w.primary() == lang);
    if wants(&options.from, src) && wants(&options.to, tgt) {
        Orientation::AsIs
    } else if wants(&options.from, tgt) && wants(&options.to, src) {
        Orientation::Swapped
    } else {
        Orientation::Skip
    }
}

fn swapped(unit: &UnitRecord) -> UnitRecord {
    let mut unit = unit.clone();
    std::mem::swap(&mut unit.source, &mut unit.target);
    unit.dates_on = unit.dates_on.swapped();
    unit
}

/// The distinct (source tag, target tag) pairs the export will write, oriented as asked.
fn language_pairs(memory: &Memory, options: &ExportOptions) -> Result<Vec<(String, String)>> {
    let mut stmt = memory
        .conn()
        .prepare("SELECT DISTINCT src_lang, tgt_lang FROM units")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut pairs = Vec::new();
    for row in rows {
        let (src, tgt) = row?;
        let probe = UnitRecord::new(
            crate::memory::Side::new(src.clone(), ""),
            crate::memory::Side::new(tgt.clone(), ""),
        );
        let pair = match orient(&probe, options) {
            Orientation::AsIs => (src, tgt),
            Orientation::Swapped => (tgt, src),
            Orientation::Skip => continue,
        };
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    pairs.sort();
    Ok(pairs)
}
