//! Verification of fuzzy-search candidates and the top-k bar.
//!
//! A candidate's key tokens are read from its unit row (or from the RAM copy a long-lived
//! process may hold, `side_tokens`) and its exact word-level distance to the query computed
//! bit-parallel (`myers`), cut off at the largest distance that still reaches the bar. The
//! tokens are read through an incremental blob handle moved from row to row
//! (`sqlite3_blob_reopen` re-runs only the row seek of its program), not a statement run
//! per row (bind, start, column reads, reset: a boilerplate query verifies thousands of
//! sides and the statement cost about 5k instructions each); the side's other language,
//! which a blob cannot read (an integer), is checked with a statement only for the sides the
//! bar admits — a side of another language pair that is not admitted changes nothing. The bar starts at the threshold and, once `top` results are held, rises
//! to the k-th best standing (score, then exact ratio: `score::Standing`; ties kept): every
//! later candidate, and the prefix filter's length (`search`), is then judged against the
//! higher bar. Judging on the exact ratio rather than the rounded score keeps out the many
//! sides a few tenths of a point under the k-th (boilerplate shares runs of words with
//! thousands of sides at nearly the same score), so they are neither verified nor ranked.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use rusqlite::blob::Blob;
use rusqlite::{CachedStatement, Connection, DatabaseName, OptionalExtension};

use super::column_trie::ColumnTrie;
use super::index::{
    decode_tokens, unit_of_side, OTHER_LID_SQL, SIDE_TOKENS_SQL, SIDE_TOKEN_COLUMNS,
};
use super::myers::Pattern;
use super::score::{Bar, Standing};
use super::search::{final_score, Hit, PreparedQuery};
use super::side_tokens::SideTokens;
use super::work;
use crate::error::Result;
use rustc_hash::FxHashSet;

pub(crate) struct Verifier<'a> {
    conn: &'a Connection,
    q: &'a PreparedQuery,
    pattern: Pattern,
    /// The column states of the verified sides' openings (boilerplate sides open alike).
    trie: ColumnTrie,
    stmts: [CachedStatement<'a>; 2],
    t: u8,
    top: usize,
    best: BinaryHeap<Reverse<Standing>>,
    hits: Vec<Hit>,
    done: FxHashSet<u32>,
    toks: Vec<u32>,
    /// Blob handles on the source and target token columns, opened at the first side of each
    /// kind; `None` again after a failed move (the handle is then spent).
    blobs: [Option<Blob<'a>>; 2],
    /// Moves that failed (units deleted since their lists were written): past
    /// [`BLOB_MISSES`], the statement reads every side, as reopening a spent handle would
    /// compile a statement each time.
    misses: usize,
    bytes: Vec<u8>,
    /// The sides' tokens held in RAM, when the process keeps them (`side_tokens`).
    sides: Option<Arc<SideTokens>>,
}

/// Failed blob moves after which a verifier reads through the statement only.
const BLOB_MISSES: usize = 16;

/// What reading a side's tokens found.
enum Read {
    /// The tokens are in `toks`; the other language is not checked yet.
    Unchecked,
    /// The tokens are in `toks`, read from the RAM store (`side_tokens`): the unit may have
    /// been deleted since the store was loaded, and the other language is not checked yet.
    Stored,
    /// The tokens are in `toks` and the side is paired with the query's target language.
    Checked,
    /// No such unit, or one of another language pair.
    Skip,
}

impl<'a> Verifier<'a> {
    pub fn new(
        conn: &'a Connection,
        q: &'a PreparedQuery,
        t: u8,
        top: usize,
        sides: Option<Arc<SideTokens>>,
    ) -> Result<Self> {
        let pattern = Pattern::new(&q.ids);
        Ok(Verifier {
            conn,
            q,
            trie: ColumnTrie::new(&pattern),
            pattern,
            stmts: [
                conn.prepare_cached(SIDE_TOKENS_SQL[0])?,
                conn.prepare_cached(SIDE_TOKENS_SQL[1])?,
            ],
            t,
            top,
            best: BinaryHeap::new(),
            hits: Vec::new(),
            done: FxHashSet::default(),
            toks: Vec::new(),
            blobs: [None, None],
            misses: 0,
            bytes: Vec::new(),
            sides,
        })
    }

    /// What a match must reach: the threshold, and the k-th best standing once `top` held.
    pub fn bar(&self) -> Bar {
        Bar {
            threshold: self.t,
            kth: match self.best.peek() {
                Some(Reverse(kth)) if self.best.len() >= self.top => Some(*kth),
                _ => None,
            },
        }
    }

    /// Whether `side` was verified already.
    pub fn done(&self, side: u32) -> bool {
        self.done.contains(&side)
    }

    /// Verifies one side (once; later calls for it do nothing).
    pub fn verify(&mut self, side: u32) -> Result<()> {
        if !self.done.insert(side) {
            return Ok(());
        }
        self.check(side)
    }

    /// Verifies a side never handed to [`Verifier::verify`] nor to this before, without
    /// recording it ([`Verifier::done`] does not know it): the best-first walk's sides,
    /// tens of thousands a boilerplate query at 1M pairs, whose inserts into the set of
    /// verified sides cost more than their distances.
    pub fn verify_new(&mut self, side: u32) -> Result<()> {
        debug_assert!(!self.done.contains(&side));
        self.check(side)
    }

    /// Whether sides are read from the RAM store (verifications cost no row look-up).
    pub fn reads_ram(&self) -> bool {
        self.sides.is_some()
    }

    /// The RAM store the sides are read from, if any.
    pub fn side_tokens(&self) -> Option<Arc<SideTokens>> {
        self.sides.clone()
    }

    /// Reads one side, computes its distance and keeps it if the bar admits it.
    fn check(&mut self, side: u32) -> Result<()> {
        let (unit, which) = unit_of_side(i64::from(side));
        let read = self.read_tokens(side, unit, which)?;
        if matches!(read, Read::Skip) {
            return Ok(());
        }
        let bar = self.bar();
        let (n, m) = (self.pattern.tokens(), self.toks.len());
        let before = self.pattern.ops();
        let ed = self
            .trie
            .distance_within(&self.pattern, &self.toks, bar.max_distance(n, m));
        work::verified(self.pattern.ops() - before);
        let Some(ed) = ed else {
            return Ok(());
        };
        let mut checked = matches!(read, Read::Checked);
        // An exact match reads the side's text, which a unit deleted since the RAM store was
        // loaded no longer has: check that it is still there first.
        if ed == 0 && matches!(read, Read::Stored) {
            if !self.pairs_with_target(unit, which)? {
                return Ok(());
            }
            checked = true;
        }
        let score = final_score(self.conn, self.q, side, ed, n, m)?;
        let standing = Standing::new(score, ed, n, m);
        if bar.admits(standing) {
            if !checked && !self.pairs_with_target(unit, which)? {
                return Ok(());
            }
            self.hits.push(Hit { side, standing });
            self.best.push(Reverse(standing));
            if self.best.len() > self.top {
                self.best.pop();
            }
        }
        Ok(())
    }

    /// Reads the key tokens of side `which` of `unit` (side id `side`) into `toks`: from the
    /// RAM store when it holds them, else through the column's blob handle, or — when the
    /// handle cannot move there (no such row, or a first side of its kind whose handle
    /// failed to open) — through the statement, which tells a missing unit from an error and
    /// checks the other language at once.
    fn read_tokens(&mut self, side: u32, unit: i64, which: u8) -> Result<Read> {
        if let Some(stored) = self.sides.as_deref().and_then(|s| s.get(side)) {
            decode_tokens(stored, &mut self.toks);
            return Ok(Read::Stored);
        }
        let w = usize::from(which);
        let moved = match &mut self.blobs[w] {
            _ if self.misses > BLOB_MISSES => false,
            Some(blob) => blob.reopen(unit).is_ok(),
            None => {
                let opened = self.conn.blob_open(
                    DatabaseName::Main,
                    "units",
                    SIDE_TOKEN_COLUMNS[w],
                    unit,
                    true,
                );
                opened.map(|blob| self.blobs[w] = Some(blob)).is_ok()
            }
        };
        match (&self.blobs[w], moved) {
            (Some(blob), true) => {
                self.bytes.resize(blob.len(), 0);
                blob.read_at_exact(&mut self.bytes, 0)?;
                decode_tokens(&self.bytes, &mut self.toks);
                Ok(Read::Unchecked)
            }
            _ => {
                self.blobs[w] = None;
                self.misses += 1;
                let (to_lid, toks) = (self.q.to_lid, &mut self.toks);
                let row = self.stmts[w]
                    .query_row([unit], |r| {
                        let other: i64 = r.get(0)?;
                        if other == to_lid {
                            decode_tokens(r.get_ref(1)?.as_blob()?, toks);
                        }
                        Ok(other == to_lid)
                    })
                    .optional()?;
                Ok(if row == Some(true) {
                    Read::Checked
                } else {
                    Read::Skip
                })
            }
        }
    }

    /// Whether side `which` of `unit` is paired with the query's target language.
    fn pairs_with_target(&self, unit: i64, which: u8) -> Result<bool> {
        let other: Option<i64> = self
            .conn
            .prepare_cached(OTHER_LID_SQL[usize::from(which)])?
            .query_row([unit], |r| r.get(0))
            .optional()?;
        Ok(other == Some(self.q.to_lid))
    }

    /// The hits reaching the final bar.
    pub fn finish(mut self) -> Vec<Hit> {
        let bar = self.bar();
        self.hits.retain(|h| bar.admits(h.standing));
        self.hits
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::memory::{AddOutcome, Memory, Side, SuggestOptions, UnitRecord};

    const QUERY: &str = "the minister said in Baghdad on Monday that the talks with the \
        neighbouring countries had gone well and would continue next week";

    fn added(outcome: AddOutcome) -> i64 {
        match outcome {
            AddOutcome::Added(id) | AddOutcome::Merged(id) | AddOutcome::Alternative(id) => id,
        }
    }

    /// The (unit id, score) of each suggestion for `text`, sorted.
    pub(crate) fn ids(m: &Memory, text: &str, from: &str, to: &str) -> Vec<(i64, u8)> {
        let mut got: Vec<(i64, u8)> = m
            .suggest(text, &SuggestOptions::new(from, to))
            .unwrap()
            .iter()
            .map(|s| (s.id, s.score))
            .collect();
        got.sort_unstable();
        got
    }

    #[test]
    fn a_side_paired_with_another_language_is_not_suggested() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        // The same English sentence paired with French: read through the blob handle, its
        // distance is 0, and only the language check keeps it out of an en→ar answer.
        let fr = added(
            w.add(&UnitRecord::new(
                Side::new("en", QUERY),
                Side::new("fr", "le ministre"),
            ))
            .unwrap(),
        );
        let edited = QUERY.replace("Monday", "Tuesday");
        let ar = added(
            w.add(&UnitRecord::new(
                Side::new("en", &edited),
                Side::new("ar", "قال الوزير"),
            ))
            .unwrap(),
        );
        w.add(&UnitRecord::new(
            Side::new("en", "an unrelated sentence about rain"),
            Side::new("ar", "مطر"),
        ))
        .unwrap();
        w.commit().unwrap();
        assert_eq!(ids(&m, QUERY, "en", "ar"), vec![(ar, 95)]);
        assert_eq!(ids(&m, QUERY, "en", "fr"), vec![(fr, 100)]);
        let short = "the talks went well";
        assert_eq!(ids(&m, short, "en", "ar"), vec![]);
    }

    #[test]
    fn deleted_units_are_skipped_past_the_blob_miss_limit() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        let mut gone = Vec::new();
        // More deleted near copies than the blob handle may miss before the statement takes
        // over, each closer to the query than the one unit kept.
        for i in 0..(2 * super::BLOB_MISSES + 5) {
            let text = format!("{QUERY} {i}");
            gone.push(added(
                w.add(&UnitRecord::new(
                    Side::new("en", &text),
                    Side::new("ar", "نص"),
                ))
                .unwrap(),
            ));
        }
        let kept_text = QUERY
            .replace("Monday", "Tuesday")
            .replace("Baghdad", "Basra");
        let kept = added(
            w.add(&UnitRecord::new(
                Side::new("en", &kept_text),
                Side::new("ar", "قال"),
            ))
            .unwrap(),
        );
        w.commit().unwrap();
        let mut w = m.writer().unwrap();
        for id in gone {
            assert!(w.remove_unit(id).unwrap());
        }
        w.commit().unwrap();
        assert_eq!(ids(&m, QUERY, "en", "ar"), vec![(kept, 90)]);
    }
}
