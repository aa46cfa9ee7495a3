//! The amaGama protocol as real clients call it: each client's URL building is reproduced
//! (Weblate `quote(text[:500], safe="")` with its `[X6X]` placeholders, Virtaal's base URL
//! ending in `/`, Okapi's POSIX codes and `+`→`%20`), then the parameters, the answer's
//! shape, JSONP and CORS; and, where Translate Toolkit's `tmserver` can run, the same
//! questions asked of the reference implementation.

use serde_json::Value;

mod common;
mod server_support;
use common::tarjama;
use server_support::{
    amagama_memory, call, get, java_url_encode_then_plus_to_20, quote, serve, Served,
};

fn served() -> (tempfile::TempDir, Served) {
    let (dir, tm) = amagama_memory();
    let server = serve(&tm);
    (dir, server)
}

/// The sources of an answer, in order.
fn sources(answer: &Value) -> Vec<String> {
    answer
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {answer}"))
        .iter()
        .map(|c| c["source"].as_str().unwrap().to_string())
        .collect()
}

/// The (source, target) pairs of a list of candidates or matches, in order.
fn pairs(list: &[Value]) -> Vec<(String, String)> {
    list.iter()
        .map(|c| {
            (
                c["source"].as_str().unwrap().into(),
                c["target"].as_str().unwrap().into(),
            )
        })
        .collect()
}

const MONDAY: &str = "The prime minister met the delegation in Baghdad on Monday.";
const CLICK: &str = "Click [X6X] to save / cancel the report.";

#[test]
fn weblate_urls_with_placeholders_and_its_settings_check() {
    let (_dir, server) = served();
    // weblate/machinery/tmserver.py: quote(text[:500], safe="") after /<src>/<tgt>/unit/.
    for prefix in ["/tmserver", "/api/v1"] {
        let url = format!("{prefix}/en/ar/unit/{}", quote(CLICK));
        assert!(url.contains("%2F") && url.contains("%5BX6X%5D"), "{url}");
        let reply = get(server.port, &url);
        assert_eq!(reply.status, 200, "{url}: {}", reply.text());
        assert_eq!(
            reply.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        let answer = reply.json();
        assert_eq!(answer[0]["source"], CLICK);
        assert_eq!(answer[0]["target"], "انقر [X6X] لحفظ / إلغاء التقرير.");
        // A float even when whole: a Java client casts it.
        assert!(
            reply.text().contains("\"quality\":100.0"),
            "{}",
            reply.text()
        );
        assert!(answer[0]["rank"].is_f64());
    }
    // Weblate maps codes with `.replace("-", "_").lower()`: en-US → en_us.
    let url = format!("/api/v1/en_us/ar_eg/unit/{}", quote(CLICK));
    assert_eq!(sources(&get(server.port, &url).json()), [CLICK]);
    // The settings check asks a pair the memory does not hold and refuses a 404.
    let reply = get(server.port, "/tmserver/en/de/unit/test");
    assert_eq!((reply.status, reply.json()), (200, serde_json::json!([])));
}

#[test]
fn virtaal_base_url_ending_in_a_slash() {
    let (_dir, server) = served();
    // Virtaal: base URL "http://host/tmserver/" joined with "/<src>/<tgt>/unit/" + quote(text).
    let base = "/tmserver/";
    let query = "The prime minister met the delegation in Baghdad on Tuesday.";
    let url = format!("{base}/en/ar/unit/{}", quote(query));
    assert!(url.starts_with("/tmserver//en"));
    let reply = get(server.port, &url);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(sources(&answer), [MONDAY]);
    // 9 of the 10 words: a fuzzy-match score of 90.
    assert!(
        reply.text().contains("\"quality\":90.0"),
        "{}",
        reply.text()
    );
    // Its language list, with and without the final slash, never a redirect.
    for url in [
        "/tmserver//languages/",
        "/tmserver/languages",
        "/api/v1/languages/",
    ] {
        let reply = get(server.port, url);
        assert_eq!(reply.status, 200, "{url}");
        let langs = reply.json();
        for key in ["sourceLanguages", "targetLanguages"] {
            let list: Vec<&str> = langs[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            assert_eq!(list, ["ar", "en"], "{url} {key}");
        }
    }
}

#[test]
fn okapi_posix_codes_and_plus_as_percent_20() {
    let (_dir, server) = served();
    let text = "Prices rose 10 percent + taxes.";
    let encoded = java_url_encode_then_plus_to_20(text);
    assert_eq!(encoded, "Prices%20rose%2010%20percent%20%2B%20taxes.");
    for (src, tgt) in [
        ("en_US", "ar_EG"),
        ("en-US", "ar-SA"),
        ("EN", "ar"),
        ("en", "AR_IQ"),
    ] {
        let url = format!("/tmserver/{src}/{tgt}/unit/{encoded}");
        let reply = get(server.port, &url);
        assert_eq!(reply.status, 200, "{url}: {}", reply.text());
        assert_eq!(sources(&reply.json()), [text], "{url}");
    }
    // A `+` in the path is a plus sign, not a space: the text differs from the stored one
    // (only in punctuation, hence 99, not 100).
    let reply = get(
        server.port,
        "/tmserver/en/ar/unit/Prices+rose+10+percent+%2B+taxes.",
    );
    assert_eq!(reply.json()[0]["quality"], 99.0, "{}", reply.text());
}

#[test]
fn the_query_form_raw_slashes_and_the_other_direction() {
    let (_dir, server) = served();
    // ?source= with `+` as space.
    let url =
        "/tmserver/en/ar/unit/?source=The+prime+minister+met+the+delegation+in+Baghdad+on+Monday.";
    assert_eq!(sources(&get(server.port, url).json()), [MONDAY]);
    let url = format!("/api/v1/en/ar/unit?source={}", quote(CLICK));
    assert_eq!(sources(&get(server.port, &url).json()), [CLICK]);
    // A raw `/` (and a raw `//`) in the text of the path.
    let url = "/tmserver/en/ar/unit/Click%20%5BX6X%5D%20to%20save%20/%20cancel%20the%20report.";
    assert_eq!(sources(&get(server.port, url).json()), [CLICK]);
    // Units answer both ways: Arabic → English.
    let url = format!(
        "/tmserver/ar/en/unit/{}",
        quote("التقى رئيس الوزراء الوفد في بغداد يوم الاثنين.")
    );
    let answer = get(server.port, &url).json();
    assert_eq!(answer[0]["target"], MONDAY);
    assert_eq!(answer[0]["quality"], 100.0);
}

#[test]
fn same_language_or_no_text_is_a_404() {
    let (_dir, server) = served();
    for url in [
        "/tmserver/en/en/unit/Hello",
        "/tmserver/en_US/en-GB/unit/Hello",
        "/tmserver/en/ar/unit/",
        "/tmserver/en/ar/unit/%20%20",
        "/tmserver/en/ar/unit/?source=",
        "/tmserver/en/ar/units/Hello",
        "/tmserver/nothing",
    ] {
        let reply = get(server.port, url);
        assert_eq!(reply.status, 404, "{url}: {}", reply.text());
        assert!(reply.json()["error"].is_string(), "{url}");
    }
    let reply = get(server.port, "/tmserver/e%20n/ar/unit/Hello");
    assert_eq!(reply.status, 400, "{}", reply.text());
}

/// A memory of 40 variants of one sentence, all within 70 of each other.
fn many_variants() -> (tempfile::TempDir, Served) {
    let (dir, tm) = amagama_memory();
    let mut csv = String::from("en,ar\n");
    for n in 1..=40 {
        csv += &format!("Report number {n} was filed with the court today.,قدم التقرير رقم {n} إلى المحكمة اليوم.\n");
    }
    let file = dir.path().join("variants.csv");
    std::fs::write(&file, csv).unwrap();
    tarjama(&tm).arg("import").arg(&file).assert().success();
    let server = serve(&tm);
    (dir, server)
}

#[test]
fn min_similarity_has_a_floor_of_70_and_max_candidates_a_cap_of_30() {
    let (_dir, server) = many_variants();
    let q = quote("Report number 7 was filed with the court today.");
    let count = |params: &str| {
        let reply = get(server.port, &format!("/tmserver/en/ar/unit/{q}{params}"));
        assert_eq!(reply.status, 200, "{params}: {}", reply.text());
        let answer = reply.json();
        let qualities: Vec<f64> = answer
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["quality"].as_f64().unwrap())
            .collect();
        assert!(
            qualities.windows(2).all(|w| w[0] >= w[1]),
            "{params}: not best first: {qualities:?}"
        );
        let ranks: Vec<f64> = answer
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["rank"].as_f64().unwrap())
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        qualities
    };
    let default = count("");
    assert_eq!(default.len(), 5);
    assert_eq!(default[0], 100.0);
    assert_eq!(count("?max_candidates=3").len(), 3);
    assert_eq!(count("?max_candidates=30").len(), 30);
    assert_eq!(count("?max_candidates=1000").len(), 30);
    // 8 of 9 words: 88. Asking for 95 leaves only the identical one.
    assert_eq!(count("?min_similarity=95&max_candidates=30"), [100.0]);
    // Below the floor is the floor: the unrelated sentences of the memory never come back.
    let low = count("?min_similarity=10&max_candidates=30");
    assert_eq!(low.len(), 30);
    assert!(low.iter().all(|&q| q >= 70.0), "{low:?}");
    let reply = get(
        server.port,
        &format!("/tmserver/en/ar/unit/{q}?max_candidates=lots"),
    );
    assert_eq!(reply.status, 400);
}

#[test]
fn jsonp_and_cors_for_browser_clients() {
    let (_dir, server) = served();
    let url = format!("/tmserver/en/ar/unit/{}", quote(MONDAY));
    let plain = get(server.port, &url);
    assert_eq!(plain.header("access-control-allow-origin"), Some("*"));
    for (param, name) in [("jsoncallback", "cb_1"), ("callback", "jQuery.fn$2")] {
        let reply = get(server.port, &format!("{url}?{param}={name}"));
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-type"),
            Some("application/javascript; charset=utf-8")
        );
        let expected = format!("{name}({});", plain.text());
        assert_eq!(reply.text(), expected);
    }
    let reply = get(server.port, &format!("{url}?callback=alert(1)"));
    assert_eq!(reply.status, 400);
    let reply = get(server.port, "/tmserver/languages/?jsoncallback=langs");
    assert!(reply.text().starts_with("langs({"), "{}", reply.text());

    let reply = call(
        server.port,
        "OPTIONS",
        &url,
        "Origin: http://example.org\r\nAccess-Control-Request-Method: GET\r\n",
        b"",
    );
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert!(reply
        .header("access-control-allow-methods")
        .unwrap()
        .contains("GET"));
    assert!(reply
        .header("access-control-allow-headers")
        .unwrap()
        .contains("Authorization"));
}

/// Many candidates tied at one score: the amaGama route (which skips the word diffs) keeps
/// the first `max_candidates` of the order `POST /suggest` gives them, whatever the number
/// asked, so skipping work on the ties it drops changed no answer.
#[test]
fn tied_candidates_keep_the_order_of_post_suggest_for_any_max_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ties.csv");
    let mut rows = String::from("en,ar\n");
    // One word of seven replaced: every source scores the same against the query; the
    // repeated ones differ only in their target.
    let places = [
        "basra", "mosul", "kut", "erbil", "najaf", "mosul", "basra", "amman", "mosul", "hilla",
    ];
    for (i, place) in places.iter().enumerate() {
        rows.push_str(&format!(
            "the minister said in {place} on monday,قال الوزير في {place} {i}\n"
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let tm = dir.path().join("tm.db");
    tarjama(&tm).arg("import").arg(&csv).assert().success();
    let server = serve(&tm);
    let query = "the minister said in baghdad on monday";

    let body = serde_json::json!({ "text": query, "from": "en", "to": "ar", "top": 30 });
    let reply = call(
        server.port,
        "POST",
        "/suggest",
        "",
        body.to_string().as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let matches = reply.json()[0]["matches"].as_array().unwrap().clone();
    assert_eq!(matches.len(), places.len());
    assert!(matches.iter().all(|m| m["score"] == matches[0]["score"]));
    let full = pairs(&matches);

    for wanted in [1, 2, 3, 4, 5, 7, 30] {
        let url = format!(
            "/tmserver/en/ar/unit/{}?max_candidates={wanted}",
            quote(query)
        );
        let answer = get(server.port, &url).json();
        let got = pairs(answer.as_array().unwrap());
        assert_eq!(
            got,
            full[..wanted.min(full.len())],
            "max_candidates={wanted}"
        );
    }
}
