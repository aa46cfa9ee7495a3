//! Quotes in CSV input: the guard that counts quotes and stops a record from growing without
//! bound (a quote that never closes would otherwise pull the rest of a 1 GB file into one
//! field in memory), and the second pass that finds the line where such a quote opens.

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};

use super::decode;

/// No record may be longer than this (news sentences are a few kB).
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Shared between the reader loop and [`GuardedRead`].
#[derive(Debug, Default)]
pub struct Guard {
    /// `"` bytes read so far (an odd total means a quote may never close).
    pub quotes: Cell<u64>,
    /// Byte offset where the record being read starts.
    pub record_start: Cell<u64>,
}

/// The error [`GuardedRead`] returns when a record grows past [`MAX_RECORD_BYTES`].
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record is longer than {} MB", MAX_RECORD_BYTES >> 20)
    }
}

impl std::error::Error for RecordTooLong {}

/// Whether an I/O error is the guard's "record too long".
pub fn is_too_long(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|e| e.is::<RecordTooLong>())
}

/// Counts quotes and refuses to read far past the start of the current record.
pub struct GuardedRead<R> {
    inner: R,
    guard: Rc<Guard>,
    read: u64,
}

impl<R> GuardedRead<R> {
    pub fn new(inner: R, guard: Rc<Guard>) -> Self {
        GuardedRead {
            inner,
            guard,
            read: 0,
        }
    }
}

impl<R: Read> Read for GuardedRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read > self.guard.record_start.get() + MAX_RECORD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        // A sum of 0/1 rather than a filtered count: the compiler vectorizes it.
        let found: u64 = buf[..n].iter().map(|&b| u64::from(b == b'"')).sum();
        self.guard.quotes.set(self.guard.quotes.get() + found);
        self.read += n as u64;
        Ok(n)
    }
}

/// The line where a quoted field opens and never closes, if any (CSV quoting rules: a quote
/// opens only at the start of a field; `""` inside quotes is an escaped quote).
pub fn unclosed_quote_line(
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
}
