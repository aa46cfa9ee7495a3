//! `Memory::backup_to`: a consistent copy of a live memory while imports, alignments and
//! `serve` go on. SQLite's online backup API copies every page inside one read transaction
//! (WAL: writers are not blocked and their later commits are not in the copy), so the copy is
//! the memory as of one moment. It is written beside the destination under a temporary name,
//! checked by opening it afresh (tarjama's application id and schema, `PRAGMA
//! integrity_check`), flushed to disk and only then renamed into place: a failed or killed
//! backup never leaves a half-written file under the destination's name.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{busy, schema, Memory};
use crate::error::{Error, Result};

/// What a backup copied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub units: u64,
    pub glossary_entries: u64,
    pub bytes: u64,
}

impl Memory {
    /// Copies the memory to `dest` (which must not exist unless `replace`), verified.
    pub fn backup_to(&self, dest: &Path, replace: bool) -> Result<BackupReport> {
        if let Some(source) = self.path() {
            let same = |a: &Path, b: &Path| {
                a.canonicalize()
                    .ok()
                    .is_some_and(|a| Some(a) == b.canonicalize().ok())
            };
            if same(source, dest) {
                return Err(Error::Invalid(format!(
                    "{}: the backup would overwrite the memory itself",
                    dest.display()
                )));
            }
        }
        if dest.exists() && !replace {
            return Err(Error::Invalid(format!(
                "{}: already exists; give --force to replace it",
                dest.display()
            )));
        }
        let partial = partial_path(dest);
        let result = self
            .copy_into(&partial)
            .and_then(|()| verify(&partial, dest));
        match result {
            Ok(report) => {
                std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, e))?;
                sync_dir(dest);
                Ok(report)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn copy_into(&self, partial: &Path) -> Result<()> {
        let _ = std::fs::remove_file(partial);
        let mut to = Connection::open(partial).map_err(|e| copy_error(partial, e))?;
        {
            let backup = Backup::new(self.conn(), &mut to)?;
            let started = Instant::now();
            loop {
                // All pages in one step: one read transaction, one moment.
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => {
                        if started.elapsed() > busy::wait_limit() {
                            return Err(Error::Busy {
                                waited: busy::wait_limit(),
                            });
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    _ => {}
                }
            }
        }
        // A backup is one self-contained file: no log beside it.
        let _: String = to.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        drop(to);
        let file = std::fs::File::open(partial).map_err(|e| Error::io(partial, e))?;
        file.sync_all().map_err(|e| Error::io(partial, e))?;
        Ok(())
    }
}

/// Opens the copy afresh, read-only, and checks it is a whole memory of this version.
fn verify(partial: &Path, dest: &Path) -> Result<BackupReport> {
    let conn = Connection::open_with_flags(partial, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if app_id != schema::APPLICATION_ID || version != schema::latest_version() || check != "ok" {
        return Err(Error::Invalid(format!(
            "{}: the copy did not verify (application id {app_id:#x}, schema {version}, \
             integrity check: {check}); nothing was written",
            dest.display()
        )));
    }
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    Ok(BackupReport {
        path: dest.to_path_buf(),
        units: count("SELECT count(*) FROM units")? as u64,
        glossary_entries: count("SELECT count(*) FROM glossary_entry")? as u64,
        bytes: std::fs::metadata(partial).map_or(0, |m| m.len()),
    })
}

/// `DIR/.NAME.partial-PID`: beside the destination, so the final rename stays on one disk.
fn partial_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

fn copy_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen) => Error::Invalid(format!(
            "{}: cannot create the backup (does its folder exist and can it be written?)",
            path.parent().unwrap_or(path).display()
        )),
        _ => e.into(),
    }
}

/// Makes the rename durable where the platform allows opening a folder.
fn sync_dir(dest: &Path) {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
