//! Markdown, HTML, DOCX and text documents: read, linted, fixed and diffed
//! without a panic; a fix changes only the spans it names.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::document::{Document, DocumentFormat};
use shuyu::lint::{apply, fixes, unified_diff, Linter};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let format = [
        DocumentFormat::Markdown,
        DocumentFormat::Html,
        DocumentFormat::Text,
        DocumentFormat::Docx,
    ][kind as usize % 4];
    let Ok(doc) = Document::parse(bytes, format, None) else {
        return;
    };
    let locale = [shuyu::Lang::ZhCn, shuyu::Lang::ZhTw, shuyu::Lang::En][kind as usize / 4 % 3];
    let findings = Linter::new(shuyu::Tagger::bundled(), locale).lint("f", &doc);
    let edits = fixes(&findings);
    let fixed = apply(&doc.text, &edits);
    let _ = unified_diff("f", &doc.text, &edits);
    // Outside the edits, every byte is kept.
    let kept: usize = doc.text.len() - edits.iter().map(|(r, _)| r.len()).sum::<usize>();
    let added: usize = edits.iter().map(|(_, w)| w.len()).sum();
    assert_eq!(fixed.len(), kept + added);
});
