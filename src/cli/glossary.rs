//! `tarjama glossary import|export|add|remove|list|find`: the glossary kept in the memory.
//!
//! Imports validate every row first and write everything in one transaction, or nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use tarjama::error::RecordError;
use tarjama::formats::tbx::write_tbx;
use tarjama::formats::tbx::TbxNotes;
use tarjama::glossary::csv::write_csv;
use tarjama::glossary::files::read_glossary_file_noted;
use tarjama::glossary::{
    prepare_import, prepare_import_skipping, store, Entry, EntryType, Glossary, Located,
};
use tarjama::import::write_rejects;
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

/// How many rejected entries the summary lists on stderr.
const SHOWN_REJECTS: usize = 20;

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
        GlossaryCommand::Import(a) => import(a, ctx),
        GlossaryCommand::Export(a) => export(a, ctx),
        GlossaryCommand::Add(a) => add(a, ctx),
        GlossaryCommand::Remove(a) => remove(a, ctx),
        GlossaryCommand::List(a) => list(a, ctx),
        GlossaryCommand::Find(a) => find(a, ctx),
    }
}

/// Loads the glossary of the memory at `ctx.tm` (an error if there is no memory).
pub fn load_glossary(ctx: &Context) -> anyhow::Result<Glossary> {
    let memory = Memory::open_existing(&ctx.tm).with_context(|| {
        "no glossary (import one with `tarjama glossary import FILE`, or pass --glossary FILE)"
    })?;
    Ok(store::load(memory.conn())?)
}

fn import(args: &ImportArgs, ctx: &Context) -> anyhow::Result<i32> {
    let mut incoming: Vec<Located> = Vec::new();
    let mut left_out = Vec::new();
    let mut bad_in_files = Vec::new();
    for file in &args.files {
        let read = read_glossary_file_noted(file)?;
        warn_left_out(&file.display().to_string(), &read.notes);
        left_out.push(read.notes);
        incoming.extend(read.entries);
        bad_in_files.extend(read.rejected);
    }
    let mut memory = Memory::open_or_create(&ctx.tm)?;
    let existing = store::load(memory.conn())?;
    let (entries, rejected) = if args.skip_bad {
        let (entries, mut rejected) = prepare_import_skipping(&existing, incoming)?;
        bad_in_files.append(&mut rejected);
        (entries, bad_in_files)
    } else {
        let prepared = prepare_import(&existing, incoming);
        if !bad_in_files.is_empty() {
            // List every bad record of the files at once: the readers' and validation's.
            if let Err(tarjama::Error::BadRecords(more)) = prepared {
                bad_in_files.extend(more);
            }
            return Err(tarjama::Error::BadRecords(sorted(bad_in_files)).into());
        }
        (prepared?, Vec::new())
    };
    let rejected = sorted(rejected);
    list_rejects(&rejected);
    if let Some(path) = &args.rejects {
        write_rejects(path, &rejected)?;
    }
    let extra = left_out_summary(&left_out, rejected.len());
    if args.dry_run {
        println!(
            "{} entries are valid{extra}; nothing was written (--dry-run)",
            entries.len()
        );
        return Ok(0);
    }
    save(&mut memory, &entries, &extra)?;
    Ok(if rejected.is_empty() { 0 } else { 1 })
}

/// One warning per kind of thing a TBX file held that the glossary does not take.
fn warn_left_out(file: &str, notes: &TbxNotes) {
    if let Some(first) = notes.skipped.first() {
        eprintln!(
            "tarjama: warning: {first}: skipped {} concept(s) with no English or Arabic term (this is the first)",
            notes.skipped.len()
        );
    }
    if !notes.other_languages.is_empty() {
        let by_lang: Vec<String> = notes
            .other_languages
            .iter()
            .map(|(tag, n)| format!("{tag} {n}"))
            .collect();
        eprintln!(
            "tarjama: warning: {file}: {} term(s) in languages other than English and Arabic not imported ({})",
            notes.other_language_terms(),
            by_lang.join(", ")
        );
    }
    for (later, first) in &notes.merged {
        eprintln!(
            "tarjama: warning: {later}: same terms as the concept at {first} (a homonym); merged into it"
        );
    }
}

fn sorted(mut records: Vec<RecordError>) -> Vec<RecordError> {
    records.sort_by(|a, b| {
        let key = |r: &RecordError| (r.location.path.clone(), r.location.line, r.location.col);
        key(a).cmp(&key(b))
    });
    records
}

fn list_rejects(rejected: &[RecordError]) {
    for bad in rejected.iter().take(SHOWN_REJECTS) {
        eprintln!("  rejected: {bad}");
    }
    if rejected.len() > SHOWN_REJECTS {
        eprintln!(
            "  … and {} more (list them all with --rejects FILE)",
            rejected.len() - SHOWN_REJECTS
        );
    }
}

/// `, 2 rejected, 3 concept(s) skipped, 40 other-language term(s) left out, …`
/// (the parts that are not zero).
fn left_out_summary(notes: &[TbxNotes], rejected: usize) -> String {
    let skipped: usize = notes.iter().map(|n| n.skipped.len()).sum();
    let other: u64 = notes.iter().map(|n| n.other_language_terms()).sum();
    let merged: usize = notes.iter().map(|n| n.merged.len()).sum();
    let parts = [
        (rejected as u64, "rejected"),
        (skipped as u64, "concept(s) skipped"),
        (other, "other-language term(s) left out"),
        (merged as u64, "homonym(s) merged"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!(", {n} {what}"))
        .collect()
}

fn save(memory: &mut Memory, entries: &[Entry], extra: &str) -> anyhow::Result<i32> {
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
    let mut memory = Memory::open_or_create(&ctx.tm)?;
    let existing = store::load(memory.conn())?;
    let entries = prepare_import(&existing, vec![Located { entry, location }])?;
    save(&mut memory, &entries, "")
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
