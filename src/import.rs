//! Importing a CSV/TSV/TMX/XLIFF file into a memory: one transaction per file.
//!
//! A file with any bad record imports nothing and the error lists every bad record as
//! `path:line: what is wrong`; with `skip_bad` the good records go in and the rejects are
//! counted (and optionally written to a rejects file). Because the whole file is one
//! transaction, a process killed mid-import leaves the memory as it was before.
//!
//! Units a TMX file may well hold but that give no pair (an untranslated segment: one tuv,
//! an empty target, a source that is only tags, no tuv in the source language) are not bad
//! records: they are skipped and counted by kind, with the line of the first of each kind;
//! `strict` makes them bad records.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, RecordError, Result};
use crate::formats::skipped::SkipKind;
use crate::formats::{read_file, Item, Progress, ReadOptions};
use std::sync::mpsc::{
    channel, sync_channel, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError,
};
use std::time::Duration;

use crate::memory::{
    AddOutcome, ImportPacker, KeyedBatch, Keyer, Memory, PackPlan, PackedTexts, Status, TagCache,
    Trained, UnitRecord, Writer,
};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub read: ReadOptions,
    /// Import the good records of a file that has bad ones.
    pub skip_bad: bool,
    /// Where to write the rejected records (`path:line: what`), with `skip_bad`.
    pub rejects: Option<PathBuf>,
    /// Origin for every unit (default: the record's own, else the file name).
    pub origin: Option<String>,
    /// Status for every unit (default: the record's own, else unreviewed).
    pub status: Option<Status>,
    /// Units that give no pair (see the module docs) are bad records instead of skipped.
    pub strict: bool,
}

/// How many units of one kind were skipped, and the line of the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SkipCount {
    pub count: u64,
    pub first_line: usize,
}

/// What one file's import did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub path: String,
    pub added: u64,
    pub merged: u64,
    pub alternatives: u64,
    pub rejected: Vec<RecordError>,
    /// Units that give no pair, by kind (empty unless the file had some).
    pub skipped: BTreeMap<SkipKind, SkipCount>,
    /// Units of an earlier import of the same XLIFF file that this import no longer holds,
    /// removed (the pairs it still holds keep their units).
    #[serde(skip_serializing_if = "is_zero")]
    pub replaced: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ImportReport {
    pub fn units(&self) -> u64 {
        self.added + self.merged + self.alternatives
    }

    /// How many units were skipped, all kinds together.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().map(|s| s.count).sum()
    }
}

/// Units read and keyed ahead of the store at once.
const BATCH: usize = 4096;

/// Batches that may wait between the reading thread and the store.
const QUEUE: usize = 4;

/// Pending postings written while the store waits for the reading thread, once they are
/// this large: each flush costs a few statements per list it touches, so not every wait.
const IDLE_FLUSH_BYTES: usize = 32 << 20;

/// A batch of units read (and keyed) by the reading thread, with the position reached.
struct Batch {
    units: Vec<UnitRecord>,
    keys: KeyedBatch,
    at: Progress,
}

impl AsRef<[UnitRecord]> for Batch {
    fn as_ref(&self) -> &[UnitRecord] {
        &self.units
    }
}

/// What the reading thread sends the packing thread: a batch, or the end of a file read
/// through (a channel closed without it means the reading failed: nothing more is stored).
enum Read {
    Batch(Batch),
    End,
}

/// What the packing thread sends the store: a batch with its texts as stored (compressed
/// on the packing thread), or, at the end, a dictionary no batch brought (trained on the
/// last batches read, which were stored plain as its sample: `ImportPacker`).
enum Ready {
    Batch(Batch, PackedTexts),
    Dict(PackedTexts),
}

/// Imports one file in one transaction; see the module docs for what happens to bad records.
///
/// Three threads overlap: one reads the file and derives the match keys, one compresses the
/// texts (`memory::ImportPacker`, which also trains a new memory's dictionary), and this one
/// stores the batches, writing bytes only. On two cores the compression takes whichever
/// core has room; with more, each stage has its own.
pub fn import_file(
    memory: &mut Memory,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    // A memory with no unit yet is built through a rollback journal: written once, not
    // into the write-ahead log and then again into the file (`memory::bulk`).
    let journal = memory.begin_bulk()?;
    let checked = match memory.begin_unchecked() {
        Ok(checked) => checked,
        Err(e) => {
            memory.end_bulk(journal);
            return Err(e);
        }
    };
    let imported = import_in(memory, path, options, progress);
    memory.end_unchecked(checked);
    memory.end_bulk(journal);
    imported
}

fn import_in(
    memory: &mut Memory,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let mut report = ImportReport {
        path: path.display().to_string(),
        ..ImportReport::default()
    };
    let mut writer = memory.writer()?;
    // A finished draft comes back more than once: its latest version replaces the last.
    let mut earlier = if crate::formats::resolve_format(path, options.read.format)?
        == crate::formats::Format::Xliff
    {
        let origin = options.origin.clone().unwrap_or_else(|| file_name(path));
        Some(Earlier::of(&writer, &origin)?)
    } else {
        None
    };
    let plan = writer.pack_elsewhere()?;
    writer.index_elsewhere();
    let (send_read, receive_read) = sync_channel::<Read>(QUEUE);
    let (send, receive) = sync_channel::<Ready>(QUEUE);
    let (give_back, take_back) = channel::<Spent>();
    let (give_back_texts, take_back_texts) = channel::<PackedTexts>();
    let (read, packed, stored) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_batches(path, options, send_read, take_back));
        let packer = scope.spawn(|| pack_batches(plan, receive_read, send, take_back_texts));
        let stored = store_batches(
            &mut writer,
            receive,
            (give_back, give_back_texts),
            &mut report,
            earlier.as_mut(),
            progress,
        );
        let panicked = |what: &str| Error::Invalid(format!("the {what} thread panicked"));
        let packed = packer.join().unwrap_or_else(|_| Err(panicked("packing")));
        let read = reader.join().unwrap_or_else(|_| Err(panicked("reading")));
        (read, packed, stored)
    });
    // A store error stops the others (their channels close): report the store error then.
    stored?;
    packed?;
    (report.rejected, report.skipped) = read?;
    if !report.rejected.is_empty() && !options.skip_bad {
        return Err(Error::BadRecords(report.rejected));
    }
    if let Some(earlier) = earlier {
        report.replaced = earlier.remove_the_rest(&mut writer)?;
    }
    if let Some(rejects) = &options.rejects {
        write_rejects(rejects, &report.rejected)?;
    }
    // One pass over the new units, so that listing the origins does not count them again.
    writer.fold_origin_stats()?;
    writer.commit()?;
    Ok(report)
}

/// The units an earlier import of the same draft stored. A pair the new version still holds
/// merges into its earlier unit, which keeps what the memory learned meanwhile (a review,
/// dates, usage counts: merging never downgrades them); only the units the new version no
/// longer holds (an edited target, a removed segment) are removed.
struct Earlier {
    ids: HashSet<i64>,
}

impl Earlier {
    fn of(writer: &Writer<'_>, origin: &str) -> Result<Earlier> {
        let mut stmt = writer
            .conn()
            .prepare("SELECT id FROM units WHERE origin = ?1")?;
        let ids = stmt
            .query_map([origin], |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<HashSet<i64>>>()?;
        Ok(Earlier { ids })
    }

    /// This import stored its pair into unit `id`: it stays.
    fn still_there(&mut self, id: i64) {
        self.ids.remove(&id);
    }

    /// Removes the earlier units this import did not store into; returns how many.
    fn remove_the_rest(self, writer: &mut Writer<'_>) -> Result<u64> {
        let mut removed = 0;
        for id in self.ids {
            removed += u64::from(writer.remove_unit(id)?);
        }
        Ok(removed)
    }
}

/// Stores the batches as they arrive; stops at the first error (closing the channel).
fn store_batches(
    writer: &mut Writer<'_>,
    receive: Receiver<Ready>,
    (give_back, give_back_texts): (Sender<Spent>, Sender<PackedTexts>),
    report: &mut ImportReport,
    mut earlier: Option<&mut Earlier>,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    loop {
        let ready = match receive.try_recv() {
            Ok(ready) => ready,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                // The reading thread is behind: write pending postings now, in time this
                // thread would spend waiting, rather than all of them after the last batch.
                writer.flush_pending(IDLE_FLUSH_BYTES)?;
                match receive.recv() {
                    Ok(ready) => ready,
                    Err(_) => break,
                }
            }
        };
        let (batch, mut texts) = match ready {
            Ready::Batch(batch, texts) => (batch, texts),
            Ready::Dict(mut texts) => {
                writer.take_packed(&mut texts)?;
                continue;
            }
        };
        for outcome in writer.add_batch_packed(&batch.units, &batch.keys, &mut texts)? {
            if let Some(earlier) = earlier.as_deref_mut() {
                earlier.still_there(outcome.id());
            }
            count(report, outcome);
        }
        progress(batch.at);
        // The reading thread frees (and reuses) the units and frees the keys it allocated:
        // allocator work off this thread, and no frees across threads.
        let _ = give_back.send((batch.units, batch.keys));
        let _ = give_back_texts.send(texts);
    }
    Ok(())
}

type Skipped = BTreeMap<SkipKind, SkipCount>;

/// Text held back while a new memory's dictionary trains, at most (beyond it this thread
/// waits for the training, and the reading waits for this thread): what the reading
/// thread goes on reading meanwhile, instead of waiting with the store.
const HELD_WHILE_TRAINING: usize = 32 << 20;

/// Compresses the texts of the batches read, in order (holding back a new memory's first
/// batches until its dictionary is trained on them), and sends them on to the store. The
/// dictionary trains on a thread of its own while batches go on arriving (held until it is
/// done, up to [`HELD_WHILE_TRAINING`]), so that the reading and the training share the
/// cores rather than take turns.
fn pack_batches(
    plan: PackPlan,
    receive: Receiver<Read>,
    send: SyncSender<Ready>,
    take_back: Receiver<PackedTexts>,
) -> Result<()> {
    let mut packer = ImportPacker::new(plan);
    std::thread::scope(|scope| {
        let mut training = None;
        loop {
            if let Some(job) = training.take_if(|job: &mut std::thread::ScopedJoinHandle<_>| {
                job.is_finished() || packer.held_bytes() >= HELD_WHILE_TRAINING
            }) {
                let ready = packer.trained(joined(job)?);
                send_on(&mut packer, &send, &take_back, ready)?;
            }
            let read = if training.is_some() {
                // Come back now and then to release the batches once the training is done.
                match receive.recv_timeout(Duration::from_millis(5)) {
                    Ok(read) => read,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            } else {
                match receive.recv() {
                    Ok(read) => read,
                    // The reading failed and reports why; the batches held are not stored.
                    Err(_) => return Ok(()),
                }
            };
            match read {
                Read::Batch(batch) => {
                    let (ready, job) = packer.push_deferred(batch);
                    if let Some(job) = job {
                        training = Some(scope.spawn(move || job.run()));
                    }
                    send_on(&mut packer, &send, &take_back, ready)?;
                }
                Read::End => {
                    if let Some(job) = training.take() {
                        let ready = packer.trained(joined(job)?);
                        send_on(&mut packer, &send, &take_back, ready)?;
                    }
                    let ready = packer.finish();
                    send_on(&mut packer, &send, &take_back, ready)?;
                    if let Some(texts) = packer.leftover_dict() {
                        send.send(Ready::Dict(texts))
                            .map_err(|_| Error::Invalid("the store stopped".into()))?;
                    }
                    return Ok(());
                }
            }
        }
    })
}

fn joined(job: std::thread::ScopedJoinHandle<'_, Trained>) -> Result<Trained> {
    job.join()
        .map_err(|_| Error::Invalid("the dictionary training thread panicked".into()))
}

/// Packs `batches` in order and sends each on to the store (with buffers it gave back).
fn send_on(
    packer: &mut ImportPacker<Batch>,
    send: &SyncSender<Ready>,
    take_back: &Receiver<PackedTexts>,
    batches: Vec<Batch>,
) -> Result<()> {
    while let Ok(spent) = take_back.try_recv() {
        packer.recycle(spent);
    }
    for batch in batches {
        let texts = packer.pack(&batch);
        send.send(Ready::Batch(batch, texts))
            .map_err(|_| Error::Invalid("the store stopped".into()))?;
    }
    Ok(())
}

/// Reads the file, sending batches of good units with their keys, then [`Read::End`];
/// returns the bad records and the skipped ones. Once a record is bad and bad records are
/// not skipped, nothing will be committed: it goes on reading only to list every bad record.
fn read_batches(
    path: &Path,
    options: &ImportOptions,
    send: SyncSender<Read>,
    take_back: Receiver<Spent>,
) -> Result<(Vec<RecordError>, Skipped)> {
    let display = path.display().to_string();
    let default_origin = file_name(path);
    let mut rejected: Vec<RecordError> = Vec::new();
    let mut skipped = Skipped::new();
    let mut units: Vec<UnitRecord> = Vec::with_capacity(BATCH);
    let mut last = Progress { bytes: 0, total: 0 };
    let mut keyer = Keyer::new();
    let mut tags = TagCache::default();
    let closed = || Error::Invalid("the store stopped".into());
    let mut sink = |item: Item<'_>, at: Progress| -> Result<()> {
        last = at;
        match item {
            Item::Bad(bad) => rejected.push(bad),
            Item::Skipped { kind, line } if options.strict && kind.refused_by_strict() => {
                let location = Location {
                    path: display.clone(),
                    line,
                    col: None,
                };
                let message = kind.to_string();
                rejected.push(RecordError { location, message });
            }
            Item::Skipped { kind, line } => {
                let first_line = line;
                skipped
                    .entry(kind)
                    .or_insert(SkipCount {
                        count: 0,
                        first_line,
                    })
                    .count += 1;
            }
            Item::Unit { .. } if !rejected.is_empty() && !options.skip_bad => {}
            Item::Unit { unit, line } => {
                if let Err(message) = storable(unit, &mut tags) {
                    let location = Location {
                        path: display.clone(),
                        line,
                        col: None,
                    };
                    rejected.push(RecordError { location, message });
                    return Ok(());
                }
                apply_defaults(unit, options, &default_origin);
                units.push(unit.clone());
                if units.len() >= BATCH {
                    let spare = take_back.try_recv().map(recycle).unwrap_or_default();
                    let batch = keyed_batch(&mut keyer, std::mem::replace(&mut units, spare), at)?;
                    send.send(Read::Batch(batch)).map_err(|_| closed())?;
                }
            }
        }
        Ok(())
    };
    read_file(path, &options.read, &mut sink)?;
    if rejected.is_empty() || options.skip_bad {
        let batch = keyed_batch(&mut keyer, units, last)?;
        send.send(Read::Batch(batch)).map_err(|_| closed())?;
        send.send(Read::End).map_err(|_| closed())?;
    }
    Ok((rejected, skipped))
}

/// A stored batch's units and keys, given back to the reading thread.
type Spent = (Vec<UnitRecord>, KeyedBatch);

/// Empties a stored batch for reuse (freeing its units and keys here, on the reading
/// thread that allocated them).
fn recycle((mut units, keys): Spent) -> Vec<UnitRecord> {
    drop(keys);
    units.clear();
    units
}

fn keyed_batch(keyer: &mut Keyer, units: Vec<UnitRecord>, at: Progress) -> Result<Batch> {
    let keys = keyer.key_batch(&units)?;
    Ok(Batch { units, keys, at })
}

/// What the store would refuse in a unit, checked here so the refusal names the line.
fn storable(unit: &UnitRecord, tags: &mut TagCache) -> std::result::Result<(), String> {
    for (side, which) in [(&unit.source, "source"), (&unit.target, "target")] {
        if tags.parse(&side.lang).is_none() {
            return Err(format!(
                "{which} language '{}' is not a language code",
                side.lang
            ));
        }
        if side.text.trim().is_empty() {
            return Err(format!("empty {which} text"));
        }
        crate::text::validate::check_text(&side.text).map_err(|p| format!("{which} text: {p}"))?;
    }
    unit.notes
        .iter()
        .try_for_each(|n| crate::text::validate::check_text(n).map_err(|p| format!("note: {p}")))
}

fn apply_defaults(unit: &mut UnitRecord, options: &ImportOptions, default_origin: &str) {
    if let Some(origin) = &options.origin {
        unit.origin = Some(origin.clone());
    } else if unit.origin.is_none() {
        unit.origin = Some(default_origin.to_string());
    }
    if let Some(status) = options.status {
        unit.status = status;
    }
}

fn count(report: &mut ImportReport, outcome: AddOutcome) {
    match outcome {
        AddOutcome::Added(_) => report.added += 1,
        AddOutcome::Merged(_) => report.merged += 1,
        AddOutcome::Alternative(_) => report.alternatives += 1,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes one `path:line: what` line per rejected record.
pub fn write_rejects(path: &Path, rejected: &[RecordError]) -> Result<()> {
    let io = |e| Error::io(path, e);
    let mut out = BufWriter::new(File::create(path).map_err(io)?);
    for bad in rejected {
        writeln!(out, "{bad}").map_err(io)?;
    }
    out.flush().map_err(io)
}
