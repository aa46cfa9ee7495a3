//! What a run of concordance look-ups keeps between look-ups: each word's tokens and
//! sides, the key tokens of the sides checked and the hits loaded, within set bounds; and
//! the reads that fill it.

use std::rc::Rc;

use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};

use super::side_set::{set_bits, SideSet};
use crate::error::Result;
use crate::memory::append::ListReader;
use crate::memory::index::{self, stem};
use crate::memory::row::{read_unit, UNIT_COLUMNS};
use crate::memory::store;
use crate::memory::text_codec::Texts;
use crate::text::tokenize;

/// What a run of concordance look-ups has read so far: each word's tokens and, per
/// language, the sides holding any of them (a sorted list, or a bitmap for a common
/// word: `side_set`). Pre-translation looks up every
/// three-word window of a segment and each extension of a run, so most words are looked
/// up three times or more; on a memory of a million paragraphs a common word's sides are
/// hundreds of thousands of list entries, read and merged once here instead of each time.
#[derive(Debug)]
pub struct ConcordanceCache {
    pub(super) tokens: FxHashMap<String, Rc<FxHashSet<u32>>>,
    pub(super) sides: FxHashMap<(i64, String), Rc<WordSides>>,
    /// Side ids held in `sides` (a bitmap counts as the ids its bytes would hold), bounded
    /// by [`CACHE_SIDES`].
    pub(super) held: usize,
    /// Key tokens of the sides checked so far, as stored (`encode_tokens`' varints, about a
    /// third of the ids' size; `None`: no such unit). The windows of a segment and the
    /// extensions of a run check mostly the same sides again (on the 1M long bench memory,
    /// 54,029 checks of 8,025 sides for one paragraph).
    pub(super) side_tokens: FxHashMap<u32, Option<Rc<[u8]>>>,
    /// Sides loaded as hits so far, with their words' byte spans.
    pub(super) loaded: FxHashMap<u32, Rc<LoadedSide>>,
    /// Bytes held in `side_tokens` and `loaded`, bounded by [`CACHE_BYTES`].
    pub(super) side_bytes: usize,
    /// The bounds: [`CACHE_SIDES`] and [`CACHE_BYTES`] (smaller in tests, to run the
    /// starting over).
    pub(super) max_sides: usize,
    pub(super) max_bytes: usize,
    /// Sides read from their units so far: past [`MAP_AFTER_READS`] the file is mapped.
    reads: usize,
    /// Read on first need: one more than the highest side id a unit has now.
    side_space: Option<u32>,
    pub(super) bitmaps: Bitmaps,
    /// Work done so far and where look-ups stop ([`ConcordanceCache::allow_work`]).
    work: u64,
    work_limit: u64,
}

/// Unit rows read (about one page each) after which a run of look-ups maps the file
/// (`store::map_from_now`): a one-shot `suggest` reads the memory with `pread` into a small
/// cache, cheapest for the few hundred pages of a lookup; a fragment search over common
/// words reads tens of thousands of units (the bench's frequency-drawn words, 1M long
/// memory: 361,706 reads), where each read's copy and system call cost more than a map.
const MAP_AFTER_READS: usize = 2_000;

impl Default for ConcordanceCache {
    fn default() -> ConcordanceCache {
        ConcordanceCache::with_bounds(CACHE_SIDES, CACHE_BYTES)
    }
}

/// The most side ids a cache holds (4 bytes each) before it starts over.
pub(super) const CACHE_SIDES: usize = 1 << 23;

/// The most bytes of checked and loaded sides a cache holds before it starts over.
pub(super) const CACHE_BYTES: usize = 64 << 20;

/// A side found holding a phrase, as read from its unit.
#[derive(Debug)]
pub(super) struct LoadedSide {
    pub(super) unit: i64,
    pub(super) which: u8,
    pub(super) lang: String,
    pub(super) text: String,
    /// Byte spans of the side's scored words, in order (what token positions index).
    pub(super) words: Vec<(usize, usize)>,
    pub(super) other_lang: String,
    pub(super) other_text: String,
    pub(super) origin: Option<String>,
}

/// The sides of one language holding one word, and what reading them costs.
#[derive(Debug)]
pub(super) struct WordSides {
    /// Entries of the word's lists (a side holding two of its tokens counts twice).
    pub(super) entries: i64,
    /// Read on first use: a word that is never the rarest nor cheap enough to narrow by
    /// is only counted.
    pub(super) sides: std::cell::OnceCell<SideSet>,
}

/// When a word's sides are kept as a bitmap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bitmaps {
    /// When [`SideSet::wants_bits`] says so.
    Wanted,
    /// Always or never (tests: both forms must give the same hits).
    #[cfg(test)]
    Always,
    #[cfg(test)]
    Never,
}

impl ConcordanceCache {
    pub(super) fn with_bounds(max_sides: usize, max_bytes: usize) -> ConcordanceCache {
        ConcordanceCache {
            tokens: FxHashMap::default(),
            sides: FxHashMap::default(),
            held: 0,
            side_tokens: FxHashMap::default(),
            loaded: FxHashMap::default(),
            side_bytes: 0,
            max_sides,
            max_bytes,
            reads: 0,
            side_space: None,
            bitmaps: Bitmaps::Wanted,
            work: 0,
            work_limit: u64::MAX,
        }
    }

    /// Allows the look-ups through this cache from now on `more` candidate sides checked for
    /// their phrase in all; past that a look-up stops where it is
    /// ([`ConcordanceCache::spent`]). A check counts whether or not this cache held the side
    /// already, so where a budget stops a look-up depends on the phrase and the memory only,
    /// not on the look-ups before it. (What a look-up costs beyond its checks, the words'
    /// lists, is bounded by its words: each list is read once and kept.)
    pub fn allow_work(&mut self, more: u64) {
        self.work_limit = self.work.saturating_add(more);
    }

    /// Whether the work allowed is used up: a look-up that found this stopped early, and its
    /// hits may lack some (none found does not mean none held).
    pub fn spent(&self) -> bool {
        self.work >= self.work_limit
    }

    pub(super) fn add_work(&mut self, work: u64) {
        self.work = self.work.saturating_add(work);
    }

    pub(super) fn tokens(&mut self, conn: &Connection, word: &str) -> Result<Rc<FxHashSet<u32>>> {
        if let Some(ids) = self.tokens.get(word) {
            return Ok(ids.clone());
        }
        let ids = Rc::new(ids_for_word(conn, word)?);
        self.tokens.insert(word.to_owned(), ids.clone());
        Ok(ids)
    }

    pub(super) fn word(
        &mut self,
        conn: &Connection,
        lid: i64,
        word: &str,
        ids: &FxHashSet<u32>,
    ) -> Result<Rc<WordSides>> {
        let key = (lid, word.to_owned());
        if let Some(w) = self.sides.get(&key) {
            return Ok(w.clone());
        }
        let mut entries = 0;
        for &id in ids {
            entries += index::term_info(conn, lid, id)?.0;
        }
        let w = Rc::new(WordSides {
            entries,
            sides: std::cell::OnceCell::new(),
        });
        self.sides.insert(key, w.clone());
        Ok(w)
    }

    pub(super) fn sides<'w>(
        &mut self,
        conn: &Connection,
        lid: i64,
        ids: &FxHashSet<u32>,
        word: &'w WordSides,
    ) -> Result<&'w SideSet> {
        if let Some(sides) = word.sides.get() {
            return Ok(sides);
        }
        let bits = match self.bitmaps {
            Bitmaps::Wanted => SideSet::wants_bits(word.entries, self.side_space(conn)?),
            #[cfg(test)]
            Bitmaps::Always => true,
            #[cfg(test)]
            Bitmaps::Never => false,
        };
        let sides = sides_holding(conn, lid, ids, bits)?;
        if self.held + sides.footprint() > self.max_sides {
            // Lists already handed out stay alive through their `Rc`s; the words not
            // read yet (this one among them) keep their counts.
            self.sides.retain(|_, w| w.sides.get().is_none());
            self.held = 0;
        }
        self.held += sides.footprint();
        Ok(word.sides.get_or_init(|| sides))
    }

    fn side_space(&mut self, conn: &Connection) -> Result<u32> {
        if let Some(space) = self.side_space {
            return Ok(space);
        }
        let top = crate::memory::unit_ids::top_stored_unit_id(conn)?;
        let space = u32::try_from(2 * top + 2).unwrap_or(u32::MAX);
        Ok(*self.side_space.insert(space))
    }

    fn hold_side_bytes(&mut self, bytes: usize) {
        if self.side_bytes + bytes > self.max_bytes {
            self.side_tokens.clear();
            self.loaded.clear();
            self.side_bytes = 0;
        }
        self.side_bytes += bytes;
    }

    /// The key tokens of `side` as stored (`index::encode_tokens`), `None` when its unit
    /// is gone.
    pub(super) fn side_tokens(
        &mut self,
        conn: &Connection,
        stmts: &mut [rusqlite::CachedStatement<'_>; 2],
        side: u32,
    ) -> Result<Option<Rc<[u8]>>> {
        if let Some(toks) = self.side_tokens.get(&side) {
            return Ok(toks.clone());
        }
        self.reads += 1;
        if self.reads == MAP_AFTER_READS {
            store::map_from_now(conn)?;
        }
        let (unit, which) = index::unit_of_side(i64::from(side));
        let mut rows = stmts[usize::from(which)].query([unit])?;
        let toks = match rows.next()? {
            Some(row) => Some(Rc::<[u8]>::from(
                row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
            )),
            None => None,
        };
        self.hold_side_bytes(16 + toks.as_ref().map_or(0, |t| t.len()));
        self.side_tokens.insert(side, toks.clone());
        Ok(toks)
    }

    pub(super) fn loaded(&mut self, conn: &Connection, side: u32) -> Result<Rc<LoadedSide>> {
        if let Some(l) = self.loaded.get(&side) {
            return Ok(l.clone());
        }
        let l = Rc::new(load_side(conn, side)?);
        self.hold_side_bytes(64 + l.text.len() + l.other_text.len() + 16 * l.words.len());
        self.loaded.insert(side, l.clone());
        Ok(l)
    }
}

/// The tokens a query word (a match key) stands for. Stems are cut blindly, and a leading
/// و ف ب ل ك may be a word's own first letter (وزير, فريق, بلد) rather than a clitic: so
/// besides the tokens sharing the word's stem, the tokens whose stem is the whole word
/// ("وزير" finds الوزير, بالوزير) and the bare word the stem spells ("الوزير" finds وزير).
pub(super) fn ids_for_word(conn: &Connection, word: &str) -> Result<FxHashSet<u32>> {
    let cut = stem(word);
    let mut ids = ids_where(conn, "stem", cut)?;
    if cut != word {
        ids.extend(ids_where(conn, "stem", word)?);
        ids.extend(ids_where(conn, "text", cut)?);
    }
    Ok(ids)
}

fn ids_where(conn: &Connection, column: &str, value: &str) -> Result<FxHashSet<u32>> {
    let sql = format!("SELECT id FROM tokens WHERE {column} = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map([value], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The sides of language `lid` holding any of the tokens `ids`, as a bitmap when `bits`.
fn sides_holding(conn: &Connection, lid: i64, ids: &FxHashSet<u32>, bits: bool) -> Result<SideSet> {
    let mut reader = ListReader::new(conn)?;
    let (mut sides, mut words) = (Vec::new(), Vec::new());
    for &id in ids {
        reader.for_each_chunk(lid, id, |chunk| {
            let chunk = chunk.iter().map(|e| e.side);
            if bits {
                set_bits(&mut words, chunk);
            } else {
                sides.extend(chunk);
            }
        })?;
    }
    Ok(if bits {
        SideSet::from_bits(words)
    } else {
        SideSet::sorted(sides)
    })
}

fn load_side(conn: &Connection, side: u32) -> Result<LoadedSide> {
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
    let words = tokenize(&this.text)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .map(|t| (t.start, t.end))
        .collect();
    Ok(LoadedSide {
        unit: u.id,
        which,
        lang: this.lang,
        text: this.text,
        words,
        other_lang: other.lang,
        other_text: other.text,
        origin: r.origin,
    })
}
