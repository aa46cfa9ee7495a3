//! Streaming TMX 1.4b writer: a complete header (creationtool, segtype, o-tmf, adminlang,
//! srclang, datatype), then one `<tu>` per unit with tuid, dates as `YYYYMMDDThhmmssZ`,
//! creationid/changeid, usagecount and lastusagedate, props (tarjama's own fields as `x-` props), notes and
//! each side's inline markup given back verbatim. Dates and authors go where the unit's
//! file had them: on the `<tu>`, or on a `<tuv>` as OmegaT, Trados and memoQ write them.

use std::io::{self, Write};

use crate::memory::{DatesOn, Side, UnitRecord};

use super::dates::format_tmx;
use super::tmx_tu::{PROP_CONFIDENCE, PROP_ORIGIN, PROP_POSITION, PROP_STATUS};

/// Writes units as TMX; call [`TmxWriter::finish`] to close the document.
pub struct TmxWriter<W: Write> {
    out: W,
    line: String,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration and header. `srclang` is a tag or `*all*`.
    pub fn new(mut out: W, srclang: &str) -> io::Result<Self> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<tmx version="1.4">"#)?;
        writeln!(
            out,
            r#"  <header creationtool="tarjama" creationtoolversion="{}" segtype="sentence" o-tmf="tarjama" adminlang="en" srclang="{}" datatype="plaintext"/>"#,
            env!("CARGO_PKG_VERSION"),
            escape_attr(srclang)
        )?;
        writeln!(out, "  <body>")?;
        Ok(TmxWriter {
            out,
            line: String::new(),
        })
    }

    /// Writes one unit as a `<tu>`.
    pub fn write(&mut self, unit: &UnitRecord) -> io::Result<()> {
        let s = &mut self.line;
        s.clear();
        tu_open(s, unit);
        prop(s, PROP_STATUS, unit.status.as_str());
        if let Some(origin) = &unit.origin {
            prop(s, PROP_ORIGIN, origin);
        }
        if let Some(confidence) = unit.confidence {
            prop(s, PROP_CONFIDENCE, &confidence.to_string());
        }
        if let Some(position) = unit.position {
            prop(s, PROP_POSITION, &position.to_string());
        }
        for p in &unit.props {
            prop(s, &p.kind, &p.value);
        }
        for note in &unit.notes {
            s.push_str("      <note>");
            escape_text_into(s, note);
            s.push_str("</note>\n");
        }
        tuv(
            s,
            &unit.source,
            (unit.dates_on == DatesOn::Source).then_some(unit),
        );
        tuv(
            s,
            &unit.target,
            (unit.dates_on == DatesOn::Target).then_some(unit),
        );
        s.push_str("    </tu>\n");
        self.out.write_all(s.as_bytes())
    }

    /// Closes the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn attr(s: &mut String, name: &str, value: &str) {
    s.push(' ');
    s.push_str(name);
    s.push_str("=\"");
    s.push_str(&escape_attr(value));
    s.push('"');
}

fn tu_open(s: &mut String, unit: &UnitRecord) {
    s.push_str("    <tu");
    if let Some(id) = &unit.external_id {
        attr(s, "tuid", id);
    }
    if unit.dates_on == DatesOn::Tu {
        stamps(s, unit);
    }
    if unit.usage_count > 0 {
        attr(s, "usagecount", &unit.usage_count.to_string());
    }
    if let Some(date) = &unit.last_used_at {
        attr(s, "lastusagedate", &format_tmx(date));
    }
    s.push_str(">\n");
}

/// creationdate, creationid, changedate, changeid (those the unit has).
fn stamps(s: &mut String, unit: &UnitRecord) {
    if let Some(date) = &unit.created_at {
        attr(s, "creationdate", &format_tmx(date));
    }
    if let Some(by) = &unit.created_by {
        attr(s, "creationid", by);
    }
    if let Some(date) = &unit.changed_at {
        attr(s, "changedate", &format_tmx(date));
    }
    if let Some(by) = &unit.changed_by {
        attr(s, "changeid", by);
    }
}

fn prop(s: &mut String, kind: &str, value: &str) {
    s.push_str("      <prop type=\"");
    s.push_str(&escape_attr(kind));
    s.push_str("\">");
    escape_text_into(s, value);
    s.push_str("</prop>\n");
}

/// One `<tuv>`; with `stamped`, the unit's dates and authors on it.
fn tuv(s: &mut String, side: &Side, stamped: Option<&UnitRecord>) {
    s.push_str("      <tuv");
    attr(s, "xml:lang", &side.lang);
    if let Some(unit) = stamped {
        stamps(s, unit);
    }
    s.push_str("><seg>");
    match &side.markup {
        Some(markup) => s.push_str(markup),
        None => escape_text_into(s, &side.text),
    }
    s.push_str("</seg></tuv>\n");
}

/// Escapes element content: `& < >`, and CR as a reference so readers do not turn it
/// into LF. Characters XML 1.0 cannot carry at all (C0 controls other than TAB, LF, CR;
/// U+FFFE, U+FFFF) become U+FFFD so the file stays well-formed.
pub fn escape_text_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Escapes an attribute value (also quotes and whitespace that attribute normalization
/// would otherwise turn into spaces).
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => escape_text_into(&mut out, c.encode_utf8(&mut [0; 4])),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let cases = [
            ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
            ("سطر\r\nثان", "سطر&#13;\nثان"),
            ("tab\tok", "tab\tok"),
            ("excel\u{b}break", "excel\u{FFFD}break"),
        ];
        for (input, expected) in cases {
            let mut out = String::new();
            escape_text_into(&mut out, input);
            assert_eq!(out, expected);
        }
        assert_eq!(escape_attr("say \"hi\"\n"), "say &quot;hi&quot;&#10;");
    }
}
