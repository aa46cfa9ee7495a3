//! Whole-mention comparison: does a written name refer to a glossary name, spelled the same
//! or as a transliteration variant, or is it somebody else?
//!
//! The units of the mention are aligned in order with the units of the glossary form
//! (a monotone alignment by dynamic programming): each mention unit must be a variant of
//! the unit it faces ([`super::distance`], within [`MatchParams`]); two adjacent units may
//! face one ("Bani Adam" = "Baniadam"); units of the glossary form may be left out after
//! the first ("Khalid Al Thani" for "Khalid bin Khalifa Al Thani"), the last one only when
//! at least two units agree ("Mohammed bin Salman" for "Mohammed bin Salman Al Saud"). The
//! mention must start with the form's first unit: a different given name before a matching
//! family name is somebody else, and so is a matching given name followed by a different
//! family name (an unmatched mention unit). One unit alone refers to a form only as its last
//! unit (a bare family name, "Kazemi"), or when the form has one unit: a given name alone is
//! never a reference to one person.

use super::distance::{distance, threshold};
use super::mention::NameUnit;
use super::translit::fold_forms;

/// How close units must be, and what a mention may add.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchParams {
    /// Scales the largest distance between two units still called a variant, first units
    /// (given names) and the others.
    pub given_scale: f32,
    pub other_scale: f32,
    /// Whether a mention may hold a unit the glossary form lacks between two units that
    /// agree ("Mohammed Ahmed el-Attar" for "Mohammed el-Attar"); its cost when it may.
    pub extra_unit: Option<f32>,
}

impl Default for MatchParams {
    /// Chosen by cross-validation on real full names (`examples/name_eval.rs`; README
    /// "Glossary" says how).
    fn default() -> MatchParams {
        MatchParams {
            given_scale: 1.0,
            other_scale: 1.0,
            extra_unit: None,
        }
    }
}

/// How a mention stands to one glossary form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormMatch {
    /// Sum of the unit distances (lower is closer).
    pub cost: f32,
    /// Whether every unit is spelled as in the form (a correct reference, perhaps shortened).
    pub exact: bool,
    /// The pairs of (mention units, form units) that face each other, as index ranges, in
    /// order; `spelled_alike` tells which agree letter for letter.
    pub pairs: Vec<UnitPair>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitPair {
    pub mention: std::ops::Range<usize>,
    pub form: std::ops::Range<usize>,
    pub spelled_alike: bool,
}

/// The cheapest alignment found so far of two prefixes, with its pairs.
type Cell = Option<(f32, Vec<UnitPair>)>;

/// Cost of a glossary unit the mention leaves out: small, so full matches win ties.
const SKIP_FORM_UNIT: f32 = 0.05;

/// Compares a mention's units with a glossary form's units; `None` when the mention is not
/// this name (somebody else, or a given name alone).
pub fn compare(mention: &[NameUnit], form: &[NameUnit], p: &MatchParams) -> Option<FormMatch> {
    let (m, n) = (mention.len(), form.len());
    if m == 0 || n == 0 {
        return None;
    }
    if m == 1 && n > 1 {
        // A bare family name: the last unit, or the last two written as one.
        return [n - 1, n.saturating_sub(2)]
            .into_iter()
            .filter(|&j| j > 0 || n == 2)
            .filter_map(|j| pair(mention, 0..1, form, j..n, p.other_scale))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(cost, pair)| finish(cost, vec![pair]));
    }
    // best[i][j]: cheapest alignment of mention[..i] with form[..j], with its pairs.
    let mut best: Vec<Vec<Cell>> = vec![vec![None; n + 1]; m + 1];
    for (di, dj) in [(1, 1), (2, 1), (1, 2)] {
        if let Some((c, pr)) = pair(mention, 0..di, form, 0..dj, p.given_scale) {
            relax(&mut best, di, dj, c, vec![pr]);
        }
    }
    for i in 1..=m {
        for j in 1..=n {
            let Some((cost, pairs)) = best[i][j].clone() else {
                continue;
            };
            for (di, dj) in [(1, 1), (2, 1), (1, 2)] {
                if i + di <= m && j + dj <= n {
                    if let Some((c, pr)) = pair(mention, i..i + di, form, j..j + dj, p.other_scale)
                    {
                        let mut next = pairs.clone();
                        next.push(pr);
                        relax(&mut best, i + di, j + dj, cost + c, next);
                    }
                }
            }
            // A form unit left out: in the middle, or at the end once two units agree.
            // (The DP starts past the first pair and a mention has two units or more here.)
            if j < n {
                relax(&mut best, i, j + 1, cost + SKIP_FORM_UNIT, pairs.clone());
            }
            // A mention unit the form lacks, between two that agree.
            if let Some(extra) = p.extra_unit {
                if i + 1 < m && j < n {
                    relax(&mut best, i + 1, j, cost + extra, pairs.clone());
                }
            }
        }
    }
    let (cost, pairs) = best[m][n].take()?;
    Some(finish(cost, pairs))
}

fn relax(best: &mut [Vec<Cell>], i: usize, j: usize, c: f32, p: Vec<UnitPair>) {
    if best[i][j].as_ref().is_none_or(|(old, _)| c < *old) {
        best[i][j] = Some((c, p));
    }
}

fn finish(cost: f32, pairs: Vec<UnitPair>) -> FormMatch {
    FormMatch {
        cost,
        exact: pairs.iter().all(|p| p.spelled_alike),
        pairs,
    }
}

/// Whether mention units `a` (one or two) and form units `b` (one or two) are the same name
/// part, and at what distance.
fn pair(
    mention: &[NameUnit],
    a: std::ops::Range<usize>,
    form: &[NameUnit],
    b: std::ops::Range<usize>,
    scale: f32,
) -> Option<(f32, UnitPair)> {
    if a.end > mention.len() || b.end > form.len() || (a.len() > 1 && b.len() > 1) {
        return None;
    }
    let (ka, kb) = (keys(&mention[a.clone()]), keys(&form[b.clone()]));
    let mut best = f32::INFINITY;
    let mut limit = 0.0f32;
    for x in &ka {
        for y in &kb {
            let d = if x == y { 0.0 } else { distance(x, y) };
            if d < best {
                best = d;
                // A small margin: sums of costs such as 0.3 + 0.4 are not exact in f32.
                limit = threshold(x.len().min(y.len())) * scale + 1e-4;
            }
        }
    }
    let alike = a.len() == 1 && b.len() == 1 && mention[a.start].spelling == form[b.start].spelling;
    (alike || best <= limit).then(|| {
        let cost = if alike { 0.0 } else { best };
        (
            cost,
            UnitPair {
                mention: a,
                form: b,
                spelled_alike: alike,
            },
        )
    })
}

/// The keys of one unit, or of two read as one word ("Bani Adam" → "baniadam").
fn keys(units: &[NameUnit]) -> Vec<String> {
    match units {
        [one] => one.keys.clone(),
        many => {
            let joined: String = many.iter().map(|u| u.spelling.as_str()).collect();
            fold_forms(&joined)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mention::{find_mentions, form_units};
    use super::*;

    /// How the first mention of `text` stands to the glossary form `form`.
    fn against(text: &str, form: &str) -> Option<FormMatch> {
        let m = find_mentions(text).into_iter().next()?;
        compare(&m.units, &form_units(form), &MatchParams::default())
    }

    fn variant(text: &str, form: &str) -> bool {
        against(text, form).is_some_and(|m| !m.exact)
    }

    #[test]
    fn every_word_a_variant_is_a_variant_of_the_whole_name() {
        assert!(variant("Ahmad Darwish said", "Ahmed Darwish"));
        assert!(variant("Mustafa Taha said", "Mostafa Taha"));
        assert!(variant("Mohammed el-Attar said", "Mohammad Al Attar"));
        assert!(variant("Nader al-Dahabi said", "Nader Dahabi"));
        assert!(variant("Youssef Yousfi said", "Youcef Yousfi"));
        assert!(variant("Zaid Ismail said", "Zaid Ismaeel"));
    }

    #[test]
    fn other_words_that_contradict_are_somebody_else() {
        assert!(against("Adly Youssef told reporters", "Ben Youcef").is_none());
        assert!(against("Kais Setti said", "Qais Kazem Al-Janabi").is_none());
        assert!(against("Sarah bint Abdullah bin Faisal Al Saud", "Sara Hamdi").is_none());
        assert!(against("Salman Aljumaili said", "Khaled Soliman").is_none());
        assert!(against("Muhsin al-Fadhli said", "Mohsine Moutouali").is_none());
        assert!(against("Adly Youssef said", "Farouk Yousif").is_none());
    }

    #[test]
    fn a_bare_family_name_refers_and_a_given_name_alone_does_not() {
        assert!(variant("Kadhemi stressed", "Mustafa Al-Kadhimi"));
        assert!(against("Kadhimi stressed", "Mustafa Al-Kadhimi").is_some());
        assert!(against("Mustafa stressed", "Mustafa Al-Kadhimi").is_none());
        assert!(variant("Manser said", "Mancer"));
    }

    #[test]
    fn the_same_spelling_shortened_is_a_correct_reference() {
        let m = against("Mohammed bin Salman said", "Mohammed bin Salman Al Saud").unwrap();
        assert!(m.exact);
        let m = against("Khalid Al Thani said", "Khalid bin Khalifa Al Thani").unwrap();
        assert!(m.exact);
        assert!(variant(
            "Khaled Al Thani said",
            "Khalid bin Khalifa Al Thani"
        ));
        // One unit written as two.
        assert!(variant("Maral Bani Adam said", "Maral Baniadam"));
    }
}
