//! The large buffers of a search, kept by a `Memory` from one query to the next.
//!
//! A query's candidates are gathered in structures sized by the memory, not the query: the
//! dense tally (`tally`, 4 bytes for every side id: 8 MB at 1M pairs), the probe's map of
//! candidates (`side_map`) and the look-ups by side id of its count filter (`probe`). Made
//! afresh, each query zeroed them (a memset, or fresh pages the kernel zeroes and faults in
//! and the allocator later hands back). Kept here, a server, a file of sentences or a
//! pretranslation reuses memory already in place, and each user resets only what the last
//! query touched (a sparse reset: work in proportion to that query, never to the memory).
//!
//! Nothing of one query's state may reach the next: each structure is reset when a search
//! takes it, and the answers are those of a fresh `Memory` (tests in `scratch/tests.rs`).
//! The one exception is `terms`, facts about the memory rather than the query, kept only
//! while the memory is unchanged (`term_cache`).

use std::sync::Arc;

use super::probe::Cand;
use super::side_map::SideMap;
use super::side_tokens::SideTokens;
use super::tally::TallyBufs;
use super::term_cache::TermCache;

/// What one search reuses (see the module doc).
#[derive(Default)]
pub(crate) struct Scratch {
    pub tally: TallyBufs,
    pub cands: SideMap<Cand>,
    pub marks: Marks,
    /// What the queries looked up about their words, kept while the memory is unchanged
    /// (`term_cache`): unlike the rest, kept on purpose from one query to the next.
    pub terms: TermCache,
    /// The sides' tokens in RAM, when the process loaded them (`side_tokens`): never
    /// stale, so kept for every query.
    pub sides: Option<Arc<SideTokens>>,
}

/// The count filter's look-ups by side id (`probe::tighten`): an entry index + 1 per side
/// (`at`) or a bit per side (`member`). Zero between uses but for the sides in `set`.
#[derive(Default)]
pub(crate) struct Marks {
    at: Vec<u32>,
    member: Vec<u64>,
    set: Vec<u32>,
}

impl Marks {
    /// Clears what the last use set and makes room for side ids up to `top`, as indices
    /// (`dense`) or as bits.
    pub fn begin(&mut self, dense: bool, top: usize) {
        for &s in &self.set {
            let s = s as usize;
            if let Some(a) = self.at.get_mut(s) {
                *a = 0;
            }
            if let Some(w) = self.member.get_mut(s / 64) {
                *w = 0;
            }
        }
        self.set.clear();
        // Grown only past every earlier query's top: the new part is zeroed once.
        if dense && self.at.len() <= top {
            self.at.resize(top + 1, 0);
        } else if !dense && self.member.len() <= top / 64 {
            self.member.resize(top / 64 + 1, 0);
        }
    }

    /// Marks `side` (at most the `top` given to [`Marks::begin`]) as entry `i` (dense) or
    /// as a member.
    pub fn set(&mut self, dense: bool, side: u32, i: usize) {
        let s = side as usize;
        if dense {
            // Entry indices + 1 fit: the map's own index holds them as u32.
            self.at[s] = i as u32 + 1;
        } else {
            self.member[s / 64] |= 1 << (s % 64);
        }
        self.set.push(side);
    }

    /// The entry index of a marked `side` (dense marks).
    #[inline]
    pub fn at(&self, side: u32) -> Option<usize> {
        match self.at.get(side as usize) {
            Some(&i) if i != 0 => Some(i as usize - 1),
            _ => None,
        }
    }

    /// Whether `side` is marked (bit marks).
    #[inline]
    pub fn holds(&self, side: u32) -> bool {
        let s = side as usize;
        self.member
            .get(s / 64)
            .is_some_and(|w| w & (1 << (s % 64)) != 0)
    }
}

#[cfg(test)]
mod tests;
