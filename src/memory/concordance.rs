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
use super::text_codec::Texts;
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

/// A candidate side costs one row lookup to check; a posting entry costs a few bytes of a
/// blob read in order. Another word's lists are read to narrow the candidates down only
/// while they hold at most this many entries per candidate left.
const ENTRIES_PER_CHECK: i64 = 32;

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
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| cost[i]);
    let Some(&rarest) = order.first() else {
        return Ok(());
    };
    let mut sides = sides_holding(conn, lid, &sets[rarest])?;
    // Every side holding the phrase holds each of its words: keeping only the sides the
    // other words' lists share removes no hit and leaves the rest in id order, so the hits
    // (and which `limit` of them are kept) are those of checking every side of the rarest
    // word, at the price of the lists instead of one unit row per side.
    for &word in &order[1..] {
        if sides.is_empty() || cost[word] > ENTRIES_PER_CHECK * sides.len() as i64 {
            break;
        }
        let also = sides_holding(conn, lid, &sets[word])?;
        sides.retain(|s| also.binary_search(s).is_ok());
    }
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

/// The sides of language `lid` holding any of the tokens `ids`, sorted, without repeats.
fn sides_holding(conn: &Connection, lid: i64, ids: &HashSet<u32>) -> Result<Vec<u32>> {
    let mut sides = Vec::new();
    for &id in ids {
        index::for_each_entry(conn, lid, id, |e| sides.push(e.side))?;
    }
    sides.sort_unstable();
    sides.dedup();
    Ok(sides)
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
    let texts = Texts::new(conn);
    let u = conn
        .prepare_cached(&sql)?
        .query_row([unit], |r| read_unit(&texts, r))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, UnitRecord};

    /// Every side of language `lid`, in side-id order, checked for the phrase: what the
    /// concordance must answer (its candidate filtering may only save work).
    fn every_side(m: &Memory, phrase: &str, lang: &str, limit: usize) -> Vec<i64> {
        let conn = m.conn();
        let lid = find_lang(conn, lang).unwrap().unwrap();
        let sets: Vec<_> = text::key_tokens(phrase)
            .iter()
            .map(|w| ids_for_word(conn, w).unwrap())
            .collect();
        let mut stmt = conn
            .prepare("SELECT id, src_lid, src_toks, tgt_lid, tgt_toks FROM units ORDER BY id")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut found = Vec::new();
        let mut toks = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            for (l, t) in [(1, 2), (3, 4)] {
                if r.get::<_, i64>(l).unwrap() != lid {
                    continue;
                }
                decode_tokens(&r.get::<_, Vec<u8>>(t).unwrap(), &mut toks);
                if !phrase_starts(&toks, &sets).is_empty() && found.len() < limit {
                    found.push(r.get(0).unwrap());
                }
            }
        }
        found
    }

    #[test]
    fn narrowing_by_every_word_finds_what_checking_every_side_finds() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        // A few words everywhere (في, قال), some in a tenth or a third of the units, and
        // proclitic forms, so that some phrases are common, some rare, some absent in order.
        let words = [
            "الوزير",
            "والوزير",
            "النفط",
            "أسعار",
            "بغداد",
            "ارتفعت",
            "امس",
        ];
        for i in 0..600usize {
            let mut ar = vec!["قال"];
            if i % 3 == 0 {
                ar.push(words[i % 7]);
            }
            ar.push("في");
            ar.push(words[(i / 7) % 7]);
            if i % 10 == 0 {
                ar.push(words[(i / 3) % 7]);
            }
            ar.push(words[i % 5]);
            let en = format!("unit {i} said in town");
            w.add(&UnitRecord::new(
                Side::new("ar", ar.join(" ")),
                Side::new("en", en),
            ))
            .unwrap();
        }
        w.commit().unwrap();
        let phrases = [
            "قال في",
            "في الوزير",
            "الوزير في",
            "قال في أسعار",
            "في النفط أسعار",
            "وزير",
            "بغداد ارتفعت النفط",
            "امس في بغداد",
            "قال الوزير في النفط",
            "قال امس",
        ];
        let mut some = 0;
        for phrase in phrases {
            for limit in [1, 20, 1000] {
                let got: Vec<i64> = m
                    .concordance(phrase, Some("ar"), limit)
                    .unwrap()
                    .iter()
                    .map(|h| h.id)
                    .collect();
                assert_eq!(got, every_side(&m, phrase, "ar", limit), "{phrase} {limit}");
                some += usize::from(!got.is_empty());
            }
        }
        // The phrases are not all absent (nor all present): the comparison means something.
        assert!((3..30).contains(&some), "{some}");
        let said: Vec<i64> = m
            .concordance("said in", Some("en"), 1000)
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(said.len(), 600);
    }
}
