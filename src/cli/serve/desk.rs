//! The translator's desk in `tarjama serve`: the page (HTML, CSS and JavaScript from
//! `src/desk/`, embedded in the binary so nothing is fetched from elsewhere) and the read-only
//! routes only the desk needs — the origins of the memory, the pairs of one origin, and a
//! glossary lookup. Written over plain values (method, path, query in; status, type, body
//! out) so any HTTP library can carry it; `serve.rs` asks [`answer`] first and handles the
//! request itself when it returns `None`.

use std::sync::Arc;

use serde_json::json;
use tarjama::glossary::Checker;
use tarjama::memory::Memory;

/// What the desk answers to one request.
pub struct DeskAnswer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Headers besides the content type.
    pub headers: Vec<(&'static str, String)>,
}

const INDEX_HTML: &str = include_str!("../../desk/index.html");
const DESK_CSS: &str = include_str!("../../desk/desk.css");
const DESK_JS: &str = include_str!("../../desk/desk.js");

const JSON: &str = "application/json; charset=utf-8";

/// The page runs only its own script and talks only to this server: even a text that
/// slipped past escaping could not run or load anything.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// Most origins listed at once unless `?limit=` asks otherwise.
const ORIGINS_LIMIT: usize = 1000;

/// The desk's answer to a request, or `None` when the route is not the desk's. `path` is
/// still percent-encoded; `glossary` gives the compiled glossary (cached by the server).
pub fn answer(
    method: &str,
    path: &str,
    query: Option<&str>,
    memory: &Memory,
    glossary: &dyn Fn() -> anyhow::Result<Arc<Checker>>,
) -> Option<DeskAnswer> {
    let asset = |content_type, text: &str| {
        Some(get_only(method, path).unwrap_or_else(|| DeskAnswer {
            status: 200,
            content_type,
            body: text.as_bytes().to_vec(),
            headers: vec![
                ("Content-Security-Policy", PAGE_POLICY.to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
                ("Cache-Control", "no-cache".to_string()),
            ],
        }))
    };
    match path {
        "/" | "/index.html" => asset("text/html; charset=utf-8", INDEX_HTML),
        "/desk.css" => asset("text/css; charset=utf-8", DESK_CSS),
        "/desk.js" => asset("text/javascript; charset=utf-8", DESK_JS),
        "/origins" => Some(get_only(method, path).unwrap_or_else(|| {
            let limit = param(query, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(ORIGINS_LIMIT);
            json_answer(memory.origins(limit).map(|o| json!(o)))
        })),
        "/glossary" => {
            Some(get_only(method, path).unwrap_or_else(|| glossary_lookup(query, glossary)))
        }
        _ => {
            // Writes under /origins/ (`POST /origins/<origin>/review`) are the server's.
            let origin = path.strip_prefix("/origins/")?;
            if !matches!(method, "GET" | "HEAD") {
                return None;
            }
            Some(match percent_decode(origin) {
                Err(e) => error(400, format!("{path}: {e}")),
                Ok(origin) => origin_pairs(memory, &origin),
            })
        }
    }
}

/// 405 unless the method reads.
fn get_only(method: &str, path: &str) -> Option<DeskAnswer> {
    (!matches!(method, "GET" | "HEAD")).then(|| error(405, format!("{path} takes GET")))
}

fn origin_pairs(memory: &Memory, origin: &str) -> DeskAnswer {
    match memory.origin_pairs(origin) {
        Ok(pairs) if pairs.is_empty() => error(404, format!("no unit has origin '{origin}'")),
        result => json_answer(result.map(|pairs| json!({ "origin": origin, "pairs": pairs }))),
    }
}

/// `GET /glossary?q=NAME`: the entries with a form containing the name (any language,
/// diacritics and case ignored), each with its variants and forbidden forms.
fn glossary_lookup(
    query: Option<&str>,
    glossary: &dyn Fn() -> anyhow::Result<Arc<Checker>>,
) -> DeskAnswer {
    let q = match param(query, "q").map(|q| percent_decode(&q.replace('+', " "))) {
        None => return error(400, "/glossary needs ?q=TEXT".into()),
        Some(Err(e)) => return error(400, format!("q: {e}")),
        Some(Ok(q)) if q.trim().is_empty() => return error(400, "q is empty".into()),
        Some(Ok(q)) => q,
    };
    match glossary() {
        Ok(checker) => {
            let entries = checker.find(&q);
            json_answer(Ok(json!({ "query": q, "entries": entries })))
        }
        Err(e) => error(500, format!("{e:#}")),
    }
}

/// The raw value of `name` in a query string.
fn param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `%XX` escapes decoded; the result must be UTF-8 (`+` is handled by the caller).
fn percent_decode(text: &str) -> Result<String, String> {
    tarjama::service::path::decode_path(text).map_err(|e| e.to_string())
}

fn json_answer(value: tarjama::Result<serde_json::Value>) -> DeskAnswer {
    match value {
        Ok(v) => DeskAnswer {
            status: 200,
            content_type: JSON,
            body: v.to_string().into_bytes(),
            headers: Vec::new(),
        },
        Err(tarjama::Error::Invalid(m)) => error(400, m),
        Err(e) => error(500, e.to_string()),
    }
}

fn error(status: u16, message: String) -> DeskAnswer {
    DeskAnswer {
        status,
        content_type: JSON,
        body: json!({ "error": message }).to_string().into_bytes(),
        headers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_and_bad_ones_are_named() {
        assert_eq!(percent_decode("ina%2F2021%20x").unwrap(), "ina/2021 x");
        assert_eq!(percent_decode("%D9%82").unwrap(), "ق");
        assert!(percent_decode("%zz").unwrap_err().contains("byte 0"));
        assert!(percent_decode("%FF").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn query_parameters_are_found_by_name() {
        assert_eq!(param(Some("a=1&q=x+y"), "q"), Some("x+y"));
        assert_eq!(param(Some("q"), "q"), Some(""));
        assert_eq!(param(None, "q"), None);
    }
}
