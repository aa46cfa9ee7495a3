//! Glossary terms as alignment anchors: the glossary's [`Recognizer`] is an
//! [`AnchorSource`] — the same entry recognized in an Arabic (source) sentence and an English
//! (target) sentence becomes an anchor between them (`g:` keys, see `anchors`).

use crate::glossary::anchors::term_ids;
use crate::glossary::{Lang, Recognizer};

use super::lexicon::AnchorSource;

impl AnchorSource for Recognizer {
    fn keys(&self, text: &str, source_side: bool) -> Vec<String> {
        let lang = if source_side { Lang::Ar } else { Lang::En };
        term_ids(self, text, lang)
            .into_iter()
            .map(|id| id.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align, AlignOptions};
    use crate::glossary::{Entry, EntryType, Glossary};

    fn recognizer() -> Recognizer {
        let mut e = Entry::new(EntryType::Organization);
        e.en.preferred = Some("Independent High Electoral Commission".into());
        e.ar.preferred = Some("المفوضية العليا المستقلة للانتخابات".into());
        Recognizer::new(Glossary::new(vec![e]))
    }

    #[test]
    fn recognized_entries_become_keys_on_both_sides() {
        let rec = recognizer();
        let ar = "أعلنت المفوضية العليا المستقلة للانتخابات النتائج";
        let en = "The Independent High Electoral Commission announced the results";
        assert_eq!(rec.keys(ar, true), ["0"]);
        assert_eq!(rec.keys(en, false), ["0"]);
        assert!(rec.keys(en, true).is_empty());
    }

    #[test]
    fn a_glossary_anchor_raises_the_confidence_of_its_pair() {
        let rec = recognizer();
        let ar = [
            "قال المتحدث إن عدد المقترعين في المركز كان كبيرا جدا.",
            "أعلنت المفوضية العليا المستقلة للانتخابات النتائج النهائية.",
        ];
        let en = [
            "The spokesman said turnout at the centre was very high.",
            "The Independent High Electoral Commission announced final results.",
        ];
        let base = AlignOptions {
            builtin_lexicon: false,
            second_pass: false,
            ..AlignOptions::default()
        };
        let with_glossary = AlignOptions {
            anchors: Some(&rec),
            ..base
        };
        let plain = align(&ar, &en, &base);
        let anchored = align(&ar, &en, &with_glossary);
        assert_eq!(anchored[1].src, [1]);
        assert_eq!(anchored[1].tgt, [1]);
        assert!(
            anchored[1].confidence > plain[1].confidence,
            "{plain:?} {anchored:?}"
        );
    }
}
