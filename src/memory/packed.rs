//! The packed layout of one posting chunk (schema 12; the `append` module doc places it):
//! fixed-stride entries whose bit widths are chosen per chunk, decoded on the query's hot
//! path and packed by the list appends of `append`.
//!
//! A chunk is a 2-byte header with three bit widths, the varint of its first entry's side id
//! (the base), then one entry every `stride` bytes: the three fields packed low bits first
//! into a little-endian word of stride = ⌈(sum of the widths) / 8⌉ bytes (at most 8):
//! - the step from the previous entry's side id (the first entry's previous one is the base,
//!   so its step is 0; 0–32 bits: a chunk of one entry needs none),
//! - the side's length in tokens (hash lists: the 16 check bits; 1–16 bits, so the stride is
//!   never 0 and the body's size gives the entry count),
//! - in prefix lists, the position of the token in the side's order (0–16 bits).
//!
//! Each width is the least that holds every value of its field in the chunk, so an entry
//! decodes with a fixed-size load, two shifts and three masks, with no test per byte as the
//! varints of schema 10 needed (`docs/speed-log.md`, "packed postings": the varints made long queries pay
//! ~40 % more CPU). Entries stay whole bytes, so an append that fits the widths is bytes
//! added at the chunk's end; one whose values do not fit repacks that chunk (widths only
//! grow, so a chunk is repacked a few times at most).

use super::index::PrefixEntry;

/// The bit widths of a chunk's three fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Widths {
    step: u8,
    len: u8,
    pos: u8,
}

impl Widths {
    /// The narrowest widths: one-bit lengths, no steps, no positions.
    pub(super) const LEAST: Widths = Widths {
        step: 0,
        len: 1,
        pos: 0,
    };

    /// The header (u16 LE): step bits (0–32) in bits 0–5, length bits − 1 (0–15) in bits
    /// 6–9, position bits (0–16) in bits 10–14.
    pub(super) fn header(self) -> u16 {
        u16::from(self.step) | (u16::from(self.len - 1) << 6) | (u16::from(self.pos) << 10)
    }

    /// The widths a header gives; `None` for one no packer writes (damaged chunk).
    pub(super) fn from_header(h: u16) -> Option<Widths> {
        let w = Widths {
            step: (h & 0x3F) as u8,
            len: ((h >> 6) & 0xF) as u8 + 1,
            pos: ((h >> 10) & 0x1F) as u8,
        };
        (h < 0x8000 && w.step <= 32 && w.pos <= 16).then_some(w)
    }

    /// Bytes per entry: the three fields' bits rounded up to whole bytes (at most 8).
    pub(super) fn stride(self) -> usize {
        usize::from(self.step + self.len + self.pos).div_ceil(8)
    }

    /// Whether values that fit `other` fit these widths too.
    pub(super) fn covers(self, other: Widths) -> bool {
        self.step >= other.step && self.len >= other.len && self.pos >= other.pos
    }

    pub(super) fn max(self, other: Widths) -> Widths {
        Widths {
            step: self.step.max(other.step),
            len: self.len.max(other.len),
            pos: self.pos.max(other.pos),
        }
    }

    /// The least widths holding `entries` after an entry of side `prev` (`None`: they
    /// begin a chunk, the first one's step is 0). Side ids must not descend.
    pub(super) fn of(prev: Option<u32>, entries: &[PrefixEntry]) -> Widths {
        let mut prev = prev.or(entries.first().map(|e| e.side)).unwrap_or(0);
        let (mut step, mut len, mut pos) = (0u32, 0u16, 0u16);
        for e in entries {
            step |= e.side.wrapping_sub(prev);
            len |= e.len;
            pos |= e.pos;
            prev = e.side;
        }
        Widths::LEAST.max(Widths {
            step: bits_for(step),
            len: bits_for(u32::from(len)),
            pos: bits_for(u32::from(pos)),
        })
    }
}

/// Bits needed for `v` (0 for 0).
fn bits_for(v: u32) -> u8 {
    (32 - v.leading_zeros()) as u8
}

pub(super) fn push_varint(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// The varint at `*at`, moving past it; `None` when the blob ends inside it or it does not
/// fit in 32 bits (a damaged chunk: decoding stops there, it never panics).
fn read_varint(blob: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *blob.get(*at)?;
        *at += 1;
        if shift == 28 && b > 0x0F {
            return None;
        }
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// A whole chunk: header, base, `entries` (ascending side ids) at widths `w`, which must
/// cover `Widths::of(None, entries)`.
pub(super) fn encode_chunk(entries: &[PrefixEntry], w: Widths) -> Vec<u8> {
    let mut buf = Vec::with_capacity(7 + entries.len() * w.stride());
    buf.extend_from_slice(&w.header().to_le_bytes());
    let base = entries.first().map_or(0, |e| e.side);
    push_varint(&mut buf, base);
    encode_entries(&mut buf, base, entries, w);
    buf
}

/// Appends `entries` at widths `w` after an entry of side `prev` (what extends a chunk).
pub(super) fn encode_entries(buf: &mut Vec<u8>, mut prev: u32, entries: &[PrefixEntry], w: Widths) {
    let (sl, sp) = (u32::from(w.step), u32::from(w.step + w.len));
    for e in entries {
        let step = u64::from(e.side.wrapping_sub(prev));
        let v = step | (u64::from(e.len) << sl) | (u64::from(e.pos) << sp);
        buf.extend_from_slice(&v.to_le_bytes()[..w.stride()]);
        prev = e.side;
    }
}

/// Calls `f` with every entry of one packed chunk (`pos` is 0 outside prefix lists). For
/// the few readers off the query's path (appends, maintenance); queries decode into a
/// buffer they keep ([`decode_into`]).
pub(super) fn decode_chunk(blob: &[u8], f: impl FnMut(PrefixEntry)) {
    let mut entries = Vec::new();
    decode_into(blob, &mut entries);
    entries.into_iter().for_each(f);
}

/// Appends every entry of one packed chunk to `out` (`pos` is 0 outside prefix lists).
///
/// Decoding a whole chunk into a buffer, and letting the reader loop over it, keeps both
/// loops tight: called per entry, a reader's closure was not inlined into the eight
/// stride-specialised decoders, and the call and its spills cost more than the decoding
/// (`docs/speed-log.md`, "Reading the lists").
pub(super) fn decode_into(blob: &[u8], out: &mut Vec<PrefixEntry>) {
    let (Some(&h0), Some(&h1)) = (blob.first(), blob.get(1)) else {
        return;
    };
    let Some(w) = Widths::from_header(u16::from_le_bytes([h0, h1])) else {
        return;
    };
    let rest = &blob[2..];
    let mut at = 0;
    let Some(base) = read_varint(rest, &mut at) else {
        return;
    };
    let body = &rest[at..];
    // One loop per stride, so each entry is a fixed-size load (the shifts and masks stay in
    // registers), and per kind of list: full lists have no positions, whose shift and mask
    // would be a third of the work (x86 shifts by a variable count through one register).
    match (w.stride(), w.pos > 0) {
        (1, false) => decode_body::<1, false>(body, base, w, out),
        (2, false) => decode_body::<2, false>(body, base, w, out),
        (3, false) => decode_body::<3, false>(body, base, w, out),
        (4, false) => decode_body::<4, false>(body, base, w, out),
        (5, false) => decode_body::<5, false>(body, base, w, out),
        (6, false) => decode_body::<6, false>(body, base, w, out),
        // Without positions a stride is at most 6 (32 + 16 bits); with `POS` and no
        // position bits the position decodes as 0 all the same.
        (1, _) => decode_body::<1, true>(body, base, w, out),
        (2, _) => decode_body::<2, true>(body, base, w, out),
        (3, _) => decode_body::<3, true>(body, base, w, out),
        (4, _) => decode_body::<4, true>(body, base, w, out),
        (5, _) => decode_body::<5, true>(body, base, w, out),
        (6, _) => decode_body::<6, true>(body, base, w, out),
        (7, _) => decode_body::<7, true>(body, base, w, out),
        _ => decode_body::<8, true>(body, base, w, out),
    }
}

fn mask(bits: u8) -> u64 {
    (1u64 << bits) - 1
}

/// The entries of a chunk's body at widths `w`, `STRIDE` (= `w.stride()`) bytes each,
/// appended to `out`; a trailing partial entry (damage) is left out. `POS`: whether `w` has
/// position bits (without, positions are 0).
#[inline(always)]
fn decode_body<const STRIDE: usize, const POS: bool>(
    body: &[u8],
    base: u32,
    w: Widths,
    out: &mut Vec<PrefixEntry>,
) {
    let (ms, ml, mp) = (mask(w.step), mask(w.len), mask(w.pos));
    let (sl, sp) = (u32::from(w.step), u32::from(w.step + w.len));
    let (words, _) = body.as_chunks::<STRIDE>();
    let entry = |c: &[u8; STRIDE]| {
        let mut b = [0u8; 8];
        b[..STRIDE].copy_from_slice(c);
        let v = u64::from_le_bytes(b);
        let pos = if POS { ((v >> sp) & mp) as u16 } else { 0 };
        ((v & ms) as u32, ((v >> sl) & ml) as u16, pos)
    };
    let start = out.len();
    out.resize(
        start + words.len(),
        PrefixEntry {
            side: 0,
            len: 0,
            pos: 0,
        },
    );
    let slots = &mut out[start..];
    let mut side = base;
    // When even steps of the widest value cannot take a side id past u32::MAX, the loop
    // needs no test for it; else (a damaged chunk) an overflow ends the decoding.
    let most = (words.len() as u64).saturating_mul(ms);
    if most.saturating_add(u64::from(base)) <= u64::from(u32::MAX) {
        for (slot, c) in slots.iter_mut().zip(words) {
            let (step, len, pos) = entry(c);
            side = side.wrapping_add(step);
            *slot = PrefixEntry { side, len, pos };
        }
    } else {
        for (i, (slot, c)) in slots.iter_mut().zip(words).enumerate() {
            let (step, len, pos) = entry(c);
            let Some(next) = side.checked_add(step) else {
                out.truncate(start + i);
                return;
            };
            side = next;
            *slot = PrefixEntry { side, len, pos };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rng(mut x: u64) -> impl FnMut(u32) -> u32 {
        move |bits: u32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Values of 0 to `bits` bits, so every width shows up.
            let width = (x >> 40) as u32 % (bits + 1);
            (x & ((1u64 << width) - 1)) as u32
        }
    }

    #[test]
    fn packed_chunks_decode_to_what_was_packed_for_values_of_every_size() {
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        for prefix in [false, true] {
            for n in [1usize, 2, 3, 7, 8, 9, 15, 100, 1024] {
                // Steps, lengths and positions each capped at 0–4 bytes in turn.
                for caps in [(0, 8, 0), (8, 8, 8), (16, 16, 16), (30, 8, 16), (32, 16, 8)] {
                    let mut side = next(24);
                    let mut want = Vec::new();
                    for _ in 0..n {
                        side = side.saturating_add(next(caps.0));
                        let len = next(caps.1) as u16;
                        let pos = if prefix { next(caps.2) as u16 } else { 0 };
                        want.push(PrefixEntry { side, len, pos });
                    }
                    let w = Widths::of(None, &want);
                    let blob = encode_chunk(&want, w);
                    let mut got = Vec::new();
                    decode_chunk(&blob, |e| got.push(e));
                    assert_eq!(got, want, "{n} {caps:?} {w:?}");
                    // Wider widths than needed decode the same.
                    let wide = Widths {
                        step: 32,
                        len: 16,
                        pos: 16,
                    };
                    got.clear();
                    decode_chunk(&encode_chunk(&want, wide), |e| got.push(e));
                    assert_eq!(got, want);
                }
            }
        }
    }

    #[test]
    fn widths_are_the_least_that_hold_each_field() {
        let e = |side, len, pos| PrefixEntry { side, len, pos };
        let w = Widths::of(None, &[e(1000, 3, 0)]);
        assert_eq!((w.step, w.len, w.pos, w.stride()), (0, 2, 0, 1));
        let w = Widths::of(None, &[e(1000, 3, 0), e(1255, 256, 0), e(1256, 0, 1)]);
        assert_eq!((w.step, w.len, w.pos, w.stride()), (8, 9, 1, 3));
        let w = Widths::of(Some(5), &[e(70_005, 0, 0)]);
        assert_eq!((w.step, w.len, w.pos), (17, 1, 0));
        assert!(w.covers(Widths::LEAST) && !Widths::LEAST.covers(w));
        assert_eq!(Widths::from_header(w.header()), Some(w));
        let widest = Widths::of(Some(0), &[e(u32::MAX, u16::MAX, u16::MAX)]);
        assert_eq!(
            (widest.stride(), Widths::from_header(widest.header())),
            (8, Some(widest))
        );
        // A 100-entry chunk of steps of 3 and lengths of 20: 7 bits, one byte an entry.
        let entries: Vec<_> = (0..100).map(|i| e(1000 + 3 * i, 20, 0)).collect();
        let blob = encode_chunk(&entries, Widths::of(None, &entries));
        assert_eq!(blob.len(), 2 + 2 + 100);
    }

    #[test]
    fn damaged_chunks_decode_without_panicking() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut blobs: Vec<Vec<u8>> = vec![
            vec![],
            vec![0x08],
            vec![0x08, 0x02, 0x80],
            vec![0xFF; 6],
            vec![0x08, 0x02, 0x81, 0x80, 0x80, 0x80, 0x10],
            // A 32-bit step that overflows the side id.
            vec![
                0x20, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 1, 1,
            ],
        ];
        for len in 0..200 {
            let blob = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            blobs.push(blob);
        }
        for blob in &blobs {
            let mut n = 0;
            decode_chunk(blob, |_| n += 1);
            assert!(n <= blob.len());
        }
        let mut at = 0;
        assert_eq!(read_varint(&[0x81, 0x80, 0x80, 0x80, 0x10], &mut at), None);
        at = 0;
        assert_eq!(
            read_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], &mut at),
            Some(u32::MAX)
        );
    }

    /// The per-entry decoder `decode_into` replaced, written plainly: bit by bit from a
    /// little-endian word per entry, stopping at a side id past u32::MAX.
    fn decode_plain(blob: &[u8]) -> Vec<PrefixEntry> {
        let mut out = Vec::new();
        let Some(h) = blob.get(..2) else {
            return out;
        };
        let Some(w) = Widths::from_header(u16::from_le_bytes([h[0], h[1]])) else {
            return out;
        };
        let mut at = 2;
        let Some(base) = read_varint(blob, &mut at) else {
            return out;
        };
        let field = |v: u64, from: u8, bits: u8| (v >> from) & ((1u64 << bits) - 1);
        let mut side = u64::from(base);
        for c in blob[at..].chunks_exact(w.stride()) {
            let v = c.iter().rev().fold(0u64, |v, &b| (v << 8) | u64::from(b));
            side += field(v, 0, w.step);
            if side > u64::from(u32::MAX) {
                break;
            }
            out.push(PrefixEntry {
                side: side as u32,
                len: field(v, w.step, w.len) as u16,
                pos: field(v, w.step + w.len, w.pos) as u16,
            });
        }
        out
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever the bytes (packed chunks at any widths, or damage), `decode_into`
        /// appends what the plain decoder reads, after what the buffer held.
        #[test]
        fn decode_into_equals_the_plain_decoder(
            entries in proptest::collection::vec((0u32..70_000, any::<u16>(), any::<u16>()), 0..300),
            base in any::<u32>(),
            pos in any::<bool>(),
            widen in (0u8..33, 1u8..17, 0u8..17),
            garbage in proptest::collection::vec(any::<u8>(), 0..64),
            cut in any::<prop::sample::Index>(),
            held in 0usize..3,
        ) {
            let mut side = base;
            let want: Vec<PrefixEntry> = entries
                .iter()
                .map(|&(step, len, p)| {
                    side = side.saturating_add(step);
                    PrefixEntry { side, len, pos: if pos { p } else { 0 } }
                })
                .collect();
            let w = Widths::of(None, &want).max(Widths { step: widen.0, len: widen.1, pos: widen.2 });
            let blob = encode_chunk(&want, w);
            let prior = PrefixEntry { side: 7, len: 7, pos: 7 };
            let check = |blob: &[u8]| -> Result<(), TestCaseError> {
                let mut got = vec![prior; held];
                decode_into(blob, &mut got);
                let mut plain = vec![prior; held];
                plain.extend(decode_plain(blob));
                prop_assert_eq!(got, plain);
                Ok(())
            };
            check(&blob)?;
            let mut got = Vec::new();
            decode_into(&blob, &mut got);
            prop_assert_eq!(got, want);
            // Cut short, or followed or replaced by arbitrary bytes.
            check(&blob[..cut.index(blob.len() + 1)])?;
            check(&[&blob[..], &garbage[..]].concat())?;
            check(&garbage)?;
        }
    }
}
