//! Two processes writing one memory: the second waits for the first instead of failing with
//! SQLite's "database is locked". Writers take the write lock when their transaction begins
//! (`BEGIN IMMEDIATE`), so a waiting writer never works on a stale snapshot and no write is
//! lost; readers are never blocked (WAL), except by the commit of an import that builds a
//! memory holding no unit yet (`bulk`: that file has a rollback journal meanwhile).
//!
//! While it waits, the memory calls the notice hook once after [`NOTICE_AFTER`] (the CLI
//! prints "waiting for another writer…"; the library prints nothing); after the wait limit
//! ([`DEFAULT_WAIT`] unless the caller set another) the operation fails with
//! [`crate::Error::Busy`], having written nothing.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a writer waits for another by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);
/// When the notice hook is called.
pub const NOTICE_AFTER: Duration = Duration::from_secs(1);
/// How long one sleep between two attempts lasts.
const STEP: Duration = Duration::from_millis(10);

static WAIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_WAIT.as_millis() as u64);
static NOTICE: OnceLock<fn()> = OnceLock::new();

thread_local! {
    static WAIT_STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Sets how long every memory opened by this process waits for another writer.
pub fn set_wait_limit(limit: Duration) {
    WAIT_MS.store(limit.as_millis() as u64, Ordering::Relaxed);
}

/// The wait limit in force.
pub fn wait_limit() -> Duration {
    Duration::from_millis(WAIT_MS.load(Ordering::Relaxed))
}

/// Registers the function called once per wait that lasts longer than [`NOTICE_AFTER`].
pub fn on_long_wait(notice: fn()) {
    let _ = NOTICE.set(notice);
}

/// SQLite's busy handler: `attempt` counts the calls for one lock wait, from 0. Returns
/// whether to try again.
pub(crate) fn handler(attempt: i32) -> bool {
    let now = Instant::now();
    let started = WAIT_STARTED.with(|s| {
        if attempt == 0 || s.get().is_none() {
            s.set(Some(now));
        }
        s.get().unwrap_or(now)
    });
    let waited = now - started;
    if waited >= wait_limit() {
        return false;
    }
    let before = waited;
    std::thread::sleep(STEP);
    let after = Instant::now() - started;
    if before < NOTICE_AFTER && after >= NOTICE_AFTER {
        if let Some(notice) = NOTICE.get() {
            notice();
        }
    }
    true
}
