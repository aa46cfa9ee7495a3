//! Tests of the import's text packing: plans, training, and what is stored.
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

/// Pushes `batches` batches of 100 units, then finishes: everything that came out, and
/// how many pushes gave nothing back (their batch held for training).
fn push_all(p: &mut ImportPacker<Vec<UnitRecord>>, batches: usize) -> (Vec<Ready>, usize) {
    let (mut ready, mut held) = (Vec::new(), 0);
    for k in 0..batches {
        let out = push(p, batch(k * 100, 100));
        if out.is_empty() {
            held += 1;
        }
        ready.extend(out);
    }
    ready.extend(finish(p));
    (ready, held)
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
    let (ready, held) = push_all(&mut p, 10);
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
        let (ready, held) = push_all(&mut p, 8);
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
    let (want, _) = push_all(&mut sync, 8);
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
