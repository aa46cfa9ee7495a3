//! Quotation rules: where a closing quote ends a sentence that has no terminator of its own
//! (Arabic quoted speech), and where a clause after a quotation still belongs to it (the
//! speaker clause, `"…؟" تساءلت.`, `"…!" Hammel added.`).

use super::{is_arabic_char, is_mark, is_terminator};

/// `c` at byte `i` of `run` is a closing quote that directly follows a word.
fn is_closing_quote_after_word(run: &str, i: usize, c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{00BB}')
        && run[..i]
            .chars()
            .next_back()
            .is_some_and(|b| b.is_alphanumeric() || is_mark(b))
}

/// A closing quote right after a word, then whitespace and an opening quote, ends a quoted
/// sentence even without a terminator: `…كالدمى" "زوجتي…`.
pub fn is_quote_break(run: &str, i: usize, c: char) -> bool {
    if !is_closing_quote_after_word(run, i, c) {
        return false;
    }
    let rest = &run[i + c.len_utf8()..];
    rest.starts_with(char::is_whitespace)
        && rest.trim_start().starts_with(['"', '\u{201C}', '\u{00AB}'])
}

/// In Arabic, where quoted speech often ends without a terminator: a closing quote after a
/// word, followed by an Arabic word, ends the sentence when the quote opened the sentence
/// (or followed a colon) and holds at least three words.
pub fn is_quoted_sentence_end(run: &str, from: usize, i: usize, c: char) -> bool {
    if !is_closing_quote_after_word(run, i, c) {
        return false;
    }
    let rest = &run[i + c.len_utf8()..];
    let next = rest.trim_start();
    if !rest.starts_with(char::is_whitespace) || !next.starts_with(|d: char| is_arabic_char(d)) {
        return false;
    }
    if is_coordinated_quote(next) {
        return false;
    }
    let open = run[from..i]
        .rfind(['"', '\u{201C}', '\u{00AB}'])
        .map(|o| from + o);
    if open.is_some_and(|o| is_latin_title(&run[o..i])) {
        return false;
    }
    let next_key = leading_arabic_key(next);
    if ATTRIBUTIONS.contains(&next_key.as_str()) {
        return false;
    }
    if ARABIC_OPENERS.contains(&next_key.as_str()) {
        return true;
    }
    let Some(open) = open else {
        return false;
    };
    let quoted_words = run[open..i].split_whitespace().count();
    let lead = run[from..open].trim_end();
    quoted_words >= 3 && (lead.is_empty() || lead.ends_with(':'))
}

/// A quotation in Latin script inside Arabic text (`سلسلة أفلام "Johnny English"`) is a
/// foreign name or title, not quoted Arabic speech: its closing quote ends no sentence.
fn is_latin_title(quoted: &str) -> bool {
    quoted.chars().any(|c| c.is_ascii_alphabetic()) && !quoted.chars().any(is_arabic_char)
}

/// `next` opens a quotation with the conjunction و or ف attached (`"أحمق" و"أنه محاولة"`): it
/// coordinates a second quotation with the first inside the same sentence.
fn is_coordinated_quote(next: &str) -> bool {
    let mut chars = next.chars();
    matches!(chars.next(), Some('\u{0648}' | '\u{0641}'))
        && chars
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, '"' | '\u{201C}' | '\u{00AB}'))
}

/// Words (match-key form) that open an Arabic sentence after a closing quote: reporting
/// verbs with the conjunction و and common sentence-initial particles.
const ARABIC_OPENERS: &[&str] = &[
    "وقال",
    "وقالت",
    "واضاف",
    "واضافت",
    "واكد",
    "واكدت",
    "واشار",
    "واشارت",
    "وذكر",
    "وذكرت",
    "وتابع",
    "وتابعت",
    "واوضح",
    "واوضحت",
    "واردف",
    "وصرح",
    "وصرحت",
    "واقترح",
    "واعلن",
    "واعلنت",
    "وفي",
    "وكان",
    "وكانت",
    "ولم",
    "وبعد",
    "وهذا",
    "وهو",
    "وهي",
    "لكن",
    "ولكن",
    "ويذكر",
    "يذكر",
    "لم",
    "ومن",
    "يبدو",
    "وقد",
];

/// Words that attach a quotation to its speaker ("…" قال ترامب, "…" هذا ما قالته): the
/// sentence goes on after the closing quote.
const ATTRIBUTIONS: &[&str] = &[
    "هذا",
    "حسبما",
    "كما",
    "وفقا",
    "قائلا",
    "قائله",
    "قال",
    "قالت",
    "اضاف",
    "اضافت",
];

/// The match key of the Arabic word at the start of `text` (punctuation after it dropped).
fn leading_arabic_key(text: &str) -> String {
    let word: String = text
        .chars()
        .take_while(|&c| is_arabic_char(c) || is_mark(c) || c == '\u{0640}')
        .collect();
    crate::text::normalize::fold_text(&word)
}

/// A quotation closed with its own terminator (`"…؟"`, `"…!"`, `"…."`) and followed by a
/// clause naming its speaker keeps that clause in the same sentence: `"…؟" تساءلت.`,
/// `"…!" كما أضاف هاميل.` It is Arabic's form of English `"…?" she asked.`, which the
/// lower-case rule keeps together; Arabic has no case, so the clause itself must show it:
/// an adverbial participle (قائلًا: "saying") always attaches, a reporting verb or
/// كما/حسبما only when the clause is short and ends there (a long one, `قال جون، رئيس
/// الجمعية: "…"`, is a new verb-first sentence).
pub(super) fn is_postposed_attribution(marks: &str, next: &str) -> bool {
    marks.ends_with(['"', '\'', '\u{201D}', '\u{2019}', '\u{00BB}'])
        && (is_arabic_speaker_clause(next) || is_english_speaker_clause(next))
}

/// The speaker clause of a quotation, up to its terminator, when it is short and holds no
/// further quotation or colon (a long one is a sentence of its own).
fn short_clause(next: &str) -> Option<&str> {
    let clause = next.split(is_terminator).next().unwrap_or("");
    let short = !clause.contains([':', '"', '\u{201C}', '\u{00AB}'])
        && clause.split_whitespace().count() <= MAX_SPEAKER_CLAUSE_WORDS;
    short.then_some(clause)
}

/// `"…!" Hammel added.` / `"…?" CNN reported.`: English names the speaker with a capital,
/// so the lower-case rule misses the clause; a short one that ends with a reporting verb is
/// the speaker clause (`He said nothing more.` goes on after the verb: a sentence of its
/// own). A clause that starts with the verb (`asked the minister.`) is lower case already.
fn is_english_speaker_clause(next: &str) -> bool {
    let Some(clause) = short_clause(next) else {
        return false;
    };
    let words: Vec<&str> = clause.split_whitespace().collect();
    words.len() >= 2
        && words.last().is_some_and(|w| {
            REPORTING_VERBS.contains(&w.trim_matches(|c: char| !c.is_alphabetic()))
        })
}

/// English reporting verbs of speaker clauses (past and present tense).
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "asked",
    "asks",
    "told",
    "reported",
    "reports",
    "wrote",
    "writes",
    "replied",
    "explained",
    "noted",
    "continued",
    "recalled",
    "insisted",
    "warned",
    "tweeted",
    "wondered",
    "stated",
    "declared",
    "argued",
    "claimed",
    "shouted",
    "urged",
];

/// The Arabic form: see `is_postposed_attribution`.
fn is_arabic_speaker_clause(next: &str) -> bool {
    let key = leading_arabic_key(next);
    if SPEAKER_PARTICIPLES.contains(&key.as_str()) {
        return true;
    }
    opens_speaker_clause(&key) && short_clause(next).is_some()
}

/// Object pronouns a reporting verb may carry: سألته "she asked him", أجابها "he answered her".
const OBJECT_SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "ني", "نا", "ك", "كم"];

/// `key` is a speaker-clause opener, bare or with an object pronoun attached.
fn opens_speaker_clause(key: &str) -> bool {
    SPEAKER_CLAUSE_OPENERS.contains(&key)
        || OBJECT_SUFFIXES.iter().any(|suffix| {
            key.strip_suffix(suffix)
                .is_some_and(|verb| SPEAKER_CLAUSE_OPENERS.contains(&verb))
        })
}

/// A postposed speaker clause names at most the verb and a short name or title.
const MAX_SPEAKER_CLAUSE_WORDS: usize = 4;

/// Adverbial participles of reporting ("saying", "adding", "asking"): never open a sentence.
const SPEAKER_PARTICIPLES: &[&str] = &["قائلا", "قائله", "مضيفا", "مضيفه", "متسائلا", "متسائله"];

/// Words (match-key form) that open a speaker clause: reporting verbs without the
/// conjunction و (with it, وقال, they open a new sentence) and "as"/"according to".
const SPEAKER_CLAUSE_OPENERS: &[&str] = &[
    "قال",
    "قالت",
    "اضاف",
    "اضافت",
    "تساءل",
    "تساءلت",
    "سال",
    "سالت",
    "اكد",
    "اكدت",
    "اوضح",
    "اوضحت",
    "ذكر",
    "ذكرت",
    "تابع",
    "تابعت",
    "اردف",
    "اردفت",
    "صرح",
    "صرحت",
    "افاد",
    "افادت",
    "علق",
    "علقت",
    "اجاب",
    "اجابت",
    "رد",
    "ردت",
    "كتب",
    "كتبت",
    "غرد",
    "غردت",
    "كما",
    "حسبما",
    "وفقا",
    "بحسب",
];
