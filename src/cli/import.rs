//! `tarjama import`: reads CSV/TSV/TMX files into the memory, one transaction per file,
//! and prints what happened (added / merged / alternatives / rejected).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use tarjama::error::RecordError;
use tarjama::formats::{decode, Format, Progress, ReadOptions};
use tarjama::import::{import_file, write_rejects, ImportOptions, ImportReport};
use tarjama::memory::{Memory, Status};
use tarjama::text::LangTag;

use super::args::lang_tag;
use super::new_memory::WriteTarget;
use super::Context;

/// Files larger than this get a progress bar (when stderr is a terminal).
const PROGRESS_BAR_BYTES: u64 = 8 << 20;
/// How many rejected records the human summary lists.
const SHOWN_REJECTS: usize = 20;

/// Import translation units from CSV/TSV or TMX files.
#[derive(Debug, Args)]
#[command(after_help = "\
CSV/TSV: the first row names the columns: languages by code (ar, ar-IQ, en-US) or by name
(Arabic, English, العربية), or source/target with --from/--to. Optional columns: note,
origin, status, created, author, changed, changed_by, usage_count, last_used, id, and x-… properties.
TMX 1.1–1.4b in UTF-8 or UTF-16.
XLIFF 1.2 and 2.x: translated, approved and final targets are imported (approved/final as
reviewed); drafts (fuzzy, needs review, initial) and empty targets are skipped and counted.
Importing the same XLIFF file again replaces its earlier import: pairs it still holds keep
their units (with any review, dates and usage counts given meanwhile); the earlier units it
no longer holds (an edited target, a removed segment) are removed.

Each file is one transaction. A file with a bad record imports nothing, and every bad record
is listed as path:line: what is wrong (exit 2). With --skip-bad the good records go in and
the exit code is 1 when some were rejected.

TMX units that hold no translation (one tuv, an empty target, a source that is only tags, no
tuv in the source language) are skipped and counted by kind, with a warning naming the line
of the first of each kind; --strict makes them bad records.

Examples:
  tarjama import archive.tmx
  tarjama import --encoding windows-1256 --from ar --to en old-desk.csv
  tarjama import --skip-bad --rejects rejects.txt feed.csv")]
pub struct ImportArgs {
    /// Files to import (format from the extension: .csv, .tsv, .tmx, .xlf/.xliff).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// File format, when the extension does not say.
    #[arg(long, value_parser = ["csv", "tsv", "tmx", "xliff"])]
    pub format: Option<String>,
    /// CSV field delimiter: ',' ';' or tab (default: guessed from the first line).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Column names for a CSV file without a header row, e.g. --columns ar,en,note.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub columns: Option<Vec<String>>,
    /// Source language (picks the source column or TMX tuv; needed for source/target columns).
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub from: Option<LangTag>,
    /// Target language (only this language's column or tuv is imported).
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub to: Option<LangTag>,
    /// Encoding of files without a byte-order mark, e.g. windows-1256 (default UTF-8).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Import the good records of a file with bad ones; the bad ones are counted.
    #[arg(long)]
    pub skip_bad: bool,
    /// With --skip-bad: write the rejected records (path:line: what) to this file.
    #[arg(long, value_name = "FILE", requires = "skip_bad")]
    pub rejects: Option<PathBuf>,
    /// Origin to record for every unit (default: the row's own, else the file name).
    #[arg(long, value_name = "TEXT")]
    pub origin: Option<String>,
    /// Status for every unit (default: the row's own, else unreviewed).
    #[arg(long, value_parser = ["reviewed", "unreviewed"])]
    pub status: Option<String>,
    /// Untranslated TMX units (one tuv, empty target, tag-only source, no source tuv) are
    /// bad records instead of being skipped.
    #[arg(long)]
    pub strict: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ImportArgs, ctx: &Context) -> anyhow::Result<i32> {
    let options = options(args)?;
    let mut memory = WriteTarget::open(&ctx.tm)?;
    let mut reports = Vec::new();
    let mut failed = 0;
    for file in &args.files {
        match import_one(&mut memory, file, &options, ctx) {
            Ok(report) => reports.push(report),
            // One file: its error alone (a new memory goes with `memory`).
            Err(err) if args.files.len() == 1 => return Err(err),
            Err(err) => {
                eprintln!("tarjama: error: {err:#}");
                failed += 1;
            }
        }
    }
    if reports.iter().any(|r| r.units() > 0) {
        refresh_lexicon(&memory);
    }
    let rejected: Vec<RecordError> = reports.iter().flat_map(|r| r.rejected.clone()).collect();
    // A new memory stays when a unit went in or nothing went wrong (an empty file is fine).
    if reports.iter().any(|r| r.units() > 0) || (failed == 0 && rejected.is_empty()) {
        memory.keep();
    } else {
        drop(memory);
    }
    if let Some(path) = &args.rejects {
        write_rejects(path, &rejected)?;
    }
    print_summary(&reports, args.json)?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} file(s) not imported", args.files.len());
    }
    Ok(if rejected.is_empty() { 0 } else { 1 })
}

/// Relearns the stored lexicons the imported reviewed units made stale: an import is where a
/// newsroom expects to wait, a one-shot `suggest` is not (README, "The learned lexicon").
/// The units are in either way, so a failure is a warning.
pub(super) fn refresh_lexicon(memory: &Memory) {
    if let Err(e) = tarjama::align::memory_lexicon::refresh_stale(memory) {
        eprintln!("tarjama: warning: the stored lexicon was not relearned ({e}); the next lookup that needs it will");
    }
}

fn import_one(
    memory: &mut Memory,
    file: &Path,
    options: &ImportOptions,
    ctx: &Context,
) -> anyhow::Result<ImportReport> {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let bar = (ctx.stderr_is_tty && size >= PROGRESS_BAR_BYTES).then(|| progress_bar(size, file));
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_position(p.bytes);
        }
    };
    let result = import_file(memory, file, options, &mut on_progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result?)
}

fn progress_bar(size: u64, file: &Path) -> ProgressBar {
    let bar = ProgressBar::new(size);
    let style = ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar.set_message(file.display().to_string());
    bar
}

/// Checks the flags and turns them into import options.
fn options(args: &ImportArgs) -> anyhow::Result<ImportOptions> {
    let encoding = match &args.encoding {
        Some(label) => Some(decode::encoding_for_label(label).with_context(|| {
            format!("--encoding '{label}' is not an encoding name (try windows-1256, utf-16le, iso-8859-6)")
        })?),
        None => None,
    };
    Ok(ImportOptions {
        read: ReadOptions {
            format: args.format.as_deref().and_then(Format::parse),
            delimiter: args.delimiter.as_deref().map(parse_delimiter).transpose()?,
            columns: args.columns.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            encoding,
        },
        skip_bad: args.skip_bad,
        rejects: None,
        origin: args.origin.clone(),
        status: args.status.as_deref().and_then(Status::parse),
        strict: args.strict,
    })
}

fn parse_delimiter(value: &str) -> anyhow::Result<u8> {
    match value {
        "tab" | "TAB" | "\\t" | "\t" => Ok(b'\t'),
        v if v.len() == 1 && v.is_ascii() => Ok(v.as_bytes()[0]),
        v => anyhow::bail!("--delimiter '{v}' must be one ASCII character or 'tab'"),
    }
}

fn print_summary(reports: &[ImportReport], json: bool) -> anyhow::Result<()> {
    reports.iter().for_each(warn_skipped);
    if json {
        println!("{}", serde_json::to_string_pretty(&summary_json(reports))?);
        return Ok(());
    }
    for r in reports {
        println!(
            "{}: {} added, {} merged, {} alternatives, {} rejected{}{}",
            r.path,
            r.added,
            r.merged,
            r.alternatives,
            r.rejected.len(),
            skipped_part(r.skipped_total()),
            replaced_part(r.replaced)
        );
        for bad in r.rejected.iter().take(SHOWN_REJECTS) {
            eprintln!("  rejected: {bad}");
        }
        if r.rejected.len() > SHOWN_REJECTS {
            eprintln!(
                "  … and {} more (list them all with --rejects FILE)",
                r.rejected.len() - SHOWN_REJECTS
            );
        }
    }
    if reports.len() > 1 {
        let total = |f: fn(&ImportReport) -> u64| reports.iter().map(f).sum::<u64>();
        println!(
            "total: {} added, {} merged, {} alternatives, {} rejected{}",
            total(|r| r.added),
            total(|r| r.merged),
            total(|r| r.alternatives),
            total(|r| r.rejected.len() as u64),
            skipped_part(total(|r| r.skipped_total()))
        );
    }
    Ok(())
}

/// `, 4 skipped` when units were skipped (nothing otherwise: CSV files never skip).
fn skipped_part(skipped: u64) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(", {skipped} skipped")
    }
}

/// `, 2 replaced` when a re-imported draft no longer holds units of its earlier import.
fn replaced_part(replaced: u64) -> String {
    if replaced == 0 {
        String::new()
    } else {
        format!(
            ", {replaced} replaced (units of this file's earlier import that it no longer holds)"
        )
    }
}

/// One warning per kind of skipped unit, at the line of the first.
fn warn_skipped(report: &ImportReport) {
    for (kind, skip) in &report.skipped {
        let units = if skip.count == 1 { "unit" } else { "units" };
        let strict = if kind.refused_by_strict() {
            "; --strict refuses them"
        } else {
            ""
        };
        eprintln!(
            "tarjama: warning: {}:{}: skipped {} {units} {} (the first at this line{strict})",
            report.path,
            skip.first_line,
            skip.count,
            kind.describe()
        );
    }
}

pub(super) fn summary_json(reports: &[ImportReport]) -> serde_json::Value {
    let total = |f: fn(&ImportReport) -> u64| reports.iter().map(f).sum::<u64>();
    serde_json::json!({
        "files": reports,
        "added": total(|r| r.added),
        "merged": total(|r| r.merged),
        "alternatives": total(|r| r.alternatives),
        "rejected": total(|r| r.rejected.len() as u64),
        "skipped": total(|r| r.skipped_total()),
    })
}
