//! The desk's routes of `tarjama serve` over HTTP, without a browser: the embedded page and
//! its files (with the content policy that keeps memory texts from running), its weight, the
//! origins of the memory and the pairs of one, the glossary lookup, and bad requests.

use serde_json::Value;

mod common;
mod desk_support;
use common::{align_sample_story, past_stories_and_glossary};
use desk_support::{http, Server};

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

#[test]
fn the_page_and_its_files_are_served_within_200_kb_with_a_strict_policy() {
    let (_dir, tm) = past_stories_and_glossary();
    let server = Server::start(&tm, &[]);
    let mut total = 0;
    for (path, kind) in [
        ("/", "text/html"),
        ("/desk.css", "text/css"),
        ("/desk.js", "text/javascript"),
    ] {
        let (status, head, body) = http(&server, "GET", path);
        assert_eq!(status, 200, "{path}");
        // Header names are case-insensitive (HTTP/1.1 servers may send them in lower case).
        let head = head.to_ascii_lowercase();
        assert!(head.contains(&format!("content-type: {kind}")), "{head}");
        assert!(head.contains("script-src 'self'"), "{head}");
        total += body.len();
    }
    assert!(total <= 200_000, "page and scripts weigh {total} bytes");
    let (_, _, page) = http(&server, "GET", "/");
    let page = String::from_utf8(page).unwrap();
    // Nothing is fetched from elsewhere.
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert_eq!(http(&server, "POST", "/").0, 405);
}

#[test]
fn origins_are_listed_and_one_origin_gives_its_pairs_in_article_order() {
    let (_dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    let server = Server::start(&tm, &[]);
    let (status, _, body) = http(&server, "GET", "/origins");
    assert_eq!(status, 200);
    let origins = json(&body);
    let first = &origins[0];
    assert_eq!(first["origin"], "ina-2021-09-09", "newest first: {origins}");
    assert_eq!(first["units"], 12);
    assert_eq!(first["reviewed"], 0);
    assert!(first["mean_confidence"].as_f64().unwrap() > 0.5);
    let imported = origins
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["origin"] == "ina-2021-08-02")
        .unwrap();
    assert_eq!(imported["mean_confidence"], Value::Null);
    assert_eq!(
        json(&http(&server, "GET", "/origins?limit=1").2)
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let (status, _, body) = http(&server, "GET", "/origins/ina-2021-09-09");
    assert_eq!(status, 200);
    let pairs = json(&body)["pairs"].as_array().unwrap().clone();
    assert_eq!(pairs.len(), 12);
    let positions: Vec<i64> = pairs
        .iter()
        .map(|p| p["position"].as_i64().unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(pairs[0]["source_lang"], "ar");
    assert!(
        pairs.iter().any(|p| p["shape"] == "1-2"),
        "the story has a merge"
    );
    // Percent-escapes in the origin are decoded (here a space in a file-name origin).
    let (status, _, body) = http(&server, "GET", "/origins/no%20such%20article");
    assert_eq!(status, 404);
    assert!(json(&body)["error"]
        .as_str()
        .unwrap()
        .contains("'no such article'"));
    let (status, _, body) = http(&server, "GET", "/origins/%E2%28");
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn the_glossary_lookup_gives_an_entry_with_its_variants_and_forbidden_forms() {
    let (_dir, tm) = past_stories_and_glossary();
    let server = Server::start(&tm, &[]);
    // By a forbidden spelling, and by the Arabic name percent-encoded.
    for q in ["Kazemi", "%D8%A7%D9%84%D9%83%D8%A7%D8%B8%D9%85%D9%8A"] {
        let (status, _, body) = http(&server, "GET", &format!("/glossary?q={q}"));
        assert_eq!(status, 200);
        let answer = json(&body);
        let entry = &answer["entries"][0];
        assert_eq!(entry["en"]["preferred"], "Mustafa Al-Kadhimi", "{answer}");
        assert!(entry["en"]["forbidden"]
            .as_array()
            .unwrap()
            .contains(&"Kazemi".into()));
        assert_eq!(entry["ar"]["preferred"], "مصطفى الكاظمي");
    }
    let (_, _, body) = http(&server, "GET", "/glossary?q=Joint+Operations");
    assert_eq!(json(&body)["query"], "Joint Operations");
    assert!(!json(&body)["entries"].as_array().unwrap().is_empty());
    for bad in ["/glossary", "/glossary?q=", "/glossary?q=%ZZ"] {
        let (status, _, body) = http(&server, "GET", bad);
        assert_eq!(status, 400, "{bad}");
        assert!(json(&body)["error"].is_string());
    }
}
