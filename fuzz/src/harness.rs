//! What each fuzz target does with one input, shared by the afl binaries (`src/bin/`) and by
//! the repository's test that replays every corpus and regression file
//! (`tests/reliability/corpora.rs`), so CI runs the corpora without the fuzzer.
//!
//! A target fails by panicking: either the code under test panicked, or an invariant checked
//! here does not hold (ranges inside the text and on character boundaries, errors with a
//! message).

use std::path::PathBuf;

use tarjama::formats::{self, Format, Item, ReadOptions};
use tarjama::service::path::{self as url, AmagamaPath};
use tarjama::text::{self, LangTag};

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// The targets, by name (the folder names under `fuzz/corpus/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("csv", csv),
    ("tmx", tmx),
    ("tbx", tbx),
    ("xliff", xliff),
    ("segment", segment),
    ("normalize", normalize),
    ("request_path", request_path),
];

/// A file path for this target in this process (readers take paths).
fn scratch(target: &str, ext: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "tarjama-fuzz-{}-{target}.{ext}",
        std::process::id()
    ))
}

fn read_as(data: &[u8], target: &str, format: Format) {
    let path = scratch(target, target);
    std::fs::write(&path, data).expect("scratch file");
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let mut units = 0usize;
    let result = formats::read_file(&path, &options, &mut |item, _| {
        match item {
            Item::Unit { unit, line } => {
                assert!(line >= 1, "line 0");
                let _ = text::validate::check_text(&unit.source.text);
                let _ = LangTag::validate(&unit.source.lang);
                units += 1;
            }
            Item::Bad(bad) => assert!(!bad.message.is_empty(), "empty record error"),
            Item::Skipped { line, .. } => assert!(line >= 1, "skipped at line 0"),
        }
        Ok(())
    });
    if let Err(e) = result {
        assert!(!e.to_string().is_empty(), "empty error");
    }
    let _ = std::fs::remove_file(&path);
}

pub fn csv(data: &[u8]) {
    read_as(data, "csv", Format::Csv);
}

pub fn tmx(data: &[u8]) {
    read_as(data, "tmx", Format::Tmx);
}

pub fn xliff(data: &[u8]) {
    read_as(data, "xliff", Format::Xliff);
}

pub fn tbx(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = formats::tbx::read_tbx("fuzz.tbx", text) {
        assert!(!e.to_string().is_empty(), "empty error");
    }
}

/// First byte picks the language (even: Arabic rules, odd: English), the rest is the text.
pub fn segment(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = if pick % 2 == 0 { "ar" } else { "en" };
    let mut last_end = 0;
    for s in text::segment::segment(input, lang) {
        assert!(
            s.start <= s.end && s.end <= input.len(),
            "range out of the text"
        );
        assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
        assert!(s.start >= last_end, "sentences overlap or go backwards");
        last_end = s.end;
    }
    let _ = text::segment::lines_as_sentences(input);
}

pub fn normalize(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let key = text::match_key(input);
    let _ = text::nfc(input);
    for token in text::tokenize(input) {
        assert!(token.start <= token.end && token.end <= input.len());
        assert!(input.is_char_boundary(token.start) && input.is_char_boundary(token.end));
    }
    let _ = text::key_tokens(&key);
    let _ = text::validate::check_text(input);
    let _ = LangTag::validate(input);
}

/// A request target as the server gets it (`/tmserver/en/ar/unit/text?source=…`): the
/// amaGama path split, each part percent-decoded, the query parameters the routes read.
pub fn request_path(data: &[u8]) {
    let Ok(target) = std::str::from_utf8(data) else {
        return;
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    check_decoded(path);
    let rest = path
        .strip_prefix("/tmserver")
        .or_else(|| path.strip_prefix("/api/v1"))
        .unwrap_or(path);
    if let Some(AmagamaPath::Unit { src, tgt, text }) = url::amagama_path(rest) {
        for code in [src, tgt] {
            assert!(!code.is_empty() && !code.contains('/'), "bad language part");
            if let Ok(code) = url::decode_path(code) {
                let _ = LangTag::parse(&code);
            }
        }
        if let Some(text) = text {
            assert!(rest.ends_with(text), "text is not the end of the path");
            check_decoded(text);
        }
    }
    for name in [
        "source",
        "min_similarity",
        "max_candidates",
        "callback",
        "format",
    ] {
        match url::query_param(query, name) {
            Ok(Some(value)) => assert!(value.len() <= query.unwrap_or("").len()),
            Ok(None) => {}
            Err(e) => assert!(!e.to_string().is_empty(), "empty error"),
        }
    }
}

/// Decoding succeeds exactly when every `%` starts two hex digits (and the bytes are
/// UTF-8), and then each escape shrinks the text by two bytes.
fn check_decoded(raw: &str) {
    let bytes = raw.as_bytes();
    let escapes: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'%').collect();
    let well_formed = escapes.iter().all(|&i| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    match url::decode_path(raw) {
        Ok(decoded) => {
            assert!(well_formed, "a malformed escape decoded");
            assert_eq!(
                decoded.len(),
                raw.len() - 2 * escapes.len(),
                "escape miscounted"
            );
        }
        Err(e) => assert!(!e.to_string().is_empty(), "empty error"),
    }
    if let Ok(decoded) = url::decode_query(raw) {
        assert!(well_formed, "a malformed query escape decoded");
        assert_eq!(decoded.len(), raw.len() - 2 * escapes.len());
    }
}
