//! Units a TMX file may hold that give no translation pair: tools write them for segments
//! nobody translated yet. They are not broken records, so an import skips them and counts
//! them by kind (`--strict` makes them bad records instead).

use std::fmt;

/// Why a well-formed `<tu>` gives no unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A `<tu>` with a single `<tuv>`.
    OneTuv,
    /// Every target `<seg>` is empty or whitespace.
    EmptyTarget,
    /// The source `<seg>` has no text: empty, or only inline tags (`<ph>…</ph>`).
    TagOnlySource,
    /// No `<tuv>` in the source language.
    NoSourceTuv,
    /// An XLIFF segment whose target is still a draft (fuzzy, needs review, initial, MT).
    DraftTarget,
    /// An XLIFF segment with no target, an empty one, or a source of inline codes only.
    Untranslated,
}

impl SkipKind {
    pub const ALL: [SkipKind; 6] = [
        SkipKind::OneTuv,
        SkipKind::EmptyTarget,
        SkipKind::TagOnlySource,
        SkipKind::NoSourceTuv,
        SkipKind::DraftTarget,
        SkipKind::Untranslated,
    ];

    /// Whether `--strict` makes such a unit a bad record. An XLIFF draft comes back from a
    /// CAT tool with unfinished segments by design: importing its finished ones is the job,
    /// so `--strict` (meant for TMX files that should be complete) leaves them skipped.
    pub fn refused_by_strict(self) -> bool {
        !matches!(self, SkipKind::DraftTarget | SkipKind::Untranslated)
    }

    /// The kind's name in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipKind::OneTuv => "one_tuv",
            SkipKind::EmptyTarget => "empty_target",
            SkipKind::TagOnlySource => "tag_only_source",
            SkipKind::NoSourceTuv => "no_source_tuv",
            SkipKind::DraftTarget => "draft_target",
            SkipKind::Untranslated => "untranslated",
        }
    }

    /// What such a unit lacks, to follow a count: "3 units with only one tuv".
    pub fn describe(self) -> &'static str {
        match self {
            SkipKind::OneTuv => "with only one tuv",
            SkipKind::EmptyTarget => "with an empty target",
            SkipKind::TagOnlySource => "whose source is empty or only tags",
            SkipKind::NoSourceTuv => "without a tuv in the source language",
            SkipKind::DraftTarget => "whose target is a draft (fuzzy, needs review, initial)",
            SkipKind::Untranslated => "without a translation (no target, or an empty one)",
        }
    }
}

/// The message of a skipped unit made a bad record by `--strict`.
impl fmt::Display for SkipKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipKind::OneTuv => "tu has only one tuv (a translation needs two languages)",
            SkipKind::EmptyTarget => "empty target text (every tuv besides the source is empty)",
            SkipKind::TagOnlySource => "the source has no text (empty, or only inline tags)",
            SkipKind::NoSourceTuv => "no tuv in the source language",
            SkipKind::DraftTarget => "the target is a draft (fuzzy, needs review, initial)",
            SkipKind::Untranslated => "no translation (no target, or an empty one)",
        })
    }
}
