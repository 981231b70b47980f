//! Sentences from the seed documents the bundled glossary was built from:
//! every term in them is found whole, with its acronym on the same concept.

use shuyu::Tagger;

fn tagged(text: &str) -> Vec<(&str, &str)> {
    Tagger::bundled()
        .find_iter(text)
        .map(|m| (&text[m.range()], m.concept()))
        .collect()
}

#[test]
fn csis_report_in_simplified_chinese() {
    assert_eq!(
        tagged("尽管本报告作者坚决支持美国重新加入《全面与进步跨太平洋伙伴关系协定》(CPTPP)"),
        [
            ("美国", "united-states"),
            ("全面与进步跨太平洋伙伴关系协定", "cptpp"),
            ("CPTPP", "cptpp")
        ]
    );
    assert_eq!(
        tagged("日本计划在2025年3月成立一个新的联合作战司令部(J-JOC)"),
        [
            ("日本", "japan"),
            ("联合作战司令部", "j-joc"),
            ("J-JOC", "j-joc")
        ]
    );
    assert_eq!(
        tagged("包括提升四方安全对话(Quad)、启动AUKUS安全协议"),
        [
            ("四方安全对话", "quad"),
            ("Quad", "quad"),
            ("AUKUS安全协议", "aukus")
        ]
    );
    assert_eq!(
        tagged("外交战略——“自由开放的印度-太平洋”(FOIP)"),
        [("自由开放的印度-太平洋", "foip"), ("FOIP", "foip")]
    );
    assert_eq!(
        tagged("通过印太经济繁荣框架(IPEF)和全球基础设施与投资伙伴关系(PGII)加强工作"),
        [
            ("印太经济繁荣框架", "ipef"),
            ("IPEF", "ipef"),
            ("全球基础设施与投资伙伴关系", "pgii"),
            ("PGII", "pgii")
        ]
    );
}

#[test]
fn cass_article_in_traditional_chinese() {
    assert_eq!(
        tagged("依託日本主導的全面與進步跨太平洋夥伴關係協定(英文縮寫CPTPP)等貿易規則"),
        [
            ("日本", "japan"),
            ("全面與進步跨太平洋夥伴關係協定", "cptpp"),
            ("CPTPP", "cptpp")
        ]
    );
    assert_eq!(
        tagged("要求韓方延長日韓《軍事情報保護協定》(英文縮寫GSOMIA)"),
        [("軍事情報保護協定", "gsomia"), ("GSOMIA", "gsomia")]
    );
    assert_eq!(
        tagged("日本將推動區域全面經濟夥伴關係協定(英文縮寫RCEP)談判"),
        [
            ("日本", "japan"),
            ("區域全面經濟夥伴關係協定", "rcep"),
            ("RCEP", "rcep")
        ]
    );
    assert_eq!(
        tagged("川普政府主張貿易保護主義"),
        [
            ("川普政府", "trump-administration"),
            ("貿易保護主義", "trade-protectionism")
        ]
    );
}

#[test]
fn machine_translated_abbreviation_list() {
    // The wrong renderings are recorded as deprecated terms of the right
    // concept; the ones that are ordinary words (警察, 计划, 我们) are not.
    let t = Tagger::bundled();
    let text = "朱塞普日美战略能源伙伴关系";
    let found: Vec<_> = t
        .find_iter(text)
        .map(|m| (m.concept(), m.status()))
        .collect();
    assert_eq!(
        found,
        [
            ("jusep", shuyu::Status::Deprecated),
            ("jusep", shuyu::Status::Preferred)
        ]
    );
    assert_eq!(tagged("警察缔约方会议"), [("缔约方会议", "cop")]);
    assert_eq!(
        tagged("计划中国人民解放军海军"),
        [("中国人民解放军海军", "plan")]
    );
    assert_eq!(
        tagged("日美“核心伙伴关系”(CoRe)"),
        [("核心伙伴关系", "core"), ("CoRe", "core")]
    );
}

#[test]
fn taiwanese_commentary_with_english_glosses() {
    assert_eq!(
        tagged("美國對外政策回歸交易式邏輯(Transactionalism)"),
        [
            ("美國", "united-states"),
            ("Transactionalism", "transactionalism")
        ]
    );
    assert_eq!(
        tagged("以七大工業國(G7)或美國的安全條約夥伴為核心"),
        [
            ("七大工業國", "g7"),
            ("G7", "g7"),
            ("美國", "united-states")
        ]
    );
}
