//! What a check reports: findings (one problem at one place, as `--json` prints them), the
//! entries seen on a line, and the small helpers that place a finding in its line (columns in
//! graphemes, a capital kept at a sentence start).

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::model::{Entry, Lang};
use super::recognize::is_sentence_start;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A variant the glossary lists as forbidden.
    Forbidden,
    /// A listed form written with different punctuation or spacing ("Al Kadhimi").
    Spelling,
    /// A spelling the glossary does not list but that looks like a name of it ("Khafagy").
    Variant,
    /// A term of the source text whose translation is missing from the target text.
    MissingTerm,
    /// A short form ("JOC") before its entry's full form has appeared in the text.
    ShortFormFirst,
}

/// One problem at one place of a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    /// 1-based line, and column counted in user-visible characters (graphemes).
    pub line: usize,
    pub col: usize,
    /// Byte span in the line.
    pub start: usize,
    pub end: usize,
    pub found: String,
    pub suggestion: Option<String>,
    /// The glossary entry, as `English / Arabic` preferred forms.
    pub entry: String,
    /// The entry's preferred form in the language of the text checked (`null` when it has
    /// none there).
    pub preferred: Option<String>,
    /// For a person's name, the whole name mention the finding is about (the finding's own
    /// span may be the part of it spelled differently).
    pub mention: Option<MentionSpan>,
    #[serde(skip)]
    pub entry_index: usize,
    pub message: String,
    /// Whether `--fix` rewrites it.
    pub fixable: bool,
}

/// A person-name mention in a line: byte span, column, text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub col: usize,
    pub text: String,
}

/// Where an entry was first seen in a text (for the source/target comparison).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub entry: usize,
    /// The language of the text where it was seen.
    pub lang: Lang,
    pub line: usize,
    pub col: usize,
    pub found: String,
    /// Seen in a full form (preferred or admitted), which introduces the entry's short forms.
    pub full: bool,
    /// Whether a translation must carry the entry: not for an Arabic title used as the
    /// common noun it also is (see [`Checker::owes_translation`](super::check::Checker::owes_translation)).
    pub owed: bool,
}

/// What checking one line gives.
#[derive(Debug, Default)]
pub struct LineReport {
    pub findings: Vec<Finding>,
    /// Every entry present on the line, in any spelling.
    pub seen: Vec<Seen>,
}

/// A term of a source text, located for a "missing term" finding.
pub struct SourceTerm<'a> {
    /// Index of the entry in the checker's glossary.
    pub entry: usize,
    /// The term as written in the source.
    pub found: &'a str,
    /// The source line holding it (1-based) and its text, with the byte span of the term.
    pub line: usize,
    pub line_text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// A span of a line, with its column.
pub(super) struct Pos<'a> {
    line: &'a str,
    line_no: usize,
    start: usize,
    end: usize,
    col: usize,
}

impl<'a> Pos<'a> {
    pub(super) fn new(line: &'a str, line_no: usize, start: usize, end: usize) -> Pos<'a> {
        Pos {
            line,
            line_no,
            start,
            end,
            col: column(line, start),
        }
    }

    pub(super) fn seen(&self, entry: usize, lang: Lang, full: bool, owed: bool) -> Seen {
        Seen {
            entry,
            lang,
            line: self.line_no,
            col: self.col,
            found: self.line[self.start..self.end].to_string(),
            full,
            owed,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn finding(
        &self,
        severity: Severity,
        kind: FindingKind,
        message: String,
        suggestion: Option<String>,
        entry: &Entry,
        entry_index: usize,
        fixable: bool,
        lang: Lang,
    ) -> Finding {
        Finding {
            severity,
            kind,
            line: self.line_no,
            col: self.col,
            start: self.start,
            end: self.end,
            found: self.line[self.start..self.end].to_string(),
            suggestion,
            entry: entry.label(),
            preferred: entry.forms(lang).preferred.clone(),
            mention: None,
            entry_index,
            message,
            fixable,
        }
    }
}

/// 1-based column of byte `at`, counted in graphemes (right for Arabic with diacritics).
pub fn column(line: &str, at: usize) -> usize {
    let before = &line[..at];
    if before.is_ascii() {
        return at + 1;
    }
    before.graphemes(true).count() + 1
}

/// Capitalizes the first letter of `form` when it replaces a capitalized word that starts a
/// sentence ("al-Khafaji said" → "Al-Khafaji" at the start of a sentence).
pub(super) fn capitalize_at_start(form: String, line: &str, at: usize, surface: &str) -> String {
    let was_upper = surface.chars().next().is_some_and(char::is_uppercase);
    if !(was_upper && is_sentence_start(line, at)) {
        return form;
    }
    let mut chars = form.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => form,
    }
}
