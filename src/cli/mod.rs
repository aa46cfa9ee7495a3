//! Command-line front end: global options, dispatch to one file per subcommand, and the
//! mapping of errors to one clear line and an exit code (0 ok, 1 findings, 2 error).

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod align;
mod args;
mod backup;
mod check;
mod compact;
mod concordance;
mod export;
mod glossary;
mod glossary_import;
mod glossary_mine;
mod import;
mod new_memory;
mod output;
mod pretranslate;
mod segment;
mod serve;
mod stats;
mod suggest;
mod unit;

/// Where the memory lives when neither --tm nor TARJAMA_TM says otherwise.
pub const DEFAULT_TM: &str = "memories/tarjama.db";

/// tarjama — Arabic ↔ English translation memory for news desks.
///
/// Store aligned Arabic/English sentence pairs in a memory (one SQLite file), fetch fuzzy
/// suggestions for new sentences, keep names and titles consistent with a glossary.
#[derive(Debug, Parser)]
#[command(name = "tarjama", version, about, long_about)]
pub struct Cli {
    /// The memory file to use (created on first write).
    #[arg(long, global = true, env = "TARJAMA_TM", value_name = "PATH", default_value = DEFAULT_TM)]
    pub tm: PathBuf,

    /// Accept this language although ISO 639 does not list it: private use (`x-klingon`,
    /// `qaa`–`qtz`) or a code newer than tarjama's registry. Repeatable or comma-separated.
    #[arg(long, global = true, value_name = "TAG", value_delimiter = ',')]
    pub allow_language: Vec<String>,

    /// How long to wait for another process writing to the same memory before giving up
    /// with "memory busy" (seconds).
    #[arg(
        long,
        global = true,
        env = "TARJAMA_WAIT",
        value_name = "SECONDS",
        default_value_t = 30.0
    )]
    pub wait: f64,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import translation units from CSV/TSV or TMX files into the memory.
    Import(import::ImportArgs),
    /// Export the memory as TMX 1.4b or CSV.
    Export(export::ExportArgs),
    /// Pretranslate an article into a draft (XLIFF, TSV, JSON, HTML) with the memory's best matches.
    Pretranslate(pretranslate::PretranslateArgs),
    /// Suggest past translations for a sentence or a file (fuzzy matches, scored).
    Suggest(suggest::SuggestArgs),
    /// Find units containing a word or phrase (diacritics and letter variants ignored).
    Concordance(concordance::ConcordanceArgs),
    /// Count the units in the memory by language pair, origin and status.
    Stats(stats::StatsArgs),
    /// Split a text into sentences, one per line.
    Segment(segment::SegmentArgs),
    /// Align an Arabic article with its English version into sentence pairs.
    Align(align::AlignArgs),
    /// Manage the glossary of names, titles and terms.
    Glossary(glossary::GlossaryArgs),
    /// Check a text against the glossary, like a linter (forbidden and unlisted variants).
    Check(check::CheckArgs),
    /// Serve suggestions, concordance, glossary terms and checks over HTTP (JSON).
    Serve(serve::ServeArgs),
    /// Drop index entries left by removed units (re-aligned articles); shrink the file.
    Compact(compact::CompactArgs),
    /// Show, review, unreview or delete units by id or origin.
    Unit(unit::UnitArgs),
    /// Write a consistent, verified copy of the memory (safe while imports and serve run).
    Backup(backup::BackupArgs),
}

/// What every subcommand gets besides its own arguments.
#[allow(dead_code)] // fields are read as subcommands land
pub struct Context {
    pub tm: PathBuf,
    /// Whether stderr is a terminal (progress bars, colours).
    pub stderr_is_tty: bool,
}

pub fn main() -> i32 {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let allowed = args::allowed_languages(&argv);
    if let Err(err) = tarjama::text::allow_languages(allowed.iter().map(String::as_str)) {
        eprintln!("tarjama: error: --allow-language: {err}");
        return 2;
    }
    let cli = Cli::parse_from(argv);
    if !matches!(cli.command, Command::Suggest(_)) {
        // Off only for `suggest`, a process per sentence (see `huge_pages`).
        crate::huge_pages::allow();
    }
    let wait = std::time::Duration::try_from_secs_f64(cli.wait.max(0.0)).unwrap_or_default();
    tarjama::memory::busy::set_wait_limit(wait);
    tarjama::memory::busy::on_long_wait(|| eprintln!("tarjama: waiting for another writer…"));
    let ctx = Context {
        tm: cli.tm.clone(),
        stderr_is_tty: io::stderr().is_terminal(),
    };
    let result = match &cli.command {
        Command::Import(args) => import::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Suggest(args) => suggest::run(args, &ctx),
        Command::Pretranslate(args) => pretranslate::run(args, &ctx),
        Command::Concordance(args) => concordance::run(args, &ctx),
        Command::Stats(args) => stats::run(args, &ctx),
        Command::Segment(args) => segment::run(args, &ctx),
        Command::Align(args) => align::run(args, &ctx),
        Command::Glossary(args) => glossary::run(args, &ctx),
        Command::Check(args) => check::run(args, &ctx),
        Command::Serve(args) => serve::run(args, &ctx),
        Command::Compact(args) => compact::run(args, &ctx),
        Command::Unit(args) => unit::run(args, &ctx),
        Command::Backup(args) => backup::run(args, &ctx),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            eprintln!("tarjama: error: {err:#}");
            2
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
