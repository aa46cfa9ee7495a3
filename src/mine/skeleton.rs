//! How alike a Latin name and Arabic words are: consonant skeletons of the Latin name
//! (articles dropped, Abd/Abu compounds read as Arabic writes them) compared with the
//! Arabic words' skeletons by an edit distance in which letters that transliterations swap
//! cost half. `pairing` uses it to choose which Arabic words an English name translates.

use crate::align::translit::latin_skeleton;
use crate::names::words::ARTICLES;

/// The consonant skeletons of a Latin name: articles dropped, Abd and Abu compounds read as
/// Arabic writes them (Abdul Rahman → Abd + Rahman, ibn/ben → bin), each part's skeleton
/// concatenated; a second skeleton without joined articles (Elsaghira → Saghira) when that
/// differs, since only the Arabic can tell Alireza (عليرضا) from Alkadhimi (الكاظمي).
pub fn latin_name_skeletons(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '‘' | 'ʼ'))
        .filter(|p| !p.is_empty())
        .collect();
    let mut as_written = String::new();
    let mut unjoined = String::new();
    for part in &parts {
        let lower = part.to_lowercase();
        if parts.len() > 1 && ARTICLES.contains(&lower.as_str()) {
            continue;
        }
        let written = match normalize_compound(&lower) {
            Some(n) => latin_skeleton(&n),
            None => latin_skeleton(part),
        };
        match joined_article(&lower) {
            Some(rest) => unjoined.push_str(&latin_skeleton(rest)),
            None => unjoined.push_str(&written),
        }
        as_written.push_str(&written);
    }
    if unjoined == as_written {
        vec![as_written]
    } else {
        vec![as_written, unjoined]
    }
}

/// A name without a joined article (Elsaghira, Alkadhimi, Ulhaq), as the Arabic skeleton
/// drops ال.
fn joined_article(lower: &str) -> Option<&str> {
    ["al", "el", "ul"]
        .iter()
        .find_map(|a| lower.strip_prefix(a))
        .filter(|rest| rest.chars().count() >= 4)
}

/// Abd compounds to "abd…" and bin/abu spellings to one; `None` when nothing changes.
fn normalize_compound(lower: &str) -> Option<String> {
    match lower {
        "ibn" | "ben" => return Some("bin".into()),
        "abou" | "abo" => return Some("abu".into()),
        _ => {}
    }
    for head in ["abdul", "abdel", "abdal", "abdoul", "abdol", "abdil"] {
        if let Some(rest) = lower.strip_prefix(head) {
            return Some(format!("abd{rest}"));
        }
    }
    None
}

/// Cost of writing skeleton class `a` for `b`: classes that transliterations of one Arabic
/// letter fall into cost half (field-notes §2: ج → j / g, ذ ض ظ → dh / z / d, ث → th / s,
/// ز ص → z / s, ش → sh / ch / s, Persian و → v).
fn substitution(a: u8, b: u8) -> f32 {
    if a == b {
        return 0.0;
    }
    let near = |x: u8, y: u8| (a == x && b == y) || (a == y && b == x);
    if near(b'J', b'K')
        || near(b'Z', b'D')
        || near(b'S', b'T')
        || near(b'S', b'Z')
        || near(b'X', b'S')
        || near(b'W', b'F')
    {
        0.5
    } else {
        1.0
    }
}

/// Edit distance between two short ASCII skeletons, near classes costing half.
fn distance(a: &[u8], b: &[u8]) -> f32 {
    const ON_STACK: usize = 48;
    let mut stack = [0f32; ON_STACK];
    let mut heap = Vec::new();
    let row: &mut [f32] = if b.len() < ON_STACK {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0.0);
        &mut heap
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j as f32;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = (i + 1) as f32;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1.0)
                .min(row[j] + 1.0)
                .min(prev + substitution(ca, cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Similarity of two skeletons: 1 − distance / longer length; short skeletons (two classes
/// or fewer) must be equal.
pub fn skeleton_similarity(a: &str, b: &str) -> f32 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 0.0;
    }
    if longer <= 2 {
        return if a == b { 1.0 } else { 0.0 };
    }
    1.0 - distance(a.as_bytes(), b.as_bytes()) / longer as f32
}
