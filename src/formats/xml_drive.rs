//! The event loop of the XML readers (TMX, XLIFF): opens the file in its encoding, feeds each
//! quick-xml event with its offset, line and progress to a format's parser, and turns where
//! reading stopped into `path:line:col`.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, RecordError, Result};

use super::position::{line_col_at, EventTooLong, LineCounting};
use super::tmx_read::{escape_message, not_utf8_message};
use super::{decode, Progress, ReadOptions, Sink};

/// Why reading stopped: at a byte offset of the decoded stream, or another error.
pub(super) enum Stop {
    At { offset: u64, message: String },
    Err(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Err(e)
    }
}

pub(super) type Step = std::result::Result<(), Stop>;

/// What a format's parser does with the events of its file.
pub(super) trait XmlParser {
    /// One event; `offset` and `line` are where it starts.
    fn event(
        &mut self,
        event: Event<'_>,
        offset: u64,
        line: usize,
        progress: Progress,
        sink: &mut Sink<'_>,
    ) -> Step;

    /// What the end of a file without the format's root element says.
    const NO_ROOT: &'static str;

    /// Whether the format's root element was read, and how many elements are open.
    fn document_state(&self) -> (bool, usize);
}

/// The end of the file, at `offset`: it must have held a whole document of the format.
fn finish<P: XmlParser>(parser: &P, offset: u64) -> Step {
    let (seen_root, open) = parser.document_state();
    let message = if !seen_root {
        P::NO_ROOT
    } else if open > 0 {
        "not well-formed XML: the file ends before its elements are closed"
    } else {
        return Ok(());
    };
    Err(Stop::At {
        offset,
        message: message.into(),
    })
}

/// Reads `path` to its end (or the first stop) through `parser`.
pub(super) fn drive(
    path: &Path,
    options: &ReadOptions,
    parser: &mut impl XmlParser,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let opened = decode::open(path, options.encoding, true)?;
    let total = opened.total;
    let consumed = opened.consumed.clone();
    let mut xml = Reader::from_reader(LineCounting::new(opened.reader));
    xml.config_mut().check_comments = true;
    let mut buf = Vec::new();
    let result = loop {
        let offset = xml.buffer_position();
        let line = xml.get_ref().line();
        xml.get_mut().mark();
        let progress = Progress {
            bytes: consumed.get(),
            total,
        };
        let step = match xml.read_event_into(&mut buf) {
            // An I/O error has no position of its own: point at the event being read.
            Err(e @ quick_xml::Error::Io(_)) => Err(xml_error(offset, e)),
            Err(e) => Err(xml_error(xml.error_position(), e)),
            Ok(Event::Eof) => break finish(parser, offset),
            Ok(event) => parser.event(event, offset, line, progress, sink),
        };
        if let Err(stop) = step {
            break Err(stop);
        }
        buf.clear();
    };
    result.map_err(|stop| match stop {
        Stop::Err(e) => e,
        Stop::At { offset, message } => {
            let display = path.display().to_string();
            match line_col_at(path, &display, offset, options.encoding, true) {
                Ok(location) => Error::BadInput(RecordError { location, message }),
                Err(e) => e,
            }
        }
    })
}

/// A quick-xml error, worded for a user, at `offset`.
pub(super) fn xml_error(offset: u64, error: quick_xml::Error) -> Stop {
    let message = match error {
        quick_xml::Error::Io(e) => match e.get_ref().and_then(|e| e.downcast_ref::<EventTooLong>())
        {
            Some(too_long) => too_long.to_string(),
            // The position is the event's: no second line number in the message.
            None => match decode::malformed(&e) {
                Some(bad) => bad.to_string(),
                None => format!("cannot read: {e}"),
            },
        },
        quick_xml::Error::Encoding(_) => not_utf8_message(),
        quick_xml::Error::Escape(e) => escape_message(&e),
        other => format!("not well-formed XML: {other}"),
    };
    Stop::At { offset, message }
}
