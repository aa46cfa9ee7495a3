//! `tarjama serve` through the real binary on a free port: answers equal the CLI's `--json`,
//! checks and glossary terms, a glossary changed while the server runs, and every kind of
//! bad request (status and message).

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::{json, Value};

mod common;
mod server_support;
use common::{past_stories_and_glossary as sample_memory, tarjama};
use server_support::serve;

/// One HTTP/1.1 request; the status code and the body parsed as JSON.
fn request(port: u16, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap())
}

fn post(port: u16, path: &str, body: Value) -> (u16, Value) {
    request(port, "POST", path, &body.to_string())
}

#[test]
fn suggestions_over_http_are_the_cli_json() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let text = "استقبل رئيس الوزراء مصطفى الكاظمي السفير الأمريكي في بغداد يوم الاثنين.";
    let (status, served) = post(
        server.port,
        "/suggest",
        json!({"text": text, "from": "ar", "to": "en", "threshold": 60}),
    );
    assert_eq!(status, 200, "{served}");
    let out = tarjama(&tm)
        .args([
            "suggest",
            "--from",
            "ar",
            "--to",
            "en",
            "--threshold",
            "60",
            "--json",
            text,
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(served, cli);
    assert!(served[0]["matches"][0]["score"].as_u64().unwrap() >= 60);
    assert!(served[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["translation"] == "Mustafa Al-Kadhimi"));
}

#[test]
fn fragments_asked_for_are_the_cli_ones_and_absent_otherwise() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    // No whole match in the memory for either; each shares a run with stored units. ar→en
    // is translated with the aligner's lexicon the server keeps, en→ar with one of its own.
    let cases = [
        (
            "The delegation said on Sunday that the security forces arrested two suspects.",
            "en",
            "ar",
            "the security forces",
            "القوات الأمنية",
        ),
        (
            "أكد المتحدث باسم قيادة العمليات المشتركة أن القوات اعتقلت مشتبها به.",
            "ar",
            "en",
            "المتحدث باسم قيادة العمليات المشتركة",
            "spokesman for the Joint Operations Command",
        ),
    ];
    for (text, from, to, run, translation) in cases {
        let ask = |fragments: Option<bool>| {
            let mut body = json!({"text": text, "from": from, "to": to});
            if let Some(f) = fragments {
                body["fragments"] = json!(f);
            }
            let (status, served) = post(server.port, "/suggest", body);
            assert_eq!(status, 200, "{served}");
            served
        };
        let out = tarjama(&tm)
            .args(["suggest", "--from", from, "--to", to, "--json", text])
            .output()
            .unwrap();
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        let fragments = cli[0]["fragments"]
            .as_array()
            .expect("the CLI gives fragments");
        assert!(
            fragments
                .iter()
                .any(|f| f["text"] == run && f["translation"] == translation),
            "{cli}"
        );
        // Twice: the second answer uses the lexicon the server kept from the first.
        assert_eq!(ask(Some(true)), cli);
        assert_eq!(ask(Some(true)), cli);
        for without in [ask(None), ask(Some(false))] {
            assert!(without[0].get("fragments").is_none(), "{without}");
            assert_eq!(without[0]["matches"], cli[0]["matches"]);
        }
    }
}

#[test]
fn a_segmented_text_gets_one_answer_per_sentence() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let (status, served) = post(
        server.port,
        "/suggest",
        json!({"text": "وصل الوفد إلى بغداد. ثم غادر.", "from": "ar", "to": "en", "segment": true}),
    );
    assert_eq!(status, 200, "{served}");
    let blocks = served.as_array().unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[1]["query"], "ثم غادر.");
    assert!(blocks[1]["start"].as_u64().unwrap() > 0);
}

#[test]
fn checks_terms_concordance_health_and_stats() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let port = server.port;

    let (status, report) = post(
        port,
        "/check",
        json!({"text": "All quiet.\nThen Kazemi spoke."}),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["errors"], 1);
    let finding = &report["findings"][0];
    assert_eq!(
        (finding["line"].as_u64(), finding["col"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(finding["kind"], "forbidden");

    let (status, report) = post(
        port,
        "/check",
        json!({
            "source": "وصل مصطفى الكاظمي إلى بغداد. وعاد مساء.",
            "text": "The prime minister arrived in Baghdad. He returned in the evening."
        }),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["errors"], 1);
    let missing = &report["missing"][0];
    assert_eq!(
        (missing["line"].as_u64(), missing["col"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(missing["found"], "مصطفى الكاظمي");
    let (status, report) = post(
        port,
        "/check",
        json!({"source": "All quiet.", "text": "Calm."}),
    );
    assert_eq!(status, 400, "{report}");

    let (_, terms) = post(port, "/terms", json!({"text": "وصل والكاظمي إلى بغداد"}));
    let found: Vec<&str> = terms
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["translation"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["Mustafa Al-Kadhimi", "Baghdad"]);

    let (_, hits) = post(
        port,
        "/concordance",
        json!({"phrase": "الكاظمي", "limit": 2}),
    );
    assert_eq!(hits.as_array().unwrap().len(), 2);

    let text = "Maj. Gen. Tahsin al-Khafaji spoke. The JOC met.";
    let (status, sentences) = post(port, "/segment", json!({"text": text, "lang": "en"}));
    assert_eq!(status, 200, "{sentences}");
    let cut: Vec<&str> = sentences
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(cut, ["Maj. Gen. Tahsin al-Khafaji spoke.", "The JOC met."]);

    let (status, health) = request(port, "GET", "/health", "");
    assert_eq!((status, health["units"].as_u64()), (200, Some(30)));
    let (status, stats) = request(port, "GET", "/stats", "");
    assert_eq!((status, stats["units"].as_u64()), (200, Some(30)));
}

#[test]
fn alignment_over_http_is_the_cli_dry_run() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let ar_file = common::repo("memories/sample/2021-09-09-joc.ar.txt");
    let en_file = common::repo("memories/sample/2021-09-09-joc.en.txt");
    let ar = std::fs::read_to_string(&ar_file).unwrap();
    let en = std::fs::read_to_string(&en_file).unwrap();
    let (status, served) = post(server.port, "/align", json!({"ar": ar, "en": en}));
    assert_eq!(status, 200, "{served}");
    let out = tarjama(&tm)
        .arg("align")
        .arg(&ar_file)
        .arg(&en_file)
        .args(["--dry-run", "--format", "json"])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(served, cli);
    let pairs = served.as_array().unwrap();
    assert!(pairs.iter().filter(|p| p["kind"] == "pair").count() >= 10);
    // Nothing was stored: the memory still holds the 30 imported units.
    let (_, health) = request(server.port, "GET", "/health", "");
    assert_eq!(health["units"], 30);
    let (status, answer) = post(server.port, "/align", json!({"ar": "", "en": " "}));
    assert_eq!((status, answer["error"].as_str().is_some()), (400, true));
}

#[test]
fn a_glossary_changed_while_serving_is_used_at_once() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let text = json!({"text": "The Independent High Electoral Commission met."});
    let (_, before) = post(server.port, "/terms", text.clone());
    assert_eq!(before, json!([]));
    tarjama(&tm)
        .args(["glossary", "add", "--type", "organization"])
        .args(["--en", "Independent High Electoral Commission"])
        .args(["--ar", "المفوضية العليا المستقلة للانتخابات"])
        .assert()
        .success();
    let (_, after) = post(server.port, "/terms", text);
    assert_eq!(
        after[0]["translation"],
        "المفوضية العليا المستقلة للانتخابات"
    );
}

#[test]
fn bad_requests_get_a_status_and_a_clear_message() {
    let (_dir, tm) = sample_memory();
    let server = serve(&tm);
    let port = server.port;
    let cases: &[(&str, &str, &str, u16, &str)] = &[
        ("POST", "/suggest", "{\"text\": ", 400, "line 1 column"),
        (
            "POST",
            "/suggest",
            r#"{"text": 1, "from": "ar", "to": "en"}"#,
            400,
            "expected a string",
        ),
        (
            "POST",
            "/suggest",
            r#"{"text": "x", "from": "ar", "to": "en", "tpo": 3}"#,
            400,
            "unknown field `tpo`",
        ),
        (
            "POST",
            "/suggest",
            r#"{"text": "x", "from": "a r", "to": "en"}"#,
            400,
            "not a BCP 47",
        ),
        (
            "POST",
            "/suggest",
            r#"{"text": "x", "from": "ar", "to": "ar-IQ"}"#,
            400,
            "give two languages",
        ),
        (
            "POST",
            "/suggest",
            r#"{"text": "x", "from": "ar", "to": "en", "threshold": 0}"#,
            400,
            "out of range",
        ),
        (
            "POST",
            "/suggest",
            r#"{"text": "x", "from": "ar", "to": "en", "fragments": "yes"}"#,
            400,
            "expected a boolean",
        ),
        ("GET", "/suggest", "", 405, "takes POST"),
        ("POST", "/health", "{}", 405, "takes GET"),
        ("GET", "/translate", "", 404, "no route /translate"),
        (
            "POST",
            "/segment",
            r#"{"text": "x"}"#,
            400,
            "missing field `lang`",
        ),
    ];
    for &(method, path, body, status, message) in cases {
        let (got, answer) = request(port, method, path, body);
        assert_eq!(got, status, "{method} {path} {body}: {answer}");
        let error = answer["error"].as_str().unwrap();
        assert!(error.contains(message), "{method} {path} {body}: {error}");
    }
}

#[test]
fn serving_a_file_that_is_not_a_memory_fails_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("notes.txt");
    std::fs::write(&tm, "not a database at all, just some notes").unwrap();
    tarjama(&tm)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a tarjama memory"));
}

#[test]
fn a_fragment_search_past_its_work_limit_says_so_on_the_command_line_and_over_http() {
    let (_dir, tm) = sample_memory();
    let text = "The delegation said on Sunday that the security forces arrested two suspects.";
    let cli = |extra: &[&str]| -> Value {
        let out = tarjama(&tm)
            .args(["suggest", "--from", "en", "--to", "ar", "--json"])
            .args(extra)
            .arg(text)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let whole = cli(&[]);
    assert!(whole[0].get("fragments_cut_short").is_none(), "{whole}");
    assert!(
        whole[0]["fragments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["text"] == "the security forces"),
        "{whole}"
    );
    assert_eq!(cli(&["--fragment-checks", "0"]), whole, "0: no limit");
    // One check allowed: the search stops at its first candidate unit and says so.
    let cut = cli(&["--fragment-checks", "1"]);
    assert_eq!(cut[0]["fragments_cut_short"], true, "{cut}");
    assert!(
        cut[0]["fragments"].as_array().map_or(0, Vec::len)
            < whole[0]["fragments"].as_array().unwrap().len(),
        "{cut}"
    );
    assert_eq!(cut[0]["matches"], whole[0]["matches"]);
    let human = tarjama(&tm)
        .args([
            "suggest",
            "--from",
            "en",
            "--to",
            "ar",
            "--fragment-checks",
            "1",
            text,
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("stopped at its work limit"));
    // The server takes the same limit and gives the same answer.
    let limited = server_support::serve_with(&tm, &["--fragment-checks", "1"], &[]);
    let ask = json!({"text": text, "from": "en", "to": "ar", "fragments": true});
    let (status, served) = post(limited.port, "/suggest", ask.clone());
    assert_eq!(status, 200, "{served}");
    assert_eq!(served, cut);
    let (_, unlimited) = post(serve(&tm).port, "/suggest", ask);
    assert_eq!(unlimited, whole);
}

#[test]
fn a_segmented_text_over_the_sentence_limit_is_refused_before_any_lookup() {
    let (_dir, tm) = sample_memory();
    let server = server_support::serve_with(&tm, &["--max-sentences", "2"], &[]);
    let ask = |text: &str, segment: bool| {
        post(
            server.port,
            "/suggest",
            json!({"text": text, "from": "ar", "to": "en", "segment": segment}),
        )
    };
    let (status, answer) = ask("وصل الوفد إلى بغداد. ثم غادر. وعاد أمس.", true);
    assert_eq!(status, 413, "{answer}");
    let message = answer["error"].as_str().unwrap();
    assert!(
        message.contains("3 sentences") && message.contains("--max-sentences"),
        "{message}"
    );
    let (status, answer) = ask("وصل الوفد إلى بغداد. ثم غادر.", true);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer.as_array().unwrap().len(), 2);
    // Unsegmented, the same text is one query.
    let (status, _) = ask("وصل الوفد إلى بغداد. ثم غادر. وعاد أمس.", false);
    assert_eq!(status, 200);
}
