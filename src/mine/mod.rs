//! Names the memory already knows: the glossary mined from the memory's aligned units, and
//! an audit of the spellings the memory uses.
//!
//! - [`english_spans`]: where a Latin line names someone (the mentions of `crate::names`,
//!   with the title before each);
//! - [`arabic_spans`]: what each Arabic word can be in a name, and the cues before it;
//! - [`demonym`]: adjectives of nationality (Iraqi ↔ العراقية), which are not names;
//! - [`pairing`]: which Arabic words an English name transliterates, in one unit;
//! - [`groups`]: pairs gathered by Arabic name (and titles by Arabic title);
//! - [`entries`]: proposed glossary entries, compared with the glossary;
//! - [`audit`](mod@audit): forbidden and unlisted spellings, names and titles written several ways;
//! - [`units`]: the Arabic–English units read in batches, doubtful alignments left out;
//! - [`whole_names`]: a name the memory only writes inside a longer one joins its group.
//!
//! [`collect`] reads the memory once, pairing the names of each batch of units on all cores.

pub mod arabic_spans;
pub mod audit;
pub mod demonym;
pub mod english_spans;
pub mod entries;
pub mod groups;
pub mod pairing;
pub mod skeleton;
pub mod units;
pub mod whole_names;

use serde::Serialize;

use crate::align::memory_lexicon::current_lexicon;
use crate::align::Lexicon;
use crate::error::Result;
use crate::glossary::{Glossary, Recognizer};
use crate::memory::Memory;

pub use audit::AuditFinding;
pub use entries::{GlossaryStatus, ProposedEntry};
pub use groups::Groups;
pub use units::ReadStats;

/// Alignments less confident than this are not read: the two sides of a doubtful bead may
/// not translate each other (at ≥ .5 the aligner's beads are right about nine times in ten;
/// README, alignment figures).
pub const MIN_BEAD_CONFIDENCE: f64 = 0.5;

/// A name and Arabic words are paired from this transliteration similarity up (chosen on
/// either half of real names, both protocols, `examples/mine_eval.rs`).
pub const MIN_SIMILARITY: f32 = 0.55;

/// A name whose English writes more name units than the Arabic words it pairs with ("Maryam
/// Azadi" for مريم) pairs from this similarity up. The same bar as every pair by default: on
/// names whose spellings write the Arabic's words a bar of .8–.9 is best on both halves, but
/// where the data's longer spellings count as right (Ali Bagheri Kani for علي باقري) no
/// separate bar is best and .8 costs the audit's recall (.82–.83 against .87–.89);
/// `examples/mine_eval.rs`, README.
pub const MIN_SIMILARITY_MORE_ENGLISH: f32 = MIN_SIMILARITY;

/// What to read and how to pair.
#[derive(Debug, Clone)]
pub struct MineOptions {
    /// Only the units of this origin.
    pub origin: Option<String>,
    /// Units whose alignment confidence is lower are left out.
    pub min_bead_confidence: f64,
    /// Lowest pairing similarity.
    pub min_similarity: f32,
    /// Lowest pairing similarity when the English writes more name units than the Arabic.
    pub min_similarity_more_english: f32,
    /// Use the lexicon of the reviewed units for names transliteration cannot pair.
    pub lexicon: bool,
}

impl Default for MineOptions {
    fn default() -> Self {
        MineOptions {
            origin: None,
            min_bead_confidence: MIN_BEAD_CONFIDENCE,
            min_similarity: MIN_SIMILARITY,
            min_similarity_more_english: MIN_SIMILARITY_MORE_ENGLISH,
            lexicon: true,
        }
    }
}

/// What one pass over the memory found.
#[derive(Debug, Default)]
pub struct Collected {
    pub stats: ReadStats,
    pub groups: Groups,
    /// Glossary spelling findings of single units (when a recognizer was given).
    pub unit_findings: Vec<AuditFinding>,
}

/// Reads the memory's Arabic–English units once: pairs their names into groups and, with a
/// `recognizer`, checks each unit against the glossary.
pub fn collect(
    memory: &Memory,
    opts: &MineOptions,
    recognizer: Option<&Recognizer>,
) -> Result<Collected> {
    let lexicon = if opts.lexicon {
        Some(current_lexicon(memory, "ar", "en")?).filter(|l| !l.is_empty())
    } else {
        None
    };
    let mut out = Collected::default();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let mut stats = ReadStats::default();
    units::for_each_batch(
        memory,
        opts.origin.as_deref(),
        opts.min_bead_confidence,
        &mut stats,
        |batch| {
            let results = pair_batch(batch, lexicon.as_ref(), opts, recognizer, threads);
            for (unit, (pairs, findings)) in batch.iter().zip(results) {
                out.groups.add(unit.id, unit.reviewed, &pairs);
                out.unit_findings.extend(findings);
            }
            Ok(())
        },
    )?;
    whole_names::join_partial_names(&mut out.groups);
    out.stats = stats;
    Ok(out)
}

type UnitResult = (Vec<pairing::Pair>, Vec<AuditFinding>);

fn pair_batch(
    batch: &[units::UnitText],
    lexicon: Option<&Lexicon>,
    opts: &MineOptions,
    recognizer: Option<&Recognizer>,
    threads: usize,
) -> Vec<UnitResult> {
    let work = |chunk: &[units::UnitText]| -> Vec<UnitResult> {
        chunk
            .iter()
            .map(|u| {
                let thresholds = pairing::Thresholds {
                    similarity: opts.min_similarity,
                    more_english_units: opts.min_similarity_more_english,
                };
                let pairs = pairing::pair_unit(&u.arabic, &u.english, lexicon, thresholds);
                let findings = recognizer
                    .map(|r| audit::unit_findings(r, u.id, &u.arabic, &u.english, &pairs))
                    .unwrap_or_default();
                (pairs, findings)
            })
            .collect()
    };
    if threads < 2 || batch.len() < 64 {
        return work(batch);
    }
    let size = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(size)
            .map(|chunk| scope.spawn(move || work(chunk)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The result of `tarjama glossary mine`.
#[derive(Debug, Serialize)]
pub struct MineReport {
    pub stats: ReadStats,
    /// Things the user should know (no reviewed units, nothing to read).
    pub notes: Vec<String>,
    pub entries: Vec<ProposedEntry>,
}

/// Mines the glossary from the memory: proposed entries with at least one spelling seen
/// `min_count` times and a confidence of at least `min_confidence`.
pub fn mine(
    memory: &Memory,
    glossary: &Glossary,
    opts: &MineOptions,
    min_count: usize,
    min_confidence: f32,
) -> Result<MineReport> {
    let collected = collect(memory, opts, None)?;
    let entries = entries::proposed_entries(&collected.groups, glossary, min_count, min_confidence);
    Ok(MineReport {
        notes: notes(&collected.stats),
        stats: collected.stats,
        entries,
    })
}

/// The result of `tarjama glossary audit`.
#[derive(Debug, Serialize)]
pub struct AuditReport {
    pub stats: ReadStats,
    pub notes: Vec<String>,
    pub findings: Vec<AuditFinding>,
}

/// Audits the memory's spellings against `glossary` and against itself.
pub fn audit(
    memory: &Memory,
    glossary: &Glossary,
    opts: &MineOptions,
    min_count: usize,
) -> Result<AuditReport> {
    let recognizer = Recognizer::new(glossary.clone());
    let collected = collect(memory, opts, Some(&recognizer))?;
    let mut findings = collected.unit_findings;
    findings.extend(audit::group_findings(
        &collected.groups,
        glossary,
        min_count,
    ));
    Ok(AuditReport {
        notes: notes(&collected.stats),
        stats: collected.stats,
        findings,
    })
}

/// What the user should know about the units read.
fn notes(stats: &ReadStats) -> Vec<String> {
    let mut notes = Vec::new();
    if stats.units == 0 {
        notes.push("the memory has no Arabic–English units to read".to_string());
    } else if stats.reviewed == 0 {
        notes.push(
            "no unit is reviewed: preferred spellings are the most frequent in unreviewed units"
                .to_string(),
        );
    }
    if stats.low_confidence > 0 {
        notes.push(format!(
            "{} units aligned with a confidence below the threshold were left out",
            stats.low_confidence
        ));
    }
    if stats.other_languages > 0 {
        notes.push(format!(
            "{} units in other languages were left out",
            stats.other_languages
        ));
    }
    notes
}
