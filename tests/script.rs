//! `script-mismatch`: characters of the other Chinese script, in `lint` and
//! in `check`'s targets.

use shuyu::formats::bitext::Segment;
use shuyu::formats::document::{Document, DocumentFormat};
use shuyu::lint::Linter;
use shuyu::{check::Checker, script, Lang, Tagger};

/// Each error as (the text it spans, its suggestion).
fn errors(text: &str, locale: Lang) -> Vec<(&str, String)> {
    script::errors(Tagger::bundled(), text, locale)
        .into_iter()
        .map(|e| (&text[e.range()], e.suggestion().to_string()))
        .collect()
}

/// Each text's errors in `locale` are the (span, suggestion) pairs listed.
fn assert_table(locale: Lang, table: &[(&str, &[(&str, &str)])]) {
    for (text, want) in table {
        let want: Vec<(&str, String)> = want.iter().map(|&(a, b)| (a, b.to_string())).collect();
        assert_eq!(errors(text, locale), want, "{text}");
    }
}

#[test]
fn simplified_characters_in_zh_tw_text() {
    let table: &[(&str, &[(&str, &str)])] = &[
        // One finding per run, widened to the word around it.
        ("美国與日本的同盟", &[("美国", "美國")]),
        // A glossary term: the glossary's own zh-TW term.
        ("支持集体自卫权", &[("集体自卫权", "集體自衛權")]),
        // Word by word where OpenCC writes a phrase: 鐘, not 鍾.
        ("會議延長十分钟", &[("十分钟", "十分鐘")]),
        ("他的头发很長", &[("头发", "頭髮")]),
        // Two runs apart are two findings.
        ("这是臺灣的经济", &[("这", "這"), ("经济", "經濟")]),
        // Characters Taiwan writes too are never errors.
        ("著名的乾坤皇后與台灣", &[]),
        ("一個中國", &[]),
    ];
    assert_table(Lang::ZhTw, table);
}

#[test]
fn traditional_characters_in_zh_cn_text() {
    let table: &[(&str, &[(&str, &str)])] = &[
        ("这是美國的政策", &[("美國", "美国")]),
        ("這是日本", &[("這", "这")]),
        // The glossary's zh-CN term of the same wording.
        (
            "統合作戰司令部成立",
            &[("統合作戰司令部", "统合作战司令部")],
        ),
        ("著名的乾坤", &[]),
        ("美国与日本", &[]),
    ];
    assert_table(Lang::ZhCn, table);
}

#[test]
fn english_and_plain_zh_have_no_script_errors() {
    assert_eq!(errors("美国與日本", Lang::En), []);
    assert_eq!(errors("美国與日本", Lang::Zh), []);
}

fn lint(text: &str, locale: Lang) -> Vec<(String, String, Vec<String>)> {
    let doc = Document::parse(text.as_bytes(), DocumentFormat::Text, None).unwrap();
    Linter::new(Tagger::bundled(), locale)
        .lint("a.txt", &doc)
        .into_iter()
        .map(|f| (f.rule, f.target.unwrap_or_default(), f.suggestions))
        .collect()
}

#[test]
fn lint_reports_the_rule_with_one_suggestion_and_wording_first() {
    assert_eq!(
        lint("美国與日本的同盟，集体自卫权", Lang::ZhTw),
        [
            ("script-mismatch".into(), "美国".into(), vec!["美國".into()]),
            (
                "script-mismatch".into(),
                "集体自卫权".into(),
                vec!["集體自衛權".into()]
            ),
        ]
    );
    // 东盟 is zh-CN wording: wrong-locale says so, in zh-TW script, and no
    // script error repeats it; 峰会 is zh-TW wording in the wrong script.
    assert_eq!(
        lint("东盟峰会", Lang::ZhTw),
        [
            ("wrong-locale".into(), "东盟".into(), vec!["東協".into()]),
            ("script-mismatch".into(), "峰会".into(), vec!["峰會".into()]),
        ]
    );
    // Beside a wrong term, the rest of a run is still a script error.
    assert_eq!(
        lint("与东盟的合作", Lang::ZhTw),
        [
            ("script-mismatch".into(), "与".into(), vec!["與".into()]),
            ("wrong-locale".into(), "东盟".into(), vec!["東協".into()]),
        ]
    );
    assert_eq!(
        lint("發展數位經濟", Lang::ZhCn),
        [
            ("script-mismatch".into(), "發展".into(), vec!["发展".into()]),
            (
                "wrong-locale".into(),
                "數位經濟".into(),
                vec!["数字经济".into()]
            ),
        ]
    );
}

#[test]
fn an_error_is_widened_to_its_word_but_not_into_what_is_taken() {
    let spans = |text: &'static str, taken: &[std::ops::Range<usize>]| -> Vec<&'static str> {
        script::errors_outside(Tagger::bundled(), text, Lang::ZhCn, taken)
            .into_iter()
            .map(|e| &text[e.range()])
            .collect()
    };
    // 濟 alone is the error; the word 经济 around it is the span.
    let text = "发展经濟，经濟发展";
    assert_eq!(spans(text, &[]), ["经濟", "经濟"]);
    // A finding over 经 (the first) or after 濟 (the second) bounds it.
    let first = text.find('经').unwrap();
    let second = text.rfind('经').unwrap();
    assert_eq!(
        spans(text, std::slice::from_ref(&(first..first + 3))),
        ["濟", "经濟"]
    );
    assert_eq!(
        spans(text, &[first..first + 3, second..second + 3]),
        ["濟", "濟"]
    );
    // 發 alone is the error, widened to 發展 unless 展 is taken.
    let text = "經濟發展";
    let zhan = text.find('展').unwrap();
    assert_eq!(spans(text, &[]), ["經濟發展"]);
    assert_eq!(
        spans(text, std::slice::from_ref(&(zhan..zhan + 3))),
        ["經濟發"]
    );
}

#[test]
fn a_long_text_has_each_paragraphs_errors_as_if_alone() {
    // Script errors between many wrong terms: each is bounded by the terms
    // next to it, however many the text has.
    let paragraph = "与东盟的合作，东盟峰会的发展。";
    let alone = lint(paragraph, Lang::ZhTw);
    assert!(alone.len() >= 4, "{alone:?}");
    let text = format!("{paragraph}\n\n").repeat(2_000);
    let whole = lint(&text, Lang::ZhTw);
    assert_eq!(whole.len(), alone.len() * 2_000);
    for (i, f) in whole.iter().enumerate() {
        assert_eq!(f, &alone[i % alone.len()], "finding {i}");
    }
}

#[test]
fn check_reports_the_target_only() {
    let seg = Segment {
        id: "1".into(),
        source: "The US and Japan".into(),
        target: Some("美国與日本".into()),
        source_lang: Some("en".into()),
        target_lang: Some("zh-TW".into()),
        ..Segment::default()
    };
    let mut checker = Checker::new(Tagger::bundled());
    let findings = checker.check("a.tsv", &seg);
    let script: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "script-mismatch")
        .map(|f| (f.target.as_deref(), f.suggestions.clone()))
        .collect();
    assert_eq!(script, [(Some("美国"), vec!["美國".to_string()])]);
}

#[test]
fn wording_built_on_a_term_of_the_locale_is_not_wrong_locale() {
    // 威懾 is approved in zh-TW: 威懾能力 is zh-TW wording, admitted (an
    // info finding that names the preferred term), not wrong-locale.
    assert_eq!(
        lint("美國必須提升威懾能力。", Lang::ZhTw),
        [(
            "non-preferred".into(),
            "威懾能力".into(),
            vec!["嚇阻".into()]
        )]
    );
    // 川普 is zh-TW wording through and through.
    assert_eq!(lint("川普", Lang::ZhCn)[0].0, "wrong-locale");
}

#[test]
fn suggestions_are_counterparts_of_the_same_type() {
    let said = |text: &str| -> Vec<(String, Vec<String>)> {
        lint(text, Lang::ZhTw)
            .into_iter()
            .filter(|f| f.0 == "wrong-locale")
            .map(|f| (f.1, f.2))
            .collect()
    };
    assert_eq!(
        said("地区和平与稳定的重要公共产品"),
        [("公共产品".into(), vec!["公共財".into()])]
    );
    assert_eq!(
        said("钓鱼岛及其附属岛屿"),
        [("钓鱼岛及其附属岛屿".into(), vec!["釣魚台列嶼".into()])]
    );
    assert_eq!(said("钓鱼岛"), [("钓鱼岛".into(), vec!["釣魚台".into()])]);
}

#[test]
fn fix_leaves_what_the_word_check_rejects_and_says_so() {
    let dir = std::env::temp_dir().join(format!("shuyu-fix-word-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.md");
    std::fs::write(&file, "他说四川普通话。与川普会谈。\n").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["lint", "--locale", "zh-CN", "--fix"];
        args.extend_from_slice(extra);
        args.push(file.to_str().unwrap());
        std::process::Command::new(env!("CARGO_BIN_EXE_shuyu"))
            .args(&args)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "他说四川普通话。与特朗普会谈。\n"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("fixed 1"));
    // Raw matching reports the match inside 四川普通话 but does not fix it.
    std::fs::write(&file, "他说四川普通话。与川普会谈。\n").unwrap();
    let o = run(&["--no-word-check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "他说四川普通话。与特朗普会谈。\n"
    );
    assert!(err.contains("not fixed: 1 (ambiguous)"), "{err}");
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
