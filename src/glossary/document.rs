//! The check of a whole text in order: what one line says about the next (a short form is
//! fine once its entry's full form has appeared).

use std::collections::HashSet;

use super::check::Checker;
use super::finding::{FindingKind, LineReport};

/// The check of one text, line by line in order: remembers which entries the text has
/// written out in full, so that a short form (JOC) is flagged only before its entry's full
/// form (Joint Operations Command) has appeared — on an earlier line or earlier on its own.
pub struct DocumentCheck<'c> {
    pub(super) checker: &'c Checker,
    pub(super) introduced: HashSet<usize>,
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
