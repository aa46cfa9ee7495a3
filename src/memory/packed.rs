//! The packed layout of one posting chunk (the `index` module doc describes it): entries of
//! ascending side ids as varint deltas, then the length (and, in prefix lists, the position),
//! decoded on the query's hot path and packed by the list appends of `index`.

use super::index::{PrefixEntry, PREFIX_LID_OFFSET};

/// How the entries of a list are packed: the hash lists (language id 0, `hashes`) keep their
/// uniform 16 check bits as u16 LE, full lists a varint length, prefix lists a varint length
/// and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Hash,
    Full,
    Prefix,
}

pub(super) fn kind_of(lid: i64) -> Kind {
    if lid >= PREFIX_LID_OFFSET {
        Kind::Prefix
    } else if lid == super::hashes::HASH_LID {
        Kind::Hash
    } else {
        Kind::Full
    }
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
#[inline(always)]
fn read_varint(blob: &[u8], at: &mut usize) -> Option<u32> {
    let b = *blob.get(*at)?;
    *at += 1;
    if b < 0x80 {
        return Some(u32::from(b));
    }
    let mut v = u32::from(b & 0x7F);
    let mut shift = 7;
    loop {
        let b = *blob.get(*at)?;
        *at += 1;
        if shift == 28 && b > 0x0F {
            return None;
        }
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

#[inline(always)]
fn clamp16(v: u32) -> u16 {
    v.min(0xFFFF) as u16
}

/// Calls `f` with every entry of one packed chunk (for full and hash lists `pos` is 0).
#[inline]
pub(super) fn decode_chunk(kind: Kind, blob: &[u8], f: impl FnMut(PrefixEntry)) {
    // One loop per kind, so the kind is not tested per entry.
    match kind {
        Kind::Hash => decode_kind::<0>(blob, f),
        Kind::Full => decode_kind::<1>(blob, f),
        Kind::Prefix => decode_kind::<2>(blob, f),
    }
}

/// The varint at the start of `w` (bytes in little-endian order) when it takes at most 3
/// bytes, with its length. Tested byte by byte: nearly all are 1 or 2 bytes long, and this
/// takes fewer instructions than locating the stop bit.
#[inline(always)]
fn short_varint(w: u64) -> Option<(u32, usize)> {
    let b0 = w as u32 & 0xFF;
    if b0 < 0x80 {
        return Some((b0, 1));
    }
    let b1 = (w >> 8) as u32 & 0xFF;
    if b1 < 0x80 {
        return Some(((b0 & 0x7F) | (b1 << 7), 2));
    }
    let b2 = (w >> 16) as u32 & 0xFF;
    if b2 < 0x80 {
        return Some(((b0 & 0x7F) | ((b1 & 0x7F) << 7) | (b2 << 14), 3));
    }
    None
}

/// [`decode_chunk`] for one kind (0 hash, 1 full, 2 prefix). This is on the query's hot
/// path (tens of millions of entries per second): while 8 bytes remain, an entry whose
/// varints are short is decoded from one 64-bit load; any other entry, and the chunk's
/// end, take the byte-by-byte path.
#[inline(always)]
fn decode_kind<const K: u8>(blob: &[u8], mut f: impl FnMut(PrefixEntry)) {
    let mut at = 0;
    let mut side = 0u32;
    while at < blob.len() {
        if let Some(word) = blob.get(at..at + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0xFF; 8]));
            // The commonest shapes first, each recognized by one mask test: a 1-byte delta
            // and a 1- or 2-byte length (and a 1-byte position).
            let common = match K {
                1 if w & 0x8080 == 0 => Some(((w & 0x7F) as u32, (w >> 8) as u16 & 0x7F, 0, 2)),
                1 if w & 0x80_8080 == 0x8000 => {
                    let len = ((w >> 8) & 0x7F) | ((w >> 9) & 0x3F80);
                    Some(((w & 0x7F) as u32, len as u16, 0, 3))
                }
                2 if w & 0x80_8080 == 0 => {
                    let (len, pos) = ((w >> 8) as u16 & 0x7F, (w >> 16) as u16 & 0x7F);
                    Some(((w & 0x7F) as u32, len, pos, 3))
                }
                2 if w & 0x8080_8080 == 0x8000 => {
                    let len = ((w >> 8) & 0x7F) | ((w >> 9) & 0x3F80);
                    Some(((w & 0x7F) as u32, len as u16, (w >> 24) as u16 & 0x7F, 4))
                }
                _ => None,
            };
            if let Some((delta, len, pos, n)) = common {
                let Some(next) = side.checked_add(delta) else {
                    return;
                };
                side = next;
                at += n;
                f(PrefixEntry { side, len, pos });
                continue;
            }
            if let Some((delta, n1)) = short_varint(w) {
                let rest = w >> (8 * n1);
                let fast = match K {
                    0 => Some((rest as u16, 0, n1 + 2)),
                    1 => short_varint(rest).map(|(len, n2)| (clamp16(len), 0, n1 + n2)),
                    _ => short_varint(rest).and_then(|(len, n2)| {
                        // The position's varint must end within the 8 loaded bytes.
                        let (pos, n3) = short_varint(rest >> (8 * n2))?;
                        (n1 + n2 + n3 <= 8).then_some((clamp16(len), clamp16(pos), n1 + n2 + n3))
                    }),
                };
                if let Some((len, pos, n)) = fast {
                    let Some(next) = side.checked_add(delta) else {
                        return;
                    };
                    side = next;
                    at += n;
                    f(PrefixEntry { side, len, pos });
                    continue;
                }
            }
        }
        let Some(delta) = read_varint(blob, &mut at) else {
            return;
        };
        let Some(next) = side.checked_add(delta) else {
            return;
        };
        side = next;
        let (len, pos) = match K {
            0 => {
                let (Some(&a), Some(&b)) = (blob.get(at), blob.get(at + 1)) else {
                    return;
                };
                at += 2;
                (u16::from_le_bytes([a, b]), 0)
            }
            1 => {
                let Some(len) = read_varint(blob, &mut at) else {
                    return;
                };
                (clamp16(len), 0)
            }
            _ => {
                let (Some(len), Some(pos)) =
                    (read_varint(blob, &mut at), read_varint(blob, &mut at))
                else {
                    return;
                };
                (clamp16(len), clamp16(pos))
            }
        };
        f(PrefixEntry { side, len, pos });
    }
}

/// Packs entries into one chunk, after an entry of side `last` when it continues a chunk.
pub(super) struct ChunkPacker {
    kind: Kind,
    pub(super) last: Option<u32>,
    pub(super) buf: Vec<u8>,
    pub(super) count: usize,
}

impl ChunkPacker {
    pub(super) fn new(kind: Kind, last: Option<u32>) -> ChunkPacker {
        ChunkPacker {
            kind,
            last,
            buf: Vec::new(),
            count: 0,
        }
    }

    /// Packs `e` unless its side id is below the previous entry's (deltas are unsigned: such
    /// an entry begins a new chunk; no writer makes one, since unit ids only grow).
    pub(super) fn push(&mut self, e: PrefixEntry) -> bool {
        let delta = match self.last {
            Some(last) if e.side < last => return false,
            Some(last) => e.side - last,
            None => e.side,
        };
        push_varint(&mut self.buf, delta);
        match self.kind {
            Kind::Hash => self.buf.extend_from_slice(&e.len.to_le_bytes()),
            Kind::Full => push_varint(&mut self.buf, u32::from(e.len)),
            Kind::Prefix => {
                push_varint(&mut self.buf, u32::from(e.len));
                push_varint(&mut self.buf, u32::from(e.pos));
            }
        }
        self.last = Some(e.side);
        self.count += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_chunks_decode_to_what_was_packed_for_values_of_every_size() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |bits: u32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Values of 0 to `bits` bits, so every varint length shows up.
            let width = (x >> 40) as u32 % (bits + 1);
            (x & ((1u64 << width) - 1)) as u32
        };
        for kind in [Kind::Hash, Kind::Full, Kind::Prefix] {
            let mut packer = ChunkPacker::new(kind, None);
            let mut want = Vec::new();
            let mut side = 0u32;
            for _ in 0..3000 {
                side = side.saturating_add(next(30));
                let len = next(16) as u16;
                let pos = if kind == Kind::Prefix {
                    next(16) as u16
                } else {
                    0
                };
                let e = PrefixEntry { side, len, pos };
                assert!(packer.push(e));
                want.push(e);
            }
            let mut got = Vec::new();
            decode_chunk(kind, &packer.buf, |e| got.push(e));
            assert_eq!(got, want, "{kind:?}");
        }
    }

    #[test]
    fn damaged_chunks_decode_without_panicking() {
        // Pseudo-random blobs, truncated packed chunks and varints longer than 32 bits.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut blobs: Vec<Vec<u8>> = vec![
            vec![0x80],
            vec![0xFF; 6],
            vec![0x81, 0x80, 0x80, 0x80, 0x10],
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
            for kind in [Kind::Hash, Kind::Full, Kind::Prefix] {
                let mut n = 0;
                decode_chunk(kind, blob, |_| n += 1);
                assert!(n <= blob.len());
            }
        }
        let mut at = 0;
        assert_eq!(read_varint(&[0x81, 0x80, 0x80, 0x80, 0x10], &mut at), None);
        at = 0;
        assert_eq!(
            read_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], &mut at),
            Some(u32::MAX)
        );
    }
}
