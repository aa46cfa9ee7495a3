//! Length bands of long posting lists (schema 15): a full or prefix list keeps its first
//! [`CHUNK_ENTRIES`] entries under its own key (its *home*), and every entry after those goes
//! to one of up to [`BANDS`] lists by the side's token count, so that a query reads, of a
//! frequent token, only the entries of lengths its bar admits (on 1M long pairs 65 % of the
//! entries read had a length the filter rejects).
//!
//! Only lists that outgrow a chunk are split: a rare token's few entries stay in one list, as
//! before (splitting every list into bands made an import insert 3.8× the rows). Entries of
//! length `u16::MAX` ("at least that long", never filtered on length) always stay home.
//!
//! Band `b` of list (`lid`, `token`) is the list (`lid` + [`BAND_LID_OFFSET`], `token` ·
//! [`BANDS`] + `b`), so the bands a bar admits are one row-id range of `postings`. Its home
//! `terms` row counts every entry of the token (`df`), its bands' rows their own. Readers read
//! the home list and the admitted bands (`append::ListReader`): lossless, since every such
//! reader drops or ignores the entries whose length is outside the range it passes.
//!
//! [`split_long_lists`] is migration 0015's step: it moves the entries past a home's first
//! chunk into bands.

use rusqlite::Connection;

use super::index::{term_rowid, Entry, CHUNK_ENTRIES, PREFIX_LID_OFFSET};
use super::term_cache::{Home, TermCache};
use crate::error::Result;

/// Bands per list: lengths 0–7 one band each, then four bands per octave up to 65,534.
pub const BANDS: u32 = 64;
/// The bands of the lists of (pseudo-)language `lid` are lists of `lid` + this (real
/// language ids are far below it; prefix lists are at [`PREFIX_LID_OFFSET`] and above).
pub const BAND_LID_OFFSET: i64 = 1 << 13;

/// The band of a side of `len` tokens (`len` < `u16::MAX`).
pub fn band(len: u16) -> u32 {
    let len = u32::from(len);
    if len < 8 {
        return len;
    }
    let octave = 31 - len.leading_zeros(); // 3..=15
    8 + (octave - 3) * 4 + ((len >> (octave - 2)) & 3)
}

/// Whether list (`lid`, `token`) may have bands: full and prefix lists of real languages
/// (not the hash lists, not bands themselves) whose band keys fit the row ids.
pub fn bandable(lid: i64, token: u32) -> bool {
    let real = if lid >= PREFIX_LID_OFFSET {
        lid - PREFIX_LID_OFFSET
    } else {
        lid
    };
    real > 0 && real < BAND_LID_OFFSET && token < u32::MAX / BANDS
}

/// The (language, token) key of band `b` of list (`lid`, `token`).
pub fn band_list(lid: i64, token: u32, b: u32) -> (i64, u32) {
    (lid + BAND_LID_OFFSET, token * BANDS + b)
}

/// The bands holding lengths `lo..=hi` (`None`: no length, so no band).
pub fn bands_of(lens: Option<(usize, usize)>) -> Option<(u32, u32)> {
    let clamp = |l: usize| band(l.min(usize::from(u16::MAX - 1)) as u16);
    lens.map(|(lo, hi)| (clamp(lo), clamp(hi)))
}

/// Whether `term` (`index::term_rowid`) is a band's row rather than a list's own.
#[cfg(test)]
pub fn is_band_term(term: i64) -> bool {
    let lid = term >> 32;
    lid & BAND_LID_OFFSET != 0
}

/// How many more entries the home of a list may take (besides those of length `u16::MAX`,
/// which it always takes), given its chunk count and the entries of its last chunk: a home is
/// one chunk; one of more (a list written before schema 15, or grown by entries of length
/// `u16::MAX`) takes none. So a home holds a list's first [`CHUNK_ENTRIES`] entries however
/// flushes cut the list.
pub fn home_room(chunks: u32, tail: u16) -> usize {
    match chunks {
        0 => CHUNK_ENTRIES,
        1 => CHUNK_ENTRIES.saturating_sub(usize::from(tail)),
        _ => 0,
    }
}

/// Splits `entries` (in list order) between a home that may take `room` more (and every entry
/// of length `u16::MAX`) and the bands: the home's entries go to `home`, the others to `banded` sorted by band (stable, so each
/// band keeps list order), with `starts[b]..starts[b + 1]` the range of band `b`.
pub fn split<E: Copy>(
    entries: &[E],
    len: impl Fn(&E) -> u16,
    room: usize,
    home: &mut Vec<E>,
    banded: &mut Vec<E>,
    starts: &mut [usize; BANDS as usize + 1],
) {
    home.clear();
    banded.clear();
    *starts = [0; BANDS as usize + 1];
    // Which band an entry goes to (`None`: home); the same walk counts, then places.
    let walk = |f: &mut dyn FnMut(&E, Option<usize>)| {
        let mut taken = 0;
        for e in entries {
            let l = len(e);
            if taken < room {
                taken += 1;
                f(e, None);
            } else if l == u16::MAX {
                f(e, None);
            } else {
                f(e, Some(band(l) as usize));
            }
        }
    };
    walk(&mut |e, b| match b {
        None => home.push(*e),
        Some(b) => starts[b + 1] += 1,
    });
    if home.len() == entries.len() {
        return;
    }
    for b in 0..BANDS as usize {
        starts[b + 1] += starts[b];
    }
    let mut next = *starts;
    banded.resize(entries.len() - home.len(), entries[0]);
    walk(&mut |e, b| {
        if let Some(b) = b {
            banded[next[b]] = *e;
            next[b] += 1;
        }
    });
}

/// The entries a reader of lengths `lens` (`append::for_each_chunk_in`) reads of each list
/// (`lid`, `tokens[i]`): its home's and its admitted bands' (0 when it has no list), for
/// ordering a query's lists by what reading them costs rather than by their whole `df`. Only
/// lists longer than a chunk have bands: their admitted band rows are summed. The rows are
/// read through `cache` (a `TermCache::default()` reads them all).
pub(crate) fn term_dfs_in(
    conn: &Connection,
    lid: i64,
    tokens: &[u32],
    lens: Option<(usize, usize)>,
    cache: &mut TermCache,
) -> Result<Vec<i64>> {
    let rowids: Vec<i64> = tokens.iter().map(|&t| term_rowid(lid, t)).collect();
    let homes = cache.homes(conn, &rowids)?;
    let mut out = vec![0; tokens.len()];
    for ((slot, &token), home) in out.iter_mut().zip(tokens).zip(homes) {
        let Some((df, chunks, tail)) = home else {
            continue;
        };
        if df <= CHUNK_ENTRIES as i64 || !bandable(lid, token) {
            *slot = df;
            continue;
        }
        let row = |b: u32| {
            let (blid, key) = band_list(lid, token, b);
            term_rowid(blid, key)
        };
        // A home of one chunk counts its `tail`; summing all 64 bands' rows to find the
        // home's count cost more than the admitted ones.
        let home = if chunks <= 1 {
            tail
        } else {
            df - cache.band_sum(conn, row(0), 0, BANDS - 1)?
        };
        let admitted = match bands_of(lens) {
            Some((a, b)) => cache.band_sum(conn, row(0), a, b)?,
            None => 0,
        };
        *slot = home + admitted;
    }
    Ok(out)
}

/// The home `terms` rows (df, chunks, tail) of `rowids` (`None`: no such list), in one
/// statement over a JSON array of them.
pub(crate) fn homes(conn: &Connection, rowids: &[i64]) -> Result<Vec<Option<Home>>> {
    let mut out = vec![None; rowids.len()];
    if rowids.is_empty() {
        return Ok(out);
    }
    let json = serde_json::to_string(&rowids).expect("a list of integers always serializes");
    let mut stmt = conn.prepare_cached(
        "SELECT j.key, te.df, te.chunks, te.tail
         FROM json_each(?1) AS j CROSS JOIN terms AS te ON te.id = j.value",
    )?;
    let mut rows = stmt.query([json])?;
    while let Some(r) = rows.next()? {
        let at: usize = r.get(0)?;
        if let Some(slot) = out.get_mut(at) {
            *slot = Some((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    Ok(out)
}

/// The entries of the band rows `lo..=hi` of one list. Integer ranges, one statement per
/// range: a statement over a JSON array of ranges spent most of its time in `json_extract`
/// (a third of a short query's instructions).
pub(crate) fn band_sum(conn: &Connection, lo: i64, hi: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(sum(df), 0) FROM terms WHERE id BETWEEN ?1 AND ?2")?
        .query_row([lo, hi], |r| r.get(0))?)
}

/// Migration 0015's step: every full and prefix list whose home holds more than one chunk
/// keeps its first [`CHUNK_ENTRIES`] entries (and those of length `u16::MAX`) home and moves
/// the rest into bands, in the migration's transaction.
pub fn split_long_lists(conn: &Connection) -> Result<()> {
    let long: Vec<i64> = conn
        .prepare("SELECT id FROM terms WHERE chunks > 1 AND id >= ?1 ORDER BY id")?
        .query_map([term_rowid(1, 0)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut prefix = Vec::new();
    for term in long {
        let (lid, token) = (term >> 32, term as u32);
        if !bandable(lid, token) {
            continue;
        }
        if lid >= PREFIX_LID_OFFSET {
            prefix.clear();
            super::index::for_each_prefix_entry(conn, lid - PREFIX_LID_OFFSET, token, |e| {
                prefix.push(e)
            })?;
            super::append::replace_prefix_list(conn, lid, token, &prefix)?;
        } else {
            entries.clear();
            super::index::for_each_entry(conn, lid, token, |e| entries.push(e))?;
            super::index::replace_list(conn, lid, token, &entries)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
