//! BCP 47 language tags as far as a translation memory needs them: keep the tag the user
//! gave (`ar-IQ`) in BCP 47's canonical casing, compare on the primary language subtag (`ar`),
//! and refuse what is no language at all.
//!
//! A tag is accepted when it is well-formed (RFC 5646 syntax, checked by the `language-tags`
//! crate, which also gives the canonical casing: `ar-IQ`, `zh-Hant`, `ar-u-nu-latn`,
//! `en-x-news`) and its primary subtag is a language of the IANA subtag registry — that is,
//! an ISO 639 code, from the registry the crate carries. Grandfathered tags (`i-klingon`) are
//! registered and accepted. Private use (`x-klingon`, `qaa`–`qtz`) and codes the registry does
//! not know are accepted only when named with `--allow-language` ([`super::lang_allow`]), so a
//! header `xx,yy` is an error instead of a new language pair.
//!
//! [`LangTag::validate`] is the one function every reader calls on a tag it reads (CSV header
//! and language columns, TMX `srclang`/`xml:lang`, TBX `langSet`, command-line flags, HTTP
//! bodies); [`LangTag::parse`] is the same check for callers that word their own message.

use std::fmt;

use language_tags::LanguageTag;

use super::lang_allow;

/// Longest tag accepted; RFC 5646 asks for at least 35, extensions make real tags longer.
const MAX_TAG_LEN: usize = 64;

/// A validated BCP 47 tag, stored in its canonical case (`ar-IQ`, `en-US`, `zh-Hant-TW`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LangTag(String);

/// Why a string is not an acceptable language tag. Messages name the tag and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LangTagError {
    #[error("'{tag}' is not a language tag (BCP 47, such as ar, ar-IQ, en-US)")]
    Malformed { tag: String },
    #[error(
        "'{tag}' names no known language ('{primary}' is not an ISO 639 code); \
         give --allow-language {primary} if it is meant"
    )]
    UnknownLanguage { tag: String, primary: String },
    #[error("'{tag}' is a private-use language tag; give --allow-language {primary} to accept it")]
    PrivateUse { tag: String, primary: String },
}

impl LangTag {
    /// The tag if it is acceptable (see [`LangTag::validate`]), else `None`.
    pub fn parse(tag: &str) -> Option<LangTag> {
        LangTag::validate(tag).ok()
    }

    /// Checks a tag read from anywhere and returns it in canonical case: well-formed BCP 47
    /// (`_` is taken for `-`, as many tools write `ar_IQ`), a primary subtag that ISO 639 knows
    /// (or that `--allow-language` named), no private use unless allowed.
    pub fn validate(tag: &str) -> Result<LangTag, LangTagError> {
        let tag = LangTag::well_formed(tag)?;
        let primary = tag.primary();
        if lang_allow::is_allowed(primary) {
            return Ok(tag);
        }
        let refuse_private = || {
            Err(LangTagError::PrivateUse {
                tag: tag.0.clone(),
                primary: primary.to_string(),
            })
        };
        if primary.starts_with("x-") || is_private_range(primary) {
            return refuse_private();
        }
        if primary.contains('-') {
            // Grandfathered whole tags (`i-klingon`): registered, so valid.
            return Ok(tag);
        }
        // The crate takes everything sorting between `qaa` and `qtz` for private use (`qq`,
        // `qabcd`); no registered language sorts there, and the real range was handled above.
        let in_crates_private_range = ("qaa"..="qtz").contains(&primary);
        match LanguageTag::parse(primary).map(|p| p.validate()) {
            Ok(Ok(())) if !in_crates_private_range => Ok(tag),
            _ => Err(LangTagError::UnknownLanguage {
                tag: tag.0.clone(),
                primary: primary.to_string(),
            }),
        }
    }

    /// Syntax and canonical casing only, whatever the language: for the tags a user names to
    /// be allowed, and for callers that must tell "malformed" from "unknown".
    pub fn well_formed(tag: &str) -> Result<LangTag, LangTagError> {
        let trimmed = tag.trim();
        let malformed = || LangTagError::Malformed {
            tag: trimmed.to_string(),
        };
        if trimmed.is_empty() || trimmed.len() > MAX_TAG_LEN || !trimmed.is_ascii() {
            return Err(malformed());
        }
        let dashed = trimmed.replace('_', "-");
        let parsed = LanguageTag::parse(&dashed).map_err(|_| malformed())?;
        Ok(LangTag(parsed.into_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag: `ar` for `ar-IQ`; a private-use or grandfathered tag
    /// that has no language subtag (`x-klingon`, `i-klingon`) is its own primary.
    pub fn primary(&self) -> &str {
        primary_language(&self.0)
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The primary subtag of a tag string, without allocation: `ar-IQ` → `ar`; a tag that opens
/// with a singleton (`x-klingon`, `i-klingon`) has no language subtag and is returned whole.
pub fn primary_language(tag: &str) -> &str {
    let first = tag.split(['-', '_']).next().unwrap_or(tag);
    if first.len() == 1 {
        tag
    } else {
        first
    }
}

/// `qaa`–`qtz`: the ISO 639-2 range reserved for local use.
fn is_private_range(primary: &str) -> bool {
    let b = primary.as_bytes();
    b.len() == 3 && b[0] == b'q' && (b'a'..=b't').contains(&b[1]) && b[2].is_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(input: &str) -> Option<String> {
        LangTag::parse(input).map(|t| t.0)
    }

    #[test]
    fn canonical_casing_per_subtag_kind() {
        let cases = [
            ("ar", "ar"),
            ("AR-iq", "ar-IQ"),
            ("en_us", "en-US"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ZH-HANT", "zh-Hant"),
            ("ar-u-nu-latn", "ar-u-nu-latn"),
            ("ar-U-NU-LATN", "ar-u-nu-latn"),
            ("en-x-news", "en-x-news"),
            ("en-X-News", "en-x-news"),
            ("ckb-IQ", "ckb-IQ"),
            ("I-KLINGON", "i-klingon"),
        ];
        for (input, expected) in cases {
            assert_eq!(accepted(input).as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn malformed_tags_are_refused() {
        for input in [
            "",
            "a",
            "ar IQ",
            "1a",
            "ar--IQ",
            "-ar",
            "ar-",
            "عربي",
            "x-",
            "ar-abcdefghi",
        ] {
            assert!(
                matches!(
                    LangTag::validate(input),
                    Err(LangTagError::Malformed { .. })
                ),
                "{input}"
            );
        }
    }

    #[test]
    fn unknown_languages_are_refused_with_the_subtag() {
        for (input, primary) in [("xx", "xx"), ("yy-IQ", "yy"), ("zzz", "zzz"), ("qq", "qq")] {
            assert_eq!(
                LangTag::validate(input),
                Err(LangTagError::UnknownLanguage {
                    tag: input.to_string(),
                    primary: primary.to_string()
                })
            );
        }
        // Three-letter ISO 639-3 codes the registry knows are languages.
        assert_eq!(accepted("arz").as_deref(), Some("arz"));
        assert_eq!(accepted("apc-LB").as_deref(), Some("apc-LB"));
    }

    #[test]
    fn private_use_needs_an_allowance() {
        for (input, primary) in [
            ("x-klingon", "x-klingon"),
            ("qaa", "qaa"),
            ("qtz-IQ", "qtz"),
        ] {
            assert_eq!(
                LangTag::validate(input),
                Err(LangTagError::PrivateUse {
                    tag: input.to_string(),
                    primary: primary.to_string()
                }),
                "{input}"
            );
        }
        assert!(LangTag::validate("x-klingon")
            .unwrap_err()
            .to_string()
            .contains("--allow-language x-klingon"));
    }

    #[test]
    fn primary_falls_back() {
        assert_eq!(LangTag::parse("ar-IQ").unwrap().primary(), "ar");
        assert_eq!(primary_language("en"), "en");
        assert_eq!(primary_language("x-klingon"), "x-klingon");
        assert_eq!(LangTag::parse("i-klingon").unwrap().primary(), "i-klingon");
    }
}
