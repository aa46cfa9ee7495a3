//! Importing a CSV/TSV/TMX file into a memory: one transaction per file.
//!
//! A file with any bad record imports nothing and the error lists every bad record as
//! `path:line: what is wrong`; with `skip_bad` the good records go in and the rejects are
//! counted (and optionally written to a rejects file). Because the whole file is one
//! transaction, a process killed mid-import leaves the memory as it was before.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, RecordError, Result};
use crate::formats::{read_file, Item, Progress, ReadOptions};
use crate::memory::{AddOutcome, Memory, Status, UnitRecord, Writer};
use crate::text::LangTag;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub read: ReadOptions,
    /// Import the good records of a file that has bad ones.
    pub skip_bad: bool,
    /// Where to write the rejected records (`path:line: what`), with `skip_bad`.
    pub rejects: Option<PathBuf>,
    /// Origin for every unit (default: the record's own, else the file name).
    pub origin: Option<String>,
    /// Status for every unit (default: the record's own, else unreviewed).
    pub status: Option<Status>,
}

/// What one file's import did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub path: String,
    pub added: u64,
    pub merged: u64,
    pub alternatives: u64,
    pub rejected: Vec<RecordError>,
}

impl ImportReport {
    pub fn units(&self) -> u64 {
        self.added + self.merged + self.alternatives
    }
}

/// Units handed to the store at once (it derives their match keys in parallel).
const BATCH: usize = 8192;

/// Imports one file in one transaction; see the module docs for what happens to bad records.
pub fn import_file(
    memory: &mut Memory,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let display = path.display().to_string();
    let default_origin = file_name(path);
    let mut report = ImportReport {
        path: display.clone(),
        ..ImportReport::default()
    };
    let mut writer = memory.writer()?;
    let mut batch: Vec<UnitRecord> = Vec::with_capacity(BATCH);
    let mut sink = |item: Item<'_>, at: Progress| -> Result<()> {
        match item {
            Item::Bad(bad) => report.rejected.push(bad),
            // Once a record is bad and bad records are not skipped, nothing will be
            // committed: keep reading only to list every bad record.
            Item::Unit { .. } if !report.rejected.is_empty() && !options.skip_bad => {}
            Item::Unit { unit, line } => {
                if let Err(message) = storable(unit) {
                    let location = Location {
                        path: display.clone(),
                        line,
                        col: None,
                    };
                    report.rejected.push(RecordError { location, message });
                    return Ok(());
                }
                apply_defaults(unit, options, &default_origin);
                batch.push(unit.clone());
                if batch.len() >= BATCH {
                    store_batch(&mut writer, &mut batch, &mut report)?;
                    progress(at);
                }
            }
        }
        Ok(())
    };
    read_file(path, &options.read, &mut sink)?;
    if !report.rejected.is_empty() && !options.skip_bad {
        return Err(Error::BadRecords(report.rejected));
    }
    store_batch(&mut writer, &mut batch, &mut report)?;
    if let Some(rejects) = &options.rejects {
        write_rejects(rejects, &report.rejected)?;
    }
    writer.commit()?;
    Ok(report)
}

/// What the store would refuse in a unit, checked here so the refusal names the line.
fn storable(unit: &UnitRecord) -> std::result::Result<(), String> {
    for (side, which) in [(&unit.source, "source"), (&unit.target, "target")] {
        if LangTag::parse(&side.lang).is_none() {
            return Err(format!(
                "{which} language '{}' is not a language code",
                side.lang
            ));
        }
        if side.text.trim().is_empty() {
            return Err(format!("empty {which} text"));
        }
    }
    Ok(())
}

/// Adds the batched units to the store and counts what happened to them.
fn store_batch(
    writer: &mut Writer<'_>,
    batch: &mut Vec<UnitRecord>,
    report: &mut ImportReport,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    for outcome in writer.add_all(batch)? {
        count(report, outcome);
    }
    batch.clear();
    Ok(())
}

fn apply_defaults(unit: &mut UnitRecord, options: &ImportOptions, default_origin: &str) {
    if let Some(origin) = &options.origin {
        unit.origin = Some(origin.clone());
    } else if unit.origin.is_none() {
        unit.origin = Some(default_origin.to_string());
    }
    if let Some(status) = options.status {
        unit.status = status;
    }
}

fn count(report: &mut ImportReport, outcome: AddOutcome) {
    match outcome {
        AddOutcome::Added(_) => report.added += 1,
        AddOutcome::Merged(_) => report.merged += 1,
        AddOutcome::Alternative(_) => report.alternatives += 1,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes one `path:line: what` line per rejected record.
pub fn write_rejects(path: &Path, rejected: &[RecordError]) -> Result<()> {
    let io = |e| Error::io(path, e);
    let mut out = BufWriter::new(File::create(path).map_err(io)?);
    for bad in rejected {
        writeln!(out, "{bad}").map_err(io)?;
    }
    out.flush().map_err(io)
}
