use super::*;
use crate::memory::{Memory, Side, SuggestOptions, Suggestion, UnitRecord};

fn file_conns() -> (tempfile::TempDir, Connection, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let a = Connection::open(&path).unwrap();
    a.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t(x);")
        .unwrap();
    let b = Connection::open(&path).unwrap();
    (dir, a, b)
}

/// The version `begin` sees in a read transaction of its own.
fn version_in_read(conn: &Connection) -> Option<u32> {
    let mut cache = TermCache::default();
    conn.execute_batch("BEGIN").unwrap();
    cache.begin(conn).unwrap();
    conn.execute_batch("COMMIT").unwrap();
    cache.version
}

#[test]
fn commits_by_this_connection_or_another_change_the_version() {
    let (_dir, a, b) = file_conns();
    let first = version_in_read(&a);
    assert!(first.is_some());
    assert_eq!(version_in_read(&a), first, "reading changes nothing");
    b.execute("INSERT INTO t VALUES (1)", []).unwrap();
    let after_other = version_in_read(&a);
    assert_ne!(after_other, first, "another connection's commit");
    a.execute("INSERT INTO t VALUES (2)", []).unwrap();
    assert_ne!(version_in_read(&a), after_other, "this connection's commit");
}

#[test]
fn a_cache_never_begun_keeps_nothing() {
    let m = Memory::in_memory().unwrap();
    let mut cache = TermCache::default();
    assert_eq!(cache.tokens_rank(m.conn(), &["x"]).unwrap(), [None]);
    assert_eq!(cache.homes(m.conn(), &[5]).unwrap(), [None]);
    assert_eq!(cache.sizes(), (0, 0, 0));
}

fn add(m: &mut Memory, pairs: &[(&str, &str)]) {
    let mut w = m.writer().unwrap();
    for &(en, ar) in pairs {
        w.add(&UnitRecord::new(Side::new("en", en), Side::new("ar", ar)))
            .unwrap();
    }
    w.commit().unwrap();
}

fn answer(m: &Memory, text: &str) -> Vec<(i64, u8)> {
    let opts = SuggestOptions::new("en", "ar");
    let ids = |found: Vec<Suggestion>| {
        let mut ids: Vec<(i64, u8)> = found.iter().map(|s| (s.id, s.score)).collect();
        ids.sort_unstable();
        ids
    };
    let got = ids(m.suggest(text, &opts).unwrap());
    let plain = ids(m.suggest_plain(text, &opts).unwrap());
    assert_eq!(got, plain, "suggest and suggest_plain agree");
    got
}

#[test]
fn kept_words_follow_every_write_to_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.db");
    let mut kept = Memory::open_or_create(&path).unwrap();
    add(
        &mut kept,
        &[
            ("the minister said the talks went well", "قال الوزير"),
            ("the talks will go on next week", "المحادثات"),
        ],
    );
    let query = "the zebra crossing near the river bank was closed";
    // Words the memory does not know yet are looked up, and remembered as unknown.
    assert_eq!(answer(&kept, query), []);
    assert!(kept.with_scratch(|s| s.terms.sizes().0) > 0);
    // Another connection adds the sentence: the answer must not come from the kept words.
    let mut other = Memory::open_existing(&path).unwrap();
    add(&mut other, &[(query, "أغلق معبر الحمار الوحشي")]);
    let fresh = |text: &str| answer(&Memory::open_existing(&path).unwrap(), text);
    let found = answer(&kept, query);
    assert_eq!(found.len(), 1);
    assert_eq!(found, fresh(query));
    // Writes by this connection too (new words, and more of the old ones).
    let near = "the zebra crossing near the old river bank was closed";
    add(
        &mut kept,
        &[(near, "أغلق المعبر"), ("a crossing near the river", "معبر")],
    );
    for text in [
        query,
        near,
        "the talks went well",
        "a crossing near the river",
    ] {
        assert_eq!(answer(&kept, text), fresh(text), "{text}");
    }
    // Unchanged memory: the second asking is answered from what was kept, and alike.
    let before = kept.with_scratch(|s| s.terms.sizes());
    assert_eq!(answer(&kept, query), fresh(query));
    assert_eq!(kept.with_scratch(|s| s.terms.sizes()), before);
}

#[test]
fn a_memory_in_ram_follows_its_own_writes_too() {
    let mut m = Memory::in_memory().unwrap();
    add(&mut m, &[("the talks went well", "المحادثات")]);
    let query = "the zebra crossing near the river bank was closed";
    assert_eq!(answer(&m, query), []);
    assert!(
        m.with_scratch(|s| s.terms.sizes().0) > 0,
        "the words were kept"
    );
    add(&mut m, &[(query, "أغلق المعبر")]);
    assert_eq!(answer(&m, query).len(), 1);
}
