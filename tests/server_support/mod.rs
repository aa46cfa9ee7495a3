//! Running `tarjama serve` (the real binary) on a free port and talking raw HTTP/1.1 to it,
//! shared by the `server*` tests: a raw socket lets the tests send what real clients send,
//! byte for byte (encoded paths, keep-alive, slow or oversized bodies).

#![allow(dead_code)] // each test binary uses its own subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use crate::common::{repo, tarjama};

/// A memory holding `tests/fixtures/server/amagama.csv` (English → Arabic news sentences),
/// in a temporary folder that lives as long as the returned `TempDir`.
pub fn amagama_memory() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("tm.db");
    tarjama(&tm)
        .arg("import")
        .arg(repo("tests/fixtures/server/amagama.csv"))
        .assert()
        .success();
    (dir, tm)
}

/// A running server, stopped when dropped.
pub struct Served {
    pub child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `tarjama serve` on memory `tm` with extra arguments and environment.
pub fn serve_with(tm: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
    let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("tarjama"));
    cmd.env("TARJAMA_TM", tm)
        .env_remove("TARJAMA_WRITE_TOKEN")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if !args.contains(&"--threads") {
        cmd.args(["--threads", "2"]);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port = first
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    Served { child, port }
}

pub fn serve(tm: &Path) -> Served {
    serve_with(tm, &[], &[])
}

/// A parsed HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one answer (with a Content-Length body) from a keep-alive connection.
pub fn read_reply(reader: &mut BufReader<TcpStream>) -> Reply {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {line:?}"));
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (n, v) = l.split_once(':').unwrap();
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunks(reader)
    } else {
        let len: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        body
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// A chunked body (the reference server sends one).
fn read_chunks(reader: &mut BufReader<TcpStream>) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).unwrap();
        let size = usize::from_str_radix(size.trim().split(';').next().unwrap(), 16).unwrap();
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

/// Writes one request; `extra` are whole header lines ending in `\r\n`.
pub fn send(stream: &mut TcpStream, method: &str, target: &str, extra: &str, body: &[u8]) {
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    );
    let mut all = head.into_bytes();
    all.extend_from_slice(body);
    stream.write_all(&all).unwrap();
}

/// One request on a new connection.
pub fn call(port: u16, method: &str, target: &str, extra: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    send(&mut stream, method, target, extra, body);
    read_reply(&mut BufReader::new(stream))
}

pub fn get(port: u16, target: &str) -> Reply {
    call(port, "GET", target, "", b"")
}

/// Python's `urllib.parse.quote(text, safe="")`: every byte but `A-Za-z0-9_.-~` escaped.
pub fn quote(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Java's `URLEncoder.encode(text, "UTF-8")` followed by `.replace("+", "%20")`, as Okapi's
/// amaGama connector builds its URLs.
pub fn java_url_encode_then_plus_to_20(text: &str) -> String {
    let encoded: String = text
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    encoded.replace('+', "%20")
}
