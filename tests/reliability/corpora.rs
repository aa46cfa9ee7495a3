//! Every fuzz corpus file and every fuzzer crash kept as a regression (`fuzz/corpus/TARGET/`,
//! `fuzz/regressions/TARGET/`) replayed through the same harness the fuzzers run
//! (`fuzz/src/harness.rs`): CI runs the corpora, not the fuzzer.

#[allow(dead_code)]
#[path = "../../fuzz/src/harness.rs"]
mod harness;

use std::path::Path;

#[test]
fn every_corpus_and_regression_file_goes_through_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (target, run) in harness::TARGETS {
        let mut files = 0;
        for folder in ["corpus", "regressions"] {
            let dir = root.join(folder).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.file_name().unwrap().to_string_lossy().starts_with('.') {
                    continue;
                }
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| run(&data));
                assert!(outcome.is_ok(), "{} panicked", path.display());
                files += 1;
            }
        }
        assert!(files > 0, "no corpus for {target}");
        replayed += files;
    }
    eprintln!("{replayed} corpus and regression files replayed");
}
