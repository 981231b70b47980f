//! The bilingual readers (TMX, XLIFF 1.2 and 2.0, TSV) on fixtures written
//! here, and the check rules over what they read.

use shuyu::check::{Checker, RULES};
use shuyu::formats::bitext::{self, Langs, Segment};
use shuyu::formats::{tmx, xliff};
use shuyu::report::Severities;
use shuyu::Tagger;

/// A TMX as a Windows CAT tool writes it: UTF-16 LE with a BOM, CRLF line
/// ends, inline codes inside and around terms.
fn utf16_tmx() -> Vec<u8> {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n\
<tmx version=\"1.4\">\r\n\
<header creationtool=\"test\" srclang=\"en-US\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\"/>\r\n\
<body>\r\n\
<tu tuid=\"alpha\">\r\n\
<tuv xml:lang=\"en-US\"><seg>The <hi>Quad</hi> met<ph x=\"1\">&lt;br/&gt;</ph> in Tokyo.</seg></tuv>\r\n\
<tuv xml:lang=\"zh-CN\"><seg><bpt i=\"1\">&lt;b&gt;</bpt>四方<ept i=\"1\">&lt;/b&gt;</ept>安全对话在东京举行。</seg></tuv>\r\n\
</tu>\r\n\
<tu>\r\n\
<tuv xml:lang=\"en-US\"><seg>PLAN vessels</seg></tuv>\r\n\
<tuv xml:lang=\"zh-CN\"><seg>计划船只</seg></tuv>\r\n\
</tu>\r\n\
</body>\r\n\
</tmx>\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

const XLIFF12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
 <file original="a.docx" source-language="en" target-language="zh-TW" datatype="plaintext">
  <header><note>not a unit</note></header>
  <body>
   <group id="g">
    <trans-unit id="u1" sdl:id="wrong">
     <source>The <g id="1">Co</g><g id="2">Re</g> partnership<x id="3"/></source>
     <target>競爭力與<bpt id="4">&lt;i&gt;</bpt>韌性<ept id="4">&lt;/i&gt;</ept>夥伴關係</target>
     <alt-trans><target>核心夥伴關係</target></alt-trans>
    </trans-unit>
    <trans-unit id="u2">
     <source>Trump met Abe. Then AUKUS.</source>
     <seg-source><mrk mtype="seg" mid="1">Trump met Abe.</mrk> <mrk mtype="seg" mid="2">Then AUKUS.</mrk></seg-source>
     <target><mrk mtype="seg" mid="1">特朗普會見安倍。</mrk> <mrk mtype="seg" mid="2">然後是AUKUS。</mrk></target>
    </trans-unit>
    <trans-unit id="u3"><source>untranslated Quad</source></trans-unit>
   </group>
  </body>
 </file>
</xliff>"#;

const XLIFF20: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.0" srcLang="en" trgLang="zh-CN">
 <file id="f1">
  <unit id="1">
   <originalData><data id="d1">&lt;br/&gt;</data></originalData>
   <mtc:matches><mtc:match ref="m1"><source>x</source><target>川普</target></mtc:match></mtc:matches>
   <segment id="s1">
    <source>The <pc id="1">right of collective</pc> self-defense<ph id="2" dataRef="d1"/>.</source>
    <target>集体<pc id="1">自衛</pc>权<cp hex="200B"/>。</target>
   </segment>
   <ignorable><source> </source></ignorable>
   <segment>
    <source>Quad and Quad</source>
    <target>四方安全对话</target>
   </segment>
  </unit>
  <unit id="2"><segment><source>J-JOC</source><target>联合作战司令部</target></segment></unit>
 </file>
</xliff>"#;

fn ids_and_text(segs: &[Segment]) -> Vec<(&str, &str, Option<&str>)> {
    segs.iter()
        .map(|s| (s.id.as_str(), s.source.as_str(), s.target.as_deref()))
        .collect()
}

#[test]
fn tmx_utf16_bom_crlf_with_inline_codes() {
    let segs = tmx::parse(&utf16_tmx(), None, &Langs::default())
        .unwrap()
        .segments;
    assert_eq!(
        ids_and_text(&segs),
        [
            (
                "alpha",
                "The Quad met in Tokyo.",
                Some("四方安全对话在东京举行。")
            ),
            ("2", "PLAN vessels", Some("计划船只")),
        ]
    );
    assert_eq!(segs[0].source_lang.as_deref(), Some("en-US"));
    assert_eq!(segs[0].target_lang.as_deref(), Some("zh-CN"));
    assert_eq!(segs[1].line, 9);
}

#[test]
fn tmx_picks_source_and_target_languages() {
    let tmx = r#"<tmx version="1.4"><header srclang="*all*"/><body>
        <tu><tuv lang="zh-TW"><seg>四方</seg></tuv><tuv xml:lang="en"><seg>Quad</seg></tuv><tuv xml:lang="zh-CN"><seg>四方</seg></tuv></tu>
        </body></tmx>"#;
    let all = tmx::parse(tmx.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments;
    // *all*: the first tuv is the source; every other one a target.
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].source_lang.as_deref(), Some("zh-TW"));
    let langs = Langs {
        source: Some("en".into()),
        target: Some("zh-cn".into()),
    };
    let one = tmx::parse(tmx.as_bytes(), None, &langs).unwrap().segments;
    assert_eq!(ids_and_text(&one), [("1", "Quad", Some("四方"))]);
    assert_eq!(one[0].target_lang.as_deref(), Some("zh-CN"));
}

#[test]
fn xliff12_groups_inline_tags_segmentation_and_alt_trans() {
    let segs = xliff::parse(XLIFF12.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments;
    assert_eq!(
        ids_and_text(&segs),
        [
            ("u1", "The CoRe partnership", Some("競爭力與韌性夥伴關係")),
            ("u2#1", "Trump met Abe.", Some("特朗普會見安倍。")),
            ("u2#2", "Then AUKUS.", Some("然後是AUKUS。")),
            ("u3", "untranslated Quad", None),
        ]
    );
    assert_eq!(segs[0].target_lang.as_deref(), Some("zh-TW"));
}

#[test]
fn xliff20_segments_modules_and_code_points() {
    let segs = xliff::parse(XLIFF20.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments;
    assert_eq!(
        ids_and_text(&segs),
        [
            (
                "1#s1",
                "The right of collective self-defense.",
                Some("集体自衛权\u{200B}。")
            ),
            ("1#2", "Quad and Quad", Some("四方安全对话")),
            ("2", "J-JOC", Some("联合作战司令部")),
        ]
    );
}

#[test]
fn tsv_bitext_takes_languages_from_the_options() {
    let langs = Langs {
        source: Some("en".into()),
        target: Some("zh-CN".into()),
    };
    let segs = bitext::parse(
        "id\tsource\ttarget\n7\tQuad\t四方\n8\tonly source\t\n".as_bytes(),
        None,
        &langs,
    )
    .unwrap()
    .segments;
    assert_eq!(
        ids_and_text(&segs),
        [("7", "Quad", Some("四方")), ("8", "only source", Some(""))]
    );
    assert_eq!(segs[0].source_lang.as_deref(), Some("en"));
    let e =
        bitext::parse(b"1\ta\tb\tc\n", Some(std::path::Path::new("x.tsv")), &langs).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.tsv:1: expected id<TAB>source<TAB>target or source<TAB>target, found 4 fields"
    );
}

#[test]
fn formats_are_told_apart_by_content_not_extension() {
    let langs = Langs::default();
    assert_eq!(
        bitext::parse(&utf16_tmx(), None, &langs)
            .unwrap()
            .segments
            .len(),
        2
    );
    assert_eq!(
        bitext::parse(XLIFF12.as_bytes(), None, &langs)
            .unwrap()
            .segments
            .len(),
        4
    );
    assert_eq!(
        bitext::parse(XLIFF20.as_bytes(), None, &langs)
            .unwrap()
            .segments
            .len(),
        3
    );
    let e = bitext::parse(b"<martif/>", Some(std::path::Path::new("t.xlf")), &langs).unwrap_err();
    assert!(
        e.to_string().contains("the root element is <martif>"),
        "{e}"
    );
}

#[test]
fn truncated_and_malformed_files_are_errors_not_half_reads() {
    let langs = Langs::default();
    let cut = &XLIFF20[..XLIFF20.find("<unit id=\"2\">").unwrap()];
    let e = bitext::parse(
        cut.as_bytes(),
        Some(std::path::Path::new("cut.xlf")),
        &langs,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("cut.xlf:"), "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");
    let tmx = utf16_tmx();
    assert!(bitext::parse(&tmx[..tmx.len() / 2], None, &langs).is_err());
    let two_sources = XLIFF20.replace(
        "<source>J-JOC</source>",
        "<source>J-JOC</source><source>again</source>",
    );
    let e = bitext::parse(two_sources.as_bytes(), None, &langs).unwrap_err();
    assert!(e.to_string().contains("two <source>"), "{e}");
    let control = XLIFF20.replace("J-JOC", "J\u{1}JOC");
    let e = bitext::parse(control.as_bytes(), None, &langs).unwrap_err();
    assert!(e.to_string().contains("U+0001 is not allowed"), "{e}");
}

fn seg(id: &str, source: &str, target: &str, s: &str, t: &str) -> Segment {
    Segment {
        id: id.into(),
        source: source.into(),
        target: Some(target.into()),
        source_lang: Some(s.into()),
        target_lang: Some(t.into()),
        line: 1,
        ..Segment::default()
    }
}

fn rules(findings: &[shuyu::report::Finding]) -> Vec<(&str, Option<&str>)> {
    findings
        .iter()
        .map(|f| (f.rule.as_str(), f.concept.as_deref()))
        .collect()
}

#[test]
fn missing_term_catches_plan_but_not_plan() {
    let mut c = Checker::new(Tagger::bundled());
    let f = c.check("f", &seg("1", "PLAN vessels", "计划船只", "en", "zh-CN"));
    assert_eq!(rules(&f), [("missing-term", Some("plan"))]);
    assert_eq!(f[0].suggestions, ["中国人民解放军海军", "解放军海军"]);
    assert_eq!(f[0].source.as_deref(), Some("PLAN"));
    let f = c.check(
        "f",
        &seg("2", "a plan for the US", "为美国制定的计划", "en", "zh-CN"),
    );
    assert_eq!(rules(&f), []);
}

#[test]
fn approved_terms_of_either_script_and_kept_acronyms_satisfy_the_source() {
    for (source, target, lang) in [
        ("the Quad", "四方安全对话", "zh-CN"),
        ("the Quad", "四方安全對話", "zh-TW"),
        ("the Quad", "四方", "zh-Hans"),
        ("AUKUS", "AUKUS", "zh-CN"),
        ("奥库斯", "AUKUS", "en"),
    ] {
        let mut c = Checker::new(Tagger::bundled());
        let f = c.check("f", &seg(target, source, target, "en", lang));
        assert_eq!(rules(&f), [], "{target} in {lang}");
    }
    // "Quad" is not an acronym: kept in Latin letters it is no translation.
    let mut c = Checker::new(Tagger::bundled());
    let f = c.check("f", &seg("q", "the Quad", "Quad", "en", "zh-CN"));
    assert_eq!(rules(&f), [("missing-term", Some("quad"))]);
    // 台海 is zh-CN and zh-TW at once: no wrong-locale either way.
    for lang in ["zh-CN", "zh-TW"] {
        let f = c.check("f", &seg(lang, "the Taiwan Strait", "台海", "en", lang));
        assert_eq!(rules(&f), [], "{lang}");
    }
}

#[test]
fn deprecated_term_even_when_the_concept_is_in_the_source() {
    let mut c = Checker::new(Tagger::bundled());
    let f = c.check(
        "f",
        &seg("1", "the CoRe partnership", "核心伙伴关系", "en", "zh-CN"),
    );
    assert_eq!(rules(&f), [("deprecated-term", Some("core"))]);
    assert_eq!(f[0].target.as_deref(), Some("核心伙伴关系"));
    assert_eq!(f[0].suggestions[0], "竞争力和弹性伙伴关系");
    let f = c.check("f", &seg("2", "Japan", "日本与朱塞普", "en", "zh-CN"));
    assert_eq!(rules(&f), [("deprecated-term", Some("jusep"))]);
}

#[test]
fn wrong_locale_in_both_directions() {
    let mut c = Checker::new(Tagger::bundled());
    let f = c.check("f", &seg("1", "Trump", "川普", "en", "zh-CN"));
    assert_eq!(rules(&f), [("wrong-locale", Some("donald-trump"))]);
    assert_eq!(f[0].suggestions, ["特朗普", "唐纳德·特朗普"]);
    let f = c.check(
        "f",
        &seg("2", "artificial intelligence", "人工智能", "en", "zh-TW"),
    );
    assert_eq!(rules(&f), [("wrong-locale", Some("ai"))]);
    assert_eq!(f[0].suggestions, ["人工智慧"]);
    // A zh-TW wording in Simplified characters is still zh-TW wording.
    let f = c.check("f", &seg("3", "digital economy", "数位经济", "en", "zh-CN"));
    assert_eq!(rules(&f), [("wrong-locale", Some("digital-economy"))]);
}

#[test]
fn count_mismatch_and_extra_term() {
    let mut c = Checker::new(Tagger::bundled());
    let f = c.check(
        "f",
        &seg("1", "Quad and Quad again", "四方安全对话", "en", "zh-CN"),
    );
    assert_eq!(rules(&f), [("count-mismatch", Some("quad"))]);
    let f = c.check(
        "f",
        &seg("2", "the Quad", "四方安全对话与奥库斯", "en", "zh-CN"),
    );
    assert_eq!(rules(&f), [("extra-term", Some("aukus"))]);
    assert_eq!(f[0].severity, shuyu::report::Severity::Note);
}

#[test]
fn inconsistent_translation_across_files() {
    let mut c = Checker::new(Tagger::bundled());
    assert_eq!(
        rules(&c.check(
            "a.tmx",
            &seg("1", "Hello  world", "你好世界", "en", "zh-CN")
        )),
        []
    );
    assert_eq!(
        rules(&c.check(
            "b.tmx",
            &seg("9", "hello world", "你好，世界", "en", "zh-CN")
        )),
        [("inconsistent-translation", None)]
    );
    // The same target again, or another target language, is consistent.
    assert_eq!(
        rules(&c.check("c.tmx", &seg("3", "Hello world", "你好世界", "en", "zh-CN"))),
        []
    );
    assert_eq!(
        rules(&c.check(
            "c.tmx",
            &seg("4", "Hello world", "你好世界!", "en", "zh-TW")
        )),
        []
    );
}

#[test]
fn severities_are_configurable() {
    let mut s = Severities::new(RULES);
    s.set("missing-term=warning").unwrap();
    s.set("extra-term=off").unwrap();
    let mut c = Checker::new(Tagger::bundled()).with_severities(s);
    let f = c.check("f", &seg("1", "PLAN", "计划与奥库斯", "en", "zh-CN"));
    assert_eq!(rules(&f), [("missing-term", Some("plan"))]);
    assert_eq!(f[0].severity, shuyu::report::Severity::Warning);
}

#[test]
fn segments_in_other_languages_are_skipped_and_untranslated_ones_say_so() {
    let mut c = Checker::new(Tagger::bundled());
    let german = seg("1", "PLAN", "Plan", "en", "de");
    assert!(c.skip_reason(&german).is_some());
    assert_eq!(rules(&c.check("f", &german)), []);
    let mut untranslated = seg("2", "PLAN", "", "en", "zh-CN");
    assert_eq!(
        rules(&c.check("f", &untranslated)),
        [("untranslated", None)]
    );
    untranslated.target = None;
    assert_eq!(
        rules(&c.check("f", &untranslated)),
        [("untranslated", None)]
    );
}

#[test]
fn large_files_decode_the_same_across_read_chunks() {
    // Larger than the 64 KiB the XML layer reads at a time, with characters
    // of every width (and UTF-16 surrogate pairs) falling on the seams.
    let mut tmx = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\r\n");
    for i in 0..3000 {
        tmx.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"en\"><seg>Quad {i} 😀</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>四方安全对话{i}\r\n集体自卫权</seg></tuv></tu>\r\n"
        ));
    }
    tmx.push_str("</body></tmx>\r\n");
    let dir = std::env::temp_dir().join(format!("shuyu-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let utf8 = dir.join("a.tmx");
    std::fs::write(&utf8, &tmx).unwrap();
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(
        tmx.replace("UTF-8", "UTF-16")
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    let utf16_path = dir.join("b.tmx");
    std::fs::write(&utf16_path, &utf16).unwrap();
    let from_memory = tmx::parse(tmx.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments;
    assert_eq!(from_memory.len(), 3000);
    assert_eq!(
        from_memory[2999].target.as_deref(),
        Some("四方安全对话2999\n集体自卫权")
    );
    for path in [&utf8, &utf16_path] {
        let streamed = bitext::read(path, &Langs::default()).unwrap().segments;
        assert_eq!(
            ids_and_text(&streamed),
            ids_and_text(&from_memory),
            "{}",
            path.display()
        );
        // Each unit spans two lines; the first starts on line 3.
        assert_eq!(streamed[2999].line, 3 + 2 * 2999);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_read_in_blocks_is_the_file_read_whole() {
    // Ten units, one of them without a source: blocks of three segments,
    // in order, whose concatenation is what `read` gives, for each format.
    let dir = std::env::temp_dir().join(format!("shuyu-blocks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut tmx = String::from("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
    let mut xlf = String::from(
        "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-CN\"><body>\n",
    );
    let mut tsv = String::new();
    for i in 0..10 {
        if i == 4 {
            tmx.push_str("<tu tuid=\"4\"><tuv xml:lang=\"zh-CN\"><seg>无源</seg></tuv></tu>\n");
        } else {
            tmx.push_str(&format!("<tu tuid=\"{i}\"><tuv xml:lang=\"en\"><seg>Quad {i}</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>四方{i}</seg></tuv></tu>\n"));
        }
        xlf.push_str(&format!("<trans-unit id=\"{i}\"><source>Quad {i}</source><target>四方{i}</target></trans-unit>\n"));
        tsv.push_str(&format!("{i}\tQuad {i}\t四方{i}\n"));
    }
    tmx.push_str("</body></tmx>\n");
    xlf.push_str("</body></file></xliff>\n");
    for (name, contents) in [("b.tmx", tmx), ("b.xlf", xlf), ("b.tsv", tsv)] {
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        let langs = Langs {
            source: Some("en".into()),
            target: Some("zh-CN".into()),
        };
        let whole = bitext::read(&path, &langs).unwrap();
        let mut blocks = Vec::new();
        bitext::read_in_blocks(&path, &langs, 3, &mut |b| blocks.push(b)).unwrap();
        let sizes: Vec<usize> = blocks.iter().map(|b| b.segments.len()).collect();
        let want = if name == "b.tmx" {
            vec![3, 3, 3]
        } else {
            vec![3, 3, 3, 1]
        };
        assert_eq!(sizes, want, "{name}");
        let segments: Vec<Segment> = blocks.iter().flat_map(|b| b.segments.clone()).collect();
        let skipped: Vec<_> = blocks.iter().flat_map(|b| b.skipped.clone()).collect();
        assert_eq!(segments, whole.segments, "{name}");
        assert_eq!(skipped, whole.skipped, "{name}");
        assert_eq!(whole.units(), 10, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
