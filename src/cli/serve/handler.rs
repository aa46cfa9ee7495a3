//! The request and answer every route handler works on, independent of the HTTP library:
//! handlers are plain functions `(&Request, &mut Ctx) -> Result<Answer, Failure>`, so the
//! HTTP stack (`http.rs`) can change without touching a route, and routes added by other
//! parts of tarjama plug into `routes::ROUTERS` with one line.

use serde::Serialize;

use super::Shared;
use tarjama::memory::Memory;

/// One HTTP request as the handlers see it.
pub struct Request<'a> {
    /// `GET`, `POST`, … as sent.
    pub method: &'a str,
    /// The path, still percent-encoded (a `%2F` in a unit's text is not a separator).
    pub path: &'a str,
    /// What followed `?`, still encoded.
    pub query: Option<&'a str>,
    /// The whole body (the HTTP layer enforces the size and time limits).
    pub body: &'a [u8],
    /// `Authorization: Bearer TOKEN` matched the write token (compared in constant time).
    pub authorized: bool,
}

/// What a handler answers.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Headers beyond the content type (CORS headers are added by the HTTP layer).
    pub headers: Vec<(&'static str, String)>,
}

pub const JSON: &str = "application/json; charset=utf-8";

impl Answer {
    /// A 200 answer with `value` as JSON.
    pub fn json(value: &impl Serialize) -> Result<Answer, Failure> {
        Answer::json_status(200, value)
    }

    pub fn json_status(status: u16, value: &impl Serialize) -> Result<Answer, Failure> {
        let body = serde_json::to_vec(value).map_err(|e| Failure(500, e.to_string()))?;
        Ok(Answer {
            status,
            content_type: JSON,
            body,
            headers: Vec::new(),
        })
    }
}

/// What a handler works with: a connection to the memory of its own (no other request uses
/// it meanwhile) and what all requests share.
pub struct Ctx<'a> {
    pub memory: &'a mut Memory,
    pub shared: &'a Shared,
}

/// An HTTP status and the message of the error body `{"error": "..."}`.
#[derive(Debug)]
pub struct Failure(pub u16, pub String);

impl Failure {
    pub fn answer(&self) -> Answer {
        let body = serde_json::json!({ "error": self.1 })
            .to_string()
            .into_bytes();
        let mut headers = Vec::new();
        if self.0 == 401 {
            headers.push(("www-authenticate", "Bearer".to_string()));
        }
        Answer {
            status: self.0,
            content_type: JSON,
            body,
            headers,
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        let invalid = e.chain().any(|c| {
            matches!(
                c.downcast_ref(),
                Some(
                    tarjama::Error::Invalid(_)
                        | tarjama::Error::BadRecords(_)
                        | tarjama::Error::BadInput(_)
                        | tarjama::Error::BadFile { .. }
                )
            )
        });
        Failure(if invalid { 400 } else { 500 }, format!("{e:#}"))
    }
}

impl From<tarjama::Error> for Failure {
    fn from(e: tarjama::Error) -> Failure {
        Failure::from(anyhow::Error::from(e))
    }
}

/// A URL that does not decode is the client's mistake.
impl From<tarjama::service::path::UrlError> for Failure {
    fn from(e: tarjama::service::path::UrlError) -> Failure {
        bad(e.0)
    }
}

pub fn bad(message: impl Into<String>) -> Failure {
    Failure(400, message.into())
}

pub fn not_found(message: impl Into<String>) -> Failure {
    Failure(404, message.into())
}

/// A 405 unless the request's method is one of `allowed`.
pub fn only(req: &Request, allowed: &[&str], what: &str) -> Result<(), Failure> {
    let head_as_get = req.method == "HEAD" && allowed.contains(&"GET");
    if allowed.contains(&req.method) || head_as_get {
        return Ok(());
    }
    Err(Failure(405, format!("{} takes {what}", req.path)))
}
