//! The languages a user allowed beyond ISO 639 (`--allow-language x-klingon`, `qaa`,
//! a code newer than the registry tarjama carries).
//!
//! Process-wide on purpose: every place that reads a language tag — the CSV, TMX and TBX
//! readers, glossary import, command-line flags, the HTTP server, and readers added later —
//! must apply one rule, and a reader deep inside a format (a `<tuv>`) has no options of its
//! own to carry an allowance through. The binary sets it once, before anything is read.

use std::sync::RwLock;

use super::lang::{LangTag, LangTagError};

/// Primary subtags allowed (`x-klingon`, `qaa`, `xx`), in canonical case.
static ALLOWED: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Allows each tag's language from now on, for the rest of the process. Each must be a
/// well-formed tag; the language is what is allowed (`qaa` allows `qaa-IQ` too).
pub fn allow_languages<'a>(tags: impl IntoIterator<Item = &'a str>) -> Result<(), LangTagError> {
    let parsed = tags
        .into_iter()
        .map(LangTag::well_formed)
        .collect::<Result<Vec<_>, _>>()?;
    let mut allowed = ALLOWED.write().unwrap_or_else(|e| e.into_inner());
    for tag in parsed {
        let primary = tag.primary().to_string();
        if !allowed.contains(&primary) {
            allowed.push(primary);
        }
    }
    Ok(())
}

/// Whether a primary subtag (canonical case) was allowed.
pub fn is_allowed(primary: &str) -> bool {
    let allowed = ALLOWED.read().unwrap_or_else(|e| e.into_inner());
    allowed.iter().any(|a| a == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tags used here are used by no other test: the allowance is process-wide.
    #[test]
    fn allowed_languages_are_accepted_with_their_subtags() {
        assert!(LangTag::parse("x-vulcan").is_none());
        assert!(LangTag::parse("qtx-IQ").is_none());
        assert!(LangTag::parse("vv").is_none());
        allow_languages(["X-Vulcan", "qtx", "vv"]).unwrap();
        assert_eq!(LangTag::parse("x-vulcan").unwrap().as_str(), "x-vulcan");
        assert_eq!(LangTag::parse("qtx-IQ").unwrap().as_str(), "qtx-IQ");
        assert_eq!(LangTag::parse("VV-iq").unwrap().as_str(), "vv-IQ");
    }

    #[test]
    fn a_malformed_allowance_is_an_error() {
        assert!(matches!(
            allow_languages(["not a tag"]),
            Err(LangTagError::Malformed { .. })
        ));
    }
}
