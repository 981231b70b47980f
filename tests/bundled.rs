//! The bundled glossary: its size, the concepts the mission names, and that
//! every term is found whole and maps to its own concept.

use shuyu::{Glossary, Lang, Status, Tagger};

#[test]
fn bundled_glossary_has_at_least_300_concepts() {
    let g = Glossary::bundled();
    assert!(g.concepts.len() >= 300, "{} concepts", g.concepts.len());
}

#[test]
fn every_term_is_tagged_whole_as_its_own_concept() {
    let g = Glossary::bundled();
    let tagger = Tagger::bundled();
    let mut problems = Vec::new();
    for c in &g.concepts {
        for t in &c.terms {
            let text = format!("。{}。", t.text);
            let found: Vec<_> = tagger
                .find_iter(&text)
                .map(|m| (&text[m.range()], m.concept()))
                .collect();
            if found != [(t.text.as_str(), c.id.as_str())] {
                problems.push(format!("{} {:?}: {:?}", c.id, t.text, found));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} terms not tagged whole:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_concept_has_one_preferred_term_per_language() {
    let g = Glossary::bundled();
    let mut problems = Vec::new();
    for c in &g.concepts {
        for lang in [Lang::En, Lang::ZhCn, Lang::ZhTw] {
            let has_terms = c.terms.iter().any(|t| t.lang.covers(lang));
            let preferred = c.preferred(lang).count();
            if has_terms && preferred != 1 {
                problems.push(format!("{} {lang}: {preferred} preferred", c.id));
            }
        }
        let has_en = c.terms.iter().any(|t| t.lang == Lang::En);
        let has_zh = c.terms.iter().any(|t| t.lang.is_chinese());
        if !has_en || !has_zh {
            problems.push(format!("{}: needs English and Chinese terms", c.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_concepts_the_mission_names_are_there() {
    let g = Glossary::bundled();
    let tagger = Tagger::bundled();
    let concept = |text: &str| {
        tagger
            .find_iter(text)
            .next()
            .map(|m| m.concept().to_string())
    };
    for (text, id) in [
        ("四方安全对话", "quad"),
        ("Quad", "quad"),
        ("AUKUS", "aukus"),
        ("J-JOC", "j-joc"),
        ("联合作战司令部", "j-joc"),
        ("FOIP", "foip"),
        ("CoRe", "core"),
        ("集体自卫权", "collective-self-defense"),
        (
            "right of collective self-defense",
            "collective-self-defense",
        ),
    ] {
        assert_eq!(concept(text).as_deref(), Some(id), "{text}");
    }
    let core = g.concept("core").unwrap();
    assert!(core
        .terms
        .iter()
        .any(|t| t.text == "核心伙伴关系" && t.status == Status::Deprecated));
    let trump = g.concept("donald-trump").unwrap();
    assert!(trump
        .terms
        .iter()
        .any(|t| t.text == "特朗普" && t.lang == Lang::ZhCn));
    assert!(trump
        .terms
        .iter()
        .any(|t| t.text == "川普" && t.lang == Lang::ZhTw));
    assert!(!trump
        .terms
        .iter()
        .any(|t| t.text == "川普" && t.lang.covers(Lang::ZhCn)));
    let ai = g.concept("ai").unwrap();
    assert_eq!(ai.preferred(Lang::ZhCn).next().unwrap().text, "人工智能");
    assert_eq!(ai.preferred(Lang::ZhTw).next().unwrap().text, "人工智慧");
}
