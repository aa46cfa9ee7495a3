//! `tarjama concordance`: every unit containing a word or phrase (match keys: diacritics,
//! letter variants and Arabic proclitics ignored), both sides shown, the hit marked ⟦ ⟧.

use std::io::{self, BufWriter, Write};

use clap::Args;
use tarjama::text::LangTag;

use super::args::lang_tag;
use super::output::{json, mark, open_memory, text_line};
use super::Context;

#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    /// The word or phrase to find, in Arabic or English.
    #[arg(value_name = "PHRASE")]
    pub phrase: String,
    /// Only search this side's language (ar, en); both by default.
    #[arg(long, value_name = "LANG", value_parser = lang_tag)]
    pub lang: Option<LangTag>,
    /// Show at most this many units.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Print JSON: an array of {id, side, lang, text, hits, other_lang, other_text, origin}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ConcordanceArgs, ctx: &Context) -> anyhow::Result<i32> {
    let lang = args.lang.as_ref();
    let memory = open_memory(&ctx.tm)?;
    let hits = memory.concordance(
        &args.phrase,
        lang.as_ref().map(|l| l.as_str()),
        args.limit as usize,
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json(&mut out, &hits)?;
    } else if hits.is_empty() {
        writeln!(out, "no unit contains '{}'", args.phrase)?;
    } else {
        for h in &hits {
            let origin = h
                .origin
                .as_deref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default();
            writeln!(out, "unit {}{origin}", h.id)?;
            text_line(&mut out, 2, &h.lang, &mark(&h.text, &h.hits))?;
            text_line(&mut out, 2, &h.other_lang, &h.other_text)?;
        }
        if hits.len() == args.limit as usize {
            writeln!(
                out,
                "(first {} units; --limit shows more)",
                args.limit as usize
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}
