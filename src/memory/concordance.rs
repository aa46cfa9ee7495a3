//! Concordance: the units containing a word or phrase under match keys, so diacritics,
//! letter variants and Arabic proclitics (و ف ب ل ك, the article) do not hide a hit:
//! "الكاظمي" finds "الكاظمي", "الكاظمِي", "والكاظمي" and "للكاظمي"; "وزير" finds "الوزير"
//! although its و is no conjunction. Enclitic pronouns (وزراؤها) are not removed.
//!
//! The phrase's rarest word picks the candidates from the posting lists of every token with
//! the same stem; each candidate side is then checked for the whole phrase in order.

use std::rc::Rc;

use rusqlite::Connection;
use rustc_hash::FxHashSet;

use super::diff::Span;
use super::index;
use super::store::Memory;
use super::writer::find_lang;
use crate::error::{Error, Result};
use crate::text::{self, primary_language};

mod cache;
mod phrase;
mod side_set;

pub use cache::ConcordanceCache;
use cache::LoadedSide;
use phrase::Phrase;
use side_set::Walk;

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
        self.concordance_with(phrase, lang, limit, &mut ConcordanceCache::default())
    }

    /// [`Memory::concordance`] reusing the words' tokens and posting lists that earlier
    /// look-ups through the same `cache` read. The hits are the same; the cache must not
    /// outlive a change to the memory.
    pub fn concordance_with(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
        cache: &mut ConcordanceCache,
    ) -> Result<Vec<ConcordanceHit>> {
        self.concordance_where(phrase, lang, limit, cache, |_| true)
    }

    /// [`Memory::concordance_with`] counting only the hits `keep` accepts towards `limit`
    /// (the others are dropped): the first `limit` units holding the phrase that, say, pair
    /// it with a given language, however many of another pair come before them.
    pub fn concordance_where(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
        cache: &mut ConcordanceCache,
        keep: impl Fn(&ConcordanceHit) -> bool,
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
            .map(|w| cache.tokens(conn, w))
            .collect::<Result<Vec<_>>>()?;
        let mut hits = Hits {
            limit,
            keep: &keep,
            found: Vec::new(),
        };
        for lid in lids {
            scan_language(conn, lid, &words, &sets, cache, &mut hits)?;
        }
        Ok(hits.found)
    }
}

fn all_langs(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM langs ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The hits of a look-up so far: at most `limit`, of those `keep` accepts.
struct Hits<'k> {
    limit: usize,
    keep: &'k dyn Fn(&ConcordanceHit) -> bool,
    found: Vec<ConcordanceHit>,
}

/// A candidate side costs one row lookup to check; a posting entry costs a few bytes of a
/// blob read in order. Another word's lists are read to narrow the candidates down only
/// while they hold at most this many entries per candidate left.
const ENTRIES_PER_CHECK: i64 = 32;

fn scan_language(
    conn: &Connection,
    lid: i64,
    words: &[String],
    sets: &[Rc<FxHashSet<u32>>],
    cache: &mut ConcordanceCache,
    hits: &mut Hits<'_>,
) -> Result<()> {
    let held = words
        .iter()
        .zip(sets)
        .map(|(w, ids)| cache.word(conn, lid, w, ids))
        .collect::<Result<Vec<_>>>()?;
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| held[i].entries);
    let Some(&rarest) = order.first() else {
        return Ok(());
    };
    let candidates = cache.sides(conn, lid, &sets[rarest], &held[rarest])?;
    // Every side holding the phrase holds each of its words: passing over the sides another
    // word's lists lack removes no hit and keeps the rest in id order, so the hits (and
    // which `limit` of them are kept) are those of checking every side of the rarest word,
    // at the price of the lists instead of one unit row per side. A list is used when it
    // holds at most `ENTRIES_PER_CHECK` entries per candidate, or was read already. Only
    // the first kind decides which checks count as work (`ConcordanceCache::allow_work`),
    // so that the count does not depend on what earlier look-ups read.
    let mut sized: Vec<Walk> = Vec::new();
    let mut already_read: Vec<Walk> = Vec::new();
    for &word in &order[1..] {
        if held[word].entries <= ENTRIES_PER_CHECK * candidates.len() as i64 {
            sized.push(cache.sides(conn, lid, &sets[word], &held[word])?.walk());
        } else if let Some(sides) = held[word].sides.get() {
            already_read.push(sides.walk());
        }
    }
    let phrase = Phrase::new(sets);
    let mut decoded = Vec::new();
    let mut stmts = [
        conn.prepare_cached(index::SIDE_TOKENS_SQL[0])?,
        conn.prepare_cached(index::SIDE_TOKENS_SQL[1])?,
    ];
    'sides: for side in candidates.iter() {
        if hits.found.len() >= hits.limit || cache.spent() {
            break;
        }
        for filter in &mut sized {
            if !filter.holds(side) {
                continue 'sides;
            }
        }
        // A check, whatever the lists read by earlier look-ups spare it below.
        cache.add_work(1);
        for filter in &mut already_read {
            if !filter.holds(side) {
                continue 'sides;
            }
        }
        let Some(toks) = cache.side_tokens(conn, &mut stmts, side)? else {
            continue;
        };
        let starts = match &phrase {
            Some(phrase) => phrase.starts(&toks),
            None => {
                index::decode_tokens(&toks, &mut decoded);
                phrase_starts(&decoded, sets)
            }
        };
        if !starts.is_empty() {
            let loaded = cache.loaded(conn, side)?;
            let hit = hit(&loaded, &starts, sets.len());
            if (hits.keep)(&hit) {
                hits.found.push(hit);
            }
        }
    }
    Ok(())
}

/// Token positions where the phrase begins.
fn phrase_starts<S: std::ops::Deref<Target = FxHashSet<u32>>>(
    toks: &[u32],
    sets: &[S],
) -> Vec<usize> {
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

/// The hit a loaded side gives for a phrase of `len` words found at token positions `starts`.
fn hit(side: &LoadedSide, starts: &[usize], len: usize) -> ConcordanceHit {
    let hits = starts
        .iter()
        .filter_map(|&i| {
            let (first, last) = (side.words.get(i)?, side.words.get(i + len - 1)?);
            Some(Span {
                start: first.0,
                end: last.1,
                text: side.text[first.0..last.1].to_owned(),
            })
        })
        .collect();
    ConcordanceHit {
        id: side.unit,
        side: if side.which == 0 { "source" } else { "target" },
        lang: side.lang.clone(),
        text: side.text.clone(),
        hits,
        other_lang: side.other_lang.clone(),
        other_text: side.other_text.clone(),
        origin: side.origin.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::cache::{ids_for_word, Bitmaps, CACHE_BYTES, CACHE_SIDES};
    use super::side_set::SideSet;
    use super::*;
    use crate::memory::index::decode_tokens;
    use crate::memory::{Side, UnitRecord};

    /// Every side of language `lid`, in side-id order, checked for the phrase: what the
    /// concordance must answer (its candidate filtering may only save work).
    fn every_side(m: &Memory, phrase: &str, lang: &str, limit: usize) -> Vec<i64> {
        let conn = m.conn();
        let lid = find_lang(conn, lang).unwrap().unwrap();
        let sets: Vec<_> = text::key_tokens(phrase)
            .iter()
            .map(|w| Rc::new(ids_for_word(conn, w).unwrap()))
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

    /// For each way of keeping words' sides (as the sizes of their lists want, all as
    /// bitmaps, none), asserts that every phrase's hits are [`every_side`]'s, and counts the
    /// look-ups with hits and the words kept as bitmaps and as lists.
    fn agree_with_every_side(
        m: &Memory,
        phrases: &[&str],
    ) -> Vec<(Bitmaps, (usize, usize, usize))> {
        let mut counts = Vec::new();
        for bitmaps in [Bitmaps::Wanted, Bitmaps::Always, Bitmaps::Never] {
            let (mut some, mut bits, mut sorted) = (0, 0, 0);
            for phrase in phrases {
                for limit in [1, 20, 1000] {
                    let mut cache = ConcordanceCache::default();
                    cache.bitmaps = bitmaps;
                    let got: Vec<i64> = m
                        .concordance_with(phrase, Some("ar"), limit, &mut cache)
                        .unwrap()
                        .iter()
                        .map(|h| h.id)
                        .collect();
                    assert_eq!(
                        got,
                        every_side(m, phrase, "ar", limit),
                        "{phrase} {limit} {bitmaps:?}"
                    );
                    some += usize::from(!got.is_empty());
                    for w in cache.sides.values() {
                        match w.sides.get() {
                            Some(SideSet::Bits { .. }) => bits += 1,
                            Some(SideSet::Sorted(_)) => sorted += 1,
                            None => {}
                        }
                    }
                }
            }
            counts.push((bitmaps, (some, bits, sorted)));
        }
        counts
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
            if i % 97 == 0 {
                ar.push("أربيل");
            }
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
            "النفط أربيل",
        ];
        for (bitmaps, (some, bits, sorted)) in agree_with_every_side(&m, &phrases) {
            // The phrases are not all absent (nor all present): the comparison means something.
            assert!((3..33).contains(&some), "{some}");
            // Both forms are used when wanted: قال and في are in every unit, a bitmap;
            // أربيل, in 7 units, keeps its list.
            match bitmaps {
                Bitmaps::Wanted => assert!(bits > 0 && sorted > 0, "{bits} {sorted}"),
                Bitmaps::Always => assert_eq!(sorted, 0),
                Bitmaps::Never => assert_eq!(bits, 0),
            }
        }
        let said: Vec<i64> = m
            .concordance("said in", Some("en"), 1000)
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(said.len(), 600);

        // One cache through every look-up, as pre-translation does, in two orders and with
        // bounds small enough to start over many times: the same hits as fresh look-ups.
        for (sides, bytes) in [(CACHE_SIDES, CACHE_BYTES), (50, 2_000)] {
            let mut cache = ConcordanceCache::with_bounds(sides, bytes);
            for phrase in phrases.iter().chain(phrases.iter().rev()) {
                for limit in [1, 20, 1000] {
                    let shared = m
                        .concordance_with(phrase, Some("ar"), limit, &mut cache)
                        .unwrap();
                    let fresh = m.concordance(phrase, Some("ar"), limit).unwrap();
                    assert_eq!(shared, fresh, "{phrase} {limit} {sides}");
                }
            }
            if sides == 50 {
                // Over the bound only when one list alone is longer than it.
                let lists = cache.sides.values().filter(|w| w.sides.get().is_some());
                assert!(cache.held <= 50 || lists.count() == 1, "{}", cache.held);
                assert!(cache.side_bytes <= 2_000, "{}", cache.side_bytes);
            }
        }

        // Units deleted, the last ones among them: their list entries stay (dead), some
        // past the highest side a unit still has, which a bitmap must hold or pass over.
        let mut w = m.writer().unwrap();
        for id in (1..=600).filter(|id| id % 3 == 0 || *id > 550) {
            assert!(w.remove_unit(id).unwrap());
        }
        w.commit().unwrap();
        let after = agree_with_every_side(&m, &phrases);
        assert!(
            after.iter().all(|(_, (some, _, _))| *some > 3),
            "{:?}",
            after[0].1
        );
    }
}
