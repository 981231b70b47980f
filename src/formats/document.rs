//! Monolingual documents for `shuyu lint`: Markdown, HTML, DOCX and plain
//! text, read into the ranges of their text that are prose to check.
//!
//! * **Markdown** (CommonMark with GFM tables and footnotes, by
//!   `pulldown-cmark`): text of paragraphs, headings, lists, tables,
//!   footnotes and link text is prose, and so are the `title` and
//!   `description` of YAML or TOML front matter; code spans, fenced and
//!   indented code, autolinks, link destinations, HTML (comments included)
//!   and the rest of the front matter are not.
//! * **HTML**: text between tags, and the `alt` and `title` attributes and
//!   `<meta name="description">`'s `content`; the content of `code`, `pre`,
//!   `script`, `style` and `textarea`, comments, and every other attribute
//!   are skipped. Character references are read as the characters they
//!   stand for (by `lint`), and inline tags (`<b>`, `<span>`…) do not break
//!   a term: 人工<b>智慧</b> is found.
//! * **DOCX**: the text of each paragraph of `word/document.xml` (runs
//!   joined, `w:tab` as a tab); positions are paragraph numbers.
//! * **Text**: all of it.
//!
//! In Markdown and HTML, `<!-- shuyu-disable-next-line -->` silences the next
//! line and `<!-- shuyu-disable -->` … `<!-- shuyu-enable -->` a region.

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use super::ParseError;

/// Extensions of documents picked up inside folders.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm", "txt", "docx"];

/// A document format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum DocumentFormat {
    /// CommonMark with GFM tables.
    Markdown,
    /// HTML.
    Html,
    /// A Word document (read from a file only: `--as` does not offer it).
    #[cfg_attr(feature = "cli", value(skip))]
    Docx,
    /// Plain text.
    Text,
}

impl DocumentFormat {
    /// The format a file name names: `.md`/`.markdown`, `.html`/`.htm`,
    /// `.docx`, else text.
    pub fn from_path(path: &Path) -> DocumentFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => DocumentFormat::Markdown,
            Some("html" | "htm" | "xhtml") => DocumentFormat::Html,
            Some("docx") => DocumentFormat::Docx,
            _ => DocumentFormat::Text,
        }
    }
}

/// How a text file was encoded, to write it back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8 {
        /// Whether the file starts with a BOM.
        bom: bool,
    },
    /// UTF-16 little-endian with a BOM.
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
}

impl Encoding {
    /// Encodes text back into this encoding.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 { bom } => {
                let mut out = if bom {
                    vec![0xEF, 0xBB, 0xBF]
                } else {
                    Vec::new()
                };
                out.extend_from_slice(text.as_bytes());
                out
            }
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// A document ready to check: its text, the ranges of it that are prose,
/// and the ranges silenced by comments.
#[derive(Clone, Debug)]
pub struct Document {
    /// The text positions refer to: the file itself, or for DOCX its
    /// paragraphs joined by line breaks.
    pub text: String,
    /// The prose, as byte ranges of `text`, in order.
    pub regions: Vec<Range<usize>>,
    /// Byte ranges silenced by `shuyu-disable` comments.
    pub silenced: Vec<Range<usize>>,
    /// The format.
    pub format: DocumentFormat,
    /// The encoding of the file (DOCX: UTF-8, never written back).
    pub encoding: Encoding,
}

impl Document {
    /// Reads a document from its bytes in the given format.
    ///
    /// # Errors
    ///
    /// Bytes that do not decode, or a DOCX that is not a Word document.
    ///
    /// ```
    /// use shuyu::formats::document::{Document, DocumentFormat};
    /// let md = "# 四方安全对话\n\nText with `川普` in code.\n";
    /// let doc = Document::parse(md.as_bytes(), DocumentFormat::Markdown, None)?;
    /// let prose: Vec<&str> = doc.regions.iter().map(|r| &doc.text[r.clone()]).collect();
    /// assert_eq!(prose, ["四方安全对话", "Text with ", " in code."]);
    /// # Ok::<(), shuyu::formats::ParseError>(())
    /// ```
    pub fn parse(
        bytes: &[u8],
        format: DocumentFormat,
        file: Option<&Path>,
    ) -> Result<Document, ParseError> {
        if format == DocumentFormat::Docx {
            let text = docx_text(bytes, file)?;
            let regions = std::iter::once(0..text.len()).collect();
            return Ok(Document {
                text,
                regions,
                silenced: Vec::new(),
                format,
                encoding: Encoding::Utf8 { bom: false },
            });
        }
        let encoding = if bytes.starts_with(b"\xFF\xFE") {
            Encoding::Utf16Le
        } else if bytes.starts_with(b"\xFE\xFF") {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8 {
                bom: bytes.starts_with(b"\xEF\xBB\xBF"),
            }
        };
        let text = super::text_of(bytes, file)?.into_owned();
        let (regions, silenced) = match format {
            DocumentFormat::Markdown => (markdown_regions(&text), silenced(&text)),
            DocumentFormat::Html => (html_regions(&text), silenced(&text)),
            _ => (std::iter::once(0..text.len()).collect(), Vec::new()),
        };
        Ok(Document {
            text,
            regions,
            silenced,
            format,
            encoding,
        })
    }

    /// Reads a document file; the format comes from its name.
    ///
    /// # Errors
    ///
    /// As [`Document::parse`], and when the file cannot be read.
    pub fn read(path: &Path) -> Result<Document, ParseError> {
        let bytes = super::read_file(path)?;
        Document::parse(&bytes, DocumentFormat::from_path(path), Some(path))
    }
}

fn markdown_regions(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut skip = 0usize;
    // For each open link, whether it is an autolink (`<https://…>`), whose
    // text is its address.
    let mut links: Vec<bool> = Vec::new();
    let mut metadata = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            Event::Text(_) if metadata => out.extend(front_matter_values(text, range.clone())),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                links.push(auto);
                skip += usize::from(auto);
            }
            Event::End(TagEnd::Link) => skip -= usize::from(links.pop() == Some(true)),
            // The parser hands text unescaped; what is checked (and fixed) is
            // the source it came from, which is the same but for escapes.
            Event::Text(_) if skip == 0 => out.push(range),
            _ => {}
        }
    }
    out
}

/// The `title` and `description` values of front matter (`title: …` in
/// YAML, `title = "…"` in TOML) within `block`, quotes left out.
fn front_matter_values(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = block.start;
    for line in text[block.clone()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end();
        let Some((key, _)) = body.split_once([':', '=']) else {
            continue;
        };
        if !matches!(key.trim(), "title" | "description") {
            continue;
        }
        let value_start = start + key.len() + 1;
        let value = &text[value_start..start + body.len()];
        let lead = value.len() - value.trim_start().len();
        let value = value.trim();
        let quoted = value.len() >= 2
            && (value.starts_with('"') && value.ends_with('"')
                || value.starts_with('\'') && value.ends_with('\''));
        let (from, len) = if quoted {
            (value_start + lead + 1, value.len() - 2)
        } else {
            (value_start + lead, value.len())
        };
        if len > 0 {
            out.push(from..from + len);
        }
    }
    out
}

/// The values of a tag's attributes that are prose: `alt` and `title`, and
/// `content` of `<meta name="description">`.
fn attribute_values(text: &str, tag: Range<usize>, name: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut description = false;
    let mut content = None;
    let bytes = text.as_bytes();
    let mut i = tag.start + name.len();
    while i < tag.end {
        // An attribute name, `=`, then a quoted value.
        while i < tag.end && !bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let name_start = i;
        while i < tag.end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let attr = text[name_start..i].to_ascii_lowercase();
        while i < tag.end && bytes[i] == b' ' {
            i += 1;
        }
        if i >= tag.end || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < tag.end && bytes[i] == b' ' {
            i += 1;
        }
        let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) else {
            continue;
        };
        let value_start = i + 1;
        let Some(len) = text[value_start..tag.end].find(char::from(quote)) else {
            break;
        };
        let value = value_start..value_start + len;
        i = value.end + 1;
        match attr.as_str() {
            "alt" | "title" if !value.is_empty() => out.push(value),
            "name" => description = text[value].eq_ignore_ascii_case("description"),
            "content" => content = Some(value),
            _ => {}
        }
    }
    if name == "meta" && description {
        out.extend(content.filter(|v| !v.is_empty()));
    }
    out
}

fn html_regions(text: &str) -> Vec<Range<usize>> {
    const RAW: &[&str] = &["script", "style", "code", "pre", "textarea"];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let mut skip_until: Option<String> = None;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if skip_until.is_none() && text_start < i {
            out.push(text_start..i);
        }
        let rest = &text[i..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(text.len(), |e| i + e + 3)
        } else {
            // A tag: up to its `>`, outside quoted attribute values.
            let mut quote = None;
            let mut j = i + 1;
            while j < bytes.len() {
                match (quote, bytes[j]) {
                    (None, b'"' | b'\'') => quote = Some(bytes[j]),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            let tag = &text[i + 1..j.min(text.len())];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if skip_until.is_none() && !tag.starts_with('/') {
                out.extend(attribute_values(text, i + 1..j.min(text.len()), &name));
            }
            match &skip_until {
                Some(open) if tag.starts_with('/') && *open == name => skip_until = None,
                None if RAW.contains(&name.as_str())
                    && !tag.starts_with('/')
                    && !tag.ends_with('/') =>
                {
                    skip_until = Some(name)
                }
                _ => {}
            }
            (j + 1).min(text.len())
        };
        i = end;
        text_start = end;
    }
    if skip_until.is_none() && text_start < text.len() {
        out.push(text_start..text.len());
    }
    out
}

/// The byte ranges `shuyu-disable` comments silence.
fn silenced(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = 0;
    while let Some(found) = text[at..].find("<!--") {
        let start = at + found;
        // The comment's end is searched after its opening: in `<!-->` the
        // `--` of the opening is no closing.
        let Some(close) = text[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        match text[start + 4..end - 3].trim() {
            "shuyu-disable-next-line" => {
                let next = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                let next_end = text[next..].find('\n').map_or(text.len(), |n| next + n);
                out.push(next..next_end);
            }
            "shuyu-disable" if open.is_none() => open = Some(end),
            "shuyu-enable" => {
                if let Some(from) = open.take() {
                    out.push(from..start);
                }
            }
            _ => {}
        }
        at = end;
    }
    if let Some(from) = open {
        out.push(from..text.len());
    }
    out
}

/// The paragraphs of a Word document, joined by line breaks.
fn docx_text(bytes: &[u8], file: Option<&Path>) -> Result<String, ParseError> {
    let err = |msg: String| ParseError::new(file, None, msg);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| err(format!("not a Word document (.docx is a zip archive): {e}")))?;
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|_| err("not a Word document: no word/document.xml inside".into()))?;
    // A zip bomb (a few MB inflating to gigabytes) is refused, not
    // inflated: the part may grow to 100 times its compressed size, and at
    // least to 64 MiB, but never past 1 GiB.
    let limit = (entry.compressed_size().saturating_mul(100)).clamp(64 << 20, 1 << 30);
    let mut xml = Vec::new();
    (&mut entry)
        .take(limit + 1)
        .read_to_end(&mut xml)
        .map_err(|e| err(format!("cannot unpack word/document.xml: {e}")))?;
    if xml.len() as u64 > limit {
        return Err(err(format!(
            "word/document.xml inflates past {} MiB from {} KiB: refused as a zip bomb",
            limit >> 20,
            entry.compressed_size() >> 10
        )));
    }
    let mut r = super::xml::XmlReader::from_bytes(&xml, file)
        .map_err(|e| err(format!("word/document.xml: {}", e.message())))?;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut in_text = false;
    loop {
        match r
            .next()
            .map_err(|e| err(format!("word/document.xml: {}", e.message())))?
        {
            super::xml::XmlEvent::Eof => break,
            super::xml::XmlEvent::Start(e) => match e.name() {
                "p" => paragraphs.push(String::new()),
                "t" => in_text = true,
                "tab" => {
                    if let Some(p) = paragraphs.last_mut() {
                        p.push('\t');
                    }
                }
                _ => {}
            },
            super::xml::XmlEvent::End(name) if &*name == "t" => in_text = false,
            super::xml::XmlEvent::Text(t) if in_text => {
                if let Some(p) = paragraphs.last_mut() {
                    // A paragraph's own line breaks would shift the numbers.
                    p.push_str(&t.replace('\n', " "));
                }
            }
            _ => {}
        }
    }
    Ok(paragraphs.join("\n"))
}
