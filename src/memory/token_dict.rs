//! The token dictionary (table `tokens`): each match-key token's id, concordance stem and
//! order key (`prefix::TokenOrder`). A writer gives ids out through [`TokenDict`], which
//! caches what it looked up for its life; queries look ids up with
//! [`lookup_tokens_rank`], many keys to a statement.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows_insert::RowsInsert;
use crate::error::Result;
use rustc_hash::FxHashMap as FxMap;

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
    /// Order keys by token id, [`NO_RANK`] where the key is the default one
    /// (`prefix::new_token_rank`): read for every token of every long side stored, so an
    /// array rather than a hash map.
    ranks: Vec<i64>,
    /// Every stored token is in `cache` (the dictionary was empty when this writer began, or
    /// it was read whole): a token not cached is new.
    complete: bool,
    /// Tokens looked up in the table one by one so far, and after how many the whole table
    /// is read instead (rent or buy, as `hashes::StoredHashes`: a look-up by text costs about
    /// as much as reading four rows).
    lookups: u64,
    read_after: u64,
}

impl TokenDict {
    pub fn new(conn: &Connection) -> Result<TokenDict> {
        // Token ids are given as the highest so far plus one: the highest, read from the
        // table's last row, is the count of rows or above it (the threshold only).
        let stored: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM tokens", [], |r| r.get(0))?;
        Ok(TokenDict {
            cache: FxMap::default(),
            ranks: Vec::new(),
            complete: stored == 0,
            lookups: 0,
            read_after: u64::try_from(stored).unwrap_or(0) / 4,
        })
    }

    /// Reads every stored token into the cache; from then on a token not cached is new.
    fn read_all(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare("SELECT id, text, coalesce(ord, -id) FROM tokens")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: u32 = r.get(0)?;
            // A damaged row whose text is not UTF-8 text equals no token a writer is given
            // (the table's UNIQUE compares bytes), as a look-up by text would not find it.
            let ValueRef::Text(text) = r.get_ref(1)? else {
                continue;
            };
            let Ok(text) = std::str::from_utf8(text) else {
                continue;
            };
            self.cache.insert(text.to_owned(), id);
            self.set_rank(id, r.get(2)?);
        }
        self.complete = true;
        Ok(())
    }

    /// The order key of a token this dictionary gave out (see `prefix::TokenOrder`).
    pub fn rank(&self, id: u32) -> i64 {
        match self.ranks.get(id as usize) {
            Some(&rank) if rank != NO_RANK => rank,
            _ => super::prefix::new_token_rank(id),
        }
    }

    fn set_rank(&mut self, id: u32, rank: i64) {
        if rank == super::prefix::new_token_rank(id) {
            return;
        }
        let at = id as usize;
        if self.ranks.len() <= at {
            self.ranks.resize(at + 1, NO_RANK);
        }
        self.ranks[at] = rank;
    }

    /// The id of one token, stored if new ([`TokenDict::ids`]).
    pub fn id(&mut self, conn: &Connection, text: &str) -> Result<u32> {
        let mut out = Vec::with_capacity(1);
        self.ids(conn, [text], &mut out)?;
        Ok(out[0])
    }

    /// The ids of `texts`, pushed to `out`: a known token's from the cache or the table, a
    /// new token's stored, the new tokens' rows inserted `TOKENS_AT_ONCE` to a statement
    /// (`rows_insert`: one statement per token cost about a third of its insert). Their ids
    /// are the ones SQLite would give them one by one (the highest id so far, plus one),
    /// given here explicitly.
    pub fn ids<'t>(
        &mut self,
        conn: &Connection,
        texts: impl IntoIterator<Item = &'t str>,
        out: &mut Vec<u32>,
    ) -> Result<()> {
        let mut insert: Option<(RowsInsert<'_>, i64)> = None;
        for text in texts {
            if let Some(&id) = self.cache.get(text) {
                out.push(id);
                continue;
            }
            if !self.complete && self.lookups >= self.read_after {
                self.read_all(conn)?;
                if let Some(&id) = self.cache.get(text) {
                    out.push(id);
                    continue;
                }
            }
            if !self.complete {
                self.lookups += 1;
                if let Some((id, rank)) = lookup_token_rank(conn, text)? {
                    self.cache.insert(text.to_owned(), id);
                    self.set_rank(id, rank);
                    out.push(id);
                    continue;
                }
            }
            let (rows, next) = match &mut insert {
                Some(open) => open,
                None => {
                    let max: i64 =
                        conn.query_row("SELECT coalesce(max(id), 0) FROM tokens", [], |r| {
                            r.get(0)
                        })?;
                    let rows = RowsInsert::new(conn, "tokens(id, text, stem)", 3, TOKENS_AT_ONCE)?;
                    insert.insert((rows, max))
                }
            };
            *next += 1;
            rows.push(params![*next, text, stem(text)])?;
            let id = *next as u32;
            self.cache.insert(text.to_owned(), id);
            out.push(id);
        }
        match &mut insert {
            Some((rows, _)) => rows.flush(),
            None => Ok(()),
        }
    }
}

/// A token without an order key of its own in [`TokenDict`]'s array (keys are ≥ 0 once
/// `compact` set them, or `-id`).
const NO_RANK: i64 = i64::MIN;

/// New tokens' rows inserted by one statement ([`TokenDict::ids`]).
const TOKENS_AT_ONCE: usize = 64;

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

/// The id and order key of each of `keys` (`None`: unknown to the memory), in one statement
/// over a JSON array of them: a statement per key cost 7,500 instructions, most of it the
/// statement's own overhead, and preparing a long query looked up a hundred keys.
pub fn lookup_tokens_rank(conn: &Connection, keys: &[&str]) -> Result<Vec<Option<(u32, i64)>>> {
    let mut out = vec![None; keys.len()];
    // A key with NUL is looked up alone (the JSON text would carry it as an escape).
    let (plain, odd): (Vec<usize>, Vec<usize>) =
        (0..keys.len()).partition(|&i| !keys[i].contains('\0'));
    for i in odd {
        out[i] = lookup_token_rank(conn, keys[i])?;
    }
    if plain.is_empty() {
        return Ok(out);
    }
    let batch: Vec<&str> = plain.iter().map(|&i| keys[i]).collect();
    let json = serde_json::to_string(&batch).expect("a list of strings always serializes");
    let mut stmt = conn.prepare_cached(
        "SELECT j.key, t.id, coalesce(t.ord, -t.id) FROM json_each(?1) AS j
         CROSS JOIN tokens AS t ON t.text = j.value",
    )?;
    let mut rows = stmt.query([json])?;
    while let Some(r) = rows.next()? {
        let at: usize = r.get(0)?;
        if let Some(&i) = plain.get(at) {
            out[i] = Some((r.get(1)?, r.get(2)?));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_read_whole_gives_the_ids_and_order_keys_of_one_looked_up_by_text() {
        use crate::memory::Memory;
        let m = Memory::in_memory().unwrap();
        let conn = m.conn();
        let stored: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let mut first = TokenDict::new(conn).unwrap();
        let mut ids = Vec::new();
        first
            .ids(conn, stored.iter().map(String::as_str), &mut ids)
            .unwrap();
        // An order key of its own for one token (as `compact` sets them).
        conn.execute("UPDATE tokens SET ord = 7 WHERE text = 'word5'", [])
            .unwrap();
        // 40 stored: the second dictionary looks 10 up by text, then reads the table.
        let mut second = TokenDict::new(conn).unwrap();
        assert_eq!(second.read_after, 10);
        let asked: Vec<&str> = stored
            .iter()
            .rev()
            .map(String::as_str)
            .chain(["new1", "word3", "new2", "new1"])
            .collect();
        let mut got = Vec::new();
        second.ids(conn, asked.iter().copied(), &mut got).unwrap();
        assert!(second.complete && second.lookups == 10);
        let want: Vec<u32> = ids.iter().rev().copied().chain([41, 4, 42, 41]).collect();
        assert_eq!(got, want);
        for (&text, &id) in asked.iter().zip(&got) {
            let (looked, rank) = lookup_token_rank(conn, text).unwrap().unwrap();
            assert_eq!((looked, second.rank(id)), (id, rank), "{text}");
        }
        assert_eq!(second.rank(ids[5]), 7);
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
