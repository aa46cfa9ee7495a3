//! The content of one XLIFF `<source>` or `<target>`: its plain text (what is matched and
//! shown) and, when it has inline codes, the same content as TMX inline markup, so that the
//! stored unit exports as valid TMX whatever XLIFF flavour it came from.
//!
//! XLIFF's inline elements differ from TMX's (1.2 `g x bx ex`, 2.x `pc ph sc ec mrk`, tool
//! namespaces), so each one is kept verbatim but escaped inside a TMX code element: a paired
//! element (`g`, `pc`, `mrk`) becomes `<bpt i="n">&lt;g id="1"&gt;</bpt>…<ept i="n">&lt;/g&gt;
//! </ept>` around its text, an empty one (`x`, `ph/`, `sc/`) a `<ph>`. Elements that hold
//! native code rather than sentence text (1.2 `bpt ept ph it`) go whole into one `<ph>`.

use quick_xml::escape::escape;
use quick_xml::events::{BytesCData, BytesStart, BytesText};

use super::tmx_seg::SegError;

/// Collects one XLIFF segment side as events arrive.
#[derive(Debug, Default)]
pub struct InlineCapture {
    pub text: String,
    markup: String,
    has_tags: bool,
    /// Open paired elements: the TMX pair number and the element name.
    open: Vec<(usize, String)>,
    pairs: usize,
    /// Inside a native-code element: its nesting depth and the raw XML gathered so far.
    code_depth: usize,
    code: String,
}

/// XLIFF 1.2 elements whose content is native code, not text.
fn holds_code(name: &[u8]) -> bool {
    matches!(name, b"bpt" | b"ept" | b"ph" | b"it")
}

impl InlineCapture {
    pub fn clear(&mut self) {
        self.text.clear();
        self.markup.clear();
        self.has_tags = false;
        self.open.clear();
        self.pairs = 0;
        self.code_depth = 0;
        self.code.clear();
    }

    /// Whether an end tag now closes the side itself (no inline element open).
    pub fn at_top(&self) -> bool {
        self.open.is_empty() && self.code_depth == 0
    }

    /// TMX inline markup, when the side had inline codes.
    pub fn markup(&self) -> Option<String> {
        self.has_tags.then(|| self.markup.clone())
    }

    pub fn start(&mut self, e: &BytesStart<'_>) -> Result<(), SegError> {
        let raw = utf8(e)?;
        self.has_tags = true;
        if self.code_depth > 0 || holds_code(e.local_name().as_ref()) {
            self.code_depth += 1;
            self.code.push('<');
            self.code.push_str(raw);
            self.code.push('>');
            return Ok(());
        }
        self.pairs += 1;
        let name = utf8(e.name().as_ref())?.to_owned();
        self.markup.push_str(&format!(
            "<bpt i=\"{}\">{}</bpt>",
            self.pairs,
            escape(format!("<{raw}>"))
        ));
        self.open.push((self.pairs, name));
        Ok(())
    }

    pub fn empty(&mut self, e: &BytesStart<'_>) -> Result<(), SegError> {
        let raw = utf8(e)?;
        self.has_tags = true;
        if self.code_depth > 0 {
            self.code.push('<');
            self.code.push_str(raw);
            self.code.push_str("/>");
        } else {
            self.markup
                .push_str(&format!("<ph>{}</ph>", escape(format!("<{raw}/>"))));
        }
        Ok(())
    }

    pub fn end(&mut self, name: &[u8]) -> Result<(), SegError> {
        let name = utf8(name)?;
        if self.code_depth > 0 {
            self.code.push_str("</");
            self.code.push_str(name);
            self.code.push('>');
            self.code_depth -= 1;
            if self.code_depth == 0 {
                let whole = std::mem::take(&mut self.code);
                self.markup
                    .push_str(&format!("<ph>{}</ph>", escape(&whole)));
            }
            return Ok(());
        }
        if let Some((i, _)) = self.open.pop() {
            self.markup.push_str(&format!(
                "<ept i=\"{i}\">{}</ept>",
                escape(format!("</{name}>"))
            ));
        }
        Ok(())
    }

    pub fn text(&mut self, e: &BytesText<'_>) -> Result<(), SegError> {
        let raw = utf8(e)?;
        if self.code_depth > 0 {
            self.code.push_str(raw);
            return Ok(());
        }
        let plain = quick_xml::escape::unescape(raw).map_err(SegError::Escape)?;
        self.markup.push_str(&escape(plain.as_ref()));
        self.text.push_str(&plain);
        Ok(())
    }

    pub fn cdata(&mut self, e: &BytesCData<'_>) -> Result<(), SegError> {
        let raw = utf8(e)?;
        if self.code_depth > 0 {
            self.code.push_str(&format!("<![CDATA[{raw}]]>"));
            return Ok(());
        }
        self.markup.push_str(&escape(raw));
        self.text.push_str(raw);
        Ok(())
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, SegError> {
    std::str::from_utf8(bytes).map_err(|_| SegError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn capture(inner: &str) -> (String, Option<String>) {
        let xml = format!("<source>{inner}</source>");
        let mut reader = Reader::from_str(&xml);
        let mut cap = InlineCapture::default();
        let mut depth = 0;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(_) if depth == 0 => depth = 1,
                Event::Start(e) => cap.start(&e).unwrap(),
                Event::Empty(e) => cap.empty(&e).unwrap(),
                Event::End(_) if cap.at_top() => break,
                Event::End(e) => cap.end(e.name().as_ref()).unwrap(),
                Event::Text(t) => cap.text(&t).unwrap(),
                Event::CData(c) => cap.cdata(&c).unwrap(),
                Event::Eof => break,
                _ => {}
            }
        }
        (cap.text.clone(), cap.markup())
    }

    #[test]
    fn plain_text_has_no_markup() {
        assert_eq!(capture("A &amp; B"), ("A & B".into(), None));
    }

    #[test]
    fn paired_and_empty_codes_become_tmx_codes_around_the_text() {
        let (text, markup) = capture(r#"Say <g id="1">hello</g><x id="2"/>."#);
        assert_eq!(text, "Say hello.");
        assert_eq!(
            markup.unwrap(),
            r#"Say <bpt i="1">&lt;g id=&quot;1&quot;&gt;</bpt>hello<ept i="1">&lt;/g&gt;</ept><ph>&lt;x id=&quot;2&quot;/&gt;</ph>."#
        );
    }

    #[test]
    fn native_code_elements_stay_out_of_the_text() {
        let (text, markup) =
            capture(r#"<bpt id="1">&lt;b&gt;</bpt>bold<ept id="1">&lt;/b&gt;</ept>"#);
        assert_eq!(text, "bold");
        assert!(markup.unwrap().starts_with("<ph>&lt;bpt id="));
    }

    #[test]
    fn codes_only_give_empty_text() {
        let (text, markup) = capture(r#"<ph id="1"/><pc id="2"></pc>"#);
        assert_eq!(text, "");
        assert!(markup.is_some());
    }
}
