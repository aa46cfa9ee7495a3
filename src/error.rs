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
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
