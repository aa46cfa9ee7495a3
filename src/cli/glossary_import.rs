//! `tarjama glossary import`: reads glossary files, says what a TBX file held that the
//! glossary does not take (concepts without English or Arabic, other languages, homonyms),
//! and saves the entries in one transaction, or (with `--skip-bad`) the good ones.

use tarjama::error::RecordError;
use tarjama::formats::tbx::TbxNotes;
use tarjama::glossary::files::read_glossary_file_noted;
use tarjama::glossary::{prepare_import, prepare_import_skipping, store, Located};
use tarjama::import::write_rejects;

use super::glossary::{save, ImportArgs};
use super::new_memory::WriteTarget;
use super::Context;

/// How many rejected entries the summary lists on stderr.
const SHOWN_REJECTS: usize = 20;

pub fn run(args: &ImportArgs, ctx: &Context) -> anyhow::Result<i32> {
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
    // Dropped without `keep` (an error, a dry run), a memory made here is removed again.
    let mut memory = WriteTarget::open(&ctx.tm)?;
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
    memory.keep();
    Ok(if rejected.is_empty() { 0 } else { 1 })
}

/// One warning per kind of thing a TBX file held that the glossary does not take.
fn warn_left_out(file: &str, notes: &TbxNotes) {
    if let Some(first) = notes.skipped.first() {
        eprintln!(
            "tarjama: warning: {first}: skipped {} concept(s) with no English or Arabic term (only other languages or deprecated forms; this is the first)",
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
