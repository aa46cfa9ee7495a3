//! A look at the SQLite file header before the memory is opened, to name the damage SQLite
//! would only call "malformed": a file cut short (a copy that stopped half-way, a full disk
//! during a copy). The header records the database size in pages; a file shorter than that,
//! with no write-ahead log that could still complete it, has lost its end.

use std::io::Read;
use std::path::Path;

/// What the first 100 bytes say, when they are an SQLite header.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Header {
    /// Not an SQLite file at all (or shorter than a header).
    Foreign,
    /// An SQLite header; `expected` is the size it records, when the record is valid.
    Sqlite { expected: Option<u64> },
}

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn read(path: &Path) -> std::io::Result<Header> {
    let mut head = [0u8; 100];
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(parse(&head[..filled]))
}

pub(super) fn parse(head: &[u8]) -> Header {
    if head.len() < 100 || &head[..16] != MAGIC {
        return Header::Foreign;
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The recorded size is only valid when written by the same change as the counter.
    let valid = be32(24) == be32(92) && pages > 0 && page_size >= 512;
    Header::Sqlite {
        expected: valid.then_some(pages * page_size),
    }
}

/// Why the file at `path` cannot be a whole memory, if the header tells.
pub(super) fn truncation(path: &Path) -> Option<String> {
    let Ok(Header::Sqlite {
        expected: Some(expected),
    }) = read(path)
    else {
        return None;
    };
    let actual = std::fs::metadata(path).ok()?.len();
    (actual < expected && !wal_pending(path)).then(|| {
        format!("the file is cut short: {actual} of the {expected} bytes its header records")
    })
}

/// Whether a non-empty write-ahead log lies beside the memory (commits not yet folded in).
pub(super) fn wal_pending(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(page_size: u16, pages: u32, counter: u32, valid_for: u32) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(MAGIC);
        h[16..18].copy_from_slice(&page_size.to_be_bytes());
        h[24..28].copy_from_slice(&counter.to_be_bytes());
        h[28..32].copy_from_slice(&pages.to_be_bytes());
        h[92..96].copy_from_slice(&valid_for.to_be_bytes());
        h
    }

    #[test]
    fn reads_the_recorded_size_when_valid() {
        assert_eq!(
            parse(&header(8192, 10, 3, 3)),
            Header::Sqlite {
                expected: Some(81920)
            }
        );
        assert_eq!(
            parse(&header(1, 2, 3, 3)),
            Header::Sqlite {
                expected: Some(131072)
            }
        );
        assert_eq!(
            parse(&header(8192, 10, 3, 2)),
            Header::Sqlite { expected: None }
        );
        assert_eq!(parse(b"SQLite format 3\0"), Header::Foreign);
        assert_eq!(parse(&[0u8; 100]), Header::Foreign);
    }
}
