//! Homonyms in a TBX file: two concepts with the same preferred terms (valid TBX: "bank" the
//! institution and "bank" of a river). tarjama's glossary is keyed by the preferred forms
//! (one entry per pair of forms, so that importing a file twice updates instead of adding),
//! and the checker acts on forms alone: two entries with the same forms would give every
//! finding twice. So the later concept is merged into the first, keeping every variant and
//! both notes, and the importer warns about each merge.

use std::collections::HashMap;

use crate::error::Location;
use crate::glossary::model::{Entry, EntryType, Forms, Lang};
use crate::glossary::validate::Located;

/// Merges each entry whose concept key was seen before into that first entry; records each
/// merge as (later, first) in `merged`.
pub fn merge_homonyms(
    entries: Vec<Located>,
    merged: &mut Vec<(Location, Location)>,
) -> Vec<Located> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Located> = Vec::with_capacity(entries.len());
    for item in entries {
        match first.get(&item.entry.concept_key()) {
            Some(&at) => {
                let kept = &mut out[at];
                merged.push((item.location, kept.location.clone()));
                absorb(&mut kept.entry, item.entry);
            }
            None => {
                first.insert(item.entry.concept_key(), out.len());
                out.push(item);
            }
        }
    }
    out
}

/// Adds what `other` has and `entry` lacks: forms, note, source, type, case sensitivity.
fn absorb(entry: &mut Entry, other: Entry) {
    for lang in Lang::BOTH {
        absorb_forms(entry.forms_mut(lang), other.forms(lang));
    }
    entry.note = join_notes(&entry.note, &other.note);
    if entry.source.is_empty() {
        entry.source = other.source;
    }
    if entry.kind == EntryType::Term {
        entry.kind = other.kind;
    }
    entry.case_sensitive |= other.case_sensitive;
    entry.tidy();
}

/// Two notes as one: `first`, then `second` unless it is empty or already there.
pub(super) fn join_notes(first: &str, second: &str) -> String {
    if second.is_empty() || first.contains(second) {
        first.to_string()
    } else if first.is_empty() {
        second.to_string()
    } else if first.ends_with(['.', '!', '?', ';']) {
        format!("{first} {second}")
    } else {
        format!("{first}; {second}")
    }
}

fn absorb_forms(forms: &mut Forms, other: &Forms) {
    // The preferred forms have the same match key; a different spelling of it is admitted.
    if let Some(p) = &other.preferred {
        if forms.preferred.is_none() {
            forms.preferred = Some(p.clone());
        } else if forms.preferred.as_ref() != Some(p) {
            forms.admitted.push(p.clone());
        }
    }
    forms.admitted.extend(other.admitted.iter().cloned());
    forms.short.extend(other.short.iter().cloned());
    forms.forbidden.extend(other.forbidden.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(en: &str, admitted: &[&str], note: &str, line: usize) -> Located {
        let mut entry = Entry::new(EntryType::Term);
        entry.en.preferred = Some(en.into());
        entry.en.admitted = admitted.iter().map(|s| s.to_string()).collect();
        entry.note = note.into();
        Located {
            entry,
            location: Location {
                path: "g.tbx".into(),
                line,
                col: Some(7),
            },
        }
    }

    #[test]
    fn the_later_homonym_is_merged_into_the_first_with_its_variants_and_note() {
        let mut merged = Vec::new();
        let out = merge_homonyms(
            vec![
                located("bank", &["lender"], "financial institution", 3),
                located("Basra", &[], "", 9),
                located("bank", &["river bank"], "edge of a river", 14),
            ],
            &mut merged,
        );
        assert_eq!(out.len(), 2);
        let bank = &out[0].entry;
        assert_eq!(bank.en.admitted, ["lender", "river bank"]);
        assert_eq!(bank.note, "financial institution; edge of a river");
        assert_eq!(
            join_notes("A lender.", "By a river."),
            "A lender. By a river."
        );
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].0.line, merged[0].1.line), (14, 3));
    }
}
