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
//! only on the input, never on the threads' timing (README, "Compressed unit texts").

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
mod tests {
    use super::*;
    use crate::memory::unit::Side;

    fn batch(from: usize, n: usize) -> Vec<UnitRecord> {
        (from..from + n)
            .map(|i| {
                UnitRecord::new(
                    Side::new(
                        "ar",
                        format!("قال الوزير إن المحادثات في بغداد ستُستأنف رقم {i}"),
                    ),
                    Side::new(
                        "en",
                        format!("The minister said talks in Baghdad resume, no. {i}"),
                    ),
                )
            })
            .collect()
    }

    type Ready = (Vec<UnitRecord>, PackedTexts);

    /// Pushes and packs, as the import does.
    fn push(p: &mut ImportPacker<Vec<UnitRecord>>, b: Vec<UnitRecord>) -> Vec<Ready> {
        let out = p.push(b);
        packed(p, out)
    }

    fn finish(p: &mut ImportPacker<Vec<UnitRecord>>) -> Vec<Ready> {
        let out = p.finish();
        packed(p, out)
    }

    fn packed(p: &mut ImportPacker<Vec<UnitRecord>>, batches: Vec<Vec<UnitRecord>>) -> Vec<Ready> {
        batches
            .into_iter()
            .map(|b| {
                let t = p.pack(&b);
                (b, t)
            })
            .collect()
    }

    fn small(plan: PackPlan) -> ImportPacker<Vec<UnitRecord>> {
        let mut p = ImportPacker::new(plan);
        p.train_bytes = 60_000;
        p.min_bytes = 20_000;
        p
    }

    /// Every text of `ready` as stored, decoded back.
    fn decoded(ready: &[Ready]) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for (units, texts) in ready {
            assert_eq!(texts.len(), units.len());
            for (i, u) in units.iter().enumerate() {
                for (w, text) in [&u.source.text, &u.target.text].into_iter().enumerate() {
                    out.push(match texts.side(i, w, text) {
                        Stored::Plain(p) => (p.to_owned(), false),
                        Stored::Encoded(b) => {
                            let c = Codec::load(texts.codec.unwrap(), &dict_of(ready)).unwrap();
                            (c.decode(b).unwrap(), true)
                        }
                        Stored::Packed(_) => panic!("encoded in the batch's buffer"),
                    });
                }
            }
        }
        out
    }

    /// The dictionary trained, brought by the first batch packed after the training.
    fn new_dict(ready: &[Ready]) -> &NewDict {
        ready
            .iter()
            .find_map(|(_, t)| t.new_dict.as_ref())
            .expect("a batch brings the dictionary")
    }

    fn dict_of(ready: &[Ready]) -> Vec<u8> {
        new_dict(ready).bytes.clone()
    }

    fn originals(ready: &[Ready]) -> Vec<String> {
        ready
            .iter()
            .flat_map(|(u, _)| u.iter())
            .flat_map(|u| [u.source.text.clone(), u.target.text.clone()])
            .collect()
    }

    #[test]
    fn a_new_memory_holds_its_first_batches_then_stores_them_plain_while_it_trains_on_them() {
        let mut p = small(PackPlan {
            codec: None,
            next_id: 3,
        });
        let per = text_bytes(&batch(0, 100));
        p.train_bytes = 4 * per + per / 2;
        let mut ready = Vec::new();
        let mut held = 0;
        for k in 0..10 {
            let out = push(&mut p, batch(k * 100, 100));
            if out.is_empty() {
                held += 1;
            }
            ready.extend(out);
        }
        ready.extend(finish(&mut p));
        assert!(p.leftover_dict().is_none());
        // Four held, the fifth trains and all five (the sample) come out at once, plain;
        // then one by one, compressed, the first bringing the dictionary.
        assert_eq!(held, 4);
        assert_eq!(ready.len(), 10);
        assert!(ready[..5]
            .iter()
            .all(|(_, t)| t.codec.is_none() && !t.any_packed() && t.new_dict.is_none()));
        let d = ready[5].1.new_dict.as_ref().unwrap();
        assert_eq!((d.id, d.trained_on), (3, 1000));
        assert!(ready[6..].iter().all(|(_, t)| t.new_dict.is_none()));
        assert!(ready[5..].iter().all(|(_, t)| t.codec == Some(3)));
        let got = decoded(&ready);
        assert!(got[..1000].iter().all(|(_, packed)| !*packed));
        assert!(got[1000..].iter().all(|(_, packed)| *packed));
        let texts: Vec<String> = got.into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, originals(&ready));
        assert_eq!(ready[9].0[99].target.text, batch(999, 1)[0].target.text);
    }

    /// Many short texts train sooner: at the batch that brings the texts held to the count,
    /// once they hold at least the minimum of text; not before the minimum, however many.
    #[test]
    fn enough_short_texts_train_before_the_training_size() {
        let per = text_bytes(&batch(0, 100));
        for (min_bytes, trains_at) in [(per, 3), (3 * per + per / 2, 4)] {
            let mut p = small(PackPlan {
                codec: None,
                next_id: 3,
            });
            p.train_bytes = 100 * per;
            p.train_texts = 500;
            p.min_bytes = min_bytes;
            let mut held = 0;
            let mut ready = Vec::new();
            for k in 0..8 {
                let out = push(&mut p, batch(k * 100, 100));
                if out.is_empty() {
                    held += 1;
                }
                ready.extend(out);
            }
            ready.extend(finish(&mut p));
            // 200 texts a batch: 600 at the third, past the count of 500.
            assert_eq!(held, trains_at - 1, "minimum {min_bytes}");
            let d = new_dict(&ready);
            assert_eq!(d.trained_on, 200 * trains_at);
            let got = decoded(&ready);
            assert!(got[..200 * trains_at].iter().all(|(_, packed)| !*packed));
            assert!(got[200 * trains_at..].iter().all(|(_, packed)| *packed));
        }
        assert!(!crate::memory::text_pack::enough_to_train(
            TRAIN_BYTES - 1,
            TRAIN_TEXTS - 1
        ));
        assert!(crate::memory::text_pack::enough_to_train(TRAIN_BYTES, 2));
        assert!(crate::memory::text_pack::enough_to_train(
            MIN_TRAIN_BYTES,
            TRAIN_TEXTS
        ));
        assert!(!crate::memory::text_pack::enough_to_train(
            MIN_TRAIN_BYTES - 1,
            10 * TRAIN_TEXTS
        ));
    }

    /// An input that ends with the sample leaves no batch to bring the dictionary: it comes
    /// on its own, for the writer to store for later imports.
    #[test]
    fn a_dictionary_trained_on_the_last_batches_comes_alone() {
        let per = text_bytes(&batch(0, 100));
        for deferred in [false, true] {
            let mut p = small(PackPlan {
                codec: None,
                next_id: 5,
            });
            p.train_bytes = 2 * per + per / 2;
            let mut ready = Vec::new();
            for k in 0..3 {
                let out = if deferred {
                    let (out, job) = p.push_deferred(batch(k * 100, 100));
                    let mut out = packed(&mut p, out);
                    if let Some(job) = job {
                        let rest = p.trained(job.run());
                        out.extend(packed(&mut p, rest));
                    }
                    out
                } else {
                    push(&mut p, batch(k * 100, 100))
                };
                ready.extend(out);
            }
            ready.extend(finish(&mut p));
            assert_eq!(ready.len(), 3);
            assert!(ready
                .iter()
                .all(|(_, t)| !t.any_packed() && t.new_dict.is_none()));
            let alone = p.leftover_dict().expect("the dictionary");
            assert!(alone.is_empty() && alone.codec == Some(5));
            let d = alone.new_dict.as_ref().unwrap();
            assert_eq!((d.id, d.trained_on), (5, 600));
            assert!(p.leftover_dict().is_none());
        }
    }

    /// Training handed out (`push_deferred`), with batches arriving before its result comes
    /// back, stores what training in `push` stores: the same dictionary, the same blobs.
    #[test]
    fn training_handed_out_gives_the_bytes_of_training_in_push() {
        let plan = PackPlan {
            codec: None,
            next_id: 4,
        };
        let per = text_bytes(&batch(0, 100));
        let mut sync = small(plan);
        sync.train_bytes = 3 * per + per / 2;
        let mut want = Vec::new();
        for k in 0..8 {
            want.extend(push(&mut sync, batch(k * 100, 100)));
        }
        want.extend(finish(&mut sync));
        for back_after in [0, 1, 3] {
            let mut p = small(plan);
            p.train_bytes = 3 * per + per / 2;
            let (mut got, mut job, mut waited) = (Vec::new(), None, 0);
            for k in 0..8 {
                let (out, new_job) = p.push_deferred(batch(k * 100, 100));
                got.extend(packed(&mut p, out));
                job = job.or(new_job);
                if job.is_some() {
                    if waited == back_after {
                        let out = p.trained(job.take().unwrap().run());
                        got.extend(packed(&mut p, out));
                    }
                    waited += 1;
                }
            }
            if let Some(job) = job {
                let out = p.trained(job.run());
                got.extend(packed(&mut p, out));
            }
            got.extend(finish(&mut p));
            assert_eq!(got.len(), want.len());
            assert_eq!(dict_of(&got), dict_of(&want));
            assert_eq!(new_dict(&got).trained_on, new_dict(&want).trained_on);
            // The sample (the first four batches) is plain in both.
            assert!(got[..4].iter().all(|(_, t)| !t.any_packed()));
            for ((gu, gt), (wu, wt)) in got.iter().zip(&want) {
                assert_eq!(gu, wu);
                assert_eq!(
                    (gt.codec, &gt.bytes, &gt.ends),
                    (wt.codec, &wt.bytes, &wt.ends)
                );
            }
        }
    }

    #[test]
    fn too_little_text_stays_plain_and_enough_trains_at_the_end() {
        let mut p = small(PackPlan {
            codec: None,
            next_id: 1,
        });
        assert!(push(&mut p, batch(0, 100)).is_empty());
        let ready = finish(&mut p);
        assert_eq!(ready.len(), 1);
        assert!(ready[0].1.new_dict.is_none() && ready[0].1.codec.is_none());
        assert!(!ready[0].1.any_packed());
        // Once settled, batches pass straight through (still plain).
        assert_eq!(push(&mut p, batch(100, 5)).len(), 1);

        let mut p = small(PackPlan {
            codec: None,
            next_id: 1,
        });
        assert!(push(&mut p, batch(0, 300)).is_empty());
        let ready = finish(&mut p);
        assert_eq!(ready[0].1.new_dict.as_ref().unwrap().trained_on, 600);
        let texts: Vec<String> = decoded(&ready).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, originals(&ready));
    }

    #[test]
    fn a_memory_with_a_dictionary_compresses_every_batch_at_once() {
        let samples: Vec<String> = batch(0, 400)
            .into_iter()
            .flat_map(|u| [u.source.text, u.target.text])
            .collect();
        let dict = text_codec::train(&samples, 16 << 10).unwrap();
        let codec = Codec::load(9, &dict).unwrap();
        let mut p: ImportPacker<Vec<UnitRecord>> = small(PackPlan {
            codec: Some(codec),
            next_id: 10,
        });
        let ready = push(&mut p, batch(7, 3));
        assert_eq!(ready.len(), 1);
        let (units, texts) = &ready[0];
        assert!(texts.new_dict.is_none() && texts.codec == Some(9));
        // Byte for byte what the writer's own encoding stores.
        for (i, u) in units.iter().enumerate() {
            let (Stored::Encoded(b), Stored::Packed(want)) = (
                texts.side(i, 1, &u.target.text),
                codec.encode(&u.target.text),
            ) else {
                panic!("should compress")
            };
            assert_eq!(b, &want[..]);
        }
        // A recycled buffer is refilled, not appended to.
        let (_, texts) = ready.into_iter().next().unwrap();
        p.recycle(texts);
        let again = push(&mut p, batch(7, 3));
        assert_eq!(again[0].1.len(), 3);
        let (Stored::Encoded(b), Stored::Packed(want)) = (
            again[0].1.side(2, 0, "x"),
            codec.encode(&batch(9, 1)[0].source.text),
        ) else {
            panic!("should compress")
        };
        assert_eq!(b, &want[..]);
    }
}
