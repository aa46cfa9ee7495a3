//! The memory's schema: numbered migrations, the application id that marks a SQLite file as a
//! tarjama memory, and the checks run on open (foreign file, newer schema).
//!
//! `PRAGMA application_id` holds [`APPLICATION_ID`]; `PRAGMA user_version` holds the number of
//! migrations applied. To change the schema, add `migrations/NNNN_name.sql` and one line to
//! [`MIGRATIONS`]; never edit a migration that has shipped.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// "TJMx" in ASCII: marks the file as a tarjama memory.
pub const APPLICATION_ID: i32 = 0x544A_4D78;

/// Every migration, in order. The schema version is the number applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_units", include_str!("migrations/0001_units.sql")),
    (
        "0002_glossary",
        include_str!("migrations/0002_glossary.sql"),
    ),
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// What the header of an opened SQLite file says about it.
enum Kind {
    /// No tables and no application id: a fresh file we may initialize.
    Empty,
    Memory {
        version: i64,
    },
}

fn not_a_memory(path: &Path, reason: impl Into<String>) -> Error {
    Error::NotAMemory {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn inspect(conn: &Connection, path: &Path) -> Result<Kind> {
    let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if is_not_a_database(&e) => {
            return Err(not_a_memory(path, "not an SQLite database"))
        }
        Err(e) => return Err(e.into()),
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(Kind::Memory { version });
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id == 0 && version == 0 && tables == 0 {
        return Ok(Kind::Empty);
    }
    Err(not_a_memory(
        path,
        format!("an SQLite database of another application (application id {app_id:#x}, {tables} schema objects)"),
    ))
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::NotADatabase
    )
}

/// Checks that `conn` is a memory (or, when `may_create`, an empty database) and brings its
/// schema up to date. `path` is only used in messages.
pub fn prepare(conn: &mut Connection, path: &Path, may_create: bool) -> Result<()> {
    let version = match inspect(conn, path)? {
        Kind::Empty if may_create => 0,
        Kind::Empty => return Err(not_a_memory(path, "empty file")),
        Kind::Memory { version } => version,
    };
    if version > latest_version() {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: latest_version(),
        });
    }
    migrate(conn, version)
}

fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    if from == latest_version() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    if from == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    for (_, sql) in &MIGRATIONS[from as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", latest_version())?;
    tx.commit()?;
    Ok(())
}
