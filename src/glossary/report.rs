//! Rendering findings for people, like a compiler diagnostic: the message, `path:line:col`,
//! the line, and a caret under the span (carets counted in graphemes, so combining marks take
//! no column). A line with right-to-left text gets the span bracketed in the line instead: a
//! terminal that lays Arabic out right to left moves the words but not a caret line, so a
//! caret would point at the wrong word; brackets travel with the text (and are mirrored).

use unicode_segmentation::UnicodeSegmentation;

use super::check::{Finding, Severity};

/// The diagnostic for `finding` on `line_text` of `path`.
pub fn render_human(path: &str, finding: &Finding, line_text: &str) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let kind = serde_json::to_value(finding.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut head = format!("{level}[{kind}]: {}", finding.message);
    if let Some(s) = &finding.suggestion {
        head.push_str(&format!("; write \"{s}\""));
    }
    let num = finding.line.to_string();
    let pad = " ".repeat(num.len());
    let shown = line_text.trim_end_matches(['\r', '\n']);
    let start = finding.start.min(shown.len());
    let end = finding.end.clamp(start, shown.len());
    let body = if has_right_to_left(shown) {
        format!(
            "{num} | {}{OPEN}{}{CLOSE}{}\n",
            &shown[..start],
            &shown[start..end],
            &shown[end..]
        )
    } else {
        let indent = " ".repeat(shown[..start].graphemes(true).count());
        let carets = "^".repeat(shown[start..end].graphemes(true).count().max(1));
        format!("{num} | {shown}\n{pad} | {indent}{carets}\n")
    };
    format!(
        "{head}\n{pad}--> {path}:{}:{}\n{pad} |\n{body}{pad} = entry: {}\n",
        finding.line, finding.col, finding.entry
    )
}

/// The brackets around a span in a right-to-left line (mathematical white square brackets:
/// rare in news text, and bidi-mirrored like ordinary brackets).
const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// Whether `text` has a letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms).
fn has_right_to_left(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
    })
}

/// One JSON object (one line) for `finding` of `path`.
pub fn render_json(path: &str, finding: &Finding) -> String {
    let mut value = serde_json::to_value(finding).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("path".into(), serde_json::Value::String(path.to_string()));
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::check::FindingKind;

    fn finding(line_text: &str, span: &str) -> Finding {
        let start = line_text.find(span).unwrap();
        Finding {
            severity: Severity::Error,
            kind: FindingKind::Forbidden,
            line: 3,
            col: line_text[..start].graphemes(true).count() + 1,
            start,
            end: start + span.len(),
            found: span.to_string(),
            suggestion: None,
            entry: "Mustafa Al-Kadhimi / مصطفى الكاظمي".into(),
            preferred: Some("Mustafa Al-Kadhimi".into()),
            mention: None,
            entry_index: 0,
            message: "forbidden variant".into(),
            fixable: false,
        }
    }

    #[test]
    fn a_latin_line_gets_carets_under_the_span() {
        let line = "Then Kazemi spoke.";
        let out = render_human("a.txt", &finding(line, "Kazemi"), line);
        assert!(
            out.contains("3 | Then Kazemi spoke.\n  |      ^^^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn a_right_to_left_line_gets_the_span_bracketed_and_no_caret_line() {
        let line = "وقال الكاظمي إن الاجتماع انتهى.";
        let out = render_human("a.ar", &finding(line, "الكاظمي"), line);
        assert!(
            out.contains("3 | وقال ⟦الكاظمي⟧ إن الاجتماع انتهى.\n"),
            "{out}"
        );
        assert!(!out.contains('^'), "{out}");
        // A Latin line quoting one Arabic word is laid out with bidi too.
        let mixed = "He wrote الكاظمي and Kazemi.";
        let out = render_human("a.txt", &finding(mixed, "Kazemi"), mixed);
        assert!(out.contains("He wrote الكاظمي and ⟦Kazemi⟧."), "{out}");
    }
}
