//! Tests of the length bands: the band of a length, the split of a list's entries, readers
//! and their entry counts against the entries written (a proptest), and migration 0015 (its result and an
//! interrupted one).

use super::*;
use crate::memory::append::{write_unbanded, ListReader};
use crate::memory::index::{PendingPostings, PrefixEntry};
use crate::memory::lists::tests::{all_entries, answers, fill};
use crate::memory::schema::{self, Migration, MIGRATIONS};
use crate::memory::term_cache::TermCache;
use crate::memory::Memory;

#[test]
fn bands_are_single_lengths_then_quarters_of_an_octave() {
    for len in 0..8u16 {
        assert_eq!(band(len), u32::from(len));
    }
    assert_eq!(
        [band(8), band(9), band(10), band(12), band(14)],
        [8, 8, 9, 10, 11]
    );
    assert_eq!([band(15), band(16), band(19), band(20)], [11, 12, 12, 13]);
    assert_eq!(band(u16::MAX - 1), BANDS - 5);
    let mut prev = 0;
    for len in 0..u16::MAX {
        let b = band(len);
        assert!(b == prev || b == prev + 1, "{len}");
        prev = b;
    }
    assert_eq!(bands_of(Some((3, 70_000))), Some((3, BANDS - 5)));
    assert_eq!(bands_of(None), None);
}

#[test]
fn only_full_and_prefix_lists_of_languages_have_bands() {
    assert!(bandable(1, 5) && bandable(PREFIX_LID_OFFSET + 2, 5));
    assert!(!bandable(0, 5), "hash lists");
    assert!(!bandable(1 + BAND_LID_OFFSET, 5), "bands");
    assert!(!bandable(PREFIX_LID_OFFSET + BAND_LID_OFFSET + 1, 5));
    assert!(!bandable(1, u32::MAX / BANDS));
    assert!(is_band_term(term_rowid(BAND_LID_OFFSET + 1, 9)));
    assert!(!is_band_term(term_rowid(PREFIX_LID_OFFSET + 1, 9)));
}

fn e(side: u32, len: u16) -> Entry {
    Entry { side, len }
}

#[test]
fn a_split_keeps_the_first_entries_home_and_sorts_the_rest_by_band_stably() {
    let entries = [
        e(1, 40),
        e(2, 3),
        e(3, u16::MAX),
        e(4, 3),
        e(5, 40),
        e(6, 4),
        e(7, 3),
    ];
    let (mut home, mut banded, mut starts) = (Vec::new(), Vec::new(), [0; 65]);
    split(&entries, |e| e.len, 2, &mut home, &mut banded, &mut starts);
    assert_eq!(home, [e(1, 40), e(2, 3), e(3, u16::MAX)]);
    assert_eq!(banded, [e(4, 3), e(7, 3), e(6, 4), e(5, 40)]);
    assert_eq!((starts[3], starts[4], starts[5]), (0, 2, 3));
    assert_eq!(
        &banded[starts[band(40) as usize]..starts[band(40) as usize + 1]],
        [e(5, 40)]
    );
    assert_eq!(starts[64], 4);
    split(&entries, |e| e.len, 3, &mut home, &mut banded, &mut starts);
    assert_eq!(home, entries[..3]);
    split(
        &entries,
        |e| e.len,
        100,
        &mut home,
        &mut banded,
        &mut starts,
    );
    assert_eq!(home, entries);
    assert!(banded.is_empty());
}

/// The entries of list (`lid`, `token`) as a reader of lengths `lens` gives them.
fn read(conn: &Connection, lid: i64, token: u32, lens: Option<(usize, usize)>) -> Vec<Entry> {
    let mut out = Vec::new();
    ListReader::new(conn)
        .unwrap()
        .for_each_chunk_in(lid, token, lens, |c| {
            out.extend(c.iter().map(|p| e(p.side, p.len)))
        })
        .unwrap();
    out
}

proptest::proptest! {
    /// Lists written in flushes of any size read back, whole, as the entries written (in
    /// side order once sorted), and read for a range of lengths, as every entry of those
    /// lengths or of `u16::MAX` and only entries written; the home keeps at most a chunk of
    /// other lengths; `replace_list` writes the same rows as the flushes did.
    #[test]
    fn banded_lists_read_as_the_unbanded_list(
        steps in proptest::collection::vec((1u32..5, 0u16..300, 0u8..50), 1..3000),
        cuts in proptest::collection::vec(1usize..1500, 1..5),
        lo in 0usize..320,
        width in 0usize..200,
    ) {
        let m = Memory::in_memory().unwrap();
        let conn = m.conn();
        let mut side = 0;
        let written: Vec<Entry> = steps.iter().map(|&(step, len, big)| {
            side += step;
            e(side, if big == 0 { u16::MAX } else { len })
        }).collect();
        let (mut at, mut cut) = (0, cuts.iter().cycle());
        while at < written.len() {
            let to = (at + cut.next().unwrap()).min(written.len());
            let mut pending = PendingPostings::default();
            for &x in &written[at..to] {
                pending.add(1, 9, x);
            }
            pending.flush(conn).unwrap();
            at = to;
        }
        let mut all = read(conn, 1, 9, Some((0, usize::MAX)));
        all.sort_by_key(|x| x.side);
        proptest::prop_assert_eq!(&all, &written);
        let hi = lo + width;
        let some = read(conn, 1, 9, Some((lo, hi)));
        for x in &written {
            let wanted = x.len == u16::MAX || (lo..=hi).contains(&usize::from(x.len));
            proptest::prop_assert!(!wanted || some.contains(x), "{:?} missing", x);
        }
        proptest::prop_assert!(some.iter().all(|x| written.contains(x)));
        // What a reader of those lengths reads, counted from `terms`.
        let counted = term_dfs_in(conn, 1, &[9, 10], Some((lo, hi)), &mut TermCache::default()).unwrap();
        proptest::prop_assert_eq!(&counted, &vec![some.len() as i64, 0]);
        // The same through a kept cache, asked twice (the second time from what it kept).
        let mut kept = TermCache::default();
        for _ in 0..2 {
            kept.begin(conn).unwrap();
            proptest::prop_assert_eq!(
                &term_dfs_in(conn, 1, &[9, 10], Some((lo, hi)), &mut kept).unwrap(),
                &counted
            );
        }
        // Home: the first chunk's entries, then only those of length u16::MAX.
        let home = read(conn, 1, 9, None);
        proptest::prop_assert_eq!(term_dfs_in(conn, 1, &[9], None, &mut TermCache::default()).unwrap()[0], home.len() as i64);
        let first = written.len().min(CHUNK_ENTRIES);
        proptest::prop_assert_eq!(&home[..first], &written[..first]);
        proptest::prop_assert!(home[first..].iter().all(|x| x.len == u16::MAX));
        proptest::prop_assert_eq!(
            crate::memory::index::term_info(conn, 1, 9).unwrap().0 as usize,
            written.len()
        );
        let tables = rows(conn);
        crate::memory::index::replace_list(conn, 1, 9, &written).unwrap();
        proptest::prop_assert_eq!(rows(conn), tables);
    }
}

/// Rows of `postings` (id, data) and of `terms` (id, df, chunks).
type Rows = (Vec<(i64, Vec<u8>)>, Vec<(i64, i64, i64)>);

/// Every row of `postings` and `terms`.
fn rows(conn: &Connection) -> Rows {
    let postings = conn
        .prepare("SELECT id, data FROM postings ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let terms = conn
        .prepare("SELECT id, df, chunks FROM terms ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (postings, terms)
}

/// Rewrites every list with all its entries home (as schema 14 kept them) and winds the
/// memory back to schema 14.
fn to_version_14_layout(conn: &Connection, entries: &[(i64, PrefixEntry)]) {
    conn.execute_batch("DELETE FROM postings; DELETE FROM terms;")
        .unwrap();
    for list in entries.chunk_by(|a, b| a.0 == b.0) {
        let (lid, token) = (list[0].0 >> 32, list[0].0 as u32);
        let list: Vec<PrefixEntry> = list.iter().map(|x| x.1).collect();
        write_unbanded(conn, lid, token, &list).unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 14").unwrap();
}

fn version(m: &Memory) -> i64 {
    m.conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn band_rows(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM terms WHERE (id >> 32) & ?1 != 0",
        [BAND_LID_OFFSET],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn migration_0015_moves_long_lists_into_bands_with_the_same_entries_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.db");
    let mut m = Memory::open_or_create(&path).unwrap();
    fill(&mut m);
    let expected = answers(&m);
    let entries = all_entries(&m);
    let banded = rows(m.conn());
    assert!(band_rows(m.conn()) > 0, "an import writes bands");
    to_version_14_layout(m.conn(), &entries);
    assert_eq!(band_rows(m.conn()), 0);
    drop(m);

    let m = Memory::open_existing(&path).unwrap();
    assert_eq!(version(&m), schema::latest_version());
    assert_eq!(all_entries(&m), entries);
    // Lists cut into bands at once come out as the import's, row for row.
    assert_eq!(rows(m.conn()), banded);
    assert_eq!(answers(&m), expected);
}

fn split_then_fail(conn: &Connection) -> crate::error::Result<()> {
    split_long_lists(conn)?;
    assert!(band_rows(conn) > 0);
    Err(crate::error::Error::Invalid("interrupted".into()))
}

#[test]
fn an_interrupted_migration_0015_leaves_lists_and_version_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.db");
    let mut m = Memory::open_or_create(&path).unwrap();
    fill(&mut m);
    let entries = all_entries(&m);
    to_version_14_layout(m.conn(), &entries);
    let before = rows(m.conn());
    drop(m);

    let mut steps: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|s| Migration {
            name: s.name,
            sql: s.sql,
            then: s.then,
        })
        .collect();
    steps[14].then = Some(split_then_fail);
    let mut conn = Connection::open(&path).unwrap();
    assert!(schema::apply(&mut conn, 14, &steps).is_err());
    drop(conn);
    let conn = Connection::open(&path).unwrap();
    assert_eq!(rows(&conn), before);
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 14);
    drop(conn);
    // Opened again, it migrates.
    let m = Memory::open_existing(&path).unwrap();
    assert_eq!(version(&m), schema::latest_version());
    assert_eq!(all_entries(&m), entries);
    assert!(band_rows(m.conn()) > 0);
}
