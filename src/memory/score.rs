//! The fuzzy-match score (field-notes §3) and the exact integer filters derived from it.
//!
//! FMS = 100 · (1 − ED / max(n, m)) over match-key tokens, reported as its floor, so that
//! `score ≥ T` ⇔ `100 · ED ≤ (100 − T) · max(n, m)` exactly. Every filter here is a
//! consequence of that inequality, which is what makes candidate generation lossless.

use std::cmp::Ordering;

/// Integer score for edit distance `ed` between sequences of `n` and `m` tokens.
pub fn raw_score(ed: usize, n: usize, m: usize) -> u8 {
    let max = n.max(m);
    if max == 0 {
        return 100;
    }
    (100 * (max - ed.min(max)) / max) as u8
}

/// The largest edit distance that still scores at least `t`.
pub fn max_distance(n: usize, m: usize, t: u8) -> usize {
    (100 - usize::from(t)) * n.max(m) / 100
}

/// Length filter: ED ≥ |n − m|, so `m` tokens can score `t` against `n` only if this holds.
#[cfg(test)]
pub fn length_ok(n: usize, m: usize, t: u8) -> bool {
    n.abs_diff(m) <= max_distance(n, m, t)
}

/// The least edit distance a candidate of `m` tokens sharing at most `shared` tokens with a
/// query of `n` can have (count and length filters).
pub fn distance_bound(n: usize, m: usize, shared: usize) -> usize {
    let max = n.max(m);
    (max - shared.min(max)).max(n.abs_diff(m))
}

/// The best score a candidate of `m` tokens sharing at most `shared` tokens can reach.
#[cfg(test)]
pub fn score_bound(n: usize, m: usize, shared: usize) -> u8 {
    raw_score(distance_bound(n, m, shared), n, m)
}

/// Where a match stands in the order of suggestions: its reported score first, then its
/// exact distance ratio ED / max(n, m) (lower is better) — the score before rounding down,
/// so of two 75s the one at 75.9 comes first. Greater is better.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub score: u8,
    pub ed: u32,
    /// max(n, m) in tokens.
    pub max: u32,
}

impl Standing {
    pub fn new(score: u8, ed: usize, n: usize, m: usize) -> Standing {
        Standing {
            score,
            ed: ed as u32,
            max: n.max(m) as u32,
        }
    }
}

/// `a_ed / a_max` against `b_ed / b_max` (0 / 0 counts as 0).
fn ratio_cmp(a_ed: u32, a_max: u32, b_ed: u32, b_max: u32) -> Ordering {
    let (a_max, b_max) = (u64::from(a_max.max(1)), u64::from(b_max.max(1)));
    (u64::from(a_ed) * b_max).cmp(&(u64::from(b_ed) * a_max))
}

impl Ord for Standing {
    fn cmp(&self, other: &Standing) -> Ordering {
        self.score
            .cmp(&other.score)
            .then_with(|| ratio_cmp(other.ed, other.max, self.ed, self.max))
    }
}

impl PartialOrd for Standing {
    fn partial_cmp(&self, other: &Standing) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Standing {
    fn eq(&self, other: &Standing) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Standing {}

/// What a match must reach to be kept: the threshold, and once `top` matches are held, the
/// standing of the k-th best (ties kept). It only rises during a search.
#[derive(Debug, Clone, Copy)]
pub struct Bar {
    pub threshold: u8,
    pub kth: Option<Standing>,
}

impl Bar {
    /// The largest edit distance between `n` and `m` tokens that can still reach the bar:
    /// ED / max ≤ the k-th's ratio as well as score ≥ threshold. Every filter of the search
    /// (length, count, position) compares its least possible distance with this.
    pub fn max_distance(&self, n: usize, m: usize) -> usize {
        let by_threshold = max_distance(n, m, self.threshold);
        match self.kth {
            None => by_threshold,
            Some(k) if k.max == 0 => 0,
            Some(k) => by_threshold.min(k.ed as usize * n.max(m) / k.max as usize),
        }
    }

    /// [`Bar::max_distance`] for every side length that passes the length filter, computed
    /// once per bar rather than for each of a list's entries.
    pub fn cuts(&self, n: usize) -> Cuts {
        let mut lo = n;
        while lo > 0 && n - (lo - 1) <= self.max_distance(n, lo - 1) {
            lo -= 1;
        }
        let mut most = Vec::new();
        let mut m = lo;
        loop {
            let d = self.max_distance(n, m);
            if n.abs_diff(m) > d {
                break;
            }
            most.push(d as u32);
            m += 1;
        }
        Cuts { lo, most }
    }

    /// Whether a verified match is kept.
    pub fn admits(&self, s: Standing) -> bool {
        s.score >= self.threshold && self.kth.is_none_or(|k| s >= k)
    }
}

/// A bar's largest distances by side length (`Bar::cuts`).
pub struct Cuts {
    lo: usize,
    most: Vec<u32>,
}

impl Cuts {
    /// The largest distance a side of `m` tokens may have, `None` when its length alone
    /// keeps it from the bar (the filter holds on one range of lengths: below n the cut-off
    /// is fixed, above it the length difference outgrows it).
    #[inline]
    pub fn get(&self, m: usize) -> Option<usize> {
        self.most.get(m.wrapping_sub(self.lo)).map(|&d| d as usize)
    }

    /// The lengths that pass, `lo..=hi` (`None`: none), for reading only the length bands
    /// of a list that hold them (`bands`).
    pub fn lens(&self) -> Option<(usize, usize)> {
        (!self.most.is_empty()).then(|| (self.lo, self.lo + self.most.len() - 1))
    }
}

/// Orders candidates `(least distance, tokens)` against a query of `n` tokens best bound
/// first (lowest ratio): the order in which [`Bar::max_distance`] cuts them off is monotone.
pub fn bound_cmp(n: usize, a: (usize, usize), b: (usize, usize)) -> Ordering {
    ratio_cmp(a.0 as u32, n.max(a.1) as u32, b.0 as u32, n.max(b.1) as u32)
}

/// Plain full-matrix word-level Levenshtein distance (the reference the fast ones are
/// tested against).
#[cfg(test)]
pub fn distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_score_matches_the_exact_threshold_test() {
        for max in 1..60usize {
            for ed in 0..=max {
                for t in 1..=100u8 {
                    let exact = 100 * ed <= (100 - usize::from(t)) * max;
                    assert_eq!(raw_score(ed, max, 1) >= t, exact, "ed {ed} max {max} t {t}");
                    assert_eq!(ed <= max_distance(max, 1, t), exact);
                }
            }
        }
    }

    #[test]
    fn standings_order_by_score_then_exact_ratio() {
        let s = |score, ed, max| Standing { score, ed, max };
        assert!(s(76, 6, 25) > s(75, 5, 20)); // 76.0 > 75.0
        assert!(s(75, 9, 37) > s(75, 5, 20)); // 75.7 > 75.0
        assert_eq!(s(75, 5, 20), s(75, 10, 40)); // the same ratio ties
        assert!(s(100, 0, 7) > s(99, 0, 7)); // identical text over identical key
        assert_eq!(s(100, 0, 0), s(100, 0, 5));
    }

    #[test]
    fn the_bar_distance_admits_exactly_the_standings_at_or_over_it() {
        for t in [50u8, 70, 71, 95, 100] {
            for (k_ed, k_max) in [(0u32, 9u32), (1, 7), (5, 20), (3, 31), (9, 30)] {
                let k_score = raw_score(k_ed as usize, k_max as usize, 1);
                let kth = Standing::new(k_score, k_ed as usize, k_max as usize, 1);
                let bars = [
                    Bar {
                        threshold: t,
                        kth: None,
                    },
                    Bar {
                        threshold: t,
                        kth: Some(kth),
                    },
                ];
                for bar in bars {
                    for n in 1..40usize {
                        for m in 1..40 {
                            for ed in n.abs_diff(m)..=n.max(m) {
                                let s = Standing::new(raw_score(ed, n, m), ed, n, m);
                                assert_eq!(
                                    ed <= bar.max_distance(n, m),
                                    bar.admits(s),
                                    "{bar:?} n {n} m {m} ed {ed}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn cuts_equal_the_bar_distance_within_the_length_filter() {
        let kths = [
            None,
            Some(Standing::new(80, 5, 25, 1)),
            Some(Standing::new(100, 0, 3, 3)),
        ];
        for t in [1u8, 50, 70, 99, 100] {
            for kth in kths {
                let bar = Bar { threshold: t, kth };
                for n in 0..60usize {
                    let cuts = bar.cuts(n);
                    for m in 0..400 {
                        let d = bar.max_distance(n, m);
                        let expected = (n.abs_diff(m) <= d).then_some(d);
                        assert_eq!(cuts.get(m), expected, "t {t} {kth:?} n {n} m {m}");
                    }
                }
            }
        }
    }

    #[test]
    fn bounds_never_undercut_the_real_score() {
        // 10 tokens vs 12, sharing 8: ED ≥ 4, score ≤ 66.
        assert_eq!(score_bound(10, 12, 8), 66);
        assert!(length_ok(10, 12, 70));
        assert!(!length_ok(10, 15, 70));
    }
}
