use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Failure, TextOrJson};
use crate::report::{printable, LineIndex};
use crate::{Lang, Match, Tagger};

/// Print the glossary terms found in text.
///
/// Reads each FILE (or standard input when none is given, or for `-`) and
/// prints every term of the glossary found in it, leftmost-longest: at each
/// position the longest term wins and matches never overlap.
///
/// Examples:
///   shuyu tag examples/sample.txt
///   echo '日本加入四方安全对话' | shuyu tag --format json
///   shuyu tag --glossary my.tbx chapter1.txt chapter2.txt
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// Glossary to use: TBX, TSV/CSV, .terms, or a compiled file. Default:
    /// the bundled glossary.
    #[arg(long, short = 'g', value_name = "FILE")]
    glossary: Option<PathBuf>,
    #[command(flatten)]
    matching: super::Matching,
    /// `text` for people (FILE:LINE:COL, match, concept, preferred terms);
    /// `json` prints one array per input of objects with start, end (byte
    /// offsets), line, column, text, concept, term, lang and status.
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// Print a frequency table instead of the matches: each concept found,
    /// with its count and its terms' counts, most frequent first, over all
    /// inputs.
    #[arg(long)]
    count: bool,
    /// Text files to tag (UTF-8, or UTF-16 with a BOM).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let tagger = super::tagger(args.glossary.as_deref(), args.matching.word_check(None))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.count {
        let mut count = TermCount::default();
        for batch in super::batches(&args.files) {
            for c in crate::parallel::map(&batch?, |input| {
                let mut c = TermCount::default();
                c.add(&*tagger, &input.text()?);
                Ok::<_, Failure>(c)
            }) {
                count.merge(c?);
            }
        }
        let rows = count.rows(&*tagger);
        let written = match args.format {
            TextOrJson::Text => rows.iter().try_for_each(|(concept, n, terms)| {
                write!(out, "{n:>8}  {}  (", printable(concept))?;
                for (i, (term, k)) in terms.iter().enumerate() {
                    let comma = if i == 0 { "" } else { ", " };
                    write!(out, "{comma}{} {k}", printable(term))?;
                }
                writeln!(out, ")")
            }),
            TextOrJson::Json => {
                let json: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|(c, n, terms)| {
                        let terms: Vec<_> = terms
                            .iter()
                            .map(|(t, k)| serde_json::json!({"term": t, "count": k}))
                            .collect();
                        serde_json::json!({"concept": c, "count": n, "terms": terms})
                    })
                    .collect();
                serde_json::to_writer(&mut out, &json)
                    .map_err(io::Error::from)
                    .and_then(|_| writeln!(out))
            }
        };
        super::output_result(written)?;
        return super::output_result(out.flush()).map(|_| 0);
    }
    // Each file of a batch is tagged on its own core into a buffer; the
    // buffers are written in the order the files were named.
    for batch in super::batches(&args.files) {
        let outputs = crate::parallel::map(&batch?, |input| {
            let text = input.text()?;
            let (name, mut buf) = (&input.name, Vec::new());
            match args.format {
                TextOrJson::Text => write_tag_text(&mut buf, &*tagger, name, &text),
                TextOrJson::Json => write_tag_json(&mut buf, &*tagger, name, &text),
            }
            .map_err(|e| Failure(format!("cannot write output: {e}")))?;
            Ok::<_, Failure>(buf)
        });
        let mut written = Ok(());
        for buf in outputs {
            written = out.write_all(&buf?);
            if written.is_err() {
                break;
            }
        }
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(0);
            }
            return Err(Failure(format!("cannot write output: {e}")));
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure(format!("cannot write output: {e}")))
        }
        _ => Ok(0),
    }
}

/// One match as `shuyu tag --format json` prints it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TagRecord<'a> {
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
pub(crate) fn write_tag_json<D: AsRef<[u8]>>(
    out: &mut impl Write,
    tagger: &Tagger<D>,
    file: &str,
    text: &str,
) -> io::Result<()> {
    let index = LineIndex::new(text);
    // One record at a time: a large text's matches are never all in memory.
    out.write_all(b"[")?;
    for (i, m) in tagger.find_iter(text).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &TagRecord::new(file, text, &index, &m))?;
    }
    out.write_all(b"]\n")
}

/// A concept found, how often, and how often each of its terms: a row of
/// `shuyu tag --count`.
pub(crate) type CountRow<'g> = (&'g str, usize, Vec<(&'g str, usize)>);

/// How often each term was found, over any number of texts: what `shuyu
/// tag --count` prints.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermCount {
    /// Matches per term index, of the terms found: a small text costs its
    /// matches, not a table of every term.
    per_term: std::collections::HashMap<usize, usize>,
}

impl TermCount {
    /// Counts the matches in a text: match by match, or on all cores when
    /// it is large.
    pub fn add<D: AsRef<[u8]> + Sync>(&mut self, tagger: &Tagger<D>, text: &str) {
        if Tagger::<D>::counts_in_pieces(text.len()) {
            let counts = tagger.term_counts(text);
            for (term, n) in counts.into_iter().enumerate().filter(|&(_, n)| n > 0) {
                *self.per_term.entry(term).or_default() += n;
            }
        } else {
            for m in tagger.find_iter(text) {
                *self.per_term.entry(m.term_index()).or_default() += 1;
            }
        }
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: TermCount) {
        for (term, n) in other.per_term {
            *self.per_term.entry(term).or_default() += n;
        }
    }

    /// Concepts with their total and their terms' counts, most frequent
    /// first (ties by concept id, then term).
    pub fn rows<'g, D: AsRef<[u8]>>(&self, tagger: &'g Tagger<D>) -> Vec<CountRow<'g>> {
        // Grouped by concept index: each concept's id and each term's text
        // is read once, for its row.
        let mut found: Vec<(usize, usize, usize)> = self
            .per_term
            .iter()
            .filter_map(|(&i, &n)| tagger.term(i).map(|t| (t.concept_index(), i, n)))
            .collect();
        found.sort_unstable();
        let mut rows: Vec<CountRow> = found
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(|group| {
                let concept = tagger.concept_at(group[0].0)?.id();
                let mut terms: Vec<(&str, usize)> = group
                    .iter()
                    .filter_map(|&(_, i, n)| Some((tagger.term(i)?.text(), n)))
                    .collect();
                terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let total = terms.iter().map(|t| t.1).sum();
                Some((concept, total, terms))
            })
            .collect();
        rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        rows
    }
}

/// Prints the matches in `text` for people: where, what, the concept and its
/// preferred term in each language.
///
/// # Errors
///
/// When writing fails.
pub(crate) fn write_tag_text<D: AsRef<[u8]>>(
    out: &mut impl Write,
    tagger: &Tagger<D>,
    file: &str,
    text: &str,
) -> io::Result<()> {
    let index = LineIndex::new(text);
    for m in tagger.find_iter(text) {
        let (line, column) = index.position(m.start());
        let concept = m.concept_ref();
        let mut preferred = Vec::new();
        for lang in [Lang::En, Lang::ZhCn, Lang::ZhTw] {
            let terms: Vec<&str> = concept.preferred(lang).map(|t| t.text()).collect();
            if !terms.is_empty() {
                preferred.push(format!("{lang}: {}", terms.join(" / ")));
            }
        }
        let record = format!(
            "{file}:{line}:{column}: {} [{}] {} {} → {}",
            &text[m.range()],
            m.concept(),
            m.lang(),
            m.status(),
            preferred.join("; ")
        );
        writeln!(out, "{}", printable(&record))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_count_counts_terms_most_frequent_concept_first() {
        let tagger = Tagger::bundled();
        let mut count = TermCount::default();
        count.add(tagger, "四方安全对话与四方安全對話，AUKUS");
        let rows = count.rows(tagger);
        assert_eq!(
            rows[0],
            ("quad", 2, vec![("四方安全对话", 1), ("四方安全對話", 1)])
        );
    }
}
