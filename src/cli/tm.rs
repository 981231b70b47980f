use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;

use super::{Failure, TextOrJson};
use crate::formats::bitext::{self, Tally};
use crate::tm::{self, report, Import, LookupOptions, Memory};

/// Translation memory: import TMX, XLIFF or TSV into an indexed memory
/// file, look sentences up (exact and fuzzy), search a term, export TMX.
///
/// The memory is one file (any name; `.shuyu-tm` is a good one). Imports
/// replace it in one rename, so an interrupted import leaves it as it was.
///
/// Examples:
///   shuyu tm import --tm alliance.shuyu-tm old-projects/ memory.tmx
///   shuyu tm lookup --tm alliance.shuyu-tm "日美同盟是印太地区和平的基石。"
///   shuyu tm lookup --tm alliance.shuyu-tm --format json < sentences.txt
///   shuyu tm concord --tm alliance.shuyu-tm 集体自卫权
///   shuyu tm export --tm alliance.shuyu-tm -o alliance.tmx
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    Import(ImportArgs),
    Export(ExportArgs),
    Lookup(LookupArgs),
    Concord(ConcordArgs),
}

/// Create a memory, or add to one, from bilingual files.
///
/// TMX (1.1–1.4b, any encoding), XLIFF 1.2 and 2.x (units with a target),
/// and TSV (id, source, target; give --source-lang and --target-lang).
/// Folders are read recursively. Inline markup is stored, for export, but
/// does not count in matching. A unit already in the memory (same languages,
/// source and target) is stored once; the same source with another target
/// is kept beside it, the newest first. Exit 0, or 2 when a file cannot be
/// read (the memory is then unchanged).
#[derive(clap::Args, Debug)]
struct ImportArgs {
    /// The memory file to create or extend.
    #[arg(long, value_name = "PATH")]
    tm: PathBuf,
    #[command(flatten)]
    langs: super::LangFlags,
    /// TMX, XLIFF or TSV files, or folders of them.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

/// Write the whole memory as TMX 1.4b, in import order, markup kept.
#[derive(clap::Args, Debug)]
struct ExportArgs {
    /// The memory file.
    #[arg(long, value_name = "PATH")]
    tm: PathBuf,
    /// The TMX file to write (replaced atomically), or `-` for standard
    /// output.
    #[arg(long, short = 'o', value_name = "FILE.tmx")]
    output: PathBuf,
}

/// Find the memory's units closest to a sentence.
///
/// The score (0–100) is a weighted edit distance over words (English and
/// other spaced scripts) and characters (Chinese), relative to the query:
/// 100 only when the source equals the query after normalisation (width,
/// dashes, spacing, Simplified/Traditional); a punctuation or case
/// difference costs a tenth of a word. Glossary terms in the query are
/// shown with each hit, with the approved terms in the hit's target
/// language and whether its translation uses one.
///
/// Output: `text`, or `json`: one object per query and line,
/// {"query", "hits": [{"score", "id", "source", "target", "source_lang",
/// "target_lang", "differences": [{"query": [start, end], "segment":
/// [start, end]}], "terms": [{"start", "end", "concept", "approved",
/// "in_target"}]}]} (byte offsets). Exit 0 when a query had a hit, 1 when
/// none had, 2 on an error.
#[derive(clap::Args, Debug)]
struct LookupArgs {
    /// The memory file.
    #[arg(long, value_name = "PATH")]
    tm: PathBuf,
    /// The lowest score to show; 100 asks for exact matches only.
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(0..=100))]
    min_score: u8,
    /// How many hits per query at most.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// `text` or `json` (JSON Lines, one object per query).
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// The glossary whose terms are shown with the hits. Default: the
    /// bundled glossary.
    #[arg(long, short = 'g', value_name = "FILE")]
    glossary: Option<PathBuf>,
    #[command(flatten)]
    matching: super::Matching,
    /// The sentence to look up; without it, each line of standard input.
    #[arg(value_name = "TEXT")]
    text: Option<String>,
}

/// Show every unit whose source or target contains a term.
///
/// The term is compared after normalisation (case, width, dashes, spacing,
/// Simplified/Traditional) as whole words and characters: "Quad" is not
/// found in "Quadrant". Newest first. Output `text` marks the term «so»;
/// `json` is an array of {"id", "source", "target", "source_lang",
/// "target_lang", "in_source": [[start, end]…], "in_target": […]}. Exit 0
/// when found, 1 when not, 2 on an error.
#[derive(clap::Args, Debug)]
struct ConcordArgs {
    /// The memory file.
    #[arg(long, value_name = "PATH")]
    tm: PathBuf,
    /// How many units at most.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// `text` or `json`.
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// The term to search.
    #[arg(value_name = "TERM")]
    term: String,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    match args.command {
        Command::Import(a) => import(a),
        Command::Export(a) => export(a),
        Command::Lookup(a) => lookup(a),
        Command::Concord(a) => concord(a),
    }
}

fn import(args: ImportArgs) -> Result<i32, Failure> {
    let langs = args.langs.glossary_langs()?;
    let mut unreadable = super::Unreadable::default();
    let how = crate::formats::files::Walk::new(bitext::EXTENSIONS);
    let files = super::collect_walking(&args.files, &how, &mut unreadable);
    let mut import = Import::open(&args.tm)?;
    let mut tally = Tally::default();
    for e in import.add_files(&files, &langs, &mut tally)? {
        unreadable.report(&e);
    }
    if unreadable.count() > 0 {
        // A partial import would look complete: the memory stays as it was.
        eprintln!("shuyu: {}: not changed", args.tm.display());
        return Ok(unreadable.exit_code(2));
    }
    let s = import.commit()?;
    let merged = (s.before + s.added) - s.units;
    println!(
        "{}: {} units (was {}): {} segments added from {} file{}, {} identical to another and stored once; {}",
        args.tm.display(),
        s.units,
        s.before,
        s.added,
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        merged,
        tally.line_as("added"),
    );
    if tally.used == 0 {
        eprintln!("shuyu: nothing was imported: {}", tally.line_as("added"));
        return Ok(2);
    }
    Ok(0)
}

fn export(args: ExportArgs) -> Result<i32, Failure> {
    let memory = Memory::open(&args.tm)?;
    // A failure to write blames the output; a damaged record, the memory.
    let mut damaged = None;
    super::write_output_with(&args.output, |w| {
        memory.export(w).map(|_| ()).map_err(|e| match e {
            tm::Error::Write(e) => e,
            other => {
                damaged = Some(other);
                io::Error::other("the memory could not be read")
            }
        })
    })
    .map_err(|e| match damaged.take() {
        Some(d) => Failure(d.to_string()),
        None => e,
    })?;
    Ok(0)
}

fn lookup(args: LookupArgs) -> Result<i32, Failure> {
    let memory = Memory::open(&args.tm)?;
    let tagger = super::tagger(args.glossary.as_deref(), args.matching.word_check(None))?;
    let options = LookupOptions {
        min_score: args.min_score,
        limit: args.limit,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut found = false;
    let mut one = |query: &str, out: &mut BufWriter<io::StdoutLock<'_>>| -> Result<(), Failure> {
        let hits = memory.lookup(query, &options)?;
        found |= !hits.is_empty();
        let terms = report::hit_terms(&*tagger, query, &hits);
        let written = match args.format {
            TextOrJson::Json => report::write_lookup_json(out, query, &hits, &terms),
            TextOrJson::Text => report::write_lookup_text(out, query, &hits, &terms),
        };
        super::output_result(written)
    };
    match &args.text {
        Some(text) => one(text, &mut out)?,
        None => {
            for line in io::stdin().lock().lines() {
                let line = line.map_err(|e| Failure(format!("<stdin>: cannot read: {e}")))?;
                if !line.trim().is_empty() {
                    one(&line, &mut out)?;
                }
            }
        }
    }
    super::output_result(out.flush())?;
    Ok(if found { 0 } else { 1 })
}

fn concord(args: ConcordArgs) -> Result<i32, Failure> {
    let memory = Memory::open(&args.tm)?;
    let found = memory.concord(&args.term, args.limit)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let written = match args.format {
        TextOrJson::Json => report::write_concordance_json(&mut out, &found),
        TextOrJson::Text => report::write_concordance_text(&mut out, &found),
    };
    super::output_result(written)?;
    super::output_result(out.flush())?;
    Ok(if found.is_empty() { 1 } else { 0 })
}
