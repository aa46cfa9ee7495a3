//! One unit (or two read as one) of a mention against one (or two) of a glossary form:
//! whether they are the same name part and at what distance, within the limits of
//! [`MatchParams`], judged once per comparison ([`Pairs`]) for the alignments of
//! [`super::compare`].

use super::compare::{MatchParams, UnitPair};
use super::distance::{distance, threshold};
use super::mention::{joined, NameUnit};
use super::translit::fold_name;

/// One mention and one glossary form being compared, with the unit pairs judged so far:
/// the readings tried (names added, left out or neither; after the leading words and
/// whole) ask for the same pairs again and again, and judging one is most of the work
/// (two transliteration keys or more on each side, a weighted edit distance each).
pub(super) struct Pairs<'a> {
    mention: &'a [NameUnit],
    form: &'a [NameUnit],
    /// Per (mention units, form units, limit, shortening allowed): `None` until judged,
    /// then the cost, whether spelled alike, whether a compound written short.
    judged: Vec<Option<Option<(f32, bool, bool)>>>,
}

/// Which limit a pair is judged with ([`MatchParams`]'s scales).
#[derive(Clone, Copy)]
pub(super) enum Limit {
    Given = 0,
    Other = 1,
    Bare = 2,
}

impl<'a> Pairs<'a> {
    pub(super) fn new(mention: &'a [NameUnit], form: &'a [NameUnit]) -> Pairs<'a> {
        Pairs {
            mention,
            form,
            judged: vec![None; 24 * mention.len() * form.len()],
        }
    }

    pub(super) fn mention(&self) -> &'a [NameUnit] {
        self.mention
    }

    pub(super) fn form(&self) -> &'a [NameUnit] {
        self.form
    }

    /// [`pair`] of mention units `a` and form units `b` (one or two each, counted from
    /// `om` and `of`), judged once.
    pub(super) fn get(
        &mut self,
        (om, of): (usize, usize),
        a: std::ops::Range<usize>,
        b: std::ops::Range<usize>,
        limit: Limit,
        shorten: bool,
        p: &MatchParams,
    ) -> Option<(f32, UnitPair)> {
        let (ga, gb) = (om + a.start..om + a.end, of + b.start..of + b.end);
        let (m, n) = (self.mention.len(), self.form.len());
        let shapes_ok = matches!((ga.len(), gb.len()), (1, 1) | (1, 2) | (2, 1));
        if !shapes_ok || ga.end > m || gb.end > n {
            return None;
        }
        let slot = ((((ga.start * 2 + ga.len() - 1) * n + gb.start) * 2 + gb.len() - 1) * 3
            + limit as usize)
            * 2
            + usize::from(shorten);
        let judged = match self.judged[slot] {
            Some(r) => r,
            None => {
                let scale = match limit {
                    Limit::Given => p.given_scale,
                    Limit::Other => p.other_scale,
                    Limit::Bare => p.bare_scale,
                };
                let r = pair(self.mention, ga, self.form, gb, scale, shorten)
                    .map(|(c, pr)| (c, pr.spelled_alike, pr.shortened));
                self.judged[slot] = Some(r);
                r
            }
        };
        judged.map(|(cost, spelled_alike, shortened)| {
            (
                cost,
                UnitPair {
                    mention: a,
                    form: b,
                    spelled_alike,
                    shortened,
                },
            )
        })
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
    shorten: bool,
) -> Option<(f32, UnitPair)> {
    if a.end > mention.len() || b.end > form.len() || (a.len() > 1 && b.len() > 1) {
        return None;
    }
    let alike = a.len() == 1 && b.len() == 1 && mention[a.start].spelling == form[b.start].spelling;
    let mut shortened = false;
    let cost = if alike {
        0.0
    } else {
        let (ka, kb) = (keys(&mention[a.clone()]), keys(&form[b.clone()]));
        let mut best: Option<f32> = None;
        for x in ka.iter() {
            for y in kb.iter() {
                best = closer(best, within(x, y, scale));
            }
        }
        // An Abd or -ullah compound written without its head or tail ("Abdul Rashid" as
        // "Rashid", "Hidayatullah" as "Hidayat"), when the mention has more to agree on.
        if best.is_none() && shorten && a.len() == 1 && b.len() == 1 {
            for x in ka.iter() {
                for y in kb.iter() {
                    let short_x = compound_core(x).and_then(|c| within(c, y, scale));
                    let short_y = compound_core(y).and_then(|c| within(x, c, scale));
                    let found = closer(short_x, short_y).map(|d| d + SHORTENED);
                    shortened |= found.is_some();
                    best = closer(best, found);
                }
            }
        }
        best?
    };
    Some((
        cost,
        UnitPair {
            mention: a,
            form: b,
            spelled_alike: alike,
            shortened,
        },
    ))
}

/// The distance of two keys when it is within the limit for their length.
fn within(x: &str, y: &str, scale: f32) -> Option<f32> {
    let d = if x == y { 0.0 } else { distance(x, y) };
    // A small margin: sums of costs such as 0.3 + 0.4 are not exact in f32.
    let limit = threshold(x.len().min(y.len())) * scale + 1e-4;
    (d <= limit).then_some(d)
}

/// The smaller of two distances that may be missing.
fn closer(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Cost of a compound unit written without its Abd head or -ullah tail.
const SHORTENED: f32 = 0.5;

/// The key of a compound name without its Abd head, -ullah tail or nasab particle
/// ("abdra$id" → "ra$id", "hidayatula" → "hidayat", "binladin" → "ladin"), when three
/// letters or more remain.
pub fn compound_core(key: &str) -> Option<&str> {
    let core = ["abd", "bint", "bin"]
        .iter()
        .find_map(|h| key.strip_prefix(h))
        .or_else(|| {
            ["ula", "ala", "ila"]
                .iter()
                .find_map(|t| key.strip_suffix(t))
        })?;
    (core.len() >= 3).then_some(core)
}

/// The keys of one unit, or of two read as one word ("Bani Adam" → "baniadam").
fn keys(units: &[NameUnit]) -> std::borrow::Cow<'_, [String]> {
    match units {
        [one] => std::borrow::Cow::Borrowed(&one.keys),
        [a, b] => std::borrow::Cow::Owned(vec![fold_name(&joined(a, b))]),
        _ => std::borrow::Cow::Owned(Vec::new()),
    }
}
