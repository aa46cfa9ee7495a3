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

use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{CachedStatement, Connection};

use crate::error::{Error, Result};

/// One value kept until its row is bound: text and blobs as a range of `RowsInsert::bytes`.
#[derive(Clone, Copy)]
enum Kept {
    Null,
    Integer(i64),
    Real(f64),
    Text(usize, usize),
    Blob(usize, usize),
}

pub(super) struct RowsInsert<'c> {
    /// Takes `rows` rows.
    many: CachedStatement<'c>,
    /// Takes one row.
    one: CachedStatement<'c>,
    /// Values per row.
    cols: usize,
    rows: usize,
    /// The values of the rows pushed and not yet inserted, row after row.
    kept: Vec<Kept>,
    bytes: Vec<u8>,
}

impl<'c> RowsInsert<'c> {
    /// Statements inserting rows of `cols` values into `into` (as in `INSERT INTO {into}`,
    /// e.g. `postings(id, data)`), `rows` at a time. Both are kept in the connection's
    /// statement cache from batch to batch.
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
            many: conn.prepare_cached(&sql(rows))?,
            one: conn.prepare_cached(&sql(1))?,
            cols,
            rows,
            kept: Vec::with_capacity(cols * rows),
            bytes: Vec::new(),
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
            bind_rows(&mut self.many, &self.kept, &self.bytes)?;
            self.clear();
            insert(&mut self.many, self.rows)?;
        }
        Ok(())
    }

    /// Rows taken and not yet in the table.
    pub(super) fn pending(&self) -> usize {
        self.kept.len() / self.cols
    }

    /// Inserts the rows taken so far.
    pub(super) fn flush(&mut self) -> Result<()> {
        let result = self.kept.chunks(self.cols).try_for_each(|row| {
            bind_rows(&mut self.one, row, &self.bytes)?;
            insert(&mut self.one, 1)
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

/// Binds `kept` (whole rows) to the first parameters of `stmt`.
fn bind_rows(stmt: &mut CachedStatement<'_>, kept: &[Kept], bytes: &[u8]) -> Result<()> {
    for (i, k) in kept.iter().enumerate() {
        let v = match *k {
            Kept::Null => ValueRef::Null,
            Kept::Integer(i) => ValueRef::Integer(i),
            Kept::Real(r) => ValueRef::Real(r),
            Kept::Text(a, b) => ValueRef::Text(&bytes[a..b]),
            Kept::Blob(a, b) => ValueRef::Blob(&bytes[a..b]),
        };
        stmt.raw_bind_parameter(i + 1, ToSqlOutput::Borrowed(v))?;
    }
    Ok(())
}

fn insert(stmt: &mut CachedStatement<'_>, rows: usize) -> Result<()> {
    let inserted = stmt.raw_execute()?;
    if inserted != rows {
        return Err(Error::Invalid(format!(
            "{inserted} rows inserted of {rows}"
        )));
    }
    Ok(())
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
