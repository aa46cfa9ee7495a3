//! The amaGama translation-memory protocol, under `/tmserver` and `/api/v1`, as Weblate,
//! Pootle, Virtaal and Okapi's connector call it:
//!
//! - `GET /<src>/<tgt>/unit/<text>` (text percent-encoded, `/` raw or `%2F`) or
//!   `GET /<src>/<tgt>/unit/?source=TEXT` → `[{"source", "target", "quality", "rank"}]`,
//!   best first; `quality` is tarjama's fuzzy-match score as a JSON float (a Java client
//!   casts it); `[]` for a pair the memory does not hold (Weblate's settings check asks
//!   `en/de/unit/test` and refuses a 404); 404 for one language twice or an empty text;
//! - `min_similarity` (default 70, lower values raised to 70 as amaGama does),
//!   `max_candidates` (default 5, at most 30); JSONP with `jsoncallback` or `callback`;
//! - `GET /languages/` → `{"sourceLanguages", "targetLanguages"}` (units serve both ways);
//! - `PUT /<src>/<tgt>/unit/<text>` `{"source", "target"}` adds a unit (`writes.rs`).
//!
//! Language codes may be `en`, `en_US`, `en-US`, `EN`: the primary language is what counts.

use serde::Serialize;

use super::handler::{bad, not_found, only, Answer, Ctx, Failure, Request};
use super::{snapshot, writes};
use tarjama::memory::SuggestOptions;
use tarjama::service::path::{amagama_path, decode_path, query_param, AmagamaPath};
use tarjama::text::LangTag;

/// The lowest `min_similarity` honoured (amaGama's floor).
const FLOOR: u8 = 70;
const DEFAULT_CANDIDATES: usize = 5;
const MAX_CANDIDATES: usize = 30;

/// The text of a lookup is cut to this many characters (Weblate sends at most 500).
const MAX_TEXT_CHARS: usize = 2000;

/// One candidate, as amaGama answers it.
#[derive(Serialize)]
struct Candidate<'a> {
    source: &'a str,
    target: &'a str,
    /// Always written with a decimal point.
    quality: f64,
    /// The place in the list, 1 first (amaGama's full-text rank has no meaning here).
    rank: f64,
}

pub fn route(req: &Request, ctx: &mut Ctx) -> Option<Result<Answer, Failure>> {
    let rest = ["/tmserver", "/api/v1"].iter().find_map(|prefix| {
        let rest = req.path.strip_prefix(prefix)?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    })?;
    Some(answer(req, ctx, rest))
}

fn answer(req: &Request, ctx: &mut Ctx, rest: &str) -> Result<Answer, Failure> {
    let Some(asked) = amagama_path(rest) else {
        return Err(not_found(format!(
            "no route {}: amaGama routes are /<src>/<tgt>/unit/<text> and /languages/",
            req.path
        )));
    };
    match asked {
        AmagamaPath::Languages => {
            only(req, &["GET"], "GET")?;
            jsonp(req, languages(ctx)?)
        }
        AmagamaPath::Unit { src, tgt, text } => {
            only(req, &["GET", "PUT"], "GET (or PUT to add a unit)")?;
            let (from, to) = (lang(src)?, lang(tgt)?);
            if from.primary() == to.primary() {
                return Err(not_found(format!(
                    "source and target language are both '{}'",
                    from.primary()
                )));
            }
            let text = match text {
                Some(raw) => decode_path(raw)?,
                None => query_param(req.query, "source")?.unwrap_or_default(),
            };
            if req.method == "PUT" {
                return writes::amagama_put(req, ctx, &from, &to);
            }
            if text.trim().is_empty() {
                return Err(not_found("no text to look up"));
            }
            jsonp(req, lookup(req, ctx, &from, &to, &text)?)
        }
    }
}

fn lang(code: &str) -> Result<LangTag, Failure> {
    let code = decode_path(code)?;
    LangTag::parse(&code).ok_or_else(|| bad(format!("'{code}' is not a language code")))
}

fn number(req: &Request, name: &str) -> Result<Option<usize>, Failure> {
    let Some(value) = query_param(req.query, name)? else {
        return Ok(None);
    };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| Some(v as usize))
        .ok_or_else(|| bad(format!("{name}={value:?} is not a number")))
}

fn lookup(
    req: &Request,
    ctx: &Ctx,
    from: &LangTag,
    to: &LangTag,
    text: &str,
) -> Result<Vec<u8>, Failure> {
    let min = number(req, "min_similarity")?.unwrap_or(0);
    let wanted = match number(req, "max_candidates")? {
        None | Some(0) => DEFAULT_CANDIDATES,
        Some(n) => n.min(MAX_CANDIDATES),
    };
    let mut opts = SuggestOptions::new(from.as_str(), to.as_str());
    opts.threshold = min.clamp(FLOOR.into(), 100) as u8;
    opts.top = wanted;
    let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
    let memory = &*ctx.memory;
    let found = snapshot::read(memory.conn(), || Ok(memory.suggest_plain(&text, &opts)?))?;
    let candidates: Vec<Candidate> = found
        .iter()
        .enumerate()
        .map(|(i, s)| Candidate {
            source: &s.source,
            target: &s.target,
            quality: f64::from(s.score),
            rank: (i + 1) as f64,
        })
        .collect();
    serde_json::to_vec(&candidates).map_err(|e| Failure(500, e.to_string()))
}

/// Every language of the memory, as source and as target (a unit answers both ways).
fn languages(ctx: &Ctx) -> Result<Vec<u8>, Failure> {
    let conn = ctx.memory.conn();
    let mut stmt = conn
        .prepare("SELECT code FROM langs ORDER BY code")
        .map_err(tarjama::Error::from)?;
    let codes = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
        .map_err(tarjama::Error::from)?;
    let body = serde_json::json!({ "sourceLanguages": codes, "targetLanguages": codes });
    Ok(body.to_string().into_bytes())
}

/// The JSON answer, wrapped as `callback(...)` when the client asked for JSONP.
fn jsonp(req: &Request, json: Vec<u8>) -> Result<Answer, Failure> {
    let callback = match query_param(req.query, "jsoncallback")? {
        Some(c) => Some(c),
        None => query_param(req.query, "callback")?,
    };
    let Some(callback) = callback.filter(|c| !c.is_empty()) else {
        return Ok(Answer {
            status: 200,
            content_type: super::handler::JSON,
            body: json,
            headers: Vec::new(),
        });
    };
    let safe = callback.len() <= 100
        && callback
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'));
    if !safe {
        return Err(bad("the JSONP callback must be a JavaScript name"));
    }
    let mut body = Vec::with_capacity(json.len() + callback.len() + 3);
    body.extend_from_slice(callback.as_bytes());
    body.push(b'(');
    body.extend_from_slice(&json);
    body.extend_from_slice(b");");
    Ok(Answer {
        status: 200,
        content_type: "application/javascript; charset=utf-8",
        body,
        headers: Vec::new(),
    })
}
