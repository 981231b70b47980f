//! XLIFF 1.0–1.2 and 2.0–2.2.
//!
//! * **1.x**: `file source-language/target-language` › (`group` ›)
//!   `trans-unit id` › `source`, `seg-source`, `target`. When `seg-source`
//!   splits the unit with `mrk mtype="seg"`, each `mid` is a segment (id
//!   `unit#mid`) whose target is the target's `mrk` with the same `mid`.
//!   `alt-trans` (translation candidates) is not the unit's target and is
//!   skipped. Inline `g`, `mrk` hold text; `bpt`, `ept`, `ph`, `it` hold
//!   native code and are dropped with their content; `x`, `bx`, `ex` are
//!   empty.
//! * **2.x**: `xliff srcLang/trgLang` › `file` › (`group` ›) `unit id` ›
//!   `segment` › `source`/`target`. A unit with several segments gives ids
//!   `unit#segment` (the segment's `id`, else its 1-based position).
//!   `ignorable` parts, `originalData` and module elements (matches,
//!   glossary, notes) are not segments. Inline `pc`, `mrk` hold text; `ph`,
//!   `sc`, `ec`, `sm`, `em` are empty; `cp` is a code point.

use std::path::Path;

use super::bitext::{Bitext, Langs, Segment, SkipReason, Skipped, Units};
use super::xml::{Inline, Markup, Piece, XmlEvent, XmlReader};
use super::ParseError;

const CODES_1: &[&str] = &["bpt", "ept", "ph", "it"];

/// Reads an XLIFF file's bytes (any version).
///
/// # Errors
///
/// When the bytes are not well-formed XLIFF; the error names the line.
///
/// ```
/// let xlf = r#"<xliff version="2.0" srcLang="en" trgLang="zh-CN"><file id="f">
///   <unit id="u1"><segment><source>The <pc id="1">Quad</pc> met.</source>
///   <target>四方<ph id="2"/>会晤。</target></segment></unit></file></xliff>"#;
/// let segs = shuyu::formats::xliff::parse(xlf.as_bytes(), None, &Default::default())?;
/// let seg = &segs.segments[0];
/// assert_eq!((seg.source.as_str(), seg.target.as_deref()), ("The Quad met.", Some("四方会晤。")));
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse(bytes: &[u8], file: Option<&Path>, langs: &Langs) -> Result<Bitext, ParseError> {
    Units::whole(|units| from_reader(XmlReader::from_bytes(bytes, file)?, langs, units))
}

/// Reads an XLIFF file as it parses it, never holding the whole file.
///
/// # Errors
///
/// As [`parse`], and when the file cannot be read.
pub fn read(path: &Path, langs: &Langs) -> Result<Bitext, ParseError> {
    Units::whole(|units| from_reader(XmlReader::open(path)?, langs, units))
}

/// Reads the units of `r` into `out`, which may hand them on as they come.
pub(crate) fn from_reader(
    mut r: XmlReader<'_>,
    langs: &Langs,
    out: &mut Units<'_>,
) -> Result<(), ParseError> {
    let root = match r.next()? {
        XmlEvent::Start(e) if e.name() == "xliff" => e,
        XmlEvent::Start(e) => {
            let msg = format!("not an XLIFF file: the root element is <{}>", e.name());
            return Err(r.error(msg));
        }
        _ => return Err(r.error("not an XLIFF file: no root element")),
    };
    let version = root.attr("version").map_err(|m| r.error(m))?;
    let v2 = match version.as_deref() {
        Some(v) => v.starts_with('2'),
        // No version: the namespace tells.
        None => root
            .attr("xmlns")
            .map_err(|m| r.error(m))?
            .is_some_and(|ns| ns.contains("urn:oasis:names:tc:xliff:document:2")),
    };
    if v2 {
        let src = root.attr("srcLang").map_err(|m| r.error(m))?;
        let trg = root.attr("trgLang").map_err(|m| r.error(m))?;
        let src = langs.source.clone().or(src);
        let trg = langs.target.clone().or(trg);
        read_v2(&mut r, out, src, trg)
    } else {
        read_v1(&mut r, out, langs)
    }
}

fn read_v1(r: &mut XmlReader<'_>, out: &mut Units<'_>, langs: &Langs) -> Result<(), ParseError> {
    let mut src: Option<String> = None;
    let mut trg: Option<String> = None;
    loop {
        match r.next()? {
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Start(e) => match e.name() {
                "file" => {
                    src = langs
                        .source
                        .clone()
                        .or(e.attr("source-language").map_err(|m| r.error(m))?);
                    trg = langs
                        .target
                        .clone()
                        .or(e.attr("target-language").map_err(|m| r.error(m))?);
                }
                "trans-unit" => {
                    let line = r.line();
                    let id = e.attr("id").map_err(|m| r.error(m))?.unwrap_or_default();
                    let approved = e
                        .attr("approved")
                        .map_err(|m| r.error(m))?
                        .map(|a| a.trim() == "yes");
                    let mut unit = read_trans_unit(r)?;
                    unit.approved = approved;
                    unit.emit(&mut out.read, &id, line, &src, &trg);
                    out.unit_done();
                }
                "header" => r.skip()?,
                _ => {}
            },
            _ => {}
        }
    }
}

/// What every segment of a unit shares: the file's languages and the
/// unit's line.
struct Langed<'a> {
    src: &'a Option<String>,
    trg: &'a Option<String>,
    line: usize,
    state: Option<String>,
    approved: Option<bool>,
}

impl Langed<'_> {
    fn segment(&self, id: String, source: Piece, target: Option<Piece>) -> Segment {
        let (source, source_markup) = source.into_parts();
        let (target, target_markup) = match target.map(Piece::into_parts) {
            Some((text, markup)) => (Some(text), markup),
            None => (None, None),
        };
        Segment {
            id,
            source,
            target,
            source_lang: self.src.clone(),
            target_lang: self.trg.clone(),
            source_markup,
            target_markup,
            line: self.line,
            state: self.state.clone(),
            approved: self.approved,
        }
    }
}

#[derive(Default)]
struct TransUnit {
    source: Option<Inline>,
    seg_source: Option<Inline>,
    target: Option<Inline>,
    state: Option<String>,
    approved: Option<bool>,
}

impl TransUnit {
    fn emit(
        self,
        out: &mut Bitext,
        id: &str,
        line: usize,
        src: &Option<String>,
        trg: &Option<String>,
    ) {
        let Some(source) = self.source else {
            let reason = SkipReason::NoSource;
            out.skipped.push(Skipped {
                id: id.to_string(),
                line,
                reason,
            });
            return;
        };
        let (state, approved) = (self.state, self.approved);
        let make = |id: String, source: Piece, target: Option<Piece>| {
            let langed = Langed {
                src,
                trg,
                line,
                state: state.clone(),
                approved,
            };
            langed.segment(id, source, target)
        };
        let out = &mut out.segments;
        if let Some(seg_source) = self.seg_source.filter(|s| !s.segs.is_empty()) {
            let target_segs = self.target.as_ref().map(|t| &t.segs);
            // A target not split like its source cannot be paired segment by
            // segment: the unit is then one segment, as unsegmented.
            let aligned = match target_segs {
                None => true,
                Some(t) => seg_source
                    .segs
                    .iter()
                    .all(|(mid, _)| t.iter().any(|(m, _)| m == mid)),
            };
            if aligned {
                let several = seg_source.segs.len() > 1;
                for (mid, piece) in seg_source.segs {
                    let target = target_segs
                        .and_then(|t| t.iter().find(|(m, _)| *m == mid).map(|(_, x)| x.clone()));
                    let seg_id = if several {
                        format!("{id}#{mid}")
                    } else {
                        id.to_string()
                    };
                    out.push(make(seg_id, piece, target));
                }
                return;
            }
        }
        out.push(make(id.to_string(), source.all, self.target.map(|t| t.all)));
    }
}

fn read_trans_unit(r: &mut XmlReader<'_>) -> Result<TransUnit, ParseError> {
    let depth = r.depth();
    let mut unit = TransUnit::default();
    loop {
        match r.next()? {
            XmlEvent::Start(e) => match e.name() {
                "source" | "seg-source" | "target" if r.depth() == depth + 1 => {
                    let slot = match e.name() {
                        "source" => &mut unit.source,
                        "seg-source" => &mut unit.seg_source,
                        _ => &mut unit.target,
                    };
                    if slot.is_some() {
                        let msg = format!("a <trans-unit> with two <{}> elements", e.name());
                        return Err(r.error(msg));
                    }
                    if e.name() == "target" {
                        unit.state = e.attr("state").map_err(|m| r.error(m))?;
                    }
                    let slot = match e.name() {
                        "source" => &mut unit.source,
                        "seg-source" => &mut unit.seg_source,
                        _ => &mut unit.target,
                    };
                    *slot = Some(r.inline_content(CODES_1, Markup::Foreign)?);
                }
                _ if r.depth() == depth + 1 => r.skip()?,
                _ => {}
            },
            XmlEvent::End(_) if r.depth() < depth => return Ok(unit),
            XmlEvent::Eof => return Err(r.error("unexpected end of file inside <trans-unit>")),
            _ => {}
        }
    }
}

fn read_v2(
    r: &mut XmlReader<'_>,
    out: &mut Units<'_>,
    src: Option<String>,
    trg: Option<String>,
) -> Result<(), ParseError> {
    loop {
        match r.next()? {
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Start(e) if e.name() == "unit" => {
                let line = r.line();
                let id = e.attr("id").map_err(|m| r.error(m))?.unwrap_or_default();
                let segments = read_unit(r)?;
                let several = segments.len() > 1;
                for (i, (seg_id, state, source, target)) in segments.into_iter().enumerate() {
                    let id = if several {
                        format!("{id}#{}", seg_id.unwrap_or_else(|| (i + 1).to_string()))
                    } else {
                        id.clone()
                    };
                    let Some(source) = source else {
                        let reason = SkipReason::NoSource;
                        out.read.skipped.push(Skipped { id, line, reason });
                        continue;
                    };
                    out.read.segments.push(
                        Langed {
                            src: &src,
                            trg: &trg,
                            line,
                            state,
                            approved: None,
                        }
                        .segment(id, source, target),
                    );
                }
                out.unit_done();
            }
            XmlEvent::Start(e) if matches!(e.name(), "skeleton" | "notes" | "originalData") => {
                r.skip()?
            }
            _ => {}
        }
    }
}

/// A 2.x segment: its id, state, source and target.
type V2Segment = (Option<String>, Option<String>, Option<Piece>, Option<Piece>);

fn read_unit(r: &mut XmlReader<'_>) -> Result<Vec<V2Segment>, ParseError> {
    let depth = r.depth();
    let mut segments = Vec::new();
    loop {
        match r.next()? {
            XmlEvent::Start(e) if e.name() == "segment" && r.depth() == depth + 1 => {
                let id = e.attr("id").map_err(|m| r.error(m))?;
                let state = e.attr("state").map_err(|m| r.error(m))?;
                let (source, target) = read_segment(r)?;
                segments.push((id, state, source, target));
            }
            XmlEvent::Start(_) if r.depth() == depth + 1 => r.skip()?,
            XmlEvent::End(_) if r.depth() < depth => return Ok(segments),
            XmlEvent::Eof => return Err(r.error("unexpected end of file inside <unit>")),
            _ => {}
        }
    }
}

fn read_segment(r: &mut XmlReader<'_>) -> Result<(Option<Piece>, Option<Piece>), ParseError> {
    let depth = r.depth();
    let (mut source, mut target) = (None, None);
    loop {
        match r.next()? {
            XmlEvent::Start(e) if r.depth() == depth + 1 => match e.name() {
                "source" | "target" => {
                    let slot = if e.name() == "source" {
                        &mut source
                    } else {
                        &mut target
                    };
                    if slot.is_some() {
                        let msg = format!("a <segment> with two <{}> elements", e.name());
                        return Err(r.error(msg));
                    }
                    *slot = Some(r.inline_content(&[], Markup::Foreign)?.all);
                }
                _ => r.skip()?,
            },
            XmlEvent::End(_) if r.depth() < depth => return Ok((source, target)),
            XmlEvent::Eof => return Err(r.error("unexpected end of file inside <segment>")),
            _ => {}
        }
    }
}
