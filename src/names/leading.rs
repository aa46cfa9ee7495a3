//! Leading words that do not tell people apart — honorifics ("Syed", "Mian") and Muhammad —
//! compared apart from the name after them: the entry point of whole-mention comparison
//! ([`compare`]), around the unit alignment of [`super::compare`](mod@super::compare).
//!
//! One added, left out or spelled otherwise is a spelling difference, with three limits
//! taken from the rule that a different given name before a matching name is
//! somebody else: a leading word left out does not make room for a name added ("Anwar
//! Hayat Khan" is not "Mohammad Anwar Khan": a name swapped); read whole, two units
//! besides the leading one agree; and, when [`MatchParams::muhammad_added`] says so (not
//! in what ships), a mention does not put Muhammad before a whole name that has none
//! ("Muhammad Zafar Iqbal" for "Zafar Iqbal": Muhammad his given name).

use super::compare::{core, FormMatch, MatchParams, Pairs};
use super::mention::{honorifics, NameUnit};
use super::words::{is_leading_honorific, is_muhammad};

/// Cost of an honorific added, left out or spelled otherwise.
const HONORIFIC: f32 = 0.2;

/// Compares a mention's units with a glossary form's units; `None` when the mention is not
/// this name (somebody else, or a given name alone).
pub fn compare(mention: &[NameUnit], form: &[NameUnit], p: &MatchParams) -> Option<FormMatch> {
    // Leading words that do not tell people apart ("Syed", "Mian", "Muhammad") are compared
    // apart: the names after them decide who it is; one added, left out or spelled
    // otherwise is a spelling difference.
    let (hm, hf) = (honorifics(mention), honorifics(form));
    if !p.muhammad_added && adds_muhammad(mention, form) {
        return None;
    }
    let mut pairs = Pairs::new(mention, form);
    let apart = without_leading(&mut pairs, hm, hf, p);
    if hm == hf {
        return apart;
    }
    // Read whole too ("Mohammed Salman Ali" for "Mohammed Ali"), but then two units
    // besides the leading one must agree when units are added or left out. Muhammad
    // counts when the family names close both names ("Mohammad Karimi" for "Mohammad
    // Hadi Karimi"): the name is then held at both ends, and only a middle name
    // differs.
    let whole = core(&mut pairs, 0, 0, p).filter(|f| {
        let anchored = f
            .pairs
            .last()
            .is_some_and(|pr| pr.form.end == form.len() && pr.mention.end == mention.len());
        let telling = f
            .pairs
            .iter()
            .filter(|pr| {
                pr.form.start > 0
                    || !is_leading_honorific(&form[0].spelling)
                    || (p.muhammad_anchored && anchored && is_muhammad(&form[0].spelling))
            })
            .count();
        (f.skipped == 0 && f.extra.is_empty()) || telling >= 2
    });
    [apart, whole]
        .into_iter()
        .flatten()
        .min_by(|a, b| a.cost.total_cmp(&b.cost))
}

/// Whether the mention writes Muhammad among its leading words and the form has none
/// before its given name: then Muhammad is the mention's given name, and the form's a
/// middle one ("Muhammad Ali Qasim" is not "Ali Qasim").
fn adds_muhammad(mention: &[NameUnit], form: &[NameUnit]) -> bool {
    let leading = |units: &[NameUnit]| {
        units
            .iter()
            .take_while(|u| is_leading_honorific(&u.spelling))
            .any(|u| is_muhammad(&u.spelling))
    };
    // With fewer than three units, no name is left whole after Muhammad.
    mention.len() >= 3 && leading(mention) && !leading(form)
}

/// [`compare`] of the names after `hm` and `hf` leading words.
fn without_leading(pairs: &mut Pairs, hm: usize, hf: usize, p: &MatchParams) -> Option<FormMatch> {
    let (mention, form) = (pairs.mention(), pairs.form());
    let mut found = core(pairs, hm, hf, p)?;
    // A leading word left out on one side and a name added on the other is a name
    // swapped for another ("Anwar Hayat Khan" for "Mohammad Anwar Khan").
    // (Not when the leading word is among the added ones, written where the form has none:
    // "Birsrestha Mohammad Ruhul Amin" for "Mohammad Ruhul Amin".)
    let leading_added = found
        .extra
        .iter()
        .any(|&e| is_leading_honorific(&mention[hm + e].spelling));
    // As between the names themselves ([`super::compare`]'s core never adds and leaves
    // out at once).
    let swapped =
        (hf > hm && !found.extra.is_empty() && !leading_added) || (hm > hf && found.skipped > 0);
    if swapped {
        return None;
    }
    for pr in &mut found.pairs {
        pr.mention = pr.mention.start + hm..pr.mention.end + hm;
        pr.form = pr.form.start + hf..pr.form.end + hf;
    }
    for e in &mut found.extra {
        *e += hm;
    }
    let alike = hm == hf
        && mention[..hm]
            .iter()
            .zip(&form[..hf])
            .all(|(a, b)| a.spelling == b.spelling);
    if !alike {
        found.cost += HONORIFIC;
        if hm >= hf {
            // Added or respelled: the mention says more than, or otherwise than, the form.
            found.extra.splice(0..0, 0..hm);
            found.exact = false;
        } else {
            found.skipped += hf - hm;
            found.exact &= !p.flag_shortened;
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::super::mention::{find_mentions, form_units};
    use super::*;

    fn against(text: &str, form: &str) -> Option<FormMatch> {
        with(text, form, MatchParams::default())
    }

    fn variant(text: &str, form: &str) -> bool {
        against(text, form).is_some_and(|m| !m.exact)
    }

    fn with(text: &str, form: &str, p: MatchParams) -> Option<FormMatch> {
        let m = find_mentions(text).into_iter().next()?;
        compare(&m.units, &form_units(form), &p)
    }

    #[test]
    fn honorifics_are_compared_apart_from_the_name() {
        assert!(variant("Seyyed Hashem Ghiasi said", "Seyed Hashem Ghiasi"));
        assert!(variant("Seyed Ahmad Mousavi said", "Ahmad Mousavi"));
        assert!(!variant("Syed Ahmad Mousavi said", "Syed Ahmad Mousavi"));
        assert!(against("Syed Mohsin Ali said", "Syed Mujtaba Ali").is_none());
        assert!(against("Seyed Mohsen Mousavi said", "Sayed Razi Mousavi").is_none());
        // Alone, an honorific is a title: no bare family name.
        assert!(against("Seyed peyman Miri said", "Hamda Saied").is_none());
    }

    #[test]
    fn muhammad_and_the_family_name_hold_a_middle_name_when_allowed() {
        let anchored = MatchParams {
            extra_unit: Some(0.5),
            muhammad_anchored: true,
            ..MatchParams::default()
        };
        let bahonar = with("Mohammad Reza Bahonar said", "Mohammad Bahonar", anchored);
        assert!(bahonar.is_some_and(|f| !f.exact && f.extra == [1]));
        let karimi = with("Mohammad Karimi said", "Mohammad Hadi Karimi", anchored);
        assert!(karimi.is_some_and(|f| !f.exact && f.skipped == 1));
        // Not held at both ends: the last name of one is the middle of the other.
        assert!(against("Mohamed Mokhtar Sellami said", "Mohamed Mokhtar").is_none());
        let loose = MatchParams {
            muhammad_anchored: false,
            ..anchored
        };
        assert!(with("Mohammad Reza Bahonar said", "Mohammad Bahonar", loose).is_none());
    }

    #[test]
    fn muhammad_before_a_whole_name_is_another_given_name_when_the_limits_say_so() {
        let strict = MatchParams {
            muhammad_added: false,
            ..MatchParams::default()
        };
        assert!(with("Muhammad Zafar Iqbal said", "Zafar Iqbal", strict).is_none());
        let labadi = "Sheikh Muhammad Samir al-Labadi urged";
        assert!(with(labadi, "Samir Labidi", strict).is_none());
        assert!(with("Syed Muhammad Ali Qasim said", "Ali Qasim", strict).is_none());
        // What ships: South Asian usage writes Muhammad before the given name.
        assert!(variant("Muhammad Hanif Abbasi said", "Hanif Abbasi"));
        // Left out or respelled, it is still a spelling difference of one name.
        assert!(variant("Nawaz Sharif said", "Muhammad Nawaz Sharif"));
        assert!(variant(
            "Mohammed Nawaz Sharif said",
            "Muhammad Nawaz Sharif"
        ));
        // An honorific added stays a variant.
        assert!(variant("Syed Ali Ahmadi said", "Ali Ahmadi"));
    }

    #[test]
    fn a_leading_word_left_out_does_not_make_room_for_another_name() {
        assert!(against("Anwar Hayat Khan said", "Mohammad Anwar Khan").is_none());
        assert!(against("Syed Ali Raza Shah said", "Ali Shah").is_some());
        assert!(against("Mian Kamran Ali Qureshi said", "Kamran Qureshi").is_some());
        // The leading word written after another added name is not left out.
        let amin = "Mohammad Ruhul Amin";
        assert!(variant("Birsrestha Mohammad Ruhul Amin said", amin));
        // Either alone stays a variant.
        assert!(variant("Anwar Khan said", "Mohammad Anwar Khan"));
        assert!(variant(
            "Mohammad Anwar Hayat Khan said",
            "Mohammad Anwar Khan"
        ));
    }
}
