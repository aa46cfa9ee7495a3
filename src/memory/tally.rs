//! The candidate tally of the full-list search (`search`): per side seen in the lists read,
//! its length and the query occurrences of the tokens it was seen with.
//!
//! It starts as a hash map and becomes an array indexed by side id once it holds more than
//! one side in [`DENSE_EVERY`] of the memory's: a query whose rarest tokens are common words
//! (boilerplate units open with runs of the 80 most frequent words) gathers a large share of
//! the memory, and hundreds of thousands of random hash-map inserts and lookups then cost
//! more than the lists' reading itself. Lists hold their sides in ascending order, so the
//! array is walked front to back by each list, and the array costs nothing to grow. Lists
//! are tallied a decoded chunk at a time (`append::for_each_chunk`), so the tally's form is
//! matched once per chunk, and candidates that can no longer reach the bar can be dropped
//! ([`Tally::retain`], [`Tally::bump_chunk`]) so later lists pass them by.
//!
//! [`Lacking`] counts, while further full lists are read to tighten the candidates' bounds,
//! how many of them can still reach the bar, in time per list that does not grow with the
//! candidates (`search` and `probe` stop reading lists once few are left).

use super::index::PrefixEntry;
use super::prefetch;
use super::score::Bar;
use super::search::IdMap;

/// One side seen in the lists read so far.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cand {
    /// Tokens (`u16::MAX`: at least that many).
    pub len: u16,
    /// Query occurrences of the tokens it was seen with; 0 in the array: not a candidate.
    pub hits: u16,
}

/// The tally turns dense when it holds more than one side in this many of the memory's
/// (the array then costs 4 bytes a side, touched page by page, against the map's ~16 bytes
/// a candidate at random). Any value gives the same answers; measured in `docs/speed-log.md`.
const DENSE_EVERY: usize = 32;

/// A dense tally asks for the slot of the entry this many places ahead while it counts one:
/// a list's sides ascend, but apart from a frequent word's they are far apart in the array,
/// so each slot was a cache miss waited for (boilerplate 1M, per-query minimum of 6 runs:
/// −7 % on 100 queries and on 200 others; distances 8 / 16 / 32 alike; `docs/speed-log.md`).
const FETCH_AHEAD: usize = 16;

/// The tally's storage, kept by the `Memory` from one query to the next (`scratch`): the
/// array over every side id is 8 MB at 1M pairs, and allocating it zeroed for each query
/// that turns dense cost a memset or fresh pages to fault in each time. Between tallies
/// every slot is zero but those listed in `seen`, which [`Tally::new`] resets (a sparse
/// reset: the work is the previous tally's, not the memory's size).
#[derive(Default)]
pub(crate) struct TallyBufs {
    map: IdMap<Cand>,
    /// [len, hits] by side id (a slot with hits 0 is unused).
    slots: Vec<[u16; 2]>,
    /// The sides whose slot may be non-zero, in the order first seen.
    seen: Vec<u32>,
}

impl TallyBufs {
    /// Zeroes the slots the last tally used and empties the map (their memory is kept).
    fn reset(&mut self) {
        for &s in &self.seen {
            self.slots[s as usize] = [0; 2];
        }
        self.seen.clear();
        self.map.clear();
    }
}

/// The tally over one query's lists, in `bufs`: a hash map (sparse) or an array by side id
/// (dense).
pub(crate) struct Tally<'s> {
    bufs: &'s mut TallyBufs,
    dense: bool,
    /// Sides in the memory (largest side id + 1): the array's size.
    sides: usize,
}

impl<'s> Tally<'s> {
    /// An empty tally for a memory whose side ids are below `sides`, in `bufs` (whatever
    /// an earlier tally left there is cleared first).
    pub fn new(sides: usize, bufs: &'s mut TallyBufs) -> Tally<'s> {
        bufs.reset();
        Tally {
            bufs,
            dense: false,
            sides,
        }
    }

    /// Candidates held (a dense tally's count includes those dropped since the last
    /// [`Tally::retain`]).
    pub fn len(&self) -> usize {
        if self.dense {
            self.bufs.seen.len()
        } else {
            self.bufs.map.len()
        }
    }

    /// Whether the tally is an array (it holds a large share of the memory's sides).
    pub fn is_dense(&self) -> bool {
        self.dense
    }

    /// Adds `count` hits to each side of `entries` whose length `keep` accepts, making it a
    /// candidate (of the entry's length) if it was not. A whole chunk at a time, so the
    /// tally's form is matched once per chunk and each form's loop stays tight.
    #[inline]
    pub fn add_chunk(&mut self, entries: &[PrefixEntry], count: u16, keep: impl Fn(u16) -> bool) {
        let TallyBufs { map, slots, seen } = &mut *self.bufs;
        if !self.dense {
            for e in entries.iter().filter(|e| keep(e.len)) {
                let c = map.entry(e.side).or_insert(Cand {
                    len: e.len,
                    hits: 0,
                });
                c.hits = c.hits.saturating_add(count);
            }
            return;
        }
        for (i, e) in entries.iter().enumerate() {
            if let Some(next) = entries.get(i + FETCH_AHEAD) {
                prefetch::element(slots, next.side as usize);
            }
            if !keep(e.len) {
                continue;
            }
            let s = e.side as usize;
            if s >= slots.len() {
                slots.resize(s + 1, [0; 2]);
            }
            let [len, hits] = &mut slots[s];
            if *hits == 0 {
                seen.push(e.side);
                *len = e.len;
            }
            *hits = hits.saturating_add(count).max(1);
        }
    }

    /// Adds `count` hits to each side of `entries` that is a candidate already, calling
    /// `moved` with its tally before, which says whether it stays a candidate: one that
    /// does not is dropped (no side may be added after a drop: see [`Tally::retain`]).
    #[inline]
    pub fn bump_chunk(
        &mut self,
        entries: &[PrefixEntry],
        count: u16,
        mut moved: impl FnMut(Cand) -> bool,
    ) {
        let TallyBufs { map, slots, .. } = &mut *self.bufs;
        if !self.dense {
            for e in entries {
                if let Some(c) = map.get_mut(&e.side) {
                    if moved(*c) {
                        c.hits = c.hits.saturating_add(count);
                    } else {
                        map.remove(&e.side);
                    }
                }
            }
            return;
        }
        for (i, e) in entries.iter().enumerate() {
            if let Some(next) = entries.get(i + FETCH_AHEAD) {
                prefetch::element(slots, next.side as usize);
            }
            if let Some([len, hits]) = slots.get_mut(e.side as usize).filter(|c| c[1] > 0) {
                let stays = moved(Cand {
                    len: *len,
                    hits: *hits,
                });
                // A dropped side's slot reads as unused; `seen` keeps it, and `for_each`
                // skips it.
                *hits = if stays { hits.saturating_add(count) } else { 0 };
            }
        }
    }

    /// Keeps only the candidates `keep` accepts. After it (or a drop by
    /// [`Tally::bump_chunk`]) no side may be added: a dropped side's slot reads as unused,
    /// and adding it again would list it twice. Dropping candidates that can no longer reach
    /// the bar spares them the bumps of the lists still to read (in boilerplate most
    /// candidates are such) and the final pass.
    pub fn retain(&mut self, mut keep: impl FnMut(Cand) -> bool) {
        let TallyBufs { map, slots, seen } = &mut *self.bufs;
        if !self.dense {
            map.retain(|_, c| keep(*c));
            return;
        }
        seen.retain(|&s| {
            let slot = &mut slots[s as usize];
            let [len, hits] = *slot;
            let stays = hits > 0 && keep(Cand { len, hits });
            if !stays {
                // Zeroed whole: leaving `seen`, it must read as never used.
                *slot = [0; 2];
            }
            stays
        })
    }

    /// Turns dense if the tally has grown past one side in [`DENSE_EVERY`].
    pub fn settle(&mut self) {
        self.expect(0);
    }

    /// Turns dense now if `more` new sides (a list's length, before it is read) would take
    /// the tally past one side in [`DENSE_EVERY`]: a long first list then fills the array
    /// directly instead of hundreds of thousands of map inserts copied over afterwards.
    pub fn expect(&mut self, more: usize) {
        let TallyBufs { map, slots, seen } = &mut *self.bufs;
        if self.dense || map.len().saturating_add(more).saturating_mul(DENSE_EVERY) <= self.sides {
            return;
        }
        // Zero already but for `seen` (none now): only a memory larger than any before
        // grows the array, once.
        if slots.len() < self.sides {
            slots.resize(self.sides, [0; 2]);
        }
        // Room for the expected list at once, rather than doubling all through it.
        seen.reserve(map.len().saturating_add(more).min(self.sides));
        for (&side, c) in map.iter() {
            let s = side as usize;
            if s >= slots.len() {
                slots.resize(s + 1, [0; 2]);
            }
            seen.push(side);
            slots[s] = [c.len, c.hits];
        }
        map.clear();
        self.dense = true;
    }

    /// Every candidate with its tally.
    pub fn for_each(&self, mut f: impl FnMut(u32, Cand)) {
        let TallyBufs { map, slots, seen } = &*self.bufs;
        if !self.dense {
            map.iter().for_each(|(&side, &c)| f(side, c));
            return;
        }
        seen.iter().for_each(|&s| {
            let [len, hits] = slots[s as usize];
            if hits > 0 {
                f(s, Cand { len, hits })
            }
        })
    }
}

/// The candidates that can still reach a fixed bar by the count filter, as a histogram of
/// how many shared tokens each still lacks.
///
/// A side of m tokens reaches the bar only if it shares at least `need(m)` = max(n, m) −
/// D(n, m) tokens with the query (D = `Bar::max_distance`; field-notes §3, count filter).
/// A candidate known to share `have` tokens through the lists read, with `unread` query
/// occurrences whose list was not read, can do so while `need(m) − have ≤ unread`. Reading
/// a list of a token with c occurrences lowers `unread` by c and a holder's lack by at most
/// c, so a candidate that falls out never comes back: the live count is a prefix sum of the
/// histogram, O(n) per list instead of a pass over every candidate.
pub(crate) struct Lacking {
    /// Least shared tokens by side length, for the lengths passing the length filter
    /// (`lo..lo + need.len()`).
    lo: usize,
    need: Vec<u32>,
    /// Candidates by the tokens they still lack.
    hist: Vec<u32>,
}

impl Lacking {
    /// An empty histogram for a query of `n` tokens and bar `bar`.
    pub fn new(n: usize, bar: Bar) -> Lacking {
        let cuts = bar.cuts(n);
        let mut lo = 0;
        while lo <= n && cuts.get(lo).is_none() {
            lo += 1;
        }
        let mut need = Vec::new();
        while let Some(d) = cuts.get(lo + need.len()) {
            let m = lo + need.len();
            need.push((n.max(m) - d.min(n.max(m))) as u32);
        }
        let top = need.iter().copied().max().unwrap_or(0) as usize;
        Lacking {
            lo,
            need,
            hist: vec![0; top + 1],
        }
    }

    /// What a side of `len` tokens (`u16::MAX`: at least that many, never bounded) sharing
    /// `have` tokens still lacks; `None` when its length alone keeps it from the bar.
    #[inline]
    pub fn lack(&self, len: u16, have: usize) -> Option<usize> {
        if len == u16::MAX {
            return Some(0);
        }
        let need = *self.need.get(usize::from(len).wrapping_sub(self.lo))?;
        Some((need as usize).saturating_sub(have))
    }

    /// Counts a candidate of `len` tokens sharing `have`.
    #[inline]
    pub fn add(&mut self, len: u16, have: usize) {
        if let Some(k) = self.lack(len, have) {
            self.hist[k] += 1;
        }
    }

    /// A counted candidate of `len` tokens now shares `now` tokens instead of `was`; what
    /// it now lacks ([`Lacking::lack`]).
    #[inline]
    pub fn moved(&mut self, len: u16, was: usize, now: usize) -> Option<usize> {
        // One look-up of the need for both (a side of u16::MAX tokens lacks 0 either way).
        if len == u16::MAX {
            return Some(0);
        }
        let need = *self.need.get(usize::from(len).wrapping_sub(self.lo))? as usize;
        let (a, b) = (need.saturating_sub(was), need.saturating_sub(now));
        if a != b {
            self.hist[a] -= 1;
            self.hist[b] += 1;
        }
        Some(b)
    }

    /// Whether a candidate of `len` tokens sharing `have` can still reach the bar.
    #[cfg(test)]
    pub fn can_reach(&self, len: u16, have: usize, unread: usize) -> bool {
        self.lack(len, have).is_some_and(|k| k <= unread)
    }

    /// The counted candidates that can still reach the bar with `unread` occurrences unread.
    pub fn live(&self, unread: usize) -> usize {
        let end = (unread + 1).min(self.hist.len());
        self.hist[..end].iter().map(|&c| c as usize).sum()
    }
}

#[cfg(test)]
mod tests;
