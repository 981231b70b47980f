//! Project configuration the way people expect it: a `shuyu.toml` per
//! folder, merged from the repository root down; `--config`,
//! `--no-config`, `--no-ignore`; the user's own rules; `shuyu config`.

mod common;

use common::{run_shuyu, stderr_of, stdout_of, TempDir};

/// A repository: `.git`, a root config, and two locale folders.
fn repository(name: &str) -> TempDir {
    let d = TempDir::new(name);
    std::fs::create_dir_all(d.0.join(".git")).unwrap();
    std::fs::create_dir_all(d.0.join("zh-tw")).unwrap();
    std::fs::create_dir_all(d.0.join("zh-cn/drafts")).unwrap();
    d.write(
        "shuyu.toml",
        "locale = \"zh-CN\"\nexclude = [\"zh-cn/drafts/**\"]\n[severity]\nnon-preferred = \"warning\"\n",
    );
    d.write("zh-tw/shuyu.toml", "locale = \"zh-TW\"\n");
    d.write("zh-tw/a.md", "特朗普與川普\n");
    d.write("zh-cn/b.md", "川普与特朗普\n");
    d.write("zh-cn/drafts/c.md", "川普\n");
    d
}

#[test]
fn each_folder_is_linted_in_its_own_locale_in_one_run() {
    let d = repository("config-locales");
    let o = run_shuyu(Some(&d.0), &["lint", "--format", "json", "."], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let got: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().replace('\\', "/"),
                f["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("./zh-cn/b.md".to_string(), "川普".to_string()),
            ("./zh-tw/a.md".to_string(), "特朗普".to_string()),
        ]
    );
}

#[test]
fn a_nearer_file_wins_key_by_key() {
    let d = repository("config-nested");
    // The root's severity holds in zh-tw; its locale does not.
    d.write("zh-tw/b.md", "日美同盟\n");
    let o = run_shuyu(Some(&d.0), &["config", "zh-tw/b.md"], None);
    let shown = stdout_of(&o);
    assert!(shown.contains("locale = \"zh-TW\"  # "), "{shown}");
    assert!(shown.contains("zh-tw/shuyu.toml"), "{shown}");
    assert!(
        shown.contains("severity.non-preferred = \"warning\"  # "),
        "{shown}"
    );
    let o = run_shuyu(
        Some(&d.0),
        &["lint", "--format", "json", "zh-tw/b.md"],
        None,
    );
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    assert_eq!(findings[0]["rule"], "non-preferred");
    assert_eq!(findings[0]["severity"], "warning");
}

#[test]
fn config_and_no_config_replace_discovery() {
    let d = repository("config-flags");
    let only = d.write("only.toml", "locale = \"zh-TW\"\n");
    let o = run_shuyu(
        Some(&d.0),
        &[
            "lint",
            "--config",
            only.to_str().unwrap(),
            "--format",
            "json",
            "zh-cn/b.md",
        ],
        None,
    );
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    // Read as zh-TW, the zh-CN name is wrong-locale.
    let wrong: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "wrong-locale")
        .collect();
    assert_eq!(wrong[0]["target"], "特朗普");
    let o = run_shuyu(Some(&d.0), &["lint", "--no-config", "zh-cn/b.md"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("no locale"), "{}", stderr_of(&o));
}

#[test]
fn excluded_files_stay_excluded_when_named_unless_no_ignore() {
    let d = repository("config-named");
    let o = run_shuyu(Some(&d.0), &["lint", "zh-cn/drafts/c.md"], None);
    assert!(stdout_of(&o).starts_with("0 files"), "{}", stdout_of(&o));
    let o = run_shuyu(
        Some(&d.0),
        &["lint", "--no-ignore", "zh-cn/drafts/c.md"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout_of(&o).contains("c.md:1:1: error[wrong-locale]"),
        "{}",
        stdout_of(&o)
    );
}

const TSV: &str = "1\tDonald Trump visited Tokyo\t川普访问东京\n2\tThe Quad met\t四方会晤\n3\tPLAN ships\t中国人民解放军海军舰艇\n";

#[test]
fn check_reads_languages_severities_and_rules_of_its_own() {
    let d = TempDir::new("config-check");
    std::fs::create_dir_all(d.0.join(".git")).unwrap();
    d.write(
        "shuyu.toml",
        r#"source-lang = "en"
target-lang = "zh-CN"

[severity]
wrong-locale = "warning"

[[rule]]
id = "no-transliteration"
level = "error"
message = "write 特朗普, not {name}"
target-forbid = "(?P<name>川普)"

[[rule]]
id = "quad-named"
message = "the Quad must be named 四方安全对话"
target-require-if-source = ["(?i)\\bquad\\b", "四方安全对话"]
"#,
    );
    d.write("t.tsv", TSV);
    let o = run_shuyu(Some(&d.0), &["check", "--format", "json", "t.tsv"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let got: Vec<(String, String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["segment"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        got.contains(&("1".into(), "no-transliteration".into(), "error".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("1".into(), "wrong-locale".into(), "warning".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("2".into(), "quad-named".into(), "warning".into())),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|g| g.0 == "3" && g.1 == "quad-named"),
        "{got:?}"
    );
    let message = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "no-transliteration")
        .unwrap()["message"]
        .clone();
    assert_eq!(message, "write 特朗普, not 川普");
    // A user rule is a rule like the others: --severity turns it off, and
    // SARIF lists it.
    let o = run_shuyu(
        Some(&d.0),
        &[
            "check",
            "--severity",
            "no-transliteration=off",
            "--format",
            "sarif",
            "t.tsv",
        ],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "quad-named"));
    assert!(!sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "no-transliteration"));
}

#[test]
fn a_bad_pattern_names_the_config_file_and_the_rule() {
    let d = TempDir::new("config-regex");
    std::fs::create_dir_all(d.0.join(".git")).unwrap();
    let toml = d.write(
        "shuyu.toml",
        "[[rule]]\nid = \"broken\"\nmessage = \"m\"\ntarget-forbid = \"(unclosed\"\n",
    );
    d.write("t.tsv", TSV);
    let check = || {
        run_shuyu(
            Some(&d.0),
            &[
                "check",
                "--source-lang",
                "en",
                "--target-lang",
                "zh-CN",
                "t.tsv",
            ],
            None,
        )
    };
    let o = check();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(
        err.starts_with(&format!(
            "shuyu: {}: rule \"broken\": bad pattern",
            toml.display()
        )),
        "{err}"
    );
    // A rule with the id of a built-in one is refused too.
    d.write(
        "shuyu.toml",
        "[[rule]]\nid = \"missing-term\"\nmessage = \"m\"\ntarget-forbid = \"x\"\n",
    );
    let o = check();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("the id of a built-in rule"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn ignore_is_exclude_and_config_shows_where_nothing_applies() {
    let d = TempDir::new("config-alias");
    std::fs::create_dir_all(d.0.join(".git")).unwrap();
    d.write("shuyu.toml", "locale = \"zh-CN\"\nignore = [\"old.md\"]\n");
    d.write("old.md", "川普\n");
    d.write("new.md", "川普\n");
    let o = run_shuyu(Some(&d.0), &["lint", "."], None);
    assert!(stdout_of(&o).contains("new.md"), "{}", stdout_of(&o));
    assert!(!stdout_of(&o).contains("old.md"), "{}", stdout_of(&o));
    std::fs::create_dir_all(d.0.join("sub/.git")).unwrap();
    let o = run_shuyu(Some(&d.0.join("sub")), &["config"], None);
    assert!(
        stdout_of(&o).starts_with("no shuyu.toml applies"),
        "{}",
        stdout_of(&o)
    );
}

#[test]
fn folders_with_the_same_settings_share_the_rules_across_files() {
    let d = TempDir::new("config-shared");
    std::fs::create_dir_all(d.0.join(".git")).unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir_all(d.0.join(folder)).unwrap();
        d.write(
            &format!("{folder}/shuyu.toml"),
            "source-lang = \"en\"\ntarget-lang = \"zh-CN\"\n",
        );
    }
    d.write("a/t.tsv", "1\tThe alliance holds\t同盟坚固\n");
    d.write("b/t.tsv", "1\tThe alliance holds\t同盟牢固\n");
    let o = run_shuyu(Some(&d.0), &["check", "--format", "json", "a", "b"], None);
    let findings: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "inconsistent-translation"),
        "{findings}"
    );
}
