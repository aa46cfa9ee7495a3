//! One XLIFF segment as read (1.2 `<trans-unit>`, 2.x `<segment>` of a `<unit>`) and what
//! becomes of it: a unit for the memory, a segment left out on purpose (no finished
//! translation: counted), or a record error (a side in another language than the file says).
//!
//! Which targets count as finished: 1.2 `state` translated / signed-off / final, or no state,
//! or `approved="yes"`; 2.x `state` translated / reviewed / final, or no state with a target
//! (the 2.x default state is "initial", but tools that never write a state would otherwise
//! import nothing). `approved="yes"`, 1.2 signed-off/final and 2.x reviewed/final are
//! stored as reviewed units; the rest unreviewed. States such as needs-review-translation,
//! new or initial mean a draft, as does a 1.2 `state-qualifier` naming a fuzzy or MT match
//! on a target without a state.

use crate::memory::{Side, Status, UnitRecord};
use crate::text::LangTag;

/// Which XLIFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// Why a segment was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// It has a target, but in a draft state (fuzzy, needs review, initial, MT).
    Draft,
    /// No target, an empty one, or a source with inline codes only.
    Empty,
}

/// One side as captured.
#[derive(Debug, Default, Clone)]
pub struct Captured {
    pub text: String,
    pub markup: Option<String>,
    /// `xml:lang` on the element, as written.
    pub lang: Option<String>,
}

/// One segment and the attributes of its unit that decide its fate.
#[derive(Debug, Default, Clone)]
pub struct Segment {
    pub line: usize,
    /// The unit's id (and `/segment id` in 2.x when the unit has one), for messages.
    pub name: String,
    pub source: Option<Captured>,
    pub target: Option<Captured>,
    pub state: Option<String>,
    pub state_qualifier: Option<String>,
    pub approved: bool,
    pub notes: Vec<String>,
}

/// What a segment becomes.
#[derive(Debug)]
pub enum Outcome {
    Unit(Box<UnitRecord>),
    Skip(Skip),
    Bad(String),
}

/// The languages a `<file>` (1.2) or the root (2.x) declares.
#[derive(Debug, Default, Clone)]
pub struct FileLangs {
    pub source: Option<LangTag>,
    pub target: Option<LangTag>,
}

impl Segment {
    /// The unit this segment gives, why it gives none, or what is wrong with it.
    /// `fallback_target` (the `--to` language) serves files that declare no target language.
    pub fn outcome(
        &self,
        version: Version,
        langs: &FileLangs,
        fallback_target: Option<&LangTag>,
    ) -> Outcome {
        match self.decide(version, langs, fallback_target) {
            Ok(outcome) => outcome,
            Err(message) => Outcome::Bad(format!("unit '{}': {message}", self.name)),
        }
    }

    fn decide(
        &self,
        version: Version,
        langs: &FileLangs,
        fallback_target: Option<&LangTag>,
    ) -> Result<Outcome, String> {
        let Some(source) = &self.source else {
            return Err("no <source>".into());
        };
        let source_lang = side_lang(source, langs.source.as_ref(), "source", "source")?
            .ok_or("the file names no source language")?;
        let target_lang = match &self.target {
            Some(target) => side_lang(target, langs.target.as_ref(), "target", "target")?,
            None => None,
        };
        if source.text.trim().is_empty() {
            return Ok(Outcome::Skip(Skip::Empty));
        }
        let Some(target) = self.target.as_ref().filter(|t| !t.text.trim().is_empty()) else {
            return Ok(Outcome::Skip(Skip::Empty));
        };
        let Some(status) = self.finished(version) else {
            return Ok(Outcome::Skip(Skip::Draft));
        };
        let target_lang = target_lang.or_else(|| fallback_target.cloned()).ok_or(
            "no target language (the file has no target-language/trgLang, the <target> no \
             xml:lang); give --to",
        )?;
        let mut unit = UnitRecord::new(
            Side {
                lang: source_lang.as_str().to_string(),
                text: source.text.clone(),
                markup: source.markup.clone(),
            },
            Side {
                lang: target_lang.as_str().to_string(),
                text: target.text.clone(),
                markup: target.markup.clone(),
            },
        );
        unit.status = status;
        unit.external_id = Some(self.name.clone());
        unit.notes = self.notes.clone();
        Ok(Outcome::Unit(Box::new(unit)))
    }

    /// The status of a finished target, `None` for a draft.
    fn finished(&self, version: Version) -> Option<Status> {
        let state = self.state.as_deref().map(str::trim);
        let reviewed = match (version, state) {
            (_, _) if self.approved => true,
            (Version::V1, None | Some("translated")) => false,
            (Version::V1, Some("signed-off" | "final")) => true,
            (Version::V2, None | Some("translated")) => false,
            (Version::V2, Some("reviewed" | "final")) => true,
            _ => return None,
        };
        let draft_qualifier = matches!(
            self.state_qualifier.as_deref(),
            Some("fuzzy-match" | "mt-suggestion" | "leveraged-mt" | "leveraged-inherited")
        );
        // A CAT tool that confirms a segment sets its state and may leave the qualifier.
        if draft_qualifier && state.is_none() && !self.approved {
            return None;
        }
        Some(if reviewed {
            Status::Reviewed
        } else {
            Status::Unreviewed
        })
    }
}

/// The language of one side: its own `xml:lang` when it agrees with the file's (an error
/// when it does not), else the file's.
fn side_lang(
    side: &Captured,
    file: Option<&LangTag>,
    element: &str,
    which: &str,
) -> Result<Option<LangTag>, String> {
    let Some(raw) = side.lang.as_deref() else {
        return Ok(file.cloned());
    };
    let own = LangTag::parse(raw)
        .ok_or_else(|| format!("<{element}> xml:lang '{raw}' is not a language code"))?;
    match file {
        Some(file) if file.primary() != own.primary() => Err(format!(
            "<{element}> is in '{own}' but the file's {which} language is '{file}'"
        )),
        _ => Ok(Some(own)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> FileLangs {
        FileLangs {
            source: LangTag::parse("ar"),
            target: LangTag::parse("en"),
        }
    }

    fn segment(target: &str, state: Option<&str>) -> Segment {
        Segment {
            name: "u1".into(),
            source: Some(Captured {
                text: "مرحبا".into(),
                ..Captured::default()
            }),
            target: Some(Captured {
                text: target.into(),
                ..Captured::default()
            }),
            state: state.map(str::to_owned),
            ..Segment::default()
        }
    }

    fn status(o: Outcome) -> Status {
        match o {
            Outcome::Unit(u) => u.status,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn finished_states_import_with_their_status() {
        let v1 = |s| status(segment("Hello", s).outcome(Version::V1, &langs(), None));
        assert_eq!(v1(Some("translated")), Status::Unreviewed);
        assert_eq!(v1(None), Status::Unreviewed);
        assert_eq!(v1(Some("final")), Status::Reviewed);
        assert_eq!(v1(Some("signed-off")), Status::Reviewed);
        let v2 = |s| status(segment("Hello", s).outcome(Version::V2, &langs(), None));
        assert_eq!(v2(Some("reviewed")), Status::Reviewed);
        assert_eq!(v2(Some("final")), Status::Reviewed);
        let mut approved = segment("Hello", Some("translated"));
        approved.approved = true;
        assert_eq!(
            status(approved.outcome(Version::V1, &langs(), None)),
            Status::Reviewed
        );
    }

    #[test]
    fn drafts_and_empty_targets_are_skipped() {
        let skip = |seg: Segment, v| match seg.outcome(v, &langs(), None) {
            Outcome::Skip(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            skip(
                segment("Hello", Some("needs-review-translation")),
                Version::V1
            ),
            Skip::Draft
        );
        assert_eq!(
            skip(segment("Hello", Some("initial")), Version::V2),
            Skip::Draft
        );
        assert_eq!(
            skip(segment(" ", Some("translated")), Version::V1),
            Skip::Empty
        );
        let mut fuzzy = segment("Hello", None);
        fuzzy.state_qualifier = Some("fuzzy-match".into());
        assert_eq!(skip(fuzzy, Version::V1), Skip::Draft);
        let mut confirmed = segment("Hello", Some("translated"));
        confirmed.state_qualifier = Some("fuzzy-match".into());
        assert!(matches!(
            confirmed.outcome(Version::V1, &langs(), None),
            Outcome::Unit(_)
        ));
        let mut no_target = segment("x", None);
        no_target.target = None;
        assert_eq!(skip(no_target, Version::V1), Skip::Empty);
    }

    #[test]
    fn a_target_in_another_language_names_the_unit() {
        let mut seg = segment("Bonjour", Some("translated"));
        seg.target.as_mut().unwrap().lang = Some("fr".into());
        match seg.outcome(Version::V1, &langs(), None) {
            Outcome::Bad(m) => assert_eq!(
                m,
                "unit 'u1': <target> is in 'fr' but the file's target language is 'en'"
            ),
            other => panic!("{other:?}"),
        }
    }
}
