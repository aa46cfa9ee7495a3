//! Writes over HTTP: off without a token (403), refused without the right one (401), and
//! with it each write is one transaction that the very next read sees — `POST /units`,
//! `POST /import`, amaGama's `PUT`, and the reviewer's unit routes the desk calls.

use serde_json::{json, Value};

mod common;
mod server_support;
use common::{json_of, tarjama};
use server_support::{amagama_memory, call, get, quote, serve, serve_with, Reply, Served};

const TOKEN: &str = "s3cret-token-for-tests-0123456789";

/// A server with writes on (token in a file).
fn writable() -> (tempfile::TempDir, std::path::PathBuf, Served) {
    let (dir, tm) = amagama_memory();
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let server = serve_with(&tm, &["--write-token", token.to_str().unwrap()], &[]);
    (dir, tm, server)
}

fn auth() -> String {
    format!("Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n")
}

fn write(server: &Served, method: &str, target: &str, body: &str) -> Reply {
    call(server.port, method, target, &auth(), body.as_bytes())
}

fn units(server: &Served) -> u64 {
    get(server.port, "/health").json()["units"]
        .as_u64()
        .unwrap()
}

/// The amaGama answer (English → Arabic) for `text`.
fn lookup(server: &Served, text: &str) -> Value {
    get(
        server.port,
        &format!("/tmserver/en/ar/unit/{}", quote(text)),
    )
    .json()
}

#[test]
fn writes_are_off_without_a_token_and_refused_with_a_wrong_one() {
    let (_dir, tm) = amagama_memory();
    let server = serve(&tm);
    let reply = write(
        &server,
        "POST",
        "/units",
        r#"[{"en": "a b c", "ar": "ا ب ت"}]"#,
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.json()["error"],
        "writes are off: start `tarjama serve --write-token FILE`"
    );
    drop(server);

    let server = serve_with(&tm, &[], &[("TARJAMA_WRITE_TOKEN", TOKEN)]);
    let body = r#"[{"en": "a b c", "ar": "ا ب ت"}]"#.as_bytes();
    for header in [
        String::new(),
        "Authorization: Bearer wrong-token-wrong-token-00\r\n".into(),
        format!("Authorization: Basic {TOKEN}\r\n"),
        format!("Authorization: Bearer {TOKEN}x\r\n"),
    ] {
        let reply = call(server.port, "POST", "/units", &header, body);
        assert_eq!(reply.status, 401, "{header}");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        assert!(reply.json()["error"].as_str().unwrap().contains("Bearer"));
    }
    assert_eq!(units(&server), 10, "nothing was written");
    let reply = call(
        server.port,
        "POST",
        "/units",
        &format!("Authorization: Bearer {TOKEN}\r\n"),
        body,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(units(&server), 11);
}

#[test]
fn a_tokens_refresh_out_of_range_is_refused_at_start() {
    let (_dir, tm) = amagama_memory();
    for bad in ["0", "86401", "soon"] {
        tarjama(&tm)
            .args(["serve", "--addr", "127.0.0.1:0", "--tokens-in-ram"])
            .args(["--tokens-refresh", bad])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--tokens-refresh"));
    }
    tarjama(&tm)
        .args(["serve", "--addr", "127.0.0.1:0", "--tokens-refresh", "5"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--tokens-in-ram"));
}

#[test]
fn a_short_token_is_refused_at_start() {
    let (dir, tm) = amagama_memory();
    let token = dir.path().join("token");
    std::fs::write(&token, "short\n").unwrap();
    tarjama(&tm)
        .args(["serve", "--addr", "127.0.0.1:0", "--write-token"])
        .arg(&token)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at least 16"));
}

#[test]
fn posted_units_are_one_transaction_and_found_by_the_next_read() {
    let (_dir, tm, server) = writable();
    let body = json!([
        {"en": "The governor opened the new bridge in Mosul.", "ar": "افتتح المحافظ الجسر الجديد في الموصل.",
         "origin": "wire-7", "status": "reviewed", "note": "checked", "author": "desk", "created": "2026-11-30"},
        {"ar-IQ": "وصل الوفد إلى أربيل.", "en-GB": "The delegation arrived in Erbil."}
    ]);
    let reply = write(&server, "POST", "/units", &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let summary = reply.json();
    assert_eq!(
        (summary["added"].as_u64(), summary["rejected"].as_u64()),
        (Some(2), Some(0))
    );
    let found = lookup(&server, "The governor opened the new bridge in Mosul.");
    assert_eq!(found[0]["target"], "افتتح المحافظ الجسر الجديد في الموصل.");
    // The first language key is the source, as in a CSV header.
    let second = json_of(&tm, &["unit", "show", "12", "--json"]);
    assert_eq!(second[0]["source"]["lang"], "ar-IQ");
    assert_eq!(second[0]["target"]["lang"], "en-GB");
    let first = json_of(&tm, &["unit", "show", "11", "--json"]);
    assert_eq!(
        (first[0]["status"].as_str(), first[0]["origin"].as_str()),
        (Some("reviewed"), Some("wire-7"))
    );
    let again = write(&server, "POST", "/units", &body.to_string()).json();
    assert_eq!(again["merged"], 2);

    // One bad unit: nothing is written, and the error names it.
    let before = units(&server);
    for (bad, message) in [
        (
            json!([{"en": "a", "ar": "ب"}, {"en": "x", "ar": "y", "fr": "z"}]),
            "unit 2: a unit has exactly two language keys, this one has 3",
        ),
        (
            json!([{"en": "a", "ar": "ب", "colour": "red"}]),
            "unit 1: unknown field \"colour\"",
        ),
        (
            json!([{"en": "a", "ar": "ب", "status": "maybe"}]),
            "unit 1: status \"maybe\"",
        ),
        (
            json!([{"en": "a", "ar": " "}]),
            "unit 1: empty text for \"ar\"",
        ),
        (json!([{"en": "a", "en-US": "b"}]), "the same language"),
        (json!({"en": "a"}), "invalid type: map"),
        (json!([]), "empty array"),
    ] {
        let reply = write(&server, "POST", "/units", &bad.to_string());
        assert_eq!(reply.status, 400, "{bad}");
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(message), "{bad}: {error}");
    }
    assert_eq!(units(&server), before);
}

#[test]
fn an_imported_file_is_one_transaction_named_by_its_upload() {
    let (_dir, _tm, server) = writable();
    let csv = "en,ar\nThe army reopened the road to Kirkuk.,أعاد الجيش فتح الطريق إلى كركوك.\nThe court adjourned the trial.,أجلت المحكمة المحاكمة.\n";
    let reply = call(
        server.port,
        "POST",
        "/import?format=csv&name=wire.csv",
        &auth(),
        csv.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let summary = reply.json();
    assert_eq!(summary["added"], 2);
    assert_eq!(summary["files"][0]["path"], "wire.csv");
    let url = format!(
        "/api/v1/en/ar/unit/{}",
        quote("The court adjourned the trial.")
    );
    assert_eq!(
        get(server.port, &url).json()[0]["target"],
        "أجلت المحكمة المحاكمة."
    );
    // The origin is the upload's name, as the file name is for `tarjama import`.
    let query = json!({"text": "The court adjourned the trial.", "from": "en", "to": "ar"});
    let reply = call(
        server.port,
        "POST",
        "/suggest",
        "",
        query.to_string().as_bytes(),
    );
    assert_eq!(reply.json()[0]["matches"][0]["origin"], "wire.csv");

    let before = units(&server);
    let bad = "en,ar\nGood line.,سطر جيد.\nMissing its translation.,\n";
    let reply = call(
        server.port,
        "POST",
        "/import?format=csv",
        &auth(),
        bad.as_bytes(),
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    let error = reply.json()["error"].as_str().unwrap().to_string();
    assert!(error.contains("upload.csv:3"), "{error}");
    assert!(
        !error.contains("tarjama-upload"),
        "the temporary file is not shown: {error}"
    );
    assert_eq!(units(&server), before, "nothing of a bad file is written");

    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>Flights resumed at Baghdad airport.</seg></tuv><tuv xml:lang="ar"><seg>استؤنفت الرحلات في مطار بغداد.</seg></tuv></tu></body></tmx>"#;
    let reply = call(
        server.port,
        "POST",
        "/import?format=tmx",
        &auth(),
        tmx.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["added"], 1);
    let reply = call(server.port, "POST", "/import?format=doc", &auth(), b"x");
    assert_eq!(reply.status, 400);
    let reply = call(server.port, "POST", "/import", &auth(), b"x");
    assert!(reply.json()["error"].as_str().unwrap().contains("format"));
}

#[test]
fn amagama_put_adds_a_pair() {
    let (_dir, _tm, server) = writable();
    let text = "Parliament approved the budget.";
    let url = format!("/tmserver/en_US/ar_IQ/unit/{}", quote(text));
    let body = json!({"source": text, "target": "أقر البرلمان الموازنة."}).to_string();
    let reply = call(server.port, "PUT", &url, "", body.as_bytes());
    assert_eq!(reply.status, 401);
    let reply = write(&server, "PUT", &url, &body);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["outcome"], "added");
    let found = get(server.port, &url).json();
    assert_eq!(found[0]["target"], "أقر البرلمان الموازنة.");
    assert_eq!(found[0]["quality"], 100.0);
}

#[test]
fn the_desk_reviews_edits_and_deletes_units() {
    let (_dir, tm, server) = writable();
    let id = 1;
    let reply = write(
        &server,
        "POST",
        &format!("/units/{id}/review"),
        r#"{"by": "night editor"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let unit = reply.json();
    assert_eq!(
        (unit["id"].as_i64(), unit["status"].as_str()),
        (Some(id), Some("reviewed"))
    );
    assert_eq!(unit["changed_by"], "night editor");
    // The answer is what `tarjama unit show ID --json` prints for it.
    let cli = json_of(&tm, &["unit", "show", "1", "--json"]);
    assert_eq!(cli[0], unit);
    assert_eq!(get(server.port, "/units/1").json(), unit);
    let reply = write(&server, "POST", "/units/1/unreview", "");
    assert_eq!(reply.json()["status"], "unreviewed");

    // Edit the English side: found by its new text at once, under its new id.
    let edited = "The prime minister received the delegation in Baghdad on Monday.";
    let reply = write(
        &server,
        "PATCH",
        "/units/1",
        &json!({"source": edited, "by": "desk"}).to_string(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let unit = reply.json();
    let new_id = unit["id"].as_i64().unwrap();
    assert_ne!(new_id, 1);
    assert_eq!(
        (unit["source"]["text"].as_str(), unit["origin"].as_str()),
        (Some(edited), Some("desk"))
    );
    assert_eq!(
        unit["target"]["text"],
        "التقى رئيس الوزراء الوفد في بغداد يوم الاثنين."
    );
    assert_eq!(get(server.port, "/units/1").status, 404);
    let found = lookup(&server, edited);
    assert_eq!(found[0]["quality"], 100.0);
    assert_eq!(found[0]["source"], edited);

    let reply = write(&server, "DELETE", &format!("/units/{new_id}"), "");
    assert_eq!(reply.json(), json!({"deleted": new_id}));
    let found = lookup(&server, edited);
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["source"] != edited),
        "{found}"
    );

    // An edit that makes unit 3 the same pair as unit 4 merges it into unit 4.
    let four = get(server.port, "/units/4").json();
    let same = json!({"source": four["source"]["text"], "target": four["target"]["text"]});
    let reply = write(&server, "PATCH", "/units/3", &same.to_string());
    assert_eq!(reply.json()["id"], 4, "{}", reply.text());
    assert_eq!(get(server.port, "/units/3").status, 404);
    // Editing nothing changes nothing, the id included.
    let merged = get(server.port, "/units/4").json();
    let reply = write(&server, "PATCH", "/units/4", &same.to_string());
    assert_eq!(reply.json(), merged);

    let reply = write(
        &server,
        "POST",
        "/origins/desk/review",
        r#"{"by": "chief"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["reviewed"], 8);
    let stats = json_of(&tm, &["unit", "show", "--origin", "desk", "--json"]);
    assert!(
        stats
            .as_array()
            .unwrap()
            .iter()
            .all(|u: &Value| u["status"] == "reviewed"),
        "{stats}"
    );

    for (method, target, body, status) in [
        ("POST", "/units/999/review", "", 404),
        ("PATCH", "/units/999", r#"{"target": "x"}"#, 404),
        ("DELETE", "/units/999", "", 404),
        ("PATCH", "/units/2", "{}", 400),
        ("PATCH", "/units/2", r#"{"target": "  "}"#, 400),
        ("POST", "/origins/nowhere/review", "", 404),
        ("PUT", "/units/2", "", 405),
    ] {
        let reply = write(&server, method, target, body);
        assert_eq!(reply.status, status, "{method} {target}: {}", reply.text());
        assert!(reply.json()["error"].is_string());
    }
}

/// With the units' tokens held in RAM (`--tokens-in-ram`, loaded at start), a unit deleted
/// or edited since is no longer suggested (an exact match included: its text is gone), and
/// units added since are found — as without the flag.
#[test]
fn tokens_in_ram_answer_after_deletes_edits_and_adds() {
    let (dir, tm) = amagama_memory();
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let server = serve_with(
        &tm,
        &[
            "--write-token",
            token.to_str().unwrap(),
            "--tokens-in-ram",
            "--tokens-refresh",
            "1",
        ],
        &[],
    );
    let held = |server: &Served| get(server.port, "/health").json()["tokens_in_ram"].clone();
    let started = std::time::Instant::now();
    while held(&server)["loaded"] != true {
        assert!(
            started.elapsed().as_secs() < 20,
            "not loaded: {}",
            held(&server)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        held(&server),
        json!({"loaded": true, "units": 10, "upto": 10})
    );
    let met = "The prime minister met the delegation in Baghdad on Monday.";
    let said = "The ministry said the situation in the province is stable.";
    assert_eq!(lookup(&server, met)[0]["quality"], 100.0);
    assert_eq!(lookup(&server, said)[0]["quality"], 100.0);
    assert_eq!(write(&server, "DELETE", "/units/1", "").status, 200);
    let edited = "The ministry said the situation in the north is stable.";
    let reply = write(
        &server,
        "PATCH",
        "/units/3",
        &json!({"source": edited}).to_string(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let added = "The governor opened the new bridge in Mosul on Monday.";
    let body = json!([{"en": added, "ar": "افتتح المحافظ الجسر الجديد في الموصل يوم الاثنين."}]);
    assert_eq!(
        write(&server, "POST", "/units", &body.to_string()).status,
        200
    );
    for (text, kept) in [(met, None), (said, Some(edited)), (added, Some(added))] {
        let found = lookup(&server, text);
        let sources: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap())
            .collect();
        assert!(
            !sources.contains(&met) && !sources.contains(&said),
            "{text}: {found}"
        );
        if let Some(kept) = kept {
            assert!(sources.contains(&kept), "{text}: {found}");
        }
    }
    // Within a refresh, the units added since (the edit's and the posted one) are held too,
    // and the answers stay the same.
    let before: Vec<Value> = [met, said, added, edited]
        .iter()
        .map(|t| lookup(&server, t))
        .collect();
    let started = std::time::Instant::now();
    while held(&server)["upto"] != 12 {
        assert!(
            started.elapsed().as_secs() < 20,
            "not extended: {}",
            held(&server)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(held(&server)["units"], 12);
    // The same answers as a server reading every side from the file.
    let texts = [met, said, added, edited];
    let in_ram: Vec<Value> = texts.iter().map(|t| lookup(&server, t)).collect();
    assert_eq!(in_ram, before);
    drop(server);
    let plain = serve(&tm);
    for (text, answer) in texts.iter().zip(&in_ram) {
        assert_eq!(&lookup(&plain, text), answer, "{text}");
    }
}

/// The server's writes apply the readers' rule for text that is not text (control
/// characters, noncharacters, invisible marks only): the request is refused, nothing stored.
#[test]
fn text_that_is_not_text_is_refused_by_every_write_route() {
    let (_dir, _tm, server) = writable();
    let before = units(&server);
    let posted = write(
        &server,
        "POST",
        "/units",
        r#"[{"ar": "مرحبا", "en": "Hi"}, {"ar": "مرحبا\u0001", "en": "Hello"}]"#,
    );
    assert_eq!(posted.status, 400, "{}", posted.text());
    assert!(posted.text().contains("unit 2"), "{}", posted.text());
    assert!(posted.text().contains("U+0001"), "{}", posted.text());
    let put = write(
        &server,
        "PUT",
        "/tmserver/en/ar/unit/Hi",
        r#"{"source": "Hi", "target": "\u200f\u200e"}"#,
    );
    assert_eq!(put.status, 400, "{}", put.text());
    let edit = write(&server, "PATCH", "/units/1", r#"{"target": "Hi\uFFFE"}"#);
    assert_eq!(edit.status, 400, "{}", edit.text());
    assert_eq!(units(&server), before, "nothing was stored");
}
