//! The `shuyu` command line: output formats, glossary kinds, exit codes and
//! error messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A scratch folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("shuyu-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn shuyu(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shuyu"));
    cmd.args(args).stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        // The command may exit before reading, on a bad glossary.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
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
