//! `tarjama backup DEST`: a consistent, verified copy of the memory, safe to run while
//! imports, alignments and `serve` use it (see `tarjama::memory::backup`).

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use super::output::{json, open_memory};
use super::Context;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (one self-contained SQLite file).
    pub dest: PathBuf,
    /// Replace DEST if it exists (the old copy stays until the new one is verified).
    #[arg(long)]
    pub force: bool,
    /// Print JSON: {path, units, glossary_entries, bytes}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &BackupArgs, ctx: &Context) -> anyhow::Result<i32> {
    let memory = open_memory(&ctx.tm)?;
    let report = memory.backup_to(&args.dest, args.force)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json(&mut out, &report)?;
    } else {
        writeln!(
            out,
            "{}: {} units, {} glossary entries, {:.1} MiB; verified",
            report.path.display(),
            report.units,
            report.glossary_entries,
            report.bytes as f64 / (1 << 20) as f64
        )?;
    }
    out.flush()?;
    Ok(0)
}
