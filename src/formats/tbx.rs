//! TBX (ISO 30042), read in all its common shapes and written as TBX-Basic.
//!
//! Read: TBX-Basic and TBX 2008 (`martif` › `termEntry` › `langSet` › `tig`
//! or `ntig`/`termGrp` › `term`) and TBX v3 (`tbx` › `conceptEntry` ›
//! `langSec` › `termSec` › `term`), with data categories either as
//! `termNote type="…"`/`descrip type="…"` or as TBX v3 DCT elements
//! (`<basic:administrativeStatus>`). The status comes from
//! `administrativeStatus` (or the older `normativeAuthorization`): preferred,
//! admitted, deprecated, superseded (read as deprecated). A term with none
//! is admitted, except that in a language section where no term has a
//! status (translate-toolkit and Weblate write such files) the first term
//! is preferred, as Okapi reads it. A concept's id is its `id` attribute,
//! or `c` and its 1-based position when it has none; an id an earlier
//! concept already has (other tools write them) gets a derived one, `1~2`,
//! and a [`Notice`] with the line. Terms in languages other than English and
//! Chinese are kept in [`Concept::other_terms`] and written back; empty
//! terms are skipped (Weblate writes `<term/>` for untranslated ones).
//!
//! Exceptions ([`Concept::exceptions`], strings in which a term of the
//! concept is not the term) are concept-level notes that begin `not:`, one
//! per exception — `<note>not: 四川普通话</note>` — a convention TBX-Basic
//! validates and other tools keep as a note.

use std::fmt::Write as _;
use std::path::Path;

use super::xml::{XmlEvent, XmlReader};
use super::{Notice, ParseError};
use crate::glossary::{Concept, Glossary, Lang, OtherTerm, Status, Term, TermType};
use crate::xmltext::escape;

/// How a concept-level note that holds an exception begins.
const EXCEPTION_NOTE: &str = "not:";

#[derive(Default)]
struct PendingTerm {
    text: Option<String>,
    status: Option<Status>,
    kind: Option<TermType>,
}

/// Reads a TBX file's bytes; `file` names it in errors.
///
/// # Errors
///
/// When the bytes are not well-formed XML, not TBX, or hold an unknown
/// administrative status.
///
/// ```
/// let tbx = r#"<?xml version="1.0"?>
/// <martif type="TBX-Basic"><text><body>
///   <termEntry id="quad">
///     <langSet xml:lang="en"><tig><term>Quad</term>
///       <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
///     <langSet xml:lang="zh-Hans"><tig><term>四方安全对话</term></tig></langSet>
///   </termEntry>
/// </body></text></martif>"#;
/// let g = shuyu::formats::tbx::parse(tbx.as_bytes(), None)?;
/// assert_eq!(g.concepts[0].id, "quad");
/// assert_eq!(g.concepts[0].terms[1].lang, shuyu::Lang::ZhCn);
/// // The only term of a section that says no status is its preferred one.
/// assert_eq!(g.concepts[0].terms[1].status, shuyu::Status::Preferred);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse(bytes: &[u8], file: Option<&Path>) -> Result<Glossary, ParseError> {
    parse_noting(bytes, file).map(|(g, _)| g)
}

/// The language section being read: one shuyu tags, or another kept as
/// written.
#[derive(Clone)]
enum Section {
    Tagged(Lang),
    Other(String),
}

/// Reads a TBX file's bytes as [`parse`] does, with what the reader had to
/// change: concept ids that an earlier concept already had.
///
/// # Errors
///
/// As [`parse`].
///
/// ```
/// let tbx = r#"<martif><text><body>
///   <termEntry id="1"><langSet xml:lang="en"><tig><term>Quad</term></tig></langSet></termEntry>
///   <termEntry id="1"><langSet xml:lang="en"><tig><term>AUKUS</term></tig></langSet></termEntry>
/// </body></text></martif>"#;
/// let (g, notices) = shuyu::formats::tbx::parse_noting(tbx.as_bytes(), None)?;
/// assert_eq!(g.concepts[1].id, "1~2");
/// assert_eq!(g.concepts[1].terms[0].status, shuyu::Status::Preferred);
/// assert_eq!(notices.len(), 1);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse_noting(
    bytes: &[u8],
    file: Option<&Path>,
) -> Result<(Glossary, Vec<Notice>), ParseError> {
    let mut r = XmlReader::from_bytes(bytes, file)?;
    let mut notices = Vec::new();
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut glossary = Glossary::new();

    match r.next()? {
        XmlEvent::Start(e) if e.name() == "martif" || e.name() == "tbx" => {}
        XmlEvent::Start(e) => {
            let msg = format!(
                "not a TBX file: the root element is <{}>, not <martif> or <tbx>",
                e.name()
            );
            return Err(r.error(msg));
        }
        _ => return Err(r.error("not a TBX file: no root element")),
    }

    let mut concept: Option<Concept> = None;
    let mut entry_line = 0;
    let mut lang: Option<Section> = None;
    // Where the section's terms begin, and whether one said its status.
    let mut section_start = (0, 0);
    let mut section_has_status = false;
    let mut term: Option<PendingTerm> = None;
    let mut entries = 0usize;

    loop {
        match r.next()? {
            XmlEvent::Eof => break,
            XmlEvent::Text(_) => {}
            XmlEvent::End(name) => match &*name {
                "tig" | "ntig" | "termSec" => {
                    if let (Some(t), Some(l), Some(c)) =
                        (term.take(), lang.clone(), concept.as_mut())
                    {
                        section_has_status |= t.status.is_some();
                        if let Some(text) = t.text.filter(|s| !s.trim().is_empty()) {
                            let status = t.status.unwrap_or(Status::Admitted);
                            push_term(c, l, text.trim(), status, t.kind.unwrap_or_default());
                        }
                    }
                }
                "langSet" | "langSec" => {
                    if let (Some(c), false) = (concept.as_mut(), section_has_status) {
                        // No term of the section says its status: the first
                        // is the one to use.
                        match lang {
                            Some(Section::Tagged(_)) => {
                                if let Some(t) = c.terms.get_mut(section_start.0) {
                                    t.status = Status::Preferred;
                                }
                            }
                            Some(Section::Other(_)) => {
                                if let Some(t) = c.other_terms.get_mut(section_start.1) {
                                    t.status = Status::Preferred;
                                }
                            }
                            None => {}
                        }
                    }
                    lang = None;
                }
                "termEntry" | "conceptEntry" => {
                    if let Some(mut c) = concept.take() {
                        if !c.terms.is_empty() || !c.other_terms.is_empty() {
                            let n = ids.entry(c.id.clone()).or_default();
                            *n += 1;
                            if *n > 1 {
                                let written = c.id.clone();
                                let mut k = *n;
                                while ids.contains_key(&format!("{written}~{k}")) {
                                    k += 1;
                                }
                                c.id = format!("{written}~{k}");
                                ids.insert(c.id.clone(), 1);
                                notices.push(Notice::DuplicateId {
                                    written,
                                    given: c.id.clone(),
                                    line: entry_line,
                                });
                            }
                            glossary.concepts.push(c);
                        }
                    }
                }
                _ => {}
            },
            XmlEvent::Start(e) => match e.name() {
                "termEntry" | "conceptEntry" => {
                    entries += 1;
                    entry_line = r.line();
                    let id = e.attr("id").map_err(|m| r.error(m))?;
                    concept = Some(Concept::new(id.unwrap_or_else(|| format!("c{entries}"))));
                }
                "langSet" | "langSec" => {
                    let tag = match e.attr("xml:lang").map_err(|m| r.error(m))? {
                        Some(tag) => Some(tag),
                        None => e.attr("lang").map_err(|m| r.error(m))?,
                    };
                    lang = match tag {
                        Some(tag) => Some(match tag.parse::<Lang>() {
                            Ok(l) => Section::Tagged(l),
                            Err(_) => Section::Other(tag.trim().to_string()),
                        }),
                        None => return Err(r.error(format!("<{}> without xml:lang", e.name()))),
                    };
                    section_has_status = false;
                    section_start = concept
                        .as_ref()
                        .map_or((0, 0), |c| (c.terms.len(), c.other_terms.len()));
                }
                "tig" | "ntig" | "termSec" => term = Some(PendingTerm::default()),
                "term" => {
                    let text = r.text_content()?;
                    match term.as_mut() {
                        Some(t) => t.text = Some(text),
                        // TBX-Min and some exporters put <term> straight in
                        // the language section.
                        None if lang.is_some() => {
                            if let (Some(l), Some(c)) = (lang.clone(), concept.as_mut()) {
                                if !text.trim().is_empty() {
                                    let kind = TermType::default();
                                    push_term(c, l, text.trim(), Status::Admitted, kind);
                                }
                            }
                        }
                        None => {}
                    }
                }
                "termNote" | "administrativeStatus" | "normativeAuthorization" | "termType" => {
                    let kind = if e.name() == "termNote" {
                        e.attr("type").map_err(|m| r.error(m))?.unwrap_or_default()
                    } else {
                        e.name().to_string()
                    };
                    let value = r.text_content()?;
                    if let Some(t) = term.as_mut() {
                        match kind.as_str() {
                            "administrativeStatus" | "normativeAuthorization" => {
                                let s = value.parse::<Status>().map_err(|_| {
                                    r.error(format!(
                                        "unknown {kind} {value:?} (expected e.g. preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts)"
                                    ))
                                })?;
                                t.status = Some(s);
                            }
                            // A type outside shuyu's five (phraseologicalUnit,
                            // formula…) is a full form for matching.
                            "termType" => t.kind = Some(value.parse().unwrap_or_default()),
                            _ => {}
                        }
                    }
                }
                "descrip" | "subjectField" | "definition" | "note" => {
                    let kind = if e.name() == "descrip" {
                        e.attr("type").map_err(|m| r.error(m))?.unwrap_or_default()
                    } else {
                        e.name().to_string()
                    };
                    let value = r.text_content()?.trim().to_string();
                    if let (Some(c), None) = (concept.as_mut(), term.as_ref()) {
                        match kind.as_str() {
                            "subjectField" if !value.is_empty() => c.subject = Some(value),
                            "note" => match value.strip_prefix(EXCEPTION_NOTE) {
                                Some(exception) if !exception.trim().is_empty() => {
                                    c.exceptions.push(exception.trim().to_string())
                                }
                                _ if !value.is_empty() => c.note = Some(value),
                                _ => {}
                            },
                            "definition" if c.note.is_none() && !value.is_empty() => {
                                c.note = Some(value)
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
        }
    }
    Ok((glossary, notices))
}

fn push_term(c: &mut Concept, section: Section, text: &str, status: Status, kind: TermType) {
    match section {
        Section::Tagged(lang) => c.terms.push(Term {
            text: text.to_string(),
            lang,
            status,
            kind,
        }),
        Section::Other(lang) => c.other_terms.push(OtherTerm {
            text: text.to_string(),
            lang,
            status,
            kind,
        }),
    }
}

/// Writes a glossary as TBX-Basic (the TBX 2008 `martif` form CAT tools
/// import), with every term's status and type; a concept's language sections
/// come in the order its terms first use them.
///
/// ```
/// use shuyu::{Concept, Glossary, Lang, Term};
/// let g = Glossary { concepts: vec![Concept::new("quad").with_term(Term::new("Quad", Lang::En))] };
/// let tbx = shuyu::formats::tbx::write(&g);
/// assert_eq!(shuyu::formats::tbx::parse(tbx.as_bytes(), None)?, g);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn write(glossary: &Glossary) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<martif type=\"TBX-Basic\" xml:lang=\"en\">\n");
    out.push_str("  <martifHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>shuyu</p>\n      </sourceDesc>\n    </fileDesc>\n  </martifHeader>\n");
    out.push_str("  <text>\n    <body>\n");
    for c in &glossary.concepts {
        let _ = writeln!(out, "      <termEntry id=\"{}\">", escape(&c.id));
        if let Some(s) = &c.subject {
            let _ = writeln!(
                out,
                "        <descrip type=\"subjectField\">{}</descrip>",
                escape(s)
            );
        }
        if let Some(n) = &c.note {
            let _ = writeln!(out, "        <note>{}</note>", escape(n));
        }
        for e in &c.exceptions {
            let _ = writeln!(out, "        <note>{EXCEPTION_NOTE} {}</note>", escape(e));
        }
        // Every term as (language tag, text, status, type), grouped by
        // language in the order languages first appear.
        let all: Vec<(&str, &str, Status, TermType)> = c
            .terms
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str(), t.status, t.kind))
            .chain(
                c.other_terms
                    .iter()
                    .map(|t| (t.lang.as_str(), t.text.as_str(), t.status, t.kind)),
            )
            .collect();
        let mut langs: Vec<&str> = Vec::new();
        for &(lang, ..) in &all {
            if !langs.contains(&lang) {
                langs.push(lang);
            }
        }
        for lang in langs {
            let _ = writeln!(out, "        <langSet xml:lang=\"{}\">", escape(lang));
            for &(_, text, status, kind) in all.iter().filter(|t| t.0 == lang) {
                let _ = writeln!(out, "          <tig>");
                let _ = writeln!(out, "            <term>{}</term>", escape(text));
                let _ = writeln!(
                    out,
                    "            <termNote type=\"administrativeStatus\">{}Term-admn-sts</termNote>",
                    status.as_str()
                );
                let _ = writeln!(
                    out,
                    "            <termNote type=\"termType\">{}</termNote>",
                    kind.as_str()
                );
                let _ = writeln!(out, "          </tig>");
            }
            let _ = writeln!(out, "        </langSet>");
        }
        let _ = writeln!(out, "      </termEntry>");
    }
    out.push_str("    </body>\n  </text>\n</martif>\n");
    out
}
