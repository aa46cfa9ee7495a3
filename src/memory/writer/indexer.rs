//! The index entries of the sides a writer stores: gathered per batch as [`SideJobs`] and
//! added to the pending lists (`index::PendingPostings`) either on the writer's thread or,
//! for an import, on a thread of their own ([`Indexer::elsewhere`]).
//!
//! Why a thread: adding a side's entries is one append to each of its tokens' pending lists,
//! which at scale are spread over gigabytes, so almost every append misses the caches. At 10M
//! short pairs that was a fifth of the import's storing thread, the thread every other one
//! waits for (perf, `docs/speed-log.md`, round `indexer`). The storing thread now only writes down what
//! each side needs (its id, language, hash, distinct tokens and, for a long side, its tokens'
//! order keys) and hands over the jobs of every 1,024 sides; the lists come out entry for
//! entry as before, since one thread applies the jobs in the order they were stored and a flush — which needs the
//! transaction, so stays on the writer's thread — first waits for every batch handed over.
//! What it bought (`docs/speed-log.md`, round `indexer`): short imports 8 % faster at 200k and 1M pairs;
//! at 10M and on long units, where both cores were already full, nothing measurable.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::memory::hashes;
use crate::memory::index::{Entry, PendingPostings};
use crate::memory::prefix;

/// What one stored side adds to the index.
struct SideJob {
    side: u32,
    lid: i64,
    hash: i64,
    len: u16,
    /// End of its distinct token ids in `SideJobs::tokens` (they start where the previous
    /// side's end).
    tokens_end: usize,
    /// End of its (order key, token id) in `SideJobs::ranked` (long sides only: the others
    /// have no prefix entries).
    ranked_end: usize,
}

/// The index work of the sides of one batch, in the order they were stored.
#[derive(Default)]
pub(super) struct SideJobs {
    sides: Vec<SideJob>,
    tokens: Vec<u32>,
    ranked: Vec<(i64, u32)>,
}

impl SideJobs {
    /// Records side `side` (language `lid`, text hash `hash`, `len` key tokens): its full
    /// lists are `distinct`'s tokens, its prefix entries come from `ranked` (its tokens'
    /// order keys and ids, empty for a side too short to have any: `prefix::add_side`).
    pub fn push(
        &mut self,
        side: u32,
        lid: i64,
        hash: i64,
        len: u16,
        distinct: impl IntoIterator<Item = u32>,
        ranked: impl IntoIterator<Item = (i64, u32)>,
    ) {
        self.tokens.extend(distinct);
        self.ranked.extend(ranked);
        self.sides.push(SideJob {
            side,
            lid,
            hash,
            len,
            tokens_end: self.tokens.len(),
            ranked_end: self.ranked.len(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.sides.is_empty()
    }

    /// Sides recorded.
    pub fn sides(&self) -> usize {
        self.sides.len()
    }

    /// Adds every side's entries to `pending`, side after side, and empties the jobs.
    fn apply(&mut self, pending: &mut PendingPostings) {
        let (mut tokens_at, mut ranked_at) = (0, 0);
        for job in &self.sides {
            let entry = Entry {
                side: job.side,
                len: job.len,
            };
            hashes::add(pending, job.hash, job.side);
            prefix::add_ranked_side(
                pending,
                job.lid,
                job.side,
                &mut self.ranked[ranked_at..job.ranked_end],
            );
            for &token in &self.tokens[tokens_at..job.tokens_end] {
                pending.add(job.lid, token, entry);
            }
            (tokens_at, ranked_at) = (job.tokens_end, job.ranked_end);
        }
        self.sides.clear();
        self.tokens.clear();
        self.ranked.clear();
    }
}

/// Where the entries go: the pending lists, here or on the indexing thread.
pub(super) enum Indexer {
    Here(PendingPostings),
    Elsewhere(IndexThread),
}

impl Default for Indexer {
    fn default() -> Indexer {
        Indexer::Here(PendingPostings::default())
    }
}

/// The indexing thread of one writer: it owns the pending lists between flushes (behind
/// the mutex the flush takes them through) and applies the batches sent in order.
pub(super) struct IndexThread {
    send: Option<SyncSender<Message>>,
    /// Emptied job buffers coming back, for the next batches.
    spent: Receiver<SideJobs>,
    pending: Arc<Mutex<PendingPostings>>,
    /// The pending lists' size after the last batch applied (for the mid-transaction flush).
    bytes: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

enum Message {
    Jobs(SideJobs),
    /// Answer once every batch sent before is applied.
    Sync(SyncSender<()>),
}

/// Job buffers handed over and not yet applied, at most: the storing thread waits beyond.
const QUEUE: usize = 4;

fn stopped() -> Error {
    Error::Invalid("the indexing thread stopped".into())
}

impl Indexer {
    /// Moves the pending lists to a thread of their own (an import's: see the module doc).
    /// Does nothing if they are there already, or if the thread cannot be started.
    pub fn elsewhere(&mut self) {
        self.start(Duration::ZERO);
    }

    /// [`Indexer::elsewhere`], the thread waiting `delay` before it applies each batch (a
    /// slow thread, for the tests of what waits for it).
    fn start(&mut self, delay: Duration) {
        let Indexer::Here(pending) = self else {
            return;
        };
        let pending = Arc::new(Mutex::new(std::mem::take(pending)));
        let bytes = Arc::new(AtomicUsize::new(0));
        let (send, receive) = sync_channel::<Message>(QUEUE);
        let (give_back, spent) = sync_channel::<SideJobs>(QUEUE);
        let (lists, size) = (Arc::clone(&pending), Arc::clone(&bytes));
        let started = std::thread::Builder::new()
            .name("tarjama-index".into())
            .spawn(move || {
                for message in receive {
                    match message {
                        Message::Jobs(mut jobs) => {
                            if !delay.is_zero() {
                                std::thread::sleep(delay);
                            }
                            let Ok(mut pending) = lists.lock() else {
                                return;
                            };
                            jobs.apply(&mut pending);
                            size.store(pending.bytes(), Ordering::Relaxed);
                            drop(pending);
                            let _ = give_back.try_send(jobs);
                        }
                        Message::Sync(answer) => {
                            let _ = answer.send(());
                        }
                    }
                }
            });
        let Ok(thread) = started else {
            // No thread: the lists stay here (the work is the same, on this thread).
            let pending = Arc::try_unwrap(pending)
                .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
                .unwrap_or_default();
            *self = Indexer::Here(pending);
            return;
        };
        *self = Indexer::Elsewhere(IndexThread {
            send: Some(send),
            spent,
            pending,
            bytes,
            thread: Some(thread),
        });
    }

    /// Hands `jobs` over (here: applies them), leaving `jobs` empty for the next batch.
    pub fn take(&mut self, jobs: &mut SideJobs) -> Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        match self {
            Indexer::Here(pending) => {
                jobs.apply(pending);
                Ok(())
            }
            Indexer::Elsewhere(t) => {
                let fresh = t.spent.try_recv().unwrap_or_default();
                let full = std::mem::replace(jobs, fresh);
                let send = t.send.as_ref().ok_or_else(stopped)?;
                send.send(Message::Jobs(full)).map_err(|_| stopped())
            }
        }
    }

    /// The pending lists' size in bytes (on the thread: after the last batch it applied).
    pub fn bytes(&self) -> usize {
        match self {
            Indexer::Here(pending) => pending.bytes(),
            Indexer::Elsewhere(t) => t.bytes.load(Ordering::Relaxed),
        }
    }

    /// Writes the pending lists to disk (`PendingPostings::flush`) once every batch handed
    /// over is in them.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        match self {
            Indexer::Here(pending) => pending.flush(conn),
            Indexer::Elsewhere(t) => {
                t.sync()?;
                let mut pending = t.pending.lock().map_err(|_| stopped())?;
                let flushed = pending.flush(conn);
                t.bytes.store(pending.bytes(), Ordering::Relaxed);
                flushed
            }
        }
    }
}

impl IndexThread {
    /// Returns once every batch sent before is applied.
    fn sync(&self) -> Result<()> {
        let (answer, answered) = sync_channel(1);
        let send = self.send.as_ref().ok_or_else(stopped)?;
        send.send(Message::Sync(answer)).map_err(|_| stopped())?;
        answered.recv().map_err(|_| stopped())
    }
}

impl Drop for IndexThread {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has applied what it was sent.
        self.send = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::index::PrefixEntry;
    use crate::memory::lists::tests::all_entries;
    use crate::memory::Memory;

    /// Sides of a few shapes: short and long (prefix entries), repeated tokens, two
    /// languages, and enough of them to fill several batches.
    fn jobs_of(batch: usize, sides: std::ops::Range<u32>) -> SideJobs {
        let mut jobs = SideJobs::default();
        for side in sides {
            let len = 3 + (side as usize * 7 + batch) % 60;
            let ids: Vec<u32> = (0..len as u32).map(|k| (k * 5 + side) % 97).collect();
            let mut distinct = ids.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let ranked: Vec<(i64, u32)> = if len >= prefix::SIDE_MIN_TOKENS {
                ids.iter().map(|&id| (-i64::from(id), id)).collect()
            } else {
                Vec::new()
            };
            let lid = 1 + i64::from(side % 2);
            let hash = i64::from(side).wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as i64);
            jobs.push(side, lid, hash, len as u16, distinct, ranked);
        }
        jobs
    }

    /// Hands `batches` batches of `size` sides each (side ids from 0) to `indexer`.
    fn hand_over(indexer: &mut Indexer, batches: usize, size: u32) {
        for batch in 0..batches {
            let first = batch as u32 * size;
            let mut jobs = jobs_of(batch, first..first + size);
            indexer.take(&mut jobs).unwrap();
            assert!(jobs.is_empty());
        }
    }

    fn lists_written(elsewhere: bool, flush_every: Option<usize>) -> Vec<(i64, PrefixEntry)> {
        let m = Memory::in_memory().unwrap();
        let conn = m.conn();
        let mut indexer = Indexer::default();
        if elsewhere {
            indexer.elsewhere();
            assert!(matches!(indexer, Indexer::Elsewhere(_)));
        }
        for batch in 0..12 {
            let first = batch as u32 * 50;
            let mut jobs = jobs_of(batch, first..first + 50);
            indexer.take(&mut jobs).unwrap();
            assert!(jobs.is_empty());
            if flush_every.is_some_and(|k| batch % k == k - 1) {
                indexer.flush(conn).unwrap();
            }
        }
        indexer.flush(conn).unwrap();
        assert_eq!(indexer.bytes(), 0);
        drop(indexer);
        let mut entries = all_entries(&m);
        entries.sort_by_key(|(term, e)| (*term, e.side, e.len, e.pos));
        entries
    }

    #[test]
    fn the_thread_writes_the_lists_the_writers_thread_writes() {
        let here = lists_written(false, None);
        assert!(here.len() > 5_000, "{}", here.len());
        assert!(
            here.iter().any(|(_, e)| e.pos > 0),
            "prefix entries written"
        );
        assert_eq!(lists_written(true, None), here);
        // However the flushes fall between the batches.
        assert_eq!(lists_written(true, Some(3)), here);
        assert_eq!(lists_written(false, Some(5)), here);
    }

    #[test]
    fn a_flush_waits_for_every_batch_handed_over() {
        let m = Memory::in_memory().unwrap();
        let mut indexer = Indexer::default();
        // A thread slower than the flush that follows: without the wait, the flush would
        // write nothing and the entries would stay pending.
        indexer.start(Duration::from_millis(150));
        hand_over(&mut indexer, 2, 200);
        indexer.flush(m.conn()).unwrap();
        assert_eq!(indexer.bytes(), 0);
        let sides: std::collections::BTreeSet<u32> =
            all_entries(&m).into_iter().map(|(_, e)| e.side).collect();
        assert_eq!(sides.len(), 400);
    }

    #[test]
    fn a_writer_dropped_with_batches_in_flight_ends_its_thread() {
        let mut indexer = Indexer::default();
        indexer.start(Duration::from_millis(20));
        hand_over(&mut indexer, 6, 100);
        let Indexer::Elsewhere(thread) = &indexer else {
            panic!("no thread");
        };
        let pending = Arc::clone(&thread.pending);
        drop(indexer);
        // The thread applied every batch sent and let go of the lists.
        assert_eq!(Arc::strong_count(&pending), 1);
        let mut here = Indexer::default();
        hand_over(&mut here, 6, 100);
        assert_eq!(pending.lock().unwrap().bytes(), here.bytes());
    }
}
