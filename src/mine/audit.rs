//! Where the memory contradicts the glossary or itself:
//! - a unit whose Arabic side names a glossary entry while its English side writes that name
//!   in a forbidden spelling, or in a spelling the entry does not list (found through the
//!   pairing of the unit's names), or any forbidden spelling at all;
//! - an Arabic name the glossary lacks, written in several spellings: the units that do not
//!   use the most frequent one (reviewed units first);
//! - an Arabic title rendered several ways before names (اللواء → Major General / Maj. Gen.
//!   / General): the units that do not use the glossary's rendering, or the most frequent.

use std::collections::HashSet;

use serde::Serialize;

use crate::glossary::{EntryType, Glossary, Lang, Recognizer, TermStatus};
use crate::text::match_key;

use super::entries::GlossaryIndex;
use super::groups::{Groups, SpellingCount, Tally};
use super::pairing::Pair;

/// One inconsistency.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditFinding {
    /// A unit writes a glossary name in a forbidden or unlisted spelling.
    GlossarySpelling {
        unit: i64,
        entry: i64,
        arabic: String,
        written: String,
        /// "forbidden" or "unlisted".
        status: String,
        preferred: String,
    },
    /// An Arabic name the glossary lacks, written in more than one way.
    NameSpellings {
        arabic: String,
        preferred: String,
        spellings: Vec<Rendering>,
        /// Units that write another spelling than the preferred one.
        units: Vec<i64>,
    },
    /// An Arabic title rendered in more than one way before names.
    TitleRenderings {
        arabic: String,
        preferred: String,
        /// Whether the glossary chose the preferred rendering (else the memory's majority).
        from_glossary: bool,
        renderings: Vec<Rendering>,
        units: Vec<i64>,
    },
}

impl AuditFinding {
    /// The units the finding points at.
    pub fn units(&self) -> Vec<i64> {
        match self {
            AuditFinding::GlossarySpelling { unit, .. } => vec![*unit],
            AuditFinding::NameSpellings { units, .. }
            | AuditFinding::TitleRenderings { units, .. } => units.clone(),
        }
    }
}

/// A spelling and the units that wrote it (every unit for the ones that are not preferred).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendering {
    pub text: String,
    pub count: usize,
    pub units: Vec<i64>,
}

/// The glossary spelling findings of one unit: Arabic glossary names whose English is
/// written in a forbidden or unlisted spelling, and forbidden spellings written anywhere.
pub fn unit_findings(
    recognizer: &Recognizer,
    unit: i64,
    arabic: &str,
    english: &str,
    pairs: &[Pair],
) -> Vec<AuditFinding> {
    let glossary = recognizer.glossary();
    let in_english = recognizer.find(english);
    let mut out = Vec::new();
    let mut reported: HashSet<usize> = HashSet::new();
    for m in in_english
        .iter()
        .filter(|m| m.status == TermStatus::Forbidden)
    {
        let entry = &glossary.entries[m.entry];
        if m.lang == Lang::En && reported.insert(m.entry) {
            out.push(spelling_finding(
                entry,
                unit,
                &english[m.start..m.end],
                "forbidden",
            ));
        }
    }
    for m in recognizer.find(arabic) {
        let entry = &glossary.entries[m.entry];
        if m.lang != Lang::Ar || !entry.kind.is_name() || reported.contains(&m.entry) {
            continue;
        }
        let allowed_written = in_english
            .iter()
            .any(|e| e.entry == m.entry && e.lang == Lang::En && e.status.is_full());
        if allowed_written || entry.en.is_empty() {
            continue;
        }
        let allowed: Vec<String> = entry.en.allowed().map(match_key).collect();
        // The English name paired with the Arabic words the entry was found in — not with a
        // longer name that merely contains them (ايمان in ايمان رزوق is somebody else). A
        // spelling that is an allowed form, or its last words (Kadhimi for Mustafa
        // Al-Kadhimi), is no finding.
        let paired = pairs.iter().find(|p| {
            m.start <= p.arabic_range.0 && p.arabic_range.1 <= m.end && {
                let key = match_key(&p.english);
                !allowed.iter().any(|a| {
                    *a == key || key.ends_with(&format!(" {a}")) || a.ends_with(&format!(" {key}"))
                })
            }
        });
        if let Some(p) = paired {
            reported.insert(m.entry);
            out.push(spelling_finding(entry, unit, &p.english, "unlisted"));
        }
    }
    out
}

fn spelling_finding(
    entry: &crate::glossary::Entry,
    unit: i64,
    written: &str,
    status: &str,
) -> AuditFinding {
    AuditFinding::GlossarySpelling {
        unit,
        entry: entry.id.unwrap_or(0),
        arabic: entry.ar.preferred.clone().unwrap_or_default(),
        written: written.to_string(),
        status: status.to_string(),
        preferred: entry.en.preferred.clone().unwrap_or_default(),
    }
}

/// The memory's inconsistencies with itself: names the glossary lacks written several ways,
/// titles rendered several ways. Groups seen fewer than `min_count` times are left out.
pub fn group_findings(groups: &Groups, glossary: &Glossary, min_count: usize) -> Vec<AuditFinding> {
    let index = GlossaryIndex::new(glossary);
    let mut out = Vec::new();
    let mut names: Vec<(&String, &super::groups::Group)> = groups.names.iter().collect();
    names.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    for (key, group) in names {
        if group.spellings.len() < 2 || group.count < min_count.max(2) {
            continue;
        }
        if index.by_arabic(key).is_some() {
            continue; // the glossary findings of each unit cover it
        }
        let keys: Vec<&String> = group.spellings.keys().collect();
        let Some((preferred, _)) = group.preferred_among(&keys) else {
            continue;
        };
        let ranked = group.ranked();
        let (renderings, units) = renderings(&ranked, |k| k == preferred.as_str());
        out.push(AuditFinding::NameSpellings {
            arabic: group.arabic_display(),
            preferred: group.spellings[preferred].display(),
            spellings: renderings,
            units,
        });
    }
    let mut titles: Vec<_> = groups.titles.iter().collect();
    titles.sort_by(|a, b| a.0.cmp(b.0));
    for (key, title) in titles {
        let total: usize = title.renderings.values().map(|t| t.count).sum();
        if total < min_count.max(2) {
            continue;
        }
        let entry = index
            .by_arabic(&key.replace(' ', ""))
            .filter(|e| e.kind == EntryType::Title);
        let allowed: Vec<String> = match entry {
            Some(e) => e.en.allowed().map(match_key).collect(),
            None => {
                let keys: Vec<&String> = title.renderings.keys().collect();
                let best = keys.iter().max_by(|a, b| {
                    let (ta, tb) = (&title.renderings[**a], &title.renderings[**b]);
                    (ta.reviewed, ta.count)
                        .cmp(&(tb.reviewed, tb.count))
                        .then(b.cmp(a))
                });
                best.map(|k| vec![(*k).clone()]).unwrap_or_default()
            }
        };
        let mut ranked: Vec<(&String, &Tally)> = title.renderings.iter().collect();
        ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        if ranked.iter().all(|(k, _)| allowed.contains(k)) {
            continue;
        }
        let preferred = match entry {
            Some(e) => e.en.preferred.clone().unwrap_or_default(),
            None => title.renderings[&allowed[0]].display(),
        };
        let (renderings, units) = renderings(&ranked, |k| allowed.iter().any(|a| a == k));
        out.push(AuditFinding::TitleRenderings {
            arabic: super::groups::most_frequent(&title.arabic),
            preferred,
            from_glossary: entry.is_some(),
            renderings,
            units,
        });
    }
    out
}

/// Renderings with their units (all units for the ones that are not fine), and the units of
/// those that are not.
fn renderings(
    ranked: &[(&String, &Tally)],
    fine: impl Fn(&str) -> bool,
) -> (Vec<Rendering>, Vec<i64>) {
    let mut flagged = Vec::new();
    let list = ranked
        .iter()
        .map(|(k, t)| {
            let ok = fine(k);
            if !ok {
                flagged.extend(&t.units);
            }
            Rendering {
                text: t.display(),
                count: t.count,
                units: if ok {
                    SpellingCount::of(t).examples
                } else {
                    t.units.clone()
                },
            }
        })
        .collect();
    flagged.sort_unstable();
    flagged.dedup();
    (list, flagged)
}
