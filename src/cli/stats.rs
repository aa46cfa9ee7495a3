//! `tarjama stats`: what the memory holds — units by language pair, origin and status, and
//! its size on disk.

use std::io::{self, BufWriter, Write};

use clap::Args;

use super::output::{json, open_memory};
use super::Context;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many origins to list (largest first).
    #[arg(long, default_value_t = 10)]
    pub origins: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &StatsArgs, ctx: &Context) -> anyhow::Result<i32> {
    let memory = open_memory(&ctx.tm)?;
    let stats = memory.stats(args.origins)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        #[derive(serde::Serialize)]
        struct WithPath<'a> {
            path: String,
            #[serde(flatten)]
            stats: &'a tarjama::memory::Stats,
        }
        let path = ctx.tm.display().to_string();
        json(
            &mut out,
            &WithPath {
                path,
                stats: &stats,
            },
        )?;
        out.flush()?;
        return Ok(0);
    }
    writeln!(out, "memory   {}", ctx.tm.display())?;
    writeln!(out, "size     {}", human_size(stats.file_size))?;
    writeln!(out, "units    {}", stats.units)?;
    writeln!(
        out,
        "status   {} reviewed, {} unreviewed",
        stats.reviewed, stats.unreviewed
    )?;
    writeln!(out, "words    {} distinct in the index", stats.tokens)?;
    writeln!(out, "pairs")?;
    for p in &stats.pairs {
        writeln!(out, "  {} → {}  {}", p.source, p.target, p.units)?;
    }
    writeln!(out, "origins  {} in all", stats.origins_total)?;
    for o in &stats.origins {
        writeln!(
            out,
            "  {:>8}  {}",
            o.units,
            o.origin.as_deref().unwrap_or("(none)")
        )?;
    }
    out.flush()?;
    Ok(0)
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}
