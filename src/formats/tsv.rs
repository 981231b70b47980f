//! Glossaries as tab- or comma-separated values.
//!
//! The first row names the columns; a row with a tab in it makes the file
//! TSV, otherwise it is CSV (RFC 4180: fields may be quoted, `""` is a quote,
//! a quoted field may span lines). Blank lines and lines starting with `#`
//! are skipped. Two layouts are read, told apart by the header:
//!
//! **One term per row** — the header has a `term` column:
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `concept` (or `id`) | yes | the concept id; rows with the same id form one concept |
//! | `lang` | yes | `en`, `zh-CN`, `zh-TW`, `zh` (or variants such as `zh-Hans`) |
//! | `term` | yes | the term |
//! | `status` | no | `preferred`, `admitted` (default) or `deprecated` (TBX values such as `preferredTerm-admn-sts` too) |
//! | `type` | no | `fullForm` (default), `acronym`, `abbreviation`, `shortForm`, `variant` |
//! | `subject`, `note` | no | the concept's subject field and note |
//! | `not` | no | exceptions: strings, separated by `\|`, in which a term of the concept is not the term (四川普通话 for 川普); the concept's are the union of its rows' |
//!
//! **One concept per row** — the header names languages (`en`, `zh-CN`,
//! `zh-TW`…), with optional `concept`/`id`, `subject`, `note` and `not` columns. A
//! cell may hold several terms separated by `|`: the first is preferred, the
//! others admitted. Without an id column a concept's id is its first English
//! term (or first term), made unique with `#2`, `#3`…
//!
//! ```
//! let tsv = "en\tzh-CN\tzh-TW\nQuad|Quadrilateral Security Dialogue\t四方安全对话\t四方安全對話\n";
//! let g = shuyu::formats::tsv::parse(tsv, None)?;
//! assert_eq!(g.concepts[0].id, "Quad");
//! assert_eq!(g.concepts[0].terms.len(), 4);
//! # Ok::<(), shuyu::formats::ParseError>(())
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::ParseError;
use crate::glossary::{Concept, Glossary, Lang, Status, Term, TermType};

/// One row: its 1-based line and fields.
pub(crate) struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits text into rows of fields, TSV when the first row has a tab, else
/// CSV. Blank lines and `#` comment lines are skipped.
pub(crate) fn rows(text: &str, file: Option<&Path>) -> Result<Vec<Row>, ParseError> {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let tsv = first.contains('\t');
    let mut out = Vec::new();
    if tsv {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let line_text = line.strip_suffix('\r').unwrap_or(line);
            out.push(Row {
                line: i + 1,
                fields: line_text
                    .split('\t')
                    .map(|f| f.trim().to_string())
                    .collect(),
            });
        }
        return Ok(out);
    }
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut row_line = 1;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut at_line_start = true;
    let mut quoted_field = false;
    while let Some(c) = chars.next() {
        if at_line_start && c == '#' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            line += 1;
            row_line = line;
            continue;
        }
        at_line_start = false;
        match c {
            '"' if field.is_empty() && !quoted_field => {
                quoted_field = true;
                let start = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                        None => {
                            return Err(ParseError::new(
                                file,
                                Some(start),
                                "a quoted field is never closed (missing '\"')",
                            ))
                        }
                    }
                }
            }
            ',' => {
                fields.push(std::mem::take(&mut field).trim().to_string());
                quoted_field = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field).trim().to_string());
                quoted_field = false;
                if fields.iter().any(|f| !f.is_empty()) {
                    out.push(Row {
                        line: row_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                line += 1;
                row_line = line;
                at_line_start = true;
            }
            c => field.push(c),
        }
    }
    fields.push(field.trim().to_string());
    if fields.iter().any(|f| !f.is_empty()) {
        out.push(Row {
            line: row_line,
            fields,
        });
    }
    Ok(out)
}

/// Reads a TSV or CSV glossary; `file` names it in errors.
///
/// # Errors
///
/// When the header names no usable columns, a row lacks a required column,
/// or a language, status or type is not one shuyu knows.
pub fn parse(text: &str, file: Option<&Path>) -> Result<Glossary, ParseError> {
    let rows = rows(text, file)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ParseError::new(
            file,
            None,
            "the glossary has no header row and no terms",
        ));
    };
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let col = |n: &[&str]| names.iter().position(|h| n.contains(&h.as_str()));
    let err = |line: usize, msg: String| ParseError::new(file, Some(line), msg);

    let mut glossary = Glossary::new();
    if let Some(term_col) = col(&["term"]) {
        let concept_col = col(&["concept", "id", "concept_id", "entry"]).ok_or_else(|| {
            err(
                header.line,
                "the header has a `term` column but no `concept` (or `id`) column".into(),
            )
        })?;
        let lang_col = col(&["lang", "language", "locale"]).ok_or_else(|| {
            err(
                header.line,
                "the header has a `term` column but no `lang` column".into(),
            )
        })?;
        let status_col = col(&["status"]);
        let type_col = col(&["type", "termtype"]);
        let subject_col = col(&["subject", "subjectfield"]);
        let note_col = col(&["note"]);
        let not_col = col(NOT);
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in body {
            let get = |i: usize, name: &str| {
                row.fields.get(i).ok_or_else(|| {
                    err(
                        row.line,
                        format!(
                            "missing column `{name}` (the row has {} fields)",
                            row.fields.len()
                        ),
                    )
                })
            };
            let id = get(concept_col, "concept")?;
            let text = get(term_col, "term")?;
            if id.is_empty() {
                return Err(err(row.line, "empty concept id".into()));
            }
            if text.is_empty() {
                return Err(err(row.line, "empty term".into()));
            }
            let lang: Lang = get(lang_col, "lang")?
                .parse()
                .map_err(|e| err(row.line, format!("{e}")))?;
            let opt = |c: Option<usize>| {
                c.and_then(|i| row.fields.get(i))
                    .map(String::as_str)
                    .unwrap_or("")
            };
            let status = match opt(status_col).trim() {
                "" => Ok(Status::Admitted),
                v => v.parse::<Status>(),
            };
            let status = status.map_err(|_| {
                err(
                    row.line,
                    format!(
                        "unknown status {:?} (expected preferred, admitted or deprecated)",
                        opt(status_col)
                    ),
                )
            })?;
            let kind = match opt(type_col).trim() {
                "" => Ok(TermType::FullForm),
                v => v.parse::<TermType>(),
            };
            let kind = kind.map_err(|_| {
                err(row.line, format!("unknown type {:?} (expected fullForm, acronym, abbreviation, shortForm or variant)", opt(type_col)))
            })?;
            let at = *index.entry(id.clone()).or_insert_with(|| {
                glossary.concepts.push(Concept::new(id.clone()));
                glossary.concepts.len() - 1
            });
            let concept = &mut glossary.concepts[at];
            for (slot, value) in [
                (&mut concept.subject, opt(subject_col)),
                (&mut concept.note, opt(note_col)),
            ] {
                if slot.is_none() && !value.is_empty() {
                    *slot = Some(value.to_string());
                }
            }
            add_exceptions(concept, opt(not_col));
            concept.terms.push(Term {
                text: text.clone(),
                lang,
                status,
                kind,
            });
        }
        return Ok(glossary);
    }

    let mut langs = Vec::new();
    for (i, name) in header.fields.iter().enumerate() {
        if let Ok(lang) = name.parse::<Lang>() {
            langs.push((i, lang));
        }
    }
    if langs.is_empty() {
        return Err(err(
            header.line,
            format!(
                "the header {:?} names no language column and no `term` column; see `shuyu help formats` or the README for the columns",
                header.fields.join(",")
            ),
        ));
    }
    let id_col = col(&["concept", "id", "concept_id", "entry"]);
    let subject_col = col(&["subject", "subjectfield"]);
    let note_col = col(&["note"]);
    let not_col = col(NOT);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in body {
        let mut concept = Concept::new(String::new());
        for &(i, lang) in &langs {
            let cell = row.fields.get(i).map(String::as_str).unwrap_or("");
            for (k, text) in cell
                .split('|')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .enumerate()
            {
                let status = if k == 0 {
                    Status::Preferred
                } else {
                    Status::Admitted
                };
                concept
                    .terms
                    .push(Term::new(text, lang).with_status(status));
            }
        }
        if concept.terms.is_empty() {
            return Err(err(row.line, "a row with no terms".into()));
        }
        let get = |c: Option<usize>| {
            c.and_then(|i| row.fields.get(i))
                .filter(|s| !s.is_empty())
                .cloned()
        };
        let base = get(id_col).unwrap_or_else(|| {
            concept
                .terms
                .iter()
                .find(|t| t.lang == Lang::En)
                .unwrap_or(&concept.terms[0])
                .text
                .clone()
        });
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        concept.id = if *n == 1 { base } else { format!("{base}#{n}") };
        concept.subject = get(subject_col);
        concept.note = get(note_col);
        add_exceptions(&mut concept, get(not_col).as_deref().unwrap_or(""));
        glossary.concepts.push(concept);
    }
    Ok(glossary)
}

/// The names of the exceptions column.
const NOT: &[&str] = &["not", "exceptions"];

/// Adds the `|`-separated exceptions of a cell the concept lacks.
fn add_exceptions(concept: &mut Concept, cell: &str) {
    for e in cell.split('|').map(str::trim).filter(|e| !e.is_empty()) {
        if !concept.exceptions.iter().any(|x| x == e) {
            concept.exceptions.push(e.to_string());
        }
    }
}

/// Writes a glossary as one-term-per-row TSV (tabs and newlines inside
/// values become spaces), with a `not` column when a concept has
/// exceptions.
pub fn write(glossary: &Glossary) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let with_not = glossary.concepts.iter().any(|c| !c.exceptions.is_empty());
    let mut out = String::from("concept\tlang\tterm\tstatus\ttype\tsubject\tnote");
    out.push_str(if with_not { "\tnot\n" } else { "\n" });
    for c in &glossary.concepts {
        for (i, t) in c.terms.iter().enumerate() {
            let (subject, note, not) = if i == 0 {
                (
                    c.subject.as_deref().unwrap_or(""),
                    c.note.as_deref().unwrap_or(""),
                    c.exceptions.join(" | "),
                )
            } else {
                ("", "", String::new())
            };
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&c.id),
                t.lang,
                clean(&t.text),
                t.status,
                t.kind,
                clean(subject),
                clean(note)
            ));
            if with_not {
                out.push('\t');
                out.push_str(&clean(&not));
            }
            out.push('\n');
        }
    }
    out
}
