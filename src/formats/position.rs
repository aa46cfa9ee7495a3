//! Turning positions in a decoded input stream into `line:col` for messages.
//!
//! While reading, [`LineCounting`] counts newlines as bytes are consumed (cheap, gives the
//! line where each record starts). For the rare fatal error with only a byte offset, the
//! file is read again up to that offset ([`line_col_at`]); the column counts user-visible
//! characters (grapheme clusters), so Arabic with diacritics is counted as a reader sees it.

use std::io::{self, BufRead, Read};
use std::path::Path;

use encoding_rs::Encoding;
use unicode_segmentation::UnicodeSegmentation;

use crate::error::{Location, Result};

use super::decode;

/// Wraps a `BufRead`, counts the newlines consumed so far, and refuses to read more than
/// [`MAX_EVENT_BYTES`] past the last [`LineCounting::mark`] (so one endless XML text or tag
/// cannot fill memory).
pub struct LineCounting<R> {
    inner: R,
    newlines: usize,
    consumed: u64,
    mark: u64,
}

/// How far one XML event (a tag, a text) may run.
pub const MAX_EVENT_BYTES: u64 = 16 << 20;

/// The error [`LineCounting`] returns past [`MAX_EVENT_BYTES`].
#[derive(Debug)]
pub struct EventTooLong;

impl std::fmt::Display for EventTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "one XML tag or text runs longer than {} MB; is this really a TMX file?",
            MAX_EVENT_BYTES >> 20
        )
    }
}

impl std::error::Error for EventTooLong {}

impl<R: BufRead> LineCounting<R> {
    pub fn new(inner: R) -> Self {
        LineCounting {
            inner,
            newlines: 0,
            consumed: 0,
            mark: 0,
        }
    }

    /// Notes that a new event starts here.
    pub fn mark(&mut self) {
        self.mark = self.consumed;
    }

    /// 1-based line of the next byte to be read.
    pub fn line(&self) -> usize {
        self.newlines + 1
    }
}

impl<R: BufRead> Read for LineCounting<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        super::read_through_buffer(self, out)
    }
}

impl<R: BufRead> BufRead for LineCounting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed - self.mark > MAX_EVENT_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, EventTooLong));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            self.newlines += count_newlines(&buf[..amt]);
            self.consumed += amt as u64;
            self.inner.consume(amt);
        }
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The `path:line:col` of byte `offset` of the decoded stream of `path` (as produced by
/// [`decode::open`] with the same arguments). Columns are 1-based grapheme counts.
pub fn line_col_at(
    path: &Path,
    display: &str,
    offset: u64,
    encoding: Option<&'static Encoding>,
    xml: bool,
) -> Result<Location> {
    let mut opened = decode::open(path, encoding, xml)?;
    let mut remaining = offset as usize;
    let mut line = 1;
    let mut current: Vec<u8> = Vec::new();
    while remaining > 0 {
        let buf = match opened.reader.fill_buf() {
            Ok(buf) if !buf.is_empty() => buf,
            _ => break,
        };
        let take = buf.len().min(remaining);
        for &b in &buf[..take] {
            if b == b'\n' {
                line += 1;
                current.clear();
            } else {
                current.push(b);
            }
        }
        opened.reader.consume(take);
        remaining -= take;
    }
    let col = String::from_utf8_lossy(&current).graphemes(true).count() + 1;
    Ok(Location {
        path: display.to_string(),
        line,
        col: Some(col),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_as_consumed() {
        let data = b"a\nb\nc\n";
        let mut r = LineCounting::new(&data[..]);
        assert_eq!(r.line(), 1);
        r.consume(2);
        assert_eq!(r.line(), 2);
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(r.line(), 4);
    }

    #[test]
    fn columns_count_graphemes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xml");
        // "بَ" is two code points, one grapheme.
        let text = "<a>\n  بَبَ<";
        std::fs::write(&path, text).unwrap();
        let loc = line_col_at(&path, "x.xml", text.len() as u64 - 1, None, true).unwrap();
        assert_eq!((loc.line, loc.col), (2, Some(5)));
    }
}
