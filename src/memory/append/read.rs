//! Reading posting lists back: a list's entries, or its chunks decoded one at a time, its
//! home's and then its length bands' (`bands`), all of them or only those of the lengths a
//! query's bar admits.

use rusqlite::{CachedStatement, Connection, OptionalExtension};

use super::super::bands::{self, band_list, bandable};
use super::super::index::{
    posting_rowid, term_rowid, Entry, PrefixEntry, CHUNK_ENTRIES, PREFIX_LID_OFFSET,
};
use super::super::packed::decode_into;
use crate::error::Result;

/// Document frequency and chunk count of one list (zeros when the token never occurs).
pub fn term_info(conn: &Connection, lid: i64, token: u32) -> Result<(i64, u32)> {
    Ok(conn
        .prepare_cached("SELECT df, chunks FROM terms WHERE id = ?1")?
        .query_row([term_rowid(lid, token)], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0)))
}

/// Calls `f` with every entry of one posting list, in insertion order.
pub fn for_each_entry(
    conn: &Connection,
    lid: i64,
    token: u32,
    mut f: impl FnMut(Entry),
) -> Result<()> {
    for_each_chunk(conn, lid, token, |chunk| {
        for e in chunk {
            f(Entry {
                side: e.side,
                len: e.len,
            })
        }
    })
}

/// Calls `f` with every entry of the prefix list of (`lid`, `token`), in insertion order.
pub fn for_each_prefix_entry(
    conn: &Connection,
    lid: i64,
    token: u32,
    mut f: impl FnMut(PrefixEntry),
) -> Result<()> {
    for_each_prefix_chunk(conn, lid, token, |chunk| {
        chunk.iter().copied().for_each(&mut f)
    })
}

/// Calls `f` with the entries of each chunk of one posting list (`pos` 0), its home's in
/// insertion order, then its bands' (`bands`): the form for the query's hot loops, which then
/// run over a slice (a loop the compiler keeps tight) and decide per chunk, not per entry,
/// what kind of tally they feed.
pub fn for_each_chunk(
    conn: &Connection,
    lid: i64,
    token: u32,
    f: impl FnMut(&[PrefixEntry]),
) -> Result<()> {
    ListReader::new(conn)?.for_each_chunk(lid, token, f)
}

/// [`for_each_chunk`] reading, of the list's bands, only those holding lengths `lens`
/// (`None`: none): `f` may then see entries of other lengths (from its home or a band's
/// edges), and must drop or ignore them.
pub fn for_each_chunk_in(
    conn: &Connection,
    lid: i64,
    token: u32,
    lens: Option<(usize, usize)>,
    f: impl FnMut(&[PrefixEntry]),
) -> Result<()> {
    ListReader::new(conn)?.for_each_chunk_in(lid, token, lens, f)
}

/// [`for_each_chunk`] over the prefix list of (`lid`, `token`).
pub fn for_each_prefix_chunk(
    conn: &Connection,
    lid: i64,
    token: u32,
    f: impl FnMut(&[PrefixEntry]),
) -> Result<()> {
    ListReader::new(conn)?.for_each_prefix_chunk(lid, token, f)
}

/// Every length: all of a list's bands.
const ALL_LENGTHS: Option<(usize, usize)> = Some((0, usize::MAX));

/// Reads many lists in turn through one statement and one decode buffer, both held for the
/// reader's life: a probe reads dozens of short lists, for which finding the statement in
/// rusqlite's cache (and handing it back) and a fresh buffer were a large share of the cost.
pub(crate) struct ListReader<'c> {
    stmt: CachedStatement<'c>,
    buf: Vec<PrefixEntry>,
}

impl<'c> ListReader<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<ListReader<'c>> {
        Ok(ListReader {
            stmt: conn.prepare_cached(LIST_ROWS)?,
            buf: Vec::with_capacity(CHUNK_ENTRIES),
        })
    }

    /// [`for_each_chunk`] through this reader.
    pub(crate) fn for_each_chunk(
        &mut self,
        lid: i64,
        token: u32,
        f: impl FnMut(&[PrefixEntry]),
    ) -> Result<()> {
        self.read(lid, token, ALL_LENGTHS, f)
    }

    /// [`for_each_chunk_in`] through this reader.
    pub(crate) fn for_each_chunk_in(
        &mut self,
        lid: i64,
        token: u32,
        lens: Option<(usize, usize)>,
        f: impl FnMut(&[PrefixEntry]),
    ) -> Result<()> {
        self.read(lid, token, lens, f)
    }

    /// [`for_each_prefix_chunk`] through this reader.
    pub(crate) fn for_each_prefix_chunk(
        &mut self,
        lid: i64,
        token: u32,
        f: impl FnMut(&[PrefixEntry]),
    ) -> Result<()> {
        self.read(lid + PREFIX_LID_OFFSET, token, ALL_LENGTHS, f)
    }

    /// [`for_each_prefix_chunk`] reading only the bands of lengths `lens`, as
    /// [`for_each_chunk_in`].
    pub(crate) fn for_each_prefix_chunk_in(
        &mut self,
        lid: i64,
        token: u32,
        lens: Option<(usize, usize)>,
        f: impl FnMut(&[PrefixEntry]),
    ) -> Result<()> {
        self.read(lid + PREFIX_LID_OFFSET, token, lens, f)
    }

    fn read(
        &mut self,
        lid: i64,
        token: u32,
        lens: Option<(usize, usize)>,
        mut f: impl FnMut(&[PrefixEntry]),
    ) -> Result<()> {
        let lo = posting_rowid(lid, token, 0);
        let hi = posting_rowid(lid, token, u16::MAX as u32);
        // An empty range (lower bound above the upper) when no band is read.
        let (band_lo, band_hi) = match bands::bands_of(lens).filter(|_| bandable(lid, token)) {
            Some((first, last)) => {
                let (blid, from) = band_list(lid, token, first);
                let (_, to) = band_list(lid, token, last);
                (
                    posting_rowid(blid, from, 0),
                    posting_rowid(blid, to, u16::MAX as u32),
                )
            }
            None => (1, 0),
        };
        let mut rows = self.stmt.query([lo, hi, band_lo, band_hi])?;
        while let Some(row) = rows.next()? {
            let blob = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
            self.buf.clear();
            decode_into(blob, &mut self.buf);
            f(&self.buf);
        }
        Ok(())
    }
}

/// The rows of one list's home, then those of a range of its bands, by row id ranges.
const LIST_ROWS: &str = "SELECT data FROM postings WHERE id BETWEEN ?1 AND ?2
     UNION ALL SELECT data FROM postings WHERE id BETWEEN ?3 AND ?4";

/// Calls `f` with the data of every posting row of list (`lid`, `token`), borrowed from
/// SQLite (no copy): the raw chunks, for tests of their layout.
#[cfg(test)]
pub(super) fn for_each_blob(
    conn: &Connection,
    lid: i64,
    token: u32,
    mut f: impl FnMut(&[u8]),
) -> Result<()> {
    let lo = posting_rowid(lid, token, 0);
    let hi = posting_rowid(lid, token, u16::MAX as u32);
    let mut stmt = conn.prepare_cached(LIST_ROWS)?;
    let mut rows = stmt.query([lo, hi, 1, 0])?;
    while let Some(row) = rows.next()? {
        f(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    Ok(())
}
