//! Where a Latin-script line names someone or something: runs of capitalized words with the
//! particles Arabic names carry (al-, el-, bin, ibn, Abu, Abdul, …), a title before them
//! split off ("Maj. Gen." "Prime Minister"), sentence-opening function words dropped.
//!
//! This is the one place the miner learns where English names are; its interface is one
//! function, [`find_name_spans`] (a line in, spans out), so a mention recognizer that knows
//! more (the names work of issue 8) can replace it without touching the rest of `mine`.

/// A name written in a Latin line, with the title written before it if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSpan {
    /// Byte range of the name (title excluded, possessive 's excluded).
    pub start: usize,
    pub end: usize,
    /// Byte range of the title right before the name ("Major General", "Maj. Gen.").
    pub title: Option<(usize, usize)>,
}

/// One word of the line: byte range and its lowercase form without dots.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    lower: String,
    capital: bool,
}

/// Particles that stay lowercase inside Arabic names ("Abd al Rahman", "Osama bin Laden").
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "bin", "ben", "ibn", "bint", "abu", "abou", "ad", "ar", "as", "ash", "at",
    "az", "ould",
];

/// Abbreviations whose dot belongs to the word ("Maj. Gen.").
const ABBREVIATIONS: &[&str] = &[
    "maj", "gen", "lt", "col", "brig", "dr", "mr", "mrs", "ms", "sgt", "capt", "adm", "prof",
    "sen", "rep", "gov", "cmdr", "cpl", "pvt",
];

/// Titles, longest first within a shared start (matched on lowercase words without dots).
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

/// Capitalized words that open sentences or name days and months, not people or places.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "and",
    "but",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "when",
    "while",
    "after",
    "before",
    "later",
    "earlier",
    "meanwhile",
    "also",
    "however",
    "according",
    "speaking",
    "during",
    "with",
    "without",
    "yesterday",
    "today",
    "tomorrow",
    "last",
    "next",
    "as",
    "if",
    "since",
    "both",
    "all",
    "some",
    "many",
    "most",
    "no",
    "not",
    "what",
    "who",
    "how",
    "why",
    "where",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "said",
    "says",
    "is",
    "was",
    "will",
    "would",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "am",
    "pm",
    "tv",
];

/// Letters, and combining accents (NFD input) that stay with the letter before them.
fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‘' | 'ʼ' | '`' | '‐' | '‑')
}

/// Splits a line into words: letters, joined by hyphens or apostrophes between letters;
/// a known abbreviation keeps its dot. A possessive 's is left out of the word.
fn words(line: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !is_name_char(c) {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if is_name_char(c) {
                end = i + c.len_utf8();
                chars.next();
            } else if is_joiner(c) && line[i + c.len_utf8()..].starts_with(is_name_char) {
                chars.next();
            } else {
                break;
            }
        }
        let mut text = &line[start..end];
        // A dateline's agency is not part of the place: "Baghdad-INA".
        if let Some(cut) = agency_suffix(text) {
            text = &text[..cut];
        }
        for possessive in ["'s", "’s", "'S"] {
            if let Some(stem) = text.strip_suffix(possessive) {
                if stem.chars().count() >= 2 {
                    text = stem;
                }
            }
        }
        let end_word = start + text.len();
        let lower: String = text.to_lowercase();
        let mut word_end = end_word;
        if ABBREVIATIONS.contains(&lower.as_str()) && line[end_word..].starts_with('.') {
            word_end += 1;
        }
        let capital = text.chars().next().is_some_and(char::is_uppercase)
            || text
                .split(is_joiner)
                .skip(1)
                .any(|p| p.chars().next().is_some_and(char::is_uppercase));
        out.push(Word {
            start,
            end: word_end,
            lower,
            capital,
        });
    }
    out
}

/// Where an all-capital part after a hyphen starts ("Baghdad-INA"), when the word before
/// it is not in capitals.
fn agency_suffix(word: &str) -> Option<usize> {
    let hyphen = word.rfind('-')?;
    let (head, tail) = (&word[..hyphen], &word[hyphen + 1..]);
    let capitals = |s: &str| s.chars().all(|c| c.is_uppercase());
    (tail.chars().count() >= 2 && capitals(tail) && !capitals(head) && !head.is_empty())
        .then_some(hyphen)
}

/// Whether only a space separates two words (a comma, a dot or a bracket ends a name).
fn adjacent(line: &str, a: &Word, b: &Word) -> bool {
    line[a.end..b.start]
        .chars()
        .all(|c| c == ' ' || c == '\u{a0}')
}

/// Names written in `line`, in order.
pub fn find_name_spans(line: &str) -> Vec<NameSpan> {
    let words = words(line);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].capital && !starts_particle_run(&words, i, line) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() && adjacent(line, &words[j - 1], &words[j]) {
            if words[j].capital || starts_particle_run(&words, j, line) {
                j += 1;
            } else {
                break;
            }
        }
        if let Some(span) = name_in_run(line, &words[i..j]) {
            spans.push(span);
        }
        i = j;
    }
    spans
}

/// A lowercase particle is part of a name when a capitalized word follows it directly.
fn starts_particle_run(words: &[Word], i: usize, line: &str) -> bool {
    PARTICLES.contains(&words[i].lower.as_str())
        && words
            .get(i + 1)
            .is_some_and(|next| next.capital && adjacent(line, &words[i], next))
}

/// The name inside a run of capitalized words: opening function words dropped, the last
/// title phrase and what precedes it ("Iraqi Prime Minister") split off.
fn name_in_run(line: &str, run: &[Word]) -> Option<NameSpan> {
    let mut from = 0;
    while from < run.len() && NOT_NAMES.contains(&bare(&run[from].lower)) {
        from += 1;
    }
    let run = &run[from..];
    let mut title = None;
    let mut name_from = 0;
    let mut k = 0;
    while k < run.len() {
        if let Some(len) = title_at(run, k) {
            // A title needs a name after it.
            if k + len < run.len() {
                title = Some((run[k].start, run[k + len - 1].end));
                name_from = k + len;
                k += len;
                continue;
            }
        }
        k += 1;
    }
    let name = &run[name_from..];
    let mut to = name.len();
    while to > 0 && (NOT_NAMES.contains(&bare(&name[to - 1].lower)) || !name[to - 1].capital) {
        to -= 1;
    }
    let name = &name[..to];
    let letters: usize = name
        .iter()
        .map(|w| w.lower.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    // A title alone ("President said") names nobody in particular.
    if name.is_empty() || letters < 3 || title_at(name, 0) == Some(name.len()) {
        return None;
    }
    let end = trim_dot(line, name[name.len() - 1].start, name[name.len() - 1].end);
    Some(NameSpan {
        start: name[0].start,
        end,
        title,
    })
}

fn bare(lower: &str) -> &str {
    lower.trim_end_matches('.')
}

fn trim_dot(line: &str, start: usize, end: usize) -> usize {
    if line[start..end].ends_with('.') {
        end - 1
    } else {
        end
    }
}

/// Length in words of the title phrase starting at word `k`, if one does.
fn title_at(run: &[Word], k: usize) -> Option<usize> {
    TITLES.iter().find_map(|title| {
        let len = title.split(' ').count();
        let fits = len <= run.len() - k
            && title
                .split(' ')
                .zip(&run[k..])
                .all(|(p, w)| w.capital && bare(&w.lower) == p);
        fits.then_some(len)
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
            vec![("Tahsin al-Khafaji", Some("Maj. Gen.")), ("JOC", None)]
        );
        assert_eq!(
            names("Iraqi Prime Minister Mustafa Al-Kadhimi's office said"),
            vec![("Mustafa Al-Kadhimi", Some("Prime Minister"))]
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
