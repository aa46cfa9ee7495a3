//! Compressed unit texts (src/memory/text_codec.rs, text_pack.rs, migration 0013): every
//! byte comes back through every reader, old plain rows and new compressed rows live in one
//! memory, a memory of the previous schema opens and answers the same, a damaged blob is an
//! error and not a panic; an import compresses on its packing thread exactly what a writer
//! would store.

use std::path::Path;

use tarjama::memory::{AddOutcome, Memory, Side, SuggestOptions, UnitRecord};

/// splitmix64, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const EN: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "in",
    "Baghdad",
    "would",
    "resume",
    "after",
    "a",
    "week",
    "of",
    "protests",
    "government",
    "oil",
    "prices",
    "rose",
    "parliament",
    "voted",
    "against",
    "new",
    "budget",
    "Basra",
    "province",
    "officials",
    "water",
    "shortage",
    "electricity",
    "summer",
    "president",
    "met",
    "delegation",
    "from",
    "Kurdistan",
];
const AR: &[&str] = &[
    "قال",
    "الوزير",
    "يوم",
    "الثلاثاء",
    "إن",
    "المحادثات",
    "في",
    "بغداد",
    "ستُستأنف",
    "بعد",
    "أسبوع",
    "من",
    "الاحتجاجات",
    "الحكومة",
    "النفط",
    "أسعار",
    "ارتفعت",
    "البرلمان",
    "صوّت",
    "ضد",
    "الموازنة",
    "الجديدة",
    "البصرة",
    "محافظة",
    "المسؤولين",
    "المياه",
    "نقص",
    "الكهرباء",
    "الصيف",
    "الرئيس",
    "التقى",
    "وفداً",
    "كردستان",
    "مُحَمَّد",
];

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s: Vec<String> = (0..n).map(|_| rng.pick(words).to_owned()).collect();
    s.push(format!("{}", rng.next() % 10_000));
    s.join(" ") + "."
}

/// `n` units of 10–24 words a side (about 150 bytes of text per unit), and the odd ones out
/// whose bytes are easy to lose: diacritics, bidi marks, emoji, a very long text.
fn corpus(n: usize, seed: u64) -> Vec<UnitRecord> {
    let mut rng = Rng(seed);
    let mut units: Vec<UnitRecord> = (0..n)
        .map(|_| {
            let k = 10 + (rng.next() % 15) as usize;
            UnitRecord::new(
                Side::new("ar", sentence(&mut rng, AR, k)),
                Side::new("en", sentence(&mut rng, EN, k)),
            )
        })
        .collect();
    units.extend(odd_units());
    units
}

fn odd_units() -> Vec<UnitRecord> {
    let huge = "وَقَالَ الرَّئِيسُ إِنَّ المُحَادَثَاتِ سَتُسْتَأْنَفُ. ".repeat(4000);
    [
        (
            "مُحَمَّدٌ رَسُولُ اللَّهِ ــــ تطويل ٣٫٥",
            "Muhammad: 3.5 — with a tatweel",
        ),
        (
            "\u{200F}قال الرئيس\u{200F} \u{202B}(رقم ٣)\u{202C} \u{200E}OK\u{200E}",
            "RTL marks \u{2066}kept\u{2069} exactly",
        ),
        (
            "رموز 👩🏽‍💻🇮🇶 تعبيرية",
            "emoji 👩🏽‍💻🇮🇶 and a BOM \u{FEFF} and\ttab",
        ),
        ("ق", "x"),
        (huge.as_str(), "A very long unit, stored whole."),
    ]
    .into_iter()
    .map(|(a, e)| UnitRecord::new(Side::new("ar", a), Side::new("en", e)))
    .collect()
}

fn add_all(m: &mut Memory, units: &[UnitRecord]) {
    let mut w = m.writer().unwrap();
    w.add_all(units).unwrap();
    w.commit().unwrap();
}

/// Every unit's two texts, in id order, through the export walk.
fn texts(m: &Memory) -> Vec<(String, String)> {
    let mut out = Vec::new();
    m.for_each_unit(|u| {
        out.push((u.record.source.text.clone(), u.record.target.text.clone()));
        Ok::<(), tarjama::Error>(())
    })
    .unwrap();
    out
}

fn kinds(m: &Memory) -> (i64, i64) {
    m.conn()
        .query_row(
            "SELECT sum(typeof(src_text) = 'blob') + sum(typeof(tgt_text) = 'blob'),
                    sum(typeof(src_text) = 'text') + sum(typeof(tgt_text) = 'text') FROM units",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn stored_bytes(m: &Memory) -> i64 {
    m.conn()
        .query_row(
            "SELECT sum(length(CAST(src_text AS BLOB)) + length(CAST(tgt_text AS BLOB))) FROM units",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn answers(m: &Memory, queries: &[String]) -> Vec<Vec<(u8, i64, String, String)>> {
    queries
        .iter()
        .map(|q| {
            m.suggest(q, &SuggestOptions::new("ar", "en"))
                .unwrap()
                .into_iter()
                .map(|s| (s.score, s.id, s.source, s.target))
                .collect()
        })
        .collect()
}

fn queries(units: &[UnitRecord]) -> Vec<String> {
    units
        .iter()
        .step_by(97)
        .map(|u| {
            let mut words: Vec<&str> = u.source.text.split(' ').collect();
            words.remove(words.len() / 2);
            words.join(" ")
        })
        .collect()
}

#[test]
fn a_large_import_compresses_its_texts_and_every_reader_gives_every_byte_back() {
    let units = corpus(9000, 1);
    let plain: i64 = units
        .iter()
        .map(|u| (u.source.text.len() + u.target.text.len()) as i64)
        .sum();
    let mut m = Memory::in_memory().unwrap();
    add_all(&mut m, &units);
    let dicts: i64 = m
        .conn()
        .query_row("SELECT count(*) FROM text_dicts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dicts, 1);
    let (blobs, plain_rows) = kinds(&m);
    assert!(blobs > 17_000, "{blobs} compressed, {plain_rows} plain");
    // The one-letter texts stay plain.
    assert!(plain_rows >= 2, "{plain_rows}");
    assert!(
        stored_bytes(&m) * 2 < plain,
        "{} of {plain}",
        stored_bytes(&m)
    );

    let want: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.source.text.clone(), u.target.text.clone()))
        .collect();
    assert_eq!(texts(&m), want);
    for (i, u) in units.iter().enumerate().skip(8995) {
        let got = m.unit(i as i64 + 1).unwrap().unwrap();
        assert_eq!(got.record.source.text, u.source.text);
        assert_eq!(got.record.target.text, u.target.text);
    }
    // Suggestions, their 100/99 check and concordance read compressed texts.
    let exact = m
        .suggest(&units[123].source.text, &SuggestOptions::new("ar", "en"))
        .unwrap();
    assert_eq!(exact[0].score, 100);
    assert_eq!(exact[0].source, units[123].source.text);
    assert_eq!(exact[0].target, units[123].target.text);
    let hits = m.concordance("مُحَمَّدٌ رَسُولُ", Some("ar"), 5).unwrap();
    assert_eq!(hits[0].text, units[9000].source.text);
    assert_eq!(hits[0].other_text, units[9000].target.text);
    // The same pair again merges: the writer compares with the decoded stored texts.
    let mut w = m.writer().unwrap();
    assert_eq!(w.add(&units[5]).unwrap(), AddOutcome::Merged(6));
    assert_eq!(w.add(&units[9004]).unwrap(), AddOutcome::Merged(9005));
    let mut other = units[7].clone();
    other.target.text.push_str(" (revised)");
    assert!(matches!(w.add(&other).unwrap(), AddOutcome::Alternative(_)));
    w.commit().unwrap();
}

/// Turns a memory written by this build, with plain texts only, into what schema 12 wrote.
fn to_schema_12(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let blobs: i64 = conn
        .query_row(
            "SELECT count(*) FROM units WHERE typeof(src_text) = 'blob' OR typeof(tgt_text) = 'blob'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(blobs, 0);
    conn.execute_batch("DROP TABLE text_dicts; PRAGMA user_version = 12;")
        .unwrap();
}

#[test]
fn a_memory_of_the_previous_schema_keeps_answering_then_mixes_plain_and_compressed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = corpus(300, 2);
    let mut m = Memory::open_or_create(&path).unwrap();
    add_all(&mut m, &old);
    drop(m);
    to_schema_12(&path);

    let q = queries(&old);
    let mut m = Memory::open_existing(&path).unwrap();
    let version: i64 = m
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tarjama::memory::schema::latest_version());
    let before = answers(&m, &q);
    assert!(before.iter().all(|a| !a.is_empty()));
    let old_texts = texts(&m);

    // A large import trains the memory's dictionary: new rows compressed, old ones plain.
    let new = corpus(9000, 3);
    add_all(&mut m, &new);
    let (blobs, plain) = kinds(&m);
    assert!(
        blobs > 17_000 && plain >= 600,
        "{blobs} compressed, {plain} plain"
    );
    let all = texts(&m);
    assert_eq!(&all[..old_texts.len()], &old_texts[..]);
    // The odd units of `new` are those of `old`: they merged.
    assert_eq!(all.len(), old.len() + new.len() - odd_units().len());
    assert_eq!(all[old.len() + 17].0, new[17].source.text);
    let mixed = answers(&m, &q);
    for (b, a) in before.iter().zip(&mixed) {
        // The old units are still found, scored the same (new ones may join them).
        for hit in b {
            assert!(a.contains(hit) || a.len() == 5, "{hit:?} lost: {a:?}");
        }
    }

    // `compact` compresses the old rows; nothing read back changes.
    let bytes = stored_bytes(&m);
    let report = m.compact().unwrap();
    assert!(!report.trained_dictionary);
    assert!(report.packed_units >= 290, "{report:?}");
    assert!(stored_bytes(&m) < bytes);
    assert_eq!(texts(&m), all);
    assert_eq!(answers(&m, &q), mixed);
    drop(m);
    let m = Memory::open_existing(&path).unwrap();
    assert_eq!(texts(&m), all);
}

#[test]
fn compact_trains_a_dictionary_for_a_memory_written_a_few_units_at_a_time() {
    let units = corpus(8000, 4);
    let mut m = Memory::in_memory().unwrap();
    for chunk in units.chunks(1000) {
        add_all(&mut m, chunk);
    }
    // No writer saw enough text to train on.
    assert_eq!(kinds(&m).0, 0);
    let want = texts(&m);
    let report = m.compact().unwrap();
    assert!(report.trained_dictionary);
    assert!(report.packed_units > 7900, "{report:?}");
    assert_eq!(texts(&m), want);
    // Later writers use the dictionary.
    let more = corpus(10, 5);
    add_all(&mut m, &more[..10]);
    let last = m.unit(8015).unwrap().unwrap();
    assert_eq!(last.record.source.text, more[9].source.text);
    let kind: String = m
        .conn()
        .query_row(
            "SELECT typeof(src_text) FROM units WHERE id = 8015",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kind, "blob");
}

#[test]
fn a_damaged_compressed_text_is_an_error_not_a_panic() {
    let units = corpus(9000, 6);
    let mut m = Memory::in_memory().unwrap();
    add_all(&mut m, &units);
    let kind = |id: i64| -> String {
        m.conn()
            .query_row(
                "SELECT typeof(src_text) FROM units WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(kind(10), "blob");
    // A cut frame, flipped bytes, an unknown dictionary, an unknown format.
    m.conn()
        .execute_batch(
            "UPDATE units SET src_text = substr(src_text, 1, length(src_text) - 6) WHERE id = 10;
             UPDATE units SET src_text = substr(src_text, 1, 4) || x'5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a' WHERE id = 11;
             UPDATE units SET src_text = x'01630a00000000000000' WHERE id = 12;
             UPDATE units SET src_text = x'07' WHERE id = 13;",
        )
        .unwrap();
    for id in 10..=13 {
        let err = m.unit(id).unwrap_err().to_string();
        assert!(err.contains("damaged"), "unit {id}: {err}");
    }
    let err = m.unit(12).unwrap_err().to_string();
    assert!(err.contains("dictionary 99"), "{err}");
    // The search reaches the damaged unit and reports it, other units still read.
    let err = m
        .suggest(&units[12].source.text, &SuggestOptions::new("ar", "en"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(
        m.unit(14).unwrap().unwrap().record.source.text,
        units[13].source.text
    );
    let walk = m.for_each_unit(|_| Ok::<(), tarjama::Error>(()));
    assert!(walk.is_err());
}

/// `units` as a CSV file with an `ar,en` header (every field quoted).
fn write_csv(path: &Path, units: &[UnitRecord]) {
    let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut csv = String::from("ar,en\n");
    for u in units {
        csv += &format!("{},{}\n", q(&u.source.text), q(&u.target.text));
    }
    std::fs::write(path, csv).unwrap();
}

/// Each unit's two stored text values (text or blob), in id order.
type StoredRows = Vec<[rusqlite::types::Value; 2]>;

/// Every stored text column's value, in id order, and the dictionaries (id, bytes).
fn stored(m: &Memory) -> (StoredRows, Vec<(i64, Vec<u8>)>) {
    let conn = m.conn();
    let rows = conn
        .prepare("SELECT src_text, tgt_text FROM units ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?]))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let dicts = conn
        .prepare("SELECT id, dict FROM text_dicts ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (rows, dicts)
}

#[test]
fn an_import_compresses_on_its_packing_thread_exactly_what_a_writer_stores() {
    use tarjama::import::{import_file, ImportOptions};
    // 1.3 MB of text: below the size at which training starts mid-import, above the one at
    // which it is trained at the end; the packing thread and the writer train on the same
    // texts in the same order, so they must store the same bytes.
    let units = &corpus(9000, 5)[..9000];
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("units.csv");
    write_csv(&csv, units);
    let mut imported = Memory::open_or_create(&dir.path().join("i.db")).unwrap();
    let report = import_file(&mut imported, &csv, &ImportOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(report.added, 9000);
    let mut written = Memory::open_or_create(&dir.path().join("w.db")).unwrap();
    add_all(&mut written, units);

    let (rows, dicts) = stored(&imported);
    assert_eq!(dicts.len(), 1);
    assert_eq!((rows.clone(), dicts.clone()), stored(&written));
    assert!(kinds(&imported).0 > 17_000, "{:?}", kinds(&imported));
    let want: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.source.text.clone(), u.target.text.clone()))
        .collect();
    assert_eq!(texts(&imported), want);

    // A second import into the memory compresses with the dictionary it has, from its
    // first unit on, and stores no other.
    let more = &corpus(500, 6)[..500];
    let csv2 = dir.path().join("more.csv");
    write_csv(&csv2, more);
    import_file(&mut imported, &csv2, &ImportOptions::default(), &mut |_| {}).unwrap();
    let (rows2, dicts2) = stored(&imported);
    assert_eq!(dicts2, dicts);
    assert_eq!(rows2[..9000], rows[..]);
    assert!(rows2[9000..]
        .iter()
        .flatten()
        .all(|v| matches!(v, rusqlite::types::Value::Blob(b) if b[1] == dicts[0].0 as u8)));
    let mut all = want;
    all.extend(
        more.iter()
            .map(|u| (u.source.text.clone(), u.target.text.clone())),
    );
    assert_eq!(texts(&imported), all);
}
