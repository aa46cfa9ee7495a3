//! Names the memory only ever writes inside a longer name: a group whose every sighting
//! stands next to the same name-able Arabic words (عبد اللطيف چوهدري always before پھولتلي,
//! عبد الصمد always after سيد) is that longer name with part of it left unpaired — the
//! English wrote fewer names than the Arabic, or split it at a lowercase particle (Siraj ul
//! Haq). When the memory pairs the longer name too, the shorter group's spellings join it.
//! The words around a name in running text change from sentence to sentence; a name's own
//! words do not, so one sighting proves nothing and every sighting must agree.

use std::collections::HashMap;

use super::groups::{Group, Groups, Tally};

/// Moves every name the memory only writes inside a longer paired name into that name's
/// group.
pub fn join_partial_names(groups: &mut Groups) {
    let mut moves: HashMap<String, String> = HashMap::new();
    for (key, group) in &groups.names {
        if let Some(target) = longer_name(key, group, groups) {
            moves.insert(key.clone(), target);
        }
    }
    // A longer name may itself be part of a longer one: follow the chain (keys only grow, so
    // it ends).
    let resolved: Vec<(String, String)> = moves
        .keys()
        .map(|from| {
            let mut to = &moves[from];
            while let Some(next) = moves.get(to) {
                to = next;
            }
            (from.clone(), to.clone())
        })
        .collect();
    for (from, to) in resolved {
        let Some(part) = groups.names.remove(&from) else {
            continue;
        };
        if let Some(whole) = groups.names.get_mut(&to) {
            merge(whole, part);
        }
    }
}

/// The longest paired name made of `key` and the words every sighting of it stands next to
/// (ties: the most sighted; then the first in key order, so that runs agree).
fn longer_name(key: &str, group: &Group, groups: &Groups) -> Option<String> {
    if group.count < 2 {
        return None;
    }
    // Words seen at position `i` in every sighting: a word and its reading without a
    // proclitic may both be.
    let always = |i: usize| -> Vec<&String> {
        let mut v: Vec<&String> = group.around[i]
            .iter()
            .filter(|(_, &n)| n == group.count)
            .map(|(w, _)| w)
            .collect();
        v.sort();
        v
    };
    let (b1, b2, a1, a2) = (always(0), always(1), always(2), always(3));
    // Each side: nothing, the nearest word, or the nearest two (farthest first before).
    let side = |near: &[&String], far: &[&String], before: bool| -> Vec<(usize, String)> {
        let mut out = vec![(0, String::new())];
        for n in near {
            out.push((1, n.to_string()));
            for f in far {
                let two = if before {
                    format!("{f}{n}")
                } else {
                    format!("{n}{f}")
                };
                out.push((2, two));
            }
        }
        out
    };
    let mut best: Option<(usize, usize, String)> = None;
    for (nb, before) in side(&b1, &b2, true) {
        for (na, after) in side(&a1, &a2, false) {
            if nb + na == 0 {
                continue;
            }
            let longer = format!("{before}{key}{after}");
            let Some(whole) = groups.names.get(&longer) else {
                continue;
            };
            let better = match &best {
                None => true,
                Some((w, c, k)) => {
                    (nb + na, whole.count, std::cmp::Reverse(&longer))
                        > (*w, *c, std::cmp::Reverse(k))
                }
            };
            if better {
                best = Some((nb + na, whole.count, longer));
            }
        }
    }
    best.map(|(_, _, longer)| longer)
}

fn merge(whole: &mut Group, part: Group) {
    for (spelling, tally) in part.spellings {
        merge_tally(whole.spellings.entry(spelling).or_default(), tally);
    }
    for (k, n) in whole.kinds.iter_mut().zip(part.kinds) {
        *k += n;
    }
    whole.similarity_sum += part.similarity_sum;
    whole.count += part.count;
}

fn merge_tally(into: &mut Tally, from: Tally) {
    for (form, n) in from.forms {
        *into.forms.entry(form).or_default() += n;
    }
    into.count += from.count;
    into.reviewed += from.reviewed;
    into.units.extend(from.units);
    into.units.sort_unstable();
    into.units.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mine::pairing::Pair;

    fn pair(arabic: &str, english: &str, before: &str, after: &str) -> Pair {
        let word = |w: &str| {
            if w.is_empty() {
                Vec::new()
            } else {
                vec![w.to_string()]
            }
        };
        Pair {
            arabic: arabic.into(),
            arabic_range: (0, 0),
            english: english.into(),
            similarity: 0.8,
            title: None,
            kind: None,
            around: [word(before), Vec::new(), word(after), Vec::new()],
        }
    }

    #[test]
    fn only_a_name_always_written_inside_another_joins_it() {
        let mut g = Groups::default();
        g.add(1, true, &[pair("حسين طيبي", "Hossein Tayyebi", "", "")]);
        g.add(2, true, &[pair("حسين طيبي", "Hossein Tayyebi", "", "")]);
        // Always before طيبي: the same man.
        g.add(3, true, &[pair("حسين", "Hossein", "", "طيبي")]);
        g.add(4, false, &[pair("حسين", "Hossein", "سيد", "طيبي")]);
        // Once before طيبي, once before another word: somebody else, or a sentence's word.
        g.add(5, true, &[pair("علي", "Ali", "", "طيبي")]);
        g.add(6, true, &[pair("علي", "Ali", "", "زاهدي")]);
        // Seen once: nothing to agree on.
        g.add(7, true, &[pair("طيبي", "Tayyebi", "حسين", "")]);
        join_partial_names(&mut g);
        let whole = &g.names["حسينطيبي"];
        assert_eq!(whole.count, 4);
        assert_eq!(whole.spellings["hossein"].units, [3, 4]);
        assert_eq!(whole.spellings["hossein"].reviewed, 1);
        assert!(!g.names.contains_key("حسين"));
        assert!(g.names.contains_key("علي"));
        assert!(g.names.contains_key("طيبي"));
    }
}
