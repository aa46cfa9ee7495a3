//! The draft as TSV (one row per segment, for spreadsheets and scripts): id, score, kind,
//! source, draft target, the best candidate's target, and its notes. Tabs and newlines inside
//! texts become spaces so each segment stays one row.

use super::xml::{candidate_notes, fragment_notes};
use super::Draft;

pub fn render(draft: &Draft) -> String {
    let mut out = format!(
        "id\tscore\tkind\t{}\t{}\tcandidate\tnotes\n",
        cell(&draft.source_lang),
        cell(&draft.target_lang)
    );
    for s in &draft.segments {
        let best = s.candidates.first();
        let row = [
            s.id.to_string(),
            best.map(|c| c.score.to_string()).unwrap_or_default(),
            best.map(|c| c.kind.as_str().to_string())
                .unwrap_or_default(),
            cell(&s.source),
            cell(s.target.as_deref().unwrap_or("")),
            cell(best.map(|c| c.target.as_str()).unwrap_or("")),
            cell(
                &best
                    .map(candidate_notes)
                    .unwrap_or_default()
                    .into_iter()
                    .chain(fragment_notes(s))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}
