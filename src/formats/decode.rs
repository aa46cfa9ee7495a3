//! Opening an input file as a stream of UTF-8 bytes, whatever its encoding: a byte-order
//! mark wins, then `--encoding` (any WHATWG label, e.g. `windows-1256`), then (for XML) the
//! `<?xml encoding="…"?>` declaration or a UTF-16 `<?` without BOM, otherwise UTF-8.
//!
//! UTF-8 input is passed through untouched (validated later, where a line is known, so the
//! error can say `path:line` and suggest `--encoding`); other encodings are decoded on the
//! fly with encoding_rs, so a 1 GB file is never held in memory.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Location, RecordError, Result};

const CHUNK: usize = 64 * 1024;

/// An opened input: UTF-8 bytes (BOM removed) plus a live count of raw bytes read, for
/// progress reporting.
pub struct Opened {
    pub reader: Box<dyn BufRead>,
    pub encoding: &'static Encoding,
    /// Raw bytes read from the file so far (grows while `reader` is consumed).
    pub consumed: Rc<Cell<u64>>,
    /// File size in bytes.
    pub total: u64,
}

/// Looks up a WHATWG encoding label (`windows-1256`, `cp1256`, `utf-16le`, `latin1`, …).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Opens `path` for reading as UTF-8. `xml` enables sniffing of the XML declaration.
pub fn open(path: &Path, forced: Option<&'static Encoding>, xml: bool) -> Result<Opened> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let consumed = Rc::new(Cell::new(0));
    let counting = CountingRead {
        inner: file,
        count: Rc::clone(&consumed),
    };
    let mut raw = BufReader::with_capacity(CHUNK, counting);
    let head = raw.fill_buf().map_err(|e| Error::io(path, e))?;
    let (encoding, bom_len) = detect(head, forced, xml);
    raw.consume(bom_len);
    let reader: Box<dyn BufRead> = if encoding == UTF_8 {
        Box::new(raw)
    } else {
        Box::new(DecodingReader::new(raw, encoding))
    };
    Ok(Opened {
        reader,
        encoding,
        consumed,
        total,
    })
}

/// Picks the encoding of a file from its first bytes; returns it and the BOM length to skip.
fn detect(head: &[u8], forced: Option<&'static Encoding>, xml: bool) -> (&'static Encoding, usize) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(head) {
        return (encoding, bom_len);
    }
    if let Some(encoding) = forced {
        return (encoding, 0);
    }
    if xml {
        if head.starts_with(b"<\0?\0") {
            return (UTF_16LE, 0);
        }
        if head.starts_with(b"\0<\0?") {
            return (UTF_16BE, 0);
        }
        if let Some(encoding) = declared_encoding(head) {
            return (encoding, 0);
        }
    }
    (UTF_8, 0)
}

/// The encoding named in an ASCII-compatible `<?xml … encoding="…"?>` declaration. A
/// declared UTF-16 without BOM or `<\0?\0` bytes cannot be right (the bytes are ASCII), so
/// it is ignored.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.iter().position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let label = &value[..value.find(quote)?];
    let encoding = encoding_for_label(label)?;
    (encoding != UTF_16LE && encoding != UTF_16BE).then_some(encoding)
}

/// Counts the bytes read through it.
struct CountingRead<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Bytes that are not valid in the file's encoding, at a line of the decoded text. It travels
/// inside an `io::Error` from [`DecodingReader`]; [`read_error`] turns it into `path:line`.
#[derive(Debug)]
pub struct Malformed {
    pub encoding: &'static str,
    pub line: usize,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not valid {} (a lone surrogate or a broken byte sequence)",
            self.encoding
        )
    }
}

impl std::error::Error for Malformed {}

/// The [`Malformed`] an I/O error carries, if any.
pub fn malformed(e: &io::Error) -> Option<&Malformed> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Malformed>())
}

/// An error reading `path`: undecodable bytes become a bad input at their line (the path
/// named once, in the location); anything else is an I/O error naming the file.
pub fn read_error(path: &Path, e: io::Error) -> Error {
    match malformed(&e) {
        Some(bad) => Error::BadInput(RecordError {
            location: Location {
                path: path.display().to_string(),
                line: bad.line,
                col: None,
            },
            message: bad.to_string(),
        }),
        None => Error::io(path, e),
    }
}

/// Decodes a non-UTF-8 stream into UTF-8 chunk by chunk. Malformed input (e.g. a lone
/// UTF-16 surrogate) is an `InvalidData` error rather than a silent U+FFFD.
pub struct DecodingReader<R> {
    inner: R,
    decoder: Decoder,
    encoding: &'static Encoding,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    done: bool,
    /// Line breaks decoded so far, so a malformed sequence can be placed.
    newlines: usize,
    /// The line of a malformed sequence, reported once the text before it has been read.
    malformed_at: Option<usize>,
}

impl<R: BufRead> DecodingReader<R> {
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            encoding,
            buf: vec![0; CHUNK],
            pos: 0,
            len: 0,
            done: false,
            newlines: 0,
            malformed_at: None,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.pos = 0;
        self.len = 0;
        if let Some(line) = self.malformed_at {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                Malformed {
                    encoding: self.encoding.name(),
                    line,
                },
            ));
        }
        while self.len == 0 && !self.done {
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(src, &mut self.buf, last);
            self.inner.consume(read);
            self.len = written;
            self.newlines += self.buf[..written].iter().filter(|&&b| b == b'\n').count();
            if let DecoderResult::Malformed(..) = result {
                self.malformed_at = Some(self.newlines + 1);
                if written == 0 {
                    return self.refill();
                }
                return Ok(());
            }
            if last && result == DecoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for DecodingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        super::read_through_buffer(self, out)
    }
}

impl<R: BufRead> BufRead for DecodingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.len {
            self.refill()?;
        }
        Ok(&self.buf[self.pos..self.len])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], forced: Option<&'static Encoding>, xml: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, bytes).unwrap();
        let mut opened = open(&path, forced, xml).unwrap();
        let mut out = String::new();
        opened.reader.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn strips_utf8_bom() {
        assert_eq!(decode_all(b"\xEF\xBB\xBFar,en\n", None, false), "ar,en\n");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let text = "<tmx>سلام</tmx>";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode_all(&le, None, true), text);
        assert_eq!(decode_all(&be, None, true), text);
    }

    #[test]
    fn sniffs_utf16_xml_without_bom() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>سلام</a>";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_all(&le, None, true), text);
        assert_eq!(decode_all(&be, None, true), text);
    }

    #[test]
    fn decodes_windows_1256_when_asked() {
        // "سلام" in windows-1256
        let bytes = [0xD3, 0xE1, 0xC7, 0xE3];
        let enc = encoding_for_label("windows-1256");
        assert_eq!(decode_all(&bytes, enc, false), "سلام");
    }

    #[test]
    fn honours_xml_declaration() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><a>".to_vec();
        bytes.extend([0xD3, 0xE1, 0xC7, 0xE3]);
        bytes.extend(b"</a>");
        assert!(decode_all(&bytes, None, true).contains("سلام"));
    }

    #[test]
    fn long_input_crosses_chunks() {
        let text = "عربي ".repeat(50_000);
        let bytes: Vec<u8> = encoding_rs::WINDOWS_1256.encode(&text).0.into_owned();
        assert_eq!(
            decode_all(&bytes, Some(encoding_rs::WINDOWS_1256), false),
            text
        );
    }
}
