//! Large texts: checked in batches on several threads with lines kept in order, and
//! streamed from standard input in bounded memory.

use super::*;

#[test]
fn a_long_text_is_checked_in_batches_with_its_lines_in_order() {
    // 5,000 lines: several batches, checked on several threads, put back in order; the
    // full form on line 3 still introduces the JOC of line 4,000.
    let mut lines: Vec<String> = (1..=5000)
        .map(|i| format!("Line {i} has nothing to say."))
        .collect();
    lines[0] = "Kazemi spoke first.".into();
    lines[2] = "The Joint Operations Command met.".into();
    lines[3999] = "The JOC spokesman spoke.".into();
    lines[4999] = "Kazemi spoke last.".into();
    let env = seeded();
    let (_dir, text) = text_file(&(lines.join("\n") + "\n"));
    let (places, code) = json_findings(&env, &text);
    let forbidden = "forbidden".to_string();
    assert_eq!(places, [(1, 1, forbidden.clone()), (5000, 1, forbidden)]);
    assert_eq!(code, Some(1));
}

/// Peak resident memory of process `pid` so far, in KiB (Linux).
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_text_streams_in_bounded_memory() {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    // 12 MB on standard input; the peak memory of `check` after 2 MB and just before the
    // end (while it waits for the last line) must not grow with the text.
    let env = seeded();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("tarjama"))
        .env("TARJAMA_TM", env.tm())
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let line =
        "The minister met officials in Baghdad on Thursday to discuss the security situation.\n";
    let per_mb = (1 << 20) / line.len();
    let mut early = 0;
    for mb in 1..=12 {
        for _ in 0..per_mb {
            stdin.write_all(line.as_bytes()).unwrap();
        }
        if mb == 2 {
            early = peak_kib(pid);
        }
    }
    stdin.flush().unwrap();
    let late = peak_kib(pid);
    stdin.write_all(b"Kazemi spoke last.\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let out = reader.join().unwrap();
    assert_eq!(status.code(), Some(1), "{out}");
    let last = format!("-:{}:1", 12 * per_mb + 1);
    assert!(out.contains(&last), "{last} not in {out}");
    assert!(
        late < early + 8 * 1024,
        "peak memory grew from {early} KiB to {late} KiB over 10 MB of text"
    );
}
