//! Counts of the work fuzzy searches did (posting lists and entries read, candidates
//! verified, word operations of the distance computations), process-wide. Wall-clock time
//! on a shared machine is noisy; these counts are deterministic, so the benchmark prints them
//! to compare one version of the search with another.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

static LISTS: AtomicU64 = AtomicU64::new(0);
static POSTINGS: AtomicU64 = AtomicU64::new(0);
static CANDIDATES: AtomicU64 = AtomicU64::new(0);
static VERIFIED: AtomicU64 = AtomicU64::new(0);
static WORD_OPS: AtomicU64 = AtomicU64::new(0);
static HITS: AtomicU64 = AtomicU64::new(0);
static STALLED: AtomicU64 = AtomicU64::new(0);

/// A snapshot of the counters (subtract two to get the work between them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchWork {
    /// Posting lists read.
    pub lists: u64,
    /// Posting entries read.
    pub postings: u64,
    /// Sides that passed the filters and were queued for verification.
    pub candidates: u64,
    /// Sides whose tokens were read and whose distance was computed.
    pub verified: u64,
    /// Word operations of the bit-parallel distance (columns × 64-token blocks).
    pub word_ops: u64,
    /// Hits handed to ranking: the best `top` scores and every hit tied with the k-th
    /// (each is loaded and compared character by character there).
    pub hits: u64,
    /// Count-filter passes stopped because their candidates had stopped falling out
    /// (`probe::Stall`).
    pub stalled: u64,
}

impl SearchWork {
    pub fn now() -> SearchWork {
        SearchWork {
            lists: LISTS.load(Relaxed),
            postings: POSTINGS.load(Relaxed),
            candidates: CANDIDATES.load(Relaxed),
            verified: VERIFIED.load(Relaxed),
            word_ops: WORD_OPS.load(Relaxed),
            hits: HITS.load(Relaxed),
            stalled: STALLED.load(Relaxed),
        }
    }

    /// The work done since `earlier`.
    pub fn since(self, earlier: SearchWork) -> SearchWork {
        SearchWork {
            lists: self.lists - earlier.lists,
            postings: self.postings - earlier.postings,
            candidates: self.candidates - earlier.candidates,
            verified: self.verified - earlier.verified,
            word_ops: self.word_ops - earlier.word_ops,
            hits: self.hits - earlier.hits,
            stalled: self.stalled - earlier.stalled,
        }
    }
}

pub(crate) fn list_read(entries: u64) {
    LISTS.fetch_add(1, Relaxed);
    POSTINGS.fetch_add(entries, Relaxed);
}

pub(crate) fn candidates(count: u64) {
    CANDIDATES.fetch_add(count, Relaxed);
}

pub(crate) fn verified(word_ops: u64) {
    VERIFIED.fetch_add(1, Relaxed);
    WORD_OPS.fetch_add(word_ops, Relaxed);
}

pub(crate) fn stalled() {
    STALLED.fetch_add(1, Relaxed);
}

pub(crate) fn hits(count: u64) {
    HITS.fetch_add(count, Relaxed);
}
