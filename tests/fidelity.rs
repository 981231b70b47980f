//! Real-world files: every unit a reader is given is used, or counted and
//! named as skipped; language tags match the way tools write them; a run
//! that could check nothing does not pass.

mod common;

use common::{run_shuyu, stderr_of, stdout_of, TempDir};
use shuyu::formats::bitext::{self, Langs, SkipReason};
use shuyu::formats::tbx;
use shuyu::{Lang, Status};

fn tmx(header_srclang: &str, units: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"{header_srclang}\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n{units}</body></tmx>\n"
    )
}

fn tu(id: &str, own_srclang: Option<&str>, tuvs: &[(&str, &str)]) -> String {
    let srclang = own_srclang.map_or(String::new(), |l| format!(" srclang=\"{l}\""));
    let tuvs: String = tuvs
        .iter()
        .map(|(lang, seg)| format!("<tuv xml:lang=\"{lang}\"><seg>{seg}</seg></tuv>"))
        .collect();
    format!("<tu tuid=\"{id}\"{srclang}>{tuvs}</tu>\n")
}

#[test]
fn a_header_language_finds_tuvs_tagged_with_a_region() {
    let d = TempDir::new("fidelity-region");
    let file = d.file(
        "a.tmx",
        tmx(
            "en",
            &tu(
                "1",
                None,
                &[("en-US", "Donald Trump met."), ("zh-CN", "川普会见了。")],
            ),
        ),
    );
    let o = run_shuyu(None, &["check", &file], None);
    let out = stdout_of(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("error[wrong-locale] segment 1"), "{out}");
    assert!(out.contains("1 unit read, 1 checked"), "{out}");
}

#[test]
fn a_tu_with_its_own_srclang_is_read_from_that_language() {
    let text = tmx(
        "en",
        &[
            tu("1", None, &[("en", "the Quad"), ("zh-CN", "四方")]),
            tu("2", Some("zh-CN"), &[("en", "the Quad"), ("zh-CN", "四方")]),
        ]
        .concat(),
    );
    let read = bitext::parse(text.as_bytes(), None, &Langs::default()).unwrap();
    let sides: Vec<(&str, Option<&str>)> = read
        .segments
        .iter()
        .map(|s| (s.source.as_str(), s.target.as_deref()))
        .collect();
    assert_eq!(
        sides,
        [("the Quad", Some("四方")), ("四方", Some("the Quad"))]
    );
}

#[test]
fn tags_as_tools_write_them_are_understood() {
    for (header, source, target, range) in [
        ("en", "en-GB", "zh_CN", "zh-CN"),
        ("EN", "en", "ZH-cn", "zh-Hans"),
        ("en-US", "en_us", "zh-Hans-CN", "zh-CN"),
        ("en", "en", "zh-Hant-TW", "zh-TW"),
        ("en", "en", "zh-TW", "zh-Hant"),
    ] {
        let text = tmx(
            header,
            &tu(
                "1",
                None,
                &[(source, "the Quad"), ("ja", "クアッド"), (target, "四方")],
            ),
        );
        let langs = Langs {
            source: None,
            target: Some(range.to_string()),
        };
        let read = bitext::parse(text.as_bytes(), None, &langs).unwrap();
        assert_eq!(read.segments.len(), 1, "{header} {source} {target} {range}");
        assert_eq!(read.segments[0].source, "the Quad");
        assert_eq!(
            read.segments[0].target.as_deref(),
            Some("四方"),
            "{range} finds {target}"
        );
    }
}

#[test]
fn a_tu_without_the_source_language_is_counted_with_the_reason() {
    let text = tmx(
        "en",
        &[
            tu("1", None, &[("en", "the Quad"), ("zh-CN", "四方")]),
            tu("2", None, &[("fr", "le Quad"), ("zh-CN", "四方")]),
            tu("3", None, &[]),
        ]
        .concat(),
    );
    let read = bitext::parse(text.as_bytes(), None, &Langs::default()).unwrap();
    assert_eq!(read.units(), 3);
    assert_eq!(read.segments.len(), 1);
    let reasons: Vec<(&str, &SkipReason)> = read
        .skipped
        .iter()
        .map(|s| (s.id.as_str(), &s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("2", &SkipReason::NoSourceVariant("en".into())),
            ("3", &SkipReason::NoSource)
        ]
    );
}

#[test]
fn tsv_without_languages_exits_2_naming_the_flag() {
    let d = TempDir::new("fidelity-tsv-langs");
    let file = d.file("t.tsv", "1\tDonald Trump\t川普\n");
    let o = run_shuyu(None, &["check", &file], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("nothing was checked"), "{err}");
    assert!(err.contains("give --source-lang"), "{err}");
}

#[test]
fn xliff_without_a_target_language_is_skipped_with_the_reason() {
    let d = TempDir::new("fidelity-xliff-lang");
    let file = d.file(
        "a.xlf",
        r#"<xliff version="1.2"><file source-language="en" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>Donald Trump</source><target>川普</target></trans-unit>
<trans-unit id="2"><source>the Quad</source><target>四方</target></trans-unit>
<trans-unit id="3"><source>AUKUS</source><target>奥库斯</target></trans-unit>
</body></file></xliff>"#,
    );
    let o = run_shuyu(None, &["check", &file], None);
    assert_eq!(o.status.code(), Some(2));
    let all = stdout_of(&o) + &stderr_of(&o);
    assert!(
        all.contains("3 skipped (3: no target language; give --target-lang)"),
        "{all}"
    );
    // With the flag, the same file is checked.
    let o = run_shuyu(None, &["check", "--target-lang", "zh-CN", &file], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout_of(&o));
    assert!(stdout_of(&o).contains("3 units read, 3 checked"));
}

#[test]
fn languages_the_glossary_lacks_are_skipped_and_named() {
    let d = TempDir::new("fidelity-ja");
    let file = d.file(
        "ja.tmx",
        tmx(
            "en",
            &tu("1", None, &[("en", "the Quad"), ("ja", "クアッド")]),
        ),
    );
    let o = run_shuyu(None, &["check", &file], None);
    assert_eq!(o.status.code(), Some(2));
    let all = stdout_of(&o) + &stderr_of(&o);
    assert!(
        all.contains("1 skipped (1: languages the glossary has no terms in, only en, zh-CN and zh-TW (en→ja 1))"),
        "{all}"
    );
}

#[test]
fn tsv_rows_must_have_the_first_rows_width() {
    let d = TempDir::new("fidelity-tsv-shape");
    let short = d.file("short.tsv", "1\tthe Quad\t四方\n2\tAUKUS\n");
    let langs = ["--source-lang", "en", "--target-lang", "zh-CN"];
    let o = run_shuyu(None, &[&["check"][..], &langs, &[&short]].concat(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains(&format!(
            "{short}:2: expected id<TAB>source<TAB>target, found 2 fields"
        )),
        "{}",
        stderr_of(&o)
    );
    // Two columns with a header: ids are line numbers, the header no segment.
    let two = d.file("two.tsv", "Source\tTarget\nDonald Trump\t川普\n");
    let o = run_shuyu(None, &[&["check"][..], &langs, &[&two]].concat(), None);
    let out = stdout_of(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("{two}:2: error[wrong-locale] segment 2:")),
        "{out}"
    );
    assert!(out.contains("1 unit read, 1 checked"), "{out}");
}

#[test]
fn untranslated_units_are_one_rule_and_raise_no_term_findings() {
    let d = TempDir::new("fidelity-untranslated");
    let file = d.file(
        "u.xlf",
        r#"<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="plaintext" original="x"><body>
<trans-unit id="empty"><source>the Quad</source><target></target></trans-unit>
<trans-unit id="none"><source>the Quad</source></trans-unit>
</body></file></xliff>"#,
    );
    let o = run_shuyu(None, &["check", "--format", "json", &file], None);
    assert_eq!(o.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let rules: Vec<(&str, &str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["segment"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("empty", "untranslated", "warning"),
            ("none", "untranslated", "warning")
        ]
    );
    let o = run_shuyu(
        None,
        &[
            "check",
            "--severity",
            "untranslated=off",
            "--format",
            "json",
            &file,
        ],
        None,
    );
    assert_eq!(stdout_of(&o).trim(), "[]");
}

#[test]
fn xliff_state_and_approval_are_kept_and_shown() {
    let text = r#"<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="plaintext" original="x"><body>
<trans-unit id="1" approved="yes"><source>the Quad</source><target state="signed-off">四方</target></trans-unit>
</body></file></xliff>"#;
    let read = bitext::parse(text.as_bytes(), None, &Langs::default()).unwrap();
    assert_eq!(read.segments[0].state.as_deref(), Some("signed-off"));
    assert_eq!(read.segments[0].approved, Some(true));
    let d = TempDir::new("fidelity-state");
    let file = d.file("s.xlf", text);
    let o = run_shuyu(None, &["segments", &file], None);
    assert!(
        stdout_of(&o).contains("(state: signed-off) (approved)"),
        "{}",
        stdout_of(&o)
    );
    assert!(stderr_of(&o).contains("1 unit read, 1 shown"));
}

#[test]
fn a_folder_run_reports_bad_files_and_checks_the_rest() {
    let d = TempDir::new("fidelity-folder");
    d.write("a-bad.tmx", "<tmx version=\"1.4\"><body><tu>");
    d.write(
        "b-good.tmx",
        tmx(
            "en",
            &tu("1", None, &[("en", "Donald Trump"), ("zh-CN", "川普")]),
        ),
    );
    d.write("c-bad.xlf", "not xml at all <");
    let dir = d.0.display().to_string();
    let o = run_shuyu(None, &["check", &dir], None);
    assert_eq!(o.status.code(), Some(2));
    let (out, err) = (stdout_of(&o), stderr_of(&o));
    assert!(out.contains("b-good.tmx:3: error[wrong-locale]"), "{out}");
    assert!(err.contains("a-bad.tmx"), "{err}");
    assert!(err.contains("c-bad.xlf"), "{err}");
    assert!(err.contains("2 inputs could not be read"), "{err}");
    // --exclude leaves the bad ones out: the run is clean but for findings.
    let o = run_shuyu(None, &["check", "--exclude", "*-bad.*", &dir], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert_eq!(stderr_of(&o), "");
}

#[test]
fn lint_excludes_and_goes_on_past_unreadable_documents() {
    let d = TempDir::new("fidelity-lint");
    d.write("a.md", "川普\n");
    d.write("b.docx", "not a zip");
    std::fs::create_dir_all(d.0.join("drafts")).unwrap();
    d.write("drafts/c.md", "川普\n");
    let dir = d.0.display().to_string();
    let o = run_shuyu(
        None,
        &["lint", "-l", "zh-CN", "--exclude", "drafts", &dir],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let out = stdout_of(&o);
    assert!(out.contains("a.md:1:1: error[wrong-locale]"), "{out}");
    assert!(!out.contains("c.md"), "{out}");
    assert!(stderr_of(&o).contains("b.docx"));
}

#[test]
fn a_baseline_survives_another_working_folder_and_another_spelling_of_the_path() {
    let d = TempDir::new("fidelity-baseline");
    std::fs::create_dir_all(d.0.join("l10n")).unwrap();
    d.write(
        "l10n/zh.tmx",
        tmx(
            "en",
            &tu("1", None, &[("en", "Donald Trump"), ("zh-CN", "川普")]),
        ),
    );
    let o = run_shuyu(
        Some(&d.0),
        &["check", "--write-baseline", "b.json", "l10n/zh.tmx"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let baseline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.0.join("b.json")).unwrap()).unwrap();
    assert_eq!(baseline["shuyu_baseline"], 2);
    assert_eq!(baseline["findings"][0]["file"], "l10n/zh.tmx");
    let print = baseline["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    // From the folder above, and from inside l10n with `./`.
    let up = d.0.parent().unwrap();
    let base = d.0.join("b.json").display().to_string();
    let typed = format!("{}/l10n/zh.tmx", d.0.file_name().unwrap().to_string_lossy());
    let o = run_shuyu(Some(up), &["check", "--baseline", &base, &typed], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    let o = run_shuyu(
        Some(&d.0.join("l10n")),
        &["check", "--baseline", "../b.json", "./zh.tmx"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    // A new finding is still reported; SARIF carries the same fingerprint.
    let o = run_shuyu(
        Some(&d.0),
        &["check", "--format", "sarif", "l10n/zh.tmx"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["partialFingerprints"]["shuyu/v2"],
        print.as_str()
    );
}

const WEBLATE_LIKE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="1"><langSet xml:lang="en"><tig><term>Segment Editor</term></tig></langSet><langSet xml:lang="zh_Hans"><tig><term>分割编辑器</term></tig></langSet></termEntry>
<termEntry id="1"><langSet xml:lang="en"><tig><term>Volume</term></tig><tig><term>volume</term></tig></langSet><langSet xml:lang="zh_Hans"><tig><term>体积</term></tig></langSet></termEntry>
<termEntry id="7"><langSet xml:lang="en"><tig><term>Markup</term></tig></langSet><langSet xml:lang="fr"><tig><term>Annotation</term></tig></langSet></termEntry>
</body></text></martif>
"#;

#[test]
fn tbx_from_other_tools_is_read_with_derived_ids_and_first_terms_preferred() {
    let (g, notices) = tbx::parse_noting(WEBLATE_LIKE.as_bytes(), None).unwrap();
    let ids: Vec<&str> = g.concepts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["1", "1~2", "7"]);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].line(), 4);
    let volume = &g.concepts[1];
    let statuses: Vec<(&str, Lang, Status)> = volume
        .terms
        .iter()
        .map(|t| (t.text.as_str(), t.lang, t.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Volume", Lang::En, Status::Preferred),
            ("volume", Lang::En, Status::Admitted),
            ("体积", Lang::ZhCn, Status::Preferred)
        ]
    );
    // The French term is kept, and written back.
    assert_eq!(g.concepts[2].other_terms[0].text, "Annotation");
    let back = tbx::parse(tbx::write(&g).as_bytes(), None).unwrap();
    assert_eq!(back.concepts, g.concepts);
}

#[test]
fn validate_still_reports_the_duplicate_and_tag_names_its_line() {
    let d = TempDir::new("fidelity-tbx");
    let file = d.file("zh_Hans.tbx", WEBLATE_LIKE);
    let o = run_shuyu(None, &["validate", "--format", "json", &file], None);
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let dup: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-concept")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["line"], 4);
    let o = run_shuyu(
        None,
        &["tag", "-g", &file, "-"],
        Some("Segment Editor 分割编辑器"),
    );
    assert_eq!(o.status.code(), Some(0));
    let (out, err) = (stdout_of(&o), stderr_of(&o));
    assert!(
        out.contains("→ en: Segment Editor; zh-CN: 分割编辑器"),
        "{out}"
    );
    assert!(
        err.contains(&format!("{file}:4: a second concept has the id \"1\"")),
        "{err}"
    );
    assert!(
        err.contains("1 term in other languages (fr) kept but not used"),
        "{err}"
    );
}

#[test]
fn lint_stays_linear_with_100000_findings_on_one_line() {
    // Quadratic position arithmetic took minutes on this; the assertion is
    // on the outcome, and a quadratic version would time the suite out.
    let d = TempDir::new("fidelity-linear");
    let file = d.file("long.md", "川普。".repeat(100_000));
    let o = run_shuyu(
        None,
        &["lint", "-l", "zh-CN", "--format", "json", &file],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 100_000);
    assert_eq!(findings[99_999]["column"], 3 * 99_999 + 1);
}

#[test]
fn empty_text_is_a_document_with_no_terms() {
    let d = TempDir::new("fidelity-empty");
    let txt = d.file("empty.txt", "");
    let md = d.file("empty.md", "");
    let o = run_shuyu(None, &["tag", &txt], None);
    assert_eq!((o.status.code(), stdout_of(&o).as_str()), (Some(0), ""));
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", &md], None);
    assert_eq!(o.status.code(), Some(0));
    // An empty bilingual file or glossary is still an error.
    let tmx = d.file("empty.tmx", "");
    assert_eq!(
        run_shuyu(None, &["check", &tmx], None).status.code(),
        Some(2)
    );
    let g = d.file("empty.tbx", "");
    assert_eq!(
        run_shuyu(None, &["tag", "-g", &g, &txt], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn config_errors_name_the_config_file() {
    let d = TempDir::new("fidelity-config");
    d.write(
        "shuyu.toml",
        "locale = \"zh-CN\"\n[severity]\nbogus = \"error\"\n",
    );
    std::fs::create_dir_all(d.0.join("posts")).unwrap();
    d.write("posts/a.md", "川普\n");
    let o = run_shuyu(Some(&d.0.join("posts")), &["lint", "a.md"], None);
    assert_eq!(o.status.code(), Some(2));
    let config = d.0.join("shuyu.toml").display().to_string();
    assert!(
        stderr_of(&o).starts_with(&format!("shuyu: {config}: unknown rule \"bogus\"")),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn tm_import_counts_what_it_skips() {
    let d = TempDir::new("fidelity-tm-counts");
    let file = d.file(
        "m.tmx",
        tmx(
            "en",
            &[
                tu("1", None, &[("en-US", "the Quad"), ("zh_CN", "四方")]),
                tu("2", None, &[("fr", "le Quad"), ("zh-CN", "四方")]),
                tu("3", None, &[("en", "AUKUS"), ("zh-CN", "")]),
            ]
            .concat(),
        ),
    );
    let tm = d.0.join("m.shuyu-tm").display().to_string();
    let o = run_shuyu(None, &["tm", "import", "--tm", &tm, &file], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let out = stdout_of(&o);
    assert!(out.contains("3 units read, 1 added, 2 skipped"), "{out}");
    assert!(
        out.contains("1: no <tuv> in the source language en"),
        "{out}"
    );
    assert!(
        out.contains("1: no target, or an empty source or target"),
        "{out}"
    );
}

mod memory_round_trip {
    use super::TempDir;
    use proptest::prelude::*;
    use shuyu::formats::bitext::{Langs, Segment};
    use shuyu::tm::{Import, Memory};

    const TAGS: &[&str] = &[
        "en", "en-US", "EN_us", "zh_CN", "zh-CN", "zh-TW", "ZH-tw", "ja",
    ];

    fn export(tm: &std::path::Path) -> Vec<u8> {
        Memory::open(tm).unwrap().export(Vec::new()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// A memory of units in tags spelled every way, in both directions,
        /// exports a TMX that imports to the same units and exports again
        /// byte for byte.
        #[test]
        fn export_then_import_loses_no_unit(
            units in prop::collection::vec((0..TAGS.len(), 0..TAGS.len(), "[a-c ]{1,6}", "[四方安]{1,4}"), 1..12),
        ) {
            let d = TempDir::new("fidelity-tm-roundtrip");
            let first = d.0.join("a.shuyu-tm");
            let mut import = Import::open(&first).unwrap();
            for (i, (s, t, source, target)) in units.iter().enumerate() {
                let seg = Segment::new(&i.to_string(), source, Some(target)).with_langs(TAGS[*s], TAGS[*t]);
                import.add(&seg).unwrap();
            }
            let stored = import.commit().unwrap().units;
            let exported = export(&first);
            let tmx = d.0.join("a.tmx");
            std::fs::write(&tmx, &exported).unwrap();
            let read = shuyu::formats::bitext::read(&tmx, &Langs::default()).unwrap();
            prop_assert!(read.skipped.is_empty(), "{:?}", read.skipped);
            let second = d.0.join("b.shuyu-tm");
            let mut import = Import::open(&second).unwrap();
            for seg in &read.segments {
                import.add(seg).unwrap();
            }
            prop_assert_eq!(import.commit().unwrap().units, stored);
            prop_assert_eq!(String::from_utf8(export(&second)).unwrap(), String::from_utf8(exported).unwrap());
        }
    }
}
