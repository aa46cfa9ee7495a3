//! The memories `bench_memory` builds, in three shapes, from ../shared/data (by path, never
//! copied), scaled up with deterministic synthetic variants:
//!
//! - `short`: NTREX-128 and Tatoeba sentence pairs (ar–en), variants with 1–3 word edits;
//! - `long`: paragraphs of 3–12 consecutive sentences — NTREX articles (ar–en) and Text+Berg
//!   texts (de–fr, sentences grouped by their gold beads) — variants are other windows of the
//!   same texts with 1–3 word edits, so many units overlap in long runs;
//! - `boilerplate`: the short units, three in four opened by one of 24 formulaic runs of 20–60
//!   of the corpus's 80 most frequent words (like the openings of legal, religious or wire
//!   text), each run with 0–2 edits.
//!
//! Queries: the short shape keeps its historical mix (units, units with 1 and 2–4 edits,
//! real pairs with 3 edits); the other two add unrelated text (frequency-drawn words) and
//! units with a tenth of their words edited.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    Short,
    Long,
    Boilerplate,
}

impl Shape {
    pub fn parse(s: &str) -> Option<Shape> {
        match s {
            "short" => Some(Shape::Short),
            "long" => Some(Shape::Long),
            "boilerplate" => Some(Shape::Boilerplate),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Shape::Short => "short",
            Shape::Long => "long",
            Shape::Boilerplate => "boilerplate",
        }
    }
}

/// One translation pair: languages (query side first) and texts.
#[derive(Clone, Debug)]
pub struct Pair {
    pub langs: [&'static str; 2],
    pub a: String,
    pub b: String,
}

/// A query, the language pair it is asked in and what kind of query it is.
pub struct Query {
    pub langs: [&'static str; 2],
    pub text: String,
    pub kind: &'static str,
}

/// A text as aligned sentence pairs (one bead each), for cutting paragraphs.
struct Doc {
    langs: [&'static str; 2],
    beads: Vec<(String, String)>,
}

/// splitmix64: deterministic, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub struct Corpus {
    pub shape: Shape,
    /// The real units (the first units of every memory).
    pub real: Vec<Pair>,
    /// The short shape's real pairs (the bodies of boilerplate units).
    sentences: Vec<Pair>,
    docs: Vec<Doc>,
    /// NTREX articles kept out of the long memory (one in ten): unrelated news queries.
    held_out: Vec<Doc>,
    /// Words by language with the corpus's frequency distribution (a word drawn from a
    /// random position of a random text).
    pools: HashMap<&'static str, Vec<String>>,
    /// The most frequent words by language.
    frequent: HashMap<&'static str, Vec<String>>,
    /// Formulaic runs (ar, en) of the boilerplate shape.
    runs: Vec<(String, String)>,
}

/// ../shared from the repository root (or from a worktree's parent).
pub fn shared_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.join("data").is_dir())
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (arabic, english) pairs from NTREX-128 and Tatoeba, as the short shape always used.
fn sentence_pairs(data: &Path) -> Vec<Pair> {
    let ar = read(data.join("ntrex128-en-ar/newstest2019-ref.arb.txt"));
    let en = read(data.join("ntrex128-en-ar/newstest2019-src.eng.txt"));
    let mut pairs: Vec<Pair> = ar
        .lines()
        .zip(en.lines())
        .map(|(a, e)| pair(["ar", "en"], a.trim(), e.trim()))
        .collect();
    for line in read(data.join("tatoeba-ara-eng/ara.txt")).lines() {
        let mut f = line.split('\t');
        if let (Some(e), Some(a)) = (f.next(), f.next()) {
            pairs.push(pair(["ar", "en"], a.trim(), e.trim()));
        }
    }
    pairs.retain(|p| !p.a.is_empty() && !p.b.is_empty());
    pairs
}

fn pair(langs: [&'static str; 2], a: &str, b: &str) -> Pair {
    Pair {
        langs,
        a: a.to_owned(),
        b: b.to_owned(),
    }
}

/// NTREX articles (by DOCUMENT_IDS.tsv) and Text+Berg texts (by their gold beads).
fn documents(data: &Path) -> Vec<Doc> {
    let ntrex = data.join("ntrex128-en-ar");
    let ar = read(ntrex.join("newstest2019-ref.arb.txt"));
    let en = read(ntrex.join("newstest2019-src.eng.txt"));
    let ids = read(ntrex.join("DOCUMENT_IDS.tsv"));
    let mut docs: Vec<Doc> = Vec::new();
    let mut last = "";
    for ((a, e), id) in ar.lines().zip(en.lines()).zip(ids.lines()) {
        let id = id.trim();
        if id != last || docs.is_empty() {
            docs.push(Doc {
                langs: ["ar", "en"],
                beads: Vec::new(),
            });
            last = id;
        }
        let doc = docs.last_mut().expect("pushed");
        if !a.trim().is_empty() && !e.trim().is_empty() {
            doc.beads.push((a.trim().to_owned(), e.trim().to_owned()));
        }
    }
    let tb = data.join("textberg-de-fr");
    for name in [
        "dev", "test0", "test1", "test2", "test3", "test4", "test5", "test6",
    ] {
        let de: Vec<String> = read(tb.join(format!("{name}.de")))
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        let fr: Vec<String> = read(tb.join(format!("{name}.fr")))
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        let mut doc = Doc {
            langs: ["de", "fr"],
            beads: Vec::new(),
        };
        for bead in read(tb.join(format!("{name}.defr"))).lines() {
            let Some((l, r)) = bead.split_once(':') else {
                continue;
            };
            let join = |spec: &str, lines: &[String]| -> String {
                let idx = spec.trim().trim_start_matches('[').trim_end_matches(']');
                let parts: Vec<&str> = idx
                    .split(',')
                    .filter_map(|i| i.trim().parse::<usize>().ok())
                    .filter_map(|i| lines.get(i).map(String::as_str))
                    .collect();
                parts.join(" ")
            };
            let (d, f) = (join(l, &de), join(r, &fr));
            if !d.is_empty() && !f.is_empty() {
                doc.beads.push((d, f));
            }
        }
        docs.push(doc);
    }
    docs.retain(|d| !d.beads.is_empty());
    docs
}

/// A variant of `text`: `edits` random word substitutions, insertions or deletions.
pub fn mutate(text: &str, pool: &[String], edits: usize, rng: &mut Rng) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    for _ in 0..edits {
        let pos = rng.below(words.len() + 1);
        let word = pool[rng.below(pool.len())].as_str();
        match rng.below(3) {
            0 if pos < words.len() => words[pos] = word,
            1 if pos < words.len() && words.len() > 1 => {
                words.remove(pos);
            }
            _ => words.insert(pos, word),
        }
    }
    words.join(" ")
}

impl Corpus {
    pub fn new(shared: &Path, shape: Shape) -> Corpus {
        let data = shared.join("data");
        let sentences = sentence_pairs(&data);
        let (mut docs, mut held_out) = (Vec::new(), Vec::new());
        if shape == Shape::Long {
            for (i, d) in documents(&data).into_iter().enumerate() {
                if d.langs == ["ar", "en"] && i % 10 == 9 {
                    held_out.push(d);
                } else {
                    docs.push(d);
                }
            }
        }
        let mut pools: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut add = |lang: &'static str, text: &str| {
            pools
                .entry(lang)
                .or_default()
                .extend(text.split_whitespace().map(str::to_owned))
        };
        if shape == Shape::Long {
            for d in &docs {
                for (a, b) in &d.beads {
                    add(d.langs[0], a);
                    add(d.langs[1], b);
                }
            }
        } else {
            for p in &sentences {
                add("ar", &p.a);
                add("en", &p.b);
            }
        }
        let frequent: HashMap<&'static str, Vec<String>> = pools
            .iter()
            .map(|(lang, words)| (*lang, most_frequent(words, 80)))
            .collect();
        let mut corpus = Corpus {
            shape,
            real: Vec::new(),
            sentences,
            docs,
            held_out,
            pools,
            frequent,
            runs: Vec::new(),
        };
        let mut rng = Rng(0xB0_11E7);
        corpus.runs = (0..24)
            .map(|_| (corpus.run("ar", &mut rng), corpus.run("en", &mut rng)))
            .collect();
        corpus.real = match shape {
            Shape::Short => corpus.sentences.clone(),
            Shape::Long => corpus.paragraphs(),
            Shape::Boilerplate => (0..corpus.sentences.len())
                .map(|i| corpus.with_run(corpus.sentences[i].clone(), i))
                .collect(),
        };
        corpus
    }

    /// 20–60 of the most frequent words of `lang`.
    fn run(&self, lang: &str, rng: &mut Rng) -> String {
        let words = &self.frequent[lang];
        let len = 20 + rng.below(41);
        let picked: Vec<&str> = (0..len)
            .map(|_| words[rng.below(words.len())].as_str())
            .collect();
        picked.join(" ")
    }

    /// Every document cut into consecutive paragraphs of 3–12 beads.
    fn paragraphs(&self) -> Vec<Pair> {
        let mut rng = Rng(0x9A8A);
        let mut out = Vec::new();
        for d in &self.docs {
            let mut at = 0;
            while at < d.beads.len() {
                let len = 3 + rng.below(10);
                out.push(window(d, at, len));
                at += len;
            }
        }
        out
    }

    fn pool(&self, lang: &str) -> &[String] {
        &self.pools[lang]
    }

    /// Unit `i` opened by a formulaic run (three units in four), the run with 0–2 edits.
    fn with_run(&self, mut p: Pair, i: usize) -> Pair {
        let rng = &mut Rng(i as u64 ^ 0x005E_ED0F_B011);
        if rng.below(4) == 3 {
            return p;
        }
        let (ra, rb) = &self.runs[rng.below(self.runs.len())];
        let edits = rng.below(3);
        let ra = mutate(ra, &self.frequent["ar"], edits, rng);
        let rb = mutate(rb, &self.frequent["en"], edits, rng);
        p.a = format!("{ra} {}", p.a);
        p.b = format!("{rb} {}", p.b);
        p
    }

    /// The i-th unit of the scaled-up memory: the real units first, then variants.
    pub fn unit(&self, i: usize) -> Pair {
        match self.shape {
            Shape::Short => self.short_unit(i),
            Shape::Boilerplate => self.with_run(self.short_unit(i), i),
            Shape::Long => {
                if i < self.real.len() {
                    return self.real[i].clone();
                }
                let rng = &mut Rng(i as u64 * 0x2545_F491_4F6C_DD1D);
                let d = &self.docs[rng.below(self.docs.len())];
                let len = 3 + rng.below(10);
                let at = rng.below(d.beads.len());
                let w = window(d, at.min(d.beads.len().saturating_sub(3)), len);
                let edits = 1 + rng.below(3);
                Pair {
                    a: mutate(&w.a, self.pool(w.langs[0]), edits, rng),
                    b: mutate(&w.b, self.pool(w.langs[1]), edits, rng),
                    langs: w.langs,
                }
            }
        }
    }

    /// The short shape's unit `i` (the historical generator, unchanged).
    fn short_unit(&self, i: usize) -> Pair {
        let rng = &mut Rng(i as u64 * 0x2545_F491_4F6C_DD1D);
        let real = &self.sentences;
        if i < real.len() {
            return real[i].clone();
        }
        let p = &real[rng.below(real.len())];
        let edits = 1 + rng.below(3);
        Pair {
            langs: p.langs,
            a: mutate(&p.a, self.pool("ar"), edits, rng),
            b: mutate(&p.b, self.pool("en"), edits, rng),
        }
    }

    /// `count` queries against a memory of `n` units (deterministic).
    pub fn queries(&self, count: usize, n: usize) -> Vec<Query> {
        let mut rng = Rng(7);
        (0..count)
            .map(|i| {
                let u = self.unit(rng.below(n.max(1)));
                let pool = self.pool(u.langs[0]);
                let mut langs = u.langs;
                let (kind, text) = if self.shape == Shape::Short {
                    match i % 4 {
                        0 => ("unit", u.a),
                        1 => ("1 edit", mutate(&u.a, pool, 1, &mut rng)),
                        2 => ("2-4 edits", mutate(&u.a, pool, 2 + rng.below(3), &mut rng)),
                        _ => {
                            let r = &self.real[rng.below(self.real.len())];
                            ("real pair, 3 edits", mutate(&r.a, pool, 3, &mut rng))
                        }
                    }
                } else {
                    let words = u.a.split_whitespace().count();
                    match i % 6 {
                        0 => ("unit", u.a),
                        1 => ("1 edit", mutate(&u.a, pool, 1, &mut rng)),
                        2 => ("2-4 edits", mutate(&u.a, pool, 2 + rng.below(3), &mut rng)),
                        3 => ("10% edited", mutate(&u.a, pool, 1 + words / 10, &mut rng)),
                        4 if !self.held_out.is_empty() => {
                            let d = &self.held_out[rng.below(self.held_out.len())];
                            let at = rng.below(d.beads.len());
                            let w = window(
                                d,
                                at.min(d.beads.len().saturating_sub(3)),
                                3 + rng.below(10),
                            );
                            langs = w.langs;
                            ("unrelated news", w.a)
                        }
                        _ => ("unrelated words", self.unrelated(&u, words, &mut rng)),
                    }
                };
                Query { langs, text, kind }
            })
            .collect()
    }

    /// Text in the unit's language unrelated to any unit: frequency-drawn words as many as
    /// the unit has (after a formulaic run in the boilerplate shape).
    fn unrelated(&self, u: &Pair, words: usize, rng: &mut Rng) -> String {
        let pool = self.pool(u.langs[0]);
        let mut picked: Vec<&str> = Vec::new();
        if self.shape == Shape::Boilerplate {
            picked.push(self.runs[rng.below(self.runs.len())].0.as_str());
        }
        let len = if self.shape == Shape::Boilerplate {
            5 + rng.below(20)
        } else {
            words
        };
        picked.extend((0..len).map(|_| pool[rng.below(pool.len())].as_str()));
        picked.join(" ")
    }
}

/// Beads `at..at + len` of a document (clipped at its end) joined into one pair.
fn window(d: &Doc, at: usize, len: usize) -> Pair {
    let beads = &d.beads[at..(at + len).min(d.beads.len())];
    let a: Vec<&str> = beads.iter().map(|b| b.0.as_str()).collect();
    let b: Vec<&str> = beads.iter().map(|b| b.1.as_str()).collect();
    Pair {
        langs: d.langs,
        a: a.join(" "),
        b: b.join(" "),
    }
}

fn most_frequent(words: &[String], k: usize) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in words {
        *counts.entry(w.as_str()).or_insert(0) += 1;
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().take(k).map(|(w, _)| w.to_owned()).collect()
}
