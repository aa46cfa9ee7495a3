//! The order in which queued candidates are verified (`search::verify_best_first`): best
//! bound first — the lowest least ratio low / max(n, m), ties by lowest side — handed out one
//! at a time.
//!
//! The candidates are grouped by their ratio (a boilerplate query queues 30k–80k of them
//! with only a few hundred distinct ratios: the bounds and lengths are small integers), the
//! groups put in ratio order by one counting pass, and each group is sorted by side only
//! when the walk reaches it. A boilerplate query at 1M pairs verifies 15k–50k of what it
//! queues; popping those from a binary heap (the order before, itself replacing a full sort)
//! cost a cache-missing sift of the whole heap each, 5 % of such a query's time.

use rustc_hash::FxHashMap;

use super::score::bound_cmp;
use super::search::Queued;

/// The candidates in `verify_best_first`'s order, handed out one at a time.
pub(crate) enum BoundQueue {
    /// Candidates grouped by ratio key, the groups in ascending key order (`ends`: where
    /// each ends in `items`); a group is sorted by side when the walk enters it.
    Groups {
        items: Vec<Item>,
        ends: Vec<usize>,
        /// The next group to enter.
        group: usize,
        /// The next item to hand out, and the end of the group it is in.
        at: usize,
        end: usize,
    },
    /// Queries too long for exact 32-bit ratio keys: the full sort, walked from the end.
    Sorted(Vec<Queued>),
}

/// One queued candidate, as stored in [`BoundQueue::Groups`].
#[derive(Clone, Copy)]
pub(crate) struct Item {
    side: u32,
    low: u32,
    len: u32,
}

/// Largest (bound, length) table [`BoundQueue::new`] groups through (4 bytes a cell); past
/// it, each candidate's key is looked up in a hash map.
const MAX_CELLS: usize = 1 << 16;

/// The table is used only when it has at most this many cells per queued candidate.
const CELLS_PER_CANDIDATE: usize = 4;

/// Longest query (in tokens) whose ratio keys are exact: see [`ratio_key`].
const KEY_MAX_TOKENS: usize = 1 << 16;

/// ⌊2³² · low / max⌋ (max = max(n, m), at least 1), clamped to 2³² − 1. Two ratios p/q < r/s
/// with q, s ≤ 2¹⁶ differ by at least 1/(q·s) ≥ 2⁻³², so their keys differ in the same
/// order and equal ratios get equal keys: the key orders exactly as `score::bound_cmp`.
/// Ratios of 1 or more (never verified: the bar's distance is below max) share the top key,
/// above every ratio (q − 1)/q ≤ 1 − 2⁻¹⁶ that is below 1.
fn ratio_key(low: usize, max: usize) -> u32 {
    let max = max.max(1) as u64;
    (((low as u64) << 32) / max).min(u64::from(u32::MAX)) as u32
}

impl BoundQueue {
    pub fn new(n: usize, mut order: Vec<Queued>) -> BoundQueue {
        // Side lengths are below 2¹⁶ (u16; u16::MAX queued with low 0).
        if n > KEY_MAX_TOKENS || order.iter().any(|q| q.len > KEY_MAX_TOKENS) {
            order.sort_unstable_by(|a, b| {
                bound_cmp(n, (b.low, b.len), (a.low, a.len)).then(b.side.cmp(&a.side))
            });
            return BoundQueue::Sorted(order);
        }
        // Group index of each candidate, groups numbered as first met. The bounds and
        // lengths are small integers, so a table by (low, len) finds a candidate's group
        // with one load; only each cell's first candidate computes its key and looks the key
        // up (cells of equal ratio share a group).
        let (lows, lens) = order
            .iter()
            .fold((0, 0), |(a, b), q| (a.max(q.low + 1), b.max(q.len + 1)));
        // A table much larger than the queue (long queries queue a few hundred sides over
        // wide ranges of bounds and lengths) would cost more to clear than the hashes.
        let table = lows.saturating_mul(lens);
        let mut cells: Vec<u32> =
            if table <= MAX_CELLS && table <= CELLS_PER_CANDIDATE * order.len() {
                vec![0; lows * lens]
            } else {
                Vec::new()
            };
        let mut group_of: FxHashMap<u32, u32> = FxHashMap::default();
        let mut keys: Vec<u32> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let groups: Vec<u32> = order
            .iter()
            .map(|q| {
                let cell = cells.get_mut(q.low * lens + q.len);
                let g = match cell {
                    Some(&mut g) if g > 0 => g - 1,
                    cell => {
                        let key = ratio_key(q.low, n.max(q.len));
                        let g = *group_of.entry(key).or_insert_with(|| {
                            keys.push(key);
                            counts.push(0);
                            keys.len() as u32 - 1
                        });
                        if let Some(c) = cell {
                            *c = g + 1;
                        }
                        g
                    }
                };
                counts[g as usize] += 1;
                g
            })
            .collect();
        // Where each group starts once the groups are in key order.
        let mut by_key: Vec<u32> = (0..keys.len() as u32).collect();
        by_key.sort_unstable_by_key(|&g| keys[g as usize]);
        let mut start = vec![0usize; keys.len()];
        let mut ends = Vec::with_capacity(keys.len());
        let mut at = 0;
        for &g in &by_key {
            start[g as usize] = at;
            at += counts[g as usize];
            ends.push(at);
        }
        let mut items = vec![
            Item {
                side: 0,
                low: 0,
                len: 0
            };
            order.len()
        ];
        for (q, &g) in order.iter().zip(&groups) {
            let slot = &mut start[g as usize];
            items[*slot] = Item {
                side: q.side,
                low: q.low as u32,
                len: q.len as u32,
            };
            *slot += 1;
        }
        BoundQueue::Groups {
            items,
            ends,
            group: 0,
            at: 0,
            end: 0,
        }
    }

    /// The side `k` places after the next one [`BoundQueue::pop`] hands out, when it is
    /// known without work (in the group the walk is in, or in the full sort): for fetching
    /// ahead, so a miss only means no hint.
    pub fn ahead(&self, k: usize) -> Option<u32> {
        match self {
            BoundQueue::Groups { items, at, end, .. } => {
                let i = at.checked_add(k)?;
                (i < *end).then(|| items[i].side)
            }
            BoundQueue::Sorted(order) => order.len().checked_sub(k + 1).map(|i| order[i].side),
        }
    }

    /// The next candidate in order.
    pub fn pop(&mut self) -> Option<Queued> {
        match self {
            BoundQueue::Groups {
                items,
                ends,
                group,
                at,
                end,
            } => {
                if *at == *end {
                    let next = *ends.get(*group)?;
                    items[*at..next].sort_unstable_by_key(|i| i.side);
                    *end = next;
                    *group += 1;
                }
                let i = items[*at];
                *at += 1;
                Some(Queued {
                    low: i.low as usize,
                    len: i.len as usize,
                    side: i.side,
                })
            }
            BoundQueue::Sorted(order) => order.pop(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The order the full sort gave before the heap (and then the groups) replaced it.
    fn sorted(n: usize, mut order: Vec<Queued>) -> Vec<(usize, usize, u32)> {
        order.sort_unstable_by(|a, b| {
            bound_cmp(n, (a.low, a.len), (b.low, b.len)).then(a.side.cmp(&b.side))
        });
        order.iter().map(|q| (q.low, q.len, q.side)).collect()
    }

    fn popped(n: usize, order: Vec<Queued>) -> Vec<(usize, usize, u32)> {
        let mut queue = BoundQueue::new(n, order);
        std::iter::from_fn(|| queue.pop().map(|q| (q.low, q.len, q.side))).collect()
    }

    fn queued(n: usize, items: &[(usize, usize)], sides: &[u32]) -> Vec<Queued> {
        items
            .iter()
            .zip(sides)
            .map(|(&(low, len), &side)| Queued {
                // Bounds never exceed max(n, m) (`score::distance_bound`).
                low: low.min(n.max(len)),
                len,
                side,
            })
            .collect()
    }

    #[test]
    fn ratios_one_apart_in_the_last_place_keep_their_order() {
        // 65534/65535 < 65535/65536: the closest ratios the keys must tell apart.
        let order = vec![
            Queued {
                low: 65_535,
                len: 65_536,
                side: 1,
            },
            Queued {
                low: 65_534,
                len: 65_535,
                side: 2,
            },
            Queued {
                low: 0,
                len: u16::MAX as usize,
                side: 3,
            },
            Queued {
                low: 1,
                len: 2,
                side: 5,
            },
            Queued {
                low: 2,
                len: 4,
                side: 4,
            },
        ];
        assert_eq!(popped(3, order.clone()), sorted(3, order));
    }

    /// A query length and a queue from proptest's draws: distinct side ids in no relation to
    /// the bounds' order, and (`huge`) a query above 2¹⁶ tokens, where the keys are not exact
    /// and the queue sorts instead.
    fn random_case(n: usize, items: &[(usize, usize)], huge: bool) -> (usize, Vec<Queued>) {
        let sides: Vec<u32> = (0..items.len() as u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        let n = if huge { n + (1 << 17) } else { n };
        (n, queued(n, items, &sides))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn the_groups_pop_in_the_order_of_the_full_sort(
            n in 0usize..300,
            items in proptest::collection::vec((0usize..300, 0usize..300), 0..200),
            huge in proptest::bool::ANY,
        ) {
            let (n, order) = random_case(n, &items, huge);
            prop_assert_eq!(popped(n, order.clone()), sorted(n, order));
        }

        /// Whatever `ahead(k)` names is the side handed out k places after the next pop.
        #[test]
        fn ahead_names_a_side_pop_hands_out_later(
            n in 0usize..300,
            items in proptest::collection::vec((0usize..300, 0usize..300), 0..200),
            huge in proptest::bool::ANY,
        ) {
            let (n, order) = random_case(n, &items, huge);
            let all: Vec<u32> = popped(n, order.clone()).iter().map(|p| p.2).collect();
            let mut queue = BoundQueue::new(n, order);
            let mut next = 0;
            loop {
                for k in 0..6 {
                    if let Some(side) = queue.ahead(k) {
                        prop_assert_eq!(Some(&side), all.get(next + k));
                    }
                }
                if queue.pop().is_none() {
                    break;
                }
                next += 1;
            }
            prop_assert_eq!(next, all.len());
        }
    }

    #[test]
    fn ahead_sees_the_rest_of_the_group_being_walked_and_all_of_a_full_sort() {
        // Ten candidates of one ratio: one group, known whole once the walk enters it.
        let sides: Vec<u32> = (0..10).rev().collect();
        let order = queued(50, &[(5, 50); 10], &sides);
        let mut queue = BoundQueue::new(50, order.clone());
        assert_eq!(queue.pop().map(|q| q.side), Some(0));
        let ahead: Vec<Option<u32>> = (0..10).map(|k| queue.ahead(k)).collect();
        let mut want: Vec<Option<u32>> = (1..10).map(Some).collect();
        want.push(None);
        assert_eq!(ahead, want);
        // Above 2¹⁶ tokens the queue is one sorted vector: everything is known from the start.
        let n = 1 << 17;
        let order = queued(n, &[(5, 50); 10], &sides);
        let queue = BoundQueue::new(n, order);
        assert_eq!(queue.ahead(0), Some(0));
        assert_eq!(queue.ahead(9), Some(9));
        assert_eq!(queue.ahead(10), None);
    }
}
