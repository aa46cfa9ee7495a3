//! Streaming CSV/TSV reader: sniffs the delimiter, maps the header (or `--columns`), and
//! turns each row into one unit per target column, reusing one `UnitRecord` buffer.
//!
//! Each bad row becomes a [`RecordError`] at the row's first line (wrong field count, empty
//! text, bad date or status, an unbalanced quote that swallowed the rest of the file).
//! Bytes that are not UTF-8 stop the read with an error that suggests `--encoding`.

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use csv::ByteRecord;

use crate::error::{Error, Location, RecordError, Result};
use crate::memory::{Side, UnitRecord};

use super::columns::Layout;
use super::csv_row::RowReader;
use super::{decode, Format, Item, Progress, ReadOptions, Sink};

/// Reads a CSV/TSV file and feeds its records to `sink`.
pub fn read(path: &Path, options: &ReadOptions, format: Format, sink: &mut Sink<'_>) -> Result<()> {
    let display = path.display().to_string();
    let opened = decode::open(path, options.encoding, false)?;
    let utf8_input = opened.encoding == encoding_rs::UTF_8;
    let mut input = opened.reader;
    let delimiter = match (options.delimiter, format) {
        (Some(d), _) => d,
        (None, Format::Tsv) => b'\t',
        _ => sniff_delimiter(input.fill_buf().map_err(|e| Error::io(path, e))?),
    };
    let quotes = Rc::new(Cell::new(0u64));
    let counted = QuoteCounting {
        inner: input,
        quotes: Rc::clone(&quotes),
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(counted);
    let io_err = |e: csv::Error| csv_error(path, e);
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
            header_names(&current, &display, utf8_input)?
        }
    };
    let layout = Layout::build(&names, options.from.as_ref(), options.to.as_ref(), &display)?;
    let mut rows = RowReader::new(layout, display.clone(), utf8_input, delimiter);
    let mut have = csv.read_byte_record(&mut current).map_err(io_err)?;
    while have {
        let has_next = csv.read_byte_record(&mut next).map_err(io_err)?;
        let progress = Progress {
            bytes: opened.consumed.get(),
            total: opened.total,
        };
        if !has_next && quotes.get() % 2 == 1 {
            // An odd number of quotes: find out (second pass, rare) whether a quoted field
            // never closed and swallowed the rest of the file into this last record.
            if let Some(line) = unclosed_quote_line(path, options.encoding, delimiter)? {
                let mut location = location_of(&current, &display);
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

fn header_names(record: &ByteRecord, display: &str, utf8_input: bool) -> Result<Vec<String>> {
    record
        .iter()
        .map(|field| match std::str::from_utf8(field) {
            Ok(s) => Ok(s.trim().to_string()),
            Err(_) if utf8_input => Err(Error::BadInput(not_utf8(location_of(record, display)))),
            Err(_) => Ok(String::from_utf8_lossy(field).into_owned()),
        })
        .collect()
}

/// The `path:line` where a record starts.
pub fn location_of(record: &ByteRecord, display: &str) -> Location {
    Location {
        path: display.to_string(),
        line: record.position().map_or(0, |p| p.line() as usize),
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

/// The line where a quoted field opens and never closes, if any (CSV quoting rules: a quote
/// opens only at the start of a field; `""` inside quotes is an escaped quote).
fn unclosed_quote_line(
    path: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
    delimiter: u8,
) -> Result<Option<usize>> {
    let mut input = decode::open(path, encoding, false)?.reader;
    let mut scan = QuoteScan::default();
    loop {
        let buf = input.fill_buf().map_err(|e| Error::io(path, e))?;
        if buf.is_empty() {
            break;
        }
        for &b in buf {
            scan.step(b, delimiter);
        }
        let n = buf.len();
        input.consume(n);
    }
    Ok((scan.in_quotes && !scan.quote_pending).then_some(scan.quote_line))
}

/// State of the quote scan in [`unclosed_quote_line`].
struct QuoteScan {
    line: usize,
    at_field_start: bool,
    in_quotes: bool,
    /// A quote seen inside a quoted field: closes it unless another quote follows.
    quote_pending: bool,
    quote_line: usize,
}

impl Default for QuoteScan {
    fn default() -> Self {
        QuoteScan {
            line: 1,
            at_field_start: true,
            in_quotes: false,
            quote_pending: false,
            quote_line: 0,
        }
    }
}

impl QuoteScan {
    fn step(&mut self, b: u8, delimiter: u8) {
        if self.in_quotes {
            match (self.quote_pending, b) {
                (true, b'"') => {
                    self.quote_pending = false;
                    return;
                }
                (true, _) => {
                    self.in_quotes = false;
                    self.quote_pending = false;
                }
                (false, b'"') => {
                    self.quote_pending = true;
                    return;
                }
                (false, b'\n') => {
                    self.line += 1;
                    return;
                }
                (false, _) => return,
            }
        }
        match b {
            b'"' if self.at_field_start => {
                self.in_quotes = true;
                self.quote_line = self.line;
                self.at_field_start = false;
            }
            b'\n' => {
                self.line += 1;
                self.at_field_start = true;
            }
            b'\r' => self.at_field_start = true,
            b if b == delimiter => self.at_field_start = true,
            _ => self.at_field_start = false,
        }
    }
}

fn csv_error(path: &Path, error: csv::Error) -> Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => Error::io(path, e),
        other => Error::Invalid(format!("{}: {:?}", path.display(), other)),
    }
}

/// Counts the `"` bytes read through it (an odd total means an unclosed quote).
struct QuoteCounting<R> {
    inner: R,
    quotes: Rc<Cell<u64>>,
}

impl<R: Read> Read for QuoteCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let found = buf[..n].iter().filter(|&&b| b == b'"').count();
        self.quotes.set(self.quotes.get() + found as u64);
        Ok(n)
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
    fn finds_the_line_of_an_unclosed_quote() {
        let cases: &[(&str, Option<usize>)] = &[
            ("ar,en\nسلام,Peace\n", None),
            ("ar,en\n\"a\nb\",c\n\"d\"\"e\",f\n", None),
            ("ar,en\n5\" screen,x\n", None),
            ("ar,en\nx,y\n\"never closed,z\nmore,rows\n", Some(3)),
            ("ar,en\nx,\"abc", Some(2)),
            ("ar,en\nx,\"abc\"", None),
        ];
        for (text, expected) in cases {
            let mut scan = QuoteScan::default();
            for &b in text.as_bytes() {
                scan.step(b, b',');
            }
            let got = (scan.in_quotes && !scan.quote_pending).then_some(scan.quote_line);
            assert_eq!(got, *expected, "{text:?}");
        }
    }

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
