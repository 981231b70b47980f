//! The tagger against the naive reference on arbitrary glossaries and texts.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shuyu::{Concept, Glossary, Lang, Term};

#[derive(Arbitrary, Debug)]
struct Input {
    terms: Vec<(String, u8)>,
    text: String,
}

fuzz_target!(|input: Input| {
    let mut g = Glossary::new();
    for (i, (text, lang)) in input.terms.iter().take(16).enumerate() {
        if shuyu::normalize::key(text).is_empty() {
            continue;
        }
        let lang = [Lang::En, Lang::ZhCn, Lang::ZhTw, Lang::Zh][*lang as usize % 4];
        g.concepts
            .push(Concept::new(format!("c{i}")).with_term(Term::new(text.clone(), lang)));
    }
    let Ok(tagger) = shuyu::Tagger::new(&g) else {
        return;
    };
    let got: Vec<(usize, usize, String)> = tagger
        .find_iter(&input.text)
        .map(|m| (m.start(), m.end(), m.term().to_string()))
        .collect();
    assert_eq!(got, shuyu::naive::find(&g, &input.text));
});
