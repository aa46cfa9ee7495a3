//! Which Arabic words an English name translates, in one unit: every name span of the
//! English side is compared with every window of name-able Arabic words (up to a few words
//! more than the English name has, never across punctuation) by transliteration — the
//! consonant skeletons of `align::translit`, concatenated over the words, compared by edit
//! distance — and, for a one-word name inside a sentence that no Arabic word transliterates
//! (مصر ↔ Egypt), by the lexicon the memory's reviewed units teach (`align::memory_lexicon`). The best
//! pairs win greedily, each Arabic word used once; relative position in the sentence breaks
//! ties (the same name twice in a sentence). A title before both names is paired with them.

use crate::align::words::stem;
use crate::align::Lexicon;
use crate::glossary::arabic::offset_after_letters;
use crate::glossary::EntryType;
use crate::text::match_key;

use super::arabic_spans::{arabic_words, cue_before, nameable, ArabicWord, Cue, Role};
use super::demonym::is_demonym;
use super::english_spans::{find_name_spans, NameSpan};
use super::skeleton::{latin_name_skeletons, skeleton_similarity};

/// A name of the English side paired with Arabic words of the same unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The Arabic name as written, proclitics removed (والكاظمي → الكاظمي).
    pub arabic: String,
    /// Byte range of the Arabic words in the Arabic side (proclitic included).
    pub arabic_range: (usize, usize),
    /// The English name as written.
    pub english: String,
    /// Transliteration (or lexicon) similarity in [0, 1].
    pub similarity: f32,
    /// The titles before the two names, when both sides write one: (Arabic key, Arabic as
    /// written, English as written).
    pub title: Option<(String, String, String)>,
    /// What the context suggests the name is.
    pub kind: Option<EntryType>,
    /// The words that may be in a name around the Arabic words, as group keys: two before
    /// and two after, nearest first on each side ([before, before that, after, after that]),
    /// each as written and without its proclitic (لسيد: لسيد and سيد); empty past
    /// punctuation, a word no name holds, or a clitic on the name.
    pub around: [Vec<String>; 4],
}

/// Words at most this many more in the Arabic window than in the English name.
const EXTRA_WORDS: usize = 2;
/// Arabic windows of at most this many words.
const MAX_WORDS: usize = 6;

/// Words of English names of bodies rather than people or places.
const ORGANIZATION_WORDS: &[&str] = &[
    "ministry",
    "council",
    "command",
    "party",
    "army",
    "forces",
    "university",
    "company",
    "bank",
    "agency",
    "organization",
    "organisation",
    "authority",
    "committee",
    "front",
    "movement",
    "corporation",
    "group",
    "union",
    "court",
    "commission",
    "office",
    "assembly",
    "parliament",
];

/// One candidate: English span, Arabic window, whether the first word loses its proclitic.
struct Candidate {
    span: usize,
    from: usize,
    to: usize,
    bare: bool,
    similarity: f32,
    position_gap: f32,
    /// Whether the English writes more name units than the Arabic window holds.
    more_english: bool,
}

/// How alike a name and Arabic words must be to pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Lowest similarity of any pair.
    pub similarity: f32,
    /// Lowest similarity of a pair whose English writes more name units than the Arabic
    /// words hold ("Maryam Azadi" for مريم): the units the Arabic lacks must be paid for in
    /// letters the Arabic has, or the English is a longer name, or somebody else's.
    pub more_english_units: f32,
}

impl Thresholds {
    /// The same bar for every pair.
    pub fn flat(similarity: f32) -> Thresholds {
        Thresholds {
            similarity,
            more_english_units: similarity,
        }
    }

    fn bar(&self, more_english: bool) -> f32 {
        if more_english {
            self.similarity.max(self.more_english_units)
        } else {
            self.similarity
        }
    }
}

/// The names of a unit's English side paired with words of its Arabic side, each alike
/// enough by `thresholds`.
pub fn pair_unit(
    arabic: &str,
    english: &str,
    lexicon: Option<&Lexicon>,
    thresholds: Thresholds,
) -> Vec<Pair> {
    let min_similarity = thresholds.similarity;
    let spans = find_name_spans(english);
    if spans.is_empty() {
        return Vec::new();
    }
    let words = arabic_words(arabic);
    if !words.iter().any(|w| !w.skeleton.is_empty()) {
        return Vec::new();
    }
    let latin_on_arabic_side = latin_keys(&words);
    let en_words = english.split_whitespace().count().max(1) as f32;
    let mut candidates = Vec::new();
    for (s, span) in spans.iter().enumerate() {
        let text = &english[span.start..span.end];
        let key = match_key(text);
        // "the Ministry", "the Army": a body's common noun names no body in particular.
        if key.split(' ').all(|w| ORGANIZATION_WORDS.contains(&w)) {
            continue;
        }
        // A name the Arabic side also writes in Latin letters teaches no Arabic form.
        if latin_on_arabic_side
            .iter()
            .any(|k| key.contains(k.as_str()))
        {
            continue;
        }
        let skeletons = latin_name_skeletons(text);
        let name_words = text.split_whitespace().count();
        let en_pos = english[..span.start].split_whitespace().count() as f32 / en_words;
        let before = candidates.len();
        for skeleton in &skeletons {
            windows(
                &words,
                skeleton,
                (name_words, span.units),
                s,
                en_pos,
                min_similarity,
                &mut candidates,
            );
        }
        let transliterated = candidates[before..]
            .iter()
            .any(|c| c.similarity >= min_similarity);
        // Capitals at a sentence start say nothing: only a word capitalized inside the
        // sentence is trusted to the lexicon.
        let inside = english[..span.start].chars().any(char::is_alphabetic);
        if name_words == 1 && inside && span.title.is_none() && !transliterated {
            if let Some(lex) = lexicon {
                lexicon_candidates(&words, &key, lex, s, en_pos, &mut candidates);
            }
        }
    }
    candidates.retain(|c| {
        let span = &spans[c.span];
        let key = match (&words[c.from].bare, c.bare) {
            (Some(b), true) => b.key.as_str(),
            _ => words[c.from].key.as_str(),
        };
        c.similarity >= thresholds.bar(c.more_english)
            && !is_demonym(
                &english[span.start..span.end],
                &english[..span.start],
                &words,
                c.from,
                c.to,
                key,
            )
    });
    candidates.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.position_gap.total_cmp(&b.position_gap))
            .then((a.to - a.from).cmp(&(b.to - b.from)))
            // A first letter that changes nothing is a proclitic (ببلال, لعلي).
            .then(b.bare.cmp(&a.bare))
    });
    let mut used_words = vec![false; words.len()];
    let mut used_spans = vec![false; spans.len()];
    let mut pairs = Vec::new();
    for c in candidates {
        if used_spans[c.span] || used_words[c.from..c.to].iter().any(|&u| u) {
            continue;
        }
        used_spans[c.span] = true;
        used_words[c.from..c.to].iter_mut().for_each(|u| *u = true);
        pairs.push((
            (c.span, c.from, c.to, c.bare),
            make_pair(arabic, english, &words, &spans[c.span], &c),
        ));
    }
    pairs.sort_by_key(|(at, _)| at.0);
    join_split_names(english, &spans, &words, pairs)
}

/// Lowercase words inside a Latin name that the mention recogniser splits it at: the
/// Arabic article and linking vowels as transliterated (Siraj ul Haq, Abd ar Rahman) and the
/// French, Spanish and Dutch particles (Othman le Khamis, Nezha du Maroc). Not the English
/// words among the articles' spellings (an, at, as): "Sadr at Hakim's" is two people.
const SPLITTING_PARTICLES: &[&str] = &[
    "al", "el", "ul", "il", "ud", "ur", "ad", "ar", "ash", "az", "ath", "adh", "le", "la", "du",
    "de", "da", "di", "des", "del", "van", "von", "bin", "ibn", "ben", "bint",
];

/// Joins two pairs whose English names are one name split at a lowercase particle (Siraj
/// ul Haq, Othman le Khamis: the mention recogniser keeps only capitalized words) and whose
/// Arabic words follow each other (سراج الحق): one name, one spelling.
fn join_split_names(
    english: &str,
    spans: &[NameSpan],
    words: &[ArabicWord],
    pairs: Vec<((usize, usize, usize, bool), Pair)>,
) -> Vec<Pair> {
    let mut out: Vec<((usize, usize, usize, bool), Pair)> = Vec::with_capacity(pairs.len());
    for (at, pair) in pairs {
        if let Some((prev_at, prev)) = out.last_mut() {
            let (s1, s2) = (&spans[prev_at.0], &spans[at.0]);
            let between: Vec<&str> = english
                .get(s1.end..s2.start)
                .unwrap_or("")
                .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\'' | '’'))
                .filter(|w| !w.is_empty())
                .collect();
            let particle = between.len() == 1 && SPLITTING_PARTICLES.contains(&between[0]);
            let adjacent = at.0 == prev_at.0 + 1
                && at.1 == prev_at.2
                && !at.3
                && words[at.1].segment == words[prev_at.1].segment
                && s2.title.is_none();
            if particle && adjacent {
                prev.arabic = format!("{} {}", prev.arabic, pair.arabic);
                prev.arabic_range.1 = pair.arabic_range.1;
                prev.english = english[s1.start..s2.end].to_string();
                prev.similarity = (prev.similarity + pair.similarity) / 2.0;
                prev.around[2] = pair.around[2].clone();
                prev.around[3] = pair.around[3].clone();
                prev_at.2 = at.2;
                prev_at.0 = at.0;
                continue;
            }
        }
        out.push((at, pair));
    }
    out.into_iter().map(|(_, p)| p).collect()
}

fn latin_keys(words: &[ArabicWord]) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.skeleton.is_empty() && w.key.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| w.key.len() >= 3)
        .map(|w| w.key.clone())
        .collect()
}

/// Transliteration candidates of one English name against every Arabic window.
fn windows(
    words: &[ArabicWord],
    skeleton: &str,
    (name_words, english_units): (usize, usize),
    span: usize,
    en_pos: f32,
    min_similarity: f32,
    out: &mut Vec<Candidate>,
) {
    if skeleton.len() < 2 {
        return;
    }
    let max_words = (name_words + EXTRA_WORDS).min(MAX_WORDS);
    let n = words.len() as f32;
    for from in 0..words.len() {
        if !nameable(words, from) || !starts_unit(words, 0, from) {
            continue;
        }
        for bare in [false, true] {
            let first = match (&words[from].bare, bare) {
                // وال بال لل before a name: the article is the name's, the rest a clitic.
                (Some(b), false) if b.certain => continue,
                (_, false) => words[from].skeleton.as_str(),
                (Some(b), true) => b.skeleton.as_str(),
                (None, true) => continue,
            };
            let mut joined = String::from(first);
            let mut arabic_units = 0;
            for to in from + 1..=(from + max_words).min(words.len()) {
                if to > from + 1 {
                    let w = &words[to - 1];
                    if !nameable(words, to - 1) || w.segment != words[from].segment {
                        break;
                    }
                    joined.push_str(&w.skeleton);
                }
                arabic_units += usize::from(starts_unit(words, from, to - 1));
                // The distance is at least the difference in length, and the window only
                // grows: stop once that alone keeps it under the threshold.
                let (lj, ls) = (joined.len(), skeleton.len());
                if lj > ls && (lj - ls) as f32 > (1.0 - min_similarity) * lj as f32 {
                    break;
                }
                // A name does not end on ابن, أبو or عبد, nor before the الله or الدين that
                // ends its last unit.
                let cuts_unit = words.get(to).is_some_and(|w| {
                    w.segment == words[from].segment && !starts_unit(words, 0, to)
                });
                if words[to - 1].role == Role::Particle
                    || cuts_unit
                    || (ls > lj && (ls - lj) as f32 > (1.0 - min_similarity) * ls as f32)
                {
                    continue;
                }
                let similarity = skeleton_similarity(&joined, skeleton);
                if similarity >= min_similarity {
                    out.push(Candidate {
                        span,
                        from,
                        to,
                        bare,
                        similarity,
                        position_gap: (from as f32 / n - en_pos).abs(),
                        more_english: english_units > arabic_units,
                    });
                }
            }
        }
    }
}

/// Whether word `i` of a window starting at `from` starts a name unit of its own: not
/// after ابن, أبو or عبد (one unit with it: عبد الرحمن), not الله or الدين ending a
/// compound (نصر الدين).
fn starts_unit(words: &[ArabicWord], from: usize, i: usize) -> bool {
    if i == from {
        return true;
    }
    let (before, word) = (&words[i - 1], &words[i]);
    if before.segment != word.segment {
        return true;
    }
    let after_particle = before.role == Role::Particle;
    let tail = matches!(word.key.as_str(), "الله" | "الدين") && nameable(words, i - 1);
    !after_particle && !tail
}

/// Lexicon candidates of a one-word English name: Arabic words the memory's reviewed units
/// pair with it.
fn lexicon_candidates(
    words: &[ArabicWord],
    english_key: &str,
    lexicon: &Lexicon,
    span: usize,
    en_pos: f32,
    out: &mut Vec<Candidate>,
) {
    let target = stem(english_key);
    let n = words.len() as f32;
    for (i, w) in words.iter().enumerate() {
        if w.role != Role::Name {
            continue;
        }
        let weight = lexicon
            .lookup(&stem(&w.key))
            .iter()
            .find(|(t, _)| *t == target)
            .map(|(_, weight)| *weight);
        if let Some(weight) = weight {
            out.push(Candidate {
                span,
                from: i,
                to: i + 1,
                bare: false,
                similarity: weight,
                position_gap: (i as f32 / n - en_pos).abs(),
                more_english: false,
            });
        }
    }
}

fn make_pair(
    arabic: &str,
    english: &str,
    words: &[ArabicWord],
    span: &NameSpan,
    c: &Candidate,
) -> Pair {
    let first = &words[c.from];
    let end = words[c.to - 1].end;
    let (start, article) = match (&first.bare, c.bare) {
        (Some(b), true) => (
            first.start + offset_after_letters(&arabic[first.start..first.end], b.letters),
            b.article,
        ),
        _ => (first.start, false),
    };
    let written = &arabic[start..end];
    let arabic_form = if article {
        format!("ال{written}")
    } else {
        written.to_string()
    };
    let cue = cue_before(words, c.from);
    let english_name = &english[span.start..span.end];
    let title = match (&cue, span.title) {
        (Cue::Title(key, s, e), Some((ts, te))) => Some((
            key.clone(),
            arabic[*s..*e].to_string(),
            english[ts..te].to_string(),
        )),
        _ => None,
    };
    let kind = guess_kind(english, span, &words[c.from..c.to], &cue);
    let around = around(words, c);
    Pair {
        arabic: arabic_form,
        arabic_range: (first.start, end),
        english: english_name.to_string(),
        similarity: c.similarity,
        title,
        kind,
        around,
    }
}

/// The name-able words next to a candidate's window (see [`Pair::around`]).
fn around(words: &[ArabicWord], c: &Candidate) -> [Vec<String>; 4] {
    let segment = words[c.from].segment;
    let at = |i: Option<usize>| -> Vec<String> {
        let Some(w) = i.and_then(|i| words.get(i).filter(|_| nameable(words, i))) else {
            return Vec::new();
        };
        if w.segment != segment {
            return Vec::new();
        }
        // A word's match key has no spaces: it is its group key already.
        std::iter::once(&w.key)
            .chain(w.bare.as_ref().map(|b| &b.key))
            .cloned()
            .collect()
    };
    // A clitic on the name's first word parts it from the word before (قال محمد وعلي).
    let before = if c.bare {
        Vec::new()
    } else {
        at(c.from.checked_sub(1))
    };
    let before_that = if before.is_empty() {
        Vec::new()
    } else {
        at(c.from.checked_sub(2))
    };
    let after = at(Some(c.to));
    let after_that = if after.is_empty() {
        Vec::new()
    } else {
        at(Some(c.to + 1))
    };
    [before, before_that, after, after_that]
}

/// The kind of a name from its context: a title, a verb of saying or nasab words make a
/// person; organization words a body; a locative before either side a place.
fn guess_kind(
    english: &str,
    span: &NameSpan,
    window: &[ArabicWord],
    cue: &Cue,
) -> Option<EntryType> {
    let name = english[span.start..span.end].to_lowercase();
    if name
        .split_whitespace()
        .any(|w| ORGANIZATION_WORDS.contains(&w))
    {
        return Some(EntryType::Organization);
    }
    if span.title.is_some()
        || matches!(cue, Cue::Title(..) | Cue::Saying)
        || window.iter().any(|w| w.role == Role::Particle)
    {
        return Some(EntryType::Person);
    }
    let before = english[..span.start]
        .split_whitespace()
        .next_back()
        .map(str::to_lowercase);
    let english_locative = matches!(
        before.as_deref(),
        Some("in" | "to" | "from" | "near" | "outside" | "across")
    );
    if *cue == Cue::Locative || english_locative {
        return Some(EntryType::Place);
    }
    None
}

#[cfg(test)]
mod tests;
