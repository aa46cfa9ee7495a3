//! Bilingual word lists used as alignment anchors: read from a TSV file (`--lexicon`),
//! learned by co-occurrence from sentence pairs (the memory's reviewed units, or a first
//! alignment pass), and the pluggable [`AnchorSource`] for glossary terms.

use std::collections::HashMap;

use crate::text::key_tokens;

use super::words::stem;
use rustc_hash::FxHashMap as FxMap;

/// Anything that recognizes shared concepts in both languages (a glossary): the same key
/// found in a source sentence and a target sentence is an anchor between them.
pub trait AnchorSource {
    /// Concept keys (e.g. glossary entry ids) found in `text`; `source_side` tells which
    /// language the text is in.
    fn keys(&self, text: &str, source_side: bool) -> Vec<String>;
}

/// Source-stem → target-stem pairs with a weight in (0, 1].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: HashMap<String, Vec<(String, f32)>>,
}

/// The built-in Arabic → English news vocabulary (a few hundred frequent words).
pub fn news_lexicon() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| Lexicon::from_tsv(include_str!("news_lexicon.tsv")).0)
}

/// The built-in news vocabulary read the other way, English → Arabic (each Arabic word
/// stemmed once, as a learned English → Arabic lexicon's targets are).
pub fn news_lexicon_reversed() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| {
        let swapped: String = include_str!("news_lexicon.tsv")
            .lines()
            .map(|line| match line.split_once('\t') {
                Some((ar, en)) if !line.starts_with('#') => format!("{en}\t{ar}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        Lexicon::from_tsv(&swapped).0
    })
}

/// The built-in news vocabulary for a translation direction (primary subtags, lower case):
/// Arabic → English, English → Arabic, or none.
pub fn news_lexicon_for(from: &str, to: &str) -> Option<&'static Lexicon> {
    match (from, to) {
        ("ar", "en") => Some(news_lexicon()),
        ("en", "ar") => Some(news_lexicon_reversed()),
        _ => None,
    }
}

/// The representative key of a (possibly multi-word) lexicon side: its longest token, stemmed.
fn head_stem(text: &str) -> Option<String> {
    key_tokens(text)
        .into_iter()
        .max_by_key(|t| t.chars().count())
        .map(|t| stem(&t))
}

impl Lexicon {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    /// Adds one pair of words or phrases.
    pub fn insert(&mut self, source: &str, target: &str, weight: f32) {
        let (Some(s), Some(t)) = (head_stem(source), head_stem(target)) else {
            return;
        };
        let list = self.entries.entry(s).or_default();
        match list.iter_mut().find(|(k, _)| *k == t) {
            Some(entry) => entry.1 = entry.1.max(weight),
            None => list.push((t, weight)),
        }
    }

    /// Reads `source<TAB>target[<TAB>…]` lines; `#` comments and blank lines are skipped.
    /// Returns the lexicon and the 1-based numbers of lines that were not pairs.
    pub fn from_tsv(text: &str) -> (Lexicon, Vec<usize>) {
        let mut lex = Lexicon::default();
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{FEFF}').trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => {
                    lex.insert(s, t, 1.0)
                }
                _ => bad.push(n + 1),
            }
        }
        (lex, bad)
    }

    /// Target stems (with weights) listed for a source stem.
    pub fn lookup(&self, source_stem: &str) -> &[(String, f32)] {
        self.entries.get(source_stem).map_or(&[], Vec::as_slice)
    }

    /// Every source stem with its targets, in the order they were added (stems in no order).
    pub fn stems(&self) -> impl Iterator<Item = (&str, &[(String, f32)])> {
        self.entries.iter().map(|(s, l)| (s.as_str(), l.as_slice()))
    }

    /// Sets the whole target list of a source stem (a stored lexicon read back).
    pub fn set_targets(&mut self, source_stem: String, targets: Vec<(String, f32)>) {
        self.entries.insert(source_stem, targets);
    }

    /// Merges another lexicon into this one.
    pub fn extend(&mut self, other: &Lexicon) {
        for (s, list) in &other.entries {
            for (t, w) in list {
                let mine = self.entries.entry(s.clone()).or_default();
                if !mine.iter().any(|(k, _)| k == t) {
                    mine.push((t.clone(), *w));
                }
            }
        }
    }

    /// Learns word pairs from sentence pairs by co-occurrence: a pair is kept when it
    /// co-occurs in at least `min_count` pairs and its Dice coefficient is at least
    /// `min_dice` and is the best for both words.
    pub fn learn<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        min_count: u32,
        min_dice: f32,
    ) -> Lexicon {
        let mut counts = Cooccurrence::default();
        for (s, t) in pairs {
            counts.add(s, t);
        }
        counts.into_lexicon(min_count, min_dice)
    }
}

/// Whether a key token is a word the lexicon learns (numbers and one-letter words are not).
fn is_learned_word(token: &str) -> bool {
    token.chars().count() >= 2 && !token.chars().all(|c| c.is_ascii_digit())
}

/// Distinct stems of a sentence's words (numbers and one-letter words left out).
#[cfg(test)]
fn stems_of(text: &str) -> Vec<String> {
    let mut stems: Vec<String> = key_tokens(text)
        .into_iter()
        .filter(|t| is_learned_word(t))
        .map(|t| stem(&t))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// One language's stems as ids, with the number of pairs each occurs in. A news corpus
/// repeats its words: each distinct key token is stemmed and interned once, then found by
/// a hash of the token alone.
#[derive(Default)]
struct Stems {
    /// Key token → stem id, or `None` for a word not learned.
    of_token: FxMap<String, Option<u32>>,
    ids: FxMap<String, u32>,
    freq: Vec<u32>,
    /// Scratch: the key token being built, the stem ids of the text being added.
    buf: String,
    found: Vec<u32>,
}

impl Stems {
    /// Appends the distinct stem ids of `text` to `out` and counts them.
    fn add(&mut self, text: &str, out: &mut Vec<u32>) {
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        crate::text::tokenize::for_each_key_token(text, &mut self.buf, |token| {
            let id = match self.of_token.get(token) {
                Some(&id) => id,
                None => {
                    let id = is_learned_word(token).then(|| {
                        let next = self.ids.len() as u32;
                        let id = *self.ids.entry(stem(token)).or_insert(next);
                        if id == next {
                            self.freq.push(0);
                        }
                        id
                    });
                    self.of_token.insert(token.to_owned(), id);
                    id
                }
            };
            found.extend(id);
        });
        found.sort_unstable();
        found.dedup();
        for &id in &found {
            self.freq[id as usize] += 1;
        }
        out.extend_from_slice(&found);
        self.found = found;
    }

    /// Stem names by id.
    fn names(self) -> Vec<String> {
        let mut v = vec![String::new(); self.ids.len()];
        for (k, id) in self.ids {
            v[id as usize] = k;
        }
        v
    }
}

/// Word co-occurrence counts over sentence pairs, on interned stems.
///
/// Counting every source stem against every target stem of every pair is what made learning
/// from 200,000 reviewed paragraphs take minutes (a paragraph pair holds thousands of stem
/// pairs). Most of those pairs can never be kept: a pair co-occurs at most as often as its
/// rarer stem occurs, so its Dice coefficient is at most `2·min(fa, fb) / (fa + fb)`, and a
/// stem seen in 100,000 pairs cannot reach 0.3 with one seen in 500. So the stems of each
/// pair are kept as ids while their frequencies are counted, and only pairs whose best
/// possible count passes both thresholds are counted afterwards: the same pairs and weights
/// as counting them all.
#[derive(Default)]
struct Cooccurrence {
    source: Stems,
    target: Stems,
    /// Each pair's source stem ids, one pair after another (`ends` says where each ends).
    source_stems: Vec<u32>,
    target_stems: Vec<u32>,
    ends: Vec<(usize, usize)>,
}

/// What [`Cooccurrence::scored`] found: `(source, target, dice)` and the best dice per stem.
struct Scored {
    pairs: Vec<(usize, usize, f32)>,
    best_s: Vec<f32>,
    best_t: Vec<f32>,
}

/// Pair indices by source stem: those of stem `a` are `pairs[starts[a]..starts[a + 1]]`.
struct Holding {
    starts: Vec<usize>,
    pairs: Vec<u32>,
}

/// Whether a pair of stems seen `fa` and `fb` times can be kept: as if they always
/// co-occurred (count `min(fa, fb)`), the thresholds `into_lexicon` applies, computed the
/// same way (a higher count never lowers the rounded quotient).
fn may_pass(fa: u32, fb: u32, min_count: u32, min_dice: f32) -> bool {
    let most = fa.min(fb);
    most >= min_count && 2.0 * most as f32 / (fa + fb) as f32 >= min_dice
}

impl Cooccurrence {
    fn add(&mut self, source: &str, target: &str) {
        self.source.add(source, &mut self.source_stems);
        self.target.add(target, &mut self.target_stems);
        self.ends
            .push((self.source_stems.len(), self.target_stems.len()));
    }

    /// The stem pairs that pass both thresholds, with their Dice coefficient, and each
    /// stem's best coefficient on either side.
    ///
    /// Counted one source stem at a time, over the pairs that hold it, into a plain array
    /// indexed by target stem (a hash map keyed by stem pair missed the cache on nearly every
    /// count). Each pair's target stems are sorted by frequency, so the ones a source stem
    /// [`may_pass`] with are one run, found by two binary searches (`may_pass` rises, then
    /// falls, as the target's frequency grows).
    fn scored(&self, min_count: u32, min_dice: f32) -> Scored {
        let tf = &self.target.freq;
        let mut targets: Vec<(u32, u32)> = self
            .target_stems
            .iter()
            .map(|&b| (tf[b as usize], b))
            .collect();
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(self.ends.len());
        let (mut s0, mut t0) = (0, 0);
        for &(s1, t1) in &self.ends {
            targets[t0..t1].sort_unstable();
            starts.push((s0, t0));
            (s0, t0) = (s1, t1);
        }
        let holding = self.pairs_holding_each_source_stem();
        let mut best_s = vec![0.0f32; self.source.freq.len()];
        let mut best_t = vec![0.0f32; tf.len()];
        let mut pairs = Vec::new();
        let mut count = vec![0u32; tf.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (a, &fa) in self.source.freq.iter().enumerate() {
            if fa < min_count {
                continue;
            }
            for &p in &holding.pairs[holding.starts[a]..holding.starts[a + 1]] {
                let p = p as usize;
                let here = &targets[starts[p].1..self.ends[p].1];
                let from = here
                    .partition_point(|&(fb, _)| fb < fa && !may_pass(fa, fb, min_count, min_dice));
                let to = here
                    .partition_point(|&(fb, _)| fb <= fa || may_pass(fa, fb, min_count, min_dice));
                for &(_, b) in &here[from..to.max(from)] {
                    let c = &mut count[b as usize];
                    if *c == 0 {
                        touched.push(b);
                    }
                    *c += 1;
                }
            }
            for b in touched.drain(..) {
                let b = b as usize;
                let c = std::mem::take(&mut count[b]);
                if c < min_count {
                    continue;
                }
                let dice = 2.0 * c as f32 / (fa + tf[b]) as f32;
                if dice < min_dice {
                    continue;
                }
                best_s[a] = best_s[a].max(dice);
                best_t[b] = best_t[b].max(dice);
                pairs.push((a, b, dice));
            }
        }
        Scored {
            pairs,
            best_s,
            best_t,
        }
    }

    /// For each source stem, the indices of the pairs holding it (ascending).
    fn pairs_holding_each_source_stem(&self) -> Holding {
        let mut starts = vec![0usize; self.source.freq.len() + 1];
        for (a, &f) in self.source.freq.iter().enumerate() {
            starts[a + 1] = starts[a] + f as usize;
        }
        let mut next = starts.clone();
        let mut pairs = vec![0u32; self.source_stems.len()];
        let mut s0 = 0;
        for (p, &(s1, _)) in self.ends.iter().enumerate() {
            for &a in &self.source_stems[s0..s1] {
                pairs[next[a as usize]] = p as u32;
                next[a as usize] += 1;
            }
            s0 = s1;
        }
        Holding { starts, pairs }
    }

    fn into_lexicon(self, min_count: u32, min_dice: f32) -> Lexicon {
        let Scored {
            pairs: scored,
            best_s,
            best_t,
        } = self.scored(min_count, min_dice);
        let (sn, tn) = (self.source.names(), self.target.names());
        let mut lex = Lexicon::default();
        for (a, b, dice) in scored {
            if dice >= best_s[a] && dice >= best_t[b] {
                lex.entries
                    .entry(sn[a].clone())
                    .or_default()
                    .push((tn[b].clone(), dice));
            }
        }
        // A stem's targets all carry its best weight (ties): listed by target stem, so the
        // order does not depend on the order they were counted in.
        for list in lex.entries.values_mut() {
            list.sort_by(|x, y| x.0.cmp(&y.0));
        }
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_comments_and_a_bad_line() {
        let (lex, bad) =
            Lexicon::from_tsv("# ar\ten\nحكومة\tgovernment\nبلا عمود\n\nوزير\tminister\n");
        assert_eq!(lex.len(), 2);
        assert_eq!(bad, [3]);
        assert_eq!(lex.lookup(&stem("الحكومه"))[0].0, stem("governments"));
    }

    #[test]
    fn builtin_news_lexicon_parses_completely() {
        let (lex, bad) = Lexicon::from_tsv(include_str!("news_lexicon.tsv"));
        assert!(bad.is_empty(), "bad lines {bad:?}");
        assert!(lex.len() > 300);
        assert!(news_lexicon()
            .lookup(&stem("والحكومه"))
            .iter()
            .any(|(t, _)| t == "govern"));
    }

    #[test]
    fn the_reversed_news_lexicon_holds_every_pair_the_other_way() {
        let (news, reversed) = (news_lexicon(), news_lexicon_reversed());
        let mut pairs = 0;
        for (ar, targets) in news.stems() {
            for (en, _) in targets {
                assert!(
                    reversed.lookup(en).iter().any(|(t, _)| t == ar),
                    "{en} → {ar}"
                );
                pairs += 1;
            }
        }
        assert!(pairs > 300, "{pairs}");
        let (government, hukuma) = (head_stem("government"), head_stem("حكومة"));
        assert!(reversed
            .lookup(&government.unwrap())
            .iter()
            .any(|(t, _)| Some(t) == hukuma.as_ref()));
        assert!(std::ptr::eq(
            news_lexicon_for("en", "ar").unwrap(),
            reversed
        ));
        assert!(std::ptr::eq(news_lexicon_for("ar", "en").unwrap(), news));
        assert!(news_lexicon_for("de", "fr").is_none());
    }

    /// Learning as it was first written: every source stem counted against every target
    /// stem of every pair, then the same thresholds.
    fn learn_counting_every_pair(
        pairs: &[(String, String)],
        min_count: u32,
        min_dice: f32,
    ) -> Vec<(String, String, u32)> {
        let mut freq_s: HashMap<String, u32> = HashMap::new();
        let mut freq_t: HashMap<String, u32> = HashMap::new();
        let mut joint: HashMap<(String, String), u32> = HashMap::new();
        for (s, t) in pairs {
            let (s, t) = (stems_of(s), stems_of(t));
            for a in &s {
                *freq_s.entry(a.clone()).or_default() += 1;
                for b in &t {
                    *joint.entry((a.clone(), b.clone())).or_default() += 1;
                }
            }
            for b in &t {
                *freq_t.entry(b.clone()).or_default() += 1;
            }
        }
        let dice =
            |(a, b): &(String, String), c: u32| 2.0 * c as f32 / (freq_s[a] + freq_t[b]) as f32;
        let scored: Vec<_> = joint
            .iter()
            .filter(|(k, &c)| c >= min_count && dice(k, c) >= min_dice)
            .collect();
        let mut best_s: HashMap<&str, f32> = HashMap::new();
        let mut best_t: HashMap<&str, f32> = HashMap::new();
        for (k, &c) in &scored {
            let d = dice(k, c);
            let bs = best_s.entry(k.0.as_str()).or_default();
            *bs = bs.max(d);
            let bt = best_t.entry(k.1.as_str()).or_default();
            *bt = bt.max(d);
        }
        let mut kept: Vec<(String, String, u32)> = scored
            .iter()
            .filter(|(k, &c)| {
                dice(k, c) >= best_s[k.0.as_str()] && dice(k, c) >= best_t[k.1.as_str()]
            })
            .map(|(k, &c)| (k.0.clone(), k.1.clone(), dice(k, c).to_bits()))
            .collect();
        kept.sort();
        kept
    }

    fn listed(lex: &Lexicon) -> Vec<(String, String, u32)> {
        let mut all: Vec<(String, String, u32)> = lex
            .stems()
            .flat_map(|(s, l)| {
                l.iter()
                    .map(move |(t, w)| (s.to_string(), t.clone(), w.to_bits()))
            })
            .collect();
        all.sort();
        all
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Counting only the pairs that may pass keeps exactly the pairs and weights of
        /// counting them all, and each stem's targets are listed by target stem.
        #[test]
        fn learning_keeps_what_counting_every_pair_keeps(
            // Few distinct words, so that pairs repeat, tie and cross the thresholds.
            pairs in proptest::collection::vec(
                ("(قال|الوزير|امس|بغداد|وصل|المطر|غزير|الحكومة|رئيس|وزراء)( (قال|الوزير|امس|بغداد|وصل|المطر|غزير|الحكومة|رئيس|وزراء)){0,6}",
                 "(said|minister|yesterday|baghdad|arrived|rain|heavy|government|prime|the)( (said|minister|yesterday|baghdad|arrived|rain|heavy|government|prime|the)){0,6}"),
                0..40),
            min_count in 1u32..4,
            min_dice in proptest::prop_oneof![proptest::prelude::Just(0.3f32), 0.05f32..1.0],
        ) {
            let lex = Lexicon::learn(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())), min_count, min_dice);
            proptest::prop_assert_eq!(listed(&lex), learn_counting_every_pair(&pairs, min_count, min_dice));
            for (_, list) in lex.stems() {
                proptest::prop_assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
            }
        }
    }

    #[test]
    fn learns_pairs_that_co_occur() {
        let pairs = [
            ("قال الوزير امس", "the minister said yesterday"),
            ("الوزير في بغداد", "the minister in baghdad"),
            ("وصل الوزير", "the minister arrived"),
            ("المطر غزير", "heavy rain"),
        ];
        let lex = Lexicon::learn(pairs, 2, 0.5);
        assert!(lex
            .lookup(&stem("الوزير"))
            .iter()
            .any(|(t, _)| t == "minist"));
    }
}
