//! shuyu's own glossary format: plain text a person reviews in a pull
//! request, one concept per block and one line per language.
//!
//! ```text
//! # A comment.
//! [quad]
//! subject: organisation
//! note: Australia, India, Japan and the United States.
//! en: Quadrilateral Security Dialogue | Quad (acronym)
//! zh-CN: 四方安全对话 | 四方 (short) | 四边机制 (deprecated)
//! zh-TW: 四方安全對話 | 四方 (short)
//! ```
//!
//! * `[id]` starts a concept; `subject:` and `note:` describe it.
//! * A language line (`en`, `zh-CN`, `zh-TW`, or `zh` for a term written the
//!   same in both scripts) lists terms separated by `|`; a language may have
//!   several lines.
//! * A term may end with annotations in parentheses, separated by commas: a
//!   status (`preferred`, `admitted`, `deprecated`) and a type (`full`,
//!   `acronym`, `abbreviation`, `short`, `variant`). Without a status, the
//!   first term of a language in the concept is preferred and later ones are
//!   admitted (a `zh` term counts as a term of both Chinese locales).
//!   Without a type, an English term in capitals and digits only (AUKUS,
//!   J-JOC, G7) is an acronym and any other term a full form.
//! * A term that itself ends in parentheses is followed by an empty `()`.
//! * `not:` lists exceptions, separated by `|`: strings in which a term of
//!   the concept is not the term (`not: 四川普通话 | 朝鲜族`). They match and
//!   produce nothing, so no shorter term is found inside them.

use std::fmt::Write as _;
use std::path::Path;

use super::ParseError;
use crate::glossary::{Concept, Glossary, Lang, Status, Term, TermType};

/// Whether a term looks like an acronym: English capitals, digits and
/// joining punctuation only, with at least two capitals.
fn looks_like_acronym(text: &str, lang: Lang) -> bool {
    lang == Lang::En
        && text.chars().filter(char::is_ascii_uppercase).count() >= 2
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-&/.+".contains(c))
}

/// Whether two languages share terms for the default-status rule: a `zh`
/// term counts as a term of both Chinese locales.
fn related(a: Lang, b: Lang) -> bool {
    a.covers(b) || b.covers(a)
}

/// Reads the terms format; `file` names it in errors.
///
/// # Errors
///
/// When a line is not a concept header, a known key or a language line, or
/// an annotation is unknown.
///
/// ```
/// let text = "[aukus]\nen: AUKUS\nzh-CN: 美英澳三边安全伙伴关系 | 奥库斯\n";
/// let g = shuyu::formats::terms::parse(text, None)?;
/// let c = &g.concepts[0];
/// assert_eq!(c.terms[0].kind, shuyu::TermType::Acronym);
/// assert_eq!(c.terms[1].status, shuyu::Status::Preferred);
/// assert_eq!(c.terms[2].status, shuyu::Status::Admitted);
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn parse(text: &str, file: Option<&Path>) -> Result<Glossary, ParseError> {
    let mut glossary = Glossary::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |msg: String| ParseError::new(file, Some(line_no), msg);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix('[') {
            let id = id
                .strip_suffix(']')
                .ok_or_else(|| err("a concept header must be `[id]`".into()))?
                .trim();
            if id.is_empty() {
                return Err(err("empty concept id".into()));
            }
            glossary.concepts.push(Concept::new(id));
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| err(format!("expected `[id]`, `subject:`, `note:`, `not:` or a language line such as `en: …`, found {line:?}")))?;
        let (key, value) = (key.trim(), value.trim());
        let concept = glossary
            .concepts
            .last_mut()
            .ok_or_else(|| err("a line before the first `[id]` header".into()))?;
        match key {
            "subject" => concept.subject = Some(value.to_string()),
            "note" => concept.note = Some(value.to_string()),
            "not" => {
                for item in value.split('|').map(str::trim) {
                    if item.is_empty() {
                        return Err(err(format!("an empty exception in `not: {value}`")));
                    }
                    concept.exceptions.push(item.to_string());
                }
            }
            _ => {
                let lang: Lang = key.parse().map_err(|e| err(format!("{e}")))?;
                for item in value.split('|') {
                    let term = parse_term(item.trim(), lang, concept).map_err(err)?;
                    concept.terms.push(term);
                }
            }
        }
    }
    Ok(glossary)
}

fn parse_term(item: &str, lang: Lang, concept: &Concept) -> Result<Term, String> {
    let (text, notes) = match item
        .strip_suffix(')')
        .and_then(|s| s.rfind('(').map(|i| (s, i)))
    {
        Some((s, i)) => (s[..i].trim(), &s[i + 1..]),
        None => (item, ""),
    };
    if text.is_empty() {
        return Err(format!("an empty term in {item:?}"));
    }
    let mut status = None;
    let mut kind = None;
    for note in notes.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if let Ok(s) = note.parse::<Status>() {
            status = Some(s);
        } else if let Ok(t) = note.parse::<TermType>() {
            kind = Some(t);
        } else {
            return Err(format!(
                "unknown annotation {note:?} on {text:?} (expected preferred, admitted, deprecated, full, acronym, abbreviation, short or variant; write `()` after a term that ends in parentheses)"
            ));
        }
    }
    let first_of_lang = !concept.terms.iter().any(|t| related(t.lang, lang));
    let default_status = if first_of_lang {
        Status::Preferred
    } else {
        Status::Admitted
    };
    let default_kind = if looks_like_acronym(text, lang) {
        TermType::Acronym
    } else {
        TermType::FullForm
    };
    Ok(Term {
        text: text.to_string(),
        lang,
        status: status.unwrap_or(default_status),
        kind: kind.unwrap_or(default_kind),
    })
}

/// Writes a glossary in the terms format, annotating only what differs from
/// the defaults, so that reading it back gives the same glossary when each
/// concept lists its terms language by language.
pub fn write(glossary: &Glossary) -> String {
    let mut out = String::new();
    for (n, c) in glossary.concepts.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[{}]", c.id);
        if let Some(s) = &c.subject {
            let _ = writeln!(out, "subject: {s}");
        }
        if let Some(s) = &c.note {
            let _ = writeln!(out, "note: {s}");
        }
        let mut written: Vec<Lang> = Vec::new();
        for lang in c.languages() {
            let mut items = Vec::new();
            for t in c.terms.iter().filter(|t| t.lang == lang) {
                let mut notes = Vec::new();
                let first = !written.iter().any(|&w| related(w, lang));
                written.push(lang);
                let default_status = if first {
                    Status::Preferred
                } else {
                    Status::Admitted
                };
                if t.status != default_status {
                    notes.push(t.status.as_str());
                }
                let default_kind = if looks_like_acronym(&t.text, lang) {
                    TermType::Acronym
                } else {
                    TermType::FullForm
                };
                if t.kind != default_kind {
                    notes.push(match t.kind {
                        TermType::FullForm => "full",
                        TermType::Acronym => "acronym",
                        TermType::Abbreviation => "abbreviation",
                        TermType::ShortForm => "short",
                        TermType::Variant => "variant",
                    });
                }
                let text = t.text.replace('|', "/");
                if !notes.is_empty() {
                    items.push(format!("{text} ({})", notes.join(", ")));
                } else if text.ends_with(')') {
                    items.push(format!("{text} ()"));
                } else {
                    items.push(text);
                }
            }
            let _ = writeln!(out, "{lang}: {}", items.join(" | "));
        }
        if !c.exceptions.is_empty() {
            let _ = writeln!(out, "not: {}", c.exceptions.join(" | "));
        }
    }
    out
}
