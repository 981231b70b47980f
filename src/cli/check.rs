use std::path::PathBuf;

use super::{Failure, Findings};
use shuyu::check::{Checker, RULES};
use shuyu::formats::bitext;
use shuyu::report::FileUnits;

/// Check that translations use the glossary's approved terms.
///
/// Reads TMX, XLIFF 1.2/2.x and TSV (`id<TAB>source<TAB>target`) files, and
/// the bilingual files in folders (recursively), and reports per segment:
///
///   missing-term              error    source has a term, target none of its approved translations
///   deprecated-term           error    target uses a deprecated term
///   wrong-locale              error    zh-CN target uses a zh-TW-only term, or the reverse
///   count-mismatch            warning  source has a concept more times than the target
///   extra-term                note     target has a concept the source does not
///   inconsistent-translation  warning  same source translated differently in this run
///
/// Exit status: 0 no error-level finding, 1 some, 2 bad usage or an
/// unreadable input.
///
/// Examples:
///   shuyu check translations/
///   shuyu check --format sarif --severity count-mismatch=error memory.tmx > shuyu.sarif
///   shuyu check --write-baseline .shuyu-baseline.json xliff/   # adopt today
///   shuyu check --baseline .shuyu-baseline.json xliff/         # fail only on new findings
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    findings: Findings,
    #[command(flatten)]
    langs: super::LangFlags,
    /// Files and folders to check.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<i32, Failure> {
    let tagger = super::tagger(args.findings.glossary.as_deref())?;
    let severities = args.findings.severities(RULES)?;
    let langs = args.langs.glossary_langs()?;
    let mut checker = Checker::new(&*tagger).with_severities(severities);
    let files = bitext::collect_files(&args.paths)?;
    let mut run = args.findings.start(RULES, "segment")?;
    for path in files {
        let segments = bitext::read(&path, &langs)?;
        let name = path.display().to_string();
        let units = FileUnits {
            file: name.clone(),
            units: segments.iter().map(|s| s.id.clone()).collect(),
        };
        // Block by block, each on all cores: a file with a million
        // findings streams, in segment order.
        run.begin_file(&units);
        for block in segments.chunks(4096) {
            for findings in checker.check_many(&name, block) {
                run.findings(findings)?;
            }
        }
        run.end_file()?;
    }
    run.finish()
}
