//! The draft as one self-contained HTML page, like the alignment review page: source and
//! draft side by side (each in its own direction), the score coloured by band, the kind of
//! match, what was substituted and which penalties applied, and the match analysis. Every
//! text from the memory or the article is escaped.

use std::fmt::Write;

use super::xml::{candidate_notes, fragment_notes};
use super::{Draft, Segment};
use crate::align::report::escape;

const STYLE: &str =
    "body{font-family:system-ui,'Noto Sans','Noto Naskh Arabic',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border:1px solid #ccc;padding:.4em .6em;vertical-align:top}th{background:#f2f2f2}
col.n{width:3em}col.c{width:7em}.rtl{direction:rtl;text-align:right;font-size:1.08em}
.ltr{direction:ltr;text-align:left}.empty{color:#999;font-style:italic}
.note{display:block;color:#555;font-size:.85em;margin-top:.3em}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.4em;border:1px solid #ccc}
table.analysis{width:auto}";

/// Background colour of a band.
fn colour(best: Option<u8>) -> &'static str {
    match best {
        Some(101..) => "#b7e1cd",
        Some(100) => "#cdebd9",
        Some(95..=99) => "#e2f0cb",
        Some(85..=94) => "#fff2cc",
        Some(75..=84) => "#fde5cc",
        Some(50..=74) => "#f8d7d3",
        _ => "#ffffff",
    }
}

fn dir(lang: &str) -> &'static str {
    match crate::text::primary_language(lang) {
        "ar" | "fa" | "he" | "ur" => "rtl",
        _ => "ltr",
    }
}

pub fn render(draft: &Draft) -> String {
    let mut html = String::new();
    let title = format!("Draft of {}", draft.original);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{t}</title><style>{STYLE}</style></head><body>\n<h1>{t}</h1>\n\
         <p>{n} segments, {w} words; targets filled at {fill} and above, candidates from {show}.</p>\n\
         <p class=\"legend\">",
        t = escape(&title),
        n = draft.analysis.segments,
        w = draft.analysis.words,
        fill = draft.fill,
        show = draft.show,
    );
    for (label, score) in [
        ("101", 101),
        ("100", 100),
        ("95–99", 97),
        ("85–94", 90),
        ("75–84", 80),
        ("50–74", 60),
        ("no match", 0),
    ] {
        let _ = write!(
            html,
            "<span style=\"background:{}\">{label}</span>",
            colour(Some(score))
        );
    }
    html.push_str(
        "</p>\n<table><colgroup><col class=\"n\"><col><col><col class=\"c\"></colgroup>\n",
    );
    let _ = writeln!(
        html,
        "<tr><th>#</th><th>{}</th><th>{}</th><th>match</th></tr>",
        escape(&draft.source_lang),
        escape(&draft.target_lang)
    );
    for s in &draft.segments {
        row(&mut html, s, draft);
    }
    html.push_str("</table>\n<h2>Match analysis</h2>\n<table class=\"analysis\"><tr><th>match</th><th>segments</th><th>words</th></tr>\n");
    for b in &draft.analysis.bands {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            b.band, b.segments, b.words
        );
    }
    html.push_str("</table>\n</body></html>\n");
    html
}

fn row(html: &mut String, s: &Segment, draft: &Draft) {
    let (sd, td) = (dir(&draft.source_lang), dir(&draft.target_lang));
    let target = match &s.target {
        Some(t) => escape(t),
        None => "<span class=\"empty\">(empty)</span>".to_string(),
    };
    let mut notes = String::new();
    let shown = s.filled().or(s.candidates.first());
    if let Some(c) = shown {
        if s.filled().is_none() {
            let _ = write!(
                notes,
                "<span class=\"note\" dir=\"{td}\">candidate: {}</span>",
                escape(&c.target)
            );
        }
        for note in candidate_notes(c) {
            let _ = write!(notes, "<span class=\"note\">{}</span>", escape(&note));
        }
    }
    for note in fragment_notes(s) {
        let _ = write!(notes, "<span class=\"note\">{}</span>", escape(&note));
    }
    let score = shown
        .map(|c| format!("{} {}", c.score, c.kind.as_str()))
        .unwrap_or_else(|| "no match".into());
    let repeat = s
        .repeats
        .map(|r| format!("<br>repeats #{r}"))
        .unwrap_or_default();
    let _ = writeln!(
        html,
        "<tr style=\"background:{bg}\"><td>{id}</td><td class=\"{sd}\" dir=\"{sd}\">{src}</td>\
         <td class=\"{td}\" dir=\"{td}\">{target}{notes}</td><td>{score}{repeat}</td></tr>",
        bg = colour(s.best),
        id = s.id,
        src = escape(&s.source),
    );
}
