//! The glossary tables of the memory (migration 0002_glossary.sql): load, upsert, remove.
//!
//! Functions take a `rusqlite::Connection` so the caller decides the transaction: an import
//! validates everything first, then writes all entries in one transaction.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::model::{Entry, EntryType, Glossary, Lang, TermStatus};
use crate::error::Result;
use crate::text::match_key;

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SaveStats {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Loads every entry, in id order.
pub fn load(conn: &Connection) -> Result<Glossary> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM glossary_entry ORDER BY id"
    ))?;
    let entries = stmt
        .query_map([], entry_row)?
        .collect::<rusqlite::Result<Vec<Entry>>>()?;
    // Read in table order and sorted here rather than ordered by the primary key in SQL,
    // which walks the index and fetches each row from elsewhere in the table.
    let mut terms = conn.prepare(&format!("SELECT {TERM_COLUMNS} FROM glossary_term"))?;
    let mut rows: Vec<TermRow> = Vec::new();
    let mut cursor = terms.query([])?;
    while let Some(r) = cursor.next()? {
        rows.extend(term_row(r)?);
    }
    Ok(assemble(entries, rows))
}

/// Loads the entries with these ids (ascending, distinct), each with an index lookup: what
/// a caller that knows the few entries it needs reads instead of the whole glossary.
pub fn load_ids(conn: &Connection, ids: &[i64]) -> Result<Glossary> {
    let mut entry = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM glossary_entry WHERE id = ?1"
    ))?;
    let mut terms = conn.prepare_cached(&format!(
        "SELECT {TERM_COLUMNS} FROM glossary_term WHERE entry_id = ?1"
    ))?;
    let mut entries = Vec::with_capacity(ids.len());
    let mut rows: Vec<TermRow> = Vec::new();
    for &id in ids {
        if let Some(e) = entry.query_row([id], entry_row).optional()? {
            entries.push(e);
            let mut cursor = terms.query([id])?;
            while let Some(r) = cursor.next()? {
                rows.extend(term_row(r)?);
            }
        }
    }
    Ok(assemble(entries, rows))
}

const ENTRY_COLUMNS: &str = "id, kind, note, source, case_sensitive, created, changed";
const TERM_COLUMNS: &str = "entry_id, lang, status, position, term";

type TermRow = (i64, Lang, TermStatus, i64, String);

fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let mut e = Entry::new(EntryType::parse(&r.get::<_, String>(1)?).unwrap_or(EntryType::Term));
    e.id = Some(r.get(0)?);
    e.note = r.get(2)?;
    e.source = r.get(3)?;
    e.case_sensitive = r.get::<_, i64>(4)? != 0;
    e.created = Some(r.get(5)?);
    e.changed = Some(r.get(6)?);
    Ok(e)
}

/// A term row, or nothing when its language or status is unknown to this build.
fn term_row(r: &rusqlite::Row) -> rusqlite::Result<Option<TermRow>> {
    let lang = Lang::from_tag(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?);
    let status = TermStatus::parse(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?);
    Ok(match (lang, status) {
        (Some(lang), Some(status)) => Some((r.get(0)?, lang, status, r.get(3)?, r.get(4)?)),
        _ => None,
    })
}

/// Entries with their forms, in the forms' stored order.
fn assemble(mut entries: Vec<Entry>, mut rows: Vec<TermRow>) -> Glossary {
    let index: HashMap<i64, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.unwrap_or(0), i))
        .collect();
    rows.sort_unstable_by_key(|&(id, lang, status, position, _)| (id, lang, status, position));
    for (id, lang, status, _, term) in rows {
        let Some(&i) = index.get(&id) else {
            continue;
        };
        let forms = entries[i].forms_mut(lang);
        match status {
            TermStatus::Preferred => forms.preferred = Some(term),
            TermStatus::Admitted => forms.admitted.push(term),
            TermStatus::Short => forms.short.push(term),
            TermStatus::Forbidden => forms.forbidden.push(term),
        }
    }
    Glossary::new(entries)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Adds or updates entries by concept (preferred forms); unchanged entries are not touched,
/// so importing the same file twice changes nothing.
pub fn save(conn: &Connection, entries: &[Entry]) -> Result<SaveStats> {
    let existing = load(conn)?;
    let by_key: HashMap<String, &Entry> = existing
        .entries
        .iter()
        .map(|e| (e.concept_key(), e))
        .collect();
    let mut stats = SaveStats::default();
    for entry in entries {
        match by_key.get(&entry.concept_key()) {
            Some(old) if old.same_content(entry) => stats.unchanged += 1,
            Some(old) => {
                update(conn, old.id.unwrap_or(0), entry)?;
                stats.updated += 1;
            }
            None => {
                insert(conn, entry)?;
                stats.added += 1;
            }
        }
    }
    Ok(stats)
}

fn insert(conn: &Connection, e: &Entry) -> Result<i64> {
    let t = now();
    conn.execute(
        "INSERT INTO glossary_entry (concept_key, kind, note, source, case_sensitive, created, changed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![e.concept_key(), e.kind.as_str(), e.note, e.source, e.case_sensitive as i64, t],
    )?;
    let id = conn.last_insert_rowid();
    insert_terms(conn, id, e)?;
    Ok(id)
}

fn update(conn: &Connection, id: i64, e: &Entry) -> Result<()> {
    conn.execute(
        "UPDATE glossary_entry SET kind = ?2, note = ?3, source = ?4, case_sensitive = ?5, changed = ?6
         WHERE id = ?1",
        params![id, e.kind.as_str(), e.note, e.source, e.case_sensitive as i64, now()],
    )?;
    conn.execute("DELETE FROM glossary_term WHERE entry_id = ?1", [id])?;
    insert_terms(conn, id, e)
}

fn insert_terms(conn: &Connection, id: i64, e: &Entry) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO glossary_term (entry_id, lang, status, position, term, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for lang in Lang::BOTH {
        for (pos, (status, form)) in e.forms(lang).all().enumerate() {
            stmt.execute(params![
                id,
                lang.as_str(),
                status.as_str(),
                pos as i64,
                form,
                match_key(form)
            ])?;
        }
    }
    Ok(())
}

/// A fingerprint of the stored glossary that changes whenever an entry or term is added,
/// removed or edited, by this process or another (a long-running reader such as the HTTP
/// server recompiles its glossary only then): the count of changes the memory's triggers
/// keep (migration 0016), one row read whatever the glossary's size.
pub fn fingerprint(conn: &Connection) -> Result<String> {
    let changes: i64 = conn
        .prepare_cached("SELECT n FROM glossary_changes")?
        .query_row([], |r| r.get(0))?;
    Ok(changes.to_string())
}

/// Removes the entry with `id`; returns whether it existed.
pub fn remove(conn: &Connection, id: i64) -> Result<bool> {
    conn.execute("DELETE FROM glossary_term WHERE entry_id = ?1", [id])?;
    Ok(conn.execute("DELETE FROM glossary_entry WHERE id = ?1", [id])? > 0)
}

/// The id of the entry whose preferred or admitted form has the match key of `form`.
pub fn find_id(conn: &Connection, form: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT entry_id FROM glossary_term WHERE key = ?1 AND status != 'forbidden' ORDER BY entry_id LIMIT 1",
            [match_key(form)],
            |r| r.get(0),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Memory, Side, UnitRecord};

    /// Every change of the glossary — an entry added, a form edited within the same second,
    /// an entry removed, a term changed by hand in SQL — gives a fingerprint not seen
    /// before; saving the same entries again and adding units do not change it.
    #[test]
    fn the_fingerprint_changes_with_every_glossary_change_and_only_then() {
        let mut m = Memory::in_memory().unwrap();
        let mut seen = vec![fingerprint(m.conn()).unwrap()];
        fn changed(seen: &mut Vec<String>, m: &Memory, what: &str) {
            let now = fingerprint(m.conn()).unwrap();
            assert!(!seen.contains(&now), "{what}: {now} seen before");
            seen.push(now);
        }
        save(m.conn(), &[Entry::person("Basra", "البصرة")]).unwrap();
        changed(&mut seen, &m, "added");
        let mut edited = Entry::person("Basra", "البصرة");
        edited.en.admitted.push("Basrah".to_owned());
        save(m.conn(), &[edited.clone()]).unwrap();
        changed(&mut seen, &m, "a form added");
        let before = fingerprint(m.conn()).unwrap();
        save(m.conn(), &[edited]).unwrap();
        assert_eq!(fingerprint(m.conn()).unwrap(), before, "saved unchanged");
        m.conn()
            .execute(
                "UPDATE glossary_term SET term = 'Basrax' WHERE term = 'Basrah'",
                [],
            )
            .unwrap();
        changed(&mut seen, &m, "a term edited in SQL");
        let mut w = m.writer().unwrap();
        w.add(&UnitRecord::new(
            Side::new("en", "In Basra."),
            Side::new("ar", "في البصرة."),
        ))
        .unwrap();
        w.commit().unwrap();
        assert_eq!(
            fingerprint(m.conn()).unwrap(),
            seen[seen.len() - 1],
            "a unit added"
        );
        let id = load(m.conn()).unwrap().entries[0].id.unwrap();
        assert!(remove(m.conn(), id).unwrap());
        changed(&mut seen, &m, "removed");
    }
}
