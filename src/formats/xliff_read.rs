//! Streaming XLIFF reader on quick-xml: 1.0–1.2 (`<file source-language target-language>`,
//! `<trans-unit>` in `<body>` and nested `<group>`s) and 2.x (`<xliff srcLang trgLang>`,
//! `<unit>` of `<segment>`s). Memory stays bounded: one segment is held at a time.
//!
//! Safety as for TMX (`tmx_read`): no DTD is fetched, no entity expanded, a DOCTYPE that
//! declares entities is refused. Elements and attributes of other namespaces (written with a
//! prefix: `sdl:`, `mq:`, `mtc:`, …) are ignored, as are `<alt-trans>` candidates and 1.2
//! `<seg-source>`. What each segment becomes is `xliff_unit`'s business.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::error::{Location, RecordError, Result};
use crate::text::LangTag;

use super::skipped::SkipKind;
use super::tmx_read::{
    at, attr, check_attributes, check_doctype, escape_message, escape_offset, not_utf8_message,
};
use super::tmx_seg::SegError;
use super::xliff_inline::InlineCapture;
use super::xliff_unit::{Captured, FileLangs, Outcome, Segment, Skip, Version};
use super::xml_drive::{drive, Step, Stop, XmlParser};
use super::{Item, Progress, ReadOptions, Sink};

#[derive(Debug, Clone, Copy, PartialEq)]
enum El {
    Root,
    File,
    Body,
    Group,
    Unit,
    Segment,
    Source,
    Target,
    Notes,
    Note,
    Other,
}

/// Reads an XLIFF file and feeds its finished segments to `sink` (drafts and empty
/// segments as [`Item::Skipped`]).
pub fn read(path: &Path, options: &ReadOptions, sink: &mut Sink<'_>) -> Result<()> {
    let mut parser = Parser::new(path.display().to_string(), options);
    drive(path, options, &mut parser, sink)
}

struct Parser<'o> {
    display: String,
    options: &'o ReadOptions,
    version: Version,
    /// Languages of the root (2.x) and of the current `<file>` (1.2).
    root_langs: FileLangs,
    langs: FileLangs,
    seen_root: bool,
    stack: Vec<El>,
    /// The unit being read (1.2: the segment itself; 2.x: id, notes, line).
    unit: Segment,
    segment: Segment,
    capture: InlineCapture,
    capture_lang: Option<String>,
    in_capture: bool,
    note: String,
    /// Segments seen so far, all kinds (the position of the next unit in its file).
    position: i64,
}

impl XmlParser for Parser<'_> {
    const NO_ROOT: &'static str = "no <xliff> element: this is not an XLIFF file (is it empty?)";

    fn event(
        &mut self,
        event: Event<'_>,
        offset: u64,
        line: usize,
        progress: Progress,
        sink: &mut Sink<'_>,
    ) -> Step {
        if self.in_capture {
            return self.capture_event(event, offset);
        }
        match event {
            Event::Start(e) => self.start(&e, offset, line),
            Event::Empty(e) => {
                self.start(&e, offset, line)?;
                self.end(progress, sink)
            }
            Event::End(_) => self.end(progress, sink),
            Event::Text(t) if self.stack.last() == Some(&El::Note) => {
                let raw = std::str::from_utf8(&t).map_err(|_| at(offset, not_utf8_message()))?;
                let plain = quick_xml::escape::unescape(raw)
                    .map_err(|e| at(offset + escape_offset(&e), escape_message(&e)))?;
                self.note.push_str(&plain);
                Ok(())
            }
            Event::CData(c) if self.stack.last() == Some(&El::Note) => {
                self.note.push_str(&String::from_utf8_lossy(&c));
                Ok(())
            }
            Event::DocType(d) => check_doctype(&d, offset),
            _ => Ok(()),
        }
    }

    fn document_state(&self) -> (bool, usize) {
        (self.seen_root, self.stack.len())
    }
}

impl<'o> Parser<'o> {
    fn new(display: String, options: &'o ReadOptions) -> Self {
        Parser {
            display,
            options,
            version: Version::V1,
            root_langs: FileLangs::default(),
            langs: FileLangs::default(),
            seen_root: false,
            stack: Vec::new(),
            unit: Segment::default(),
            segment: Segment::default(),
            capture: InlineCapture::default(),
            capture_lang: None,
            in_capture: false,
            note: String::new(),
            position: 0,
        }
    }

    fn capture_event(&mut self, event: Event<'_>, offset: u64) -> Step {
        let result = match &event {
            Event::Start(e) => self.capture.start(e),
            Event::Empty(e) => self.capture.empty(e),
            Event::End(_) if self.capture.at_top() => {
                self.close_capture();
                return Ok(());
            }
            Event::End(e) => self.capture.end(e.name().as_ref()),
            Event::Text(t) => self.capture.text(t),
            Event::CData(c) => self.capture.cdata(c),
            _ => Ok(()),
        };
        if let Event::Start(e) | Event::Empty(e) = &event {
            check_attributes(e, offset)?;
        }
        result.map_err(|e| match e {
            SegError::NotUtf8 => at(offset, not_utf8_message()),
            SegError::Escape(e) => at(offset + escape_offset(&e), escape_message(&e)),
        })
    }

    /// Ends a `<source>`/`<target>`; an empty element (`<target/>`) ends here too.
    fn close_capture(&mut self) {
        self.in_capture = false;
        let captured = Captured {
            text: self.capture.text.clone(),
            markup: self.capture.markup(),
            lang: self.capture_lang.take(),
        };
        let which = self.stack.pop();
        let into = self.current_segment();
        match which {
            Some(El::Source) => into.source = Some(captured),
            Some(El::Target) => into.target = Some(captured),
            _ => {}
        }
    }

    fn current_segment(&mut self) -> &mut Segment {
        match self.version {
            Version::V1 => &mut self.unit,
            Version::V2 => &mut self.segment,
        }
    }

    fn classify(&self, name: &[u8]) -> El {
        let parent = self.stack.last().copied();
        if name.contains(&b':') {
            return El::Other;
        }
        match (self.version, parent, name) {
            (_, None, b"xliff") if !self.seen_root => El::Root,
            (_, Some(El::Root), b"file") => El::File,
            (Version::V1, Some(El::File), b"body") => El::Body,
            (Version::V1, Some(El::Body | El::Group), b"group") => El::Group,
            (Version::V1, Some(El::Body | El::Group), b"trans-unit") => El::Unit,
            (Version::V1, Some(El::Unit), b"source") => El::Source,
            (Version::V1, Some(El::Unit), b"target") => El::Target,
            (Version::V1, Some(El::Unit), b"note") => El::Note,
            (Version::V2, Some(El::File | El::Group), b"group") => El::Group,
            (Version::V2, Some(El::File | El::Group), b"unit") => El::Unit,
            (Version::V2, Some(El::Unit), b"segment") => El::Segment,
            (Version::V2, Some(El::Segment), b"source") => El::Source,
            (Version::V2, Some(El::Segment), b"target") => El::Target,
            (Version::V2, Some(El::Unit | El::File), b"notes") => El::Notes,
            (Version::V2, Some(El::Notes), b"note") => El::Note,
            _ => El::Other,
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, offset: u64, line: usize) -> Step {
        let attrs = check_attributes(e, offset)?;
        let el = self.classify(e.name().as_ref());
        if self.stack.is_empty() && el != El::Root {
            return Err(at(offset, not_xliff(e.name().as_ref())));
        }
        self.stack.push(el);
        match el {
            El::Root => self.root(&attrs, offset)?,
            El::File => self.file(&attrs, offset)?,
            El::Unit => {
                self.unit = Segment {
                    line,
                    name: attr(&attrs, b"id").unwrap_or_else(|| format!("line {line}")),
                    approved: attr(&attrs, b"approved").as_deref() == Some("yes"),
                    ..Segment::default()
                }
            }
            El::Segment => {
                let mut name = self.unit.name.clone();
                if let Some(id) = attr(&attrs, b"id") {
                    name = format!("{name}/{id}");
                }
                self.segment = Segment {
                    line,
                    name,
                    state: attr(&attrs, b"state"),
                    notes: self.unit.notes.clone(),
                    ..Segment::default()
                };
            }
            El::Source | El::Target => {
                if el == El::Target && self.version == Version::V1 {
                    self.unit.state = attr(&attrs, b"state");
                    self.unit.state_qualifier = attr(&attrs, b"state-qualifier");
                }
                self.capture.clear();
                self.capture_lang = attr(&attrs, b"xml:lang");
                self.in_capture = true;
            }
            El::Note => {
                self.note.clear();
                // tarjama's own notes on a draft (what was substituted, penalties) are about
                // the draft, not the translation: they are not kept.
                let ours = attr(&attrs, b"from").or_else(|| attr(&attrs, b"category"));
                if ours.as_deref() == Some("tarjama") {
                    self.stack.pop();
                    self.stack.push(El::Other);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn root(&mut self, attrs: &[(Vec<u8>, String)], offset: u64) -> Step {
        self.seen_root = true;
        let version = attr(attrs, b"version").unwrap_or_default();
        let namespace = attr(attrs, b"xmlns").unwrap_or_default();
        self.version = if version.starts_with('2') || namespace.contains(":2.") {
            Version::V2
        } else {
            Version::V1
        };
        if self.version == Version::V2 {
            self.root_langs = FileLangs {
                source: lang_attr(attrs, b"srcLang", offset)?,
                target: lang_attr(attrs, b"trgLang", offset)?,
            };
            if self.root_langs.source.is_none() {
                return Err(at(
                    offset,
                    "<xliff> has no srcLang (XLIFF 2 needs it)".into(),
                ));
            }
            self.langs = self.root_langs.clone();
        }
        Ok(())
    }

    fn file(&mut self, attrs: &[(Vec<u8>, String)], offset: u64) -> Step {
        if self.version == Version::V1 {
            self.langs = FileLangs {
                source: lang_attr(attrs, b"source-language", offset)?,
                target: lang_attr(attrs, b"target-language", offset)?,
            };
            if self.langs.source.is_none() {
                return Err(at(
                    offset,
                    "<file> has no source-language (XLIFF 1.2 needs it)".into(),
                ));
            }
        }
        Ok(())
    }

    fn end(&mut self, progress: Progress, sink: &mut Sink<'_>) -> Step {
        match self.stack.pop() {
            Some(el @ (El::Source | El::Target)) => {
                // An empty element: `<target/>`.
                self.stack.push(el);
                self.close_capture();
            }
            Some(El::Note) => {
                let note = std::mem::take(&mut self.note);
                if !note.trim().is_empty() {
                    self.unit.notes.push(note);
                }
            }
            Some(El::Unit) if self.version == Version::V1 => {
                let segment = std::mem::take(&mut self.unit);
                self.emit(&segment, progress, sink)?;
            }
            Some(El::Segment) => {
                let segment = std::mem::take(&mut self.segment);
                self.emit(&segment, progress, sink)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn emit(&mut self, segment: &Segment, progress: Progress, sink: &mut Sink<'_>) -> Step {
        let position = self.position;
        self.position += 1;
        match segment.outcome(self.version, &self.langs, self.options.to.as_ref()) {
            Outcome::Unit(mut unit) => {
                unit.position = Some(position);
                sink(
                    Item::Unit {
                        unit: &mut unit,
                        line: segment.line,
                    },
                    progress,
                )?;
            }
            Outcome::Skip(skip) => {
                let kind = match skip {
                    Skip::Draft => SkipKind::DraftTarget,
                    Skip::Empty => SkipKind::Untranslated,
                };
                let line = segment.line;
                sink(Item::Skipped { kind, line }, progress)?
            }
            Outcome::Bad(message) => {
                let location = Location {
                    path: self.display.clone(),
                    line: segment.line,
                    col: None,
                };
                sink(Item::Bad(RecordError { location, message }), progress)?;
            }
        }
        Ok(())
    }
}

fn lang_attr(
    attrs: &[(Vec<u8>, String)],
    name: &[u8],
    offset: u64,
) -> std::result::Result<Option<LangTag>, Stop> {
    match attr(attrs, name) {
        None => Ok(None),
        Some(raw) if raw.trim().is_empty() => Ok(None),
        Some(raw) => LangTag::parse(&raw).map(Some).ok_or_else(|| {
            at(
                offset,
                format!(
                    "{} '{raw}' is not a language code",
                    String::from_utf8_lossy(name)
                ),
            )
        }),
    }
}

fn not_xliff(name: &[u8]) -> String {
    format!(
        "not an XLIFF file: found <{}> where <xliff> should be (or a second root element)",
        String::from_utf8_lossy(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of XLIFF 1.2 and 2.x, shuffled into mostly-broken documents.
    const PIECES: &[&str] = &[
        "<?xml version=\"1.0\"?>",
        "<xliff version=\"1.2\">",
        "<xliff version=\"2.0\" srcLang=\"ar\" trgLang=\"en\">",
        "</xliff>",
        "<file source-language=\"ar\" target-language=\"en\">",
        "<file id=\"f\">",
        "</file>",
        "<body>",
        "</body>",
        "<group>",
        "</group>",
        "<trans-unit id=\"1\">",
        "</trans-unit>",
        "<unit id=\"u\">",
        "</unit>",
        "<segment state=\"final\">",
        "</segment>",
        "<source>",
        "</source>",
        "<target state=\"translated\">",
        "<target xml:lang=\"fr\">",
        "<target/>",
        "</target>",
        "<g id=\"1\">",
        "</g>",
        "<x id=\"2\"/>",
        "<bpt id=\"1\">&lt;b&gt;</bpt>",
        "<notes><note>n</note></notes>",
        "<note>",
        "</note>",
        "<alt-trans>",
        "</alt-trans>",
        "<sdl:x/>",
        "مرحبا",
        "Hello",
        "&amp;",
        "&bogus;",
        "<![CDATA[x]]>",
        "<!DOCTYPE x [<!ENTITY e \"e\">]>",
        " ",
        "\n",
    ];

    fn document() -> impl Strategy<Value = Vec<u8>> {
        let piece = proptest::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec());
        let byte = any::<u8>().prop_map(|b| vec![b]);
        proptest::collection::vec(prop_oneof![9 => piece, 1 => byte], 0..60)
            .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever the bytes, reading ends in units, skips or an error: never a panic, never
        /// an empty side.
        #[test]
        fn xliff_reader_never_panics(bytes in document()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.xlf");
            std::fs::write(&path, &bytes).unwrap();
            let _ = read(&path, &ReadOptions::default(), &mut |item, _| {
                if let Item::Unit { unit, .. } = item {
                    assert!(!unit.source.text.trim().is_empty());
                    assert!(!unit.target.text.trim().is_empty());
                }
                Ok(())
            });
        }
    }
}
