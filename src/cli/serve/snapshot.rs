//! One read transaction per lookup.
//!
//! A lookup runs a few hundred SQLite statements (posting lists, the tokens of every
//! candidate it verifies, the units it ranks). Outside a transaction each statement is a
//! transaction of its own: SQLite takes and drops the file's shared lock (two `fcntl` calls)
//! and checks the file (`fstat`) every time. On the 1M-pair bench memory that was ~630
//! `fcntl` and ~315 `fstat` calls per amaGama lookup, about 45 % of the server's CPU time per
//! request (`examples/serve_profile.rs --no-snapshot`). Inside one deferred transaction the
//! lock is taken once, at the first read, and the lookup reads one consistent snapshot: every
//! write committed before the request is still seen.

use rusqlite::Connection;

use super::handler::Failure;

/// Runs `read` inside one read transaction on `conn` (only statements that read: a write in
/// it could fail with `SQLITE_BUSY_SNAPSHOT` once another writer committed).
pub fn read<T>(conn: &Connection, read: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    if !conn.is_autocommit() {
        // Already inside a transaction (nothing here opens one around a route): its snapshot
        // is the one to read.
        return read();
    }
    conn.execute_batch("BEGIN DEFERRED")
        .map_err(tarjama::Error::from)?;
    let guard = Ended(conn);
    let value = read()?;
    drop(guard);
    Ok(value)
}

/// Ends the transaction however `read` returns (an error, a panic caught by the HTTP layer),
/// so the connection goes back to the pool without a snapshot held open.
struct Ended<'c>(&'c Connection);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        end(self.0);
    }
}

/// Ends any transaction left open on `conn`: a read, or a write whose handler failed or
/// panicked before committing it (so nothing committed is lost).
pub fn end(conn: &Connection) {
    if !conn.is_autocommit() {
        // Nothing useful can be done if even ROLLBACK fails; the next BEGIN will say so.
        let _ = conn.execute_batch("ROLLBACK");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_memory() -> (tempfile::TempDir, tarjama::memory::Memory) {
        let dir = tempfile::tempdir().unwrap();
        let m = tarjama::memory::Memory::open_or_create(&dir.path().join("tm.db")).unwrap();
        (dir, m)
    }

    #[test]
    fn the_transaction_is_open_during_the_read_and_closed_after() {
        let (_dir, m) = file_memory();
        let conn = m.conn();
        let inside = read(conn, || Ok(conn.is_autocommit())).unwrap();
        assert!(!inside);
        assert!(conn.is_autocommit());
    }

    #[test]
    fn an_error_or_a_panic_closes_the_transaction() {
        let (_dir, m) = file_memory();
        let conn = m.conn();
        let failed: Result<(), Failure> = read(conn, || Err(Failure(500, "no".into())));
        assert_eq!(failed.unwrap_err().0, 500);
        assert!(conn.is_autocommit());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read(conn, || -> Result<(), Failure> { panic!("handler bug") })
        }));
        assert!(panicked.is_err());
        assert!(conn.is_autocommit());
    }
}
