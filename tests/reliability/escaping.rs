//! The alignment review page and the pretranslate page show memory text as text: sentences
//! carrying `<script>` and `<img onerror>` render inert. Checked in headless Chromium (Debian package `chromium`,
//! installed by .ci/run): the page is loaded with scripts enabled and its DOM dumped after
//! load; a control page first proves that this Chromium does run scripts.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fixture;
use crate::import_support::TestEnv;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// The DOM of `page` after load (scripts enabled, two seconds of virtual time).
fn dump_dom(browser: &Path, page: &Path, profile: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Chromium, once a control page has shown that it runs scripts (so "no script ran" means
/// something); `None`, with the reason printed, when there is no such browser.
fn browser_that_runs_scripts(env: &TestEnv) -> Option<PathBuf> {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH (apt-get install chromium; .ci/run does)");
        return None;
    };
    let control = env.write("control.html", "<html><head><title>clean</title></head><body><script>document.title='PWNED'</script></body></html>");
    let control_dom = dump_dom(&browser, &control, &env.path("profile"));
    if !control_dom.contains("<title>PWNED</title>") {
        eprintln!("skipped: this chromium did not run the control page's script: {control_dom:?}");
        return None;
    }
    Some(browser)
}

/// The body of a loaded page after checking that no payload ran or became an element.
fn inert_body(dom: &str) -> &str {
    assert!(!dom.contains("PWNED</title>"), "a script ran: {dom}");
    let body = &dom[dom.find("<body").expect("a body")..];
    assert!(
        !body.contains("<script"),
        "a script element made it into the page"
    );
    assert!(
        !body.contains("<img"),
        "an img element made it into the page"
    );
    body
}

#[test]
fn script_and_img_payloads_in_the_review_page_are_inert() {
    let env = TestEnv::new();
    let Some(browser) = browser_that_runs_scripts(&env) else {
        return;
    };
    let page = env.path("review.html");
    env.tarjama()
        .arg("align")
        .arg(fixture("hostile.ar.txt"))
        .arg(fixture("hostile.en.txt"))
        .args(["--dry-run", "--report"])
        .arg(&page)
        .assert()
        .success();
    let dom = dump_dom(&browser, &page, &env.path("profile"));
    assert!(
        dom.contains("<title>Alignment of"),
        "page did not load: {dom}"
    );
    let body = inert_body(&dom);
    assert!(body.contains("&lt;script&gt;document.title=\"PWNED\"&lt;/script&gt;"));
    assert!(body.contains("&lt;img src=x onerror="));
}

/// The pretranslate page (`pretranslate --format html`) shows the article and the memory's
/// matches as text: a stored target and an article sentence carrying markup stay inert.
#[test]
fn script_and_img_payloads_in_the_pretranslate_page_are_inert() {
    let env = TestEnv::new();
    let Some(browser) = browser_that_runs_scripts(&env) else {
        return;
    };
    // A past unit whose source is the article's first sentence and whose target is hostile.
    let units = env.write(
        "units.csv",
        "ar,en\n\"قال المتحدث <script>document.title=\"\"PWNED\"\"</script> إن الوضع مستقر.\",\"The spokesman <img src=x onerror=\"\"document.title='PWNED'\"\"> said it is calm.\"\n",
    );
    env.tarjama().arg("import").arg(&units).assert().success();
    let page = env.path("draft.html");
    env.tarjama()
        .arg("pretranslate")
        .arg(fixture("hostile.ar.txt"))
        .args(["--from", "ar", "--to", "en", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("The spokesman &lt;img"),
        "the match is not on the page: {html}"
    );
    let dom = dump_dom(&browser, &page, &env.path("profile"));
    assert!(dom.contains("<body"), "page did not load: {dom}");
    let body = inert_body(&dom);
    assert!(body.contains("&lt;img src=x onerror="));
}
