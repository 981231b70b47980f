//! The glossary readers and writers: TBX (2008/Basic and v3), TSV/CSV and
//! the terms format, with their errors.

use std::path::Path;

use shuyu::formats::{self, tbx, terms, tsv, GlossaryFormat};
use shuyu::{Concept, Glossary, Lang, Status, Term, TermType};

const TBX_BASIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="core">
      <descrip type="subjectField">partnership</descrip>
      <langSet xml:lang="en-US">
        <tig>
          <term>Competitiveness and Resilience Partnership</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        </tig>
        <tig>
          <term>CoRe</term>
          <termNote type="termType">acronym</termNote>
        </tig>
      </langSet>
      <langSet xml:lang="zh-Hans">
        <ntig><termGrp>
          <term>核心伙伴关系</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
        </termGrp></ntig>
        <ntig><termGrp>
          <term>竞争力与韧性伙伴关系</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        </termGrp></ntig>
      </langSet>
      <langSet xml:lang="zh-Hant">
        <tig><term>核心夥伴關係</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="fr"><tig><term>partenariat</term></tig></langSet>
    </termEntry>
    <termEntry>
      <langSet xml:lang="en"><tig><term>Glyph &amp; Co</term></tig></langSet>
      <langSet xml:lang="zh_Hans"><tig><term/></tig></langSet>
    </termEntry>
  </body></text>
</martif>"#;

const TBX_V3: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="aukus">
      <basic:subjectField>partnership</basic:subjectField>
      <langSec xml:lang="en">
        <termSec>
          <term>AUKUS</term>
          <basic:termType>acronym</basic:termType>
          <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
        </termSec>
      </langSec>
      <langSec xml:lang="zh-CN">
        <termSec><term>奥库斯</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>"#;

#[test]
fn tbx_2008_reads_statuses_types_languages_and_ids() {
    let g = tbx::parse(TBX_BASIC.as_bytes(), None).unwrap();
    assert_eq!(g.concepts.len(), 2);
    let core = &g.concepts[0];
    assert_eq!(core.id, "core");
    assert_eq!(core.subject.as_deref(), Some("partnership"));
    let got: Vec<(&str, Lang, Status, TermType)> = core
        .terms
        .iter()
        .map(|t| (t.text.as_str(), t.lang, t.status, t.kind))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Competitiveness and Resilience Partnership",
                Lang::En,
                Status::Preferred,
                TermType::FullForm
            ),
            ("CoRe", Lang::En, Status::Admitted, TermType::Acronym),
            (
                "核心伙伴关系",
                Lang::ZhCn,
                Status::Deprecated,
                TermType::FullForm
            ),
            (
                "竞争力与韧性伙伴关系",
                Lang::ZhCn,
                Status::Preferred,
                TermType::FullForm
            ),
            (
                "核心夥伴關係",
                Lang::ZhTw,
                Status::Deprecated,
                TermType::FullForm
            ),
        ]
    );
    // No id: the entry's position; the empty Weblate term is skipped; in a
    // language section where no term has a status, the first is preferred.
    assert_eq!(g.concepts[1].id, "c2");
    assert_eq!(g.concepts[1].terms, [Term::new("Glyph & Co", Lang::En)]);
}

#[test]
fn tbx_v3_reads_dct_elements() {
    let g = tbx::parse(TBX_V3.as_bytes(), None).unwrap();
    let c = &g.concepts[0];
    assert_eq!(
        (c.id.as_str(), c.subject.as_deref()),
        ("aukus", Some("partnership"))
    );
    assert_eq!(
        c.terms[0],
        Term::new("AUKUS", Lang::En).with_type(TermType::Acronym)
    );
    assert_eq!(
        c.terms[1],
        Term::new("奥库斯", Lang::ZhCn).with_status(Status::Admitted)
    );
}

#[test]
fn tbx_in_utf16_with_bom_and_crlf_reads_the_same() {
    let crlf = TBX_V3
        .replace('\n', "\r\n")
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    for (bom, encode) in [
        (&[0xFF, 0xFE][..], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        (&[0xFE, 0xFF][..], u16::to_be_bytes as fn(u16) -> [u8; 2]),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(crlf.encode_utf16().flat_map(encode));
        assert_eq!(
            tbx::parse(&bytes, None).unwrap(),
            tbx::parse(TBX_V3.as_bytes(), None).unwrap()
        );
    }
}

#[test]
fn tbx_errors_name_the_file_and_line() {
    let file = Path::new("bad.tbx");
    let truncated = &TBX_BASIC[..TBX_BASIC.find("<tig>").unwrap() + 5];
    let e = tbx::parse(truncated.as_bytes(), Some(file)).unwrap_err();
    assert!(e.to_string().starts_with("bad.tbx:"), "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");

    let bad_status = TBX_BASIC.replace("deprecatedTerm-admn-sts", "maybeTerm");
    let e = tbx::parse(bad_status.as_bytes(), Some(file)).unwrap_err();
    assert_eq!(
        e.line(),
        Some(
            bad_status[..bad_status.find("maybeTerm").unwrap()]
                .lines()
                .count()
        )
    );
    assert!(
        e.message()
            .contains("unknown administrativeStatus \"maybeTerm\""),
        "{e}"
    );

    let e = tbx::parse(b"<xliff/>", Some(file)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.tbx:1: not a TBX file: the root element is <xliff>, not <martif> or <tbx>"
    );

    let mismatched =
        TBX_BASIC.replace("</langSet>\n      <langSet xml:lang=\"zh-Hans\">", "</tig>");
    assert!(tbx::parse(mismatched.as_bytes(), Some(file)).is_err());

    let unknown = b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><martif/>";
    let e = tbx::parse(unknown, Some(file)).unwrap_err();
    assert!(
        e.message()
            .contains("\"klingon-8\", which shuyu does not know"),
        "{e}"
    );
    let bad_big5 = b"<?xml version=\"1.0\" encoding=\"Big5\"?><martif>\xFF\xFF</martif>";
    let e = tbx::parse(bad_big5, Some(file)).unwrap_err();
    assert!(e.message().contains("not valid Big5"), "{e}");

    let invalid_utf8 = b"<martif><text>\xFF</text></martif>";
    let e = tbx::parse(invalid_utf8, Some(file)).unwrap_err();
    assert!(
        e.message().contains("invalid UTF-8 at byte offset 14"),
        "{e}"
    );
}

#[test]
fn tbx_in_legacy_chinese_encodings_is_decoded() {
    for (label, encoding) in [("GBK", encoding_rs::GBK), ("Big5", encoding_rs::BIG5)] {
        let text = format!(
            "<?xml version=\"1.0\" encoding=\"{label}\"?><martif><text><body><termEntry id=\"t\"><langSet xml:lang=\"zh-TW\"><tig><term>集體自衛權</term></tig></langSet></termEntry></body></text></martif>"
        );
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable);
        let g = tbx::parse(&bytes, None).unwrap();
        assert_eq!(g.concepts[0].terms[0].text, "集體自衛權", "{label}");
    }
}

#[test]
fn tbx_never_expands_declared_entities() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet></termEntry></body></text></martif>"#;
    let e = tbx::parse(laughs.as_bytes(), None).unwrap_err();
    assert!(e.message().contains("&lol3;"), "{e}");
    assert_eq!(e.line(), Some(7));
}

#[test]
fn tbx_writer_round_trips() {
    let g = tbx::parse(TBX_BASIC.as_bytes(), None).unwrap();
    let written = tbx::write(&g);
    let mut again = tbx::parse(written.as_bytes(), None).unwrap();
    // The writer groups terms by language; this glossary already is.
    assert_eq!(again, g);
    again.concepts[0].note = Some("a <note> & more".into());
    assert_eq!(
        tbx::parse(tbx::write(&again).as_bytes(), None).unwrap(),
        again
    );
}

#[test]
fn tsv_one_term_per_row() {
    let text = "concept\tlang\tterm\tstatus\ttype\tsubject\n\
                # a comment\n\
                quad\ten\tQuad\tpreferred\tacronym\tdialogue\n\
                quad\tzh-Hans\t四方安全对话\t\t\t\n\
                \n\
                core\tzh-CN\t核心伙伴关系\tdeprecatedTerm-admn-sts\t\t\n";
    let g = tsv::parse(text, None).unwrap();
    assert_eq!(g.concepts.len(), 2);
    assert_eq!(g.concepts[0].subject.as_deref(), Some("dialogue"));
    assert_eq!(
        g.concepts[0].terms[0],
        Term::new("Quad", Lang::En).with_type(TermType::Acronym)
    );
    assert_eq!(
        g.concepts[0].terms[1],
        Term::new("四方安全对话", Lang::ZhCn).with_status(Status::Admitted)
    );
    assert_eq!(g.concepts[1].terms[0].status, Status::Deprecated);
    // What tsv::write writes, tsv::parse reads back.
    assert_eq!(tsv::parse(&tsv::write(&g), None).unwrap(), g);
}

#[test]
fn csv_one_concept_per_row_with_quotes() {
    let text = "id,en,zh-CN,zh-TW,note\r\n\
                quad,\"Quad|Quadrilateral Security Dialogue\",四方安全对话,四方安全對話,\"Four, not \"\"three\"\"\"\r\n\
                ,AUKUS,奥库斯,,\r\n";
    let g = tsv::parse(text, None).unwrap();
    assert_eq!(g.concepts[0].id, "quad");
    assert_eq!(g.concepts[0].note.as_deref(), Some("Four, not \"three\""));
    assert_eq!(
        g.concepts[0].terms[1],
        Term::new("Quadrilateral Security Dialogue", Lang::En).with_status(Status::Admitted)
    );
    assert_eq!(g.concepts[1].id, "AUKUS");
    assert_eq!(g.concepts[1].terms.len(), 2);
}

#[test]
fn tsv_errors_name_the_line_and_column() {
    let file = Some(Path::new("g.tsv"));
    let e = tsv::parse("concept\tlang\tterm\nquad\ten\n", file).unwrap_err();
    assert_eq!(
        e.to_string(),
        "g.tsv:2: missing column `term` (the row has 2 fields)"
    );
    let e = tsv::parse("concept\tlang\tterm\nquad\tfr-FR\tQuad\n", file).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("g.tsv:2: unknown language tag \"fr-FR\""),
        "{e}"
    );
    let e = tsv::parse("concept\tlang\tterm\tstatus\nquad\ten\tQuad\tmaybe\n", file).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("g.tsv:2: unknown status \"maybe\""),
        "{e}"
    );
    let e = tsv::parse("id,en\nx,\"open\n", file).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("g.tsv:2: a quoted field is never closed"),
        "{e}"
    );
    let e = tsv::parse("foo\tbar\nx\ty\n", file).unwrap_err();
    assert!(e.to_string().contains("names no language column"), "{e}");
}

#[test]
fn terms_format_defaults_and_annotations() {
    let text = "[quad]\nsubject: dialogue\nen: Quadrilateral Security Dialogue | Quad (acronym)\n\
                zh-CN: 四方安全对话 | 四方 (short) | 四国集团 (deprecated)\nzh: 四方 (admitted, short)\n\
                [g7]\nen: Group of Seven (G7) ()\n";
    let g = terms::parse(text, None).unwrap();
    let quad = &g.concepts[0];
    assert_eq!(
        quad.terms[1],
        Term::new("Quad", Lang::En)
            .with_status(Status::Admitted)
            .with_type(TermType::Acronym)
    );
    assert_eq!(quad.terms[3].kind, TermType::ShortForm);
    assert_eq!(quad.terms[4].status, Status::Deprecated);
    assert_eq!(
        quad.terms[5],
        Term::new("四方", Lang::Zh)
            .with_status(Status::Admitted)
            .with_type(TermType::ShortForm)
    );
    assert_eq!(g.concepts[1].terms[0].text, "Group of Seven (G7)");
    assert_eq!(terms::parse(&terms::write(&g), None).unwrap(), g);
}

#[test]
fn terms_format_errors_name_the_line() {
    let file = Some(Path::new("g.terms"));
    let e = terms::parse("en: Quad\n", file).unwrap_err();
    assert_eq!(
        e.to_string(),
        "g.terms:1: a line before the first `[id]` header"
    );
    let e = terms::parse("[x]\nen: Group of Seven (G7)\n", file).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("g.terms:2: unknown annotation \"G7\""),
        "{e}"
    );
    let e = terms::parse("[x]\n\nfr: bonjour\n", file).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("g.terms:3: unknown language tag \"fr\""),
        "{e}"
    );
    let e = terms::parse("[x]\njust text\n", file).unwrap_err();
    assert!(
        e.to_string().starts_with("g.terms:2: expected `[id]`"),
        "{e}"
    );
}

#[test]
fn the_bundled_glossary_survives_every_writer() {
    let g = Glossary::bundled();
    let same = |name: &str, again: Glossary| {
        assert_eq!(again.concepts.len(), g.concepts.len(), "{name}");
        for (a, b) in again.concepts.iter().zip(&g.concepts) {
            assert_eq!(a, b, "{name}");
        }
    };
    same("terms", terms::parse(&terms::write(&g), None).unwrap());
    same("tsv", tsv::parse(&tsv::write(&g), None).unwrap());
    same("tbx", tbx::parse(tbx::write(&g).as_bytes(), None).unwrap());
}

#[test]
fn formats_are_told_apart_by_content() {
    assert_eq!(
        GlossaryFormat::sniff(b"\xEF\xBB\xBF<?xml version='1.0'?><martif/>"),
        GlossaryFormat::Tbx
    );
    assert_eq!(
        GlossaryFormat::sniff(b"# comment\n[quad]\nen: Quad\n"),
        GlossaryFormat::Terms
    );
    assert_eq!(
        GlossaryFormat::sniff("en\tzh-CN\nQuad\t四方\n".as_bytes()),
        GlossaryFormat::Tsv
    );
    let g = formats::parse_glossary(
        "en,zh-CN\nQuad,四方\n".as_bytes(),
        GlossaryFormat::Tsv,
        None,
    )
    .unwrap();
    assert_eq!(g.concepts[0].terms[1].text, "四方");
}

#[test]
fn language_tags_are_read_as_cat_tools_write_them() {
    for (tag, lang) in [
        ("en", Lang::En),
        ("en-US", Lang::En),
        ("en_GB", Lang::En),
        ("EN", Lang::En),
        ("zh-CN", Lang::ZhCn),
        ("zh-Hans", Lang::ZhCn),
        ("zh-SG", Lang::ZhCn),
        ("zh_Hans", Lang::ZhCn),
        ("zh-Hans-HK", Lang::ZhCn),
        ("zh-TW", Lang::ZhTw),
        ("zh-Hant", Lang::ZhTw),
        ("zh-HK", Lang::ZhTw),
        ("zh-Hant-TW", Lang::ZhTw),
        ("zh", Lang::Zh),
    ] {
        assert_eq!(tag.parse::<Lang>(), Ok(lang), "{tag}");
    }
    for bad in ["", "fr", "zh-XX", "english"] {
        assert!(bad.parse::<Lang>().is_err(), "{bad}");
    }
    let c = Concept::new("x");
    assert!(c.terms.is_empty());
}

#[test]
fn inline_markup_is_kept_as_tmx_beside_the_text() {
    use shuyu::formats::{bitext::Langs, tmx, xliff};
    // TMX: as written.
    let t = r#"<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>A <hi x="1">Quad</hi><ph x="2">&lt;br/&gt;</ph>.</seg></tuv><tuv xml:lang="zh-CN"><seg>四方。</seg></tuv></tu></body></tmx>"#;
    let s = &tmx::parse(t.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments[0];
    assert_eq!(s.source, "A Quad.");
    assert_eq!(
        s.source_markup.as_deref(),
        Some(r#"A <hi x="1">Quad</hi><ph x="2">&lt;br/&gt;</ph>."#)
    );
    assert_eq!(s.target_markup, None, "plain text has no markup");
    // XLIFF 2: pc becomes a bpt/ept pair, ph a ph, cp a ph with the char in the text.
    let x = r#"<xliff version="2.0" srcLang="en" trgLang="zh-CN"><file id="f"><unit id="u"><segment>
<source>Press <pc id="1">Save</pc><ph id="2"/> now<cp hex="1"/></source><target>按<pc id="1">保存</pc></target></segment></unit></file></xliff>"#;
    let s = &xliff::parse(x.as_bytes(), None, &Langs::default())
        .unwrap()
        .segments[0];
    assert_eq!(s.source, "Press Save now\u{1}");
    assert_eq!(
        s.source_markup.as_deref(),
        Some(
            r#"Press <bpt i="1">&lt;pc id=&quot;1&quot;&gt;</bpt>Save<ept i="1">&lt;/pc&gt;</ept><ph>&lt;ph id=&quot;2&quot;/&gt;</ph> now<ph>&lt;cp hex=&quot;1&quot;/&gt;</ph>"#
        )
    );
    // Written back as TMX and read again: the same text.
    let back = tmx::parse(
        tmx::write(std::slice::from_ref(s)).as_bytes(),
        None,
        &Langs::default(),
    )
    .unwrap();
    assert_eq!(back.segments[0].source, "Press Save now");
    assert_eq!(back.segments[0].target.as_deref(), Some("按保存"));
}
