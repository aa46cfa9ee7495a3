//! Streaming CSV/TSV writer with a header row that the CSV reader maps back: language
//! columns named by tag (`ar`, `en`) when every unit has the same pair, otherwise
//! `source_lang,source,target_lang,target`; then markup, id, origin, position, status,
//! confidence, dates, authors, usage count, notes and props (JSON arrays).

use std::io::{self, Write};

use crate::memory::{Prop, UnitRecord};

use super::dates::format_csv;

/// How the two sides are laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum SideColumns {
    /// Columns named after the languages; every unit has exactly these tags.
    Named { source: String, target: String },
    /// Generic columns with the language of each side in its own column.
    PerRow,
}

const META_HEADER: [&str; 13] = [
    "id",
    "origin",
    "position",
    "status",
    "confidence",
    "created",
    "author",
    "changed",
    "changed_by",
    "usage_count",
    "last_used",
    "notes",
    "props",
];

/// Writes units as CSV (or TSV with `delimiter = b'\t'`).
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    sides: SideColumns,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the header row.
    pub fn new(out: W, delimiter: u8, sides: SideColumns) -> io::Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(out);
        let mut header: Vec<String> = match &sides {
            SideColumns::Named { source, target } => vec![
                source.clone(),
                target.clone(),
                format!("{source} markup"),
                format!("{target} markup"),
            ],
            SideColumns::PerRow => ["source_lang", "source", "target_lang", "target"]
                .iter()
                .chain(&["source markup", "target markup"])
                .map(|s| s.to_string())
                .collect(),
        };
        header.extend(META_HEADER.iter().map(|s| s.to_string()));
        out.write_record(&header).map_err(into_io)?;
        Ok(CsvWriter { out, sides })
    }

    /// Writes one unit as a row.
    pub fn write(&mut self, unit: &UnitRecord) -> io::Result<()> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut row: Vec<String> = match self.sides {
            SideColumns::Named { .. } => vec![unit.source.text.clone(), unit.target.text.clone()],
            SideColumns::PerRow => vec![
                unit.source.lang.clone(),
                unit.source.text.clone(),
                unit.target.lang.clone(),
                unit.target.text.clone(),
            ],
        };
        row.extend([
            opt(&unit.source.markup),
            opt(&unit.target.markup),
            opt(&unit.external_id),
            opt(&unit.origin),
            unit.position.map(|p| p.to_string()).unwrap_or_default(),
            unit.status.as_str().to_string(),
            unit.confidence.map(|c| c.to_string()).unwrap_or_default(),
            unit.created_at.as_ref().map(format_csv).unwrap_or_default(),
            opt(&unit.created_by),
            unit.changed_at.as_ref().map(format_csv).unwrap_or_default(),
            opt(&unit.changed_by),
            unit.usage_count.to_string(),
            unit.last_used_at
                .as_ref()
                .map(format_csv)
                .unwrap_or_default(),
            notes_json(&unit.notes),
            props_json(&unit.props),
        ]);
        self.out.write_record(&row).map_err(into_io)
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

fn notes_json(notes: &[String]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    serde_json::to_string(notes).unwrap_or_default()
}

fn props_json(props: &[Prop]) -> String {
    if props.is_empty() {
        return String::new();
    }
    let pairs: Vec<(&str, &str)> = props
        .iter()
        .map(|p| (p.kind.as_str(), p.value.as_str()))
        .collect();
    serde_json::to_string(&pairs).unwrap_or_default()
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
