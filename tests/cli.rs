//! The `shuyu` command line: output formats, glossary kinds, exit codes and
//! error messages.

use std::path::Path;
use std::process::Output;

mod common;
use common::{stderr_of as stderr, stdout_of as stdout, TempDir};

fn shuyu(args: &[&str], stdin: Option<&str>) -> Output {
    common::run_shuyu(None, args, stdin)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn tag_json_has_the_documented_keys_and_byte_offsets() {
    let o = shuyu(
        &["tag", "--format", "json"],
        Some("日本加入ＡＵＫＵＳ，川普政府"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let arr = v.as_array().unwrap();
    let aukus = &arr[1];
    assert_eq!(aukus["text"], "ＡＵＫＵＳ");
    assert_eq!(aukus["concept"], "aukus");
    assert_eq!(aukus["term"], "AUKUS");
    assert_eq!(aukus["lang"], "en");
    assert_eq!(aukus["status"], "preferred");
    assert_eq!(
        (aukus["start"].as_u64(), aukus["end"].as_u64()),
        (Some(12), Some(27))
    );
    assert_eq!(
        (aukus["line"].as_u64(), aukus["column"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(arr[2]["concept"], "trump-administration");
    assert_eq!(arr[2]["lang"], "zh-TW");
}

#[test]
fn tag_prints_one_json_array_per_input() {
    let dir = TempDir::new("arrays");
    let a = dir.write("a.txt", "Quad");
    let b = dir.write("b.txt", "nothing here");
    let o = shuyu(&["tag", "-f", "json", p(&a), p(&b)], None);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0][0]["file"], p(&a));
    assert_eq!(lines[1], serde_json::json!([]));
}

#[test]
fn tag_text_shows_where_and_the_preferred_terms() {
    let o = shuyu(&["tag"], Some("first line\n行使集體自衛權"));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "-:2:3: 集體自衛權 [collective-self-defense] zh-TW preferred → en: right of collective self-defense; zh-CN: 集体自卫权; zh-TW: 集體自衛權\n"
    );
}

#[test]
fn the_readme_sample_is_tagged() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample.txt");
    let o = shuyu(&["tag", p(&sample)], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for expected in [
        "J‐JOC [j-joc]",
        "ＡＵＫＵＳ [aukus]",
        "集体自衛权 [collective-self-defense]",
        "Quad’s [quad]",
        "CoRe [core]",
    ] {
        assert!(out.contains(expected), "{expected} missing from\n{out}");
    }
    assert!(!out.contains("Quadrant") && !out.contains("G70"));
}

#[test]
fn tag_with_tbx_tsv_terms_and_compiled_glossaries() {
    let dir = TempDir::new("glossaries");
    let tbx = dir.write(
        "g.tbx",
        r#"<martif><text><body><termEntry id="x1"><langSet xml:lang="zh-Hant"><tig><term>數位經濟</term></tig></langSet></termEntry></body></text></martif>"#,
    );
    let tsv = dir.write("g.tsv", "concept\tlang\tterm\nx1\tzh-TW\t數位經濟\n");
    let terms = dir.write("g.terms", "[x1]\nzh-TW: 數位經濟\n");
    let compiled = dir.0.join("g.shuyu");
    let o = shuyu(&["compile", p(&tbx), "-o", p(&compiled)], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("compiled 1 concepts, 1 terms"));
    for g in [&tbx, &tsv, &terms, &compiled] {
        let o = shuyu(&["tag", "-g", p(g), "-f", "json"], Some("发展数位经济"));
        assert_eq!(o.status.code(), Some(0), "{}: {}", p(g), stderr(&o));
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(v[0]["concept"], "x1", "{}", p(g));
        assert_eq!(v[0]["text"], "数位经济");
    }
}

#[test]
fn errors_exit_2_and_name_the_file_and_line() {
    let dir = TempDir::new("errors");
    let missing = dir.0.join("missing.txt");
    let o = shuyu(&["tag", p(&missing)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("shuyu: {}: cannot read", p(&missing))),
        "{}",
        stderr(&o)
    );

    let bad = dir.write("bad.tsv", "concept\tlang\tterm\nx\txx-YY\tterm\n");
    let o = shuyu(&["tag", "-g", p(&bad)], Some("text"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("shuyu: {}:2: unknown language tag", p(&bad))),
        "{}",
        stderr(&o)
    );

    let empty = dir.write("empty.tbx", "");
    let o = shuyu(&["tag", "-g", p(&empty)], Some("text"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("shuyu: {}: the file is empty\n", p(&empty))
    );

    let no_terms = dir.write("none.tbx", "<martif><text><body/></text></martif>");
    let o = shuyu(&["tag", "-g", p(&no_terms)], Some("text"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("shuyu: {}: the glossary has no terms\n", p(&no_terms))
    );

    let damaged = dir.write("damaged.shuyu", b"SHUYU\0TG\x01\0\0\0garbage");
    let o = shuyu(&["tag", "-g", p(&damaged)], Some("text"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("damaged"), "{}", stderr(&o));

    let binary = dir.write("latin1.txt", b"caf\xE9");
    let o = shuyu(&["tag", p(&binary)], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("shuyu: {}:1: invalid UTF-8 at byte offset 3\n", p(&binary))
    );

    let o = shuyu(&["tag", "--format", "xml"], Some(""));
    assert_eq!(o.status.code(), Some(2));
    let o = shuyu(&["frobnicate"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn convert_writes_every_format_and_reads_it_back() {
    let dir = TempDir::new("convert");
    for ext in ["tbx", "tsv", "terms"] {
        let out = dir.0.join(format!("bundled.{ext}"));
        let o = shuyu(&["convert", "-o", p(&out)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // Tagging with the converted glossary finds what the bundled one does.
        let o = shuyu(
            &["tag", "-g", p(&out), "-f", "json"],
            Some("川普与四方安全对话"),
        );
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(v[0]["concept"], "donald-trump", "{ext}");
        assert_eq!(v[1]["concept"], "quad", "{ext}");
    }
    let o = shuyu(&["convert", "-o", p(&dir.0.join("x.doc"))], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use --to tbx|tsv|terms"));
    let o = shuyu(&["convert", "--to", "terms", "-o", "-"], None);
    assert!(stdout(&o).starts_with("[us-japan-alliance]\n"));
}

#[test]
fn help_teaches_by_example() {
    let o = shuyu(&["tag", "--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(help.contains("leftmost-longest"));
    assert!(help.contains("echo '日本加入四方安全对话' | shuyu tag --format json"));
}

const CHECK_TSV: &str = "id\tsource\ttarget\n1\tPLAN vessels\t计划船只\n2\ta plan for the US\t为美国制定的计划\n3\tthe Quad\t四方安全对话\n";

#[test]
fn check_exit_codes_and_text_output() {
    let dir = TempDir::new("check-exit");
    let bad = dir.write("bad.tsv", CHECK_TSV);
    let good = dir.write("good.tsv", "1\tthe Quad\t四方安全对话\n");
    let langs = ["--source-lang", "en", "--target-lang", "zh-CN"];
    let o = shuyu(&[&["check"][..], &langs, &[p(&good)]].concat(), None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("1 file, 1 segment: 0 findings (0 errors, 0 warnings, 0 notes); 1 unit read, 1 checked\n"),
        "{}",
        stdout(&o)
    );

    let o = shuyu(&[&["check"][..], &langs, &[p(&bad)]].concat(), None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "{}:2: error[missing-term] segment 1: the source has \"PLAN\" (plan)",
            p(&bad)
        )),
        "{out}"
    );
    assert!(
        out.contains("    use: 中国人民解放军海军 | 解放军海军\n"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "1 file, 3 segments: 1 finding (1 error, 0 warnings, 0 notes): missing-term 1; 3 units read, 3 checked\n"
        ),
        "{out}"
    );

    // Downgraded to a warning, the same finding no longer fails the run.
    let o = shuyu(
        &[
            &["check", "--severity", "missing-term=warning"][..],
            &langs,
            &[p(&bad)],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0));

    let o = shuyu(&["check", "--severity", "no-such=error", p(&bad)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown rule \"no-such\""),
        "{}",
        stderr(&o)
    );

    let truncated = dir.write("cut.xlf", "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"zh-CN\">\n<file id=\"f\">\n<unit id=\"1\">");
    let o = shuyu(&["check", p(&truncated)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!(
            "shuyu: {}:3: the file ends inside <unit>",
            p(&truncated)
        )),
        "{}",
        stderr(&o)
    );
    let o = shuyu(&["check", p(&dir.0.join("nope.tmx"))], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file or folder"));
}

#[test]
fn check_reads_folders_recursively_in_a_stable_order() {
    let dir = TempDir::new("check-dir");
    std::fs::create_dir_all(dir.0.join("b/nested")).unwrap();
    let xlf = |t: &str| {
        format!("<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"zh-CN\"><file id=\"f\"><unit id=\"u\"><segment><source>Trump</source><target>{t}</target></segment></unit></file></xliff>")
    };
    dir.write("b/nested/z.xlf", xlf("川普"));
    dir.write("a.xliff", xlf("特朗普"));
    dir.write("notes.txt", "not a bilingual file");
    let o = shuyu(&["check", "--format", "json", p(&dir.0)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap().rsplit('/').next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("inconsistent-translation", "z.xlf"),
            ("wrong-locale", "z.xlf")
        ]
    );
    let f = &v[1];
    for key in [
        "file",
        "segment",
        "concept",
        "rule",
        "severity",
        "message",
        "suggestions",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["segment"], "u");
    assert_eq!(f["concept"], "donald-trump");
    assert_eq!(f["severity"], "error");
    assert!(
        stderr(&o).contains("2 files, 2 segments: 2 findings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_sarif_junit_and_github_outputs() {
    let dir = TempDir::new("check-formats");
    let bad = dir.write("bad.tsv", CHECK_TSV);
    let langs = ["--source-lang", "en", "--target-lang", "zh-CN"];
    let run = |format: &str| {
        shuyu(
            &[&["check", "--format", format][..], &langs, &[p(&bad)]].concat(),
            None,
        )
    };

    let o = run("sarif");
    assert_eq!(o.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "shuyu");
    assert_eq!(
        run0["tool"]["driver"]["rules"].as_array().unwrap().len(),
        13
    );
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "missing-term");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );

    let o = run("junit");
    let xml = stdout(&o);
    assert!(xml.contains("<testsuites name=\"shuyu\">"), "{xml}");
    let suite = format!(
        "<testsuite name=\"{}\" tests=\"3\" failures=\"1\">",
        p(&bad)
    );
    assert!(xml.contains(&suite), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert!(xml.contains("<failure type=\"missing-term\""), "{xml}");
    // What the tool writes, an XML reader reads to the end.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut elements = 0;
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_) => {
                elements += 1
            }
            _ => {}
        }
    }
    assert_eq!(elements, 1 + 1 + 3 + 1);

    let o = run("github");
    assert_eq!(
        stdout(&o).lines().next().unwrap(),
        format!("::error file={},line=2,title=shuyu missing-term::the source has \"PLAN\" (plan); the target has none of its approved zh-CN terms (use: 中国人民解放军海军 | 解放军海军)", p(&bad).replace(':', "%3A"))
    );
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = TempDir::new("baseline");
    let file = dir.write("t.tsv", CHECK_TSV);
    let base = dir.0.join("baseline.json");
    let langs = ["--source-lang", "en", "--target-lang", "zh-CN"];
    let o = shuyu(
        &[
            &["check", "--write-baseline", p(&base)][..],
            &langs,
            &[p(&file)],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("recorded 1 findings"));
    let o = shuyu(
        &[&["check", "--baseline", p(&base)][..], &langs, &[p(&file)]].concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A new error in another segment still fails.
    std::fs::write(&file, format!("{CHECK_TSV}4\tTrump\t川普\n")).unwrap();
    let o = shuyu(
        &[
            &["check", "--baseline", p(&base), "-f", "json"][..],
            &langs,
            &[p(&file)],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["rule"], "wrong-locale");
    let broken = dir.write("broken.json", "{");
    let o = shuyu(
        &[
            &["check", "--baseline", p(&broken)][..],
            &langs,
            &[p(&file)],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a shuyu baseline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn segments_shows_what_the_readers_see() {
    let dir = TempDir::new("segments");
    let xlf = dir.write(
        "a.xlf",
        "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-TW\"><body><trans-unit id=\"t1\"><source><g id=\"1\">Quad</g> summit</source></trans-unit></body></file></xliff>",
    );
    let o = shuyu(&["segments", "--format", "json", p(&xlf)], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"id": "t1", "source": "Quad summit", "target": null, "source_lang": "en", "target_lang": "zh-TW",
            "source_markup": "<bpt i=\"1\">&lt;g id=&quot;1&quot;&gt;</bpt>Quad<ept i=\"1\">&lt;/g&gt;</ept> summit"}])
    );
    let o = shuyu(&["segments", p(&xlf)], None);
    assert!(
        stdout(&o).contains("[t1] en → zh-TW\n  source: Quad summit\n  target: (none)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_passes_the_bundled_glossary_and_catches_problems() {
    let o = shuyu(&["validate"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 findings"));
    let dir = TempDir::new("validate");
    let g = dir.write(
        "g.terms",
        "[a]\nen: CoRe | Alpha\nzh-CN: 國家 | 核心\n[b]\nen: CORE (acronym)\nzh-TW: 发展\nzh-CN: 核心 (deprecated)\n[a]\nen: Beta\n",
    );
    let o = shuyu(&["validate", p(&g), "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    // b's only zh-CN term is deprecated: no preferred one.
    assert_eq!(
        rules,
        [
            "acronym-case",
            "ambiguous-term",
            "duplicate-concept",
            "preferred-term",
            "script-mismatch",
            "script-mismatch"
        ]
    );
}

#[test]
fn tag_count_prints_a_frequency_table() {
    let o = shuyu(
        &["tag", "--count"],
        Some("川普与川普政府；四方安全对话、四方安全對話、Quad、Quad"),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "       4  quad  (Quad 2, 四方安全对话 1, 四方安全對話 1)\n       1  donald-trump  (川普 1)\n       1  trump-administration  (川普政府 1)\n"
    );
    let o = shuyu(&["tag", "--count", "-f", "json"], Some("AUKUS AUKUS"));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"concept": "aukus", "count": 2, "terms": [{"term": "AUKUS", "count": 2}]}])
    );
}

#[test]
fn many_files_are_reported_in_the_order_named_whatever_core_tags_them() {
    let dir = TempDir::new("order");
    // Uneven sizes so threads finish out of order.
    let files: Vec<String> = (0..24)
        .map(|i| {
            let text = "日本加入四方安全对话，川普说。".repeat(if i % 5 == 0 { 300 } else { 1 });
            dir.file(&format!("f{i:02}.txt"), text)
        })
        .collect();
    let mut args = vec!["tag", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = shuyu(&args, None);
    assert_eq!(o.status.code(), Some(0));
    let named: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v[0]["file"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(named, files);
    let mut args = vec!["lint", "--locale", "zh-CN", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = shuyu(&args, None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let mut seen: Vec<String> = Vec::new();
    for f in v.as_array().unwrap() {
        let file = f["file"].as_str().unwrap().to_string();
        if seen.last() != Some(&file) {
            seen.push(file);
        }
    }
    assert_eq!(seen, files, "findings grouped by file, in the order named");
}
