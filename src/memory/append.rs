//! Posting lists on disk: appending entries to a list's chunks and reading a list back.
//!
//! Each list (`index::term_rowid`) is rows of `postings` (`index::posting_rowid`: language,
//! token, chunk number) and one row of `terms` holding its entry count (`df`), its chunk
//! count, its last side id, the entry count of its last chunk (`tail`) and that chunk's widths.
//!
//! **Chunk encoding** (schema 12; the codec and its layout are in `packed.rs`): side ids
//! ascend within a list (unit ids only grow), so each entry stores the step from the previous
//! entry's side id, then the length (hash lists: the 16 check bits) and, in prefix lists, the
//! position, each in the bit width its chunk's header gives (the least that holds the chunk's
//! values; an entry is a whole number of bytes), after the chunk's first side id; so every
//! chunk decodes alone, at a fixed stride. Because `terms` keeps the last side id, the tail's
//! entry count and widths, an append that fits them neither fetches nor decodes the chunk it
//! extends.

use rusqlite::{params, CachedStatement, Connection, OptionalExtension};

use super::bands::{self, band_list, bandable, BANDS, BAND_LID_OFFSET};
use super::index::{entry_bytes, posting_rowid, term_rowid, Entry, PrefixEntry, CHUNK_ENTRIES};
use super::packed::{decode_chunk, encode_chunk, encode_entries, Widths};
use super::rows_insert::RowsInsert;
use crate::error::Result;
use rustc_hash::FxHashMap as FxMap;

/// One pending entry in the fixed layout of `index::push_entry` / `index::push_prefix_entry`.
fn pending_entry(c: &[u8]) -> PrefixEntry {
    PrefixEntry {
        side: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        len: u16::from_le_bytes([c[4], c[5]]),
        pos: c.get(6..8).map_or(0, |p| u16::from_le_bytes([p[0], p[1]])),
    }
}

/// What `terms` says of one list that has a row there: entries, chunks, last side id,
/// entries in the last chunk and that chunk's widths (its `packed::Widths` header + 1; 0:
/// unknown). 16 bytes, as [`ListStates`] keeps one per list a writer has flushed (`df` and
/// `tail` are bounded by the chunk count, itself at most 2^16, times [`CHUNK_ENTRIES`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ListState {
    df: u32,
    chunks: u32,
    last: u32,
    tail: u16,
    widths: u16,
}

/// The `terms` state of the lists one [`index::PendingPostings`] flushes, so that a flush
/// reads `terms` only for lists that were on disk before it began: per language, the
/// highest token with a list then (a token above it has none, unless this very cache wrote
/// it), and the state of every list written since. Valid while the lists of its languages
/// change only through its owner, which a writer's transaction ensures; after a failed flush
/// it is dropped ([`ListStates::forget`]).
#[derive(Default)]
pub(super) struct ListStates {
    /// (language id, highest token id with a list before the first flush (`None`: none),
    /// states by token id (`df` = 0: not known here)).
    langs: Vec<(i64, Option<u32>, Vec<ListState>)>,
    /// The states of band lists (`bands`) written or read, by `terms` row id: few lists
    /// have bands, so a map rather than an array by key (64 keys a token).
    bands: FxMap<i64, ListState>,
}

impl ListStates {
    pub(super) fn forget(&mut self) {
        self.langs.clear();
        self.bands.clear();
    }

    /// Index of language `lid` in `langs`, reading its highest token on first use.
    fn language(&mut self, conn: &Connection, lid: i64) -> Result<usize> {
        if let Some(i) = self.langs.iter().position(|l| l.0 == lid) {
            return Ok(i);
        }
        let max: Option<i64> = conn
            .prepare_cached("SELECT max(id) FROM terms WHERE id BETWEEN ?1 AND ?2")?
            .query_row([term_rowid(lid, 0), term_rowid(lid, u32::MAX)], |r| {
                r.get(0)
            })?;
        self.langs.push((lid, max.map(|id| id as u32), Vec::new()));
        Ok(self.langs.len() - 1)
    }
}

/// Rows of `postings` and of `terms` inserted by one statement (`rows_insert`): a flush
/// inserts two rows for most lists, and one statement per row cost as much as the row.
const ROWS_AT_ONCE: usize = 64;

/// The statements of one flush, prepared once for all its lists (finding a statement in
/// rusqlite's cache and giving it back cost as much as a list's own work), and a buffer of
/// decoded pending entries reused from list to list. New chunks and new `terms` rows are
/// inserted [`ROWS_AT_ONCE`] at a time: [`Appender::finish`] inserts the last ones. Nothing
/// a flush reads can be among them: it reads only the lists' rows written before it began
/// (each list is appended to once per flush).
pub(super) struct Appender<'c> {
    read_state: CachedStatement<'c>,
    extend: CachedStatement<'c>,
    repack: CachedStatement<'c>,
    insert_chunk: RowsInsert<'c>,
    insert_term: RowsInsert<'c>,
    update_term: CachedStatement<'c>,
    read_chunk: CachedStatement<'c>,
    entries: Vec<PrefixEntry>,
    /// A list's pending entries split between its home and its bands (`bands::split`).
    home: Vec<PrefixEntry>,
    banded: Vec<PrefixEntry>,
    starts: [usize; BANDS as usize + 1],
}

impl<'c> Appender<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<Appender<'c>> {
        Ok(Appender {
            read_state: conn
                .prepare_cached("SELECT df, chunks, last, tail, widths FROM terms WHERE id = ?1")?,
            // `||` makes text of the two blobs; in a UTF-8 database (a memory always is)
            // text and blob are the same bytes, so the cast gives their concatenation.
            extend: conn.prepare_cached(
                "UPDATE postings SET data = CAST(data || ?2 AS BLOB) WHERE id = ?1",
            )?,
            repack: conn.prepare_cached("UPDATE postings SET data = ?2 WHERE id = ?1")?,
            insert_chunk: RowsInsert::new(conn, "postings(id, data)", 2, ROWS_AT_ONCE)?,
            insert_term: RowsInsert::new(
                conn,
                "terms(id, df, chunks, last, tail, widths)",
                6,
                ROWS_AT_ONCE,
            )?,
            update_term: conn.prepare_cached(
                "UPDATE terms SET df = ?2, chunks = ?3, last = ?4, tail = ?5, widths = ?6
                 WHERE id = ?1",
            )?,
            read_chunk: conn.prepare_cached("SELECT data FROM postings WHERE id = ?1")?,
            entries: Vec::new(),
            home: Vec::new(),
            banded: Vec::new(),
            starts: [0; BANDS as usize + 1],
        })
    }

    /// Inserts the new rows still bound: the flush is complete once this returns.
    pub(super) fn finish(&mut self) -> Result<()> {
        self.insert_chunk.flush()?;
        self.insert_term.flush()
    }

    /// Appends the pending entries `data` (fixed layout) to list (`lid`, `token`), taking
    /// and keeping its state in `states` (see [`Appender::append`]); entries past its home's
    /// first chunk go to its bands ([`Appender::append_split`]).
    pub(super) fn append_pending(
        &mut self,
        conn: &Connection,
        states: &mut ListStates,
        lid: i64,
        token: u32,
        data: &[u8],
    ) -> Result<()> {
        let at = states.language(conn, lid)?;
        let (_, old_max, known) = &mut states.langs[at];
        let slot = token as usize;
        let cached = known.get(slot).copied().filter(|s| s.df > 0);
        let state = match cached {
            Some(s) => Some(s),
            None if old_max.is_none_or(|max| token > max) => None,
            None => self.read_state(term_rowid(lid, token))?,
        };
        self.entries.clear();
        self.entries
            .extend(data.chunks_exact(entry_bytes(lid)).map(pending_entry));
        let entries = std::mem::take(&mut self.entries);
        let result = self.append_split(conn, states, lid, token, state, &entries);
        self.entries = entries;
        let new = result?;
        let known = &mut states.langs[at].2;
        if known.len() <= slot {
            known.resize((slot + 1).max(known.len() * 2), ListState::default());
        }
        known[slot] = new;
        Ok(())
    }

    /// Appends `entries` to list (`lid`, `token`) whose `terms` row says `state`: all of
    /// them when the list has no bands or its home has room, else its home's share and
    /// each band's (`bands::split`), the band lists' states kept in `states`. Returns the
    /// home's new state.
    fn append_split(
        &mut self,
        conn: &Connection,
        states: &mut ListStates,
        lid: i64,
        token: u32,
        state: Option<ListState>,
        entries: &[PrefixEntry],
    ) -> Result<ListState> {
        let room = state.map_or(CHUNK_ENTRIES, |s| bands::home_room(s.chunks, s.tail));
        if !bandable(lid, token) || entries.len() <= room {
            return self.append(lid, token, state, entries, 0);
        }
        let (mut home, mut banded) = (
            std::mem::take(&mut self.home),
            std::mem::take(&mut self.banded),
        );
        let mut starts = self.starts;
        bands::split(
            entries,
            |e| e.len,
            room,
            &mut home,
            &mut banded,
            &mut starts,
        );
        let result = self.append_bands(conn, states, lid, token, &banded, &starts);
        let result =
            result.and_then(|()| self.append(lid, token, state, &home, banded.len() as u32));
        (self.home, self.banded) = (home, banded);
        result
    }

    /// Appends to each band of list (`lid`, `token`) its entries `banded[starts[b]..starts[b + 1]]`.
    fn append_bands(
        &mut self,
        conn: &Connection,
        states: &mut ListStates,
        lid: i64,
        token: u32,
        banded: &[PrefixEntry],
        starts: &[usize; BANDS as usize + 1],
    ) -> Result<()> {
        let blid = lid + BAND_LID_OFFSET;
        let at = states.language(conn, blid)?;
        let old_max = states.langs[at].1;
        for b in 0..BANDS {
            let part = &banded[starts[b as usize]..starts[b as usize + 1]];
            if part.is_empty() {
                continue;
            }
            let (_, key) = band_list(lid, token, b);
            let term = term_rowid(blid, key);
            let state = match states.bands.get(&term) {
                Some(&s) => Some(s),
                None if old_max.is_none_or(|max| key > max) => None,
                None => self.read_state(term)?,
            };
            let new = self.append(blid, key, state, part, 0)?;
            states.bands.insert(term, new);
        }
        Ok(())
    }

    fn read_state(&mut self, term: i64) -> Result<Option<ListState>> {
        let number =
            |v: i64| u32::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, v));
        Ok(self
            .read_state
            .query_row([term], |r| {
                Ok(ListState {
                    df: number(r.get(0)?)?,
                    chunks: number(r.get(1)?)?,
                    last: number(r.get(2)?)?,
                    tail: u16::try_from(r.get::<_, i64>(3)?).unwrap_or(u16::MAX),
                    widths: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// Appends `entries` to list (`lid`, `token`), whose `terms` row says `state` (`None`:
    /// it has none), counting in its `df` `in_bands` more written to its bands, and returns
    /// its new state: the first entries top up its last chunk —
    /// in place (`data || ?`, so the chunk is neither fetched nor decoded here) when they
    /// fit its widths, else by repacking it at wider ones — and the rest go into new
    /// chunks of at most [`CHUNK_ENTRIES`] entries.
    fn append(
        &mut self,
        lid: i64,
        token: u32,
        state: Option<ListState>,
        entries: &[PrefixEntry],
        in_bands: u32,
    ) -> Result<ListState> {
        let had_row = state.is_some();
        let mut state = state.unwrap_or_default();
        let mut rest = entries;
        // tail = 0 or widths unknown with chunks: the last chunk is left as it is.
        let known = state.widths.checked_sub(1).and_then(Widths::from_header);
        let tail = usize::from(state.tail);
        if let (true, Some(old)) = (state.chunks > 0 && tail > 0, known) {
            let n = ascending_run(Some(state.last), rest, CHUNK_ENTRIES.saturating_sub(tail));
            if n > 0 {
                let (head, after) = rest.split_at(n);
                let need = Widths::of(Some(state.last), head);
                let last = posting_rowid(lid, token, state.chunks - 1);
                let changed = if old.covers(need) {
                    let mut buf = Vec::with_capacity(n * old.stride());
                    encode_entries(&mut buf, state.last, head, old);
                    self.extend.execute(params![last, buf])?
                } else {
                    let widths = old.max(need);
                    let mut all = Vec::with_capacity(tail + n);
                    let mut rows = self.read_chunk.query([last])?;
                    if let Some(row) = rows.next()? {
                        let blob = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
                        decode_chunk(blob, |e| all.push(e));
                    }
                    drop(rows);
                    if all.len() != tail || all.last().map(|e| e.side) != Some(state.last) {
                        return Err(damaged_list(lid, token));
                    }
                    all.extend_from_slice(head);
                    state.widths = widths.header() + 1;
                    self.repack
                        .execute(params![last, encode_chunk(&all, widths)])?
                };
                if changed != 1 {
                    return Err(damaged_list(lid, token));
                }
                state.tail += n as u16;
                state.last = head[n - 1].side;
                rest = after;
            }
        }
        while !rest.is_empty() {
            let n = ascending_run(None, rest, CHUNK_ENTRIES);
            let (chunk, after) = rest.split_at(n);
            // Chunk numbers have 16 bits in the row id (`posting_rowid`).
            if state.chunks > u32::from(u16::MAX) {
                return Err(crate::error::Error::Invalid(format!(
                    "posting list of token {token} (language {lid}) is full"
                )));
            }
            let widths = Widths::of(None, chunk);
            self.insert_chunk.push(params![
                posting_rowid(lid, token, state.chunks),
                encode_chunk(chunk, widths)
            ])?;
            state.chunks += 1;
            state.tail = n as u16;
            state.last = chunk[n - 1].side;
            state.widths = widths.header() + 1;
            rest = after;
        }
        state.df = state
            .df
            .checked_add(entries.len() as u32)
            .and_then(|df| df.checked_add(in_bands))
            .ok_or_else(|| damaged_list(lid, token))?;
        let row = params![
            term_rowid(lid, token),
            state.df,
            state.chunks,
            state.last,
            state.tail,
            state.widths
        ];
        if had_row {
            self.update_term.execute(row)?;
        } else {
            self.insert_term.push(row)?;
        }
        Ok(state)
    }
}

/// How many of `entries` (at most `room`) continue a chunk whose last side id is `prev`
/// without a side id going down (deltas are unsigned: such an entry begins a new chunk; no
/// writer makes one, since unit ids only grow).
fn ascending_run(mut prev: Option<u32>, entries: &[PrefixEntry], room: usize) -> usize {
    let mut n = 0;
    for e in entries.iter().take(room) {
        if prev.is_some_and(|p| e.side < p) {
            break;
        }
        prev = Some(e.side);
        n += 1;
    }
    n
}

fn damaged_list(lid: i64, token: u32) -> crate::error::Error {
    crate::error::Error::Invalid(format!(
        "posting list of token {token} (language {lid}) misses its last chunk"
    ))
}

/// Replaces list (`lid`, `token`) by `entries` (full or hash list; removed when empty).
pub fn replace_list(conn: &Connection, lid: i64, token: u32, entries: &[Entry]) -> Result<()> {
    let entries: Vec<PrefixEntry> = entries
        .iter()
        .map(|e| PrefixEntry {
            side: e.side,
            len: e.len,
            pos: 0,
        })
        .collect();
    replace_entries(conn, lid, token, &entries)
}

/// Replaces list (`lid`, `token`) — a prefix list: `lid` includes [`PREFIX_LID_OFFSET`] —
/// by `entries`, as [`replace_list`] does.
pub fn replace_prefix_list(
    conn: &Connection,
    lid: i64,
    token: u32,
    entries: &[PrefixEntry],
) -> Result<()> {
    replace_entries(conn, lid, token, entries)
}

/// Drops list (`lid`, `token`) and its bands, then writes `entries` to it, its home first.
fn replace_entries(conn: &Connection, lid: i64, token: u32, entries: &[PrefixEntry]) -> Result<()> {
    let mut ranges = vec![(lid, token, token)];
    if bandable(lid, token) {
        let (blid, first) = band_list(lid, token, 0);
        ranges.push((blid, first, first + BANDS - 1));
    }
    for (lid, lo, hi) in ranges {
        conn.prepare_cached("DELETE FROM postings WHERE id BETWEEN ?1 AND ?2")?
            .execute([
                posting_rowid(lid, lo, 0),
                posting_rowid(lid, hi, u32::from(u16::MAX)),
            ])?;
        conn.prepare_cached("DELETE FROM terms WHERE id BETWEEN ?1 AND ?2")?
            .execute([term_rowid(lid, lo), term_rowid(lid, hi)])?;
    }
    if entries.is_empty() {
        return Ok(());
    }
    let mut appender = Appender::new(conn)?;
    let mut states = ListStates::default();
    appender.append_split(conn, &mut states, lid, token, None, entries)?;
    appender.finish()
}

/// Writes list (`lid`, `token`) with every entry home, as schema 14 kept it (tests of the
/// migration to bands).
#[cfg(test)]
pub(crate) fn write_unbanded(
    conn: &Connection,
    lid: i64,
    token: u32,
    entries: &[PrefixEntry],
) -> Result<()> {
    let mut appender = Appender::new(conn)?;
    appender.append(lid, token, None, entries, 0)?;
    appender.finish()
}

mod read;
#[cfg(test)]
use read::for_each_blob;
pub(crate) use read::ListReader;
pub use read::{for_each_chunk_in, for_each_entry, for_each_prefix_entry, term_info};

#[cfg(test)]
mod tests;
