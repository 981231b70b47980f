//! TMX 1.1–1.4b: `tu` › `tuv xml:lang` (`lang` in TMX 1.1) › `seg`.
//!
//! The source of a `tu` is the `tuv` in `--source-lang`, else in the `tu`'s
//! own `srclang`, else in the header's; when that is `*all*` or absent, the
//! first `tuv`. Languages match as [`crate::langtag::matches`] says (`en`
//! finds `en-US`, `zh-Hant` finds `zh-TW`), a `tuv` spelled like the range
//! first. A `tu` with no `tuv` in its source language is skipped, and
//! counted, never dropped. Each other `tuv` is a target, one segment each,
//! unless `--target-lang` picks those it matches. A unit's
//! id is its `tuid`, else its 1-based position. Inline `bpt`, `ept`, `ph`,
//! `it` and `ut` hold native code, not text, and are dropped with their
//! content; `hi` and `sub` outside them are text.

use std::path::Path;

use super::bitext::{Bitext, Langs, Segment, SkipReason, Skipped, Units};
use super::xml::{Markup, Piece, XmlEvent, XmlReader};
use super::ParseError;
use crate::langtag;
use crate::xmltext::escape;

const CODES: &[&str] = &["bpt", "ept", "ph", "it", "ut"];

struct Tuv {
    lang: Option<String>,
    seg: Piece,
}

/// Reads a TMX file's bytes.
///
/// # Errors
///
/// When the bytes are not well-formed TMX; the error names the line.
///
/// ```
/// let tmx = r#"<tmx version="1.4"><header srclang="en"/><body>
///   <tu tuid="7"><tuv xml:lang="en"><seg><hi>Quad</hi> leaders<ph x="1">&lt;br/&gt;</ph></seg></tuv>
///   <tuv xml:lang="zh-CN"><seg>四方领导人</seg></tuv></tu></body></tmx>"#;
/// let segs = shuyu::formats::tmx::parse(tmx.as_bytes(), None, &Default::default())?;
/// assert_eq!(segs.segments[0].id, "7");
/// assert_eq!(segs.segments[0].source, "Quad leaders");
/// assert_eq!(segs.segments[0].target.as_deref(), Some("四方领导人"));
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse(bytes: &[u8], file: Option<&Path>, langs: &Langs) -> Result<Bitext, ParseError> {
    Units::whole(|units| from_reader(XmlReader::from_bytes(bytes, file)?, file, langs, units))
}

/// Reads a TMX file as it parses it, never holding the whole file.
///
/// # Errors
///
/// As [`parse`], and when the file cannot be read.
pub fn read(path: &Path, langs: &Langs) -> Result<Bitext, ParseError> {
    Units::whole(|units| from_reader(XmlReader::open(path)?, Some(path), langs, units))
}

/// Reads the units of `r` into `out`, which may hand them on as they come.
pub(crate) fn from_reader(
    mut r: XmlReader<'_>,
    file: Option<&Path>,
    langs: &Langs,
    out: &mut Units<'_>,
) -> Result<(), ParseError> {
    match r.next()? {
        XmlEvent::Start(e) if e.name() == "tmx" => {}
        XmlEvent::Start(e) => {
            let msg = format!("not a TMX file: the root element is <{}>", e.name());
            return Err(r.error(msg));
        }
        _ => return Err(r.error("not a TMX file: no root element")),
    }
    let mut header_srclang = None;
    let mut units = 0usize;
    let mut saw_body = false;
    loop {
        match r.next_tag()? {
            XmlEvent::Eof => break,
            XmlEvent::Start(e) => match e.name() {
                "header" => {
                    header_srclang = e
                        .attr("srclang")
                        .map_err(|m| r.error(m))?
                        .filter(|l| !l.trim().eq_ignore_ascii_case("*all*"));
                }
                "body" => saw_body = true,
                "tu" => {
                    units += 1;
                    let line = r.line();
                    let id = e
                        .attr("tuid")
                        .map_err(|m| r.error(m))?
                        .unwrap_or_else(|| units.to_string());
                    let own = e
                        .attr("srclang")
                        .map_err(|m| r.error(m))?
                        .filter(|l| !l.trim().eq_ignore_ascii_case("*all*"));
                    let tuvs = read_tu(&mut r)?;
                    let srclang = (langs.source.as_deref())
                        .or(own.as_deref())
                        .or(header_srclang.as_deref());
                    emit(
                        &mut out.read,
                        id,
                        line,
                        tuvs,
                        srclang,
                        langs.target.as_deref(),
                    );
                    out.unit_done();
                }
                _ => {}
            },
            _ => {}
        }
    }
    if !saw_body {
        return Err(ParseError::new(file, None, "not a TMX file: no <body>"));
    }
    Ok(())
}

fn read_tu(r: &mut XmlReader<'_>) -> Result<Vec<Tuv>, ParseError> {
    let depth = r.depth();
    let mut tuvs = Vec::new();
    loop {
        match r.next_tag()? {
            XmlEvent::Start(e) if e.name() == "tuv" => {
                let lang = match e.attr("xml:lang").map_err(|m| r.error(m))? {
                    Some(l) => Some(l),
                    None => e.attr("lang").map_err(|m| r.error(m))?,
                };
                tuvs.push(Tuv {
                    lang,
                    seg: Piece::default(),
                });
            }
            XmlEvent::Start(e) if e.name() == "seg" => {
                let seg = r.inline_content(CODES, Markup::Tmx)?.all;
                match tuvs.last_mut() {
                    Some(tuv) => tuv.seg = seg,
                    None => return Err(r.error("<seg> outside a <tuv>")),
                }
            }
            XmlEvent::Start(e) if e.name() == "prop" || e.name() == "note" => r.skip()?,
            XmlEvent::End(_) if r.depth() < depth => return Ok(tuvs),
            XmlEvent::Eof => return Err(r.error("unexpected end of file inside <tu>")),
            _ => {}
        }
    }
}

fn emit(
    out: &mut Bitext,
    id: String,
    line: usize,
    mut tuvs: Vec<Tuv>,
    srclang: Option<&str>,
    target: Option<&str>,
) {
    let source_at = match srclang {
        _ if tuvs.is_empty() => None,
        Some(lang) => langtag::best(lang, tuvs.iter().map(|t| t.lang.as_deref())),
        None => Some(0),
    };
    let Some(source_at) = source_at else {
        let reason = match srclang {
            Some(lang) if !tuvs.is_empty() => SkipReason::NoSourceVariant(lang.to_string()),
            _ => SkipReason::NoSource,
        };
        out.skipped.push(Skipped { id, line, reason });
        return;
    };
    let source_lang = tuvs[source_at].lang.take();
    let (source_text, source_markup) = std::mem::take(&mut tuvs[source_at].seg).into_parts();
    let matches = |tuv: &Tuv, lang: &str| {
        tuv.lang
            .as_deref()
            .is_some_and(|l| langtag::matches(lang, l))
    };
    let mut targets: Vec<Tuv> = tuvs
        .into_iter()
        .enumerate()
        .filter(|(i, t)| *i != source_at && target.is_none_or(|lang| matches(t, lang)))
        .map(|(_, t)| t)
        .collect();
    let segment = |(id, source, source_markup, source_lang), t: Option<Tuv>| {
        let (text, target_markup, target_lang) = match t {
            Some(t) => {
                let (text, markup) = t.seg.into_parts();
                (Some(text), markup, t.lang)
            }
            None => (None, None, None),
        };
        Segment {
            id,
            source,
            target: text,
            source_lang,
            target_lang: target_lang.or_else(|| target.map(str::to_string)),
            source_markup,
            target_markup,
            line,
            ..Segment::default()
        }
    };
    // Each target has a segment of its own: the last takes the source's
    // strings, the others copies.
    let source = (id, source_text, source_markup, source_lang);
    let last = targets.pop();
    for t in targets {
        out.segments.push(segment(source.clone(), Some(t)));
    }
    out.segments.push(segment(source, last));
}

/// Writes segments as TMX 1.4b: one `tu` per segment (its id as `tuid`),
/// a `tuv` for the source and, when there is one, for the target, with the
/// inline markup the segment keeps. The header's `srclang` is the first
/// segment's source language; a unit whose source is in another language
/// names it in its own `srclang`.
///
/// ```
/// use shuyu::formats::{bitext::{Langs, Segment}, tmx};
/// let segs = vec![Segment::new("1", "Quad & <AUKUS>", Some("四方")).with_langs("en", "zh-CN")];
/// let back = tmx::parse(tmx::write(&segs).as_bytes(), None, &Langs::default())?.segments;
/// assert_eq!((back[0].source.as_str(), back[0].target.as_deref()), ("Quad & <AUKUS>", Some("四方")));
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn write(segments: &[Segment]) -> String {
    let srclang = segments.iter().find_map(|s| s.source_lang.as_deref());
    let write = || -> std::io::Result<Vec<u8>> {
        let mut w = Writer::new(Vec::new(), srclang)?;
        for s in segments {
            let source = Variant {
                lang: s.source_lang.as_deref(),
                text: &s.source,
                markup: s.source_markup.as_deref(),
            };
            let target = s.target.as_deref().map(|text| Variant {
                lang: s.target_lang.as_deref(),
                text,
                markup: s.target_markup.as_deref(),
            });
            w.unit(&s.id, source, target)?;
        }
        w.finish()
    };
    let bytes = write().expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("the writer writes UTF-8")
}

/// One language variant (`tuv`) of a unit to write.
#[derive(Clone, Copy, Debug)]
pub struct Variant<'a> {
    /// Its language tag; the header's `srclang` when `None`.
    pub lang: Option<&'a str>,
    /// Its text.
    pub text: &'a str,
    /// Its TMX inline XML, written instead of the escaped text when given.
    pub markup: Option<&'a str>,
}

/// A streaming TMX 1.4b writer: the header on [`Writer::new`], one `tu` per
/// [`Writer::unit`], the end on [`Writer::finish`].
pub struct Writer<W: std::io::Write> {
    out: W,
    srclang: String,
}

impl<W: std::io::Write> Writer<W> {
    /// Writes the XML declaration and the header, `srclang` as given (else
    /// `*all*`).
    ///
    /// # Errors
    ///
    /// When `out` cannot be written.
    pub fn new(mut out: W, srclang: Option<&str>) -> std::io::Result<Writer<W>> {
        let srclang = escape(srclang.unwrap_or("*all*"));
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"shuyu\" creationtoolversion=\"{}\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"{srclang}\" o-tmf=\"shuyu\"/>\n  <body>\n",
            env!("CARGO_PKG_VERSION"),
        )?;
        Ok(Writer { out, srclang })
    }

    /// Writes one unit: the source and, when there is one, the target.
    ///
    /// # Errors
    ///
    /// When `out` cannot be written.
    pub fn unit(
        &mut self,
        id: &str,
        source: Variant<'_>,
        target: Option<Variant<'_>>,
    ) -> std::io::Result<()> {
        // A unit whose source is not in the header's language says its own
        // (TMX 1.4b `tu/@srclang`), so that the file reads back as written.
        match source.lang.map(escape) {
            Some(lang) if !langtag::same(&lang, &self.srclang) => writeln!(
                self.out,
                "    <tu tuid=\"{}\" srclang=\"{lang}\">",
                escape(id)
            )?,
            _ => writeln!(self.out, "    <tu tuid=\"{}\">", escape(id))?,
        }
        for v in std::iter::once(source).chain(target) {
            let lang = v.lang.map_or_else(|| self.srclang.clone(), escape);
            let seg = match v.markup {
                Some(m) => std::borrow::Cow::Borrowed(m),
                None => std::borrow::Cow::Owned(escape(v.text)),
            };
            writeln!(
                self.out,
                "      <tuv xml:lang=\"{lang}\"><seg>{seg}</seg></tuv>"
            )?;
        }
        writeln!(self.out, "    </tu>")
    }

    /// Closes the body and the document and hands back the output.
    ///
    /// # Errors
    ///
    /// When `out` cannot be written.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}
