//! Decoding what a client put in the URL: strict percent-decoding (a malformed escape or
//! bytes that are not UTF-8 are a 400 naming the place, never a guess) and query parameters,
//! where `+` is a space as HTML forms and most client libraries write it.

use super::handler::{bad, Failure};

/// Decodes `%XX` escapes in a path segment; `+` stays a plus sign (it is one in a path).
pub fn decode_path(raw: &str) -> Result<String, Failure> {
    decode(raw, false)
}

/// Decodes a query value: `%XX` escapes, and `+` as a space.
pub fn decode_query(raw: &str) -> Result<String, Failure> {
    decode(raw, true)
}

fn decode(raw: &str, plus_is_space: bool) -> Result<String, Failure> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                let Some(byte) = hex else {
                    let shown: String = raw[i..].chars().take(3).collect();
                    return Err(bad(format!(
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
        bad(format!(
            "the URL text is not UTF-8 once decoded (byte {} of the decoded text)",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The decoded value of parameter `name` in a query string (the first one given).
pub fn query_param(query: Option<&str>, name: &str) -> Result<Option<String>, Failure> {
    for pair in query.unwrap_or("").split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode_query(key)? == name {
            return decode_query(value).map(Some);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_plus_and_errors() {
        assert_eq!(decode_path("a%2Fb+c%20d").unwrap(), "a/b+c d");
        assert_eq!(decode_query("a+b%2B").unwrap(), "a b+");
        assert_eq!(decode_path("%D9%82%D8%A7%D9%84").unwrap(), "قال");
        assert_eq!(decode_path("%zz").unwrap_err().0, 400);
        assert_eq!(decode_path("ab%4").unwrap_err().0, 400);
        assert_eq!(decode_path("%FF%FE").unwrap_err().0, 400);
        let q = Some("max_candidates=3&source=Hello+world%21&x");
        assert_eq!(query_param(q, "source").unwrap().unwrap(), "Hello world!");
        assert_eq!(query_param(q, "x").unwrap().unwrap(), "");
        assert_eq!(query_param(q, "min_similarity").unwrap(), None);
    }
}
