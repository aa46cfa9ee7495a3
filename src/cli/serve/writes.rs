//! Writes over HTTP, for pipelines and the desk: `POST /units` (JSON units), `POST /import`
//! (a CSV/TSV/TMX file as the body), amaGama's `PUT …/unit/…`, and a reviewer's changes to
//! units (`POST /units/<id>/review|unreview`, `PATCH` and `DELETE /units/<id>`,
//! `POST /origins/<origin>/review`); `GET /units/<id>` reads one unit.
//!
//! Writes are off unless `serve` was given a token (403 then); a request without the right
//! `Authorization: Bearer TOKEN` gets 401. Each write is one transaction, committed before
//! the answer, so the next request sees it.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use super::super::import::summary_json;
use super::handler::{bad, not_found, only, Answer, Ctx, Failure, Request};
use super::routes::body;
use tarjama::formats::dates::parse_any;
use tarjama::formats::{Format, ReadOptions};
use tarjama::import::{import_file, ImportOptions, ImportReport};
use tarjama::memory::{AddOutcome, Side, Status, TextEdit, UnitRecord};
use tarjama::service::path::{decode_path, query_param};
use tarjama::text::LangTag;

const WRITES_OFF: &str = "writes are off: start `tarjama serve --write-token FILE`";

pub fn route(req: &Request, ctx: &mut Ctx) -> Option<Result<Answer, Failure>> {
    let path = req.path;
    if path == "/units" {
        return Some(write(req, ctx, &["POST"], post_units));
    }
    if path == "/import" {
        return Some(write(req, ctx, &["POST"], post_import));
    }
    if let Some(rest) = path.strip_prefix("/units/") {
        let (id, action) = rest.split_once('/').unwrap_or((rest, ""));
        let id = id.parse::<i64>().ok()?;
        return Some(match action {
            "" if req.method == "GET" || req.method == "HEAD" => unit_answer(ctx, id),
            "" => write(req, ctx, &["PATCH", "DELETE"], |req, ctx| {
                match req.method {
                    "PATCH" => edit(req, ctx, id),
                    _ => delete(ctx, id),
                }
            }),
            "review" => write(req, ctx, &["POST"], |req, ctx| {
                set_status(req, ctx, id, Status::Reviewed)
            }),
            "unreview" => write(req, ctx, &["POST"], |req, ctx| {
                set_status(req, ctx, id, Status::Unreviewed)
            }),
            _ => return None,
        });
    }
    if let Some(origin) = path
        .strip_prefix("/origins/")
        .and_then(|rest| rest.strip_suffix("/review"))
    {
        return Some(write(req, ctx, &["POST"], |req, ctx| {
            review_origin(req, ctx, origin)
        }));
    }
    None
}

/// Whether the request is one of the writes above (or amaGama's `PUT`): it runs on the
/// server's write connection, not a reader's. Only which connection serves it depends on this;
/// any route answers the same on either.
pub fn is_write(method: &str, path: &str) -> bool {
    if matches!(method, "GET" | "HEAD" | "OPTIONS") {
        return false;
    }
    let amagama = path.starts_with("/tmserver/") || path.starts_with("/api/v1/");
    path == "/units"
        || path == "/import"
        || path.starts_with("/units/")
        || (path.starts_with("/origins/") && path.ends_with("/review"))
        || (method == "PUT" && amagama)
}

/// Runs `f` when the method is allowed and the request may write.
fn write(
    req: &Request,
    ctx: &mut Ctx,
    methods: &[&str],
    f: impl FnOnce(&Request, &mut Ctx) -> Result<Answer, Failure>,
) -> Result<Answer, Failure> {
    only(req, methods, &methods.join(" or "))?;
    allowed(req, ctx)?;
    f(req, ctx)
}

/// 403 when writes are off, 401 without the right token.
pub fn allowed(req: &Request, ctx: &Ctx) -> Result<(), Failure> {
    if ctx.shared.token.is_none() {
        return Err(Failure(403, WRITES_OFF.into()));
    }
    if !req.authorized {
        return Err(Failure(
            401,
            "writes need the header `Authorization: Bearer TOKEN` with the server's write token"
                .into(),
        ));
    }
    Ok(())
}

/// The fields of a unit object besides its two language keys.
const UNIT_FIELDS: [&str; 5] = ["origin", "status", "note", "author", "created"];

/// A JSON object with its keys in the order given (the first language key is the source,
/// as the first language column of a CSV file is).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ordered, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a unit object such as {\"ar\": \"...\", \"en\": \"...\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Ordered(fields))
            }
        }
        d.deserialize_map(Keys)
    }
}

fn post_units(req: &Request, ctx: &mut Ctx) -> Result<Answer, Failure> {
    let objects: Vec<Ordered> = body(req)?;
    if objects.is_empty() {
        return Err(bad("no units: the body is an empty array"));
    }
    let units = objects
        .into_iter()
        .enumerate()
        .map(|(i, o)| unit_of(o).map_err(|e| bad(format!("unit {}: {e}", i + 1))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut writer = ctx.memory.writer()?;
    let outcomes = writer.add_all(&units)?;
    writer.commit()?;
    let mut report = ImportReport {
        path: "POST /units".into(),
        ..ImportReport::default()
    };
    for outcome in outcomes {
        count(&mut report, outcome);
    }
    Answer::json(&summary_json(&[report]))
}

fn unit_of(Ordered(fields): Ordered) -> Result<UnitRecord, String> {
    let mut sides = Vec::new();
    let mut rest = Vec::new();
    for (key, value) in fields {
        let text = match value {
            Value::String(s) => s,
            Value::Null => continue,
            other => return Err(format!("\"{key}\" must be a string, not {other}")),
        };
        if UNIT_FIELDS.contains(&key.as_str()) {
            rest.push((key, text));
        } else if let Some(tag) = LangTag::parse(&key) {
            if text.trim().is_empty() {
                return Err(format!("empty text for \"{key}\""));
            }
            not_text(&key, &text)?;
            sides.push(Side::new(tag.as_str(), text));
        } else {
            return Err(format!(
                "unknown field \"{key}\" (not a language code nor one of {})",
                UNIT_FIELDS.join(", ")
            ));
        }
    }
    let [source, target]: [Side; 2] = sides.try_into().map_err(|sides: Vec<Side>| {
        format!(
            "a unit has exactly two language keys, this one has {}",
            sides.len()
        )
    })?;
    if tarjama::text::primary_language(&source.lang)
        == tarjama::text::primary_language(&target.lang)
    {
        return Err(format!(
            "\"{}\" and \"{}\" are the same language",
            source.lang, target.lang
        ));
    }
    let mut unit = UnitRecord::new(source, target);
    for (key, text) in rest {
        match key.as_str() {
            "origin" => unit.origin = Some(text),
            "status" => {
                unit.status = Status::parse(&text)
                    .ok_or_else(|| format!("status \"{text}\" is not reviewed or unreviewed"))?
            }
            "note" => unit.notes.push(text),
            "author" => unit.created_by = Some(text),
            "created" => {
                unit.created_at = Some(
                    parse_any(&text).ok_or_else(|| format!("created \"{text}\" is not a date"))?,
                )
            }
            _ => unreachable!("one of UNIT_FIELDS"),
        }
    }
    Ok(unit)
}

fn count(report: &mut ImportReport, outcome: AddOutcome) {
    match outcome {
        AddOutcome::Added(_) => report.added += 1,
        AddOutcome::Merged(_) => report.merged += 1,
        AddOutcome::Alternative(_) => report.alternatives += 1,
    }
}

/// Uploads get a folder of their own under the temporary directory.
static UPLOADS: AtomicU64 = AtomicU64::new(0);

fn post_import(req: &Request, ctx: &mut Ctx) -> Result<Answer, Failure> {
    let format = query_param(req.query, "format")?
        .ok_or_else(|| bad("give the file's format: POST /import?format=csv|tsv|tmx"))?;
    let parsed = Format::parse(&format)
        .ok_or_else(|| bad(format!("format \"{format}\" is not one tarjama imports")))?;
    let name = query_param(req.query, "name")?.unwrap_or_else(|| format!("upload.{format}"));
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(bad("name must be a plain file name"));
    }
    let skip_bad = matches!(
        query_param(req.query, "skip_bad")?.as_deref(),
        Some("1" | "true" | "yes")
    );
    let folder = std::env::temp_dir().join(format!(
        "tarjama-upload-{}-{}",
        std::process::id(),
        UPLOADS.fetch_add(1, Ordering::Relaxed)
    ));
    let file = folder.join(&name);
    let written = std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&file, req.body));
    let options = ImportOptions {
        read: ReadOptions {
            format: Some(parsed),
            ..ReadOptions::default()
        },
        skip_bad,
        origin: query_param(req.query, "origin")?,
        ..ImportOptions::default()
    };
    let result = written
        .map_err(|e| Failure(500, format!("cannot keep the upload: {e}")))
        .and_then(|()| {
            import_file(ctx.memory, &file, &options, &mut |_| {}).map_err(|e| {
                // Name the upload, not the temporary file, in the error.
                let Failure(status, message) = Failure::from(e);
                let shown = message.replace(&file.display().to_string(), &name);
                Failure(status, shown)
            })
        });
    let _ = std::fs::remove_dir_all(&folder);
    let mut report = result?;
    report.path = name.clone();
    for bad in &mut report.rejected {
        bad.location.path = name.clone();
    }
    Answer::json(&summary_json(&[report]))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmagamaUnit {
    source: String,
    target: String,
}

/// amaGama's `PUT /<src>/<tgt>/unit/<text>` with `{"source", "target"}`: adds the pair.
pub fn amagama_put(
    req: &Request,
    ctx: &mut Ctx,
    from: &LangTag,
    to: &LangTag,
) -> Result<Answer, Failure> {
    allowed(req, ctx)?;
    let q: AmagamaUnit = body(req)?;
    if q.source.trim().is_empty() || q.target.trim().is_empty() {
        return Err(bad("\"source\" and \"target\" must not be empty"));
    }
    not_text("source", &q.source).map_err(bad)?;
    not_text("target", &q.target).map_err(bad)?;
    let mut unit = UnitRecord::new(
        Side::new(from.as_str(), q.source),
        Side::new(to.as_str(), q.target),
    );
    unit.origin = Some("amagama".into());
    let mut writer = ctx.memory.writer()?;
    let outcome = writer.add(&unit)?;
    writer.commit()?;
    Answer::json(&outcome)
}

/// The rule every reader applies (`text::validate`): control characters, noncharacters and
/// text of invisible marks only are refused, here naming the field.
fn not_text(field: &str, text: &str) -> Result<(), String> {
    tarjama::text::validate::check_text(text).map_err(|problem| format!("\"{field}\": {problem}"))
}

fn unit_answer(ctx: &Ctx, id: i64) -> Result<Answer, Failure> {
    match ctx.memory.unit(id)? {
        Some(unit) => Answer::json(&unit),
        None => Err(not_found(format!("unit {id}: no such unit"))),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct By {
    by: Option<String>,
}

/// `{"by"?}`; an empty body is `{}`.
fn by(req: &Request) -> Result<Option<String>, Failure> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(body::<By>(req)?.by)
}

fn set_status(req: &Request, ctx: &mut Ctx, id: i64, status: Status) -> Result<Answer, Failure> {
    let by = by(req)?;
    let mut writer = ctx.memory.writer()?;
    if !writer.set_status(id, status, by.as_deref(), chrono::Utc::now())? {
        return Err(not_found(format!("unit {id}: no such unit")));
    }
    writer.commit()?;
    unit_answer(ctx, id)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    source: Option<String>,
    target: Option<String>,
    by: Option<String>,
}

fn edit(req: &Request, ctx: &mut Ctx, id: i64) -> Result<Answer, Failure> {
    let q: EditRequest = body(req)?;
    if q.source.is_none() && q.target.is_none() {
        return Err(bad("give \"source\" or \"target\" (or both)"));
    }
    for (field, text) in [("source", &q.source), ("target", &q.target)] {
        if let Some(text) = text {
            not_text(field, text).map_err(bad)?;
        }
    }
    let change = TextEdit {
        source: q.source.as_deref(),
        target: q.target.as_deref(),
        by: q.by.as_deref(),
    };
    let mut writer = ctx.memory.writer()?;
    let Some(outcome) = writer.edit_text(id, &change, chrono::Utc::now())? else {
        return Err(not_found(format!("unit {id}: no such unit")));
    };
    writer.commit()?;
    unit_answer(ctx, outcome.id())
}

fn delete(ctx: &mut Ctx, id: i64) -> Result<Answer, Failure> {
    let mut writer = ctx.memory.writer()?;
    if !writer.remove_unit(id)? {
        return Err(not_found(format!("unit {id}: no such unit")));
    }
    writer.commit()?;
    Answer::json(&json!({ "deleted": id }))
}

fn review_origin(req: &Request, ctx: &mut Ctx, origin: &str) -> Result<Answer, Failure> {
    let origin = decode_path(origin)?;
    let by = by(req)?;
    let ids = ctx.memory.ids_of_origin(&origin)?;
    if ids.is_empty() {
        return Err(not_found(format!("no unit has origin '{origin}'")));
    }
    let now = chrono::Utc::now();
    let mut writer = ctx.memory.writer()?;
    for &id in &ids {
        writer.set_status(id, Status::Reviewed, by.as_deref(), now)?;
    }
    writer.commit()?;
    Answer::json(&json!({ "origin": origin, "reviewed": ids.len() }))
}

#[cfg(test)]
mod tests {
    use super::is_write;

    #[test]
    fn the_writes_of_the_help_go_to_the_write_connection_and_nothing_else_does() {
        for (method, path) in [
            ("POST", "/units"),
            ("POST", "/import"),
            ("PUT", "/tmserver/ar/en/unit/%D9%82%D8%A7%D9%84"),
            ("PUT", "/api/v1/ar/en/unit/x"),
            ("POST", "/units/12/review"),
            ("POST", "/units/12/unreview"),
            ("PATCH", "/units/12"),
            ("DELETE", "/units/12"),
            ("POST", "/origins/news%2F1.txt/review"),
        ] {
            assert!(is_write(method, path), "{method} {path}");
        }
        for (method, path) in [
            ("GET", "/units/12"),
            ("HEAD", "/units/12"),
            ("GET", "/origins/news.txt"),
            ("GET", "/tmserver/ar/en/unit/x"),
            ("POST", "/suggest"),
            ("POST", "/concordance"),
            ("POST", "/align"),
            ("POST", "/check"),
            ("GET", "/health"),
            ("OPTIONS", "/import"),
        ] {
            assert!(!is_write(method, path), "{method} {path}");
        }
    }
}
