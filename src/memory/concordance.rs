//! Concordance: the units containing a word or phrase under match keys, so diacritics,
//! letter variants and Arabic proclitics (و ف ب ل ك, the article) do not hide a hit:
//! "الكاظمي" finds "الكاظمي", "الكاظمِي", "والكاظمي" and "للكاظمي"; "وزير" finds "الوزير"
//! although its و is no conjunction. Enclitic pronouns (وزراؤها) are not removed.
//!
//! The phrase's rarest word picks the candidates from the posting lists of every token with
//! the same stem; each candidate side is then checked for the whole phrase in order.

use std::collections::HashSet;

use rusqlite::Connection;

use super::diff::Span;
use super::index::{self, decode_tokens, stem};
use super::row::{read_unit, UNIT_COLUMNS};
use super::store::Memory;
use super::writer::find_lang;
use crate::error::{Error, Result};
use crate::text::{self, primary_language, tokenize};

/// One unit containing the phrase, oriented with the matching side first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConcordanceHit {
    pub id: i64,
    /// Which side of the unit matched: "source" or "target".
    pub side: &'static str,
    pub lang: String,
    pub text: String,
    /// Where the phrase occurs in `text` (byte spans).
    pub hits: Vec<Span>,
    pub other_lang: String,
    pub other_text: String,
    pub origin: Option<String>,
}

impl Memory {
    /// Units whose `lang` side (any language when `None`) contains `phrase`; at most `limit`.
    pub fn concordance(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ConcordanceHit>> {
        let words = text::key_tokens(phrase);
        if words.is_empty() {
            return Err(Error::Invalid(format!(
                "'{phrase}' has no words to look for"
            )));
        }
        let conn = self.conn();
        let lids = match lang {
            Some(l) => find_lang(conn, &primary_language(l).to_ascii_lowercase())?
                .into_iter()
                .collect(),
            None => all_langs(conn)?,
        };
        let sets = words
            .iter()
            .map(|w| ids_for_word(conn, w))
            .collect::<Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for lid in lids {
            scan_language(conn, lid, &sets, limit, &mut out)?;
        }
        Ok(out)
    }
}

fn all_langs(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM langs ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The tokens a query word (a match key) stands for. Stems are cut blindly, and a leading
/// و ف ب ل ك may be a word's own first letter (وزير, فريق, بلد) rather than a clitic: so
/// besides the tokens sharing the word's stem, the tokens whose stem is the whole word
/// ("وزير" finds الوزير, بالوزير) and the bare word the stem spells ("الوزير" finds وزير).
fn ids_for_word(conn: &Connection, word: &str) -> Result<HashSet<u32>> {
    let cut = stem(word);
    let mut ids = ids_where(conn, "stem", cut)?;
    if cut != word {
        ids.extend(ids_where(conn, "stem", word)?);
        ids.extend(ids_where(conn, "text", cut)?);
    }
    Ok(ids)
}

fn ids_where(conn: &Connection, column: &str, value: &str) -> Result<HashSet<u32>> {
    let sql = format!("SELECT id FROM tokens WHERE {column} = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map([value], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn scan_language(
    conn: &Connection,
    lid: i64,
    sets: &[HashSet<u32>],
    limit: usize,
    out: &mut Vec<ConcordanceHit>,
) -> Result<()> {
    let mut cost = Vec::with_capacity(sets.len());
    for set in sets {
        let mut df = 0;
        for &id in set {
            df += index::term_info(conn, lid, id)?.0;
        }
        cost.push(df);
    }
    let Some(rarest) = (0..sets.len()).min_by_key(|&i| cost[i]) else {
        return Ok(());
    };
    let mut sides = Vec::new();
    for &id in &sets[rarest] {
        index::for_each_entry(conn, lid, id, |e| sides.push(e.side))?;
    }
    sides.sort_unstable();
    sides.dedup();
    let mut toks = Vec::new();
    let mut stmts = [
        conn.prepare_cached(index::SIDE_TOKENS_SQL[0])?,
        conn.prepare_cached(index::SIDE_TOKENS_SQL[1])?,
    ];
    for side in sides {
        if out.len() >= limit {
            break;
        }
        let (unit, which) = index::unit_of_side(i64::from(side));
        let mut rows = stmts[usize::from(which)].query([unit])?;
        let Some(row) = rows.next()? else { continue };
        decode_tokens(
            row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
            &mut toks,
        );
        let starts = phrase_starts(&toks, sets);
        if !starts.is_empty() {
            out.push(load_hit(conn, side, &starts, sets.len())?);
        }
    }
    Ok(())
}

/// Token positions where the phrase begins.
fn phrase_starts(toks: &[u32], sets: &[HashSet<u32>]) -> Vec<usize> {
    if toks.len() < sets.len() {
        return Vec::new();
    }
    (0..=toks.len() - sets.len())
        .filter(|&i| {
            sets.iter()
                .enumerate()
                .all(|(j, s)| s.contains(&toks[i + j]))
        })
        .collect()
}

fn load_hit(conn: &Connection, side: u32, starts: &[usize], len: usize) -> Result<ConcordanceHit> {
    let (unit, which) = index::unit_of_side(i64::from(side));
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
    let u = conn.prepare_cached(&sql)?.query_row([unit], read_unit)?;
    let r = u.record;
    let (this, other) = if which == 0 {
        (r.source, r.target)
    } else {
        (r.target, r.source)
    };
    let words: Vec<_> = tokenize(&this.text)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .collect();
    let hits = starts
        .iter()
        .filter_map(|&i| {
            let (first, last) = (words.get(i)?, words.get(i + len - 1)?);
            Some(Span {
                start: first.start,
                end: last.end,
                text: this.text[first.start..last.end].to_owned(),
            })
        })
        .collect();
    Ok(ConcordanceHit {
        id: u.id,
        side: if which == 0 { "source" } else { "target" },
        lang: this.lang,
        text: this.text,
        hits,
        other_lang: other.lang,
        other_text: other.text,
        origin: r.origin,
    })
}
