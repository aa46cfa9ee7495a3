//! The on-disk fuzzy index: encodings of its blobs and keys, the token dictionary, and the
//! in-memory accumulation of posting entries that a writer flushes on commit.
//!
//! A posting list belongs to one (language, token) pair and holds one 6-byte entry per side
//! containing the token: side id (u32 LE) and the side's token count (u16 LE). Lists are cut
//! into chunks of at most [`CHUNK_ENTRIES`] entries, so appending one unit rewrites only the
//! last (small) chunk of each of its tokens.
//!
//! Beside each language's full lists, a prefix index holds, per (language, token), 8-byte
//! entries (side id, length, position) of the sides that have the token among their rarest
//! tokens (`prefix`); those lists live under the language id + [`PREFIX_LID_OFFSET`].
//!
//! A side is one language half of a unit: side id = unit id × 2, + 1 for the target. Its key
//! token ids, which candidates are verified against, are stored with the unit (`src_toks`,
//! `tgt_toks`; read with [`SIDE_TOKENS_SQL`]).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use rustc_hash::FxHashMap as FxMap;

/// Entries per posting chunk.
pub const CHUNK_ENTRIES: usize = 1024;
/// Bytes per posting entry.
pub const ENTRY_BYTES: usize = 6;
/// Bytes per prefix-list entry (an [`Entry`] and the token's position in the side's order).
pub const PREFIX_ENTRY_BYTES: usize = 8;
/// Prefix lists of language `lid` are stored as the lists of language `lid` + this (real
/// language ids are small rowids of `langs`; the hash lists use 0).
pub const PREFIX_LID_OFFSET: i64 = 1 << 14;

/// Bytes per entry in the lists of (pseudo-)language `lid`.
pub fn entry_bytes(lid: i64) -> usize {
    if lid >= PREFIX_LID_OFFSET {
        PREFIX_ENTRY_BYTES
    } else {
        ENTRY_BYTES
    }
}
/// Token id standing for "this side has no word or number tokens".
pub const EMPTY_TOKEN_TEXT: &str = "";

/// Side id of a unit's source (`side` = 0) or target (`side` = 1).
pub fn side_id(unit: i64, side: u8) -> i64 {
    unit * 2 + i64::from(side)
}

pub fn unit_of_side(side: i64) -> (i64, u8) {
    (side / 2, (side % 2) as u8)
}

/// SQL reading one side's other-language id and key tokens (`encode_tokens`), by unit id,
/// for a source side (index 0) or a target side (index 1).
pub const SIDE_TOKENS_SQL: [&str; 2] = [
    "SELECT tgt_lid, src_toks FROM units WHERE id = ?1",
    "SELECT src_lid, tgt_toks FROM units WHERE id = ?1",
];

pub fn term_rowid(lid: i64, token: u32) -> i64 {
    (lid << 32) | i64::from(token)
}

pub fn posting_rowid(lid: i64, token: u32, chunk: u32) -> i64 {
    (lid << 48) | (i64::from(token) << 16) | i64::from(chunk)
}

/// One decoded posting entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub side: u32,
    pub len: u16,
}

/// One decoded prefix-list entry: the side, its token count, and the position of the
/// token's first occurrence among the side's tokens sorted in the global order
/// (`prefix::TokenOrder`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrefixEntry {
    pub side: u32,
    pub len: u16,
    pub pos: u16,
}

pub fn push_prefix_entry(buf: &mut Vec<u8>, e: PrefixEntry) {
    buf.extend_from_slice(&e.side.to_le_bytes());
    buf.extend_from_slice(&e.len.to_le_bytes());
    buf.extend_from_slice(&e.pos.to_le_bytes());
}

pub fn prefix_entries(blob: &[u8]) -> impl Iterator<Item = PrefixEntry> + '_ {
    blob.chunks_exact(PREFIX_ENTRY_BYTES).map(|c| PrefixEntry {
        side: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        len: u16::from_le_bytes([c[4], c[5]]),
        pos: u16::from_le_bytes([c[6], c[7]]),
    })
}

pub fn push_entry(buf: &mut Vec<u8>, e: Entry) {
    buf.extend_from_slice(&e.side.to_le_bytes());
    buf.extend_from_slice(&e.len.to_le_bytes());
}

pub fn entries(blob: &[u8]) -> impl Iterator<Item = Entry> + '_ {
    blob.chunks_exact(ENTRY_BYTES).map(|c| Entry {
        side: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        len: u16::from_le_bytes([c[4], c[5]]),
    })
}

/// Token ids as LEB128 varints.
pub fn encode_tokens(ids: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 3);
    for &id in ids {
        let mut v = id;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    out
}

pub fn decode_tokens(blob: &[u8], out: &mut Vec<u32>) {
    out.clear();
    let mut v = 0u32;
    let mut shift = 0;
    for &b in blob {
        v |= u32::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            out.push(v);
            v = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// The concordance stem of a token: Arabic proclitics (و ف ب ل ك, the article and their
/// combinations) removed when enough letters remain; other tokens are their own stem.
pub fn stem(token: &str) -> &str {
    const PREFIXES: [&str; 12] = [
        "وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "فب", "فل", "و", "ف",
    ];
    const SINGLE: [&str; 3] = ["ب", "ل", "ك"];
    let letters = token.chars().count();
    for p in PREFIXES.iter().chain(SINGLE.iter()) {
        if let Some(rest) = token.strip_prefix(p) {
            if rest.chars().count() >= 3 && letters > p.chars().count() + 2 {
                return rest;
            }
        }
    }
    token
}

/// Looks up or creates token ids, caching them (and their order keys, `prefix`) for the
/// life of a writer.
#[derive(Default)]
pub struct TokenDict {
    cache: FxMap<String, u32>,
    ranks: FxMap<u32, i64>,
    /// The dictionary was empty when this writer began: every token not cached is new.
    complete: bool,
}

impl TokenDict {
    pub fn new(conn: &Connection) -> Result<TokenDict> {
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM tokens)", [], |r| r.get(0))?;
        Ok(TokenDict {
            cache: FxMap::default(),
            ranks: FxMap::default(),
            complete: empty,
        })
    }

    /// The order key of a token this dictionary gave out (see `prefix::TokenOrder`).
    pub fn rank(&self, id: u32) -> i64 {
        self.ranks
            .get(&id)
            .copied()
            .unwrap_or_else(|| super::prefix::new_token_rank(id))
    }

    pub fn id(&mut self, conn: &Connection, text: &str) -> Result<u32> {
        if let Some(&id) = self.cache.get(text) {
            return Ok(id);
        }
        let known = if self.complete {
            None
        } else {
            lookup_token_rank(conn, text)?
        };
        let (id, rank) = match known {
            Some(known) => known,
            None => {
                conn.prepare_cached("INSERT INTO tokens(text, stem) VALUES (?1, ?2)")?
                    .execute(params![text, stem(text)])?;
                let id = conn.last_insert_rowid() as u32;
                (id, super::prefix::new_token_rank(id))
            }
        };
        self.cache.insert(text.to_owned(), id);
        self.ranks.insert(id, rank);
        Ok(id)
    }
}

pub fn lookup_token(conn: &Connection, text: &str) -> Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT id FROM tokens WHERE text = ?1")?
        .query_row([text], |r| r.get::<_, u32>(0))
        .optional()?)
}

/// A token's id and order key (`prefix::TokenOrder`).
pub fn lookup_token_rank(conn: &Connection, text: &str) -> Result<Option<(u32, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, coalesce(ord, -id) FROM tokens WHERE text = ?1")?
        .query_row([text], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)?)))
        .optional()?)
}

/// Posting entries added by a writer and not yet written to disk: per language, per token
/// id (token ids are dense), the encoded entries in the order added. Appending is an array
/// index and a push, the lists need no sort (sides only grow within a writer), and a flush
/// walks them in rowid order, so the postings B-tree grows at its end.
#[derive(Default)]
pub struct PendingPostings {
    langs: Vec<(i64, Vec<Vec<u8>>)>,
    bytes: usize,
}

impl PendingPostings {
    pub fn add(&mut self, lid: i64, token: u32, entry: Entry) {
        push_entry(self.list(lid, token), entry);
        self.bytes += ENTRY_BYTES;
    }

    /// Adds an entry to the prefix list of (`lid`, `token`) (`lid` the real language).
    pub fn add_prefix(&mut self, lid: i64, token: u32, entry: PrefixEntry) {
        push_prefix_entry(self.list(lid + PREFIX_LID_OFFSET, token), entry);
        self.bytes += PREFIX_ENTRY_BYTES;
    }

    fn list(&mut self, lid: i64, token: u32) -> &mut Vec<u8> {
        let lists = match self.langs.iter().position(|(l, _)| *l == lid) {
            Some(i) => &mut self.langs[i].1,
            None => {
                self.langs.push((lid, Vec::new()));
                &mut self.langs.last_mut().expect("just pushed").1
            }
        };
        let token = token as usize;
        if lists.len() <= token {
            lists.resize_with((token + 1).max(lists.len() * 2), Vec::new);
        }
        &mut lists[token]
    }

    /// Pending size in bytes (a writer flushes early when this grows large).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Appends every pending list to its on-disk chunks and updates document frequencies.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut langs = std::mem::take(&mut self.langs);
        langs.sort_unstable_by_key(|(lid, _)| *lid);
        for (lid, lists) in &langs {
            for (token, data) in lists.iter().enumerate() {
                if !data.is_empty() {
                    append_list(conn, *lid, token as u32, data)?;
                }
            }
        }
        self.bytes = 0;
        Ok(())
    }
}

fn append_list(conn: &Connection, lid: i64, token: u32, data: &[u8]) -> Result<()> {
    let term = term_rowid(lid, token);
    let (df, chunks): (i64, u32) = conn
        .prepare_cached("SELECT df, chunks FROM terms WHERE id = ?1")?
        .query_row([term], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    let mut rest = data;
    let mut chunks = chunks;
    let size = entry_bytes(lid);
    let cap = CHUNK_ENTRIES * size;
    if chunks > 0 {
        let last = posting_rowid(lid, token, chunks - 1);
        let mut blob: Vec<u8> = conn
            .prepare_cached("SELECT data FROM postings WHERE id = ?1")?
            .query_row([last], |r| r.get(0))?;
        if blob.len() < cap {
            let take = rest.len().min(cap - blob.len());
            blob.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            conn.prepare_cached("UPDATE postings SET data = ?2 WHERE id = ?1")?
                .execute(params![last, blob])?;
        }
    }
    for piece in rest.chunks(cap) {
        conn.prepare_cached("INSERT INTO postings(id, data) VALUES (?1, ?2)")?
            .execute(params![posting_rowid(lid, token, chunks), piece])?;
        chunks += 1;
    }
    let df = df + (data.len() / size) as i64;
    conn.prepare_cached("INSERT OR REPLACE INTO terms(id, df, chunks) VALUES (?1, ?2, ?3)")?
        .execute(params![term, df, chunks])?;
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
    for_each_blob(conn, lid, token, |blob| entries(blob).for_each(&mut f))
}

/// Calls `f` with every entry of the prefix list of (`lid`, `token`), in insertion order.
pub fn for_each_prefix_entry(
    conn: &Connection,
    lid: i64,
    token: u32,
    mut f: impl FnMut(PrefixEntry),
) -> Result<()> {
    for_each_blob(conn, lid + PREFIX_LID_OFFSET, token, |blob| {
        prefix_entries(blob).for_each(&mut f)
    })
}

fn for_each_blob(conn: &Connection, lid: i64, token: u32, mut f: impl FnMut(&[u8])) -> Result<()> {
    let lo = posting_rowid(lid, token, 0);
    let hi = posting_rowid(lid, token, u16::MAX as u32);
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

    #[test]
    fn varints_round_trip() {
        let ids = [0, 1, 127, 128, 300, 70_000, u32::MAX];
        let mut out = Vec::new();
        decode_tokens(&encode_tokens(&ids), &mut out);
        assert_eq!(out, ids);
    }

    #[test]
    fn stems_drop_proclitics_only_when_a_word_remains() {
        let cases = [
            ("الكاظمي", "كاظمي"),
            ("والكاظمي", "كاظمي"),
            ("للكاظمي", "كاظمي"),
            ("بالكاظمي", "كاظمي"),
            ("وقال", "قال"),
            ("ولد", "ولد"),
            ("kadhimi", "kadhimi"),
        ];
        for (token, expected) in cases {
            assert_eq!(stem(token), expected, "{token}");
        }
    }
}
