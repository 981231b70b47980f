//! The check rules beyond terms, each with a pair that fires and one that
//! does not, through the checker as `shuyu check` runs it.

use shuyu::check::Checker;
use shuyu::formats::bitext::Segment;
use shuyu::Tagger;

fn rules_of(source: &str, target: &str, target_lang: &str) -> Vec<String> {
    let mut c = Checker::new(Tagger::bundled());
    let seg = Segment::new("1", source, Some(target)).with_langs("en", target_lang);
    c.check("f", &seg).into_iter().map(|f| f.rule).collect()
}

#[test]
fn each_rule_fires_and_holds_its_peace() {
    let cases: &[(&str, &str, &str, &str, bool)] = &[
        (
            "number-mismatch",
            "The switch provides 16 ports.",
            "该交换机提供15个端口。",
            "zh-CN",
            true,
        ),
        (
            "number-mismatch",
            "The switch provides 16 ports.",
            "该交换机提供16个端口。",
            "zh-CN",
            false,
        ),
        // A number inside a term both sides have is the term's: the
        // translation of G20 and COVID-19 need not repeat 20 and 19.
        (
            "number-mismatch",
            "COVID-19 hit the G20 economies.",
            "新冠肺炎冲击了二十国集团经济体。",
            "zh-CN",
            false,
        ),
        // Outside the terms, numbers still count.
        (
            "number-mismatch",
            "COVID-19 hit 3 of the G20 economies.",
            "新冠肺炎冲击了二十国集团中的两个经济体。",
            "zh-CN",
            true,
        ),
        (
            "number-mismatch",
            "32,000 troops in August 2018",
            "2018年8月，3.2万名士兵",
            "zh-CN",
            false,
        ),
        (
            "number-mismatch",
            "Valid range is 1 to 65535.",
            "有效范围为0到65535。",
            "zh-CN",
            true,
        ),
        ("tag-mismatch", "Save {0} files", "保存文件", "zh-CN", true),
        (
            "tag-mismatch",
            "Save {0} files",
            "保存 {0} 个文件",
            "zh-CN",
            false,
        ),
        (
            "same-as-source",
            "Select a file",
            "Select a file",
            "zh-CN",
            true,
        ),
        ("same-as-source", "AUKUS", "AUKUS", "zh-CN", false),
        ("punctuation", "Japan, the US", "日本,美国", "zh-CN", true),
        ("punctuation", "Japan, the US", "日本、美国", "zh-CN", false),
        (
            "punctuation",
            "Japan and the US",
            "Japan，the US",
            "en",
            true,
        ),
    ];
    for &(rule, source, target, lang, fires) in cases {
        let got = rules_of(source, target, lang);
        assert_eq!(
            got.iter().any(|r| r == rule),
            fires,
            "{rule}: {source} → {target}: {got:?}"
        );
    }
}

#[test]
fn the_same_target_for_two_sources_is_inconsistent() {
    let mut c = Checker::new(Tagger::bundled());
    let a = Segment::new("1", "Fire", Some("发送")).with_langs("en", "zh-CN");
    let b = Segment::new("2", "Send", Some("发送")).with_langs("en", "zh-CN");
    let plural = Segment::new("3", "Sends", Some("发送")).with_langs("en", "zh-CN");
    assert!(c.check("f", &a).is_empty());
    let rules: Vec<String> = c.check("f", &b).into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["inconsistent-source"]);
    // A plural is the same source to a language that does not mark it.
    let rules: Vec<String> = c.check("f", &plural).into_iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        ["inconsistent-source"],
        "Sends is Send, not Fire: reported against Fire only"
    );
}

#[test]
fn consistency_groups_a_language_however_files_spell_it() {
    let seg = |id: &str, target: &str, lang: &str| Segment {
        id: id.into(),
        source: "The Quad met.".into(),
        target: Some(target.into()),
        source_lang: Some("en".into()),
        target_lang: Some(lang.into()),
        ..Segment::default()
    };
    let mut checker = Checker::new(Tagger::bundled());
    let rules = |findings: Vec<shuyu::report::Finding>| -> Vec<String> {
        findings
            .into_iter()
            .map(|f| f.rule)
            .filter(|r| r.starts_with("inconsistent"))
            .collect()
    };
    assert_eq!(
        rules(checker.check("a.tmx", &seg("1", "四方会晤。", "zh_CN"))),
        Vec::<String>::new()
    );
    assert_eq!(
        rules(checker.check("b.xlf", &seg("2", "四方安全对话会晤。", "zh-cn"))),
        ["inconsistent-translation"]
    );
}

#[test]
fn a_segment_with_many_concepts_reports_each_missing_and_extra_one() {
    // Forty concepts in one source, the targets of only some: each
    // concept without its translation is missing once, in source order,
    // and each translation without its source is extra.
    let tagger = Tagger::bundled();
    let alone = |text: &str, id: &str| {
        let found: Vec<_> = tagger.find_iter(text).collect();
        found.len() == 1 && found[0].concept() == id && found[0].range() == (0..text.len())
    };
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for concept in tagger.concepts() {
        let (Some(en), Some(zh)) = (
            concept.approved(shuyu::Lang::En).first().map(|t| t.text()),
            concept
                .approved(shuyu::Lang::ZhCn)
                .first()
                .map(|t| t.text()),
        ) else {
            continue;
        };
        if alone(en, concept.id()) && alone(zh, concept.id()) && zh.chars().count() >= 4 {
            pairs.push((concept.id().into(), en.into(), zh.into()));
        }
        if pairs.len() == 45 {
            break;
        }
    }
    assert_eq!(pairs.len(), 45, "the bundled glossary has the concepts");
    let source: Vec<&str> = pairs[..40].iter().map(|p| p.1.as_str()).collect();
    // Every other source concept translated, and the last five only in
    // the target.
    let target: Vec<&str> = pairs
        .iter()
        .enumerate()
        .filter(|&(i, _)| i % 2 == 0 || i >= 40)
        .map(|(_, p)| p.2.as_str())
        .collect();
    let seg =
        Segment::new("1", &source.join("; "), Some(&target.join("；"))).with_langs("en", "zh-CN");
    let findings = Checker::new(tagger).check("f", &seg);
    let of = |rule: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .filter_map(|f| f.concept.clone())
            .collect()
    };
    let missing: Vec<String> = (1..40).step_by(2).map(|i| pairs[i].0.clone()).collect();
    let extra: Vec<String> = (40..45).map(|i| pairs[i].0.clone()).collect();
    assert_eq!(of("missing-term"), missing);
    assert_eq!(of("extra-term"), extra);
    assert!(of("count-mismatch").is_empty());
}
