use std::path::PathBuf;

use super::{Failure, Findings};
use crate::check::{Checker, RULES};
use crate::formats::bitext::{self, Tally};
use crate::report::FileUnits;

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
///   untranslated              warning  no target, or an empty one
///
/// Languages match loosely (BCP 47 ranges): `en` finds `en-US`, `zh-Hant`
/// finds `zh-TW`, `zh_CN` is `zh-CN`. A unit that cannot be checked (no
/// language, a language the glossary lacks, no source) is counted in the
/// summary with the reason. A file that cannot be read is reported on
/// standard error and the others are checked.
///
/// Exit status: 0 no error-level finding, 1 some, 2 bad usage, an unreadable
/// input, or a run that could check no unit at all.
///
/// Examples:
///   shuyu check translations/
///   shuyu check --format sarif --severity count-mismatch=error memory.tmx > shuyu.sarif
///   shuyu check --write-baseline .shuyu-baseline.json xliff/   # adopt today
///   shuyu check --baseline .shuyu-baseline.json xliff/         # fail only on new findings
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    findings: Findings,
    #[command(flatten)]
    langs: super::LangFlags,
    /// Skip paths matching this glob (`*`, `**`, `?`; a glob without `/`
    /// matches a file name at any depth). Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Follow symbolic links inside folders (a link back to a folder being
    /// searched is passed over).
    #[arg(long)]
    follow: bool,
    /// Files and folders to check.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let tagger = super::tagger(args.findings.glossary.as_deref())?;
    let severities = args.findings.severities(RULES)?;
    let langs = args.langs.glossary_langs()?;
    let mut checker = Checker::new(&*tagger).with_severities(severities);
    let mut unreadable = super::Unreadable::default();
    let files = super::collect(
        &args.paths,
        bitext::EXTENSIONS,
        &args.exclude,
        args.follow,
        &mut unreadable,
    );
    let mut run = args.findings.start(RULES, "segment")?;
    let mut tally = Tally::default();
    for path in files {
        let read = match bitext::read(&path, &langs) {
            Ok(read) => read,
            Err(e) => {
                unreadable.report(&e);
                continue;
            }
        };
        let name = path.display().to_string();
        for s in &read.skipped {
            tally.skip(&s.reason);
        }
        let mut segments = read.segments;
        segments.retain(|seg| match checker.skip_reason(seg) {
            Some(reason) => {
                tally.skip(&reason);
                false
            }
            None => true,
        });
        tally.used(segments.len());
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
    let checked = tally.used;
    let summary_tally = tally.clone();
    let code = run.finish_with(Some(tally))?;
    if checked == 0 && unreadable.count() == 0 {
        eprintln!(
            "shuyu: nothing was checked: {}",
            summary_tally.line_as("checked")
        );
        return Ok(2);
    }
    Ok(unreadable.exit_code(code))
}
