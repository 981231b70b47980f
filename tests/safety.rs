//! Reliability: no data lost to concurrent writers or rewrites, and bounded
//! time and memory on any input. Inputs are bounded; the assertions are on
//! outcomes, never on times (a quadratic version would time the suite out).

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{run_shuyu, stderr_of, stdout_of, TempDir};

fn tmx(prefix: &str, units: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body>\n",
    );
    for i in 0..units {
        xml.push_str(&format!(
            "<tu tuid=\"{prefix}{i}\"><tuv xml:lang=\"en\"><seg>{prefix} sentence {i}.</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>{prefix}句子{i}。</seg></tuv></tu>\n"
        ));
    }
    xml.push_str("</body></tmx>\n");
    xml
}

fn units_in(tm: &Path) -> usize {
    shuyu::tm::Memory::open(tm).unwrap().len()
}

/// Asserts that a run exited 2 with an error message beginning `prefix`.
fn fails_saying(o: &std::process::Output, prefix: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(o));
    assert!(stderr_of(o).starts_with(prefix), "{}", stderr_of(o));
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn eight_imports_at_once_keep_every_unit() {
    let d = TempDir::new("safety-concurrent");
    let tm = d.0.join("team.shuyu-tm");
    let base = d.write("base.tmx", tmx("base", 1_000));
    assert_eq!(
        run_shuyu(None, &["tm", "import", "--tm", &p(&tm), &p(&base)], None)
            .status
            .code(),
        Some(0)
    );
    let files: Vec<PathBuf> = (0..8)
        .map(|k| d.write(&format!("w{k}.tmx"), tmx(&format!("w{k}-"), 200)))
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            Command::new(env!("CARGO_BIN_EXE_shuyu"))
                .args(["tm", "import", "--tm", &p(&tm), &p(f)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    }
    assert_eq!(units_in(&tm), 1_000 + 8 * 200);
}

#[test]
fn a_link_is_written_through_and_stays_a_link() {
    let d = TempDir::new("safety-links");
    let target = d.write("real.md", "川普\n");
    let link = d.0.join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--fix", &p(&link)], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "特朗普\n");
    // A memory reached through a link: the team's memory grows.
    let team = d.0.join("team.shuyu-tm");
    let mine = d.0.join("my.shuyu-tm");
    let three = d.write("three.tmx", tmx("t", 3));
    run_shuyu(None, &["tm", "import", "--tm", &p(&team), &p(&three)], None);
    std::os::unix::fs::symlink(&team, &mine).unwrap();
    let more = d.write("more.tmx", tmx("m", 200));
    let o = run_shuyu(None, &["tm", "import", "--tm", &p(&mine), &p(&more)], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(std::fs::symlink_metadata(&mine)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(units_in(&team), 203);
    // A device is written, not replaced: /dev/stdout is this pipe.
    let o = run_shuyu(
        None,
        &["tm", "export", "--tm", &p(&team), "-o", "/dev/stdout"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("<tmx version=\"1.4\">"));
    // `-` is standard output for every -o.
    let g = d.0.join("glossary/us-japan-alliance.terms");
    let o = run_shuyu(
        Some(&d.0),
        &[
            "compile",
            &p(Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("glossary/us-japan-alliance.terms")
                .as_path()),
            "-o",
            "-",
        ],
        None,
    );
    assert!(o.stdout.starts_with(b"SHUYU\0TG"));
    assert!(!d.0.join("-").exists() && !g.exists());
}

#[test]
fn a_rewrite_keeps_mode_and_owner_and_refuses_read_only_files() {
    let d = TempDir::new("safety-mode");
    for mode in [0o600, 0o700, 0o640] {
        let f = d.write(&format!("m{mode:o}.md"), "川普\n");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(mode)).unwrap();
        let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--fix", &p(&f)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "特朗普\n");
        assert_eq!(std::fs::metadata(&f).unwrap().mode() & 0o7777, mode);
    }
    let ro = d.write("ro.md", "川普\n");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--fix", &p(&ro)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("read-only"), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "川普\n");
    // As root, another user's file stays theirs.
    if unsafe { libc_geteuid() } == 0 {
        let theirs = d.write("theirs.md", "川普\n");
        std::os::unix::fs::chown(&theirs, Some(4242), Some(4243)).unwrap();
        let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--fix", &p(&theirs)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        let m = std::fs::metadata(&theirs).unwrap();
        assert_eq!((m.uid(), m.gid()), (4242, 4243));
    }
}

extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[test]
fn temporaries_of_dead_processes_are_swept_and_live_ones_kept() {
    let d = TempDir::new("safety-stale");
    let f = d.write("a.md", "川普\n");
    // A pid no process has (above the kernel's pid_max).
    let dead = d.write(".a.md.shuyu-tmp-4194999-0123456789abcdef", "half a file");
    let live = d.write(
        &format!(".a.md.shuyu-tmp-{}-fedcba9876543210", std::process::id()),
        "mine",
    );
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--fix", &p(&f)], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(!dead.exists());
    assert!(live.exists());
    let left: Vec<String> = std::fs::read_dir(&d.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("shuyu-tmp") && !n.contains(&std::process::id().to_string()))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn sigterm_during_a_commit_removes_the_temporary_file() {
    let d = TempDir::new("safety-sigterm");
    let tm = d.0.join("m.shuyu-tm");
    let big = d.write("big.tmx", tmx("b", 60_000));
    let mut landed = false;
    for _ in 0..5 {
        let _ = std::fs::remove_file(&tm);
        let args = ["tm", "import", "--tm", &p(&tm), &p(&big)];
        let (seen, status) = common::signal_mid_write(&d.0, &args, "TERM");
        if seen && status.code().is_none() {
            landed = true;
            assert!(
                !common::temporary_in(&d.0),
                "the temporary file outlived SIGTERM"
            );
            break;
        }
    }
    assert!(
        landed,
        "no SIGTERM landed while the memory was being written"
    );
}

#[test]
fn control_characters_in_documents_never_reach_the_terminal() {
    let d = TempDir::new("safety-escapes");
    let f = d.write("osc.md", "川普 \u{1b}]52;c;aGVsbG8=\u{7} 川普\n");
    for args in [vec!["lint", "-l", "zh-CN"], vec!["tag"]] {
        let o = run_shuyu(None, &[&args[..], &[&p(&f)]].concat(), None);
        assert!(!o.stdout.contains(&0x1b), "{args:?}: {}", stdout_of(&o));
    }
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", &p(&f)], None);
    assert!(stdout_of(&o).contains("\\u{1b}]52"), "{}", stdout_of(&o));
    let x = d.write(
        "a.xlf",
        "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-CN\" datatype=\"x\" original=\"x\"><body><trans-unit id=\"1\"><source>the Quad&#x9b;31m</source><target>四方</target></trans-unit></body></file></xliff>",
    );
    let o = run_shuyu(None, &["segments", &p(&x)], None);
    assert!(!stdout_of(&o).contains('\u{9b}'), "{}", stdout_of(&o));
}

#[test]
fn sarif_locations_are_valid_uris() {
    let d = TempDir::new("safety-sarif");
    d.write(
        "a b#%41.tmx",
        tmx("s", 1)
            .replace("s sentence 0.", "Donald Trump")
            .replace("s句子0。", "川普"),
    );
    let o = run_shuyu(
        Some(&d.0),
        &["check", "--format", "sarif", "a b#%41.tmx"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
    let location =
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "a%20b%23%2541.tmx");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    assert!(sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
}

#[test]
fn folder_cycles_end_and_each_file_is_read_once() {
    let d = TempDir::new("safety-cycles");
    std::fs::create_dir_all(d.0.join("l/d")).unwrap();
    d.write("l/d/a.md", "川普\n");
    d.write("l/d/a.tmx", tmx("c", 1));
    std::os::unix::fs::symlink("..", d.0.join("l/d/u1")).unwrap();
    std::os::unix::fs::symlink("../..", d.0.join("l/d/up")).unwrap();
    let l = p(&d.0.join("l"));
    for follow in [false, true] {
        let flag: &[&str] = if follow { &["--follow"] } else { &[] };
        let o = run_shuyu(
            None,
            &[&["lint", "-l", "zh-CN"][..], flag, &[&l]].concat(),
            None,
        );
        assert!(
            stdout_of(&o)
                .ends_with("1 file: 1 finding (1 error, 0 warnings, 0 notes): wrong-locale 1\n"),
            "{}",
            stdout_of(&o)
        );
        let o = run_shuyu(None, &[&["check"][..], flag, &[&l]].concat(), None);
        assert!(
            stdout_of(&o).contains("1 file, 1 segment"),
            "{}",
            stdout_of(&o)
        );
    }
}

#[test]
fn a_docx_zip_bomb_is_refused() {
    let d = TempDir::new("safety-bomb");
    // 200 MiB of spaces deflate to about 200 KiB.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    use std::io::Write;
    zip.write_all(b"<w:document xmlns:w=\"x\"><w:body>")
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&spaces).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    let bomb = d.write("bomb.docx", zip.finish().unwrap().into_inner());
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", &p(&bomb)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("zip bomb"), "{}", stderr_of(&o));
}

#[test]
fn inputs_past_the_size_limit_are_errors_not_endless_reads() {
    let o = run_shuyu(None, &["tag", "--max-file-size", "1M", "/dev/zero"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("larger than the largest file shuyu reads (1 MiB"),
        "{}",
        stderr_of(&o)
    );
    let d = TempDir::new("safety-size");
    let sparse = d.0.join("sparse.tmx");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 20)
        .unwrap();
    let o = run_shuyu(None, &["check", "--max-file-size", "1M", &p(&sparse)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("the file (3 MiB) is larger"),
        "{}",
        stderr_of(&o)
    );
    let o = run_shuyu(
        None,
        &["tag", "--max-file-size", "1K", "-"],
        Some(&"四方".repeat(1000)),
    );
    fails_saying(&o, "shuyu: <stdin>: ");
}

#[test]
fn outputs_stay_linear_in_their_input() {
    let d = TempDir::new("safety-linear");
    // 200,000 matches on one line: tag, lint --diff.
    let line = d.write("line.md", "川普。".repeat(200_000));
    let o = run_shuyu(None, &["tag", "--count", &p(&line)], None);
    assert!(
        stdout_of(&o).contains("200000  donald-trump"),
        "{}",
        stdout_of(&o)
    );
    let o = run_shuyu(None, &["lint", "-l", "zh-CN", "--diff", &p(&line)], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr_of(&o).contains("200000 findings"),
        "{}",
        stderr_of(&o)
    );
    // 40,000 units, half with a finding, as JUnit.
    let mut rows = String::new();
    for i in 0..40_000 {
        let target = if i % 2 == 0 { "川普" } else { "特朗普" };
        rows.push_str(&format!("{i}\tDonald Trump\t{target}\n"));
    }
    let tsv = d.write("many.tsv", rows);
    let o = run_shuyu(
        None,
        &[
            "check",
            "--format",
            "junit",
            "--source-lang",
            "en",
            "--target-lang",
            "zh-CN",
            &p(&tsv),
        ],
        None,
    );
    let junit = stdout_of(&o);
    assert_eq!(junit.matches("<testcase ").count(), 40_000);
    assert_eq!(junit.matches("<failure ").count(), 20_000);
}

#[test]
fn closed_pipes_end_quietly_and_full_disks_exit_2() {
    let d = TempDir::new("safety-pipes");
    let big = d.write("big.md", "川普。\n".repeat(100_000));
    for args in [
        vec!["lint", "-l", "zh-CN", "--diff"],
        vec!["tag"],
        vec!["convert", "--to", "tbx", "-o", "-"],
    ] {
        let file = if args[0] == "convert" {
            vec![]
        } else {
            vec![p(&big)]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_shuyu"))
            .args(&args)
            .args(&file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        use std::io::Read;
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?}",
            out.status
        );
        assert!(
            !stderr_of(&out).contains("panicked"),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["convert", "--to", "tbx", "-o", "-"])
        .stdout(full)
        .output()
        .unwrap();
    fails_saying(&out, "shuyu: cannot write output");
    // tm export blames the output, not the memory.
    let tm = d.0.join("m.shuyu-tm");
    let t = d.write("t.tmx", tmx("e", 5));
    run_shuyu(None, &["tm", "import", "--tm", &p(&tm), &p(&t)], None);
    let out = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["tm", "export", "--tm", &p(&tm), "-o", "-"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    fails_saying(&out, "shuyu: cannot write output");
}

#[test]
fn usage_errors_exit_2() {
    let d = TempDir::new("safety-usage");
    let f = d.write("a.md", "川普\n");
    let o = run_shuyu(
        None,
        &["lint", "-l", "zh-CN", "--fix", "--diff", &p(&f)],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let t = d.write("t.tsv", "1\tQuad\t四方\n");
    let tm = p(&d.0.join("x.shuyu-tm"));
    let o = run_shuyu(
        None,
        &[
            "tm",
            "import",
            "--tm",
            &tm,
            "--source-lang",
            "fr",
            "--target-lang",
            "xx",
            &p(&t),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("unknown language tag \"fr\""),
        "{}",
        stderr_of(&o)
    );
    let o = run_shuyu(None, &["tag", "-"], Some("\u{0}"));
    assert_eq!(o.status.code(), Some(0));
    let o = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["tag", "-"])
        .stdin(std::fs::File::open(d.write("bad", [0xFFu8, 0xFE, 0x00])).unwrap())
        .output()
        .unwrap();
    fails_saying(&o, "shuyu: <stdin>:");
}

#[test]
fn long_queries_are_refused_and_long_units_looked_up_in_bounded_work() {
    use shuyu::formats::bitext::Segment;
    use shuyu::tm::{Import, LookupOptions, Memory};
    let d = TempDir::new("safety-lookup");
    let path = d.0.join("m.shuyu-tm");
    let long: String = (0..40_000).map(|i| format!("word{} ", i % 97)).collect();
    let mut import = Import::open(&path).unwrap();
    import
        .add(&Segment::new("1", &long, Some("长句")).with_langs("en", "zh-CN"))
        .unwrap();
    import.commit().unwrap();
    let memory = Memory::open(&path).unwrap();
    let query: String = (0..1_500).map(|i| format!("word{} ", i % 97)).collect();
    let any = LookupOptions {
        min_score: 0,
        limit: 5,
    };
    let hits = memory.lookup(&query, &any).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].differences(&query).is_empty());
    let e = memory.lookup(&"word ".repeat(3_000), &any).unwrap_err();
    assert!(e.to_string().contains("at most 2000"), "{e}");
}
