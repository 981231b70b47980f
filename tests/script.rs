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
    for (text, want) in table {
        let want: Vec<(&str, String)> = want.iter().map(|&(a, b)| (a, b.to_string())).collect();
        assert_eq!(errors(text, Lang::ZhTw), want, "{text}");
    }
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
    for (text, want) in table {
        let want: Vec<(&str, String)> = want.iter().map(|&(a, b)| (a, b.to_string())).collect();
        assert_eq!(errors(text, Lang::ZhCn), want, "{text}");
    }
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
