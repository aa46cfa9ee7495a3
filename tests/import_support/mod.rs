//! Test environment for the import/export tests: a temporary directory with a memory, files
//! written into it, the real `tarjama` binary pointed at that memory, and a view of the
//! stored units through the library.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tarjama::memory::{Memory, UnitRecord};

pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// A fixture under tests/fixtures/import/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// An environment whose memory already holds one unit, to show failed imports leave it
    /// untouched.
    pub fn with_seed() -> TestEnv {
        let env = TestEnv::new();
        let seed = env.write("seed.csv", "ar,en\nمرحبا بكم,Welcome\n");
        env.tarjama().arg("import").arg(&seed).assert().success();
        assert_eq!(env.count(), 1);
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn memory_path(&self) -> PathBuf {
        self.path("memory.db")
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        self.write_bytes(name, text.as_bytes())
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The binary, run in the environment's directory with its memory.
    pub fn tarjama(&self) -> Command {
        let mut cmd = self.tarjama_without_memory();
        cmd.arg("--tm").arg(self.memory_path());
        cmd
    }

    /// The binary, run in the environment's directory, no `--tm` given.
    pub fn tarjama_without_memory(&self) -> Command {
        let mut cmd = Command::cargo_bin("tarjama").unwrap();
        cmd.current_dir(self.dir.path()).env_remove("TARJAMA_TM");
        cmd
    }

    /// Every stored unit, in id order (empty when there is no memory yet).
    pub fn units(&self) -> Vec<UnitRecord> {
        if !self.memory_path().exists() {
            return Vec::new();
        }
        let memory = Memory::open_existing(&self.memory_path()).unwrap();
        let mut units = Vec::new();
        memory
            .for_each_unit::<tarjama::Error>(|u| {
                units.push(u.record.clone());
                Ok(())
            })
            .unwrap();
        units
    }

    pub fn count(&self) -> usize {
        self.units().len()
    }

    /// Imports `files`, expects exit 2 and `expected` in stderr, and checks the memory
    /// still holds only what it held before. Returns stderr.
    pub fn import_fails(&self, files: &[&Path], expected: &str) -> String {
        let before = self.units();
        let out = self
            .tarjama()
            .arg("import")
            .args(files)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
        assert_eq!(
            self.units(),
            before,
            "the memory changed after a failed import"
        );
        stderr
    }

    /// The memory holds only the seed unit.
    pub fn assert_seed_only(&self) {
        let units = self.units();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].target.text, "Welcome");
    }
}

/// A minimal TMX document; `srclang` empty means no srclang attribute.
pub fn tmx_doc(srclang: &str, body: &str) -> String {
    let src = if srclang.is_empty() {
        String::new()
    } else {
        format!(" srclang=\"{srclang}\"")
    };
    format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header adminlang=\"en\"{src} datatype=\"plaintext\"/>\n<body>\n  {body}\n</body>\n</tmx>\n"
    )
}

pub fn tu(l1: &str, t1: &str, l2: &str, t2: &str) -> String {
    format!("<tu><tuv xml:lang=\"{l1}\"><seg>{t1}</seg></tuv><tuv xml:lang=\"{l2}\"><seg>{t2}</seg></tuv></tu>")
}
