//! Rebuilding every posting list from the units: the full lists from the stored key token
//! ids, the hash lists from the texts (`hashes::rebuild`), the prefix lists in the stored
//! token order (`prefix::rebuild`). Migration 0012 does this to pack the lists in the current
//! layout (`packed`; from any older schema); entries of removed units are left out on the way.
//!
//! The full-list entries made here are the ones `Writer::index_side` makes: one per distinct
//! token of a side, with the side's token count; a side without tokens has one entry in the
//! list of [`index::EMPTY_TOKEN_TEXT`].

use rusqlite::Connection;

use super::index::{self, Entry, PendingPostings, TokenDict};
use crate::error::Result;

/// Flush rebuilt lists to disk beyond this many pending bytes.
const FLUSH_BYTES: usize = 256 << 20;

/// Drops every posting list and builds them all again from the units.
pub fn rebuild_all(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM postings; DELETE FROM terms;")?;
    super::hashes::rebuild(conn)?;
    rebuild_full(conn)?;
    super::prefix::rebuild(conn)
}

fn rebuild_full(conn: &Connection) -> Result<()> {
    let mut tokens = TokenDict::new(conn)?;
    let mut empty: Option<u32> = None;
    let mut pending = PendingPostings::default();
    let mut distinct = Vec::new();
    for_each_side(conn, |side, lid, ids| {
        let entry = Entry {
            side,
            len: u16::try_from(ids.len()).unwrap_or(u16::MAX),
        };
        if ids.is_empty() {
            let id = match empty {
                Some(id) => id,
                None => *empty.insert(tokens.id(conn, index::EMPTY_TOKEN_TEXT)?),
            };
            pending.add(lid, id, entry);
        }
        distinct.clear();
        distinct.extend_from_slice(ids);
        distinct.sort_unstable();
        distinct.dedup();
        for &id in &distinct {
            pending.add(lid, id, entry);
        }
        if pending.bytes() > FLUSH_BYTES {
            pending.flush(conn)?;
        }
        Ok(())
    })?;
    pending.flush(conn)
}

/// Calls `f` with every side of every unit, in side-id order: its side id, language id and
/// key token ids (the walk both list rebuilds share).
pub(crate) fn for_each_side(
    conn: &Connection,
    mut f: impl FnMut(u32, i64, &[u32]) -> Result<()>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, src_lid, src_toks, tgt_lid, tgt_toks FROM units ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut ids = Vec::new();
    while let Some(r) = rows.next()? {
        let unit: i64 = r.get(0)?;
        for which in 0..2u8 {
            let at = 1 + 2 * usize::from(which);
            let lid: i64 = r.get(at)?;
            let blob = r
                .get_ref(at + 1)?
                .as_blob()
                .map_err(rusqlite::Error::from)?;
            index::decode_tokens(blob, &mut ids);
            let side = u32::try_from(index::side_id(unit, which)).unwrap_or(u32::MAX);
            f(side, lid, &ids)?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use rusqlite::params;

    use crate::memory::index::{
        self, posting_rowid, PrefixEntry, CHUNK_ENTRIES, PREFIX_LID_OFFSET,
    };
    use crate::memory::{Memory, Side, SuggestOptions, UnitRecord};

    /// Every list's entries: (term row id, side, length, position).
    pub(crate) fn all_entries(m: &Memory) -> Vec<(i64, PrefixEntry)> {
        let terms: Vec<i64> = m
            .conn()
            .prepare("SELECT id FROM terms ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .filter(|t| {
                !t.as_ref()
                    .is_ok_and(|&t| crate::memory::bands::is_band_term(t))
            })
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut out = Vec::new();
        for term in terms {
            let (lid, token) = (term >> 32, term as u32);
            let from = out.len();
            if lid >= PREFIX_LID_OFFSET {
                index::for_each_prefix_entry(m.conn(), lid - PREFIX_LID_OFFSET, token, |e| {
                    out.push((term, e))
                })
                .unwrap();
            } else {
                index::for_each_entry(m.conn(), lid, token, |e| {
                    let (side, len) = (e.side, e.len);
                    out.push((term, PrefixEntry { side, len, pos: 0 }))
                })
                .unwrap();
            }
            // In side order: a list's home, then its bands (`bands`), is the set of its entries.
            out[from..].sort_by_key(|e| e.1.side);
        }
        out
    }

    fn varint(buf: &mut Vec<u8>, mut v: u32) {
        while v >= 0x80 {
            buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        buf.push(v as u8);
    }

    /// Rewrites every list in the layout of schema 10–11 (per entry the varint of the step
    /// from the previous side id, absolute at a chunk's start; the length as a varint, in
    /// hash lists as u16 LE; in prefix lists the position as a varint) and winds the memory
    /// back to schema 11.
    fn to_version_11_layout(m: &Memory, entries: &[(i64, PrefixEntry)]) {
        let conn = m.conn();
        conn.execute_batch("DELETE FROM postings").unwrap();
        let mut at = 0;
        while at < entries.len() {
            let term = entries[at].0;
            let n = entries[at..].iter().take_while(|e| e.0 == term).count();
            let (lid, token) = (term >> 32, term as u32);
            for (i, chunk) in entries[at..at + n].chunks(CHUNK_ENTRIES).enumerate() {
                let mut buf = Vec::new();
                let mut prev = 0;
                for (_, e) in chunk {
                    varint(&mut buf, e.side - prev);
                    prev = e.side;
                    if lid == 0 {
                        buf.extend_from_slice(&e.len.to_le_bytes());
                    } else {
                        varint(&mut buf, u32::from(e.len));
                    }
                    if lid >= PREFIX_LID_OFFSET {
                        varint(&mut buf, u32::from(e.pos));
                    }
                }
                conn.execute(
                    "INSERT INTO postings(id, data) VALUES (?1, ?2)",
                    params![posting_rowid(lid, token, i as u32), buf],
                )
                .unwrap();
            }
            at += n;
        }
        conn.execute_batch("ALTER TABLE terms DROP COLUMN widths; PRAGMA user_version = 11;")
            .unwrap();
    }

    /// `text` followed by 60 numbered words (a side long enough for the prefix lists).
    pub(crate) fn long_text(text: &str, i: usize) -> String {
        let tail: Vec<String> = (0..60)
            .map(|k| format!("w{}", (k * (i + 1)) % 29))
            .collect();
        format!("{text} {}", tail.join(" "))
    }

    /// The index's ar → en answer to `q` at threshold `t`, checked against the brute-force scan.
    pub(crate) fn suggest_as_the_scan_does(
        m: &Memory,
        q: &str,
        t: u8,
    ) -> Vec<crate::memory::Suggestion> {
        let mut opts = SuggestOptions::new("ar", "en");
        opts.threshold = t;
        let fast = m.suggest(q, &opts).unwrap();
        assert_eq!(fast, m.suggest_brute_force(q, &opts).unwrap(), "{q} {t}");
        fast
    }

    pub(crate) fn answers(m: &Memory) -> Vec<Vec<crate::memory::Suggestion>> {
        let mut out = Vec::new();
        for (i, q) in ["قال الرئيس في بغداد", "قال الوزير", "الوضع في بغداد"]
            .iter()
            .enumerate()
        {
            for (q, t) in [
                (long_text(q, i), 70),
                (long_text(q, i), 90),
                (q.to_string(), 50),
            ] {
                out.push(suggest_as_the_scan_does(m, &q, t));
            }
        }
        out
    }

    /// 2,500 units: enough for lists of several chunks (so with bands), some sides long
    /// (prefix lists).
    pub(crate) fn fill(m: &mut Memory) {
        let mut w = m.writer().unwrap();
        let words = ["قال", "الرئيس", "في", "بغداد", "الوزير", "الوضع", "مستقر"];
        for i in 0..2500usize {
            let ar: Vec<&str> = (0..3 + i % 5).map(|k| words[(i + k * k) % 7]).collect();
            let ar = ar.join(" ");
            let (ar, en) = if i % 3 == 0 {
                (long_text(&ar, i % 4), long_text(&format!("en {i}"), i % 4))
            } else {
                (ar, format!("en {i} said"))
            };
            w.add(&UnitRecord::new(Side::new("ar", ar), Side::new("en", en)))
                .unwrap();
        }
        w.commit().unwrap();
    }

    #[test]
    fn version_11_memories_get_fixed_stride_lists_with_the_same_entries_and_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v11.db");
        let mut m = Memory::open_or_create(&path).unwrap();
        fill(&mut m);
        let expected = answers(&m);
        assert!(expected.iter().any(|a| !a.is_empty()));
        let entries = all_entries(&m);
        assert!(entries.iter().any(|e| e.0 >> 32 >= PREFIX_LID_OFFSET));
        let stride_bytes: i64 = m
            .conn()
            .query_row("SELECT sum(length(data)) FROM postings", [], |r| r.get(0))
            .unwrap();
        to_version_11_layout(&m, &entries);
        drop(m);

        let mut m = Memory::open_existing(&path).unwrap();
        let version: i64 = m
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, crate::memory::schema::latest_version());
        assert_eq!(all_entries(&m), entries);
        let bytes: i64 = m
            .conn()
            .query_row("SELECT sum(length(data)) FROM postings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(bytes, stride_bytes);
        assert_eq!(answers(&m), expected);
        // Appends go on, one unit at a time as a server adds them.
        for i in 0..3 {
            let mut w = m.writer().unwrap();
            w.add(&UnitRecord::new(
                Side::new("ar", format!("قال الرئيس في بغداد {i}")),
                Side::new("en", format!("new {i}")),
            ))
            .unwrap();
            w.commit().unwrap();
        }
        let mut opts = SuggestOptions::new("ar", "en");
        opts.threshold = 50;
        let q = "قال الرئيس في بغداد 2";
        let hits = m.suggest(q, &opts).unwrap();
        assert_eq!(hits, m.suggest_brute_force(q, &opts).unwrap());
        assert_eq!(hits[0].target, "new 2");
    }
}
