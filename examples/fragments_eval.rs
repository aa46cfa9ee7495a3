//! Fragments (subsegment suggestions) measured on NTREX-128 news, leave one document out:
//! the memory holds every other document's sentence pairs (reviewed, so the lexicon is
//! learned from them alone), and each sentence of the left-out document is a query. Prints,
//! per direction: the share of query words a fragment covers, and how often a fragment's
//! translation is found in the reference translation (exactly, as a run of words; and
//! loosely, half its words or more), overall and for the two halves of the documents.
//!
//!   cargo run --release --example fragments_eval [-- --docs N] [--builtin-only]
//!
//! `--builtin-only` translates with the built-in news vocabulary alone, as for a memory whose
//! units are not reviewed (nothing to learn a lexicon from).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tarjama::align::Lexicon;
use tarjama::glossary::{Glossary, Recognizer};
use tarjama::memory::{Memory, Side, Status, UnitRecord};
use tarjama::pretranslate::Fragmenter;
use tarjama::text::key_tokens;

fn ntrex() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .map(|p| p.join("data/ntrex128-en-ar"))
        .find(|p| p.join("DOCUMENT_IDS.tsv").exists())
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.trim_end_matches('\r').trim().to_string())
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    words: usize,
    covered: usize,
    fragments: usize,
    exact: usize,
    loose: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.words += o.words;
        self.covered += o.covered;
        self.fragments += o.fragments;
        self.exact += o.exact;
        self.loose += o.loose;
    }

    fn line(&self, name: &str) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "{name:<14} words covered {:>5.1}% ({}/{}); {} fragments, translation in the reference: exact {:>5.1}%, half its words {:>5.1}%",
            pct(self.covered, self.words),
            self.covered,
            self.words,
            self.fragments,
            pct(self.exact, self.fragments),
            pct(self.loose, self.fragments)
        )
    }
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn main() {
    let Some(dir) = ntrex() else {
        eprintln!("skipped: ../shared/data/ntrex128-en-ar is absent");
        return;
    };
    let max_docs: usize = std::env::args()
        .skip_while(|a| a != "--docs")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let builtin_only = std::env::args().any(|a| a == "--builtin-only");
    let ar = lines(&dir.join("newstest2019-ref.arb.txt"));
    let en = lines(&dir.join("newstest2019-src.eng.txt"));
    let docs = lines(&dir.join("DOCUMENT_IDS.tsv"));
    let mut memory = Memory::in_memory().unwrap();
    let mut units = Vec::new();
    for (i, ((a, e), d)) in ar.iter().zip(&en).zip(&docs).enumerate() {
        if a.is_empty() || e.is_empty() {
            continue;
        }
        let mut u = UnitRecord::new(Side::new("ar", a.clone()), Side::new("en", e.clone()));
        u.origin = Some(d.clone());
        u.position = Some(i as i64);
        u.status = Status::Reviewed;
        units.push(u);
    }
    let mut w = memory.writer().unwrap();
    w.add_all(&units).unwrap();
    w.commit().unwrap();
    let mut order: Vec<&String> = Vec::new();
    for d in &docs {
        if !order.contains(&d) {
            order.push(d);
        }
    }
    let glossary = Recognizer::new(Glossary::new(Vec::new()));
    let started = std::time::Instant::now();
    for (from, to) in [("ar", "en"), ("en", "ar")] {
        let mut halves = [Tally::default(); 2];
        let mut per_doc: BTreeMap<usize, Tally> = BTreeMap::new();
        for (k, doc) in order.iter().enumerate().take(max_docs) {
            let others = units
                .iter()
                .filter(|u| u.origin.as_deref() != Some(doc.as_str()));
            let pairs: Vec<(&str, &str)> = others
                .map(|u| {
                    if from == "ar" {
                        (u.source.text.as_str(), u.target.text.as_str())
                    } else {
                        (u.target.text.as_str(), u.source.text.as_str())
                    }
                })
                .collect();
            // `--builtin-only`: as a memory of unreviewed units, nothing learned.
            let lexicon = if builtin_only {
                Lexicon::default()
            } else {
                Lexicon::learn(pairs, 2, 0.3)
            };
            let mut fragmenter = Fragmenter::new(&memory, lexicon, from, to);
            fragmenter.exclude_origin = Some(doc.to_string());
            let mut tally = Tally::default();
            for u in units
                .iter()
                .filter(|u| u.origin.as_deref() == Some(doc.as_str()))
            {
                let (query, reference) = if from == "ar" {
                    (&u.source.text, &u.target.text)
                } else {
                    (&u.target.text, &u.source.text)
                };
                let words = key_tokens(query);
                let reference = key_tokens(reference);
                let found = fragmenter.fragments(query, &glossary).unwrap();
                let mut covered = vec![false; query.len()];
                for f in &found {
                    covered[f.start..f.end].iter_mut().for_each(|c| *c = true);
                    let t = key_tokens(&f.translation);
                    tally.fragments += 1;
                    tally.exact += usize::from(contains_run(&reference, &t));
                    let hits = t.iter().filter(|w| reference.contains(w)).count();
                    tally.loose += usize::from(hits * 2 >= t.len());
                }
                tally.words += words.len();
                // Words covered: tokens whose first byte lies in a fragment.
                tally.covered += tarjama::text::tokenize(query)
                    .iter()
                    .filter(|t| t.kind.is_scored() && covered[t.start])
                    .count();
            }
            halves[k % 2].add(tally);
            per_doc.insert(k, tally);
        }
        let mut all = halves[0];
        all.add(halves[1]);
        println!("{from}→{to}, {} documents left out in turn:", per_doc.len());
        println!("  {}", all.line("all"));
        println!("  {}", halves[0].line("even documents"));
        println!("  {}", halves[1].line("odd documents"));
    }
    println!("({:.1} s)", started.elapsed().as_secs_f64());
}
