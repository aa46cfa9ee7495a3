//! Auto-substitution: a fuzzy match whose source differs from the query only in numbers,
//! dates or glossary terms becomes a near-exact one by making the same replacements in its
//! target, written in the digit system and month naming the stored target uses.
//!
//! Conservative by design: apart from the replaced numbers, months and terms, the query and
//! the stored source must have the same words in the same order; each value replaced must
//! occur exactly once in the stored source and exactly once in the stored target (numbers by
//! value in any digit system, months in any naming, terms by any of their glossary forms).
//! Every number of the stored source must also be a number of the stored target (a target
//! that writes "1950 to 1953" as "1950-53" does not map numbers one to one). Otherwise
//! nothing is substituted and the match stays fuzzy. A month name counts as a
//! date only next to a number ("31 December", "٣١ كانون الأول", "May 2020"), so the verb
//! "may" or مارس "practised" is never a month.

mod months;
mod numbers;
mod terms;

use serde::Serialize;

use crate::glossary::Recognizer;
use crate::text::{tokenize, Token, TokenKind};

pub use months::Naming;
pub use numbers::Digits;

/// One replacement made in a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// The text replaced in the stored target.
    pub from: String,
    /// What it became.
    pub to: String,
    /// "number", "date" or "term".
    pub what: &'static str,
}

/// A target with its substitutions made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substituted {
    pub target: String,
    pub substitutions: Vec<Substitution>,
}

/// A word, number or month of a text, with its byte span.
#[derive(Debug, Clone, PartialEq)]
enum Item<'t> {
    Word(&'t str),
    Number {
        value: String,
        span: (usize, usize),
    },
    Month {
        month: usize,
        naming: Naming,
        span: (usize, usize),
    },
}

/// The words, numbers and dated months of `text`, in order.
fn items<'t>(text: &str, tokens: &'t [Token]) -> Vec<Item<'t>> {
    let scored: Vec<&Token> = tokens.iter().filter(|t| t.kind.is_scored()).collect();
    let keys: Vec<&str> = scored.iter().map(|t| t.key.as_str()).collect();
    let is_number = |i: usize| scored.get(i).is_some_and(|t| t.kind == TokenKind::Number);
    let mut out = Vec::with_capacity(scored.len());
    let mut i = 0;
    while i < scored.len() {
        let t = scored[i];
        if t.kind == TokenKind::Number {
            out.push(Item::Number {
                value: numbers::value(&text[t.start..t.end]),
                span: (t.start, t.end),
            });
            i += 1;
            continue;
        }
        if let Some((month, naming, n)) = months::month_at(&keys[i..]) {
            if (i > 0 && is_number(i - 1)) || is_number(i + n) {
                out.push(Item::Month {
                    month,
                    naming,
                    span: (t.start, scored[i + n - 1].end),
                });
                i += n;
                continue;
            }
        }
        out.push(Item::Word(&t.key));
        i += 1;
    }
    out
}

/// One difference between the stored source and the query.
enum Change {
    Number { old: String, new: String },
    Month { old: usize, new: usize },
}

/// The stored target with the query's numbers, dates and terms in place of the stored
/// source's, when every difference can be placed unambiguously.
pub fn substitute(
    query: &str,
    source: &str,
    target: &str,
    glossary: &Recognizer,
) -> Option<Substituted> {
    let (qt, st, tt) = (tokenize(query), tokenize(source), tokenize(target));
    let (q, s) = (items(query, &qt), items(source, &st));
    match changes(&q, &s) {
        Some(changes) if !changes.is_empty() => place(&changes, &s, target, &items(target, &tt)),
        Some(_) => None,
        None => terms::substitute(query, source, target, glossary),
    }
}

/// The numbers and months that differ, position by position; `None` when anything else
/// differs.
fn changes(q: &[Item], s: &[Item]) -> Option<Vec<Change>> {
    if q.len() != s.len() {
        return None;
    }
    let mut out = Vec::new();
    for (a, b) in q.iter().zip(s) {
        match (a, b) {
            (Item::Word(x), Item::Word(y)) if x == y => {}
            (Item::Number { value: new, .. }, Item::Number { value: old, .. }) => {
                if new != old {
                    out.push(Change::Number {
                        old: old.clone(),
                        new: new.clone(),
                    });
                }
            }
            (Item::Month { month: new, .. }, Item::Month { month: old, .. }) => {
                if new != old {
                    out.push(Change::Month {
                        old: *old,
                        new: *new,
                    });
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Makes every change in the target, or none when one cannot be placed.
fn place(changes: &[Change], s: &[Item], target: &str, t: &[Item]) -> Option<Substituted> {
    // The target must write every number of the source as a number too ("1950 to 1953"
    // written "1950-53" does not): else its numbers do not map one to one onto the source's.
    let target_has = |v: &str| {
        t.iter()
            .any(|i| matches!(i, Item::Number { value, .. } if value == v))
    };
    if s.iter()
        .any(|i| matches!(i, Item::Number { value, .. } if !target_has(value)))
    {
        return None;
    }
    let mut edits: Vec<((usize, usize), String, &'static str)> = Vec::new();
    for change in changes {
        let (span, written, what) = match change {
            Change::Number { old, new } => {
                let count = |items: &[Item]| {
                    items
                        .iter()
                        .filter(|i| matches!(i, Item::Number { value, .. } if value == old))
                        .count()
                };
                if count(s) != 1 {
                    return None;
                }
                let mut found = t.iter().filter_map(|i| match i {
                    Item::Number { value, span } if value == old => Some(*span),
                    _ => None,
                });
                let (Some(span), None) = (found.next(), found.next()) else {
                    return None;
                };
                let written = numbers::write_like(new, &target[span.0..span.1]);
                (span, written, "number")
            }
            Change::Month { old, new } => {
                let count = s
                    .iter()
                    .filter(|i| matches!(i, Item::Month { month, .. } if month == old))
                    .count();
                if count != 1 {
                    return None;
                }
                let mut found = t.iter().filter_map(|i| match i {
                    Item::Month {
                        month,
                        naming,
                        span,
                    } if month == old => Some((*span, *naming)),
                    _ => None,
                });
                let (Some((span, naming)), None) = (found.next(), found.next()) else {
                    return None;
                };
                (span, months::name(*new, naming).to_string(), "date")
            }
        };
        edits.push((span, written, what));
    }
    apply(target, edits)
}

/// Replaces the spans (which must not overlap) and lists what was replaced, left to right.
fn apply(
    target: &str,
    mut edits: Vec<((usize, usize), String, &'static str)>,
) -> Option<Substituted> {
    edits.sort_by_key(|e| e.0);
    if edits.windows(2).any(|w| w[0].0 .1 > w[1].0 .0) {
        return None;
    }
    let mut out = String::with_capacity(target.len() + 16);
    let mut at = 0;
    let mut substitutions = Vec::with_capacity(edits.len());
    for ((start, end), written, what) in edits {
        out.push_str(&target[at..start]);
        out.push_str(&written);
        substitutions.push(Substitution {
            from: target[start..end].to_string(),
            to: written,
            what,
        });
        at = end;
    }
    out.push_str(&target[at..]);
    Some(Substituted {
        target: out,
        substitutions,
    })
}

#[cfg(test)]
mod tests;
