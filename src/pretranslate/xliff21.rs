//! The draft as XLIFF 2.1 with the Translation Candidates module: one `<unit>` of one
//! `<segment>` per sentence; candidates as `<mtc:match>` (`type="icm"` for a context match,
//! `tm` otherwise; `similarity` the memory's score of the source, `matchQuality` the score
//! after substitution and penalties, both 0–100; `ref` to the segment). A segment filled
//! from an exact or context match is `state="translated"`, anything else `initial`.

use std::fmt::Write;

use super::xml::{candidate_notes, fragment_notes, xml};
use super::{Draft, MatchKind, Segment};

/// The XLIFF 2.1 document.
pub fn render(draft: &Draft) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
         xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\" version=\"2.1\" \
         srcLang=\"{src}\" trgLang=\"{tgt}\">\n<file id=\"f1\" original=\"{original}\">\n",
        original = xml(&draft.original),
        src = xml(&draft.source_lang),
        tgt = xml(&draft.target_lang),
    );
    for segment in &draft.segments {
        unit(&mut out, segment);
    }
    out.push_str("</file>\n</xliff>\n");
    out
}

fn unit(out: &mut String, s: &Segment) {
    let _ = writeln!(out, "<unit id=\"u{}\">", s.id);
    if !s.candidates.is_empty() {
        out.push_str("<mtc:matches>\n");
        for (k, c) in s.candidates.iter().enumerate() {
            let kind = if c.kind == MatchKind::Context {
                "icm"
            } else {
                "tm"
            };
            let origin = c
                .origin
                .as_deref()
                .map(|o| format!(" origin=\"{}\"", xml(o)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<mtc:match id=\"m{n}\" ref=\"#s{id}\" type=\"{kind}\" similarity=\"{sim}\" \
                 matchQuality=\"{quality}\"{origin}><source>{source}</source>\
                 <target>{target}</target></mtc:match>",
                n = k + 1,
                id = s.id,
                sim = c.fuzzy.min(100),
                quality = c.score.min(100),
                source = xml(&c.source),
                target = xml(&c.target),
            );
        }
        out.push_str("</mtc:matches>\n");
    }
    let mut notes: Vec<String> = s.filled().map(candidate_notes).unwrap_or_default();
    notes.extend(fragment_notes(s));
    if !notes.is_empty() {
        out.push_str("<notes>");
        for note in notes {
            let _ = write!(out, "<note category=\"tarjama\">{}</note>", xml(&note));
        }
        out.push_str("</notes>\n");
    }
    let state = match s.filled().map(|c| c.kind) {
        Some(MatchKind::Context | MatchKind::Exact) => "translated",
        _ => "initial",
    };
    let _ = write!(
        out,
        "<segment id=\"s{}\" state=\"{state}\"><source>{}</source>",
        s.id,
        xml(&s.source)
    );
    if let Some(target) = &s.target {
        let _ = write!(out, "<target>{}</target>", xml(target));
    }
    out.push_str("</segment>\n</unit>\n");
}
