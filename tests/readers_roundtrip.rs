//! Property tests for the bilingual readers: a file written from random
//! segments reads back as the same segments, in TMX, XLIFF 1.2, XLIFF 2.0
//! and TSV, in UTF-8 and UTF-16.

use proptest::prelude::*;
use shuyu::formats::bitext::{self, Langs, Segment};

fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Quad", "四方", "安全", "對話", " ", "  ", "\n", "\t", "\r\n", "\r", "&", "<", ">", "\"",
        "'", "&amp;", "]]>", "😀", "x", "AUKUS", "\u{3000}",
    ]);
    prop::collection::vec(pieces, 1..12).prop_map(|v| v.concat())
}

fn segments() -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec((text(), prop::option::of(text())), 1..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .enumerate()
            .map(|(i, (source, target))| Segment {
                id: format!("u{i}"),
                source,
                target,
                source_lang: Some("en".into()),
                target_lang: Some("zh-CN".into()),
                ..Segment::default()
            })
            .collect()
    })
}

fn same(read: &bitext::Bitext, written: &[Segment]) -> bool {
    let read = &read.segments;
    read.len() == written.len()
        && read
            .iter()
            .zip(written)
            .all(|(r, w)| r.id == w.id && r.source == w.source && r.target == w.target)
}

fn xliff12(segs: &[Segment]) -> String {
    let mut out = String::from("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-CN\" datatype=\"plaintext\" original=\"x\"><body>\n");
    for s in segs {
        out.push_str(&format!(
            "<trans-unit id=\"{}\"><source>{}</source>",
            escape(&s.id),
            escape(&s.source)
        ));
        if let Some(t) = &s.target {
            out.push_str(&format!("<target>{}</target>", escape(t)));
        }
        out.push_str("</trans-unit>\n");
    }
    out + "</body></file></xliff>\n"
}

fn xliff20(segs: &[Segment]) -> String {
    let mut out = String::from("<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"zh-CN\"><file id=\"f\">\n");
    for s in segs {
        out.push_str(&format!(
            "<unit id=\"{}\"><segment><source>{}</source>",
            escape(&s.id),
            escape(&s.source)
        ));
        if let Some(t) = &s.target {
            out.push_str(&format!("<target>{}</target>", escape(t)));
        }
        out.push_str("</segment></unit>\n");
    }
    out + "</file></xliff>\n"
}

/// XML's five entities and a carriage return (which XML would otherwise
/// read as a line feed), written as another tool would.
fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .replace('\r', "&#13;")
}

fn one_line(t: &str) -> String {
    t.replace(['\t', '\n', '\r'], " ")
}

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tmx_round_trip(segs in segments()) {
        let written = shuyu::formats::tmx::write(&segs);
        let read = bitext::parse(written.as_bytes(), None, &Langs::default()).unwrap();
        prop_assert!(same(&read, &segs), "{:?}\n{:?}", read, segs);
        let read16 = bitext::parse(&utf16(&written), None, &Langs::default()).unwrap();
        prop_assert!(same(&read16, &segs));
    }

    #[test]
    fn xliff12_round_trip(segs in segments()) {
        let read = bitext::parse(xliff12(&segs).as_bytes(), None, &Langs::default()).unwrap();
        prop_assert!(same(&read, &segs), "{:?}\n{:?}", read, segs);
    }

    #[test]
    fn xliff20_round_trip(segs in segments()) {
        let read = bitext::parse(&utf16(&xliff20(&segs)), None, &Langs::default()).unwrap();
        prop_assert!(same(&read, &segs), "{:?}\n{:?}", read, segs);
    }

    #[test]
    fn tsv_round_trip(segs in segments()) {
        // TSV cannot hold tabs or line breaks inside a field; a missing
        // target is an empty field.
        let clean: Vec<Segment> = segs
            .into_iter()
            .map(|mut s| {
                s.source = one_line(&s.source);
                s.target = Some(one_line(s.target.as_deref().unwrap_or("")));
                s
            })
            .collect();
        let mut tsv = String::new();
        for s in &clean {
            tsv.push_str(&s.id);
            tsv.push('\t');
            tsv.push_str(&s.source);
            if let Some(t) = &s.target {
                tsv.push('\t');
                tsv.push_str(t);
            }
            tsv.push('\n');
        }
        let langs = Langs { source: Some("en".into()), target: Some("zh-CN".into()) };
        let read = bitext::parse(tsv.as_bytes(), None, &langs).unwrap();
        prop_assert!(same(&read, &clean), "{:?}\n{:?}", read, clean);
    }
}
