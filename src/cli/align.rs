//! `tarjama align AR_FILE EN_FILE`: segments an Arabic article and its English version,
//! aligns the sentences, prints the pairs (tsv, json or beads) and stores them in the memory
//! with origin, position, confidence and status unreviewed. Aligning the same origin again
//! replaces its earlier pairs. The memory also teaches the aligner: its glossary terms and
//! a lexicon learned from its reviewed units become anchors.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use tarjama::align::input::{language_warning, read_text, sentences};
use tarjama::align::memory_lexicon::current_lexicon;
use tarjama::align::output::{render_beads, render_json, render_tsv, views, PairView};
use tarjama::align::report::{html_report, ReportInfo};
use tarjama::align::{align, AlignOptions, AnchorSource, Bead, Lexicon};
use tarjama::error::{Error, Location, RecordError};
use tarjama::glossary::Recognizer;
use tarjama::memory::{Memory, Side, Status, UnitRecord};

use super::new_memory::WriteTarget;
use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Tsv,
    Json,
    Beads,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Arabic article (UTF-8 text).
    pub ar_file: PathBuf,
    /// The English version of the same article.
    pub en_file: PathBuf,
    /// Store the pairs in this memory (default: the current memory, --tm).
    #[arg(long, value_name = "TM")]
    pub into: Option<PathBuf>,
    /// Origin recorded with every pair (default: the two file names).
    #[arg(long, value_name = "ID")]
    pub origin: Option<String>,
    /// Print the alignment without storing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Hold back pairs below this confidence (listed, not stored).
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub min_confidence: f64,
    /// The files hold one segment per line already; do not segment them.
    #[arg(long)]
    pub presegmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Tsv)]
    pub format: Format,
    /// The same as --format json (as with the other commands).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Bilingual word list: Arabic<TAB>English per line.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Write a review page (HTML) of the alignment.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// The two articles, read and segmented.
struct Articles {
    ar: Vec<String>,
    en: Vec<String>,
}

pub fn run(args: &AlignArgs, ctx: &Context) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!(
            "--min-confidence: {} is not between 0 and 1",
            args.min_confidence
        );
    }
    let tm = args.into.clone().unwrap_or_else(|| ctx.tm.clone());
    let articles = read_articles(args)?;
    let mut lexicon = match &args.lexicon {
        Some(path) => read_lexicon(path)?,
        None => Lexicon::default(),
    };
    let mut recognizer = None;
    if tm.exists() {
        let memory = Memory::open_existing(&tm)?;
        lexicon.extend(&current_lexicon(&memory, "ar", "en")?);
        let glossary = tarjama::glossary::store::load(memory.conn())?;
        if !glossary.entries.is_empty() {
            recognizer = Some(Recognizer::new(glossary));
        }
    }
    let ar: Vec<&str> = articles.ar.iter().map(String::as_str).collect();
    let en: Vec<&str> = articles.en.iter().map(String::as_str).collect();
    let opts = AlignOptions {
        lexicon: (!lexicon.is_empty()).then_some(&lexicon),
        anchors: recognizer.as_ref().map(|r| r as &dyn AnchorSource),
        ..AlignOptions::default()
    };
    let beads = align(&ar, &en, &opts);
    let views = views(&articles.ar, &articles.en, &beads, args.min_confidence);
    if let Some(path) = &args.report {
        write_report(path, args, &articles, &beads)?;
    }
    let format = if args.json { Format::Json } else { args.format };
    print_output(format, &views, &beads)?;
    report_held(&views);
    if !args.dry_run {
        let origin = args.origin.clone().unwrap_or_else(|| default_origin(args));
        store(&tm, &origin, &views)?;
    }
    Ok(0)
}

fn read_articles(args: &AlignArgs) -> anyhow::Result<Articles> {
    let ar_text = read_text(&args.ar_file)?;
    let en_text = read_text(&args.en_file)?;
    for (path, text, lang) in [
        (&args.ar_file, &ar_text, "ar"),
        (&args.en_file, &en_text, "en"),
    ] {
        if let Some(w) = language_warning(text, lang) {
            eprintln!("tarjama: warning: {}: {w}", path.display());
        }
    }
    let articles = Articles {
        ar: sentences(&ar_text, "ar", args.presegmented),
        en: sentences(&en_text, "en", args.presegmented),
    };
    check_sizes(args, &articles)?;
    Ok(articles)
}

fn check_sizes(args: &AlignArgs, a: &Articles) -> anyhow::Result<()> {
    let (n, m) = (a.ar.len(), a.en.len());
    if n == 0 && m == 0 {
        anyhow::bail!(
            "nothing to align: {} and {} have no text",
            args.ar_file.display(),
            args.en_file.display()
        );
    }
    for (count, path) in [(n, &args.ar_file), (m, &args.en_file)] {
        if count == 0 {
            eprintln!(
                "tarjama: warning: {} has no text; every sentence of the other file is an omission",
                path.display()
            );
        }
    }
    if n > 0 && m > 0 && n.max(m) >= 4 * n.min(m) {
        eprintln!(
            "tarjama: warning: the articles differ widely in length ({n} Arabic vs {m} English \
             sentences); sentences without a counterpart are reported as omissions"
        );
    }
    Ok(())
}

fn read_lexicon(path: &Path) -> anyhow::Result<Lexicon> {
    let text = read_text(path)?;
    let (lexicon, bad) = Lexicon::from_tsv(&text);
    if !bad.is_empty() {
        let records = bad
            .into_iter()
            .map(|line| RecordError {
                location: Location {
                    path: path.display().to_string(),
                    line,
                    col: None,
                },
                message: "expected 'Arabic<TAB>English'".into(),
            })
            .collect();
        return Err(Error::BadRecords(records)).context("--lexicon");
    }
    Ok(lexicon)
}

fn default_origin(args: &AlignArgs) -> String {
    format!("{} | {}", args.ar_file.display(), args.en_file.display())
}

fn print_output(format: Format, views: &[PairView<'_>], beads: &[Bead]) -> anyhow::Result<()> {
    let text = match format {
        Format::Tsv => render_tsv(views, "ar", "en"),
        Format::Json => render_json(views),
        Format::Beads => render_beads(beads),
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Lists pairs held back by --min-confidence on stderr.
fn report_held(views: &[PairView<'_>]) {
    for v in views.iter().filter(|v| v.kind == "held") {
        eprintln!(
            "tarjama: held back (confidence {:.2}): {} ↔ {}",
            v.confidence, v.source_text, v.target_text
        );
    }
}

fn write_report(path: &Path, args: &AlignArgs, a: &Articles, beads: &[Bead]) -> anyhow::Result<()> {
    let title = format!(
        "Alignment of {} and {}",
        args.ar_file.display(),
        args.en_file.display()
    );
    let info = ReportInfo {
        title: &title,
        source_lang: "ar",
        target_lang: "en",
        min_confidence: args.min_confidence,
    };
    let html = html_report(&a.ar, &a.en, beads, &info);
    std::fs::write(path, html).with_context(|| format!("--report: {}", path.display()))?;
    Ok(())
}

/// Replaces the origin's earlier pairs with the new ones, in one transaction.
fn store(tm: &Path, origin: &str, views: &[PairView<'_>]) -> anyhow::Result<()> {
    let mut memory = WriteTarget::open(tm)?;
    let mut writer = memory.writer()?;
    let removed = writer.remove_origin(origin)?;
    let mut stored = 0;
    for v in views.iter().filter(|v| v.kind == "pair") {
        let mut unit = UnitRecord::new(
            Side::new("ar", v.source_text.clone()),
            Side::new("en", v.target_text.clone()),
        );
        unit.origin = Some(origin.to_string());
        unit.position = Some(v.position as i64);
        unit.confidence = Some(v.confidence);
        unit.status = Status::Unreviewed;
        writer.add(&unit)?;
        stored += 1;
    }
    writer.fold_origin_stats()?;
    writer.commit()?;
    memory.keep();
    let held = views.iter().filter(|v| v.kind == "held").count();
    let omitted = views.iter().filter(|v| v.kind == "omission").count();
    eprintln!(
        "tarjama: stored {stored} pairs from '{origin}' in {} (replaced {removed} earlier; \
         {held} held back; {omitted} omissions)",
        tm.display()
    );
    Ok(())
}
