//! Reading a glossary file of any supported format: decides the format from the name and
//! the first line, decodes it and hands the text to the right reader. CSV and TSV are UTF-8
//! (a BOM is allowed); TBX is XML, so it is decoded as the TMX reader decodes: a BOM, else
//! the `<?xml … encoding="…"?>` declaration (windows-1252, windows-1256, …), else UTF-8.

use std::io::Read;
use std::path::Path;

use super::csv::{read_omegat, read_table};
use super::validate::Located;
use crate::error::{Error, Location, RecordError, Result};
use crate::formats::decode;
use crate::formats::tbx::{read_tbx, TbxNotes, TbxRead};

/// A glossary file as read: its entries, (TBX) its bad concepts, left out of `entries`,
/// and what reading left out otherwise.
#[derive(Debug, Clone, Default)]
pub struct GlossaryFile {
    pub entries: Vec<Located>,
    pub rejected: Vec<RecordError>,
    pub notes: TbxNotes,
}

impl From<TbxRead> for GlossaryFile {
    fn from(read: TbxRead) -> Self {
        GlossaryFile {
            entries: read.entries,
            rejected: read.rejected,
            notes: read.notes,
        }
    }
}

/// The glossary file formats tarjama reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    /// A tab-separated file with tarjama's header.
    Tsv,
    /// OmegaT's header-less `source<TAB>target<TAB>comment`.
    OmegaT,
    Tbx,
}

/// Guesses the format from the extension and, for tab-separated files, the first line.
pub fn detect(path: &Path, text: &str) -> FileFormat {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    match ext.as_str() {
        "tbx" | "xml" => FileFormat::Tbx,
        "csv" => FileFormat::Csv,
        _ if first.trim_start().starts_with('<') => FileFormat::Tbx,
        _ if first.to_ascii_lowercase().starts_with("type\t") => FileFormat::Tsv,
        _ if first.contains('\t') || ext == "tsv" || ext == "txt" || ext == "utf8" => {
            FileFormat::OmegaT
        }
        _ => FileFormat::Csv,
    }
}

/// Decodes a file's bytes as UTF-8, dropping a BOM; invalid bytes are reported at their line.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(Error::BadInput(RecordError {
                location: Location {
                    path: path.to_string(),
                    line,
                    col: None,
                },
                message: "not UTF-8 (a Windows-1256 file? convert it to UTF-8 first)".to_string(),
            }))
        }
    }
}

/// Reads and parses a glossary file; nothing is validated across entries yet. A bad
/// concept in a TBX file is an error.
pub fn read_glossary_file(path: &Path) -> Result<Vec<Located>> {
    let file = read_glossary_file_noted(path)?;
    if !file.rejected.is_empty() {
        return Err(Error::BadRecords(file.rejected));
    }
    Ok(file.entries)
}

/// As [`read_glossary_file`], with the bad concepts of a TBX file and what reading it left
/// out returned rather than refused.
pub fn read_glossary_file_noted(path: &Path) -> Result<GlossaryFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    if looks_like_xml(path, &bytes) {
        let text = decode_xml(path, &name)?;
        return Ok(read_tbx(&name, &text)?.into());
    }
    let text = decode(&name, &bytes)?;
    let entries = match detect(path, &text) {
        FileFormat::Csv => read_table(&name, &text, b',')?,
        FileFormat::Tsv => read_table(&name, &text, b'\t')?,
        FileFormat::OmegaT => read_omegat(&name, &text)?,
        FileFormat::Tbx => return Ok(read_tbx(&name, &text)?.into()),
    };
    Ok(GlossaryFile {
        entries,
        ..GlossaryFile::default()
    })
}

/// A `.tbx`/`.xml` name, or content that starts like XML in UTF-8 or UTF-16.
fn looks_like_xml(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "tbx" | "xml") {
        return true;
    }
    let utf16 = [b"\xFF\xFE".as_slice(), b"\xFE\xFF", b"<\0", b"\0<"];
    if utf16.iter().any(|head| bytes.starts_with(head)) {
        return true;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The text of an XML file in the encoding its BOM or declaration names (else UTF-8).
fn decode_xml(path: &Path, name: &str) -> Result<String> {
    let mut opened = decode::open(path, None, true)?;
    let mut bytes = Vec::new();
    opened
        .reader
        .read_to_end(&mut bytes)
        .map_err(|e| match decode::malformed(&e) {
            Some(_) => decode::read_error(path, e),
            None => Error::BadFile {
                path: name.to_string(),
                message: format!("cannot read it as {}: {e}", opened.encoding.name()),
            },
        })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::BadInput(RecordError {
            location: Location {
                path: name.to_string(),
                line,
                col: None,
            },
            message: "not valid UTF-8; if the file is in another encoding, declare it in \
                      <?xml … encoding=\"…\"?> (for example windows-1252 or windows-1256)"
                .to_string(),
        })
    })
}
