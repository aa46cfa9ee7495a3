//! `tarjama compact`: drops the index entries that removed units left behind (re-aligned
//! articles) and gives the freed space back to the file system.

use std::io::{self, BufWriter, Write};

use clap::Args;

use super::output::{json, open_memory};
use super::Context;

#[derive(Debug, Args)]
pub struct CompactArgs {
    /// Print JSON: {lists, removed, packed_units, trained_dictionary, bytes_before, bytes_after}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &CompactArgs, ctx: &Context) -> anyhow::Result<i32> {
    let mut memory = open_memory(&ctx.tm)?;
    let report = memory.compact()?;
    // Compressing reviewed units' texts counts as a change to them: learn the stored lexicon
    // again here rather than in the next `suggest`.
    super::import::refresh_lexicon(&memory);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json(&mut out, &report)?;
    } else {
        let mib = |b: u64| b as f64 / (1 << 20) as f64;
        writeln!(
            out,
            "{}: {} dead index entries removed from {} lists; texts of {} units compressed{}; {:.1} MiB -> {:.1} MiB",
            ctx.tm.display(),
            report.removed,
            report.lists,
            report.packed_units,
            if report.trained_dictionary { " (dictionary trained on the first units)" } else { "" },
            mib(report.bytes_before),
            mib(report.bytes_after)
        )?;
    }
    out.flush()?;
    Ok(0)
}
