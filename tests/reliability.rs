//! Reliability through the real binary: language tags and text that is not text are refused
//! with the line, a damaged memory is an error and never a panic, two writers wait for each
//! other, backups are consistent, a full disk or a read-only memory leaves the memory as it
//! was. Fixtures in tests/fixtures/reliability/.

#[path = "reliability/backup.rs"]
mod backup;
mod common;
#[path = "reliability/corpora.rs"]
mod corpora;
#[path = "reliability/damaged.rs"]
mod damaged;
#[path = "reliability/escaping.rs"]
mod escaping;
mod import_support;
#[path = "reliability/lang.rs"]
mod lang;
mod server_support;
#[path = "reliability/space.rs"]
mod space;
#[path = "reliability/text.rs"]
mod text;
#[path = "reliability/writers.rs"]
mod writers;

use std::path::{Path, PathBuf};

/// A fixture under tests/fixtures/reliability/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reliability")
        .join(name)
}
