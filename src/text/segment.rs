//! Sentence segmentation for Arabic and English news text (field-notes §5).
//!
//! Blank lines are hard boundaries. Inside a block of lines, every line break is a boundary
//! (headlines and datelines such as "Baghdad-INA" stay their own segments) unless the block
//! looks hard-wrapped, in which case wrapped lines are joined again. A dateline run together
//! with its headline or lead ("… port Baghdad-INA Prime Minister …") is split out too. Inside
//! a line, a sentence ends at . ! ? ؟ ۔ … (with any closing quotes and brackets) followed by
//! whitespace, except after abbreviations (Maj. Gen. U.S. a.m. No. 5, Arabic د. م. هـ ص.),
//! initials and when English text continues in lower case. Decimals (3.5, ٣٫٥) never break
//! because a break needs whitespace after the terminator.

mod dateline;
mod rules;

use dateline::find_dateline;
use rules::{is_break, is_closer, is_quote_break, is_quoted_sentence_end, is_terminator};

/// A sentence: byte range into the original text and the trimmed sentence text (wrapped
/// line breaks inside it are replaced by spaces).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Splits `text` into sentences. `lang` is the primary language subtag (`ar`, `en`); other
/// languages get the English rules (which only fire on Latin text).
pub fn segment(text: &str, lang: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in blocks(text) {
        for (start, end) in runs(text, &block) {
            match find_dateline(&text[start..end]) {
                // A dateline is its own segment; what comes before it is a headline.
                Some((from, to)) => {
                    split_run(text, start, start + from, lang, &mut out);
                    push(text, start + from, start + to, &mut out);
                    split_run(text, start + to, end, lang, &mut out);
                }
                None => split_run(text, start, end, lang, &mut out),
            }
        }
    }
    out
}

/// One segment per non-blank line, as given (`--presegmented`).
pub fn lines_as_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (start, end) in line_ranges(text) {
        push(text, start, end, &mut out);
    }
    out
}

/// Byte ranges of the lines of `text`, without their `\n` / `\r\n` terminators.
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            lines.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push((start, text.len()));
    }
    lines
}

/// Blocks of consecutive non-blank lines (blank lines separate paragraphs).
fn blocks(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for (s, e) in line_ranges(text) {
        if text[s..e].trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push((s, e));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn ends_with_terminator(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(is_closer);
    trimmed.chars().next_back().is_some_and(is_terminator)
}

/// A block is hard-wrapped when most of its lines but the last are long and end without a
/// sentence terminator (one sentence continues on the next line).
fn looks_wrapped(text: &str, block: &[(usize, usize)]) -> bool {
    if block.len() < 3 {
        return false;
    }
    let inner = &block[..block.len() - 1];
    let open = inner
        .iter()
        .filter(|&&(s, e)| {
            let line = &text[s..e];
            line.chars().count() >= 40 && !ends_with_terminator(line)
        })
        .count();
    open * 2 > inner.len()
}

/// Ranges of continuous text inside a block: each line, or for wrapped blocks the lines
/// joined up to a line that ends a sentence or is clearly short (a heading).
fn runs(text: &str, block: &[(usize, usize)]) -> Vec<(usize, usize)> {
    if !looks_wrapped(text, block) {
        return block.to_vec();
    }
    let longest = block
        .iter()
        .map(|&(s, e)| text[s..e].chars().count())
        .max()
        .unwrap_or(0);
    let mut runs = Vec::new();
    let mut run_start = None;
    for &(s, e) in block {
        let start = *run_start.get_or_insert(s);
        let line = &text[s..e];
        if ends_with_terminator(line) || line.chars().count() * 2 < longest {
            runs.push((start, e));
            run_start = None;
        }
    }
    if let (Some(start), Some(&(_, e))) = (run_start, block.last()) {
        runs.push((start, e));
    }
    runs
}

/// Splits one run of continuous text at sentence breaks.
fn split_run(text: &str, start: usize, end: usize, lang: &str, out: &mut Vec<Sentence>) {
    let run = &text[start..end];
    let mut from = 0;
    let mut chars = run.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let quoted_end = lang == "ar" && is_quoted_sentence_end(run, from, i, c);
        if quoted_end || is_quote_break(run, i, c) {
            let after = i + c.len_utf8();
            push(text, start + from, start + after, out);
            from = after;
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        let mut after = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) || is_closer(d) {
                after = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &run[after..];
        if rest.starts_with(char::is_whitespace) && is_break(run, i, after, lang) {
            push(text, start + from, start + after, out);
            from = after;
        }
    }
    push(text, start + from, end, out);
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = slice.len() - slice.trim_start().len();
    let text = if trimmed.contains('\n') {
        trimmed
            .split('\n')
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        trimmed.to_string()
    };
    out.push(Sentence {
        start: start + lead,
        end: start + lead + trimmed.len(),
        text,
    });
}

#[cfg(test)]
mod tests;
