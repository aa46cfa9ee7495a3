//! Dynamic programming over beads inside a band around the diagonal. The band starts narrow
//! and doubles whenever the best path touches its edge, so time and memory grow about
//! linearly with article length for ordinary article pairs.

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
    pub confidence: f64,
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

/// Confidence of a bead in [0, 1]: a logistic of its cost with the anchor bonus capped (so
/// that many shared numbers cannot hide a poor fit), halved for every sentence of a merged
/// side that matches nothing inside the bead. Omissions are confident when the sentence has
/// no anchor that could match nearby.
pub fn bead_confidence(ctx: &Ctx<'_>, kind: usize, i: usize, j: usize) -> f64 {
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

/// The best bead path through the whole document.
pub fn search(doc: &Doc, lambda: f64, mu: f64) -> Vec<RawBead> {
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
        let (path, touched) = search_band(&ctx, &band);
        let next_cells = (n + 1) * (4 * band.half + 1);
        if !touched || band.full() || next_cells > MAX_CELLS {
            return path;
        }
        band.half *= 2;
    }
}

/// DP inside one band; also tells whether the path came close to the band's edge.
fn search_band(ctx: &Ctx<'_>, band: &Band) -> (Vec<RawBead>, bool) {
    let n = band.n;
    let size = (n + 1) * band.width();
    let mut cost = vec![f64::INFINITY; size];
    let mut back = vec![u8::MAX; size];
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
                let c = cost[from] + bead_cost(ctx, kind, i, j);
                if c < cost[here] {
                    cost[here] = c;
                    back[here] = kind as u8;
                }
            }
        }
    }
    trace(ctx, band, &back)
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
            confidence: bead_confidence(ctx, kind, i, j),
        });
        i -= di;
        j -= dj;
    }
    path.reverse();
    (path, touched)
}
