//! Running a test through the checker and counting: recall over the lines that write the
//! glossary person's own name, precision over every flag, both also per inner fold (the
//! fit's view of how much the figures move from one group of names to another).

use std::collections::{HashMap, HashSet};

use tarjama::glossary::FindingKind;
use tarjama::names::MatchParams;

use super::testset::{checker, Shape, TestSet};

/// Inner folds of a half (see [`super::testset::Split`]).
pub const FOLDS: usize = 3;

#[derive(Default, Clone, Copy)]
pub struct FoldCounts {
    pub positives: usize,
    pub true_pos: usize,
    /// Every flag on a line of the fold (right, wrong entry, or on a negative line).
    pub flags: usize,
}

impl FoldCounts {
    pub fn precision(&self) -> f64 {
        self.true_pos as f64 / self.flags.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.true_pos as f64 / self.positives.max(1) as f64
    }
}

#[derive(Default, Clone)]
pub struct Counts {
    /// Lines that write the glossary person's own name otherwise (Respelled,
    /// AddedOrDropped) and how many were flagged for the entry.
    pub positives: usize,
    pub true_pos: usize,
    /// Every line written with another spelling of the Arabic key, other names too (the
    /// issue's protocol taken literally).
    pub all_positives: usize,
    pub all_true_pos: usize,
    pub wrong_entry: usize,
    pub false_pos: usize,
    pub negatives: usize,
    pub by_shape: HashMap<String, (usize, usize)>,
    pub folds: [FoldCounts; FOLDS],
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.positives += o.positives;
        self.true_pos += o.true_pos;
        self.all_positives += o.all_positives;
        self.all_true_pos += o.all_true_pos;
        self.wrong_entry += o.wrong_entry;
        self.false_pos += o.false_pos;
        self.negatives += o.negatives;
        for (k, (a, b)) in &o.by_shape {
            let e = self.by_shape.entry(k.clone()).or_default();
            e.0 += a;
            e.1 += b;
        }
        for (f, g) in self.folds.iter_mut().zip(&o.folds) {
            f.positives += g.positives;
            f.true_pos += g.true_pos;
            f.flags += g.flags;
        }
    }

    pub fn recall(&self) -> f64 {
        self.true_pos as f64 / self.positives.max(1) as f64
    }

    pub fn precision(&self) -> f64 {
        let flags = self.true_pos + self.wrong_entry + self.false_pos;
        self.true_pos as f64 / flags.max(1) as f64
    }

    /// The lowest precision of the inner folds.
    pub fn worst_fold_precision(&self) -> f64 {
        self.folds
            .iter()
            .map(FoldCounts::precision)
            .fold(f64::INFINITY, f64::min)
    }

    /// The lowest recall of the inner folds.
    pub fn worst_fold_recall(&self) -> f64 {
        self.folds
            .iter()
            .map(FoldCounts::recall)
            .fold(f64::INFINITY, f64::min)
    }

    pub fn f1(&self) -> f64 {
        let (r, p) = (self.recall(), self.precision());
        if r + p == 0.0 {
            0.0
        } else {
            2.0 * r * p / (r + p)
        }
    }

    pub fn summary(&self) -> String {
        format!(
            "recall {:.3} ({}/{}), precision {:.3} ({} wrong entry, {} of {} negative lines flagged)",
            self.recall(),
            self.true_pos,
            self.positives,
            self.precision(),
            self.wrong_entry,
            self.false_pos,
            self.negatives
        )
    }

    /// Recall and precision with other names counted as positives too.
    pub fn all_summary(&self) -> String {
        let (r, p) = self.all_figures();
        format!(
            "recall {r:.3} ({}/{}), precision {p:.3}",
            self.all_true_pos, self.all_positives
        )
    }

    pub fn all_figures(&self) -> (f64, f64) {
        let flags = self.all_true_pos + self.wrong_entry + self.false_pos;
        (
            self.all_true_pos as f64 / self.all_positives.max(1) as f64,
            self.all_true_pos as f64 / flags.max(1) as f64,
        )
    }

    pub fn folds_summary(&self) -> String {
        let parts: Vec<String> = self
            .folds
            .iter()
            .map(|f| format!("{:.3}/{:.3}", f.recall(), f.precision()))
            .collect();
        format!("inner folds recall/precision {}", parts.join(", "))
    }

    pub fn by_shape(&self) -> String {
        let mut parts: Vec<String> = self
            .by_shape
            .iter()
            .map(|(k, (hit, all))| format!("{k}: {hit}/{all} found"))
            .collect();
        parts.sort();
        format!("positives by shape — {}", parts.join("; "))
    }
}

/// Checks every line of `set` with limits `p`; `debug` prints misses and false flags.
pub fn evaluate(set: &TestSet, p: &MatchParams, debug: bool) -> Counts {
    let checker = checker(set).with_params(*p);
    let texts: Vec<String> = set.lines.iter().map(|l| l.text.clone()).collect();
    let reports = checker.check_lines(&texts, 1);
    let mut c = Counts::default();
    for (l, report) in set.lines.iter().zip(reports) {
        let flagged: HashSet<usize> = report
            .findings
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    FindingKind::Variant | FindingKind::Spelling | FindingKind::Forbidden
                )
            })
            .map(|f| f.entry_index)
            .collect();
        let (line, shape) = (&l.text, l.shape);
        let fold = &mut c.folds[l.fold];
        let names = |flagged: &HashSet<usize>| {
            let v: Vec<&str> = flagged
                .iter()
                .map(|&i| set.glossary[i].0.as_str())
                .collect();
            v.join(", ")
        };
        match l.want {
            Some(e) => {
                c.all_positives += 1;
                c.positives += usize::from(shape.same_name());
                fold.positives += usize::from(shape.same_name());
                // An entry spelled the same, or whose Arabic Latin letters cannot tell
                // apart, is as right as the one the line was written for.
                let same = |i: &usize| {
                    *i == e
                        || set.glossary[*i].0.to_lowercase() == set.glossary[e].0.to_lowercase()
                        || set.skeletons[*i] == set.skeletons[e]
                };
                let hit = flagged.iter().any(same);
                let slot = c.by_shape.entry(format!("{shape:?}")).or_default();
                slot.1 += 1;
                if hit {
                    c.all_true_pos += 1;
                    c.true_pos += usize::from(shape.same_name());
                    c.false_pos += usize::from(shape == Shape::Titled);
                    fold.true_pos += usize::from(shape.same_name());
                    fold.flags += usize::from(shape.same_name() || shape == Shape::Titled);
                    slot.0 += 1;
                    if debug && shape == Shape::Titled {
                        say!("FALSE (titled) {line}  [glossary: {}]", set.glossary[e].0);
                    }
                } else {
                    if !flagged.is_empty() {
                        c.wrong_entry += 1;
                        fold.flags += 1;
                    }
                    if debug {
                        say!(
                            "MISS {shape:?} {line}  [glossary: {}] [flagged as: {}]",
                            set.glossary[e].0,
                            names(&flagged)
                        );
                    }
                }
            }
            None => {
                c.negatives += 1;
                if !flagged.is_empty() {
                    c.false_pos += 1;
                    fold.flags += 1;
                    if debug {
                        say!("FALSE {line}  [flagged as: {}]", names(&flagged));
                    }
                }
            }
        }
    }
    c
}
