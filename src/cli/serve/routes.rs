//! tarjama's own JSON routes (the objects the CLI's `--json` prints, built by
//! `tarjama::service`) and the table of routers every request goes through, in order.
//!
//! Routes: `GET /health`, `GET /stats`, `POST /suggest`, `POST /concordance`, `POST /terms`,
//! `POST /check`, `POST /segment`, `POST /align`; the amaGama protocol (`amagama.rs`) and the
//! writes (`writes.rs`). Errors are `{"error": "..."}` with 400, 401, 403, 404, 405, 408, 413
//! or 500.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::handler::{bad, only, Answer, Ctx, Failure, Request};
use super::{amagama, desk, snapshot, writes};
use tarjama::align::input::sentences;
use tarjama::align::output::views;
use tarjama::align::{AlignOptions, AnchorSource};
use tarjama::glossary::terms::query_terms;
use tarjama::memory::SuggestOptions;
use tarjama::pretranslate::Fragmenter;
use tarjama::service::{self, Query};
use tarjama::text::segment::segment;
use tarjama::text::LangTag;

pub const HELP: &str = "\
The desk (the translator's page, for a browser): GET /   and, for it, GET /origins,
  GET /origins/<origin> (its pairs in article order), GET /glossary?q=NAME

Routes (JSON bodies; answers are the same objects as the CLI's --json):
  GET  /health       {\"status\": \"ok\", \"units\": N}   (with --tokens-in-ram also
                     \"tokens_in_ram\": {\"loaded\": true, \"units\": N, \"upto\": highest id
                     held}, or {\"loaded\": false} while the first load runs)
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
  GET  /units/ID     one unit, as `tarjama unit show ID --json`

amaGama protocol (Weblate, Pootle, Virtaal, Okapi), under /tmserver and /api/v1:
  GET  /tmserver/<src>/<tgt>/unit/<text>   or   .../unit/?source=TEXT
       ?min_similarity=70 (floor 70) &max_candidates=5 (at most 30) &jsoncallback=NAME
       -> [{\"source\", \"target\", \"quality\": 90.0, \"rank\": 1.0}]
  GET  /tmserver/languages/   -> {\"sourceLanguages\": [...], \"targetLanguages\": [...]}

Writes (with --write-token FILE or TARJAMA_WRITE_TOKEN; header `Authorization: Bearer TOKEN`):
  POST /units                  [{\"ar\": \"...\", \"en\": \"...\", \"origin\": \"...\"}]  one transaction
  POST /import?format=csv      the file as the body (csv, tsv, tmx); one transaction
  PUT  /tmserver/<src>/<tgt>/unit/<text>   {\"source\": \"...\", \"target\": \"...\"}
  POST /units/ID/review  POST /units/ID/unreview  {\"by\": \"...\"}
  PATCH /units/ID {\"source\"?, \"target\"?}   DELETE /units/ID
  POST /origins/ORIGIN/review  {\"by\": \"...\"}

Example:
  tarjama serve --addr 127.0.0.1:8077 &
  curl -s localhost:8077/suggest -d '{\"text\": \"قال رئيس الوزراء\", \"from\": \"ar\", \"to\": \"en\"}'";

/// A router answers the requests it knows (`Some`) and leaves the others (`None`).
pub type Router = fn(&Request, &mut Ctx) -> Option<Result<Answer, Failure>>;

/// Every router, asked in order; a route of another part of tarjama is one line here.
const ROUTERS: &[Router] = &[desk_routes, json_routes, amagama::route, writes::route];

/// The translator's desk: its page at `GET /` and the read-only routes only it needs
/// (`desk.rs`); first, so `GET /origins/<origin>` reaches it (POSTs there go on to the writes).
fn desk_routes(req: &Request, ctx: &mut Ctx) -> Option<Result<Answer, Failure>> {
    let (memory, shared) = (&*ctx.memory, ctx.shared);
    let checker = || shared.checker(memory);
    let a = desk::answer(req.method, req.path, req.query, memory, &checker)?;
    Some(Ok(Answer {
        status: a.status,
        content_type: a.content_type,
        body: a.body,
        headers: a.headers,
    }))
}

/// The answer to any request.
pub fn route(req: &Request, ctx: &mut Ctx) -> Answer {
    for router in ROUTERS {
        if let Some(result) = router(req, ctx) {
            return result.unwrap_or_else(|f| f.answer());
        }
    }
    Failure(404, format!("no route {}", req.path)).answer()
}

/// Routes whose body is a whole file (a larger body limit).
pub fn takes_a_file(path: &str) -> bool {
    path == "/import" || path == "/units"
}

fn json_routes(req: &Request, ctx: &mut Ctx) -> Option<Result<Answer, Failure>> {
    let post = |req: &Request| only(req, &["POST"], "POST with a JSON body");
    let get = |req: &Request| only(req, &["GET"], "GET");
    let memory = &*ctx.memory;
    let shared = ctx.shared;
    let answer = || -> Result<Answer, Failure> {
        match req.path {
            "/health" => {
                get(req)?;
                let units = memory.len()?;
                let mut health = serde_json::json!({ "status": "ok", "units": units });
                if let Some(sides) = &shared.side_tokens {
                    health["tokens_in_ram"] = sides.health();
                }
                Answer::json(&health)
            }
            "/stats" => {
                get(req)?;
                Answer::json(&memory.stats(20)?)
            }
            "/suggest" => {
                post(req)?;
                suggest(body(req)?, ctx)
            }
            "/concordance" => {
                post(req)?;
                let q: ConcordanceRequest = body(req)?;
                let lang = q.lang.as_deref().map(lang_tag).transpose()?;
                let limit = q.limit.unwrap_or(50).clamp(1, 10_000);
                Answer::json(&memory.concordance(
                    &q.phrase,
                    lang.as_ref().map(|l| l.as_str()),
                    limit,
                )?)
            }
            "/terms" => {
                post(req)?;
                let q: TextRequest = body(req)?;
                let checker = shared.checker(memory)?;
                Answer::json(&query_terms(checker.recognizer(), &q.text))
            }
            "/check" => {
                post(req)?;
                let q: CheckRequest = body(req)?;
                let checker = shared.checker(memory)?;
                match &q.source {
                    Some(source) => {
                        Answer::json(&service::check_translation(&checker, &q.text, source)?)
                    }
                    None => Answer::json(&service::check_text(&checker, &q.text)),
                }
            }
            "/align" => {
                post(req)?;
                align(body(req)?, ctx)
            }
            "/segment" => {
                post(req)?;
                let q: SegmentRequest = body(req)?;
                let lang = lang_tag(&q.lang)?;
                Answer::json(&segment(&q.text, lang.primary()))
            }
            _ => unreachable!("only known paths get here"),
        }
    };
    const PATHS: [&str; 8] = [
        "/health",
        "/stats",
        "/suggest",
        "/concordance",
        "/terms",
        "/check",
        "/align",
        "/segment",
    ];
    PATHS.contains(&req.path).then(answer)
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
    /// Fragments for the segments without a whole match (as `suggest` on the command line
    /// gives them): off unless asked, as they cost more than the lookup.
    #[serde(default)]
    fragments: bool,
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
fn align(q: AlignRequest, ctx: &Ctx) -> Result<Answer, Failure> {
    let (memory, shared) = (&*ctx.memory, ctx.shared);
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
    Answer::json(&views(&ar, &en, &beads, q.min_confidence))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRequest {
    text: String,
    lang: String,
}

fn suggest(q: SuggestRequest, ctx: &Ctx) -> Result<Answer, Failure> {
    let (memory, shared) = (&*ctx.memory, ctx.shared);
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
    if queries.len() > shared.max_sentences {
        return Err(Failure(
            413,
            format!(
                "the text has {} sentences; one request looks up at most {} \
                 (serve --max-sentences): send it in parts",
                queries.len(),
                shared.max_sentences
            ),
        ));
    }
    let blocks = snapshot::read(memory.conn(), || {
        let checker = shared.checker(memory)?;
        let mut blocks = service::suggest(memory, checker.recognizer(), queries, &opts)?;
        if q.fragments && blocks.iter().any(|b| b.matches.is_empty()) {
            let from = from.primary().to_ascii_lowercase();
            let to = to.primary().to_ascii_lowercase();
            let lexicon = shared.lexicon_for(memory, &from, &to)?;
            let fragmenter =
                Fragmenter::sharing(memory, lexicon, &from, &to).limit_work(shared.fragment_checks);
            service::add_fragments(&mut blocks, &fragmenter, checker.recognizer())?;
        }
        Ok(blocks)
    })?;
    Answer::json(&blocks)
}

pub fn lang_tag(tag: &str) -> Result<LangTag, Failure> {
    LangTag::parse(tag).ok_or_else(|| bad(format!("'{tag}' is not a BCP 47 language tag")))
}

/// The request body as JSON of type `T`, or a 400 naming what is wrong (with line and column).
pub fn body<T: DeserializeOwned>(req: &Request) -> Result<T, Failure> {
    serde_json::from_slice(req.body).map_err(|e| bad(format!("request body: {e}")))
}
