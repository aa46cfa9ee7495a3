//! Verification of fuzzy-search candidates and the top-k bar.
//!
//! A candidate's key tokens are read from its unit row and its exact word-level distance to
//! the query computed bit-parallel (`myers`), cut off at the largest distance that still
//! reaches the bar. The bar starts at the threshold and, once `top` results are held, rises
//! to the k-th best standing (score, then exact ratio: `score::Standing`; ties kept): every
//! later candidate, and the prefix filter's length (`search`), is then judged against the
//! higher bar. Judging on the exact ratio rather than the rounded score keeps out the many
//! sides a few tenths of a point under the k-th (boilerplate shares runs of words with
//! thousands of sides at nearly the same score), so they are neither verified nor ranked.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rusqlite::{CachedStatement, Connection, OptionalExtension};

use super::index::{decode_tokens, unit_of_side, SIDE_TOKENS_SQL};
use super::myers::Pattern;
use super::score::{Bar, Standing};
use super::search::{final_score, Hit, PreparedQuery};
use super::work;
use crate::error::Result;
use rustc_hash::FxHashSet;

pub(crate) struct Verifier<'a> {
    conn: &'a Connection,
    q: &'a PreparedQuery,
    pattern: Pattern,
    stmts: [CachedStatement<'a>; 2],
    t: u8,
    top: usize,
    best: BinaryHeap<Reverse<Standing>>,
    hits: Vec<Hit>,
    done: FxHashSet<u32>,
    toks: Vec<u32>,
}

impl<'a> Verifier<'a> {
    pub fn new(conn: &'a Connection, q: &'a PreparedQuery, t: u8, top: usize) -> Result<Self> {
        Ok(Verifier {
            conn,
            q,
            pattern: Pattern::new(&q.ids),
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
        let (unit, which) = unit_of_side(i64::from(side));
        let (to_lid, toks) = (self.q.to_lid, &mut self.toks);
        let row = self.stmts[usize::from(which)]
            .query_row([unit], |r| {
                let other: i64 = r.get(0)?;
                if other == to_lid {
                    decode_tokens(r.get_ref(1)?.as_blob()?, toks);
                }
                Ok(other == to_lid)
            })
            .optional()?;
        if row != Some(true) {
            return Ok(());
        }
        let bar = self.bar();
        let (n, m) = (self.pattern.tokens(), self.toks.len());
        let before = self.pattern.ops();
        let ed = self
            .pattern
            .distance_within(&self.toks, bar.max_distance(n, m));
        work::verified(self.pattern.ops() - before);
        let Some(ed) = ed else {
            return Ok(());
        };
        let score = final_score(self.conn, self.q, side, ed, n, m)?;
        let standing = Standing::new(score, ed, n, m);
        if bar.admits(standing) {
            self.hits.push(Hit { side, standing });
            self.best.push(Reverse(standing));
            if self.best.len() > self.top {
                self.best.pop();
            }
        }
        Ok(())
    }

    /// The hits reaching the final bar.
    pub fn finish(mut self) -> Vec<Hit> {
        let bar = self.bar();
        self.hits.retain(|h| bar.admits(h.standing));
        self.hits
    }
}
