//! Tests of the list appends: entries round trip, chunks stay bounded and packed as at once,
//! and lists come out byte for byte the same however flushes and imports cut them.

use super::*;
use crate::memory::index::{PendingPostings, ENTRY_BYTES};

#[test]
fn pending_lists_flush_per_language_and_token_keeping_side_order() {
    let m = crate::memory::Memory::in_memory().unwrap();
    let conn = m.conn();
    let mut pending = PendingPostings::default();
    let entry = |side, len| Entry { side, len };
    pending.add(2, 9, entry(4, 3));
    pending.add(1, 9, entry(2, 1));
    pending.add(2, 0, entry(5, 2));
    pending.add(2, 9, entry(8, 4));
    assert_eq!(pending.bytes(), 4 * ENTRY_BYTES);
    pending.flush(conn).unwrap();
    assert_eq!(pending.bytes(), 0);
    let list = |lid, token| {
        let mut out = Vec::new();
        for_each_entry(conn, lid, token, |e| out.push((e.side, e.len))).unwrap();
        out
    };
    assert_eq!(list(2, 9), [(4, 3), (8, 4)]);
    assert_eq!(list(1, 9), [(2, 1)]);
    assert_eq!(list(2, 0), [(5, 2)]);
    assert!(list(1, 0).is_empty());
    // A second flush appends to the lists already on disk.
    pending.add(2, 9, entry(10, 1));
    pending.flush(conn).unwrap();
    assert_eq!(list(2, 9), [(4, 3), (8, 4), (10, 1)]);
}

fn chunk_sizes(conn: &Connection, lid: i64, token: u32) -> Vec<usize> {
    let mut sizes = Vec::new();
    for_each_blob(conn, lid, token, |blob| {
        let mut n = 0;
        decode_chunk(blob, |_| n += 1);
        sizes.push(n);
    })
    .unwrap();
    sizes
}

#[test]
fn packed_entries_round_trip_in_every_kind_of_list() {
    let m = crate::memory::Memory::in_memory().unwrap();
    let conn = m.conn();
    let sides = [0, 1, 127, 128, 300, 70_000, 1 << 28, u32::MAX - 1, u32::MAX];
    let lens = [
        0,
        1,
        127,
        128,
        16_383,
        16_384,
        40_000,
        u16::MAX - 1,
        u16::MAX,
    ];
    let mut pending = PendingPostings::default();
    for (i, (&side, &len)) in sides.iter().zip(&lens).enumerate() {
        pending.add(0, 3, Entry { side, len });
        pending.add(2, 3, Entry { side, len });
        let pos = lens[lens.len() - 1 - i];
        pending.add_prefix(2, 3, PrefixEntry { side, len, pos });
    }
    pending.flush(conn).unwrap();
    for lid in [0, 2] {
        let mut got = Vec::new();
        for_each_entry(conn, lid, 3, |e| got.push((e.side, e.len))).unwrap();
        let want: Vec<_> = sides.iter().copied().zip(lens).collect();
        assert_eq!(got, want, "lid {lid}");
    }
    let mut got = Vec::new();
    for_each_prefix_entry(conn, 2, 3, |e| got.push((e.side, e.len, e.pos))).unwrap();
    let want: Vec<_> = (0..sides.len())
        .map(|i| (sides[i], lens[i], lens[lens.len() - 1 - i]))
        .collect();
    assert_eq!(got, want);
    let mut pending = PendingPostings::default();
    for side in 1000..1100 {
        pending.add(2, 4, Entry { side, len: 20 });
    }
    pending.flush(conn).unwrap();
    let bytes: i64 = conn
        .query_row(
            "SELECT length(data) FROM postings WHERE id = ?1",
            [posting_rowid(2, 4, 0)],
            |r| r.get(0),
        )
        .unwrap();
    // Header, varint of the first side id, then 1-bit steps and 5-bit lengths: one byte.
    assert_eq!(bytes, 2 + 2 + 100);
}

/// In a hash list (lid 0): full and prefix lists past a chunk have bands (`bands`).
#[test]
fn appends_top_up_the_last_chunk_and_keep_chunks_bounded() {
    let m = crate::memory::Memory::in_memory().unwrap();
    let conn = m.conn();
    let mut side = 0u32;
    let mut want = Vec::new();
    // Flushes of 1 to 7 entries, as a server adding one unit at a time makes them.
    for round in 0..700u32 {
        let mut pending = PendingPostings::default();
        for _ in 0..(round % 7 + 1) {
            // One step of three bytes midway.
            side += 1 + round % 5 + if round == 350 { 70_000 } else { 0 };
            let e = Entry {
                side,
                len: (side % 300) as u16,
            };
            pending.add(0, 7, e);
            want.push((e.side, e.len));
        }
        pending.flush(conn).unwrap();
    }
    let mut got = Vec::new();
    for_each_entry(conn, 0, 7, |e| got.push((e.side, e.len))).unwrap();
    assert_eq!(got, want);
    let sizes = chunk_sizes(conn, 0, 7);
    assert_eq!(sizes.len(), want.len().div_ceil(CHUNK_ENTRIES));
    // Lengths pass 255 and a step 65,535: appends widened the chunks as they went, and
    // each is byte for byte what packing its entries at once makes.
    for_each_blob(conn, 0, 7, |blob| {
        let mut entries = Vec::new();
        decode_chunk(blob, |e| entries.push(e));
        assert_eq!(blob, encode_chunk(&entries, Widths::of(None, &entries)));
    })
    .unwrap();
    assert!(sizes[..sizes.len() - 1].iter().all(|&n| n == CHUNK_ENTRIES));
    let (df, chunks) = term_info(conn, 0, 7).unwrap();
    assert_eq!((df as usize, chunks as usize), (want.len(), sizes.len()));
    // One large flush fills the last chunk, then cuts the rest into full chunks.
    let mut pending = PendingPostings::default();
    for _ in 0..3000 {
        side += 2;
        pending.add(0, 7, Entry { side, len: 1 });
    }
    pending.flush(conn).unwrap();
    let sizes = chunk_sizes(conn, 0, 7);
    assert_eq!(sizes.iter().sum::<usize>(), want.len() + 3000);
    assert!(sizes[..sizes.len() - 1].iter().all(|&n| n == CHUNK_ENTRIES));
}

#[test]
fn a_side_id_below_the_last_one_begins_a_new_chunk() {
    let m = crate::memory::Memory::in_memory().unwrap();
    let conn = m.conn();
    let mut pending = PendingPostings::default();
    for side in [10, 20, 5, 6, 6] {
        pending.add(0, 1, Entry { side, len: 2 });
    }
    pending.flush(conn).unwrap();
    pending.add(0, 1, Entry { side: 3, len: 4 });
    pending.add(0, 1, Entry { side: 9, len: 4 });
    pending.flush(conn).unwrap();
    let mut got = Vec::new();
    for_each_entry(conn, 0, 1, |e| got.push(e.side)).unwrap();
    assert_eq!(got, [10, 20, 5, 6, 6, 3, 9]);
    assert_eq!(chunk_sizes(conn, 0, 1), [2, 3, 2]);
}

/// Rows of `postings` (id, data) and of `terms` (every column).
type Tables = (Vec<(i64, Vec<u8>)>, Vec<Vec<i64>>);

/// Every row of `postings` and `terms`, in id order.
fn lists_table(conn: &Connection) -> Tables {
    let postings = conn
        .prepare("SELECT id, data FROM postings ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let terms = conn
        .prepare("SELECT id, df, chunks, last, tail, widths FROM terms ORDER BY id")
        .unwrap()
        .query_map([], |r| (0..6).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (postings, terms)
}

/// Pending entries of round `round`: hash, full and prefix lists, tokens old and new,
/// lengths and steps that outgrow a chunk's widths, lists that fill several chunks.
fn add_round(pending: &mut PendingPostings, round: u32) {
    for k in 0..300u32 {
        let side = round * 1000 + k * 3;
        let len = ((k * 37 + round * 11) % (if round == 4 { 900 } else { 60 })) as u16;
        for token in [k % 2, 50 + round, 1000 + k % 3] {
            pending.add(1, token, Entry { side, len });
        }
        pending.add(0, (k * 13 + round) % 40, Entry { side, len: 7 });
        let pos = (k % 5) as u16;
        pending.add_prefix(1, k % 4, PrefixEntry { side, len, pos });
    }
}

#[test]
fn lists_flushed_in_pieces_are_byte_for_byte_the_lists_flushed_at_once() {
    let rounds = 0..9u32;
    let at_once = crate::memory::Memory::in_memory().unwrap();
    let mut pending = PendingPostings::default();
    rounds.clone().for_each(|r| add_round(&mut pending, r));
    pending.flush(at_once.conn()).unwrap();
    let want = lists_table(at_once.conn());
    assert!(
        want.1
            .iter()
            .any(|t| crate::memory::bands::is_band_term(t[0])),
        "some lists have bands"
    );

    // One pending set flushed after each round: states come from its cache.
    let cached = crate::memory::Memory::in_memory().unwrap();
    let mut pending = PendingPostings::default();
    for r in rounds.clone() {
        add_round(&mut pending, r);
        pending.flush(cached.conn()).unwrap();
    }
    assert_eq!(lists_table(cached.conn()), want);

    // A new pending set per round (a new writer per import): states come from `terms`,
    // and tokens above the highest on disk are known to have no list.
    let read = crate::memory::Memory::in_memory().unwrap();
    for r in rounds {
        let mut pending = PendingPostings::default();
        add_round(&mut pending, r);
        pending.flush(read.conn()).unwrap();
    }
    assert_eq!(lists_table(read.conn()), want);
}

#[test]
fn a_second_import_appends_to_the_first_ones_lists_as_one_import_would() {
    use crate::memory::{Memory, Side, UnitRecord};
    let words = ["قال", "الرئيس", "في", "بغداد", "الوزير", "الوضع", "مستقر"];
    let unit = |i: usize| {
        let ar: Vec<String> = (0..3 + i % 40)
            .map(|k| match (i + k * k) % 9 {
                7 | 8 => format!("w{}", (i * 7 + k) % 500),
                w => words[w].to_string(),
            })
            .collect();
        let en = format!("en {} said {}", i % 300, i % 7);
        UnitRecord::new(Side::new("ar", ar.join(" ")), Side::new("en", en))
    };
    let units: Vec<UnitRecord> = (0..3000).map(unit).collect();
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, cuts: &[usize], idle_flush: bool| {
        let mut m = Memory::open_or_create(&dir.path().join(name)).unwrap();
        let mut from = 0;
        for &to in cuts {
            let mut w = m.writer().unwrap();
            for part in units[from..to].chunks(700) {
                w.add_all(part).unwrap();
                if idle_flush {
                    assert!(w.flush_pending(1).unwrap());
                }
            }
            w.commit().unwrap();
            from = to;
        }
        let tables = lists_table(m.conn());
        (tables, crate::memory::lists::tests::all_entries(&m))
    };
    let (one, entries) = build("one.db", &[3000], false);
    assert!(entries.len() > 3000 * 4);
    assert_eq!(build("two.db", &[1800, 3000], false).0, one);
    assert_eq!(build("three.db", &[1000, 1001, 3000], true).0, one);
    assert_eq!(build("flushed.db", &[3000], true).0, one);
}
