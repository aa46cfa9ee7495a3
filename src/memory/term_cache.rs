//! What a query looks up about its words, kept by a `Memory` (in its `Scratch`) for the
//! queries after it: each key's token id and order key (`index::lookup_tokens_rank`), each
//! list's home row and the sums of its band rows asked for (`bands::term_dfs_in`).
//!
//! Why: queries repeat words. A long query looks up a hundred keys and the sizes of their
//! lists, almost all of them frequent words the previous queries looked up too; those
//! statements were 18 % of a long query's instructions at 200k pairs (the token join 7 %,
//! the list sizes 11 %). Kept here, a word costs a hash look-up after its first query.
//!
//! Coherence: all of it changes only with a write, and every committed write, by this
//! connection or another, changes the pager's data version (`SQLITE_FCNTL_DATA_VERSION`).
//! [`TermCache::begin`] starts the query's read (a statement, so the version is the one of
//! the snapshot the query reads) and empties the cache when the version is not the one its
//! entries were read at. A cache never begun (`Default`) looks everything up and keeps
//! nothing, so one code path serves cached and one-off callers alike.
//!
//! Size: at most [`CAPACITY`] entries of each kind; a full map is emptied and fills again.

use rusqlite::{ffi, Connection};
use rustc_hash::FxHashMap;

use super::bands;
use super::index;
use crate::error::Result;

/// Entries kept at most per map (keys, homes, band sums): about 40 MB at worst, far more
/// words than a desk's queries use.
pub(crate) const CAPACITY: usize = 1 << 19;

/// A list's home `terms` row: (df, chunks, tail).
pub(crate) type Home = (i64, i64, i64);

#[derive(Default)]
pub(crate) struct TermCache {
    /// The data version the entries were read at; `None`: not begun, keep nothing.
    version: Option<u32>,
    keys: FxHashMap<Box<str>, Option<(u32, i64)>>,
    homes: FxHashMap<i64, Option<Home>>,
    /// Sums of band rows by their first and last row.
    sums: FxHashMap<(i64, i64), i64>,
}

impl TermCache {
    /// Starts the query's read on `conn` and readies the cache for it: emptied if the
    /// memory changed since its entries were read. Call once per query, inside its read
    /// transaction (`Memory::read_scope`).
    pub fn begin(&mut self, conn: &Connection) -> Result<()> {
        let version = snapshot_version(conn)?;
        if version.is_none() || version != self.version {
            self.keys.clear();
            self.homes.clear();
            self.sums.clear();
        }
        self.version = version;
        Ok(())
    }

    /// [`index::lookup_tokens_rank`], remembered.
    pub fn tokens_rank(
        &mut self,
        conn: &Connection,
        keys: &[&str],
    ) -> Result<Vec<Option<(u32, i64)>>> {
        if self.version.is_none() {
            return index::lookup_tokens_rank(conn, keys);
        }
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !self.keys.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            let found = index::lookup_tokens_rank(conn, &missing)?;
            make_room(&mut self.keys, missing.len(), CAPACITY);
            for (key, f) in missing.into_iter().zip(found) {
                self.keys.insert(key.into(), f);
            }
        }
        Ok(keys.iter().map(|k| self.keys[*k]).collect())
    }

    /// [`bands::homes`], remembered.
    pub fn homes(&mut self, conn: &Connection, rowids: &[i64]) -> Result<Vec<Option<Home>>> {
        if self.version.is_none() {
            return bands::homes(conn, rowids);
        }
        let missing: Vec<i64> = rowids
            .iter()
            .copied()
            .filter(|id| !self.homes.contains_key(id))
            .collect();
        if !missing.is_empty() {
            let found = bands::homes(conn, &missing)?;
            make_room(&mut self.homes, missing.len(), CAPACITY);
            self.homes.extend(missing.into_iter().zip(found));
        }
        Ok(rowids.iter().map(|id| self.homes[id]).collect())
    }

    /// The entries of bands `a..=b` of the list whose band 0 is row `base`
    /// ([`bands::band_sum`]), remembered by list and range.
    pub fn band_sum(&mut self, conn: &Connection, base: i64, a: u32, b: u32) -> Result<i64> {
        let (lo, hi) = (base + i64::from(a), base + i64::from(b));
        if self.version.is_none() {
            return bands::band_sum(conn, lo, hi);
        }
        if let Some(&sum) = self.sums.get(&(lo, hi)) {
            return Ok(sum);
        }
        let sum = bands::band_sum(conn, lo, hi)?;
        make_room(&mut self.sums, 1, CAPACITY);
        self.sums.insert((lo, hi), sum);
        Ok(sum)
    }

    /// Entries kept (keys, homes, band sums).
    #[cfg(test)]
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.keys.len(), self.homes.len(), self.sums.len())
    }
}

/// Empties `map` if `more` entries would take it past `capacity`.
fn make_room<K, V>(map: &mut FxHashMap<K, V>, more: usize, capacity: usize) {
    if map.len() + more > capacity {
        map.clear();
    }
}

/// Takes the read snapshot of the transaction in progress (any statement does) and returns
/// its data version (`None` where the file cannot tell, e.g. an in-memory database): what
/// a cache of anything read from the memory compares to know whether it still holds.
pub(crate) fn snapshot_version(conn: &Connection) -> Result<Option<u32>> {
    conn.prepare_cached("PRAGMA data_version")?
        .query_row([], |r| r.get::<_, i64>(0))?;
    Ok(data_version(conn))
}

/// The main database's data version: changes with every commit, this connection's or
/// another's (as seen by the read transaction in progress).
fn data_version(conn: &Connection) -> Option<u32> {
    let mut version: u32 = 0;
    // SAFETY: the handle is the live connection's; SQLITE_FCNTL_DATA_VERSION writes one
    // unsigned int through the pointer, which outlives the call.
    let rc = unsafe {
        ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            ffi::SQLITE_FCNTL_DATA_VERSION,
            (&mut version as *mut u32).cast(),
        )
    };
    (rc == ffi::SQLITE_OK).then_some(version)
}

#[cfg(test)]
mod tests;
