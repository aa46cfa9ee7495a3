//! tarjama's amaGama routes against the reference implementation: Translate Toolkit's
//! `tmserver` (3.18.1, `pip install 'translate-toolkit[tmserver]==3.18.1'`, which `.ci/run`
//! does) serves the same protocol from a TMX file. The memory is exported to TMX, both
//! servers are asked the same ASCII queries, and the sets of sources each returns at 70 or
//! more must be the same. The scores themselves differ by design (README, "amaGama
//! protocol"): tarjama's is word-level, the reference's character-level.
//!
//! Skips, saying why, when `tmserver` is not installed (`TARJAMA_TMSERVER` may name it).

use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
mod server_support;
use common::tarjama;
use server_support::{amagama_memory, get, quote, serve};

/// The reference server, stopped when dropped.
struct Reference(Child);

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tmserver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TARJAMA_TMSERVER") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join("tmserver"))
        .find(|p| p.is_file())
}

const QUERIES: [&str; 10] = [
    "The prime minister met the delegation in Baghdad on Monday.",
    "The prime minister met the delegation in Baghdad on Tuesday.",
    "The ministry said the situation in the province is calm.",
    "Security forces arrested six suspects in Basra on Sunday.",
    "Heavy rain flooded the streets of the capital.",
    "Schools will reopen on Monday after the holiday.",
    "Oil exports rose by 7% in October.",
    "The council will meet next week.",
    "Completely unrelated sentence about football results.",
    "Click [X6X] to save / cancel the report.",
];

#[test]
fn the_same_sources_as_translate_toolkit_tmserver() {
    let Some(program) = tmserver() else {
        eprintln!(
            "skipped: Translate Toolkit's tmserver is not installed \
             (pip install 'translate-toolkit[tmserver]==3.18.1', or set TARJAMA_TMSERVER)"
        );
        return;
    };
    let (dir, tm) = amagama_memory();
    let tmx = dir.path().join("memory.tmx");
    tarjama(&tm)
        .args([
            "export", "--format", "tmx", "--from", "en", "--to", "ar", "-o",
        ])
        .arg(&tmx)
        .assert()
        .success();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&program)
        // A file: an in-memory database is not shared by the server's threads.
        .arg("-d")
        .arg(dir.path().join("tmdb.sqlite"))
        .args(["-s", "en", "-t", "ar", "-b", "127.0.0.1"])
        .args(["--min-similarity", "70", "--max-candidates", "30"])
        .arg("-p")
        .arg(port.to_string())
        .arg("-f")
        .arg(&tmx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(child) = child else {
        eprintln!("skipped: cannot run {}", program.display());
        return;
    };
    let _reference = Reference(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "tmserver did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let ours = serve(&tm);
    let mut matched = 0;
    for query in QUERIES {
        let url = format!("/tmserver/en/ar/unit/{}", quote(query));
        let theirs = get(port, &url);
        assert_eq!(theirs.status, 200, "tmserver {url}: {}", theirs.text());
        let mine = get(ours.port, &format!("{url}?max_candidates=30"));
        let set = |answer: serde_json::Value| -> BTreeSet<String> {
            answer
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["quality"].as_f64().unwrap() >= 70.0)
                .map(|c| c["source"].as_str().unwrap().to_string())
                .collect()
        };
        let (theirs, mine) = (set(theirs.json()), set(mine.json()));
        assert_eq!(mine, theirs, "{query}");
        matched += usize::from(!mine.is_empty());
    }
    // Most queries have an answer, so agreeing is not agreeing on nothing.
    assert!(matched >= 7, "{matched}");
}
