//! Bilingual files as segments: TMX, XLIFF 1.2 and 2.x, and TSV, read into
//! one model, [`Segment`], with inline markup removed.
//!
//! The format is told by content (the root element, or text for TSV), not by
//! the extension. Languages come from the file and may be overridden: in a
//! TMX with several target languages, [`Langs::target`] picks one.

use std::path::Path;

use serde::Serialize;

use super::xml::XmlReader;
use super::{read_file, tmx, xliff, ParseError};

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
    /// The translation's state as the file records it: XLIFF 1.2
    /// `target/@state` (`translated`, `needs-review-translation`…) or
    /// XLIFF 2 `segment/@state` (`initial`, `translated`, `reviewed`,
    /// `final`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// XLIFF 1.2 `trans-unit/@approved`, when the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<bool>,
    /// The 1-based line where the unit starts.
    #[serde(skip)]
    pub line: usize,
}

impl Segment {
    /// A segment with these id, source and target and nothing else known
    /// (no languages, markup, state or line).
    ///
    /// ```
    /// let seg = shuyu::formats::bitext::Segment::new("1", "the Quad", Some("四方"))
    ///     .with_langs("en", "zh-CN");
    /// assert_eq!(seg.target_lang.as_deref(), Some("zh-CN"));
    /// ```
    pub fn new(id: &str, source: &str, target: Option<&str>) -> Segment {
        Segment {
            id: id.to_string(),
            source: source.to_string(),
            target: target.map(str::to_string),
            ..Segment::default()
        }
    }

    /// The same segment with these source and target languages.
    pub fn with_langs(mut self, source: &str, target: &str) -> Segment {
        self.source_lang = Some(source.to_string());
        self.target_lang = Some(target.to_string());
        self
    }

    /// Whether the segment is untranslated: no target, or one with nothing
    /// but whitespace.
    pub fn is_untranslated(&self) -> bool {
        self.target.as_deref().is_none_or(|t| t.trim().is_empty())
    }
}

/// What a reader made of a file: the segments it could read, and the units
/// it could not turn into segments, each with the reason. Nothing a file
/// holds is dropped without being counted here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitext {
    /// The segments, in file order.
    pub segments: Vec<Segment>,
    /// The units that gave no segment, in file order.
    pub skipped: Vec<Skipped>,
}

impl Bitext {
    /// Units read: segments and skipped units.
    pub fn units(&self) -> usize {
        self.segments.len() + self.skipped.len()
    }
}

/// What a reader fills as it reads: the units so far, handed on in blocks
/// when the file is read in blocks (see [`read_in_blocks`]), else kept
/// whole.
pub(crate) struct Units<'a> {
    pub(crate) read: Bitext,
    hand_on: Option<(usize, &'a mut dyn FnMut(Bitext))>,
}

impl<'a> Units<'a> {
    /// Every unit a reader puts in, kept whole.
    pub(crate) fn whole(
        reader: impl FnOnce(&mut Units<'_>) -> Result<(), ParseError>,
    ) -> Result<Bitext, ParseError> {
        let mut units = Units {
            read: Bitext::default(),
            hand_on: None,
        };
        reader(&mut units)?;
        Ok(units.read)
    }

    /// Units handed to `each` in blocks of `block` segments.
    fn in_blocks(block: usize, each: &'a mut dyn FnMut(Bitext)) -> Units<'a> {
        Units {
            read: Bitext::default(),
            hand_on: Some((block.max(1), each)),
        }
    }

    /// Called after each unit: a full block is handed on.
    pub(crate) fn unit_done(&mut self) {
        if let Some((block, each)) = &mut self.hand_on {
            if self.read.segments.len() >= *block {
                each(std::mem::take(&mut self.read));
            }
        }
    }

    /// The units not handed on yet, handed on.
    fn finish(mut self) {
        if let Some((_, each)) = self.hand_on.take() {
            let rest = std::mem::take(&mut self.read);
            if rest.units() > 0 {
                each(rest);
            }
        }
    }
}

/// A unit that gave no segment (or a segment that a command could not
/// use), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The unit's id, as a segment would have it.
    pub id: String,
    /// The 1-based line where the unit starts (0 when unknown).
    pub line: usize,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Why a unit was skipped: each reason says what would let it be used.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// The unit has no source text (XLIFF without `<source>`, TMX `tu`
    /// without `tuv`).
    NoSource,
    /// TMX: no `tuv` of the unit is in the source language.
    NoSourceVariant(String),
    /// No target text, or an empty source or target: nothing to store in a
    /// translation memory.
    Empty,
    /// Neither the file nor `--source-lang` says the source language.
    NoSourceLanguage,
    /// Neither the file nor `--target-lang` says the target language.
    NoTargetLanguage,
    /// The glossary has no terms in one of the segment's languages.
    Languages {
        /// The source language tag.
        source: String,
        /// The target language tag.
        target: String,
    },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::NoSource => f.write_str("no source text"),
            SkipReason::NoSourceVariant(lang) => {
                write!(
                    f,
                    "no <tuv> in the source language {lang}; give --source-lang"
                )
            }
            SkipReason::Empty => f.write_str("no target, or an empty source or target"),
            SkipReason::NoSourceLanguage => f.write_str("no source language; give --source-lang"),
            SkipReason::NoTargetLanguage => f.write_str("no target language; give --target-lang"),
            SkipReason::Languages { source, target } => write!(
                f,
                "{source}→{target}: the glossary has terms in en, zh-CN and zh-TW only"
            ),
        }
    }
}

/// Units read, checked and skipped (by reason) over a run: what every
/// command that reads bilingual files reports, so that a run that could use
/// nothing says so.
///
/// ```
/// use shuyu::formats::bitext::{SkipReason, Tally};
/// let mut t = Tally::default();
/// t.used(2);
/// t.skip(&SkipReason::NoTargetLanguage);
/// assert_eq!(t.line(), "3 units read, 2 used, 1 skipped (1: no target language; give --target-lang)");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Units read.
    pub read: usize,
    /// Units used (checked, imported, shown).
    pub used: usize,
    /// Units skipped, by reason, most frequent first once
    /// [`Tally::line`] asks.
    pub skipped: Vec<(SkipReason, usize)>,
}

impl Tally {
    /// Counts `n` units read and used.
    pub fn used(&mut self, n: usize) {
        self.read += n;
        self.used += n;
    }

    /// Counts a unit read and skipped.
    pub fn skip(&mut self, reason: &SkipReason) {
        self.read += 1;
        match self.skipped.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((reason.clone(), 1)),
        }
    }

    /// Counts in another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.read += other.read;
        self.used += other.used;
        for (reason, n) in &other.skipped {
            match self.skipped.iter_mut().find(|(r, _)| r == reason) {
                Some((_, m)) => *m += n,
                None => self.skipped.push((reason.clone(), *n)),
            }
        }
    }

    /// Units skipped, all reasons.
    pub fn skipped_count(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    /// `N units read, M used, K skipped (k1: reason; k2: reason)`, with the
    /// word for "used" a command chooses through [`Tally::line_as`].
    pub fn line(&self) -> String {
        self.line_as("used")
    }

    /// [`Tally::line`] with another word for "used" (`checked`, `added`).
    pub fn line_as(&self, used: &str) -> String {
        let mut line = format!(
            "{} unit{} read, {} {used}",
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.used
        );
        let skipped = self.skipped_count();
        if skipped == 0 {
            return line;
        }
        // Language pairs the glossary lacks are one reason, its pairs listed
        // most frequent first (a corpus can have dozens).
        let mut reasons: Vec<(String, usize)> = Vec::new();
        let mut pairs: Vec<(String, usize)> = Vec::new();
        for (reason, n) in &self.skipped {
            match reason {
                SkipReason::Languages { source, target } => {
                    pairs.push((format!("{source}→{target}"), *n))
                }
                other => reasons.push((other.to_string(), *n)),
            }
        }
        if !pairs.is_empty() {
            pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            const SHOWN: usize = 6;
            let mut listed: Vec<String> = pairs
                .iter()
                .take(SHOWN)
                .map(|(p, n)| format!("{p} {n}"))
                .collect();
            if pairs.len() > SHOWN {
                listed.push(format!("{} more pairs", pairs.len() - SHOWN));
            }
            let total = pairs.iter().map(|(_, n)| n).sum();
            reasons.push((
                format!(
                    "languages the glossary has no terms in, only en, zh-CN and zh-TW ({})",
                    listed.join(", ")
                ),
                total,
            ));
        }
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{n}: {r}")).collect();
        line.push_str(&format!(", {skipped} skipped ({})", reasons.join("; ")));
        line
    }
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
pub fn parse(bytes: &[u8], file: Option<&Path>, langs: &Langs) -> Result<Bitext, ParseError> {
    match BitextFormat::sniff(bytes, file)? {
        BitextFormat::Tmx => tmx::parse(bytes, file, langs),
        BitextFormat::Xliff => xliff::parse(bytes, file, langs),
        BitextFormat::Tsv => parse_tsv(&super::text_of(bytes, file)?, file, langs),
    }
}

/// Reads a bilingual file.
///
/// # Errors
///
/// As [`parse`], and when the file cannot be read.
pub fn read(path: &Path, langs: &Langs) -> Result<Bitext, ParseError> {
    Units::whole(|units| read_into(path, langs, units))
}

/// Reads a bilingual file as [`read`] does, handing its units to `each`
/// in file order, in blocks of `block` segments (with the units skipped
/// among them) as they are read: a caller can work on one block while the
/// next is read. The error, if any, comes after the blocks read before
/// it; a caller that must not act on part of a file holds them until the
/// end.
///
/// # Errors
///
/// As [`read`].
pub fn read_in_blocks(
    path: &Path,
    langs: &Langs,
    block: usize,
    each: &mut dyn FnMut(Bitext),
) -> Result<(), ParseError> {
    let mut units = Units::in_blocks(block, each);
    read_into(path, langs, &mut units)?;
    units.finish();
    Ok(())
}

fn read_into(path: &Path, langs: &Langs, units: &mut Units<'_>) -> Result<(), ParseError> {
    // The format from the head of the file; TMX and XLIFF are then parsed
    // as they are read, never held whole.
    let mut head = Vec::new();
    if path.is_file() {
        use std::io::Read;
        let fail = |e: std::io::Error| ParseError::io(path, "cannot read", e);
        let file = std::fs::File::open(path).map_err(fail)?;
        file.take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(fail)?;
    }
    match BitextFormat::sniff(&head, Some(path))? {
        BitextFormat::Tmx => tmx::from_reader(XmlReader::open(path)?, Some(path), langs, units),
        BitextFormat::Xliff => xliff::from_reader(XmlReader::open(path)?, langs, units),
        // TSV, or no file to read (missing, a folder, empty): the whole-file
        // path reads it or says why not, then hands it on.
        BitextFormat::Tsv => {
            let whole = parse(&read_file(path)?, Some(path), langs)?;
            units.read.skipped = whole.skipped;
            for segment in whole.segments {
                units.read.segments.push(segment);
                units.unit_done();
            }
            Ok(())
        }
    }
}

/// Reads a bilingual TSV file: `id<TAB>source<TAB>target` per line, or
/// `source<TAB>target` (the id is then the line number). A first line that
/// names its columns (`id`, `source`, `target`, any case, in any order) is
/// a header. The first row fixes the number of fields: every row has as
/// many (an empty target is a field with nothing in it). The languages are
/// the overrides', as the file has none.
///
/// # Errors
///
/// A row with another number of fields than the first, naming the line and
/// what was expected.
///
/// ```
/// use shuyu::formats::bitext::{self, Langs};
/// let text = "source\ttarget\nthe Quad\t四方\n";
/// let read = bitext::parse_tsv(text, None, &Langs::default())?;
/// assert_eq!((read.segments[0].id.as_str(), read.segments[0].source.as_str()), ("2", "the Quad"));
/// assert!(bitext::parse_tsv("1\tQuad\t四方\n2\tAUKUS\n", None, &Langs::default()).is_err());
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse_tsv(text: &str, file: Option<&Path>, langs: &Langs) -> Result<Bitext, ParseError> {
    /// Where each field is: by header, or by the first row's width.
    struct Columns {
        id: Option<usize>,
        source: usize,
        target: usize,
        width: usize,
    }
    let mut columns: Option<Columns> = None;
    let mut out = Bitext::default();
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.strip_suffix('\r').unwrap_or(raw)));
    for (line, row) in lines {
        if row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        let cols = match &columns {
            Some(c) => c,
            None => {
                let named = |name: &str| {
                    fields
                        .iter()
                        .position(|f| f.trim().eq_ignore_ascii_case(name))
                };
                let header = fields.len() >= 2
                    && fields.iter().all(|f| {
                        ["id", "source", "target"]
                            .iter()
                            .any(|n| f.trim().eq_ignore_ascii_case(n))
                    });
                let c = match (header, named("source"), named("target")) {
                    (true, Some(source), Some(target)) => Columns {
                        id: named("id"),
                        source,
                        target,
                        width: fields.len(),
                    },
                    (true, ..) => {
                        return Err(ParseError::new(
                            file,
                            Some(line),
                            "a header row needs a source and a target column",
                        ));
                    }
                    (false, ..) if fields.len() == 2 => Columns {
                        id: None,
                        source: 0,
                        target: 1,
                        width: 2,
                    },
                    (false, ..) if fields.len() == 3 => Columns {
                        id: Some(0),
                        source: 1,
                        target: 2,
                        width: 3,
                    },
                    (false, ..) => {
                        return Err(ParseError::new(
                            file,
                            Some(line),
                            format!("expected id<TAB>source<TAB>target or source<TAB>target, found {} field{}", fields.len(), if fields.len() == 1 { "" } else { "s" }),
                        ));
                    }
                };
                let header_row = header;
                columns = Some(c);
                if header_row {
                    continue;
                }
                columns.as_ref().expect("just set")
            }
        };
        if fields.len() != cols.width {
            let expected = match (cols.id, cols.width) {
                (Some(_), 3) => "id<TAB>source<TAB>target".to_string(),
                (None, 2) => "source<TAB>target".to_string(),
                (_, w) => format!("{w} fields, as the header names"),
            };
            return Err(ParseError::new(
                file,
                Some(line),
                format!(
                    "expected {expected}, found {} field{}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        out.segments.push(Segment {
            id: cols
                .id
                .map_or_else(|| line.to_string(), |i| fields[i].to_string()),
            source: fields[cols.source].to_string(),
            target: Some(fields[cols.target].to_string()),
            source_lang: langs.source.clone(),
            target_lang: langs.target.clone(),
            line,
            ..Segment::default()
        });
    }
    Ok(out)
}

/// Extensions of bilingual files picked up inside folders (files named
/// directly are read whatever their name).
pub const EXTENSIONS: &[&str] = &[
    "tmx", "xlf", "xliff", "sdlxliff", "mqxliff", "mxliff", "txlf", "tsv",
];

/// Whether a file's name says it is a bilingual file: its extension is one
/// of [`EXTENSIONS`], in any case.
///
/// ```
/// use shuyu::formats::bitext::is_bitext_path;
/// assert!(is_bitext_path("memory.TMX".as_ref()));
/// assert!(!is_bitext_path("article.md".as_ref()));
/// ```
pub fn is_bitext_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
