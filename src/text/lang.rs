//! BCP 47 language tags as far as a translation memory needs them: keep the tag the user
//! gave (`ar-IQ`), compare on the primary language subtag (`ar`).

use std::fmt;

/// A validated BCP 47 tag, stored in its canonical case (`ar-IQ`, `en-US`, `zh-Hant-TW`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LangTag(String);

impl LangTag {
    /// Parses and canonicalizes a tag; accepts `_` as separator (`ar_IQ`) as many tools write it.
    pub fn parse(tag: &str) -> Option<LangTag> {
        let tag = tag.trim();
        if tag.is_empty() || tag.len() > 35 {
            return None;
        }
        let mut out = Vec::new();
        for (i, part) in tag.split(['-', '_']).enumerate() {
            if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return None;
            }
            let canonical = if i == 0 {
                if !(2..=3).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphabetic())
                {
                    return None;
                }
                part.to_ascii_lowercase()
            } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                part.to_ascii_uppercase()
            } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                let mut s = part.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                s
            } else {
                part.to_ascii_lowercase()
            };
            out.push(canonical);
        }
        Some(LangTag(out.join("-")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag: `ar` for `ar-IQ`.
    pub fn primary(&self) -> &str {
        primary_language(&self.0)
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The primary subtag of a tag string, without allocation: `ar-IQ` → `ar`.
pub fn primary_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_canonicalizes() {
        let cases = [
            ("ar", Some("ar")),
            ("AR-iq", Some("ar-IQ")),
            ("en_us", Some("en-US")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("", None),
            ("a", None),
            ("ar IQ", None),
            ("1a", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                LangTag::parse(input).as_ref().map(|t| t.as_str()),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn primary_falls_back() {
        assert_eq!(LangTag::parse("ar-IQ").unwrap().primary(), "ar");
        assert_eq!(primary_language("en"), "en");
    }
}
