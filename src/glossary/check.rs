//! The editor's check, one line at a time (so a 50 MB file streams): forbidden variants
//! (errors), forms written differently from the listed ones and unlisted spelling
//! variants of names (warnings), and the safe rewrite of forbidden variants (`--fix`).

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::arabic::followed_by_name;
use super::model::{Entry, EntryType, Glossary, Lang, TermStatus};
use super::recognize::{is_sentence_start, Compiled, Recognizer, TermMatch};
use super::variant::{compound_spans, is_name_word, VariantIndex, ARTICLES};
use crate::text::normalize::fold_text;
use crate::text::{tokenize, Token, TokenKind};

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
    #[serde(skip)]
    pub entry_index: usize,
    pub message: String,
    /// Whether `--fix` rewrites it.
    pub fixable: bool,
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
    /// common noun it also is (see [`Checker::owes_translation`]).
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

/// A glossary compiled for checking; build once per run.
pub struct Checker {
    recognizer: Recognizer,
    variants: VariantIndex,
}

impl Checker {
    /// Compiles the term automaton and the variant index of a large glossary side by side:
    /// both only read the glossary, and start-up is most of the time `check` takes.
    pub fn new(glossary: Glossary) -> Checker {
        let (compiled, variants) = std::thread::scope(|scope| {
            let variants = scope.spawn(|| VariantIndex::new(&glossary));
            let compiled = Compiled::new(&glossary);
            let variants = variants
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (compiled, variants)
        });
        Checker {
            recognizer: Recognizer::from_compiled(glossary, compiled),
            variants,
        }
    }

    pub fn recognizer(&self) -> &Recognizer {
        &self.recognizer
    }

    pub fn entry(&self, i: usize) -> &Entry {
        self.recognizer.entry(i)
    }

    /// The "missing term" error for a source term whose entry the translation (in
    /// `tgt_lang`) does not contain; `place` ends the message ("in the translation").
    /// `None` when the entry has no preferred form in `tgt_lang` to ask for.
    pub fn missing_term(&self, term: &SourceTerm, tgt_lang: Lang, place: &str) -> Option<Finding> {
        let entry = self.entry(term.entry);
        let want = entry.forms(tgt_lang).preferred.as_deref()?;
        Some(Finding {
            severity: Severity::Error,
            kind: FindingKind::MissingTerm,
            line: term.line,
            col: column(term.line_text, term.start),
            start: term.start,
            end: term.end,
            found: term.found.to_string(),
            message: format!(
                "missing term: \"{}\" is in the source but \"{want}\" is not {place}",
                term.found
            ),
            suggestion: None,
            entry: entry.label(),
            entry_index: term.entry,
            fixable: false,
        })
    }

    /// A check of a whole text, fed line by line (see [`DocumentCheck`]).
    pub fn document(&self) -> DocumentCheck<'_> {
        DocumentCheck {
            checker: self,
            introduced: std::collections::HashSet::new(),
        }
    }

    /// Checks consecutive lines (the first numbered `first_line_no`), each on its own as
    /// [`Checker::check_line`] does, on up to four threads; the reports come back in order.
    /// Lines are independent until [`DocumentCheck::follow`] puts them back in sequence, so
    /// a large text is checked in batches on every core.
    pub fn check_lines(&self, lines: &[String], first_line_no: usize) -> Vec<LineReport> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if threads < 2 || lines.len() < 64 {
            return lines
                .iter()
                .enumerate()
                .map(|(i, l)| self.check_line(l, first_line_no + i))
                .collect();
        }
        let per = lines.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = lines
                .chunks(per)
                .enumerate()
                .map(|(k, chunk)| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .enumerate()
                            .map(|(i, l)| self.check_line(l, first_line_no + k * per + i))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// Whether a translation of `text` must carry term `m` found in it. Arabic titles double
    /// as common nouns (الفريق "the team", اللواء "the brigade"); a rank stands before a
    /// name, so a title followed by anything else is not owed.
    pub fn owes_translation(&self, text: &str, m: &TermMatch) -> bool {
        m.lang != Lang::Ar
            || self.entry(m.entry).kind != EntryType::Title
            || followed_by_name(text, m.end)
    }

    /// Checks one line on its own (without its line ending); `line_no` is 1-based. Every
    /// short form on it counts as used before its full form unless the full form precedes
    /// it on the line; [`DocumentCheck`] carries that across lines.
    pub fn check_line(&self, line: &str, line_no: usize) -> LineReport {
        let tokens = tokenize(line);
        let matches = self.recognizer.find_in_tokens(line, &tokens);
        let mut report = LineReport::default();
        for m in &matches {
            let at = Pos::new(line, line_no, m.stem_start, m.end);
            let owed = self.owes_translation(line, m);
            report
                .seen
                .push(at.seen(m.entry, m.lang, m.status.is_full(), owed));
            if let Some(f) = self.term_finding(line, m, &at) {
                report.findings.push(f);
            }
        }
        self.variant_findings(line, line_no, &tokens, &matches, &mut report);
        report
    }

    fn term_finding(&self, line: &str, m: &TermMatch, at: &Pos) -> Option<Finding> {
        let entry = self.entry(m.entry);
        let surface = &line[m.stem_start..m.end];
        if m.status == TermStatus::Short {
            let full = entry.forms(m.lang).preferred.clone()?;
            let message = format!(
                "short form \"{surface}\" before the full form \"{full}\" (write it out on first reference)"
            );
            return Some(at.finding(
                Severity::Warning,
                FindingKind::ShortFormFirst,
                message,
                Some(full),
                entry,
                m.entry,
                false,
            ));
        }
        if m.status == TermStatus::Forbidden {
            let replacement = replacement(entry, m.lang, &m.form)
                .map(|r| capitalize_at_start(r, line, m.stem_start, surface));
            let message = format!("forbidden variant \"{surface}\"");
            let exact = crate::text::match_key(surface) == crate::text::match_key(&m.form);
            let fixable = !m.ambiguous && exact && replacement.is_some();
            return Some(at.finding(
                Severity::Error,
                FindingKind::Forbidden,
                message,
                replacement,
                entry,
                m.entry,
                fixable,
            ));
        }
        // Arabic keys already fold every spelling difference that is not a clitic.
        let listed = m.lang == Lang::Ar
            || same_spelling(&m.form, surface)
            || entry
                .forms(m.lang)
                .allowed()
                .any(|f| same_spelling(f, surface));
        if listed {
            return None;
        }
        let message = format!(
            "\"{surface}\" is written differently from the glossary form \"{}\"",
            m.form
        );
        let suggestion = Some(capitalize_at_start(
            m.form.clone(),
            line,
            m.stem_start,
            surface,
        ));
        Some(at.finding(
            Severity::Warning,
            FindingKind::Spelling,
            message,
            suggestion,
            entry,
            m.entry,
            false,
        ))
    }

    fn variant_findings(
        &self,
        line: &str,
        line_no: usize,
        tokens: &[Token],
        matches: &[TermMatch],
        report: &mut LineReport,
    ) {
        let covered = |t: &Token| matches.iter().any(|m| t.start < m.end && t.end > m.start);
        // Compound names written as several words ("Abdel Rahman") are looked up whole;
        // their words are then not looked up one by one.
        let mut done = vec![false; tokens.len()];
        let mut hits = Vec::new();
        for span in compound_spans(line, tokens) {
            if tokens[span.first..=span.last].iter().any(covered) {
                continue;
            }
            if let Some(hit) = self.variants.lookup(&span.joined) {
                done[span.first..=span.last].fill(true);
                hits.push((span.first, span.end, hit));
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            let word = &line[t.start..t.end];
            if t.kind != TokenKind::Word || done[i] || covered(t) || !is_name_word(word) {
                continue;
            }
            if let Some(hit) = self.variants.lookup(word) {
                hits.push((i, t.end, hit));
            }
        }
        hits.sort_by_key(|h| h.0);
        for (i, end, hit) in hits {
            let t = &tokens[i];
            let part = self.variants.part(hit.part);
            let start = article_before(line, tokens, i)
                .filter(|&s| !matches.iter().any(|m| s >= m.start && s < m.end))
                .unwrap_or(t.start);
            let found = &line[start..end];
            let at = Pos::new(line, line_no, start, end);
            let entry = self.entry(part.entry);
            let suggestion = capitalize_at_start(part.display.clone(), line, start, found);
            let message = format!(
                "\"{found}\" looks like an unlisted spelling of \"{}\"",
                part.display
            );
            report.seen.push(at.seen(part.entry, Lang::En, false, true));
            report.findings.push(at.finding(
                Severity::Warning,
                FindingKind::Variant,
                message,
                Some(suggestion),
                entry,
                part.entry,
                false,
            ));
        }
    }

    /// The line with every fixable finding rewritten; nothing else changes.
    pub fn fix_line(&self, line: &str, findings: &[Finding]) -> String {
        let mut out = line.to_string();
        let mut fixes: Vec<&Finding> = findings.iter().filter(|f| f.fixable).collect();
        fixes.sort_by_key(|f| std::cmp::Reverse(f.start));
        for f in fixes {
            if let Some(s) = &f.suggestion {
                out.replace_range(f.start..f.end, s);
            }
        }
        out
    }
}

/// The check of one text, line by line in order: remembers which entries the text has
/// written out in full, so that a short form (JOC) is flagged only before its entry's full
/// form (Joint Operations Command) has appeared — on an earlier line or earlier on its own.
pub struct DocumentCheck<'c> {
    checker: &'c Checker,
    introduced: std::collections::HashSet<usize>,
}

impl DocumentCheck<'_> {
    /// Checks the next line of the text (`line_no` 1-based).
    pub fn check_line(&mut self, line: &str, line_no: usize) -> LineReport {
        let report = self.checker.check_line(line, line_no);
        self.follow(report)
    }

    /// Takes the report of the text's next line made on its own ([`Checker::check_line`] or
    /// [`Checker::check_lines`]) and applies what the lines before it said.
    pub fn follow(&mut self, mut report: LineReport) -> LineReport {
        let full: Vec<(usize, usize)> = report
            .seen
            .iter()
            .filter(|s| s.full)
            .map(|s| (s.entry, s.col))
            .collect();
        let introduced = &self.introduced;
        report.findings.retain(|f| {
            f.kind != FindingKind::ShortFormFirst
                || !(introduced.contains(&f.entry_index)
                    || full
                        .iter()
                        .any(|&(e, col)| e == f.entry_index && col < f.col))
        });
        self.introduced.extend(full.into_iter().map(|(e, _)| e));
        report
    }
}

/// A span of a line, with its column.
struct Pos<'a> {
    line: &'a str,
    line_no: usize,
    start: usize,
    end: usize,
    col: usize,
}

impl<'a> Pos<'a> {
    fn new(line: &'a str, line_no: usize, start: usize, end: usize) -> Pos<'a> {
        Pos {
            line,
            line_no,
            start,
            end,
            col: column(line, start),
        }
    }

    fn seen(&self, entry: usize, lang: Lang, full: bool, owed: bool) -> Seen {
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
    fn finding(
        &self,
        severity: Severity,
        kind: FindingKind,
        message: String,
        suggestion: Option<String>,
        entry: &Entry,
        entry_index: usize,
        fixable: bool,
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

/// The start of an article token ("al", "el", ...) joined to token `i` by a hyphen or a space.
fn article_before(line: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let mut j = i.checked_sub(1)?;
    if tokens[j].kind == TokenKind::Punct && tokens[j].key == "-" {
        j = j.checked_sub(1)?;
    }
    let t = &tokens[j];
    let gap = &line[t.end..tokens[i].start];
    (t.kind == TokenKind::Word && ARTICLES.contains(&t.key.as_str()) && gap.chars().count() <= 1)
        .then_some(t.start)
}

/// The allowed form that replaces a forbidden one: the one with the closest number of
/// words, the preferred form on ties ("Kazemi" → "Al-Kadhimi", not the full name).
fn replacement(entry: &Entry, lang: Lang, forbidden: &str) -> Option<String> {
    let n = word_count(forbidden) as isize;
    entry
        .forms(lang)
        .allowed()
        .min_by_key(|f| (word_count(f) as isize - n).abs())
        .map(str::to_string)
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// Capitalizes the first letter of `form` when it replaces a capitalized word that starts a
/// sentence ("al-Khafaji said" → "Al-Khafaji" at the start of a sentence).
fn capitalize_at_start(form: String, line: &str, at: usize, surface: &str) -> String {
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

/// Whether a text span spells a glossary form (case aside unless the entry says otherwise),
/// ignoring punctuation at the ends: the span stops at the last word, "Lt. Gen" ~ "Lt. Gen.".
fn same_spelling(form: &str, surface: &str) -> bool {
    spelling(form) == spelling(surface)
}

fn spelling(s: &str) -> String {
    let folded = fold_text(s);
    let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.len() == folded.len() {
        folded
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::EntryType;

    fn checker() -> Checker {
        let mut kadhimi = Entry::new(EntryType::Person);
        kadhimi.en.preferred = Some("Mustafa Al-Kadhimi".into());
        kadhimi.en.forbidden = vec!["Kazemi".into()];
        kadhimi.ar.preferred = Some("مصطفى الكاظمي".into());
        let mut joc = Entry::new(EntryType::Organization);
        joc.en.preferred = Some("Joint Operations Command".into());
        joc.en.short = vec!["JOC".into()];
        joc.ar.preferred = Some("قيادة العمليات المشتركة".into());
        Checker::new(Glossary::new(vec![kadhimi, joc]))
    }

    #[test]
    fn lines_checked_in_parallel_report_as_one_by_one() {
        let checker = checker();
        let lines: Vec<String> = (0..300)
            .map(|i| match i % 4 {
                0 => format!("Kazemi spoke on day {i}."),
                1 => "The JOC said the Joint Operations Command met.".to_string(),
                2 => "قال مصطفى الكاظمي إن الوضع مستقر".to_string(),
                _ => String::new(),
            })
            .collect();
        let together = checker.check_lines(&lines, 10);
        assert_eq!(together.len(), lines.len());
        for (i, (line, report)) in lines.iter().zip(&together).enumerate() {
            let alone = checker.check_line(line, 10 + i);
            assert_eq!(report.findings, alone.findings, "line {}", 10 + i);
            assert_eq!(report.seen, alone.seen, "line {}", 10 + i);
        }
        assert!(together[0].findings[0].line == 10 && together[299].seen.is_empty());
    }

    #[test]
    fn a_short_form_is_a_finding_only_until_the_full_form_appears() {
        let checker = checker();
        let mut doc = checker.document();
        let kinds = |r: LineReport| -> Vec<(usize, FindingKind)> {
            r.findings.iter().map(|f| (f.col, f.kind)).collect()
        };
        assert_eq!(
            kinds(doc.check_line("JOC: talks resume", 1)),
            [(1, FindingKind::ShortFormFirst)]
        );
        // Written out on this line: the JOC after it is fine, the one before is not.
        assert_eq!(
            kinds(doc.check_line("JOC and the Joint Operations Command (JOC)", 2)),
            [(1, FindingKind::ShortFormFirst)]
        );
        assert!(kinds(doc.check_line("The JOC spokesman said", 3)).is_empty());
        // A new document starts over.
        let mut other = checker.document();
        assert_eq!(
            other.check_line("The JOC spokesman said", 1).findings.len(),
            1
        );
    }
}
