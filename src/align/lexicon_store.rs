//! The learned lexicon kept in the memory (migration 0014): written once per change of the
//! reviewed units, read back whole (server, `align`, `mine`) or stem by stem (the fragments
//! of one query), so a one-shot process no longer learns from every reviewed unit.
//!
//! A stored direction is used only while the memory's [`reviewed_fingerprint`] is the one
//! it was learned at; the lists keep learning's order and its f32 weights exactly (an f32
//! widened to SQLite's REAL and narrowed back is the same number).
//!
//! Writing is a courtesy, never a wait: a read-only memory, a caller inside its own
//! transaction or another process holding the write lock means it is not stored, and the
//! next process learns it again.
//!
//! [`reviewed_fingerprint`]: super::memory_lexicon::reviewed_fingerprint

use rusqlite::{params, Connection, DatabaseName, OptionalExtension};

use super::lexicon::Lexicon;
use crate::error::Result;

/// What the reviewed units were when a lexicon was learned: `reviewed_fingerprint`.
pub type Fingerprint = (i64, i64);

/// The fingerprint the stored `source` → `target` lexicon was learned at, if one is stored.
pub fn stored_fingerprint(
    conn: &Connection,
    source: &str,
    target: &str,
) -> Result<Option<Fingerprint>> {
    Ok(conn
        .prepare_cached(
            "SELECT newest_reviewed, reviewed_changes FROM learned_lexicon_state
             WHERE source = ?1 AND target = ?2",
        )?
        .query_row([source, target], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Every direction stored, with the fingerprint it was learned at.
pub fn stored_directions(conn: &Connection) -> Result<Vec<(String, String, Fingerprint)>> {
    let mut stmt = conn.prepare(
        "SELECT source, target, newest_reviewed, reviewed_changes FROM learned_lexicon_state
         ORDER BY source, target",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored targets of one source stem, in learning's order (empty when it has none).
pub fn load_stem(
    conn: &Connection,
    source: &str,
    target: &str,
    stem: &str,
) -> Result<Vec<(String, f32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tgt_stem, weight FROM learned_lexicon
         WHERE source = ?1 AND target = ?2 AND src_stem = ?3 ORDER BY pos",
    )?;
    let rows = stmt.query_map([source, target, stem], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)? as f32))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The whole stored `source` → `target` lexicon.
pub fn load_all(conn: &Connection, source: &str, target: &str) -> Result<Lexicon> {
    let mut stmt = conn.prepare(
        "SELECT src_stem, tgt_stem, weight FROM learned_lexicon
         WHERE source = ?1 AND target = ?2 ORDER BY src_stem, pos",
    )?;
    let mut rows = stmt.query([source, target])?;
    let mut lexicon = Lexicon::default();
    let mut current: Option<(String, Vec<(String, f32)>)> = None;
    while let Some(r) = rows.next()? {
        let stem: String = r.get(0)?;
        let pair = (r.get::<_, String>(1)?, r.get::<_, f64>(2)? as f32);
        match &mut current {
            Some((s, list)) if *s == stem => list.push(pair),
            _ => {
                if let Some((s, list)) = current.take() {
                    lexicon.set_targets(s, list);
                }
                current = Some((stem, vec![pair]));
            }
        }
    }
    if let Some((s, list)) = current {
        lexicon.set_targets(s, list);
    }
    Ok(lexicon)
}

/// Stores `lexicon` as the `source` → `target` lexicon learned at fingerprint `at`, replacing
/// the stored one. Returns whether it was stored: not when the memory cannot be written now
/// (read-only, inside the caller's transaction, another writer holds the lock) or when the
/// reviewed units changed since `at` (it would be stale at once).
pub fn store(
    conn: &Connection,
    source: &str,
    target: &str,
    at: Fingerprint,
    lexicon: &Lexicon,
) -> Result<bool> {
    if conn.is_readonly(DatabaseName::Main)? || !conn.is_autocommit() {
        return Ok(false);
    }
    // Do not queue behind another writer (an import can hold the lock for minutes): the
    // answer this process gave does not depend on storing, and the next one stores it.
    conn.busy_handler(None)?;
    let began = conn.execute_batch("BEGIN IMMEDIATE");
    conn.busy_handler(Some(crate::memory::busy::handler))?;
    if began.is_err() {
        return Ok(false);
    }
    match write(conn, source, target, at, lexicon) {
        Ok(true) => {
            conn.execute_batch("COMMIT")?;
            Ok(true)
        }
        other => {
            let _ = conn.execute_batch("ROLLBACK");
            other.map(|_| false)
        }
    }
}

fn write(
    conn: &Connection,
    source: &str,
    target: &str,
    at: Fingerprint,
    lexicon: &Lexicon,
) -> Result<bool> {
    // Read again under the write lock: a change since learning makes this lexicon stale.
    if super::memory_lexicon::fingerprint_of(conn)? != at {
        return Ok(false);
    }
    conn.execute(
        "DELETE FROM learned_lexicon WHERE source = ?1 AND target = ?2",
        [source, target],
    )?;
    // Inserted in key order: each row lands at the end of the b-tree, not at random pages.
    let mut stems: Vec<(&str, &[(String, f32)])> = lexicon.stems().collect();
    stems.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut insert = conn.prepare_cached(
        "INSERT INTO learned_lexicon(source, target, src_stem, pos, tgt_stem, weight)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut pairs = 0i64;
    for (stem, targets) in stems {
        for (pos, (t, w)) in targets.iter().enumerate() {
            insert.execute(params![source, target, stem, pos as i64, t, f64::from(*w)])?;
            pairs += 1;
        }
    }
    conn.execute(
        "INSERT OR REPLACE INTO learned_lexicon_state
             (source, target, newest_reviewed, reviewed_changes, pairs, learned_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            source,
            target,
            at.0,
            at.1,
            pairs,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ],
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::memory_lexicon::{current_lexicon, learn, reviewed_fingerprint};
    use crate::memory::{Memory, Side, Status, UnitRecord};

    fn memory() -> Memory {
        let mut mem = Memory::in_memory().unwrap();
        let mut w = mem.writer().unwrap();
        for (ar, en) in [
            ("قال الوزير امس", "the minister said yesterday"),
            ("الوزير في بغداد", "the minister in baghdad"),
            ("وصل الوزير الى بغداد", "the minister arrived in baghdad"),
            ("المطر غزير في بغداد", "heavy rain in baghdad"),
            ("المطر غزير امس", "heavy rain yesterday"),
        ] {
            let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
            u.status = Status::Reviewed;
            w.add(&u).unwrap();
        }
        w.commit().unwrap();
        mem
    }

    /// Stem → targets with the weights' bits: equal only when exactly equal.
    fn exact(lex: &Lexicon) -> Vec<(String, Vec<(String, u32)>)> {
        let mut v: Vec<_> = lex
            .stems()
            .filter(|(_, l)| !l.is_empty())
            .map(|(s, l)| {
                let l = l.iter().map(|(t, w)| (t.clone(), w.to_bits())).collect();
                (s.to_string(), l)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_stored_lexicon_reads_back_exactly_as_learned() {
        let mem = memory();
        for (s, t) in [("ar", "en"), ("en", "ar")] {
            let learned = learn(&mem, s, t).unwrap();
            assert!(learned.lexicon.len() >= 3, "{:?}", exact(&learned.lexicon));
            assert!(store(mem.conn(), s, t, learned.at, &learned.lexicon).unwrap());
            assert_eq!(
                stored_fingerprint(mem.conn(), s, t).unwrap(),
                Some(learned.at)
            );
            let back = load_all(mem.conn(), s, t).unwrap();
            assert_eq!(exact(&back), exact(&learned.lexicon));
            for (stem, list) in learned.lexicon.stems() {
                assert_eq!(load_stem(mem.conn(), s, t, stem).unwrap(), list);
            }
            assert!(load_stem(mem.conn(), s, t, "nosuchstem")
                .unwrap()
                .is_empty());
        }
        assert_eq!(stored_directions(mem.conn()).unwrap().len(), 2);
    }

    #[test]
    fn the_current_lexicon_is_the_stored_one_until_the_reviewed_units_change() {
        let mut mem = memory();
        let learned = current_lexicon(&mem, "ar", "en").unwrap();
        assert_eq!(
            stored_directions(mem.conn()).unwrap().len(),
            1,
            "stored on the way"
        );
        // Marked so that only a read of the stored rows can give it back.
        mem.conn()
            .execute("UPDATE learned_lexicon SET weight = 0.125", [])
            .unwrap();
        let read = current_lexicon(&mem, "ar", "en").unwrap();
        assert!(read.stems().flat_map(|(_, l)| l).all(|(_, w)| *w == 0.125));
        assert_eq!(read.len(), learned.len());
        // A reviewed unit unreviewed: stale, learned again (and stored again).
        let mut w = mem.writer().unwrap();
        w.set_status(1, Status::Unreviewed, None, chrono::Utc::now())
            .unwrap();
        w.commit().unwrap();
        let again = current_lexicon(&mem, "ar", "en").unwrap();
        assert_eq!(
            exact(&again),
            exact(&learn(&mem, "ar", "en").unwrap().lexicon)
        );
        assert_ne!(exact(&again), exact(&read));
        let now = reviewed_fingerprint(&mem).unwrap();
        assert_eq!(
            stored_fingerprint(mem.conn(), "ar", "en").unwrap(),
            Some(now)
        );
    }

    #[test]
    fn a_lexicon_learned_before_a_change_is_not_stored() {
        let mut mem = memory();
        let learned = learn(&mem, "ar", "en").unwrap();
        let mut w = mem.writer().unwrap();
        w.set_status(2, Status::Unreviewed, None, chrono::Utc::now())
            .unwrap();
        w.commit().unwrap();
        assert!(!store(mem.conn(), "ar", "en", learned.at, &learned.lexicon).unwrap());
        assert_eq!(stored_fingerprint(mem.conn(), "ar", "en").unwrap(), None);
        // Nor inside the caller's transaction: that is the caller's to commit.
        let learned = learn(&mem, "ar", "en").unwrap();
        mem.conn().execute_batch("BEGIN").unwrap();
        assert!(!store(mem.conn(), "ar", "en", learned.at, &learned.lexicon).unwrap());
        mem.conn().execute_batch("COMMIT").unwrap();
    }
}
