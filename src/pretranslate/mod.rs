//! Pretranslation: a new article becomes a translator's draft. Every segment is looked up in
//! the memory; candidates are classed (context 101 > exact 100 > same words 99 >
//! auto-substituted > fuzzy), penalised, ranked, the best one written into the target when it
//! reaches `fill`, the others listed down to `show`, and the whole file analysed by band.
//!
//! The draft is plain data (`Draft`); `xliff12`, `xliff21`, `html` and `table` render it.

mod analysis;
mod candidate;
pub mod context;
pub mod fragments;
pub mod html;
mod snapshot;
pub mod table;
pub mod xliff12;
pub mod xliff21;
mod xml;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::Recognizer;
use crate::memory::{Memory, SuggestOptions};
use crate::service::Query;

pub use analysis::{Analysis, Band};
pub use candidate::{classify, Applied, Candidate, MatchKind, Penalties};
pub use context::Around;
pub use fragments::{Fragment, FragmentSearch, Fragmenter};
pub use snapshot::ReadSnapshot;
pub use xml::CUT_SHORT_NOTE;

/// How to pretranslate.
#[derive(Debug, Clone)]
pub struct Options {
    pub from: String,
    pub to: String,
    /// Lowest score listed as a candidate.
    pub show: u8,
    /// Lowest score written into the target.
    pub fill: u8,
    /// Candidates listed per segment.
    pub candidates: usize,
    /// Copy the source into the target of segments left unfilled.
    pub copy_source: bool,
    pub penalties: Penalties,
    /// Name of the translated document (XLIFF `original`).
    pub original: String,
    /// Look for fragments in segments without a candidate.
    pub fragments: bool,
    /// The most candidate units one segment's fragment search checks
    /// ([`Fragmenter::limit_work`]; `u64::MAX`: no bound).
    pub fragment_checks: u64,
}

impl Options {
    pub fn new(from: &str, to: &str) -> Options {
        Options {
            from: from.into(),
            to: to.into(),
            show: 70,
            fill: 100,
            candidates: 5,
            copy_source: false,
            penalties: Penalties::default(),
            original: "document".into(),
            fragments: true,
            fragment_checks: fragments::CHECKS_PER_SEGMENT,
        }
    }
}

/// Lowest score looked up, whatever `show` says: the analysis counts down to 50.
const ANALYSIS_FLOOR: u8 = 50;

/// A pretranslated document.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub original: String,
    pub source_lang: String,
    pub target_lang: String,
    pub segments: Vec<Segment>,
    pub analysis: Analysis,
    /// The fill and show thresholds and penalties used.
    pub fill: u8,
    pub show: u8,
    pub penalties: Penalties,
}

/// One segment of the draft.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// 1-based, in document order.
    pub id: usize,
    pub source: String,
    /// Words (match-key tokens) of the source.
    pub words: usize,
    /// What was written into the target, if anything.
    pub target: Option<String>,
    /// The candidate the target came from (index into `candidates`), when filled from one.
    pub filled_from: Option<usize>,
    /// Candidates from the best down, those reaching `show`.
    pub candidates: Vec<Candidate>,
    /// The best score of any candidate (after penalties), even below `show`.
    pub best: Option<u8>,
    /// The id of an earlier segment with the same text, when this one repeats it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<usize>,
    /// Runs of words found in stored units, for a segment without a candidate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Fragment>,
    /// The fragment search stopped at its work limit (`Options::fragment_checks`) before
    /// the end of the segment.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fragments_cut_short: bool,
}

impl Segment {
    /// The candidate written into the target.
    pub fn filled(&self) -> Option<&Candidate> {
        self.filled_from.and_then(|i| self.candidates.get(i))
    }
}

/// Pretranslates the sentences `queries` (one article, in order).
pub fn pretranslate(
    memory: &Memory,
    glossary: &Recognizer,
    queries: &[Query],
    options: &Options,
) -> Result<Draft> {
    check(options)?;
    let snapshot = ReadSnapshot::begin(memory)?;
    let mut lookup = SuggestOptions::new(&options.from, &options.to);
    lookup.threshold = options.show.clamp(1, ANALYSIS_FLOOR);
    // The memory keeps every match tied with the last one kept, so the alternatives of a
    // source (which tie) come along without asking for more.
    lookup.top = options.candidates;
    let mut seen: std::collections::HashMap<Vec<String>, usize> = Default::default();
    // The lexicon (stored, or learned from the reviewed units): only when a fragment needs
    // translating.
    let fragmenter = Fragmenter::learning(memory, &options.from, &options.to)
        .limit_work(options.fragment_checks);
    let mut segments = Vec::with_capacity(queries.len());
    for (i, query) in queries.iter().enumerate() {
        let key = crate::text::key_tokens(&query.text);
        let repeats = seen.get(&key).copied();
        seen.entry(key.clone()).or_insert(i + 1);
        let around = context::Around {
            previous: i.checked_sub(1).map(|p| queries[p].text.as_str()),
            next: queries.get(i + 1).map(|q| q.text.as_str()),
        };
        let found = memory.suggest(&query.text, &lookup)?;
        let ranked = candidate::rank(memory, glossary, &query.text, found, &around, options)?;
        let mut seg = segment(i + 1, query, key.len(), ranked, repeats, options);
        if options.fragments && seg.candidates.is_empty() && seg.repeats.is_none() {
            let found = fragmenter.search(&query.text, glossary)?;
            seg.fragments = found.fragments;
            seg.fragments_cut_short = found.cut_short;
        }
        segments.push(seg);
    }
    drop(snapshot);
    // A lexicon learned here is stored for the next run; not storing it (read-only memory,
    // another writer busy) only means the next run learns it too: no error of this one.
    let _ = fragmenter.keep_learned();
    let analysis = Analysis::of(&segments);
    Ok(Draft {
        original: options.original.clone(),
        source_lang: options.from.clone(),
        target_lang: options.to.clone(),
        segments,
        analysis,
        fill: options.fill,
        show: options.show,
        penalties: options.penalties.clone(),
    })
}

fn check(options: &Options) -> Result<()> {
    for (name, value) in [("show", options.show), ("fill", options.fill)] {
        if !(1..=101).contains(&value) {
            return Err(Error::Invalid(format!(
                "--{name} {value} is out of range 1-101"
            )));
        }
    }
    if options.candidates == 0 {
        return Err(Error::Invalid("--candidates must be at least 1".into()));
    }
    Ok(())
}

fn segment(
    id: usize,
    query: &Query,
    words: usize,
    mut ranked: Vec<Candidate>,
    repeats: Option<usize>,
    options: &Options,
) -> Segment {
    let best = ranked.first().map(|c| c.score);
    ranked.retain(|c| c.score >= options.show);
    ranked.truncate(options.candidates);
    let filled_from = ranked
        .first()
        .filter(|c| c.score >= options.fill)
        .map(|_| 0);
    let target = match filled_from {
        Some(i) => Some(ranked[i].target.clone()),
        None if options.copy_source => Some(query.text.clone()),
        None => None,
    };
    Segment {
        id,
        source: query.text.clone(),
        words,
        target,
        filled_from,
        candidates: ranked,
        best,
        repeats,
        fragments: Vec::new(),
        fragments_cut_short: false,
    }
}
