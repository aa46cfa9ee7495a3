//! Rendering findings for people, like a compiler diagnostic: the message, `path:line:col`,
//! the line, and a caret under the span (carets counted in graphemes, so they stay under an
//! Arabic word with diacritics in logical order).

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
    let indent = " ".repeat(shown[..start].graphemes(true).count());
    let carets = "^".repeat(shown[start..end].graphemes(true).count().max(1));
    format!(
        "{head}\n{pad}--> {path}:{}:{}\n{pad} |\n{num} | {shown}\n{pad} | {indent}{carets}\n{pad} = entry: {}\n",
        finding.line, finding.col, finding.entry
    )
}

/// One JSON object (one line) for `finding` of `path`.
pub fn render_json(path: &str, finding: &Finding) -> String {
    let mut value = serde_json::to_value(finding).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("path".into(), serde_json::Value::String(path.to_string()));
    }
    value.to_string()
}
