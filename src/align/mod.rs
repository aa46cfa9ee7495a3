//! Sentence alignment of article pairs (Arabic ↔ English, and any pair sharing numbers,
//! names or cognates).
//!
//! [`align`] runs a banded dynamic programme over bead shapes 1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
//! 1-3 and 3-1 ([`cost::BEADS`]). A bead's cost is the Gale–Church length term with the
//! length ratio estimated from the document pair, the bead type's prior (for an omission, the
//! prior of the segment left out: headings and captions go missing more often), minus a bonus
//! for lexical anchors shared by its two sides ([`anchors`]) plus a cost for what it leaves
//! unexplained, minus a credit for merging a segment with the one it continues and one for
//! two sides that close with the same question, exclamation, colon or semicolon. A second pass
//! adds a lexicon learned from the first pass's well-fitting pairs. Every bead gets a
//! confidence in [0, 1]: its posterior over all alignments in the band (forward–backward)
//! combined with its own fit.

pub mod anchors;
pub mod cost;
pub mod dp;
pub mod glossary_anchors;
pub mod input;
pub mod lexicon;
pub mod lexicon_store;
pub mod memory_lexicon;
pub mod output;
pub mod report;
pub mod translit;
pub mod words;

use anchors::{sentence_items, Interner, Item, Sources};
use cost::Doc;
use dp::{search, RawBead};
pub use lexicon::{AnchorSource, Lexicon};

use crate::text::normalize::is_deleted;

/// Aligner settings; `Default` gives the defaults used everywhere.
#[derive(Clone, Copy)]
pub struct AlignOptions<'a> {
    /// A bilingual word list (`--lexicon`, or learned from the memory).
    pub lexicon: Option<&'a Lexicon>,
    /// Glossary or other recognizer of shared concepts.
    pub anchors: Option<&'a dyn AnchorSource>,
    /// Weight of the anchor bonus against the length and prior costs.
    pub lambda: f64,
    /// Weight of anchors that a bead's sentences match elsewhere but not inside the bead.
    pub mu: f64,
    /// Use the built-in Arabic → English news vocabulary when the source is Arabic.
    pub builtin_lexicon: bool,
    /// Learn a lexicon from the first pass and align again.
    pub second_pass: bool,
}

impl Default for AlignOptions<'_> {
    fn default() -> Self {
        AlignOptions {
            lexicon: None,
            anchors: None,
            lambda: 1.0,
            mu: 1.0,
            builtin_lexicon: true,
            second_pass: true,
        }
    }
}

/// One aligned group: source and target sentence indices (either may be empty for an
/// omission) and a confidence in [0, 1].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bead {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    /// The geometric mean of the bead's posterior (the weight of all alignments in the band
    /// that contain it over the weight of all alignments: low when a rival grouping is nearly
    /// as good) and its fit.
    pub confidence: f64,
    /// How well the two sides match on their own: length, anchors, merged sentences that
    /// match nothing. The second pass learns words from beads that fit well.
    #[serde(skip)]
    pub fit: f64,
}

impl Bead {
    /// The evaluation format `[0, 1]:[2]` (0-based ids).
    pub fn to_eval_string(&self) -> String {
        let list = |v: &[usize]| {
            let ids: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            format!("[{}]", ids.join(", "))
        };
        format!("{}:{}", list(&self.src), list(&self.tgt))
    }

    pub fn is_omission(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// Length of a sentence in visible characters (spaces, diacritics and format characters
/// do not count).
pub fn visible_len(text: &str) -> f64 {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !is_deleted(c))
        .count() as f64
}

/// Aligns source sentences with target sentences.
pub fn align(src: &[&str], tgt: &[&str], opts: &AlignOptions<'_>) -> Vec<Bead> {
    if src.is_empty() || tgt.is_empty() {
        return omissions(src.len(), tgt.len());
    }
    let first = run_pass(src, tgt, opts, None, None, !opts.second_pass);
    if !opts.second_pass {
        return first;
    }
    let pairs = confident_pairs(src, tgt, &first);
    let learned = Lexicon::learn(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())), 2, 0.5);
    let ratio = paired_ratio(src, tgt, &first);
    run_pass(
        src,
        tgt,
        opts,
        Some(&learned).filter(|l| !l.is_empty()),
        ratio,
        true,
    )
}

/// Aligns many document pairs at once: a first pass over all of them, a lexicon learned
/// from all their confident pairs (as a memory would supply it), then a second pass.
pub fn align_batch(docs: &[(Vec<&str>, Vec<&str>)], opts: &AlignOptions<'_>) -> Vec<Vec<Bead>> {
    let first_opts = AlignOptions {
        second_pass: false,
        ..*opts
    };
    let first: Vec<Vec<Bead>> = docs.iter().map(|(s, t)| align(s, t, &first_opts)).collect();
    let mut pairs = Vec::new();
    for ((s, t), beads) in docs.iter().zip(&first) {
        pairs.extend(confident_pairs(s, t, beads));
    }
    let mut learned = Lexicon::learn(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())), 2, 0.3);
    if let Some(given) = opts.lexicon {
        learned.extend(given);
    }
    let second_opts = AlignOptions {
        lexicon: Some(&learned),
        second_pass: false,
        ..*opts
    };
    docs.iter()
        .map(|(s, t)| align(s, t, &second_opts))
        .collect()
}

/// Pairs that fit at least this well teach the learned lexicon.
const LEARN_CONFIDENCE: f64 = 0.75;

/// The confident beads of an alignment with at most two sentences a side, as (source
/// text, target text) pairs to learn words from (merged sentences joined by a space).
pub fn confident_pairs(src: &[&str], tgt: &[&str], beads: &[Bead]) -> Vec<(String, String)> {
    let join =
        |texts: &[&str], ids: &[usize]| ids.iter().map(|&i| texts[i]).collect::<Vec<_>>().join(" ");
    beads
        .iter()
        .filter(|b| {
            (1..=2).contains(&b.src.len())
                && (1..=2).contains(&b.tgt.len())
                && b.fit >= LEARN_CONFIDENCE
        })
        .map(|b| (join(src, &b.src), join(tgt, &b.tgt)))
        .collect()
}

fn omissions(n: usize, m: usize) -> Vec<Bead> {
    let bead = |src: Vec<usize>, tgt: Vec<usize>| Bead {
        src,
        tgt,
        confidence: 1.0,
        fit: 1.0,
    };
    (0..n)
        .map(|i| bead(vec![i], vec![]))
        .chain((0..m).map(|j| bead(vec![], vec![j])))
        .collect()
}

/// The length ratio over the sentences a first pass paired (omitted sentences left out),
/// when at least three pairs support it.
fn paired_ratio(src: &[&str], tgt: &[&str], beads: &[Bead]) -> Option<f64> {
    let paired: Vec<&Bead> = beads.iter().filter(|b| !b.is_omission()).collect();
    if paired.len() < 3 {
        return None;
    }
    let len =
        |texts: &[&str], ids: &[usize]| ids.iter().map(|&i| visible_len(texts[i])).sum::<f64>();
    let s: f64 = paired.iter().map(|b| len(src, &b.src)).sum();
    let t: f64 = paired.iter().map(|b| len(tgt, &b.tgt)).sum();
    (s > 0.0 && t > 0.0).then(|| (t / s).clamp(0.3, 3.0))
}

fn run_pass(
    src: &[&str],
    tgt: &[&str],
    opts: &AlignOptions<'_>,
    learned: Option<&Lexicon>,
    ratio: Option<f64>,
    last_pass: bool,
) -> Vec<Bead> {
    let builtin = (opts.builtin_lexicon && looks_arabic(src)).then(lexicon::news_lexicon);
    let sources = Sources {
        lexicons: [opts.lexicon, learned, builtin]
            .into_iter()
            .flatten()
            .collect(),
        anchors: opts.anchors,
    };
    let mut doc = build_doc(src, tgt, &sources);
    if let Some(r) = ratio {
        doc.ratio = r;
    }
    // Only the last pass's confidences are shown; a first pass needs the fits alone.
    search(&doc, opts.lambda, opts.mu, last_pass)
        .into_iter()
        .map(to_bead)
        .collect()
}

/// Whether most letters of the first sentences are Arabic.
fn looks_arabic(sentences: &[&str]) -> bool {
    let sample: String = sentences.iter().take(20).copied().collect();
    input::arabic_share(&sample).is_some_and(|s| s > 0.5)
}

fn build_doc(src: &[&str], tgt: &[&str], sources: &Sources<'_>) -> Doc {
    let mut interner = Interner::default();
    let src_items: Vec<Vec<Item>> = src
        .iter()
        .map(|s| sentence_items(s, true, sources, &mut interner))
        .collect();
    let tgt_items: Vec<Vec<Item>> = tgt
        .iter()
        .map(|s| sentence_items(s, false, sources, &mut interner))
        .collect();
    let mut df = vec![(0u32, 0u32); interner.len()];
    count_df(&src_items, &mut df, true);
    count_df(&tgt_items, &mut df, false);
    let src_len: Vec<f64> = src.iter().map(|s| visible_len(s).max(1.0)).collect();
    let tgt_len: Vec<f64> = tgt.iter().map(|s| visible_len(s).max(1.0)).collect();
    let ratio = length_ratio(&src_len, &tgt_len);
    Doc {
        src_open: cost::open_ends(src),
        tgt_open: cost::open_ends(tgt),
        src_omit: cost::omission_costs(src),
        tgt_omit: cost::omission_costs(tgt),
        src_end: src.iter().map(|s| cost::end_mark(s)).collect(),
        tgt_end: tgt.iter().map(|s| cost::end_mark(s)).collect(),
        src_len,
        tgt_len,
        src_items,
        tgt_items,
        df,
        ratio,
    }
}

/// Target characters per source character: the ratio of the totals, kept within a factor
/// of two of the ratio of mean sentence lengths (which survives a truncated or padded
/// side), and within [0.3, 3].
fn length_ratio(src_len: &[f64], tgt_len: &[f64]) -> f64 {
    let (s, t) = (src_len.iter().sum::<f64>(), tgt_len.iter().sum::<f64>());
    let total = t / s;
    let mean = (t / tgt_len.len() as f64) / (s / src_len.len() as f64);
    total.clamp(mean / 2.0, mean * 2.0).clamp(0.3, 3.0)
}

fn count_df(items: &[Vec<Item>], df: &mut [(u32, u32)], source: bool) {
    for sentence in items {
        let mut keys: Vec<u32> = sentence.iter().flat_map(|i| i.keys.clone()).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            let entry = &mut df[k as usize];
            if source {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
}

fn to_bead(raw: RawBead) -> Bead {
    Bead {
        src: raw.src.collect(),
        tgt: raw.tgt.collect(),
        confidence: (raw.posterior * raw.fit).sqrt(),
        fit: raw.fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn confident_merged_beads_teach_words_but_doubtful_and_large_ones_do_not() {
        let src = ["Der Gipfel.", "Wir steigen ab.", "Ein Tal.", "a", "b", "c"];
        let tgt = ["Le sommet ; nous descendons.", "Une vallée.", "x"];
        let bead = |src: Vec<usize>, tgt: Vec<usize>, fit: f64| Bead {
            src,
            tgt,
            confidence: fit,
            fit,
        };
        let beads = [
            bead(vec![0, 1], vec![0], 0.9),
            bead(vec![2], vec![1], 0.5),
            bead(vec![3, 4, 5], vec![2], 0.9),
        ];
        let pairs = confident_pairs(&src, &tgt, &beads);
        assert_eq!(
            pairs,
            vec![(
                "Der Gipfel. Wir steigen ab.".to_string(),
                "Le sommet ; nous descendons.".to_string()
            )]
        );
    }

    /// Beads must cover every sentence exactly once, in order, with confidences in [0, 1].
    fn check_cover(beads: &[Bead], n: usize, m: usize) {
        let src: Vec<usize> = beads.iter().flat_map(|b| b.src.clone()).collect();
        let tgt: Vec<usize> = beads.iter().flat_map(|b| b.tgt.clone()).collect();
        assert_eq!(src, (0..n).collect::<Vec<_>>());
        assert_eq!(tgt, (0..m).collect::<Vec<_>>());
        for b in beads {
            assert!((0.0..=1.0).contains(&b.confidence), "{b:?}");
            assert!(!(b.src.is_empty() && b.tgt.is_empty()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_input_gives_a_complete_ordered_alignment(
            src in proptest::collection::vec("[a-zA-Z0-9ء-ي٠-٩ .,؟!\u{200F}\u{202B}]{0,60}", 0..25),
            tgt in proptest::collection::vec("[a-zA-Z0-9 .,?!\"]{0,60}", 0..25),
        ) {
            let s: Vec<&str> = src.iter().map(String::as_str).collect();
            let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
            let beads = align(&s, &t, &AlignOptions::default());
            check_cover(&beads, s.len(), t.len());
        }
    }

    #[test]
    fn numbers_and_names_pull_the_right_pairs_together() {
        let ar = [
            "قال ترامب إن ٣ أشخاص قتلوا في واشنطن.",
            "وأضاف أن الشرطة اعتقلت رجلا.",
            "وفي ٢٠١٩ زار الكاظمي بغداد.",
        ];
        let en = [
            "Trump said 3 people were killed in Washington.",
            "Police arrested a man, he added.",
            "In 2019 Kadhimi visited Baghdad.",
        ];
        let beads = align(&ar, &en, &AlignOptions::default());
        check_cover(&beads, 3, 3);
        let shapes: Vec<String> = beads.iter().map(Bead::to_eval_string).collect();
        assert_eq!(shapes, ["[0]:[0]", "[1]:[1]", "[2]:[2]"]);
        assert!(beads.iter().all(|b| b.confidence > 0.5));
    }

    #[test]
    fn a_bead_a_rival_grouping_could_replace_is_less_confident_than_its_fit() {
        // The short middle target sentence belongs with the first source sentence or with
        // the second, equally well: whichever the search picks, it cannot be sure.
        let src = [
            "aaaa bbbb cccc dddd eeee ffff gggg hhhh.",
            "iiii jjjj kkkk llll mmmm nnnn oooo pppp.",
        ];
        let tgt = [
            "qqqq rrrr ssss tttt uuuu vvvv wwww xxxx.",
            "yy zz.",
            "abab cdcd efef ghgh ijij klkl mnmn opop.",
        ];
        let beads = align(&src, &tgt, &AlignOptions::default());
        check_cover(&beads, 2, 3);
        // The 1-1 bead beside the short sentence fits well on its own, but the rival that
        // gives it the short sentence is about as likely.
        let beside = beads
            .iter()
            .find(|b| b.tgt.len() == 1 && b.tgt[0] != 1)
            .unwrap();
        assert!(beside.fit > 0.85, "{beads:?}");
        assert!(beside.confidence < 0.75, "{beads:?}");
        let merged = beads.iter().find(|b| b.tgt.contains(&1)).unwrap();
        assert!(merged.confidence < 0.5, "{beads:?}");
        // Without the short sentence there is nothing to doubt.
        let clear = align(&src, &[tgt[0], tgt[2]], &AlignOptions::default());
        assert!(clear.iter().all(|b| b.confidence > 0.9), "{clear:?}");
    }

    #[test]
    fn a_short_excerpt_of_a_long_text_is_found_far_off_the_diagonal() {
        let long: Vec<String> = (0..200)
            .map(|k| format!("Sentence {k} mentions item {} of the list.", k * 7 + 3))
            .collect();
        let src: Vec<&str> = long.iter().map(String::as_str).collect();
        let tgt: Vec<&str> = long[150..170].iter().map(String::as_str).collect();
        let beads = align(&src, &tgt, &AlignOptions::default());
        check_cover(&beads, 200, 20);
        for (k, j) in (150..170).zip(0..20) {
            assert!(
                beads.iter().any(|b| b.src == [k] && b.tgt == [j]),
                "{k}-{j}"
            );
        }
    }

    #[test]
    fn numbers_left_unmatched_by_a_bead_count_as_unexplained() {
        let src = ["Il y a 12 ou 45 refuges ."];
        let unexplained = |tgt: &str| {
            let sources = Sources {
                lexicons: Vec::new(),
                anchors: None,
            };
            let doc = build_doc(&src, &[tgt], &sources);
            let cands = doc.candidates(4);
            doc.anchor_bonus(&cands, 0..1, 0..1).unexplained
        };
        assert_eq!(unexplained("Es gibt 12 oder 45 Hütten ."), 0.0);
        assert_eq!(unexplained("Es gibt 12 Hütten ."), cost::UNMATCHED_STRONG);
        assert_eq!(
            unexplained("Es gibt 12 Hütten im Jahr 1988 ."),
            2.0 * cost::UNMATCHED_STRONG
        );
    }

    #[test]
    fn sides_closing_with_the_same_mark_cost_less() {
        let sources = Sources {
            lexicons: Vec::new(),
            anchors: None,
        };
        // Same length, same words and punctuation; only the closing mark differs.
        let cost = |src: &str| {
            let doc = build_doc(&[src], &["Il dit , oui :"], &sources);
            let ctx = dp::Ctx {
                doc: &doc,
                prefix: dp::Prefix::new(&doc),
                cands: doc.candidates(4),
                lambda: 1.0,
                mu: 1.0,
            };
            dp::bead_cost(&ctx, 0, 1, 1)
        };
        let alike = cost("Er sagt , ja :");
        let unlike = cost("Er sagt : ja ,");
        assert!(
            (unlike - alike - cost::END_MARK_CREDIT).abs() < 1e-9,
            "{alike} {unlike}"
        );
    }

    #[test]
    fn one_empty_side_is_all_omissions() {
        let beads = align(&["a.", "b."], &[], &AlignOptions::default());
        assert_eq!(beads.len(), 2);
        assert!(beads.iter().all(Bead::is_omission));
    }
}
