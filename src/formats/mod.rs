//! Readers and writers of the file formats shuyu works with.
//!
//! Glossaries come as TBX ([`tbx`]), TSV or CSV ([`tsv`]) and shuyu's own
//! reviewable text format ([`terms`]); [`read_glossary`] tells them apart by
//! content. Bilingual files — TMX ([`tmx`]), XLIFF ([`xliff`]) and TSV — are
//! read as [`bitext::Segment`]s by [`bitext::read`]. Every reader reports a bad file as a [`ParseError`] that names the
//! file and the line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::glossary::Glossary;

pub mod bitext;
pub mod document;
pub mod files;
pub mod tbx;
pub mod terms;
pub mod tmx;
pub mod tsv;
pub mod xliff;
pub(crate) mod xml;

/// A file that could not be read: which file, which line, what is wrong.
/// When the cause was the file system, [`ParseError::kind`] says which
/// (`NotFound`, `PermissionDenied`…) and the `io::Error` is its
/// [`source`](std::error::Error::source).
///
/// ```
/// use shuyu::formats::{read_glossary, ParseErrorKind};
/// let e = read_glossary("no/such/glossary.tbx".as_ref()).unwrap_err();
/// assert_eq!(e.kind(), ParseErrorKind::Io(std::io::ErrorKind::NotFound));
/// assert!(e.to_string().starts_with("no/such/glossary.tbx: cannot read: "));
/// ```
#[derive(Clone, Debug)]
pub struct ParseError {
    file: Option<PathBuf>,
    line: Option<usize>,
    message: String,
    io: Option<std::sync::Arc<std::io::Error>>,
}

/// What kind of failure a [`ParseError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The file could not be read.
    Io(std::io::ErrorKind),
    /// The content is not well-formed: bad bytes, bad syntax, an unknown
    /// language or status.
    Invalid,
}

impl ParseError {
    pub(crate) fn new(
        file: Option<&Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> ParseError {
        ParseError {
            file: file.map(Path::to_path_buf),
            line,
            message: message.into(),
            io: None,
        }
    }

    /// A path named that does not exist: an error of kind
    /// `Io(NotFound)`, said plainly.
    pub(crate) fn missing(file: &Path) -> ParseError {
        ParseError {
            io: Some(std::sync::Arc::new(std::io::ErrorKind::NotFound.into())),
            ..ParseError::new(Some(file), None, "no such file or folder")
        }
    }

    /// An error of the file system while reading `file`; `doing` says what
    /// was being done (`cannot read`, `cannot read folder`).
    pub(crate) fn io(file: &Path, doing: &str, e: std::io::Error) -> ParseError {
        ParseError {
            file: Some(file.to_path_buf()),
            line: None,
            message: format!("{doing}: {e}"),
            io: Some(std::sync::Arc::new(e)),
        }
    }

    /// The file, when the input came from one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the file system failed, and how, or the content is invalid.
    pub fn kind(&self) -> ParseErrorKind {
        match &self.io {
            Some(e) => ParseErrorKind::Io(e.kind()),
            None => ParseErrorKind::Invalid,
        }
    }
}

impl PartialEq for ParseError {
    fn eq(&self, other: &ParseError) -> bool {
        (&self.file, self.line, &self.message, self.kind())
            == (&other.file, other.line, &other.message, other.kind())
    }
}

impl Eq for ParseError {}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{line}: {}", file.display(), self.message),
            (Some(file), None) => write!(f, "{}: {}", file.display(), self.message),
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What a reader changed in a file's content to read it, for the user to
/// know: never an error, never silent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A concept had the id of an earlier one and was given another.
    DuplicateId {
        /// The id as the file wrote it.
        written: String,
        /// The id the concept was given (`1~2`).
        given: String,
        /// The 1-based line of the concept's entry.
        line: usize,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::DuplicateId { written, given, .. } => write!(
                f,
                "a second concept has the id {written:?}; read as {given:?} (`shuyu validate` reports it as duplicate-concept)"
            ),
        }
    }
}

impl Notice {
    /// The 1-based line it concerns.
    pub fn line(&self) -> usize {
        match self {
            Notice::DuplicateId { line, .. } => *line,
        }
    }
}

/// What a user should be told after reading the glossary at `path`: each
/// [`Notice`] (`FILE:LINE: …`) and, once, how many terms in other languages
/// were kept but are not used for matching.
///
/// ```
/// use shuyu::formats::{glossary_notes, tbx};
/// let tbx = r#"<martif><text><body><termEntry id="q">
///   <langSet xml:lang="en"><tig><term>Quad</term></tig></langSet>
///   <langSet xml:lang="fr"><tig><term>Quad</term></tig></langSet>
/// </termEntry></body></text></martif>"#;
/// let (g, notices) = tbx::parse_noting(tbx.as_bytes(), None)?;
/// let notes = glossary_notes("g.tbx".as_ref(), &g, &notices);
/// assert_eq!(notes, ["g.tbx: 1 term in other languages (fr) kept but not used"]);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn glossary_notes(path: &Path, glossary: &Glossary, notices: &[Notice]) -> Vec<String> {
    let mut notes: Vec<String> = notices
        .iter()
        .map(|n| format!("{}:{}: {n}", path.display(), n.line()))
        .collect();
    let others = glossary.other_term_count();
    if others > 0 {
        let mut langs: Vec<&str> = Vec::new();
        for t in glossary.concepts.iter().flat_map(|c| &c.other_terms) {
            if !langs.contains(&t.lang.as_str()) {
                langs.push(&t.lang);
            }
        }
        notes.push(format!(
            "{}: {others} term{} in other languages ({}) kept but not used",
            path.display(),
            if others == 1 { "" } else { "s" },
            langs.join(", ")
        ));
    }
    notes
}

/// A glossary file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// TBX, any version (TBX-Basic, TBX 2008, TBX v3).
    Tbx,
    /// Tab- or comma-separated values with a header row.
    Tsv,
    /// shuyu's reviewable text format, as in `glossary/`.
    Terms,
}

impl GlossaryFormat {
    /// The format a file name's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<GlossaryFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tbx" | "xml" => Some(GlossaryFormat::Tbx),
            "tsv" | "csv" | "tab" | "txt" => Some(GlossaryFormat::Tsv),
            "terms" => Some(GlossaryFormat::Terms),
            _ => None,
        }
    }

    /// The format the content looks like: XML is TBX, a first `[id]` line
    /// is the terms format, anything else is TSV/CSV.
    pub fn sniff(bytes: &[u8]) -> GlossaryFormat {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return GlossaryFormat::Tbx;
        }
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            Some(l) if l.starts_with('<') => GlossaryFormat::Tbx,
            Some(l) if l.starts_with('[') && l.ends_with(']') => GlossaryFormat::Terms,
            _ => GlossaryFormat::Tsv,
        }
    }
}

/// Reads a glossary from bytes in the given format; `file` names it in
/// errors.
///
/// # Errors
///
/// When the bytes are not a well-formed glossary of that format.
pub fn parse_glossary(
    bytes: &[u8],
    format: GlossaryFormat,
    file: Option<&Path>,
) -> Result<Glossary, ParseError> {
    match format {
        GlossaryFormat::Tbx => tbx::parse(bytes, file),
        GlossaryFormat::Tsv => tsv::parse(&text_of(bytes, file)?, file),
        GlossaryFormat::Terms => terms::parse(&text_of(bytes, file)?, file),
    }
}

/// Reads a glossary file, TBX, TSV/CSV or terms, detected by content (the
/// extension only decides between look-alikes).
///
/// # Errors
///
/// When the file cannot be read or is not a well-formed glossary.
pub fn read_glossary(path: &Path) -> Result<Glossary, ParseError> {
    read_glossary_bytes(&read_file(path)?, path)
}

/// Reads a glossary file's bytes as [`read_glossary`] does.
///
/// # Errors
///
/// When the bytes are not a well-formed glossary.
pub fn read_glossary_bytes(bytes: &[u8], path: &Path) -> Result<Glossary, ParseError> {
    read_glossary_noting(bytes, path).map(|(g, _)| g)
}

/// Reads a glossary file's bytes as [`read_glossary`] does, with the
/// [`Notice`]s of what the reader changed to read it.
///
/// # Errors
///
/// When the bytes are not a well-formed glossary.
pub fn read_glossary_noting(
    bytes: &[u8],
    path: &Path,
) -> Result<(Glossary, Vec<Notice>), ParseError> {
    let sniffed = GlossaryFormat::sniff(bytes);
    let format = match GlossaryFormat::from_extension(path) {
        // A .txt or .csv that holds XML or terms is read as what it holds.
        Some(GlossaryFormat::Tsv) | None => sniffed,
        Some(ext) if sniffed == GlossaryFormat::Tbx || ext == GlossaryFormat::Tbx => sniffed,
        Some(ext) => ext,
    };
    match format {
        GlossaryFormat::Tbx => tbx::parse_noting(bytes, Some(path)),
        other => parse_glossary(bytes, other, Some(path)).map(|g| (g, Vec::new())),
    }
}

/// Reads a whole file that must not be empty (a glossary, a bilingual
/// file), with errors that name it.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, ParseError> {
    let bytes = read_all(open(path)?, path)?;
    if bytes.is_empty() {
        return Err(ParseError::new(Some(path), None, "the file is empty"));
    }
    Ok(bytes)
}

/// Reads a whole file, empty or not (an empty text is a document with no
/// terms), with errors that name it: a large regular file is mapped.
#[cfg(feature = "cli")]
pub(crate) fn read_bytes(path: &Path) -> Result<Contents, ParseError> {
    let file = open(path)?;
    if file.len >= MAP_FROM {
        // Safety: the map is read-only and private; what another process
        // does to the file meanwhile is the risk every mapping reader
        // (ripgrep, git) takes, and is documented (README, "Limits").
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file.file) } {
            return Ok(Contents::Mapped(map));
        }
    }
    read_all(file, path).map(Contents::Read)
}

fn read_all(mut file: Limited<std::fs::File>, path: &Path) -> Result<Vec<u8>, ParseError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| ParseError::io(path, "cannot read", e))?;
    Ok(bytes)
}

/// Files this large or larger are mapped, not read: no copy, and the
/// threads that scan a text fault its pages in themselves. Smaller ones are
/// cheaper to read.
#[cfg(feature = "cli")]
const MAP_FROM: u64 = 4 << 20;

/// A whole input file's bytes, read or mapped (see [`read_bytes`]).
#[cfg(feature = "cli")]
pub(crate) enum Contents {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

#[cfg(feature = "cli")]
impl std::ops::Deref for Contents {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Contents::Read(bytes) => bytes,
            Contents::Mapped(map) => map,
        }
    }
}

/// The largest input file read, 1 GiB unless the command line says
/// otherwise (`--max-file-size`): a file past it (or a device that never
/// ends, such as `/dev/zero`) is an error, not a read without end.
static MAX_FILE_SIZE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1 << 30);

/// Sets the largest input file read (see [`MAX_FILE_SIZE`]).
#[cfg(feature = "cli")]
pub(crate) fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// An input file opened for reading: refused at once when it is a folder
/// or larger than the limit, and failing as it is read when a file that
/// does not say its size (a device, a pipe) goes past it.
pub(crate) fn open(path: &Path) -> Result<Limited<std::fs::File>, ParseError> {
    let limit = MAX_FILE_SIZE.load(std::sync::atomic::Ordering::Relaxed);
    let file = std::fs::File::open(path).map_err(|e| ParseError::io(path, "cannot read", e))?;
    let meta = file
        .metadata()
        .map_err(|e| ParseError::io(path, "cannot read", e))?;
    if meta.is_dir() {
        return Err(ParseError::new(
            Some(path),
            None,
            "is a directory, not a file",
        ));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ParseError::new(
            Some(path),
            None,
            too_large(meta.len(), limit),
        ));
    }
    let mut limited = Limited::new(file);
    if meta.is_file() {
        limited.len = meta.len();
    }
    Ok(limited)
}

/// The name errors give standard input.
#[cfg(feature = "cli")]
pub(crate) const STDIN: &str = "<stdin>";

/// Standard input, read whole up to the limit (see [`MAX_FILE_SIZE`]).
#[cfg(feature = "cli")]
pub(crate) fn read_stdin() -> Result<Vec<u8>, ParseError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    Limited::new(std::io::stdin().lock())
        .read_to_end(&mut bytes)
        .map_err(|e| ParseError::io(Path::new(STDIN), "cannot read", e))?;
    Ok(bytes)
}

fn too_large(len: u64, limit: u64) -> String {
    format!(
        "{} is larger than the largest file shuyu reads ({} MiB; --max-file-size raises it)",
        if len > limit {
            format!("the file ({} MiB)", len >> 20)
        } else {
            "the input".to_string()
        },
        limit >> 20
    )
}

/// An input read up to the limit (see [`open`]).
pub(crate) struct Limited<R> {
    file: R,
    left: u64,
    limit: u64,
    /// The file's size when it says it (a regular file), else 0.
    len: u64,
}

impl<R> Limited<R> {
    fn new(file: R) -> Limited<R> {
        let limit = MAX_FILE_SIZE.load(std::sync::atomic::Ordering::Relaxed);
        Limited {
            file,
            left: limit,
            limit,
            len: 0,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte past the limit tells a file that ends there from one
        // that goes on.
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.file.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(too_large(0, self.limit)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Decodes a text (non-XML) file: UTF-8 with or without BOM, or UTF-16 with
/// a BOM. Nothing else changes: line ends and every character stay as they
/// are, so `lint --fix` can write the text back byte for byte.
pub(crate) fn text_of<'a>(
    bytes: &'a [u8],
    file: Option<&Path>,
) -> Result<std::borrow::Cow<'a, str>, ParseError> {
    let err = |at: usize, msg: String| {
        let line = 1 + bytes[..at.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        ParseError::new(file, Some(line), msg)
    };
    let utf16 = |read: fn([u8; 2]) -> u16| {
        let body = &bytes[2..];
        if !body.len().is_multiple_of(2) {
            let at = bytes.len() - 1;
            return Err(err(
                at,
                format!("UTF-16 file ends in half a character at byte offset {at}"),
            ));
        }
        let mut out = String::with_capacity(body.len());
        let mut at = 2;
        for c in char::decode_utf16(body.chunks_exact(2).map(|p| read([p[0], p[1]]))) {
            let c = c.map_err(|_| {
                err(
                    at,
                    format!("invalid UTF-16 (unpaired surrogate) at byte offset {at}"),
                )
            })?;
            at += c.len_utf16() * 2;
            out.push(c);
        }
        Ok(std::borrow::Cow::Owned(out))
    };
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(u16::from_le_bytes);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(u16::from_be_bytes);
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes[bom..]) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    // Invalid: std's validation says where.
    std::str::from_utf8(&bytes[bom..])
        .map(std::borrow::Cow::Borrowed)
        .map_err(|e| {
            let at = bom + e.valid_up_to();
            err(at, format!("invalid UTF-8 at byte offset {at}"))
        })
}

/// Decodes a text document (UTF-8 with or without BOM, UTF-16 with BOM)
/// into an owned string.
///
/// # Errors
///
/// On invalid bytes, naming the file, line and byte offset.
pub(crate) fn decode_text(bytes: &[u8], file: Option<&Path>) -> Result<String, ParseError> {
    text_of(bytes, file).map(std::borrow::Cow::into_owned)
}
