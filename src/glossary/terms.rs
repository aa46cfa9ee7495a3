//! The glossary terms of a query with their preferred translation: what `suggest` shows
//! next to its fuzzy matches (and carries in `--json`).

use serde::Serialize;

use super::model::{Lang, TermStatus};
use super::recognize::Recognizer;

/// One glossary term found in a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryTerm {
    /// The text as found in the query (without clitics), and its byte span.
    pub found: String,
    pub start: usize,
    pub end: usize,
    pub lang: Lang,
    pub status: TermStatus,
    /// The entry's preferred form in the query's language (to spot a forbidden variant).
    pub preferred: Option<String>,
    /// The preferred form in the other language: the translation to use.
    pub translation: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub note: String,
}

/// Every glossary term of `query`, left to right.
pub fn query_terms(recognizer: &Recognizer, query: &str) -> Vec<QueryTerm> {
    recognizer
        .find(query)
        .into_iter()
        .map(|m| {
            let e = recognizer.entry(m.entry);
            QueryTerm {
                found: query[m.stem_start..m.end].to_string(),
                start: m.stem_start,
                end: m.end,
                lang: m.lang,
                status: m.status,
                preferred: e.forms(m.lang).preferred.clone(),
                translation: e.forms(m.lang.other()).preferred.clone(),
                kind: e.kind.as_str(),
                note: e.note.clone(),
            }
        })
        .collect()
}

/// A one-line rendering for people: `مصطفى الكاظمي → Mustafa Al-Kadhimi (person)`.
pub fn render(term: &QueryTerm) -> String {
    let arrow = term.translation.as_deref().unwrap_or("(no translation)");
    let mut s = format!("{} → {arrow} ({})", term.found, term.kind);
    if term.status == TermStatus::Forbidden {
        if let Some(p) = &term.preferred {
            s.push_str(&format!(" — forbidden variant, write \"{p}\""));
        }
    }
    s
}
