//! Streaming TMX 1.1–1.4b reader on quick-xml: UTF-8 or UTF-16 input, `xml:lang` or
//! `lang`, header `srclang` (or `*all*`), several tuv per tu, props and notes, inline tags.
//!
//! Safety: no DTD is ever fetched and no entity is ever expanded. A DOCTYPE that declares
//! entities is refused, and a reference to any entity other than the five predefined ones
//! (or a character reference) is an error, so an "XML bomb" costs nothing. Not-well-formed
//! XML stops the read with `path:line:col`; a bad `<tu>` is a record error at its line.

use std::path::Path;

use quick_xml::events::{BytesStart, BytesText, Event};

use crate::error::{Error, Location, RecordError, Result};

use super::tmx_seg::{SegCapture, SegError};
use super::tmx_tu::{SrcLang, Tu, TuProblem, Tuv};
use super::xml_drive::{drive, Step, Stop, XmlParser};
use super::{Item, Progress, ReadOptions, Sink};

#[derive(Debug, Clone, Copy, PartialEq)]
enum El {
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    Seg,
    Prop,
    Note,
    Other,
}

/// Reads a TMX file and feeds its units to `sink`.
pub fn read(path: &Path, options: &ReadOptions, sink: &mut Sink<'_>) -> Result<()> {
    let mut parser = Parser::new(path.display().to_string(), options);
    drive(path, options, &mut parser, sink)
}

pub(super) fn not_utf8_message() -> String {
    "not valid UTF-8; if the file is in another encoding, declare it in <?xml … encoding=…?> \
     or name it with --encoding (for example --encoding windows-1256)"
        .into()
}

pub(super) fn escape_message(e: &quick_xml::escape::EscapeError) -> String {
    use quick_xml::escape::EscapeError as E;
    match e {
        E::UnrecognizedEntity(_, name) => format!(
            "undefined entity &{name}; (tarjama expands no entities besides &amp; &lt; &gt; \
             &quot; &apos; and character references)"
        ),
        E::UnterminatedEntity(_) => "not well-formed XML: '&' without ';' (write &amp;)".into(),
        E::InvalidCharRef(e) => format!("not well-formed XML: bad character reference: {e}"),
    }
}

pub(super) fn escape_offset(e: &quick_xml::escape::EscapeError) -> u64 {
    use quick_xml::escape::EscapeError as E;
    match e {
        // The range of an unknown entity is its name, after the '&'.
        E::UnrecognizedEntity(range, _) => range.start.saturating_sub(1) as u64,
        E::UnterminatedEntity(range) => range.start as u64,
        E::InvalidCharRef(_) => 0,
    }
}

struct Parser<'o> {
    display: String,
    options: &'o ReadOptions,
    srclang: Option<SrcLang>,
    header_line: usize,
    seen_root: bool,
    stack: Vec<El>,
    tu: Tu,
    tuv: Tuv,
    seg: SegCapture,
    in_seg: bool,
    captured: String,
    prop_type: String,
}

impl XmlParser for Parser<'_> {
    const NO_ROOT: &'static str = "no <tmx> element: this is not a TMX file";

    fn event(
        &mut self,
        event: Event<'_>,
        offset: u64,
        line: usize,
        progress: Progress,
        sink: &mut Sink<'_>,
    ) -> Step {
        if self.in_seg {
            return self.seg_event(event, offset);
        }
        match event {
            Event::Start(e) => self.start(&e, offset, line),
            Event::Empty(e) => {
                self.start(&e, offset, line)?;
                self.end(progress, sink)
            }
            Event::End(_) => self.end(progress, sink),
            Event::Text(t) => self.text(&t, offset),
            Event::CData(c) => {
                let raw = std::str::from_utf8(&c).map_err(|_| at(offset, not_utf8_message()))?;
                self.captured.push_str(raw);
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
            srclang: None,
            header_line: 0,
            seen_root: false,
            stack: Vec::new(),
            tu: Tu::default(),
            tuv: Tuv::default(),
            seg: SegCapture::default(),
            in_seg: false,
            captured: String::new(),
            prop_type: String::new(),
        }
    }

    fn seg_event(&mut self, event: Event<'_>, offset: u64) -> Step {
        let result = match &event {
            Event::Start(e) => self.seg.start(e),
            Event::Empty(e) => self.seg.empty(e),
            Event::End(e) if self.seg.at_top() => {
                debug_assert_eq!(e.name().as_ref(), b"seg");
                self.close_seg();
                return Ok(());
            }
            Event::End(e) => self.seg.end(e.name().as_ref()),
            Event::Text(t) => self.seg.text(t),
            Event::CData(c) => self.seg.cdata(c),
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

    fn close_seg(&mut self) {
        self.in_seg = false;
        self.tuv.has_seg = true;
        self.tuv.text = std::mem::take(&mut self.seg.text);
        self.tuv.markup = self.seg.markup();
        self.stack.pop();
    }

    fn start(&mut self, e: &BytesStart<'_>, offset: u64, line: usize) -> Step {
        let attrs = check_attributes(e, offset)?;
        let parent = self.stack.last().copied();
        let el = match (parent, e.name().as_ref()) {
            (None, b"tmx") if !self.seen_root => El::Tmx,
            (None, name) => return Err(at(offset, not_tmx(name))),
            (Some(El::Tmx), b"header") => El::Header,
            (Some(El::Tmx), b"body") => El::Body,
            (Some(El::Body), b"tu") => El::Tu,
            (Some(El::Tu), b"tuv") => El::Tuv,
            (Some(El::Tuv), b"seg") => El::Seg,
            (Some(El::Tu | El::Tuv), b"prop") => El::Prop,
            (Some(El::Tu | El::Tuv), b"note") => El::Note,
            _ => El::Other,
        };
        self.stack.push(el);
        match el {
            El::Tmx => self.seen_root = true,
            El::Header => self.header(attrs, line, offset)?,
            El::Body => self.body(offset)?,
            El::Tu => self.begin_tu(attrs, line),
            El::Tuv => self.begin_tuv(attrs),
            El::Seg => {
                self.in_seg = true;
                self.seg.clear();
            }
            El::Prop => {
                self.prop_type = attr(&attrs, b"type").unwrap_or_default();
                self.captured.clear();
            }
            El::Note => self.captured.clear(),
            El::Other => {}
        }
        Ok(())
    }

    fn header(&mut self, attrs: Vec<(Vec<u8>, String)>, line: usize, offset: u64) -> Step {
        self.header_line = line;
        let given = attr(&attrs, b"srclang");
        self.srclang = match (&self.options.from, given) {
            (Some(from), _) => Some(SrcLang::Lang(from.clone())),
            (None, Some(value)) => Some(SrcLang::parse(&value).ok_or_else(|| {
                at(
                    offset,
                    format!("header srclang '{value}' is not a language code or *all*"),
                )
            })?),
            (None, None) => None,
        };
        Ok(())
    }

    fn body(&mut self, offset: u64) -> Step {
        if self.header_line == 0 {
            return Err(at(
                offset,
                "no <header> before <body> (TMX needs a header with srclang)".into(),
            ));
        }
        if self.srclang.is_none() {
            return Err(Stop::Err(Error::BadInput(RecordError {
                location: Location {
                    path: self.display.clone(),
                    line: self.header_line,
                    col: None,
                },
                message: "<header> has no srclang attribute, so the source language is unknown; \
                          add srclang=\"ar\" (or \"*all*\") or give --from"
                    .into(),
            })));
        }
        Ok(())
    }

    fn begin_tu(&mut self, attrs: Vec<(Vec<u8>, String)>, line: usize) {
        self.tu = Tu {
            line,
            ..Tu::default()
        };
        for (name, value) in attrs {
            self.tu.set_attr(&name, value);
        }
    }

    fn begin_tuv(&mut self, attrs: Vec<(Vec<u8>, String)>) {
        self.tuv = Tuv {
            lang: attr(&attrs, b"xml:lang").or_else(|| attr(&attrs, b"lang")),
            ..Tuv::default()
        };
        for (name, value) in &attrs {
            let _ = self.tuv.stamps.set_attr(name, value) || self.tuv.usage.set_attr(name, value);
        }
    }

    fn end(&mut self, progress: Progress, sink: &mut Sink<'_>) -> Step {
        match self.stack.pop() {
            Some(El::Tu) => self.finish_tu(progress, sink)?,
            Some(El::Tuv) => self.tu.tuvs.push(std::mem::take(&mut self.tuv)),
            Some(El::Prop) => self.tu.props.push(crate::memory::Prop {
                kind: std::mem::take(&mut self.prop_type),
                value: std::mem::take(&mut self.captured),
            }),
            Some(El::Note) => self.tu.notes.push(std::mem::take(&mut self.captured)),
            Some(El::Seg) => self.close_seg_empty(),
            _ => {}
        }
        Ok(())
    }

    /// An empty `<seg/>`.
    fn close_seg_empty(&mut self) {
        self.in_seg = false;
        self.tuv.has_seg = true;
        self.tuv.text.clear();
        self.tuv.markup = None;
    }

    fn finish_tu(&mut self, progress: Progress, sink: &mut Sink<'_>) -> Step {
        let srclang = self.srclang.as_ref().unwrap_or(&SrcLang::All);
        match self.tu.units(srclang, self.options.to.as_ref()) {
            Ok(units) => {
                for mut unit in units {
                    let line = self.tu.line;
                    sink(
                        Item::Unit {
                            unit: &mut unit,
                            line,
                        },
                        progress,
                    )?;
                }
            }
            Err(TuProblem::Skip(kind)) => {
                let line = self.tu.line;
                sink(Item::Skipped { kind, line }, progress)?;
            }
            Err(TuProblem::Bad(message)) => {
                let location = Location {
                    path: self.display.clone(),
                    line: self.tu.line,
                    col: None,
                };
                sink(Item::Bad(RecordError { location, message }), progress)?;
            }
        }
        Ok(())
    }

    fn text(&mut self, t: &BytesText<'_>, offset: u64) -> Step {
        let raw = std::str::from_utf8(t).map_err(|_| at(offset, not_utf8_message()))?;
        let plain = quick_xml::escape::unescape(raw)
            .map_err(|e| at(offset + escape_offset(&e), escape_message(&e)))?;
        if matches!(self.stack.last(), Some(El::Prop | El::Note)) {
            self.captured.push_str(&plain);
        }
        Ok(())
    }
}

pub(super) fn at(offset: u64, message: String) -> Stop {
    Stop::At { offset, message }
}

fn not_tmx(name: &[u8]) -> String {
    format!(
        "not a TMX file: found <{}> where <tmx> should be (or a second root element)",
        String::from_utf8_lossy(name)
    )
}

/// Refuses DOCTYPEs that declare entities (no entity is ever expanded or fetched).
pub(super) fn check_doctype(doctype: &BytesText<'_>, offset: u64) -> Step {
    let raw = String::from_utf8_lossy(doctype);
    if raw.contains("<!ENTITY") {
        return Err(at(
            offset,
            "the DOCTYPE declares entities (<!ENTITY …>); tarjama refuses them (no entity \
             expansion, no DTD fetching) — remove the DOCTYPE"
                .into(),
        ));
    }
    Ok(())
}

/// All attributes of an element, unescaped, checking each for well-formedness and entities.
pub(super) fn check_attributes(
    e: &BytesStart<'_>,
    offset: u64,
) -> std::result::Result<Vec<(Vec<u8>, String)>, Stop> {
    let mut out = Vec::new();
    for attribute in e.attributes() {
        let attribute =
            attribute.map_err(|err| at(offset, format!("not well-formed XML: {err}")))?;
        let value =
            std::str::from_utf8(&attribute.value).map_err(|_| at(offset, not_utf8_message()))?;
        let value =
            quick_xml::escape::unescape(value).map_err(|e| at(offset, escape_message(&e)))?;
        out.push((attribute.key.as_ref().to_vec(), value.into_owned()));
    }
    Ok(out)
}

pub(super) fn attr(attrs: &[(Vec<u8>, String)], name: &[u8]) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}
