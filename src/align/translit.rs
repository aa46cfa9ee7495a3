//! Consonant skeletons for matching names across scripts (field-notes §2).
//!
//! An Arabic word and a Latin word get the same kind of key: a string of consonant classes
//! in which the letters that transliterations swap share one class (ظ ذ ض z dh → Z; ق ك q k
//! c g → K; ث ت ط t th → T; ش sh ch → X …), vowels and weak letters are dropped after the
//! first letter, the article (al-, el-, ال) is stripped and doubled classes collapse. So
//! الكاظمي → KZM and Kadhimi → KZM, محمد → MHMD and Mohammed → MHMD.

/// Class of one Arabic letter (match-key form), or `None` for letters that are dropped.
fn arabic_class(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'B',
        'ت' | 'ط' | 'ث' => 'T',
        'ج' => 'J',
        'ح' | 'ه' => 'H',
        'خ' | 'ق' | 'ك' | 'غ' | 'گ' => 'K',
        'د' => 'D',
        'ذ' | 'ز' | 'ظ' | 'ض' => 'Z',
        'ر' => 'R',
        'س' | 'ص' => 'S',
        'ش' | 'چ' => 'X',
        'ف' | 'ڤ' => 'F',
        'ل' => 'L',
        'م' => 'M',
        'ن' => 'N',
        'و' => 'W',
        'ي' | 'ى' => 'Y',
        _ => return None,
    })
}

/// Strips the article and its clitic combinations from a folded Arabic word.
fn strip_arabic_article(word: &str) -> &str {
    for prefix in ["وال", "بال", "كال", "فال", "لل", "ال"] {
        if let Some(rest) = word.strip_prefix(prefix) {
            if rest.chars().count() >= 3 {
                return rest;
            }
        }
    }
    word
}

/// Skeleton of an Arabic word given in match-key form (folded letters).
pub fn arabic_skeleton(word: &str) -> String {
    let word = strip_arabic_article(word);
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        let Some(class) = arabic_class(c) else {
            first = false;
            continue;
        };
        let weak = matches!(class, 'W' | 'Y') && !first;
        // A final ه is a taa marbuta or a vowel (-a, -ah) in transliteration.
        let final_h = class == 'H' && last && !first;
        if !weak && !final_h {
            push_class(&mut out, class);
        }
        first = false;
    }
    out
}

fn push_class(out: &mut String, class: char) {
    if !out.ends_with(class) {
        out.push(class);
    }
}

/// Digraphs of Latin transliterations, longest first, with their classes.
const DIGRAPHS: &[(&str, char)] = &[
    ("sch", 'X'),
    ("kh", 'K'),
    ("gh", 'K'),
    ("dh", 'Z'),
    ("th", 'T'),
    ("sh", 'X'),
    ("ch", 'X'),
    ("ph", 'F'),
    ("dj", 'J'),
    ("ck", 'K'),
    ("ng", 'N'),
];

fn latin_class(c: char) -> Option<char> {
    Some(match c {
        'b' | 'p' => 'B',
        't' => 'T',
        'j' => 'J',
        'h' => 'H',
        'k' | 'q' | 'c' | 'g' | 'x' => 'K',
        'd' => 'D',
        'z' => 'Z',
        'r' => 'R',
        's' => 'S',
        'f' | 'v' => 'F',
        'l' => 'L',
        'm' => 'M',
        'n' => 'N',
        'w' => 'W',
        'y' => 'Y',
        _ => return None,
    })
}

/// Skeleton of a Latin word (any case).
pub fn latin_skeleton(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut rest: &str = &lower;
    for prefix in ["al-", "el-", "al", "el"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            if r.len() >= 4 && (prefix.ends_with('-') || word.starts_with("Al")) {
                rest = r;
                break;
            }
        }
    }
    let mut out = String::new();
    let mut first = true;
    while !rest.is_empty() {
        if let Some(&(d, class)) = DIGRAPHS.iter().find(|(d, _)| rest.starts_with(d)) {
            push_class(&mut out, class);
            rest = &rest[d.len()..];
            first = false;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        rest = &rest[c.len_utf8()..];
        let is_last = rest.is_empty();
        if let Some(class) = latin_class(c) {
            let weak = matches!(class, 'W' | 'Y') && !first;
            let final_h = class == 'H' && is_last && !first;
            if !weak && !final_h {
                push_class(&mut out, class);
            }
        }
        first = false;
    }
    out
}

/// A coarser skeleton for short names, merging the classes transliterations confuse most
/// (s/z: Sims سيمز; t/d; k/j/g; b/f): "SMZ" and "SMS" both become "SMS".
pub fn coarse(skeleton: &str) -> String {
    let mut out = String::new();
    for c in skeleton.chars() {
        let class = match c {
            'Z' | 'X' => 'S',
            'D' => 'T',
            'J' => 'K',
            'F' => 'B',
            other => other,
        };
        push_class(&mut out, class);
    }
    out
}

/// Whether two skeletons are close: equal, or (from three classes up) one edit apart.
pub fn skeletons_match(a: &str, b: &str) -> bool {
    if a == b {
        return a.len() >= 2;
    }
    let (la, lb) = (a.len(), b.len());
    if la.min(lb) < 3 || la.abs_diff(lb) > 1 {
        return false;
    }
    strsim::levenshtein(a, b) <= 1
}

/// The one-deletion neighbourhood of a skeleton (itself included): two skeletons within one
/// edit share at least one key, which lets a hash map find candidates.
pub fn deletion_keys(skeleton: &str) -> Vec<String> {
    let mut keys = vec![skeleton.to_string()];
    if skeleton.len() >= 3 {
        for i in 0..skeleton.len() {
            let mut k = skeleton.to_string();
            k.remove(i);
            keys.push(k);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::fold_text;

    fn ar(word: &str) -> String {
        arabic_skeleton(&fold_text(word))
    }

    #[test]
    fn name_variants_meet() {
        let cases = [
            ("الكاظمي", "Al-Kadhimi"),
            ("الكاظمي", "Kazemi"),
            ("محمد", "Mohammed"),
            ("محمد", "Muhammad"),
            ("الخفاجي", "al-Khafaji"),
            ("تحسين", "Tahseen"),
            ("واشنطن", "Washington"),
            ("ترامب", "Trump"),
            ("بغداد", "Baghdad"),
            ("كافانو", "Kavanaugh"),
        ];
        for (a, l) in cases {
            let (x, y) = (ar(a), latin_skeleton(l));
            assert!(skeletons_match(&x, &y), "{a} {x} vs {l} {y}");
        }
    }

    #[test]
    fn unrelated_words_differ() {
        assert!(!skeletons_match(&ar("بغداد"), &latin_skeleton("London")));
        assert!(!skeletons_match(&ar("قال"), &latin_skeleton("Trump")));
    }
}
