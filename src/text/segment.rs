//! Sentence segmentation (placeholder until the segmentation work lands): splits on
//! blank lines and on . ! ? ؟ followed by whitespace.

/// A sentence: byte range into the original text and the trimmed sentence text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Splits `text` into sentences. `lang` is the primary language subtag (`ar`, `en`).
pub fn segment(text: &str, _lang: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_terminator = false;
    for (i, c) in text.char_indices() {
        if prev_terminator && c.is_whitespace() {
            push(text, start, i, &mut out);
            start = i;
        }
        prev_terminator = matches!(c, '.' | '!' | '?' | '؟');
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let lead = slice.len() - slice.trim_start().len();
        out.push(Sentence {
            start: start + lead,
            end: start + lead + trimmed.len(),
            text: trimmed.to_string(),
        });
    }
}
