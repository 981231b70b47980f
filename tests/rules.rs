//! One table per matching rule: a glossary, a text, and the spans and
//! concepts that must be found.

use shuyu::{Concept, Glossary, Lang, Status, Tagger, Term};

/// A glossary from `(concept, lang, term)` triples.
fn glossary(terms: &[(&str, Lang, &str)]) -> Glossary {
    let mut g = Glossary::new();
    for &(id, lang, text) in terms {
        if g.concept(id).is_none() {
            g.concepts.push(Concept::new(id));
        }
        let c = g.concepts.iter_mut().find(|c| c.id == id).unwrap();
        c.terms.push(Term::new(text, lang));
    }
    g
}

/// The matched substrings and their concepts.
fn tag<'t>(tagger: &Tagger, text: &'t str) -> Vec<(&'t str, String)> {
    tagger
        .find_iter(text)
        .map(|m| (&text[m.range()], m.concept().to_string()))
        .collect()
}

struct Case {
    name: &'static str,
    text: &'static str,
    want: &'static [(&'static str, &'static str)],
}

/// Each case's matches with the glossary `$terms`; `raw:` first turns the
/// Chinese word check off, for cases about the scan's own steps.
macro_rules! cases {
    (raw: $terms:expr, $cases:tt) => {
        cases!(@with Tagger::new(&glossary($terms)).unwrap().with_word_check(false), $cases)
    };
    ($terms:expr, $cases:tt) => {
        cases!(@with Tagger::new(&glossary($terms)).unwrap(), $cases)
    };
    (@with $tagger:expr, [$($name:literal: $text:literal => [$(($m:literal, $c:literal)),*]),* $(,)?]) => {{
        let tagger = $tagger;
        let cases = [$(Case { name: $name, text: $text, want: &[$(($m, $c)),*] }),*];
        for case in cases {
            let got = tag(&tagger, case.text);
            let want: Vec<(&str, String)> = case.want.iter().map(|&(m, c)| (m, c.to_string())).collect();
            assert_eq!(got, want, "case {:?}: {:?}", case.name, case.text);
        }
    }};
}

const EN: Lang = Lang::En;
const CN: Lang = Lang::ZhCn;
const TW: Lang = Lang::ZhTw;

#[test]
fn width_folds_full_width_letters_digits_and_punctuation() {
    cases!(&[("aukus", EN, "AUKUS"), ("g7", EN, "G7"), ("two-plus-two", EN, "2+2")], [
        "full-width acronym": "ＡＵＫＵＳ成员" => [("ＡＵＫＵＳ", "aukus")],
        "full-width digit": "Ｇ７峰会" => [("Ｇ７", "g7")],
        "full-width plus": "日美“２＋２”会谈" => [("２＋２", "two-plus-two")],
        "ascii still matches": "AUKUS and G7" => [("AUKUS", "aukus"), ("G7", "g7")],
    ]);
}

#[test]
fn dashes_are_one_character() {
    cases!(&[("j-joc", EN, "J-JOC"), ("asean", EN, "ADMM-Plus")], [
        "hyphen-minus": "J-JOC" => [("J-JOC", "j-joc")],
        "U+2010 hyphen": "J‐JOC" => [("J‐JOC", "j-joc")],
        "U+2011 non-breaking hyphen": "J‑JOC" => [("J‑JOC", "j-joc")],
        "en dash": "J–JOC" => [("J–JOC", "j-joc")],
        "em dash": "J—JOC" => [("J—JOC", "j-joc")],
        "U+2015 horizontal bar": "J―JOC" => [("J―JOC", "j-joc")],
        "minus sign": "J−JOC" => [("J−JOC", "j-joc")],
        "full-width hyphen": "J－JOC" => [("J－JOC", "j-joc")],
        "no dash is not a dash": "JJOC" => [],
        "space is not a dash": "J JOC" => [],
        "term written with a dash variant": "ADMM‐Plus" => [("ADMM‐Plus", "asean")],
    ]);
}

#[test]
fn whitespace_runs_equal_one_space() {
    cases!(&[("supply-chain", EN, "supply chain"), ("csis", EN, "Center for Strategic and International Studies")], [
        "one space": "a supply chain" => [("supply chain", "supply-chain")],
        "several spaces": "supply   chain" => [("supply   chain", "supply-chain")],
        "tab and newline": "supply\t\n chain" => [("supply\t\n chain", "supply-chain")],
        "ideographic space": "supply\u{3000}chain" => [("supply\u{3000}chain", "supply-chain")],
        "no-break space": "supply\u{a0}chain" => [("supply\u{a0}chain", "supply-chain")],
        "line-wrapped name": "the Center for Strategic\n  and International Studies" => [("Center for Strategic\n  and International Studies", "csis")],
        "no space is not a space": "supplychain" => [],
    ]);
}

#[test]
fn traditional_and_simplified_fold_together() {
    cases!(&[("csd", CN, "集体自卫权"), ("quad", TW, "四方安全對話"), ("taiwan", CN, "台湾")], [
        "simplified": "行使集体自卫权" => [("集体自卫权", "csd")],
        "traditional": "行使集體自衛權" => [("集體自衛權", "csd")],
        "mixed scripts": "集体自衛权" => [("集体自衛权", "csd")],
        "simplified text, traditional term": "四方安全对话" => [("四方安全对话", "quad")],
        "variant 臺": "臺灣" => [("臺灣", "taiwan")],
    ]);
}

#[test]
fn capitalised_terms_match_only_as_written() {
    cases!(&[
        ("core", EN, "CoRe"), ("plan", EN, "PLAN"), ("us", EN, "US"), ("quad", EN, "Quad"),
        ("supply-chain", EN, "supply chain"),
    ], [
        "CoRe as written": "the CoRe partnership" => [("CoRe", "core")],
        "core is a word": "core values" => [],
        "CORE is not CoRe": "CORE" => [],
        "PLAN as written": "PLAN vessels" => [("PLAN", "plan")],
        "plan is a word": "a plan for the region" => [],
        "Plan is a word": "Plan ahead" => [],
        "US": "US forces" => [("US", "us")],
        "us is a word": "join us" => [],
        "Quad": "the Quad" => [("Quad", "quad")],
        "quad is a word": "a quad bike" => [],
        "QUAD is not Quad": "QUAD" => [],
        "lowercase term, any case": "Supply Chain and SUPPLY CHAIN and supply chain" => [
            ("Supply Chain", "supply-chain"), ("SUPPLY CHAIN", "supply-chain"), ("supply chain", "supply-chain")
        ],
        "full-width capitals count as capitals": "ＣｏＲｅ" => [("ＣｏＲｅ", "core")],
    ]);
}

#[test]
fn english_last_word_matches_plural_and_possessive() {
    cases!(&[
        ("supply-chain", EN, "supply chain"), ("capability", EN, "capability"),
        ("quad", EN, "Quad"), ("ally", EN, "ally"), ("tax", EN, "tax"), ("mou", EN, "MOU"),
        ("aukus", EN, "AUKUS"), ("day", EN, "day"),
    ], [
        "plural -s": "supply chains" => [("supply chains", "supply-chain")],
        "plural -ies": "new capabilities" => [("capabilities", "capability")],
        "plural -es after x": "taxes" => [("taxes", "tax")],
        "plural -s after vowel + y": "days" => [("days", "day")],
        "possessive": "the Quad's agenda" => [("Quad's", "quad")],
        "curly possessive": "the Quad’s agenda" => [("Quad’s", "quad")],
        "plural possessive": "allies' concerns" => [("allies'", "ally")],
        "acronym plural": "two MOUs" => [("MOUs", "mou")],
        "acronym ending in S, possessive": "AUKUS's pillar" => [("AUKUS's", "aukus")],
        "acronym ending in S, bare apostrophe": "AUKUS' pillar" => [("AUKUS'", "aukus")],
        "no irregular forms": "capabilitys" => [],
        "plural of a capitalised term keeps its case": "quads" => [],
    ]);
}

#[test]
fn latin_terms_need_boundaries_chinese_terms_do_not() {
    cases!(&[("quad", EN, "Quad"), ("g7", EN, "G7"), ("aukus", EN, "AUKUS"), ("pillar2", CN, "第二支柱"), ("japan", CN, "日本")], [
        "not inside a word": "Quadrant" => [],
        "not after a letter": "SubQuad" => [],
        "not before a digit": "G70" => [],
        "not after a digit": "1G7" => [],
        "punctuation is a boundary": "(G7)" => [("G7", "g7")],
        "hyphen is a boundary": "pre-Quad" => [("Quad", "quad")],
        "next to Chinese": "AUKUS第二支柱" => [("AUKUS", "aukus"), ("第二支柱", "pillar2")],
        "Chinese after Latin": "G7日本" => [("G7", "g7"), ("日本", "japan")],
        "Chinese inside Chinese": "日本日本" => [("日本", "japan"), ("日本", "japan")],
        "full-width letter counts as a letter": "ＧＧ7" => [],
        "accented Latin letter counts": "éQuad" => [],
    ]);
}

#[test]
fn a_sign_only_case_folding_makes_a_letter_does_not_hide_the_word() {
    // The Kelvin sign K folds to k: the word oK is the key ok, though the
    // sign is not a Latin letter as written.
    cases!(&[("ok", EN, "ok")], [
        "inside the word": "oK." => [("oK", "ok")],
        "plain": "ok." => [("ok", "ok")],
    ]);
}

#[test]
fn leftmost_longest_never_overlaps() {
    cases!(&[
        ("cptpp", CN, "全面与进步跨太平洋伙伴关系协定"), ("tpp", CN, "跨太平洋伙伴关系协定"),
        ("partnership", CN, "伙伴关系"), ("jjoc", CN, "联合作战司令部"), ("hq", CN, "司令部"),
        ("ab", EN, "a b"), ("bc", EN, "b c d"),
    ], [
        "longest wins": "加入全面与进步跨太平洋伙伴关系协定" => [("全面与进步跨太平洋伙伴关系协定", "cptpp")],
        "shorter alone": "原跨太平洋伙伴关系协定" => [("跨太平洋伙伴关系协定", "tpp")],
        "inner term alone": "伙伴关系" => [("伙伴关系", "partnership")],
        "leftmost wins over longer later": "联合作战司令部" => [("联合作战司令部", "jjoc")],
        "suffix term after a match": "印太司令部" => [("司令部", "hq")],
        "leftmost even if shorter": "a b c d" => [("a b", "ab")],
    ]);
}

#[test]
fn a_prefix_followed_by_one_term_matches_it_only_whole() {
    // 台湾 has one longer key under it, 台湾海峡, so the tagger compares the
    // text with that term; the English term's plurals and possessives are
    // keys too, so it is walked, and both must agree.
    cases!(&[("taiwan", CN, "台湾"), ("strait", CN, "台湾海峡"), ("scs", EN, "supply  chain security"), ("quad", EN, "Quad")], [
        "whole": "台湾海峡两岸" => [("台湾海峡", "strait")],
        "text ends inside the term": "台湾海" => [("台湾", "taiwan")],
        "text turns away inside the term": "台湾海洋" => [("台湾", "taiwan")],
        "folded in the term's rest": "臺灣海峽" => [("臺灣海峽", "strait")],
        "whitespace run and case in the rest": "Supply\n chain  SECURITY." => [("Supply\n chain  SECURITY", "scs")],
        "boundary still asked": "supply chain securityx" => [],
        "a Latin term right after a compared one": "台湾海峡Quad" => [("台湾海峡", "strait"), ("Quad", "quad")],
    ]);
}

#[test]
fn a_key_begins_where_its_next_character_can_follow() {
    // 日 begins 日美同盟 and alone is 日 (Japan): the scan passes over a 日
    // whose next character is second in no key, but not over a term of one
    // character.
    cases!(raw: &[("alliance", CN, "日美同盟"), ("japan", CN, "日"), ("us", CN, "美国")], [
        "whole term": "日美同盟" => [("日美同盟", "alliance")],
        "one-character term before a character no key has second": "日本" => [("日", "japan")],
        "the next character is second in a key, not this one's": "日国" => [("日", "japan")],
        "Traditional in what follows": "日美國" => [("日", "japan"), ("美國", "us")],
        "a two-character term after a passed position": "日美国" => [("日", "japan"), ("美国", "us")],
    ]);
    cases!(&[("alliance", CN, "日美同盟"), ("us", CN, "美国")], [
        "no key of one character": "日本美国" => [("美国", "us")],
        "the next character could follow, the rest does not": "日美国" => [("美国", "us")],
    ]);
}

#[test]
fn offsets_point_into_the_original_text() {
    let tagger = Tagger::new(&glossary(&[
        ("aukus", EN, "AUKUS"),
        ("csd", CN, "集体自卫权"),
    ]))
    .unwrap();
    let text = "Ａ ＡＵＫＵＳ，集體自衛權";
    let spans: Vec<(usize, usize)> = tagger
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    assert_eq!(spans, [(4, 19), (22, 37)]);
    assert_eq!(&text[4..19], "ＡＵＫＵＳ");
    assert_eq!(&text[22..37], "集體自衛權");
}

#[test]
fn matches_report_term_language_and_status() {
    let g = Glossary {
        concepts: vec![Concept::new("trump")
            .with_term(Term::new("Donald Trump", EN))
            .with_term(Term::new("特朗普", CN))
            .with_term(Term::new("川普", TW))
            .with_term(Term::new("川普", CN).with_status(Status::Deprecated))],
    };
    let tagger = Tagger::new(&g).unwrap();
    let m: Vec<_> = tagger
        .find_iter("特朗普 川普")
        .map(|m| (m.term(), m.lang(), m.status()))
        .collect();
    // Two terms share the key 川普; the first in glossary order is reported.
    assert_eq!(
        m,
        [
            ("特朗普", CN, Status::Preferred),
            ("川普", TW, Status::Preferred)
        ]
    );
}

#[test]
fn the_script_the_text_uses_picks_among_terms_sharing_a_key() {
    let g = Glossary {
        concepts: vec![Concept::new("digital-economy")
            .with_term(Term::new("数字经济", CN))
            .with_term(Term::new("數字經濟", TW).with_status(Status::Admitted))],
    };
    let tagger = Tagger::new(&g).unwrap();
    let langs: Vec<Lang> = tagger
        .find_iter("数字经济 數字經濟")
        .map(|m| m.lang())
        .collect();
    assert_eq!(langs, [CN, TW]);
}

#[test]
fn builder_rejects_what_cannot_be_tagged() {
    let err = |g: Glossary| Tagger::new(&g).unwrap_err().to_string();
    assert_eq!(err(Glossary::new()), "the glossary has no terms");
    assert!(err(Glossary {
        concepts: vec![Concept::new("x").with_term(Term::new("  ", EN))]
    })
    .contains("empty term"));
    let dup = Glossary {
        concepts: vec![
            Concept::new("x").with_term(Term::new("a", EN)),
            Concept::new("x").with_term(Term::new("b", EN)),
        ],
    };
    assert!(err(dup).contains("two concepts have the id \"x\""));
}

#[test]
fn compiled_bytes_load_back_and_damage_is_detected() {
    let tagger = Tagger::new(&glossary(&[
        ("quad", EN, "Quad"),
        ("csd", CN, "集体自卫权"),
    ]))
    .unwrap();
    let loaded = Tagger::from_bytes(tagger.as_bytes()).unwrap();
    let text = "Quad 集體自衛權";
    let a: Vec<_> = tagger
        .find_iter(text)
        .map(|m| (m.range(), m.concept()))
        .collect();
    let b: Vec<_> = loaded
        .find_iter(text)
        .map(|m| (m.range(), m.concept()))
        .collect();
    assert_eq!(a, b);

    assert!(Tagger::from_bytes(&b"<martif/>"[..])
        .unwrap_err()
        .to_string()
        .contains("not a compiled"));
    let mut bytes = tagger.as_bytes().to_vec();
    bytes[8] = 9;
    assert!(Tagger::from_bytes(&bytes[..])
        .unwrap_err()
        .to_string()
        .contains("version 9"));
    let bytes = tagger.as_bytes();
    for cut in [10, 64, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Tagger::from_bytes(&bytes[..cut]).is_err(),
            "truncated at {cut}"
        );
    }
    let mut flipped = tagger.as_bytes().to_vec();
    flipped[80] ^= 0xFF;
    assert!(Tagger::from_bytes(&flipped[..]).is_err());
}

#[test]
fn a_term_longer_than_the_limit_or_a_note_longer_than_the_format_holds_is_an_error() {
    let glossary = Glossary {
        concepts: vec![Concept::new("long").with_term(Term::new("a".repeat(70_000), Lang::En))],
    };
    let e = Tagger::new(&glossary).unwrap_err();
    assert_eq!(
        e.kind(),
        &shuyu::compile::BuildErrorKind::TermTooLong {
            concept: "long".into(),
            chars: 70_000
        }
    );
    let mut noted = Concept::new("noted").with_term(Term::new("Quad", Lang::En));
    noted.note = Some("n".repeat(70_000));
    let e = Tagger::new(&Glossary {
        concepts: vec![noted],
    })
    .unwrap_err();
    assert_eq!(e.kind(), &shuyu::compile::BuildErrorKind::TooLarge);
}

#[test]
fn subjects_and_notes_read_back_from_the_compiled_form_whichever_a_concept_has() {
    let with = |id: &str, subject: Option<&str>, note: Option<&str>| {
        let term = format!("term {}", id.len() + usize::from(id.as_bytes()[0]));
        let mut c = Concept::new(id).with_term(Term::new(term, Lang::En));
        c.subject = subject.map(str::to_string);
        c.note = note.map(str::to_string);
        c
    };
    let glossary = Glossary {
        concepts: vec![
            with("neither", None, None),
            with("subject", Some("国防"), None),
            with("note", None, Some("用于正式文件")),
            with("both", Some("trade"), Some("a note")),
            with(&"i".repeat(32_767), None, Some("the longest id")),
        ],
    };
    let tagger = Tagger::from_bytes(Tagger::new(&glossary).unwrap().as_bytes().to_vec()).unwrap();
    let read: Vec<(&str, Option<&str>, Option<&str>, usize)> = tagger
        .concepts()
        .map(|c| (c.id(), c.subject(), c.note(), c.terms().count()))
        .collect();
    assert_eq!(
        read[..4],
        [
            ("neither", None, None, 1),
            ("subject", Some("国防"), None, 1),
            ("note", None, Some("用于正式文件"), 1),
            ("both", Some("trade"), Some("a note"), 1),
        ]
    );
    assert_eq!(read[4].0.len(), 32_767);
    assert_eq!(read[4].2, Some("the longest id"));
    let too_long = Glossary {
        concepts: vec![with(&"i".repeat(32_768), None, None)],
    };
    let e = Tagger::new(&too_long).unwrap_err();
    assert_eq!(e.kind(), &shuyu::compile::BuildErrorKind::TooLarge);
}

#[test]
fn many_long_terms_sharing_a_prefix_tag_in_time_linear_in_the_text() {
    // Terms of the longest length allowed, all but their last character
    // the same: every position of a text of that character walks the whole
    // prefix, which the length limit bounds. Unbounded, this took seconds.
    let longest = shuyu::compile::MAX_TERM_CHARS;
    let prefix = "中".repeat(longest - 1);
    let concepts = (0..200u32)
        .map(|i| {
            let last = char::from_u32(0x5000 + i).unwrap();
            Concept::new(format!("c{i}")).with_term(Term::new(format!("{prefix}{last}"), Lang::En))
        })
        .collect();
    let tagger = Tagger::new(&Glossary { concepts }).unwrap();
    let text = format!("{}。{prefix}{}", "中".repeat(30_000), '\u{5000}');
    assert_eq!(tagger.find_iter(&text).count(), 1);
}
