//! Checks a set of entries before anything is written: every entry names something, no
//! form is both allowed and forbidden, no concept appears twice. A language may hold only
//! forbidden forms (the other one names the concept). Each problem is reported
//! at the location of the entry that carries it (`path:line: message`).

use std::collections::HashMap;

use super::model::{Entry, Lang, TermStatus};
use crate::error::{Location, RecordError};
use crate::text::match_key;

/// An entry and where it was read from.
#[derive(Debug, Clone)]
pub struct Located {
    pub entry: Entry,
    pub location: Location,
}

/// All problems of `entries`, in input order; empty when the set may be stored.
pub fn validate(entries: &[Located]) -> Vec<RecordError> {
    validate_after(entries, 0)
}

/// As [`validate`], where the first `stored` entries are already in the memory: a conflict
/// between a stored entry and an incoming one is reported at the incoming one, the record
/// the user can fix (or `--skip-bad` can leave out), whichever of the two forbids the form.
pub fn validate_after(entries: &[Located], stored: usize) -> Vec<RecordError> {
    let mut errors = Vec::new();
    for item in entries {
        check_entry(item, &mut errors);
    }
    check_duplicates(entries, &mut errors);
    check_conflicts(entries, stored, &mut errors);
    errors.sort_by(|a, b| {
        (a.location.path.as_str(), a.location.line)
            .cmp(&(b.location.path.as_str(), b.location.line))
    });
    errors
}

fn error(location: &Location, message: String) -> RecordError {
    RecordError {
        location: location.clone(),
        message,
    }
}

fn check_entry(item: &Located, errors: &mut Vec<RecordError>) {
    let e = &item.entry;
    if let Some(message) = text_problem(e) {
        return errors.push(error(&item.location, message));
    }
    if e.ar.preferred.is_none() && e.en.preferred.is_none() {
        let message = if e.ar.is_empty() && e.en.is_empty() {
            "the term is empty in every language".to_string()
        } else {
            "no preferred form in any language (only variants were given)".to_string()
        };
        errors.push(error(&item.location, message));
        return;
    }
    for lang in Lang::BOTH {
        let forms = e.forms(lang);
        // Forbidden forms alone are meaningful ("never write X"; TBX concepts with only
        // deprecated terms in one language); a form allowed beside no preferred one is not.
        if forms.preferred.is_none() && forms.allowed().next().is_some() {
            errors.push(error(
                &item.location,
                format!(
                    "{} variants given without a preferred {} form",
                    lang.as_str(),
                    lang.as_str()
                ),
            ));
        }
        for bad in &forms.forbidden {
            for good in forms.allowed() {
                if same_form(bad, good, e.case_sensitive) {
                    errors.push(error(
                        &item.location,
                        format!(
                            "\"{bad}\" is both allowed (\"{good}\") and forbidden in this entry"
                        ),
                    ));
                }
            }
        }
    }
}

/// The first form or note of an entry that is not text (control characters, only
/// invisible marks; see [`crate::text::validate`]).
fn text_problem(e: &Entry) -> Option<String> {
    let forms = Lang::BOTH
        .into_iter()
        .flat_map(|l| e.forms(l).all().map(move |(_, f)| (l, f)));
    for (lang, form) in forms {
        if let Err(p) = crate::text::validate::check_text(form) {
            return Some(format!("{} form {form:?}: {p}", lang.as_str()));
        }
    }
    let problem = crate::text::validate::check_text(&e.note).err()?;
    Some(format!("note: {problem}"))
}

/// Whether two forms are indistinguishable for matching: same match key, and for a
/// case-sensitive entry also the same letters in the same case.
fn same_form(a: &str, b: &str, case_sensitive: bool) -> bool {
    if match_key(a) != match_key(b) {
        return false;
    }
    !case_sensitive || letters(a) == letters(b)
}

fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn check_duplicates(entries: &[Located], errors: &mut Vec<RecordError>) {
    let mut first: HashMap<String, &Location> = HashMap::new();
    for item in entries {
        let key = item.entry.concept_key();
        match first.get(&key) {
            Some(loc) => errors.push(error(
                &item.location,
                format!(
                    "duplicate entry: \"{}\" is already defined at {loc}",
                    item.entry.label()
                ),
            )),
            None => {
                first.insert(key, &item.location);
            }
        }
    }
}

struct FormUse<'a> {
    entry: usize,
    status: TermStatus,
    form: &'a str,
}

fn check_conflicts(entries: &[Located], stored: usize, errors: &mut Vec<RecordError>) {
    let mut uses: HashMap<(Lang, String), Vec<FormUse>> = HashMap::new();
    for (i, item) in entries.iter().enumerate() {
        for lang in Lang::BOTH {
            for (status, form) in item.entry.forms(lang).all() {
                uses.entry((lang, match_key(form)))
                    .or_default()
                    .push(FormUse {
                        entry: i,
                        status,
                        form,
                    });
            }
        }
    }
    for list in uses.values() {
        for bad in list.iter().filter(|u| u.status == TermStatus::Forbidden) {
            for good in list.iter().filter(|u| u.status != TermStatus::Forbidden) {
                if good.entry == bad.entry {
                    continue;
                }
                let cs = entries[bad.entry].entry.case_sensitive
                    || entries[good.entry].entry.case_sensitive;
                if !same_form(bad.form, good.form, cs) {
                    continue;
                }
                if bad.entry < stored && good.entry >= stored {
                    errors.push(conflict_with_stored(entries, good, bad));
                } else {
                    errors.push(conflict(entries, bad, good));
                }
            }
        }
    }
}

fn conflict(entries: &[Located], bad: &FormUse, good: &FormUse) -> RecordError {
    let other = &entries[good.entry];
    error(
        &entries[bad.entry].location,
        format!(
            "conflict: \"{}\" is forbidden here but {} in \"{}\" at {}",
            bad.form,
            good.status.as_str(),
            other.entry.label(),
            other.location
        ),
    )
}

/// The conflict of an incoming allowed form with a form a stored entry forbids, at the
/// incoming entry.
fn conflict_with_stored(entries: &[Located], good: &FormUse, bad: &FormUse) -> RecordError {
    let stored = &entries[bad.entry];
    error(
        &entries[good.entry].location,
        format!(
            "conflict: \"{}\" is {} here but forbidden in \"{}\" at {}",
            good.form,
            good.status.as_str(),
            stored.entry.label(),
            stored.location
        ),
    )
}
