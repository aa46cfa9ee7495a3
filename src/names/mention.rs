//! Person-name mentions in a line of English (Latin-script) text, with byte spans.
//!
//! A mention is a run of name words joined by single spaces or hyphens: capitalized words
//! that are not titles or function words ([`super::words`]), with the particles that live
//! inside Arabic names in any case (al-/el-/ash-, Abd/Abu, bin/ibn/bint/ben, Ould). The run
//! is then read as *units*, the pieces two spellings of one name share: "Abd al-Rahman",
//! "bin Salman", "al-Khafaji", "Nasr al-Din" and "Ta'ma" are one unit each. All-capital
//! words are names in a headline (most of the line in capitals) and otherwise only beside
//! a mixed-case name word, so acronyms (JOC, NATO) are not names on their own.

use super::translit::fold_forms;
use super::words::{
    continues_after_hyphen, is_article, is_euro_particle, is_inner_title, is_leading_honorific,
    is_name_or_opener, is_not_name, is_particle, is_spaced_article, is_unit_head, is_unit_tail,
};
use crate::text::{tokenize, Token, TokenKind};

/// One unit of a written name.
#[derive(Debug, Clone, PartialEq)]
pub struct NameUnit {
    /// Byte span in the text, article included.
    pub start: usize,
    pub end: usize,
    /// The unit as written, lowercased, article included, apostrophes kept and every
    /// space or hyphen one "-" ("al-khafaji", "abdul-aziz", "ta'ma"): two units are spelled
    /// alike when these are equal.
    pub spelling: String,
    /// Transliteration keys of the unit without a separate article ([`fold_forms`]).
    pub keys: Vec<String>,
    /// Whether an article stands before it as a word of its own ("al-Khafaji", "El Sisi").
    pub article: bool,
}

/// A person-name mention: a span of a text and the units it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub units: Vec<NameUnit>,
}

impl Mention {
    /// The mention as written in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What a word can be in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    /// An all-capital word outside a headline: a name only beside a mixed-case one.
    Weak,
    Particle,
    Other,
}

/// One word of the text (an apostrophe inside it kept: "Ta'ma").
#[derive(Debug, Clone)]
struct Item {
    start: usize,
    end: usize,
    lower: String,
    role: Role,
    /// Joined to the next word by one space (`Some(false)`) or one hyphen (`Some(true)`).
    link: Option<bool>,
}

/// Every person-name mention of `text` (one line), in order.
pub fn find_mentions(text: &str) -> Vec<Mention> {
    find_mentions_where(text, &tokenize(text), |_, _| true)
}

/// The mentions of `text`, already tokenized, whose byte span `wanted(start, end)` accepts
/// (asked before the mention is read as units, which is most of the work).
pub fn find_mentions_where(
    text: &str,
    tokens: &[Token],
    wanted: impl Fn(usize, usize) -> bool,
) -> Vec<Mention> {
    mentions(text, items(text, tokens, false, false), wanted)
}

/// [`find_mentions_where`] with a European particle in lower case between two name words
/// part of the name ("Nabil de Freige", "Ahmed van Dijk"): the checker's reading, where
/// "Nabil" alone would be a bare name. Glossary mining keeps the two names apart ("Sadr de
/// Hakim" may be two people) and joins them when the Arabic says one.
pub fn find_mentions_across_particles(
    text: &str,
    tokens: &[Token],
    wanted: impl Fn(usize, usize) -> bool,
) -> Vec<Mention> {
    mentions(text, items(text, tokens, false, true), wanted)
}

fn mentions(text: &str, items: Vec<Item>, wanted: impl Fn(usize, usize) -> bool) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if items[i].role == Role::Other {
            i += 1;
            continue;
        }
        let mut j = i;
        while items[j].link.is_some() && j + 1 < items.len() && items[j + 1].role != Role::Other {
            j += 1;
        }
        out.extend(mention(text, &items[i..=j], &wanted));
        i = j + 1;
    }
    out
}

/// The units of a glossary form ("Mustafa Al-Kadhimi"): every word counts, whatever its
/// case, except titles and function words.
pub fn form_units(form: &str) -> Vec<NameUnit> {
    let items: Vec<Item> = items(form, &tokenize(form), true, true)
        .into_iter()
        .filter(|it| it.role != Role::Other)
        .collect();
    units(form, &items)
}

/// How many units at the start of a name are honorifics ("Syed", "Mian"): at most all
/// but two, so that a name is never reduced to one unit.
pub fn honorifics(units: &[NameUnit]) -> usize {
    units
        .iter()
        .take_while(|u| is_leading_honorific(&u.spelling))
        .count()
        .min(units.len().saturating_sub(2))
}

/// The mention a run of linked words makes: particles at its end dropped, and nothing when
/// it holds no name word or only all-capital words outside a headline.
fn mention(text: &str, run: &[Item], wanted: &impl Fn(usize, usize) -> bool) -> Option<Mention> {
    let last = run.iter().rposition(|it| it.role != Role::Particle)?;
    let run = &run[..=last];
    if !run.iter().any(|it| it.role == Role::Name) || !wanted(run[0].start, run[last].end) {
        return None;
    }
    let units = units(text, run);
    Some(Mention {
        start: units.first()?.start,
        end: units.last()?.end,
        units,
    })
}

fn is_latin_letter_word(word: &str) -> bool {
    word.chars().next().is_some_and(is_latin_letter)
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// The words of a text with their roles. `form`: a glossary form, where every Latin word is a
/// name word unless it is a title or function word. `particles`: a European particle
/// between two name words is part of the name.
fn items(text: &str, tokens: &[Token], form: bool, particles: bool) -> Vec<Item> {
    let mut raw: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        k += 1;
        if t.kind != TokenKind::Word {
            continue;
        }
        let (start, mut end) = (t.start, t.end);
        // An apostrophe between letters is part of the name (Ta'ma, Sa'ad), except 's.
        while k + 1 < tokens.len()
            && tokens[k].key == "'"
            && tokens[k].start == end
            && tokens[k + 1].start == tokens[k].end
            && tokens[k + 1].kind == TokenKind::Word
            && text[tokens[k + 1].start..].starts_with(char::is_lowercase)
            && tokens[k + 1].key != "s"
        {
            end = tokens[k + 1].end;
            k += 2;
        }
        raw.push((start, end));
    }
    let headline = is_headline(text, &raw);
    let mut items: Vec<Item> = Vec::with_capacity(raw.len());
    for (n, &(start, end)) in raw.iter().enumerate() {
        let word = &text[start..end];
        let link = raw.get(n + 1).and_then(|&(next, _)| link(&text[end..next]));
        let lower = word.to_lowercase();
        let after_article = n > 0
            && items[n - 1].role == Role::Particle
            && is_article(&items[n - 1].lower)
            && items[n - 1].link.is_some();
        // A lowercase word hyphenated to a name word goes on with it ("Shahidi-fard").
        let after_hyphen = n > 0
            && items[n - 1].role == Role::Name
            && items[n - 1].link == Some(true)
            && continues_after_hyphen(&lower);
        let role = match role(word, &lower, link, headline || form, after_article) {
            Role::Other if form && !is_not_name(&lower) && is_latin_letter_word(word) => Role::Name,
            Role::Other if after_hyphen && is_latin_letter_word(word) => Role::Name,
            r => r,
        };
        items.push(Item {
            start,
            end,
            lower,
            role,
            link,
        });
    }
    // Titles such as Haji between two name words are part of the name ("Abdirahman
    // Yusuf Haji Ali").
    for n in 1..items.len().saturating_sub(1) {
        let between = items[n - 1].role == Role::Name
            && items[n - 1].link == Some(false)
            && items[n].link == Some(false)
            && items[n + 1].role == Role::Name;
        if !between || items[n].role != Role::Other {
            continue;
        }
        if text[items[n].start..].starts_with(char::is_uppercase) && is_inner_title(&items[n].lower)
        {
            items[n].role = Role::Name;
        } else if particles && is_euro_particle(&items[n].lower) {
            items[n].role = Role::Particle;
        }
    }
    // A capitalized head with no name word after it is a name itself ("Omar Hassan Abdi
    // as saying", "Abu said").
    for n in 0..items.len() {
        let next_is_name = items.get(n + 1).is_some_and(|it| it.role != Role::Other);
        if items[n].role == Role::Particle
            && is_unit_head(&items[n].lower)
            && !next_is_name
            && text[items[n].start..].starts_with(char::is_uppercase)
        {
            items[n].role = Role::Name;
        }
    }
    items
}

fn role(word: &str, lower: &str, link: Option<bool>, capitals: bool, after_article: bool) -> Role {
    let first = word.chars().next().unwrap_or(' ');
    if !is_latin_letter(first) {
        return Role::Other;
    }
    // Most words of a text: lowercase and no particle (checked before the word lists).
    if !capitals && !first.is_uppercase() && (lower.len() > 6 || !is_particle(lower)) {
        return Role::Other;
    }
    if is_article(lower) {
        // "as", "at", "an" are English words: only a hyphen ties them to a name.
        return match link {
            Some(true) => Role::Particle,
            Some(false) if is_spaced_article(lower) => Role::Particle,
            _ => Role::Other,
        };
    }
    if is_unit_head(lower) && link.is_some() {
        return Role::Particle;
    }
    if is_not_name(lower) && !after_article {
        return Role::Other;
    }
    // "Said" starts sentences as a verb: a name only beside another name word.
    if !capitals && is_name_or_opener(lower) {
        return Role::Weak;
    }
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !word.chars().any(char::is_lowercase);
    if all_caps {
        return if capitals { Role::Name } else { Role::Weak };
    }
    if first.is_uppercase() || (capitals && is_particle(lower)) {
        Role::Name
    } else {
        Role::Other
    }
}

/// One space or one hyphen between two words: `Some(hyphen)`; anything else separates. A
/// space and an apostrophe (ʿayn) before a word is a space: "Yunus 'Amr".
fn link(gap: &str) -> Option<bool> {
    let gap = gap
        .strip_suffix(['\'', '\u{2019}', '\u{2018}'])
        .filter(|g| !g.is_empty())
        .unwrap_or(gap);
    let mut chars = gap.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    match c {
        ' ' | '\u{00A0}' => Some(false),
        '-' | '\u{2010}' | '\u{2011}' => Some(true),
        _ => None,
    }
}

/// Whether most words of a line are in capitals (a headline: "KAZEMI MEETS MCKENZIE").
fn is_headline(text: &str, words: &[(usize, usize)]) -> bool {
    let (mut caps, mut cased) = (0, 0);
    for &(s, e) in words {
        let w = &text[s..e];
        if w.chars().filter(|c| c.is_alphabetic()).count() < 2 || !w.chars().all(is_latin_letter) {
            continue;
        }
        cased += 1;
        if !w.chars().any(char::is_lowercase) {
            caps += 1;
        }
    }
    caps >= 2 && caps * 10 >= cased * 6
}

/// Reads linked words as name units: an article goes with the word after it; a head (Abd,
/// Abu, bin ...) with the word after it (through an article and further heads: "bin Abd
/// al-Aziz"); a tail (Din, Allah) with the word before it.
fn units(text: &str, items: &[Item]) -> Vec<NameUnit> {
    let n = items.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let first = i;
        // A European particle goes with its name as an article does ("de Freige").
        let lower = &items[i].lower;
        let article = (is_article(lower) || is_euro_particle(lower)) && i + 1 < n;
        if article {
            i += 1;
        }
        let core = i;
        let mut j = i;
        if is_unit_head(&items[j].lower) && j + 1 < n {
            while is_unit_head(&items[j].lower) && j + 1 < n {
                j += 1;
                if is_article(&items[j].lower) && j + 1 < n {
                    j += 1;
                }
            }
        } else if j + 1 < n && is_unit_tail(&items[j + 1].lower) {
            j += 1;
        } else if j + 2 < n && is_article(&items[j + 1].lower) && is_unit_tail(&items[j + 2].lower)
        {
            j += 2;
        }
        let words: Vec<&str> = items[core..=j]
            .iter()
            .map(|it| &text[it.start..it.end])
            .collect();
        let (start, end) = (items[first].start, items[j].end);
        out.push(NameUnit {
            start,
            end,
            spelling: spelling(&text[start..end]),
            keys: fold_forms(&words.join("-")),
            article,
        });
        i = j + 1;
    }
    out
}

/// The letters of two units read as one word ("Bani" + "Adam" → "baniadam").
pub fn joined(a: &NameUnit, b: &NameUnit) -> String {
    a.spelling
        .chars()
        .chain(b.spelling.chars())
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// A unit's spelling (see [`NameUnit::spelling`]); accents kept: "Saïd" is not "Said".
pub fn spelling(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::normalize::nfc(s).chars() {
        if c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            out.push('\'');
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find_mentions(text).iter().map(|m| m.text(text)).collect()
    }

    fn unit_texts(text: &str) -> Vec<Vec<&str>> {
        find_mentions(text)
            .iter()
            .map(|m| m.units.iter().map(|u| &text[u.start..u.end]).collect())
            .collect()
    }

    #[test]
    fn mentions_stop_at_titles_punctuation_and_possessives() {
        assert_eq!(
            spans("On Monday, Mostafa Taha met officials in the capital."),
            ["Mostafa Taha"]
        );
        assert_eq!(
            spans("Prime Minister Mustafa Al-Kadhimi's office said"),
            ["Mustafa Al-Kadhimi"]
        );
        assert_eq!(
            spans("Later, Adly Youssef told reporters, Kazemi stressed."),
            ["Adly Youssef", "Kazemi"]
        );
        assert_eq!(spans("As Nader al-Dahabi said"), ["Nader al-Dahabi"]);
    }

    #[test]
    fn particles_make_one_unit_with_their_name() {
        assert_eq!(
            unit_texts("Sarah bint Abdullah bin Faisal Al Saud arrived"),
            [vec!["Sarah", "bint Abdullah", "bin Faisal", "Al Saud"]]
        );
        assert_eq!(
            unit_texts("Abd al-Rahman Ould Abdel Aziz and Nasr al-Din"),
            [
                vec!["Abd al-Rahman", "Ould Abdel Aziz"],
                vec!["Nasr al-Din"]
            ]
        );
        assert_eq!(unit_texts("Ahmed Ta'ma's plan"), [vec!["Ahmed", "Ta'ma"]]);
        assert_eq!(
            unit_texts("Forouq od-Dowleh said"),
            [vec!["Forouq", "od-Dowleh"]]
        );
        // Urdu spelling writes the article apart and in lower case.
        assert_eq!(
            unit_texts("Ehsan ur Rehman Mazari said"),
            [vec!["Ehsan", "ur Rehman", "Mazari"]]
        );
    }

    #[test]
    fn capitals_are_names_in_headlines_only() {
        assert_eq!(
            spans("MOSTAFA TAHA MEETS THE PRESS"),
            ["MOSTAFA TAHA MEETS", "PRESS"]
        );
        assert_eq!(spans("The JOC said NATO would stay"), Vec::<&str>::new());
        assert_eq!(spans("Ahmed BEN BELLA spoke"), ["Ahmed BEN BELLA"]);
    }

    #[test]
    fn arabic_script_and_odd_input_never_break_it() {
        assert!(spans("قال مصطفى الكاظمي").is_empty());
        assert_eq!(spans("Al- -bin ' Al"), Vec::<&str>::new());
        assert_eq!(spans("x Al-"), Vec::<&str>::new());
        assert_eq!(spans("Ibn"), ["Ibn"]);
        assert_eq!(spans("Said"), Vec::<&str>::new());
        assert_eq!(spans("Haji Haji Haji"), Vec::<&str>::new());
        assert_eq!(spans("Ali Haji, Abu-"), ["Ali", "Abu"]);
    }

    #[test]
    fn glossary_forms_keep_every_word() {
        let units = form_units("Mohammad Al Attar");
        assert_eq!(units.len(), 2);
        assert!(units[1].article && units[1].spelling == "al-attar");
        assert_eq!(form_units("habib dhif").len(), 2);
    }

    #[test]
    fn sentence_openers_and_titles_are_not_name_units() {
        assert_eq!(
            spans("Its envoy Karim Haddad said. Last week Our team met."),
            ["Karim Haddad"]
        );
        assert_eq!(spans("Next, Ayatollah Ali Sistani spoke"), ["Ali Sistani"]);
        assert_eq!(spans("Princesse Lalla Salma arrived"), ["Lalla Salma"]);
        assert_eq!(
            spans("Haj Ahmed Qabbani and Maulana Fazlur Rehman met"),
            ["Ahmed Qabbani", "Fazlur Rehman"]
        );
        // Said starts a sentence as a verb: a name only beside another name word.
        assert_eq!(spans("Said the minister: no."), Vec::<&str>::new());
        assert_eq!(spans("Said Jalili arrived"), ["Said Jalili"]);
    }

    #[test]
    fn titles_and_heads_inside_a_run() {
        // Haji between name words is part of the name; before them, a title.
        assert_eq!(
            spans("Abdirahman Yusuf Haji Ali said"),
            ["Abdirahman Yusuf Haji Ali"]
        );
        assert_eq!(spans("Haji Ali said"), ["Ali"]);
        // A head with no name word after it is a name of its own.
        assert_eq!(
            unit_texts("Omar Hassan Abdi as saying"),
            [vec!["Omar", "Hassan", "Abdi"]]
        );
        assert_eq!(unit_texts("Oum Kalthoum sang"), [vec!["Oum Kalthoum"]]);
    }
}
