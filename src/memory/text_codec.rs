//! Unit texts stored compressed: zstd with a dictionary trained on the memory's own units.
//!
//! A text column holds either TEXT (plain: every memory written before migration 0013, and
//! texts that compression would not shorten) or a BLOB, `[FORMAT_ZSTD][dictionary id, varint]
//! [text length in bytes, varint][zstd frame]`. SQLite keeps the two apart by their type, so
//! old rows need no rewrite and both kinds live side by side. The frame is zstd's magicless
//! format without checksum, dictionary id or content size (the header above says the last
//! two): about 8 bytes less per side than a standard frame, which is a third of a short
//! sentence's compressed size. The dictionaries live in `text_dicts` and are never changed;
//! a blob names its own, so rows written before a retrain still decode.
//!
//! [`Codec::encode`] is pure and runs on any thread (the compression context is per thread).
//! A codec is built once per distinct dictionary per process and kept for its lifetime
//! (zstd's prepared dictionaries are referenced, not copied, by the per-thread contexts).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rusqlite::types::{ToSql, ToSqlOutput, Type, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};
use zstd::zstd_safe::{CCtx, CDict, CParameter, DCtx, DDict, DParameter, FrameFormat};

/// The first byte of a compressed text: zstd, magicless frame, with a stored dictionary.
pub const FORMAT_ZSTD: u8 = 1;

/// zstd level. Decoding speed does not depend on it; encoding does (the import pays it).
pub const LEVEL: i32 = 3;

/// Largest dictionary trained (bytes).
pub const DICT_BYTES: usize = 112 << 10;

/// Texts this long or shorter stay plain without trying: the header and the frame's own
/// overhead (about 7 bytes) leave little to win, and a try costs zstd's set-up of a frame
/// whatever the length (about 1 µs: the same as compressing 64 bytes). Texts of up to
/// 32 bytes, compressed with the memory's own dictionary, keep 98 % of their bytes on the
/// short bench CSV, 99.5 % on NTREX sentences and 95 % on Tatoeba, and are two texts in five
/// of a short memory (`cargo run --release --example text_codec_speed`;
/// `docs/speed-log.md`, "Compressed unit texts"). Only what is written changes: a reader takes either kind.
const PLAIN_UP_TO: usize = 32;

/// A decoded text may not claim more than this (a damaged length must not allocate GBs).
const MAX_TEXT: u64 = 1 << 30;

/// Why a stored text cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("compressed unit text is cut short")]
    Truncated,
    #[error("compressed unit text has unknown format {0}")]
    UnknownFormat(u8),
    #[error("compressed unit text names dictionary {0}, which the memory does not have")]
    MissingDictionary(i64),
    #[error("compressed unit text does not decode ({0})")]
    Corrupt(String),
    #[error("decoded unit text is not UTF-8")]
    NotUtf8,
    #[error("text dictionary cannot be used ({0})")]
    BadDictionary(String),
}

/// A text as it goes into a text column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored<'t> {
    Plain(&'t str),
    Packed(Vec<u8>),
    /// A compressed text encoded beforehand, on another thread (the import's packing
    /// thread: `text_batch::ImportPacker`), borrowed from where it was written.
    Encoded(&'t [u8]),
}

impl ToSql for Stored<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Stored::Plain(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Stored::Packed(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Stored::Encoded(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// One dictionary, prepared for both directions.
pub struct Codec {
    id: i64,
    level: i32,
    dict: Vec<u8>,
    /// Prepared on the first encode: a process that only reads (a cold `suggest`) does not
    /// pay for zstd's compression tables of the dictionary.
    cdict: OnceLock<Option<CDict<'static>>>,
    ddict: DDict<'static>,
}

thread_local! {
    /// The thread's compression context and the codec whose dictionary it references.
    static CCTX: RefCell<Option<(CCtx<'static>, usize)>> = const { RefCell::new(None) };
    static DCTX: RefCell<Option<(DCtx<'static>, usize)>> = const { RefCell::new(None) };
}

/// Every codec built in this process, by the hash of its dictionary.
static CODECS: Mutex<Option<HashMap<i64, &'static Codec>>> = Mutex::new(None);

impl Codec {
    /// The codec of dictionary `dict`, stored as `id` (built once per process per distinct
    /// dictionary and id).
    pub fn load(id: i64, dict: &[u8]) -> Result<&'static Codec, CodecError> {
        Codec::load_at(id, dict, LEVEL)
    }

    /// [`Codec::load`] at another zstd level (for measuring; a memory always uses [`LEVEL`]:
    /// the level does not change how a text decodes).
    pub fn load_at(id: i64, dict: &[u8], level: i32) -> Result<&'static Codec, CodecError> {
        let key = cache_key(dict_hash(dict), id, level);
        let mut codecs = CODECS.lock().unwrap_or_else(|e| e.into_inner());
        let codecs = codecs.get_or_insert_with(HashMap::new);
        if let Some(c) = codecs.get(&key) {
            return Ok(c);
        }
        let ddict = DDict::try_create(dict)
            .ok_or_else(|| CodecError::BadDictionary("zstd rejects it".into()))?;
        let codec: &'static Codec = Box::leak(Box::new(Codec {
            id,
            level,
            dict: dict.to_vec(),
            cdict: OnceLock::new(),
            ddict,
        }));
        codecs.insert(key, codec);
        Ok(codec)
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    /// The text as it is stored: compressed when that makes it shorter.
    pub fn encode<'t>(&'static self, text: &'t str) -> Stored<'t> {
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(text.len()) + 24);
        if self.encode_into(text, &mut out) {
            Stored::Packed(out)
        } else {
            Stored::Plain(text)
        }
    }

    /// Appends `text` compressed to `out` when that makes it shorter, and says whether it
    /// did (otherwise `out` is left as it was and the text is stored plain). Encoding many
    /// texts into one buffer spares an allocation per text.
    pub fn encode_into(&'static self, text: &str, out: &mut Vec<u8>) -> bool {
        if text.len() <= PLAIN_UP_TO {
            return false;
        }
        let start = out.len();
        out.push(FORMAT_ZSTD);
        put_varint(out, self.id as u64);
        put_varint(out, text.len() as u64);
        let head = out.len();
        out.resize(head + zstd::zstd_safe::compress_bound(text.len()), 0);
        let written = CCTX.with(|c| {
            let mut c = c.borrow_mut();
            let (cctx, with) = c.get_or_insert_with(|| (new_cctx(), 0));
            let me = self as *const Codec as usize;
            if *with != me {
                let cdict = self
                    .cdict
                    .get_or_init(|| CDict::try_create(&self.dict, self.level))
                    .as_ref()?;
                // Referencing a dictionary makes zstd prepare it for the context again.
                cctx.ref_cdict(cdict).ok()?;
                *with = me;
            }
            cctx.compress2(&mut out[head..], text.as_bytes()).ok()
        });
        match written {
            Some(n) if head - start + n < text.len() => {
                out.truncate(head + n);
                true
            }
            // Incompressible, or zstd failed: plain is always right.
            _ => {
                out.truncate(start);
                false
            }
        }
    }

    /// Decodes a blob written by [`Codec::encode`] with this codec's dictionary.
    pub fn decode(&'static self, blob: &[u8]) -> Result<String, CodecError> {
        let h = Header::parse(blob)?;
        if h.dict != self.id {
            return Err(CodecError::MissingDictionary(h.dict));
        }
        let frame = &blob[h.frame_at..];
        if h.len > MAX_TEXT || h.len > (frame.len() as u64 + 1) * 32_768 {
            return Err(CodecError::Corrupt("length out of bounds".into()));
        }
        let mut out: Vec<u8> = Vec::with_capacity(h.len as usize);
        let got = DCTX.with(|d| {
            let mut d = d.borrow_mut();
            let (dctx, with) = d.get_or_insert_with(|| (new_dctx(), 0));
            let me = self as *const Codec as usize;
            if *with != me {
                dctx.ref_ddict(&self.ddict)
                    .map_err(|c| CodecError::Corrupt(zstd_message(c)))?;
                *with = me;
            }
            dctx.decompress(&mut out, frame)
                .map_err(|c| CodecError::Corrupt(zstd_message(c)))
        })?;
        if got as u64 != h.len || out.len() as u64 != h.len {
            return Err(CodecError::Corrupt("length differs from the header".into()));
        }
        String::from_utf8(out).map_err(|_| CodecError::NotUtf8)
    }
}

fn new_cctx() -> CCtx<'static> {
    let mut c = CCtx::create();
    // Settings that stay across frames; the dictionary carries the level.
    let _ = c.set_parameter(CParameter::Format(FrameFormat::Magicless));
    let _ = c.set_parameter(CParameter::ContentSizeFlag(false));
    let _ = c.set_parameter(CParameter::ChecksumFlag(false));
    let _ = c.set_parameter(CParameter::DictIdFlag(false));
    c
}

fn new_dctx() -> DCtx<'static> {
    let mut d = DCtx::create();
    let _ = d.set_parameter(DParameter::Format(FrameFormat::Magicless));
    d
}

fn zstd_message(code: usize) -> String {
    zstd::zstd_safe::get_error_name(code).to_owned()
}

/// The header of a compressed text.
struct Header {
    dict: i64,
    len: u64,
    frame_at: usize,
}

impl Header {
    fn parse(blob: &[u8]) -> Result<Header, CodecError> {
        let &format = blob.first().ok_or(CodecError::Truncated)?;
        if format != FORMAT_ZSTD {
            return Err(CodecError::UnknownFormat(format));
        }
        let mut at = 1;
        let dict = get_varint(blob, &mut at)?;
        let len = get_varint(blob, &mut at)?;
        Ok(Header {
            dict: i64::try_from(dict).map_err(|_| CodecError::Truncated)?,
            len,
            frame_at: at,
        })
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads the varint of `blob` at `*at` and moves past it.
fn get_varint(blob: &[u8], at: &mut usize) -> Result<u64, CodecError> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *blob.get(*at).ok_or(CodecError::Truncated)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err(CodecError::Corrupt("overlong varint".into()))
}

/// Names a codec in [`CODECS`]: its dictionary's bytes, its id in the memory, its level.
fn cache_key(dict_hash: i64, id: i64, level: i32) -> i64 {
    dict_hash ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as i64) ^ (i64::from(level) << 40)
}

/// FNV-1a, 64 bits: names a dictionary's bytes (stable across builds, unlike std's hasher).
pub fn dict_hash(bytes: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// Trains a dictionary (fixed parameters: `text_train`).
pub use super::text_train::train;

/// Stores a trained dictionary in the memory and returns its codec.
pub fn store_dict(
    conn: &Connection,
    dict: &[u8],
    trained_on: usize,
) -> crate::Result<&'static Codec> {
    store_dict_as(conn, next_dict_id(conn)?, dict, trained_on)
}

/// The id the next stored dictionary gets. Within one write transaction nobody else stores
/// one, so texts may be compressed with that id (on another thread) before the dictionary
/// is stored with [`store_dict_as`].
pub fn next_dict_id(conn: &Connection) -> crate::Result<i64> {
    // AUTOINCREMENT: never an id used before, even by a dictionary since deleted.
    Ok(conn.query_row(
        "SELECT max(coalesce((SELECT max(id) FROM text_dicts), 0),
                    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'text_dicts'), 0)) + 1",
        [],
        |r| r.get(0),
    )?)
}

/// Stores a trained dictionary as `id` (from [`next_dict_id`] in this transaction).
pub fn store_dict_as(
    conn: &Connection,
    id: i64,
    dict: &[u8],
    trained_on: usize,
) -> crate::Result<&'static Codec> {
    conn.execute(
        "INSERT INTO text_dicts(id, hash, dict, trained_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![
            id,
            dict_hash(dict),
            dict,
            trained_on as i64,
            super::row::time_text(chrono::Utc::now())
        ],
    )?;
    Codec::load(id, dict).map_err(damaged)
}

/// The newest dictionary of the memory, which new texts are compressed with.
pub fn latest(conn: &Connection) -> crate::Result<Option<&'static Codec>> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT id, dict FROM text_dicts ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((id, dict)) => Ok(Some(Codec::load(id, &dict).map_err(damaged)?)),
        None => Ok(None),
    }
}

fn damaged(e: CodecError) -> crate::Error {
    crate::Error::Invalid(format!(
        "the memory is damaged: {e}; restore it from a backup"
    ))
}

/// The codec of dictionary `id` of this memory.
fn codec_of(conn: &Connection, id: i64) -> Result<&'static Codec, CodecError> {
    let missing = |_| CodecError::MissingDictionary(id);
    let hash: Option<i64> = conn
        .prepare_cached("SELECT hash FROM text_dicts WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .map_err(missing)?;
    let hash = hash.ok_or(CodecError::MissingDictionary(id))?;
    let key = cache_key(hash, id, LEVEL);
    if let Some(c) = CODECS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(&key).copied())
    {
        return Ok(c);
    }
    let dict: Vec<u8> = conn
        .query_row("SELECT dict FROM text_dicts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .map_err(missing)?;
    Codec::load(id, &dict)
}

/// Reads text columns of one connection, remembering the dictionaries it met. Keep one for
/// a statement or a transaction (dictionary rows never change, but a file can be replaced
/// between transactions).
pub struct Texts<'c> {
    conn: &'c Connection,
    seen: RefCell<Vec<&'static Codec>>,
}

impl<'c> Texts<'c> {
    pub fn new(conn: &'c Connection) -> Texts<'c> {
        Texts {
            conn,
            seen: RefCell::new(Vec::new()),
        }
    }

    /// The text stored in column `idx` of `r` (TEXT as is, BLOB decoded).
    pub fn get(&self, r: &Row, idx: usize) -> rusqlite::Result<String> {
        self.value(r.get_ref(idx)?)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Blob, Box::new(e)))
    }

    /// A stored text value decoded.
    pub fn value(&self, v: ValueRef) -> Result<String, CodecError> {
        match v {
            ValueRef::Text(t) => String::from_utf8(t.to_vec()).map_err(|_| CodecError::NotUtf8),
            ValueRef::Blob(b) => {
                let h = Header::parse(b)?;
                let known = self.seen.borrow().iter().copied().find(|c| c.id == h.dict);
                let codec = match known {
                    Some(c) => c,
                    None => {
                        let c = codec_of(self.conn, h.dict)?;
                        self.seen.borrow_mut().push(c);
                        c
                    }
                };
                codec.decode(b)
            }
            _ => Err(CodecError::Corrupt(
                "a unit text is neither text nor blob".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec() -> &'static Codec {
        let samples: Vec<String> = (0..2000)
            .map(|i| {
                format!(
                    "The minister said on {i} March that the talks in Baghdad would resume; \
                     قال الوزير إن المحادثات في بغداد ستُستأنف رقم {i}"
                )
            })
            .collect();
        let dict = train(&samples, 16 << 10).unwrap();
        Codec::load(7, &dict).unwrap()
    }

    fn round_trip(c: &'static Codec, text: &str) {
        match c.encode(text) {
            Stored::Plain(p) => assert_eq!(p, text),
            Stored::Packed(b) => {
                assert!(b.len() < text.len());
                assert_eq!(c.decode(&b).unwrap(), text);
            }
            Stored::Encoded(_) => panic!("encode owns what it writes"),
        }
        // Encoding into a shared buffer appends the same bytes, or nothing.
        let mut buf = b"before".to_vec();
        let packed = c.encode_into(text, &mut buf);
        match c.encode(text) {
            Stored::Packed(b) => assert!(packed && buf[6..] == b[..] && &buf[..6] == b"before"),
            _ => assert!(!packed && buf == b"before"),
        }
    }

    #[test]
    fn every_byte_comes_back() {
        let c = codec();
        let long_ar = "وَقَالَ الرَّئِيسُ إِنَّ ".repeat(5000);
        for text in [
            "",
            "a",
            "The minister said on 3 March that the talks in Baghdad would resume",
            "قال الوزير إن المحادثات في بغداد ستُستأنف \u{200F}(رقم ٣)\u{200F} \u{200E}OK\u{200E}",
            "مُحَمَّدٌ رَسُولُ اللَّهِ ــــ تطويل",
            "emoji 👩🏽‍💻🇮🇶 and \u{FEFF}BOM and \r\n CRLF \t tab \u{0}",
            &long_ar,
        ] {
            round_trip(c, text);
        }
        assert!(matches!(c.encode(&long_ar), Stored::Packed(_)));
    }

    #[test]
    fn damaged_blobs_give_errors() {
        let c = codec();
        let Stored::Packed(good) =
            c.encode("The minister said on 3 March that the talks in Baghdad would resume")
        else {
            panic!("should compress")
        };
        assert_eq!(c.decode(&[]), Err(CodecError::Truncated));
        assert_eq!(c.decode(&[9, 1, 1]), Err(CodecError::UnknownFormat(9)));
        assert_eq!(c.decode(&good[..2]), Err(CodecError::Truncated));
        assert!(matches!(
            c.decode(&[1, 8, 5, 0, 0]),
            Err(CodecError::MissingDictionary(8))
        ));
        // Any change to the frame, or a cut, is an error, never a panic.
        for i in 3..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            let _ = c.decode(&bad);
            let _ = c.decode(&good[..i]);
        }
        // A huge claimed length does not allocate.
        let mut huge = vec![FORMAT_ZSTD, 7];
        put_varint(&mut huge, u64::MAX >> 2);
        huge.extend_from_slice(&good[3..]);
        assert!(matches!(c.decode(&huge), Err(CodecError::Corrupt(_))));
    }

    #[test]
    fn a_stored_dictionary_is_read_and_prepared_once_per_process() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("migrations/0013_text_dicts.sql"))
            .unwrap();
        let samples: Vec<String> = (0..3000)
            .map(|i| format!("unit {i} of a memory that stores {} texts", i * 7))
            .collect();
        let dict = train(&samples, 8 << 10).unwrap();
        let stored = store_dict(&conn, &dict, samples.len()).unwrap();
        // Later lookups name the codec by the row's hash: they never read the bytes again
        // (hashing and preparing 112 KB per decoded text would dwarf the decoding).
        conn.execute("UPDATE text_dicts SET dict = x'00'", [])
            .unwrap();
        let found = codec_of(&conn, stored.id()).unwrap();
        assert!(std::ptr::eq(found, stored));
        let Stored::Packed(blob) = stored.encode(&samples[10]) else {
            panic!("should compress")
        };
        let texts = Texts::new(&conn);
        assert_eq!(texts.value(ValueRef::Blob(&blob)).unwrap(), samples[10]);
    }

    #[test]
    fn texts_reads_plain_and_packed_columns() {
        let c = codec();
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x TEXT)").unwrap();
        let text = "The minister said on 3 March that the talks in Baghdad would resume";
        conn.execute("INSERT INTO t VALUES (?1)", [&c.encode(text)])
            .unwrap();
        conn.execute("INSERT INTO t VALUES (?1)", [text]).unwrap();
        let texts = Texts::new(&conn);
        // No text_dicts table: the blob cannot find its dictionary, the plain row reads.
        let got: Vec<rusqlite::Result<String>> = conn
            .prepare("SELECT x FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok(texts.get(r, 0)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(got[0].is_err());
        assert_eq!(got[1].as_deref().unwrap(), text);
    }
}
