//! The Chinese word check and the glossary's exceptions: how each is
//! written, read, compiled and switched off.

use shuyu::formats::{terms, tsv};
use shuyu::report::Severities;
use shuyu::{validate, Concept, Glossary, Lang, Tagger, Term};

mod common;
use common::{stderr_of as stderr, stdout_of as stdout, TempDir};

const GLOSSARY: &str = "[donald-trump]\nen: Donald Trump\nzh-CN: 特朗普\nzh-TW: 川普\nnot: 四川普通话 | 四川普及\n\n[quad]\nen: Quad\nzh: 四方\n";

fn found<'t>(tagger: &Tagger, text: &'t str) -> Vec<&'t str> {
    tagger.find_iter(text).map(|m| &text[m.range()]).collect()
}

#[test]
fn an_exception_consumes_its_span_and_the_term_after_it_is_still_found() {
    let g = terms::parse(GLOSSARY, None).unwrap();
    assert_eq!(g.concepts[0].exceptions, ["四川普通话", "四川普及"]);
    // Raw matching, so that only the exception decides.
    let raw = Tagger::new(&g).unwrap().with_word_check(false);
    assert_eq!(found(&raw, "他说四川普通话，与川普会谈"), ["川普"]);
    // Folded as terms are: Traditional and full-width text meet it too.
    assert_eq!(found(&raw, "四川普通話"), Vec::<&str>::new());
    // An exception is no term: nothing else of it is reported.
    assert_eq!(raw.term_count(), 5);
}

#[test]
fn exceptions_survive_compiling_and_loading() {
    let g = terms::parse(GLOSSARY, None).unwrap();
    let bytes = Tagger::new(&g).unwrap().as_bytes().to_vec();
    let loaded = Tagger::from_bytes(bytes).unwrap().with_word_check(false);
    assert_eq!(found(&loaded, "四川普通话，川普"), ["川普"]);
}

#[test]
fn exceptions_round_trip_through_every_glossary_format() {
    let g = terms::parse(GLOSSARY, None).unwrap();
    assert_eq!(terms::parse(&terms::write(&g), None).unwrap(), g);
    assert_eq!(
        shuyu::formats::tbx::parse(shuyu::formats::tbx::write(&g).as_bytes(), None).unwrap(),
        g
    );
    let tsv_text = tsv::write(&g);
    assert!(tsv_text.starts_with("concept\tlang\tterm\tstatus\ttype\tsubject\tnote\tnot\n"));
    let back = tsv::parse(&tsv_text, None).unwrap();
    assert_eq!(back.concepts[0].exceptions, g.concepts[0].exceptions);
    // A glossary without exceptions keeps the columns it always had.
    let plain = Glossary {
        concepts: vec![Concept::new("q").with_term(Term::new("Quad", Lang::En))],
    };
    assert!(tsv::write(&plain).starts_with("concept\tlang\tterm\tstatus\ttype\tsubject\tnote\n"));
}

#[test]
fn a_tsv_not_column_and_a_tbx_note_are_read_as_exceptions() {
    let g = tsv::parse(
        "en\tzh-TW\tnot\nDonald Trump\t川普\t四川普通话|四川普及\n",
        None,
    )
    .unwrap();
    assert_eq!(g.concepts[0].exceptions, ["四川普通话", "四川普及"]);
    let tbx = r#"<martif type="TBX-Basic"><text><body><termEntry id="t"><note>not: 四川普通话</note><note>A real note.</note><langSet xml:lang="zh-TW"><tig><term>川普</term></tig></langSet></termEntry></body></text></martif>"#;
    let g = shuyu::formats::tbx::parse(tbx.as_bytes(), None).unwrap();
    assert_eq!(g.concepts[0].exceptions, ["四川普通话"]);
    assert_eq!(g.concepts[0].note.as_deref(), Some("A real note."));
}

#[test]
fn validate_warns_of_an_exception_that_never_applies_or_excepts_nothing() {
    let mut g = terms::parse(GLOSSARY, None).unwrap();
    g.concepts[1].exceptions = vec!["川普".into(), "四方面".into(), "东海岸".into()];
    let findings = validate::validate(&g, "g.terms", &Severities::new(validate::RULES));
    let exceptions: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "exception")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        exceptions,
        [
            "the exception \"川普\" of quad is a term's own text, so it never applies",
            "the exception \"东海岸\" of quad holds none of its terms",
        ]
    );
}

#[test]
fn the_command_line_switch_and_the_config_key_turn_the_check_off() {
    let text = "他说四川普通话。与川普会谈。";
    let run = |args: &[&str], dir: Option<&std::path::Path>| {
        let o = common::run_shuyu(dir, args, Some(text));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).lines().count()
    };
    assert_eq!(run(&["tag", "-"], None), 1);
    assert_eq!(run(&["tag", "--no-word-check", "-"], None), 2);

    let d = TempDir::new("word-check-config");
    d.write(
        "shuyu.toml",
        "locale = \"zh-CN\"\n[matching]\nword-check = false\n",
    );
    let doc = d.file("a.md", text);
    let lint = |extra: &[&str]| {
        let mut args = vec!["lint", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(&doc);
        let o = common::run_shuyu(None, &args, None);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v.as_array().unwrap().len()
    };
    assert_eq!(lint(&[]), 2, "the config turns the check off");
    assert_eq!(
        lint(&["--no-config", "--locale", "zh-CN"]),
        1,
        "on by default"
    );
    let o = common::run_shuyu(None, &["config", &doc], None);
    assert!(
        stdout(&o).contains("matching.word-check = false"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_asks_to_mark_a_term_that_holds_another_of_its_type() {
    let g = terms::parse(
        "[d]\nzh-CN: 钓鱼岛 | 钓鱼岛及其附属岛屿\n\n[e]\nzh-CN: 钓鱼台 (short) | 钓鱼台列屿\n",
        None,
    )
    .unwrap();
    let findings = validate::validate(&g, "g.terms", &Severities::new(validate::RULES));
    let kinds: Vec<(&str, Option<&str>)> = findings
        .iter()
        .filter(|f| f.rule == "term-type")
        .map(|f| (f.concept.as_deref().unwrap(), f.target.as_deref()))
        .collect();
    assert_eq!(kinds, [("d", Some("钓鱼岛及其附属岛屿"))]);
}
