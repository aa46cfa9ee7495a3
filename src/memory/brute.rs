//! The brute-force reference for suggestions: every side of the memory scored with a plain
//! edit distance, no index. Tests and the benchmark compare the index against it.

use super::index::decode_tokens;
use super::rank::{rank, Suggestion};
use super::score::{distance, raw_score};
use super::search::{final_score, prepare_query, Hit, SuggestOptions};
use super::store::Memory;
use super::writer::find_lang;
use crate::error::Result;
use crate::text::primary_language;

/// All sides of one language pair, loaded into RAM once.
pub struct BruteForce {
    sides: Vec<(u32, Vec<u32>)>,
}

impl BruteForce {
    /// Loads every side in language `from` whose other side is in `to`.
    pub fn load(memory: &Memory, from: &str, to: &str) -> Result<BruteForce> {
        let conn = memory.conn();
        let (Some(f), Some(t)) = (
            find_lang(conn, primary_language(from))?,
            find_lang(conn, primary_language(to))?,
        ) else {
            return Ok(BruteForce { sides: Vec::new() });
        };
        let mut stmt =
            conn.prepare("SELECT id, toks FROM sides WHERE lid = ?1 AND other_lid = ?2")?;
        let mut rows = stmt.query([f, t])?;
        let mut sides = Vec::new();
        while let Some(r) = rows.next()? {
            let mut toks = Vec::new();
            decode_tokens(
                r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
                &mut toks,
            );
            sides.push((r.get(0)?, toks));
        }
        Ok(BruteForce { sides })
    }

    /// Number of sides scanned per query.
    pub fn len(&self) -> usize {
        self.sides.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sides.is_empty()
    }

    /// The same answer `Memory::suggest` gives, found by scoring every side.
    pub fn suggest(
        &self,
        memory: &Memory,
        text: &str,
        opts: &SuggestOptions,
    ) -> Result<Vec<Suggestion>> {
        opts.check()?;
        let conn = memory.conn();
        let Some(q) = prepare_query(conn, text, opts)? else {
            return Ok(Vec::new());
        };
        let n = q.ids.len();
        let mut hits = Vec::new();
        for (side, toks) in &self.sides {
            let ed = distance(&q.ids, toks);
            if raw_score(ed, n, toks.len()) < opts.threshold {
                continue;
            }
            let score = final_score(conn, &q, *side, ed, n, toks.len())?;
            if score >= opts.threshold {
                hits.push(Hit { side: *side, score });
            }
        }
        rank(conn, text, hits, opts.top)
    }
}

impl Memory {
    /// Fuzzy suggestions for `text` (one sentence), best first.
    pub fn suggest(&self, text: &str, opts: &SuggestOptions) -> Result<Vec<Suggestion>> {
        opts.check()?;
        let conn = self.conn();
        let Some(q) = prepare_query(conn, text, opts)? else {
            return Ok(Vec::new());
        };
        let hits = super::search::search(conn, &q, opts.threshold, opts.top)?;
        rank(conn, text, hits, opts.top)
    }

    /// The same as [`Memory::suggest`] by scanning every unit (slow; for checks).
    pub fn suggest_brute_force(
        &self,
        text: &str,
        opts: &SuggestOptions,
    ) -> Result<Vec<Suggestion>> {
        BruteForce::load(self, &opts.from, &opts.to)?.suggest(self, text, opts)
    }
}
