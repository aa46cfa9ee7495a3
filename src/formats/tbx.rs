//! TBX (v2, `martif`) glossaries: one `termEntry` per concept, one `langSet` per language,
//! one `tig`/`ntig` per form, and the form's status in
//! `<termNote type="administrativeStatus">` (preferredTerm-admn-sts, admittedTerm-admn-sts,
//! deprecatedTerm-admn-sts — deprecated forms are forbidden variants). tarjama also writes
//! the entry type as `<descrip type="conceptType">`, the note as `<note>`, and
//! `<admin type="source">` / `<admin type="caseSensitive">`. TBX v3 (`conceptEntry`,
//! `langSec`, `termSec`) and the 2013 TBX-Min (`<TBX>`, `entry`, `langGroup`, `termGroup`,
//! `<termStatus>`) are read the same way.
//!
//! TBX files from other tools hold more than tarjama keeps, and reading says what it left
//! out ([`TbxNotes`]) instead of refusing the file: concepts with no English or Arabic term
//! are skipped, terms in other languages are counted, and homonyms (concepts with the same
//! terms) are merged into the first (see `tbx_homonyms`). A concept-level
//! `<descrip type="definition">` becomes the entry's note. A language with only admitted
//! forms gets its first one as the preferred form.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Location, RecordError, Result};
use crate::glossary::model::{Entry, EntryType, Lang, TermStatus};
use crate::glossary::validate::Located;

use super::tbx_homonyms::{join_notes, merge_homonyms};

/// What reading a TBX file left out or changed, for the importer to report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TbxNotes {
    /// Concepts skipped because they have no English or Arabic term (only other languages,
    /// or only deprecated forms): where each was.
    pub skipped: Vec<Location>,
    /// Terms in languages other than English and Arabic, not imported: count per tag.
    pub other_languages: BTreeMap<String, u64>,
    /// Homonyms merged: (the later concept, the earlier one it was merged into).
    pub merged: Vec<(Location, Location)>,
}

impl TbxNotes {
    /// Terms dropped because of their language, every language together.
    pub fn other_language_terms(&self) -> u64 {
        self.other_languages.values().sum()
    }
}

/// The entries of a TBX file, its bad concepts (left out of `entries`) and what was left
/// out otherwise.
#[derive(Debug, Clone, Default)]
pub struct TbxRead {
    pub entries: Vec<Located>,
    pub rejected: Vec<RecordError>,
    pub notes: TbxNotes,
}

/// Line (1-based) and column of byte `pos` in `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..pos.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn bad_xml(path: &str, text: &str, pos: usize, message: String) -> Error {
    let (line, col) = line_col(text, pos);
    Error::BadInput(RecordError {
        location: Location {
            path: path.to_string(),
            line,
            col: Some(col),
        },
        message,
    })
}

/// What the reader is inside of.
#[derive(Default)]
struct State {
    entry: Option<(Entry, Location)>,
    lang: Option<Lang>,
    /// The tag of the current `<langSet>` when it is neither English nor Arabic.
    other_lang: Option<String>,
    /// The concept-level `<descrip type="definition">`.
    definition: String,
    /// The current concept has a bad field (reported in the errors): it is left out.
    entry_bad: bool,
    notes: TbxNotes,
    /// Current tig: its term text and status.
    term: Option<String>,
    status: Option<TermStatus>,
    /// The current tig carries tarjama's short-form usage note.
    short: bool,
    /// Name and `type` of the element whose text is being read.
    field: Option<(String, String)>,
    text: String,
    depth: usize,
}

/// Reads a TBX file (whole text, decoded). Languages other than Arabic and English are
/// counted and left out; entries keep the line and column of their `<termEntry>` for
/// messages.
pub fn read_tbx(path: &str, text: &str) -> Result<TbxRead> {
    let mut reader = Reader::from_str(text);
    let mut state = State::default();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut saw_martif = false;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            bad_xml(
                path,
                text,
                reader.error_position() as usize,
                format!("not well-formed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(e) => {
                state.depth += 1;
                saw_martif |= is_root(&e);
                start(&mut state, &e, pos, path, text)?;
            }
            Event::Empty(e) => {
                saw_martif |= is_root(&e);
                start(&mut state, &e, pos, path, text)?;
                end(&mut state, local(e.name().as_ref()), &mut out, &mut errors);
            }
            Event::End(e) => {
                state.depth = state.depth.saturating_sub(1);
                end(&mut state, local(e.name().as_ref()), &mut out, &mut errors);
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| bad_xml(path, text, pos, format!("bad text: {e}")))?;
                state.text.push_str(&s);
            }
            Event::CData(t) => state.text.push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
    }
    if state.depth != 0 {
        return Err(bad_xml(
            path,
            text,
            text.len(),
            "not well-formed XML: unclosed element at end of file".into(),
        ));
    }
    if !saw_martif {
        return Err(Error::BadFile {
            path: path.to_string(),
            message: "not a TBX file (no <martif> or <tbx> root)".to_string(),
        });
    }
    let mut notes = state.notes;
    let entries = merge_homonyms(out, &mut notes.merged);
    Ok(TbxRead {
        entries,
        rejected: errors,
        notes,
    })
}

fn is_root(e: &BytesStart) -> bool {
    matches!(local(e.name().as_ref()).as_str(), "martif" | "tbx" | "TBX")
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or("").to_string()
}

fn attr(e: &BytesStart, names: &[&str]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = String::from_utf8_lossy(a.key.as_ref()).to_string();
        names
            .contains(&key.as_str())
            .then(|| a.unescape_value().map(|v| v.to_string()).ok())
            .flatten()
    })
}

fn start(state: &mut State, e: &BytesStart, pos: usize, path: &str, text: &str) -> Result<()> {
    let name = local(e.name().as_ref());
    state.text.clear();
    match name.as_str() {
        "termEntry" | "conceptEntry" | "entry" => {
            let (line, col) = line_col(text, pos);
            let location = Location {
                path: path.to_string(),
                line,
                col: Some(col),
            };
            state.entry = Some((Entry::new(EntryType::Term), location));
            state.definition.clear();
            state.entry_bad = false;
        }
        "langSet" | "langSec" | "langGroup" => {
            let tag = attr(e, &["xml:lang", "lang"]).unwrap_or_default();
            if tag.is_empty() {
                return Err(bad_xml(
                    path,
                    text,
                    pos,
                    "<langSet> without xml:lang".into(),
                ));
            }
            crate::text::LangTag::validate(&tag)
                .map_err(|e| bad_xml(path, text, pos, e.to_string()))?;
            state.lang = Lang::from_tag(&tag);
            state.other_lang = state.lang.is_none().then(|| tag.trim().to_string());
        }
        "tig" | "ntig" | "termSec" | "termGroup" => {
            state.term = None;
            state.status = None;
        }
        _ => state.field = Some((name, attr(e, &["type"]).unwrap_or_default())),
    }
    Ok(())
}

fn end(state: &mut State, name: String, out: &mut Vec<Located>, errors: &mut Vec<RecordError>) {
    let value = std::mem::take(&mut state.text).trim().to_string();
    match name.as_str() {
        "termEntry" | "conceptEntry" | "entry" => finish_entry(state, out),
        "langSet" | "langSec" | "langGroup" => {
            state.lang = None;
            state.other_lang = None;
        }
        "tig" | "ntig" | "termSec" | "termGroup" => finish_term(state),
        _ => {
            if let Some((field, kind)) = state.field.take() {
                if field == name {
                    set_field(state, &field, &kind, value, errors);
                }
            }
        }
    }
}

fn set_field(
    state: &mut State,
    field: &str,
    kind: &str,
    value: String,
    errors: &mut Vec<RecordError>,
) {
    let Some((entry, location)) = state.entry.as_mut() else {
        return;
    };
    let concept_level = state.lang.is_none() && state.other_lang.is_none();
    match (field, kind) {
        ("term", _) => state.term = Some(value),
        ("descrip", "definition") if concept_level => state.definition = value,
        ("termNote", "administrativeStatus" | "normativeAuthorization") | ("termStatus", _) => {
            state.status = parse_status(&value)
        }
        // tarjama's own mark for a second-reference form (see `write_entry`).
        ("termNote", "usageNote") if value == SHORT_USAGE => state.short = true,
        ("descrip", "conceptType" | "subjectField") => match EntryType::parse(&value) {
            Some(k) => entry.kind = k,
            None if kind == "subjectField" => {}
            None => {
                state.entry_bad = true;
                errors.push(RecordError {
                    location: location.clone(),
                    message: format!("unknown conceptType \"{value}\""),
                })
            }
        },
        ("note", _) => entry.note = value,
        ("admin", "source") => entry.source = value,
        ("admin", "caseSensitive") => {
            entry.case_sensitive = matches!(value.as_str(), "yes" | "true" | "1")
        }
        _ => {}
    }
}

fn parse_status(v: &str) -> Option<TermStatus> {
    match v.trim_end_matches("-admn-sts") {
        "preferredTerm" | "preferred" => Some(TermStatus::Preferred),
        "admittedTerm" | "admitted" => Some(TermStatus::Admitted),
        // TBX-Min's termStatus values.
        "notRecommended" | "obsolete" => Some(TermStatus::Forbidden),
        "deprecatedTerm" | "supersededTerm" | "legalTerm-forbidden" => Some(TermStatus::Forbidden),
        _ => None,
    }
}

fn finish_term(state: &mut State) {
    if let Some(tag) = &state.other_lang {
        if state.term.take().is_some() {
            *state.notes.other_languages.entry(tag.clone()).or_default() += 1;
        }
        return;
    }
    let (Some((entry, _)), Some(lang), Some(term)) =
        (state.entry.as_mut(), state.lang, state.term.take())
    else {
        return;
    };
    let forms = entry.forms_mut(lang);
    let status = state.status.take().unwrap_or(if forms.preferred.is_none() {
        TermStatus::Preferred
    } else {
        TermStatus::Admitted
    });
    let status = match status {
        TermStatus::Admitted if state.short => TermStatus::Short,
        other => other,
    };
    state.short = false;
    match status {
        TermStatus::Preferred if forms.preferred.is_none() => forms.preferred = Some(term),
        TermStatus::Preferred | TermStatus::Admitted => forms.admitted.push(term),
        TermStatus::Short => forms.short.push(term),
        TermStatus::Forbidden => forms.forbidden.push(term),
    }
}

fn finish_entry(state: &mut State, out: &mut Vec<Located>) {
    let Some((mut entry, location)) = state.entry.take() else {
        return;
    };
    if state.entry_bad {
        return;
    }
    entry.tidy();
    for lang in Lang::BOTH {
        let forms = entry.forms_mut(lang);
        if forms.preferred.is_none() && !forms.admitted.is_empty() {
            forms.preferred = Some(forms.admitted.remove(0));
        }
    }
    if entry.ar.preferred.is_none() && entry.en.preferred.is_none() {
        state.notes.skipped.push(location);
        return;
    }
    let definition = std::mem::take(&mut state.definition);
    entry.note = join_notes(&definition, &entry.note);
    out.push(Located { entry, location });
}

/// The usage note that marks a short form (admitted after the full form has appeared).
const SHORT_USAGE: &str = "tarjama: short form, after the full form";

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).to_string()
}

/// Writes entries as a TBX v2 document that [`read_tbx`] reads back to the same entries.
pub fn write_tbx<W: std::io::Write>(mut out: W, entries: &[Entry]) -> Result<()> {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<martif type=\"TBX\" xml:lang=\"en\">\n  <martifHeader><fileDesc><sourceDesc><p>tarjama glossary</p></sourceDesc></fileDesc></martifHeader>\n  <text>\n    <body>\n");
    for (i, e) in entries.iter().enumerate() {
        write_entry(&mut s, i + 1, e);
    }
    s.push_str("    </body>\n  </text>\n</martif>\n");
    out.write_all(s.as_bytes())
        .map_err(|e| Error::Invalid(format!("cannot write tbx: {e}")))
}

fn write_entry(s: &mut String, n: usize, e: &Entry) {
    s.push_str(&format!("      <termEntry id=\"e{n}\">\n"));
    s.push_str(&format!(
        "        <descrip type=\"conceptType\">{}</descrip>\n",
        e.kind.as_str()
    ));
    if !e.note.is_empty() {
        s.push_str(&format!("        <note>{}</note>\n", esc(&e.note)));
    }
    if !e.source.is_empty() {
        s.push_str(&format!(
            "        <admin type=\"source\">{}</admin>\n",
            esc(&e.source)
        ));
    }
    if e.case_sensitive {
        s.push_str("        <admin type=\"caseSensitive\">yes</admin>\n");
    }
    for lang in Lang::BOTH {
        let forms = e.forms(lang);
        if forms.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "        <langSet xml:lang=\"{}\">\n",
            lang.as_str()
        ));
        for (status, form) in forms.all() {
            let sts = match status {
                TermStatus::Preferred => "preferredTerm-admn-sts",
                TermStatus::Admitted | TermStatus::Short => "admittedTerm-admn-sts",
                TermStatus::Forbidden => "deprecatedTerm-admn-sts",
            };
            // TBX has no status for "admitted on second reference": an admitted term with
            // tarjama's usage note, which other tools show as a plain admitted term.
            let usage = if status == TermStatus::Short {
                format!("<termNote type=\"usageNote\">{SHORT_USAGE}</termNote>")
            } else {
                String::new()
            };
            s.push_str(&format!(
                "          <tig><term>{}</term><termNote type=\"administrativeStatus\">{sts}</termNote>{usage}</tig>\n",
                esc(form)
            ));
        }
        s.push_str("        </langSet>\n");
    }
    s.push_str("      </termEntry>\n");
}
