//! Reading what an HTTP client put in a request's URL, with no HTTP types, so the server
//! (`cli/serve`) and the fuzz target for request paths (`fuzz/`) run the same code: strict
//! percent-decoding (a malformed escape or bytes that are not UTF-8 are an error naming the
//! place, never a guess), query parameters, where `+` is a space as HTML forms and most
//! client libraries write it, and the split of an amaGama path into its parts.

/// What is wrong with the URL text; the server answers it as a 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UrlError(pub String);

/// Decodes `%XX` escapes in a path segment; `+` stays a plus sign (it is one in a path).
pub fn decode_path(raw: &str) -> Result<String, UrlError> {
    decode(raw, false)
}

/// Decodes a query value: `%XX` escapes, and `+` as a space.
pub fn decode_query(raw: &str) -> Result<String, UrlError> {
    decode(raw, true)
}

/// The value of one hex digit, only for `0-9a-fA-F` (`u8::from_str_radix` would also take
/// a sign, so `%+1` would decode).
fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode(raw: &str, plus_is_space: bool) -> Result<String, UrlError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let byte = match bytes.get(i + 1..i + 3) {
                    Some(&[hi, lo]) => hex_digit(hi).zip(hex_digit(lo)).map(|(h, l)| h * 16 + l),
                    _ => None,
                };
                let Some(byte) = byte else {
                    let shown: String = raw[i..].chars().take(3).collect();
                    return Err(UrlError(format!(
                        "invalid percent-escape '{shown}' at byte {i} of the URL text"
                    )));
                };
                out.push(byte);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| {
        UrlError(format!(
            "the URL text is not UTF-8 once decoded (byte {} of the decoded text)",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The decoded value of parameter `name` in a query string (the first one given).
pub fn query_param(query: Option<&str>, name: &str) -> Result<Option<String>, UrlError> {
    for pair in query.unwrap_or("").split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode_query(key)? == name {
            return decode_query(value).map(Some);
        }
    }
    Ok(None)
}

/// What an amaGama path (the part after `/tmserver` or `/api/v1`) asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmagamaPath<'p> {
    Languages,
    /// Language codes and text still encoded; `text` is `None` for the `?source=` form.
    Unit {
        src: &'p str,
        tgt: &'p str,
        text: Option<&'p str>,
    },
}

/// Splits the part of the path after the prefix; a `//` between its parts is tolerated.
/// `None` when it is no amaGama route.
pub fn amagama_path(rest: &str) -> Option<AmagamaPath<'_>> {
    let rest = rest.trim_start_matches('/');
    if rest == "languages" || rest == "languages/" {
        return Some(AmagamaPath::Languages);
    }
    let (src, rest) = rest.split_once('/')?;
    let (tgt, rest) = rest.trim_start_matches('/').split_once('/')?;
    let rest = rest.trim_start_matches('/');
    let after = rest.strip_prefix("unit")?;
    let text = match after {
        "" | "/" => None,
        _ => Some(after.strip_prefix('/')?),
    };
    (!src.is_empty() && !tgt.is_empty()).then_some(AmagamaPath::Unit { src, tgt, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_plus_and_errors() {
        assert_eq!(decode_path("a%2Fb+c%20d").unwrap(), "a/b+c d");
        assert_eq!(decode_query("a+b%2B").unwrap(), "a b+");
        assert_eq!(decode_path("%D9%82%D8%A7%D9%84").unwrap(), "قال");
        assert!(decode_path("%zz").is_err());
        assert!(decode_path("ab%4").is_err());
        assert!(decode_path("%FF%FE").unwrap_err().0.contains("not UTF-8"));
        let q = Some("max_candidates=3&source=Hello+world%21&x");
        assert_eq!(query_param(q, "source").unwrap().unwrap(), "Hello world!");
        assert_eq!(query_param(q, "x").unwrap().unwrap(), "");
        assert_eq!(query_param(q, "min_similarity").unwrap(), None);
    }

    #[test]
    fn a_sign_is_no_hex_digit() {
        for raw in ["%+1", "%-1", "%+F", "% 1", "%1"] {
            let e = decode_path(raw).unwrap_err();
            assert!(e.0.contains("at byte 0"), "{raw}: {e}");
        }
        assert_eq!(decode_path("%0a%0A").unwrap(), "\n\n");
    }

    fn unit(rest: &str) -> Option<(&str, &str, Option<&str>)> {
        match amagama_path(rest)? {
            AmagamaPath::Unit { src, tgt, text } => Some((src, tgt, text)),
            AmagamaPath::Languages => None,
        }
    }

    #[test]
    fn paths_in_every_form_clients_send() {
        assert_eq!(unit("/en/ar/unit/a%2Fb"), Some(("en", "ar", Some("a%2Fb"))));
        assert_eq!(
            unit("/en/ar/unit/a/b//c"),
            Some(("en", "ar", Some("a/b//c")))
        );
        assert_eq!(unit("//en_US/ar/unit/x"), Some(("en_US", "ar", Some("x"))));
        assert_eq!(unit("/en//ar//unit/x"), Some(("en", "ar", Some("x"))));
        assert_eq!(unit("/en/ar/unit/"), Some(("en", "ar", None)));
        assert_eq!(unit("/en/ar/unit"), Some(("en", "ar", None)));
        assert_eq!(unit("/en/ar/units/x"), None);
        assert_eq!(unit("/en/ar"), None);
        assert_eq!(amagama_path("/languages/"), Some(AmagamaPath::Languages));
        assert_eq!(amagama_path("/languages"), Some(AmagamaPath::Languages));
    }
}
