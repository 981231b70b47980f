//! `shuyu lint`: the rules in each locale, what each document format skips,
//! DOCX, suppression, configuration and `--fix`.

use std::io::Write;
use std::path::Path;

mod common;
use common::{stderr_of as err, stdout_of as out, TempDir};
use std::process::Output;

use shuyu::formats::document::{Document, DocumentFormat};
use shuyu::lint::Linter;
use shuyu::{Lang, Tagger};

fn lint(text: &str, format: DocumentFormat, locale: Lang) -> Vec<(String, String, Vec<String>)> {
    let doc = Document::parse(text.as_bytes(), format, None).unwrap();
    Linter::new(Tagger::bundled(), locale)
        .with_severities({
            let mut s = shuyu::report::Severities::new(shuyu::lint::RULES);
            s.set("non-preferred=info").unwrap();
            s
        })
        .lint("doc", &doc)
        .into_iter()
        .map(|f| (f.rule, f.target.unwrap_or_default(), f.suggestions))
        .collect()
}

fn rules(found: &[(String, String, Vec<String>)]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|(r, t, _)| (r.as_str(), t.as_str()))
        .collect()
}

#[test]
fn zh_cn_documents() {
    let found = lint(
        "川普、人工智慧、東協与核心伙伴关系；数位经济",
        DocumentFormat::Text,
        Lang::ZhCn,
    );
    assert_eq!(
        rules(&found),
        [
            ("wrong-locale", "川普"),
            ("wrong-locale", "人工智慧"),
            ("wrong-locale", "東協"),
            ("deprecated-term", "核心伙伴关系"),
            ("wrong-locale", "数位经济"),
        ]
    );
    assert_eq!(found[0].2, ["特朗普"]);
    assert_eq!(found[2].2, ["东盟"]);
    // Its own terms, terms shared by both locales, and English ones: nothing.
    assert_eq!(
        rules(&lint(
            "特朗普与人工智能，日本，台湾海峡，AUKUS",
            DocumentFormat::Text,
            Lang::ZhCn
        )),
        []
    );
    assert_eq!(
        rules(&lint("日美同盟", DocumentFormat::Text, Lang::ZhCn)),
        [("non-preferred", "日美同盟")]
    );
}

#[test]
fn zh_tw_documents() {
    let found = lint(
        "特朗普與人工智能、東盟；核心夥伴關係",
        DocumentFormat::Text,
        Lang::ZhTw,
    );
    assert_eq!(
        rules(&found),
        [
            ("wrong-locale", "特朗普"),
            ("wrong-locale", "人工智能"),
            ("wrong-locale", "東盟"),
            ("deprecated-term", "核心夥伴關係"),
        ]
    );
    assert_eq!(found[0].2, ["川普"]);
    assert_eq!(found[1].2, ["人工智慧"]);
    assert_eq!(
        rules(&lint(
            "川普與人工智慧，日本，臺灣海峽",
            DocumentFormat::Text,
            Lang::ZhTw
        )),
        []
    );
    // An admitted term of the locale is only a note at info level.
    assert_eq!(
        rules(&lint("台海", DocumentFormat::Text, Lang::ZhTw)),
        [("non-preferred", "台海")]
    );
}

#[test]
fn en_documents() {
    let found = lint(
        "The Quad and the CoRe; Japan and 川普.",
        DocumentFormat::Text,
        Lang::En,
    );
    // Quad and CoRe are admitted: the full forms are preferred. 川普 is a
    // quotation in an English text, not a wording choice.
    assert_eq!(
        rules(&found),
        [("non-preferred", "Quad"), ("non-preferred", "CoRe")]
    );
    assert_eq!(found[0].2, ["Quadrilateral Security Dialogue"]);
    let g = shuyu::Glossary {
        concepts: vec![shuyu::Concept::new("x")
            .with_term(shuyu::Term::new("supply chain", Lang::En))
            .with_term(
                shuyu::Term::new("supply line", Lang::En).with_status(shuyu::Status::Deprecated),
            )],
    };
    let tagger = Tagger::new(&g).unwrap();
    let doc = Document::parse(b"Supply lines matter.", DocumentFormat::Text, None).unwrap();
    let f = Linter::new(&tagger, Lang::En).lint("d", &doc);
    assert_eq!(
        (f[0].rule.as_str(), f[0].suggestions.as_slice()),
        ("deprecated-term", &["supply chain".to_string()][..])
    );
}

#[test]
fn markdown_skips_code_links_and_comments_but_not_the_title() {
    let md = "---\ntitle: 川普\n---\n\
# 川普 heading\n\n\
Text `川普` inline and [川普 link](https://example.com/川普) and <https://川普.example> and <!-- 川普 -->.\n\n\
```\n川普 fenced\n```\n\n    川普 indented\n\n\
| col | 川普 cell |\n|---|---|\n| 川普 | x |\n";
    let found = lint(md, DocumentFormat::Markdown, Lang::ZhCn);
    let doc = Document::parse(md.as_bytes(), DocumentFormat::Markdown, None).unwrap();
    let lines: Vec<usize> = Linter::new(Tagger::bundled(), Lang::ZhCn)
        .lint("d", &doc)
        .iter()
        .map(|f| f.line.unwrap())
        .collect();
    assert_eq!(found.len(), 5, "{found:?}");
    // Front matter title, heading, link text, table header, table cell.
    assert_eq!(lines, [2, 4, 6, 14, 16]);
    // TOML front matter's title and description are prose, other keys not.
    let toml_front = "+++\ntitle = \"川普\"\nauthor = \"川普\"\ndescription = '人工智慧'\n+++\n正文[^1]\n\n[^1]: 川普\n";
    assert_eq!(
        rules(&lint(toml_front, DocumentFormat::Markdown, Lang::ZhCn)),
        [
            ("wrong-locale", "川普"),
            ("wrong-locale", "人工智慧"),
            ("wrong-locale", "川普")
        ]
    );
}

#[test]
fn hard_wrapped_chinese_and_wrapped_english_terms_are_found() {
    let found = lint(
        "支持\n集体自\n卫权的\n\nthe supply\nchain",
        DocumentFormat::Markdown,
        Lang::ZhTw,
    );
    // Found across the wraps, and in Simplified script in a zh-TW text.
    assert_eq!(rules(&found), [("script-mismatch", "集体自\n卫权")]);
    let doc = Document::parse("人工\n智慧".as_bytes(), DocumentFormat::Markdown, None).unwrap();
    let f = Linter::new(Tagger::bundled(), Lang::ZhCn).lint("d", &doc);
    assert_eq!(f[0].rule, "wrong-locale");
    // A term across a line break cannot be fixed in place.
    assert_eq!(f[0].span, None);
}

#[test]
fn html_skips_tags_code_and_scripts_but_reads_alt_title_and_references() {
    let html = "<html><head><title>川普</title><style>.川普{}</style><script>var a='川普';</script></head>\n\
<body><p title=\"川普\">正文<b>川普</b></p><pre>川普</pre><code>川普</code><!-- 川普 --><p>人工智慧</p></body></html>";
    let found = lint(html, DocumentFormat::Html, Lang::ZhCn);
    assert_eq!(
        rules(&found),
        [
            ("wrong-locale", "川普"),
            ("wrong-locale", "川普"),
            ("wrong-locale", "川普"),
            ("wrong-locale", "人工智慧")
        ]
    );
    // Inline markup inside a term, character references, alt text and the
    // page description.
    let html = "<meta name=\"description\" content=\"人工智慧\"><p>人工<b>智慧</b>與&#24029;&#x666E;<img alt=\"川普\" src=\"川普.png\"></p>";
    let found = lint(html, DocumentFormat::Html, Lang::ZhCn);
    assert_eq!(
        rules(&found),
        [
            ("wrong-locale", "人工智慧"),
            ("wrong-locale", "人工<b>智慧"),
            ("script-mismatch", "與"),
            ("wrong-locale", "&#24029;&#x666E;"),
            ("wrong-locale", "川普")
        ]
    );
    // What runs across markup or references is reported, not fixed.
    let doc = Document::parse(html.as_bytes(), DocumentFormat::Html, None).unwrap();
    let spans: Vec<bool> = Linter::new(Tagger::bundled(), Lang::ZhCn)
        .lint("d", &doc)
        .iter()
        .map(|f| f.span.is_some())
        .collect();
    assert_eq!(spans, [true, false, true, false, true]);
}

#[test]
fn suppression_comments() {
    let md = "川普\n<!-- shuyu-disable-next-line -->\n川普\n<!-- shuyu-disable -->\n川普\n\n川普\n<!-- shuyu-enable -->\n川普\n";
    let doc = Document::parse(md.as_bytes(), DocumentFormat::Markdown, None).unwrap();
    let lines: Vec<usize> = Linter::new(Tagger::bundled(), Lang::ZhCn)
        .lint("d", &doc)
        .iter()
        .map(|f| f.line.unwrap())
        .collect();
    assert_eq!(lines, [1, 9]);
}

/// A real .docx: a zip with the parts Word writes, paragraphs of runs.
fn write_docx(path: &Path, paragraphs: &[&[&str]]) {
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
        for r in *runs {
            body.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{r}</w:t></w:r>"
            ));
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document.as_str()),
    ];
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn docx_paragraphs_are_read_from_a_real_word_file() {
    let tmp = TempDir::new("lint-docx");
    let dir = tmp.0.clone();
    let path = dir.join("article.docx");
    // A term split across runs (as Word splits on formatting) is found whole.
    write_docx(
        &path,
        &[&["标题"], &["美国总统", "川", "普宣布"], &["人工智慧"]],
    );
    let doc = Document::read(&path).unwrap();
    assert_eq!(doc.text, "标题\n美国总统川普宣布\n人工智慧");
    let f = Linter::new(Tagger::bundled(), Lang::ZhCn).lint("article.docx", &doc);
    let at: Vec<(usize, usize, &str)> = f
        .iter()
        .map(|f| (f.line.unwrap(), f.column.unwrap(), f.rule.as_str()))
        .collect();
    assert_eq!(at, [(2, 5, "wrong-locale"), (3, 1, "wrong-locale")]);
    // Word documents are reported, never rewritten.
    assert!(f.iter().all(|f| f.span.is_none()));
    std::fs::write(dir.join("fake.docx"), b"not a zip").unwrap();
    let e = Document::read(&dir.join("fake.docx")).unwrap_err();
    assert!(e.to_string().contains("not a Word document"), "{e}");
}

fn shuyu(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    common::run_shuyu(Some(dir), args, stdin)
}

#[test]
fn fix_changes_only_the_terms_and_keeps_line_ends_and_encoding() {
    let tmp = TempDir::new("lint-fix");
    let dir = tmp.0.clone();
    let md = "# 标题\r\n\r\n美国总统川普与`川普`。\r\n人工智慧，and trailing  spaces  \r\n";
    std::fs::write(dir.join("a.md"), md).unwrap();
    let o = shuyu(&dir, &["lint", "--locale", "zh-CN", "--fix", "a.md"], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(err(&o).contains("fixed 2 in a.md"));
    let after = std::fs::read_to_string(dir.join("a.md")).unwrap();
    assert_eq!(
        after,
        md.replacen("川普与", "特朗普与", 1)
            .replace("人工智慧", "人工智能")
    );

    // UTF-16 text with a BOM is written back as UTF-16 with a BOM.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("川普\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("b.txt"), &bytes).unwrap();
    let o = shuyu(&dir, &["lint", "--locale", "zh-CN", "--fix", "b.txt"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let mut want = vec![0xFF, 0xFE];
    want.extend("特朗普\n".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(std::fs::read(dir.join("b.txt")).unwrap(), want);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_word_file_is_reported_but_never_fixed_or_diffed() {
    let tmp = TempDir::new("lint-docx-fix");
    let dir = tmp.0.clone();
    write_docx(&dir.join("w.docx"), &[&["美国总统川普宣布"]]);
    let before = std::fs::read(dir.join("w.docx")).unwrap();
    let o = shuyu(
        &dir,
        &["lint", "--locale", "zh-CN", "--fix", "w.docx"],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("wrong-locale"), "{}", out(&o));
    assert!(!err(&o).contains("fixed"), "{}", err(&o));
    assert_eq!(std::fs::read(dir.join("w.docx")).unwrap(), before);
    // A diff of the extracted paragraphs would not apply to the zip.
    let o = shuyu(
        &dir,
        &["lint", "--locale", "zh-CN", "--diff", "w.docx"],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("1 finding (1 error"), "{}", err(&o));
}

#[test]
fn diff_prints_the_fix_without_writing() {
    let tmp = TempDir::new("lint-diff");
    let dir = tmp.0.clone();
    std::fs::write(
        dir.join("p.html"),
        "<p>一</p>\n<p>川普</p>\n<p title=\"川普\">三</p>\n",
    )
    .unwrap();
    let o = shuyu(
        &dir,
        &["lint", "--locale", "zh-CN", "--diff", "p.html"],
        None,
    );
    // The diff is not applied: the errors are still in the file.
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("2 findings (2 errors"), "{}", err(&o));
    assert_eq!(
        out(&o),
        "--- a/p.html\n+++ b/p.html\n@@ -1,3 +1,3 @@\n <p>一</p>\n-<p>川普</p>\n+<p>特朗普</p>\n-<p title=\"川普\">三</p>\n+<p title=\"特朗普\">三</p>\n"
    );
    assert!(std::fs::read_to_string(dir.join("p.html"))
        .unwrap()
        .contains("<p>川普</p>"));
}

#[test]
fn exit_codes_json_and_stdin() {
    let tmp = TempDir::new("lint-cli");
    let dir = tmp.0.clone();
    let o = shuyu(
        &dir,
        &["lint", "--locale", "zh-CN", "--format", "json", "-"],
        Some("美国总统川普"),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let f = &v[0];
    for key in [
        "file",
        "line",
        "column",
        "concept",
        "rule",
        "severity",
        "message",
        "suggestions",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(f["suggestions"], serde_json::json!(["特朗普"]));
    let o = shuyu(&dir, &["lint", "--locale", "zh-CN", "-"], Some("特朗普"));
    assert_eq!(o.status.code(), Some(0));
    let o = shuyu(&dir, &["lint", "-"], Some("x"));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no locale"), "{}", err(&o));
    let o = shuyu(&dir, &["lint", "--locale", "fr", "-"], Some("x"));
    assert_eq!(o.status.code(), Some(2));
    let o = shuyu(&dir, &["lint", "--locale", "zh-CN", "missing.md"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("missing.md: no such file or folder"),
        "{}",
        err(&o)
    );
}

#[test]
fn config_file_sets_locale_glossary_ignores_and_severities() {
    let tmp = TempDir::new("lint-config");
    let dir = tmp.0.clone();
    std::fs::create_dir_all(dir.join("docs/drafts")).unwrap();
    std::fs::write(
        dir.join("g.tbx"),
        r#"<martif><text><body><termEntry id="bad"><langSet xml:lang="zh-CN"><tig><term>坏词</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig><tig><term>好词</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet></termEntry></body></text></martif>"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("shuyu.toml"),
        "glossary = \"g.tbx\"\nlocale = \"zh-CN\"\nignore = [\"docs/drafts/**\"]\n[severity]\ndeprecated-term = \"warning\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("docs/a.md"), "一个坏词。\n").unwrap();
    std::fs::write(dir.join("docs/drafts/b.md"), "又一个坏词。\n").unwrap();
    // Run from a subfolder: the config is found above it.
    let o = shuyu(&dir.join("docs"), &["lint", "."], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(
        text.contains(
            "a.md:1:3: warning[deprecated-term] \"坏词\" is a deprecated term of bad: use 好词"
        ),
        "{text}"
    );
    assert!(!text.contains("b.md"), "{text}");
    assert!(text.contains("1 file: 1 finding"), "{text}");
    std::fs::write(dir.join("shuyu.toml"), "locale = \"zh-CN\"\nunknown = 1\n").unwrap();
    let o = shuyu(&dir, &["lint", "docs"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("shuyu.toml"), "{}", err(&o));
}

#[test]
fn fix_keeps_crlf_in_utf16_text() {
    let tmp = TempDir::new("lint-fix-utf16-crlf");
    let dir = tmp.0.clone();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "川普\r\n下一行\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.join("c.txt"), &bytes).unwrap();
    let o = shuyu(&dir, &["lint", "--locale", "zh-CN", "--fix", "c.txt"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let mut want = vec![0xFF, 0xFE];
    want.extend(
        "特朗普\r\n下一行\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    assert_eq!(std::fs::read(dir.join("c.txt")).unwrap(), want);
}

#[test]
fn every_commands_rule_ids_read_back_as_its_rules() {
    fn round_trip<R: std::str::FromStr + std::fmt::Display>(rules: &[shuyu::report::RuleInfo]) {
        for info in rules {
            let rule: R = info.id.parse().ok().expect("every listed id parses");
            assert_eq!(rule.to_string(), info.id);
        }
        assert!("no-such-rule".parse::<R>().is_err());
    }
    round_trip::<shuyu::check::Rule>(shuyu::check::RULES);
    round_trip::<shuyu::lint::Rule>(shuyu::lint::RULES);
    round_trip::<shuyu::validate::Rule>(shuyu::validate::RULES);
    assert_eq!(shuyu::check::RULES.len(), 13);
}

#[test]
fn edits_that_do_not_fit_the_text_are_left_out_not_a_panic() {
    use shuyu::lint::{apply, unified_diff};
    let text = "川普与人工智慧";
    let edits = vec![
        (0..6, "特朗普".to_string()),
        (1..4, "cut inside a character".to_string()),
        (3..9, "overlaps the one before".to_string()),
        (9..21, "人工智能".to_string()),
        (40..50, "past the end".to_string()),
    ];
    assert_eq!(apply(text, &edits), "特朗普与人工智能");
    let diff = unified_diff("a.txt", text, &edits);
    assert!(diff.contains("+特朗普与人工智能"), "{diff}");
}
