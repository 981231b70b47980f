//! Bilingual files as segments: TMX, XLIFF 1.2 and 2.x, and TSV, read into
//! one model, [`Segment`], with inline markup removed.
//!
//! The format is told by content (the root element, or text for TSV), not by
//! the extension. Languages come from the file and may be overridden: in a
//! TMX with several target languages, [`Langs::target`] picks one.

use std::path::Path;

use serde::Serialize;

use super::{read_file, tmx, tsv, xliff, ParseError};

/// One translation unit (or one segment of it): source and target text as
/// the readers see it, inline markup removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The id as in the file: TMX `tuid` (else the 1-based position), XLIFF
    /// unit id, with `#` and the segment id when a unit has several.
    pub id: String,
    /// The source text.
    pub source: String,
    /// The target text, `None` when the unit has none.
    pub target: Option<String>,
    /// The source language tag as the file writes it.
    pub source_lang: Option<String>,
    /// The target language tag as the file writes it.
    pub target_lang: Option<String>,
    /// The source as TMX 1.4b inline XML, when it has inline markup: TMX
    /// codes as written, XLIFF codes as `bpt`/`ept`/`ph` holding the XLIFF
    /// tags. `None` when the source is plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_markup: Option<String>,
    /// The target as TMX inline XML, when it has inline markup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_markup: Option<String>,
    /// The 1-based line where the unit starts.
    #[serde(skip)]
    pub line: usize,
}

/// Language overrides (`--source-lang`, `--target-lang`); for TSV, which has
/// no languages of its own, they are the languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Langs {
    /// The source language to use.
    pub source: Option<String>,
    /// The target language to use (in TMX, which `tuv` is the target).
    pub target: Option<String>,
}

/// A bilingual file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitextFormat {
    /// TMX 1.1–1.4b.
    Tmx,
    /// XLIFF 1.0–1.2 and 2.0–2.2.
    Xliff,
    /// `id<TAB>source<TAB>target` lines.
    Tsv,
}

impl BitextFormat {
    /// The format the bytes hold: the root element of XML, or TSV.
    ///
    /// # Errors
    ///
    /// XML whose root is neither `tmx` nor `xliff`.
    pub fn sniff(bytes: &[u8], file: Option<&Path>) -> Result<BitextFormat, ParseError> {
        // The head is enough, decoded leniently: the reader chosen decodes
        // the file strictly and reports any bad byte with its offset.
        let head = &bytes[..bytes.len().min(HEAD)];
        let utf16 = [&b"\xFF\xFE"[..], b"\xFE\xFF", b"<\0", b"\0<"]
            .iter()
            .any(|p| head.starts_with(p));
        let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = String::from_utf8_lossy(&start[..start.len().min(1024)]);
        if !utf16 && !start.trim_start().starts_with('<') {
            return Ok(BitextFormat::Tsv);
        }
        match super::xml::root_of_head(head) {
            Some(root) if root == "tmx" => Ok(BitextFormat::Tmx),
            Some(root) if root == "xliff" => Ok(BitextFormat::Xliff),
            Some(root) => Err(ParseError::new(
                file,
                None,
                format!("not a bilingual file: the root element is <{root}> (shuyu reads TMX, XLIFF and TSV)"),
            )),
            None => Err(ParseError::new(file, None, "XML without a root element in its first 64 KiB")),
        }
    }
}

/// How much of a file [`BitextFormat::sniff`] looks at.
const HEAD: usize = 64 * 1024;

/// Reads a bilingual file's bytes.
///
/// # Errors
///
/// When the file is not well-formed TMX, XLIFF or TSV; the error names the
/// file and the line.
pub fn parse(bytes: &[u8], file: Option<&Path>, langs: &Langs) -> Result<Vec<Segment>, ParseError> {
    match BitextFormat::sniff(bytes, file)? {
        BitextFormat::Tmx => tmx::parse(bytes, file, langs),
        BitextFormat::Xliff => xliff::parse(bytes, file, langs),
        BitextFormat::Tsv => tsv::parse_bitext(&super::text_of(bytes, file)?, file, langs),
    }
}

/// Reads a bilingual file.
///
/// # Errors
///
/// As [`parse`], and when the file cannot be read.
pub fn read(path: &Path, langs: &Langs) -> Result<Vec<Segment>, ParseError> {
    // The format from the head of the file; TMX and XLIFF are then parsed
    // as they are read, never held whole.
    let mut head = Vec::new();
    if path.is_file() {
        use std::io::Read;
        let fail =
            |e: std::io::Error| ParseError::new(Some(path), None, format!("cannot read: {e}"));
        let file = std::fs::File::open(path).map_err(fail)?;
        file.take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(fail)?;
    }
    match BitextFormat::sniff(&head, Some(path))? {
        BitextFormat::Tmx => tmx::read(path, langs),
        BitextFormat::Xliff => xliff::read(path, langs),
        // TSV, or no file to read (missing, a folder, empty): the whole-file
        // path reads it or says why not.
        BitextFormat::Tsv => parse(&read_file(path)?, Some(path), langs),
    }
}

/// Whether two language tags name the same language and region, compared
/// the way files write them loosely (`zh_CN` is `zh-cn`).
pub(crate) fn same_tag(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_ascii_lowercase().replace('_', "-");
    norm(a) == norm(b)
}

/// Extensions of bilingual files picked up inside folders (files named
/// directly are read whatever their name).
pub const EXTENSIONS: &[&str] = &[
    "tmx", "xlf", "xliff", "sdlxliff", "mqxliff", "mxliff", "txlf", "tsv",
];

/// The files to read: each file named, and the bilingual files (by
/// [`EXTENSIONS`]) under each folder named, recursively, sorted by path.
///
/// # Errors
///
/// A path that does not exist or a folder that cannot be read.
pub fn collect_files(paths: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, ParseError> {
    super::collect_files(paths, EXTENSIONS)
}
