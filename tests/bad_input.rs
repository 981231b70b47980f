//! Every kind of bad input ends in exit code 2 and a message that says
//! which file and where, never a panic or a backtrace.

use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::TempDir as Dir;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Asserts exit code 2 and a message starting `shuyu: PREFIX`, with no
/// panic.
fn fails(args: &[&str], prefix: &str, says: &str) {
    let o = run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("stack backtrace"),
        "{args:?}: {err}"
    );
    assert!(
        err.starts_with(&format!("shuyu: {prefix}")),
        "{args:?}: expected {prefix:?}, got {err}"
    );
    assert!(err.contains(says), "{args:?}: expected {says:?} in {err}");
}

const TMX: &str = "<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n<tu tuid=\"1\">\n<tuv xml:lang=\"en\"><seg>Quad</seg></tuv>\n<tuv xml:lang=\"zh-CN\"><seg>四方</seg></tuv>\n</tu>\n</body>\n</tmx>\n";

#[test]
fn missing_files_and_folders() {
    let d = Dir::new("missing");
    let missing = d.0.join("nope.txt").display().to_string();
    fails(&["tag", &missing], &missing, "cannot read");
    fails(&["tag", "-g", &missing], &missing, "cannot read");
    fails(&["check", &missing], &missing, "no such file or folder");
    fails(
        &["lint", "-l", "zh-CN", &missing],
        &missing,
        "no such file or folder",
    );
    fails(&["validate", &missing], &missing, "cannot read");
    fails(&["segments", &missing], &missing, "cannot read");
}

#[test]
fn a_folder_where_a_file_is_expected() {
    let d = Dir::new("dir");
    let dir = d.0.display().to_string();
    fails(&["tag", &dir], &dir, "is a directory, not a file");
    fails(&["tag", "-g", &dir], &dir, "is a directory, not a file");
    fails(&["compile", &dir, "-o", "x"], &dir, "is a directory");
}

#[test]
fn empty_files() {
    let d = Dir::new("empty");
    let empty = d.file("empty.tmx", "");
    fails(&["check", &empty], &empty, "the file is empty");
    fails(&["tag", "-g", &empty], &empty, "the file is empty");
    let blank = d.file("blank.tbx", "<martif><text><body></body></text></martif>");
    fails(&["tag", "-g", &blank], &blank, "the glossary has no terms");
}

#[test]
fn truncated_and_unclosed_files_name_the_line() {
    let d = Dir::new("truncated");
    let cut = d.file("cut.tmx", &TMX[..TMX.find("</tu>").unwrap()]);
    fails(
        &["check", &cut],
        &format!("{cut}:7:"),
        "the file ends inside <tu> opened at line 4",
    );
    let unclosed = d.file("unclosed.xlf", "<xliff version=\"2.0\" srcLang=\"en\">\n<file id=\"f\">\n<unit id=\"1\"><segment><source>x</segment></unit></file></xliff>");
    fails(
        &["check", &unclosed],
        &format!("{unclosed}:3:"),
        "malformed XML",
    );
    let tbx = d.file(
        "cut.tbx",
        "<martif><text><body><termEntry id=\"x\"><langSet xml:lang=\"en\"><tig><term>Qu",
    );
    fails(&["tag", "-g", &tbx], &format!("{tbx}:1:"), "truncated");
    let bad_tag = d.file(
        "bad.tmx",
        "<tmx><body><tu><tuv xml:lang=\"en\"><seg>a < b</seg></tuv></tu></body></tmx>",
    );
    fails(
        &["check", &bad_tag],
        &format!("{bad_tag}:1:"),
        "malformed XML",
    );
}

#[test]
fn tsv_rows_with_missing_columns() {
    let d = Dir::new("tsv");
    let g = d.file("g.tsv", "concept\tlang\tterm\nq\ten\tQuad\nq\tzh-CN\n");
    fails(
        &["tag", "-g", &g],
        &format!("{g}:3:"),
        "missing column `term`",
    );
    let b = d.file("b.tsv", "1\tsource\ttarget\nonly-an-id\n");
    fails(
        &["check", "--source-lang", "en", "--target-lang", "zh-CN", &b],
        &format!("{b}:2:"),
        "expected id<TAB>source<TAB>target, found 1 field",
    );
}

#[test]
fn unknown_language_tags() {
    let d = Dir::new("lang");
    let g = d.file("g.tsv", "concept\tlang\tterm\nq\tklingon\tQuad\n");
    fails(
        &["tag", "-g", &g],
        &format!("{g}:2:"),
        "unknown language tag \"klingon\"",
    );
    let t = d.file("g.terms", "[q]\nxx-YY: Quad\n");
    fails(
        &["tag", "-g", &t],
        &format!("{t}:2:"),
        "unknown language tag \"xx-YY\"",
    );
    let tmx = d.file("a.tmx", TMX);
    fails(
        &["check", "--target-lang", "zh-XX", &tmx],
        "--target-lang",
        "unknown language tag \"zh-XX\"",
    );
    fails(
        &["lint", "--locale", "fr", "-"],
        "--locale",
        "unknown language tag \"fr\"",
    );
}

#[test]
fn encodings_that_do_not_decode_name_the_byte() {
    let d = Dir::new("encoding");
    let mut bytes = TMX.as_bytes().to_vec();
    let at = TMX.find("Quad").unwrap();
    bytes[at] = 0xFF;
    let bad = d.file("bad.tmx", &bytes);
    fails(
        &["check", &bad],
        &bad,
        &format!("invalid UTF-8 at byte offset {at}"),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(TMX.encode_utf16().flat_map(u16::to_le_bytes));
    utf16.pop();
    let odd = d.file("odd.tmx", &utf16);
    fails(
        &["check", &odd],
        &odd,
        "UTF-16 file ends in half a character",
    );
    let mut lone = vec![0xFF, 0xFE];
    lone.extend("<tmx>".encode_utf16().flat_map(u16::to_le_bytes));
    lone.extend([0x00, 0xD8]);
    lone.extend("</tmx>".encode_utf16().flat_map(u16::to_le_bytes));
    let surrogate = d.file("surrogate.tmx", &lone);
    fails(
        &["check", &surrogate],
        &surrogate,
        "invalid UTF-16 (unpaired surrogate) at byte offset 12",
    );
    let latin = d.file("latin.txt", b"caf\xE9 au lait\n");
    fails(
        &["lint", "-l", "en", &latin],
        &format!("{latin}:1:"),
        "invalid UTF-8 at byte offset 3",
    );
}

#[test]
fn xml_entities_are_never_expanded_and_nesting_is_bounded() {
    let d = Dir::new("xml");
    let laughs = d.file(
        "laughs.tmx",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<tmx><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&c;</seg></tuv></tu></body></tmx>\n",
    );
    fails(
        &["check", &laughs],
        &format!("{laughs}:7:"),
        "reference to entity &c; which shuyu does not expand",
    );
    let external = d.file(
        "external.tbx",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<martif><text><body><termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>&x;</term></tig></langSet></termEntry></body></text></martif>",
    );
    fails(&["tag", "-g", &external], &format!("{external}:3:"), "&x;");
    let deep = format!(
        "<tmx><body>{}{}</body></tmx>",
        "<hi>".repeat(300),
        "</hi>".repeat(300)
    );
    let deep = d.file("deep.tmx", deep);
    fails(
        &["check", &deep],
        &format!("{deep}:1:"),
        "nested deeper than 256",
    );
}

#[test]
fn a_compiled_file_from_another_version_or_damaged() {
    let d = Dir::new("compiled");
    let g = d.file("g.terms", "[q]\nen: Quad\n");
    let out = d.0.join("g.shuyu").display().to_string();
    assert_eq!(run(&["compile", &g, "-o", &out]).status.code(), Some(0));
    let mut bytes = std::fs::read(&out).unwrap();
    bytes[8] = 7;
    let v7 = d.file("v7.shuyu", &bytes);
    fails(
        &["tag", "-g", &v7],
        &v7,
        "format version 7, this shuyu reads version 6",
    );
    let bytes = std::fs::read(&out).unwrap();
    let cut = d.file("cut.shuyu", &bytes[..bytes.len() - 10]);
    fails(&["tag", "-g", &cut], &cut, "damaged");
    // One byte changed anywhere after the header: the checksum says so.
    for at in [200, bytes.len() / 2, bytes.len() - 1] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x40;
        let f = d.file("flipped.shuyu", &flipped);
        fails(&["tag", "-g", &f], &f, "damaged");
    }
}

#[test]
fn bad_configuration_and_baselines() {
    let d = Dir::new("config");
    let toml = d.file("shuyu.toml", "locale = [1, 2\n");
    let o = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["lint", "-"])
        .current_dir(&d.0)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.starts_with(&format!("shuyu: {toml}")), "{err}");
    let tmx = d.file("a.tmx", TMX);
    let base = d.file("base.json", "[not json");
    // check reads the broken shuyu.toml too: without it, the baseline.
    fails(
        &["check", "--no-config", "--baseline", &base, &tmx],
        &format!("{base}:1:"),
        "not a shuyu baseline",
    );
}

#[test]
fn long_lines_and_large_texts_are_read_whole() {
    // One 10 MB line of text around a term: found, and reported with a
    // window of its line, not the line.
    let d = Dir::new("large");
    let line = format!("{}川普{}\n", "文".repeat(2_000_000), "字".repeat(1_500_000));
    let big = d.file("big.txt", &line);
    let o = run(&["lint", "-l", "zh-CN", "--format", "text", &big]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with(&format!("{big}:1:2000001: error[wrong-locale]")),
        "{}",
        &out[..200.min(out.len())]
    );
    assert!(
        out.len() < 2_000,
        "the context line is a window: {} bytes",
        out.len()
    );
    assert!(Path::new(&big).exists());
}

#[test]
fn a_file_broken_after_many_blocks_reports_nothing_of_its_own() {
    // The file is read on one thread and checked block by block on the
    // others; an error after several blocks must still leave the file as
    // an unreadable one: none of its findings printed, none of its
    // segments remembered by the consistency rules.
    let d = Dir::new("broken-late");
    let mut tmx = String::from("<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n");
    // First, so that its block is checked, and remembered, before the
    // error is read.
    tmx.push_str("<tu tuid=\"same\"><tuv xml:lang=\"en\"><seg>The Quad met.</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>四方会晤。</seg></tuv></tu>\n");
    for i in 0..10_000 {
        tmx.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"en\"><seg>CoRe talks {i}</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>核心伙伴关系会谈{i}</seg></tuv></tu>\n"
        ));
    }
    let broken = d.file(
        "broken.tmx",
        format!("{tmx}<tu><tuv>a < b</tuv></tu></body></tmx>"),
    );
    let good = d.file(
        "good.tmx",
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>The Quad met.</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>四方举行会谈。</seg></tuv></tu>\n<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>CoRe</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>核心伙伴关系</seg></tuv></tu>\n</body></tmx>",
    );
    let o = run(&["check", "--format", "json", &broken, &good]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{broken}:")), "{err}");
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert!(!findings.is_empty(), "the good file's deprecated term");
    for f in findings {
        assert_eq!(f["file"], good.as_str(), "{f}");
        assert_ne!(f["rule"], "inconsistent-translation", "{f}");
    }
}
