//! The key tokens of every side, held in RAM by a long-lived process (`tarjama serve
//! --tokens-in-ram`, the bench), so that verifying a candidate (`verify`) reads its tokens
//! from one vector instead of descending the `units` B-tree.
//!
//! Why: a lookup that meets near-duplicates verifies thousands of sides, and reading each
//! side's tokens through SQLite (a blob handle moved to the row: a descent of the table's
//! interior pages, the leaf's record header, then the bytes) was three quarters of a
//! verification and a quarter of a long query's time at 1M pairs (README, "Speed").
//!
//! Coherence without a version check: a unit's id is never reused and its tokens never
//! change after its insert (an edited text is a new unit; `UPDATE units` touches metadata
//! and the texts' storage only). So what was read stays true for as long as the unit lives,
//! and the holder needs no invalidation:
//! - a unit added after the load has an id above [`SideTokens::upto`] and is read from the
//!   file, as without the store;
//! - a unit deleted after the load is still held here, so a side read from here is checked
//!   against the file before it can be kept (`verify::Read::Stored`): a deleted unit is
//!   never a hit.
//!
//! Layout: the tokens as stored (`index::encode_tokens`), side after side in id order, and
//! the start of each side (side id = 2 × unit id + 0 for the source, 1 for the target). A
//! side with no tokens, and the sides of ids no unit had at the load, are not held: they
//! are read from the file.

use rusqlite::Connection;

use crate::error::Result;

/// The sides' key tokens, as of one moment (see the module doc).
pub struct SideTokens {
    /// Start of side `s`'s bytes at `starts[s]`, end at `starts[s + 1]`.
    starts: Vec<u64>,
    bytes: Vec<u8>,
    /// The highest unit id at the load.
    upto: i64,
    units: u64,
}

impl SideTokens {
    /// Reads every unit's tokens in one read transaction of `conn` (a statement is one).
    pub fn load(conn: &Connection) -> Result<SideTokens> {
        let mut stmt = conn.prepare("SELECT id, src_toks, tgt_toks FROM units ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut starts: Vec<u64> = vec![0];
        let mut bytes = Vec::new();
        let (mut upto, mut units) = (0i64, 0u64);
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            // Ids start at 1 and stay far below 2^31 (a side id is a u32: 2 × id + 1).
            let Some(first_side) = usize::try_from(id)
                .ok()
                .and_then(|id| id.checked_mul(2))
                .filter(|&s| s < u32::MAX as usize)
            else {
                continue;
            };
            // The sides of ids without a unit are empty ranges.
            let end = bytes.len() as u64;
            starts.resize(first_side + 1, end);
            for column in 1..=2 {
                let blob = row
                    .get_ref(column)?
                    .as_blob()
                    .map_err(rusqlite::Error::from)?;
                bytes.extend_from_slice(blob);
                starts.push(bytes.len() as u64);
            }
            upto = id;
            units += 1;
        }
        starts.shrink_to_fit();
        bytes.shrink_to_fit();
        Ok(SideTokens {
            starts,
            bytes,
            upto,
            units,
        })
    }

    /// The stored tokens of `side`, or `None` when they are not held (a unit added after
    /// the load, no such unit at the load, or a side without tokens).
    #[inline]
    pub(crate) fn get(&self, side: u32) -> Option<&[u8]> {
        let s = side as usize;
        let (&start, &end) = (self.starts.get(s)?, self.starts.get(s + 1)?);
        (end > start).then(|| &self.bytes[start as usize..end as usize])
    }

    /// The highest unit id held: units above it were added after the load.
    pub fn upto(&self) -> i64 {
        self.upto
    }

    /// Units held.
    pub fn units(&self) -> u64 {
        self.units
    }

    /// Bytes of RAM the store takes (tokens and starts).
    pub fn heap_bytes(&self) -> u64 {
        (self.bytes.capacity() + self.starts.capacity() * std::mem::size_of::<u64>()) as u64
    }
}

#[cfg(test)]
mod tests;
