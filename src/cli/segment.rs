//! `tarjama segment FILE --lang ar|en`: prints the sentences of a text, one per line.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use tarjama::align::input::{language_warning, read_text};
use tarjama::text::segment::segment;
use tarjama::text::LangTag;

use super::args::lang_tag;
use super::Context;

#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// The text file to split (UTF-8; blank lines separate paragraphs).
    pub file: PathBuf,
    /// Language of the text (ar, en, ar-IQ, ...).
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub lang: LangTag,
}

pub fn run(args: &SegmentArgs, _ctx: &Context) -> anyhow::Result<i32> {
    let tag = &args.lang;
    let text = read_text(&args.file)?;
    if let Some(w) = language_warning(&text, tag.primary()) {
        eprintln!("tarjama: warning: {}: {w}", args.file.display());
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for s in segment(&text, tag.primary()) {
        writeln!(out, "{}", s.text)?;
    }
    out.flush()?;
    Ok(0)
}
