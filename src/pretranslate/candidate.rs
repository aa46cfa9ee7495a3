//! One candidate translation of a segment: its kind (context, exact, same words,
//! auto-substituted, fuzzy), its score before and after penalties, and the ranking of a
//! segment's candidates.
//!
//! Penalties are points taken off before ranking, so an unreviewed exact match (99) ranks
//! below a reviewed one (100) and is not filled at `--fill 100`. The industry's default is one
//! point per reason (memoQ, Trados); each can be changed.

use serde::Serialize;

use super::context::{self, Around};
use super::Options;
use crate::error::Result;
use crate::glossary::Recognizer;
use crate::memory::{Memory, Status, Suggestion};
use crate::substitute::{self, Substitution};

/// How a candidate matches the segment, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// Same source, and the same previous and next segment in the article it came from.
    Context,
    /// Identical text.
    Exact,
    /// The same words, spelt differently (case, diacritics, digit shapes, punctuation).
    SameWords,
    /// Differs only in numbers, dates or glossary terms, which were replaced in the target.
    Substituted,
    Fuzzy,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Context => "context",
            MatchKind::Exact => "exact",
            MatchKind::SameWords => "same-words",
            MatchKind::Substituted => "substituted",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// Points taken off a candidate's score, per reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Penalties {
    /// The unit was never reviewed.
    pub unreviewed: u8,
    /// The unit comes from an alignment whose confidence is below `confidence_below`.
    pub low_confidence: u8,
    pub confidence_below: f64,
    /// The memory holds several different translations of the same source.
    pub alternatives: u8,
    /// Numbers, dates or terms were replaced automatically.
    pub substitution: u8,
}

impl Default for Penalties {
    fn default() -> Self {
        Penalties {
            unreviewed: 1,
            low_confidence: 1,
            confidence_below: 0.5,
            alternatives: 1,
            substitution: 1,
        }
    }
}

/// One penalty applied: why, and how many points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    pub reason: &'static str,
    pub points: u8,
}

/// One candidate translation.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub kind: MatchKind,
    /// After penalties: what ranks candidates and decides filling.
    pub score: u8,
    /// Before penalties: 101 context, 100 exact, 99 same words or substituted, else the
    /// fuzzy-match score.
    pub similarity: u8,
    /// The memory's own score of the stored source against the segment (0–100).
    pub fuzzy: u8,
    /// The stored source.
    pub source: String,
    /// The translation offered (with substitutions made).
    pub target: String,
    /// The stored target, when substitutions changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_target: Option<String>,
    pub unit_id: i64,
    pub origin: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<Applied>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<Substitution>,
}

/// The candidates for `query` from the memory's suggestions, classed, penalised and ranked.
pub fn rank(
    memory: &Memory,
    glossary: &Recognizer,
    query: &str,
    found: Vec<Suggestion>,
    around: &Around<'_>,
    options: &Options,
) -> Result<Vec<Candidate>> {
    let alternatives = alternative_ids(&found);
    let mut out = Vec::with_capacity(found.len());
    for s in found {
        let mut c = classify(memory, glossary, query, &s, Some(around))?;
        c.penalties = penalties(&s, &c, alternatives.contains(&s.id), &options.penalties);
        let points: u32 = c.penalties.iter().map(|p| u32::from(p.points)).sum();
        c.score = c.similarity.saturating_sub(points.min(255) as u8);
        out.push(c);
    }
    // Stable: the memory's own tie-breaks (closer spelling, reviewed, recent) stay.
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)));
    Ok(out)
}

/// What kind of match suggestion `s` is for `query`, with substitutions made; context is
/// only looked at when the query's neighbours in its document are known (`around`).
/// Penalties are not applied here.
pub fn classify(
    memory: &Memory,
    glossary: &Recognizer,
    query: &str,
    s: &Suggestion,
    around: Option<&Around<'_>>,
) -> Result<Candidate> {
    let mut c = Candidate {
        kind: MatchKind::Fuzzy,
        score: s.score,
        similarity: s.score,
        fuzzy: s.score,
        source: s.source.clone(),
        target: s.target.clone(),
        stored_target: None,
        unit_id: s.id,
        origin: s.origin.clone(),
        status: s.status,
        penalties: Vec::new(),
        substitutions: Vec::new(),
    };
    let in_context = match (s.score, around) {
        (100, Some(around)) => context::matches(memory, s, around)?,
        _ => false,
    };
    match s.score {
        100 if in_context => {
            c.kind = MatchKind::Context;
            c.similarity = 101;
        }
        100 => c.kind = MatchKind::Exact,
        99 => c.kind = MatchKind::SameWords,
        _ => {
            if let Some(done) = substitute::substitute(query, &s.source, &s.target, glossary) {
                c.kind = MatchKind::Substituted;
                c.similarity = 99;
                c.stored_target = Some(std::mem::replace(&mut c.target, done.target));
                c.substitutions = done.substitutions;
            }
        }
    }
    Ok(c)
}

fn penalties(s: &Suggestion, c: &Candidate, alternative: bool, p: &Penalties) -> Vec<Applied> {
    let mut out = Vec::new();
    let mut add = |reason, points| {
        if points > 0 {
            out.push(Applied { reason, points });
        }
    };
    if s.status == Status::Unreviewed {
        add("unreviewed", p.unreviewed);
    }
    if s.confidence.is_some_and(|x| x < p.confidence_below) {
        add("low alignment confidence", p.low_confidence);
    }
    if alternative {
        add("several translations of this source", p.alternatives);
    }
    if !c.substitutions.is_empty() {
        add("auto-substituted", p.substitution);
    }
    out
}

/// Units whose source is also stored with another translation (among those found: the
/// alternatives of a source score the same, so they are found together).
fn alternative_ids(found: &[Suggestion]) -> Vec<i64> {
    let mut out = Vec::new();
    for a in found {
        let key = crate::text::key_tokens(&a.source);
        let other = found.iter().any(|b| {
            b.id != a.id && b.target != a.target && crate::text::key_tokens(&b.source) == key
        });
        if other {
            out.push(a.id);
        }
    }
    out
}
