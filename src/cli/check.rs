use std::path::PathBuf;

use super::{Failure, Findings};
use crate::check::{Checker, RULES};
use crate::formats::bitext::{self, Tally};
use crate::report::{FileUnits, RuleInfo};

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
///   number-mismatch           error    numbers differ (3.2万 is 32,000; 8月 is August)
///   tag-mismatch              error    inline codes or placeholders ({0}, %s) differ
///   same-as-source            warning  the target is the source, untranslated
///   punctuation               warning  ASCII ,.;:?!() between Chinese characters, full-width in English, unpaired 《》
///   inconsistent-source       warning  same target for different sources in this run
///
/// and the rules of your own in shuyu.toml ([[rule]] with target-forbid or
/// target-require-if-source regular expressions). Settings (glossary,
/// source-lang, target-lang, [severity], exclude, rules) come from the
/// nearest shuyu.toml of each file and those above it; flags win.
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
    #[command(flatten)]
    config: super::settings::ConfigFlags,
    /// Files and folders to check.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

/// What one configuration checks with: its tagger's index among the
/// run's, severities, languages and rules.
struct Setup {
    tagger: usize,
    severities: crate::report::Severities,
    langs: bitext::Langs,
    rules: Vec<crate::qa::UserRule>,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let settings = super::settings::Settings::new(&args.config)?;
    let mut unreadable = super::Unreadable::default();
    let files = settings.collect(
        &args.paths,
        bitext::EXTENSIONS,
        &args.config,
        &mut unreadable,
    )?;
    // Each file's configuration, and one setup per distinct configuration.
    let flag_langs = args.langs.glossary_langs()?;
    let (configs, file_setup) = settings.group(&files)?;
    // Every rule any configuration adds, so the report lists them all; a
    // process-long list, made once.
    let mut infos: Vec<RuleInfo> = RULES.to_vec();
    let mut rules_of = Vec::with_capacity(configs.len());
    for c in &configs {
        let rules = c.user_rules(RULES)?;
        for r in &rules {
            if !infos.iter().any(|i| i.id == r.id()) {
                infos.push(RuleInfo {
                    id: Box::leak(r.id().to_string().into_boxed_str()),
                    description: "A rule of shuyu.toml.",
                    default: r.level(),
                });
            }
        }
        rules_of.push(rules);
    }
    let infos: &'static [RuleInfo] = Box::leak(infos.into_boxed_slice());
    let mut glossaries: Vec<(Option<PathBuf>, bool)> = Vec::new();
    let mut setups = Vec::with_capacity(configs.len());
    for (c, rules) in configs.iter().zip(rules_of) {
        let glossary = args.findings.glossary.clone().or(c.glossary.clone());
        let (source, target) = c.langs()?;
        setups.push(Setup {
            tagger: super::settings::intern(
                &mut glossaries,
                (glossary, args.findings.matching.word_check(c.word_check)),
            ),
            severities: args.findings.over(c.severities(infos)?)?,
            langs: bitext::Langs {
                source: flag_langs.source.clone().or(source),
                target: flag_langs.target.clone().or(target),
            },
            rules,
        });
    }
    let taggers = glossaries
        .iter()
        .map(|(g, word_check)| super::tagger(g.as_deref(), *word_check))
        .collect::<Result<Vec<_>, _>>()?;
    let (mut checkers, langs): (Vec<Checker<'_, Vec<u8>>>, Vec<bitext::Langs>) = setups
        .into_iter()
        .map(|s| {
            let checker = Checker::new(&*taggers[s.tagger])
                .with_severities(s.severities)
                .with_user_rules(s.rules);
            (checker, s.langs)
        })
        .unzip();

    let mut run = args.findings.start(infos, "segment")?;
    let preparers: Vec<Checker<'_, Vec<u8>>> = checkers.iter().map(Checker::rules_only).collect();
    let mut tally = Tally::default();
    for (path, &at) in files.iter().zip(&file_setup) {
        let checker = &mut checkers[at];
        let name = path.display().to_string();
        checker.start_file();
        let checked = match read_checked(&preparers[at], checker, path, &langs[at], &name) {
            Ok(checked) => checked,
            Err(e) => {
                // What the file's first blocks added to the consistency
                // rules' memory goes with it: it is as if never read.
                checker.forget_file();
                unreadable.report(&e);
                continue;
            }
        };
        tally.merge(&checked.tally);
        run.begin_file(&FileUnits {
            file: name,
            units: checked.units,
        });
        for findings in checked.findings {
            run.findings(findings)?;
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

/// A bilingual file checked: its units' ids, the findings of each usable
/// segment in order, and what was read and skipped.
struct Checked {
    units: Vec<String>,
    findings: Vec<Vec<crate::report::Finding>>,
    tally: Tally,
}

/// Checks a bilingual file in stages that overlap: a thread reads it block
/// by block; one thread per core, living as long as the file, prepares
/// whole blocks (`preparer`: each segment's own rules; threads started per
/// block began each with cold allocator caches); this one concludes the
/// prepared blocks in order (`checker`: the consistency rules, which
/// remember segments) and lets their segments go. The findings wait until
/// the whole file has been read, so that an unreadable file reports
/// nothing; what it added to `checker`'s memory is the caller's to forget.
fn read_checked(
    preparer: &Checker<'_, Vec<u8>>,
    checker: &mut Checker<'_, Vec<u8>>,
    path: &std::path::Path,
    langs: &bitext::Langs,
    name: &str,
) -> Result<Checked, crate::formats::ParseError> {
    let workers = crate::parallel::threads();
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, bitext::Bitext)>(workers);
    let (prepared, to_conclude) = std::sync::mpsc::sync_channel::<PreparedBlock>(workers);
    let receive = std::sync::Mutex::new(receive);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut n = 0;
            bitext::read_in_blocks(path, langs, BLOCK, &mut |block| {
                // The receivers end only with this scope.
                let _ = send.send((n, block));
                n += 1;
            })
        });
        for _ in 0..workers {
            let (receive, prepared) = (&receive, prepared.clone());
            s.spawn(move || loop {
                // The lock is held while waiting for the next block only.
                let next = receive.lock().map(|r| r.recv());
                let Ok(Ok((n, block))) = next else { break };
                let mut tally = Tally::default();
                let segments = preparer.usable(block, &mut tally);
                let block = segments
                    .iter()
                    .map(|seg| preparer.prepare(name, seg))
                    .collect();
                // The calling thread concludes until every sender is dropped.
                let _ = prepared.send(PreparedBlock {
                    n,
                    segments,
                    block,
                    tally,
                });
            });
        }
        drop(prepared);
        let (mut units, mut findings, mut tally) = (Vec::new(), Vec::new(), Tally::default());
        // Blocks prepared out of turn wait for those before them.
        let (mut waiting, mut next) = (std::collections::BTreeMap::new(), 0);
        for block in to_conclude {
            waiting.insert(block.n, block);
            while let Some(b) = waiting.remove(&next) {
                tally.merge(&b.tally);
                findings.extend(checker.conclude(name, &b.segments, b.block));
                units.extend(b.segments.into_iter().map(|seg| seg.id));
                next += 1;
            }
        }
        let read = reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        read.map(|()| Checked {
            units,
            findings,
            tally,
        })
    })
}

/// A block of segments, the `n`th read, with their own rules' findings
/// prepared and what reading it left out.
struct PreparedBlock {
    n: usize,
    segments: Vec<bitext::Segment>,
    block: Vec<crate::check::Prepared>,
    tally: Tally,
}

/// How many segments are read, prepared and reported at a time.
const BLOCK: usize = 4096;
