use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use super::{Failure, TextOrJson};

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
    let tagger = super::tagger(args.glossary.as_deref())?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.count {
        let mut count = crate::report::TermCount::default();
        for batch in super::batches(&args.files) {
            for c in crate::parallel::map(&batch?, |(_, text)| {
                let mut c = crate::report::TermCount::default();
                c.add(&*tagger, text);
                c
            }) {
                count.merge(c);
            }
        }
        let rows = count.rows(&*tagger);
        let written = match args.format {
            TextOrJson::Text => rows.iter().try_for_each(|(concept, n, terms)| {
                let terms: Vec<String> = terms.iter().map(|(t, k)| format!("{t} {k}")).collect();
                writeln!(out, "{n:>8}  {concept}  ({})", terms.join(", "))
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
        let outputs = crate::parallel::map(&batch?, |(name, text)| {
            let mut buf = Vec::new();
            match args.format {
                TextOrJson::Text => crate::report::write_tag_text(&mut buf, &*tagger, name, text),
                TextOrJson::Json => crate::report::write_tag_json(&mut buf, &*tagger, name, text),
            }
            .map(|_| buf)
        });
        let written = outputs
            .into_iter()
            .try_for_each(|buf| buf.and_then(|b| out.write_all(&b)));
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
