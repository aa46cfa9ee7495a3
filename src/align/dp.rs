//! Dynamic programming over beads inside a band around the diagonal. The band starts narrow
//! and doubles whenever the best path touches its edge, so time and memory grow about
//! linearly with article length for ordinary article pairs. In the final band a forward and
//! a backward pass (log-sum-exp instead of min, over the bead costs the search kept) give each
//! bead of the best path its posterior probability.

use super::cost::{Candidates, Doc, BEADS};

/// The band stops widening beyond this many cells (about 450 MB of DP tables); a document
/// pair that needs more is aligned within the widest band tried.
const MAX_CELLS: usize = 50_000_000;

/// One bead of the best path: source and target ranges and its cost.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBead {
    pub src: std::ops::Range<usize>,
    pub tgt: std::ops::Range<usize>,
    pub cost: f64,
    /// How well the two sides match on their own (see [`bead_fit`]).
    pub fit: f64,
    /// Probability of the bead over all paths in the band (forward–backward).
    pub posterior: f64,
}

struct Band {
    n: usize,
    m: usize,
    half: usize,
}

impl Band {
    fn lo(&self, i: usize) -> usize {
        self.center(i).saturating_sub(self.half)
    }

    fn hi(&self, i: usize) -> usize {
        (self.center(i) + self.half).min(self.m)
    }

    fn center(&self, i: usize) -> usize {
        if self.n == 0 {
            return 0;
        }
        ((i as f64) * (self.m as f64) / (self.n as f64)).round() as usize
    }

    fn width(&self) -> usize {
        2 * self.half + 1
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let lo = self.center(i) as isize - self.half as isize;
        let off = j as isize - lo;
        (j >= self.lo(i) && j <= self.hi(i)).then(|| i * self.width() + off as usize)
    }

    fn full(&self) -> bool {
        self.half >= self.n.max(self.m)
    }
}

/// Cost of a bead, given as the bead type index and its end cell.
pub fn bead_cost(ctx: &Ctx<'_>, kind: usize, i: usize, j: usize) -> f64 {
    let (doc, prefix) = (ctx.doc, &ctx.prefix);
    let (di, dj, prior) = BEADS[kind];
    let (i0, j0) = (i - di, j - dj);
    // Omissions are 1-0 and 0-1 beads; their prior depends on the sentence left out.
    let mut cost = match (di, dj) {
        (_, 0) => doc.src_omit[i0],
        (0, _) => doc.tgt_omit[j0],
        _ => -prior.ln(),
    };
    if di > 0 && dj > 0 {
        let ls = prefix.src[i] - prefix.src[i0];
        let lt = prefix.tgt[j] - prefix.tgt[j0];
        cost += doc.length_cost(ls, lt);
        let lex = doc.anchor_bonus(&ctx.cands, i0..i, j0..j);
        cost += ctx.lambda * (ctx.mu * lex.unexplained - lex.bonus);
        cost -= doc.open_joint_credit(i0..i, j0..j);
        cost -= doc.end_mark_credit(i - 1, j - 1);
    }
    cost
}

/// How well a bead's sides match on their own, in [0, 1]: a logistic of its cost with the
/// anchor bonus capped (so that many shared numbers cannot hide a poor fit), halved for every sentence of a merged
/// side that matches nothing inside the bead. Omissions are confident when the sentence has
/// no anchor that could match nearby.
pub fn bead_fit(ctx: &Ctx<'_>, kind: usize, i: usize, j: usize) -> f64 {
    let (doc, prefix) = (ctx.doc, &ctx.prefix);
    let (di, dj, prior) = BEADS[kind];
    let (i0, j0) = (i - di, j - dj);
    if di > 0 && dj > 0 {
        let ls = prefix.src[i] - prefix.src[i0];
        let lt = prefix.tgt[j] - prefix.tgt[j0];
        let lex = doc.anchor_bonus(&ctx.cands, i0..i, j0..j);
        let cost = -prior.ln() + doc.length_cost(ls, lt) + ctx.mu * lex.unexplained
            - lex.bonus.min(BONUS_CAP);
        let factor = 0.5f64.powi(lex.silent_members as i32);
        factor / (1.0 + (cost - CONFIDENCE_MIDPOINT).exp())
    } else {
        // An omission is believable when the sentence has no anchor to match anywhere near.
        let best = if di > 0 {
            ctx.cands.src_best[i0]
        } else {
            ctx.cands.tgt_best[j0]
        };
        OMISSION_CONFIDENCE * 0.5f64.powf(f64::from(best).min(2.0))
    }
}

/// Confidence of an omission whose sentence has no anchors.
const OMISSION_CONFIDENCE: f64 = 0.85;
/// Cost at which a bead's confidence is one half.
const CONFIDENCE_MIDPOINT: f64 = 2.5;
/// The most anchor bonus that counts towards confidence.
const BONUS_CAP: f64 = 3.0;

/// What the bead cost needs: the document, length prefix sums, anchor candidates.
pub struct Ctx<'a> {
    pub doc: &'a Doc,
    pub prefix: Prefix,
    pub cands: Candidates,
    pub lambda: f64,
    pub mu: f64,
}

/// Prefix sums of sentence lengths.
pub struct Prefix {
    pub src: Vec<f64>,
    pub tgt: Vec<f64>,
}

impl Prefix {
    pub fn new(doc: &Doc) -> Prefix {
        let sums = |v: &[f64]| {
            let mut out = vec![0.0];
            for x in v {
                out.push(out.last().copied().unwrap_or(0.0) + x);
            }
            out
        };
        Prefix {
            src: sums(&doc.src_len),
            tgt: sums(&doc.tgt_len),
        }
    }
}

/// The best bead path through the whole document; with `posteriors`, each bead's posterior
/// too (otherwise 1).
pub fn search(doc: &Doc, lambda: f64, mu: f64, posteriors: bool) -> Vec<RawBead> {
    let (n, m) = (doc.src_len.len(), doc.tgt_len.len());
    // The band follows the diagonal from (0, 0) to (n, m); within one row the path moves
    // about m/n cells, so the band is at least that wide.
    let slope = (n.max(m) as f64 / n.min(m).max(1) as f64).ceil() as usize;
    let mut band = Band {
        n,
        m,
        half: 16 + slope,
    };
    loop {
        let ctx = Ctx {
            doc,
            prefix: Prefix::new(doc),
            cands: doc.candidates(band.half + 3),
            lambda,
            mu,
        };
        let (mut path, touched, costs) = search_band(&ctx, &band, posteriors);
        let next_cells = (n + 1) * (4 * band.half + 1);
        if !touched || band.full() || next_cells > MAX_CELLS {
            if posteriors {
                add_posteriors(&ctx, &band, &costs, &mut path);
            }
            return path;
        }
        band.half *= 2;
    }
}

/// DP inside one band; also tells whether the path came close to the band's edge. The bead
/// costs it computes are kept (when they fit in [`MAX_KEPT_COSTS`]) for the posteriors.
fn search_band(ctx: &Ctx<'_>, band: &Band, keep_costs: bool) -> (Vec<RawBead>, bool, Costs) {
    let n = band.n;
    let size = (n + 1) * band.width();
    let mut cost = vec![f64::INFINITY; size];
    let mut back = vec![u8::MAX; size];
    let mut kept = Costs::new(size, keep_costs);
    cost[band.index(0, 0).expect("origin is in the band")] = 0.0;
    for i in 0..=n {
        for j in band.lo(i)..=band.hi(i) {
            let here = band.index(i, j).expect("in band");
            for (kind, &(di, dj, _)) in BEADS.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(from) = band.index(i - di, j - dj) else {
                    continue;
                };
                if !cost[from].is_finite() {
                    continue;
                }
                let bead = bead_cost(ctx, kind, i, j);
                kept.set(here, kind, bead);
                let c = cost[from] + bead;
                if c < cost[here] {
                    cost[here] = c;
                    back[here] = kind as u8;
                }
            }
        }
    }
    let (path, touched) = trace(ctx, band, &back);
    (path, touched, kept)
}

/// At most this many bead costs are kept from the search for the posteriors (f32 each);
/// beyond, the posteriors compute them again.
const MAX_KEPT_COSTS: usize = 32_000_000;

/// Bead costs by end cell and bead kind, as the search computed them.
struct Costs(Option<Vec<f32>>);

impl Costs {
    fn new(cells: usize, wanted: bool) -> Costs {
        let len = cells * BEADS.len();
        Costs((wanted && len <= MAX_KEPT_COSTS).then(|| vec![f32::INFINITY; len]))
    }

    fn set(&mut self, cell: usize, kind: usize, cost: f64) {
        if let Some(v) = &mut self.0 {
            v[cell * BEADS.len() + kind] = cost as f32;
        }
    }

    /// The cost of bead `kind` ending at (i, j), cell `cell` of the band.
    fn get(&self, ctx: &Ctx<'_>, cell: usize, kind: usize, i: usize, j: usize) -> f64 {
        match &self.0 {
            Some(v) => f64::from(v[cell * BEADS.len() + kind]),
            None => bead_cost(ctx, kind, i, j),
        }
    }
}

/// Sets each bead's posterior: the total weight of the band's paths through it over the
/// weight of all paths, a path weighing exp(−cost). A bead that rivals of nearly the same cost
/// could replace gets a low posterior even when its own cost is low.
fn add_posteriors(ctx: &Ctx<'_>, band: &Band, costs: &Costs, path: &mut [RawBead]) {
    let (n, m) = (band.n, band.m);
    let size = (n + 1) * band.width();
    let mut forward = vec![f64::NEG_INFINITY; size];
    forward[band.index(0, 0).expect("origin is in the band")] = 0.0;
    for i in 0..=n {
        for j in band.lo(i)..=band.hi(i) {
            let here = band.index(i, j).expect("in band");
            let mut terms = [f64::NEG_INFINITY; MAX_KINDS];
            for (kind, &(di, dj, _)) in BEADS.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                if let Some(from) = band.index(i - di, j - dj) {
                    if forward[from].is_finite() {
                        terms[kind] = forward[from] - costs.get(ctx, here, kind, i, j);
                    }
                }
            }
            if i > 0 || j > 0 {
                forward[here] = log_sum_exp(&terms[..BEADS.len()]);
            }
        }
    }
    let mut backward = vec![f64::NEG_INFINITY; size];
    backward[band.index(n, m).expect("end is in the band")] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo(i)..=band.hi(i)).rev() {
            let here = band.index(i, j).expect("in band");
            let mut terms = [f64::NEG_INFINITY; MAX_KINDS];
            for (kind, &(di, dj, _)) in BEADS.iter().enumerate() {
                let (ni, nj) = (i + di, j + dj);
                if ni > n || nj > m {
                    continue;
                }
                if let Some(to) = band.index(ni, nj) {
                    if backward[to].is_finite() {
                        terms[kind] = backward[to] - costs.get(ctx, to, kind, ni, nj);
                    }
                }
            }
            if i < n || j < m {
                backward[here] = log_sum_exp(&terms[..BEADS.len()]);
            }
        }
    }
    let total = forward[band.index(n, m).expect("end is in the band")];
    for bead in path.iter_mut() {
        let (from, to) = (
            band.index(bead.src.start, bead.tgt.start),
            band.index(bead.src.end, bead.tgt.end),
        );
        if let (Some(from), Some(to)) = (from, to) {
            let log_p = forward[from] - bead.cost + backward[to] - total;
            bead.posterior = log_p.exp().clamp(0.0, 1.0);
        }
    }
}

/// Room for one term per bead kind in the posterior passes.
const MAX_KINDS: usize = 16;
const _: () = assert!(BEADS.len() <= MAX_KINDS);

fn log_sum_exp(terms: &[f64]) -> f64 {
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

fn trace(ctx: &Ctx<'_>, band: &Band, back: &[u8]) -> (Vec<RawBead>, bool) {
    let (n, m) = (band.n, band.m);
    let mut path = Vec::new();
    let mut touched = false;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("path stays in band");
        let kind = back[here] as usize;
        let (di, dj, _) = BEADS[kind];
        let edge = (j > 0 && j <= band.lo(i) + 1 && band.lo(i) > 0)
            || (j < m && j + 1 >= band.hi(i) && band.hi(i) < m);
        touched |= edge;
        path.push(RawBead {
            src: i - di..i,
            tgt: j - dj..j,
            cost: bead_cost(ctx, kind, i, j),
            fit: bead_fit(ctx, kind, i, j),
            posterior: 1.0,
        });
        i -= di;
        j -= dj;
    }
    path.reverse();
    (path, touched)
}
