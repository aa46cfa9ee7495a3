//! Word-level difference between a query and a stored source: which tokens were inserted,
//! deleted or substituted, with byte spans into both texts so a front end can mark them.

use rustc_hash::FxHashMap;

use super::myers::Pattern;
use crate::text::tokenize::{tokenize, Token};

/// A span of one text, with the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One difference, read as "what changes from the stored source to the query".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum DiffOp {
    /// A query word the stored source lacks.
    Inserted { query: Span },
    /// A stored-source word the query lacks.
    Deleted { source: Span },
    /// A stored-source word replaced by a query word.
    Substituted { query: Span, source: Span },
}

fn span(text: &str, t: &Token) -> Span {
    Span {
        start: t.start,
        end: t.end,
        text: text[t.start..t.end].to_owned(),
    }
}

fn scored(text: &str) -> Vec<Token> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .collect()
}

/// Above this many DP cells the diff is coarse (one substituted span between the common
/// prefix and suffix) so that giant texts cannot exhaust memory.
const MAX_CELLS: usize = 4_000_000;

/// The word differences of one optimal alignment (Levenshtein over match-key tokens), in
/// reading order. Empty when the match keys are equal. (Ranking prepares the query once
/// with [`DiffQuery`]; this one-off form is for tests.)
#[cfg(test)]
pub fn word_diff(query: &str, source: &str) -> Vec<DiffOp> {
    DiffQuery::new(query).diff(source)
}

/// A query tokenized once for diffs against several sources (ranking explains five hits
/// per query; tokenizing the query and comparing `String` keys cell by cell cost as much
/// as the table itself).
pub(crate) struct DiffQuery<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Each query token's key as an id: the position of the first token with that key.
    qid: Vec<u32>,
    /// Each distinct query key and its id.
    ids: FxHashMap<String, u32>,
}

/// The id given to source tokens absent from the query: equal to no query token's id (ids
/// are token positions, fewer than `u32::MAX`).
const ABSENT: u32 = u32::MAX;

impl<'a> DiffQuery<'a> {
    pub(crate) fn new(text: &'a str) -> DiffQuery<'a> {
        let tokens = scored(text);
        let mut ids = FxHashMap::with_capacity_and_hasher(tokens.len(), Default::default());
        let qid = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| *ids.entry(t.key.clone()).or_insert(i as u32))
            .collect();
        DiffQuery {
            text,
            tokens,
            qid,
            ids,
        }
    }

    /// The same ops as the plain table over string keys: keys are compared as ids (equal
    /// ids ⇔ equal keys), and the common suffix is matched before the table, which the
    /// traceback would do anyway (equal last tokens give D[i][j] = D[i−1][j−1], so it
    /// steps diagonally there first).
    pub(crate) fn diff(&self, source: &str) -> Vec<DiffOp> {
        let (query, q) = (self.text, &self.tokens);
        let s = scored(source);
        let (n, m) = (q.len(), s.len());
        if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
            return coarse_diff(query, q, source, &s);
        }
        let qid = &self.qid;
        let sid: Vec<u32> = s
            .iter()
            .map(|t| self.ids.get(t.key.as_str()).copied().unwrap_or(ABSENT))
            .collect();
        let suffix = qid
            .iter()
            .rev()
            .zip(sid.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (n, m) = (n - suffix, m - suffix);
        let prefix = qid[..n]
            .iter()
            .zip(&sid[..m])
            .take_while(|(a, b)| a == b)
            .count();
        // The distance bounds the band that holds every optimal alignment (see `Band`); it
        // is the same with or without the common prefix.
        let dist = Pattern::new(&qid[prefix..n])
            .distance_within(&sid[prefix..m], usize::MAX / 2)
            .expect("no cut-off: the distance is always found");
        let steps = match alignment(qid, &sid, n, m, prefix, dist) {
            Some(steps) => steps,
            None => alignment(qid, &sid, n, m, 0, dist).expect("no prefix skipped: never gives up"),
        };
        steps
            .into_iter()
            .rev()
            .map(|step| match step {
                Step::Inserted(i) => DiffOp::Inserted {
                    query: span(query, &q[i]),
                },
                Step::Deleted(j) => DiffOp::Deleted {
                    source: span(source, &s[j]),
                },
                Step::Substituted(i, j) => DiffOp::Substituted {
                    query: span(query, &q[i]),
                    source: span(source, &s[j]),
                },
            })
            .collect()
    }
}

/// One step of the traceback that is not a match, by token position.
enum Step {
    Inserted(usize),
    Deleted(usize),
    Substituted(usize, usize),
}

/// The non-matching steps of the traceback from (n, m), last first, with the table built only
/// past the first `skip` tokens (a common prefix: there D[i][j] equals the table of the rest,
/// so the traceback takes the same steps until it reaches row or column `skip`). On that
/// border the plain table steps diagonally where the token before the prefix's end equals
/// the next one (D[skip][j] = j − skip = D[skip−1][j−1]), which the smaller table cannot
/// see: then `None`, and the caller builds the whole table. `dist` is the distance between
/// the two ranges, which bounds the cells computed ([`Band`]).
fn alignment(
    qid: &[u32],
    sid: &[u32],
    n: usize,
    m: usize,
    skip: usize,
    dist: usize,
) -> Option<Vec<Step>> {
    let (qa, sa) = (&qid[skip..n], &sid[skip..m]);
    let (rows, cols) = (qa.len(), sa.len());
    let mut d = Band::new(rows, cols, dist);
    for j in 0..=cols.min(d.hi as usize) {
        d.set(0, j, j as u32);
    }
    for i in 1..=rows {
        let from = (i as isize + d.lo).max(0) as usize;
        let to = (i as isize + d.hi).min(cols as isize);
        if to < from as isize {
            continue;
        }
        let a = qa[i - 1];
        for j in from..=to as usize {
            let v = if j == 0 {
                i as u32
            } else {
                let sub = d.at(i - 1, j - 1) + u32::from(a != sa[j - 1]);
                sub.min(d.at(i - 1, j) + 1).min(d.at(i, j - 1) + 1)
            };
            d.set(i, j, v);
        }
    }
    let at = |i: usize, j: usize| d.at(i, j);
    let before = skip.checked_sub(1).map(|p| qid[p]);
    let mut steps = Vec::new();
    let (mut i, mut j) = (rows, cols);
    while i > 0 || j > 0 {
        if i == 0 && before == Some(sa[j - 1]) || j == 0 && before == Some(qa[i - 1]) {
            return None;
        }
        if i > 0 && j > 0 && qa[i - 1] == sa[j - 1] && at(i, j) == at(i - 1, j - 1) {
            i -= 1;
            j -= 1;
        } else if i > 0 && at(i, j) == at(i - 1, j) + 1 {
            steps.push(Step::Inserted(skip + i - 1));
            i -= 1;
        } else if j > 0 && at(i, j) == at(i, j - 1) + 1 {
            steps.push(Step::Deleted(skip + j - 1));
            j -= 1;
        } else {
            steps.push(Step::Substituted(skip + i - 1, skip + j - 1));
            i -= 1;
            j -= 1;
        }
    }
    Some(steps)
}

/// The cells of the table that an optimal alignment can visit: reaching (i, j) costs at least
/// |j − i| and finishing from it at least |δ − (j − i)| (δ = cols − rows), so with distance
/// `dist` every optimal alignment keeps lo ≤ j − i ≤ hi. A cell outside reads as
/// [`Band::OUT`]: inside, a cell on an optimal alignment keeps its value (its optimal
/// predecessors are inside too) and any other is at least its value, so each equality the
/// traceback tests comes out as in the whole table and it takes the same steps, at
/// (dist + 1) cells per row instead of the whole row (a near copy of a paragraph).
struct Band {
    lo: isize,
    hi: isize,
    width: usize,
    cells: Vec<u32>,
}

impl Band {
    const OUT: u32 = u32::MAX / 2;

    fn new(rows: usize, cols: usize, dist: usize) -> Band {
        let delta = cols as isize - rows as isize;
        let dist = dist as isize;
        let (lo, hi) = (-(dist - delta).div_euclid(2), (delta + dist).div_euclid(2));
        let width = (hi - lo + 1) as usize;
        Band {
            lo,
            hi,
            width,
            cells: vec![Band::OUT; (rows + 1) * width],
        }
    }

    #[inline]
    fn at(&self, i: usize, j: usize) -> u32 {
        let off = j as isize - i as isize;
        if off < self.lo || off > self.hi {
            return Band::OUT;
        }
        self.cells[i * self.width + (off - self.lo) as usize]
    }

    #[inline]
    fn set(&mut self, i: usize, j: usize, v: u32) {
        let off = (j as isize - i as isize - self.lo) as usize;
        self.cells[i * self.width + off] = v;
    }
}

/// One difference covering everything between the common prefix and suffix of two token
/// sequences.
fn coarse_diff(query: &str, q: &[Token], source: &str, s: &[Token]) -> Vec<DiffOp> {
    let same = |a: &Token, b: &Token| a.key == b.key;
    let prefix = q.iter().zip(s).take_while(|(a, b)| same(a, b)).count();
    let room = q.len().min(s.len()) - prefix;
    let suffix = q
        .iter()
        .rev()
        .zip(s.iter().rev())
        .take(room)
        .take_while(|(a, b)| same(a, b))
        .count();
    let (qm, sm) = (&q[prefix..q.len() - suffix], &s[prefix..s.len() - suffix]);
    let whole = |text: &str, t: &[Token]| -> Option<Span> {
        let (first, last) = (t.first()?, t.last()?);
        Some(Span {
            start: first.start,
            end: last.end,
            text: text[first.start..last.end].to_owned(),
        })
    };
    match (whole(query, qm), whole(source, sm)) {
        (Some(query), Some(source)) => vec![DiffOp::Substituted { query, source }],
        (Some(query), None) => vec![DiffOp::Inserted { query }],
        (None, Some(source)) => vec![DiffOp::Deleted { source }],
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain table over string keys that `DiffQuery::diff` replaced: the reference its
    /// output must equal op for op.
    fn reference_diff(query: &str, source: &str) -> Vec<DiffOp> {
        let (q, s) = (scored(query), scored(source));
        let (n, m) = (q.len(), s.len());
        if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
            return coarse_diff(query, &q, source, &s);
        }
        let mut d = vec![vec![0usize; m + 1]; n + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=n {
            for j in 1..=m {
                let sub = d[i - 1][j - 1] + usize::from(q[i - 1].key != s[j - 1].key);
                d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            }
        }
        let mut ops = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            if i > 0 && j > 0 && q[i - 1].key == s[j - 1].key && d[i][j] == d[i - 1][j - 1] {
                i -= 1;
                j -= 1;
            } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
                ops.push(DiffOp::Inserted {
                    query: span(query, &q[i - 1]),
                });
                i -= 1;
            } else if j > 0 && d[i][j] == d[i][j - 1] + 1 {
                ops.push(DiffOp::Deleted {
                    source: span(source, &s[j - 1]),
                });
                j -= 1;
            } else {
                ops.push(DiffOp::Substituted {
                    query: span(query, &q[i - 1]),
                    source: span(source, &s[j - 1]),
                });
                i -= 1;
                j -= 1;
            }
        }
        ops.reverse();
        ops
    }

    /// Words that repeat (so alignments have many optimal paths), fold to the same key
    /// ("Said"/"said", diacritics), or are Arabic, digits, punctuation and emoji.
    const WORDS: [&str; 14] = [
        "the",
        "said",
        "Said",
        "in",
        "قال",
        "قالَ",
        "الرئيس",
        "أمس",
        "2024",
        ",",
        ".",
        "🙂",
        "baghdad",
        "a",
    ];

    fn text_of(words: &[usize]) -> String {
        words
            .iter()
            .map(|&i| WORDS[i])
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        /// One query diffed against several sources (as ranking does) gives exactly the
        /// plain table's ops, spans included.
        #[test]
        fn diffs_equal_the_plain_table(
            query in proptest::collection::vec(0usize..WORDS.len(), 0..40),
            sources in proptest::collection::vec(
                proptest::collection::vec(0usize..WORDS.len(), 0..40), 1..4),
        ) {
            let query = text_of(&query);
            let prepared = DiffQuery::new(&query);
            for source in sources {
                let source = text_of(&source);
                prop_assert_eq!(prepared.diff(&source), reference_diff(&query, &source));
                prop_assert_eq!(word_diff(&source, &query), reference_diff(&source, &query));
            }
        }
    }

    #[test]
    fn reports_substitution_insertion_deletion_with_spans() {
        let ops = word_diff("قال رئيس الوزراء أمس", "قال الكاظمي أمس في بغداد");
        let summary: Vec<String> = ops
            .iter()
            .map(|op| match op {
                DiffOp::Inserted { query } => format!("+{}", query.text),
                DiffOp::Deleted { source } => format!("-{}", source.text),
                DiffOp::Substituted { query, source } => format!("{}>{}", source.text, query.text),
            })
            .collect();
        assert_eq!(summary, ["الكاظمي>رئيس", "+الوزراء", "-في", "-بغداد"]);
        let q = "قال رئيس الوزراء أمس";
        for op in &ops {
            if let DiffOp::Substituted { query, .. } | DiffOp::Inserted { query } = op {
                assert_eq!(&q[query.start..query.end], query.text);
            }
        }
    }

    #[test]
    fn giant_texts_get_a_coarse_diff() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        let b = a.replacen("w1500", "changed", 1);
        let ops = word_diff(&a, &b);
        assert_eq!(ops.len(), 1);
        match &ops[0] {
            DiffOp::Substituted { query, source } => {
                assert_eq!(query.text, "w1500");
                assert_eq!(source.text, "changed");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn equal_keys_have_no_diff() {
        assert!(word_diff("قالَ الكاظمي", "قال الكاظمي.").is_empty());
    }
}
