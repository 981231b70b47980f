//! `shuyu extract`: the candidates a text states, in each output format,
//! new, variant or known against the glossary.

mod common;
use common::{stderr_of as stderr, stdout_of as stdout, TempDir};
use shuyu::{Lang, Status};

fn shuyu(args: &[&str]) -> std::process::Output {
    common::run_shuyu(None, args, None)
}

const ARTICLE: &str = "美国国防部与日本防卫省成立的联合作战司令部（JJOC）将于明年运作。\n\
日本加入了经济合作与发展组织（OECD）。\n\
日美经济政策协商委员会（Economic Policy Consultative Committee，EPC）每年召开。\n\
新设的联合作战总部（J-JOC）直属防卫大臣。\n\
所谓「经济版二加二」机制由此而来。\n";

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let o = shuyu(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str::<serde_json::Value>(&stdout(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(all: &'a [serde_json::Value], term: &str) -> &'a serde_json::Value {
    all.iter()
        .find(|c| c["candidate"] == term)
        .unwrap_or_else(|| panic!("no candidate {term} in {all:#?}"))
}

#[test]
fn json_lists_new_and_variant_candidates_with_their_evidence() {
    let dir = TempDir::new("extract-json");
    let article = dir.file("article.txt", ARTICLE);
    let all = json(&["extract", "--format", "json", &article]);
    let oecd = row(&all, "经济合作与发展组织");
    assert_eq!(oecd["status"], "new");
    assert_eq!(oecd["lang"], "zh-CN");
    assert_eq!(oecd["pattern"], "zh-acronym");
    assert_eq!(oecd["concept"], serde_json::Value::Null);
    assert_eq!(oecd["count"], 1);
    assert_eq!(oecd["documents"], 1);
    assert_eq!(oecd["pairs"][0]["term"], "OECD");
    assert_eq!(oecd["examples"][0]["file"], article.as_str());
    assert_eq!(oecd["examples"][0]["line"], 2);
    // The clause before the term is not part of it.
    assert!(all
        .iter()
        .all(|c| c["candidate"] != "美国国防部与日本防卫省成立的联合作战司令部"));
    // A form the glossary lacks, stated with one it has.
    let variant = row(&all, "联合作战总部");
    assert_eq!(
        (&variant["status"], &variant["concept"]),
        (&"variant".into(), &"j-joc".into())
    );
    assert_eq!(variant["pairs"][0]["term"], "J-JOC");
    let epc = row(&all, "日美经济政策协商委员会");
    assert_eq!(epc["pattern"], "zh-full-acronym");
    let pairs: Vec<&str> = epc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["term"].as_str().unwrap())
        .collect();
    assert!(pairs.contains(&"EPC") && pairs.contains(&"Economic Policy Consultative Committee"));
    assert_eq!(row(&all, "经济版二加二")["pattern"], "so-called");
    // Known terms only with --all.
    assert!(all.iter().all(|c| c["status"] != "known"));
    let with_known = json(&["extract", "--format", "json", "--all", &article]);
    let known = row(&with_known, "JJOC");
    assert_eq!(
        (&known["status"], &known["concept"]),
        (&"known".into(), &"j-joc".into())
    );
}

#[test]
fn tsv_has_a_header_and_one_row_per_candidate() {
    let dir = TempDir::new("extract-tsv");
    let article = dir.file("article.txt", ARTICLE);
    let o = shuyu(&["extract", &article]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("candidate\tlang\tstatus\tconcept\ttype\tpattern\tcount\tdocuments\tpairs\texample")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 10));
    let oecd = rows.iter().find(|r| r[0] == "OECD").unwrap();
    assert_eq!(&oecd[1..7], ["en", "new", "", "acronym", "zh-acronym", "1"]);
    assert!(
        oecd[9].ends_with("日本加入了经济合作与发展组织（OECD）。"),
        "{}",
        oecd[9]
    );
    assert!(stderr(&o).contains("known (not listed; --all lists them)"));
}

#[test]
fn tbx_and_terms_read_back_as_glossaries_of_admitted_terms() {
    let dir = TempDir::new("extract-tbx");
    let article = dir.file("article.txt", ARTICLE);
    for (format, name) in [("tbx", "candidates.tbx"), ("terms", "candidates.terms")] {
        let out = dir.0.join(name);
        let o = shuyu(&[
            "extract",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
            &article,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let glossary = shuyu::formats::read_glossary(&out).unwrap();
        assert!(glossary
            .concepts
            .iter()
            .all(|c| c.terms.iter().all(|t| t.status == Status::Admitted)));
        let oecd = glossary
            .concepts
            .iter()
            .find(|c| c.terms.iter().any(|t| t.text == "OECD"))
            .unwrap();
        assert!(oecd
            .terms
            .iter()
            .any(|t| t.text == "经济合作与发展组织" && t.lang == Lang::ZhCn));
        assert!(oecd.note.as_deref().unwrap().contains("article.txt:2"));
        // A variant's entry carries the glossary's concept id.
        assert!(glossary.concepts.iter().any(|c| c.id == "j-joc"));
        // And the glossary compiles: it can be used as it is.
        shuyu::Tagger::open(&out).unwrap();
    }
}

#[test]
fn bilingual_units_count_as_support_for_a_pair() {
    let dir = TempDir::new("extract-tmx");
    let mut tus = String::new();
    for i in 0..3 {
        tus.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"en\"><seg>The OECD met in Paris.</seg></tuv>\
             <tuv xml:lang=\"zh-CN\"><seg>经济合作与发展组织（OECD）在巴黎开会。</seg></tuv></tu>"
        ));
    }
    let tmx = dir.file(
        "m.tmx",
        format!("<tmx version=\"1.4\"><header srclang=\"en\"/><body>{tus}</body></tmx>"),
    );
    let all = json(&["extract", "--format", "json", &tmx]);
    let oecd = row(&all, "经济合作与发展组织");
    assert_eq!(oecd["pairs"][0]["units"], 3);
    assert_eq!(oecd["count"], 3);
    assert_eq!(oecd["examples"][0]["segment"], "0");
}

#[test]
fn min_count_and_frequency_only_acronyms() {
    let dir = TempDir::new("extract-min");
    let text = dir.file(
        "a.txt",
        "The ZQXW met. The YPRT and the YPRT again. 经济合作与发展组织（OECD）。",
    );
    let terms = |args: &[&str]| -> Vec<String> {
        json(args)
            .iter()
            .map(|c| c["candidate"].as_str().unwrap().to_string())
            .collect()
    };
    let default = terms(&["extract", "--format", "json", &text]);
    assert!(default.contains(&"YPRT".to_string()) && !default.contains(&"ZQXW".to_string()));
    assert!(default.contains(&"OECD".to_string()));
    let two = terms(&["extract", "--format", "json", "--min-count", "2", &text]);
    assert_eq!(two, ["YPRT"]);
}

#[test]
fn a_folder_run_reports_unreadable_files_and_goes_on() {
    let dir = TempDir::new("extract-folder");
    dir.write(
        "good.md",
        "# 标题\n\n日本加入了经济合作与发展组织（OECD）。\n",
    );
    dir.write("bad.tmx", "<tmx><body><tu>");
    dir.write("notes.bin", "not read");
    let o = shuyu(&["extract", "--format", "json", dir.0.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.tmx"), "{}", stderr(&o));
    assert!(stdout(&o).contains("经济合作与发展组织"));
    let none = shuyu(&["extract", dir.0.join("missing.txt").to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("nothing was read"));
}
