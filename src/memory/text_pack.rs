//! When unit texts get compressed (`text_codec`): a writer compresses with the memory's newest
//! dictionary; a memory without one stores its texts plain until a writer has stored enough
//! text to train one on (the memory's own first units), then that writer compresses the
//! units it stored plain meanwhile and every later one. An import instead compresses on a
//! thread of its own and trains there, before anything is stored (`text_batch`). `compact`
//! does the same for a memory whose units were all written plain (before migration 0013, or
//! a few at a time).

use rusqlite::types::Value;
use rusqlite::Connection;

use super::text_batch::{PackPlan, PackedTexts};
use super::text_codec::{self, Codec, Stored, DICT_BYTES};
use crate::error::{Error, Result};

/// Train as soon as a writer has stored this much text plain (zstd advises samples of about
/// a hundred times the dictionary; more costs training time for little).
pub const TRAIN_BYTES: usize = 8 << 20;

/// At commit, train on what there is if it is at least this much; with less, a dictionary
/// is mostly noise and the texts stay plain until a later writer or `compact`.
pub const MIN_TRAIN_BYTES: usize = 1 << 20;

/// Train sooner, once a writer has this many texts (and at least [`MIN_TRAIN_BYTES`]):
/// the training's cost grows with the number of texts (zstd compresses each one to gather
/// its entropy statistics: 0.9 CPU s for the first 8 MB of a short import, 150,000 texts),
/// while the dictionary gains little from more short texts (stored bytes +0.4 % trained on
/// 2 MB instead of 8; `docs/speed-log.md`, "Import, sixth round"). Long texts reach 8 MB first.
pub const TRAIN_TEXTS: usize = 32 << 10;

/// Whether `texts` texts of `bytes` bytes in all are enough to train on now.
pub fn enough_to_train(bytes: usize, texts: usize) -> bool {
    bytes >= TRAIN_BYTES || (texts >= TRAIN_TEXTS && bytes >= MIN_TRAIN_BYTES)
}

/// A writer's text compression.
pub struct TextPacker {
    codec: Option<&'static Codec>,
    /// Units this writer stored plain while there was no dictionary, with their texts
    /// (the training samples).
    plain: Vec<(i64, String, String)>,
    bytes: usize,
    /// Training was tried (once per writer).
    tried: bool,
}

impl TextPacker {
    pub fn new(conn: &Connection) -> Result<TextPacker> {
        Ok(TextPacker {
            codec: text_codec::latest(conn)?,
            plain: Vec::new(),
            bytes: 0,
            tried: false,
        })
    }

    /// Leaves compressing (and training) to the caller, which encodes with the returned plan
    /// on another thread (`text_batch::ImportPacker`) and gives the texts to [`Self::take`].
    /// This writer then trains nothing itself and keeps no copy of the texts it stores.
    pub fn plan_for_packer(&mut self, conn: &Connection) -> Result<PackPlan> {
        self.tried = true;
        self.plain = Vec::new();
        Ok(PackPlan {
            codec: self.codec,
            next_id: text_codec::next_dict_id(conn)?,
        })
    }

    /// Accepts a batch's texts encoded on another thread: stores the dictionary trained
    /// there, if it brings one, and checks that the texts name the dictionary in use.
    pub fn take(&mut self, conn: &Connection, texts: &mut PackedTexts) -> Result<()> {
        if let Some(d) = texts.new_dict.take() {
            self.codec = Some(text_codec::store_dict_as(
                conn,
                d.id,
                &d.bytes,
                d.trained_on,
            )?);
        }
        if texts.any_packed() && texts.codec != self.codec.map(|c| c.id()) {
            return Err(Error::Invalid(
                "texts compressed with a dictionary the memory does not have".into(),
            ));
        }
        Ok(())
    }

    /// How `text` is stored now.
    pub fn encode<'t>(&self, text: &'t str) -> Stored<'t> {
        match self.codec {
            Some(c) => c.encode(text),
            None => Stored::Plain(text),
        }
    }

    /// Whether [`TextPacker::stored`] keeps the texts it is given (to train on them, and
    /// then rewrite the units stored so far, which must then all be in `units`).
    pub fn collecting(&self) -> bool {
        self.codec.is_none() && !self.tried
    }

    /// Notes unit `id`, just stored with these texts encoded by [`TextPacker::encode`].
    pub fn stored(&mut self, conn: &Connection, id: i64, src: &str, tgt: &str) -> Result<()> {
        if self.codec.is_some() || self.tried {
            return Ok(());
        }
        self.bytes += src.len() + tgt.len();
        self.plain.push((id, src.to_owned(), tgt.to_owned()));
        if enough_to_train(self.bytes, 2 * self.plain.len()) {
            self.train_and_repack(conn)?;
        }
        Ok(())
    }

    /// Before commit: trains on what this writer stored if that is enough.
    pub fn finish(&mut self, conn: &Connection) -> Result<()> {
        if self.codec.is_none() && !self.tried && self.bytes >= MIN_TRAIN_BYTES {
            self.train_and_repack(conn)?;
        }
        Ok(())
    }

    fn train_and_repack(&mut self, conn: &Connection) -> Result<()> {
        self.tried = true;
        let plain = std::mem::take(&mut self.plain);
        let samples: Vec<&str> = plain
            .iter()
            .flat_map(|(_, s, t)| [s.as_str(), t.as_str()])
            .collect();
        // A dictionary zstd cannot train (too few or too uniform texts) leaves them plain.
        let Ok(dict) = text_codec::train(&samples, DICT_BYTES) else {
            return Ok(());
        };
        let codec = text_codec::store_dict(conn, &dict, samples.len())?;
        self.codec = Some(codec);
        let mut update =
            conn.prepare_cached("UPDATE units SET src_text = ?2, tgt_text = ?3 WHERE id = ?1")?;
        for (id, s, t) in &plain {
            let (s, t) = (codec.encode(s), codec.encode(t));
            if matches!(s, Stored::Packed(_)) || matches!(t, Stored::Packed(_)) {
                update.execute(rusqlite::params![id, s, t])?;
            }
        }
        Ok(())
    }
}

/// What [`pack_plain_rows`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PackReport {
    /// A dictionary was trained (the memory had none).
    pub trained: bool,
    /// Units whose texts were stored plain and are now compressed.
    pub packed: u64,
}

/// Compresses every plain text of the memory (inside the caller's transaction), training a
/// dictionary on the first units first if the memory has none and enough text.
pub fn pack_plain_rows(conn: &Connection) -> Result<PackReport> {
    let mut report = PackReport::default();
    let codec = match text_codec::latest(conn)? {
        Some(c) => c,
        None => {
            let mut samples = Vec::new();
            let mut bytes = 0;
            let mut stmt = conn.prepare("SELECT src_text, tgt_text FROM units ORDER BY id")?;
            let texts = text_codec::Texts::new(conn);
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if enough_to_train(bytes, samples.len()) {
                    break;
                }
                for i in 0..2 {
                    let t = texts.get(r, i)?;
                    bytes += t.len();
                    samples.push(t);
                }
            }
            if bytes < MIN_TRAIN_BYTES {
                return Ok(report);
            }
            let Ok(dict) = text_codec::train(&samples, DICT_BYTES) else {
                return Ok(report);
            };
            report.trained = true;
            text_codec::store_dict(conn, &dict, samples.len())?
        }
    };
    // Ids first: rows are rewritten one by one, not under a running scan of the table.
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM units
             WHERE typeof(src_text) = 'text' OR typeof(tgt_text) = 'text' ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut read = conn.prepare_cached("SELECT src_text, tgt_text FROM units WHERE id = ?1")?;
    let mut update =
        conn.prepare_cached("UPDATE units SET src_text = ?2, tgt_text = ?3 WHERE id = ?1")?;
    for id in ids {
        let (src, tgt): (Value, Value) = read.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        // A side already compressed (with an older dictionary) is left as it is.
        let (src, s_packed) = repack(codec, src);
        let (tgt, t_packed) = repack(codec, tgt);
        if s_packed || t_packed {
            update.execute(rusqlite::params![id, src, tgt])?;
            report.packed += 1;
        }
    }
    Ok(report)
}

/// A stored text value compressed if it was plain; and whether that shortened it.
fn repack(codec: &'static Codec, v: Value) -> (Value, bool) {
    match v {
        Value::Text(t) => match codec.encode(&t) {
            Stored::Packed(b) => (Value::Blob(b), true),
            Stored::Plain(_) | Stored::Encoded(_) => (Value::Text(t), false),
        },
        other => (other, false),
    }
}
