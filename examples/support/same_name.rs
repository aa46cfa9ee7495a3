//! Whether two Latin spellings of one Arabic key write the same name, judged against the
//! Arabic words themselves and not with tarjama's own comparison: each Latin word is read
//! as the Arabic word (of the key) whose consonants it writes, and two spellings are
//! compared word by word through those readings.
//!
//! The data holds, under one Arabic key, spellings that are other names of the person
//! (Wikidata aliases: "Sofie Fatouretchi" for سوفي روير, "Qamar Zia" for ايستھر جون) or
//! another person's label ("Joseph Bismuth" under روجيه بيسموت, Roger Bismuth). By the issue's
//! own rule such a pair is "somebody else" to a reader (a different given name before the
//! same family name, or a different family name after the same given name) and must be
//! left alone; `name_eval` reports recall on them apart.

/// How a positive spelling stands to the glossary form, by the Arabic words they write.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Kinship {
    /// The same words, each written its own way.
    Respelled,
    /// The same words with some added or left out, the first and last agreeing.
    AddedOrDropped,
    /// A word of one stands where the other has a different word.
    OtherName,
    /// The same spelling but for titles ("Ayatollah", "Mufti"): the house spelling.
    Titled,
}

/// Titles written before a name, no part of it: a spelling that differs from the glossary
/// form only by them is the house spelling ("Ayatollah Mohammad Mohammadi Gilani" for
/// "Mohammad Mohammadi Gilani").
const TITLES: &[&str] = &[
    "ayatollah",
    "grand",
    "mufti",
    "sheikh",
    "shaikh",
    "shaykh",
    "sheikha",
    "cheikh",
    "emir",
    "prince",
    "princess",
    "princesse",
    "king",
    "queen",
    "imam",
    "haj",
    "hajj",
    "haji",
    "hajji",
    "alhaj",
    "molana",
    "maulana",
    "mawlana",
    "moulana",
    "allama",
    "allameh",
    "hazrat",
    "hojat",
    "hojatoleslam",
    "hojjatoleslam",
    "mullah",
    "mulla",
    "mollah",
    "qari",
    "ustad",
    "ustaz",
    "janab",
    "dr",
    "prof",
    "sir",
    "lady",
];

/// A spelling without the titles before it, lowercased, words joined by single spaces (a
/// title word after the name is a family name: "Khaleeq Ahmad Mufti").
pub fn without_titles(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .skip_while(|w| TITLES.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How spelling `b` stands to spelling `a`, both of Arabic key `key`.
pub fn kinship(key: &str, a: &str, b: &str) -> Kinship {
    if without_titles(a) == without_titles(b) {
        return Kinship::Titled;
    }
    let arabic: Vec<String> = key.split_whitespace().map(arabic_word).collect();
    let (x, y) = (identities(&arabic, a), identities(&arabic, b));
    if x == y {
        return Kinship::Respelled;
    }
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    let ends_agree = short.first() == long.first() || short.last() == long.last();
    if ends_agree && is_subsequence(short, long) && short.len() >= 2.min(long.len()) {
        Kinship::AddedOrDropped
    } else {
        Kinship::OtherName
    }
}

fn is_subsequence(short: &[Id], long: &[Id]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| l == s))
}

/// What a Latin word is: the Arabic word of the key it writes, else its own consonants.
#[derive(Clone, PartialEq, Eq, Debug)]
enum Id {
    Arabic(usize),
    Latin(String),
}

/// The words of a spelling as identities, particles left out, in order; each Arabic word
/// read by one Latin word at most, in order.
fn identities(arabic: &[String], latin: &str) -> Vec<Id> {
    let words: Vec<String> = latin
        .split([' ', '-'])
        .map(latin_word)
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut next = 0;
    for w in words {
        let found = (next..arabic.len()).find(|&k| close(&w, &arabic[k]));
        match found {
            Some(k) => {
                out.push(Id::Arabic(k));
                next = k + 1;
            }
            None => out.push(Id::Latin(w)),
        }
    }
    out
}

/// Consonant skeletons agree: equal, or one edit apart when both have three or more.
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return !a.is_empty();
    }
    if a.len().min(b.len()) < 3 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let sub = prev[j] + usize::from(x != b[j]);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

/// The skeleton of one Arabic word in the classes of `arabic_skeleton` (article, long
/// vowels, ع and hamza dropped; letters one Latin letter writes merged).
fn arabic_word(word: &str) -> String {
    let w = word
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(word);
    let mut out = String::new();
    for c in w.chars() {
        let m = match c {
            'ا' | 'أ' | 'إ' | 'آ' | 'و' | 'ي' | 'ى' | 'ء' | 'ئ' | 'ؤ' | 'ع' | 'ۆ' | 'ې' | 'ی'
            | 'ے' => continue,
            'ذ' | 'د' | 'ض' | 'ظ' | 'ز' | 'ڈ' | 'ژ' => 'D',
            'ق' | 'غ' | 'ك' | 'گ' | 'ج' | 'ک' | 'خ' => 'K',
            'ث' | 'س' | 'ص' => 'S',
            'ت' | 'ط' | 'ٹ' => 'T',
            'ح' | 'ه' | 'ھ' | 'ة' => 'H',
            'پ' | 'ب' => 'B',
            'چ' | 'ش' => 'C',
            'ف' => 'F',
            'ل' => 'L',
            'م' => 'M',
            'ن' | 'ں' => 'N',
            'ر' | 'ڑ' => 'R',
            _ => continue,
        };
        if !out.ends_with(m) {
            out.push(m);
        }
    }
    if out.len() > 1 && out.ends_with('H') {
        out.pop();
    }
    out
}

/// The skeleton of one Latin word in the same classes; articles and nasab particles give
/// nothing.
fn latin_word(word: &str) -> String {
    let lower: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 's',
            'ş' => 'c',
            c => c,
        })
        .collect();
    const PARTICLES: &[&str] = &[
        "al", "el", "ul", "ur", "ud", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "es", "bin",
        "ben", "ibn", "bint", "ould", "de", "la", "le",
    ];
    if PARTICLES.contains(&lower.as_str()) {
        return String::new();
    }
    let b = lower.as_bytes();
    let start = if b.len() > 4 && (lower.starts_with("al") || lower.starts_with("el")) {
        2
    } else {
        0
    };
    let b = &b[start..];
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let two = b.get(i..i + 2).unwrap_or(&[]);
        let (m, used) = match two {
            b"sh" | b"ch" => (Some('C'), 2),
            b"kh" | b"gh" => (Some('K'), 2),
            b"th" => (Some('S'), 2),
            b"dh" | b"zh" => (Some('D'), 2),
            b"dj" => (Some('K'), 2),
            b"ph" => (Some('F'), 2),
            b"ck" => (Some('K'), 2),
            _ => (
                match b[i] {
                    b'b' | b'p' => Some('B'),
                    b't' => Some('T'),
                    b'd' | b'z' => Some('D'),
                    b's' => Some('S'),
                    b'c' if matches!(b.get(i + 1), Some(b'e' | b'i')) => Some('S'),
                    b'c' | b'q' | b'k' | b'g' | b'j' | b'x' => Some('K'),
                    b'h' => Some('H'),
                    b'f' => Some('F'),
                    b'l' => Some('L'),
                    b'm' => Some('M'),
                    b'n' => Some('N'),
                    b'r' => Some('R'),
                    _ => None,
                },
                1,
            ),
        };
        if let Some(m) = m {
            if !out.ends_with(m) {
                out.push(m);
            }
        }
        i += used;
    }
    if out.len() > 1 && out.ends_with('H') && !lower.ends_with("kh") {
        out.pop();
    }
    out
}
