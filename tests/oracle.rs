//! The tagger against the naive leftmost-longest reference
//! ([`shuyu::naive`]) on random glossaries and texts mixing Chinese (both
//! scripts), Latin (accented too), full-width letters, dashes and
//! whitespace, with the Chinese word check on (the default) and off.

use proptest::prelude::*;
use shuyu::{Concept, Glossary, Lang, Term};

const ALPHABET: &[&str] = &[
    "a", "b", "s", "y", "x", "e", "A", "B", "S", "Y", "7", "-", "‐", "—", " ", " ", "\n", "\t",
    "\u{3000}", "'", "’", "Ａ", "ｂ", "卫", "衛", "国", "國", "日", "本", "台", "臺", "对", "對",
    "话", "話", "é", "É", ".", "川", "普", "通", "四", "方", "面", "中", "东", "東", "京",
];

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(ALPHABET).prop_map(str::to_string)
}

fn term_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..5).prop_map(|v| v.concat())
}

fn glossary() -> impl Strategy<Value = Glossary> {
    let term = (
        term_text(),
        prop::sample::select(vec![Lang::En, Lang::ZhCn, Lang::ZhTw]),
    );
    let exceptions = prop::collection::vec(term_text(), 0..3);
    (prop::collection::vec(term, 1..8), exceptions).prop_map(|(terms, exceptions)| {
        let mut g = Glossary::new();
        for (i, (text, lang)) in terms.into_iter().enumerate() {
            if shuyu::normalize::key(&text).is_empty() {
                continue;
            }
            // Two terms per concept at most, so concepts and terms both vary.
            if i % 2 == 0 || g.concepts.is_empty() {
                g.concepts.push(Concept::new(format!("c{i}")));
            }
            g.concepts
                .last_mut()
                .unwrap()
                .terms
                .push(Term::new(text, lang));
        }
        if let Some(c) = g.concepts.first_mut() {
            c.exceptions = exceptions
                .into_iter()
                .filter(|e| !shuyu::normalize::key(e).is_empty())
                .collect();
        }
        g
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tagger_agrees_with_the_naive_oracle(g in glossary(), t in text()) {
        prop_assume!(g.term_count() > 0);
        let tagger = shuyu::Tagger::new(&g).unwrap();
        let got: Vec<(usize, usize, String)> =
            tagger.find_iter(&t).map(|m| (m.start(), m.end(), m.term().to_string())).collect();
        prop_assert_eq!(got, shuyu::naive::find(&g, &t));
    }

    #[test]
    fn without_the_word_check_the_tagger_agrees_with_the_raw_oracle(g in glossary(), t in text()) {
        prop_assume!(g.term_count() > 0);
        let tagger = shuyu::Tagger::new(&g).unwrap().with_word_check(false);
        let got: Vec<(usize, usize, String)> =
            tagger.find_iter(&t).map(|m| (m.start(), m.end(), m.term().to_string())).collect();
        prop_assert_eq!(got, shuyu::naive::find_with(&g, &t, false));
    }

    #[test]
    fn glossary_terms_embedded_in_text_are_found(g in glossary(), before in text(), after in text()) {
        prop_assume!(g.term_count() > 0);
        let tagger = shuyu::Tagger::new(&g).unwrap();
        let term = g.concepts[0].terms[0].text.trim();
        let t = format!("{before}。{term}。{after}");
        // Nothing spans 。, so the term itself must match where it stands.
        let at = before.len() + "。".len();
        prop_assert!(tagger.find_iter(&t).any(|m| m.start() == at), "{:?} not found in {:?}", term, t);
    }
}
