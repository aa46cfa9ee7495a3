//! One CSV row → unit(s): fills a reused `UnitRecord` from the row's fields according to the
//! [`Layout`], and reports what is wrong with a bad row in words a translator understands.

use std::borrow::Cow;

use csv::ByteRecord;

use crate::error::{Error, Location, RecordError, Result};
use crate::memory::{Prop, Status, UnitRecord};
use crate::text::LangTag;

use super::columns::{Column, Layout, TextColumn};
use super::csv_read::{empty_unit, location_of, not_utf8};
use super::{dates, Item, Progress, Sink};

/// Turns rows into units; keeps one unit buffer for the whole file.
pub struct RowReader {
    layout: Layout,
    display: String,
    /// Lines before the header that the CSV parser did not see (`sep=`, comments).
    skipped: usize,
    utf8_input: bool,
    delimiter: u8,
    unit: UnitRecord,
    row: i64,
    /// Whether a `position` column gives positions (else the data row number is used).
    has_position: bool,
}

/// Why a row is bad (becomes a `RecordError` at the row's line).
type RowResult<T> = std::result::Result<T, String>;

impl RowReader {
    pub fn new(
        layout: Layout,
        display: String,
        skipped: usize,
        utf8_input: bool,
        delimiter: u8,
    ) -> Self {
        let has_position = layout.meta.iter().any(|(_, c)| *c == Column::Position);
        RowReader {
            has_position,
            layout,
            display,
            skipped,
            utf8_input,
            delimiter,
            unit: empty_unit(),
            row: 0,
        }
    }

    /// Hands the units of one row (or its error) to `sink`.
    pub fn feed(
        &mut self,
        record: &ByteRecord,
        progress: Progress,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        self.row += 1;
        let location = location_of(record, &self.display, self.skipped);
        let record = self.check_utf8(record, &location)?;
        if let Err(message) = self.fill_common(&record) {
            return sink(Item::Bad(RecordError { location, message }), progress);
        }
        let mut sent = 0;
        for t in 0..self.layout.targets.len() {
            match self.fill_target(&record, t) {
                Ok(true) => {
                    let line = location.line;
                    sink(
                        Item::Unit {
                            unit: &mut self.unit,
                            line,
                        },
                        progress,
                    )?;
                    sent += 1;
                }
                Ok(false) => {}
                Err(message) => {
                    return sink(Item::Bad(RecordError { location, message }), progress);
                }
            }
        }
        if sent == 0 {
            let message = "empty target text (every target column is empty)".to_string();
            return sink(Item::Bad(RecordError { location, message }), progress);
        }
        Ok(())
    }

    /// The row's fields, checked as UTF-8 once for the whole row (not again per field).
    fn check_utf8<'r>(&self, record: &'r ByteRecord, location: &Location) -> Result<Fields<'r>> {
        let text = std::str::from_utf8(record.as_slice()).ok();
        if self.utf8_input && text.is_none() {
            return Err(Error::BadInput(not_utf8(location.clone())));
        }
        Ok(Fields { record, text })
    }

    /// Fills the source side and the metadata; checks the field count first.
    fn fill_common(&mut self, record: &Fields) -> RowResult<()> {
        if record.len() != self.layout.width {
            return Err(self.field_count_message(record.len()));
        }
        let Self {
            layout,
            unit,
            row,
            has_position,
            ..
        } = self;
        let source = &layout.source;
        let text = field(record, source.index);
        if text.trim().is_empty() {
            return Err(format!(
                "empty source text (column {} '{}')",
                source.index + 1,
                source.name
            ));
        }
        set(
            &mut unit.source.lang,
            &row_lang(record, source, layout.source_lang, "source")?,
        );
        set(&mut unit.source.text, text);
        set_opt(
            &mut unit.source.markup,
            source.markup.map_or("", |i| field(record, i)),
        );
        reset_meta(unit, (!*has_position).then_some(*row));
        for (index, column) in &layout.meta {
            apply_meta(unit, column, field(record, *index))?;
        }
        Ok(())
    }

    /// Fills target `t`; `Ok(false)` when it is empty and other targets may carry the row.
    fn fill_target(&mut self, record: &Fields, t: usize) -> RowResult<bool> {
        let target = &self.layout.targets[t];
        let text = field(record, target.index);
        if text.trim().is_empty() {
            if self.layout.targets.len() > 1 {
                return Ok(false);
            }
            return Err(format!(
                "empty target text (column {} '{}')",
                target.index + 1,
                target.name
            ));
        }
        let lang = row_lang(record, target, self.layout.target_lang, "target")?;
        set(&mut self.unit.target.lang, &lang);
        set(&mut self.unit.target.text, text);
        set_opt(
            &mut self.unit.target.markup,
            target.markup.map_or("", |i| field(record, i)),
        );
        Ok(true)
    }

    fn field_count_message(&self, found: usize) -> String {
        let mut message = format!("expected {} fields, found {found}", self.layout.width);
        if found == 1 {
            let shown = match self.delimiter {
                b'\t' => "TAB".to_string(),
                d => format!("'{}'", d as char),
            };
            message.push_str(&format!(
                " (is {shown} the right delimiter? give it with --delimiter)"
            ));
        }
        message
    }
}

/// A row's fields, with the row's text when it is UTF-8 (UTF-8 input that is not is refused
/// before; decoded input is UTF-8).
struct Fields<'r> {
    record: &'r ByteRecord,
    text: Option<&'r str>,
}

impl Fields<'_> {
    fn len(&self) -> usize {
        self.record.len()
    }
}

/// Field `i` as text ("" if it is not UTF-8 or not there). A field of a row that is UTF-8 is
/// a slice of the row's text (a field that is UTF-8 by itself starts and ends on character
/// boundaries of the row; one that is not does not, and `str::get` refuses it).
fn field<'r>(record: &Fields<'r>, i: usize) -> &'r str {
    match record.text {
        Some(text) => record.record.range(i).and_then(|r| text.get(r)),
        None => record
            .record
            .get(i)
            .and_then(|f| std::str::from_utf8(f).ok()),
    }
    .unwrap_or("")
}

/// The language of a side for this row: the per-row column if it has a value, else the
/// column's own language.
fn row_lang<'a>(
    record: &Fields<'a>,
    column: &'a TextColumn,
    lang_column: Option<usize>,
    role: &str,
) -> RowResult<Cow<'a, str>> {
    let given = lang_column.map_or("", |i| field(record, i)).trim();
    if given.is_empty() {
        return column
            .lang
            .as_ref()
            .map(|l| Cow::Borrowed(l.as_str()))
            .ok_or_else(|| format!("empty {role} language"));
    }
    match LangTag::validate(given) {
        Ok(tag) if tag.as_str() == given => Ok(Cow::Borrowed(given)),
        Ok(tag) => Ok(Cow::Owned(tag.as_str().to_string())),
        Err(e) => Err(format!("{role}_lang: {e}")),
    }
}

fn set(slot: &mut String, value: &str) {
    slot.clear();
    slot.push_str(value);
}

fn set_opt(slot: &mut Option<String>, value: &str) {
    if value.is_empty() {
        *slot = None;
    } else {
        set(slot.get_or_insert_with(String::new), value);
    }
}

fn reset_meta(unit: &mut UnitRecord, position: Option<i64>) {
    unit.origin = None;
    unit.position = position;
    unit.external_id = None;
    unit.created_at = None;
    unit.created_by = None;
    unit.changed_at = None;
    unit.changed_by = None;
    unit.status = Status::Unreviewed;
    unit.confidence = None;
    unit.usage_count = 0;
    unit.last_used_at = None;
    unit.props.clear();
    unit.notes.clear();
}

/// Applies one metadata field to the unit.
fn apply_meta(unit: &mut UnitRecord, column: &Column, value: &str) -> RowResult<()> {
    let trimmed = value.trim();
    match column {
        Column::Note if !value.is_empty() => unit.notes.push(value.to_string()),
        Column::Notes => unit.notes.extend(parse_notes(value)?),
        Column::Props => unit.props.extend(parse_props(value)?),
        Column::Prop(kind) if !value.is_empty() => unit.props.push(Prop {
            kind: kind.clone(),
            value: value.to_string(),
        }),
        Column::Origin => set_opt(&mut unit.origin, value),
        Column::Id => set_opt(&mut unit.external_id, value),
        Column::CreatedBy => set_opt(&mut unit.created_by, value),
        Column::ChangedBy => set_opt(&mut unit.changed_by, value),
        Column::Created => unit.created_at = parse_date(trimmed, "created")?,
        Column::Changed => unit.changed_at = parse_date(trimmed, "changed")?,
        Column::LastUsed => unit.last_used_at = parse_date(trimmed, "last_used")?,
        Column::Status => {
            unit.status = Status::parse(trimmed)
                .ok_or_else(|| format!("unknown status '{trimmed}' (use reviewed or unreviewed)"))?
        }
        Column::Position if !trimmed.is_empty() => {
            unit.position = Some(
                trimmed
                    .parse()
                    .map_err(|_| format!("position '{trimmed}' is not a number"))?,
            )
        }
        Column::Usage if !trimmed.is_empty() => {
            unit.usage_count = trimmed
                .parse()
                .map_err(|_| format!("usage count '{trimmed}' is not a whole number"))?
        }
        Column::Confidence if !trimmed.is_empty() => {
            unit.confidence = Some(parse_confidence(trimmed)?)
        }
        _ => {}
    }
    Ok(())
}

fn parse_date(value: &str, column: &str) -> RowResult<Option<chrono::DateTime<chrono::Utc>>> {
    if value.is_empty() {
        return Ok(None);
    }
    dates::parse_any(value).map(Some).ok_or_else(|| {
        format!("'{value}' in column {column} is not a date (use 2024-01-31T15:45:00Z or 20240131T154500Z)")
    })
}

fn parse_confidence(value: &str) -> RowResult<f64> {
    value
        .parse::<f64>()
        .ok()
        .filter(|c| (0.0..=1.0).contains(c))
        .ok_or_else(|| format!("confidence '{value}' is not a number between 0 and 1"))
}

/// A `notes` cell: a JSON array of strings, or one plain note.
fn parse_notes(value: &str) -> RowResult<Vec<String>> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    // The CSV writer puts notes as a JSON array; anything else is one plain note.
    if value.trim_start().starts_with('[') {
        if let Ok(notes) = serde_json::from_str::<Vec<String>>(value) {
            return Ok(notes);
        }
    }
    Ok(vec![value.to_string()])
}

/// A `props` cell: a JSON array of `[type, value]` pairs.
fn parse_props(value: &str) -> RowResult<Vec<Prop>> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    let pairs: Vec<(String, String)> = serde_json::from_str(value)
        .map_err(|e| format!("props column is not a JSON array of [type, value] pairs: {e}"))?;
    Ok(pairs
        .into_iter()
        .map(|(kind, value)| Prop { kind, value })
        .collect())
}
