//! The brute-force reference for suggestions: every side of the memory scored with the
//! exact edit distance (bit-parallel, checked against the plain table in `myers`), no index
//! and no filter. Tests and the benchmark compare the index against it.

use super::index::{decode_tokens, side_id};
use super::myers::Pattern;
use super::rank::{rank, Suggestion};
use super::score::{max_distance, Standing};
use super::search::{final_score, prepare_query, Hit, SuggestOptions};
use super::store::Memory;
use super::term_cache::TermCache;
use super::writer::find_lang;
use crate::error::Result;
use crate::text::primary_language;

/// All sides of one language pair, loaded into RAM once.
pub struct BruteForce {
    /// Side ids, and for side `i` its tokens `tokens[ends[i - 1]..ends[i]]`.
    ids: Vec<u32>,
    ends: Vec<usize>,
    tokens: Vec<u32>,
}

impl BruteForce {
    /// Loads every side in language `from` whose other side is in `to`.
    pub fn load(memory: &Memory, from: &str, to: &str) -> Result<BruteForce> {
        let conn = memory.conn();
        let (Some(f), Some(t)) = (
            find_lang(conn, primary_language(from))?,
            find_lang(conn, primary_language(to))?,
        ) else {
            return Ok(BruteForce {
                ids: Vec::new(),
                ends: Vec::new(),
                tokens: Vec::new(),
            });
        };
        let mut stmt = conn.prepare(
            "SELECT id, src_lid, tgt_lid, src_toks, tgt_toks FROM units
             WHERE src_lid = ?1 AND tgt_lid = ?2 OR src_lid = ?2 AND tgt_lid = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([f, t])?;
        let (mut ids, mut ends, mut tokens) = (Vec::new(), Vec::new(), Vec::new());
        let mut toks = Vec::new();
        while let Some(r) = rows.next()? {
            let unit: i64 = r.get(0)?;
            let langs: (i64, i64) = (r.get(1)?, r.get(2)?);
            for which in 0..2u8 {
                let (from, to) = if which == 0 {
                    langs
                } else {
                    (langs.1, langs.0)
                };
                if (from, to) != (f, t) {
                    continue;
                }
                let blob = r.get_ref(3 + usize::from(which))?;
                decode_tokens(blob.as_blob().map_err(rusqlite::Error::from)?, &mut toks);
                ids.push(u32::try_from(side_id(unit, which)).unwrap_or(u32::MAX));
                tokens.extend_from_slice(&toks);
                ends.push(tokens.len());
            }
        }
        Ok(BruteForce { ids, ends, tokens })
    }

    /// Number of sides scanned per query.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
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
        let Some(q) = prepare_query(conn, text, opts, &mut TermCache::default())? else {
            return Ok(Vec::new());
        };
        let n = q.ids.len();
        let pattern = Pattern::new(&q.ids);
        let mut hits = Vec::new();
        let mut start = 0;
        for (side, &end) in self.ids.iter().zip(&self.ends) {
            let toks = &self.tokens[start..end];
            start = end;
            // Exactly the sides scoring at least the threshold (score.rs): no filter.
            let k = max_distance(n, toks.len(), opts.threshold);
            let Some(ed) = pattern.distance_within(toks, k) else {
                continue;
            };
            let score = final_score(conn, &q, *side, ed, n, toks.len())?;
            if score >= opts.threshold {
                let standing = Standing::new(score, ed, n, toks.len());
                hits.push(Hit {
                    side: *side,
                    standing,
                });
            }
        }
        rank(conn, text, hits, opts.top)
    }
}

impl Memory {
    /// Fuzzy suggestions for `text` (one sentence), best first.
    pub fn suggest(&self, text: &str, opts: &SuggestOptions) -> Result<Vec<Suggestion>> {
        opts.check()?;
        let _scope = self.read_scope()?;
        let Some(hits) = self.hits(text, opts)? else {
            return Ok(Vec::new());
        };
        rank(self.conn(), text, hits, opts.top)
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
