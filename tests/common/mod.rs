//! Helpers shared by the integration tests that run the real binary on the bundled sample.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary folder holding a memory (`mem/tm.db`, created on first write) and the files
/// a test writes; runs the binary on that memory from inside the folder.
pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The memory file.
    pub fn tm(&self) -> PathBuf {
        self.dir.path().join("mem/tm.db")
    }

    /// Writes `content` to file `name` in the folder; returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// The binary, on this memory, in this folder.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tarjama").unwrap();
        cmd.env("TARJAMA_TM", self.tm())
            .current_dir(self.dir.path());
        cmd
    }

    /// What `tarjama ARGS` prints on stdout (whatever its exit code).
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }
}

/// A path inside the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The `tarjama` binary working on memory `tm`.
pub fn tarjama(tm: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tarjama").unwrap();
    cmd.env("TARJAMA_TM", tm);
    cmd
}

/// Runs `tarjama ARGS` on memory `tm`, which must succeed, and parses its JSON output.
pub fn json_of(tm: &Path, args: &[&str]) -> serde_json::Value {
    let out = tarjama(tm).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Aligns the sample story (Arabic and English) into memory `tm` as origin ina-2021-09-09;
/// aligning it again replaces its pairs.
pub fn align_sample_story(tm: &Path) {
    tarjama(tm)
        .arg("align")
        .arg(repo("memories/sample/2021-09-09-joc.ar.txt"))
        .arg(repo("memories/sample/2021-09-09-joc.en.txt"))
        .args(["--origin", "ina-2021-09-09"])
        .assert()
        .success();
}

/// A fresh memory (in a temporary folder) holding the sample's past stories and the seed
/// glossary, as the README's main job builds it.
pub fn past_stories_and_glossary() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("sample.db");
    tarjama(&tm)
        .arg("import")
        .arg(repo("memories/sample/past-stories.csv"))
        .assert()
        .success();
    tarjama(&tm)
        .args(["glossary", "import"])
        .arg(repo("glossaries/iraq-security.csv"))
        .assert()
        .success();
    (dir, tm)
}

/// Runs `cmd`, which must exit with `code`; returns what it printed on stderr.
pub fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// Runs `cmd`, which must succeed; returns what it printed on stdout.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

/// `text` in UTF-16 (little- or big-endian), behind its byte-order mark.
pub fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}
