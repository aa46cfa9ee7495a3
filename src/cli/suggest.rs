//! `tarjama suggest`: fuzzy suggestions from the memory for a sentence, standard input or
//! every sentence of a file, as readable text or JSON.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use tarjama::glossary::recognizer_for_texts;
use tarjama::glossary::terms::render;
use tarjama::memory::{DiffOp, Reads, SuggestOptions};
use tarjama::pretranslate::{Fragmenter, MatchKind, ReadSnapshot, CUT_SHORT_NOTE};
use tarjama::service::{self, Match, Query, SuggestBlock};
use tarjama::text::LangTag;

use super::args::{lang_tag, FragmentLimit};
use super::output::{self, json, open_memory_for, text_line};
use super::Context;

#[derive(Debug, Args)]
#[command(after_help = "\
Scores: 100 identical text; 99 same words, other spelling (the reason is shown: case,
diacritics, letter forms, digit shapes, punctuation, spacing); below that the word-level
fuzzy score 100 x (1 - edits / longer length). A fuzzy match that differs only in numbers,
dates or glossary names is shown with those replaced in its target (\"substituted\"); for
sentences of a file, an exact match stored between the same neighbours is a context match. Ties go to the closer spelling, then to
reviewed units, then to the most recent. Every unit scoring at or above the threshold is found (lossless index).

Examples:
  tarjama suggest --from ar --to en \"قال رئيس الوزراء إن الحكومة ستجري الانتخابات\"
  tarjama suggest --from ar --to en --file article-ar.txt --json > suggestions.json
  echo \"Oil prices rose today.\" | tarjama suggest --from en --to ar --threshold 60")]
pub struct SuggestArgs {
    /// The sentence to look up. `-` or nothing reads standard input (split into sentences).
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Look up every sentence of this file (UTF-8).
    #[arg(long, short, value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// Language of the text, as a BCP 47 tag (ar, ar-IQ, en).
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub from: LangTag,
    /// Language of the translations wanted.
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub to: LangTag,
    /// Lowest score shown, 1-100 (100 = identical text, 99 = same words, other spelling).
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub threshold: u8,
    /// Matches shown per sentence.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub top: u16,
    /// Print JSON: an array with one object per sentence {query, matches: [...]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub fragment_limit: FragmentLimit,
}

/// Up to this many sentences, a run reads the memory as a short-lived process does
/// ([`Reads::Few`]): one paragraph given as TEXT is one query, a few pasted sentences are a few.
const FEW_QUERIES: usize = 8;

pub fn run(args: &SuggestArgs, ctx: &Context) -> anyhow::Result<i32> {
    let opts = options(args)?;
    let queries = queries(args, &opts.from)?;
    // A lookup reads each of its few hundred pages about once; a file's sentences share
    // more of them (the common words' lists), which a memory map then serves for free.
    let reads = if queries.len() <= FEW_QUERIES {
        Reads::Few
    } else {
        Reads::Many
    };
    let memory = open_memory_for(&ctx.tm, reads)?;
    // One read transaction for the whole file: one file lock, not one per statement.
    let snapshot = ReadSnapshot::begin(&memory)?;
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let glossary =
        recognizer_for_texts(&memory, &texts).context("cannot read the memory's glossary")?;
    let mut blocks = service::suggest(&memory, &glossary, queries, &opts)?;
    // The lexicon (stored, or learned from every reviewed unit) only once a run needs
    // translating.
    let fragmenter = Fragmenter::learning(&memory, args.from.as_str(), args.to.as_str())
        .limit_work(args.fragment_limit.per_segment());
    if blocks.iter().any(|b| b.matches.is_empty()) {
        service::add_fragments(&mut blocks, &fragmenter, &glossary)?;
    }
    drop(snapshot);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json(&mut out, &blocks)?;
    } else {
        for (i, block) in blocks.iter().enumerate() {
            print_block(&mut out, i + 1, block, &opts)?;
        }
    }
    out.flush()?;
    drop(out);
    // After the answer: a lexicon learned here is stored for the next process. Not storing
    // it (read-only memory, another writer busy, a full disk) costs that process the
    // learning again and changes no answer, so it is no error of this command.
    let _ = fragmenter.keep_learned();
    Ok(0)
}

fn options(args: &SuggestArgs) -> anyhow::Result<SuggestOptions> {
    let (from, to) = (&args.from, &args.to);
    if from.primary() == to.primary() {
        anyhow::bail!(
            "--from and --to are both '{}'; give two languages",
            from.primary()
        );
    }
    let mut opts = SuggestOptions::new(from.as_str(), to.as_str());
    opts.threshold = args.threshold;
    opts.top = usize::from(args.top);
    Ok(opts)
}

fn queries(args: &SuggestArgs, from: &str) -> anyhow::Result<Vec<Query>> {
    let source = match (&args.text, &args.file) {
        (Some(text), None) if text != "-" => return Ok(vec![Query::whole(text.clone())]),
        (_, Some(file)) => output::read_text(file)?,
        _ => output::read_text(std::path::Path::new("-"))?,
    };
    let sentences = service::sentences(&source, from);
    if sentences.is_empty() {
        anyhow::bail!("no text to look up (give TEXT, --file FILE or text on standard input)");
    }
    Ok(sentences)
}

fn print_block(
    out: &mut impl Write,
    n: usize,
    block: &SuggestBlock,
    opts: &SuggestOptions,
) -> io::Result<()> {
    writeln!(out, "#{n}")?;
    text_line(out, 2, "query", &block.query)?;
    for term in &block.terms {
        text_line(out, 2, "term", &render(term))?;
    }
    if block.matches.is_empty() {
        writeln!(out, "  no match at {} or above", opts.threshold)?;
    }
    for f in &block.fragments {
        text_line(
            out,
            2,
            "fragment",
            &format!("{} → {}", f.text, f.translation),
        )?;
    }
    if block.fragments_cut_short {
        writeln!(out, "  {CUT_SHORT_NOTE}")?;
    }
    for m in &block.matches {
        print_match(out, m)?;
    }
    writeln!(out)
}

fn print_match(out: &mut impl Write, m: &Match) -> io::Result<()> {
    let mut about = vec![format!("unit {}", m.id), m.status.as_str().to_string()];
    if matches!(m.kind, MatchKind::Context | MatchKind::Substituted) {
        about.insert(0, m.kind.as_str().to_string());
    }
    if let Some(origin) = &m.origin {
        about.push(origin.clone());
    }
    writeln!(out, "  {:>3}%  {}", m.score, about.join(", "))?;
    text_line(out, 7, &m.source_lang, &m.source)?;
    text_line(out, 7, &m.target_lang, &m.target)?;
    if !m.reason.is_empty() {
        let why: Vec<&str> = m.reason.iter().map(|r| r.as_str()).collect();
        writeln!(out, "       same words; differs in {}", why.join(", "))?;
    }
    if !m.diff.is_empty() {
        writeln!(out, "       words: {}", diff_summary(&m.diff))?;
    }
    if let Some(draft) = &m.substituted_target {
        let what: Vec<String> = m
            .substitutions
            .iter()
            .map(|s| format!("{} {} → {}", s.what, s.from, s.to))
            .collect();
        writeln!(out, "       substituted: {}", what.join("; "))?;
        text_line(out, 7, &m.target_lang, draft)?;
    }
    Ok(())
}

/// `-deleted +inserted stored→query`, in reading order.
fn diff_summary(diff: &[DiffOp]) -> String {
    let parts: Vec<String> = diff
        .iter()
        .map(|op| match op {
            DiffOp::Inserted { query } => format!("+{}", query.text),
            DiffOp::Deleted { source } => format!("-{}", source.text),
            DiffOp::Substituted { query, source } => format!("{} → {}", source.text, query.text),
        })
        .collect();
    parts.join("  ")
}
