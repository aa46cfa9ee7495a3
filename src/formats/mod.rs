//! Interchange formats: CSV/TSV and TMX readers and writers (streaming), XLIFF 1.2/2.x
//! reader and draft writers, TBX for glossaries.
//!
//! Readers call a sink once per record, in file order, with either a unit (a reused buffer,
//! so reading allocates almost nothing per record) or a [`RecordError`] for a bad record.
//! Problems that make the rest of the file unreadable (not-well-formed XML, wrong encoding,
//! a missing header) are returned as [`Error`]s instead. Writers take units one at a time.

pub mod columns;
mod csv_quotes;
pub mod csv_read;
mod csv_row;
pub mod csv_write;
pub mod dates;
pub mod decode;
pub mod position;
#[cfg(test)]
mod robustness;
pub mod skipped;
pub mod tbx;
mod tbx_homonyms;
pub mod tmx_read;
pub mod tmx_seg;
pub mod tmx_tu;
pub mod tmx_write;
pub mod xliff_inline;
pub mod xliff_read;
pub mod xliff_unit;
mod xml_drive;

use std::path::Path;

use encoding_rs::Encoding;

use crate::error::{Error, RecordError, Result};
use crate::memory::UnitRecord;
use crate::text::LangTag;

/// A file format tarjama reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Tmx,
    Xliff,
}

impl Format {
    /// `csv`, `tsv`, `tmx`, `xliff` (case-insensitive); `txt` is read as TSV; `xlf`,
    /// `sdlxliff` and `mqxliff` are XLIFF.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" | "txt" => Some(Format::Tsv),
            "tmx" | "xml" => Some(Format::Tmx),
            "xliff" | "xlf" | "xliff2" | "sdlxliff" | "mqxliff" => Some(Format::Xliff),
            _ => None,
        }
    }

    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }
}

/// How to read an input file; everything is optional and guessed when absent.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub format: Option<Format>,
    /// CSV field delimiter; sniffed from the first line (`,` `;` TAB) when absent.
    pub delimiter: Option<u8>,
    /// Column names for a CSV file without a header row (`ar,en,note`).
    pub columns: Option<Vec<String>>,
    /// Source language: picks the source column/tuv; needed for `source`/`target` headers.
    pub from: Option<LangTag>,
    /// Target language: only this language's column/tuv becomes a target.
    pub to: Option<LangTag>,
    /// Input encoding when the file has no BOM (WHATWG label resolved by the caller).
    pub encoding: Option<&'static Encoding>,
}

/// One record handed to a reader's sink.
pub enum Item<'a> {
    /// A good unit and the line its record starts on; the buffer is reused for the next
    /// record, so clone it to keep it.
    Unit {
        unit: &'a mut UnitRecord,
        line: usize,
    },
    /// A bad record: the reader goes on with the next one.
    Bad(RecordError),
    /// A record that is fine but gives no unit (an untranslated TMX unit, an XLIFF segment
    /// without a finished translation), at this line.
    Skipped {
        kind: skipped::SkipKind,
        line: usize,
    },
}

/// What a sink sees besides the item: how far into the file the reader is.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Raw bytes read from the file so far.
    pub bytes: u64,
    /// File size in bytes.
    pub total: u64,
}

/// Receives each record of a file; returning an error stops reading.
pub type Sink<'s> = dyn FnMut(Item<'_>, Progress) -> Result<()> + 's;

/// Reads `path` in the given (or guessed) format, calling `sink` for every record.
pub fn read_file(path: &Path, options: &ReadOptions, sink: &mut Sink<'_>) -> Result<()> {
    match resolve_format(path, options.format)? {
        Format::Tmx => tmx_read::read(path, options, sink),
        Format::Xliff => xliff_read::read(path, options, sink),
        format => csv_read::read(path, options, format, sink),
    }
}

/// The format to use for `path`: the one asked for, else the extension's.
pub fn resolve_format(path: &Path, asked: Option<Format>) -> Result<Format> {
    asked
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| Error::BadFile {
            path: path.display().to_string(),
            message:
                "cannot tell the format from the file name; give --format csv, tsv, tmx or xliff"
                    .into(),
        })
}

/// `Read::read` for a reader whose buffering lives in its `BufRead` implementation (the
/// decoding and line-counting readers): copy from the buffer, then consume.
fn read_through_buffer(
    reader: &mut impl std::io::BufRead,
    out: &mut [u8],
) -> std::io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(out.len());
    out[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}
