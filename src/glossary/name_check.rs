//! Unlisted spelling variants of glossary names in a line of English text (warnings).
//!
//! People are compared as whole mentions ([`crate::names`]): "Mustafa Taha" is a variant of
//! "Mostafa Taha", "Adly Youssef" is somebody else than "Farouk Yousif", a bare family name
//! ("Khafagy") refers to its entry, a given name alone to nobody. Places and organizations
//! keep the word-level comparison ([`super::variant`]): "Bagdad", "Peshmarga".

use super::check::Checker;
use super::finding::{capitalize_at_start, LineReport, MentionSpan, Pos, Severity};
use super::finding::{column, FindingKind};
use super::model::{EntryType, Glossary, Lang, TermStatus};
use super::recognize::TermMatch;
use super::variant::{compound_spans, is_name_word, ARTICLES};
use crate::names::{find_mentions_across_particles, Mention, MentionMatch, NameIndex};
use crate::text::{Token, TokenKind};

/// The preferred and admitted English forms of the glossary's people, indexed by entry.
pub fn people_index(glossary: &Glossary) -> NameIndex {
    people_index_of(glossary, 0..glossary.entries.len())
}

/// The index of the people among entries `range` (see [`people_index`]); indexes of
/// consecutive ranges appended in order equal the index of the whole.
pub(super) fn people_index_of(glossary: &Glossary, range: std::ops::Range<usize>) -> NameIndex {
    let mut index = NameIndex::new();
    for i in range {
        let entry = &glossary.entries[i];
        if entry.kind == EntryType::Person {
            for form in entry.forms(Lang::En).allowed() {
                index.add(i, form);
            }
        }
    }
    index
}

/// Whether the span `start..end` (a person's listed term) lies inside a longer person-name
/// mention ("Abdul-Haq" in "Haidar Abdul-Haq"): the whole mention is then compared with the
/// glossary by [`MentionCheck::person_variants`], which decides whether it is the entry's
/// person at all, so the term's own spelling finding would be a second, often false, say.
pub(super) fn inside_longer_mention(
    line: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
) -> bool {
    let longer = std::cell::Cell::new(false);
    // Only the spans are wanted: refusing every mention skips reading it as units.
    find_mentions_across_particles(line, tokens, |s, e| {
        if s <= start && e >= end && (s < start || e > end) {
            longer.set(true);
        }
        false
    });
    longer.get()
}

/// One line being checked for unlisted variants, with the terms found on it.
pub(super) struct MentionCheck<'a> {
    pub checker: &'a Checker,
    pub line: &'a str,
    pub line_no: usize,
    pub tokens: &'a [Token],
    pub matches: &'a [TermMatch],
}

impl MentionCheck<'_> {
    /// Person mentions that spell a glossary person differently.
    pub fn person_variants(&self, report: &mut LineReport) {
        if self.checker.people.is_empty() {
            return;
        }
        let unsettled = |start, end| !self.settled_by_terms(start, end);
        for mention in find_mentions_across_particles(self.line, self.tokens, unsettled) {
            let Some(hit) = self.checker.people.lookup(&mention, &self.checker.params) else {
                continue;
            };
            let at = Pos::new(self.line, self.line_no, mention.start, mention.end);
            report.seen.push(at.seen(hit.owner, Lang::En, false, true));
            if !hit.found.exact {
                report.findings.push(self.person_finding(&mention, &hit));
            }
        }
    }

    /// Whether the listed terms already say all about a mention: one covers it whole, or
    /// overlaps it and is forbidden or not a person (its own finding stands).
    fn settled_by_terms(&self, start: usize, end: usize) -> bool {
        self.matches
            .iter()
            .filter(|m| m.start < end && m.end > start)
            .any(|m| {
                (m.stem_start <= start && m.end >= end)
                    || m.status == TermStatus::Forbidden
                    || self.checker.entry(m.entry).kind != EntryType::Person
            })
    }

    /// The warning for a mention that is a variant: its span runs from the first unit spelled
    /// differently to the last (the whole mention when it adds a unit), the suggestion is
    /// the glossary's spelling of those units.
    fn person_finding(&self, mention: &Mention, hit: &MentionMatch) -> super::finding::Finding {
        let form = self.checker.people.form(hit.form);
        let differ: Vec<_> = hit
            .found
            .pairs
            .iter()
            .filter(|p| !p.spelled_alike)
            .collect();
        // An added unit, or a unit left out, makes the whole mention the difference.
        let whole = !hit.found.extra.is_empty()
            || (hit.found.skipped > 0 && self.checker.params.flag_shortened);
        let (start, end, wanted) = match (differ.first(), differ.last()) {
            (Some(first), Some(last)) if !whole => (
                mention.units[first.mention.start].start,
                mention.units[last.mention.end - 1].end,
                &form.text[form.units[first.form.start].start..form.units[last.form.end - 1].end],
            ),
            _ => (mention.start, mention.end, form.text.as_str()),
        };
        let found = &self.line[start..end];
        let suggestion = capitalize_at_start(wanted.to_string(), self.line, start, found);
        let entry = self.checker.entry(hit.owner);
        let message = format!("\"{found}\" looks like an unlisted spelling of \"{wanted}\"");
        let mut f = Pos::new(self.line, self.line_no, start, end).finding(
            Severity::Warning,
            FindingKind::Variant,
            message,
            Some(suggestion),
            entry,
            hit.owner,
            false,
            Lang::En,
        );
        f.mention = Some(MentionSpan {
            start: mention.start,
            end: mention.end,
            col: column(self.line, mention.start),
            text: mention.text(self.line).to_string(),
        });
        f
    }

    /// Words of place and organization names written differently ("Bagdad").
    pub fn word_variants(&self, report: &mut LineReport) {
        let (line, tokens, matches) = (self.line, self.tokens, self.matches);
        let variants = &self.checker.variants;
        if variants.is_empty() {
            return;
        }
        let covered = |t: &Token| matches.iter().any(|m| t.start < m.end && t.end > m.start);
        // Compound names written as several words ("Abdel Rahman") are looked up whole;
        // their words are then not looked up one by one.
        let mut done = vec![false; tokens.len()];
        let mut hits = Vec::new();
        for span in compound_spans(line, tokens) {
            if tokens[span.first..=span.last].iter().any(covered) {
                continue;
            }
            if let Some(hit) = variants.lookup(&span.joined) {
                done[span.first..=span.last].fill(true);
                hits.push((span.first, span.end, hit));
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            let word = &line[t.start..t.end];
            if t.kind != TokenKind::Word || done[i] || covered(t) || !is_name_word(word) {
                continue;
            }
            if let Some(hit) = variants.lookup(word) {
                hits.push((i, t.end, hit));
            }
        }
        hits.sort_by_key(|h| h.0);
        for (i, end, hit) in hits {
            let t = &tokens[i];
            let part = variants.part(hit.part);
            let start = article_before(line, tokens, i)
                .filter(|&s| !matches.iter().any(|m| s >= m.start && s < m.end))
                .unwrap_or(t.start);
            let found = &line[start..end];
            let at = Pos::new(line, self.line_no, start, end);
            let entry = self.checker.entry(part.entry);
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
                Lang::En,
            ));
        }
    }
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

#[cfg(test)]
mod tests {
    use crate::glossary::{Checker, Entry, EntryType, FindingKind, Glossary};

    fn people(names: &[&str]) -> Checker {
        let entries = names
            .iter()
            .map(|n| {
                let mut e = Entry::new(EntryType::Person);
                e.en.preferred = Some(n.to_string());
                e
            })
            .collect();
        Checker::new(Glossary::new(entries))
    }

    fn flagged(checker: &Checker, line: &str) -> Vec<(FindingKind, String)> {
        checker
            .check_line(line, 1)
            .findings
            .into_iter()
            .map(|f| (f.kind, line[f.start..f.end].to_string()))
            .collect()
    }

    #[test]
    fn a_listed_name_inside_a_longer_name_is_judged_as_a_whole() {
        let checker = people(&["Abdul Haq", "Karim Haddad"]);
        // Another person whose family name is the entry: no spelling finding either.
        assert!(flagged(&checker, "Sheikh Haidar Abdul-Haq urged calm.").is_empty());
        // Alone, the hyphen is still a spelling of the listed form.
        assert_eq!(
            flagged(&checker, "Abdul-Haq urged calm."),
            [(FindingKind::Spelling, "Abdul-Haq".to_string())]
        );
        assert_eq!(flagged(&checker, "Karim Hadad said").len(), 1);
    }

    #[test]
    fn a_european_particle_joins_the_names_around_it() {
        let checker = people(&["Nabeel", "Ahmed Dijk"]);
        // "Nabil" is a given name here, not the one-word entry.
        assert!(flagged(&checker, "Prime Minister Nabil de Freige said.").is_empty());
        assert_eq!(flagged(&checker, "Nabil said.").len(), 1);
        // The particle is written like an article: a variant of the family name.
        assert_eq!(
            flagged(&checker, "Ahmed van Dijk said."),
            [(FindingKind::Variant, "van Dijk".to_string())]
        );
    }
}
