//! The `shuyu` command line (feature `cli`): flags, dispatch and exit codes. Each subcommand's file parses nothing and
//! matches nothing itself: it calls the library and prints.
//!
//! Exit codes: 0 success, 1 a finding at error level (for the checking
//! commands), 2 bad usage or an input that cannot be read.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::report::{self, FileUnits, RuleInfo, Severities};
use baseline::{Baseline, Budget};
use clap::{Parser, Subcommand, ValueEnum};

mod baseline;
mod check;
mod compile;
mod config;
mod convert;
mod extract;
mod lint;
mod segments;
mod settings;
mod tag;
mod tm;
mod validate;

/// Bilingual Chinese/English terminology: tag glossary terms in text,
/// through full-width letters, dash variants, spacing, case, plurals and
/// Simplified/Traditional script.
///
/// Without --glossary every command uses the bundled glossary of US–Japan
/// alliance vocabulary. A glossary may be TBX, TSV/CSV, shuyu's .terms text
/// format, or a file compiled with `shuyu compile`.
#[derive(Parser, Debug)]
#[command(name = "shuyu", version, about, long_about, propagate_version = true)]
struct Cli {
    /// The largest input file to read, in bytes or with K, M or G (1024-
    /// based); larger files, and devices that never end, are errors.
    #[arg(long, global = true, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    max_file_size: u64,
    #[command(subcommand)]
    command: Command,
}

/// A size such as `1G`, `500M`, `64K` or `1048576`.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last() {
        Some((i, 'K' | 'k')) => (&s[..i], 10),
        Some((i, 'M' | 'm')) => (&s[..i], 20),
        Some((i, 'G' | 'g')) => (&s[..i], 30),
        _ => (s, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("{s:?} is not a size (a number of bytes, or with K, M or G)"))
}

#[derive(Subcommand, Debug)]
enum Command {
    Tag(tag::Args),
    Check(check::Args),
    Lint(lint::Args),
    Validate(validate::Args),
    Compile(compile::Args),
    Convert(convert::Args),
    Extract(extract::Args),
    Segments(segments::Args),
    Tm(tm::Args),
    Config(config::Args),
}

/// An error that ends a command with exit code 2; its message names the file.
pub(crate) struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

/// Runs the command line on the process's arguments and returns the exit
/// code: 0 success, 1 a finding at error level, 2 bad usage or an input
/// that cannot be read.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    crate::formats::set_max_file_size(cli.max_file_size);
    let result = match cli.command {
        Command::Tag(args) => tag::run(args),
        Command::Check(args) => check::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Segments(args) => segments::run(args),
        Command::Tm(args) => tm::run(args),
        Command::Config(args) => config::run(args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("shuyu: {msg}");
            2
        }
    }
}

/// Maps a write to standard output: a closed pipe (`| head`) ends quietly,
/// any other failure is an error.
pub(crate) fn output_result<T>(result: std::io::Result<T>) -> Result<T, Failure> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Failure(format!("cannot write output: {e}"))),
        Ok(t) => Ok(t),
    }
}

/// Inputs a run could not read: each is reported on standard error as it is
/// met, the run goes on with the others, and ends with exit code 2.
#[derive(Debug, Default)]
pub(crate) struct Unreadable(usize);

impl Unreadable {
    /// Reports one input that could not be read.
    pub(crate) fn report(&mut self, e: &dyn std::fmt::Display) {
        eprintln!("shuyu: {e}");
        self.0 += 1;
    }

    /// How many were reported.
    pub(crate) fn count(&self) -> usize {
        self.0
    }

    /// The run's exit code: 2 when an input could not be read, else `code`.
    pub(crate) fn exit_code(&self, code: i32) -> i32 {
        if self.0 > 0 {
            eprintln!(
                "shuyu: {} input{} could not be read",
                self.0,
                if self.0 == 1 { "" } else { "s" }
            );
            2
        } else {
            code
        }
    }
}

/// The files a walk finds under `paths`; paths that cannot be read are
/// reported to `unreadable`.
pub(crate) fn collect_walking(
    paths: &[PathBuf],
    how: &crate::formats::files::Walk<'_>,
    unreadable: &mut Unreadable,
) -> Vec<PathBuf> {
    let mut errors = Vec::new();
    let files = crate::formats::files::collect_files(paths, how, &mut errors);
    for e in &errors {
        unreadable.report(e);
    }
    files
}

/// Reads a glossary file and tells the user what the reader changed.
pub(crate) fn read_glossary(path: &Path) -> Result<crate::Glossary, Failure> {
    let bytes = crate::formats::read_file(path)?;
    let (glossary, notices) = crate::formats::read_glossary_noting(&bytes, path)?;
    for note in crate::formats::glossary_notes(path, &glossary, &notices) {
        eprintln!("shuyu: {note}");
    }
    Ok(glossary)
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The tagger of `--glossary`, or the bundled one, with the Chinese word
/// check on or off.
pub(crate) fn tagger(
    glossary: Option<&Path>,
    word_check: bool,
) -> Result<std::borrow::Cow<'static, crate::Tagger>, Failure> {
    let tagger = match glossary {
        Some(path) => {
            let (tagger, notes) = crate::Tagger::open_noting(path)?;
            for note in notes {
                eprintln!("shuyu: {note}");
            }
            std::borrow::Cow::Owned(tagger)
        }
        None => std::borrow::Cow::Borrowed(crate::Tagger::bundled()),
    };
    Ok(if word_check == tagger.word_check() {
        tagger
    } else {
        std::borrow::Cow::Owned(tagger.into_owned().with_word_check(word_check))
    })
}

/// How every command that tags matches.
#[derive(clap::Args, Debug)]
pub(crate) struct Matching {
    /// Match every occurrence of a glossary key. By default a Chinese match
    /// of up to three characters counts only where it is a word of the text
    /// (川普 in 与川普会谈, not in 四川普通话), as jieba's segmentation of its
    /// context tells (`check` and `lint` also read `[matching] word-check =
    /// false` from shuyu.toml).
    #[arg(long)]
    pub(crate) no_word_check: bool,
}

impl Matching {
    /// Whether the word check is on: off by the flag, else as the
    /// configuration says, else on.
    pub(crate) fn word_check(&self, config: Option<bool>) -> bool {
        !self.no_word_check && config.unwrap_or(true)
    }
}

/// The inputs to read, as bytes: the files named, or standard input (`-`)
/// when none. [`Input::text`] decodes one where it is used, so the files of
/// a batch are decoded on all cores.
pub(crate) fn read_inputs(files: &[PathBuf]) -> impl Iterator<Item = Result<Input, Failure>> + '_ {
    let stdin = files.is_empty().then(|| PathBuf::from("-"));
    files.iter().cloned().chain(stdin).map(|path| {
        if path.as_os_str() == "-" {
            let bytes = crate::formats::Contents::Read(crate::formats::read_stdin()?);
            return Ok(Input {
                name: "-".to_string(),
                path: PathBuf::from(crate::formats::STDIN),
                bytes,
            });
        }
        let bytes = crate::formats::read_bytes(&path)?;
        Ok(Input {
            name: path.display().to_string(),
            path,
            bytes,
        })
    })
}

/// A text input as read: its name as given (`-` for standard input), the
/// path its errors name, and its bytes.
pub(crate) struct Input {
    pub(crate) name: String,
    path: PathBuf,
    bytes: crate::formats::Contents,
}

impl Input {
    /// The text: UTF-8 (borrowed, after a BOM) or decoded UTF-16.
    pub(crate) fn text(&self) -> Result<std::borrow::Cow<'_, str>, Failure> {
        Ok(crate::formats::text_of(&self.bytes, Some(&self.path))?)
    }
}

/// How many inputs a command hands to the threads at a time when it must
/// print results in order as it goes: a few per thread, so threads stay
/// busy while memory holds one batch.
pub(crate) fn batch_size() -> usize {
    4 * crate::parallel::threads()
}

/// The inputs of [`read_inputs`] in batches, a few per core, for commands
/// that work on files in parallel and print in order.
pub(crate) fn batches(files: &[PathBuf]) -> impl Iterator<Item = Result<Vec<Input>, Failure>> + '_ {
    let size = batch_size();
    let mut inputs = read_inputs(files).peekable();
    std::iter::from_fn(move || {
        inputs.peek()?;
        Some(inputs.by_ref().take(size).collect())
    })
}

/// Writes `contents` to the `-o` file: standard output for `-`, else
/// through [`crate::rewrite`] (a temporary file and a rename; a device or
/// pipe directly), so a failure never leaves half a file.
pub(crate) fn write_output(path: &Path, contents: &[u8]) -> Result<(), Failure> {
    write_output_with(path, |w| w.write_all(contents))
}

/// [`write_output`] with the contents written as they come.
pub(crate) fn write_output_with(
    path: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Result<(), Failure> {
    if path.as_os_str() == "-" {
        let mut out = io::BufWriter::new(io::stdout().lock());
        return output_result(write(&mut out).and_then(|_| out.flush()));
    }
    crate::rewrite::rewrite(path, None, |w| write(w))
        .map_err(|e| Failure(format!("{}: cannot write: {e}", path.display())))
}

/// The output of the commands that print data rather than findings.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum TextOrJson {
    Text,
    Json,
}

/// The language flags of the commands that read bilingual files.
#[derive(clap::Args, Debug)]
pub(crate) struct LangFlags {
    /// The source language, overriding the files' (required for TSV).
    #[arg(long, value_name = "LANG")]
    pub(crate) source_lang: Option<String>,
    /// The target language, overriding the files' (required for TSV; in a
    /// multilingual TMX, which language is the target).
    #[arg(long, value_name = "LANG")]
    pub(crate) target_lang: Option<String>,
}

impl LangFlags {
    /// The overrides as given.
    pub(crate) fn langs(self) -> crate::formats::bitext::Langs {
        crate::formats::bitext::Langs {
            source: self.source_lang,
            target: self.target_lang,
        }
    }

    /// The overrides, each checked to be a language a glossary can have.
    pub(crate) fn glossary_langs(self) -> Result<crate::formats::bitext::Langs, Failure> {
        for (flag, tag) in [
            ("--source-lang", &self.source_lang),
            ("--target-lang", &self.target_lang),
        ] {
            if let Some(tag) = tag {
                tag.parse::<crate::Lang>()
                    .map_err(|e| Failure(format!("{flag}: {e}")))?;
            }
        }
        Ok(self.langs())
    }
}

/// The flags every checking command shares.
#[derive(clap::Args, Debug)]
pub(crate) struct Findings {
    /// Glossary to use: TBX, TSV/CSV, .terms, or a compiled file. Default:
    /// the bundled glossary.
    #[arg(long, short = 'g', value_name = "FILE")]
    pub(crate) glossary: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) matching: Matching,
    /// Output: `text` for people; `json` (an array of findings with file,
    /// segment, line, concept, rule, severity, message, suggestions…);
    /// `sarif` (SARIF 2.1.0, for GitHub code scanning); `junit` (one test
    /// case per unit); `github` (workflow annotations).
    #[arg(long, short = 'f', value_enum, default_value_t = report::Format::Text)]
    pub(crate) format: report::Format,
    /// Set a rule's severity: RULE=error|warning|note|off. Repeatable.
    #[arg(long, value_name = "RULE=LEVEL")]
    pub(crate) severity: Vec<String>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record every finding in this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,
}

impl Findings {
    pub(crate) fn severities(&self, rules: &'static [RuleInfo]) -> Result<Severities, Failure> {
        self.over(Severities::new(rules))
    }

    /// `base` with the `--severity` settings applied on top.
    pub(crate) fn over(&self, mut base: Severities) -> Result<Severities, Failure> {
        for setting in &self.severity {
            base.set(setting)
                .map_err(|e| Failure(format!("--severity: {e}")))?;
        }
        Ok(base)
    }

    /// Starts a run: reads the baseline and writes the output's opening.
    pub(crate) fn start<'a>(
        &'a self,
        rules: &'static [RuleInfo],
        unit: &'a str,
    ) -> Result<Run<'a>, Failure> {
        let budget = match &self.baseline {
            Some(path) => {
                let bytes = crate::formats::read_file(path)?;
                let baseline: Baseline = serde_json::from_slice(&bytes).map_err(|e| {
                    Failure(format!(
                        "{}:{}: not a shuyu baseline: {e}",
                        path.display(),
                        e.line()
                    ))
                })?;
                Some(baseline.budget(&folder_of(path)))
            }
            None => None,
        };
        let format = self.format;
        let reporter = match self.write_baseline {
            Some(_) => None,
            None => Some(output_result(report::Reporter::new(
                std::io::BufWriter::new(std::io::stdout().lock()),
                format,
                rules,
                unit,
            ))?),
        };
        Ok(Run {
            flags: self,
            unit,
            budget,
            reporter,
            recorded: Vec::new(),
        })
    }
}

/// A checking command's output under way: findings are written file by file.
pub(crate) struct Run<'a> {
    flags: &'a Findings,
    unit: &'a str,
    budget: Option<Budget>,
    reporter: Option<report::Reporter<'a, std::io::BufWriter<std::io::StdoutLock<'static>>>>,
    recorded: Vec<crate::report::Finding>,
}

impl Run<'_> {
    /// Reports one file's findings (less the baseline's).
    pub(crate) fn file(
        &mut self,
        file: &FileUnits,
        findings: Vec<crate::report::Finding>,
    ) -> Result<(), Failure> {
        self.begin_file(file);
        self.findings(findings)?;
        self.end_file()
    }

    /// Starts a file whose findings follow.
    pub(crate) fn begin_file(&mut self, file: &FileUnits) {
        if let Some(r) = &mut self.reporter {
            r.begin_file(file);
        }
    }

    /// Reports findings of the current file as they are found.
    pub(crate) fn findings(
        &mut self,
        findings: Vec<crate::report::Finding>,
    ) -> Result<(), Failure> {
        let findings = match &mut self.budget {
            Some(budget) => budget.filter(findings),
            None => findings,
        };
        match &mut self.reporter {
            Some(r) => output_result(r.findings(&findings)),
            None => {
                self.recorded.extend(findings);
                Ok(())
            }
        }
    }

    /// Ends the current file.
    pub(crate) fn end_file(&mut self) -> Result<(), Failure> {
        match &mut self.reporter {
            Some(r) => output_result(r.end_file()),
            None => Ok(()),
        }
    }

    /// Ends the output and returns the exit code.
    pub(crate) fn finish(self) -> Result<i32, Failure> {
        self.finish_with(None)
    }

    /// [`Run::finish`], the summary also saying what was read, checked and
    /// skipped.
    pub(crate) fn finish_with(
        self,
        tally: Option<crate::formats::bitext::Tally>,
    ) -> Result<i32, Failure> {
        if let Some(path) = &self.flags.write_baseline {
            let json = serde_json::to_vec_pretty(&Baseline::of(&self.recorded, &folder_of(path)))
                .map_err(|e| Failure(e.to_string()))?;
            write_output(path, &json)?;
            eprintln!(
                "shuyu: recorded {} findings in {}",
                self.recorded.len(),
                path.display()
            );
            return Ok(0);
        }
        let Some(mut reporter) = self.reporter else {
            return Ok(0);
        };
        if let Some(tally) = tally {
            reporter.tally(tally);
        }
        let summary = output_result(reporter.finish())?;
        if !matches!(self.flags.format, report::Format::Text) {
            eprintln!("shuyu: {}", summary.line(self.unit));
        }
        Ok(i32::from(summary.has_errors()))
    }
}
