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

use std::io::Read;
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};

use super::ParseError;
use crate::xmltext::{escape, is_xml_char};

/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// The message of a decoding error, without the I/O wrapping.
fn decode_error_message(e: &std::io::Error) -> String {
    e.get_ref()
        .map_or_else(|| e.to_string(), |inner| inner.to_string())
}

/// A character the decoder refuses, on a line it knows (the reader above
/// it has not counted that far yet: the decoder reads ahead).
#[derive(Debug)]
struct BadChar {
    line: usize,
    message: String,
}

impl std::fmt::Display for BadChar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BadChar {}

/// Turns the bytes of an XML file, read as they come, into UTF-8 text: the
/// encoding comes from the byte-order mark, the byte pattern of `<?xml`
/// (UTF-16 without a mark) or the declaration. Every character is checked
/// against what XML 1.0 allows, and line ends are normalised (`\r\n` and a
/// lone `\r` become `\n`, as XML requires of a parser), so the reader above
/// sees clean text. Bytes that do not decode are an error naming their
/// offset, never a replacement character.
pub(crate) struct Decoder<R> {
    input: R,
    decoder: encoding_rs::Decoder,
    utf16: bool,
    /// Bytes read from `input` and not yet decoded.
    pending: Vec<u8>,
    /// Offset in the file of `pending[0]`.
    offset: usize,
    /// Decoded text not yet handed out, and how much of it was.
    out: String,
    out_at: usize,
    /// Bytes of a byte-order mark still to drop.
    skip: usize,
    after_cr: bool,
    eof: bool,
    line: usize,
}

impl<R: Read> Decoder<R> {
    /// A decoder of `input`, whose first bytes are `head` (at least what a
    /// byte-order mark and an XML declaration take, when the file has them).
    pub fn new(head: &[u8], input: R) -> Result<Decoder<R>, String> {
        let (encoding, skip) = sniff_encoding(head)?;
        Ok(Decoder {
            input,
            decoder: encoding.new_decoder_without_bom_handling(),
            utf16: encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE,
            pending: Vec::new(),
            offset: 0,
            out: String::new(),
            out_at: 0,
            skip,
            after_cr: false,
            eof: false,
            line: 1,
        })
    }

    fn invalid(&self, msg: String) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
    }

    /// Decodes the next chunk into `out`; false at the end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut chunk = [0u8; 64 * 1024];
        let n = self.input.read(&mut chunk)?;
        self.pending.extend_from_slice(&chunk[..n]);
        let skip = self.skip.min(self.pending.len());
        self.pending.drain(..skip);
        self.offset += skip;
        self.skip -= skip;
        let last = n == 0;
        // Room for the worst case, so the decoder never stops for space and
        // every byte read is decoded.
        let room = self
            .decoder
            .max_utf8_buffer_length_without_replacement(self.pending.len())
            .ok_or_else(|| self.invalid("a chunk too large to decode".into()))?;
        let mut decoded = String::with_capacity(room);
        let (result, read) =
            self.decoder
                .decode_to_string_without_replacement(&self.pending, &mut decoded, last);
        if let encoding_rs::DecoderResult::Malformed(bad, after) = result {
            let at = self.offset + read - bad as usize - after as usize;
            let msg = if self.utf16 && last && at + 2 > self.offset + self.pending.len() {
                format!("UTF-16 file ends in half a character at byte offset {at}")
            } else if self.utf16 {
                format!("invalid UTF-16 (unpaired surrogate) at byte offset {at}")
            } else if self.decoder.encoding() == encoding_rs::UTF_8 {
                format!("invalid UTF-8 at byte offset {at}")
            } else {
                format!(
                    "bytes that are not valid {} (the encoding the file declares) at byte offset {at}",
                    self.decoder.encoding().name()
                )
            };
            return Err(self.invalid(msg));
        }
        self.pending.drain(..read);
        self.offset += read;
        if let Some(at) = first_non_xml_char(&decoded) {
            let c = decoded[at..].chars().next().unwrap_or_default();
            let message = format!(
                "character U+{:04X} is not allowed in XML (a control character; XLIFF 2 writes them as <cp>)",
                c as u32
            );
            let mut after_cr = self.after_cr;
            let before = normalize_line_ends(decoded[..at].to_string(), &mut after_cr);
            let line = self.line + memchr_count(before.as_bytes());
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                BadChar { line, message },
            ));
        }
        self.out = normalize_line_ends(decoded, &mut self.after_cr);
        self.out_at = 0;
        self.line += memchr_count(self.out.as_bytes());
        if last {
            self.eof = true;
        }
        Ok(true)
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_at >= self.out.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let rest = &self.out.as_bytes()[self.out_at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.out_at += n;
        Ok(n)
    }
}

/// Where the first character XML 1.0 does not allow is in `text`, if any.
fn first_non_xml_char(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Only C0 controls and U+FFFE, U+FFFF can be refused in UTF-8 text
    // (surrogates cannot be in it): look at those bytes alone.
    let refused = |at: usize| match bytes[at] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1F => true,
        0xEF => matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])),
        _ => false,
    };
    // A block with no control but tab and line ends, and no EF BF (U+FFC0
    // to U+FFFF), is passed over whole: folds without branches, which the
    // compiler makes vector compares; others are read a byte at a time.
    const BLOCK: usize = 64;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + BLOCK).min(bytes.len());
        let block = &bytes[at..end];
        let control = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
        let controls = block.iter().fold(false, |any, &b| any | control(b));
        let after = &bytes[at + 1..(end + 1).min(bytes.len())];
        let specials = (block.iter().zip(after))
            .fold(false, |any, (&a, &b)| any | ((a == 0xEF) & (b == 0xBF)));
        if controls | specials {
            if let Some(bad) = (at..end).find(|&i| refused(i)) {
                return Some(bad);
            }
        }
        at = end;
    }
    None
}

/// `text` with `\r\n` and a lone `\r` as `\n`, as XML requires of a
/// parser; `after_cr` says whether the text before ended in `\r` (a `\n`
/// first is then the end of that line) and is set for the text after.
/// Text without a carriage return is handed back as it is.
fn normalize_line_ends(text: String, after_cr: &mut bool) -> String {
    if text.is_empty() {
        return text;
    }
    let continues_cr = *after_cr && text.starts_with('\n');
    if !continues_cr && !text.contains('\r') {
        *after_cr = false;
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = if continues_cr { &text[1..] } else { &text[..] };
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    *after_cr = text.ends_with('\r');
    out
}

/// The encoding of a file from its first bytes, and how many of them are a
/// byte-order mark.
fn sniff_encoding(head: &[u8]) -> Result<(&'static encoding_rs::Encoding, usize), String> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((encoding_rs::UTF_8, 3));
    }
    if head.starts_with(b"\xFF\xFE") {
        return Ok((encoding_rs::UTF_16LE, 2));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok((encoding_rs::UTF_16BE, 2));
    }
    if head.starts_with(b"<\0") {
        return Ok((encoding_rs::UTF_16LE, 0));
    }
    if head.starts_with(b"\0<") {
        return Ok((encoding_rs::UTF_16BE, 0));
    }
    match declared_encoding(head) {
        Some(label) => {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                format!("the file declares encoding {label:?}, which shuyu does not know")
            })?;
            // A UTF-16 declaration in a file with one byte per ASCII
            // character is wrong about itself: read the bytes as they are.
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                Ok((encoding_rs::UTF_8, 0))
            } else {
                Ok((encoding, 0))
            }
        }
        None => Ok((encoding_rs::UTF_8, 0)),
    }
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
pub(crate) enum XmlEvent {
    Start(Element),
    End(Rc<str>),
    Text(String),
    Eof,
}

/// Inline content read by [`XmlReader::inline_content`].
#[derive(Debug, Default)]
pub(crate) struct Inline {
    /// The whole content.
    pub all: Piece,
    /// The `mrk mtype="seg"` segments: `mid` and content.
    pub segs: Vec<(String, Piece)>,
}

/// Inline content twice over: as text, and as TMX 1.4b inline XML that
/// keeps the markup, for writing the content back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The text, inline markup removed.
    pub text: String,
    /// The content as TMX inline XML (text escaped), once it has markup:
    /// until then the text says it all, and this is empty.
    pub markup: String,
    /// Whether the content had any markup, so `markup` says more than `text`.
    pub marked: bool,
}

impl Piece {
    /// Adds text, escaped in the markup once there is markup.
    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
        if self.marked {
            crate::xmltext::escape_into(&mut self.markup, text);
        }
    }

    /// [`Piece::push_text`], taking the string itself when it is the
    /// first thing the piece holds (most segments are one text).
    fn push_owned(&mut self, text: String) {
        if self.text.is_empty() && !self.marked {
            self.text = text;
        } else {
            self.push_text(&text);
        }
    }

    /// Adds markup; the first makes the markup of the text so far.
    fn push_markup(&mut self, markup: &str) {
        if !self.marked {
            self.markup = escape(&self.text);
            self.marked = true;
        }
        self.markup.push_str(markup);
    }

    /// The markup, when there is any.
    pub fn into_parts(self) -> (String, Option<String>) {
        let markup = self.marked.then_some(self.markup);
        (self.text, markup)
    }
}

/// What the end of an open inline element writes to the markup.
#[derive(Clone, Debug)]
enum Close {
    /// Nothing (`cp`, a `mrk` segment).
    Silent,
    /// The end tag as it is.
    Verbatim,
    /// The `ept` of pair `i`; an element with nothing inside instead
    /// becomes a `ph` in place of its `bpt`, which spans `before..after`.
    Pair {
        i: usize,
        raw: String,
        before: usize,
        after: usize,
    },
}

/// How [`XmlReader::inline_content`] writes markup as TMX.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Markup {
    /// The markup is TMX already: kept as written.
    Tmx,
    /// Foreign (XLIFF) markup: an element with text inside becomes a
    /// `bpt`/`ept` pair, any other a `ph`, each holding the original tags as
    /// native code.
    Foreign,
}

/// A start tag: its local name and attributes.
#[derive(Debug)]
pub(crate) struct Element {
    tag: Tag,
    /// The length of the qualified name at the start of `tag`.
    name_len: usize,
    name: Rc<str>,
}

/// The text of a start tag between `<` and `>`: in place when short, as
/// most are, so that reading an element allocates nothing for it.
#[derive(Debug)]
enum Tag {
    Short(u8, [u8; SHORT_TAG]),
    Long(Box<str>),
}

/// The longest tag kept in place (`<tuv xml:lang="zh-CN">` takes 20).
const SHORT_TAG: usize = 62;

impl Tag {
    fn new(bytes: &[u8]) -> Tag {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.len() <= SHORT_TAG => {
                let mut short = [0u8; SHORT_TAG];
                short[..text.len()].copy_from_slice(text.as_bytes());
                Tag::Short(text.len() as u8, short)
            }
            Ok(text) => Tag::Long(text.into()),
            Err(_) => Tag::Long(String::from_utf8_lossy(bytes).into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Copied from a `str` whole: always UTF-8.
            Tag::Short(len, bytes) => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or("")
            }
            Tag::Long(text) => text,
        }
    }
}

impl Element {
    /// The element a start tag (or an empty element's tag) opens, its
    /// local name made once per reader (see the reader's `names`).
    fn new(start: &BytesStart<'_>, names: &mut Vec<Rc<str>>) -> Element {
        let raw = start.local_name();
        let name = match names.iter().find(|n| n.as_bytes() == raw.as_ref()) {
            Some(name) => name.clone(),
            None => {
                let name: Rc<str> = local(raw.as_ref()).into();
                if names.len() < NAMES_KEPT {
                    names.push(name.clone());
                }
                name
            }
        };
        Element {
            tag: Tag::new(start),
            name_len: start.name().as_ref().len(),
            name,
        }
    }

    /// The tag as quick-xml reads it, borrowed from the element.
    fn start(&self) -> BytesStart<'_> {
        BytesStart::from_content(self.tag.as_str(), self.name_len)
    }

    /// The tag as written between `<` and `>` (or `/>`): the qualified name
    /// and the attributes, references unresolved.
    pub fn raw(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self.tag.as_str())
    }

    /// The qualified name, prefix included.
    pub fn qname(&self) -> String {
        self.tag
            .as_str()
            .get(..self.name_len)
            .unwrap_or_default()
            .to_string()
    }

    /// The local name (namespace prefix removed).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of the attribute with this exact qualified name (`id` is
    /// not `sdl:id`, `version` is not `m:version`).
    pub fn attr(&self, name: &str) -> Result<Option<String>, String> {
        for a in self.start().attributes().with_checks(false) {
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

/// A buffered reader that counts the line ends of what it hands out, so the
/// XML reader above knows its line without keeping the text.
struct Lines<R> {
    inner: std::io::BufReader<R>,
    newlines: usize,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += memchr_count(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> std::io::BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.newlines += memchr_count(&self.inner.buffer()[..amt.min(self.inner.buffer().len())]);
        self.inner.consume(amt);
    }
}

/// A pull reader over an XML file, streaming: it holds the element being
/// read, never the whole file, and knows the line of what it reads.
pub(crate) struct XmlReader<'f> {
    reader: quick_xml::Reader<Lines<Box<dyn Read + 'f>>>,
    buf: Vec<u8>,
    file: Option<&'f std::path::Path>,
    open: Vec<(Rc<str>, usize)>,
    pending_end: Option<Rc<str>>,
    /// The local names met, each made once (a file has few; past
    /// [`NAMES_KEPT`] a name is made each time it is met).
    names: Vec<Rc<str>>,
}

impl<'f> XmlReader<'f> {
    /// A reader of XML bytes in memory.
    pub fn from_bytes(
        bytes: &'f [u8],
        file: Option<&'f std::path::Path>,
    ) -> Result<XmlReader<'f>, ParseError> {
        let decoder = Decoder::new(bytes, bytes).map_err(|m| ParseError::new(file, None, m))?;
        Ok(XmlReader::over(Box::new(decoder), file))
    }

    /// A reader of an XML file, read as it is parsed.
    pub fn open(path: &'f std::path::Path) -> Result<XmlReader<'f>, ParseError> {
        let fail = |e: std::io::Error| ParseError::io(path, "cannot read", e);
        let mut file = super::open(path)?;
        let mut head = vec![0u8; 1024];
        let mut n = 0;
        while n < head.len() {
            match file.read(&mut head[n..]).map_err(fail)? {
                0 => break,
                k => n += k,
            }
        }
        if n == 0 {
            return Err(ParseError::new(Some(path), None, "the file is empty"));
        }
        head.truncate(n);
        let decoder = Decoder::new(&head, std::io::Cursor::new(head.clone()).chain(file))
            .map_err(|m| ParseError::new(Some(path), None, m))?;
        Ok(XmlReader::over(Box::new(decoder), Some(path)))
    }

    fn over(input: Box<dyn Read + 'f>, file: Option<&'f std::path::Path>) -> XmlReader<'f> {
        let lines = Lines {
            inner: std::io::BufReader::with_capacity(64 * 1024, input),
            newlines: 0,
        };
        let mut reader = quick_xml::Reader::from_reader(lines);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        XmlReader {
            reader,
            buf: Vec::new(),
            file,
            open: Vec::new(),
            pending_end: None,
            names: Vec::new(),
        }
    }

    /// The line of the reader's position.
    pub fn line(&mut self) -> usize {
        self.reader.get_ref().newlines + 1
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

    /// The event of an element just started, an empty one's end pending.
    fn started(&mut self, element: Element, empty: bool) -> Result<XmlEvent, ParseError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements nested deeper than {MAX_DEPTH}")));
        }
        let line = self.line();
        self.open.push((element.name.clone(), line));
        if empty {
            self.pending_end = Some(element.name.clone());
        }
        Ok(XmlEvent::Start(element))
    }

    pub fn next(&mut self) -> Result<XmlEvent, ParseError> {
        self.next_event(true)
    }

    /// The next event but text, which is checked and passed over without
    /// being copied: for a reader that ignores the text between elements
    /// (a TMX file's indentation).
    pub fn next_tag(&mut self) -> Result<XmlEvent, ParseError> {
        self.next_event(false)
    }

    fn next_event(&mut self, keep_text: bool) -> Result<XmlEvent, ParseError> {
        if let Some(name) = self.pending_end.take() {
            self.open.pop();
            return Ok(XmlEvent::End(name));
        }
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                // Text is copied once, straight from the buffer; the
                // decoder below has made it UTF-8 whatever the file's
                // encoding.
                Ok(Event::Text(t)) => {
                    let text = match simdutf8::compat::from_utf8(&t) {
                        Ok(s) if self.open.is_empty() && s.trim().is_empty() => continue,
                        Ok(_) if self.open.is_empty() => {
                            Err("text outside the root element".to_string())
                        }
                        Ok(_) if !keep_text => continue,
                        Ok(s) => Ok(s.to_owned()),
                        Err(e) => Err(format!("bad text: {e}")),
                    };
                    return match text {
                        Ok(s) => Ok(XmlEvent::Text(s)),
                        Err(m) => Err(self.error(m)),
                    };
                }
                // An end carries nothing the open stack does not hold (the
                // parser checks that it ends the last open element).
                Ok(Event::End(e)) => {
                    let name = match self.open.pop() {
                        Some((name, _)) => name,
                        None => local(e.local_name().as_ref()).into(),
                    };
                    return Ok(XmlEvent::End(name));
                }
                // An empty element comes as a start, its end next. The
                // tag is copied out of the buffer, in place when short.
                Ok(Event::Start(s)) => {
                    let element = Element::new(&s, &mut self.names);
                    return self.started(element, false);
                }
                Ok(Event::Empty(s)) => {
                    let element = Element::new(&s, &mut self.names);
                    return self.started(element, true);
                }
                Ok(e) => e.into_owned(),
                Err(quick_xml::Error::Io(e)) => {
                    let msg = decode_error_message(&e);
                    let bad = e.get_ref().and_then(|x| x.downcast_ref::<BadChar>());
                    return Err(match bad {
                        Some(bad) => ParseError::new(self.file, Some(bad.line), msg),
                        None => self.error(msg),
                    });
                }
                Err(e) => return Err(self.error(format!("malformed XML: {e}"))),
            };
            match event {
                Event::CData(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| self.error(format!("bad CDATA: {e}")))?
                        .into_owned();
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
                    return Ok(XmlEvent::Text(c.to_string()));
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
                // (Text, tags and ends are read above, before the event is
                // copied.)
                Event::Text(_)
                | Event::Start(_)
                | Event::Empty(_)
                | Event::End(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => {}
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
    /// points resolved, and with the content of each `mrk mtype="seg"`
    /// (XLIFF 1.2 segmentation) apart as well; beside the text, the content
    /// as TMX inline XML, its markup written as `style` says.
    pub fn inline_content(&mut self, codes: &[&str], style: Markup) -> Result<Inline, ParseError> {
        let depth = self.depth();
        let mut out = Inline::default();
        // The code element being read (its depth and, for foreign markup,
        // its XML so far).
        let mut code: Option<(usize, String)> = None;
        let mut seg: Option<(usize, String, Piece)> = None;
        // The open elements: qualified name and what their end writes.
        let mut open: Vec<(String, Close)> = Vec::new();
        let mut pairs = 0usize;
        // Writes to the whole content and to the `mrk` segment being read.
        let piece =
            |out: &mut Inline, seg: &mut Option<(usize, String, Piece)>, f: &dyn Fn(&mut Piece)| {
                f(&mut out.all);
                if let Some((_, _, p)) = seg.as_mut() {
                    f(p);
                }
            };
        loop {
            match self.next()? {
                XmlEvent::Text(t) => match code.as_mut() {
                    Some((_, raw)) => {
                        let escaped = escape(&t);
                        if style == Markup::Foreign {
                            raw.push_str(&escaped);
                        } else {
                            piece(&mut out, &mut seg, &|p| p.push_markup(&escaped));
                        }
                    }
                    None if seg.is_none() => out.all.push_owned(t),
                    None => piece(&mut out, &mut seg, &|p| p.push_text(&t)),
                },
                XmlEvent::Start(e) => {
                    let tag = format!("<{}>", e.raw());
                    if let Some((_, raw)) = code.as_mut() {
                        if style == Markup::Foreign {
                            raw.push_str(&tag);
                        } else {
                            piece(&mut out, &mut seg, &|p| p.push_markup(&tag));
                        }
                        open.push((e.qname(), Close::Verbatim));
                        continue;
                    }
                    let name = e.name();
                    if codes.contains(&name) {
                        code = Some((self.depth(), tag.clone()));
                        if style == Markup::Tmx {
                            piece(&mut out, &mut seg, &|p| p.push_markup(&tag));
                        }
                        open.push((e.qname(), Close::Verbatim));
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
                        // XML cannot hold the characters `cp` is for: the
                        // markup keeps the element itself, as code.
                        let ph = format!("<ph>{}</ph>", escape(&format!("<{}/>", e.raw())));
                        piece(&mut out, &mut seg, &|p| {
                            p.push_markup(&ph);
                            p.text.push(c);
                        });
                        open.push((e.qname(), Close::Silent));
                    } else if name == "mrk"
                        && e.attr("mtype").map_err(|m| self.error(m))?.as_deref() == Some("seg")
                    {
                        let mid = e
                            .attr("mid")
                            .map_err(|m| self.error(m))?
                            .unwrap_or_default();
                        seg = Some((self.depth(), mid, Piece::default()));
                        open.push((e.qname(), Close::Silent));
                    } else if style == Markup::Tmx {
                        piece(&mut out, &mut seg, &|p| p.push_markup(&tag));
                        open.push((e.qname(), Close::Verbatim));
                    } else {
                        pairs += 1;
                        let bpt = format!("<bpt i=\"{pairs}\">{}</bpt>", escape(&tag));
                        piece(&mut out, &mut seg, &|p| p.push_markup(&bpt));
                        let after = out.all.markup.len();
                        let before = after - bpt.len();
                        let raw = e.raw().into_owned();
                        open.push((
                            e.qname(),
                            Close::Pair {
                                i: pairs,
                                raw,
                                before,
                                after,
                            },
                        ));
                    }
                }
                XmlEvent::End(_) => {
                    let now = self.depth();
                    if now < depth {
                        out.all.marked |= out.segs.iter().any(|(_, p)| p.marked);
                        return Ok(out);
                    }
                    let (qname, close) = open.pop().unwrap_or((String::new(), Close::Silent));
                    let end = format!("</{qname}>");
                    let closes_code = code.as_ref().is_some_and(|(d, _)| now < *d);
                    if let Some((_, raw)) = code.as_mut() {
                        if style == Markup::Foreign {
                            raw.push_str(&end);
                            if closes_code {
                                let ph = format!("<ph>{}</ph>", escape(raw));
                                piece(&mut out, &mut seg, &|p| p.push_markup(&ph));
                            }
                        } else {
                            piece(&mut out, &mut seg, &|p| p.push_markup(&end));
                        }
                        if closes_code {
                            code = None;
                        }
                    } else {
                        match close {
                            Close::Silent => {}
                            Close::Verbatim => piece(&mut out, &mut seg, &|p| p.push_markup(&end)),
                            // Nothing inside: one placeholder, not a pair.
                            Close::Pair {
                                raw, before, after, ..
                            } if out.all.markup.len() == after && seg.is_none() => {
                                out.all.markup.truncate(before);
                                let tag = escape(&format!("<{raw}/>"));
                                out.all.markup.push_str(&format!("<ph>{tag}</ph>"));
                            }
                            Close::Pair { i, .. } => {
                                let ept = format!("<ept i=\"{i}\">{}</ept>", escape(&end));
                                piece(&mut out, &mut seg, &|p| p.push_markup(&ept));
                            }
                        }
                    }
                    if seg.as_ref().is_some_and(|(d, _, _)| now < *d) {
                        let (_, mid, p) = seg.take().expect("checked");
                        out.segs.push((mid, p));
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

/// How many element names a reader keeps to hand out again: more than
/// any format shuyu reads uses, few enough to search one by one.
const NAMES_KEPT: usize = 64;

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

fn memchr_count(bytes: &[u8]) -> usize {
    // Lines are long next to a vector: found by search, not byte by byte.
    memchr::memchr_iter(b'\n', bytes).count()
}

/// The root element of a file from its first bytes, which may end in the
/// middle of a character: decoded leniently, for choosing a reader only.
pub(crate) fn root_of_head(head: &[u8]) -> Option<String> {
    let utf16 = |bytes: &[u8], be: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if be {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = match head {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [b'<', 0, ..] => utf16(head, false),
        [0, b'<', ..] => utf16(head, true),
        _ => {
            String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)).into_owned()
        }
    };
    root_name(&text)
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

#[cfg(test)]
mod tests {
    use super::{first_non_xml_char, normalize_line_ends};

    #[test]
    fn line_ends_become_one_newline_across_chunks() {
        let mut after_cr = false;
        let chunks = ["a\r\nb\rc\r", "\nd\r", "", "\r\n", "e"];
        let out: String = chunks
            .iter()
            .map(|c| normalize_line_ends(c.to_string(), &mut after_cr))
            .collect();
        assert_eq!(out, "a\nb\nc\nd\n\ne");
        assert!(!after_cr);
    }

    #[test]
    fn next_tag_passes_over_text_that_next_hands_out() {
        let events = |tags: bool| {
            let xml = b"<a> <b>x</b>\n</a>";
            let mut r = super::XmlReader::from_bytes(xml, None).expect("UTF-8");
            let mut out = Vec::new();
            loop {
                let event = if tags { r.next_tag() } else { r.next() };
                match event.expect("well-formed") {
                    super::XmlEvent::Start(e) => out.push(format!("<{}>", e.name())),
                    super::XmlEvent::End(name) => out.push(format!("</{name}>")),
                    super::XmlEvent::Text(t) => out.push(t),
                    super::XmlEvent::Eof => return out,
                }
            }
        };
        assert_eq!(
            events(false),
            ["<a>", " ", "<b>", "x", "</b>", "\n", "</a>"]
        );
        assert_eq!(events(true), ["<a>", "<b>", "</b>", "</a>"]);
        // Text outside the root is an error either way.
        let mut r = super::XmlReader::from_bytes(b"<a/>junk", None).expect("UTF-8");
        assert!(r.next_tag().is_ok() && r.next_tag().is_ok());
        assert!(r.next_tag().is_err());
    }

    #[test]
    fn only_controls_and_the_two_noncharacters_are_refused() {
        assert_eq!(first_non_xml_char("tab\tnew\nret\r，！\u{FFFD}𝄞"), None);
        assert_eq!(first_non_xml_char("ab\u{1}"), Some(2));
        assert_eq!(first_non_xml_char("，\u{FFFE}"), Some(3));
        assert_eq!(first_non_xml_char("\u{FFFF}"), Some(0));
        // Anywhere in a long text, across the blocks it is read in, after
        // characters that share the refused ones' bytes (，is EF BC 8C,
        // ￠ EF BF A0).
        for n in 0..200 {
            let mixed = "a，￠\t".repeat(n / 8) + &"b".repeat(n % 8);
            for before in [mixed, "b".repeat(n)] {
                for bad in ["\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"] {
                    let text = format!("{before}{bad}，tail");
                    assert_eq!(first_non_xml_char(&text), Some(before.len()), "{text:?}");
                }
                assert_eq!(first_non_xml_char(&format!("{before}\r\n\u{FFFD}")), None);
            }
        }
    }
}
