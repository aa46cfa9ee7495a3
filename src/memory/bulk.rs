//! Building a memory that holds no unit yet: the import writes it through a rollback journal
//! instead of the write-ahead log, so every page is written once (into the file) instead of
//! twice (into the log at commit, then into the file by the checkpoint).
//!
//! Why this stays one transaction that a crash undoes: SQLite journals only the pages that
//! existed before the transaction (a few: the empty tables' roots, the counters); the pages
//! the import appends lie past the file's original end and are cut off again when a hot
//! journal is rolled back, by whoever opens the file next. So a killed import leaves the
//! memory as it was, as in WAL mode, and the journal costs next to nothing.
//!
//! Who else may use the file meanwhile: leaving WAL mode needs this connection to be the
//! only one open on the file, so a memory a server (or anyone) holds open keeps the usual
//! WAL import. A process that opens the file during the import can read it until the
//! import's commit (or a spill of its page cache) takes the exclusive lock; a writer waits
//! for the import as it would in WAL mode (`busy`). When the import ends, whether it
//! committed or not, the file goes back to WAL mode; should that fail (someone is reading at
//! that very moment), the next open switches it (`store::configure`), and connections
//! already open follow the file's mode on their own.

use super::store::Memory;
use crate::error::Result;

/// The journal a memory was put in for an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Journal {
    /// The usual write-ahead log: nothing to undo afterwards.
    Wal,
    /// A rollback journal, for building a memory with no unit (see the module docs).
    Rollback,
}

impl Memory {
    /// Puts a memory that holds no unit, and that no other connection has open, in rollback
    /// journal mode for an import; any other memory stays in WAL mode. Call
    /// [`Memory::end_bulk`] with the answer once the import's writer is gone.
    pub fn begin_bulk(&mut self) -> Result<Journal> {
        if self.path().is_none() {
            return Ok(Journal::Wal);
        }
        let conn = self.conn();
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))?;
        if !empty {
            return Ok(Journal::Wal);
        }
        // Another connection on the file makes the switch fail at once (no wait): that
        // memory is in use, and keeps the write-ahead log its readers rely on.
        conn.busy_handler(None)?;
        let mode = conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0));
        conn.busy_handler(Some(super::busy::handler))?;
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => {
                // FULL: in rollback mode NORMAL may skip the journal's sync that makes it
                // hot before the file is written; two more syncs per import.
                conn.pragma_update(None, "synchronous", "FULL")?;
                Ok(Journal::Rollback)
            }
            // Busy (another connection), or any other refusal: the import goes the usual
            // way, and meets any real trouble with the file there, with its usual error.
            _ => Ok(Journal::Wal),
        }
    }

    /// Switches SQLite's foreign key checks off for an import (outside its transaction,
    /// where the switch takes effect); returns whether they were on, for
    /// [`Memory::end_unchecked`]. The only references an import writes are a unit's two
    /// language ids, and its writer creates a language's row before any unit names it; the
    /// check cost two lookups in `langs` per unit, and the statement journal SQLite keeps
    /// for a statement that may fail a check after writing rows (`rows_insert`).
    pub fn begin_unchecked(&mut self) -> Result<bool> {
        let conn = self.conn();
        let on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if on {
            conn.pragma_update(None, "foreign_keys", false)?;
        }
        Ok(on)
    }

    /// Switches the foreign key checks back on if [`Memory::begin_unchecked`] found them
    /// on (once the import's transaction is over).
    pub fn end_unchecked(&mut self, was_on: bool) {
        if was_on {
            let _ = self.conn().pragma_update(None, "foreign_keys", true);
        }
    }

    /// Puts the memory back in WAL mode after an import begun with [`Memory::begin_bulk`].
    /// A failure is not an error: the next open of the file switches it (module docs).
    pub fn end_bulk(&mut self, journal: Journal) {
        if journal == Journal::Wal {
            return;
        }
        let conn = self.conn();
        let _ = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0));
        let _ = conn.pragma_update(None, "synchronous", "NORMAL");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, UnitRecord};

    fn journal_mode(memory: &Memory) -> String {
        memory
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    fn add(memory: &mut Memory, ar: &str, en: &str) {
        let mut writer = memory.writer().unwrap();
        writer
            .add(&UnitRecord::new(Side::new("ar", ar), Side::new("en", en)))
            .unwrap();
        writer.commit().unwrap();
    }

    #[test]
    fn an_empty_memory_alone_on_its_file_is_built_with_a_rollback_journal_then_back_to_wal() {
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open_or_create(&dir.path().join("tm.db")).unwrap();
        assert_eq!(journal_mode(&memory), "wal");
        let journal = memory.begin_bulk().unwrap();
        assert_eq!(journal, Journal::Rollback);
        assert_eq!(journal_mode(&memory), "delete");
        add(&mut memory, "مرحبا", "Hello");
        memory.end_bulk(journal);
        assert_eq!(journal_mode(&memory), "wal");
        let other = Memory::open_existing(&dir.path().join("tm.db")).unwrap();
        let count: i64 = other
            .conn()
            .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn a_memory_with_units_or_open_elsewhere_or_in_ram_keeps_the_write_ahead_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut memory = Memory::open_or_create(&path).unwrap();
        // Another connection on the (empty) file: a server, say.
        let other = Memory::open_existing(&path).unwrap();
        assert_eq!(memory.begin_bulk().unwrap(), Journal::Wal);
        assert_eq!(journal_mode(&memory), "wal");
        add(&mut memory, "مرحبا", "Hello");
        drop(other);
        // Units already there: their readers must never wait.
        assert_eq!(memory.begin_bulk().unwrap(), Journal::Wal);
        assert_eq!(journal_mode(&memory), "wal");
        let mut in_ram = Memory::in_memory().unwrap();
        assert_eq!(in_ram.begin_bulk().unwrap(), Journal::Wal);
    }

    #[test]
    fn a_process_opening_the_file_during_the_build_reads_it_and_is_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut memory = Memory::open_or_create(&path).unwrap();
        let journal = memory.begin_bulk().unwrap();
        assert_eq!(journal, Journal::Rollback);
        let mut writer = memory.writer().unwrap();
        writer
            .add(&UnitRecord::new(
                Side::new("ar", "مرحبا"),
                Side::new("en", "Hello"),
            ))
            .unwrap();
        // It cannot switch the file to WAL while the import holds it, and goes on.
        let reader = Memory::open_existing(&path).unwrap();
        let count = |m: &Memory| -> i64 {
            m.conn()
                .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&reader), 0);
        writer.commit().unwrap();
        memory.end_bulk(journal);
        assert_eq!(journal_mode(&memory), "wal");
        assert_eq!(count(&reader), 1);
        assert_eq!(journal_mode(&reader), "wal");
    }
}
