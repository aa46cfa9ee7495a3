//! The memory's schema: numbered migrations, the application id that marks a SQLite file as a
//! tarjama memory, and the checks run on open (foreign file, newer schema).
//!
//! `PRAGMA application_id` holds [`APPLICATION_ID`]; `PRAGMA user_version` holds the number of
//! migrations applied. To change the schema, add `migrations/NNNN_name.sql` and one line to
//! [`MIGRATIONS`]; never edit a migration that has shipped.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// "TJMx" in ASCII: marks the file as a tarjama memory.
pub const APPLICATION_ID: i32 = 0x544A_4D78;

/// One numbered schema change: an SQL script, then (rarely) a step that needs Rust, such as
/// deriving data the script's new layout expects.
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
    pub then: Option<fn(&Connection) -> Result<()>>,
}

/// Every migration, in order. The schema version is the number applied.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_units",
        sql: include_str!("migrations/0001_units.sql"),
        then: None,
    },
    Migration {
        name: "0002_glossary",
        sql: include_str!("migrations/0002_glossary.sql"),
        then: None,
    },
    Migration {
        name: "0003_lean_units",
        sql: include_str!("migrations/0003_lean_units.sql"),
        // Built the hash lists; 0012's step now builds every list (this step could not: it
        // would write packed lists before 0010 and 0012 give `terms` their columns).
        then: None,
    },
    Migration {
        name: "0004_glossary_short_forms",
        sql: include_str!("migrations/0004_glossary_short_forms.sql"),
        then: None,
    },
    Migration {
        name: "0005_dates_on",
        sql: include_str!("migrations/0005_dates_on.sql"),
        then: None,
    },
    Migration {
        name: "0006_glossary_words",
        sql: include_str!("migrations/0006_glossary_words.sql"),
        then: None,
    },
    Migration {
        name: "0007_last_used",
        sql: include_str!("migrations/0007_last_used.sql"),
        then: None,
    },
    Migration {
        name: "0008_origin_stats",
        sql: include_str!("migrations/0008_origin_stats.sql"),
        then: None,
    },
    Migration {
        name: "0009_prefix_index",
        sql: include_str!("migrations/0009_prefix_index.sql"),
        // Built the prefix lists; 0012's step now builds every list (see 0003).
        then: None,
    },
    Migration {
        name: "0010_packed_postings",
        sql: include_str!("migrations/0010_packed_postings.sql"),
        // Rebuilt every list in its layout; 0012's step now does (see 0003).
        then: None,
    },
    Migration {
        name: "0011_lookup_indexes",
        sql: include_str!("migrations/0011_lookup_indexes.sql"),
        then: None,
    },
    Migration {
        name: "0012_stride_postings",
        sql: include_str!("migrations/0012_stride_postings.sql"),
        then: Some(super::lists::rebuild_all),
    },
    Migration {
        name: "0013_text_dicts",
        sql: include_str!("migrations/0013_text_dicts.sql"),
        then: None,
    },
    Migration {
        name: "0014_learned_lexicon",
        sql: include_str!("migrations/0014_learned_lexicon.sql"),
        then: None,
    },
    Migration {
        name: "0015_length_bands",
        sql: include_str!("migrations/0015_length_bands.sql"),
        then: Some(super::bands::split_long_lists),
    },
    Migration {
        name: "0016_glossary_changes",
        sql: include_str!("migrations/0016_glossary_changes.sql"),
        then: None,
    },
    Migration {
        name: "0017_unit_tokens_fixed",
        sql: include_str!("migrations/0017_unit_tokens_fixed.sql"),
        then: None,
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// What the header of an opened SQLite file says about it.
enum Kind {
    /// No tables and no application id: a fresh file we may initialize.
    Empty,
    Memory {
        version: i64,
    },
}

fn not_a_memory(path: &Path, reason: impl Into<String>) -> Error {
    Error::NotAMemory {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn inspect(conn: &Connection, path: &Path) -> Result<Kind> {
    let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if is_not_a_database(&e) => {
            return Err(not_a_memory(path, "not an SQLite database"))
        }
        Err(e) => return Err(e.into()),
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(Kind::Memory { version });
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id == 0 && version == 0 && tables == 0 {
        return Ok(Kind::Empty);
    }
    Err(not_a_memory(
        path,
        format!("an SQLite database of another application (application id {app_id:#x}, {tables} schema objects)"),
    ))
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::NotADatabase
    )
}

/// Checks that `conn` is a memory (or, when `may_create`, an empty database) and brings its
/// schema up to date. `path` is only used in messages.
pub fn prepare(conn: &mut Connection, path: &Path, may_create: bool) -> Result<()> {
    let version = match inspect(conn, path)? {
        Kind::Empty if may_create => 0,
        Kind::Empty => {
            // What a kill before the first schema commit leaves (an import or align into a
            // new memory): nothing was stored yet, and the next write fills it.
            return Err(not_a_memory(
                path,
                "an empty file: nothing was ever stored in it (an interrupted first import?); `tarjama import` fills it",
            ));
        }
        Kind::Memory { version } => version,
    };
    if version > latest_version() {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: latest_version(),
        });
    }
    migrate(conn, version)
}

fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    apply(conn, from, MIGRATIONS)
}

/// Applies `steps[from..]` in one transaction and sets the version to `steps.len()` (a
/// failed step leaves the file as it was: tests pass steps that fail).
pub(crate) fn apply(conn: &mut Connection, from: i64, steps: &[Migration]) -> Result<()> {
    let latest = steps.len() as i64;
    if from == latest {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if from == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    for step in &steps[from as usize..] {
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::keys::text_hash;
    use crate::memory::lists::tests::{all_entries, suggest_as_the_scan_does};
    use crate::memory::{AddOutcome, Memory, Side, UnitRecord};

    /// A memory as schema version 2 wrote it: keys and hashes in `units`, token ids in `sides`.
    fn version_2_memory(path: &Path) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        for step in &MIGRATIONS[..2] {
            conn.execute_batch(step.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch("INSERT INTO langs(id, code) VALUES (1, 'ar'), (2, 'en')")
            .unwrap();
        conn.execute(
            "INSERT INTO units(id, src_lang, src_lid, src_text, src_key, src_hash,
                tgt_lang, tgt_lid, tgt_text, tgt_key, tgt_hash, origin, status)
             VALUES (7, 'ar', 1, 'قالَ الرئيس', 'قال الرئيس', ?1,
                'en', 2, 'The president said', 'the president said', ?2, 'old.csv', 1)",
            [
                text_hash("ar", "قالَ الرئيس"),
                text_hash("en", "The president said"),
            ],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO sides(id, lid, other_lid, toks) VALUES (14, 1, 2, x'0102'), (15, 2, 1, x'030405')",
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO glossary_entry(id, concept_key, kind, created, changed)
                 VALUES (1, 'baghdad|بغداد', 'place', '2021-09-09T00:00:00Z', '2021-09-09T00:00:00Z');
             INSERT INTO glossary_term(entry_id, lang, status, position, term, key)
                 VALUES (1, 'en', 'preferred', 0, 'Baghdad', 'baghdad'),
                        (1, 'ar', 'preferred', 0, 'بغداد', 'بغداد'),
                        (1, 'en', 'forbidden', 1, 'Bagdad', 'bagdad');",
        )
        .unwrap();
    }

    /// Rewrites every posting list in the layout of schema 9 (fixed entries: side id u32 LE,
    /// length u16 LE, in prefix lists position u16 LE; `terms` without `last` and `tail`).
    fn to_version_9_layout(conn: &Connection) {
        use crate::memory::index::{self, posting_rowid, PREFIX_LID_OFFSET};
        let terms: Vec<i64> = conn
            .prepare("SELECT id FROM terms")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for term in terms {
            let (lid, token) = (term >> 32, term as u32);
            let mut fixed: Vec<Vec<u8>> = Vec::new();
            let mut add = |bytes: Vec<u8>| fixed.push(bytes);
            if lid >= PREFIX_LID_OFFSET {
                index::for_each_prefix_entry(conn, lid - PREFIX_LID_OFFSET, token, |e| {
                    let mut b = Vec::new();
                    index::push_prefix_entry(&mut b, e);
                    add(b)
                })
                .unwrap();
            } else {
                index::for_each_entry(conn, lid, token, |e| {
                    let mut b = Vec::new();
                    index::push_entry(&mut b, e);
                    add(b)
                })
                .unwrap();
            }
            conn.execute(
                "DELETE FROM postings WHERE id BETWEEN ?1 AND ?2",
                [
                    posting_rowid(lid, token, 0),
                    posting_rowid(lid, token, 65535),
                ],
            )
            .unwrap();
            let chunks = fixed.chunks(index::CHUNK_ENTRIES);
            let n = chunks.len();
            for (i, chunk) in chunks.enumerate() {
                conn.execute(
                    "INSERT INTO postings(id, data) VALUES (?1, ?2)",
                    rusqlite::params![posting_rowid(lid, token, i as u32), chunk.concat()],
                )
                .unwrap();
            }
            conn.execute(
                "UPDATE terms SET chunks = ?2 WHERE id = ?1",
                [term, n as i64],
            )
            .unwrap();
        }
        conn.execute_batch(
            "ALTER TABLE terms DROP COLUMN last; ALTER TABLE terms DROP COLUMN tail;
             ALTER TABLE terms DROP COLUMN widths; PRAGMA user_version = 9;",
        )
        .unwrap();
    }

    /// `text` followed by 60 numbered words (a side long enough for the prefix lists).
    fn long_text(text: &str) -> String {
        let tail: Vec<String> = (0..60).map(|i| format!("w{}", i % 23)).collect();
        format!("{text} {}", tail.join(" "))
    }

    /// Answers of the index and of the scan for a few long queries at thresholds the prefix
    /// index serves.
    fn answers(m: &Memory) -> Vec<Vec<crate::memory::Suggestion>> {
        let mut out = Vec::new();
        for q in [
            "قال الرئيس في بغداد",
            "قال الوزير",
            "الوضع في بغداد مستقر اليوم",
        ]
        .map(long_text)
        {
            for t in [70, 90] {
                out.push(suggest_as_the_scan_does(m, &q, t));
            }
        }
        out
    }

    #[test]
    fn memories_before_the_prefix_index_get_their_lists_built() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        let mut m = Memory::open_or_create(&path).unwrap();
        let mut w = m.writer().unwrap();
        // Prefix lists hold sides of 45 tokens or more: units long enough to be in them.
        for (ar, en) in [
            ("قال الرئيس في بغداد", "the president said in Baghdad"),
            (
                "قال الرئيس في بغداد أمس",
                "the president said in Baghdad yesterday",
            ),
            ("قال الوزير في بغداد", "the minister said in Baghdad"),
            ("الوضع في بغداد مستقر", "the situation in Baghdad is stable"),
        ] {
            w.add(&UnitRecord::new(
                Side::new("ar", long_text(ar)),
                Side::new("en", long_text(en)),
            ))
            .unwrap();
        }
        w.commit().unwrap();
        let expected = answers(&m);
        assert!(expected.iter().any(|a| !a.is_empty()));
        // What version 8 wrote: no order column, no prefix lists.
        let prefix_start =
            crate::memory::index::term_rowid(crate::memory::index::PREFIX_LID_OFFSET, 0);
        let prefix_terms = |m: &Memory| -> i64 {
            m.conn()
                .query_row(
                    "SELECT count(*) FROM terms WHERE id >= ?1",
                    [prefix_start],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert!(prefix_terms(&m) > 0);
        to_version_9_layout(m.conn());
        m.conn()
            .execute_batch(&format!(
                "DELETE FROM terms WHERE id >= {prefix_start};
                 DELETE FROM postings WHERE id >= {};
                 ALTER TABLE tokens DROP COLUMN ord;
                 PRAGMA user_version = 8;",
                crate::memory::index::posting_rowid(crate::memory::index::PREFIX_LID_OFFSET, 0, 0)
            ))
            .unwrap();
        drop(m);
        let m = Memory::open_existing(&path).unwrap();
        let version: i64 = m
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
        assert!(prefix_terms(&m) > 0);
        assert_eq!(answers(&m), expected);
    }

    fn posting_bytes(m: &Memory) -> i64 {
        m.conn()
            .query_row("SELECT sum(length(data)) FROM postings", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn version_9_memories_get_packed_lists_with_the_same_entries_and_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v9.db");
        let mut m = Memory::open_or_create(&path).unwrap();
        let mut w = m.writer().unwrap();
        for (i, (ar, en)) in [
            ("قال الرئيس في بغداد", "the president said in Baghdad"),
            ("قال الوزير في بغداد", "the minister said in Baghdad"),
            ("الوضع في بغداد مستقر", "the situation in Baghdad is stable"),
            ("قال الرئيس", "the president said"),
            ("...", "..."),
        ]
        .into_iter()
        .enumerate()
        {
            let (ar, en) = if i < 3 {
                (long_text(ar), long_text(en))
            } else {
                (ar.to_string(), en.to_string())
            };
            let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
            u.origin = Some(format!("o{i}"));
            w.add(&u).unwrap();
        }
        // A removed unit leaves dead entries, which the rebuilt lists no longer hold.
        w.remove_origin("o1").unwrap();
        w.commit().unwrap();
        let expected = answers(&m);
        assert!(expected.iter().any(|a| !a.is_empty()));
        let live: Vec<_> = all_entries(&m)
            .into_iter()
            .filter(|(_, e)| e.side >> 1 != 2)
            .collect();
        assert!(live.len() < all_entries(&m).len());
        let packed = posting_bytes(&m);
        to_version_9_layout(m.conn());
        let fixed = posting_bytes(&m);
        assert!(packed * 2 < fixed, "{packed} packed, {fixed} fixed");
        drop(m);

        let mut m = Memory::open_existing(&path).unwrap();
        let version: i64 = m
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
        assert_eq!(all_entries(&m), live);
        assert!(posting_bytes(&m) < packed);
        assert_eq!(answers(&m), expected);
        // Identical pairs are found through the rebuilt hash lists, and appends go on.
        let mut w = m.writer().unwrap();
        let same = UnitRecord::new(
            Side::new("ar", long_text("الوضع في بغداد مستقر")),
            Side::new("en", long_text("the situation in Baghdad is stable")),
        );
        assert_eq!(w.add(&same).unwrap(), AddOutcome::Merged(3));
        let new = UnitRecord::new(
            Side::new("ar", long_text("قال الوزير في بغداد")),
            Side::new("en", long_text("the minister said in Baghdad")),
        );
        assert!(matches!(w.add(&new).unwrap(), AddOutcome::Added(6)));
        w.commit().unwrap();
        answers(&m);
    }

    #[test]
    fn version_2_memories_keep_their_units_and_find_identical_texts_after_migrating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        version_2_memory(&path);
        let mut m = Memory::open_existing(&path).unwrap();
        let version: i64 = m
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
        let unit = m.unit(7).unwrap().expect("unit 7 survives");
        assert_eq!(unit.record.source.text, "قالَ الرئيس");
        assert_eq!(unit.record.origin.as_deref(), Some("old.csv"));
        assert_eq!(unit.source_key(), "قال الرئيس");
        let columns: Vec<String> = m
            .conn()
            .prepare("SELECT name FROM pragma_table_info('units')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!columns
            .iter()
            .any(|c| c.ends_with("_key") || c.ends_with("_hash")));
        let toks: (Vec<u8>, Vec<u8>) = m
            .conn()
            .query_row(
                "SELECT src_toks, tgt_toks FROM units WHERE id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(toks, (vec![1, 2], vec![3, 4, 5]));
        let sides_table: i64 = m
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sides'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sides_table, 0);
        // The glossary survives the rebuilt term table, which now takes short forms too.
        let glossary = crate::glossary::store::load(m.conn()).unwrap();
        assert_eq!(glossary.entries[0].en.preferred.as_deref(), Some("Baghdad"));
        assert_eq!(glossary.entries[0].en.forbidden, ["Bagdad"]);
        m.conn()
            .execute(
                "INSERT INTO glossary_term(entry_id, lang, status, position, term, key)
                 VALUES (1, 'en', 'short', 2, 'BGW', 'bgw')",
                [],
            )
            .unwrap();
        // Identical texts are found through the hash lists built by the migration, both ways.
        let mut w = m.writer().unwrap();
        let same = UnitRecord::new(
            Side::new("ar", "قالَ الرئيس"),
            Side::new("en", "The president said"),
        );
        assert_eq!(w.add(&same).unwrap(), AddOutcome::Merged(7));
        let reversed = UnitRecord::new(
            Side::new("en", "The president said"),
            Side::new("ar", "قالَ الرئيس"),
        );
        assert_eq!(w.add(&reversed).unwrap(), AddOutcome::Merged(7));
        let other = UnitRecord::new(
            Side::new("ar", "قالَ الرئيس"),
            Side::new("en", "The president stated"),
        );
        assert!(matches!(w.add(&other).unwrap(), AddOutcome::Alternative(_)));
    }
}
