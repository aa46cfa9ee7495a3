//! Mapping between `UnitRecord` and rows of the `units` table: inserting, merging the
//! metadata of a re-imported pair, and reading stored units back (`StoredUnit`).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, Row};

use super::rows_insert::RowsInsert;
use super::text_codec::{Stored, Texts};
use super::unit::{DatesOn, Prop, Side, Status, UnitRecord};
use crate::error::Result;
use crate::text;

/// One side as stored.
pub struct SideRow<'a> {
    pub lang: &'a str,
    pub lid: i64,
    /// The text as stored (see `text_codec`): plain or compressed.
    pub text: Stored<'a>,
    pub markup: Option<&'a str>,
    /// Key token ids, encoded (see `index::encode_tokens`).
    pub toks: &'a [u8],
}

/// A unit as stored: its id and everything it was given.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredUnit {
    pub id: i64,
    #[serde(flatten)]
    pub record: UnitRecord,
}

impl StoredUnit {
    /// The source's match key (field-notes §1), derived from its text.
    pub fn source_key(&self) -> String {
        text::key_tokens(&self.record.source.text).join(" ")
    }

    /// The target's match key.
    pub fn target_key(&self) -> String {
        text::key_tokens(&self.record.target.text).join(" ")
    }
}

/// The columns [`read_unit`] expects, in order.
pub const UNIT_COLUMNS: &str = "id, src_lang, src_text, src_markup, \
     tgt_lang, tgt_text, tgt_markup, origin, position, external_id, \
     created_at, created_by, changed_at, changed_by, status, confidence, usage_count, props, notes, \
     dates_on, last_used_at";

/// Units a batch inserts with one statement (`rows_insert`: one statement per unit cost
/// a short unit's insert a third more).
const UNITS_AT_ONCE: usize = 32;

/// The statement [`insert_unit`] binds its rows into: prepared once for a batch of units
/// by the writer, which flushes it before reading `units` and at the batch's end.
pub(super) fn prepare_insert(conn: &Connection) -> Result<RowsInsert<'_>> {
    RowsInsert::new(
        conn,
        "units(id, src_lang, src_lid, src_text, src_markup, src_toks,
            tgt_lang, tgt_lid, tgt_text, tgt_markup, tgt_toks,
            origin, position, external_id, created_at, created_by, changed_at, changed_by,
            status, confidence, usage_count, props, notes, dates_on, last_used_at)",
        25,
        UNITS_AT_ONCE,
    )
}

/// Inserts unit `id` (ids are given by the writer) through [`prepare_insert`]'s statement:
/// in `units` once that is flushed.
pub(super) fn insert_unit(
    insert: &mut RowsInsert<'_>,
    id: i64,
    u: &UnitRecord,
    sides: [&SideRow; 2],
) -> Result<()> {
    let [s, t] = sides;
    insert.push(params![
        id,
        s.lang,
        s.lid,
        &s.text,
        s.markup,
        s.toks,
        t.lang,
        t.lid,
        &t.text,
        t.markup,
        t.toks,
        u.origin,
        u.position,
        u.external_id,
        u.created_at.map(time_text),
        u.created_by,
        u.changed_at.map(time_text),
        u.changed_by,
        status_code(u.status),
        u.confidence,
        u.usage_count,
        props_json(&u.props),
        notes_json(&u.notes),
        dates_on_code(u.dates_on),
        u.last_used_at.map(time_text),
    ])?;
    Ok(())
}

/// Merges a re-imported identical pair into unit `id`: keeps the earliest creation, the
/// latest change and last use, the highest usage count and confidence, "reviewed" if either is, fills
/// missing origin/author fields (and where a TMX file had them, when the unit had none), and
/// adds props and notes it did not have. The markup is part of the pair (the writer merges
/// only pairs with the same markup), so it is never changed here.
pub fn merge_metadata(conn: &Connection, id: i64, u: &UnitRecord) -> Result<()> {
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
    let texts = Texts::new(conn);
    let old = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| read_unit(&texts, r))?
        .record;
    let mut m = old.clone();
    if !has_stamps(&old) {
        m.dates_on = u.dates_on;
    }
    m.created_at = min_opt(old.created_at, u.created_at);
    if u.changed_at > old.changed_at {
        m.changed_at = u.changed_at;
        m.changed_by = u.changed_by.clone().or(old.changed_by);
    }
    m.created_by = old.created_by.or_else(|| u.created_by.clone());
    m.origin = old.origin.or_else(|| u.origin.clone());
    m.position = old.position.or(u.position);
    m.external_id = old.external_id.or_else(|| u.external_id.clone());
    m.usage_count = old.usage_count.max(u.usage_count);
    m.last_used_at = old.last_used_at.max(u.last_used_at);
    m.confidence = max_opt(old.confidence, u.confidence);
    if u.status == Status::Reviewed {
        m.status = Status::Reviewed;
    }
    for p in &u.props {
        if !m.props.contains(p) {
            m.props.push(p.clone());
        }
    }
    for n in &u.notes {
        if !m.notes.contains(n) {
            m.notes.push(n.clone());
        }
    }
    conn.prepare_cached(
        "UPDATE units SET origin = ?2, position = ?3, external_id = ?4, created_at = ?5,
            created_by = ?6, changed_at = ?7, changed_by = ?8, status = ?9, confidence = ?10,
            usage_count = ?11, props = ?12, notes = ?13, dates_on = ?14, last_used_at = ?15
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        m.origin,
        m.position,
        m.external_id,
        m.created_at.map(time_text),
        m.created_by,
        m.changed_at.map(time_text),
        m.changed_by,
        status_code(m.status),
        m.confidence,
        m.usage_count,
        props_json(&m.props),
        notes_json(&m.notes),
        dates_on_code(m.dates_on),
        m.last_used_at.map(time_text),
    ])?;
    Ok(())
}

fn has_stamps(u: &UnitRecord) -> bool {
    u.created_at.is_some()
        || u.created_by.is_some()
        || u.changed_at.is_some()
        || u.changed_by.is_some()
}

fn dates_on_code(d: DatesOn) -> i64 {
    match d {
        DatesOn::Tu => 0,
        DatesOn::Source => 1,
        DatesOn::Target => 2,
    }
}

fn dates_on_of(code: i64) -> DatesOn {
    match code {
        1 => DatesOn::Source,
        2 => DatesOn::Target,
        _ => DatesOn::Tu,
    }
}

fn min_opt<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Reads one row selected with [`UNIT_COLUMNS`] (`texts` decodes compressed texts).
pub fn read_unit(texts: &Texts, r: &Row) -> rusqlite::Result<StoredUnit> {
    let side = |lang: usize| -> rusqlite::Result<Side> {
        Ok(Side {
            lang: r.get(lang)?,
            text: texts.get(r, lang + 1)?,
            markup: r.get(lang + 2)?,
        })
    };
    let record = UnitRecord {
        source: side(1)?,
        target: side(4)?,
        origin: r.get(7)?,
        position: r.get(8)?,
        external_id: r.get(9)?,
        created_at: parse_time(r.get(10)?),
        created_by: r.get(11)?,
        changed_at: parse_time(r.get(12)?),
        changed_by: r.get(13)?,
        dates_on: dates_on_of(r.get(19)?),
        status: status_of(r.get(14)?),
        confidence: r.get(15)?,
        usage_count: r.get(16)?,
        last_used_at: parse_time(r.get(20)?),
        props: parse_props(r.get(17)?),
        notes: parse_notes(r.get(18)?),
    };
    Ok(StoredUnit {
        id: r.get(0)?,
        record,
    })
}

pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub fn parse_time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

pub fn status_code(s: Status) -> i64 {
    match s {
        Status::Unreviewed => 0,
        Status::Reviewed => 1,
    }
}

pub fn status_of(code: i64) -> Status {
    if code == 1 {
        Status::Reviewed
    } else {
        Status::Unreviewed
    }
}

fn props_json(props: &[Prop]) -> Option<String> {
    if props.is_empty() {
        return None;
    }
    let pairs: Vec<[&str; 2]> = props.iter().map(|p| [&*p.kind, &*p.value]).collect();
    serde_json::to_string(&pairs).ok()
}

fn notes_json(notes: &[String]) -> Option<String> {
    (!notes.is_empty()).then(|| serde_json::to_string(notes).unwrap_or_default())
}

fn parse_props(s: Option<String>) -> Vec<Prop> {
    let pairs: Vec<[String; 2]> = s
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    pairs
        .into_iter()
        .map(|[kind, value]| Prop { kind, value })
        .collect()
}

fn parse_notes(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}
