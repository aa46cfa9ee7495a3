//! The lexicon a memory teaches the aligner: word pairs that co-occur in its reviewed
//! Arabic–English units, so alignment improves as reviewed work accumulates.

use rusqlite::Connection;

use crate::error::Result;
use crate::memory::text_codec::Texts;
use crate::memory::Memory;
use crate::text::primary_language;

use super::lexicon::Lexicon;
use super::lexicon_store::{self, Fingerprint};

/// At most this many reviewed units are read, the most recent first.
const MAX_UNITS: i64 = 200_000;

/// The newest reviewed units. `INDEXED BY` makes SQLite refuse rather than fall back to
/// reading every unit (at 10M pairs, GBs read on each call even with nothing reviewed).
const REVIEWED_SQL: &str = "SELECT src_lang, src_text, tgt_lang, tgt_text
     FROM units INDEXED BY units_reviewed
     WHERE status = 1 ORDER BY id DESC LIMIT ?1";

/// Learns a source → target lexicon from the reviewed units of `memory` whose languages are
/// `source` and `target` (either direction; reversed units are turned around). Only reviewed
/// units are read (schema: `units.status` 1 = reviewed), newest first, through the partial
/// index of reviewed units: the cost follows the reviewed units, not the memory's size.
pub fn lexicon_from_memory(memory: &Memory, source: &str, target: &str) -> Result<Lexicon> {
    Ok(learn(memory, source, target)?.lexicon)
}

/// A lexicon learned from the reviewed units, with what it was learned from.
pub struct Learned {
    pub lexicon: Lexicon,
    /// The reviewed units' fingerprint, read in the same snapshot as the units.
    pub at: Fingerprint,
    /// Reviewed units read (both directions of the pair, and others).
    pub units: usize,
}

/// [`lexicon_from_memory`] with the fingerprint of the units it read (one snapshot).
pub fn learn(memory: &Memory, source: &str, target: &str) -> Result<Learned> {
    let _snapshot = ReadTx::begin(memory.conn())?;
    let at = fingerprint_of(memory.conn())?;
    let mut stmt = memory.conn().prepare(REVIEWED_SQL)?;
    let texts = Texts::new(memory.conn());
    let rows = stmt.query_map([MAX_UNITS], |r| {
        Ok((
            r.get::<_, String>(0)?,
            texts.get(r, 1)?,
            r.get::<_, String>(2)?,
            texts.get(r, 3)?,
        ))
    })?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut units = 0;
    for row in rows {
        units += 1;
        let (sl, st, tl, tt) = row?;
        let (s, t) = (primary_language(&sl), primary_language(&tl));
        if s == source && t == target {
            pairs.push((st, tt));
        } else if s == target && t == source {
            pairs.push((tt, st));
        }
    }
    let borrowed = pairs.iter().map(|(s, t)| (s.as_str(), t.as_str()));
    Ok(Learned {
        lexicon: Lexicon::learn(borrowed, 2, 0.3),
        at,
        units,
    })
}

/// The `source` → `target` lexicon of the reviewed units, whole: the stored one while it is
/// current (a read of its rows), else learned, and then stored when the memory can be
/// written now (see [`lexicon_store::store`]). Same lexicon as [`lexicon_from_memory`].
pub fn current_lexicon(memory: &Memory, source: &str, target: &str) -> Result<Lexicon> {
    {
        let _snapshot = ReadTx::begin(memory.conn())?;
        let now = fingerprint_of(memory.conn())?;
        if lexicon_store::stored_fingerprint(memory.conn(), source, target)? == Some(now) {
            return lexicon_store::load_all(memory.conn(), source, target);
        }
    }
    let learned = learn(memory, source, target)?;
    keep(memory, source, target, &learned)?;
    Ok(learned.lexicon)
}

/// Stores a freshly learned lexicon when there is something to keep (a memory without
/// reviewed units learns nothing, at the cost of one index read: no reason to write to it).
pub fn keep(memory: &Memory, source: &str, target: &str, learned: &Learned) -> Result<bool> {
    if learned.units == 0 {
        return Ok(false);
    }
    lexicon_store::store(memory.conn(), source, target, learned.at, &learned.lexicon)
}

/// Learns again and stores every stored direction the reviewed units have changed under
/// (the end of an import or a compaction: work the user expects to take time, so the next
/// one-shot `suggest` does not). Returns the directions refreshed.
pub fn refresh_stale(memory: &Memory) -> Result<Vec<(String, String)>> {
    let now = fingerprint_of(memory.conn())?;
    let mut refreshed = Vec::new();
    for (source, target, at) in lexicon_store::stored_directions(memory.conn())? {
        if at == now {
            continue;
        }
        let learned = learn(memory, &source, &target)?;
        // Nothing reviewed left: the stored lexicon must not outlive it.
        let stored = if learned.units == 0 {
            lexicon_store::store(
                memory.conn(),
                &source,
                &target,
                learned.at,
                &learned.lexicon,
            )?
        } else {
            keep(memory, &source, &target, &learned)?
        };
        if stored {
            refreshed.push((source, target));
        }
    }
    Ok(refreshed)
}

/// A read transaction for a few statements that must see one state of the memory; none when
/// the caller already holds a transaction (it is then the caller's snapshot).
struct ReadTx<'c>(Option<&'c Connection>);

impl<'c> ReadTx<'c> {
    fn begin(conn: &'c Connection) -> Result<ReadTx<'c>> {
        if !conn.is_autocommit() {
            return Ok(ReadTx(None));
        }
        conn.execute_batch("BEGIN")?;
        Ok(ReadTx(Some(conn)))
    }
}

impl Drop for ReadTx<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.0 {
            // Only reads happened: ending the transaction cannot lose anything.
            let _ = conn.execute_batch("COMMIT");
        }
    }
}

/// What [`lexicon_from_memory`] would read, in two numbers: the newest reviewed unit's id (a
/// reviewed unit added, imported or edited takes a new, higher id) and how many times a
/// reviewed unit was changed, unreviewed, reviewed or deleted (counted by the triggers of
/// migration 0011). Equal fingerprints mean the same lexicon; two index reads, whatever
/// the memory's size.
pub fn reviewed_fingerprint(memory: &Memory) -> Result<Fingerprint> {
    fingerprint_of(memory.conn())
}

/// [`reviewed_fingerprint`] on a connection.
pub fn fingerprint_of(conn: &Connection) -> Result<Fingerprint> {
    Ok(conn.query_row(
        "SELECT (SELECT id FROM units INDEXED BY units_reviewed
                 WHERE status = 1 ORDER BY id DESC LIMIT 1),
                (SELECT n FROM reviewed_changes)",
        [],
        |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            ))
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, Status, UnitRecord};

    #[test]
    fn learns_only_from_reviewed_units() {
        let mut mem = Memory::in_memory().unwrap();
        let mut w = mem.writer().unwrap();
        let rows = [
            (
                "وصل الوزير الى بغداد",
                "the minister arrived in baghdad",
                Status::Reviewed,
            ),
            ("قال الوزير", "the minister said", Status::Reviewed),
            ("المطر غزير", "heavy rain", Status::Unreviewed),
            ("المطر غزير جدا", "very heavy rain", Status::Unreviewed),
        ];
        for (ar, en, status) in rows {
            let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
            u.status = status;
            w.add(&u).unwrap();
        }
        w.commit().unwrap();
        let lex = lexicon_from_memory(&mem, "ar", "en").unwrap();
        assert!(!lex.lookup("وزير").is_empty());
        assert!(lex.lookup("مطر").is_empty());
    }

    /// One change made through a writer.
    type Step<'a> = dyn Fn(&mut crate::memory::Writer) + 'a;

    #[test]
    fn the_fingerprint_changes_with_every_change_to_what_the_lexicon_reads() {
        use chrono::Utc;
        let mut mem = Memory::in_memory().unwrap();
        let unit = |ar: &str, en: &str, status| {
            let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
            u.status = status;
            u
        };
        let mut seen = vec![reviewed_fingerprint(&mem).unwrap()];
        let mut changed = |mem: &Memory, what: &str| {
            let now = reviewed_fingerprint(mem).unwrap();
            assert!(!seen.contains(&now), "{what}: {now:?} seen before");
            seen.push(now);
        };
        let mut w = mem.writer().unwrap();
        let first = w
            .add(&unit("قال الوزير", "the minister said", Status::Reviewed))
            .unwrap()
            .id();
        let second = w
            .add(&unit(
                "وصل الوفد",
                "the delegation arrived",
                Status::Reviewed,
            ))
            .unwrap()
            .id();
        w.commit().unwrap();
        changed(&mem, "import of reviewed units");
        // Units nobody reviewed teach nothing: an import of them keeps the fingerprint.
        let before = reviewed_fingerprint(&mem).unwrap();
        let mut w = mem.writer().unwrap();
        let plain = w
            .add(&unit("المطر غزير", "heavy rain", Status::Unreviewed))
            .unwrap()
            .id();
        w.commit().unwrap();
        assert_eq!(reviewed_fingerprint(&mem).unwrap(), before);
        let steps: [(&str, Box<Step<'_>>); 5] = [
            (
                "review",
                Box::new(|w| {
                    w.set_status(plain, Status::Reviewed, None, Utc::now())
                        .unwrap();
                }),
            ),
            (
                "unreview of an older unit",
                Box::new(|w| {
                    w.set_status(first, Status::Unreviewed, None, Utc::now())
                        .unwrap();
                }),
            ),
            (
                "review again",
                Box::new(|w| {
                    w.set_status(first, Status::Reviewed, None, Utc::now())
                        .unwrap();
                }),
            ),
            (
                "edit",
                Box::new(|w| {
                    let edit = crate::memory::TextEdit {
                        target: Some("the minister stated"),
                        ..Default::default()
                    };
                    w.edit_text(first, &edit, Utc::now()).unwrap();
                }),
            ),
            (
                "delete",
                Box::new(|w| {
                    assert!(w.remove_unit(second).unwrap());
                }),
            ),
        ];
        for (what, step) in steps {
            let mut w = mem.writer().unwrap();
            step(&mut w);
            w.commit().unwrap();
            changed(&mem, what);
        }
        // Marking a reviewed unit reviewed again changes nothing it teaches.
        let before = reviewed_fingerprint(&mem).unwrap();
        let mut w = mem.writer().unwrap();
        w.set_status(plain, Status::Reviewed, None, Utc::now())
            .unwrap();
        w.commit().unwrap();
        assert_eq!(reviewed_fingerprint(&mem).unwrap(), before);
    }

    #[test]
    fn reviewed_units_are_read_through_their_index_without_sorting() {
        let mem = Memory::in_memory().unwrap();
        let plan: Vec<String> = mem
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {REVIEWED_SQL}"))
            .unwrap()
            .query_map([MAX_UNITS], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("USING INDEX units_reviewed"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}
