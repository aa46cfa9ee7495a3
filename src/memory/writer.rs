//! `Writer`: one write transaction on a memory. Adds units (merging identical pairs, keeping
//! alternatives), removes an origin's units, and keeps the fuzzy index and the text-hash lists
//! up to date: their entries accumulate in memory and are flushed before commit.

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::hashes::StoredHashes;
use super::index::{self, TokenDict};
use super::keys::{KeyedBatch, Keyer, SideKeys, UnitKeys};
use super::origin_tally::OriginTally;
use super::prefix;
use super::row;
use super::rows_insert::RowsInsert;
use super::text_batch::{PackPlan, PackedTexts};
use super::text_codec::Stored;
use super::text_pack::TextPacker;
use super::unit::{Side, UnitRecord};
use super::unit_ids;
use crate::error::{Error, Result};
use crate::text::LangTag;
use rustc_hash::FxHashMap as FxMap;

mod identity;
mod indexer;

use indexer::{Indexer, SideJobs};

/// What [`Writer::add`] did with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "outcome", content = "id")]
pub enum AddOutcome {
    /// A new unit.
    Added(i64),
    /// The same pair was already there; its metadata was merged into unit `id`.
    Merged(i64),
    /// The source was there with another translation; stored as a new unit `id`.
    Alternative(i64),
}

impl AddOutcome {
    pub fn id(self) -> i64 {
        match self {
            AddOutcome::Added(id) | AddOutcome::Merged(id) | AddOutcome::Alternative(id) => id,
        }
    }
}

/// Flush pending postings mid-transaction beyond this many bytes.
const FLUSH_BYTES: usize = 512 << 20;

/// The index jobs of this many sides are handed over at once (`indexer`): often enough that
/// the jobs in flight stay small (those of 4,096 long units, a batch, are about 16 MB), seldom
/// enough that handing over costs nothing next to them.
const SIDES_AT_ONCE: usize = 1024;

pub struct Writer<'a> {
    tx: Transaction<'a>,
    /// Everything else, apart from the transaction so that a batch can hold a statement
    /// prepared on the transaction while its units change the rest.
    st: State,
}

/// What a writer keeps beside its transaction.
struct State {
    tokens: TokenDict,
    /// The pending index entries (`indexer`), and those of the sides of the batch being stored.
    index: Indexer,
    jobs: SideJobs,
    /// Language ids by primary subtag: a memory holds a handful, so a list searched in
    /// order (a `HashMap` hashed the subtag with SipHash twice per unit: 2 % of an
    /// import's storing thread).
    langs: Vec<(String, i64)>,
    /// The stored sides' text hashes (none when the memory was empty as this writer began:
    /// then every side it can match is in `recent`).
    stored_hashes: StoredHashes,
    /// Side hash → id of the first unit added by this writer with it (their hash entries are
    /// on disk only after a flush); further units with the same hash are in `recent_more`.
    recent: FxMap<i64, i64>,
    recent_more: FxMap<i64, Vec<i64>>,
    /// Keys the units given to [`Writer::add`] and [`Writer::add_all`].
    keyer: Keyer,
    /// Per keyer (by serial): token id of each local id.
    local_ids: FxMap<u64, Vec<u32>>,
    /// The highest unit id given so far (saved on commit).
    last_id: i64,
    /// Compresses the texts (and trains the memory's dictionary when it has none).
    packer: TextPacker,
    /// The per-origin counts of the units added, for the fold (`origin_tally`).
    origins: OriginTally,
    /// Buffers one unit's token ids and encoded tokens are made in, source then target:
    /// reused unit after unit instead of four allocations each.
    scratch: Scratch,
}

#[derive(Default)]
struct Scratch {
    ids: [Vec<u32>; 2],
    toks: [Vec<u8>; 2],
}

/// A side prepared for storage: canonical tag, primary language id, key tokens.
struct Prepared<'s> {
    side: &'s Side,
    tag: &'s LangTag,
    lid: i64,
    /// Local ids of the key tokens (see [`Keyer`]).
    ids: &'s [u32],
    /// The same without repeats, in order of first occurrence.
    distinct: &'s [u32],
    hash: i64,
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: Transaction<'a>) -> Result<Writer<'a>> {
        let fresh: bool =
            tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))?;
        // Room for the multi-row inserts (`rows_insert`: two statements for each of units,
        // tokens, posting chunks and `terms`) beside the statements cached before them, so
        // that none is prepared again batch after batch.
        tx.set_prepared_statement_cache_capacity(64);
        let last_id = unit_ids::last_unit_id(&tx)?;
        let st = State {
            last_id,
            keyer: Keyer::new(),
            local_ids: FxMap::default(),
            tokens: TokenDict::new(&tx)?,
            index: Indexer::default(),
            jobs: SideJobs::default(),
            langs: Vec::new(),
            stored_hashes: StoredHashes::new(fresh, last_id),
            recent: FxMap::default(),
            recent_more: FxMap::default(),
            packer: TextPacker::new(&tx)?,
            origins: OriginTally::default(),
            scratch: Scratch::default(),
        };
        Ok(Writer { tx, st })
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// Stores `unit`, or merges it into an identical pair already stored.
    pub fn add(&mut self, unit: &UnitRecord) -> Result<AddOutcome> {
        let units = std::slice::from_ref(unit);
        let batch = self.st.keyer.key_one(unit)?;
        Ok(self.add_batch(units, batch)?[0])
    }

    /// Adds many units (as [`Writer::add`], in order), tokenizing them in parallel. Stops at
    /// the first unit that cannot be stored and returns its error with its index.
    pub fn add_all(&mut self, units: &[UnitRecord]) -> Result<Vec<AddOutcome>> {
        let batch = self.st.keyer.key_batch_parallel(units)?;
        self.add_batch(units, batch)
    }

    /// Stores `units` as [`Writer::add`] does, with keys derived beforehand (on any thread)
    /// by one [`Keyer`] from these very units. A writer takes the batches of a keyer in the
    /// order the keyer made them.
    pub fn add_batch(
        &mut self,
        units: &[UnitRecord],
        batch: KeyedBatch,
    ) -> Result<Vec<AddOutcome>> {
        self.add_batch_with(units, &batch, None)
    }

    /// Leaves compressing the texts of the units to come to the caller (the import's
    /// packing thread), which encodes them with the returned plan and hands them to
    /// [`Writer::add_batch_packed`]: this thread then only writes bytes.
    pub fn pack_elsewhere(&mut self) -> Result<PackPlan> {
        self.st.packer.plan_for_packer(&self.tx)
    }

    /// [`Writer::add_batch`] with the units' texts encoded beforehand (see
    /// [`Writer::pack_elsewhere`]); stores the dictionary they bring, if any. The keys are
    /// only read: the caller frees them, on the thread that made them (a free from another
    /// thread costs the allocator several times more; on the import's storing thread it
    /// cost 3.5 % of its instructions).
    pub fn add_batch_packed(
        &mut self,
        units: &[UnitRecord],
        batch: &KeyedBatch,
        texts: &mut PackedTexts,
    ) -> Result<Vec<AddOutcome>> {
        if texts.len() != units.len() {
            return Err(Error::Invalid(
                "packed texts do not match their units".into(),
            ));
        }
        self.st.packer.take(&self.tx, texts)?;
        self.add_batch_with(units, batch, Some(texts))
    }

    /// Adds the index entries of the units to come on a thread of their own (the import's
    /// storing thread is the one the others wait for; `writer::indexer`).
    pub fn index_elsewhere(&mut self) {
        self.st.index.elsewhere();
    }

    /// Takes texts of no unit that bring a dictionary (`ImportPacker::leftover_dict`).
    pub fn take_packed(&mut self, texts: &mut PackedTexts) -> Result<()> {
        if !texts.is_empty() {
            return Err(Error::Invalid(
                "packed texts do not match their units".into(),
            ));
        }
        self.st.packer.take(&self.tx, texts)
    }

    fn add_batch_with(
        &mut self,
        units: &[UnitRecord],
        batch: &KeyedBatch,
        texts: Option<&PackedTexts>,
    ) -> Result<Vec<AddOutcome>> {
        if batch.len() != units.len() {
            return Err(Error::Invalid(
                "keyed batch does not match its units".into(),
            ));
        }
        let tx = &self.tx;
        let st = &mut self.st;
        st.learn_tokens(tx, batch)?;
        let map = st.local_ids.remove(&batch.keyer).unwrap_or_default();
        let mut out = Vec::with_capacity(units.len());
        let mut result = Ok(());
        // Rows go in a few dozen at a time (`rows_insert`); the batch ends with all of them in.
        let mut insert = row::prepare_insert(tx)?;
        for (i, (unit, keys)) in units.iter().zip(&batch.keys).enumerate() {
            match st.add_keyed(tx, &mut insert, unit, keys, &map, texts.map(|t| (t, i))) {
                Ok(outcome) => out.push(outcome),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            if st.jobs.sides() >= SIDES_AT_ONCE {
                if let Err(e) = st.index.take(&mut st.jobs) {
                    result = Err(e);
                    break;
                }
            }
        }
        // After an error too: the units before the failed one are stored, as they were when
        // each row was inserted on its own, and indexed.
        let flushed = insert.flush();
        st.local_ids.insert(batch.keyer, map);
        let indexed = st.index.take(&mut st.jobs);
        result.and(flushed).and(indexed)?;
        if st.index.bytes() > FLUSH_BYTES {
            st.index.flush(tx)?;
        }
        Ok(out)
    }

    /// Deletes every unit whose origin is `origin` (before re-aligning an article); returns
    /// how many. Their posting and hash entries become dead and are skipped by lookups.
    pub fn remove_origin(&mut self, origin: &str) -> Result<usize> {
        self.st.origins.touched();
        Ok(self
            .tx
            .execute("DELETE FROM units WHERE origin = ?1", [origin])?)
    }

    /// Deletes the unit with this id; returns whether it existed. Its index entries become
    /// dead, as with [`Writer::remove_origin`].
    pub fn remove_unit(&mut self, id: i64) -> Result<bool> {
        self.st.origins.touched();
        Ok(self.tx.execute("DELETE FROM units WHERE id = ?1", [id])? > 0)
    }

    /// Marks unit `id` reviewed or unreviewed, recording when and by whom; returns whether
    /// the unit exists. Reviewed units teach the aligner (see `align::memory_lexicon`) and
    /// win ties between equal suggestions.
    pub fn set_status(
        &mut self,
        id: i64,
        status: super::Status,
        by: Option<&str>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        self.st.origins.touched();
        let changed = self.tx.execute(
            "UPDATE units SET status = ?2, changed_at = ?3, changed_by = coalesce(?4, changed_by)
             WHERE id = ?1",
            rusqlite::params![id, row::status_code(status), row::time_text(at), by],
        )?;
        Ok(changed > 0)
    }

    /// Folds the units added since the last fold into the per-origin counts (`origins`).
    pub(super) fn fold_origins(&mut self) -> Result<()> {
        self.st.origins.fold(&self.tx)
    }

    #[cfg(test)]
    pub(super) fn origin_tally(&mut self) -> &mut OriginTally {
        &mut self.st.origins
    }

    /// Whether the fold would take this writer's tally (not the rescan).
    #[cfg(test)]
    pub(super) fn origin_tally_stands(&self) -> Result<bool> {
        self.st.origins.stands(&self.tx)
    }

    /// Writes the pending index entries to disk now if they hold at least `min_bytes`;
    /// returns whether it did. An import calls this while its reading thread is behind,
    /// so that this work overlaps the reading instead of waiting for the commit. The
    /// lists come out the same however the flushes fall (a flush tops up a list's last
    /// chunk, then starts new ones: the chunks an uninterrupted list would have).
    pub fn flush_pending(&mut self, min_bytes: usize) -> Result<bool> {
        if self.st.index.bytes() < min_bytes.max(1) {
            return Ok(false);
        }
        self.st.index.flush(&self.tx)?;
        Ok(true)
    }

    /// Writes the pending index entries and commits the transaction.
    pub fn commit(mut self) -> Result<()> {
        self.st.packer.finish(&self.tx)?;
        self.st.index.flush(&self.tx)?;
        unit_ids::save_last_unit_id(&self.tx, self.st.last_id)?;
        self.tx.commit()?;
        Ok(())
    }
}

impl State {
    /// Maps the tokens first seen in `batch` to token ids (creating them as needed).
    fn learn_tokens(&mut self, tx: &Connection, batch: &KeyedBatch) -> Result<()> {
        let map = self.local_ids.entry(batch.keyer).or_default();
        if map.len() != batch.first as usize {
            return Err(Error::Invalid("keyed batches taken out of order".into()));
        }
        self.tokens
            .ids(tx, batch.new_tokens.iter().map(|t| t.as_str()), map)
    }

    /// Adds one unit, inserting its row with `insert` (`row::prepare_insert` on `tx`;
    /// flushed here before `units` is read).
    /// `texts`: the unit's texts encoded beforehand (a batch's and the unit's index in it).
    fn add_keyed(
        &mut self,
        tx: &Connection,
        insert: &mut RowsInsert<'_>,
        unit: &UnitRecord,
        keys: &UnitKeys,
        map: &[u32],
        texts: Option<(&PackedTexts, usize)>,
    ) -> Result<AddOutcome> {
        let src = self.with_lid(tx, &unit.source, &keys.src)?;
        let tgt = self.with_lid(tx, &unit.target, &keys.tgt)?;
        let mut alternative = false;
        if let Some((id, same)) = self.find_existing(tx, insert, &src, &tgt)? {
            if same {
                row::merge_metadata(tx, id, unit)?;
                self.origins.merged(id, unit);
                return Ok(AddOutcome::Merged(id));
            }
            alternative = true;
        }
        let id = self.last_id + 1;
        // Taken out so that `self` can be borrowed meanwhile; put back at the end (a unit
        // that fails leaves fresh buffers to the next).
        let mut scratch = std::mem::take(&mut self.scratch);
        let Scratch {
            ids: [src_ids, tgt_ids],
            toks: [src_toks, tgt_toks],
        } = &mut scratch;
        for (side, ids, toks) in [
            (&src, &mut *src_ids, &mut *src_toks),
            (&tgt, tgt_ids, tgt_toks),
        ] {
            ids.clear();
            ids.extend(side.ids.iter().map(|&l| map[l as usize]));
            index::encode_tokens_into(ids, toks);
        }
        let (s, t) = (&unit.source.text, &unit.target.text);
        let stored = match texts {
            Some((texts, i)) => [texts.side(i, 0, s), texts.side(i, 1, t)],
            None => [self.packer.encode(s), self.packer.encode(t)],
        };
        let [src_text, tgt_text] = stored;
        row::insert_unit(
            insert,
            id,
            unit,
            [&src.row(src_toks, src_text), &tgt.row(tgt_toks, tgt_text)],
        )?;
        if self.packer.collecting() {
            // It may rewrite the units stored so far (training a dictionary on them).
            insert.flush()?;
        }
        self.packer.stored(tx, id, s, t)?;
        self.origins.added(id, unit);
        self.last_id = id;
        self.remember(src.hash, id);
        self.remember(tgt.hash, id);
        self.index_side(tx, id, 0, &src, src_ids, map)?;
        self.index_side(tx, id, 1, &tgt, tgt_ids, map)?;
        self.scratch = scratch;
        Ok(if alternative {
            AddOutcome::Alternative(id)
        } else {
            AddOutcome::Added(id)
        })
    }

    fn with_lid<'s>(
        &mut self,
        tx: &Connection,
        side: &'s Side,
        k: &'s SideKeys,
    ) -> Result<Prepared<'s>> {
        let primary = k.tag.primary();
        let lid = match self.langs.iter().find(|(code, _)| code == primary) {
            Some(&(_, lid)) => lid,
            None => {
                let lid = lang_id(tx, primary)?;
                self.langs.push((primary.to_owned(), lid));
                lid
            }
        };
        Ok(Prepared {
            side,
            tag: &k.tag,
            lid,
            ids: &k.ids,
            distinct: &k.distinct,
            hash: k.hash,
        })
    }

    /// Records the posting and hash entries of one side (key token ids `ids`; `map` gives
    /// the token id of each local id) in the batch's index jobs.
    fn index_side(
        &mut self,
        tx: &Connection,
        unit: i64,
        which: u8,
        side: &Prepared,
        ids: &[u32],
        map: &[u32],
    ) -> Result<()> {
        let sid = u32::try_from(index::side_id(unit, which))
            .map_err(|_| Error::Invalid("memory is full".into()))?;
        let len = u16::try_from(ids.len()).unwrap_or(u16::MAX);
        let empty = if ids.is_empty() {
            Some(self.tokens.id(tx, index::EMPTY_TOKEN_TEXT)?)
        } else {
            None
        };
        let tokens = &self.tokens;
        let long = ids.len() >= prefix::SIDE_MIN_TOKENS;
        self.jobs.push(
            sid,
            side.lid,
            side.hash,
            len,
            empty
                .into_iter()
                .chain(side.distinct.iter().map(|&local| map[local as usize])),
            ids.iter().filter(|_| long).map(|&id| (tokens.rank(id), id)),
        );
        Ok(())
    }
}

impl Prepared<'_> {
    fn row<'r>(&'r self, toks: &'r [u8], text: Stored<'r>) -> row::SideRow<'r> {
        row::SideRow {
            toks,
            lang: self.tag.as_str(),
            lid: self.lid,
            text,
            markup: self.side.markup.as_deref(),
        }
    }
}

/// The id of a primary language subtag, created on first use.
pub fn lang_id(conn: &rusqlite::Connection, primary: &str) -> Result<i64> {
    if let Some(id) = find_lang(conn, primary)? {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO langs(code) VALUES (?1)")?
        .execute([primary])?;
    let id = conn.last_insert_rowid();
    // Language ids share the lists' key space with the prefix lists (index.rs).
    if id >= index::PREFIX_LID_OFFSET {
        return Err(Error::Invalid(format!(
            "a memory holds at most {} languages",
            index::PREFIX_LID_OFFSET - 1
        )));
    }
    Ok(id)
}

pub fn find_lang(conn: &rusqlite::Connection, primary: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM langs WHERE code = ?1")?
        .query_row([primary], |r| r.get(0))
        .optional()?)
}
