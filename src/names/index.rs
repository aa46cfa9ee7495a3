//! Glossary names indexed for mention lookup: each form's units are filed under their
//! consonant skeletons ([`super::translit::skeleton_keys`]), so a mention is compared only
//! with the forms that hold a unit its last unit could be a spelling of — a hash lookup,
//! never a scan, whatever the size of the glossary.

use std::collections::HashMap;

use super::compare::{compare, FormMatch, MatchParams};
use super::mention::{form_units, Mention, NameUnit};
use super::translit::{fold_forms, skeleton_keys};

/// One written form of a name, as indexed.
#[derive(Debug, Clone)]
pub struct IndexedForm {
    /// Whose form it is (for the glossary: the entry's index).
    pub owner: usize,
    pub text: String,
    pub units: Vec<NameUnit>,
}

/// A mention found to refer to an indexed form.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionMatch {
    /// Index of the form ([`NameIndex::form`]).
    pub form: usize,
    pub owner: usize,
    pub found: FormMatch,
}

/// Names (forms of several owners) ready for mention lookup.
#[derive(Debug, Default)]
pub struct NameIndex {
    forms: Vec<IndexedForm>,
    by_skeleton: HashMap<String, Vec<u32>>,
}

impl NameIndex {
    pub fn new() -> NameIndex {
        NameIndex::default()
    }

    /// Adds one form of `owner`'s name; a form without a name word is ignored.
    pub fn add(&mut self, owner: usize, form: &str) {
        let units = form_units(form);
        if units.is_empty() {
            return;
        }
        let id = self.forms.len() as u32;
        let n = units.len();
        let mut keys: Vec<String> = Vec::new();
        for (j, u) in units.iter().enumerate() {
            // A mention's last unit faces a later unit, or the only one.
            if j > 0 || n == 1 {
                keys.extend(u.keys.iter().flat_map(|k| skeleton_keys(k)));
            }
            if j > 0 {
                let joined = format!("{}{}", units[j - 1].spelling, u.spelling);
                keys.extend(fold_forms(&joined).iter().flat_map(|k| skeleton_keys(k)));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        for k in keys.into_iter().filter(|k| !k.is_empty()) {
            self.by_skeleton.entry(k).or_default().push(id);
        }
        self.forms.push(IndexedForm {
            owner,
            text: form.to_string(),
            units,
        });
    }

    pub fn form(&self, i: usize) -> &IndexedForm {
        &self.forms[i]
    }

    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The forms a mention could refer to: those filed under a skeleton of its last unit
    /// (or of its last two read as one word).
    pub fn candidates(&self, mention: &[NameUnit]) -> Vec<usize> {
        let Some(last) = mention.last() else {
            return Vec::new();
        };
        let mut keys: Vec<String> = last.keys.iter().flat_map(|k| skeleton_keys(k)).collect();
        if let [.., a, b] = mention {
            let joined = format!("{}{}", a.spelling, b.spelling);
            keys.extend(fold_forms(&joined).iter().flat_map(|k| skeleton_keys(k)));
        }
        let mut out: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.by_skeleton.get(k))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The form a mention refers to: one it spells exactly if any (then it is a correct
    /// reference, even when another name is close), else the closest variant.
    pub fn lookup(&self, mention: &Mention, params: &MatchParams) -> Option<MentionMatch> {
        let mut best: Option<MentionMatch> = None;
        for form in self.candidates(&mention.units) {
            let Some(found) = compare(&mention.units, &self.forms[form].units, params) else {
                continue;
            };
            let better = match &best {
                None => true,
                Some(b) => (found.exact, -found.cost) > (b.found.exact, -b.found.cost),
            };
            if better {
                best = Some(MentionMatch {
                    form,
                    owner: self.forms[form].owner,
                    found,
                });
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::super::mention::find_mentions;
    use super::*;

    #[test]
    fn an_exact_name_wins_over_a_close_one() {
        let mut index = NameIndex::new();
        index.add(0, "Ahmed Darwish");
        index.add(1, "Ahmad Darwish");
        index.add(2, "Mostafa Taha");
        let look = |text: &str| {
            let m = find_mentions(text).into_iter().next().unwrap();
            index
                .lookup(&m, &MatchParams::default())
                .map(|h| (h.owner, h.found.exact))
        };
        assert_eq!(look("Ahmad Darwish said"), Some((1, true)));
        assert_eq!(look("Ahmed Darwich said"), Some((0, false)));
        assert_eq!(look("Mustafa Taha said"), Some((2, false)));
        assert_eq!(look("Taha said"), Some((2, true)));
        assert_eq!(look("Mostafa said"), None);
    }
}
