//! The fuzzy-match score (field-notes §3) and the exact integer filters derived from it.
//!
//! FMS = 100 · (1 − ED / max(n, m)) over match-key tokens, reported as its floor, so that
//! `score ≥ T` ⇔ `100 · ED ≤ (100 − T) · max(n, m)` exactly. Every filter here is a
//! consequence of that inequality, which is what makes candidate generation lossless.

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
pub fn length_ok(n: usize, m: usize, t: u8) -> bool {
    n.abs_diff(m) <= max_distance(n, m, t)
}

/// The best score a candidate of `m` tokens sharing at most `shared` tokens can reach.
pub fn score_bound(n: usize, m: usize, shared: usize) -> u8 {
    let max = n.max(m);
    let ed_low = (max - shared.min(max)).max(n.abs_diff(m));
    raw_score(ed_low, n, m)
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
    fn bounds_never_undercut_the_real_score() {
        // 10 tokens vs 12, sharing 8: ED ≥ 4, score ≤ 66.
        assert_eq!(score_bound(10, 12, 8), 66);
        assert!(length_ok(10, 12, 70));
        assert!(!length_ok(10, 15, 70));
    }
}
