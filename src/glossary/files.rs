//! Reading a glossary file of any supported format: decides the format from the name and
//! the first line, decodes UTF-8 (a BOM is allowed) and hands the text to the right reader.

use std::path::Path;

use super::csv::{read_omegat, read_table};
use super::validate::Located;
use crate::error::{Error, Location, RecordError, Result};
use crate::formats::tbx::read_tbx;

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

/// Reads and parses a glossary file; nothing is validated across entries yet.
pub fn read_glossary_file(path: &Path) -> Result<Vec<Located>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    let text = decode(&name, &bytes)?;
    match detect(path, &text) {
        FileFormat::Csv => read_table(&name, &text, b','),
        FileFormat::Tsv => read_table(&name, &text, b'\t'),
        FileFormat::OmegaT => read_omegat(&name, &text),
        FileFormat::Tbx => read_tbx(&name, &text),
    }
}
