//! Glossary files as tables: tarjama's CSV (or TSV with the same header) and OmegaT's
//! header-less `source<TAB>target<TAB>comment` glossaries.
//!
//! The CSV header (documented in glossaries/README.md):
//! `type,ar,en,ar_admitted,en_admitted,ar_forbidden,en_forbidden,note,source,case_sensitive,
//! ar_short,en_short` (short: admitted after the full form has appeared, such as JOC).
//! `type`, `ar` and `en` are required; `|` separates several variants in one cell.

use std::collections::HashMap;

use super::model::{Entry, EntryType, Forms, Lang};
use super::validate::Located;
use crate::error::{Error, Location, RecordError, Result};

/// The columns tarjama writes, in order.
pub const COLUMNS: [&str; 12] = [
    "type",
    "ar",
    "en",
    "ar_admitted",
    "en_admitted",
    "ar_forbidden",
    "en_forbidden",
    "note",
    "source",
    "case_sensitive",
    "ar_short",
    "en_short",
];
const REQUIRED: [&str; 3] = ["type", "ar", "en"];

/// Reads a tarjama table (CSV when `delimiter` is `,`, TSV when `\t`). `text` is the whole
/// file, already decoded; `path` is only used in messages.
pub fn read_table(path: &str, text: &str, delimiter: u8) -> Result<Vec<Located>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| bad_file(path, format!("cannot read the header: {e}")))?
        .clone();
    let columns = map_columns(path, &header)?;
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let location = loc(path, line);
                match row_entry(&rec, &columns, header.len()) {
                    Ok(entry) => entries.push(Located { entry, location }),
                    Err(message) => errors.push(RecordError { location, message }),
                }
            }
            Err(e) => errors.push(csv_error(path, &e)),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(Error::BadRecords(errors))
    }
}

fn loc(path: &str, line: usize) -> Location {
    Location {
        path: path.to_string(),
        line,
        col: None,
    }
}

fn bad_file(path: &str, message: String) -> Error {
    Error::BadFile {
        path: path.to_string(),
        message,
    }
}

fn csv_error(path: &str, e: &csv::Error) -> RecordError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    RecordError {
        location: loc(path, line),
        message: format!("malformed row: {e}"),
    }
}

fn map_columns(path: &str, header: &csv::StringRecord) -> Result<HashMap<&'static str, usize>> {
    let mut map = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) => {
                map.insert(*c, i);
            }
            None => {
                return Err(bad_file(
                    path,
                    format!(
                        "line 1: unknown column \"{name}\" (expected: {})",
                        COLUMNS.join(",")
                    ),
                ))
            }
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !map.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(bad_file(
            path,
            format!(
                "line 1: missing column(s) {} (the header must name at least type,ar,en)",
                missing.join(", ")
            ),
        ));
    }
    Ok(map)
}

fn row_entry(
    rec: &csv::StringRecord,
    columns: &HashMap<&'static str, usize>,
    width: usize,
) -> std::result::Result<Entry, String> {
    if rec.len() != width {
        return Err(format!(
            "this row has {} column(s) but the header has {width}",
            rec.len()
        ));
    }
    let cell = |name: &str| columns.get(name).and_then(|&i| rec.get(i)).unwrap_or("");
    let kind = EntryType::parse(cell("type")).ok_or_else(|| {
        format!(
            "unknown type \"{}\" (expected person, title, organization, place or term)",
            cell("type")
        )
    })?;
    let mut entry = Entry::new(kind);
    for lang in Lang::BOTH {
        let l = lang.as_str();
        *entry.forms_mut(lang) = Forms {
            preferred: Some(cell(l).to_string()),
            admitted: split(cell(&format!("{l}_admitted"))),
            short: split(cell(&format!("{l}_short"))),
            forbidden: split(cell(&format!("{l}_forbidden"))),
        };
    }
    entry.note = cell("note").to_string();
    entry.source = cell("source").to_string();
    entry.case_sensitive = parse_bool(cell("case_sensitive"))?;
    entry.tidy();
    Ok(entry)
}

fn split(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_bool(s: &str) -> std::result::Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "false" | "0" | "n" => Ok(false),
        "yes" | "true" | "1" | "y" => Ok(true),
        other => Err(format!("case_sensitive must be yes or no, not \"{other}\"")),
    }
}

/// Reads an OmegaT glossary: no header, `source<TAB>target[<TAB>comment]` per line, `#`
/// lines are comments. Which column is Arabic is decided per row by script.
pub fn read_omegat(path: &str, text: &str) -> Result<Vec<Located>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let location = loc(path, i + 1);
        match omegat_entry(line) {
            Ok(entry) => entries.push(Located { entry, location }),
            Err(message) => errors.push(RecordError { location, message }),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(Error::BadRecords(errors))
    }
}

fn omegat_entry(line: &str) -> std::result::Result<Entry, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() < 2 {
        return Err("expected source<TAB>target[<TAB>comment], found one column".to_string());
    }
    let (first, second) = (cells[0].trim(), cells[1].trim());
    let (ar, en) = if has_arabic(second) && !has_arabic(first) {
        (second, first)
    } else {
        (first, second)
    };
    let mut entry = Entry::new(EntryType::Term);
    entry.ar.preferred = Some(ar.to_string());
    entry.en.preferred = Some(en.to_string());
    entry.note = cells.get(2).copied().unwrap_or("").to_string();
    entry.tidy();
    Ok(entry)
}

/// Whether `s` contains an Arabic letter.
pub fn has_arabic(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}'))
}

/// Writes entries as tarjama CSV with the full header (a file that reads back the same).
pub fn write_csv<W: std::io::Write>(out: W, entries: &[Entry]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::Invalid(format!("cannot write csv: {e}"));
    w.write_record(COLUMNS).map_err(io)?;
    for e in entries {
        let join = |v: &[String]| v.join("|");
        let pref = |f: &Forms| f.preferred.clone().unwrap_or_default();
        let cs = if e.case_sensitive { "yes" } else { "" };
        w.write_record([
            e.kind.as_str(),
            &pref(&e.ar),
            &pref(&e.en),
            &join(&e.ar.admitted),
            &join(&e.en.admitted),
            &join(&e.ar.forbidden),
            &join(&e.en.forbidden),
            &e.note,
            &e.source,
            cs,
            &join(&e.ar.short),
            &join(&e.en.short),
        ])
        .map_err(io)?;
    }
    w.flush()
        .map_err(|e| Error::Invalid(format!("cannot write csv: {e}")))
}
