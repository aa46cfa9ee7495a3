//! Unit texts compressed beside the import's reading, on a thread of their own, so that the
//! storing thread only writes bytes (`text_codec` says how a text is stored, `text_pack`
//! when).
//!
//! The writer hands out a [`PackPlan`] (its memory's newest dictionary, and the id the next
//! one would get); the import's packing thread runs an [`ImportPacker`] with it, which
//! returns each batch with its texts encoded ([`PackedTexts`]). A memory without a
//! dictionary gets one trained here, on the import's first units: the packer holds batches
//! back until it has [`TRAIN_BYTES`] of text, or [`TRAIN_TEXTS`] texts and at least
//! [`MIN_TRAIN_BYTES`] (`text_pack::enough_to_train`: short texts train sooner). Those batches (the training sample) then go on
//! to the store at once, plain, while the dictionary trains on them; the batches that arrive
//! meanwhile are held, and released compressed once it is trained, the first one carrying
//! the dictionary for the writer to store under the planned id. So the store works through
//! the sample while the training runs instead of waiting for it (on a short import, the
//! training is as long as storing the sample), and the sample's texts stay plain (readable
//! as ever; `compact` compresses them). An input that ends with less than [`TRAIN_BYTES`]
//! but at least [`MIN_TRAIN_BYTES`] is trained on at the end and all of it stored
//! compressed, as before: nothing is left to overlap there. Which units are plain depends
//! only on the input, never on the threads' timing (`docs/speed-log.md`, "Compressed unit texts").

use super::text_codec::{self, Codec, Stored, DICT_BYTES};
use super::text_pack::{MIN_TRAIN_BYTES, TRAIN_BYTES, TRAIN_TEXTS};
use super::unit::UnitRecord;

/// How the packing thread compresses: what [`crate::memory::Writer::pack_elsewhere`] gives.
#[derive(Clone, Copy)]
pub struct PackPlan {
    pub(super) codec: Option<&'static Codec>,
    /// The id a dictionary trained now is stored under (`text_codec::next_dict_id`).
    pub(super) next_id: i64,
}

/// A dictionary trained on the packing thread, for the writer to store.
pub(super) struct NewDict {
    pub(super) id: i64,
    pub(super) bytes: Vec<u8>,
    pub(super) trained_on: usize,
}

/// The texts of one batch as they are stored, source then target of each unit, in one
/// buffer (no allocation per text; the buffer is reused batch after batch).
#[derive(Default)]
pub struct PackedTexts {
    /// The dictionary of the compressed ones (none: every text is plain).
    pub(super) codec: Option<i64>,
    pub(super) new_dict: Option<NewDict>,
    bytes: Vec<u8>,
    /// End in `bytes` of each text's blob; an empty blob means the text is stored plain.
    ends: Vec<usize>,
}

impl PackedTexts {
    /// Units covered.
    pub fn len(&self) -> usize {
        self.ends.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Side `which` (0 source, 1 target) of unit `i` as stored; `text` is that side's text.
    pub(super) fn side<'t>(&'t self, i: usize, which: usize, text: &'t str) -> Stored<'t> {
        let at = 2 * i + which;
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        match self.ends.get(at) {
            Some(&end) if end > start => Stored::Encoded(&self.bytes[start..end]),
            _ => Stored::Plain(text),
        }
    }

    /// Whether some text is compressed.
    pub(super) fn any_packed(&self) -> bool {
        !self.bytes.is_empty()
    }

    fn fill(&mut self, codec: Option<&'static Codec>, units: &[UnitRecord]) {
        self.codec = codec.map(|c| c.id());
        self.bytes.clear();
        self.ends.clear();
        for u in units {
            for text in [&u.source.text, &u.target.text] {
                if let Some(c) = codec {
                    c.encode_into(text, &mut self.bytes);
                }
                self.ends.push(self.bytes.len());
            }
        }
    }
}

/// The packing thread's text compression (see the module docs). `T` is a batch of units.
pub struct ImportPacker<T> {
    codec: Option<&'static Codec>,
    next_id: i64,
    /// Batches held back until there is a dictionary, and their text bytes.
    held: Vec<T>,
    held_bytes: usize,
    held_texts: usize,
    /// Train once this much text is held, or this many texts and at least `min_bytes` (at
    /// the end of the input, on at least `min_bytes`): `text_pack::enough_to_train`.
    train_bytes: usize,
    train_texts: usize,
    min_bytes: usize,
    /// Trained here and not yet handed to the writer.
    new_dict: Option<NewDict>,
    /// Training was tried (or there was a dictionary): nothing more is held.
    settled: bool,
    /// A [`TrainJob`] was handed out and its result is not back yet (batches are held).
    training: bool,
    /// Batches released to be packed plain: the training sample, stored while it trains.
    plain_batches: usize,
    spare: Vec<PackedTexts>,
}

impl<T: AsRef<[UnitRecord]>> ImportPacker<T> {
    pub fn new(plan: PackPlan) -> ImportPacker<T> {
        ImportPacker {
            codec: plan.codec,
            next_id: plan.next_id,
            held: Vec::new(),
            held_bytes: 0,
            held_texts: 0,
            train_bytes: TRAIN_BYTES,
            train_texts: TRAIN_TEXTS,
            min_bytes: MIN_TRAIN_BYTES,
            new_dict: None,
            settled: plan.codec.is_some(),
            training: false,
            plain_batches: 0,
            spare: Vec::new(),
        }
    }

    /// Takes the next batch; returns the batches now ready to store, in order: give each to
    /// [`ImportPacker::pack`] just before sending it on (encoding them one at a time lets
    /// the store begin on the first batches held while the others are still encoded). The
    /// batch that brings the held text to the training size trains the dictionary here, and
    /// the batches it was trained on come back to be stored plain (see the module docs).
    pub fn push(&mut self, batch: T) -> Vec<T> {
        if self.settled {
            return vec![batch];
        }
        self.hold(batch);
        if !self.enough() {
            return Vec::new();
        }
        self.train();
        self.release_plain()
    }

    /// [`ImportPacker::push`] that leaves the training to the caller, so that batches can
    /// go on arriving, and the sample be stored, meanwhile: when the held text reaches the
    /// training size, returns the job (on exactly the batches `push` would train on) with
    /// those batches, to be stored plain; the batches pushed until its result is given to
    /// [`ImportPacker::trained`] are held, then released compressed. The dictionary and
    /// every stored byte are `push`'s.
    pub fn push_deferred(&mut self, batch: T) -> (Vec<T>, Option<TrainJob>) {
        if self.settled {
            return (vec![batch], None);
        }
        self.hold(batch);
        if self.training || !self.enough() {
            return (Vec::new(), None);
        }
        self.training = true;
        let samples = self
            .held
            .iter()
            .flat_map(|b| b.as_ref())
            .flat_map(|u| [u.source.text.clone(), u.target.text.clone()])
            .collect();
        (self.release_plain(), Some(TrainJob { samples }))
    }

    /// Text held back (in bytes), waiting for a dictionary.
    pub fn held_bytes(&self) -> usize {
        self.held_bytes
    }

    /// Takes the result of the job [`ImportPacker::push_deferred`] gave; returns every
    /// batch held, for [`ImportPacker::pack`].
    pub fn trained(&mut self, trained: Trained) -> Vec<T> {
        self.settle_with(trained.dict, trained.trained_on);
        self.release()
    }

    /// The input is over: returns the batches still held (for [`ImportPacker::pack`]),
    /// having trained on them if they are enough. A job handed out by
    /// [`ImportPacker::push_deferred`] must have come back first.
    pub fn finish(&mut self) -> Vec<T> {
        debug_assert!(!self.training, "finish before the training job came back");
        if !self.settled && self.held_bytes >= self.min_bytes {
            self.train();
        }
        self.settled = true;
        self.release()
    }

    /// The texts of a batch that [`ImportPacker::push`] or [`ImportPacker::finish`]
    /// returned, as stored. Pack batches in the order they were returned: the first one
    /// packed after training brings the dictionary to the writer.
    pub fn pack(&mut self, batch: &T) -> PackedTexts {
        let mut texts = self.spare.pop().unwrap_or_default();
        if self.plain_batches > 0 {
            // The training sample: plain, and the dictionary comes with the next batch.
            self.plain_batches -= 1;
            texts.fill(None, batch.as_ref());
            texts.new_dict = None;
        } else {
            texts.fill(self.codec, batch.as_ref());
            texts.new_dict = self.new_dict.take();
        }
        texts
    }

    /// After [`ImportPacker::finish`]'s batches are packed: the dictionary trained on the
    /// sample, when no batch came after the sample to bring it to the writer (the input
    /// ended with the sample), as texts of no unit, for [`crate::memory::Writer::take_packed`].
    pub fn leftover_dict(&mut self) -> Option<PackedTexts> {
        let new_dict = self.new_dict.take()?;
        Some(PackedTexts {
            codec: Some(new_dict.id),
            new_dict: Some(new_dict),
            ..PackedTexts::default()
        })
    }

    /// Gives back the texts of a stored batch, for reuse.
    pub fn recycle(&mut self, texts: PackedTexts) {
        self.spare.push(texts);
    }

    fn train(&mut self) {
        let samples: Vec<&str> = self
            .held
            .iter()
            .flat_map(|b| b.as_ref())
            .flat_map(|u| [u.source.text.as_str(), u.target.text.as_str()])
            .collect();
        let dict = text_codec::train(&samples, DICT_BYTES).ok();
        let trained_on = samples.len();
        self.settle_with(dict, trained_on);
    }

    /// Settles on the dictionary trained on `trained_on` texts; none (zstd could not train
    /// on too few or too uniform texts) leaves every text plain.
    fn settle_with(&mut self, dict: Option<Vec<u8>>, trained_on: usize) {
        self.settled = true;
        self.training = false;
        let Some(dict) = dict else {
            return;
        };
        let Ok(codec) = Codec::load(self.next_id, &dict) else {
            return;
        };
        self.codec = Some(codec);
        self.new_dict = Some(NewDict {
            id: self.next_id,
            bytes: dict,
            trained_on,
        });
    }

    fn hold(&mut self, batch: T) {
        self.held_bytes += text_bytes(batch.as_ref());
        self.held_texts += 2 * batch.as_ref().len();
        self.held.push(batch);
    }

    /// Whether the text held is enough to train on (`text_pack::enough_to_train`).
    fn enough(&self) -> bool {
        self.held_bytes >= self.train_bytes
            || (self.held_texts >= self.train_texts && self.held_bytes >= self.min_bytes)
    }

    fn release(&mut self) -> Vec<T> {
        self.held_bytes = 0;
        self.held_texts = 0;
        std::mem::take(&mut self.held)
    }

    /// Releases the batches held, to be packed plain (the training sample).
    fn release_plain(&mut self) -> Vec<T> {
        let sample = self.release();
        self.plain_batches += sample.len();
        sample
    }
}

/// Training a new memory's dictionary, on a thread of the caller's choosing (see
/// [`ImportPacker::push_deferred`]): the texts it trains on, copied.
pub struct TrainJob {
    samples: Vec<String>,
}

/// What a [`TrainJob`] gives back.
pub struct Trained {
    dict: Option<Vec<u8>>,
    trained_on: usize,
}

impl TrainJob {
    pub fn run(self) -> Trained {
        Trained {
            dict: text_codec::train(&self.samples, DICT_BYTES).ok(),
            trained_on: self.samples.len(),
        }
    }
}

fn text_bytes(units: &[UnitRecord]) -> usize {
    units
        .iter()
        .map(|u| u.source.text.len() + u.target.text.len())
        .sum()
}

#[cfg(test)]
mod tests;
