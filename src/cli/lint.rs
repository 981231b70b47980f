use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, Findings};
use crate::formats::document::{Document, DocumentFormat};
use crate::lint::{self, Linter, RULES};
use crate::report::{FileUnits, Severity, Summary};
use crate::Lang;

/// Check documents before they are published: wrong and deprecated terms.
///
/// Reads Markdown, HTML, Word (.docx) and text files (standard input with
/// `-`), and folders of them recursively, and reports for a document in
/// --locale L:
///
///   deprecated-term  error  a deprecated term (核心伙伴关系 for CoRe)
///   wrong-locale     error  a term of the other Chinese locale (川普 or 人工智慧 in zh-CN)
///   non-preferred    info   an admitted term where a preferred one exists (shown with --level info)
///
/// Code, front matter, link addresses and HTML comments are never checked.
/// `<!-- shuyu-disable-next-line -->` and `<!-- shuyu-disable -->` …
/// `<!-- shuyu-enable -->` silence findings. Settings (glossary, locale,
/// level, [severity], exclude) come from the nearest shuyu.toml of each
/// document and those above it, so folders in different locales lint in
/// one run; flags win (see the README).
///
/// Exit status: 0 no error-level finding, 1 some, 2 bad usage or an
/// unreadable input.
///
/// Examples:
///   shuyu lint --locale zh-CN article.md
///   shuyu lint --locale zh-TW --fix posts/
///   shuyu lint --locale zh-CN --diff article.md | less
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    findings: Findings,
    /// The documents' locale: zh-CN, zh-TW or en (default: shuyu.toml's).
    #[arg(long, short = 'l', value_name = "LOCALE")]
    locale: Option<String>,
    /// The lowest severity reported: error, warning, note (default) or info.
    #[arg(long, value_name = "LEVEL")]
    level: Option<String>,
    /// Replace each finding that has exactly one suggestion, in place
    /// (Markdown, HTML, text; nothing else in the file changes).
    #[arg(long)]
    fix: bool,
    /// Print the fixes as a unified diff instead of writing them; the
    /// findings still count (exit 1 while errors remain in the file).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    #[command(flatten)]
    config: super::settings::ConfigFlags,
    /// How to read standard input and files of unknown type.
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    read_as: Option<DocumentFormat>,
    /// Files and folders to check; `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

/// What the documents of one configuration are linted with.
struct Setup {
    tagger: usize,
    locale: Lang,
    severities: crate::report::Severities,
    level: Severity,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let settings = super::settings::Settings::new(&args.config)?;
    let mut unreadable = super::Unreadable::default();
    let extensions = crate::formats::document::EXTENSIONS;
    let paths = settings.collect(&args.paths, extensions, &args.config, &mut unreadable)?;
    // One setup per distinct configuration.
    let (configs, path_setup) = settings.group(&paths)?;
    let mut glossaries: Vec<(Option<PathBuf>, bool)> = Vec::new();
    let mut setups = Vec::new();
    for c in &configs {
        let glossary = args.findings.glossary.clone().or(c.glossary.clone());
        let word_check = args.findings.matching.word_check(c.word_check);
        let tagger = super::settings::intern(&mut glossaries, (glossary, word_check));
        let locale = match &args.locale {
            Some(tag) => Some(
                tag.parse::<Lang>()
                    .map_err(|e| Failure(format!("--locale: {e}")))?,
            ),
            None => c.locale()?,
        };
        let locale = locale.ok_or_else(|| {
            Failure("no locale: pass --locale zh-CN|zh-TW|en, or set `locale` in shuyu.toml".into())
        })?;
        let level = match &args.level {
            Some(l) => Severity::parse_level(l)
                .map_err(|e| Failure(format!("--level: {e}")))?
                .unwrap_or(Severity::Error),
            None => c.level()?.unwrap_or(Severity::Note),
        };
        setups.push(Setup {
            tagger,
            locale,
            severities: args.findings.over(c.severities(RULES)?)?,
            level,
        });
    }
    let taggers = glossaries
        .iter()
        .map(|(g, word_check)| super::tagger(g.as_deref(), *word_check))
        .collect::<Result<Vec<_>, _>>()?;
    let linters: Vec<Linter<'_, Vec<u8>>> = setups
        .iter()
        .map(|s| Linter::new(&*taggers[s.tagger], s.locale).with_severities(s.severities.clone()))
        .collect();
    let jobs: Vec<(PathBuf, usize)> = paths.into_iter().zip(path_setup).collect();

    // With --diff the diff is the output, and the findings left only count.
    let mut run = if args.diff {
        None
    } else {
        Some(args.findings.start(RULES, "document")?)
    };
    let mut summary = Summary::default();
    let mut cannot_fix = false;
    // Documents are read and linted a batch at a time on all cores, then
    // fixed and reported in order.
    let linted = jobs.chunks(super::batch_size()).flat_map(|batch| {
        crate::parallel::map(batch, |(path, at)| {
            // What the file was when read: --fix replaces only that.
            let stamp = crate::rewrite::Unchanged::of(path).ok();
            let doc = read(path, args.read_as)?;
            let level = setups[*at].level;
            let findings: Vec<_> = linters[*at]
                .lint(&path.display().to_string(), &doc)
                .into_iter()
                .filter(|f| f.severity <= level)
                .collect();
            Ok::<_, Failure>((path.clone(), stamp, doc, findings))
        })
    });
    for result in linted {
        let (path, stamp, doc, mut findings) = match result {
            Ok(linted) => linted,
            Err(Failure(e)) => {
                unreadable.report(&e);
                continue;
            }
        };
        let name = path.display().to_string();
        let edits = if args.fix || args.diff {
            lint::fixes(&findings)
        } else {
            Vec::new()
        };
        if args.fix && doc.format == DocumentFormat::Docx && !findings.is_empty() {
            // Word findings carry no span (lint.rs): a .docx is not rewritten.
            let n = findings.len();
            let s = if n == 1 { "" } else { "s" };
            eprintln!("shuyu: cannot fix .docx: {n} finding{s} left in {name}");
            cannot_fix = true;
        }
        if !edits.is_empty() && path.as_os_str() != "-" {
            if args.diff {
                // The diff is not applied: its findings still count.
                let diff = lint::unified_diff(&name, &doc.text, &edits);
                super::output_result(std::io::stdout().lock().write_all(diff.as_bytes()))?;
            } else {
                let fixed = doc.encoding.encode(&lint::apply(&doc.text, &edits));
                let written = crate::rewrite::rewrite(&path, stamp, |w| w.write_all(&fixed));
                if let Err(e) = written {
                    unreadable.report(&format!("{name}: cannot write: {e}"));
                    continue;
                }
                eprintln!("shuyu: fixed {} in {name}", edits.len());
                // What was fixed is reported no more.
                let done: std::collections::HashSet<(usize, usize)> =
                    edits.iter().map(|(r, _)| (r.start, r.end)).collect();
                findings.retain(|f| f.span.is_none_or(|span| !done.contains(&span)));
            }
        }
        if args.fix && doc.format != DocumentFormat::Docx {
            let ambiguous = findings
                .iter()
                .filter(|f| !f.suggestions.is_empty())
                .count();
            if ambiguous > 0 {
                eprintln!("shuyu: {name}: not fixed: {ambiguous} (ambiguous)");
            }
        }
        let units = FileUnits {
            file: name,
            units: Vec::new(),
        };
        match &mut run {
            Some(run) => run.file(&units, findings)?,
            None => summary.add(&units, &findings),
        }
    }
    let code = match run {
        Some(run) => run.finish()?,
        None => {
            eprintln!("shuyu: {}", summary.line("document"));
            i32::from(summary.has_errors())
        }
    };
    let code = if cannot_fix { code.max(1) } else { code };
    Ok(unreadable.exit_code(code))
}

fn read(path: &Path, forced: Option<DocumentFormat>) -> Result<Document, Failure> {
    if path.as_os_str() == "-" {
        let bytes = crate::formats::read_stdin()?;
        let stdin = Path::new(crate::formats::STDIN);
        return Ok(Document::parse(
            &bytes,
            forced.unwrap_or(DocumentFormat::Text),
            Some(stdin),
        )?);
    }
    let format = match (DocumentFormat::from_path(path), forced) {
        (DocumentFormat::Text, Some(f)) => f,
        (detected, _) => detected,
    };
    let bytes = crate::formats::read_bytes(path)?;
    Ok(Document::parse(&bytes, format, Some(path))?)
}
