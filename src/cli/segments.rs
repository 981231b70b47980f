use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use super::{Failure, TextOrJson};
use shuyu::formats::bitext;

/// Print the segments shuyu reads from bilingual files.
///
/// One record per segment: id, source, target (null when absent), source and
/// target language, inline markup removed. It shows what `shuyu check` sees,
/// so it explains why a check did or did not fire.
///
/// Examples:
///   shuyu segments memory.tmx
///   shuyu segments --format json messages.zh_CN.xlf | jq '.[0]'
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// `text` (one block per segment) or `json` (one array per file).
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    #[command(flatten)]
    langs: super::LangFlags,
    /// TMX, XLIFF 1.2/2.x or TSV files, told apart by content.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<i32, Failure> {
    let langs = args.langs.langs();
    let mut out = BufWriter::new(io::stdout().lock());
    for path in &args.files {
        let segments = bitext::read(path, &langs)?;
        let written = match args.format {
            TextOrJson::Json => serde_json::to_writer(&mut out, &segments)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out)),
            TextOrJson::Text => segments.iter().try_for_each(|s| {
                writeln!(
                    out,
                    "{}:{}: [{}] {} → {}\n  source: {}\n  target: {}",
                    path.display(),
                    s.line,
                    s.id,
                    s.source_lang.as_deref().unwrap_or("?"),
                    s.target_lang.as_deref().unwrap_or("?"),
                    s.source,
                    s.target.as_deref().unwrap_or("(none)")
                )
            }),
        };
        super::output_result(written)?;
    }
    super::output_result(out.flush()).map(|_| 0)
}
