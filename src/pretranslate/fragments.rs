//! Fragments (subsegment suggestions) for a segment no whole match covers: the longest runs
//! of at least three words the segment shares with stored units, and its glossary terms,
//! each with a translation found inside the stored target through the memory's own word
//! alignment (the co-occurrence lexicon `align` learns from reviewed units, plus the
//! built-in news lexicon). Ranked by length, then by how many units hold the run.
//!
//! Runs are found left to right: a three-word window is looked up by concordance (match
//! keys, Arabic proclitics allowed), extended one word at a time while some unit still
//! holds it, and the next run starts after it. Fragments are shown, never filled in.
//!
//! The lexicon is found on demand ([`Fragmenter::learning`]), at the first run that needs a
//! translation (most segments without a match share no run with the memory at all): the one
//! stored in the memory when it is current, read stem by stem for the runs' words only
//! (`align::lexicon_store`), else learned from the reviewed units, which costs with them
//! (seconds at 200,000), and then offered for storing ([`Fragmenter::keep_learned`]).

use std::cell::{OnceCell, RefCell};
use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::align::lexicon_store;
use crate::align::memory_lexicon::{self, Learned};
use crate::align::words::stem;
use crate::align::Lexicon;
use crate::error::Result;
use crate::glossary::Recognizer;
use crate::memory::{ConcordanceCache, ConcordanceHit, Memory};
use crate::text::{primary_language, tokenize, Token, TokenKind};

/// The shortest run of words offered as a fragment (glossary terms may be shorter).
pub const MIN_WORDS: usize = 3;

/// The candidate units one segment's search checks at most unless told otherwise
/// ([`Fragmenter::limit_work`]): a third of a second or so on the 1M long bench memory,
/// where a sentence's search checks 550 at the median and 245,000 at the 99th percentile
/// (`docs/speed-log.md`, *A work limit for the fragment search*). A latency bound for interactive use,
/// not a quality setting.
pub const CHECKS_PER_SEGMENT: u64 = 200_000;

/// Units read per run: enough to vote on its translation.
const HITS: usize = 20;

/// One fragment of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fragment {
    /// The run as written in the segment.
    pub text: String,
    /// Its translation as found in a stored target (or the glossary).
    pub translation: String,
    /// Units holding the run with that translation (empty for a glossary term).
    pub unit_ids: Vec<i64>,
    pub words: usize,
    /// Byte span of the run in the segment.
    pub start: usize,
    pub end: usize,
}

/// Finds fragments for segments in one language pair.
pub struct Fragmenter<'m> {
    memory: &'m Memory,
    /// Set by [`Fragmenter::new`], or at the first run found by [`Fragmenter::learning`].
    source: OnceCell<LexiconSource>,
    /// The stems asked for so far, each with the learned lexicon's targets and then the
    /// news lexicon's others (what `Lexicon::extend` gives for that stem).
    asked: RefCell<Lexicon>,
    known: RefCell<HashSet<String>>,
    from: String,
    to: String,
    /// Units of this origin are not used (evaluation: the document being translated).
    pub exclude_origin: Option<String>,
    /// The words' posting lists read by earlier look-ups: a segment's windows overlap, and a
    /// document repeats its words (the memory does not change while a fragmenter lives).
    lists: RefCell<ConcordanceCache>,
    /// The most candidate units one segment's look-ups check (`ConcordanceCache::allow_work`).
    work_per_segment: u64,
}

/// What [`Fragmenter::search`] found in a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct FragmentSearch {
    pub fragments: Vec<Fragment>,
    /// The search stopped at its work limit ([`Fragmenter::limit_work`]) before the end of
    /// the segment: the runs after the point it reached were not looked for.
    pub cut_short: bool,
}

/// Where the learned lexicon's lists come from.
enum LexiconSource {
    /// Given to [`Fragmenter::new`] or [`Fragmenter::sharing`].
    Given(Arc<Lexicon>),
    /// Learned by this process, with what it was learned from (for storing).
    Learned(Learned),
    /// The memory's stored lexicon, current: read one stem at a time.
    Stored,
}

impl<'m> Fragmenter<'m> {
    /// `lexicon` maps source stems to target stems (see `align::memory_lexicon`).
    pub fn new(memory: &'m Memory, lexicon: Lexicon, from: &str, to: &str) -> Fragmenter<'m> {
        Fragmenter::sharing(memory, Arc::new(lexicon), from, to)
    }

    /// [`Fragmenter::new`] with a lexicon others hold too (a server keeps one per direction
    /// between requests).
    pub fn sharing(
        memory: &'m Memory,
        lexicon: Arc<Lexicon>,
        from: &str,
        to: &str,
    ) -> Fragmenter<'m> {
        let f = Fragmenter::learning(memory, from, to);
        let _ = f.source.set(LexiconSource::Given(lexicon));
        f
    }

    /// A fragmenter that finds the memory's lexicon for `from` → `to` (stored, else learned
    /// as `lexicon_from_memory` does) the first time a run needs translating, and never when
    /// none is found.
    pub fn learning(memory: &'m Memory, from: &str, to: &str) -> Fragmenter<'m> {
        Fragmenter {
            memory,
            source: OnceCell::new(),
            asked: RefCell::default(),
            known: RefCell::default(),
            from: primary_language(from).to_ascii_lowercase(),
            to: primary_language(to).to_ascii_lowercase(),
            exclude_origin: None,
            lists: RefCell::default(),
            work_per_segment: CHECKS_PER_SEGMENT,
        }
    }

    /// Bounds the work of each segment's search to `per_segment` candidate units checked
    /// for a run ([`CHECKS_PER_SEGMENT`] unless set; `u64::MAX`: no bound). A check counts
    /// whether an earlier segment read that unit or not, so where a search stops depends on
    /// the segment and the memory only. Without a bound, a segment of common words in a
    /// large memory can check hundreds of thousands of units (seconds).
    pub fn limit_work(mut self, per_segment: u64) -> Fragmenter<'m> {
        self.work_per_segment = per_segment;
        self
    }

    /// Stores the lexicon this fragmenter learned, when it learned one (the stored one was
    /// stale or missing) and the memory can be written now; call it once the answers are
    /// out, outside any transaction. Returns whether it was stored.
    pub fn keep_learned(&self) -> Result<bool> {
        match self.source.get() {
            Some(LexiconSource::Learned(learned)) => {
                memory_lexicon::keep(self.memory, &self.from, &self.to, learned)
            }
            _ => Ok(false),
        }
    }

    fn source(&self) -> Result<&LexiconSource> {
        if let Some(source) = self.source.get() {
            return Ok(source);
        }
        // Both reads belong to the caller's snapshot (suggest and pretranslate hold one).
        let conn = self.memory.conn();
        let now = memory_lexicon::fingerprint_of(conn)?;
        let source = if lexicon_store::stored_fingerprint(conn, &self.from, &self.to)? == Some(now)
        {
            LexiconSource::Stored
        } else {
            LexiconSource::Learned(memory_lexicon::learn(self.memory, &self.from, &self.to)?)
        };
        Ok(self.source.get_or_init(|| source))
    }

    /// Reads the lists of the stems of `source` text's words not asked for yet.
    fn ask(&self, text: &str) -> Result<()> {
        let source = self.source()?;
        let news = crate::align::lexicon::news_lexicon_for(&self.from, &self.to);
        for word in crate::text::key_tokens(text) {
            let s = stem(&word);
            if !self.known.borrow_mut().insert(s.clone()) {
                continue;
            }
            let mut targets = match source {
                LexiconSource::Given(lexicon) => lexicon.lookup(&s).to_vec(),
                LexiconSource::Learned(learned) => learned.lexicon.lookup(&s).to_vec(),
                LexiconSource::Stored => {
                    lexicon_store::load_stem(self.memory.conn(), &self.from, &self.to, &s)?
                }
            };
            for (t, w) in news.map_or(&[][..], |n| n.lookup(&s)) {
                if !targets.iter().any(|(k, _)| k == t) {
                    targets.push((t.clone(), *w));
                }
            }
            self.asked.borrow_mut().set_targets(s, targets);
        }
        Ok(())
    }

    /// The fragments of `segment`, longest and most frequent first.
    pub fn fragments(&self, segment: &str, glossary: &Recognizer) -> Result<Vec<Fragment>> {
        Ok(self.search(segment, glossary)?.fragments)
    }

    /// [`Fragmenter::fragments`], telling whether the work limit cut the search short. Its
    /// glossary terms are all there; of the runs, those found before the limit was reached.
    pub fn search(&self, segment: &str, glossary: &Recognizer) -> Result<FragmentSearch> {
        self.lists.borrow_mut().allow_work(self.work_per_segment);
        let spent = || self.lists.borrow().spent();
        let mut cut_short = false;
        let tokens: Vec<Token> = tokenize(segment)
            .into_iter()
            .filter(|t| t.kind.is_scored())
            .collect();
        let mut out = self.terms(segment, glossary);
        let mut i = 0;
        while i + MIN_WORDS <= tokens.len() {
            let mut j = i + MIN_WORDS;
            // The cheap test first: a run of particles is skipped without a lookup.
            if !has_content(&tokens[i..j]) {
                i += 1;
                continue;
            }
            let mut hits = self.holding(segment, &tokens[i..j])?;
            if spent() {
                cut_short = true;
                break;
            }
            if hits.is_empty() {
                i += 1;
                continue;
            }
            while j < tokens.len() {
                let longer = self.holding(segment, &tokens[i..j + 1])?;
                if spent() {
                    // The run as far as it was found is whole; the search ends with it.
                    cut_short = true;
                    break;
                }
                if longer.is_empty() {
                    break;
                }
                hits = longer;
                j += 1;
            }
            if let Some(f) = self.translated(segment, &tokens[i..j], &hits)? {
                out.push(f);
            }
            if cut_short {
                break;
            }
            i = j;
        }
        out.sort_by(|a, b| {
            b.words
                .cmp(&a.words)
                .then(b.unit_ids.len().cmp(&a.unit_ids.len()))
                .then(a.start.cmp(&b.start))
        });
        Ok(FragmentSearch {
            fragments: out,
            cut_short,
        })
    }

    /// Glossary terms of the segment with their preferred translation.
    fn terms(&self, segment: &str, glossary: &Recognizer) -> Vec<Fragment> {
        glossary
            .find(segment)
            .into_iter()
            .filter(|m| primary_language(m.lang.as_str()) == self.from)
            .filter_map(|m| {
                let e = glossary.entry(m.entry);
                let translation = e.forms(m.lang.other()).preferred.clone()?;
                let text = segment[m.stem_start..m.end].to_string();
                Some(Fragment {
                    words: crate::text::key_tokens(&text).len(),
                    text,
                    translation,
                    unit_ids: Vec::new(),
                    start: m.stem_start,
                    end: m.end,
                })
            })
            .collect()
    }

    /// Units whose source-language side holds the run, paired with the target language
    /// (the first [`HITS`] of them, however many units of other pairs hold it before).
    fn holding(&self, segment: &str, run: &[Token]) -> Result<Vec<ConcordanceHit>> {
        let phrase = &segment[run[0].start..run[run.len() - 1].end];
        self.memory.concordance_where(
            phrase,
            Some(&self.from),
            HITS,
            &mut self.lists.borrow_mut(),
            |h| {
                primary_language(&h.other_lang).eq_ignore_ascii_case(&self.to)
                    && (self.exclude_origin.is_none() || h.origin != self.exclude_origin)
            },
        )
    }

    /// The run with the translation most of its units agree on.
    fn translated(
        &self,
        segment: &str,
        run: &[Token],
        hits: &[ConcordanceHit],
    ) -> Result<Option<Fragment>> {
        let mut votes: Vec<(String, Vec<i64>)> = Vec::new();
        for hit in hits {
            let Some(span) = hit.hits.first() else {
                continue;
            };
            let source = &hit.text[span.start..span.end];
            self.ask(source)?;
            let Some(t) = translation(&self.asked.borrow(), source, &hit.other_text) else {
                continue;
            };
            match votes.iter_mut().find(|(text, _)| *text == t) {
                Some((_, ids)) => ids.push(hit.id),
                None => votes.push((t, vec![hit.id])),
            }
        }
        let Some((translation, unit_ids)) = votes.into_iter().max_by_key(|(_, ids)| ids.len())
        else {
            return Ok(None);
        };
        let (start, end) = (run[0].start, run[run.len() - 1].end);
        Ok(Some(Fragment {
            text: segment[start..end].to_string(),
            translation,
            unit_ids,
            words: run.len(),
            start,
            end,
        }))
    }
}

/// A run worth offering: at least one word of four letters or more (not only particles).
fn has_content(run: &[Token]) -> bool {
    run.iter()
        .any(|t| t.kind == TokenKind::Word && t.key.chars().count() >= 4)
}

/// The stretch of `target` that translates `source` (a run of a stored source): each source
/// word is paired with a target word the lexicon gives for it (or an equal word or number),
/// the one nearest the middle of all such; the stretch runs from the first to the last
/// paired word, dropping the farthest pairs while it is longer than the run plus two words.
/// `None` when fewer than half the source's words stay paired.
pub fn translation(lexicon: &Lexicon, source: &str, target: &str) -> Option<String> {
    let src: Vec<String> = crate::text::key_tokens(source);
    let tgt: Vec<Token> = tokenize(target)
        .into_iter()
        .filter(|t| t.kind.is_scored())
        .collect();
    let tgt_stems: Vec<String> = tgt.iter().map(|t| stem(&t.key)).collect();
    let places: Vec<Vec<usize>> = src
        .iter()
        .map(|word| {
            let wanted = lexicon.lookup(&stem(word));
            (0..tgt.len())
                .filter(|&k| tgt[k].key == *word || wanted.iter().any(|(w, _)| *w == tgt_stems[k]))
                .collect()
        })
        .collect();
    let mut all: Vec<usize> = places.iter().flatten().copied().collect();
    if all.is_empty() {
        return None;
    }
    all.sort_unstable();
    let middle = all[all.len() / 2];
    let mut chosen: Vec<usize> = places
        .iter()
        .filter_map(|p| p.iter().copied().min_by_key(|&k| k.abs_diff(middle)))
        .collect();
    chosen.sort_unstable();
    while chosen.len() * 2 >= src.len() && chosen.len() > 1 {
        let (first, last) = (chosen[0], chosen[chosen.len() - 1]);
        if last - first < src.len() + 2 {
            break;
        }
        if middle - first > last - middle {
            chosen.remove(0);
        } else {
            chosen.pop();
        }
    }
    let (first, last) = (*chosen.first()?, *chosen.last()?);
    if chosen.len() * 2 < src.len() || last - first >= src.len() + 2 {
        return None;
    }
    Some(target[tgt[first].start..tgt[last].end].to_string())
}

#[cfg(test)]
mod tests;
