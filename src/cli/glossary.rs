//! `tarjama glossary import|export|add|remove|list|find`: the glossary kept in the memory.
//!
//! Imports validate every row first and write everything in one transaction, or nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand, ValueEnum};

use super::new_memory::WriteTarget;
use super::Context;
use tarjama::formats::tbx::write_tbx;
use tarjama::glossary::csv::write_csv;
use tarjama::glossary::{prepare_import, store, Entry, EntryType, Glossary, Located};
use tarjama::memory::Memory;

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub command: GlossaryCommand,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Import glossary files (CSV, TSV, OmegaT TSV, TBX); entries with the same preferred
    /// forms are updated, so importing twice changes nothing.
    Import(ImportArgs),
    /// Write the glossary as CSV or TBX.
    Export(ExportArgs),
    /// Add one entry.
    Add(Box<AddArgs>),
    /// Remove an entry by id or by one of its forms.
    Remove(RemoveArgs),
    /// List the entries.
    List(ListArgs),
    /// Find entries whose forms contain a word (diacritics and case ignored).
    Find(FindArgs),
    /// Propose entries from the names the memory's aligned units already write.
    Mine(super::glossary_mine::MineArgs),
    /// List the memory's spellings that contradict the glossary or each other.
    Audit(super::glossary_mine::AuditArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Glossary files; the format follows the extension (.csv, .tsv, .txt, .tbx).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Validate only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good entries of files with bad ones; the bad ones are listed and counted
    /// (exit 1).
    #[arg(long)]
    pub skip_bad: bool,
    /// With --skip-bad: write the rejected entries (path:line: what) to this file.
    #[arg(long, value_name = "FILE", requires = "skip_bad")]
    pub rejects: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Tbx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// person, title, organization, place or term.
    #[arg(long = "type", default_value = "term")]
    pub kind: String,
    /// Preferred English form.
    #[arg(long)]
    pub en: Option<String>,
    /// Preferred Arabic form.
    #[arg(long)]
    pub ar: Option<String>,
    #[arg(long)]
    pub en_admitted: Vec<String>,
    #[arg(long)]
    pub ar_admitted: Vec<String>,
    /// A short form admitted once the full form has appeared in the text (JOC).
    #[arg(long)]
    pub en_short: Vec<String>,
    #[arg(long)]
    pub ar_short: Vec<String>,
    #[arg(long)]
    pub en_forbidden: Vec<String>,
    #[arg(long)]
    pub ar_forbidden: Vec<String>,
    #[arg(long, default_value = "")]
    pub note: String,
    #[arg(long, default_value = "")]
    pub source: String,
    #[arg(long)]
    pub case_sensitive: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// An entry id (from `glossary list`) or one of the entry's preferred or admitted forms.
    pub entry: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entries of this type.
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// One JSON object per entry.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    pub query: String,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &GlossaryArgs, ctx: &Context) -> anyhow::Result<i32> {
    match &args.command {
        GlossaryCommand::Import(a) => super::glossary_import::run(a, ctx),
        GlossaryCommand::Export(a) => export(a, ctx),
        GlossaryCommand::Add(a) => add(a, ctx),
        GlossaryCommand::Remove(a) => remove(a, ctx),
        GlossaryCommand::List(a) => list(a, ctx),
        GlossaryCommand::Find(a) => find(a, ctx),
        GlossaryCommand::Mine(a) => super::glossary_mine::run_mine(a, ctx),
        GlossaryCommand::Audit(a) => super::glossary_mine::run_audit(a, ctx),
    }
}

/// Loads the glossary of the memory at `ctx.tm` (an error if there is no memory).
pub fn load_glossary(ctx: &Context) -> anyhow::Result<Glossary> {
    let memory = Memory::open_existing(&ctx.tm).with_context(|| {
        "no glossary (import one with `tarjama glossary import FILE`, or pass --glossary FILE)"
    })?;
    Ok(store::load(memory.conn())?)
}

pub(super) fn save(memory: &mut Memory, entries: &[Entry], extra: &str) -> anyhow::Result<i32> {
    let writer = memory.writer()?;
    let stats = store::save(writer.conn(), entries)?;
    writer.commit()?;
    println!(
        "{} added, {} updated, {} unchanged{extra}",
        stats.added, stats.updated, stats.unchanged
    );
    Ok(0)
}

fn export(args: &ExportArgs, ctx: &Context) -> anyhow::Result<i32> {
    let glossary = load_glossary(ctx)?;
    let mut buf = Vec::new();
    match args.format {
        ExportFormat::Csv => write_csv(&mut buf, &glossary.entries)?,
        ExportFormat::Tbx => write_tbx(&mut buf, &glossary.entries)?,
    }
    match &args.output {
        Some(path) => std::fs::write(path, &buf).with_context(|| format!("{}", path.display()))?,
        None => std::io::stdout().lock().write_all(&buf)?,
    }
    Ok(0)
}

fn add(args: &AddArgs, ctx: &Context) -> anyhow::Result<i32> {
    let Some(kind) = EntryType::parse(&args.kind) else {
        bail!(
            "unknown type \"{}\" (expected person, title, organization, place or term)",
            args.kind
        );
    };
    let mut entry = Entry::new(kind);
    entry.en.preferred = args.en.clone();
    entry.ar.preferred = args.ar.clone();
    entry.en.admitted = args.en_admitted.clone();
    entry.ar.admitted = args.ar_admitted.clone();
    entry.en.short = args.en_short.clone();
    entry.ar.short = args.ar_short.clone();
    entry.en.forbidden = args.en_forbidden.clone();
    entry.ar.forbidden = args.ar_forbidden.clone();
    entry.note = args.note.clone();
    entry.source = args.source.clone();
    entry.case_sensitive = args.case_sensitive;
    entry.tidy();
    let location = tarjama::error::Location {
        path: "command line".into(),
        line: 1,
        col: None,
    };
    let mut memory = WriteTarget::open(&ctx.tm)?;
    let existing = store::load(memory.conn())?;
    let entries = prepare_import(&existing, vec![Located { entry, location }])?;
    let code = save(&mut memory, &entries, "")?;
    memory.keep();
    Ok(code)
}

fn remove(args: &RemoveArgs, ctx: &Context) -> anyhow::Result<i32> {
    let mut memory = Memory::open_existing(&ctx.tm)?;
    let id = match args.entry.parse::<i64>() {
        Ok(id) => Some(id),
        Err(_) => store::find_id(memory.conn(), &args.entry)?,
    };
    let writer = memory.writer()?;
    let removed = match id {
        Some(id) => store::remove(writer.conn(), id)?,
        None => false,
    };
    writer.commit()?;
    if !removed {
        bail!("no glossary entry \"{}\"", args.entry);
    }
    println!("removed entry {}", id.unwrap_or_default());
    Ok(0)
}

fn list(args: &ListArgs, ctx: &Context) -> anyhow::Result<i32> {
    let kind = match &args.kind {
        Some(k) => Some(EntryType::parse(k).with_context(|| format!("unknown type \"{k}\""))?),
        None => None,
    };
    let glossary = load_glossary(ctx)?;
    let entries: Vec<&Entry> = glossary
        .entries
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    print_entries(&entries, args.json)
}

fn find(args: &FindArgs, ctx: &Context) -> anyhow::Result<i32> {
    let glossary = load_glossary(ctx)?;
    let found = glossary.find(&args.query);
    print_entries(&found, args.json)?;
    Ok(if found.is_empty() { 1 } else { 0 })
}

fn print_entries(entries: &[&Entry], json: bool) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    for e in entries {
        if json {
            writeln!(out, "{}", serde_json::to_string(e)?)?;
        } else {
            writeln!(out, "{}", describe(e))?;
        }
    }
    Ok(0)
}

/// `#3 person  Mustafa Al-Kadhimi / مصطفى الكاظمي  (en admitted: Al-Kadhimi; en forbidden: Kazemi)`
fn describe(e: &Entry) -> String {
    let mut extra = Vec::new();
    for lang in tarjama::glossary::Lang::BOTH {
        let f = e.forms(lang);
        if !f.admitted.is_empty() {
            extra.push(format!(
                "{} admitted: {}",
                lang.as_str(),
                f.admitted.join(" | ")
            ));
        }
        if !f.short.is_empty() {
            extra.push(format!(
                "{} short, after the full form: {}",
                lang.as_str(),
                f.short.join(" | ")
            ));
        }
        if !f.forbidden.is_empty() {
            extra.push(format!(
                "{} forbidden: {}",
                lang.as_str(),
                f.forbidden.join(" | ")
            ));
        }
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("  ({})", extra.join("; "))
    };
    format!(
        "#{} {:<12} {}{extra}",
        e.id.unwrap_or(0),
        e.kind.as_str(),
        e.label()
    )
}
