//! The on-disk fuzzy index, its vocabulary: row ids of lists and chunks, the entry types, the
//! side token encoding, and the in-memory accumulation of posting entries that a writer
//! flushes on commit (the flush appends through `append`, which also reads lists back). The
//! token dictionary is `token_dict` (re-exported here).
//!
//! A posting list belongs to one (language, token) pair and holds one entry per side
//! containing the token: the side id and the side's token count. Lists are cut into chunks of
//! at most [`CHUNK_ENTRIES`] entries, so appending one unit touches only the last chunk of
//! each of its tokens.
//!
//! Beside each language's full lists, a prefix index holds, per (language, token), entries
//! (side id, length, position) of the sides that have the token among their rarest tokens
//! (`prefix`); those lists live under the language id + [`PREFIX_LID_OFFSET`].
//!
//! Chunks are packed at fixed strides (schema 12): the layout is in `packed.rs`, the appends
//! that keep it and the `terms` row each list has are in `append.rs`.
//!
//! A side is one language half of a unit: side id = unit id × 2, + 1 for the target. Its key
//! token ids, which candidates are verified against, are stored with the unit (`src_toks`,
//! `tgt_toks`; read with [`SIDE_TOKENS_SQL`]).

use rusqlite::Connection;

pub use super::append::{for_each_entry, for_each_prefix_entry, replace_list, term_info};
use super::append::{Appender, ListStates};
pub use super::token_dict::{lookup_token, lookup_token_rank, lookup_tokens_rank, stem, TokenDict};
use crate::error::Result;

/// Entries per posting chunk.
pub const CHUNK_ENTRIES: usize = 1024;
/// Bytes per posting entry while pending in memory ([`PendingPostings`]; on disk they are
/// packed, see the module doc).
pub const ENTRY_BYTES: usize = 6;
/// Bytes per pending prefix-list entry (an [`Entry`] and the token's position in the side's
/// order).
pub const PREFIX_ENTRY_BYTES: usize = 8;
/// Prefix lists of language `lid` are stored as the lists of language `lid` + this (real
/// language ids are small rowids of `langs`; the hash lists use 0).
pub const PREFIX_LID_OFFSET: i64 = 1 << 14;

/// Bytes per pending entry in the lists of (pseudo-)language `lid`.
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

/// The `units` columns holding a source side's (index 0) and a target side's (index 1) key
/// tokens, read through incremental blob handles by verification (`verify`).
pub const SIDE_TOKEN_COLUMNS: [&str; 2] = ["src_toks", "tgt_toks"];

/// SQL reading the other-language id of a source side (index 0) or a target side (index 1).
pub const OTHER_LID_SQL: [&str; 2] = [
    "SELECT tgt_lid FROM units WHERE id = ?1",
    "SELECT src_lid FROM units WHERE id = ?1",
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

pub fn push_entry(buf: &mut Vec<u8>, e: Entry) {
    buf.extend_from_slice(&e.side.to_le_bytes());
    buf.extend_from_slice(&e.len.to_le_bytes());
}

/// Token ids as LEB128 varints.
pub fn encode_tokens(ids: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_tokens_into(ids, &mut out);
    out
}

/// [`encode_tokens`] into `out` (cleared first), so that a writer reuses one buffer.
pub fn encode_tokens_into(ids: &[u32], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(ids.len() * 3);
    for &id in ids {
        let mut v = id;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
}

/// Decodes [`encode_tokens`]' varints into `out` (cleared first); a varint cut off at the
/// end of the blob is dropped. Ids below 128 (the most frequent words) take one test and a
/// push; room for one id per byte is made up front, so the pushes never grow the vector.
/// (Verification decodes one side per candidate: the byte-at-a-time loop cost about 10
/// instructions a byte.)
pub fn decode_tokens(blob: &[u8], out: &mut Vec<u32>) {
    out.clear();
    out.reserve(blob.len());
    for_each_token(blob, |id| out.push(id));
}

/// Calls `f` with each token id of an [`encode_tokens`] blob, as [`decode_tokens`] lists
/// them, without a vector (the concordance's phrase check walks a stored blob once).
#[inline(always)]
pub fn for_each_token(blob: &[u8], mut f: impl FnMut(u32)) {
    let mut bytes = blob.iter();
    'ids: while let Some(&b) = bytes.next() {
        if b < 0x80 {
            f(u32::from(b));
            continue;
        }
        let mut v = u32::from(b & 0x7F);
        let mut shift = 7u32;
        for &b in bytes.by_ref() {
            // A damaged blob's overlong varint loses its high bits rather than panicking.
            v |= u32::from(b & 0x7F).checked_shl(shift).unwrap_or(0);
            if b < 0x80 {
                f(v);
                continue 'ids;
            }
            shift += 7;
        }
    }
}

/// The document frequency of each of `tokens` in language `lid` (0 when the token has no
/// list), as [`term_info`] gives it, in one statement.
pub fn term_dfs(conn: &Connection, lid: i64, tokens: &[u32]) -> Result<Vec<i64>> {
    let mut out = vec![0; tokens.len()];
    if tokens.is_empty() {
        return Ok(out);
    }
    let rowids: Vec<i64> = tokens.iter().map(|&t| term_rowid(lid, t)).collect();
    let json = serde_json::to_string(&rowids).expect("a list of integers always serializes");
    let mut stmt = conn.prepare_cached(
        "SELECT j.key, te.df FROM json_each(?1) AS j CROSS JOIN terms AS te ON te.id = j.value",
    )?;
    let mut rows = stmt.query([json])?;
    while let Some(r) = rows.next()? {
        let at: usize = r.get(0)?;
        if let Some(df) = out.get_mut(at) {
            *df = r.get(1)?;
        }
    }
    Ok(out)
}

/// Posting entries added by a writer and not yet written to disk: per language, per token
/// id (token ids are dense), the encoded entries in the order added. Appending is an array
/// index and a push, the lists need no sort (sides only grow within a writer), and a flush
/// walks them in rowid order, so the postings B-tree grows at its end.
#[derive(Default)]
pub struct PendingPostings {
    langs: Vec<(i64, Vec<Vec<u8>>)>,
    bytes: usize,
    /// What `terms` says of the lists, kept from flush to flush (see [`ListStates`]).
    states: ListStates,
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
        let list = &mut lists[token];
        // Four entries' room at once: growing from nothing by doubling (8, 16, 32 bytes)
        // cost three reallocations per list, 4-7 % of the storing thread's time.
        if list.capacity() == 0 {
            list.reserve(4 * PREFIX_ENTRY_BYTES);
        }
        list
    }

    /// Pending size in bytes (a writer flushes early when this grows large).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Appends every pending list to its on-disk chunks and updates document frequencies.
    /// A failed flush leaves the lists as far as it got (the writer's transaction is then
    /// rolled back) and forgets their states.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut langs = std::mem::take(&mut self.langs);
        langs.sort_unstable_by_key(|(lid, _)| *lid);
        self.bytes = 0;
        let mut appender = Appender::new(conn)?;
        let states = &mut self.states;
        let result = langs.iter().try_for_each(|(lid, lists)| {
            lists
                .iter()
                .enumerate()
                .filter(|(_, data)| !data.is_empty())
                .try_for_each(|(token, data)| {
                    appender.append_pending(conn, states, *lid, token as u32, data)
                })
        });
        let result = result.and_then(|()| appender.finish());
        if result.is_err() {
            self.states.forget();
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let ids = [0, 1, 127, 128, 300, 70_000, u32::MAX];
        let mut out = Vec::new();
        decode_tokens(&encode_tokens(&ids), &mut out);
        assert_eq!(out, ids);
    }

    /// The batched lookups give what one statement per key gives: ids and order keys of
    /// known keys, `None` for unknown ones (with quotes, backslashes, NUL, repeats), and
    /// each token's document frequency or 0.
    #[test]
    fn batched_lookups_equal_one_at_a_time() {
        use crate::memory::{Memory, Side, UnitRecord};
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        for (en, ar) in [
            ("the minister said in baghdad", "قال الوزير في بغداد"),
            ("the minister's \"quote\" in 2024", "الوزير في ٢٠٢٤"),
            ("said the minister", "قال الوزير"),
        ] {
            w.add(&UnitRecord::new(Side::new("en", en), Side::new("ar", ar)))
                .unwrap();
        }
        w.commit().unwrap();
        let conn = m.conn();
        let keys = [
            "the",
            "minister",
            "zzz",
            "بغداد",
            "the",
            "2024",
            "a\"b",
            "a\\b",
            "x\0y",
            "",
            "minister's",
            "قال",
        ];
        let batched = lookup_tokens_rank(conn, &keys).unwrap();
        let single: Vec<_> = keys
            .iter()
            .map(|k| lookup_token_rank(conn, k).unwrap())
            .collect();
        assert_eq!(batched, single);
        assert!(batched.iter().filter(|f| f.is_some()).count() >= 6);
        assert!(lookup_tokens_rank(conn, &[]).unwrap().is_empty());
        let lid: i64 = conn
            .query_row("SELECT id FROM langs WHERE code = 'en'", [], |r| r.get(0))
            .unwrap();
        let mut ids: Vec<u32> = batched.iter().flatten().map(|&(id, _)| id).collect();
        ids.extend([0, 999_999, u32::MAX]);
        let dfs = term_dfs(conn, lid, &ids).unwrap();
        let one: Vec<i64> = ids
            .iter()
            .map(|&id| term_info(conn, lid, id).unwrap().0)
            .collect();
        assert_eq!(dfs, one);
        assert!(dfs.iter().any(|&df| df >= 2));
    }

    /// The byte-at-a-time decoder [`decode_tokens`] replaced.
    fn decode_plain(blob: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut v, mut shift) = (0u32, 0u32);
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
        out
    }

    proptest::proptest! {
        #[test]
        fn decoding_agrees_with_the_plain_decoder(
            ids in proptest::collection::vec(proptest::num::u32::ANY, 0..60),
            small in proptest::collection::vec(0u32..20_000, 0..60),
            cut in 0usize..400,
        ) {
            let mut blob = encode_tokens(&ids);
            blob.extend(encode_tokens(&small));
            // A blob cut anywhere, also inside a varint.
            blob.truncate(cut.min(blob.len()));
            let mut out = vec![7];
            decode_tokens(&blob, &mut out);
            proptest::prop_assert_eq!(out, decode_plain(&blob));
        }

        #[test]
        fn damaged_blobs_decode_without_panicking(
            blob in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
        ) {
            let mut out = Vec::new();
            decode_tokens(&blob, &mut out);
            proptest::prop_assert!(out.len() <= blob.len());
        }
    }
}
