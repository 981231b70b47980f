//! Positions and printers for what the command line reports.

use std::io::{self, Write};

use serde::Serialize;

use crate::glossary::Lang;
use crate::tagger::{Match, Tagger};

/// Maps byte offsets of a text to 1-based lines and columns (columns count
/// characters, as editors do).
///
/// ```
/// let text = "第一行\nJ-JOC 在此";
/// let index = shuyu::report::LineIndex::new(text);
/// assert_eq!(index.position(text.find("J-JOC").unwrap()), (2, 1));
/// assert_eq!(index.position(text.find("在").unwrap()), (2, 7));
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// One match as `shuyu tag --format json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct TagRecord<'a> {
    /// The input's name (`-` for standard input).
    pub file: &'a str,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based character column of the start.
    pub column: usize,
    /// The text matched, as written.
    pub text: &'a str,
    /// The concept id.
    pub concept: &'a str,
    /// The glossary term matched.
    pub term: &'a str,
    /// The term's language.
    pub lang: Lang,
    /// The term's status.
    pub status: crate::Status,
}

impl<'a> TagRecord<'a> {
    /// The record of a match in `text`.
    pub fn new(
        file: &'a str,
        text: &'a str,
        index: &LineIndex<'_>,
        m: &Match<'a>,
    ) -> TagRecord<'a> {
        let (line, column) = index.position(m.start());
        TagRecord {
            file,
            start: m.start(),
            end: m.end(),
            line,
            column,
            text: &text[m.range()],
            concept: m.concept(),
            term: m.term(),
            lang: m.lang(),
            status: m.status(),
        }
    }
}

/// Prints the matches in `text` as one JSON array on one line.
///
/// # Errors
///
/// When writing fails.
pub fn write_tag_json<D: AsRef<[u8]>>(
    out: &mut impl Write,
    tagger: &Tagger<D>,
    file: &str,
    text: &str,
) -> io::Result<()> {
    let index = LineIndex::new(text);
    let records: Vec<TagRecord<'_>> = tagger
        .find_iter(text)
        .map(|m| TagRecord::new(file, text, &index, &m))
        .collect();
    serde_json::to_writer(&mut *out, &records)?;
    writeln!(out)
}

/// Prints the matches in `text` for people: where, what, the concept and its
/// preferred term in each language.
///
/// # Errors
///
/// When writing fails.
pub fn write_tag_text<D: AsRef<[u8]>>(
    out: &mut impl Write,
    tagger: &Tagger<D>,
    file: &str,
    text: &str,
) -> io::Result<()> {
    let index = LineIndex::new(text);
    for m in tagger.find_iter(text) {
        let (line, column) = index.position(m.start());
        let concept = tagger.concept_at(m.term_ref().concept_index());
        let mut preferred = Vec::new();
        if let Some(c) = concept {
            for lang in [Lang::En, Lang::ZhCn, Lang::ZhTw] {
                let terms: Vec<&str> = c.preferred(lang).map(|t| t.text()).collect();
                if !terms.is_empty() {
                    preferred.push(format!("{lang}: {}", terms.join(" / ")));
                }
            }
        }
        writeln!(
            out,
            "{file}:{line}:{column}: {} [{}] {} {} → {}",
            &text[m.range()],
            m.concept(),
            m.lang(),
            m.status(),
            preferred.join("; ")
        )?;
    }
    Ok(())
}
