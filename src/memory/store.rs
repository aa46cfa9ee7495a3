//! `Memory`: opening, creating and checking the SQLite file, and the connection settings
//! (WAL except while an import builds a fresh memory, see `bulk`; synchronous=NORMAL, a page cache of up to 1 GiB so that a bulk import rarely spills
//! dirty pages mid-transaction, memory-mapped reads — or, for a process that makes one
//! lookup and exits, [`Reads::Few`]: no map and a small cache).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};

use super::schema;
use super::scratch::Scratch;
use super::side_tokens::SideTokens;
use super::writer::Writer;
use crate::error::{Error, Result};

/// How the process that opens a memory will read it, which decides how pages come in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reads {
    /// Many lookups (server, import, files of sentences): the file is memory-mapped and
    /// the page cache may grow to 1 GiB, so a page read once costs nothing the next time.
    #[default]
    Many,
    /// A few lookups, then the process exits (`tarjama suggest` of one sentence): pages are
    /// read with `pread` into a small page cache that is reused. Mapping a page costs a
    /// fault and, at exit, its unmapping, and fresh memory for a large cache costs a fault
    /// per page too; a lookup touches a few hundred pages once each, so copying them into
    /// the same few buffers is cheaper (`docs/speed-log.md`, "Where the targets stand": cold `suggest`).
    Few,
}

/// Pages kept by a [`Reads::Few`] connection (8 KiB each): room for the roots and upper
/// pages of the b-trees a lookup returns to, not for the leaves it reads once; each page more
/// is fresh memory to fault in (32 against 100 and 10: cold-process median 12.3 against 13.2
/// and 11.1 ms CPU on 21 English NTREX paragraphs, after 30 ≈ 100 on the bench's Arabic ones).
const FEW_READS_CACHE_PAGES: i64 = 32;

/// A translation memory: one SQLite file holding units, the fuzzy index and the glossary.
pub struct Memory {
    conn: Connection,
    path: Option<PathBuf>,
    /// The buffers a search reuses from one query to the next (`scratch`).
    scratch: RefCell<Scratch>,
    /// The last counts [`Memory::stats`] took, for as long as the memory has not changed.
    pub(super) stats_cache: RefCell<Option<super::stats::CachedStats>>,
}

impl Memory {
    /// Opens the memory at `path`, creating the file (and its parent directory) when missing.
    pub fn open_or_create(path: &Path) -> Result<Memory> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        Self::open_with(path, true, Reads::Many)
    }

    /// Opens an existing memory; a missing file, a file that is not a tarjama memory or a
    /// memory with a newer schema is an error.
    pub fn open_existing(path: &Path) -> Result<Memory> {
        Self::open_existing_for(path, Reads::Many)
    }

    /// [`Memory::open_existing`], set up for how this process will read it.
    pub fn open_existing_for(path: &Path, reads: Reads) -> Result<Memory> {
        if let Err(e) = std::fs::metadata(path) {
            return Err(Error::io(path, e));
        }
        Self::open_with(path, false, reads)
    }

    /// A memory that lives in RAM only (tests, dry runs).
    pub fn in_memory() -> Result<Memory> {
        let mut conn = Connection::open_in_memory()?;
        schema::prepare(&mut conn, Path::new(":memory:"), true)?;
        Ok(Memory::of(conn, None))
    }

    /// Opens read-write; a memory that cannot be written (read-only file, folder or file
    /// system) is opened read-only for the commands that only read, and is a clear
    /// "read-only" error for the commands that write.
    fn open_with(path: &Path, may_create: bool, reads: Reads) -> Result<Memory> {
        // SQLite cannot open a folder either, which would otherwise read as "read-only".
        if path.is_dir() {
            return Err(Error::NotAMemory {
                path: path.to_path_buf(),
                reason: "it is a directory".into(),
            });
        }
        match Self::open_writable(path, may_create, reads) {
            Err(e) if is_unwritable(&e) && path.exists() => {
                if may_create {
                    return Err(Error::Invalid(format!(
                        "{}: the memory is read-only (its file or folder cannot be written); \
                         commands that only read it still work",
                        path.display()
                    )));
                }
                Self::open_read_only(path, reads)
            }
            other => other,
        }
    }

    fn open_read_only(path: &Path, reads: Reads) -> Result<Memory> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = match Connection::open_with_flags(path, flags).and_then(|c| {
            c.query_row("PRAGMA user_version", [], |_| Ok(()))
                .map(|()| c)
        }) {
            Ok(conn) => conn,
            // WAL needs its shared-memory file beside the memory; in a read-only folder it
            // cannot be made. With no log pending, nobody can be writing: read the file as
            // immutable.
            Err(_) if !super::header::wal_pending(path) => {
                Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
                    .map_err(|e| open_error(path, e))?
            }
            Err(e) => return Err(open_error(path, e)),
        };
        conn.busy_handler(Some(super::busy::handler))?;
        schema::prepare(&mut conn, path, false).map_err(|e| damaged(path, e))?;
        if reads == Reads::Few {
            // Unmapped already (this connection keeps SQLite's defaults); a smaller cache.
            conn.pragma_update(None, "cache_size", FEW_READS_CACHE_PAGES)?;
        }
        Ok(Memory::of(conn, Some(path.to_path_buf())))
    }

    fn open_writable(path: &Path, may_create: bool, reads: Reads) -> Result<Memory> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if may_create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        // The file is never opened here except through SQLite: closing any other descriptor
        // of it would drop every POSIX lock this process's connections hold on it (a server
        // has several), and another process could then checkpoint or delete the
        // write-ahead log under them. The header is read directly only once SQLite failed.
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.pragma_update(None, "page_size", 8192)
            .map_err(|e| open_error(path, e))?;
        conn.busy_handler(Some(super::busy::handler))?;
        if let Some(reason) = cut_short(&conn, path) {
            return Err(Error::Damaged {
                path: path.to_path_buf(),
                reason,
            });
        }
        schema::prepare(&mut conn, path, may_create).map_err(|e| damaged(path, e))?;
        configure(&conn, reads).map_err(|e| damaged(path, e))?;
        Ok(Memory::of(conn, Some(path.to_path_buf())))
    }

    fn of(conn: Connection, path: Option<PathBuf>) -> Memory {
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Memory {
            conn,
            path,
            scratch: RefCell::default(),
            stats_cache: RefCell::default(),
        }
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// Runs `f` with this memory's search buffers, or fresh ones while they are in use (a
    /// search started within a search, which nothing does today).
    pub(super) fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        match self.scratch.try_borrow_mut() {
            Ok(mut scratch) => f(&mut scratch),
            Err(_) => f(&mut Scratch::default()),
        }
    }

    /// Holds one read transaction until dropped, so the many small statements of one search
    /// share a snapshot and take the file's shared lock once instead of once each (a lock
    /// and an unlock system call per statement otherwise).
    pub(super) fn read_scope(&self) -> Result<ReadScope<'_>> {
        // Cached statements: `execute_batch` compiled both statements on every query
        // (about 6k instructions, 1.6 % of a short query).
        self.conn.prepare_cached(READ_BEGIN)?.execute([])?;
        Ok(ReadScope(&self.conn))
    }

    pub(super) fn conn_mut(&mut self) -> &mut rusqlite::Connection {
        &mut self.conn
    }

    /// Bytes on disk: the database and its write-ahead log (0 in memory).
    pub fn file_size(&self) -> u64 {
        self.path().map_or(0, super::stats::file_size)
    }

    /// Reads every side's key tokens into RAM ([`SideTokens`]): for a process that makes
    /// many lookups (a server), whose verifications then read no table. Share the result
    /// with the process's other connections to the same file ([`Memory::use_side_tokens`]).
    pub fn load_side_tokens(&self) -> Result<Arc<SideTokens>> {
        let sides = Arc::new(SideTokens::load(&self.conn)?);
        self.use_side_tokens(Some(Arc::clone(&sides)));
        Ok(sides)
    }

    /// Verifies this memory's candidates with `sides` (loaded from this memory's file, by
    /// any connection, at any time: see [`SideTokens`]), or through the file again (`None`).
    pub fn use_side_tokens(&self, sides: Option<Arc<SideTokens>>) {
        self.scratch.borrow_mut().sides = sides;
    }

    /// The file this memory lives in (`None` for [`Memory::in_memory`]).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Starts a write transaction. Nothing is visible to others until [`Writer::commit`];
    /// dropping the writer rolls everything back.
    pub fn writer(&mut self) -> Result<Writer<'_>> {
        let behavior = rusqlite::TransactionBehavior::Immediate;
        Writer::new(self.conn.transaction_with_behavior(behavior)?)
    }
}

/// See [`Memory::read_scope`].
pub(super) struct ReadScope<'a>(&'a Connection);

impl Drop for ReadScope<'_> {
    fn drop(&mut self) {
        // Only reads happened: releasing cannot lose anything, and a failure leaves the
        // savepoint to be released by the next statement's autocommit handling.
        let _ = self
            .0
            .prepare_cached(READ_END)
            .and_then(|mut end| end.execute([]));
    }
}

/// The statements of [`Memory::read_scope`].
const READ_BEGIN: &str = "SAVEPOINT tarjama_read";
const READ_END: &str = "RELEASE tarjama_read";

/// Statements a connection keeps compiled (rusqlite's default is 16): a search and its
/// ranking use about as many, and each one evicted is compiled again on its next use.
const STATEMENT_CACHE: usize = 64;

fn configure(conn: &Connection, reads: Reads) -> Result<()> {
    // Without waiting: the switch fails only while an import builds a fresh memory in
    // rollback mode (`bulk`), which puts the file back in WAL mode itself; this connection
    // follows the file's mode either way, so it may go on.
    conn.busy_handler(None)?;
    let mode = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0));
    conn.busy_handler(Some(super::busy::handler))?;
    match mode {
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) => {}
        other => {
            other?;
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if reads == Reads::Few {
        conn.pragma_update(None, "cache_size", FEW_READS_CACHE_PAGES)?;
        conn.pragma_update(None, "mmap_size", 0)?;
        return Ok(());
    }
    conn.pragma_update(None, "cache_size", -1_048_576)?;
    conn.pragma_update(None, "mmap_size", MAP_BYTES)?;
    Ok(())
}

/// The most the bundled SQLite maps (SQLITE_MAX_MMAP_SIZE): pages past the map are read
/// with a system call each, and a 1M-pair memory of paragraphs is 2.4 GB
/// (`docs/speed-log.md`, "Where the targets stand": system time per 1,000 long queries 0.76 → 0.32 s).
const MAP_BYTES: i64 = 0x7fff_0000;

/// Maps the file for the rest of this connection's reads, as [`Reads::Many`] does: for a
/// [`Reads::Few`] process that turns out to read many pages after all (a fragment search
/// over common words reads thousands of units), where a `pread` copy per page costs more
/// than mapping it. The pages already read stay valid; SQLite maps on the next read.
pub(crate) fn map_from_now(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "mmap_size", MAP_BYTES)?;
    Ok(())
}

/// `file:PATH?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// SQLite could not open or write the file because of permissions or a read-only mount.
fn is_unwritable(e: &Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(e, Error::Sqlite(inner)
        if matches!(inner.sqlite_error_code(), Some(C::CannotOpen | C::ReadOnly)))
}

/// A corruption found while opening, named with the file (and, when its header tells, how
/// it was cut short: read directly now that SQLite has given up on the file).
fn damaged(path: &Path, e: Error) -> Error {
    match &e {
        Error::Sqlite(inner)
            if inner.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
        {
            Error::Damaged {
                path: path.to_path_buf(),
                reason: super::header::truncation(path)
                    .unwrap_or_else(|| "SQLite: database disk image is malformed".into()),
            }
        }
        _ => e,
    }
}

/// Why an SQLite file that opened cannot be a whole memory: shorter than the page count its
/// header records, with no write-ahead log pending that could still complete it. Asked
/// through the connection (and `stat`), never through another descriptor of the file.
fn cut_short(conn: &Connection, path: &Path) -> Option<String> {
    let actual = std::fs::metadata(path).ok()?.len();
    if actual == 0 {
        return None; // a new file
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return None;
    }
    let pages: u64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))
        .ok()? as u64;
    let page_size: u64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
        .ok()? as u64;
    let expected = pages * page_size;
    (actual < expected).then(|| {
        format!("the file is cut short: {actual} of the {expected} bytes its header records")
    })
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotAMemory {
                path: path.to_path_buf(),
                reason: "not an SQLite database".into(),
            }
        }
        _ => Error::Sqlite(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, SuggestOptions, UnitRecord};
    use crate::pretranslate::ReadSnapshot;

    fn pragma(m: &Memory, name: &str) -> i64 {
        m.conn()
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_memory_opened_for_few_reads_is_unmapped_with_a_small_cache_and_answers_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut m = Memory::open_or_create(&path).unwrap();
        let mut w = m.writer().unwrap();
        for i in 0..40 {
            w.add(&UnitRecord::new(
                Side::new("ar", format!("قال الوزير إن أسعار النفط ارتفعت {i} مرة")),
                Side::new("en", format!("The minister said oil prices rose {i} times")),
            ))
            .unwrap();
        }
        w.commit().unwrap();
        drop(m);
        let opts = SuggestOptions::new("ar", "en");
        let query = "قال الوزير إن أسعار الذهب ارتفعت 7 مرة";

        let many = Memory::open_existing(&path).unwrap();
        assert_eq!(pragma(&many, "mmap_size"), 0x7fff_0000);
        assert_eq!(pragma(&many, "cache_size"), -1_048_576);
        let expected = many.suggest(query, &opts).unwrap();
        drop(many);
        assert!(!expected.is_empty());

        let few = Memory::open_existing_for(&path, Reads::Few).unwrap();
        assert_eq!(pragma(&few, "mmap_size"), 0);
        assert_eq!(pragma(&few, "cache_size"), FEW_READS_CACHE_PAGES);
        assert_eq!(few.suggest(query, &opts).unwrap(), expected);
        // Mapped mid-transaction, as a fragment search does once it has read many units:
        // the reads go on, with the same answers.
        let snapshot = ReadSnapshot::begin(&few).unwrap();
        map_from_now(few.conn()).unwrap();
        assert_eq!(pragma(&few, "mmap_size"), MAP_BYTES);
        assert_eq!(few.suggest(query, &opts).unwrap(), expected);
        drop(snapshot);
    }
}
