//! What tarjama answers to programs, as serde types: suggestions with the glossary terms of
//! each query, and the check of a text against the glossary. The CLI's `--json` output and
//! the HTTP server (`tarjama serve`) both build their answers here, so a pipeline gets the
//! same JSON from either door.

pub mod path;

use serde::Serialize;

use crate::error::Result;
use crate::glossary::check::{Finding, Severity};
use crate::glossary::terms::{query_terms, QueryTerm};
use crate::glossary::{Checker, Lang, Recognizer};
use crate::memory::{Memory, SuggestOptions, Suggestion};
use crate::pretranslate::{classify, Around, Fragment, Fragmenter, MatchKind};
use crate::substitute::Substitution;
use crate::text::segment::segment;

/// One sentence to look up, with its byte range in the text it was cut from (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub range: Option<(usize, usize)>,
}

impl Query {
    /// The whole text as one query.
    pub fn whole(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            range: None,
        }
    }
}

/// The sentences of `text` in language `lang` (a BCP 47 tag), one query each.
pub fn sentences(text: &str, lang: &str) -> Vec<Query> {
    let lang = crate::text::primary_language(lang);
    segment(text, lang)
        .into_iter()
        .map(|s| Query {
            text: s.text,
            range: Some((s.start, s.end)),
        })
        .collect()
}

/// The answer for one query sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestBlock {
    pub query: String,
    /// Byte range of the sentence in the text it was cut from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    pub matches: Vec<Match>,
    /// Glossary terms of the query with their preferred translations.
    pub terms: Vec<QueryTerm>,
    /// Runs of words found in stored units with their translation, when no whole match
    /// reaches the threshold (filled in by [`add_fragments`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Fragment>,
    /// The fragment search stopped at its work limit (`Fragmenter::limit_work`) before the
    /// end of the query: runs further on were not looked for.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fragments_cut_short: bool,
}

/// One suggestion with what kind of match it is (`context` when the query came from a text
/// whose neighbouring sentences match the unit's, `exact`, `same-words`, `substituted`,
/// `fuzzy`) and, for a substituted match, the replacements and the target they give. The
/// memory's fields are flattened into the same JSON object; `score` stays the memory's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    #[serde(flatten)]
    pub suggestion: Suggestion,
    pub kind: MatchKind,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<Substitution>,
    /// The stored target with the substitutions made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substituted_target: Option<String>,
}

impl std::ops::Deref for Match {
    type Target = Suggestion;

    fn deref(&self) -> &Suggestion {
        &self.suggestion
    }
}

/// Suggestions and glossary terms for each query, in order.
pub fn suggest(
    memory: &Memory,
    glossary: &Recognizer,
    queries: Vec<Query>,
    opts: &SuggestOptions,
) -> Result<Vec<SuggestBlock>> {
    let mut blocks = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        // Sentences cut from one text know their neighbours; a lone query does not.
        let around = q.range.map(|_| Around {
            previous: i.checked_sub(1).map(|p| queries[p].text.as_str()),
            next: queries.get(i + 1).map(|n| n.text.as_str()),
        });
        let mut matches = Vec::new();
        for suggestion in memory.suggest(&q.text, opts)? {
            let c = classify(memory, glossary, &q.text, &suggestion, around.as_ref())?;
            matches.push(Match {
                kind: c.kind,
                substituted_target: c.stored_target.is_some().then_some(c.target),
                substitutions: c.substitutions,
                suggestion,
            });
        }
        blocks.push(SuggestBlock {
            fragments: Vec::new(),
            fragments_cut_short: false,
            matches,
            terms: query_terms(glossary, &q.text),
            start: q.range.map(|r| r.0),
            end: q.range.map(|r| r.1),
            query: q.text.clone(),
        });
    }
    Ok(blocks)
}

/// Fills in the fragments of the blocks without a match. Building the fragmenter learns the
/// memory's lexicon, so callers make one only when some block needs it (a server can keep
/// one between requests).
pub fn add_fragments(
    blocks: &mut [SuggestBlock],
    fragmenter: &Fragmenter<'_>,
    glossary: &Recognizer,
) -> Result<()> {
    for block in blocks.iter_mut().filter(|b| b.matches.is_empty()) {
        let found = fragmenter.search(&block.query, glossary)?;
        block.fragments = found.fragments;
        block.fragments_cut_short = found.cut_short;
    }
    Ok(())
}

/// The check of a whole text: every finding, line by line, and the counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
    /// With a source text: its terms missing from the aligned sentences of the text (lines
    /// and columns are the source's). Counted in `errors`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Finding>,
}

/// Checks every line of `text` (lines and columns 1-based, columns in user-visible
/// characters, as `tarjama check` reports them).
pub fn check_text(checker: &Checker, text: &str) -> CheckReport {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut document = checker.document();
    let findings: Vec<Finding> = checker
        .check_lines(&lines, 1)
        .into_iter()
        .flat_map(|report| document.follow(report).findings)
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    CheckReport {
        errors,
        warnings: findings.len() - errors,
        findings,
        missing: Vec::new(),
    }
}

/// [`check_text`], and the terms of `source` (the text `text` translates, Arabic or English)
/// missing from the sentences of `text` aligned with theirs.
pub fn check_translation(checker: &Checker, text: &str, source: &str) -> Result<CheckReport> {
    let (src_lang, tgt_lang) = (main_language(source), main_language(text));
    if src_lang == tgt_lang {
        return Err(crate::Error::Invalid(format!(
            "the source and the text are both in {}; give a translation pair",
            src_lang.as_str()
        )));
    }
    let mut report = check_text(checker, text);
    report.missing = crate::bilingual::missing_findings(checker, source, src_lang, text, tgt_lang);
    report.errors += report.missing.len();
    Ok(report)
}

/// The language most of a text's letters belong to.
fn main_language(text: &str) -> Lang {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if arabic > latin {
        Lang::Ar
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, EntryType, Glossary};
    use crate::memory::{Side, UnitRecord};

    fn glossary() -> Glossary {
        let mut e = Entry::new(EntryType::Person);
        e.en.preferred = Some("Mustafa Al-Kadhimi".into());
        e.en.forbidden = vec!["Kazemi".into()];
        e.ar.preferred = Some("مصطفى الكاظمي".into());
        Glossary::new(vec![e])
    }

    #[test]
    fn each_sentence_gets_its_matches_terms_and_range() {
        let mut m = Memory::in_memory().unwrap();
        let mut w = m.writer().unwrap();
        w.add(&UnitRecord::new(
            Side::new("ar", "وصل مصطفى الكاظمي إلى بغداد."),
            Side::new("en", "Mustafa Al-Kadhimi arrived in Baghdad."),
        ))
        .unwrap();
        w.commit().unwrap();
        let text = "وصل مصطفى الكاظمي إلى بغداد. الطقس حار جدا اليوم.";
        let queries = sentences(text, "ar-IQ");
        assert_eq!(queries.len(), 2);
        let rec = Recognizer::new(glossary());
        let blocks = suggest(&m, &rec, queries, &SuggestOptions::new("ar", "en")).unwrap();
        assert_eq!(blocks[0].matches[0].score, 100);
        assert_eq!(
            blocks[0].terms[0].translation.as_deref(),
            Some("Mustafa Al-Kadhimi")
        );
        assert_eq!(blocks[0].start, Some(0));
        assert!(blocks[1].matches.is_empty() && blocks[1].terms.is_empty());
        assert_eq!(
            &text[blocks[1].start.unwrap()..blocks[1].end.unwrap()],
            blocks[1].query
        );
    }

    #[test]
    fn a_text_check_counts_errors_and_numbers_lines_from_one() {
        let checker = Checker::new(glossary());
        let report = check_text(&checker, "All quiet.\nThen Kazemi spoke.");
        assert_eq!((report.errors, report.warnings), (1, 0));
        let f = &report.findings[0];
        assert_eq!((f.line, f.col, f.found.as_str()), (2, 6, "Kazemi"));
        assert_eq!(f.suggestion.as_deref(), Some("Mustafa Al-Kadhimi"));
    }
}
