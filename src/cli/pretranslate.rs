//! `tarjama pretranslate`: a new article in, a translator's draft out (XLIFF 1.2 or 2.1,
//! TSV, JSON or an HTML page), with the match analysis on stderr. The work is in
//! `tarjama::pretranslate`; this file only reads flags and writes files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use tarjama::glossary::recognizer_for_texts;
use tarjama::pretranslate::{self, html, table, xliff12, xliff21, Draft, Options, Penalties};
use tarjama::service;
use tarjama::text::LangTag;

use super::args::{lang_tag, FragmentLimit};
use super::output::{open_memory, read_text};
use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    /// XLIFF 1.2 (OmegaT, Trados, memoQ, Okapi, Weblate).
    Xliff,
    /// XLIFF 2.1 with the Translation Candidates module.
    Xliff2,
    Tsv,
    Json,
    /// A side-by-side page to read in a browser.
    Html,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Match order: context 101 (same sentence between the same neighbours as in the article it was
stored from) > exact 100 > same words, other spelling 99 > auto-substituted (only numbers,
dates or glossary names differ, and were replaced in the target: 99) > fuzzy. Penalties are
taken off before ranking (default 1 point each: unreviewed unit, alignment confidence below
0.5, several translations of the source, auto-substitution), so at the default --fill 100
only reviewed exact matches and context matches are filled. Filled targets of exact and
context matches are marked translated; anything else stays a draft for the translator.

The match analysis (segments and words per band: 101, 100, 95-99, 85-94, 75-84, 50-74, no
match, repetitions) goes to stderr, or as JSON to stdout with --json.

Examples:
  tarjama pretranslate story.ar.txt --from ar --to en -o story.xlf
  tarjama pretranslate story.ar.txt --from ar --to en --format html -o draft.html --fill 95
  tarjama pretranslate story.ar.txt --from ar --to en --format xliff2 -o story.xlf --json")]
pub struct PretranslateArgs {
    /// The article to translate (UTF-8 text; `-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub from: LangTag,
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub to: LangTag,
    /// Where to write the draft (default: standard output).
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Draft format (default: from OUT's extension .xlf/.xliff, .tsv, .json, .html; else xliff).
    #[arg(long, value_enum)]
    pub format: Option<DraftFormat>,
    /// Lowest score listed as a candidate.
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=101))]
    pub show: u8,
    /// Lowest score written into the target (101 fills context matches only).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(1..=101))]
    pub fill: u8,
    /// Candidates listed per segment.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub candidates: u16,
    /// Copy the source into targets left empty (no match at --fill).
    #[arg(long)]
    pub copy_source: bool,
    /// Points off a unit nobody reviewed.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub penalty_unreviewed: u8,
    /// Points off a unit aligned with a confidence below --low-confidence.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub penalty_low_confidence: u8,
    /// The alignment confidence below which --penalty-low-confidence applies.
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    pub low_confidence: f64,
    /// Points off when the memory holds several translations of the same source.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub penalty_alternatives: u8,
    /// Points off an auto-substituted match.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub penalty_substitution: u8,
    /// Print the match analysis as JSON on standard output (needs -o).
    #[arg(long, requires = "output")]
    pub json: bool,
    #[command(flatten)]
    pub fragment_limit: FragmentLimit,
}

pub fn run(args: &PretranslateArgs, ctx: &Context) -> anyhow::Result<i32> {
    if args.from.primary() == args.to.primary() {
        anyhow::bail!(
            "--from and --to are both '{}'; give two languages",
            args.from.primary()
        );
    }
    if !(0.0..=1.0).contains(&args.low_confidence) {
        anyhow::bail!(
            "--low-confidence {} is not between 0 and 1",
            args.low_confidence
        );
    }
    let text = read_text(&args.file)?;
    let queries = service::sentences(&text, args.from.as_str());
    if queries.is_empty() {
        anyhow::bail!("{}: no text to pretranslate", args.file.display());
    }
    let memory = open_memory(&ctx.tm)?;
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let glossary =
        recognizer_for_texts(&memory, &texts).context("cannot read the memory's glossary")?;
    let draft = pretranslate::pretranslate(&memory, &glossary, &queries, &options(args))?;
    write_draft(&draft, args)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&draft.analysis)?);
    } else {
        eprint!("{}", draft.analysis.render());
    }
    Ok(0)
}

fn options(args: &PretranslateArgs) -> Options {
    let mut o = Options::new(args.from.as_str(), args.to.as_str());
    o.show = args.show;
    o.fill = args.fill;
    o.candidates = usize::from(args.candidates);
    o.copy_source = args.copy_source;
    o.fragment_checks = args.fragment_limit.per_segment();
    o.penalties = Penalties {
        unreviewed: args.penalty_unreviewed,
        low_confidence: args.penalty_low_confidence,
        confidence_below: args.low_confidence,
        alternatives: args.penalty_alternatives,
        substitution: args.penalty_substitution,
    };
    o.original = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    o
}

/// The format asked for, else the one OUT's extension names, else XLIFF 1.2.
fn format(args: &PretranslateArgs) -> DraftFormat {
    let by_extension = || {
        let ext = args
            .output
            .as_ref()?
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(DraftFormat::Html),
            "tsv" => Some(DraftFormat::Tsv),
            "json" => Some(DraftFormat::Json),
            _ => None,
        }
    };
    args.format
        .or_else(by_extension)
        .unwrap_or(DraftFormat::Xliff)
}

fn write_draft(draft: &Draft, args: &PretranslateArgs) -> anyhow::Result<()> {
    let body = match format(args) {
        DraftFormat::Xliff => xliff12::render(draft),
        DraftFormat::Xliff2 => xliff21::render(draft),
        DraftFormat::Tsv => table::render(draft),
        DraftFormat::Json => serde_json::to_string_pretty(draft)? + "\n",
        DraftFormat::Html => html::render(draft),
    };
    match &args.output {
        // Written whole, then renamed: a failed run leaves no half-written draft.
        Some(path) => {
            let mut partial = path.as_os_str().to_owned();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            std::fs::write(&partial, body)
                .with_context(|| format!("cannot write {}", partial.display()))?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(body.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}
