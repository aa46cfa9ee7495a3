//! Inserting many rows into one table through one statement that takes `ROWS` of them at
//! once: `INSERT INTO t(cols) VALUES (?, …), (?, …), …`.
//!
//! Why: an import inserts rows one after the other (units, posting chunks, `terms` rows), and
//! running a statement once per row costs SQLite about as much again as the row itself
//! (stepping into the program, opening the table's cursor and seeking from its root, halting
//! and resetting). SQLite runs a multi-row `VALUES` as a co-routine whose registers the
//! insert reads in place, so the rows cost no more than with one statement each.
//!
//! The values of the rows pushed are kept here (their bytes in one buffer) until `ROWS` of
//! them are, then bound into the statement at once; [`RowsInsert::flush`] inserts the
//! remainder one row per statement (binding a row at a time straight into the big statement
//! would leave a remainder that no statement can take without copying it in SQLite). Rows go
//! in in the order pushed: a table receives the same rows in the same order as with one
//! statement per row.
//!
//! The caller flushes before anything reads rows it pushed (they are not in the table yet)
//! and before the transaction commits.

use std::ffi::{c_int, CStr, CString};
use std::marker::PhantomData;
use std::ptr;

use rusqlite::ffi;
use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::Connection;

use crate::error::{Error, Result};

/// One value kept until its row is bound: text and blobs as a range of `RowsInsert::bytes`.
#[derive(Clone, Copy, PartialEq)]
enum Kept {
    Null,
    Integer(i64),
    Real(f64),
    Text(usize, usize),
    Blob(usize, usize),
}

/// A statement prepared on the connection's handle, finalized when dropped.
///
/// Why not rusqlite's statements: they bind text and blobs as `SQLITE_TRANSIENT`, so SQLite
/// allocates and copies every value before copying it again into the record; here they are
/// bound `SQLITE_STATIC`, pointing into `RowsInsert::bytes`, which stays untouched from the
/// binding until the statement is reset (the record is built from them in place). On a short
/// unit the copies and the rusqlite wrapper around each of its 25 bindings cost about a
/// fifth of the storing thread.
struct RawStmt {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    /// What each parameter holds now (`None`: unknown): a NULL or a number bound again
    /// unchanged is not bound again (a statement keeps its bindings across resets).
    bound: Vec<Option<Kept>>,
}

impl RawStmt {
    fn prepare(conn: &Connection, sql: &str, params: usize) -> Result<RawStmt> {
        // SAFETY: the handle is the open connection's; it outlives this statement, which
        // `RowsInsert<'c>` ties to a borrow of the connection and finalizes on drop.
        let db = unsafe { conn.handle() };
        let sql = CString::new(sql).map_err(|_| Error::Invalid("NUL in a statement".into()))?;
        let mut stmt = ptr::null_mut();
        // SAFETY: `sql` is NUL-terminated; `stmt` receives the statement or NULL.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr(),
                -1,
                ffi::SQLITE_PREPARE_PERSISTENT as _,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        let raw = RawStmt {
            db,
            stmt,
            bound: vec![None; params],
        };
        raw.check(rc)?;
        if stmt.is_null() {
            return Err(Error::Invalid("an empty statement".into()));
        }
        Ok(raw)
    }

    /// The connection's error for a failed call (its extended code and message).
    fn check(&self, rc: c_int) -> Result<()> {
        if rc == ffi::SQLITE_OK {
            return Ok(());
        }
        // SAFETY: `db` is open; the message is copied before any other call on it.
        let (code, message) = unsafe {
            let code = ffi::sqlite3_extended_errcode(self.db);
            let msg = ffi::sqlite3_errmsg(self.db);
            let message =
                (!msg.is_null()).then(|| CStr::from_ptr(msg).to_string_lossy().into_owned());
            (if code == ffi::SQLITE_OK { rc } else { code }, message)
        };
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), message).into())
    }

    /// Binds `kept` (whole rows) to the first parameters; text and blobs point into
    /// `bytes`, which must not change until the statement has run and been reset.
    fn bind(&mut self, kept: &[Kept], bytes: &[u8]) -> Result<()> {
        for (i, &k) in kept.iter().enumerate() {
            let at = (i + 1) as c_int;
            if self.bound[i] == Some(k)
                && matches!(k, Kept::Null | Kept::Integer(_) | Kept::Real(_))
            {
                continue;
            }
            // SAFETY: `stmt` is valid and not running (reset after each run); a text or
            // blob range lies within `bytes` and is bound SQLITE_STATIC, read by SQLite
            // only while the statement runs (see above). A pointer is never NULL (an empty
            // slice's is dangling but not NULL), so an empty blob stays a blob.
            let rc = unsafe {
                match k {
                    Kept::Null => ffi::sqlite3_bind_null(self.stmt, at),
                    Kept::Integer(v) => ffi::sqlite3_bind_int64(self.stmt, at, v),
                    Kept::Real(v) => ffi::sqlite3_bind_double(self.stmt, at, v),
                    Kept::Text(a, b) => ffi::sqlite3_bind_text(
                        self.stmt,
                        at,
                        bytes[a..b].as_ptr().cast(),
                        len(b - a)?,
                        ffi::SQLITE_STATIC(),
                    ),
                    Kept::Blob(a, b) => ffi::sqlite3_bind_blob(
                        self.stmt,
                        at,
                        bytes[a..b].as_ptr().cast(),
                        len(b - a)?,
                        ffi::SQLITE_STATIC(),
                    ),
                }
            };
            // A failed binding leaves the parameter unknown.
            self.bound[i] = None;
            self.check(rc)?;
            self.bound[i] = Some(k);
        }
        Ok(())
    }

    /// Runs the insert and resets the statement; checks that it inserted `rows` rows.
    fn insert(&mut self, rows: usize) -> Result<()> {
        // SAFETY: `stmt` is valid; the reset ends the run whatever its outcome.
        let (step, inserted) = unsafe {
            let step = ffi::sqlite3_step(self.stmt);
            let inserted = ffi::sqlite3_changes64(self.db);
            (step, inserted)
        };
        let result = if step == ffi::SQLITE_DONE {
            Ok(())
        } else if step == ffi::SQLITE_ROW {
            Err(Error::Invalid("an insert returned rows".into()))
        } else {
            self.check(step)
        };
        // SAFETY: as above; its result repeats the step's error, reported already.
        unsafe { ffi::sqlite3_reset(self.stmt) };
        result?;
        if inserted != rows as i64 {
            return Err(Error::Invalid(format!(
                "{inserted} rows inserted of {rows}"
            )));
        }
        Ok(())
    }
}

impl Drop for RawStmt {
    fn drop(&mut self) {
        // SAFETY: prepared by `prepare` and finalized only here.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

fn len(n: usize) -> Result<c_int> {
    c_int::try_from(n).map_err(|_| Error::Invalid("a value too large for SQLite".into()))
}

pub(super) struct RowsInsert<'c> {
    /// Takes `rows` rows.
    many: RawStmt,
    /// Takes one row.
    one: RawStmt,
    /// Values per row.
    cols: usize,
    rows: usize,
    /// The values of the rows pushed and not yet inserted, row after row.
    kept: Vec<Kept>,
    bytes: Vec<u8>,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> RowsInsert<'c> {
    /// Statements inserting rows of `cols` values into `into` (as in `INSERT INTO {into}`,
    /// e.g. `postings(id, data)`), `rows` at a time.
    pub(super) fn new(
        conn: &'c Connection,
        into: &str,
        cols: usize,
        rows: usize,
    ) -> Result<RowsInsert<'c>> {
        if cols == 0 || rows == 0 {
            return Err(Error::Invalid("a row insert needs columns and rows".into()));
        }
        let row = format!("({})", vec!["?"; cols].join(","));
        // OR FAIL: a row that fails leaves the rows before it in, as one statement per row
        // would, and spares the statement journal (`Memory::begin_unchecked`).
        let sql = |n: usize| {
            let rows = vec![row.as_str(); n].join(",");
            format!("INSERT OR FAIL INTO {into} VALUES {rows}")
        };
        Ok(RowsInsert {
            many: RawStmt::prepare(conn, &sql(rows), cols * rows)?,
            one: RawStmt::prepare(conn, &sql(1), cols)?,
            cols,
            rows,
            kept: Vec::with_capacity(cols * rows),
            bytes: Vec::new(),
            _conn: PhantomData,
        })
    }

    /// Takes one row (its `cols` values, in column order); inserts the rows taken so far
    /// once there are enough for the big statement.
    pub(super) fn push(&mut self, values: &[&dyn ToSql]) -> Result<()> {
        if values.len() != self.cols {
            return Err(Error::Invalid(format!(
                "a row of {} values for {} columns",
                values.len(),
                self.cols
            )));
        }
        for v in values {
            let kept = match v.to_sql()? {
                ToSqlOutput::Borrowed(v) => self.keep(v),
                ToSqlOutput::Owned(v) => self.keep(borrow(&v)),
                _ => return Err(Error::Invalid("a row value SQLite cannot bind".into())),
            };
            self.kept.push(kept);
        }
        if self.kept.len() == self.cols * self.rows {
            let bound = self.many.bind(&self.kept, &self.bytes);
            let inserted = bound.and_then(|()| self.many.insert(self.rows));
            self.clear();
            inserted?;
        }
        Ok(())
    }

    /// Rows taken and not yet in the table.
    pub(super) fn pending(&self) -> usize {
        self.kept.len() / self.cols
    }

    /// Inserts the rows taken so far.
    pub(super) fn flush(&mut self) -> Result<()> {
        let (one, bytes) = (&mut self.one, &self.bytes);
        let result = self.kept.chunks(self.cols).try_for_each(|row| {
            one.bind(row, bytes)?;
            one.insert(1)
        });
        // Whatever happened, these rows are spent: a failed insert fails the transaction.
        self.clear();
        result
    }

    fn clear(&mut self) {
        self.kept.clear();
        self.bytes.clear();
    }

    fn keep(&mut self, v: ValueRef<'_>) -> Kept {
        let mut range = |b: &[u8]| {
            let start = self.bytes.len();
            self.bytes.extend_from_slice(b);
            (start, self.bytes.len())
        };
        match v {
            ValueRef::Null => Kept::Null,
            ValueRef::Integer(i) => Kept::Integer(i),
            ValueRef::Real(r) => Kept::Real(r),
            ValueRef::Text(t) => {
                let (a, b) = range(t);
                Kept::Text(a, b)
            }
            ValueRef::Blob(t) => {
                let (a, b) = range(t);
                Kept::Blob(a, b)
            }
        }
    }
}

fn borrow(v: &Value) -> ValueRef<'_> {
    ValueRef::from(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, data BLOB, note TEXT)")
            .unwrap();
        conn
    }

    /// A row as read back: id, data, note and the type SQLite stored the data as.
    type Read = (i64, Option<Vec<u8>>, Option<String>, String);

    fn rows(conn: &Connection) -> Vec<Read> {
        conn.prepare("SELECT id, data, note, typeof(data) FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Rows pushed through statements of 1, 3 and 4 slots, flushed at every point, give the
    /// table that one `INSERT` per row gives: same rows, values and types (a blob stays a
    /// blob, NULL stays NULL), and the slots left from a fuller run are not inserted again.
    #[test]
    fn gives_the_rows_one_insert_each_gives() {
        let values: Vec<(i64, Option<Vec<u8>>, Option<String>)> = (0..11)
            .map(|i| {
                let data = (i % 3 != 0).then(|| vec![i as u8; i as usize]);
                let note = (i % 2 == 0).then(|| format!("n{i}"));
                (i * 7 + 1, data, note)
            })
            .collect();
        let expected = {
            let conn = table();
            for (id, data, note) in &values {
                conn.execute(
                    "INSERT INTO t(id, data, note) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, data, note],
                )
                .unwrap();
            }
            rows(&conn)
        };
        for slots in [1, 3, 4] {
            for flush_at in 0..values.len() {
                let conn = table();
                let mut ins = RowsInsert::new(&conn, "t(id, data, note)", 3, slots).unwrap();
                for (i, (id, data, note)) in values.iter().enumerate() {
                    ins.push(rusqlite::params![id, data, note]).unwrap();
                    if i == flush_at {
                        ins.flush().unwrap();
                        assert_eq!(ins.pending(), 0);
                    }
                }
                ins.flush().unwrap();
                ins.flush().unwrap();
                drop(ins);
                assert_eq!(
                    rows(&conn),
                    expected,
                    "{slots} slots, flushed at {flush_at}"
                );
            }
        }
    }

    #[test]
    fn a_row_of_the_wrong_width_or_a_duplicate_id_is_an_error() {
        let conn = table();
        let mut ins = RowsInsert::new(&conn, "t(id, data, note)", 3, 4).unwrap();
        assert!(ins.push(rusqlite::params![1, 2]).is_err());
        ins.push(rusqlite::params![1, None::<Vec<u8>>, "a"])
            .unwrap();
        ins.push(rusqlite::params![1, None::<Vec<u8>>, "b"])
            .unwrap();
        assert!(ins.flush().is_err());
        assert_eq!(ins.pending(), 0);
        for id in [2, 3, 4] {
            ins.push(rusqlite::params![id, None::<Vec<u8>>, "c"])
                .unwrap();
        }
        // The fourth row fills the statement, which fails as a whole on the repeated id.
        assert!(ins
            .push(rusqlite::params![3, None::<Vec<u8>>, "d"])
            .is_err());
        assert!(RowsInsert::new(&conn, "t(id)", 0, 4).is_err());
    }
}
