use std::path::PathBuf;

use super::Failure;
use crate::extract::{self, Extractor, Novelty, Options};
use crate::formats::bitext::{self, Tally};
use crate::formats::document::{self, Document};

/// Find the terms your text states, to grow the glossary.
///
/// Reads documents (text, Markdown, HTML, Word) and bilingual files (TMX,
/// XLIFF, TSV), folders recursively, and lists the terms the writing
/// states itself:
///
///   zh-full-acronym  印太经济框架（Indo-Pacific Economic Framework，IPEF）
///   zh-acronym       奥库斯（AUKUS）, 联合作战司令部(J-JOC)
///   acronym-zh       ATLA（防卫装备厅）
///   zh-full          「战略平台」(Strategic Platform)
///   full-acronym     Japan Joint Operations Command (JJOC)
///   short-form       日本防卫省防卫装备厅（以下简称"装备厅"）
///   abbreviation     非洲开发会议（英文缩写 TICAD）
///   so-called        所谓「同盟困境」
///   acronym          an acronym no statement explains, by frequency alone
///
/// Where a Chinese term starts is read from the words before the bracket:
/// 美国国防部与日本防卫省成立的联合作战司令部（JJOC）gives 联合作战司令部. In a
/// bilingual unit, a Chinese term whose acronym or full name the other side
/// has is a pair the unit supports.
///
/// Against the glossary (the bundled one by default), each candidate is
/// `new`, a `variant` (a form the glossary lacks, stated with a form of one
/// of its concepts) or `known` (listed only with --all); width, dash, case
/// and script folds apply, so 統合作戰司令部 is known. The best supported
/// come first.
///
/// Output (--format): `tsv` (a table with a header), `json` (candidate,
/// lang, status, concept, type, pattern, count, documents, pairs with the
/// units supporting them, examples with file and line or segment), `tbx`
/// (TBX-Basic for a CAT tool: one entry per proposed concept, every term
/// admitted until a person decides, a note with the evidence) or `terms`
/// (the bundled glossary's format, ready to paste; a variant's entry has
/// the glossary's concept id).
///
/// Exit status: 0, or 2 when an input could not be read (the others are
/// still read) or none could.
///
/// Examples:
///   shuyu extract examples/extract.txt
///   shuyu extract --format terms --min-count 2 articles/ -o new.terms
///   shuyu extract --format json --all memory.tmx | jq '.[] | select(.status == "variant")'
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// The glossary candidates are compared with: TBX, TSV/CSV, .terms or
    /// compiled. Default: the bundled glossary.
    #[arg(long, short = 'g', value_name = "FILE")]
    glossary: Option<PathBuf>,
    /// `tsv`, `json`, `tbx` or `terms`.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Tsv)]
    format: Format,
    /// The fewest times a candidate must be seen. Default: 1 for a term a
    /// pattern states (it states itself), 2 for an acronym seen by
    /// frequency alone.
    #[arg(long, value_name = "N")]
    min_count: Option<usize>,
    /// List the candidates the glossary already has too.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    langs: super::LangFlags,
    /// Where to write; `-` (the default) for standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// Documents (.txt, .md, .html, .docx) and bilingual files (.tmx,
    /// .xlf, .xliff, .tsv…), or folders of them.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    Tsv,
    Json,
    Tbx,
    Terms,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let langs = args.langs.glossary_langs()?;
    let tagger = super::tagger(args.glossary.as_deref(), true)?;
    let extensions: Vec<&str> = document::EXTENSIONS
        .iter()
        .chain(bitext::EXTENSIONS)
        .copied()
        .collect();
    let how = crate::formats::files::Walk::new(&extensions);
    let mut unreadable = super::Unreadable::default();
    let files = super::collect_walking(&args.paths, &how, &mut unreadable);
    let mut extractor = Extractor::new(&*tagger);
    let (mut documents, mut bilingual) = (0, 0);
    let mut tally = Tally::default();
    for path in &files {
        let name = path.display().to_string();
        if bitext::is_bitext_path(path) {
            match bitext::read(path, &langs) {
                Ok(read) => {
                    for s in &read.skipped {
                        tally.skip(&s.reason);
                    }
                    tally.used(read.segments.len());
                    for seg in &read.segments {
                        extractor.add_segment(&name, seg);
                    }
                    bilingual += 1;
                }
                Err(e) => unreadable.report(&e),
            }
        } else {
            match Document::read(path) {
                Ok(doc) => {
                    extractor.add_document(&name, &doc);
                    documents += 1;
                }
                Err(e) => unreadable.report(&e),
            }
        }
    }
    let options = Options {
        min_count: args.min_count,
        all: true,
    };
    let mut candidates = extractor.candidates(&options);
    let count = |n: Novelty| candidates.iter().filter(|c| c.novelty() == n).count();
    let (new, variant, known) = (
        count(Novelty::New),
        count(Novelty::Variant),
        count(Novelty::Known),
    );
    if !args.all {
        candidates.retain(|c| c.novelty() != Novelty::Known);
    }
    super::write_output_with(&args.output, |out| match args.format {
        Format::Tsv => extract::write_tsv(out, &candidates),
        Format::Json => extract::write_json(out, &candidates),
        Format::Tbx => {
            out.write_all(crate::formats::tbx::write(&extract::to_glossary(&candidates)).as_bytes())
        }
        Format::Terms => out
            .write_all(crate::formats::terms::write(&extract::to_glossary(&candidates)).as_bytes()),
    })?;
    let units = if bilingual > 0 {
        format!(", {bilingual} bilingual ({})", tally.line())
    } else {
        String::new()
    };
    eprintln!(
        "shuyu: {documents} document{}{units}: {new} new, {variant} variant, {known} known{}",
        if documents == 1 { "" } else { "s" },
        if args.all || known == 0 {
            ""
        } else {
            " (not listed; --all lists them)"
        }
    );
    if documents + bilingual == 0 {
        eprintln!("shuyu: nothing was read");
        return Ok(2);
    }
    Ok(unreadable.exit_code(0))
}
