//! Boundary precision/recall/F1 of `text::segment::segment` on NTREX-128 (en and ar).
//!
//! Each article's lines (one sentence per line in NTREX) are joined with spaces into one
//! paragraph, segmented again, and the predicted sentence starts are compared with the
//! original line starts. Two layouts are measured: "flat" joins everything, headline included:
//! this is issue 3's protocol ("join each document's lines into one paragraph") and its
//! headline figure. "article" keeps the headline (first line) on its own line as in a real
//! article and joins the body; it gets the 123 headline boundaries for free, so it is shown
//! for information only. Run: `cargo run --release --example segment_eval [NTREX_DIR]`;
//! `SEGMENT_EVAL_SHOW=ar-flat` (or en-article, ar-tatoeba, ...) lists the errors,
//! `SEGMENT_EVAL_WIDTH` widens their context. A held-out check on Tatoeba follows (see
//! `held_out`).

#[macro_use]
#[path = "support/say.rs"]
mod say;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use tarjama::text::segment::segment;

/// ../shared from the repo root (or from a worktree one level deeper).
fn shared_dir() -> PathBuf {
    ["../shared", "../../shared"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_dir())
        .unwrap_or_else(|| PathBuf::from("../shared"))
}

fn read_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", path.display());
        std::process::exit(2)
    });
    text.split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Groups line indices by document id, in file order.
fn documents(ids: &[String]) -> Vec<Vec<usize>> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_doc: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let entry = by_doc.entry(id.as_str()).or_default();
        if entry.is_empty() {
            order.push(id);
        }
        entry.push(i);
    }
    order.iter().map(|id| by_doc[id].clone()).collect()
}

#[derive(Default)]
struct Counts {
    tp: usize,
    predicted: usize,
    gold: usize,
}

impl Counts {
    fn report(&self, label: &str) {
        let p = self.tp as f64 / self.predicted.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        say!(
            "{label:<12} boundaries gold {:>5} predicted {:>5}  P {p:.4}  R {r:.4}  F1 {f:.4}",
            self.gold,
            self.predicted
        );
    }
}

/// Joins one document and adds its boundary counts. `headline_apart` puts a line break after
/// the first line.
fn score_doc(lines: &[&str], lang: &str, headline_apart: bool, set: &str, counts: &mut Counts) {
    let mut text = String::new();
    let mut gold = HashSet::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            text.push(if k == 1 && headline_apart { '\n' } else { ' ' });
            gold.insert(text.len());
        }
        text.push_str(line.trim());
    }
    let predicted: HashSet<usize> = segment(&text, lang)
        .iter()
        .map(|s| s.start)
        .filter(|&s| s > 0)
        .collect();
    let show = std::env::var("SEGMENT_EVAL_SHOW").unwrap_or_default();
    if show == format!("{lang}-{set}") {
        show_errors(&text, &gold, &predicted);
    }
    counts.tp += predicted.intersection(&gold).count();
    counts.predicted += predicted.len();
    counts.gold += gold.len();
}

/// The nearest char boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Prints the context of each missed and each spurious boundary (SEGMENT_EVAL_SHOW=ar-article,
/// en-flat, ...), `SEGMENT_EVAL_WIDTH` bytes before it (default 40).
fn show_errors(text: &str, gold: &HashSet<usize>, predicted: &HashSet<usize>) {
    let wide: usize = std::env::var("SEGMENT_EVAL_WIDTH")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(40);
    let context = |at: usize| {
        let from = boundary(text, at.saturating_sub(wide));
        let to = boundary(text, (at + wide * 5 / 8).min(text.len()));
        format!("{} | {}", &text[from..at], &text[at..to])
    };
    for &at in gold.difference(predicted) {
        say!("MISS  {}", context(at));
    }
    for &at in predicted.difference(gold) {
        say!("EXTRA {}", context(at));
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_dir().join("data/ntrex128-en-ar"));
    if !dir.join("DOCUMENT_IDS.tsv").exists() {
        say!("skipped: {} not found", dir.display());
        return;
    }
    say!("flat = issue 3 protocol (headline joined too); article = headline on its own line");
    let ids = read_lines(&dir.join("DOCUMENT_IDS.tsv"));
    let docs = documents(&ids);
    for (lang, file) in [
        ("en", "newstest2019-src.eng.txt"),
        ("ar", "newstest2019-ref.arb.txt"),
    ] {
        let lines = read_lines(&dir.join(file));
        assert_eq!(lines.len(), ids.len(), "{file}: line count differs");
        for (label, apart) in [("flat", false), ("article", true)] {
            let mut counts = Counts::default();
            for doc in &docs {
                let doc_lines: Vec<&str> = doc.iter().map(|&i| lines[i].as_str()).collect();
                score_doc(&doc_lines, lang, apart, label, &mut counts);
            }
            counts.report(&format!("{lang} {label}"));
        }
    }
    held_out(&shared_dir().join("data/tatoeba-ara-eng/ara.txt"));
}

/// Held-out check, not a target and used to fit no rule: Tatoeba ara-eng, ten consecutive
/// pairs joined into one paragraph per side. Some entries hold two sentences ("Hi. How are
/// you?"), so precision is a floor: compare versions with it, not with NTREX.
fn held_out(path: &Path) {
    let Ok(text) = std::fs::read_to_string(path) else {
        say!("held-out skipped: {} not found", path.display());
        return;
    };
    let pairs: Vec<[&str; 2]> = text
        .lines()
        .filter_map(|l| {
            let mut fields = l.split('\t');
            Some([fields.next()?.trim(), fields.next()?.trim()])
        })
        .filter(|p| p.iter().all(|f| !f.is_empty()))
        .collect();
    say!("held-out (not a target): Tatoeba, 10 sentences per paragraph");
    for (lang, side) in [("en", 0), ("ar", 1)] {
        let mut counts = Counts::default();
        for chunk in pairs.chunks(10) {
            let lines: Vec<&str> = chunk.iter().map(|p| p[side]).collect();
            score_doc(&lines, lang, false, "tatoeba", &mut counts);
        }
        counts.report(&format!("{lang} tatoeba"));
    }
}
