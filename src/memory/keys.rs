//! Match keys of units derived ahead of the writer, possibly on another thread: tokenizing,
//! hashing, and interning the key tokens into dense ids local to one [`Keyer`], so the
//! writer maps them to token ids with an array index instead of hashing every string.
//!
//! Each [`KeyedBatch`] carries the token strings its keyer saw first in it; a writer takes
//! the batches of one keyer in the order they were made (it checks).

use std::sync::atomic::{AtomicU64, Ordering};

use super::unit::{Side, UnitRecord};
use crate::error::{Error, Result};
use crate::text::{self, LangTag};
use rustc_hash::FxHashMap as FxMap;

/// One side's keys: canonical tag, key tokens as local ids, the text hash.
pub(super) struct SideKeys {
    pub tag: LangTag,
    pub ids: Vec<u32>,
    /// `ids` without repeats, in order of first occurrence: the side's posting lists, found
    /// here on the keying thread rather than by the writer (any order of lists will do).
    pub distinct: Vec<u32>,
    pub hash: i64,
}

/// The keys of one unit (source, target).
pub struct UnitKeys {
    pub(super) src: SideKeys,
    pub(super) tgt: SideKeys,
}

/// The keys of a batch of units, in order, and the token strings first seen in it.
pub struct KeyedBatch {
    pub(super) keyer: u64,
    /// Local id of the first string of `new_tokens`.
    pub(super) first: u32,
    pub(super) new_tokens: Vec<String>,
    pub(super) keys: Vec<UnitKeys>,
}

impl KeyedBatch {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Interns key tokens for one writer's batches (see the module docs).
pub struct Keyer {
    serial: u64,
    local: FxMap<String, u32>,
    /// By local id, the number of the last side that held the token (`sides`): lists a
    /// side's distinct tokens in one pass, without sorting a copy of its ids.
    last_side: Vec<u32>,
    sides: u32,
    tags: TagCache,
}

/// The language tags already checked, by the string they were given as: a file holds a
/// handful, and checking one against the registry costs more than keying a short side.
#[derive(Default, Clone)]
pub struct TagCache(Vec<(String, Option<LangTag>)>);

impl TagCache {
    /// [`LangTag::parse`], remembered.
    pub fn parse(&mut self, tag: &str) -> Option<LangTag> {
        if let Some((_, known)) = self.0.iter().find(|(given, _)| given == tag) {
            return known.clone();
        }
        let parsed = LangTag::parse(tag);
        // Bounded: a file of ever new tags is checked each time rather than remembered.
        if self.0.len() < 64 {
            self.0.push((tag.to_owned(), parsed.clone()));
        }
        parsed
    }
}

static SERIALS: AtomicU64 = AtomicU64::new(1);

impl Default for Keyer {
    fn default() -> Self {
        Keyer::new()
    }
}

impl Keyer {
    pub fn new() -> Keyer {
        Keyer {
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            local: FxMap::default(),
            last_side: Vec::new(),
            sides: 0,
            tags: TagCache::default(),
        }
    }

    /// Keys `units`; fails on the first unit a writer would refuse (a bad language tag, an
    /// empty side), naming it by its position in `units` (from 1).
    pub fn key_batch(&mut self, units: &[UnitRecord]) -> Result<KeyedBatch> {
        let mut tags = std::mem::take(&mut self.tags);
        let raw = units.iter().map(|u| raw_unit(u, &mut tags));
        let batch = self.intern_batch(raw, true);
        self.tags = tags;
        batch
    }

    /// Keys one unit; its error is not numbered.
    pub fn key_one(&mut self, unit: &UnitRecord) -> Result<KeyedBatch> {
        let raw = raw_unit(unit, &mut self.tags);
        self.intern_batch(std::iter::once(raw), false)
    }

    /// As [`Keyer::key_batch`], tokenizing on up to four threads.
    pub fn key_batch_parallel(&mut self, units: &[UnitRecord]) -> Result<KeyedBatch> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if threads < 2 || units.len() < 256 {
            return self.key_batch(units);
        }
        let per = units.len().div_ceil(threads);
        let raw: Vec<Result<RawUnit>> = std::thread::scope(|scope| {
            let handles: Vec<_> = units
                .chunks(per)
                .map(|chunk| {
                    let mut tags = self.tags.clone();
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|u| raw_unit(u, &mut tags))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        self.intern_batch(raw.into_iter(), true)
    }

    fn intern_batch(
        &mut self,
        raw: impl Iterator<Item = Result<RawUnit>>,
        numbered: bool,
    ) -> Result<KeyedBatch> {
        let first = self.local.len() as u32;
        let mut new_tokens = Vec::new();
        let mut keys = Vec::with_capacity(raw.size_hint().0);
        for (i, unit) in raw.enumerate() {
            let (src, tgt) = match unit {
                Err(Error::Invalid(e)) if numbered => {
                    return Err(Error::Invalid(format!("unit {}: {e}", i + 1)))
                }
                other => other?,
            };
            keys.push(UnitKeys {
                src: self.intern(src, &mut new_tokens),
                tgt: self.intern(tgt, &mut new_tokens),
            });
        }
        Ok(KeyedBatch {
            keyer: self.serial,
            first,
            new_tokens,
            keys,
        })
    }

    fn intern(&mut self, raw: RawSide, new_tokens: &mut Vec<String>) -> SideKeys {
        let mut ids = Vec::with_capacity(raw.ends.len());
        let mut distinct = Vec::new();
        self.sides = self.sides.wrapping_add(1);
        if self.sides == 0 {
            // Numbers came round: no stale mark may equal a new side's.
            self.last_side.fill(0);
            self.sides = 1;
        }
        let mut from = 0;
        for &end in &raw.ends {
            let k = &raw.keys[from..end];
            from = end;
            let id = match self.local.get(k) {
                Some(&id) => id,
                None => {
                    let id = self.local.len() as u32;
                    new_tokens.push(k.to_owned());
                    self.local.insert(k.to_owned(), id);
                    self.last_side.push(0);
                    id
                }
            };
            ids.push(id);
            let mark = &mut self.last_side[id as usize];
            if *mark != self.sides {
                *mark = self.sides;
                distinct.push(id);
            }
        }
        SideKeys {
            tag: raw.tag,
            ids,
            distinct,
            hash: raw.hash,
        }
    }
}

/// A side tokenized but not interned: its key tokens one after the other in `keys`, each
/// ending at the next offset of `ends` (one buffer per side, not one string per token).
struct RawSide {
    tag: LangTag,
    keys: String,
    ends: Vec<usize>,
    hash: i64,
}

type RawUnit = (RawSide, RawSide);

fn raw_unit(unit: &UnitRecord, tags: &mut TagCache) -> Result<RawUnit> {
    Ok((
        raw_side(&unit.source, "source", tags)?,
        raw_side(&unit.target, "target", tags)?,
    ))
}

fn raw_side(side: &Side, which: &str, tags: &mut TagCache) -> Result<RawSide> {
    let tag = tags.parse(&side.lang).ok_or_else(|| {
        Error::Invalid(format!(
            "{which} language '{}' is not a BCP 47 tag",
            side.lang
        ))
    })?;
    if side.text.trim().is_empty() {
        return Err(Error::Invalid(format!("empty {which} text")));
    }
    let mut keys = String::with_capacity(side.text.len());
    let mut ends = Vec::new();
    text::keyscan::append_key_tokens(&side.text, &mut keys, |k, _| ends.push(k.len()));
    Ok(RawSide {
        keys,
        ends,
        hash: text_hash(tag.primary(), &side.text),
        tag,
    })
}

/// FNV-1a over the primary language and the exact text: finds identical sources fast.
pub fn text_hash(primary: &str, text: &str) -> i64 {
    // Three plain loops: a chained iterator tests which part it is in at every byte.
    fn fold(mut h: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
    let h = fold(0xcbf2_9ce4_8422_2325, primary.as_bytes());
    fold(fold(h, &[0]), text.as_bytes()) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{AddOutcome, Memory};

    fn unit(ar: &str, en: &str) -> UnitRecord {
        UnitRecord::new(Side::new("ar", ar), Side::new("en", en))
    }

    #[test]
    fn batches_keyed_ahead_store_like_add() {
        let units = [
            unit("قال الرئيس", "the president said"),
            unit("قال", "said"),
        ];
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        let mut keyer = Keyer::new();
        let first = keyer.key_batch(&units[..1]).unwrap();
        let second = keyer.key_batch(&units[1..]).unwrap();
        assert_eq!(
            first.new_tokens,
            ["قال", "الرئيس", "the", "president", "said"]
        );
        assert!(second.new_tokens.is_empty());
        assert_eq!(
            w.add_batch(&units[..1], first).unwrap(),
            [AddOutcome::Added(1)]
        );
        assert_eq!(
            w.add_batch(&units[1..], second).unwrap(),
            [AddOutcome::Added(2)]
        );
        assert_eq!(w.add(&units[1]).unwrap(), AddOutcome::Merged(2));
    }

    #[test]
    fn batches_out_of_order_or_mismatched_are_refused() {
        let units = [unit("نعم", "yes"), unit("لا", "no")];
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        let mut keyer = Keyer::new();
        let first = keyer.key_batch(&units[..1]).unwrap();
        let second = keyer.key_batch(&units[1..]).unwrap();
        assert!(w.add_batch(&units[1..], second).is_err());
        assert!(w.add_batch(&units, first).is_err());
    }

    #[test]
    fn remembered_tags_answer_as_the_registry_does() {
        let mut tags = TagCache::default();
        let given: Vec<String> = ["ar", "en_us", "xx", "ar", "xx", "AR-iq"]
            .iter()
            .map(|t| t.to_string())
            // Past the cache's bound too: tags checked each time still answer the same.
            .chain((0..100).map(|i| format!("en-x-n{i}")))
            .chain(["en_us", "xx"].iter().map(|t| t.to_string()))
            .collect();
        for tag in &given {
            assert_eq!(tags.parse(tag), LangTag::parse(tag), "{tag}");
        }
        assert_eq!(tags.parse("en_us").unwrap().as_str(), "en-US");
        assert!(tags.parse("xx").is_none());
    }

    #[test]
    fn a_bad_unit_is_named_by_its_position() {
        let units = [unit("نعم", "yes"), unit("لا", " ")];
        let err = Keyer::new().key_batch(&units).err().unwrap().to_string();
        assert!(err.contains("unit 2: empty target text"), "{err}");
    }
}
