//! The XML layer every XML reader shares: decoding, a pull reader with line
//! numbers, and the safety rules.
//!
//! * Encoding comes from the byte-order mark or, without one, from the byte
//!   pattern of `<?xml` (UTF-16 LE/BE) and the declaration. UTF-8, UTF-16
//!   and the legacy encodings the declaration may name (GBK, GB18030, Big5,
//!   Shift_JIS, windows-125x…) are read; invalid bytes are an error (naming
//!   their offset in UTF-8 and UTF-16), never replaced.
//! * Entities: the five predefined ones and character references are
//!   resolved; any other reference is an error. A DOCTYPE is skipped, never
//!   read, so entity declarations are never expanded and nothing external is
//!   ever fetched.
//! * Nesting deeper than [`MAX_DEPTH`] is an error, and so is a document that
//!   ends with elements still open.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::ParseError;

/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// Decodes a whole XML file to text, checks that every character is one XML
/// 1.0 allows, and normalises line ends (`\r\n` and a lone `\r` become
/// `\n`, as XML requires of a parser).
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, (usize, String)> {
    let text = decode_bytes(bytes)?;
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        let line = 1 + text[..at].matches('\n').count();
        return Err((
            at,
            format!("line {line}: character U+{:04X} is not allowed in XML (a control character; XLIFF 2 writes them as <cp>)", c as u32),
        ));
    }
    if text.contains('\r') {
        return Ok(Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")));
    }
    Ok(text)
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn decode_bytes(bytes: &[u8]) -> Result<Cow<'_, str>, (usize, String)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, 2, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, 2, u16::from_be_bytes).map(Cow::Owned);
    }
    if bytes.starts_with(b"<\0") {
        return utf16(bytes, 0, u16::from_le_bytes).map(Cow::Owned);
    }
    if bytes.starts_with(b"\0<") {
        return utf16(bytes, 0, u16::from_be_bytes).map(Cow::Owned);
    }
    if let Some(label) = declared_encoding(bytes) {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            (
                0,
                format!("the file declares encoding {label:?}, which shuyu does not know"),
            )
        })?;
        if encoding != encoding_rs::UTF_8
            && encoding != encoding_rs::UTF_16LE
            && encoding != encoding_rs::UTF_16BE
        {
            // Legacy encodings (GBK, Big5, Shift_JIS, windows-125x…) are
            // decoded strictly: a byte the encoding does not define is an
            // error, never a replacement character.
            return encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| Cow::Owned(s.into_owned()))
                .ok_or_else(|| {
                    (
                        0,
                        format!(
                            "bytes that are not valid {} (the encoding the file declares)",
                            encoding.name()
                        ),
                    )
                });
        }
    }
    utf8(bytes, 0)
}

fn utf8(bytes: &[u8], base: usize) -> Result<Cow<'_, str>, (usize, String)> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let at = base + e.valid_up_to();
        (at, format!("invalid UTF-8 at byte offset {at}"))
    })
}

fn utf16(bytes: &[u8], base: usize, read: fn([u8; 2]) -> u16) -> Result<String, (usize, String)> {
    if bytes.len() % 2 != 0 {
        let at = base + bytes.len() - 1;
        return Err((
            at,
            format!("UTF-16 file ends in half a character at byte offset {at}"),
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| read([p[0], p[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut offset = base;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                offset += c.len_utf16() * 2;
                out.push(c);
            }
            Err(_) => {
                return Err((
                    offset,
                    format!("invalid UTF-16 (unpaired surrogate) at byte offset {offset}"),
                ));
            }
        }
    }
    Ok(out)
}

/// The `encoding` of an ASCII-compatible XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// A pull event, simplified for the readers: empty elements come as a start
/// and an end, text arrives with references resolved.
#[derive(Debug)]
pub(crate) enum XmlEvent<'a> {
    Start(Element<'a>),
    End(String),
    Text(Cow<'a, str>),
    Eof,
}

/// Inline content read by [`XmlReader::inline_content`].
#[derive(Debug, Default)]
pub(crate) struct Inline {
    /// The text, inline markup removed.
    pub text: String,
    /// The `mrk mtype="seg"` segments: `mid` and text.
    pub segs: Vec<(String, String)>,
}

/// A start tag: its local name and attributes.
#[derive(Debug)]
pub(crate) struct Element<'a> {
    start: BytesStart<'a>,
    name: String,
}

impl Element<'_> {
    /// The local name (namespace prefix removed).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of the attribute with this exact qualified name (`id` is
    /// not `sdl:id`, `version` is not `m:version`).
    pub fn attr(&self, name: &str) -> Result<Option<String>, String> {
        for a in self.start.attributes().with_checks(false) {
            let a = a.map_err(|e| format!("bad attribute: {e}"))?;
            let key = std::str::from_utf8(a.key.as_ref()).unwrap_or("");
            if key == name {
                let v = a
                    .unescape_value()
                    .map_err(|e| format!("bad value of attribute {key}: {e}"))?;
                return Ok(Some(v.into_owned()));
            }
        }
        Ok(None)
    }
}

/// A pull reader over decoded XML that knows the line of what it reads.
pub(crate) struct XmlReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    file: Option<&'a std::path::Path>,
    open: Vec<(String, usize)>,
    line: usize,
    line_pos: usize,
    pending_end: Option<String>,
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str, file: Option<&'a std::path::Path>) -> XmlReader<'a> {
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        XmlReader {
            reader,
            text,
            file,
            open: Vec::new(),
            line: 1,
            line_pos: 0,
            pending_end: None,
        }
    }

    /// The line of the reader's position.
    pub fn line(&mut self) -> usize {
        let pos = (self.reader.buffer_position() as usize).min(self.text.len());
        if pos >= self.line_pos {
            self.line += memchr_count(&self.text.as_bytes()[self.line_pos..pos]);
        } else {
            self.line = 1 + memchr_count(&self.text.as_bytes()[..pos]);
        }
        self.line_pos = pos;
        self.line
    }

    /// An error at the reader's current line.
    pub fn error(&mut self, msg: impl Into<String>) -> ParseError {
        let line = self.line();
        ParseError::new(self.file, Some(line), msg)
    }

    /// The names of the open elements, outermost first.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    pub fn next(&mut self) -> Result<XmlEvent<'a>, ParseError> {
        if let Some(name) = self.pending_end.take() {
            self.open.pop();
            return Ok(XmlEvent::End(name));
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.error(format!("malformed XML: {e}"))),
            };
            match event {
                Event::Start(s) | Event::Empty(s) if self.open.len() >= MAX_DEPTH => {
                    let _ = s;
                    return Err(self.error(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                Event::Start(s) => {
                    let name = local(s.local_name().as_ref());
                    let line = self.line();
                    self.open.push((name.clone(), line));
                    return Ok(XmlEvent::Start(Element { start: s, name }));
                }
                Event::Empty(s) => {
                    let name = local(s.local_name().as_ref());
                    let line = self.line();
                    self.open.push((name.clone(), line));
                    self.pending_end = Some(name.clone());
                    return Ok(XmlEvent::Start(Element { start: s, name }));
                }
                Event::End(e) => {
                    let name = local(e.local_name().as_ref());
                    self.open.pop();
                    return Ok(XmlEvent::End(name));
                }
                Event::Text(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| self.error(format!("bad text: {e}")))?;
                    if self.open.is_empty() && s.trim().is_empty() {
                        continue;
                    }
                    if self.open.is_empty() {
                        return Err(self.error("text outside the root element"));
                    }
                    return Ok(XmlEvent::Text(s));
                }
                Event::CData(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| self.error(format!("bad CDATA: {e}")))?;
                    return Ok(XmlEvent::Text(s));
                }
                Event::GeneralRef(r) => {
                    let c = if let Some(c) = r
                        .resolve_char_ref()
                        .map_err(|e| self.error(format!("bad character reference: {e}")))?
                    {
                        if !is_xml_char(c) {
                            return Err(self.error(format!(
                                "character reference to U+{:04X}, which XML 1.0 does not allow",
                                c as u32
                            )));
                        }
                        c
                    } else {
                        let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                        match name.as_str() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => {
                                return Err(self.error(format!(
                                    "reference to entity &{name}; which shuyu does not expand (only the five predefined XML entities and character references are read)"
                                )))
                            }
                        }
                    };
                    return Ok(XmlEvent::Text(Cow::Owned(c.to_string())));
                }
                Event::Eof => {
                    if let Some((name, line)) = self.open.last() {
                        let msg = format!(
                            "the file ends inside <{name}> opened at line {line}: it is truncated or malformed"
                        );
                        return Err(self.error(msg));
                    }
                    return Ok(XmlEvent::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }

    /// The text content of the element just started, up to its end; inline
    /// elements inside are read through (their text kept).
    pub fn text_content(&mut self) -> Result<String, ParseError> {
        let depth = self.depth();
        let mut out = String::new();
        loop {
            match self.next()? {
                XmlEvent::Text(t) => out.push_str(&t),
                XmlEvent::Start(_) => {}
                XmlEvent::End(_) if self.depth() < depth => return Ok(out),
                XmlEvent::End(_) => {}
                XmlEvent::Eof => return Err(self.error("unexpected end of file")),
            }
        }
    }

    /// The inline content of the element just started, up to its end: its
    /// text, without the content of the elements named in `codes` (native
    /// code such as TMX `bpt`, which is not text), with XLIFF 2 `cp` code
    /// points resolved, and with the text of each `mrk mtype="seg"` (XLIFF
    /// 1.2 segmentation) apart as well.
    pub fn inline_content(&mut self, codes: &[&str]) -> Result<Inline, ParseError> {
        let depth = self.depth();
        let mut out = Inline::default();
        let mut skip_below: Option<usize> = None;
        let mut seg: Option<(usize, String, String)> = None;
        loop {
            match self.next()? {
                XmlEvent::Text(t) => {
                    if skip_below.is_none() {
                        out.text.push_str(&t);
                        if let Some((_, _, text)) = seg.as_mut() {
                            text.push_str(&t);
                        }
                    }
                }
                XmlEvent::Start(e) => {
                    if skip_below.is_some() {
                        continue;
                    }
                    let name = e.name();
                    if codes.contains(&name) {
                        skip_below = Some(self.depth());
                    } else if name == "cp" {
                        let hex = e
                            .attr("hex")
                            .map_err(|m| self.error(m))?
                            .unwrap_or_default();
                        let c = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| {
                                self.error(format!("<cp hex=\"{hex}\"> is not a code point"))
                            })?;
                        out.text.push(c);
                        if let Some((_, _, text)) = seg.as_mut() {
                            text.push(c);
                        }
                    } else if name == "mrk"
                        && e.attr("mtype").map_err(|m| self.error(m))?.as_deref() == Some("seg")
                    {
                        let mid = e
                            .attr("mid")
                            .map_err(|m| self.error(m))?
                            .unwrap_or_default();
                        seg = Some((self.depth(), mid, String::new()));
                    }
                }
                XmlEvent::End(_) => {
                    let now = self.depth();
                    if now < depth {
                        return Ok(out);
                    }
                    if skip_below.is_some_and(|d| now < d) {
                        skip_below = None;
                    }
                    if seg.as_ref().is_some_and(|(d, _, _)| now < *d) {
                        let (_, mid, text) = seg.take().expect("checked");
                        out.segs.push((mid, text));
                    }
                }
                XmlEvent::Eof => return Err(self.error("unexpected end of file")),
            }
        }
    }

    /// Skips the rest of the element just started.
    pub fn skip(&mut self) -> Result<(), ParseError> {
        self.text_content().map(|_| ())
    }
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The local name of the root element, if the text is XML with one.
pub(crate) fn root_name(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => return Some(local(e.local_name().as_ref())),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Escapes text for XML content and attribute values. A carriage return
/// becomes `&#13;` so that it survives the parser's line-end normalisation;
/// other control characters, which XML 1.0 cannot hold at all, are written
/// as `\u{…}` text rather than making the file unreadable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
