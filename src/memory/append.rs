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

use super::index::{
    entry_bytes, posting_rowid, term_rowid, Entry, PrefixEntry, CHUNK_ENTRIES, PREFIX_LID_OFFSET,
};
use super::packed::{decode_chunk, encode_chunk, encode_entries, Widths};
use crate::error::Result;

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
}

impl ListStates {
    pub(super) fn forget(&mut self) {
        self.langs.clear();
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

/// The statements of one flush, prepared once for all its lists (finding a statement in
/// rusqlite's cache and giving it back cost as much as a list's own work), and a buffer of
/// decoded pending entries reused from list to list.
pub(super) struct Appender<'c> {
    read_state: CachedStatement<'c>,
    extend: CachedStatement<'c>,
    repack: CachedStatement<'c>,
    insert_chunk: CachedStatement<'c>,
    insert_term: CachedStatement<'c>,
    update_term: CachedStatement<'c>,
    read_chunk: CachedStatement<'c>,
    entries: Vec<PrefixEntry>,
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
            insert_chunk: conn.prepare_cached("INSERT INTO postings(id, data) VALUES (?1, ?2)")?,
            insert_term: conn.prepare_cached(
                "INSERT INTO terms(id, df, chunks, last, tail, widths)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            update_term: conn.prepare_cached(
                "UPDATE terms SET df = ?2, chunks = ?3, last = ?4, tail = ?5, widths = ?6
                 WHERE id = ?1",
            )?,
            read_chunk: conn.prepare_cached("SELECT data FROM postings WHERE id = ?1")?,
            entries: Vec::new(),
        })
    }

    /// Appends the pending entries `data` (fixed layout) to list (`lid`, `token`), taking
    /// and keeping its state in `states` (see [`Appender::append`]).
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
        let result = self.append(lid, token, state, &entries);
        self.entries = entries;
        let new = result?;
        if known.len() <= slot {
            known.resize((slot + 1).max(known.len() * 2), ListState::default());
        }
        known[slot] = new;
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
    /// it has none), and returns its new state: the first entries top up its last chunk —
    /// in place (`data || ?`, so the chunk is neither fetched nor decoded here) when they
    /// fit its widths, else by repacking it at wider ones — and the rest go into new
    /// chunks of at most [`CHUNK_ENTRIES`] entries.
    fn append(
        &mut self,
        lid: i64,
        token: u32,
        state: Option<ListState>,
        entries: &[PrefixEntry],
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
            self.insert_chunk.execute(params![
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
            self.insert_term.execute(row)?;
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
    conn.prepare_cached("DELETE FROM postings WHERE id BETWEEN ?1 AND ?2")?
        .execute([
            posting_rowid(lid, token, 0),
            posting_rowid(lid, token, u32::from(u16::MAX)),
        ])?;
    conn.prepare_cached("DELETE FROM terms WHERE id = ?1")?
        .execute([term_rowid(lid, token)])?;
    if entries.is_empty() {
        return Ok(());
    }
    let entries: Vec<PrefixEntry> = entries
        .iter()
        .map(|e| PrefixEntry {
            side: e.side,
            len: e.len,
            pos: 0,
        })
        .collect();
    Appender::new(conn)?.append(lid, token, None, &entries)?;
    Ok(())
}

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
    for_each_blob(conn, lid, token, |blob| {
        decode_chunk(blob, |e| {
            f(Entry {
                side: e.side,
                len: e.len,
            })
        })
    })
}

/// Calls `f` with every entry of the prefix list of (`lid`, `token`), in insertion order.
pub fn for_each_prefix_entry(
    conn: &Connection,
    lid: i64,
    token: u32,
    mut f: impl FnMut(PrefixEntry),
) -> Result<()> {
    for_each_blob(conn, lid + PREFIX_LID_OFFSET, token, |blob| {
        decode_chunk(blob, &mut f)
    })
}

fn for_each_blob(conn: &Connection, lid: i64, token: u32, f: impl FnMut(&[u8])) -> Result<()> {
    let lo = posting_rowid(lid, token, 0);
    let hi = posting_rowid(lid, token, u16::MAX as u32);
    for_each_blob_in(conn, lo, hi, f)
}

/// Calls `f` with the data of every posting row with an id in `lo..=hi`, borrowed from
/// SQLite (no copy).
fn for_each_blob_in(conn: &Connection, lo: i64, hi: i64, mut f: impl FnMut(&[u8])) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT data FROM postings WHERE id BETWEEN ?1 AND ?2")?;
    let mut rows = stmt.query([lo, hi])?;
    while let Some(row) = rows.next()? {
        f(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::index::{PendingPostings, ENTRY_BYTES};

    #[test]
    fn pending_lists_flush_per_language_and_token_keeping_side_order() {
        let m = crate::memory::Memory::in_memory().unwrap();
        let conn = m.conn();
        let mut pending = PendingPostings::default();
        let entry = |side, len| Entry { side, len };
        pending.add(2, 9, entry(4, 3));
        pending.add(1, 9, entry(2, 1));
        pending.add(2, 0, entry(5, 2));
        pending.add(2, 9, entry(8, 4));
        assert_eq!(pending.bytes(), 4 * ENTRY_BYTES);
        pending.flush(conn).unwrap();
        assert_eq!(pending.bytes(), 0);
        let list = |lid, token| {
            let mut out = Vec::new();
            for_each_entry(conn, lid, token, |e| out.push((e.side, e.len))).unwrap();
            out
        };
        assert_eq!(list(2, 9), [(4, 3), (8, 4)]);
        assert_eq!(list(1, 9), [(2, 1)]);
        assert_eq!(list(2, 0), [(5, 2)]);
        assert!(list(1, 0).is_empty());
        // A second flush appends to the lists already on disk.
        pending.add(2, 9, entry(10, 1));
        pending.flush(conn).unwrap();
        assert_eq!(list(2, 9), [(4, 3), (8, 4), (10, 1)]);
    }

    fn chunk_sizes(conn: &Connection, lid: i64, token: u32) -> Vec<usize> {
        let mut sizes = Vec::new();
        for_each_blob(conn, lid, token, |blob| {
            let mut n = 0;
            decode_chunk(blob, |_| n += 1);
            sizes.push(n);
        })
        .unwrap();
        sizes
    }

    #[test]
    fn packed_entries_round_trip_in_every_kind_of_list() {
        let m = crate::memory::Memory::in_memory().unwrap();
        let conn = m.conn();
        let sides = [0, 1, 127, 128, 300, 70_000, 1 << 28, u32::MAX - 1, u32::MAX];
        let lens = [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            40_000,
            u16::MAX - 1,
            u16::MAX,
        ];
        let mut pending = PendingPostings::default();
        for (i, (&side, &len)) in sides.iter().zip(&lens).enumerate() {
            pending.add(0, 3, Entry { side, len });
            pending.add(2, 3, Entry { side, len });
            let pos = lens[lens.len() - 1 - i];
            pending.add_prefix(2, 3, PrefixEntry { side, len, pos });
        }
        pending.flush(conn).unwrap();
        for lid in [0, 2] {
            let mut got = Vec::new();
            for_each_entry(conn, lid, 3, |e| got.push((e.side, e.len))).unwrap();
            let want: Vec<_> = sides.iter().copied().zip(lens).collect();
            assert_eq!(got, want, "lid {lid}");
        }
        let mut got = Vec::new();
        for_each_prefix_entry(conn, 2, 3, |e| got.push((e.side, e.len, e.pos))).unwrap();
        let want: Vec<_> = (0..sides.len())
            .map(|i| (sides[i], lens[i], lens[lens.len() - 1 - i]))
            .collect();
        assert_eq!(got, want);
        let mut pending = PendingPostings::default();
        for side in 1000..1100 {
            pending.add(2, 4, Entry { side, len: 20 });
        }
        pending.flush(conn).unwrap();
        let bytes: i64 = conn
            .query_row(
                "SELECT length(data) FROM postings WHERE id = ?1",
                [posting_rowid(2, 4, 0)],
                |r| r.get(0),
            )
            .unwrap();
        // Header, varint of the first side id, then 1-bit steps and 5-bit lengths: one byte.
        assert_eq!(bytes, 2 + 2 + 100);
    }

    #[test]
    fn appends_top_up_the_last_chunk_and_keep_chunks_bounded() {
        let m = crate::memory::Memory::in_memory().unwrap();
        let conn = m.conn();
        let mut side = 0u32;
        let mut want = Vec::new();
        // Flushes of 1 to 7 entries, as a server adding one unit at a time makes them.
        for round in 0..700u32 {
            let mut pending = PendingPostings::default();
            for _ in 0..(round % 7 + 1) {
                // One step of three bytes midway.
                side += 1 + round % 5 + if round == 350 { 70_000 } else { 0 };
                let e = Entry {
                    side,
                    len: (side % 300) as u16,
                };
                pending.add(1, 7, e);
                want.push((e.side, e.len));
            }
            pending.flush(conn).unwrap();
        }
        let mut got = Vec::new();
        for_each_entry(conn, 1, 7, |e| got.push((e.side, e.len))).unwrap();
        assert_eq!(got, want);
        let sizes = chunk_sizes(conn, 1, 7);
        assert_eq!(sizes.len(), want.len().div_ceil(CHUNK_ENTRIES));
        // Lengths pass 255 and a step 65,535: appends widened the chunks as they went, and
        // each is byte for byte what packing its entries at once makes.
        for_each_blob(conn, 1, 7, |blob| {
            let mut entries = Vec::new();
            decode_chunk(blob, |e| entries.push(e));
            assert_eq!(blob, encode_chunk(&entries, Widths::of(None, &entries)));
        })
        .unwrap();
        assert!(sizes[..sizes.len() - 1].iter().all(|&n| n == CHUNK_ENTRIES));
        let (df, chunks) = term_info(conn, 1, 7).unwrap();
        assert_eq!((df as usize, chunks as usize), (want.len(), sizes.len()));
        // One large flush fills the last chunk, then cuts the rest into full chunks.
        let mut pending = PendingPostings::default();
        for _ in 0..3000 {
            side += 2;
            pending.add(1, 7, Entry { side, len: 1 });
        }
        pending.flush(conn).unwrap();
        let sizes = chunk_sizes(conn, 1, 7);
        assert_eq!(sizes.iter().sum::<usize>(), want.len() + 3000);
        assert!(sizes[..sizes.len() - 1].iter().all(|&n| n == CHUNK_ENTRIES));
    }

    #[test]
    fn a_side_id_below_the_last_one_begins_a_new_chunk() {
        let m = crate::memory::Memory::in_memory().unwrap();
        let conn = m.conn();
        let mut pending = PendingPostings::default();
        for side in [10, 20, 5, 6, 6] {
            pending.add(1, 1, Entry { side, len: 2 });
        }
        pending.flush(conn).unwrap();
        pending.add(1, 1, Entry { side: 3, len: 4 });
        pending.add(1, 1, Entry { side: 9, len: 4 });
        pending.flush(conn).unwrap();
        let mut got = Vec::new();
        for_each_entry(conn, 1, 1, |e| got.push(e.side)).unwrap();
        assert_eq!(got, [10, 20, 5, 6, 6, 3, 9]);
        assert_eq!(chunk_sizes(conn, 1, 1), [2, 3, 2]);
    }

    /// Rows of `postings` (id, data) and of `terms` (every column).
    type Tables = (Vec<(i64, Vec<u8>)>, Vec<Vec<i64>>);

    /// Every row of `postings` and `terms`, in id order.
    fn lists_table(conn: &Connection) -> Tables {
        let postings = conn
            .prepare("SELECT id, data FROM postings ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let terms = conn
            .prepare("SELECT id, df, chunks, last, tail, widths FROM terms ORDER BY id")
            .unwrap()
            .query_map([], |r| (0..6).map(|i| r.get(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        (postings, terms)
    }

    /// Pending entries of round `round`: hash, full and prefix lists, tokens old and new,
    /// lengths and steps that outgrow a chunk's widths, lists that fill several chunks.
    fn add_round(pending: &mut PendingPostings, round: u32) {
        for k in 0..300u32 {
            let side = round * 1000 + k * 3;
            let len = ((k * 37 + round * 11) % (if round == 4 { 900 } else { 60 })) as u16;
            for token in [k % 2, 50 + round, 1000 + k % 3] {
                pending.add(1, token, Entry { side, len });
            }
            pending.add(0, (k * 13 + round) % 40, Entry { side, len: 7 });
            let pos = (k % 5) as u16;
            pending.add_prefix(1, k % 4, PrefixEntry { side, len, pos });
        }
    }

    #[test]
    fn lists_flushed_in_pieces_are_byte_for_byte_the_lists_flushed_at_once() {
        let rounds = 0..9u32;
        let at_once = crate::memory::Memory::in_memory().unwrap();
        let mut pending = PendingPostings::default();
        rounds.clone().for_each(|r| add_round(&mut pending, r));
        pending.flush(at_once.conn()).unwrap();
        let want = lists_table(at_once.conn());
        assert!(
            want.0.len() > want.1.len(),
            "some lists have several chunks"
        );

        // One pending set flushed after each round: states come from its cache.
        let cached = crate::memory::Memory::in_memory().unwrap();
        let mut pending = PendingPostings::default();
        for r in rounds.clone() {
            add_round(&mut pending, r);
            pending.flush(cached.conn()).unwrap();
        }
        assert_eq!(lists_table(cached.conn()), want);

        // A new pending set per round (a new writer per import): states come from `terms`,
        // and tokens above the highest on disk are known to have no list.
        let read = crate::memory::Memory::in_memory().unwrap();
        for r in rounds {
            let mut pending = PendingPostings::default();
            add_round(&mut pending, r);
            pending.flush(read.conn()).unwrap();
        }
        assert_eq!(lists_table(read.conn()), want);
    }

    #[test]
    fn a_second_import_appends_to_the_first_ones_lists_as_one_import_would() {
        use crate::memory::{Memory, Side, UnitRecord};
        let words = ["قال", "الرئيس", "في", "بغداد", "الوزير", "الوضع", "مستقر"];
        let unit = |i: usize| {
            let ar: Vec<String> = (0..3 + i % 40)
                .map(|k| match (i + k * k) % 9 {
                    7 | 8 => format!("w{}", (i * 7 + k) % 500),
                    w => words[w].to_string(),
                })
                .collect();
            let en = format!("en {} said {}", i % 300, i % 7);
            UnitRecord::new(Side::new("ar", ar.join(" ")), Side::new("en", en))
        };
        let units: Vec<UnitRecord> = (0..3000).map(unit).collect();
        let dir = tempfile::tempdir().unwrap();
        let build = |name: &str, cuts: &[usize], idle_flush: bool| {
            let mut m = Memory::open_or_create(&dir.path().join(name)).unwrap();
            let mut from = 0;
            for &to in cuts {
                let mut w = m.writer().unwrap();
                for part in units[from..to].chunks(700) {
                    w.add_all(part).unwrap();
                    if idle_flush {
                        assert!(w.flush_pending(1).unwrap());
                    }
                }
                w.commit().unwrap();
                from = to;
            }
            let tables = lists_table(m.conn());
            (tables, crate::memory::lists::tests::all_entries(&m))
        };
        let (one, entries) = build("one.db", &[3000], false);
        assert!(entries.len() > 3000 * 4);
        assert_eq!(build("two.db", &[1800, 3000], false).0, one);
        assert_eq!(build("three.db", &[1000, 1001, 3000], true).0, one);
        assert_eq!(build("flushed.db", &[3000], true).0, one);
    }
}
