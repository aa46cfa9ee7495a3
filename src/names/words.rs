//! The closed word lists that decide where a written name starts and stops: name particles
//! (articles, Abd/Abu heads, nasab bin/ibn/bint, Ould) that belong inside a name whatever
//! their case, and capitalized words that are never part of one (titles, honorifics,
//! function words at a sentence start, days, months, nationality adjectives).

pub use super::translit::{ARTICLES, COMPOUND_HEADS, COMPOUND_TAILS};

/// Heads that make one name unit with the word after them: "Abd al-Rahman", "Abu Bakr",
/// "Umm Kulthum".
pub const COMPOUND_STARTS: &[&str] = &[
    "abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdi", "abu", "abou", "abo",
    "umm", "um", "oum",
];

/// Nasab and tribal particles: "bin Salman", "ibn Khaldun", "bint Abdullah", "Ould Abdel
/// Aziz", "Ben Youcef" — one unit with the name they introduce ("son of Salman").
pub const NASAB: &[&str] = &["bin", "ben", "ibn", "bint", "ould", "ait"];

/// Capitalized words that stand before names or start sentences but are no part of a name.
const NOT_NAMES: &[&str] = &[
    // titles, ranks, honorifics
    "president",
    "vice",
    "prime",
    "minister",
    "ministers",
    "deputy",
    "foreign",
    "interior",
    "defence",
    "defense",
    "finance",
    "secretary",
    "speaker",
    "ambassador",
    "envoy",
    "general",
    "gen",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "brig",
    "brigadier",
    "captain",
    "capt",
    "commander",
    "chief",
    "chairman",
    "chairwoman",
    "director",
    "governor",
    "mayor",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "crown",
    "emir",
    "sheikh",
    "sheikha",
    "shaikh",
    "shaykh",
    "sheik",
    "cheikh",
    "princesse",
    "emira",
    "hojatoleslam",
    "hojjatoleslam",
    "hujjatulislam",
    "hajji",
    // religious and scholarly titles of Persian and South Asian usage: titles, not names
    "haj",
    "maulana",
    "mawlana",
    "moulana",
    "molana",
    "allama",
    "allameh",
    "hazrat",
    "mullah",
    "mollah",
    "mulla",
    "qari",
    "ustad",
    "ustaz",
    "janab",
    "imam",
    "ayatollah",
    "grand",
    "mufti",
    "hajj",
    "haji",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "lord",
    "lady",
    "prof",
    "professor",
    "eng",
    "senator",
    "mp",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "coach",
    "former",
    "late",
    "his",
    "her",
    "highness",
    "excellency",
    "majesty",
    "mister",
    "madam",
    "doctor",
    // function words that start sentences
    "the",
    "a",
    "on",
    "in",
    "by",
    "for",
    "from",
    "to",
    "with",
    "and",
    "but",
    "or",
    "of",
    "after",
    "before",
    "later",
    "earlier",
    "meanwhile",
    "however",
    "also",
    "he",
    "she",
    "they",
    "we",
    "it",
    "i",
    "you",
    "their",
    "this",
    "that",
    "these",
    "those",
    "when",
    "while",
    "according",
    "yesterday",
    "today",
    "tomorrow",
    "asked",
    "speaking",
    "if",
    "then",
    "since",
    "during",
    "under",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "not",
    "no",
    "yes",
    "us",
    "un",
    "eu",
    // more sentence openers: determiners, pronouns, auxiliaries, time words
    "its",
    "our",
    "my",
    "your",
    "him",
    "them",
    "last",
    "next",
    "first",
    "new",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "every",
    "several",
    "other",
    "another",
    "such",
    "one",
    "two",
    "three",
    "is",
    "was",
    "are",
    "were",
    "has",
    "had",
    "have",
    "would",
    "could",
    "should",
    "can",
    "did",
    "does",
    "so",
    "because",
    "although",
    "though",
    "once",
    "only",
    "even",
    "still",
    "now",
    "thus",
    "instead",
    "despite",
    "among",
    "between",
    "about",
    "over",
    "into",
    "without",
    "within",
    "through",
    "until",
    "unlike",
    "whether",
    "where",
    "which",
    "whose",
    "says",
    "told",
    // days and months
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
    // nationality and place adjectives
    "iraqi",
    "saudi",
    "egyptian",
    "syrian",
    "lebanese",
    "jordanian",
    "palestinian",
    "kuwaiti",
    "qatari",
    "emirati",
    "bahraini",
    "omani",
    "yemeni",
    "libyan",
    "tunisian",
    "algerian",
    "moroccan",
    "sudanese",
    "mauritanian",
    "somali",
    "iranian",
    "turkish",
    "kurdish",
    "israeli",
    "american",
    "british",
    "french",
    "russian",
    "arab",
    "islamic",
    "muslim",
    "pakistani",
    "afghan",
    "gulf",
    "western",
    "eastern",
    "northern",
    "southern",
];

/// Capitalized words that are a name or an English word at a sentence start ("Said Jalili
/// arrived" but "Said the minister: ..."): a name only beside another name word, never
/// alone (a bare "Said" would otherwise read as a family name).
const NAME_OR_OPENER: &[&str] = &["said", "amid"];

/// Whether a word (lowercase) is a name only beside another name word (`NAME_OR_OPENER`).
pub fn is_name_or_opener(lower: &str) -> bool {
    NAME_OR_OPENER.contains(&lower)
}

/// Titles that, written between two name words, are part of the name: Somali and Pakistani
/// names keep Haji or Sheikh inside ("Abdirahman Yusuf Haji Ali").
const INNER_TITLES: &[&str] = &[
    "haji", "hajji", "hajj", "haj", "sheikh", "shaikh", "mufti", "imam", "mullah", "sultan",
];

/// Whether a title (lowercase) is part of a name between two name words (`INNER_TITLES`).
pub fn is_inner_title(lower: &str) -> bool {
    INNER_TITLES.contains(&lower)
}

/// Words at the start of a name that do not tell people apart, compared apart from the
/// rest ([`super::compare`]) and left out of the index, when two units or more follow:
/// honorifics of South Asian and Persian usage, often written as part of the name ("Syed
/// Ali Shah", "Chaudhry Moonis Elahi", "Mian Ahmad Raza"), and Muhammad, which South Asian
/// usage puts before a given name (Muhammad Nawaz Sharif = Nawaz Sharif) and which is so
/// common that two names agreeing on it say nothing about being one person.
const LEADING_HONORIFICS: &[&str] = &[
    "syed",
    "sayed",
    "sayyed",
    "seyed",
    "seyyed",
    "sayyid",
    "seyyid",
    "sayid",
    "mian",
    "chaudhry",
    "chaudhary",
    "choudhary",
    "chaudhri",
    "choudhry",
    "makhdoom",
    "mirza",
    "khawaja",
    "khwaja",
    "pir",
    "peer",
    "sardar",
    "nawab",
    "aqa",
    "hafiz",
    "sahibzada",
    "shahzada",
    "seyedeh",
    "sayeda",
    "syeda",
    "sayyida",
];

/// Spellings of Muhammad (see [`LEADING_HONORIFICS`]).
const MUHAMMAD: &[&str] = &[
    "muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "muhamad",
];

/// Whether a word (lowercase) may lead a name without telling people apart: an honorific
/// or Muhammad (`LEADING_HONORIFICS`).
pub fn is_leading_honorific(lower: &str) -> bool {
    is_honorific(lower) || MUHAMMAD.contains(&lower)
}

/// Whether a word (lowercase) is a spelling of Muhammad.
pub fn is_muhammad(lower: &str) -> bool {
    MUHAMMAD.contains(&lower)
}

/// Whether a word (lowercase) is an honorific (`LEADING_HONORIFICS`): written alone, a
/// title and nobody's name ("Seyed said").
pub fn is_honorific(lower: &str) -> bool {
    LEADING_HONORIFICS.contains(&lower)
}

/// Whether a word (lowercase) is never part of a person's name.
pub fn is_not_name(lower: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| NOT_NAMES.iter().copied().collect())
        .contains(lower)
}

/// Assimilated articles written with e, tied to their name by a hyphen ("ed-Din",
/// "es-Sayed", "ez-Zein").
/// Persian spelling writes the article with o ("od-Dowleh", "Nasir-od-Din", "ol-Saltaneh").
const E_ARTICLES: &[&str] = &[
    "ed", "es", "et", "er", "ez", "en", "esh", "ech", "od", "ol", "os",
];

/// Whether a word (lowercase) is an article that may stand before a name ("al", "el", "ash").
pub fn is_article(lower: &str) -> bool {
    ARTICLES.contains(&lower) || E_ARTICLES.contains(&lower)
}

/// Lowercase words that follow a name after a hyphen without being part of it
/// ("Kadhimi-led", "Cairo-based").
const AFTER_HYPHEN: &[&str] = &[
    "led",
    "based",
    "backed",
    "born",
    "run",
    "owned",
    "era",
    "style",
    "linked",
    "aligned",
    "allied",
    "affiliated",
    "controlled",
    "funded",
    "made",
    "like",
    "type",
    "related",
];

/// Whether a lowercase word after a hyphen continues the name before it ("Shahidi-fard").
pub fn continues_after_hyphen(lower: &str) -> bool {
    lower.chars().count() >= 3 && !AFTER_HYPHEN.contains(&lower)
}

/// Articles that stand apart from their name with a space ("Al Saud", "El Sisi"); the others
/// (as-, at-, an-, ...) are English words too, so only a hyphen ties them to a name.
/// Urdu and Persian spelling writes ul, ur, ud apart too ("Ehsan ur Rehman", "Shams ul
/// Haq"); none of them is an English word.
pub fn is_spaced_article(lower: &str) -> bool {
    matches!(lower, "al" | "el" | "ul" | "ur" | "ud")
}

/// Particles of French, Spanish, Portuguese, Italian, Dutch and German family names, written
/// in lower case between a given name and the family name ("Nabil de Freige", "Ahmed van
/// Dijk"): one unit with the name after them, like an article. Only the checker's reading
/// joins them ([`super::mention::find_mentions_across_particles`]); glossary mining reads
/// "Sadr de Hakim" as two names and joins them itself when the Arabic says one.
const EURO_PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "della", "dos", "das", "des", "do", "van", "von", "der", "den",
    "le", "la", "ter", "ten",
];

/// Whether a word (lowercase) is a European family-name particle (`EURO_PARTICLES`).
pub fn is_euro_particle(lower: &str) -> bool {
    EURO_PARTICLES.contains(&lower)
}

/// Whether a word (lowercase) starts a compound or nasab unit with the word after it.
pub fn is_unit_head(lower: &str) -> bool {
    COMPOUND_STARTS.contains(&lower) || NASAB.contains(&lower)
}

/// Whether a word (lowercase) ends a compound with the word before it ("Din", "Allah").
pub fn is_unit_tail(lower: &str) -> bool {
    COMPOUND_TAILS.contains(&lower)
}

/// Whether a word (lowercase) belongs inside a name in any case: an article or a head.
pub fn is_particle(lower: &str) -> bool {
    is_article(lower) || is_unit_head(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_and_stop_words_do_not_overlap() {
        for w in ARTICLES
            .iter()
            .chain(E_ARTICLES)
            .chain(COMPOUND_STARTS)
            .chain(NASAB)
        {
            assert!(!is_not_name(w), "{w}");
        }
        assert!(is_not_name("minister") && is_not_name("monday"));
        assert!(is_particle("bint") && is_particle("el") && is_particle("abou"));
    }
}
