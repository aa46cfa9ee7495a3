//! Training the zstd dictionary of a memory's unit texts (`text_codec`) with fixed
//! parameters.
//!
//! `zstd::dict::from_samples` (zstd's `ZDICT_trainFromBuffer`) searches five values of the
//! segment size k, each trained on three quarters of the samples and scored by compressing the
//! last quarter: on 8 MB of short sentences that search was 30 % of an import's CPU, on the
//! storing thread. The parameters below were chosen once, on real text the dictionary had not
//! seen (`cargo run --release --example text_codec_train`: NTREX paragraphs and sentences,
//! Tatoeba, each trained on one half and measured on the other); one training with them costs
//! a fraction of the search and stores within a percent of its ratio (`docs/speed-log.md`,
//! "Compressed unit texts").

use super::text_codec::CodecError;
use zstd::zstd_safe::zstd_sys;

/// fastCover parameters of one training (see zstd's `zdict.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainParams {
    /// Segment size: the dictionary is built of the best segments of this many bytes.
    pub k: u32,
    /// Length of the d-mers that score a segment.
    pub d: u32,
    /// Speed against accuracy of the frequency counts (1 = most accurate, 10 = fastest).
    pub accel: u32,
}

/// The parameters every memory is trained with.
pub const TRAIN_PARAMS: TrainParams = TrainParams {
    k: 200,
    d: 8,
    accel: 1,
};

/// Log2 of the frequency table's entries (zstd's default; the table takes 6 × 2^f bytes).
const F: u32 = 20;

/// Trains a dictionary of at most `max_bytes` on `samples` (each text one sample) with
/// [`TRAIN_PARAMS`].
pub fn train<S: AsRef<[u8]>>(samples: &[S], max_bytes: usize) -> Result<Vec<u8>, CodecError> {
    train_with(samples, max_bytes, TRAIN_PARAMS)
}

/// [`train`] with other parameters (for measuring them).
pub fn train_with<S: AsRef<[u8]>>(
    samples: &[S],
    max_bytes: usize,
    p: TrainParams,
) -> Result<Vec<u8>, CodecError> {
    let fail = |m: &str| CodecError::BadDictionary(m.to_owned());
    let total: usize = samples.iter().map(|s| s.as_ref().len()).sum();
    let mut flat = Vec::with_capacity(total);
    let mut sizes = Vec::with_capacity(samples.len());
    for s in samples {
        flat.extend_from_slice(s.as_ref());
        sizes.push(s.as_ref().len());
    }
    let count = u32::try_from(sizes.len()).map_err(|_| fail("too many samples"))?;
    // zstd refuses (or reads past) fewer than a handful of samples; a segment must fit.
    if count < 8 || p.d == 0 || p.k < p.d || max_bytes < 256 {
        return Err(fail("too few samples to train on"));
    }
    let params = zstd_sys::ZDICT_fastCover_params_t {
        k: p.k,
        d: p.d,
        f: F,
        steps: 0,
        nbThreads: 0,
        // Train on every sample: there is no search to hold some back for.
        splitPoint: 1.0,
        accel: p.accel,
        shrinkDict: 0,
        shrinkDictMaxRegression: 0,
        zParams: zstd_sys::ZDICT_params_t {
            compressionLevel: super::text_codec::LEVEL,
            notificationLevel: 0,
            dictID: 0,
        },
    };
    let mut dict = vec![0u8; max_bytes];
    // SAFETY: `dict` is writable for `max_bytes` bytes; `flat` holds exactly the sum of
    // `sizes` bytes, and `sizes` has `count` entries; zstd reads and writes nothing else.
    let written = unsafe {
        zstd_sys::ZDICT_trainFromBuffer_fastCover(
            dict.as_mut_ptr().cast(),
            dict.len(),
            flat.as_ptr().cast(),
            sizes.as_ptr(),
            count,
            params,
        )
    };
    // SAFETY: a pure function of the returned code.
    if unsafe { zstd_sys::ZDICT_isError(written) } != 0 {
        return Err(CodecError::BadDictionary(
            zstd::zstd_safe::get_error_name(written).to_owned(),
        ));
    }
    dict.truncate(written);
    Ok(dict)
}

/// zstd's own search over the parameters (`zstd::dict::from_samples`), as memories were
/// trained before [`TRAIN_PARAMS`] (for measuring against it).
pub fn train_searching<S: AsRef<[u8]>>(
    samples: &[S],
    max_bytes: usize,
) -> Result<Vec<u8>, CodecError> {
    zstd::dict::from_samples(samples, max_bytes)
        .map_err(|e| CodecError::BadDictionary(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::text_codec::{Codec, Stored};

    fn samples() -> Vec<String> {
        (0..3000)
            .map(|i| {
                format!(
                    "The minister said on {} March that the talks in Baghdad would resume; \
                     قال الوزير إن المحادثات في بغداد ستُستأنف رقم {i}",
                    i % 31
                )
            })
            .collect()
    }

    #[test]
    fn a_fixed_training_compresses_what_it_was_trained_on() {
        let s = samples();
        let dict = train(&s, 16 << 10).unwrap();
        assert!(!dict.is_empty() && dict.len() <= 16 << 10);
        let codec = Codec::load(41, &dict).unwrap();
        let Stored::Packed(b) = codec.encode(&s[5]) else {
            panic!("should compress")
        };
        assert!(b.len() * 3 < s[5].len(), "{} of {}", b.len(), s[5].len());
        assert_eq!(codec.decode(&b).unwrap(), s[5]);
        // The same samples give the same dictionary (a retried import stores the same bytes).
        assert_eq!(train(&s, 16 << 10).unwrap(), dict);
    }

    #[test]
    fn too_little_to_train_on_is_an_error_not_a_panic() {
        assert!(train::<&str>(&[], 16 << 10).is_err());
        assert!(train(&["a", "b", "c"], 16 << 10).is_err());
        assert!(train(&samples(), 10).is_err());
        let bad = TrainParams {
            k: 4,
            d: 8,
            accel: 1,
        };
        assert!(train_with(&samples(), 16 << 10, bad).is_err());
        let same: Vec<&str> = vec![""; 100];
        assert!(train(&same, 16 << 10).is_err());
    }
}
