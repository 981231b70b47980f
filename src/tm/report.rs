//! Lookups and concordances as people and programs read them: what `shuyu
//! tm lookup` and `shuyu tm concord` print, as functions over their results.
//!
//! ```
//! use shuyu::formats::bitext::Segment;
//! use shuyu::tm::{report, Import, LookupOptions, Memory};
//!
//! let dir = std::env::temp_dir().join(format!("shuyu-doc-tm-report-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("m.shuyu-tm");
//! let mut import = Import::open(&path)?;
//! let seg = Segment::new("1", "日本行使集体自卫权。", Some("Japan acts on its own."))
//!     .with_langs("zh-CN", "en");
//! import.add(&seg)?;
//! import.commit()?;
//! let memory = Memory::open(&path)?;
//! let query = "日本行使集体自卫权。";
//! let hits = memory.lookup(query, &LookupOptions::default())?;
//! let terms = report::hit_terms(shuyu::Tagger::bundled(), query, &hits);
//! let mut out = Vec::new();
//! report::write_lookup_json(&mut out, query, &hits, &terms)?;
//! let json: serde_json::Value = serde_json::from_slice(&out)?;
//! assert_eq!(json["hits"][0]["score"], 100);
//! let term = &json["hits"][0]["terms"].as_array().unwrap().iter()
//!     .find(|t| t["concept"] == "collective-self-defense").unwrap();
//! assert_eq!(term["in_target"], false);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};
use std::ops::Range;

use super::{term_hints, Concordance, Hit, TermHint};
use crate::report::printable;
use crate::{Lang, Tagger};

/// A glossary term of a query and whether a hit's translation uses one of
/// its approved terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermUse<'g> {
    /// The term in the query, with the approved terms of the hit's target
    /// language.
    pub hint: TermHint<'g>,
    /// Whether the hit's target has one of them.
    pub in_target: bool,
}

/// For each hit, the query's glossary terms with approved terms in the
/// hit's target language, and whether its translation uses one: the query
/// is tagged once per target language, each translation once.
pub fn hit_terms<'g, D: AsRef<[u8]>>(
    tagger: &'g Tagger<D>,
    query: &str,
    hits: &[Hit],
) -> Vec<Vec<TermUse<'g>>> {
    let mut by_lang: Vec<(Lang, Vec<TermHint<'g>>)> = Vec::new();
    hits.iter()
        .map(|hit| {
            let lang = hit
                .unit
                .target_lang
                .as_deref()
                .and_then(|l| l.parse::<Lang>().ok());
            let Some(lang) = lang else { return Vec::new() };
            let hints = match by_lang.iter().find(|(l, _)| *l == lang) {
                Some((_, h)) => h.clone(),
                None => {
                    let h = term_hints(tagger, query, lang);
                    by_lang.push((lang, h.clone()));
                    h
                }
            };
            let found: Vec<_> = tagger.find_iter(&hit.unit.target).collect();
            hints
                .into_iter()
                .map(|hint| {
                    let in_target = hint.used_among(&found);
                    TermUse { hint, in_target }
                })
                .collect()
        })
        .collect()
}

/// Writes one lookup as one line of JSON: `{"query", "hits": [{"score",
/// "id", "source", "target", "source_lang", "target_lang", "differences":
/// [{"query": [start, end], "segment": [start, end]}], "terms": [{"start",
/// "end", "concept", "approved", "in_target"}]}]}`, byte offsets.
///
/// # Errors
///
/// When writing fails.
pub fn write_lookup_json(
    out: &mut impl Write,
    query: &str,
    hits: &[Hit],
    terms: &[Vec<TermUse<'_>>],
) -> io::Result<()> {
    let hits: Vec<serde_json::Value> = hits
        .iter()
        .zip(
            terms
                .iter()
                .map(Vec::as_slice)
                .chain(std::iter::repeat(&[][..])),
        )
        .map(|(hit, terms)| hit_json(hit, query, terms))
        .collect();
    writeln!(out, "{}", serde_json::json!({"query": query, "hits": hits}))
}

fn hit_json(hit: &Hit, query: &str, terms: &[TermUse<'_>]) -> serde_json::Value {
    let terms: Vec<serde_json::Value> = terms
        .iter()
        .map(|t| {
            serde_json::json!({
                "start": t.hint.start, "end": t.hint.end, "concept": t.hint.concept,
                "approved": t.hint.approved, "in_target": t.in_target,
            })
        })
        .collect();
    let differences: Vec<serde_json::Value> = hit
        .differences(query)
        .into_iter()
        .map(|d| serde_json::json!({"query": [d.query.start, d.query.end], "segment": [d.segment.start, d.segment.end]}))
        .collect();
    serde_json::json!({
        "score": hit.score,
        "id": hit.unit.id,
        "source": hit.unit.source,
        "target": hit.unit.target,
        "source_lang": hit.unit.source_lang,
        "target_lang": hit.unit.target_lang,
        "differences": differences,
        "terms": terms,
    })
}

/// Writes one lookup for people: each hit's score and id, its source with
/// what differs from the query marked `[-query-]{+memory+}`, its target,
/// and the query's glossary terms with whether the target uses them.
///
/// # Errors
///
/// When writing fails.
pub fn write_lookup_text(
    out: &mut impl Write,
    query: &str,
    hits: &[Hit],
    terms: &[Vec<TermUse<'_>>],
) -> io::Result<()> {
    writeln!(out, "query: {}", printable(query))?;
    if hits.is_empty() {
        writeln!(out, "  no match")?;
    }
    let terms = terms
        .iter()
        .map(Vec::as_slice)
        .chain(std::iter::repeat(&[][..]));
    for (hit, terms) in hits.iter().zip(terms) {
        let source = &hit.unit.source;
        let mut marked = String::new();
        let mut at = 0;
        for d in hit.differences(query) {
            marked.push_str(&source[at..d.segment.start]);
            if !d.query.is_empty() {
                marked.push_str(&format!("[-{}-]", &query[d.query.clone()]));
            }
            if !d.segment.is_empty() {
                marked.push_str(&format!("{{+{}+}}", &source[d.segment.clone()]));
            }
            at = d.segment.end;
        }
        marked.push_str(&source[at..]);
        let head = format!("  {:>3}  [{}] {marked}", hit.score, hit.unit.id);
        writeln!(out, "{}", printable(&head))?;
        writeln!(out, "       → {}", printable(&hit.unit.target))?;
        for t in terms {
            let mark = if t.in_target {
                "used"
            } else {
                "not in this translation"
            };
            let note = format!(
                "       term: {} ({}) → {} [{mark}]",
                &query[t.hint.start..t.hint.end],
                t.hint.concept,
                t.hint.approved.join(" | ")
            );
            writeln!(out, "{}", printable(&note))?;
        }
    }
    Ok(())
}

/// Writes a concordance as one JSON array: `[{"id", "source", "target",
/// "source_lang", "target_lang", "in_source": [[start, end]…],
/// "in_target": […]}]`, byte offsets.
///
/// # Errors
///
/// When writing fails.
pub fn write_concordance_json(out: &mut impl Write, found: &[Concordance]) -> io::Result<()> {
    let spans = |s: &[Range<usize>]| s.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>();
    let all: Vec<serde_json::Value> = found
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.unit.id, "source": c.unit.source, "target": c.unit.target,
                "source_lang": c.unit.source_lang, "target_lang": c.unit.target_lang,
                "in_source": spans(&c.in_source), "in_target": spans(&c.in_target),
            })
        })
        .collect();
    writeln!(out, "{}", serde_json::Value::Array(all))
}

/// Writes a concordance for people: each unit's id, source and target, the
/// term marked «so».
///
/// # Errors
///
/// When writing fails.
pub fn write_concordance_text(out: &mut impl Write, found: &[Concordance]) -> io::Result<()> {
    found.iter().try_for_each(|c| {
        writeln!(
            out,
            "{}\n     → {}",
            printable(&format!(
                "[{}] {}",
                c.unit.id,
                mark(&c.unit.source, &c.in_source)
            )),
            printable(&mark(&c.unit.target, &c.in_target))
        )
    })
}

/// `text` with each span in «», spans that do not fit the text left out.
fn mark(text: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in spans {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        out.push_str(before);
        out.push('«');
        out.push_str(inside);
        out.push('»');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}
