//! A small W3C WebDriver client over plain HTTP/1.1 (std TcpStream and serde_json), enough to
//! drive Debian's headless Chromium through `chromedriver` from a test: navigate, find
//! elements, click, type, key chords, run a script, resize, take screenshots. Blocking and
//! without an async runtime, so the desk test adds no dependency to the build.

use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key WebDriver uses to carry an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
pub const CONTROL: char = '\u{E009}';
pub const ENTER: char = '\u{E007}';

/// A headless Chromium session, closed (and its driver stopped) when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// Why the browser test cannot run here (printed as the reason it skips).
pub fn missing_tools() -> Option<String> {
    if find_program(&["chromedriver"]).is_none() {
        return Some("no chromedriver (Debian: apt-get install chromium-driver)".into());
    }
    if find_program(&["chromium", "chromium-browser", "google-chrome"]).is_none() {
        return Some("no chromium (Debian: apt-get install chromium)".into());
    }
    None
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session with a fresh profile.
    pub fn start(width: u32, height: u32) -> Browser {
        let driver_path = find_program(&["chromedriver"]).expect("chromedriver");
        let chromium =
            find_program(&["chromium", "chromium-browser", "google-chrome"]).expect("chromium");
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.raw("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--lang=en-US",
            &format!("--user-data-dir={}", browser._profile.path().display()),
            &format!("--window-size={width},{height}"),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let answer = browser
            .raw("POST", "/session", Some(&caps))
            .unwrap_or_else(|e| panic!("no browser session: {e}"));
        browser.session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {answer}"))
            .to_string();
        browser.resize(width, height);
        browser
    }

    /// One WebDriver command; the answer's `value`, or the error it reports.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.session);
        let answer = self.raw(method, &path, body.as_ref())?;
        if let Some(error) = answer["value"]["error"].as_str() {
            return Err(format!(
                "{error}: {}",
                answer["value"]["message"].as_str().unwrap_or("")
            ));
        }
        Ok(answer["value"].clone())
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    fn raw(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open: read the head, then Content-Length bytes.
        let mut reader = std::io::BufReader::new(stream);
        let mut head = String::new();
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                break;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
            head.push_str(&line);
        }
        let length = length.ok_or_else(|| format!("no Content-Length in {head:?}"))?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body).map_err(|e| e.to_string())?;
        serde_json::from_slice(&body)
            .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
    }

    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn resize(&self, width: u32, height: u32) {
        self.must(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// Resizes the window so that the page itself (the viewport) is `width`×`height`.
    pub fn resize_viewport(&self, width: u32, height: u32) {
        self.resize(width, height);
        let inner = self.js("return [innerWidth, innerHeight]", json!([]));
        let (w, h) = (inner[0].as_u64().unwrap(), inner[1].as_u64().unwrap());
        self.resize(2 * width - w as u32, 2 * height - h as u32);
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and gives its result.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    pub fn find(&self, css: &str) -> Option<Value> {
        self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        )
        .ok()
    }

    /// Waits (up to 60 s) until `css` matches an element.
    pub fn wait_for(&self, css: &str) -> Value {
        self.wait(&format!("an element {css}"), || self.find(css))
    }

    /// Polls `probe` until it gives something (up to 60 s on a loaded machine; a hang is a
    /// failure, never a figure).
    pub fn wait<T>(&self, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(found) = probe() {
                return found;
            }
            assert!(Instant::now() < deadline, "waited 60 s for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element_path(element: &Value, rest: &str) -> String {
        let id = element[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("not an element: {element}"));
        format!("/element/{id}{rest}")
    }

    pub fn click(&self, element: &Value) {
        self.must(
            "POST",
            &Self::element_path(element, "/click"),
            Some(json!({})),
        );
    }

    /// Types `text` into the element (focusing it), as a user would.
    pub fn type_into(&self, element: &Value, text: &str) {
        self.must(
            "POST",
            &Self::element_path(element, "/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Presses `key` while holding Control, on whatever has the focus.
    pub fn ctrl(&self, key: char) {
        let (ctrl, key) = (CONTROL.to_string(), key.to_string());
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": ctrl}, {"type": "keyDown", "value": key},
            {"type": "keyUp", "value": key}, {"type": "keyUp", "value": ctrl},
        ]}]});
        self.must("POST", "/actions", Some(actions));
        self.must("DELETE", "/actions", None);
    }

    /// The text of an open JavaScript dialog (alert, confirm), if one is open.
    pub fn open_dialog(&self) -> Option<String> {
        self.call("GET", "/alert/text", None)
            .ok()
            .map(|v| v.as_str().unwrap_or_default().to_string())
    }

    /// A PNG of the viewport, written to `path`.
    pub fn screenshot(&self, path: &Path) {
        let data = self.must("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().unwrap());
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.raw("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (k, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(c)) << (18 - 6 * k);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}
