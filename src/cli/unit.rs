//! `tarjama unit show|review|unreview|delete`: a reviewer's hands on single units — by id
//! (as `suggest`, `concordance` and `export` show them) or every unit of an origin (an
//! aligned article). Changes run in one transaction: an unknown id changes nothing.

use std::io::{self, BufWriter, Write};

use anyhow::bail;
use clap::{Args, Subcommand};
use tarjama::memory::{Memory, Status, StoredUnit};

use super::output::{json, open_memory, text_line};
use super::Context;

#[derive(Debug, Args)]
pub struct UnitArgs {
    #[command(subcommand)]
    pub command: UnitCommand,
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Print units with all they hold.
    Show(ShowArgs),
    /// Mark units reviewed: a person checked the pair. Reviewed units win ties and teach
    /// the aligner a lexicon.
    Review(Selection),
    /// Mark units unreviewed again.
    Unreview(Selection),
    /// Delete units (their index entries are dropped by `tarjama compact`).
    Delete(Selection),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Print JSON: an array of units.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct Selection {
    /// Unit ids.
    #[arg(value_name = "ID")]
    pub ids: Vec<i64>,
    /// Every unit of this origin (an article id, a file name).
    #[arg(long, value_name = "ORIGIN")]
    pub origin: Option<String>,
    /// Who made the change (recorded as the unit's last editor).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

pub fn run(args: &UnitArgs, ctx: &Context) -> anyhow::Result<i32> {
    let mut memory = open_memory(&ctx.tm)?;
    match &args.command {
        UnitCommand::Show(a) => show(&mut memory, a),
        UnitCommand::Review(s) => change(&mut memory, s, Change::Status(Status::Reviewed)),
        UnitCommand::Unreview(s) => change(&mut memory, s, Change::Status(Status::Unreviewed)),
        UnitCommand::Delete(s) => change(&mut memory, s, Change::Delete),
    }
}

enum Change {
    Status(Status),
    Delete,
}

/// The ids a selection names: the given ones, then the origin's (no repeats).
fn selected(memory: &Memory, s: &Selection) -> anyhow::Result<Vec<i64>> {
    if s.ids.is_empty() && s.origin.is_none() {
        bail!("name the units: give their ids or --origin ORIGIN");
    }
    let mut ids = s.ids.clone();
    if let Some(origin) = &s.origin {
        let of_origin = memory.ids_of_origin(origin)?;
        if of_origin.is_empty() {
            bail!("no unit has origin '{origin}'");
        }
        ids.extend(of_origin);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

fn show(memory: &mut Memory, args: &ShowArgs) -> anyhow::Result<i32> {
    let ids = selected(memory, &args.selection)?;
    let mut units: Vec<StoredUnit> = Vec::with_capacity(ids.len());
    for id in ids {
        match memory.unit(id)? {
            Some(u) => units.push(u),
            None => bail!("unit {id}: no such unit"),
        }
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        json(&mut out, &units)?;
    } else {
        for u in &units {
            print_unit(&mut out, u)?;
        }
    }
    out.flush()?;
    Ok(0)
}

fn print_unit(out: &mut impl Write, u: &StoredUnit) -> io::Result<()> {
    let r = &u.record;
    let mut about = vec![r.status.as_str().to_string()];
    about.extend(r.origin.iter().cloned());
    if let Some(p) = r.position {
        about.push(format!("position {p}"));
    }
    if let Some(c) = r.confidence {
        about.push(format!("confidence {c:.2}"));
    }
    if let Some(by) = &r.changed_by {
        about.push(format!("changed by {by}"));
    }
    writeln!(out, "unit {}  {}", u.id, about.join(", "))?;
    text_line(out, 2, &r.source.lang, &r.source.text)?;
    text_line(out, 2, &r.target.lang, &r.target.text)?;
    for note in &r.notes {
        text_line(out, 2, "note", note)?;
    }
    writeln!(out)
}

fn change(memory: &mut Memory, s: &Selection, what: Change) -> anyhow::Result<i32> {
    let ids = selected(memory, s)?;
    let now = chrono::Utc::now();
    let mut writer = memory.writer()?;
    for &id in &ids {
        let found = match what {
            Change::Status(status) => writer.set_status(id, status, s.by.as_deref(), now)?,
            Change::Delete => writer.remove_unit(id)?,
        };
        if !found {
            // Dropping the writer rolls back the units already changed.
            bail!("unit {id}: no such unit; nothing was changed");
        }
    }
    writer.commit()?;
    let done = match what {
        Change::Status(Status::Reviewed) => "marked reviewed",
        Change::Status(Status::Unreviewed) => "marked unreviewed",
        Change::Delete => "deleted",
    };
    println!("{} unit(s) {done}", ids.len());
    Ok(0)
}
