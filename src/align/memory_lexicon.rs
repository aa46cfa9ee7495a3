//! The lexicon a memory teaches the aligner: word pairs that co-occur in its reviewed
//! Arabic–English units, so alignment improves as reviewed work accumulates.

use crate::error::Result;
use crate::memory::Memory;
use crate::text::primary_language;

use super::lexicon::Lexicon;

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
    let mut stmt = memory.conn().prepare(REVIEWED_SQL)?;
    let rows = stmt.query_map([MAX_UNITS], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for row in rows {
        let (sl, st, tl, tt) = row?;
        let (s, t) = (primary_language(&sl), primary_language(&tl));
        if s == source && t == target {
            pairs.push((st, tt));
        } else if s == target && t == source {
            pairs.push((tt, st));
        }
    }
    let borrowed = pairs.iter().map(|(s, t)| (s.as_str(), t.as_str()));
    Ok(Lexicon::learn(borrowed, 2, 0.3))
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
