//! News-agency datelines glued to the text around them: "Baghdad-INA Prime Minister …",
//! "BAGHDAD (Reuters) - The …", "بغداد/ واع/ قال …". A dateline is its own segment (field-notes
//! §5), and in copy where the headline, the dateline and the lead were run together it also
//! marks where the headline ends, which nothing else in the text shows.
//!
//! A dateline is a place, a separator (- – — / , or an opening bracket) and an agency from a
//! closed list, then optionally a closing bracket and a separator. It is looked for only in a
//! run's first sentence. At the start of the run the place may be up to three words; after a
//! headline it is the all-capital words before the separator (NEW YORK) or else one word.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// Agencies as they are written in datelines (compared exactly, case included).
const AGENCIES: &[&str] = &[
    "INA",
    "NINA",
    "AFP",
    "AP",
    "Reuters",
    "REUTERS",
    "UPI",
    "Xinhua",
    "XINHUA",
    "dpa",
    "DPA",
    "ANSA",
    "EFE",
    "KUNA",
    "WAM",
    "SPA",
    "QNA",
    "BNA",
    "MENA",
    "SANA",
    "IRNA",
    "Petra",
    "Anadolu",
    "TASS",
    "Kyodo",
    "Yonhap",
    "PTI",
    "واع",
    "نينا",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "أ.ف.ب",
    "د ب أ",
    "د.ب.أ",
    "كونا",
    "وام",
    "واس",
    "قنا",
    "بنا",
    "سانا",
    "إرنا",
    "ارنا",
    "الأناضول",
    "شينخوا",
    "بترا",
    "أ ش أ",
    "أ.ش.أ",
];

/// Separators between the place and the agency.
fn is_separator(c: char) -> bool {
    is_dash(c) || matches!(c, '/' | ',' | '\u{060C}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}')
}

/// Separators after the agency ("Baghdad-INA:", "بغداد/ واع/"); after a bracket only a dash
/// ("(Reuters) -"), so that "the Iraqi News Agency (INA), that …" is not a dateline.
fn is_closing_separator(c: char, bracketed: bool) -> bool {
    is_dash(c) || (!bracketed && matches!(c, '/' | ':'))
}

fn is_open_bracket(c: char) -> bool {
    c == '('
}

/// The agencies compiled once into one automaton; every occurrence is a candidate.
fn agencies() -> &'static AhoCorasick {
    static AGENCY_FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    AGENCY_FINDER.get_or_init(|| AhoCorasick::new(AGENCIES).expect("agency list compiles"))
}

/// The byte range of the first dateline in the first sentence of `run`, if there is one.
pub fn find_dateline(run: &str) -> Option<(usize, usize)> {
    let first_sentence = &run[..first_sentence_len(run)];
    agencies()
        .find_overlapping_iter(first_sentence)
        .find_map(|m| dateline_around(run, m.start(), m.end()))
}

/// Where the first sentence can end at the earliest: the first terminator followed by
/// whitespace (a dateline never comes after one).
fn first_sentence_len(run: &str) -> usize {
    let mut chars = run.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if super::rules::is_terminator(c) && chars.peek().is_some_and(|&(_, d)| d.is_whitespace()) {
            return i;
        }
    }
    run.len()
}

/// The dateline whose agency is `run[start..end]`, if the text around it has the shape.
fn dateline_around(run: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    // Before the agency: optional spaces, then a separator or an opening bracket.
    let before = run[..start].trim_end_matches(' ');
    let sep = before.chars().next_back()?;
    if !is_separator(sep) && !is_open_bracket(sep) {
        return None;
    }
    let place_end = before[..before.len() - sep.len_utf8()]
        .trim_end_matches(' ')
        .len();
    let place_start = place_start(run, place_end)?;

    // After the agency: a closing bracket when one was opened, then an optional separator,
    // then whitespace (or the end of the run).
    let mut rest = &run[end..];
    if is_open_bracket(sep) {
        rest = rest.strip_prefix(')')?;
    }
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None; // "APPLE", "Reutersville": the agency is part of a word
    }
    let bracketed = is_open_bracket(sep);
    let trimmed = rest.trim_start_matches(' ');
    match trimmed.chars().next() {
        Some(c) if is_closing_separator(c, bracketed) => rest = &trimmed[c.len_utf8()..],
        Some(_) if bracketed => return None,
        _ => {}
    }
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    // After a headline, the lead that follows starts like a sentence.
    let next = rest.trim_start().chars().next();
    if place_start > 0 && next.is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    Some((place_start, run.len() - rest.len()))
}

/// Where the place before byte `place_end` starts: the whole text when it is at most three
/// words; after a headline, its all-capital words (up to three) or else its last word.
fn place_start(run: &str, place_end: usize) -> Option<usize> {
    let head = &run[..place_end];
    let words: Vec<(usize, &str)> = head
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - head.as_ptr() as usize, w))
        .collect();
    let is_word =
        |w: &str| w.chars().next().is_some_and(char::is_alphabetic) && w.chars().nth(1).is_some();
    if words.is_empty() || !is_word(words[words.len() - 1].1) {
        return None;
    }
    if words.len() <= 3 {
        return words.iter().all(|(_, w)| is_word(w)).then_some(words[0].0);
    }
    let all_caps =
        |w: &str| w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_uppercase);
    let capitals = words
        .iter()
        .rev()
        .take(3)
        .take_while(|(_, w)| all_caps(w))
        .count();
    Some(words[words.len() - capitals.max(1)].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(run: &str) -> Option<&str> {
        find_dateline(run).map(|(s, e)| run[s..e].trim())
    }

    #[test]
    fn datelines_are_found_at_the_start_and_after_a_headline() {
        let cases = [
            (
                "Baghdad-INA Prime Minister Mustafa Al-Kadhimi said.",
                Some("Baghdad-INA"),
            ),
            (
                "Baghdad – INA – The minister said so.",
                Some("Baghdad – INA –"),
            ),
            (
                "WASHINGTON (Reuters) - The U.S. said so.",
                Some("WASHINGTON (Reuters) -"),
            ),
            ("Basra/INA/ The governor said.", Some("Basra/INA/")),
            ("بغداد-واع وقع رئيس الوزراء الاتفاق.", Some("بغداد-واع")),
            ("بغداد/ واع/ قال رئيس الوزراء.", Some("بغداد/ واع/")),
            ("أربيل (أ ف ب) - قال المسؤول.", Some("أربيل (أ ف ب) -")),
            (
                "Iraq signs deal to rebuild Grand Faw port Baghdad-INA Prime Minister said.",
                Some("Baghdad-INA"),
            ),
            (
                "Storm hits coast NEW YORK (Reuters) - A storm hit the coast.",
                Some("NEW YORK (Reuters) -"),
            ),
            (
                "العراق يوقع اتفاقا بغداد-واع وقع رئيس الوزراء.",
                Some("بغداد-واع"),
            ),
            ("Baghdad-INA", Some("Baghdad-INA")),
        ];
        for (run, expected) in cases {
            assert_eq!(dateline(run), expected, "{run}");
        }
    }

    #[test]
    fn agency_names_elsewhere_are_not_datelines() {
        let cases = [
            "The minister told INA on Sunday that talks went well.",
            "He said in a statement to the Iraqi News Agency (INA), that talks went well.",
            "The minister spoke. Baghdad-INA reported it later.",
            "He joined APPLE-APPLIED research with AP-style rules.",
            "شعب واع بحقوقه.",
            "A-AP",
        ];
        for run in cases {
            assert_eq!(dateline(run), None, "{run}");
        }
    }
}
