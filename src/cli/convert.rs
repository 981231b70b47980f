use std::path::PathBuf;

use clap::ValueEnum;

use super::Failure;
use crate::formats::{self, GlossaryFormat};

/// Convert a glossary between TBX, TSV and the .terms text format.
///
/// The output format comes from --to, or else from the output's extension
/// (.tbx, .tsv, .terms). TBX is written as TBX-Basic, which CAT tools import.
///
/// Examples:
///   shuyu convert glossary/us-japan-alliance.terms -o alliance.tbx
///   shuyu convert weblate.tbx --to terms -o -
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// The glossary to read: TBX, TSV/CSV or .terms. Default: the bundled one.
    #[arg(value_name = "GLOSSARY")]
    glossary: Option<PathBuf>,
    /// Where to write; `-` for standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// The output format; default: from the output's extension.
    #[arg(long, value_enum)]
    to: Option<To>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum To {
    Tbx,
    Tsv,
    Terms,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let glossary = match &args.glossary {
        Some(path) => super::read_glossary(path)?,
        None => crate::Glossary::bundled(),
    };
    let to = match args.to {
        Some(to) => to,
        None => match GlossaryFormat::from_extension(&args.output) {
            Some(GlossaryFormat::Tbx) => To::Tbx,
            Some(GlossaryFormat::Tsv) => To::Tsv,
            Some(GlossaryFormat::Terms) => To::Terms,
            None => {
                return Err(Failure(format!(
                    "{}: cannot tell the output format from the extension; use --to tbx|tsv|terms",
                    args.output.display()
                )))
            }
        },
    };
    let others = glossary.other_term_count();
    if others > 0 && !matches!(to, To::Tbx) {
        eprintln!(
            "shuyu: {} term{} in other languages not written: TSV and .terms hold en and zh only (convert to TBX to keep them)",
            others,
            if others == 1 { "" } else { "s" }
        );
    }
    let text = match to {
        To::Tbx => formats::tbx::write(&glossary),
        To::Tsv => formats::tsv::write(&glossary),
        To::Terms => formats::terms::write(&glossary),
    };
    super::write_output(&args.output, text.as_bytes())?;
    Ok(0)
}
