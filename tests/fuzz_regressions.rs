//! Inputs the fuzzers once failed on (`fuzz/regressions/TARGET-what`),
//! replayed through the same entry points with the same expectations.

use std::path::Path;

use shuyu::formats::{bitext, document, tbx, terms, tsv};

fn replay(target: &str, data: &[u8]) {
    match target {
        "tbx" => {
            if let Ok(g) = tbx::parse(data, None) {
                assert_eq!(tbx::parse(tbx::write(&g).as_bytes(), None).unwrap(), g);
            }
        }
        "glossary_text" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let _ = tsv::parse(text, None);
            if let Ok(mut g) = terms::parse(text, None) {
                let again = terms::parse(&terms::write(&g), None).unwrap();
                // The format groups a concept's terms by language.
                for c in &mut g.concepts {
                    let order = c.languages();
                    c.terms
                        .sort_by_key(|t| order.iter().position(|&l| l == t.lang));
                }
                assert_eq!(again, g);
            }
        }
        "tmx" | "xliff" => {
            let _ = bitext::parse(data, None, &bitext::Langs::default());
        }
        "document" => {
            // As the fuzzer: the first byte picks the format and the locale.
            let Some((&kind, bytes)) = data.split_first() else {
                return;
            };
            use document::DocumentFormat::{Docx, Html, Markdown, Text};
            let format = [Markdown, Html, Text, Docx][kind as usize % 4];
            let locale =
                [shuyu::Lang::ZhCn, shuyu::Lang::ZhTw, shuyu::Lang::En][kind as usize / 4 % 3];
            let Ok(doc) = document::Document::parse(bytes, format, None) else {
                return;
            };
            let findings =
                shuyu::lint::Linter::new(shuyu::Tagger::bundled(), locale).lint("f", &doc);
            let edits = shuyu::lint::fixes(&findings);
            let _ = shuyu::lint::unified_diff("f", &doc.text, &edits);
            let fixed = shuyu::lint::apply(&doc.text, &edits);
            let kept = doc.text.len() - edits.iter().map(|(r, _)| r.len()).sum::<usize>();
            assert_eq!(
                fixed.len(),
                kept + edits.iter().map(|(_, w)| w.len()).sum::<usize>()
            );
        }

        "compiled" => {
            if let Ok(t) = shuyu::Tagger::from_bytes(data) {
                let _ = t.find_iter("四方安全对话 Quad").count();
            }
        }
        other => panic!("no replay for target {other}"),
    }
}

#[test]
fn every_regression_input_replays_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = name.split('-').next().unwrap();
        replay(target, &std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}
