//! TBX (ISO 30042), read in all its common shapes and written as TBX-Basic.
//!
//! Read: TBX-Basic and TBX 2008 (`martif` › `termEntry` › `langSet` › `tig`
//! or `ntig`/`termGrp` › `term`) and TBX v3 (`tbx` › `conceptEntry` ›
//! `langSec` › `termSec` › `term`), with data categories either as
//! `termNote type="…"`/`descrip type="…"` or as TBX v3 DCT elements
//! (`<basic:administrativeStatus>`). The status comes from
//! `administrativeStatus` (or the older `normativeAuthorization`): preferred,
//! admitted, deprecated, superseded (read as deprecated); a term with none is
//! admitted. A concept's id is its `id` attribute, or `c` and its 1-based
//! position when it has none. Language sections other than English and
//! Chinese are skipped, and so are empty terms (Weblate writes `<term/>` for
//! untranslated ones).

use std::fmt::Write as _;
use std::path::Path;

use super::xml::{escape, XmlEvent, XmlReader};
use super::ParseError;
use crate::glossary::{Concept, Glossary, Lang, Status, Term, TermType};

/// The status an `administrativeStatus` (or `normativeAuthorization`) value
/// names.
pub fn status_from_tbx(value: &str) -> Option<Status> {
    let v = value.trim().to_ascii_lowercase();
    if v.starts_with("preferred") {
        Some(Status::Preferred)
    } else if v.starts_with("admitted")
        || v.starts_with("legal")
        || v.starts_with("regulated")
        || v.starts_with("standardized")
    {
        Some(Status::Admitted)
    } else if v.starts_with("deprecated")
        || v.starts_with("superseded")
        || v.starts_with("obsolete")
        || v.starts_with("notrecommended")
    {
        Some(Status::Deprecated)
    } else {
        None
    }
}

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
/// assert_eq!(g.concepts[0].terms[1].status, shuyu::Status::Admitted);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse(bytes: &[u8], file: Option<&Path>) -> Result<Glossary, ParseError> {
    let mut r = XmlReader::from_bytes(bytes, file)?;
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
    let mut lang: Option<Lang> = None;
    let mut term: Option<PendingTerm> = None;
    let mut entries = 0usize;

    loop {
        match r.next()? {
            XmlEvent::Eof => break,
            XmlEvent::Text(_) => {}
            XmlEvent::End(name) => match name.as_str() {
                "tig" | "ntig" | "termSec" => {
                    if let (Some(t), Some(l), Some(c)) = (term.take(), lang, concept.as_mut()) {
                        if let Some(text) = t.text.filter(|s| !s.trim().is_empty()) {
                            c.terms.push(Term {
                                text: text.trim().to_string(),
                                lang: l,
                                status: t.status.unwrap_or(Status::Admitted),
                                kind: t.kind.unwrap_or_default(),
                            });
                        }
                    }
                }
                "langSet" | "langSec" => lang = None,
                "termEntry" | "conceptEntry" => {
                    if let Some(c) = concept.take() {
                        if !c.terms.is_empty() {
                            glossary.concepts.push(c);
                        }
                    }
                }
                _ => {}
            },
            XmlEvent::Start(e) => match e.name() {
                "termEntry" | "conceptEntry" => {
                    entries += 1;
                    let id = e.attr("id").map_err(|m| r.error(m))?;
                    concept = Some(Concept::new(id.unwrap_or_else(|| format!("c{entries}"))));
                }
                "langSet" | "langSec" => {
                    let tag = match e.attr("xml:lang").map_err(|m| r.error(m))? {
                        Some(tag) => Some(tag),
                        None => e.attr("lang").map_err(|m| r.error(m))?,
                    };
                    match tag.as_deref().map(str::parse::<Lang>) {
                        Some(Ok(l)) => lang = Some(l),
                        Some(Err(_)) => r.skip()?,
                        None => return Err(r.error(format!("<{}> without xml:lang", e.name()))),
                    }
                }
                "tig" | "ntig" | "termSec" => term = Some(PendingTerm::default()),
                "term" => {
                    let text = r.text_content()?;
                    match term.as_mut() {
                        Some(t) => t.text = Some(text),
                        // TBX-Min and some exporters put <term> straight in
                        // the language section.
                        None if lang.is_some() => {
                            if let (Some(l), Some(c)) = (lang, concept.as_mut()) {
                                if !text.trim().is_empty() {
                                    c.terms.push(
                                        Term::new(text.trim(), l).with_status(Status::Admitted),
                                    );
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
                                let s = status_from_tbx(&value).ok_or_else(|| {
                                    r.error(format!(
                                        "unknown {kind} {value:?} (expected e.g. preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts)"
                                    ))
                                })?;
                                t.status = Some(s);
                            }
                            "termType" => t.kind = Some(TermType::from_tbx(&value)),
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
                            "note" if !value.is_empty() => c.note = Some(value),
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
    Ok(glossary)
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
        for lang in c.languages() {
            let terms: Vec<&Term> = c.terms.iter().filter(|t| t.lang == lang).collect();
            let _ = writeln!(out, "        <langSet xml:lang=\"{lang}\">");
            for t in terms {
                let _ = writeln!(out, "          <tig>");
                let _ = writeln!(out, "            <term>{}</term>", escape(&t.text));
                let _ = writeln!(
                    out,
                    "            <termNote type=\"administrativeStatus\">{}Term-admn-sts</termNote>",
                    t.status.as_str()
                );
                let _ = writeln!(
                    out,
                    "            <termNote type=\"termType\">{}</termNote>",
                    t.kind.as_str()
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
