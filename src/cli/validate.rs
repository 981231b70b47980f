use std::path::PathBuf;

use super::{Failure, Findings};
use crate::report::FileUnits;
use crate::validate::{validate, RULES};

/// Check a glossary itself, for its own CI.
///
///   duplicate-concept  error    two concepts share an id
///   ambiguous-term     error    one normalised term in two concepts of a language
///   preferred-term     error    no preferred term in a language, or two
///   script-mismatch    error    zh-CN term with Traditional-only characters, or zh-TW with Simplified-only
///   acronym-case       warning  acronyms of two concepts differ only by case
///
/// Exit status: 0 no error-level finding, 1 some, 2 bad usage or an
/// unreadable glossary.
///
/// Examples:
///   shuyu validate                      # the bundled glossary
///   shuyu validate terms.tbx --format github
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    findings: Findings,
    /// The glossary to check (TBX, TSV/CSV, .terms); default: the bundled
    /// one. The same as --glossary.
    #[arg(value_name = "GLOSSARY")]
    file: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let path = args.file.as_ref().or(args.findings.glossary.as_ref());
    let (glossary, notices, name) = match path {
        Some(p) => {
            let bytes = crate::formats::read_file(p)?;
            let (glossary, notices) = crate::formats::read_glossary_noting(&bytes, p)?;
            (glossary, notices, p.display().to_string())
        }
        None => (
            crate::Glossary::bundled(),
            Vec::new(),
            crate::bundled::PATH.to_string(),
        ),
    };
    let severities = args.findings.severities(RULES)?;
    let mut findings = crate::validate::notices(&notices, &name, &severities);
    findings.extend(validate(&glossary, &name, &severities));
    let units = FileUnits {
        file: name,
        units: glossary.concepts.iter().map(|c| c.id.clone()).collect(),
    };
    let mut run = args.findings.start(RULES, "concept")?;
    run.file(&units, findings)?;
    run.finish()
}
