//! The editor's check, one line at a time (so a 50 MB file streams): forbidden variants
//! (errors), forms written differently from the listed ones and unlisted spelling
//! variants of names (warnings, [`super::name_check`]), and the safe rewrite of forbidden
//! variants (`--fix`).

use std::sync::OnceLock;

use super::arabic::followed_by_name;
pub use super::document::DocumentCheck;
use super::finding::{capitalize_at_start, Pos};
pub use super::finding::{
    column, Finding, FindingKind, LineReport, MentionSpan, Seen, Severity, SourceTerm,
};
use super::model::{find_in_keys, Entry, EntryType, Glossary, Lang, TermStatus};
use super::name_check::{inside_longer_mention, people_index_of, MentionCheck};
use super::recognize::{Compiled, Recognizer, TermMatch};
use super::variant::VariantIndex;
use crate::names::{MatchParams, NameIndex};
use crate::text::normalize::fold_text;
use crate::text::tokenize;

/// A glossary compiled for checking; build once per run.
pub struct Checker {
    recognizer: Recognizer,
    /// Words of place and organization names, for word-level variants.
    pub(super) variants: VariantIndex,
    /// Person names, for mention-level variants.
    pub(super) people: NameIndex,
    pub(super) params: MatchParams,
    /// The match key of every form, with its entry's index, in glossary order: built at the
    /// first [`Checker::find`] (a server's glossary search asks on every keystroke).
    form_keys: OnceLock<Vec<(usize, Box<str>)>>,
}

impl Checker {
    /// Compiles the term trie, the variant index and the people index of a large
    /// glossary side by side: all only read the glossary, and start-up is most of the time
    /// `check` takes. The people index, the largest part, is built in two halves (appended
    /// in order, so it is the index a serial build gives).
    pub fn new(glossary: Glossary) -> Checker {
        let half = glossary.entries.len() / 2;
        let (compiled, (variants, mut people), rest) = std::thread::scope(|scope| {
            let names = scope.spawn(|| {
                (
                    VariantIndex::new(&glossary),
                    people_index_of(&glossary, 0..half),
                )
            });
            let rest = scope.spawn(|| people_index_of(&glossary, half..glossary.entries.len()));
            let compiled = Compiled::new(&glossary);
            (compiled, join(names), join(rest))
        });
        people.append(rest);
        Checker {
            recognizer: Recognizer::from_compiled(glossary, compiled),
            variants,
            people,
            params: MatchParams::default(),
            form_keys: OnceLock::new(),
        }
    }

    /// [`Glossary::find`] — the entries with a form whose match key contains `query`'s, in
    /// glossary order — on keys made once rather than for every form at every search (50,000
    /// forms: 8.8 ms a search over HTTP).
    pub fn find(&self, query: &str) -> Vec<&Entry> {
        let keys = self
            .form_keys
            .get_or_init(|| self.recognizer.glossary().form_keys());
        find_in_keys(keys, query)
            .into_iter()
            .map(|i| self.entry(i))
            .collect()
    }

    /// The same checker comparing person names with other limits (for evaluations).
    pub fn with_params(mut self, params: MatchParams) -> Checker {
        self.params = params;
        self
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
            preferred: Some(want.to_string()),
            mention: None,
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
                // A person's name written inside a longer name is the name checker's to
                // judge as a whole ("Haidar Abdul-Haq" is not "Abdul Haq" respelled).
                let by_names = f.kind == FindingKind::Spelling
                    && self.entry(m.entry).kind == EntryType::Person
                    && inside_longer_mention(line, &tokens, m.stem_start, m.end);
                if !by_names {
                    report.findings.push(f);
                }
            }
        }
        let check = MentionCheck {
            checker: self,
            line,
            line_no,
            tokens: &tokens,
            matches: &matches,
        };
        check.word_variants(&mut report);
        check.person_variants(&mut report);
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
                m.lang,
            ));
        }
        if m.status == TermStatus::Forbidden {
            let replacement = replacement(entry, m.lang, &m.form)
                .map(|r| capitalize_at_start(r, line, m.stem_start, surface));
            // An entry may forbid forms in a language where it allows none (a TBX concept
            // with only deprecated terms there): nothing to rewrite to, so never fixable.
            let message = match &replacement {
                Some(_) => format!("forbidden variant \"{surface}\""),
                None => format!(
                    "forbidden variant \"{surface}\": do not write it (the glossary has no {} form of \"{}\")",
                    language_name(m.lang),
                    entry.label()
                ),
            };
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
                m.lang,
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
            m.lang,
        ))
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

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => "Arabic",
        Lang::En => "English",
    }
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
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

/// What a scoped thread returned (its panic carried on to the caller).
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
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

    /// The search on keys made once finds what the glossary's own search finds, in the same
    /// order, each entry once (an entry with several matching forms, a forbidden or a short
    /// form, Arabic with diacritics and proclitic-free substrings, case, nothing, blank).
    #[test]
    fn find_on_keys_made_once_equals_the_glossarys_find() {
        let mut checker_entries = vec![
            Entry::person("Mustafa Al-Kadhimi", "مصطفى الكاظمي"),
            Entry::person("Kadhim al-Hussein", "كاظم الحسين"),
            Entry::person("Basra Operations Command", "قيادة عمليات البصرة"),
        ];
        checker_entries[0].en.forbidden = vec!["Kazemi".into(), "Kadhemi".into()];
        let glossary = Glossary::new(checker_entries);
        let checker = Checker::new(glossary.clone());
        for q in [
            "kadh",
            "KADHIM",
            "al-",
            "Kazemi",
            "command",
            "الكاظ",
            "كَاظِم",
            "البصرة",
            "zzz",
            " ",
            "",
            "a",
        ] {
            let want: Vec<&Entry> = glossary.find(q);
            assert_eq!(checker.find(q), want, "{q:?}");
        }
        assert_eq!(checker.find("kadh").len(), 2);
        assert_eq!(checker.find("a").len(), 3);
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
