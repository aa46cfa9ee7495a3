//! The content of one TMX `<seg>`: its plain text (what is matched and shown) and, when it
//! has inline tags (bpt/ept/it/ph/hi/ut/sub), its original inner XML verbatim so that export
//! gives it back unchanged.
//!
//! Text inside native-code elements (bpt, ept, it, ph, ut, and the `sub` flows inside them)
//! is formatting code, not sentence text, so it stays out of the plain text; `hi` only
//! highlights, so its text counts.

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
    /// Open elements inside the seg.
    depth: usize,
    /// How many of the open elements are native-code elements.
    code_depth: usize,
    /// Depth at which each open element sits when it is a code element (stack of flags).
    open_is_code: Vec<bool>,
}

fn is_code(name: &[u8]) -> bool {
    matches!(name, b"bpt" | b"ept" | b"it" | b"ph" | b"ut")
}

impl SegCapture {
    pub fn clear(&mut self) {
        self.text.clear();
        self.markup.clear();
        self.has_tags = false;
        self.depth = 0;
        self.code_depth = 0;
        self.open_is_code.clear();
    }

    /// Whether an `</seg>` now closes the seg itself (no inline element open).
    pub fn at_top(&self) -> bool {
        self.depth == 0
    }

    /// The markup to keep: the inner XML when the seg had tags.
    pub fn markup(&self) -> Option<String> {
        self.has_tags.then(|| self.markup.clone())
    }

    pub fn start(&mut self, e: &BytesStart<'_>) -> Result<(), SegError> {
        self.push_raw("<", e, ">")?;
        let code = is_code(e.name().as_ref());
        self.open_is_code.push(code);
        self.depth += 1;
        if code {
            self.code_depth += 1;
        }
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
        self.depth = self.depth.saturating_sub(1);
        if self.open_is_code.pop() == Some(true) {
            self.code_depth -= 1;
        }
        Ok(())
    }

    pub fn text(&mut self, e: &BytesText<'_>) -> Result<(), SegError> {
        let raw = std::str::from_utf8(e).map_err(|_| SegError::NotUtf8)?;
        self.markup.push_str(raw);
        if self.code_depth == 0 {
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
        if self.code_depth == 0 {
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
