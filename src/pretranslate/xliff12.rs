//! The draft as XLIFF 1.2 (strict): one `<trans-unit>` per segment. A filled exact match is
//! `state="translated" state-qualifier="exact-match"` (context: `x-context-match`), a
//! filled lesser match `needs-review-translation` + `fuzzy-match`; a copied source is
//! `needs-translation`. Candidates follow as `<alt-trans match-quality origin tool-id>`,
//! and notes say what was substituted and which penalties applied.

use std::fmt::Write;

use super::xml::{candidate_notes, fragment_notes, xml};
use super::{Draft, MatchKind, Segment};

const TOOL: &str = "tarjama";

/// The XLIFF 1.2 document.
pub fn render(draft: &Draft) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
         <file original=\"{original}\" source-language=\"{src}\" target-language=\"{tgt}\" \
         datatype=\"plaintext\">\n<header>\n\
         <tool tool-id=\"{TOOL}\" tool-name=\"tarjama\" tool-version=\"{version}\"/>\n\
         <note from=\"{TOOL}\">pretranslated: filled at {fill} and above, candidates from {show}; \
         penalties unreviewed {pu}, low alignment confidence (below {cut}) {pl}, several \
         translations {pa}, auto-substitution {ps}</note>\n</header>\n<body>\n",
        original = xml(&draft.original),
        src = xml(&draft.source_lang),
        tgt = xml(&draft.target_lang),
        version = env!("CARGO_PKG_VERSION"),
        fill = draft.fill,
        show = draft.show,
        pu = draft.penalties.unreviewed,
        pl = draft.penalties.low_confidence,
        cut = draft.penalties.confidence_below,
        pa = draft.penalties.alternatives,
        ps = draft.penalties.substitution,
    );
    for segment in &draft.segments {
        trans_unit(&mut out, segment, draft);
    }
    out.push_str("</body>\n</file>\n</xliff>\n");
    out
}

fn trans_unit(out: &mut String, s: &Segment, draft: &Draft) {
    let _ = writeln!(out, "<trans-unit id=\"{}\">", s.id);
    let _ = writeln!(
        out,
        "<source xml:lang=\"{}\">{}</source>",
        xml(&draft.source_lang),
        xml(&s.source)
    );
    if let Some(target) = &s.target {
        let (state, qualifier) = match s.filled().map(|c| c.kind) {
            Some(MatchKind::Context) => ("translated", Some("x-context-match")),
            Some(MatchKind::Exact) => ("translated", Some("exact-match")),
            Some(_) => ("needs-review-translation", Some("fuzzy-match")),
            None => ("needs-translation", None),
        };
        let qualifier = qualifier
            .map(|q| format!(" state-qualifier=\"{q}\""))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<target xml:lang=\"{}\" state=\"{state}\"{qualifier}>{}</target>",
            xml(&draft.target_lang),
            xml(target)
        );
    }
    for c in &s.candidates {
        let origin = c
            .origin
            .as_deref()
            .map(|o| format!(" origin=\"{}\"", xml(o)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<alt-trans match-quality=\"{}\"{origin} tool-id=\"{TOOL}\">\
             <source>{}</source><target>{}</target>",
            c.score,
            xml(&c.source),
            xml(&c.target)
        );
        for note in candidate_notes(c) {
            let _ = write!(out, "<note from=\"{TOOL}\">{}</note>", xml(&note));
        }
        out.push_str("</alt-trans>\n");
    }
    let mut notes = s.filled().map(candidate_notes).unwrap_or_default();
    notes.extend(fragment_notes(s));
    for note in notes {
        let _ = writeln!(out, "<note from=\"{TOOL}\">{}</note>", xml(&note));
    }
    out.push_str("</trans-unit>\n");
}
