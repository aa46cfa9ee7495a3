//! How far apart two transliteration keys are ([`super::translit`] folds words into keys):
//! a weighted edit distance in which what transliteration really changes is cheap (vowels
//! a/e/i/u, the diphthong ay written i or e, d/z, g/j/k, θ/s/t/z, w/u) and everything else
//! costs a full edit, and the largest distance still called a variant for a key length.
//! Shared by the glossary's word-level variant index and mention comparison.

/// Cost of substituting symbol `a` by `b` in a transliteration key.
fn sub_cost(a: u8, b: u8) -> f32 {
    if a == b {
        return 0.0;
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        (b'a', b'e') | (b'e', b'i') | (b'i', b'y') | (b'u', b'w') => 0.3,
        (b'e', b'u') | (b'a', b'u') | (b'a', b'i') | (b'i', b'u') => 0.4,
        (b'd', b'z') | (b'g', b'j') | (b'g', b'k') | (b'0', b's') | (b'0', b't') | (b'0', b'z') => {
            0.3
        }
        // Letters of one class written with or without their second letter: kh as k
        // (Khaled = Kaled, Sakhr = Sakr), sh as s (Hashem = Hasem), and z as s (Monzer =
        // Monser, Zaki = Saki).
        (b'h', b'x') | (b'k', b'x') | (b'$', b's') | (b's', b'z') => 0.5,
        _ => 1.0,
    }
}

/// Cost of inserting or deleting symbol `i` of key `k`.
fn indel_cost(k: &[u8], i: usize) -> f32 {
    let (c, len) = (k[i], k.len());
    let at_edge = i == 0 || i + 1 >= len;
    match c {
        b'e' if i + 1 == len && len > 4 => 0.5,
        // A first vowel before two consonants is dropped in Maghrebi spelling: Ibrahim =
        // Brahim, Ismail = Smail (a word starting with two consonants is no Arabic shape).
        b'a' | b'e' | b'i' | b'u' if i == 0 && len > 4 && k[1..3].iter().all(|&x| !is_vowel(x)) => {
            0.4
        }
        _ if at_edge => 1.2,
        b'a' | b'e' | b'i' | b'u' => 0.3,
        b'y' | b'w' => 0.5,
        // h is a letter (ه, ح) inside a name; only a final -ah / -eh drops it.
        b'h' => 0.8,
        _ => 1.0,
    }
}

/// Weighted edit distance between two transliteration keys.
pub fn distance(a: &str, b: &str) -> f32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let w = b.len() + 1;
    let mut d = vec![0.0f32; (a.len() + 1) * w];
    for j in 0..b.len() {
        d[j + 1] = d[j] + indel_cost(b, j);
    }
    for i in 0..a.len() {
        d[(i + 1) * w] = d[i * w] + indel_cost(a, i);
        for j in 0..b.len() {
            let del = d[i * w + j + 1] + indel_cost(a, i);
            let ins = d[(i + 1) * w + j] + indel_cost(b, j);
            let sub = d[i * w + j] + sub_cost(a[i], b[j]);
            let mut best = del.min(ins).min(sub);
            // The diphthong "ay" (ai, ei, ey) for a plain i or e: Suhayl = Suhel, Junayd = Jnid.
            if i > 0 && &a[i - 1..=i] == b"ay" && matches!(b[j], b'i' | b'e') {
                best = best.min(d[(i - 1) * w + j] + DIPHTHONG);
            }
            if j > 0 && &b[j - 1..=j] == b"ay" && matches!(a[i], b'i' | b'e') {
                best = best.min(d[i * w + j - 1] + DIPHTHONG);
            }
            d[(i + 1) * w + j + 1] = best;
        }
    }
    d[a.len() * w + b.len()]
}

/// Cost of writing the diphthong "ay" as a single i or e.
const DIPHTHONG: f32 = 0.1;

/// The largest distance still called a variant, by key length.
pub fn threshold(len: usize) -> f32 {
    match len {
        0..=2 => 0.0,
        3 => 0.3,
        4..=5 => 0.7,
        6..=7 => 0.8,
        _ => 1.0,
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'u' | b'y' | b'w')
}
