//! The content of one TMX `<seg>`: its plain text (what is matched and shown) and, when it
//! has inline tags (bpt/ept/it/ph/hi/ut/sub), its original inner XML verbatim so that export
//! gives it back unchanged.
//!
//! Text inside native-code elements (bpt, ept, it, ph, ut) is formatting code, not sentence
//! text, so it stays out of the plain text; a `sub` inside them is a sub-flow of translatable
//! text (an `alt` or `title` attribute, a footnote), so its text counts again, and `hi` only
//! highlights, so its text counts. Concordance and matching see what a reader sees.

use quick_xml::events::{BytesCData, BytesStart, BytesText};

/// Why seg content could not be taken in; the reader adds the position.
#[derive(Debug)]
pub enum SegError {
    NotUtf8,
    Escape(quick_xml::escape::EscapeError),
}

/// Collects the content of one `<seg>` as events arrive.
#[derive(Debug, Default)]
pub struct SegCapture {
    pub text: String,
    pub markup: String,
    pub has_tags: bool,
    /// Per open element inside the seg: whether text directly inside it is sentence text.
    open_counts: Vec<bool>,
}

fn is_code(name: &[u8]) -> bool {
    matches!(name, b"bpt" | b"ept" | b"it" | b"ph" | b"ut")
}

impl SegCapture {
    pub fn clear(&mut self) {
        self.text.clear();
        self.markup.clear();
        self.has_tags = false;
        self.open_counts.clear();
    }

    /// Whether an `</seg>` now closes the seg itself (no inline element open).
    pub fn at_top(&self) -> bool {
        self.open_counts.is_empty()
    }

    /// Whether text at this point is sentence text (not inside native code, or inside a
    /// `sub` within it).
    fn text_counts(&self) -> bool {
        self.open_counts.last().copied().unwrap_or(true)
    }

    /// The markup to keep: the inner XML when the seg had tags.
    pub fn markup(&self) -> Option<String> {
        self.has_tags.then(|| self.markup.clone())
    }

    pub fn start(&mut self, e: &BytesStart<'_>) -> Result<(), SegError> {
        self.push_raw("<", e, ">")?;
        let counts = match e.name().as_ref() {
            b"sub" => true,
            name if is_code(name) => false,
            _ => self.text_counts(),
        };
        self.open_counts.push(counts);
        Ok(())
    }

    pub fn empty(&mut self, e: &BytesStart<'_>) -> Result<(), SegError> {
        self.push_raw("<", e, "/>")
    }

    pub fn end(&mut self, name: &[u8]) -> Result<(), SegError> {
        let name = std::str::from_utf8(name).map_err(|_| SegError::NotUtf8)?;
        self.markup.push_str("</");
        self.markup.push_str(name);
        self.markup.push('>');
        self.open_counts.pop();
        Ok(())
    }

    pub fn text(&mut self, e: &BytesText<'_>) -> Result<(), SegError> {
        let raw = std::str::from_utf8(e).map_err(|_| SegError::NotUtf8)?;
        self.markup.push_str(raw);
        if self.text_counts() {
            let plain = quick_xml::escape::unescape(raw).map_err(SegError::Escape)?;
            self.text.push_str(&plain);
        }
        Ok(())
    }

    pub fn cdata(&mut self, e: &BytesCData<'_>) -> Result<(), SegError> {
        let raw = std::str::from_utf8(e).map_err(|_| SegError::NotUtf8)?;
        self.markup.push_str("<![CDATA[");
        self.markup.push_str(raw);
        self.markup.push_str("]]>");
        if self.text_counts() {
            self.text.push_str(raw);
        }
        Ok(())
    }

    fn push_raw(&mut self, open: &str, e: &BytesStart<'_>, close: &str) -> Result<(), SegError> {
        let raw = std::str::from_utf8(e).map_err(|_| SegError::NotUtf8)?;
        self.has_tags = true;
        self.markup.push_str(open);
        self.markup.push_str(raw);
        self.markup.push_str(close);
        Ok(())
    }
}
