//! The translator's desk (`GET /` of `tarjama serve`) in a real headless browser: Debian's
//! `chromium` driven through `chromedriver` (WebDriver). Skips, saying why, when they are
//! not installed (`.ci/run` installs them).
//!
//! With `TARJAMA_DESK_SCREENSHOTS=DIR` the first test also writes the screenshots of the three
//! views at 1280×800 and 390 px wide that README shows (`scripts/desk_screenshots.sh`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod common;
mod desk_support;
use common::{align_sample_story, past_stories_and_glossary, repo, tarjama, TestEnv};
use desk_support::webdriver::{missing_tools, Browser, ENTER};
use desk_support::Server;

const TOKEN: &str = "desk-test-token-5f1c";

fn skip() -> bool {
    match missing_tools() {
        Some(why) => {
            eprintln!("skipping the desk browser test: {why}");
            true
        }
        None => false,
    }
}

/// A string property of the first element matching `css` ("" when none matches).
fn prop(b: &Browser, css: &str, name: &str) -> String {
    b.js(
        "const e = document.querySelector(arguments[0]); return e ? String(e[arguments[1]]) : ''",
        json!([css, name]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn count(b: &Browser, css: &str) -> u64 {
    b.js(
        "return document.querySelectorAll(arguments[0]).length",
        json!([css]),
    )
    .as_u64()
    .unwrap()
}

/// Waits until the text of `css` contains `wanted`.
fn wait_text(b: &Browser, css: &str, wanted: &str) -> String {
    b.wait(&format!("{css} to say {wanted:?}"), || {
        let text = prop(b, css, "textContent");
        text.contains(wanted).then_some(text)
    })
}

#[test]
fn the_desk_translates_the_sample_story_checks_the_draft_and_keeps_it() {
    if skip() {
        return;
    }
    let (dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let token_arg = token_file.to_str().unwrap();
    let mut server = Server::start(&tm, &["--write-token", token_arg]);
    let b = Browser::start(1280, 800);
    b.goto(&server.url);
    wait_text(&b, "#memory-state", "units");

    // Paste the new Arabic story: its language is detected, it is segmented and looked up.
    let story = std::fs::read_to_string(repo("memories/sample/new-story.ar.txt")).unwrap();
    let source = b.wait_for("#source-text");
    b.type_into(&source, &story);
    assert_eq!(prop(&b, "#source-lang", "value"), "ar");
    b.click(&b.wait_for("#segment-btn"));
    b.wait_for("#seg-0 .match");
    assert_eq!(count(&b, ".seg"), 4, "the story has four sentences");
    let best = prop(&b, "#seg-0 .match .mtgt", "textContent");
    assert!(best.contains("Joint Operations Command"), "{best}");
    // The word that differs from the stored sentence is marked, with its score band.
    assert!(count(&b, "#seg-0 .match mark.diff") >= 1);
    // In the sentence itself, the word the best match lacks: ثلاثة ("three" for its "five").
    assert_eq!(prop(&b, "#seg-0 .src mark.diff", "textContent"), "ثلاثة");
    assert!(prop(&b, "#seg-0 .match .score", "className").contains("band-"));
    assert!(prop(&b, "#seg-0 .terms", "textContent").contains("Anbar"));
    // Arabic cells are right to left.
    assert_eq!(prop(&b, "#seg-0 .src", "dir"), "rtl");

    // Ctrl+1 puts the best match into the draft; Ctrl+Enter confirms and moves on.
    b.click(&b.wait_for("#draft-0"));
    b.ctrl('1');
    b.wait("the match in the draft", || {
        (prop(&b, "#draft-0", "value") == best).then_some(())
    });
    b.ctrl(ENTER);
    b.wait("segment 1 confirmed, focus on draft 2", || {
        let focus = b.js("return document.activeElement.id", json!([]));
        (prop(&b, "#seg-0", "className").contains("confirmed") && focus == "draft-1").then_some(())
    });

    // A forbidden variant typed into a draft is underlined, the preferred form on hover.
    let typed = "Kazemi said the security situation in Baghdad is stable.";
    b.type_into(&b.wait_for("#draft-1"), typed);
    b.wait_for("#seg-1 .checked .flag.forbidden");
    assert_eq!(
        prop(&b, "#seg-1 .checked .flag.forbidden", "textContent"),
        "Kazemi"
    );
    let hover = prop(&b, "#seg-1 .checked .flag.forbidden", "title");
    assert!(hover.contains("Write “Al-Kadhimi”"), "{hover}");
    // The source's terms missing from the draft are listed (Major General, Tahsin al-Khafaji).
    wait_text(&b, "#seg-1 .findings", "missing term");
    b.ctrl(ENTER);
    wait_text(&b, "#draft-progress", "2 of 4 segments confirmed");

    // The files the download buttons give.
    let xliff = b.js("return tarjamaDesk.xliff()", json!([]));
    let xliff = xliff.as_str().unwrap();
    assert!(
        xliff.contains(r#"<target state="translated">Kazemi said"#),
        "{xliff}"
    );
    validate_xliff(xliff, dir.path());
    let tsv = b.js("return tarjamaDesk.tsv()", json!([]));
    assert!(tsv.as_str().unwrap().starts_with("ar\ten\n"));

    if let Ok(dir) = std::env::var("TARJAMA_DESK_SCREENSHOTS") {
        screenshots(&b, &server.url, Path::new(&dir));
        b.resize(1280, 800);
        b.goto(&format!("{}#translate", server.url));
    }

    // A reload keeps the draft (local storage) until it is saved.
    b.goto(&server.url);
    b.wait("the draft restored", || {
        (prop(&b, "#draft-1", "value") == typed).then_some(())
    });
    assert!(prop(&b, "#seg-0", "className").contains("confirmed"));

    // The server stops: the page says so and the draft stays.
    server.stop();
    b.type_into(&b.wait_for("#draft-2"), "The draft goes on.");
    b.wait("the server-stopped banner", || {
        (prop(&b, "#offline", "hidden") == "false").then_some(())
    });
    b.wait("the new draft in local storage", || {
        let kept = b.js(
            "return JSON.parse(localStorage.getItem('tarjama-desk-draft')).segs[2].draft",
            json!([]),
        );
        (kept == "The draft goes on.").then_some(())
    });

    // It comes back: Retry clears the message.
    let server = Server::start_at(&tm, server.addr(), &["--write-token", token_arg]);
    // (The page also polls; Retry asks at once.)
    b.js("document.getElementById('retry').click()", json!([]));
    b.wait("the banner gone", || {
        (prop(&b, "#offline", "hidden") == "true").then_some(())
    });
    save_with_token(&b, &tm, typed);
    drop(server);
}

/// "Save to memory" asks for the token once, stores the confirmed pairs with POST /units, and
/// the CLI reads them back.
fn save_with_token(b: &Browser, tm: &Path, typed: &str) {
    let origin = "desk-test-story";
    b.js(
        "const o = document.getElementById('save-origin'); o.value = arguments[0]; \
         o.dispatchEvent(new Event('input'))",
        json!([origin]),
    );
    b.click(&b.wait_for("#save-btn"));
    let input = b.wait_for("#token-form:not([hidden]) #token-input");
    b.type_into(&input, &format!("{TOKEN}{ENTER}"));
    wait_text(b, "#translate-status", "Saved 2 confirmed pairs");
    let out = tarjama(tm)
        .args(["unit", "show", "--origin", origin, "--json"])
        .output()
        .unwrap();
    let units: Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets: Vec<&str> = units
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["target"]["text"].as_str())
        .collect();
    assert!(targets.contains(&typed), "{units}");
    assert_eq!(targets.len(), 2, "{units}");
}

/// Validates the desk's XLIFF against the OASIS XLIFF 1.2 strict schema with xmllint (the
/// schema from Debian's php-symfony-translation, its import of xml.xsd made local).
fn validate_xliff(xliff: &str, dir: &Path) {
    let schemas = Path::new("/usr/share/php/Symfony/Component/Translation/Resources/schemas");
    let strict = schemas.join("xliff-core-1.2-strict.xsd");
    let (Ok(xsd), true) = (std::fs::read_to_string(&strict), which("xmllint")) else {
        eprintln!(
            "skipping the XLIFF schema check: no xmllint or no {}",
            strict.display()
        );
        return;
    };
    let local = xsd.replace(
        "http://www.w3.org/2001/xml.xsd",
        schemas.join("xml.xsd").to_str().unwrap(),
    );
    let (xsd_path, xlf_path) = (dir.join("strict.xsd"), dir.join("draft.xlf"));
    std::fs::write(&xsd_path, local).unwrap();
    std::fs::write(&xlf_path, xliff).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .args([&xsd_path, &xlf_path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{xliff}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn which(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
}

/// The three views at 1280×800 and 390 px wide, into `dir`.
fn screenshots(b: &Browser, url: &str, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (width, height, tag) in [(1280, 800, "wide"), (390, 800, "phone")] {
        b.resize_viewport(width, height);
        b.goto(&format!("{url}#translate"));
        b.wait_for("#seg-1 .checked .flag");
        b.js(
            "document.getElementById('seg-1').scrollIntoView({block: 'start'}); \
             window.scrollBy(0, -60)",
            json!([]),
        );
        b.screenshot(&dir.join(format!("desk-translate-{tag}.png")));
        b.goto(&format!("{url}#review"));
        b.wait_for("#pairs tbody tr td");
        b.js("window.scrollTo(0, 0)", json!([]));
        b.screenshot(&dir.join(format!("desk-review-{tag}.png")));
        b.goto(&format!("{url}#lookup"));
        b.js(
            "document.getElementById('lookup-input').value = ''",
            json!([]),
        );
        b.type_into(&b.wait_for("#lookup-input"), &format!("الكاظمي{ENTER}"));
        b.wait_for(".entry");
        b.wait_for("#conc tbody tr");
        b.js("window.scrollTo(0, 0)", json!([]));
        b.screenshot(&dir.join(format!("desk-lookup-{tag}.png")));
    }
}

/// A text that would run a script if it were inserted as HTML.
const PAYLOAD: &str = "<img src=x onerror=alert(1)>";

/// Nothing ran and no image was made: no dialog open, no <img> in the page.
fn assert_inert(b: &Browser, place: &str) {
    assert_eq!(b.open_dialog(), None, "{place}: a dialog opened");
    assert_eq!(count(b, "img"), 0, "{place}: an <img> was made");
}

#[test]
fn a_sentence_without_a_whole_match_shows_the_runs_the_memory_knows() {
    if skip() {
        return;
    }
    let (_dir, tm) = past_stories_and_glossary();
    let server = Server::start(&tm, &[]);
    let b = Browser::start(1280, 800);
    b.goto(&server.url);
    wait_text(&b, "#memory-state", "units");
    // Nothing stored is near this sentence; "the security forces" is in three stored units.
    let text = "The delegation said on Sunday that the security forces arrested two suspects.";
    b.type_into(&b.wait_for("#source-text"), text);
    assert_eq!(prop(&b, "#source-lang", "value"), "en");
    b.click(&b.wait_for("#segment-btn"));
    let shown = wait_text(&b, "#seg-0 .frags", "the security forces");
    assert!(shown.contains("القوات الأمنية"), "{shown}");
    assert!(prop(&b, "#seg-0 .nomatch", "textContent").contains("No whole match"));
    assert_eq!(count(&b, "#seg-0 .match"), 0);
    assert_eq!(count(&b, "#seg-0 .cut"), 0);
}

#[test]
fn a_fragment_search_stopped_at_the_servers_limit_says_so() {
    if skip() {
        return;
    }
    let (_dir, tm) = past_stories_and_glossary();
    let server = Server::start(&tm, &["--fragment-checks", "1"]);
    let b = Browser::start(1280, 800);
    b.goto(&server.url);
    wait_text(&b, "#memory-state", "units");
    let text = "The delegation said on Sunday that the security forces arrested two suspects.";
    b.type_into(&b.wait_for("#source-text"), text);
    b.click(&b.wait_for("#segment-btn"));
    let note = wait_text(&b, "#seg-0 .cut", "stopped early");
    assert!(note.contains("not looked for"), "{note}");
    assert_eq!(count(&b, "#seg-0 .match"), 0);
}

#[test]
fn texts_from_the_memory_show_as_text_and_never_run() {
    if skip() {
        return;
    }
    let env = TestEnv::new();
    let csv = env.file(
        "xss.csv",
        format!(
            "ar,en,origin\n\"{PAYLOAD} قال الوزير إن الوضع مستقر.\",\"{PAYLOAD} The minister said the situation is stable.\",\"{PAYLOAD}\"\n"
        ),
    );
    env.cmd().arg("import").arg(&csv).assert().success();
    let server = Server::start(&env.tm(), &[]);
    let b = Browser::start(1280, 800);

    // Translate: the suggestion shows the payload as text.
    b.goto(&server.url);
    b.type_into(
        &b.wait_for("#source-text"),
        &format!("{PAYLOAD} قال الوزير إن الوضع مستقر."),
    );
    b.click(&b.wait_for("#segment-btn"));
    b.wait_for("#seg-0 .match");
    assert!(prop(&b, "#seg-0 .match .mtgt", "textContent").contains(PAYLOAD));
    assert!(prop(&b, "#seg-0 .src", "textContent").contains(PAYLOAD));
    b.click(&b.wait_for("#draft-0"));
    b.ctrl('1');
    b.wait_for("#seg-0 .findings");
    assert_inert(&b, "translate");

    // Review: the origin (named with the payload) and its pair.
    b.goto(&format!("{}#review", server.url));
    b.wait_for("#pairs tbody tr td");
    assert_eq!(prop(&b, "#origin-select option", "value"), PAYLOAD);
    assert!(prop(&b, "#pairs tbody", "textContent").contains(PAYLOAD));
    assert_inert(&b, "review");

    // Look up: the concordance hit.
    b.goto(&format!("{}#lookup", server.url));
    b.type_into(&b.wait_for("#lookup-input"), &format!("onerror{ENTER}"));
    b.wait_for("#conc tbody tr");
    assert!(prop(&b, "#conc tbody", "textContent").contains(PAYLOAD));
    assert_inert(&b, "look up");
}

#[test]
fn the_alignment_report_shows_markup_in_the_articles_as_text() {
    if skip() {
        return;
    }
    let env = TestEnv::new();
    let ar = env.file(
        "a.ar.txt",
        format!("{PAYLOAD} قال الوزير إن الوضع مستقر.\n"),
    );
    let en = env.file(
        "a.en.txt",
        format!("{PAYLOAD} The minister said the situation is stable.\n"),
    );
    let report: PathBuf = env.dir.path().join("report.html");
    env.cmd()
        .arg("align")
        .args([&ar, &en])
        .arg("--dry-run")
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let b = Browser::start(1280, 800);
    b.goto(&format!("file://{}", report.display()));
    b.wait_for("table td");
    assert!(prop(&b, "table", "textContent").contains(PAYLOAD));
    assert_inert(&b, "alignment report");
}

#[test]
fn an_empty_memory_says_what_to_do_and_a_1_mb_article_is_paged() {
    if skip() {
        return;
    }
    let env = TestEnv::new();
    env.cmd()
        .args(["glossary", "import"])
        .arg(repo("glossaries/iraq-security.csv"))
        .assert()
        .success();
    let server = Server::start(&env.tm(), &[]);
    let b = Browser::start(1280, 800);
    b.goto(&server.url);
    b.wait("the empty-memory message", || {
        (prop(&b, "#empty-memory", "hidden") == "false").then_some(())
    });
    assert!(prop(&b, "#empty-memory", "textContent").contains("tarjama import"));

    // An empty paste is refused with a message.
    b.click(&b.wait_for("#segment-btn"));
    wait_text(&b, "#translate-status", "the box is empty");

    // A pasted 1 MB article is segmented and shown 40 sentences a page.
    let story = std::fs::read_to_string(repo("memories/sample/2021-09-09-joc.ar.txt")).unwrap();
    let big = format!("{story}\n\n").repeat(1_000_000 / story.len() + 1);
    b.js(
        "const t = document.getElementById('source-text'); t.value = arguments[0]; \
         t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('paste'))",
        json!([big]),
    );
    let pager = wait_text(&b, "#pager-top", "Page 1 of");
    assert_eq!(count(&b, ".seg"), 40, "{pager}");
    wait_text(&b, "#translate-status", "of the 40 shown have matches");
    b.click(&b.wait_for("#pager-top button:last-child"));
    b.wait_for("#seg-40");
    assert_eq!(count(&b, ".seg"), 40);
    wait_text(&b, "#pager-top", "Page 2 of");
}

/// Not a check but a figure, printed when asked: `TARJAMA_DESK_BENCH=MEMORY.db cargo test
/// --release --test desk first_suggestions -- --nocapture` pastes a 30-sentence NTREX
/// article (from ../shared/data) and prints the time from "segment" to the first
/// suggestions shown and to those of the whole page, five times.
#[test]
fn first_suggestions_timing_on_a_given_memory() {
    let Ok(memory) = std::env::var("TARJAMA_DESK_BENCH") else {
        eprintln!("skipping the desk timing: set TARJAMA_DESK_BENCH=MEMORY.db to print it");
        return;
    };
    // ../shared beside the repo (or beside the folder of worktrees).
    let ntrex = ["../shared", "../../shared"]
        .map(|s| repo(s).join("data/ntrex128-en-ar/newstest2019-ref.arb.txt"))
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| repo("../shared/data/ntrex128-en-ar/newstest2019-ref.arb.txt"));
    let Ok(lines) = std::fs::read_to_string(&ntrex) else {
        eprintln!("skipping the desk timing: {} is absent", ntrex.display());
        return;
    };
    if skip() {
        return;
    }
    let article: Vec<&str> = lines.lines().skip(1000).take(30).collect();
    let server = Server::start(Path::new(&memory), &[]);
    let b = Browser::start(1280, 800);
    for run in 1..=5 {
        b.goto(&format!("{}?run={run}", server.url));
        b.wait_for("#source-text");
        b.js("localStorage.clear()", json!([]));
        b.js(
            "const t = document.getElementById('source-text'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('paste'))",
            json!([article.join("\n\n")]),
        );
        let page = b.wait("suggestions shown", || {
            b.js("return tarjamaDesk.timing.page", json!([])).as_f64()
        });
        let first = b
            .js("return tarjamaDesk.timing.shown", json!([]))
            .as_f64()
            .unwrap();
        let segments = count(&b, ".seg");
        let matched = count(&b, ".seg .match");
        println!(
            "run {run}: {segments} segments; first suggestions after {first:.0} ms, all \
             {matched} matches of the page after {page:.0} ms"
        );
    }
}

/// The review view's actions go through the server's write routes, with the token.
#[test]
fn the_reviewer_marks_edits_and_deletes_pairs_with_the_token() {
    if skip() {
        return;
    }
    let (dir, tm) = past_stories_and_glossary();
    align_sample_story(&tm);
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let server = Server::start(&tm, &["--write-token", token_file.to_str().unwrap()]);
    let b = Browser::start(1280, 800);
    b.goto(&format!("{}#review", server.url));
    wait_text(&b, "#review-status", "12 pairs, 0 reviewed");
    let row = |n: usize| format!("#pairs tbody tr:nth-child({n})");

    // One pair reviewed: the token is asked once.
    b.click(&b.wait_for(&format!("{} .ctl button:nth-child(1)", row(1))));
    let input = b.wait_for("#token-form:not([hidden]) #token-input");
    b.type_into(&input, &format!("{TOKEN}{ENTER}"));
    wait_text(&b, "#review-status", "12 pairs, 1 reviewed");
    b.wait_for(&format!("{} .badge.reviewed", row(1)));

    // A pair's English edited.
    b.click(&b.wait_for(&format!("{} .ctl button:nth-child(2)", row(2))));
    b.js(
        "document.querySelectorAll('#pairs tbody tr')[1].querySelectorAll('textarea')[1].value = arguments[0]",
        json!(["Baghdad (INA)"]),
    );
    b.click(&b.wait_for(&format!("{} .ctl button.primary", row(2))));
    wait_text(&b, &row(2), "Baghdad (INA)");

    // A pair deleted (asked twice), then the whole article marked reviewed.
    let delete = format!("{} .ctl button:nth-child(3)", row(3));
    b.click(&b.wait_for(&delete));
    b.click(&b.wait_for(&delete));
    wait_text(&b, "#review-status", "11 pairs");
    b.click(&b.wait_for("#article-reviewed"));
    wait_text(&b, "#review-status", "11 pairs, 11 reviewed");

    let units: Value = serde_json::from_slice(
        &tarjama(&tm)
            .args(["unit", "show", "--origin", "ina-2021-09-09", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let units = units.as_array().unwrap();
    assert_eq!(units.len(), 11);
    assert!(units.iter().all(|u| u["status"] == "reviewed"));
    assert!(units.iter().any(|u| u["target"]["text"] == "Baghdad (INA)"));
}
