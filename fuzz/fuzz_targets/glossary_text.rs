//! TSV/CSV and .terms glossaries: any text read without a panic; a .terms
//! glossary written back reads the same, but for the order of its terms,
//! which the format groups by language.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::{terms, tsv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = tsv::parse(text, None) {
        let _ = shuyu::Tagger::new(&g);
    }
    if let Ok(g) = terms::parse(text, None) {
        let again = terms::parse(&terms::write(&g), None).expect("what shuyu writes, it reads");
        assert_eq!(again, grouped(g));
    }
});

/// The glossary with each concept's terms grouped by language, in the order
/// the languages first appear.
fn grouped(mut g: shuyu::Glossary) -> shuyu::Glossary {
    for c in &mut g.concepts {
        let order = c.languages();
        c.terms
            .sort_by_key(|t| order.iter().position(|&l| l == t.lang));
    }
    g
}
