//! Writing text into the XLIFF drafts: escaped, and without the characters XML 1.0 cannot
//! carry at all (C0 controls other than tab and newlines, U+FFFE/U+FFFF), which a stored
//! text may hold and which would make the whole file unreadable.

/// `text` escaped for an XML element or attribute.
pub fn xml(text: &str) -> String {
    let allowed = text.chars().filter(|&c| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    });
    quick_xml::escape::escape(allowed.collect::<String>()).into_owned()
}

/// The notes written for a candidate: what was substituted and which penalties applied.
pub fn candidate_notes(c: &super::Candidate) -> Vec<String> {
    let mut notes = Vec::new();
    if !c.substitutions.is_empty() {
        let parts: Vec<String> = c
            .substitutions
            .iter()
            .map(|s| format!("{} {} → {}", s.what, s.from, s.to))
            .collect();
        notes.push(format!("substituted: {}", parts.join("; ")));
    }
    if !c.penalties.is_empty() {
        let parts: Vec<String> = c
            .penalties
            .iter()
            .map(|p| format!("{} −{}", p.reason, p.points))
            .collect();
        notes.push(format!(
            "score {} ({} {} before penalties: {})",
            c.score,
            c.kind.as_str(),
            c.similarity,
            parts.join(", ")
        ));
    }
    notes
}

/// The notes on a segment's fragments: one per fragment ([`fragment_note`]), and one saying
/// so when the search stopped at its work limit.
pub fn fragment_notes(s: &super::Segment) -> Vec<String> {
    let mut notes: Vec<String> = s.fragments.iter().map(fragment_note).collect();
    if s.fragments_cut_short {
        notes.push(CUT_SHORT_NOTE.to_string());
    }
    notes
}

/// What a draft says of a segment whose fragment search stopped at its work limit.
pub const CUT_SHORT_NOTE: &str = "fragments: the search stopped at its work limit \
     (--fragment-checks); runs further on were not looked for";

/// The note for a fragment: `fragment: run → translation (units 3, 17)`.
pub fn fragment_note(f: &super::Fragment) -> String {
    let ids: Vec<String> = f.unit_ids.iter().map(|i| i.to_string()).collect();
    let from = if ids.is_empty() {
        "glossary".to_string()
    } else {
        format!("units {}", ids.join(", "))
    };
    format!("fragment: {} → {} ({from})", f.text, f.translation)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            super::xml("a<b & \"c\"\u{1}\u{FFFE}\n"),
            "a&lt;b &amp; &quot;c&quot;\n"
        );
    }
}
