//! Context matches (101): an exact match whose unit sits, in the article it was aligned or
//! imported from, between the same previous and next segments as the query does in its own.
//!
//! Nothing extra is stored for this: every aligned unit and every unit imported from XLIFF
//! keeps its origin and its position in that origin (positions of CSV rows and TMX units
//! too), and `units_origin_position` indexes both, so the neighbours are two indexed reads
//! whatever the origin's size, done only for exact matches. Texts are compared by match key.

use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::memory::text_codec::Texts;
use crate::memory::{Memory, Suggestion};
use crate::text::{key_tokens, primary_language};

/// The segments around a query in its document.
#[derive(Debug, Clone, Copy)]
pub struct Around<'a> {
    pub previous: Option<&'a str>,
    pub next: Option<&'a str>,
}

/// Whether the unit of exact match `s` has the same neighbours as the query.
pub fn matches(memory: &Memory, s: &Suggestion, around: &Around<'_>) -> Result<bool> {
    let conn = memory.conn();
    let Some((Some(origin), Some(position))) = conn
        .prepare_cached("SELECT origin, position FROM units WHERE id = ?1")?
        .query_row([s.id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .optional()?
    else {
        return Ok(false);
    };
    let lang = primary_language(&s.source_lang);
    let before = neighbour(memory, &origin, position - 1, lang)?;
    let after = neighbour(memory, &origin, position + 1, lang)?;
    let same = |stored: &Option<String>, query: Option<&str>, at_edge: bool| match (stored, query) {
        (Some(a), Some(b)) => key_tokens(a) == key_tokens(b),
        (None, None) => at_edge,
        _ => false,
    };
    // The start of an article is known (position 0); its end is not, so a missing next
    // segment on both sides counts as the same end.
    Ok(same(&before, around.previous, position == 0) && same(&after, around.next, true))
}

const NEIGHBOUR_SQL: &str = "SELECT src_lang, src_text, tgt_lang, tgt_text FROM units
     WHERE origin = ?1 AND position = ?2 LIMIT 1";

/// The text in language `lang` of the unit at `position` of `origin`.
fn neighbour(memory: &Memory, origin: &str, position: i64, lang: &str) -> Result<Option<String>> {
    if position < 0 {
        return Ok(None);
    }
    let conn = memory.conn();
    let mut stmt = conn.prepare_cached(NEIGHBOUR_SQL)?;
    let texts = Texts::new(conn);
    let row = stmt
        .query_row(rusqlite::params![origin, position], |r| {
            Ok((
                r.get::<_, String>(0)?,
                texts.get(r, 1)?,
                r.get::<_, String>(2)?,
                texts.get(r, 3)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|(sl, st, tl, tt)| {
        if primary_language(&sl).eq_ignore_ascii_case(lang) {
            Some(st)
        } else if primary_language(&tl).eq_ignore_ascii_case(lang) {
            Some(tt)
        } else {
            None
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_neighbour_is_one_index_search_on_origin_and_position() {
        let memory = Memory::in_memory().unwrap();
        let plan: Vec<String> = memory
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {NEIGHBOUR_SQL}"))
            .unwrap()
            .query_map(rusqlite::params!["a.xlf", 3], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("(origin=? AND position=?)"), "{plan}");
    }
}
