//! `tarjama glossary mine` and `tarjama glossary audit`: the names the memory already writes,
//! proposed as glossary entries, and the spellings that contradict the glossary or each
//! other. The work is `tarjama::mine`'s; this file reads the options and prints.

use std::io::Write;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::Context;
use tarjama::error::Location;
use tarjama::glossary::csv::write_csv;
use tarjama::glossary::{store, validate, Located};
use tarjama::memory::Memory;
use tarjama::mine::{
    self, entries::to_glossary, AuditFinding, GlossaryStatus, MineOptions, ProposedEntry,
};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MineFormat {
    Human,
    Json,
    /// The glossary CSV `glossary import` reads (new entries only).
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Others {
    Admitted,
    Forbidden,
}

#[derive(Debug, Args)]
pub struct MineArgs {
    /// Only the units of this origin (an aligned article).
    #[arg(long)]
    pub origin: Option<String>,
    /// A spelling is proposed when the memory writes it at least this often.
    #[arg(long, default_value_t = 2)]
    pub min_count: usize,
    /// Entries less confident than this (0–1) are not proposed.
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
    /// Units aligned with a lower confidence (0–1) are not read.
    #[arg(long, default_value_t = mine::MIN_BEAD_CONFIDENCE)]
    pub min_bead_confidence: f64,
    #[arg(long, value_enum, default_value = "human")]
    pub format: MineFormat,
    /// With --format csv: write the spellings other than the preferred one as admitted
    /// (default) or forbidden variants.
    #[arg(long, value_enum, default_value = "admitted")]
    pub others: Others,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only the units of this origin (an aligned article).
    #[arg(long)]
    pub origin: Option<String>,
    /// Names and titles seen fewer times are not compared with themselves.
    #[arg(long, default_value_t = 2)]
    pub min_count: usize,
    /// Units aligned with a lower confidence (0–1) are not read.
    #[arg(long, default_value_t = mine::MIN_BEAD_CONFIDENCE)]
    pub min_bead_confidence: f64,
    /// One JSON object per finding and line.
    #[arg(long)]
    pub json: bool,
}

fn options(origin: &Option<String>, min_bead_confidence: f64) -> anyhow::Result<MineOptions> {
    if !(0.0..=1.0).contains(&min_bead_confidence) {
        anyhow::bail!("--min-bead-confidence must be between 0 and 1, not {min_bead_confidence}");
    }
    Ok(MineOptions {
        origin: origin.clone(),
        min_bead_confidence,
        ..MineOptions::default()
    })
}

fn open(ctx: &Context) -> anyhow::Result<Memory> {
    Memory::open_existing(&ctx.tm).with_context(|| "no memory to read")
}

pub fn run_mine(args: &MineArgs, ctx: &Context) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!(
            "--min-confidence must be between 0 and 1, not {}",
            args.min_confidence
        );
    }
    let opts = options(&args.origin, args.min_bead_confidence)?;
    let memory = open(ctx)?;
    let glossary = store::load(memory.conn())?;
    let report = mine::mine(
        &memory,
        &glossary,
        &opts,
        args.min_count,
        args.min_confidence,
    )?;
    for note in &report.notes {
        eprintln!("tarjama: note: {note}");
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        MineFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        MineFormat::Csv => {
            let entries = to_glossary(&report.entries, matches!(args.others, Others::Forbidden));
            let located: Vec<Located> = entries
                .into_iter()
                .enumerate()
                .map(|(i, entry)| Located {
                    entry,
                    location: Location {
                        path: "mined".into(),
                        line: i + 1,
                        col: None,
                    },
                })
                .collect();
            // Two names that share a spelling would make the file fail to import: such
            // entries are left out, and said so.
            let bad: std::collections::HashSet<usize> =
                validate(&located).iter().map(|e| e.location.line).collect();
            for l in located.iter().filter(|l| bad.contains(&l.location.line)) {
                eprintln!(
                    "tarjama: note: left out {} (a spelling it shares with another entry)",
                    l.entry.label()
                );
            }
            let kept: Vec<_> = located
                .into_iter()
                .filter(|l| !bad.contains(&l.location.line))
                .map(|l| l.entry)
                .collect();
            write_csv(&mut out, &kept)?;
        }
        MineFormat::Human => {
            for (i, e) in report.entries.iter().enumerate() {
                write_entry(&mut out, i + 1, e)?;
            }
            let count = |f: fn(&GlossaryStatus) -> bool| {
                report.entries.iter().filter(|e| f(&e.glossary)).count()
            };
            writeln!(
                out,
                "{} names from {} units ({} reviewed): {} new, {} confirm the glossary, {} conflict with it",
                report.entries.len(),
                report.stats.units,
                report.stats.reviewed,
                count(|g| matches!(g, GlossaryStatus::New)),
                count(|g| matches!(g, GlossaryStatus::Confirmed { .. })),
                count(|g| matches!(g, GlossaryStatus::Conflict { .. })),
            )?;
        }
    }
    Ok(0)
}

/// ```text
/// 1. person  الخفاجي → al-Khafaji  (confidence 0.93; new)
///      al-Khafaji   120 (100 reviewed)  units 5, 9, 12  preferred
///      Khafagy       14 (3 reviewed)    units 7, 31, 40
///      and 2 spellings written once
/// ```
fn write_entry(out: &mut impl Write, n: usize, e: &ProposedEntry) -> std::io::Result<()> {
    let status = match &e.glossary {
        GlossaryStatus::New => "new".to_string(),
        GlossaryStatus::Confirmed { entry, .. } => format!("confirms glossary entry #{entry}"),
        GlossaryStatus::Conflict { entry, .. } => format!("conflicts with glossary entry #{entry}"),
    };
    let arabic: Vec<&str> = e.arabic.iter().map(|f| f.text.as_str()).collect();
    writeln!(
        out,
        "{n}. {:<12} {} → {}  (confidence {:.2}; {status})",
        e.kind.as_str(),
        arabic.join(" / "),
        e.preferred,
        e.confidence
    )?;
    let width = e
        .spellings
        .iter()
        .map(|s| s.text.chars().count())
        .max()
        .unwrap_or(0);
    for s in &e.spellings {
        let units: Vec<String> = s.examples.iter().map(i64::to_string).collect();
        let mark = if s.text == e.preferred {
            if e.preferred_reviewed {
                "  preferred"
            } else {
                "  preferred (no reviewed unit writes it)"
            }
        } else {
            ""
        };
        let pad = width - s.text.chars().count();
        writeln!(
            out,
            "     {}{:pad$} {:>5} ({} reviewed)  units {}{mark}",
            s.text,
            "",
            s.count,
            s.reviewed,
            units.join(", "),
        )?;
    }
    match (e.rare_spellings, e.rare_count) {
        (0, _) => {}
        (1, 1) => writeln!(out, "     and 1 other spelling, written once")?,
        (1, n) => writeln!(out, "     and 1 other spelling, written {n} times")?,
        (k, n) => writeln!(
            out,
            "     and {k} other spellings, written {n} times in all"
        )?,
    }
    if let GlossaryStatus::Conflict { problems, .. } = &e.glossary {
        for p in problems {
            writeln!(out, "     glossary: {p}")?;
        }
    }
    Ok(())
}

pub fn run_audit(args: &AuditArgs, ctx: &Context) -> anyhow::Result<i32> {
    let opts = options(&args.origin, args.min_bead_confidence)?;
    let memory = open(ctx)?;
    let glossary = store::load(memory.conn())?;
    let report = mine::audit(&memory, &glossary, &opts, args.min_count)?;
    for note in &report.notes {
        eprintln!("tarjama: note: {note}");
    }
    let mut out = std::io::stdout().lock();
    for f in &report.findings {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(f)?)?;
        } else {
            writeln!(out, "{}", describe(f))?;
        }
    }
    if !args.json {
        let mut units: Vec<i64> = report.findings.iter().flat_map(|f| f.units()).collect();
        units.sort_unstable();
        units.dedup();
        writeln!(
            out,
            "{} findings in {} units of {} read",
            report.findings.len(),
            units.len(),
            report.stats.units
        )?;
    }
    Ok(if report.findings.is_empty() { 0 } else { 1 })
}

fn unit_list(units: &[i64]) -> String {
    const SHOWN: usize = 20;
    let mut shown: Vec<String> = units.iter().take(SHOWN).map(i64::to_string).collect();
    if units.len() > SHOWN {
        shown.push(format!("… {} more", units.len() - SHOWN));
    }
    shown.join(", ")
}

fn describe(f: &AuditFinding) -> String {
    let renderings = |list: &[mine::audit::Rendering], preferred: &str| {
        list.iter()
            .map(|r| {
                if r.text == preferred {
                    format!("{} ×{}", r.text, r.count)
                } else {
                    format!("{} ×{} (units {})", r.text, r.count, unit_list(&r.units))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match f {
        AuditFinding::GlossarySpelling {
            unit,
            arabic,
            written,
            status,
            preferred,
            ..
        } => format!(
            "unit {unit}: {arabic} written \"{written}\" ({status}; the glossary prefers {preferred})"
        ),
        AuditFinding::NameSpellings {
            arabic,
            preferred,
            spellings,
            ..
        } => format!(
            "{arabic} written {} ways: {} — the glossary has no entry; most written: {preferred}",
            spellings.len(),
            renderings(spellings, preferred)
        ),
        AuditFinding::TitleRenderings {
            arabic,
            preferred,
            from_glossary,
            renderings: list,
            ..
        } => format!(
            "{arabic} before names rendered {} ways: {} — {}: {preferred}",
            list.len(),
            renderings(list, preferred),
            if *from_glossary {
                "the glossary prefers"
            } else {
                "most written"
            }
        ),
    }
}
