use std::path::PathBuf;

use super::Failure;

/// Compile a glossary into the form the tagger loads in milliseconds.
///
/// The compiled file holds the normalised fst and term tables; pass it to
/// --glossary of any command to skip parsing and compiling.
///
/// Example:
///   shuyu compile glossary/us-japan-alliance.terms -o alliance.shuyu
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// The glossary: TBX, TSV/CSV or .terms.
    #[arg(value_name = "GLOSSARY")]
    glossary: PathBuf,
    /// Where to write the compiled glossary; `-` for standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let tagger = crate::Tagger::open(&args.glossary)?;
    super::write_output(&args.output, tagger.as_bytes())?;
    eprintln!(
        "shuyu: compiled {} concepts, {} terms into {} ({} bytes)",
        tagger.concept_count(),
        tagger.term_count(),
        args.output.display(),
        tagger.as_bytes().len()
    );
    Ok(0)
}
