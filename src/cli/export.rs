//! `tarjama export`: writes the memory as TMX 1.4b or CSV/TSV to stdout or a file. A file
//! is written under a temporary name and renamed at the end, so it is never half-written.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use tarjama::export::{export, ExportOptions};
use tarjama::formats::Format;
use tarjama::memory::Memory;
use tarjama::text::LangTag;

use super::args::lang_tag;
use super::Context;

/// Export the memory as TMX 1.4b or CSV.
#[derive(Debug, Args)]
#[command(after_help = "\
TMX carries everything a unit holds: dates, authors, usage count, props, notes and inline
tags; tarjama's status, origin and confidence travel as x- props. CSV has a header row that
`tarjama import` reads back. A file given with -o is written whole or not at all.

Examples:
  tarjama export -o memory.tmx
  tarjama export --format csv --from ar --to en > pairs.csv")]
pub struct ExportArgs {
    /// Output format (default: from the -o extension, else tmx).
    #[arg(long, value_parser = ["tmx", "csv", "tsv"])]
    pub format: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only units of this source language (with --to: this pair, either stored direction).
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub from: Option<LangTag>,
    /// Only units of this target language.
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub to: Option<LangTag>,
}

pub fn run(args: &ExportArgs, ctx: &Context) -> anyhow::Result<i32> {
    let options = options(args)?;
    if !ctx.tm.exists() {
        anyhow::bail!(
            "there is no memory at {} (import something first, or give --tm PATH)",
            ctx.tm.display()
        );
    }
    let memory = Memory::open_existing(&ctx.tm)?;
    match &args.output {
        None => {
            let stdout = io::stdout();
            let out = BufWriter::new(stdout.lock());
            export(&memory, out, Path::new("<stdout>"), &options)?;
        }
        Some(path) => {
            let report = write_file(&memory, path, &options)?;
            eprintln!("wrote {} units to {}", report.units, path.display());
        }
    }
    Ok(0)
}

fn write_file(
    memory: &Memory,
    path: &Path,
    options: &ExportOptions,
) -> anyhow::Result<tarjama::export::ExportReport> {
    let partial = partial_name(path);
    let file =
        File::create(&partial).with_context(|| format!("cannot write {}", path.display()))?;
    let result = export(memory, BufWriter::new(file), path, options);
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
    };
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(report)
}

/// `dir/.name.partial` next to the output, so the rename stays on one file system.
fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

fn options(args: &ExportArgs) -> anyhow::Result<ExportOptions> {
    let format = args
        .format
        .as_deref()
        .and_then(Format::parse)
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Tmx);
    Ok(ExportOptions {
        format,
        from: args.from.clone(),
        to: args.to.clone(),
    })
}
