//! Boundary scoring of `text::segment::segment` against one-sentence-per-line text (NTREX):
//! shared by `examples/segment_eval.rs` (prints the figures) and `tests/segment_ntrex.rs`
//! (holds the targets).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use tarjama::text::segment::segment;

/// Boundary counts of one or more documents.
#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / self.predicted.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.tp as f64 / self.gold.max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// One document's lines joined again (the headline apart on its own line or not), with the
/// gold boundaries (where each later line starts) and the predicted ones (where `segment`
/// starts a sentence), as byte offsets.
pub struct Joined {
    pub text: String,
    pub gold: HashSet<usize>,
    pub predicted: HashSet<usize>,
    /// The boundary after the headline when it is on its own line: given by the layout.
    pub given: Option<usize>,
}

pub fn join(lines: &[&str], lang: &str, headline_apart: bool) -> Joined {
    let mut text = String::new();
    let mut gold = HashSet::new();
    let mut given = None;
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            let apart = k == 1 && headline_apart;
            text.push(if apart { '\n' } else { ' ' });
            gold.insert(text.len());
            if apart {
                given = Some(text.len());
            }
        }
        text.push_str(line.trim());
    }
    let predicted = segment(&text, lang)
        .iter()
        .map(|s| s.start)
        .filter(|&s| s > 0)
        .collect();
    Joined {
        text,
        gold,
        predicted,
        given,
    }
}

impl Joined {
    /// All the boundaries' counts.
    pub fn counts(&self) -> Counts {
        Counts {
            tp: self.predicted.intersection(&self.gold).count(),
            predicted: self.predicted.len(),
            gold: self.gold.len(),
        }
    }

    /// The counts without the boundary the layout gives (the headline's line break).
    pub fn body_counts(&self) -> Counts {
        let mut c = self.counts();
        if let Some(at) = self.given {
            let hit = usize::from(self.predicted.contains(&at));
            c.tp -= hit;
            c.predicted -= hit;
            c.gold -= 1;
        }
        c
    }
}

/// A file's non-empty lines.
pub fn read_lines(path: &Path) -> std::io::Result<Vec<String>> {
    Ok(std::fs::read_to_string(path)?
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

/// Line indices grouped by document id, documents in file order.
pub fn documents(ids: &[String]) -> Vec<Vec<usize>> {
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

/// NTREX's documents in one language, each as its lines (`lang_file` names the side).
pub fn ntrex_documents(dir: &Path, lang_file: &str) -> std::io::Result<Vec<Vec<String>>> {
    let ids = read_lines(&dir.join("DOCUMENT_IDS.tsv"))?;
    let lines = read_lines(&dir.join(lang_file))?;
    if lines.len() != ids.len() {
        return Err(std::io::Error::other(format!(
            "{lang_file}: {} lines for {} document ids",
            lines.len(),
            ids.len()
        )));
    }
    Ok(documents(&ids)
        .into_iter()
        .map(|doc| doc.into_iter().map(|i| lines[i].clone()).collect())
        .collect())
}

/// NTREX-128 in `../shared` beside the repository (or beside a worktree one level deeper).
pub fn ntrex_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .map(|p| p.join("data/ntrex128-en-ar"))
        .find(|p| p.join("DOCUMENT_IDS.tsv").exists())
}

/// The English and Arabic sides of NTREX: (language, file).
pub const NTREX_SIDES: [(&str, &str); 2] = [
    ("en", "newstest2019-src.eng.txt"),
    ("ar", "newstest2019-ref.arb.txt"),
];
