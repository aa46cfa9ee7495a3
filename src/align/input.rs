//! Reading article files for alignment and segmentation: UTF-8 (with or without BOM) or
//! UTF-16 with BOM; invalid UTF-8 is an error at `path:line:col`. Also a cheap check that a
//! text is written in the script its language flag promises.

use std::path::Path;

use crate::error::{Error, Location, RecordError, Result};

/// Reads a text file; the error names the file, and for bad bytes the line and column.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    let text = decode(&bytes, &name)?;
    crate::text::validate::check_document(&text)
        .map_err(|(line, col, problem)| bad(&name, line, Some(col), problem.to_string()))?;
    Ok(text)
}

/// Decodes file bytes (`name` is used in error messages).
pub fn decode(bytes: &[u8], name: &str) -> Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(bad(name, 1, None, "invalid UTF-16".into()));
        }
        return Ok(text.into_owned());
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = &body[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let byte = body[e.valid_up_to()];
            let msg = format!("invalid UTF-8 (byte 0x{byte:02X}); convert the file to UTF-8");
            Err(bad(name, line, Some(col), msg))
        }
    }
}

fn bad(name: &str, line: usize, col: Option<usize>, message: String) -> Error {
    Error::BadInput(RecordError {
        location: Location {
            path: name.to_string(),
            line,
            col,
        },
        message,
    })
}

/// Share of letters that are Arabic, or `None` when the text has fewer than 20 letters.
pub fn arabic_share(text: &str) -> Option<f64> {
    let (mut arabic, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        {
            arabic += 1;
        }
    }
    (letters >= 20).then(|| arabic as f64 / letters as f64)
}

/// A warning when `text` does not look like language `lang` (`ar` wants mostly Arabic
/// letters; `en` and other Latin-script languages want few).
pub fn language_warning(text: &str, lang: &str) -> Option<String> {
    let share = arabic_share(text)?;
    let pct = (share * 100.0).round();
    match lang {
        "ar" if share < 0.5 => Some(format!(
            "does not look like Arabic (only {pct}% of its letters are Arabic)"
        )),
        "ar" => None,
        _ if share > 0.5 => Some(format!(
            "does not look like '{lang}' ({pct}% of its letters are Arabic)"
        )),
        _ => None,
    }
}

/// The sentences of one article to align: segmented (`lang` is `ar` or `en`), or one per
/// non-empty line when the text is `presegmented`.
pub fn sentences(text: &str, lang: &str, presegmented: bool) -> Vec<String> {
    let sentences = if presegmented {
        crate::text::segment::lines_as_sentences(text)
    } else {
        crate::text::segment::segment(text, lang)
    };
    sentences.into_iter().map(|s| s.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode(b"ok line\nab\xFFcd\n", "a.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.txt:2:3: invalid UTF-8 (byte 0xFF); convert the file to UTF-8"
        );
    }

    #[test]
    fn bom_and_utf16_are_accepted() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi", "x").unwrap(), "hi");
        assert_eq!(decode(b"\xFF\xFEh\0i\0", "x").unwrap(), "hi");
    }

    #[test]
    fn language_check() {
        let en = "The minister said on Sunday that talks would continue.";
        let ar = "قال الوزير يوم الأحد إن المحادثات ستستمر الأسبوع المقبل.";
        assert!(language_warning(en, "ar").is_some());
        assert!(language_warning(ar, "en").is_some());
        assert!(language_warning(ar, "ar").is_none());
        assert!(language_warning(en, "en").is_none());
        assert!(language_warning("short", "ar").is_none());
    }
}
