//! The learned lexicon stored in the memory (migration 0014, `align::lexicon_store`), through
//! the real binary: a one-shot `suggest` or `pretranslate` that finds it current answers
//! exactly as one that learns it; a review or unreview makes it stale and the next call
//! answers from the units as they are; a read-only memory still answers (learning); a memory
//! of schema 13 is migrated and works.

mod common;

use std::path::{Path, PathBuf};

use common::{tarjama, TestEnv};
use rusqlite::Connection;

/// Arabic–English word pairs (none of them in the built-in news lexicon's way: the English →
/// Arabic direction has no built-in lexicon at all).
const WORDS: [(&str, &str); 30] = [
    ("كتاب", "book"),
    ("مدرسة", "school"),
    ("سيارة", "car"),
    ("طائرة", "plane"),
    ("حديقة", "garden"),
    ("مستشفى", "hospital"),
    ("جامعة", "university"),
    ("شارع", "street"),
    ("مدينة", "city"),
    ("قرية", "village"),
    ("بحيرة", "lake"),
    ("صحراء", "desert"),
    ("غابة", "forest"),
    ("مطار", "airport"),
    ("ميناء", "harbour"),
    ("مصنع", "factory"),
    ("متحف", "museum"),
    ("مكتبة", "library"),
    ("متجر", "shop"),
    ("فندق", "hotel"),
    ("مطعم", "restaurant"),
    ("ملعب", "stadium"),
    ("مسجد", "mosque"),
    ("كنيسة", "church"),
    ("قلعة", "castle"),
    ("نافذة", "window"),
    ("حائط", "wall"),
    ("طاولة", "table"),
    ("كرسي", "chair"),
    ("سرير", "bed"),
];

/// 300 pairs of six words each (indices into [`WORDS`]), the same words in the same order
/// on both sides, so the learned lexicon pairs every word with its translation (co-occurring
/// in about 60 pairs, against about 10 for any other pair).
fn units() -> Vec<Vec<usize>> {
    let mut state: u64 = 12345;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % n as u64) as usize
    };
    (0..300)
        .map(|_| {
            let mut picked: Vec<usize> = Vec::new();
            while picked.len() < 6 {
                let k = next(WORDS.len());
                if !picked.contains(&k) {
                    picked.push(k);
                }
            }
            picked
        })
        .collect()
}

/// The memory: [`units`], half in `a.csv`, half in `b.csv`, all reviewed.
fn memory_with_reviewed_units(env: &TestEnv) {
    let (mut a, mut b) = (
        String::from("ar,en,status\n"),
        String::from("ar,en,status\n"),
    );
    for (i, unit) in units().iter().enumerate() {
        let ar: Vec<&str> = unit.iter().map(|&k| WORDS[k].0).collect();
        let en: Vec<&str> = unit.iter().map(|&k| WORDS[k].1).collect();
        let line = format!(
            "{} رقم {i},{} number {i},reviewed\n",
            ar.join(" "),
            en.join(" ")
        );
        if i % 2 == 0 {
            a.push_str(&line)
        } else {
            b.push_str(&line)
        }
    }
    for (name, csv) in [("a.csv", a), ("b.csv", b)] {
        let file = env.file(name, csv);
        env.cmd().arg("import").arg(file).assert().success();
    }
}

/// Queries without a match that share a run of three words with stored units (the first
/// words of four of them): their fragments need the lexicon to find the run's translation
/// inside the stored target.
fn queries(arabic: bool) -> String {
    let units = units();
    let mut lines = Vec::new();
    for unit in [&units[0], &units[75], &units[150], &units[225]] {
        let run: Vec<&str> = unit[..3]
            .iter()
            .map(|&k| if arabic { WORDS[k].0 } else { WORDS[k].1 })
            .collect();
        lines.push(if arabic {
            format!("{} أحمر أزرق أخضر أصفر أبيض أسود.", run.join(" "))
        } else {
            format!("{} red blue green yellow white black.", run.join(" "))
        });
    }
    lines.join("\n") + "\n"
}

fn suggest(tm: &Path, env: &TestEnv, arabic: bool) -> String {
    let file = env.file(
        if arabic { "q_ar.txt" } else { "q_en.txt" },
        queries(arabic),
    );
    let (from, to) = if arabic { ("ar", "en") } else { ("en", "ar") };
    stdout_of(
        tarjama(tm)
            .args(["suggest", "--from", from, "--to", to, "--json", "--file"])
            .arg(file),
    )
}

fn pretranslate(tm: &Path, env: &TestEnv, arabic: bool) -> String {
    let file = env.file("article.txt", queries(arabic).replace('\n', " "));
    let (from, to) = if arabic { ("ar", "en") } else { ("en", "ar") };
    stdout_of(
        tarjama(tm)
            .args(["pretranslate", "--from", from, "--to", to])
            .args(["--format", "json"])
            .arg(file),
    )
}

/// The standard output of a command that must succeed (its error output shown if not).
fn stdout_of(command: &mut assert_cmd::Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `tarjama unit review|unreview` of both origins' units.
fn set_status(env: &TestEnv, verb: &str) {
    for origin in ["a.csv", "b.csv"] {
        env.cmd()
            .args(["unit", verb, "--origin", origin])
            .assert()
            .success();
    }
}

/// Directions stored, with their pair counts.
fn stored(tm: &Path) -> Vec<(String, String, i64)> {
    let conn = Connection::open(tm).unwrap();
    let mut stmt = conn
        .prepare("SELECT source, target, pairs FROM learned_lexicon_state ORDER BY 1, 2")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// A copy of the memory without its stored lexicon: the binary must learn there.
fn learning_copy(tm: &Path, env: &TestEnv, name: &str) -> PathBuf {
    let copy = env.dir.path().join(name);
    let conn = Connection::open(tm).unwrap();
    conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let copied = Connection::open(&copy).unwrap();
    copied
        .execute_batch("DELETE FROM learned_lexicon_state; DELETE FROM learned_lexicon;")
        .unwrap();
    copy
}

fn fragments(json: &str) -> usize {
    json.matches("\"translation\"").count()
}

#[test]
fn a_stored_lexicon_answers_as_learning_does_and_a_review_makes_it_stale() {
    let env = TestEnv::new();
    memory_with_reviewed_units(&env);
    let tm = env.tm();
    assert!(stored(&tm).is_empty(), "nothing asked for a lexicon yet");
    let learned_en = suggest(&tm, &env, false);
    assert!(fragments(&learned_en) >= 2, "{learned_en}");
    // The first call learned and stored its direction, only that one.
    let dirs = stored(&tm);
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    assert_eq!((dirs[0].0.as_str(), dirs[0].1.as_str()), ("en", "ar"));
    assert!(dirs[0].2 >= 25, "{dirs:?}");
    assert_eq!(suggest(&tm, &env, false), learned_en, "stored = learned");
    let learned_ar = suggest(&tm, &env, true);
    assert_eq!(stored(&tm).len(), 2);
    assert_eq!(
        suggest(&tm, &env, true),
        learned_ar,
        "stored = learned (ar → en)"
    );
    // Pretranslate reads the same stored lexicon: same draft as a process that learns.
    for arabic in [false, true] {
        let fresh = learning_copy(&tm, &env, "fresh.db");
        assert_eq!(
            pretranslate(&tm, &env, arabic),
            pretranslate(&fresh, &env, arabic),
            "pretranslate, arabic source {arabic}"
        );
        std::fs::remove_file(fresh).unwrap();
    }

    // The stored lexicon is what answered: emptied behind the binary's back (fingerprint
    // kept), English → Arabic fragments lose their translations.
    let tampered = learning_copy(&tm, &env, "tampered.db");
    let conn = Connection::open(&tampered).unwrap();
    conn.execute_batch(
        "INSERT INTO learned_lexicon_state VALUES ('en', 'ar',
             (SELECT max(id) FROM units WHERE status = 1), (SELECT n FROM reviewed_changes),
             0, 'now')",
    )
    .unwrap();
    drop(conn);
    let emptied = suggest(&tampered, &env, false);
    assert!(fragments(&emptied) < fragments(&learned_en), "{emptied}");

    // Unreviewing half the units changes what they teach: the next call learns again (not the
    // stale stored lexicon), answers as a process that learns, and stores the new lexicon.
    let before = stored(&tm);
    set_status(&env, "unreview");
    let fresh = learning_copy(&tm, &env, "fresh2.db");
    let now_en = suggest(&tm, &env, false);
    assert_eq!(now_en, suggest(&fresh, &env, false));
    assert_ne!(
        now_en, learned_en,
        "nothing reviewed: no learned translation"
    );
    assert!(fragments(&now_en) < fragments(&learned_en));
    // Nothing reviewed any more: nothing worth storing, and the stale one is never used.
    assert_eq!(suggest(&tm, &env, false), now_en);
    // Reviewed again: the lexicon comes back, learned and stored again.
    set_status(&env, "review");
    assert_eq!(suggest(&tm, &env, false), learned_en);
    let after = stored(&tm);
    assert_eq!(after.len(), 2);
    assert_eq!(after[0], before[0], "the same pairs, learned again");
    assert_eq!(suggest(&tm, &env, false), learned_en);
}

#[test]
fn an_import_of_reviewed_units_relearns_the_stored_directions() {
    let env = TestEnv::new();
    memory_with_reviewed_units(&env);
    let tm = env.tm();
    suggest(&tm, &env, false);
    let conn = Connection::open(&tm).unwrap();
    let state = |conn: &Connection| -> (i64, i64) {
        conn.query_row(
            "SELECT newest_reviewed, reviewed_changes FROM learned_lexicon_state
             WHERE source = 'en' AND target = 'ar'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let first = state(&conn);
    let file = env.file(
        "c.csv",
        "ar,en,status\nكتاب مدرسة سيارة,book school car,reviewed\n",
    );
    env.cmd().arg("import").arg(file).assert().success();
    let refreshed = state(&conn);
    assert!(refreshed.0 > first.0, "{first:?} -> {refreshed:?}");
    let newest: i64 = conn
        .query_row("SELECT max(id) FROM units WHERE status = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(refreshed.0, newest);
    // ar → en was never asked for: the import does not learn it.
    assert_eq!(stored(&tm).len(), 1);
}

/// A read-only memory answers, learning the lexicon in memory as before: a read-only file
/// system where the machine lets the test mount one, else a file of mode 0444 (which binds
/// only a user other than root).
#[test]
fn a_read_only_memory_still_answers() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    memory_with_reviewed_units(&env);
    let tm = env.tm();
    let reference = suggest(&learning_copy(&tm, &env, "ref.db"), &env, false);
    let dir = env.dir.path().join("ro");
    std::fs::create_dir(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    let copy = dir.join("tm.db");
    Connection::open(&tm)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    if mounted {
        let ok = std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount read-only");
    } else {
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let answered = suggest(&copy, &env, false);
    let again = suggest(&copy, &env, false);
    if mounted {
        let _ = std::process::Command::new("umount").arg(&dir).status();
    } else {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(answered, reference);
    assert_eq!(again, reference);
}

#[test]
fn a_memory_of_schema_13_is_migrated_and_stores_its_lexicon() {
    let env = TestEnv::new();
    memory_with_reviewed_units(&env);
    let tm = env.tm();
    let reference = suggest(&learning_copy(&tm, &env, "ref.db"), &env, false);
    {
        let conn = Connection::open(&tm).unwrap();
        conn.execute_batch(
            "DROP TABLE learned_lexicon; DROP TABLE learned_lexicon_state;
             PRAGMA user_version = 13;",
        )
        .unwrap();
    }
    assert_eq!(suggest(&tm, &env, false), reference);
    let conn = Connection::open(&tm).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tarjama::memory::schema::latest_version());
    drop(conn);
    assert_eq!(stored(&tm).len(), 1);
    assert_eq!(suggest(&tm, &env, false), reference);
}
