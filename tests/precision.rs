//! Precision on running Chinese: the bundled glossary's short terms in
//! sentences where they are part of another word (traps: 四川普通话 holds
//! 川普) and where they are the term (与川普会谈), from
//! `tests/data/zh-precision.tsv`.

use shuyu::Tagger;

const CORPUS: &str = include_str!("data/zh-precision.tsv");

struct Case<'a> {
    /// Part of another word (`trap`, `false`), not the term (`true`, `miss`).
    trap: bool,
    /// A case the word check gets wrong today (`miss`, `false`).
    known: bool,
    sentence: &'a str,
    term: &'a str,
    line: usize,
}

fn cases() -> Vec<Case<'static>> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.starts_with("kind\t"))
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "line {}: {l:?}", i + 1);
            assert!(
                f[1].contains(f[2]),
                "line {}: the term is not in the sentence",
                i + 1
            );
            let (trap, known) = match f[0] {
                "trap" => (true, false),
                "true" => (false, false),
                "false" => (true, true),
                "miss" => (false, true),
                other => panic!("line {}: kind {other:?}", i + 1),
            };
            Case {
                trap,
                known,
                sentence: f[1],
                term: f[2],
                line: i + 1,
            }
        })
        .collect()
}

/// Whether the first occurrence of the case's term is tagged: exactly, for
/// a trap; by a match that covers it (岸田 in 岸田文雄), for a true use.
fn tagged(tagger: &Tagger, case: &Case<'_>) -> bool {
    let start = case.sentence.find(case.term).unwrap();
    let end = start + case.term.len();
    tagger.find_iter(case.sentence).any(|m| {
        if case.trap {
            (m.start(), m.end()) == (start, end)
        } else {
            m.start() <= start && end <= m.end()
        }
    })
}

#[test]
fn the_corpus_is_large_and_mixed() {
    let cases = cases();
    assert!(cases.len() >= 300, "{} cases", cases.len());
    assert!(cases.iter().filter(|c| c.trap).count() >= 100);
}

/// The bundled glossary without its exceptions, matching raw.
fn raw() -> Tagger {
    let source = include_str!("../glossary/us-japan-alliance.terms");
    let mut glossary = shuyu::formats::terms::parse(source, None).unwrap();
    for c in &mut glossary.concepts {
        c.exceptions.clear();
    }
    Tagger::new(&glossary).unwrap().with_word_check(false)
}

#[test]
fn every_trap_is_a_trap_for_raw_matching() {
    // Without the word check and the glossary's exceptions each trap's term
    // is found inside the other word: the corpus tests what it claims to.
    let raw = raw();
    let missed: Vec<String> = cases()
        .iter()
        .filter(|c| c.trap && !tagged(&raw, c))
        .map(|c| format!("line {}: {} in {}", c.line, c.term, c.sentence))
        .collect();
    assert!(missed.is_empty(), "not traps: {missed:#?}");
}

#[test]
fn no_trap_is_tagged_and_every_true_use_is() {
    let tagger = Tagger::bundled();
    let wrong: Vec<String> = cases()
        .iter()
        .filter(|c| (tagged(tagger, c) == c.trap) != c.known)
        .map(|c| {
            let what = match (c.trap, c.known) {
                (true, false) => "tagged inside a word",
                (false, false) => "missed",
                (true, true) => "no longer tagged: a known false match fixed, mark it `trap`",
                (false, true) => "now found: a known miss fixed, mark it `true`",
            };
            format!("line {}: {} {what}: {}", c.line, c.term, c.sentence)
        })
        .collect();
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
}

#[test]
fn precision_and_recall_before_and_after() {
    // The figures the README quotes: raw matching against the default.
    let cases = cases();
    let measure = |tagger: &Tagger| {
        let (mut found, mut false_matches) = (0, 0);
        for c in &cases {
            match (c.trap, tagged(tagger, c)) {
                (false, true) => found += 1,
                (true, true) => false_matches += 1,
                _ => {}
            }
        }
        (found, false_matches)
    };
    let uses = cases.iter().filter(|c| !c.trap).count();
    let (raw_found, raw_false) = measure(&raw());
    let (found, false_matches) = measure(Tagger::bundled());
    eprintln!(
        "{} cases, {uses} true uses; raw: {raw_found} found, {raw_false} false; word check: {found} found, {false_matches} false",
        cases.len()
    );
    assert!(
        false_matches * 20 < raw_false,
        "the word check removes over 95 % of false matches"
    );
    assert!(
        found >= raw_found,
        "and finds every true use raw matching finds"
    );
}
