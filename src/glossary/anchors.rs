//! Glossary terms as alignment anchors: the same entry found in an Arabic sentence and in an
//! English sentence is strong evidence that they translate each other. The aligner uses the
//! same [`Recognizer`] as `check` and `suggest`, through its [`AnchorSource`] trait: the
//! keys of a sentence are the ids of the glossary entries found in it (any language, any
//! listed spelling, forbidden variants included — they still name the concept).

use serde::Serialize;

use super::model::Lang;
use super::recognize::Recognizer;
use crate::align::AnchorSource;

impl AnchorSource for Recognizer {
    fn keys(&self, text: &str, _source_side: bool) -> Vec<String> {
        self.find(text)
            .into_iter()
            .map(|m| format!("g{}", m.entry))
            .collect()
    }
}

/// One entry present on both sides, with its byte spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    pub entry: usize,
    pub ar: (usize, usize),
    pub en: (usize, usize),
}

/// The entries of the terms in `text` written in `lang`, in text order (repeats kept).
pub fn term_ids(recognizer: &Recognizer, text: &str, lang: Lang) -> Vec<usize> {
    recognizer
        .find(text)
        .into_iter()
        .filter(|m| m.lang == lang)
        .map(|m| m.entry)
        .collect()
}

/// Terms found in both texts, paired by entry: each Arabic occurrence takes the first
/// unused English occurrence of the same entry. In Arabic order.
pub fn anchors(recognizer: &Recognizer, ar: &str, en: &str) -> Vec<Anchor> {
    let mut english: Vec<Option<(usize, (usize, usize))>> = recognizer
        .find(en)
        .into_iter()
        .filter(|m| m.lang == Lang::En)
        .map(|m| Some((m.entry, (m.stem_start, m.end))))
        .collect();
    let mut out = Vec::new();
    for m in recognizer
        .find(ar)
        .into_iter()
        .filter(|m| m.lang == Lang::Ar)
    {
        let slot = english
            .iter_mut()
            .find(|e| e.is_some_and(|(entry, _)| entry == m.entry));
        if let Some(slot) = slot {
            let (entry, span) = slot.take().unwrap_or_default();
            out.push(Anchor {
                entry,
                ar: (m.stem_start, m.end),
                en: span,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{Entry, EntryType, Glossary};

    #[test]
    fn the_same_entry_on_both_sides_is_an_anchor() {
        let mut e = Entry::new(EntryType::Person);
        e.en.preferred = Some("Mustafa Al-Kadhimi".into());
        e.en.admitted = vec!["Al-Kadhimi".into()];
        e.ar.preferred = Some("مصطفى الكاظمي".into());
        e.ar.admitted = vec!["الكاظمي".into()];
        let mut b = Entry::new(EntryType::Place);
        b.en.preferred = Some("Baghdad".into());
        b.ar.preferred = Some("بغداد".into());
        let rec = Recognizer::new(Glossary::new(vec![e, b]));
        let ar = "وصل الكاظمي إلى بغداد";
        let en = "Al-Kadhimi arrived in Baghdad";
        let got = anchors(&rec, ar, en);
        assert_eq!(got.len(), 2);
        assert_eq!(&ar[got[0].ar.0..got[0].ar.1], "الكاظمي");
        assert_eq!(&en[got[0].en.0..got[0].en.1], "Al-Kadhimi");
        assert_eq!(&en[got[1].en.0..got[1].en.1], "Baghdad");
        assert_eq!(term_ids(&rec, ar, Lang::Ar), vec![0, 1]);
        assert_eq!(rec.keys(ar, true), rec.keys(en, false));
    }
}
