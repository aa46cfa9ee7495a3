//! The cost of one bead: Gale–Church length term with a per-document length ratio, the bead
//! type's prior, and the lexical anchor bonus (field-notes §4).

use super::anchors::Item;

/// Bead shapes searched by the aligner, with their prior probabilities: Gale & Church 1993
/// for 1-1, 2-1, 1-2 and 2-2; omissions (1-0, 0-1) raised from their .0099 to .03 because
/// news translations drop sentences (headlines, quotes, background) far more often than
/// parliament proceedings; 1-3/3-1 added for Arabic sentences that become three English ones.
pub const BEADS: &[(usize, usize, f64)] = &[
    (1, 1, 0.89),
    (1, 0, OMISSION_PRIOR),
    (0, 1, OMISSION_PRIOR),
    (2, 1, 0.089),
    (1, 2, 0.089),
    (2, 2, 0.011),
    (1, 3, 0.0045),
    (3, 1, 0.0045),
];

/// Prior of a 1-0 or 0-1 bead (see [`BEADS`]); [`omission_costs`] raises it for segments that
/// do not end like sentences.
pub const OMISSION_PRIOR: f64 = 0.03;

/// How many times likelier a segment without a sentence end is to have no counterpart.
pub const UNTERMINATED_OMISSION_FACTOR: f64 = 2.0;

/// Gale & Church's variance per unit of length.
pub const S2: f64 = 6.8;

/// Per-document data the cost needs: sentence lengths, anchors and key rarities.
pub struct Doc {
    pub src_len: Vec<f64>,
    pub tgt_len: Vec<f64>,
    pub src_items: Vec<Vec<Item>>,
    pub tgt_items: Vec<Vec<Item>>,
    /// Per key id: number of source and target sentences holding it.
    pub df: Vec<(u32, u32)>,
    /// Target length per unit of source length.
    pub ratio: f64,
    /// Per sentence: the text goes on in the next one (see [`open_ends`]).
    pub src_open: Vec<bool>,
    pub tgt_open: Vec<bool>,
    /// Per sentence: the cost of leaving it without counterpart (see [`omission_costs`]).
    pub src_omit: Vec<f64>,
    pub tgt_omit: Vec<f64>,
    /// Per sentence: its closing mark when that is ? ! : or ; (see [`end_mark`]).
    pub src_end: Vec<Option<char>>,
    pub tgt_end: Vec<Option<char>>,
}

/// The last character of a segment after any closing quotes and brackets.
fn last_mark(text: &str) -> Option<char> {
    let closing = |c: char| matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']');
    text.trim_end()
        .trim_end_matches(closing)
        .trim_end()
        .chars()
        .next_back()
}

/// Whether a segment does not end like a sentence: after any closing quotes and brackets its
/// last character is not . ! ? … : ; (or the Arabic question mark or full stop).
pub fn unterminated(text: &str) -> bool {
    !last_mark(text).is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | ';' | '\u{061F}' | '\u{06D4}'
        )
    })
}

/// The mark a segment closes with, when it is one that says how the sentence goes on: a
/// question, an exclamation, or a colon or semicolon (the sentence continues in the next
/// segment), after any closing quotes and brackets. Arabic ؟ and ؛ count as ? and ;. A full
/// stop, or no mark, is `None`: nearly every sentence ends so, and it tells nothing.
pub fn end_mark(text: &str) -> Option<char> {
    match last_mark(text)? {
        '?' | '\u{061F}' => Some('?'),
        '!' => Some('!'),
        ':' => Some(':'),
        ';' | '\u{061B}' => Some(';'),
        _ => None,
    }
}

/// Cost credit for a bead whose two sides close with the same [`end_mark`]: a translation
/// keeps a question a question and usually breaks a sentence where the original does, so two
/// sides ending alike are boundary evidence, counted like an open joint
/// ([`OPEN_JOINT_CREDIT`]).
pub const END_MARK_CREDIT: f64 = OPEN_JOINT_CREDIT;

/// Per sentence: −ln of its omission prior. A segment that does not end like a sentence is
/// a heading, caption, figure label, byline or credit far more often than a sentence is, and
/// those are what a translation leaves out or puts elsewhere, so its prior is
/// [`UNTERMINATED_OMISSION_FACTOR`] times [`OMISSION_PRIOR`]. Cheap and script-independent;
/// its lexical anchors still pull such a segment into a bead when it has a counterpart.
pub fn omission_costs(sentences: &[&str]) -> Vec<f64> {
    sentences
        .iter()
        .map(|s| {
            let factor = if unterminated(s) {
                UNTERMINATED_OMISSION_FACTOR
            } else {
                1.0
            };
            -(OMISSION_PRIOR * factor).ln()
        })
        .collect()
}

/// Per sentence: whether the next segment continues it, so the two are one sentence that a
/// segmenter (or an OCR line break, or a caption cut into the text) split and a translation
/// may not have. A continuation starts in lower case (whatever ended the sentence before it:
/// `;` `:` `,`, an abbreviation's full stop, nothing at all), or has no letter or digit of its
/// own ("!", "…", "__ ."), so it is a stray piece of its neighbour. Scripts without case
/// (Arabic) only ever show the second kind.
pub fn open_ends(sentences: &[&str]) -> Vec<bool> {
    let lower = |text: &str| text.trim_start().starts_with(char::is_lowercase);
    let contentless = |text: &str| !text.chars().any(char::is_alphanumeric);
    (0..sentences.len())
        .map(|i| {
            sentences
                .get(i + 1)
                .is_some_and(|next| lower(next) || contentless(next))
        })
        .collect()
}

/// Cost credit for each open sentence end inside a merged side of a bead.
pub const OPEN_JOINT_CREDIT: f64 = 1.5;

/// −ln of the two-sided normal tail 2(1 − Φ(|δ|)), stable for large |δ|.
pub fn neg_log_tail(delta: f64) -> f64 {
    let x = delta.abs() / std::f64::consts::SQRT_2;
    if x > 4.0 {
        // ln erfc(x) ≈ −x² − ln(x √π) − ln(1 + 1/(2x²)) asymptotically.
        return x * x + (x * std::f64::consts::PI.sqrt()).ln() + (1.0 / (2.0 * x * x)).ln_1p();
    }
    -erfc(x).max(1e-300).ln()
}

/// Complementary error function (Numerical Recipes `erfcc`, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

impl Doc {
    /// Credit for merging across open sentence ends: `src` and `tgt` are the bead's ranges.
    pub fn open_joint_credit(
        &self,
        src: std::ops::Range<usize>,
        tgt: std::ops::Range<usize>,
    ) -> f64 {
        let joints = |open: &[bool], r: std::ops::Range<usize>| {
            open[r.start..r.end.saturating_sub(1).max(r.start)]
                .iter()
                .filter(|&&o| o)
                .count()
        };
        if src.len() > 1 && tgt.len() > 1 {
            // Both sides merged: open ends split alike on both sides are no evidence.
            return 0.0;
        }
        let n = joints(&self.src_open, src) + joints(&self.tgt_open, tgt);
        OPEN_JOINT_CREDIT * n as f64
    }

    /// Credit for a bead ending with source sentence `i` and target sentence `j`
    /// (see [`END_MARK_CREDIT`]).
    pub fn end_mark_credit(&self, i: usize, j: usize) -> f64 {
        match (self.src_end[i], self.tgt_end[j]) {
            (Some(a), Some(b)) if a == b => END_MARK_CREDIT,
            _ => 0.0,
        }
    }

    /// Length cost of `ls` source units against `lt` target units.
    pub fn length_cost(&self, ls: f64, lt: f64) -> f64 {
        let c = self.ratio;
        let mean = (c * ls + lt) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let delta = (lt - c * ls) / (S2 * mean).sqrt();
        neg_log_tail(delta)
    }

    /// Lexical bonus of a bead: candidate matches of its sentence pairs taken greedily by
    /// weight, each source and target item used once. What stays unmatched is unexplained:
    /// a sentence's best match outside the bead when nothing inside matches it, and every
    /// number or calendar word left without its counterpart.
    pub fn anchor_bonus(
        &self,
        cands: &Candidates,
        src: std::ops::Range<usize>,
        tgt: std::ops::Range<usize>,
    ) -> Lexical {
        let mut scratch = cands.scratch.borrow_mut();
        let Scratch {
            pool,
            used_src,
            used_tgt,
        } = &mut *scratch;
        pool.clear();
        used_src.clear();
        used_tgt.clear();
        for i in src.clone() {
            let row = &cands.rows[i];
            let from = row.partition_point(|c| (c.j as usize) < tgt.start);
            let to = row.partition_point(|c| (c.j as usize) < tgt.end);
            pool.extend_from_slice(&row[from..to]);
        }
        if src.len() > 1 || tgt.len() > 1 {
            pool.sort_unstable_by(|x, y| y.w.total_cmp(&x.w));
        }
        let mut bonus = 0.0f64;
        let mut strong_matched = 0u32;
        for c in pool.iter() {
            let (s, t) = ((c.i, c.a), (c.j, c.b));
            if used_src.contains(&s) || used_tgt.contains(&t) {
                continue;
            }
            used_src.push(s);
            used_tgt.push(t);
            bonus += f64::from(c.w);
            strong_matched += u32::from(self.src_items[c.i as usize][c.a as usize].strong);
            strong_matched += u32::from(self.tgt_items[c.j as usize][c.b as usize].strong);
        }
        let strong_total: u32 = cands.src_strong[src.clone()].iter().sum::<u32>()
            + cands.tgt_strong[tgt.clone()].iter().sum::<u32>();
        let strong_left = strong_total.saturating_sub(strong_matched);
        let mut lex = Lexical {
            bonus,
            unexplained: UNMATCHED_STRONG * f64::from(strong_left),
            silent_members: 0,
        };
        let (multi_src, multi_tgt) = (src.len() > 1, tgt.len() > 1);
        for i in src {
            if !used_src.iter().any(|&(x, _)| x as usize == i) {
                lex.unexplained += f64::from(cands.src_best[i].min(UNEXPLAINED_CAP));
                lex.silent_members += usize::from(multi_src);
            }
        }
        for j in tgt {
            if !used_tgt.iter().any(|&(x, _)| x as usize == j) {
                lex.unexplained += f64::from(cands.tgt_best[j].min(UNEXPLAINED_CAP));
                lex.silent_members += usize::from(multi_tgt);
            }
        }
        lex
    }

    /// Candidate item matches between source sentence i and target sentences whose index is
    /// within `window` of the diagonal position of i.
    pub fn candidates(&self, window: usize) -> Candidates {
        let n = self.src_len.len();
        let m = self.tgt_len.len();
        let mut postings: Vec<Vec<(u32, u16)>> = vec![Vec::new(); self.df.len()];
        for (j, items) in self.tgt_items.iter().enumerate() {
            for (b, item) in items.iter().enumerate() {
                for &k in &item.keys {
                    postings[k as usize].push((j as u32, b as u16));
                }
            }
        }
        let rows: Vec<Vec<Candidate>> = (0..n)
            .map(|i| {
                let center = (i * m).checked_div(n).unwrap_or(0);
                let lo = center.saturating_sub(window) as u32;
                let hi = (center + window) as u32;
                self.row_candidates(i, lo, hi, &postings)
            })
            .collect();
        let strong = |items: &Vec<Item>| {
            if items.iter().any(|it| it.strong) {
                STRONG_POTENTIAL
            } else {
                0.0
            }
        };
        let mut src_best: Vec<f32> = self.src_items.iter().map(strong).collect();
        let mut tgt_best: Vec<f32> = self.tgt_items.iter().map(strong).collect();
        for c in rows.iter().flatten() {
            src_best[c.i as usize] = src_best[c.i as usize].max(c.w);
            tgt_best[c.j as usize] = tgt_best[c.j as usize].max(c.w);
        }
        let strong_items = |items: &Vec<Item>| items.iter().filter(|it| it.strong).count() as u32;
        Candidates {
            rows,
            src_best,
            tgt_best,
            src_strong: self.src_items.iter().map(strong_items).collect(),
            tgt_strong: self.tgt_items.iter().map(strong_items).collect(),
            scratch: Default::default(),
        }
    }

    fn row_candidates(
        &self,
        i: usize,
        lo: u32,
        hi: u32,
        postings: &[Vec<(u32, u16)>],
    ) -> Vec<Candidate> {
        let mut row: Vec<Candidate> = Vec::new();
        for (a, item) in self.src_items[i].iter().enumerate() {
            for &k in &item.keys {
                let (ds, dt) = self.df[k as usize];
                let rarity = f64::from(ds.max(dt).max(1)).sqrt();
                let list = &postings[k as usize];
                let start = list.partition_point(|&(j, _)| j < lo);
                for &(j, b) in list[start..].iter().take_while(|&&(j, _)| j <= hi) {
                    let other = &self.tgt_items[j as usize][b as usize];
                    let w = (f64::from(item.weight.min(other.weight)) / rarity) as f32;
                    let cand = Candidate {
                        i: i as u32,
                        j,
                        a: a as u16,
                        b,
                        w,
                    };
                    row.push(cand);
                }
            }
        }
        // One candidate per item pair (the best key), sorted by target, then weight.
        row.sort_unstable_by(|x, y| {
            (x.j, x.a, x.b)
                .cmp(&(y.j, y.a, y.b))
                .then(y.w.total_cmp(&x.w))
        });
        row.dedup_by(|later, first| (later.j, later.a, later.b) == (first.j, first.a, first.b));
        row.sort_by(|x, y| x.j.cmp(&y.j).then(y.w.total_cmp(&x.w)));
        row
    }
}

/// A possible match of source item `a` of sentence `i` with target item `b` of sentence `j`.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub i: u32,
    pub j: u32,
    pub a: u16,
    pub b: u16,
    pub w: f32,
}

/// Candidate matches per source sentence, and each sentence's best candidate weight.
pub struct Candidates {
    /// Per source sentence, sorted by target sentence, then by weight (descending).
    pub rows: Vec<Vec<Candidate>>,
    pub src_best: Vec<f32>,
    pub tgt_best: Vec<f32>,
    /// Per sentence: how many numbers and calendar words it has.
    pub src_strong: Vec<u32>,
    pub tgt_strong: Vec<u32>,
    scratch: std::cell::RefCell<Scratch>,
}

/// Buffers reused by every [`Doc::anchor_bonus`] call.
#[derive(Default)]
struct Scratch {
    pool: Vec<Candidate>,
    used_src: Vec<(u32, u16)>,
    used_tgt: Vec<(u32, u16)>,
}

/// Lexical evidence of a bead: the matched anchor weight, and what the bead leaves
/// unexplained: the anchor weight of its sentences that match something nearby but nothing
/// inside the bead, and its numbers and calendar words left unmatched.
pub struct Lexical {
    pub bonus: f64,
    pub unexplained: f64,
    /// Sentences of a merged side that match nothing in the bead.
    pub silent_members: usize,
}

/// How much an unmatched number or calendar word counts as unexplained.
pub const STRONG_POTENTIAL: f32 = 1.0;

/// How much each number or calendar word that a bead leaves unmatched counts as unexplained
/// (on top of [`STRONG_POTENTIAL`] for a sentence that matches nothing at all): one sentence's
/// numbers are rarely dropped by its translation, so unmatched ones are a sign that the
/// sentence does not belong in the bead, e.g. that its counterpart was omitted.
pub const UNMATCHED_STRONG: f64 = 0.5;

/// At most this much of a sentence's best outside match counts as unexplained.
pub const UNEXPLAINED_CAP: f32 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_ends_need_a_lower_case_or_contentless_continuation() {
        let s = [
            "Ihm schien die Sache einleuchtend ;",
            "er hatte es so gewollt :",
            "Jetzt kommt es .",
            "Er sagte :",
            "Dring ...",
            "!",
            "Qu' ils sont pénibles , ces levers avant l' aube",
            "c' est pourquoi .",
            "après une dernière longueur",
            "الجملة الأولى؛",
            "والثانية.",
        ];
        let open = open_ends(&s);
        let expect = [
            true, false, false, false, true, false, true, true, false, false, false,
        ];
        assert_eq!(open, expect);
    }

    #[test]
    fn segments_without_a_sentence_end_are_likelier_omissions() {
        let s = [
            "Du sommet du Nadelhorn",
            "Vue sur la Vorderspitze ( à droite )",
            "المادة 1",
            "Il fera beau .",
            "« C' est bon . »",
            "Pendant la soirée , le cerbère se laisse aller aux confidences :",
            "قال الوزير إن المحادثات ستستمر؟",
        ];
        let unterminated: Vec<bool> = s.iter().map(|t| unterminated(t)).collect();
        assert_eq!(unterminated, [true, true, true, false, false, false, false]);
        let costs = omission_costs(&s);
        let base = -OMISSION_PRIOR.ln();
        assert!((costs[3] - base).abs() < 1e-12);
        assert!((base - costs[0] - UNTERMINATED_OMISSION_FACTOR.ln()).abs() < 1e-12);
    }

    #[test]
    fn end_marks_are_question_exclamation_colon_and_semicolon() {
        let s = [
            "Wer kommt mit ?",
            "« Qui vient ? »",
            "Er sagte :",
            "هل يأتي؟",
            "الأول؛",
            "Es regnet .",
            "Vue sur la Vorderspitze ( à droite )",
            "",
        ];
        let marks: Vec<Option<char>> = s.iter().map(|t| end_mark(t)).collect();
        assert_eq!(
            marks,
            [
                Some('?'),
                Some('?'),
                Some(':'),
                Some('?'),
                Some(';'),
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn tail_cost_is_monotone_and_finite() {
        let mut last = -1.0;
        for i in 0..200 {
            let c = neg_log_tail(i as f64 * 0.1);
            assert!(c.is_finite() && c >= last - 1e-9, "{i} {c}");
            last = c;
        }
        assert!(neg_log_tail(0.0).abs() < 1e-6);
        assert!((neg_log_tail(1.96) - (0.05f64).ln().abs()).abs() < 0.01);
    }
}
