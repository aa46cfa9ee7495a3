//! Terms of a source text missing from its translation, sentence by sentence: both texts
//! are segmented, aligned (with the glossary itself as anchors), and each source term must
//! appear — in any listed spelling, or as an unlisted variant — in the target sentences
//! aligned with its sentence. Catches a name dropped from one sentence even when the
//! document mentions it elsewhere; whole texts are held in memory (articles, not corpora).
//!
//! It lives above both features it joins — the aligner (`align`) and the glossary checker
//! (`glossary`) — since `align` already uses glossary terms as anchors.

use std::collections::HashSet;

use crate::align::{align, AlignOptions};
use crate::glossary::check::{Checker, Finding, SourceTerm};
use crate::glossary::{Lang, TermStatus};
use crate::text::segment::segment;

/// A source term whose entry is absent from the aligned target sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub entry: usize,
    /// Byte span in the source text.
    pub start: usize,
    pub end: usize,
    pub found: String,
    /// Whether the source sentence has no target sentence at all (an omission).
    pub omitted: bool,
}

/// Source terms (in `src_lang`) missing from their aligned target sentences.
pub fn missing_by_sentence(
    checker: &Checker,
    source: &str,
    src_lang: Lang,
    target: &str,
    tgt_lang: Lang,
) -> Vec<Missing> {
    let src = segment(source, src_lang.as_str());
    let tgt = segment(target, tgt_lang.as_str());
    let src_text: Vec<&str> = src.iter().map(|s| &source[s.start..s.end]).collect();
    let tgt_text: Vec<&str> = tgt.iter().map(|s| &target[s.start..s.end]).collect();
    let opts = AlignOptions {
        anchors: Some(checker.recognizer()),
        ..AlignOptions::default()
    };
    let mut out = Vec::new();
    for bead in align(&src_text, &tgt_text, &opts) {
        let present = entries_in(checker, bead.tgt.iter().map(|&j| tgt_text[j]));
        for &i in &bead.src {
            for mut m in missing_in(checker, src_text[i], src_lang, tgt_lang, &present) {
                m.start += src[i].start;
                m.end += src[i].start;
                m.omitted = bead.tgt.is_empty();
                out.push(m);
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// [`missing_by_sentence`] as "missing term" errors located in `source` (its lines and
/// columns), in order; an omitted source sentence says so.
pub fn missing_findings(
    checker: &Checker,
    source: &str,
    src_lang: Lang,
    target: &str,
    tgt_lang: Lang,
) -> Vec<Finding> {
    missing_by_sentence(checker, source, src_lang, target, tgt_lang)
        .into_iter()
        .filter_map(|m| {
            let line_start = source[..m.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[m.start..]
                .find('\n')
                .map_or(source.len(), |i| m.start + i);
            let term = SourceTerm {
                entry: m.entry,
                found: &m.found,
                line: source[..m.start].matches('\n').count() + 1,
                line_text: &source[line_start..line_end],
                start: m.start - line_start,
                end: m.end - line_start,
            };
            let place = if m.omitted {
                "translated: its sentence has no translation"
            } else {
                "in the aligned translation"
            };
            checker.missing_term(&term, tgt_lang, place)
        })
        .collect()
}

/// The glossary entries present in `texts`, in any listed spelling or as unlisted variants.
pub fn entries_in<'t>(checker: &Checker, texts: impl Iterator<Item = &'t str>) -> HashSet<usize> {
    texts
        .flat_map(|t| checker.check_line(t, 1).seen)
        .map(|s| s.entry)
        .collect()
}

/// The terms of one source sentence (in `src_lang`) whose entry is not in `present` (the
/// entries of its translation) and has a preferred form in `tgt_lang`; spans are byte
/// offsets in `sentence`.
pub fn missing_in(
    checker: &Checker,
    sentence: &str,
    src_lang: Lang,
    tgt_lang: Lang,
    present: &HashSet<usize>,
) -> Vec<Missing> {
    checker
        .recognizer()
        .find(sentence)
        .into_iter()
        .filter(|m| {
            let wanted = checker.entry(m.entry).forms(tgt_lang).preferred.is_some();
            // A forbidden spelling in the source is the source's own error.
            let forbidden = m.status == TermStatus::Forbidden;
            m.lang == src_lang && !forbidden && wanted && !present.contains(&m.entry)
        })
        .filter(|m| checker.owes_translation(sentence, m))
        .map(|m| Missing {
            entry: m.entry,
            start: m.stem_start,
            end: m.end,
            found: sentence[m.stem_start..m.end].to_string(),
            omitted: false,
        })
        .collect()
}
