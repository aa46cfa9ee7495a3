//! Typed errors of the library. Messages are short, lowercase and name the bad value;
//! errors about one record of an input file carry `path:line[:col]` so a user can jump there.

use std::fmt;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A position in an input file, shown as `path:line:col` (col optional, 1-based,
/// counted in user-visible characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub col: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.col {
            Some(col) => write!(f, "{}:{}:{}", self.path, self.line, col),
            None => write!(f, "{}:{}", self.path, self.line),
        }
    }
}

/// One problem found in one record of an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordError {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Shown as the path alone: the cause follows in the error chain (`{:#}`), once.
    #[error("{path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An SQLite failure, worded for a user (damaged, full, read-only, …) by
    /// `sqlite_message`; not a `source`, so the cause is not printed twice.
    #[error("{}", sqlite_message(.0))]
    Sqlite(rusqlite::Error),
    /// Another process held the memory's write lock for longer than the wait limit.
    #[error("memory busy: another tarjama is writing to it and did not finish within {} s; nothing was written (try again, or wait longer with --wait SECONDS)", .waited.as_secs())]
    Busy { waited: std::time::Duration },
    /// The file is an SQLite memory whose content is damaged.
    #[error("{path}: the memory is damaged ({reason}); nothing was written; restore it from a backup (tarjama backup makes one)")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path}: not a tarjama memory ({reason})")]
    NotAMemory { path: PathBuf, reason: String },
    #[error("{path}: memory schema version {found} is newer than this tarjama supports ({supported}); upgrade tarjama")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A whole input file was rejected; every bad record is listed.
    #[error("{}", format_records(.0))]
    BadRecords(Vec<RecordError>),
    /// The input is not well-formed at one place (XML syntax, encoding, ...).
    #[error("{0}")]
    BadInput(RecordError),
    /// A file-level problem that has no line (missing header, unknown column, ...).
    #[error("{path}: {message}")]
    BadFile { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy {
                waited: crate::memory::busy::wait_limit(),
            },
            _ => Error::Sqlite(e),
        }
    }
}

/// An SQLite error in words a user can act on; the raw message only for the unexpected.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt | C::NotADatabase) => {
            "the memory is damaged (SQLite: database disk image is malformed); restore it \
             from a backup"
                .into()
        }
        Some(C::DatabaseBusy | C::DatabaseLocked) => "memory busy: another tarjama is writing \
             to it; nothing was written (try again, or wait longer with --wait SECONDS)"
            .into(),
        Some(C::DiskFull) => "disk full: the memory could not grow; this operation was undone \
             and the memory is as it was"
            .into(),
        Some(C::ReadOnly) => "the memory is read-only (its file or folder cannot be written); \
             commands that only read it still work"
            .into(),
        Some(C::CannotOpen) => "cannot open the memory file (its folder is missing or cannot \
             be written)"
            .into(),
        Some(C::SystemIoFailure) => format!("input/output error on the memory file: {e}"),
        _ if matches!(
            e,
            rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::FromSqlConversionFailure(..)
        ) =>
        {
            format!("the memory is damaged (a stored value has the wrong type: {e}); restore it from a backup")
        }
        _ => format!("database error: {e}"),
    }
}

fn format_records(records: &[RecordError]) -> String {
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    format!(
        "{}\n{} bad record(s); nothing was written",
        lines.join("\n"),
        records.len()
    )
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
