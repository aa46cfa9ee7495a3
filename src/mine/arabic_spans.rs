//! The words of an Arabic line as the miner sees them: which may belong to a name and which
//! cannot (particles, verbs of saying, titles, numbers, Latin words), where punctuation
//! breaks a name, and what stands before a span (a title such as اللواء, a verb of saying
//! such as قال, a locative such as في) — the cues that a span is a name and of what kind.
//!
//! Arabic has no capitals, so the span itself is chosen by the pairing with the English side
//! (`pairing`): this file says where a name may be and what a span's context suggests.
//! Words are compared on match keys (field-notes §1); a word's proclitics (و ف ب ل ك, and
//! وال بال لل … before the article) are offered as removable, as in the glossary's recognizer.

use crate::align::translit::arabic_skeleton;
use crate::text::{tokenize, TokenKind};

/// What a word can be in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// May be part of a name.
    Name,
    /// Inside names only: بن ابن بنت ابو ام عبد (nasab and kunya).
    Particle,
    /// A rank or office that precedes names (اللواء, الرئيس, الشيخ).
    Title,
    /// A verb of saying: the name of the speaker usually follows (قال, أكد, أعلن).
    Saying,
    /// A locative preposition: a place usually follows (في, إلى, من).
    Locative,
    /// Anything else that cannot be in a name: particles, pronouns, numbers, Latin words.
    Other,
}

/// One word of the line.
#[derive(Debug, Clone)]
pub struct ArabicWord {
    /// Byte range in the original line.
    pub start: usize,
    pub end: usize,
    /// Match key.
    pub key: String,
    pub role: Role,
    /// Words with the same segment number are not separated by punctuation.
    pub segment: u32,
    /// Consonant skeleton as written (article dropped).
    pub skeleton: String,
    /// The word without a proclitic, when it may carry one: letters the clitic takes, the
    /// key of what remains (with its article, وال → ال) and its skeleton.
    pub bare: Option<Bare>,
}

#[derive(Debug, Clone)]
pub struct Bare {
    pub letters: usize,
    /// Whether the written form lost the article's alef (لل): the stem is ال + the rest.
    pub article: bool,
    /// Whether the clitic is certain (وال, بال, لل: a clitic before the article) rather than
    /// a first letter that may be the name's own (وليد, بشار, كريم).
    pub certain: bool,
    pub key: String,
    pub skeleton: String,
}

/// Context before a span that hints at what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// Title words (keys, joined by a space) right before the span, and their byte range.
    Title(String, usize, usize),
    Saying,
    Locative,
    None,
}

/// Titles and the words that extend them (رئيس الوزراء, الفريق أول الركن), as match keys.
const TITLES: &[&str] = &[
    "اللواء",
    "الفريق",
    "العميد",
    "العقيد",
    "المقدم",
    "الرائد",
    "النقيب",
    "الملازم",
    "المشير",
    "الجنرال",
    "الرئيس",
    "رئيس",
    "الوزير",
    "وزير",
    "الوزراء",
    "السيد",
    "السيده",
    "الشيخ",
    "الشيخه",
    "الدكتور",
    "الدكتوره",
    "د",
    "الملك",
    "الملكه",
    "الامير",
    "الاميره",
    "ولي",
    "العهد",
    "الامام",
    "ايه",
    "اية",
    "السفير",
    "المتحدث",
    "القاضي",
    "المحافظ",
    "النائب",
    "الركن",
    "اول",
    "ركن",
    "الخارجيه",
    "الداخليه",
    "الدفاع",
    "الماليه",
    "النفط",
    "نائب",
    "قائد",
    "القائد",
    "العماد",
    "البروفيسور",
    "الاستاذ",
    "الحاج",
    "المهندس",
    "السفيره",
    "الناطق",
];

/// Spokesmen's titles, which باسم ("on behalf of") extends: الناطق باسم.
const SPOKESMAN: &[&str] = &["الناطق", "المتحدث"];

/// Verbs of saying (match keys, without the conjunction و or ف).
const SAYING: &[&str] = &[
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "اعلن",
    "اعلنت",
    "صرح",
    "صرحت",
    "اضاف",
    "اضافت",
    "ذكر",
    "ذكرت",
    "اوضح",
    "اوضحت",
    "اشار",
    "اشارت",
    "اعتبر",
    "اعتبرت",
    "شدد",
    "شددت",
    "اعرب",
    "اعربت",
    "نفي",
    "نفت",
    "دعا",
    "دعت",
    "قالا",
    "يقول",
    "تقول",
    "كشف",
    "كشفت",
    "افاد",
    "افادت",
    "ابلغ",
    "بحث",
    "التقي",
    "استقبل",
    "زار",
    "وصل",
    "غادر",
    "ترأس",
    "ترا",
    "راس",
    "ترس",
    "اجتمع",
];

const LOCATIVE: &[&str] = &[
    "في",
    "الي",
    "من",
    "مدينه",
    "محافظه",
    "ولايه",
    "عاصمه",
    "بلده",
    "منطقه",
    "قريه",
];

/// Words that cannot be part of a name (match keys). Not على: its key is the name علي (Ali).
const OTHER: &[&str] = &[
    "عن",
    "مع",
    "ان",
    "لا",
    "ما",
    "قد",
    "كان",
    "كانت",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "ثم",
    "او",
    "ام",
    "حتي",
    "بعد",
    "قبل",
    "عند",
    "خلال",
    "منذ",
    "حول",
    "بين",
    "ضد",
    "لدي",
    "امس",
    "اليوم",
    "غدا",
    "يوم",
    "كما",
    "الا",
    "لم",
    "لن",
    "هو",
    "هي",
    "هم",
    "انه",
    "انها",
    "بان",
    "لان",
    "اي",
    "كل",
    "غير",
    "وقد",
    "وقال",
    "وقالت",
    "لقد",
    "الان",
    "هناك",
    "حيث",
    "اذا",
    "عندما",
    "بينما",
    "ايضا",
    "فقط",
    "يتم",
    "تم",
    "الحكومه",
    "وزاره",
    "اجتماع",
    "مع",
    "له",
    "لها",
    "به",
    "بها",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "اليه",
];

/// Nasab and kunya words: part of a person's name, never a name alone.
const PARTICLES: &[&str] = &["بن", "ابن", "بنت", "ابو", "ابي", "ابا", "ام", "عبد"];

/// Proclitic combinations before the article: letters the clitic takes from the written
/// word, and whether the article must be given back (ل + ال is written لل: the alef is gone).
const ARTICLE_CLITICS: &[(&str, usize, bool)] = &[
    ("وبال", 2, false),
    ("وكال", 2, false),
    ("فبال", 2, false),
    ("ولل", 3, true),
    ("فلل", 3, true),
    ("وال", 1, false),
    ("فال", 1, false),
    ("بال", 1, false),
    ("كال", 1, false),
    ("لل", 2, true),
];

fn role_of(key: &str) -> Role {
    let in_list = |list: &[&str], k: &str| list.contains(&k);
    let without_conj = key
        .strip_prefix('و')
        .or_else(|| key.strip_prefix('ف'))
        .filter(|r| r.chars().count() >= 2);
    if in_list(PARTICLES, key) {
        Role::Particle
    } else if in_list(TITLES, key) {
        Role::Title
    } else if in_list(SAYING, key) || without_conj.is_some_and(|r| in_list(SAYING, r)) {
        Role::Saying
    } else if in_list(LOCATIVE, key) || without_conj.is_some_and(|r| in_list(LOCATIVE, r)) {
        Role::Locative
    } else if in_list(OTHER, key)
        || without_conj.is_some_and(|r| in_list(OTHER, r) || in_list(TITLES, r))
    {
        Role::Other
    } else {
        Role::Name
    }
}

/// The word without its proclitic, if it may carry one.
fn bare_of(key: &str) -> Option<Bare> {
    for &(clitic, letters, article) in ARTICLE_CLITICS {
        let Some(rest) = key.strip_prefix(clitic) else {
            continue;
        };
        if rest.chars().count() < 2 {
            continue;
        }
        let bare_key = format!("ال{rest}");
        return Some(Bare {
            letters,
            article,
            certain: true,
            skeleton: arabic_skeleton(&bare_key),
            key: bare_key,
        });
    }
    let mut chars = key.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    // Two letters are enough for a name behind a clitic (بگل اغا, لعلي): the pairing keeps
    // whichever reading transliterates better, so بدر stays Badr.
    (matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') && rest.chars().count() >= 2).then(|| Bare {
        letters: 1,
        article: false,
        certain: false,
        key: rest.to_string(),
        skeleton: arabic_skeleton(rest),
    })
}

fn has_arabic_letter(key: &str) -> bool {
    key.chars().any(crate::align::words::is_arabic_letter)
}

/// The words of an Arabic line.
pub fn arabic_words(line: &str) -> Vec<ArabicWord> {
    let mut words = Vec::new();
    let mut segment = 0u32;
    for token in tokenize(line) {
        match token.kind {
            TokenKind::Word if has_arabic_letter(&token.key) => {
                let role = role_of(&token.key);
                let bare = if role == Role::Name {
                    bare_of(&token.key)
                } else {
                    None
                };
                words.push(ArabicWord {
                    start: token.start,
                    end: token.end,
                    skeleton: arabic_skeleton(&token.key),
                    key: token.key,
                    role,
                    segment,
                    bare,
                });
            }
            TokenKind::Word | TokenKind::Number => words.push(ArabicWord {
                start: token.start,
                end: token.end,
                key: token.key,
                role: Role::Other,
                segment,
                skeleton: String::new(),
                bare: None,
            }),
            TokenKind::Punct | TokenKind::Symbol => segment += 1,
        }
    }
    for i in 0..words.len() {
        let same_segment = |j: usize| words.get(j).is_some_and(|w| w.segment == words[i].segment);
        // باسم after a spokesman ("on behalf of"), ولي before العهد (crown prince) are title
        // words; elsewhere they are the names Basim and Wali (ولي الله).
        let title = match words[i].key.as_str() {
            "باسم" => {
                i > 0 && same_segment(i - 1) && SPOKESMAN.contains(&words[i - 1].key.as_str())
            }
            "ولي" => same_segment(i + 1) && words[i + 1].key == "العهد",
            _ => continue,
        };
        words[i].role = if title { Role::Title } else { Role::Name };
        if title {
            words[i].bare = None;
        }
    }
    words
}

/// Whether word `i` may be inside a name.
pub fn nameable(words: &[ArabicWord], i: usize) -> bool {
    matches!(words[i].role, Role::Name | Role::Particle)
}

/// What stands right before word `i`: title words (up to three, as one key), a verb of
/// saying or a locative.
pub fn cue_before(words: &[ArabicWord], i: usize) -> Cue {
    let segment = words[i].segment;
    let mut k = i;
    while k > 0 && i - k < 3 && words[k - 1].role == Role::Title && words[k - 1].segment == segment
    {
        k -= 1;
    }
    if k < i {
        let key: Vec<&str> = words[k..i].iter().map(|w| w.key.as_str()).collect();
        return Cue::Title(key.join(" "), words[k].start, words[i - 1].end);
    }
    match i.checked_sub(1).map(|p| &words[p]) {
        Some(w) if w.segment == segment && w.role == Role::Saying => Cue::Saying,
        Some(w) if w.segment == segment && w.role == Role::Locative => Cue::Locative,
        _ => Cue::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_cues() {
        let line = "وقال اللواء تحسين الخفاجي، في بغداد";
        let words = arabic_words(line);
        let roles: Vec<Role> = words.iter().map(|w| w.role).collect();
        assert_eq!(
            roles,
            [
                Role::Saying,
                Role::Title,
                Role::Name,
                Role::Name,
                Role::Locative,
                Role::Name
            ]
        );
        assert_eq!(cue_before(&words, 2), Cue::Title("اللواء".into(), 9, 21));
        assert_eq!(cue_before(&words, 5), Cue::Locative);
        assert_ne!(words[3].segment, words[5].segment);
    }

    #[test]
    fn basim_and_wali_are_names_except_in_titles() {
        let roles =
            |line: &str| -> Vec<Role> { arabic_words(line).iter().map(|w| w.role).collect() };
        assert_eq!(
            roles("قال باسم الكربلائي"),
            [Role::Saying, Role::Name, Role::Name]
        );
        assert_eq!(
            roles("قال ولي الله"),
            [Role::Saying, Role::Name, Role::Name]
        );
        assert_eq!(
            roles("قال ولي العهد"),
            [Role::Saying, Role::Title, Role::Title]
        );
        assert_eq!(
            roles("قال الناطق باسم الحكومة"),
            [Role::Saying, Role::Title, Role::Title, Role::Other]
        );
    }

    #[test]
    fn proclitics_are_offered_for_removal() {
        let words = arabic_words("والكاظمي وللكاظمي ولبغداد وليد");
        let bare: Vec<Option<&str>> = words
            .iter()
            .map(|w| w.bare.as_ref().map(|b| b.key.as_str()))
            .collect();
        assert_eq!(
            bare,
            [
                Some("الكاظمي"),
                Some("الكاظمي"),
                Some("لبغداد"),
                Some("ليد")
            ]
        );
        assert_eq!(words[0].bare.as_ref().unwrap().letters, 1);
    }
}
