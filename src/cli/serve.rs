//! `tarjama serve`: the memory over HTTP for pipelines and editors' tools. JSON in, JSON out,
//! the same objects as the CLI's `--json` (built by `tarjama::service`). Read-only: writes go
//! through `tarjama import` / `align` / `glossary`, which a running server sees at once (each
//! worker reads the SQLite file through its own connection; the compiled glossary is rebuilt
//! when the stored glossary changes).
//!
//! Routes: `GET /health`, `GET /stats`, `POST /suggest`, `POST /concordance`, `POST /terms`,
//! `POST /check`, `POST /segment`, `POST /align`. Errors are `{"error": "..."}` with 400 (bad request), 404, 405, 413 or 500.

use std::io::{self, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use clap::Args;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tiny_http::{Header, Method, Request, Response, Server};

use super::output::open_memory;
use super::Context;
use tarjama::align::input::sentences;
use tarjama::align::memory_lexicon::lexicon_from_memory;
use tarjama::align::output::views;
use tarjama::align::{AlignOptions, AnchorSource, Lexicon};
use tarjama::glossary::terms::query_terms;
use tarjama::glossary::{store, Checker};
use tarjama::memory::{Memory, SuggestOptions};
use tarjama::service::{self, Query};
use tarjama::text::segment::segment;
use tarjama::text::LangTag;

#[derive(Debug, Args)]
#[command(after_help = "\
Routes (JSON bodies; answers are the same objects as the CLI's --json):
  GET  /health       {\"status\": \"ok\", \"units\": N}
  GET  /stats        what `tarjama stats --json` prints
  POST /suggest      {\"text\": \"...\", \"from\": \"ar\", \"to\": \"en\", \"threshold\": 70, \"top\": 5,
                      \"segment\": false}   (segment: one answer per sentence of text)
  POST /concordance  {\"phrase\": \"...\", \"lang\": \"ar\", \"limit\": 50}
  POST /terms        {\"text\": \"...\"}   glossary terms found, with preferred translations
  POST /check        {\"text\": \"...\", \"source\": \"...\"}   variants, line:col per finding; with
                     the source: its terms missing from the aligned sentences (\"missing\")
  POST /segment      {\"text\": \"...\", \"lang\": \"ar\"}   sentences with their byte ranges
  POST /align        {\"ar\": \"...\", \"en\": \"...\", \"presegmented\": false, \"min_confidence\": 0}
                     sentence pairs as `tarjama align --dry-run --format json` (nothing stored)

Example:
  tarjama serve --addr 127.0.0.1:8077 &
  curl -s localhost:8077/suggest -d '{\"text\": \"قال رئيس الوزراء\", \"from\": \"ar\", \"to\": \"en\"}'")]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed on start).
    #[arg(long, default_value = "127.0.0.1:8077", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// Requests handled at the same time.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,
}

/// Largest request body accepted.
const MAX_BODY: u64 = 16 << 20;

pub fn run(args: &ServeArgs, ctx: &Context) -> anyhow::Result<i32> {
    // Fail before listening when the memory is missing or not a memory.
    drop(open_memory(&ctx.tm)?);
    let server = Server::http(args.addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.addr))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    println!("tarjama: serving {} on http://{addr}", ctx.tm.display());
    let server = Arc::new(server);
    let shared = Arc::new(Shared {
        tm: ctx.tm.clone(),
        glossary: Cached::default(),
        lexicon: Cached::default(),
    });
    let workers: Vec<_> = (0..args.threads)
        .map(|_| {
            let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
            std::thread::spawn(move || worker(&server, &shared))
        })
        .collect();
    for w in workers {
        w.join()
            .map_err(|_| anyhow::anyhow!("a server thread panicked"))??;
    }
    Ok(0)
}

/// What the workers share: the memory's path and what is costly to build from it.
struct Shared {
    tm: PathBuf,
    /// The compiled glossary.
    glossary: Cached<Checker>,
    /// The lexicon the memory's reviewed units teach the aligner.
    lexicon: Cached<Lexicon>,
}

/// A value built from the memory, with the fingerprint of what it was built from; built
/// again when the fingerprint changes (another process edited the memory).
struct Cached<T>(Mutex<Option<(String, Arc<T>)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<T> Cached<T> {
    fn get(
        &self,
        now: String,
        build: impl FnOnce() -> anyhow::Result<T>,
    ) -> anyhow::Result<Arc<T>> {
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, value)) = cached.as_ref() {
            if *seen == now {
                return Ok(Arc::clone(value));
            }
        }
        let value = Arc::new(build()?);
        *cached = Some((now, Arc::clone(&value)));
        Ok(value)
    }
}

impl Shared {
    /// The compiled glossary, recompiled when the stored one changed since.
    fn checker(&self, memory: &Memory) -> anyhow::Result<Arc<Checker>> {
        let now = store::fingerprint(memory.conn())?;
        self.glossary
            .get(now, || Ok(Checker::new(store::load(memory.conn())?)))
    }

    /// The aligner's lexicon from the memory's reviewed units, learned again when units were
    /// added or reviewed since.
    fn lexicon(&self, memory: &Memory) -> anyhow::Result<Arc<Lexicon>> {
        let now: String = memory.conn().query_row(
            "SELECT coalesce(max(id), 0) || ':' || count(*) FILTER (WHERE status = 1) FROM units",
            [],
            |r| r.get(0),
        )?;
        self.lexicon
            .get(now, || Ok(lexicon_from_memory(memory, "ar", "en")?))
    }
}

fn worker(server: &Server, shared: &Shared) -> anyhow::Result<()> {
    let memory = Memory::open_existing(&shared.tm)?;
    loop {
        let mut request = server.recv()?;
        if let Some(desk) = desk(&request, &memory, shared) {
            let _ = request.respond(desk);
            continue;
        }
        let (status, body) = match answer(&mut request, &memory, shared) {
            Ok(body) => (200, body),
            Err(Failure(status, message)) => {
                let body = serde_json::json!({ "error": message });
                (status, body.to_string())
            }
        };
        let content_type = Header::from_bytes("Content-Type", "application/json; charset=utf-8")
            .expect("a valid header");
        let response = Response::from_string(body)
            .with_status_code(status)
            .with_header(content_type);
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
}

/// The translator's desk (its page and read-only routes, `serve_desk.rs`) answers first.
fn desk(
    request: &Request,
    memory: &Memory,
    shared: &Shared,
) -> Option<Response<io::Cursor<Vec<u8>>>> {
    let (path, query) = match request.url().split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.url(), None),
    };
    let checker = || shared.checker(memory);
    let a = super::serve_desk::answer(request.method().as_str(), path, query, memory, &checker)?;
    let mut response = Response::from_data(a.body).with_status_code(a.status);
    let content_type = ("Content-Type", a.content_type.to_string());
    for (name, value) in std::iter::once(content_type).chain(a.headers) {
        response.add_header(Header::from_bytes(name, value).expect("a valid header"));
    }
    Some(response)
}

/// An HTTP status and the message of the error body.
struct Failure(u16, String);

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        let invalid = e
            .chain()
            .any(|c| matches!(c.downcast_ref(), Some(tarjama::Error::Invalid(_))));
        Failure(if invalid { 400 } else { 500 }, format!("{e:#}"))
    }
}

impl From<tarjama::Error> for Failure {
    fn from(e: tarjama::Error) -> Failure {
        Failure::from(anyhow::Error::from(e))
    }
}

fn bad(message: impl Into<String>) -> Failure {
    Failure(400, message.into())
}

fn answer(request: &mut Request, memory: &Memory, shared: &Shared) -> Result<String, Failure> {
    let path = request.url().split('?').next().unwrap_or("").to_string();
    let method = request.method().clone();
    let post = |name: &str| match method {
        Method::Post => Ok(()),
        _ => Err(Failure(405, format!("{name} takes POST with a JSON body"))),
    };
    let get = |name: &str| match method {
        Method::Get | Method::Head => Ok(()),
        _ => Err(Failure(405, format!("{name} takes GET"))),
    };
    match path.as_str() {
        "/health" => {
            get("/health")?;
            let units = memory.len()?;
            to_json(&serde_json::json!({ "status": "ok", "units": units }))
        }
        "/stats" => {
            get("/stats")?;
            to_json(&memory.stats(20)?)
        }
        "/suggest" => {
            post("/suggest")?;
            suggest(body(request)?, memory, shared)
        }
        "/concordance" => {
            post("/concordance")?;
            let q: ConcordanceRequest = body(request)?;
            let lang = q.lang.as_deref().map(lang_tag).transpose()?;
            let limit = q.limit.unwrap_or(50).clamp(1, 10_000);
            to_json(&memory.concordance(&q.phrase, lang.as_ref().map(|l| l.as_str()), limit)?)
        }
        "/terms" => {
            post("/terms")?;
            let q: TextRequest = body(request)?;
            let checker = shared.checker(memory)?;
            to_json(&query_terms(checker.recognizer(), &q.text))
        }
        "/check" => {
            post("/check")?;
            let q: CheckRequest = body(request)?;
            let checker = shared.checker(memory)?;
            match &q.source {
                Some(source) => to_json(&service::check_translation(&checker, &q.text, source)?),
                None => to_json(&service::check_text(&checker, &q.text)),
            }
        }
        "/align" => {
            post("/align")?;
            align(body(request)?, memory, shared)
        }
        "/segment" => {
            post("/segment")?;
            let q: SegmentRequest = body(request)?;
            let lang = lang_tag(&q.lang)?;
            to_json(&segment(&q.text, lang.primary()))
        }
        _ => Err(Failure(404, format!("no route {path}"))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestRequest {
    text: String,
    from: String,
    to: String,
    threshold: Option<u8>,
    top: Option<usize>,
    #[serde(default)]
    segment: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConcordanceRequest {
    phrase: String,
    lang: Option<String>,
    limit: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextRequest {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    text: String,
    /// The text `text` translates: its terms must be in the aligned sentences.
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlignRequest {
    ar: String,
    en: String,
    #[serde(default)]
    presegmented: bool,
    #[serde(default)]
    min_confidence: f64,
}

/// Aligns the two texts as `tarjama align --dry-run` does against this memory: its glossary
/// terms are anchors and its reviewed units teach a lexicon.
fn align(q: AlignRequest, memory: &Memory, shared: &Shared) -> Result<String, Failure> {
    if !(0.0..=1.0).contains(&q.min_confidence) {
        return Err(bad(format!(
            "\"min_confidence\": {} is not between 0 and 1",
            q.min_confidence
        )));
    }
    let ar = sentences(&q.ar, "ar", q.presegmented);
    let en = sentences(&q.en, "en", q.presegmented);
    if ar.is_empty() && en.is_empty() {
        return Err(bad("nothing to align: \"ar\" and \"en\" have no text"));
    }
    let lexicon = shared.lexicon(memory)?;
    let checker = shared.checker(memory)?;
    let glossary = checker.recognizer();
    let opts = AlignOptions {
        lexicon: (!lexicon.is_empty()).then_some(&*lexicon),
        anchors: (!glossary.glossary().is_empty()).then_some(glossary as &dyn AnchorSource),
        ..AlignOptions::default()
    };
    let ar_refs: Vec<&str> = ar.iter().map(String::as_str).collect();
    let en_refs: Vec<&str> = en.iter().map(String::as_str).collect();
    let beads = tarjama::align::align(&ar_refs, &en_refs, &opts);
    to_json(&views(&ar, &en, &beads, q.min_confidence))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRequest {
    text: String,
    lang: String,
}

fn suggest(q: SuggestRequest, memory: &Memory, shared: &Shared) -> Result<String, Failure> {
    let (from, to) = (lang_tag(&q.from)?, lang_tag(&q.to)?);
    if from.primary() == to.primary() {
        return Err(bad(format!(
            "\"from\" and \"to\" are both '{}'; give two languages",
            from.primary()
        )));
    }
    let mut opts = SuggestOptions::new(from.as_str(), to.as_str());
    opts.threshold = q.threshold.unwrap_or(70);
    opts.top = q.top.unwrap_or(5).min(1000);
    let queries = if q.segment {
        service::sentences(&q.text, from.as_str())
    } else {
        vec![Query::whole(q.text)]
    };
    let checker = shared.checker(memory)?;
    to_json(&service::suggest(
        memory,
        checker.recognizer(),
        queries,
        &opts,
    )?)
}

fn lang_tag(tag: &str) -> Result<LangTag, Failure> {
    LangTag::parse(tag).ok_or_else(|| bad(format!("'{tag}' is not a BCP 47 language tag")))
}

/// The request body as JSON of type `T`, or a 400 naming what is wrong (with line and column).
fn body<T: DeserializeOwned>(request: &mut Request) -> Result<T, Failure> {
    let mut bytes = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(format!("cannot read the request body: {e}")))?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(Failure(413, format!("request body over {MAX_BODY} bytes")));
    }
    serde_json::from_slice(&bytes).map_err(|e| bad(format!("request body: {e}")))
}

fn to_json(value: &impl Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure(500, e.to_string()))
}
