//! The key tokens of every side, held in RAM by a long-lived process (`tarjama serve
//! --tokens-in-ram`, the bench), so that verifying a candidate (`verify`) reads its tokens
//! from one vector instead of descending the `units` B-tree.
//!
//! Why: a lookup that meets near-duplicates verifies thousands of sides, and reading each
//! side's tokens through SQLite (a blob handle moved to the row: a descent of the table's
//! interior pages, the leaf's record header, then the bytes) was three quarters of a
//! verification and a quarter of a long query's time at 1M pairs (`docs/speed-log.md`, "The candidates' tokens from RAM").
//!
//! Coherence without a version check: a unit's id is never reused and its tokens never
//! change after its insert (an edited text is a new unit; `UPDATE units` touches metadata
//! and the texts' storage only; the trigger of migration 0017 refuses any statement that
//! would change them). So what was read stays true for as long as the unit lives, and the
//! holder needs no invalidation:
//! - a unit added after the load has an id above [`SideTokens::upto`] and is read from the
//!   file, as without the store;
//! - a unit deleted after the load is still held here, so a side read from here is checked
//!   against the file before it can be kept (`verify::Read::Stored`): a deleted unit is
//!   never a hit.
//!
//! Layout: the tokens as stored (`index::encode_tokens`), side after side in id order, in
//! blocks of 64 MiB, and the start of each side (side id = 2 × unit id, + 1 for the target).
//! A side with no tokens, and the sides of ids no unit had at the load, are not held: they
//! are read from the file. A server extends its store every few seconds with the units added
//! since ([`SideTokens::extended`]): a new block, the old ones shared.

use std::sync::Arc;

use rusqlite::Connection;

use super::prefetch;
use super::unit_ids::top_stored_unit_id;
use crate::error::Result;

/// The sides' key tokens, as of one moment (see the module doc).
pub struct SideTokens {
    /// Where side `s`'s bytes start (`starts[s]`) and end (`starts[s + 1]`, or the end of
    /// its block when that is in the next block): a block number above [`BLOCK_BITS`], an
    /// offset in the block below. A side never spans two blocks.
    starts: Vec<u64>,
    /// The bytes, in blocks of at most 2^`bits` bytes: filled in place, never moved (one
    /// growing vector copied and re-faulted every byte at each doubling — half of a load at
    /// 1M long paragraphs), and shared with the stores extended from this one.
    blocks: Vec<Arc<Vec<u8>>>,
    /// Bits of a position within a block ([`BLOCK_BITS`]; fewer in tests).
    bits: u32,
    /// The highest unit id held (0: none).
    upto: i64,
    units: u64,
}

/// Bits of a position within a block: blocks of 64 MiB. A side with more token bytes than
/// a block (no text comes near) is not held: it is read from the file.
const BLOCK_BITS: u32 = 26;

impl SideTokens {
    /// Reads every unit's tokens in one read transaction of `conn` (a statement is one).
    pub fn load(conn: &Connection) -> Result<SideTokens> {
        Self::load_in_blocks(conn, BLOCK_BITS)
    }

    /// [`SideTokens::load`] in blocks of 2^`bits` bytes.
    fn load_in_blocks(conn: &Connection, bits: u32) -> Result<SideTokens> {
        let mut sides = SideTokens {
            starts: vec![0],
            blocks: Vec::new(),
            bits,
            upto: 0,
            units: 0,
        };
        let top = top_stored_unit_id(conn)?;
        // Sides 0 and 1 (no unit 0) are empty; a unit's are pushed after its id's first.
        let count = usize::try_from(top).unwrap_or(0).saturating_mul(2);
        sides.starts.reserve(count.min(u32::MAX as usize) + 2);
        // Room for a whole block at once: untouched room takes no memory.
        sides.add_units(conn, 1 << bits)?;
        Ok(sides)
    }

    /// This store and the units added to the file since it was loaded (ids above
    /// [`SideTokens::upto`]: a unit committed later always has a higher id, as ids come from
    /// one counter under SQLite's one writer), read by one statement on `conn`; the bytes held
    /// already are shared, not copied (the starts are). `None` when no unit was added.
    pub fn extended(&self, conn: &Connection) -> Result<Option<SideTokens>> {
        let top = top_stored_unit_id(conn)?;
        if top <= self.upto {
            return Ok(None);
        }
        let mut sides = SideTokens {
            starts: self.starts.clone(),
            blocks: self.blocks.clone(),
            bits: self.bits,
            upto: self.upto,
            units: self.units,
        };
        // A new block, grown as it fills: an extension is a few rows, not a memory.
        sides.add_units(conn, 0)?;
        Ok(Some(sides))
    }

    /// Appends the units with ids above `upto`, in id order, into a new block first made
    /// with room for `room` bytes.
    fn add_units(&mut self, conn: &Connection, room: usize) -> Result<()> {
        let block_bytes = 1usize << self.bits;
        let mut stmt =
            conn.prepare("SELECT id, src_toks, tgt_toks FROM units WHERE id > ?1 ORDER BY id")?;
        let mut rows = stmt.query([self.upto])?;
        // The blocks held are shared and full: the bytes go to a block of this store's own,
        // filled outside and put in place at the end (`end_with` counts it meanwhile).
        self.blocks.push(Arc::default());
        let mut block = Vec::with_capacity(room);
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
            let end = self.end_with(&block);
            self.starts.resize(first_side + 1, end);
            for column in 1..=2 {
                let blob = row
                    .get_ref(column)?
                    .as_blob()
                    .map_err(rusqlite::Error::from)?;
                if blob.len() <= block_bytes {
                    if block.len() + blob.len() > block_bytes {
                        let full = std::mem::replace(&mut block, Vec::with_capacity(room));
                        *self.blocks.last_mut().expect("a block begun") = Arc::new(full);
                        self.blocks.push(Arc::default());
                    }
                    // The side starts where its bytes go: in a new block if one was begun
                    // (the side before it then ends with its block).
                    let at = self.starts.len() - 1;
                    self.starts[at] = self.end_with(&block);
                    block.extend_from_slice(blob);
                }
                let end = self.end_with(&block);
                self.starts.push(end);
            }
            self.upto = id;
            self.units += 1;
        }
        if room == 0 {
            block.shrink_to_fit();
        }
        *self.blocks.last_mut().expect("a block begun") = Arc::new(block);
        Ok(())
    }

    /// The position after the last byte held, `block` being the last block's bytes so far.
    fn end_with(&self, block: &[u8]) -> u64 {
        ((self.blocks.len() as u64 - 1) << self.bits) | block.len() as u64
    }

    /// The stored tokens of `side`, or `None` when they are not held (a unit added after
    /// the load, no such unit at the load, or a side without tokens).
    #[inline]
    pub(crate) fn get(&self, side: u32) -> Option<&[u8]> {
        let s = side as usize;
        let (&start, &end) = (self.starts.get(s)?, self.starts.get(s + 1)?);
        let (at, from) = self.locate(start);
        let block: &[u8] = &self.blocks[at];
        // The last side of a block ends where the block does: the next side's start is
        // in the next block.
        let to = match self.locate(end) {
            (end_at, to) if end_at == at => to,
            _ => block.len(),
        };
        (to > from).then(|| &block[from..to])
    }

    /// A position of `starts` as (block, offset in the block).
    #[inline]
    fn locate(&self, position: u64) -> (usize, usize) {
        let mask = (1u64 << self.bits) - 1;
        ((position >> self.bits) as usize, (position & mask) as usize)
    }

    /// Asks the processor to fetch where side `side` starts ([`SideTokens::prefetch_tokens`]
    /// can then find its bytes without waiting). A hint: it reads nothing for the program.
    #[inline]
    pub(crate) fn prefetch_start(&self, side: u32) {
        prefetch::element(&self.starts, side as usize);
    }

    /// Asks the processor to fetch the first bytes of side `side` (their start is read, so
    /// it should be in cache already: [`SideTokens::prefetch_start`]).
    #[inline]
    pub(crate) fn prefetch_tokens(&self, side: u32) {
        if let Some(&start) = self.starts.get(side as usize) {
            let (at, from) = self.locate(start);
            if let Some(block) = self.blocks.get(at) {
                prefetch::element(block, from);
            }
        }
    }

    /// The highest unit id held: units above it were added after the load.
    pub fn upto(&self) -> i64 {
        self.upto
    }

    /// Units held.
    pub fn units(&self) -> u64 {
        self.units
    }

    /// Bytes of RAM the store holds (tokens and starts; a block's unused room is never
    /// touched, so it takes no memory).
    pub fn heap_bytes(&self) -> u64 {
        let tokens: usize = self.blocks.iter().map(|b| b.len()).sum();
        (tokens + self.starts.len() * std::mem::size_of::<u64>()) as u64
    }
}

#[cfg(test)]
mod tests;
