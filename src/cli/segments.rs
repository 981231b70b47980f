use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use super::{Failure, TextOrJson};
use crate::formats::bitext::{self, Tally};

/// Print the segments shuyu reads from bilingual files.
///
/// One record per segment: id, source, target (null when absent), source and
/// target language, inline markup removed, and the XLIFF state and approval
/// when the file has them. It shows what `shuyu check` sees, so it explains
/// why a check did or did not fire. Units that give no segment are listed
/// on standard error with the reason, and counted in the summary there.
///
/// Examples:
///   shuyu segments memory.tmx
///   shuyu segments --format json messages.zh_CN.xlf | jq '.[0]'
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// `text` (one block per segment) or `json` (one array per file).
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    #[command(flatten)]
    langs: super::LangFlags,
    /// TMX, XLIFF 1.2/2.x or TSV files, told apart by content.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let langs = args.langs.langs();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut unreadable = super::Unreadable::default();
    let mut tally = Tally::default();
    for path in &args.files {
        let read = match bitext::read(path, &langs) {
            Ok(read) => read,
            Err(e) => {
                unreadable.report(&e);
                continue;
            }
        };
        tally.used(read.segments.len());
        for s in &read.skipped {
            tally.skip(&s.reason);
            eprintln!(
                "shuyu: {}:{}: unit {} skipped: {}",
                path.display(),
                s.line,
                s.id,
                s.reason
            );
        }
        let segments = &read.segments;
        let written = match args.format {
            TextOrJson::Json => serde_json::to_writer(&mut out, segments)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out)),
            TextOrJson::Text => segments.iter().try_for_each(|s| {
                let mut status = String::new();
                if let Some(state) = &s.state {
                    status.push_str(&format!(" (state: {state})"));
                }
                if let Some(approved) = s.approved {
                    status.push_str(if approved {
                        " (approved)"
                    } else {
                        " (not approved)"
                    });
                }
                let head = format!(
                    "{}:{}: [{}] {} → {}{status}",
                    path.display(),
                    s.line,
                    s.id,
                    s.source_lang.as_deref().unwrap_or("?"),
                    s.target_lang.as_deref().unwrap_or("?"),
                );
                // Each line through `printable`: a segment's own line
                // breaks and control characters are shown, not sent.
                use crate::report::printable;
                writeln!(
                    out,
                    "{}\n  source: {}\n  target: {}",
                    printable(&head),
                    printable(&s.source),
                    printable(s.target.as_deref().unwrap_or("(none)"))
                )
            }),
        };
        super::output_result(written)?;
    }
    super::output_result(out.flush())?;
    eprintln!("shuyu: {}", tally.line_as("shown"));
    Ok(unreadable.exit_code(0))
}
