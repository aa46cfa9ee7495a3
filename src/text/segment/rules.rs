//! The decision rules of the segmenter: terminators, closers, abbreviation lists and
//! whether a terminator followed by whitespace ends a sentence. The rules about quotations
//! are in `quotes`.

mod quotes;

use quotes::is_postposed_attribution;
pub use quotes::{is_quote_break, is_quoted_sentence_end};

/// Sentence terminators: . ! ? ؟ ۔ … (and ‼ ⁇ ⁈ ⁉).
pub fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{061F}' | '\u{06D4}' | '\u{2026}' | '\u{203C}' | '\u{2047}'
            ..='\u{2049}'
    )
}

/// Closing quotes and brackets that stay with the sentence they close.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{00BB}'
            | '\u{203A}'
            | '\u{201C}'
            | '\u{00AB}'
    )
}

/// Titles and ranks: never end a sentence.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Brig", "Capt", "Cpt",
    "Sgt", "Cpl", "Pvt", "Adm", "Cmdr", "Gov", "Sen", "Rep", "Rev", "Hon", "St", "Mt", "Ft",
    "Pres", "Supt", "Insp", "Det", "Const", "Atty", "Amb", "Sec", "Gens", "Sens", "Reps", "Fr",
    "Sr", "Sra", "Mme", "Mlle", "Mssrs", "vs", "v", "cf", "approx", "ca", "Nr",
];

/// Abbreviations that stay inside a sentence before a number: No. 5, Art. 3, p. 12.
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "Art", "art", "p", "pp", "Vol", "vol", "Fig", "fig", "Ch", "ch", "Sec",
    "sec", "Para", "para", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Rs", "Nr", "Tel", "tel",
];

/// Abbreviations that may also end a sentence: they break only before a common
/// sentence opener ("in the U.S. The …").
const ENDABLE: &[&str] = &[
    "Inc", "Ltd", "Co", "Corp", "Jr", "Bros", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri",
    "Sat", "Sun", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn", "Est", "al", "ft", "lb", "lbs",
    "oz", "mph", "km", "kg",
];

/// Month abbreviations: inside a sentence before a number, at its end before a capital.
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Words that open sentences; after an ENDABLE abbreviation they signal a break.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "For",
    "Some",
    "Many",
    "Most",
    "No",
    "Not",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Police",
    "Officials",
];

/// Whether the terminator run `run[i..after]`, followed by whitespace, ends a sentence.
pub fn is_break(run: &str, i: usize, after: usize, lang: &str) -> bool {
    let marks = &run[i..after];
    let next = run[after..].trim_start();
    let next_char = next.chars().next();
    let next_lower = next_char.is_some_and(|c| c.is_lowercase());
    let next_digit = next_char.is_some_and(|c| c.is_numeric());
    let core = marks.trim_end_matches(is_closer);
    if is_postposed_attribution(marks, next) {
        return false;
    }
    if core != "." {
        // ! ? ؟ … and runs such as "..." or "?!": break unless English continues in lower case.
        let is_ellipsis = core.chars().all(|c| c == '.' || c == '\u{2026}');
        return !(next_lower || (is_ellipsis && next_digit));
    }
    if marks.len() > 1 {
        // A period closed by a quote or bracket ends the sentence unless lower case follows.
        return !next_lower;
    }
    let word = word_before(run, i);
    let head = run[..i - word.len()].trim_end();
    if is_list_number(head, word) {
        return false;
    }
    if is_arabic_word(word) {
        let previous = word_before(head, head.len());
        return !is_arabic_abbreviation(word) && !is_inner_period(previous, word) && !next_lower;
    }
    if next_lower && (lang != "ar" || word.is_ascii()) {
        return false;
    }
    !is_latin_abbreviation(word, next)
}

/// A number of one to three digits that opens a sentence (`1. يسري هذا القانون…`) numbers a
/// list item or a clause of law: its period ends nothing. `head` is the text before it.
fn is_list_number(head: &str, word: &str) -> bool {
    let digits = word.chars().count();
    (1..=3).contains(&digits) && word.chars().all(|c| c.is_numeric()) && opens_sentence(head)
}

/// Whether text after `head` starts a sentence: `head` is empty or ends with a terminator
/// that ends a sentence. A period counts unless the word before it may be an abbreviation
/// (`on Sept. 12.`); deciding that fully would need the whole rule set again.
fn opens_sentence(head: &str) -> bool {
    let head = head.trim_end_matches(is_closer);
    match head.chars().next_back() {
        None => true,
        Some('.') => !may_abbreviate(word_before(head, head.len() - 1)),
        Some(c) => is_terminator(c),
    }
}

/// A word whose period may be an abbreviation's (or a number's) rather than a sentence end.
fn may_abbreviate(word: &str) -> bool {
    word.chars().count() <= 1
        || word.chars().all(|c| c.is_numeric())
        || is_dotted_abbreviation(word)
        || [TITLES, BEFORE_NUMBER, ENDABLE]
            .iter()
            .any(|list| list.contains(&word))
        || is_arabic_word(word) && is_arabic_abbreviation(word)
}

/// The word immediately before byte `i` (letters, digits, inner periods, tatweel).
fn word_before(run: &str, i: usize) -> &str {
    let head = &run[..i];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '\u{0640}' || is_mark(c))
        .last()
        .map_or(i, |(j, _)| j);
    head[start..].trim_start_matches('.')
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn is_arabic_word(word: &str) -> bool {
    word.chars()
        .any(|c| matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}'))
}

/// Arabic abbreviations keep their period: a single letter (د. م. ص. ج. أ.), هـ, and
/// dotted sequences (أ.د.).
fn is_arabic_abbreviation(word: &str) -> bool {
    let letters = word
        .chars()
        .filter(|&c| c != '\u{0640}' && c != '.' && !is_mark(c))
        .count();
    letters <= 1 || word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2)
}

/// Prepositions that always take an object: a sentence never ends on one, so a period after
/// it is an initial or a transliterated abbreviation (روي في. واد = Roe v. Wade). Not من,
/// which is also "who(m)" and ends sentences such as "أتساءل أين توم ومع من."
const PREPOSITIONS: &[&str] = &["في", "إلى", "على", "عن"];

/// Latin letters as Arabic spells them (folded): بي بي سي = BBC, أي تي في = ITV.
const LATIN_LETTER_NAMES: &[&str] = &[
    "ايه",
    "اي",
    "بي",
    "سي",
    "دي",
    "جي",
    "اتش",
    "جيه",
    "كيه",
    "كاي",
    "ال",
    "ام",
    "ان",
    "او",
    "كيو",
    "ار",
    "اس",
    "تي",
    "يو",
    "في",
    "دبليو",
    "اكس",
    "واي",
    "زد",
    "زي",
    "اف",
];

/// Latin letters spelled in Arabic that are no Arabic word: after a name they are a middle
/// initial (جورج دبليو. بوش, جون إف. كينيدي). Matched as written: folded, إم and إن
/// would read as أم and أن.
const LATIN_INITIALS: &[&str] = &[
    "دبليو",
    "إف",
    "إتش",
    "جيه",
    "كيه",
    "كيو",
    "إكس",
    "إس",
    "آر",
    "إل",
    "إم",
    "زد",
    "إيه",
];

/// The period after `word` is inside the sentence: `word` is a preposition, which cannot end
/// one, or a Latin initial. Neither when `word` closes a spelled-out acronym (قناة أي تي في. =
/// ITV, شركة آي بي إم. = IBM): there it is the last letter of a name that can end a sentence.
fn is_inner_period(previous: &str, word: &str) -> bool {
    let bare: String = word.chars().filter(|&c| !is_mark(c)).collect();
    if !PREPOSITIONS.contains(&bare.as_str()) && !LATIN_INITIALS.contains(&bare.as_str()) {
        return false;
    }
    let previous = crate::text::normalize::fold_text(previous);
    !LATIN_LETTER_NAMES.contains(&previous.as_str())
}

/// Latin abbreviations before whitespace and the text `next` that follows.
fn is_latin_abbreviation(word: &str, next: &str) -> bool {
    if word.is_empty() || word.chars().all(|c| c.is_numeric()) {
        return false;
    }
    // The opener test reads the word inside an opening quote or bracket too ("I saw…").
    let next_word: &str = next
        .trim_start_matches(['"', '\'', '\u{201C}', '\u{2018}', '(', '['])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next_digit = next.starts_with(|c: char| c.is_numeric());
    if TITLES.contains(&word) {
        return true;
    }
    if next_digit && BEFORE_NUMBER.contains(&word) {
        return true;
    }
    let mut chars = word.chars();
    if next.starts_with(|c: char| is_arabic_word(c.encode_utf8(&mut [0; 4]))) {
        // Latin abbreviations stop short of Arabic text only as titles or before numbers.
        return false;
    }
    if MONTHS.contains(&word) {
        return !next.starts_with(char::is_uppercase);
    }
    let single_capital = chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none();
    if single_capital {
        // An initial (J. Smith) unless a clear sentence opener follows.
        return !OPENERS.contains(&next_word);
    }
    if is_dotted_abbreviation(word) || ENDABLE.contains(&word) {
        return !OPENERS.contains(&next_word);
    }
    false
}

/// U.S., a.m., e.g., Ph.D.: dotted parts of one or two letters. A dotted word with longer
/// parts is a domain or file name (LiverpoolFC.com), which ends a sentence like any word.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2)
}

fn is_arabic_char(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}
