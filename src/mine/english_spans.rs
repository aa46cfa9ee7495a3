//! Where a Latin-script line names someone or something, for the miner: the mentions of
//! issue 8's recogniser ([`crate::names::find_mentions`]: capitalized words with the
//! particles of Arabic names, titles, function words, days, months and nationality
//! adjectives left out), each with the title written right before it ("Maj. Gen.", "Prime
//! Minister") and without a dateline's agency ("Baghdad-INA").
//!
//! What a name is stays with `crate::names`; this file only adds what mining needs on top:
//! the title phrase before a name (its rendering is audited) and the agency cut.

use crate::names::find_mentions;

/// A name written in a Latin line, with the title written before it if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSpan {
    /// Byte range of the name (title excluded, possessive 's excluded).
    pub start: usize,
    pub end: usize,
    /// Byte range of the title right before the name ("Major General", "Maj. Gen.").
    pub title: Option<(usize, usize)>,
    /// Name units in the span ("Abd al-Rahman", "bin Salman" and "Nasr al-Din" are one
    /// each: `crate::names::NameUnit`).
    pub units: usize,
}

/// Abbreviations whose dot belongs to the word ("Maj. Gen.").
const ABBREVIATIONS: &[&str] = &[
    "maj", "gen", "lt", "col", "brig", "dr", "mr", "mrs", "ms", "sgt", "capt", "adm", "prof",
    "sen", "rep", "gov", "cmdr", "cpl", "pvt",
];

/// Title phrases whose rendering the audit compares (lowercase words without dots). The
/// recogniser already keeps their words out of names; here they are read as phrases, so
/// that "Maj. Gen." and "Major General" can be told apart and counted.
const TITLES: &[&str] = &[
    "staff major general",
    "major general",
    "maj gen",
    "lieutenant general",
    "lt gen",
    "brigadier general",
    "brig gen",
    "lieutenant colonel",
    "lt col",
    "brigadier",
    "general",
    "gen",
    "colonel",
    "col",
    "major",
    "maj",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "admiral",
    "adm",
    "deputy prime minister",
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "interior minister",
    "finance minister",
    "oil minister",
    "health minister",
    "minister",
    "vice president",
    "president",
    "crown prince",
    "prince",
    "princess",
    "king",
    "queen",
    "emir",
    "sheikh",
    "shaikh",
    "sheikha",
    "ayatollah",
    "imam",
    "sayyid",
    "speaker",
    "ambassador",
    "governor",
    "mayor",
    "judge",
    "spokesman",
    "spokeswoman",
    "commander",
    "professor",
    "prof",
    "doctor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sen",
    "senator",
];

/// Words of a title phrase are at most this many.
const TITLE_WORDS: usize = 3;

/// Names written in `line`, in order.
pub fn find_name_spans(line: &str) -> Vec<NameSpan> {
    let mut spans: Vec<NameSpan> = Vec::new();
    for m in find_mentions(line) {
        // A dateline's agency is not part of the place: "Baghdad-INA Officials said" names
        // Baghdad, and what follows the agency is a name of its own.
        let mut from = m.start;
        let mut pieces = Vec::new();
        for pair in m.units.windows(2) {
            let (before, unit) = (&pair[0], &pair[1]);
            if is_agency(line, before.end, unit.start, unit.end) {
                pieces.push((from, before.end));
                from = usize::MAX;
            } else if from == usize::MAX {
                from = unit.start;
            }
        }
        if from != usize::MAX {
            pieces.push((from, m.end));
        }
        for (start, end) in pieces {
            let letters = line[start..end].chars().filter(|c| c.is_alphabetic());
            // Two letters name nobody the miner can pair ("Al", "Ed").
            if letters.count() < 3 {
                continue;
            }
            let title = title_before(line, start);
            // A capitalized word that opens a title phrase ("Staff" of "Staff Major
            // General") is no name of its own.
            if let (Some((title_start, _)), Some(last)) = (title, spans.last()) {
                if last.start >= title_start {
                    spans.pop();
                }
            }
            let units = m
                .units
                .iter()
                .filter(|u| start <= u.start && u.end <= end)
                .count();
            spans.push(NameSpan {
                start,
                end,
                title,
                units,
            });
        }
    }
    spans
}

/// An all-capital word hyphenated to the name before it: a news agency after a dateline.
fn is_agency(line: &str, before_end: usize, start: usize, end: usize) -> bool {
    let word = &line[start..end];
    let head = &line[..before_end];
    &line[before_end..start] == "-"
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !word.chars().any(char::is_lowercase)
        && head.chars().any(char::is_lowercase)
}

/// The title phrase that ends right before byte `start` (only spaces between), if any:
/// the longest of [`TITLES`] whose words are all capitalized.
fn title_before(line: &str, start: usize) -> Option<(usize, usize)> {
    // The words before the name, nearest first: (start, end with an abbreviation's dot).
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(TITLE_WORDS);
    let mut pos = start;
    while words.len() < TITLE_WORDS {
        let before = &line[..pos];
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        if trimmed.len() == before.len() {
            break;
        }
        let body = trimmed.strip_suffix('.').unwrap_or(trimmed);
        let word_start = body
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i);
        let Some(word_start) = word_start else { break };
        let word = &body[word_start..];
        if body.len() < trimmed.len() && !ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
            break;
        }
        words.push((word_start, trimmed.len()));
        pos = word_start;
    }
    (1..=words.len()).rev().find_map(|n| {
        let phrase = &words[..n];
        let capital = phrase
            .iter()
            .all(|&(s, _)| line[s..].starts_with(char::is_uppercase));
        let text: Vec<String> = phrase
            .iter()
            .rev()
            .map(|&(s, e)| line[s..e].trim_end_matches('.').to_lowercase())
            .collect();
        (capital && TITLES.contains(&text.join(" ").as_str()))
            .then(|| (phrase[n - 1].0, phrase[0].1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(&str, Option<&str>)> {
        find_name_spans(line)
            .into_iter()
            .map(|s| (&line[s.start..s.end], s.title.map(|(a, b)| &line[a..b])))
            .collect()
    }

    #[test]
    fn names_with_particles_and_titles() {
        assert_eq!(
            names("On Monday, Maj. Gen. Tahsin al-Khafaji said the JOC's work goes on."),
            vec![("Tahsin al-Khafaji", Some("Maj. Gen."))]
        );
        assert_eq!(
            names("Iraqi Prime Minister Mustafa Al-Kadhimi's office said"),
            vec![("Mustafa Al-Kadhimi", Some("Prime Minister"))]
        );
        assert_eq!(
            names("Staff Major General Yahya Rasool and General Ali"),
            vec![
                ("Yahya Rasool", Some("Staff Major General")),
                ("Ali", Some("General"))
            ]
        );
        assert_eq!(
            names("He met Osama bin Laden and Abd al Rahman in Baghdad."),
            vec![
                ("Osama bin Laden", None),
                ("Abd al Rahman", None),
                ("Baghdad", None)
            ]
        );
        assert_eq!(names("The minister said that."), vec![]);
        assert_eq!(names("President"), vec![]);
    }

    #[test]
    fn a_lowercase_or_unknown_word_before_a_name_is_no_title() {
        assert_eq!(names("the general Ali Hassan"), vec![("Ali Hassan", None)]);
        assert_eq!(names("Mr.Ali Hassan"), vec![("Ali Hassan", None)]);
        assert_eq!(
            names("Etc. Ali Hassan"),
            vec![("Etc", None), ("Ali Hassan", None)]
        );
    }

    #[test]
    fn a_dateline_agency_is_not_part_of_the_place() {
        assert_eq!(
            names("Baghdad-INA Officials said"),
            vec![("Baghdad", None), ("Officials", None)]
        );
    }

    #[test]
    fn punctuation_ends_a_name() {
        assert_eq!(
            names("Kadhimi, Khafaji and Sadr."),
            vec![("Kadhimi", None), ("Khafaji", None), ("Sadr", None)]
        );
    }
}
