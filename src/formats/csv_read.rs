//! Streaming CSV/TSV reader: sniffs the delimiter, maps the header (or `--columns`), and
//! turns each row into one unit per target column, reusing one `UnitRecord` buffer.
//!
//! Each bad row becomes a [`RecordError`] at the row's first line (wrong field count, empty
//! text, bad date or status, an unbalanced quote that swallowed the rest of the file).
//! Bytes that are not UTF-8 stop the read with an error that suggests `--encoding`.

use std::io::{self, BufRead};
use std::path::Path;
use std::rc::Rc;

use csv::ByteRecord;

use crate::error::{Error, Location, RecordError, Result};
use crate::memory::{Side, UnitRecord};

use super::columns::Layout;
use super::csv_quotes::{is_too_long, unclosed_quote_line, Guard, GuardedRead, MAX_RECORD_BYTES};
use super::csv_row::RowReader;
use super::{decode, Format, Item, Progress, ReadOptions, Sink};

/// Reads a CSV/TSV file and feeds its records to `sink`.
pub fn read(path: &Path, options: &ReadOptions, format: Format, sink: &mut Sink<'_>) -> Result<()> {
    let display = path.display().to_string();
    let opened = decode::open(path, options.encoding, false)?;
    let utf8_input = opened.encoding == encoding_rs::UTF_8;
    let mut input = opened.reader;
    let (excel_sep, skipped) = skip_preamble(&mut input, options.columns.is_none())
        .map_err(|e| decode::read_error(path, e))?;
    let delimiter = match (options.delimiter.or(excel_sep), format) {
        (Some(d), _) => d,
        (None, Format::Tsv) => b'\t',
        _ => sniff_delimiter(input.fill_buf().map_err(|e| decode::read_error(path, e))?),
    };
    let guard = Rc::new(Guard::default());
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(GuardedRead::new(input, Rc::clone(&guard)));
    let io_err = |e: csv::Error| csv_error(path, e, options.encoding, delimiter);
    let mut current = ByteRecord::new();
    let mut next = ByteRecord::new();
    let names = match &options.columns {
        Some(columns) => columns.clone(),
        None => {
            if !csv.read_byte_record(&mut current).map_err(io_err)? {
                return Err(Error::BadFile {
                    path: display,
                    message: "the file is empty (no header row)".into(),
                });
            }
            header_names(&current, &display, skipped, utf8_input)?
        }
    };
    let layout = Layout::build(&names, options.from.as_ref(), options.to.as_ref(), &display)?;
    let mut rows = RowReader::new(layout, display.clone(), skipped, utf8_input, delimiter);
    let mut have = csv.read_byte_record(&mut current).map_err(io_err)?;
    while have {
        guard.record_start.set(csv.position().byte());
        let has_next = csv.read_byte_record(&mut next).map_err(io_err)?;
        let progress = Progress {
            bytes: opened.consumed.get(),
            total: opened.total,
        };
        if !has_next && guard.quotes.get() % 2 == 1 {
            // An odd number of quotes: find out (second pass, rare) whether a quoted field
            // never closed and swallowed the rest of the file into this last record.
            if let Some(line) = unclosed_quote_line(path, options.encoding, delimiter)? {
                let mut location = location_of(&current, &display, 0);
                location.line = line;
                sink(Item::Bad(unbalanced_quote(location)), progress)?;
                break;
            }
        }
        if !is_blank(&current) {
            rows.feed(&current, progress, sink)?;
        }
        std::mem::swap(&mut current, &mut next);
        have = has_next;
    }
    Ok(())
}

/// The delimiter (`,` `;` TAB) that occurs most often outside quotes in the first line.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Skips what may come before the header: Excel's `sep=;` line (which names the delimiter)
/// and, when a header is expected, `#` comment lines. Returns the delimiter `sep=` gave and
/// how many lines were skipped.
fn skip_preamble(
    input: &mut dyn BufRead,
    header_expected: bool,
) -> io::Result<(Option<u8>, usize)> {
    let mut sep = None;
    let mut skipped = 0;
    loop {
        let buf = input.fill_buf()?;
        let is_sep = skipped == 0
            && buf.len() >= 5
            && buf[..4].eq_ignore_ascii_case(b"sep=")
            && matches!(buf.get(5), None | Some(b'\r' | b'\n'));
        let is_comment = header_expected && buf.first() == Some(&b'#');
        if !is_sep && !is_comment {
            return Ok((sep, skipped));
        }
        if is_sep {
            sep = Some(buf[4]);
        }
        input.read_until(b'\n', &mut Vec::new())?;
        skipped += 1;
    }
}

fn header_names(
    record: &ByteRecord,
    display: &str,
    skipped: usize,
    utf8_input: bool,
) -> Result<Vec<String>> {
    record
        .iter()
        .map(|field| match std::str::from_utf8(field) {
            Ok(s) => Ok(s.trim().to_string()),
            Err(_) if utf8_input => Err(Error::BadInput(not_utf8(location_of(
                record, display, skipped,
            )))),
            Err(_) => Ok(String::from_utf8_lossy(field).into_owned()),
        })
        .collect()
}

/// The `path:line` where a record starts; `skipped` lines came before what the CSV parser saw.
pub fn location_of(record: &ByteRecord, display: &str, skipped: usize) -> Location {
    Location {
        path: display.to_string(),
        line: record.position().map_or(0, |p| p.line() as usize) + skipped,
        col: None,
    }
}

/// The error for bytes that are not UTF-8.
pub fn not_utf8(location: Location) -> RecordError {
    RecordError {
        location,
        message: "not valid UTF-8; if the file is in another encoding, name it with \
                  --encoding (for example --encoding windows-1256)"
            .into(),
    }
}

fn unbalanced_quote(location: Location) -> RecordError {
    RecordError {
        location,
        message: "unbalanced quote: a quoted field that starts here is never closed, so it \
                  runs to the end of the file"
            .into(),
    }
}

/// A row whose fields are all empty or blank (`,,,` lines that spreadsheets leave behind).
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

fn csv_error(
    path: &Path,
    error: csv::Error,
    encoding: Option<&'static encoding_rs::Encoding>,
    delimiter: u8,
) -> Error {
    if !error.is_io_error() {
        // Not expected with flexible byte records; worded by the csv crate (with its line).
        return Error::BadFile {
            path: path.display().to_string(),
            message: error.to_string(),
        };
    }
    match error.into_kind() {
        csv::ErrorKind::Io(e) if is_too_long(&e) => too_long(path, encoding, delimiter),
        csv::ErrorKind::Io(e) => decode::read_error(path, e),
        _ => unreachable!("checked to be an I/O error above"),
    }
}

/// The error for a record over the size limit: nearly always a quote that never closes.
fn too_long(path: &Path, encoding: Option<&'static encoding_rs::Encoding>, delimiter: u8) -> Error {
    let display = path.display().to_string();
    match unclosed_quote_line(path, encoding, delimiter) {
        Ok(Some(line)) => Error::BadInput(unbalanced_quote(Location {
            path: display,
            line,
            col: None,
        })),
        Ok(None) => Error::BadFile {
            path: display,
            message: format!(
                "a record is longer than {} MB; is this really a CSV file?",
                MAX_RECORD_BYTES >> 20
            ),
        },
        Err(e) => e,
    }
}

/// A fresh unit buffer with empty sides.
pub fn empty_unit() -> UnitRecord {
    UnitRecord::new(Side::new("", ""), Side::new("", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        let cases: &[(&[u8], u8)] = &[
            (b"ar,en,note\n", b','),
            (b"ar;en;note\n", b';'),
            (b"ar\ten\n", b'\t'),
            (b"\"a,b\";c\n", b';'),
            (b"ar\n", b','),
            (b"ar;en\nx,y,z,w\n", b';'),
        ];
        for (head, expected) in cases {
            assert_eq!(
                sniff_delimiter(head),
                *expected,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}
