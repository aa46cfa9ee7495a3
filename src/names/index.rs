//! Glossary names indexed for mention lookup: each form is filed under the consonant
//! skeletons ([`super::translit::skeleton_keys`]) of its first unit paired with each later
//! unit, and of its last unit alone (bare family names), so a mention is compared only with
//! the forms whose given and family names its own could be spellings of — a hash lookup,
//! never a scan, whatever the size of the glossary.

use std::collections::HashMap;

use super::compare::{compare, compound_core, FormMatch, MatchParams};
use super::mention::{form_units, honorifics, joined, Mention, NameUnit};
use super::translit::{fold_name, skeleton_keys};

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
        // Filed without leading honorifics ("Syed Mujtaba Ali" under Mujtaba and Ali), and
        // by first and last unit with them too, for mentions that write them joined.
        let all = units;
        let h = honorifics(&all);
        let mut keys: Vec<String> = filing_keys(&all[h..]);
        if h > 0 {
            keys.extend(first_and_last(&all));
        }
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            self.by_skeleton.entry(k).or_default().push(id);
        }
        self.forms.push(IndexedForm {
            owner,
            text: form.to_string(),
            units: all,
        });
    }

    /// Adds every form of `other` after this index's own, as if each had been added here in
    /// the same order (so an index can be built in parts, on several threads).
    pub fn append(&mut self, other: NameIndex) {
        let offset = self.forms.len() as u32;
        for (key, ids) in other.by_skeleton {
            self.by_skeleton
                .entry(key)
                .or_default()
                .extend(ids.into_iter().map(|id| id + offset));
        }
        self.forms.extend(other.forms);
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

    /// The forms a mention could refer to: of one unit, those whose last unit (or only
    /// one) shares its skeleton; of more, those whose first unit and a later unit share the
    /// skeletons of the mention's first and last units (each perhaps two units read as one).
    pub fn candidates(&self, mention: &[NameUnit]) -> Vec<usize> {
        let h = honorifics(mention);
        let mut keys = lookup_keys(&mention[h..]);
        if h > 0 {
            keys.extend(first_and_last(mention));
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

/// The keys a form of these units is filed under: the skeletons of its first unit (and of
/// its second, for mentions that leave the first out) paired with each later unit's, and
/// of its last unit alone (bare family names).
fn filing_keys(units: &[NameUnit]) -> Vec<String> {
    let n = units.len();
    let mut keys: Vec<String> = Vec::new();
    if n == 1 {
        keys.extend(bare(&skeletons(&units[0..1])));
        return keys;
    }
    let firsts = if n >= 3 { 0..2 } else { 0..1 };
    for i in firsts {
        let given = one_or_two(units, i, n >= 3, true);
        for j in i + 1..n {
            let later = one_or_two(units, j, j >= i + 2, false);
            for g in &given {
                keys.extend(later.iter().map(|l| format!("{g}|{l}")));
            }
        }
    }
    keys.extend(bare(&skeletons(&units[n - 1..])));
    if n >= 3 {
        keys.extend(bare(&skeletons(&units[n - 2..])));
    }
    keys
}

/// The keys of a name's first unit (or first two read as one: "Mohammadali") with its last,
/// honorifics kept: only these, as a leading Muhammad with each later unit would make
/// buckets of every "Mohammad Ali" of the glossary.
fn first_and_last(units: &[NameUnit]) -> Vec<String> {
    let n = units.len();
    if n < 2 {
        return Vec::new();
    }
    let given = one_or_two(units, 0, n >= 3, true);
    let last = one_or_two(units, n - 1, n >= 3, false);
    given
        .iter()
        .flat_map(|g| last.iter().map(move |l| format!("{g}|{l}")))
        .collect()
}

/// The lookup keys of a mention's units (see [`NameIndex::candidates`]).
fn lookup_keys(mention: &[NameUnit]) -> Vec<String> {
    let m = mention.len();
    match m {
        0 => Vec::new(),
        1 => bare(&skeletons(mention)),
        _ => {
            // First and last units, and for three or more the second and the one before
            // last too: a mention may add a unit at either end ("Mojtaba Shiri Shourijeh"
            // for "Mojtaba Shiri").
            let mut keys = Vec::new();
            let ends: &[(usize, usize)] = if m >= 3 {
                &[(0, m - 1), (1, m - 1), (0, m - 2)]
            } else {
                &[(0, m - 1)]
            };
            for &(f, l) in ends {
                let given = one_or_two(mention, f, l >= f + 2, true);
                let last = one_or_two(mention, l, l >= f + 2, false);
                for g in &given {
                    keys.extend(last.iter().map(|x| format!("{g}|{x}")));
                }
            }
            keys
        }
    }
}

/// The skeletons of one unit, or of two read as one word.
fn skeletons(units: &[NameUnit]) -> Vec<String> {
    let keys = match units {
        // A compound unit is filed under its core too ("Abdul Rashid" under Rashid).
        [one] => one
            .keys
            .iter()
            .flat_map(|k| std::iter::once(k.as_str()).chain(compound_core(k)))
            .map(str::to_string)
            .collect(),
        [a, b] => vec![fold_name(&joined(a, b))],
        _ => Vec::new(),
    };
    // A name of vowels and glides only (Yahya, Aya) has an empty skeleton: filed as "-".
    keys.iter()
        .filter(|k| !k.is_empty())
        .flat_map(|k| skeleton_keys(k))
        .map(|k| {
            if k.is_empty() {
                "-".to_string()
            } else {
                coarse(&k)
            }
        })
        .collect()
}

/// A skeleton with kh filed as k and sh as s, which names write either way (Khaled =
/// Kaled, Hashem = Hasem): the comparison decides, the index only must not miss them.
fn coarse(skeleton: &str) -> String {
    let mut out = String::with_capacity(skeleton.len());
    for c in skeleton.chars() {
        let c = match c {
            'x' => 'K',
            '$' => 'S',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The skeletons of unit `j`, and of it read as one word with its neighbour (the next one
/// when `forward`, else the one before) when `two`.
fn one_or_two(units: &[NameUnit], j: usize, two: bool, forward: bool) -> Vec<String> {
    let mut out = skeletons(&units[j..=j]);
    if two {
        let pair = if forward { j..j + 2 } else { j - 1..j + 1 };
        if pair.end <= units.len() {
            out.extend(skeletons(&units[pair]));
        }
    }
    out
}

/// Keys of the one-unit lookup (bare family names, one-word names).
fn bare(skeletons: &[String]) -> Vec<String> {
    skeletons.iter().map(|s| format!("|{s}")).collect()
}

#[cfg(test)]
mod tests {
    use super::super::mention::find_mentions;
    use super::*;

    /// An index built in two parts and appended answers every lookup as the index built in
    /// one go: same forms, same owners, same candidates in the same order.
    #[test]
    fn an_index_built_in_parts_equals_the_whole() {
        let names = [
            "Ahmed Darwish",
            "Ahmad Darwish",
            "Mostafa Taha",
            "Sheikh Mohammed bin Rashid",
            "Darwish",
            "Tahsin al-Khafaji",
            "Mustafa Al-Kadhimi",
            "Haidar Abdul-Haq",
            "Mohammed Taha",
        ];
        let mut whole = NameIndex::new();
        let (mut first, mut second) = (NameIndex::new(), NameIndex::new());
        for (i, n) in names.iter().enumerate() {
            whole.add(i, n);
            if i < 4 { &mut first } else { &mut second }.add(i, n);
        }
        first.append(second);
        assert_eq!(first.len(), whole.len());
        let mut shared = 0;
        for i in 0..whole.len() {
            assert_eq!(first.form(i).owner, whole.form(i).owner);
            assert_eq!(first.form(i).text, whole.form(i).text);
            let found = first.candidates(&whole.form(i).units);
            assert_eq!(found, whole.candidates(&whole.form(i).units));
            shared += usize::from(found.len() > 1);
        }
        assert!(shared >= 2, "some forms share keys across the two parts");
    }

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

    #[test]
    fn names_are_found_whatever_they_add_or_leave_out() {
        let mut index = NameIndex::new();
        index.add(0, "Ahmed Yehia");
        index.add(1, "Mojtaba Shiri");
        index.add(2, "Mohammad Taghi Riahi");
        index.add(3, "Syed Mujtaba Ali");
        let look = |text: &str| {
            let m = find_mentions(text).into_iter().next().unwrap();
            index
                .lookup(&m, &MatchParams::default())
                .map(|h| (h.owner, h.found.exact))
        };
        // A name of vowels and glides only (its consonant skeleton is empty).
        assert_eq!(look("Ahmed Yahya said"), Some((0, false)));
        assert_eq!(look("Mojtaba Shiri Shourijeh said"), Some((1, false)));
        assert_eq!(look("Taghi Riahi said"), Some((2, false)));
        assert_eq!(look("Mujtaba Ali said"), Some((3, false)));
        assert_eq!(look("Syed Mujtaba Ali said"), Some((3, true)));
    }

    #[test]
    fn compounds_and_leading_muhammad_are_looked_up_both_ways() {
        let mut index = NameIndex::new();
        index.add(0, "Rashid Dostum");
        index.add(1, "Mohammad Bahonar");
        index.add(2, "Mohammad Ali Rajai");
        index.add(3, "Khaled Mashal");
        let params = MatchParams {
            extra_unit: Some(0.5),
            muhammad_anchored: true,
            ..MatchParams::default()
        };
        let look = |text: &str| {
            let m = find_mentions(text).into_iter().next().unwrap();
            index.lookup(&m, &params).map(|h| (h.owner, h.found.exact))
        };
        assert_eq!(look("Abdul Rashid Dostum said"), Some((0, false)));
        assert_eq!(look("Mohammad Reza Bahonar said"), Some((1, false)));
        assert_eq!(look("Mohammadali Rajai said"), Some((2, false)));
        // kh written k is filed with k.
        assert_eq!(look("Kaled Mashal said"), Some((3, false)));
    }
}
