//! Glossary terms in fuzzy matches: when the query and the stored source differ in one run of
//! words only, the query's run is a glossary term (with its translation) and the stored run
//! is another entry's form, and one of that entry's forms occurs exactly once in the stored
//! target, that occurrence becomes the query term's preferred translation.
//!
//! "قال برهم صالح …" stored as "Barham Salih said …" answers "قال مصطفى الكاظمي …" with
//! "Mustafa Al-Kadhimi said …". An Arabic proclitic on the term (و ب ل) must be the same on
//! both sides.

use super::{apply, Substituted};
use crate::glossary::{Entry, Lang, Recognizer};
use crate::text::{key_tokens, tokenize, Token};

pub fn substitute(
    query: &str,
    source: &str,
    target: &str,
    glossary: &Recognizer,
) -> Option<Substituted> {
    if glossary.glossary().entries.is_empty() {
        return None;
    }
    let scored = |text: &str| -> Vec<Token> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_scored())
            .collect()
    };
    let (q, s) = (scored(query), scored(source));
    let prefix = q.iter().zip(&s).take_while(|(a, b)| a.key == b.key).count();
    let room = q.len().min(s.len()) - prefix;
    let suffix = q
        .iter()
        .rev()
        .zip(s.iter().rev())
        .take(room)
        .take_while(|(a, b)| a.key == b.key)
        .count();
    let (q_mid, s_mid) = (&q[prefix..q.len() - suffix], &s[prefix..s.len() - suffix]);
    let (Some(q_first), Some(q_last)) = (q_mid.first(), q_mid.last()) else {
        return None;
    };
    if s_mid.is_empty() {
        return None;
    }
    // The query's run must be exactly one glossary term.
    let term = glossary
        .find(query)
        .into_iter()
        .find(|m| m.start == q_first.start && m.end == q_last.end)?;
    let clitic = crate::text::match_key(&query[term.start..term.stem_start]);
    let new_entry = glossary.entry(term.entry);
    let translation = new_entry.forms(term.lang.other()).preferred.clone()?;
    // The stored run: another entry's form, with the same proclitic.
    let mut s_keys: Vec<String> = s_mid.iter().map(|t| t.key.clone()).collect();
    s_keys[0] = s_keys[0].strip_prefix(clitic.as_str())?.to_string();
    let old_entry = entry_with_form(glossary, term.lang, &s_keys)?;
    if std::ptr::eq(old_entry, new_entry) {
        return None;
    }
    let span = only_occurrence(old_entry, term.lang.other(), target)?;
    apply(target, vec![(span, translation, "term")])
}

/// The glossary entry one of whose forms in `lang` has exactly these key tokens.
fn entry_with_form<'g>(glossary: &'g Recognizer, lang: Lang, keys: &[String]) -> Option<&'g Entry> {
    let mut found = glossary.glossary().entries.iter().filter(|e| {
        e.forms(lang)
            .all()
            .any(|(_, form)| key_tokens(form) == keys)
    });
    match (found.next(), found.next()) {
        (Some(e), None) => Some(e),
        _ => None,
    }
}

/// The byte span of the single occurrence in `target` of any of `entry`'s forms in `lang`.
fn only_occurrence(entry: &Entry, lang: Lang, target: &str) -> Option<(usize, usize)> {
    let tokens: Vec<Token> = tokenize(target)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .collect();
    let keys: Vec<&str> = tokens.iter().map(|t| t.key.as_str()).collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (_, form) in entry.forms(lang).all() {
        let form_keys = key_tokens(form);
        if form_keys.is_empty() {
            continue;
        }
        for i in 0..keys.len().saturating_sub(form_keys.len() - 1) {
            if keys[i..i + form_keys.len()]
                .iter()
                .zip(&form_keys)
                .all(|(a, b)| a == b)
            {
                let span = (tokens[i].start, tokens[i + form_keys.len() - 1].end);
                if !spans.contains(&span) {
                    spans.push(span);
                }
            }
        }
    }
    // Overlapping spans (a long form and a short form inside it) are one occurrence.
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    spans.dedup_by(|b, a| b.0 >= a.0 && b.1 <= a.1);
    match spans.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}
