//! What each fuzz target asserts, one function per target (feature
//! `oracle`): the fuzzers in `fuzz/` call these, and so does
//! `tests/fuzz_regressions.rs` when it replays the inputs that once failed,
//! so the two can never drift apart. Each panics when its property fails.

use crate::formats::bitext::{self, Langs, Segment};
use crate::formats::document::{Document, DocumentFormat};
use crate::formats::{tbx, terms, tmx, tsv, xliff};
use crate::lint::{apply, fixes, unified_diff, Linter};
use crate::tm::{Import, LookupOptions, Memory};
use crate::{Concept, Glossary, Lang, Tagger, Term};

/// TBX: any bytes read without a panic; what reads, written back, reads
/// the same, and compiles or is refused with an error.
pub fn tbx(data: &[u8]) {
    if let Ok(g) = tbx::parse(data, None) {
        let again =
            tbx::parse(tbx::write(&g).as_bytes(), None).expect("what shuyu writes, it reads");
        assert_eq!(again, g);
        let _ = Tagger::new(&g);
    }
}

/// TSV/CSV and `.terms` glossaries: any text read without a panic; a
/// `.terms` glossary written back reads the same, but for the order of its
/// terms, which the format groups by language.
pub fn glossary_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = tsv::parse(text, None) {
        let _ = Tagger::new(&g);
    }
    if let Ok(mut g) = terms::parse(text, None) {
        let again = terms::parse(&terms::write(&g), None).expect("what shuyu writes, it reads");
        for c in &mut g.concepts {
            let order = c.languages();
            c.terms
                .sort_by_key(|t| order.iter().position(|&l| l == t.lang));
        }
        assert_eq!(again, g);
    }
}

/// TMX: any bytes read without a panic, and checked without one.
pub fn tmx(data: &[u8]) {
    if let Ok(read) = tmx::parse(data, None, &Langs::default()) {
        let mut checker = crate::check::Checker::new(Tagger::bundled());
        for s in &read.segments {
            let _ = checker.check("f", s);
        }
    }
}

/// XLIFF 1.2 and 2.x, and the format sniffing in front of them: any bytes
/// read without a panic.
pub fn xliff(data: &[u8]) {
    let langs = Langs::default();
    let _ = xliff::parse(data, None, &langs);
    let _ = bitext::parse(data, None, &langs);
}

/// Documents: the first byte picks the format and the locale; the rest is
/// read, linted, fixed and diffed without a panic, and a fix changes only
/// the spans it names.
pub fn document(data: &[u8]) {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    use DocumentFormat::{Docx, Html, Markdown, Text};
    let format = [Markdown, Html, Text, Docx][kind as usize % 4];
    let locale = [Lang::ZhCn, Lang::ZhTw, Lang::En][kind as usize / 4 % 3];
    let Ok(doc) = Document::parse(bytes, format, None) else {
        return;
    };
    let findings = Linter::new(Tagger::bundled(), locale).lint("f", &doc);
    let edits = fixes(&findings);
    let fixed = apply(&doc.text, &edits);
    let _ = unified_diff("f", &doc.text, &edits);
    // Outside the edits, every byte is kept.
    let kept = doc.text.len() - edits.iter().map(|(r, _)| r.len()).sum::<usize>();
    let added: usize = edits.iter().map(|(_, w)| w.len()).sum();
    assert_eq!(fixed.len(), kept + added);
}

/// The tagger on a glossary of up to 16 terms (text and a language chosen
/// by the byte) finds what the naive reference finds in `text`.
pub fn tagger(terms: &[(String, u8)], text: &str) {
    let mut g = Glossary::new();
    for (i, (term, lang)) in terms.iter().take(16).enumerate() {
        if crate::normalize::key(term).is_empty() {
            continue;
        }
        let lang = [Lang::En, Lang::ZhCn, Lang::ZhTw, Lang::Zh][*lang as usize % 4];
        g.concepts
            .push(Concept::new(format!("c{i}")).with_term(Term::new(term.clone(), lang)));
    }
    let Ok(tagger) = Tagger::new(&g) else {
        return;
    };
    let got: Vec<(usize, usize, String)> = tagger
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.term().to_string()))
        .collect();
    assert_eq!(got, crate::naive::find(&g, text));
}

/// Compiled glossaries: any bytes load or are refused without a panic, and
/// what loads tags without one.
pub fn compiled(data: &[u8]) {
    if let Ok(tagger) = Tagger::from_bytes(data) {
        for m in tagger.find_iter("四方安全对话 Quad's AUKUS第二支柱 集體自衛權") {
            let _ = tagger.same_key(&m).count();
            let _ = (m.concept(), m.term());
        }
        for c in tagger.concepts() {
            let _ = c.terms().count();
        }
    }
}

/// Translation memory: the first four bytes steer, the rest is text whose
/// lines pair into units; it is imported, looked up, searched and exported
/// without a panic, the export reads back whole, and the memory file with
/// one byte changed is refused or read without a panic.
pub fn memory(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let (ctl, rest) = data.split_at(4);
    let text = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = text.split('\n').collect();
    let segments: Vec<Segment> = lines
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            Segment::new(&i.to_string(), pair[0], pair.get(1).copied()).with_langs("zh-CN", "en")
        })
        .collect();
    let path = std::env::temp_dir().join(format!("shuyu-fuzz-memory-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut import = Import::open(&path).expect("a new memory opens");
    for s in &segments {
        import.add(s).expect("the segments say their languages");
    }
    let summary = import.commit().expect("the memory is written");
    let memory = Memory::open(&path).expect("what was written opens");
    assert_eq!(memory.len(), summary.units);
    let options = LookupOptions {
        min_score: ctl[0] % 101,
        limit: 3,
    };
    for s in &segments {
        for hit in memory.lookup(&s.source, &options).expect("lookups read") {
            assert!(hit.score >= options.min_score);
            for d in hit.differences(&s.source) {
                let _ = (&s.source[d.query], &hit.unit.source[d.segment]);
            }
        }
        if let Some(word) = s.source.split_whitespace().next() {
            for c in memory.concord(word, 5).expect("concordances read") {
                for r in &c.in_source {
                    let _ = &c.unit.source[r.clone()];
                }
            }
        }
    }
    let exported = memory.export(Vec::new()).expect("exports write");
    let back = tmx::parse(&exported, None, &Langs::default()).expect("exports read back");
    assert!(back.skipped.is_empty());
    assert_eq!(back.segments.len(), memory.len());
    drop(memory);

    let mut bytes = std::fs::read(&path).expect("the memory reads");
    let at = usize::from(u16::from_le_bytes([ctl[1], ctl[2]])) % bytes.len();
    bytes[at] ^= ctl[3] | 1;
    std::fs::write(&path, &bytes).expect("the memory writes");
    if let Ok(m) = Memory::open(&path) {
        for s in &segments {
            let _ = m.lookup(&s.source, &options);
            let _ = m.concord(&s.source, 5);
        }
        let _ = m.export(Vec::new());
    }
    let _ = std::fs::remove_file(&path);
}
