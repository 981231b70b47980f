//! Translation memory: import, exact and fuzzy lookup, ranking, concordance,
//! export, and what an interrupted or failed import leaves behind.

mod common;

use std::path::Path;
use std::process::Output;

use common::{stdout_of as stdout, TempDir};
use shuyu::formats::bitext::{self, Langs, Segment};
use shuyu::tm::{Import, LookupOptions, Memory};

fn shuyu(args: &[&str], stdin: Option<&str>) -> Output {
    common::run_shuyu(None, args, stdin)
}

/// `shuyu tm import --tm TM FILE`, which must succeed.
fn import_cli(tm: &Path, file: &Path) -> Output {
    let args = [
        "tm",
        "import",
        "--tm",
        &tm.display().to_string(),
        &file.display().to_string(),
    ];
    let out = shuyu(&args.each_ref().map(|s| s.as_ref()), None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A default lookup's units and scores.
fn look(memory: &Memory, query: &str) -> Vec<(String, u8)> {
    let hits = memory.lookup(query, &LookupOptions::default()).unwrap();
    hits.into_iter().map(|h| (h.unit.id, h.score)).collect()
}

fn seg(id: &str, zh: &str, en: &str) -> Segment {
    Segment {
        id: id.into(),
        source: zh.into(),
        target: Some(en.into()),
        source_lang: Some("zh-CN".into()),
        target_lang: Some("en".into()),
        ..Segment::default()
    }
}

const UNITS: &[(&str, &str, &str)] = &[
    (
        "1",
        "日美同盟是印太地区和平的基石。",
        "The US-Japan alliance is the cornerstone of peace in the Indo-Pacific.",
    ),
    (
        "2",
        "日本行使集体自卫权。",
        "Japan exercises the right of collective self-defense.",
    ),
    (
        "3",
        "四方安全对话领导人在东京会晤。",
        "Quad leaders met in Tokyo.",
    ),
    (
        "4",
        "日本将成立联合作战司令部。",
        "Japan will set up the Joint Operations Command.",
    ),
    (
        "5",
        "日本将于明年成立联合作战司令部。",
        "Japan will set up the Joint Operations Command next year.",
    ),
    (
        "6",
        "美国和日本加强供应链合作。",
        "The US and Japan strengthen supply chain cooperation.",
    ),
];

fn memory_of(dir: &TempDir, units: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let path = dir.0.join("memory.shuyu-tm");
    let mut import = Import::open(&path).unwrap();
    for (id, zh, en) in units {
        assert!(import.add(&seg(id, zh, en)).unwrap());
    }
    import.commit().unwrap();
    path
}

fn ids(hits: &[shuyu::tm::Hit]) -> Vec<(&str, u8)> {
    hits.iter().map(|h| (h.unit.id.as_str(), h.score)).collect()
}

#[test]
fn exact_match_scores_100_through_normalisation() {
    let dir = TempDir::new("tm-exact");
    let memory = Memory::open(memory_of(&dir, UNITS)).unwrap();
    let opts = LookupOptions::default();
    let hits = memory
        .lookup("四方安全对话领导人在东京会晤。", &opts)
        .unwrap();
    assert_eq!(ids(&hits), [("3", 100)]);
    // Traditional script, full-width and spacing differences cost nothing.
    let hits = memory
        .lookup("四方安全對話領導人在東京會晤。", &opts)
        .unwrap();
    assert_eq!(ids(&hits), [("3", 100)]);
    // Exact only: the exact index alone.
    let exact = LookupOptions {
        min_score: 100,
        ..opts
    };
    assert_eq!(
        ids(&memory.lookup("日本行使集体自卫权。", &exact).unwrap()),
        [("2", 100)]
    );
    assert!(memory
        .lookup("日本行使集体自卫权", &exact)
        .unwrap()
        .is_empty());
}

#[test]
fn one_edited_character_scores_below_100_and_punctuation_less() {
    let dir = TempDir::new("tm-fuzzy-one");
    let memory = Memory::open(memory_of(&dir, UNITS)).unwrap();
    let opts = LookupOptions::default();
    // 14 characters and a full stop: one replaced.
    let hits = memory
        .lookup("日美同盟是印太地区和平的柱石。", &opts)
        .unwrap();
    assert_eq!(ids(&hits), [("1", 92)]);
    let d = hits[0].differences("日美同盟是印太地区和平的柱石。");
    assert_eq!(d.len(), 1);
    assert_eq!(&hits[0].unit.source[d[0].segment.clone()], "基");
    // Only the full stop missing: a punctuation mark costs a tenth.
    let hits = memory.lookup("日本行使集体自卫权", &opts).unwrap();
    assert_eq!(ids(&hits), [("2", 98)]);
}

#[test]
fn several_edited_characters_score_lower() {
    let dir = TempDir::new("tm-fuzzy-several");
    let memory = Memory::open(memory_of(&dir, UNITS)).unwrap();
    let opts = LookupOptions {
        min_score: 50,
        limit: 10,
    };
    let one = memory.lookup("美国和日本加强供应链合作。", &opts).unwrap()[0].score;
    let two = memory.lookup("美国与日本加强供应链协作。", &opts).unwrap();
    let three = memory.lookup("美国与日本增强供应链协作。", &opts).unwrap();
    assert_eq!(one, 100);
    assert_eq!(two[0].unit.id, "6");
    assert_eq!(three[0].unit.id, "6");
    assert!(
        two[0].score < one && three[0].score < two[0].score,
        "{one} {} {}",
        two[0].score,
        three[0].score
    );
    // 12 characters and a stop (weight 121): 2 and 3 characters replaced.
    assert_eq!(
        (two[0].score, three[0].score),
        (
            (100 * (121 - 20) / 121) as u8,
            (100 * (121 - 30) / 121) as u8
        )
    );
}

#[test]
fn unrelated_sentence_finds_nothing() {
    let dir = TempDir::new("tm-nomatch");
    let memory = Memory::open(memory_of(&dir, UNITS)).unwrap();
    let hits = memory
        .lookup(
            "今天天气很好，我们去公园散步吧。",
            &LookupOptions::default(),
        )
        .unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    assert!(memory
        .lookup("", &LookupOptions::default())
        .unwrap()
        .is_empty());
}

#[test]
fn closer_segment_ranks_first() {
    let dir = TempDir::new("tm-rank");
    let memory = Memory::open(memory_of(&dir, UNITS)).unwrap();
    let opts = LookupOptions {
        min_score: 50,
        limit: 5,
    };
    let hits = memory
        .lookup("日本将于后年成立联合作战司令部。", &opts)
        .unwrap();
    let found = ids(&hits);
    assert_eq!(found[0].0, "5", "{found:?}");
    assert_eq!(found[1].0, "4", "{found:?}");
    assert!(found[0].1 > found[1].1);
    assert!(hits[0].distance < hits[1].distance);
    // The limit cuts the list.
    let one = LookupOptions {
        min_score: 50,
        limit: 1,
    };
    assert_eq!(
        memory
            .lookup("日本将于后年成立联合作战司令部。", &one)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn english_is_scored_on_words() {
    let dir = TempDir::new("tm-english");
    let path = dir.0.join("en.shuyu-tm");
    let mut import = Import::open(&path).unwrap();
    import
        .add(&Segment {
            source: "Quad leaders met in Tokyo to discuss maritime security.".into(),
            target: Some("四方领导人在东京会晤，讨论海上安全。".into()),
            ..seg("e1", "", "")
        })
        .unwrap();
    import.commit().unwrap();
    let memory = Memory::open(&path).unwrap();
    let hits = memory
        .lookup(
            "Quad leaders met in Sydney to discuss maritime security.",
            &LookupOptions::default(),
        )
        .unwrap();
    // Nine words and a full stop: one word replaced.
    assert_eq!(ids(&hits), [("e1", (100 * (91 - 10) / 91) as u8)]);
    let hits = memory
        .lookup(
            "quad leaders met in Tokyo to discuss maritime security.",
            &LookupOptions::default(),
        )
        .unwrap();
    assert_eq!(
        ids(&hits),
        [("e1", (100 * (91 - 1) / 91) as u8)],
        "a case difference costs a tenth of a word"
    );
}

#[test]
fn same_source_keeps_each_target_newest_first_and_duplicates_once() {
    let dir = TempDir::new("tm-dedup");
    let path = memory_of(&dir, &[("a", "四方会晤。", "The Quad met.")]);
    let mut import = Import::open(&path).unwrap();
    import
        .add(&seg("b", "四方会晤。", "Quad leaders met."))
        .unwrap();
    import
        .add(&seg("c", "四方会晤。", "The Quad met."))
        .unwrap();
    import
        .add(&Segment {
            target: None,
            ..seg("d", "只有原文。", "")
        })
        .unwrap();
    // A segment that does not say its languages is refused, naming it.
    let e = import
        .add(&Segment {
            target_lang: None,
            ..seg("e", "四方会晤。", "Quad.")
        })
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "segment e has no target language (give --target-lang; TSV files always need it)"
    );
    let summary = import.commit().unwrap();
    assert_eq!(
        (
            summary.before,
            summary.added,
            summary.skipped,
            summary.units
        ),
        (1, 2, 1, 2)
    );
    let memory = Memory::open(&path).unwrap();
    let hits = memory
        .lookup("四方会晤。", &LookupOptions::default())
        .unwrap();
    let targets: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.unit.id.as_str(), h.unit.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [("c", "The Quad met."), ("b", "Quad leaders met.")]
    );
}

#[test]
fn concordance_finds_terms_in_source_and_target_as_whole_words() {
    let dir = TempDir::new("tm-concord");
    let mut units = UNITS.to_vec();
    units.push((
        "7",
        "四方机制的第四个方面。",
        "The fourth quadrant of the Quad mechanism.",
    ));
    let memory = Memory::open(memory_of(&dir, &units)).unwrap();
    let found = memory.concord("集体自卫权", 100).unwrap();
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!(&c.unit.source[c.in_source[0].clone()], "集体自卫权");
    assert!(c.in_target.is_empty());
    // A one-word English term, in targets, case-insensitively, not inside
    // "quadrant".
    let found = memory.concord("QUAD", 100).unwrap();
    let hits: Vec<(&str, Vec<&str>)> = found
        .iter()
        .map(|c| {
            (
                c.unit.id.as_str(),
                c.in_target
                    .iter()
                    .map(|r| &c.unit.target[r.clone()])
                    .collect(),
            )
        })
        .collect();
    assert_eq!(hits, [("7", vec!["Quad"]), ("3", vec!["Quad"])]);
    // Several words, across a hyphen variant.
    let found = memory.concord("joint operations command", 100).unwrap();
    assert_eq!(found.len(), 2);
    assert!(memory.concord("没有这个词", 100).unwrap().is_empty());
}

#[test]
fn export_and_reimport_round_trip_with_markup() {
    let dir = TempDir::new("tm-export");
    let tmx = dir.write(
        "in.tmx",
        r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>
<tu tuid="m1"><tuv xml:lang="zh-CN"><seg>日本行使<bpt i="1">&lt;b&gt;</bpt>集体自卫权<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
<tuv xml:lang="en"><seg>Japan exercises the <bpt i="1">&lt;b&gt;</bpt>right of collective self-defense<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu tuid="m2"><tuv xml:lang="zh-CN"><seg>四方 &amp; 东盟</seg></tuv><tuv xml:lang="en"><seg>Quad &amp; ASEAN</seg></tuv></tu>
</body></tmx>"#,
    );
    let tm = dir.0.join("m.shuyu-tm");
    let tm_s = tm.display().to_string();
    import_cli(&tm, &tmx);
    // Markup does not count in matching.
    let memory = Memory::open(&tm).unwrap();
    assert_eq!(
        look(&memory, "日本行使集体自卫权。"),
        [("m1".to_string(), 100)]
    );
    drop(memory);

    let exported = dir.0.join("out.tmx");
    let out = shuyu(
        &[
            "tm",
            "export",
            "--tm",
            &tm_s,
            "-o",
            &exported.display().to_string(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains(r#"<bpt i="1">&lt;b&gt;</bpt>集体自卫权<ept i="1">&lt;/b&gt;</ept>"#),
        "{text}"
    );
    let back = bitext::read(&exported, &Langs::default()).unwrap().segments;
    let original = bitext::read(&tmx, &Langs::default()).unwrap().segments;
    let strip = |s: &[Segment]| -> Vec<Segment> {
        s.iter()
            .map(|s| Segment {
                line: 0,
                ..s.clone()
            })
            .collect()
    };
    assert_eq!(strip(&back), strip(&original));

    // Re-imported into a new memory: the same units.
    let again = dir.0.join("again.shuyu-tm");
    let mut import = Import::open(&again).unwrap();
    for s in &back {
        import.add(s).unwrap();
    }
    import.commit().unwrap();
    let a = Memory::open(&again).unwrap();
    let b = Memory::open(&tm).unwrap();
    let strip_index = |m: &Memory| -> Vec<(String, String, String)> {
        m.units()
            .unwrap()
            .iter()
            .map(|u| (u.id.clone(), u.source.clone(), u.target.clone()))
            .collect()
    };
    assert_eq!(strip_index(&a), strip_index(&b));
}

#[test]
fn xliff_markup_is_stored_as_tmx_codes() {
    let dir = TempDir::new("tm-xliff");
    let xlf = dir.write(
        "in.xlf",
        r#"<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="plaintext" original="x"><body>
<trans-unit id="t1"><source>Press <g id="1">Save</g><x id="2"/> now</source><target>现在按<g id="1">保存</g><x id="2"/></target></trans-unit>
<trans-unit id="t2"><source>No target</source></trans-unit>
</body></file></xliff>"#,
    );
    let tm = dir.0.join("x.shuyu-tm");
    let out = import_cli(&tm, &xlf);
    assert!(stdout(&out).contains("1 skipped"), "{}", stdout(&out));
    let memory = Memory::open(&tm).unwrap();
    let u = memory.unit(0).unwrap();
    assert_eq!(u.source, "Press Save now");
    assert_eq!(
        u.source_markup.as_deref(),
        Some(
            r#"Press <bpt i="1">&lt;g id=&quot;1&quot;&gt;</bpt>Save<ept i="1">&lt;/g&gt;</ept><ph>&lt;x id=&quot;2&quot;/&gt;</ph> now"#
        )
    );
    let mut exported = Vec::new();
    memory.export(&mut exported).unwrap();
    let back = shuyu::formats::tmx::parse(&exported, None, &Langs::default())
        .unwrap()
        .segments;
    assert_eq!(
        (back[0].source.as_str(), back[0].target.as_deref()),
        ("Press Save now", Some("现在按保存"))
    );
}

#[test]
fn utf16_tmx_imports() {
    let dir = TempDir::new("tm-utf16");
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<tmx version=\"1.4\"><header srclang=\"zh-TW\"/><body>\r\n<tu><tuv xml:lang=\"zh-TW\"><seg>日本行使集體自衛權。</seg></tuv><tuv xml:lang=\"en\"><seg>Japan exercises the right of collective self-defense.</seg></tuv></tu>\r\n</body></tmx>\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in xml.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let file = dir.write("utf16.tmx", bytes);
    let tm = dir.0.join("u.shuyu-tm");
    import_cli(&tm, &file);
    let memory = Memory::open(&tm).unwrap();
    // Looked up in Simplified: script differences cost nothing.
    assert_eq!(
        look(&memory, "日本行使集体自卫权。"),
        [("1".to_string(), 100)]
    );
    let hits = memory
        .lookup("日本行使集体自卫权。", &LookupOptions::default())
        .unwrap();
    assert_eq!(hits[0].unit.source_lang.as_deref(), Some("zh-TW"));
}

#[test]
fn every_unit_of_a_large_memory_is_found_by_its_own_words() {
    // Tens of thousands of units over a few hundred characters: the index
    // is built a chunk of units at a time (8,192), each naming its tokens
    // and n-grams by ids of its own, and the chunks' ids must become the
    // file's alike.
    let dir = TempDir::new("tm-many");
    let path = dir.0.join("many.shuyu-tm");
    let mut state = 11u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let sources: Vec<String> = (0..20_000)
        .map(|_| {
            let text: String = (0..12)
                .map(|_| char::from_u32(0x4E00 + next() % 400).unwrap())
                .collect();
            text + "。"
        })
        .collect();
    let mut import = Import::open(&path).unwrap();
    for (i, zh) in sources.iter().enumerate() {
        assert!(import
            .add(&seg(&format!("n{i}"), zh, &format!("Sentence {i}.")))
            .unwrap());
    }
    import.commit().unwrap();
    let memory = Memory::open(&path).unwrap();
    for i in (0..sources.len()).step_by(397) {
        let id = format!("n{i}");
        assert_eq!(look(&memory, &sources[i]).first(), Some(&(id.clone(), 100)));
        // One of twelve characters replaced: 10 of the query's weight of
        // 121 (twelve characters and a full stop), a score of 91.
        let mut edited: Vec<char> = sources[i].chars().collect();
        edited[5] = '龘';
        let edited: String = edited.into_iter().collect();
        assert_eq!(look(&memory, &edited).first(), Some(&(id, 91)), "{edited}");
    }
}

fn big_tmx(dir: &TempDir, units: usize) -> std::path::PathBuf {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"zh-CN\"/><body>\n",
    );
    for i in 0..units {
        let zh: String = (0..20)
            .map(|k| char::from_u32(0x4E00 + ((i * 31 + k * 17) % 3000) as u32).unwrap())
            .collect();
        xml.push_str(&format!(
            "<tu tuid=\"n{i}\"><tuv xml:lang=\"zh-CN\"><seg>{zh}。</seg></tuv><tuv xml:lang=\"en\"><seg>Sentence number {i}.</seg></tuv></tu>\n"
        ));
    }
    xml.push_str("</body></tmx>\n");
    dir.write("big.tmx", xml)
}

fn assert_old_memory(path: &Path, before: usize, after: usize) {
    let memory = Memory::open(path).expect("the memory stays readable");
    assert!(
        memory.len() == before || memory.len() == after,
        "{} units",
        memory.len()
    );
    let hits = memory
        .lookup("四方安全对话领导人在东京会晤。", &LookupOptions::default())
        .unwrap();
    assert_eq!(ids(&hits), [("3", 100)]);
}

#[test]
fn failed_import_leaves_the_old_memory() {
    let dir = TempDir::new("tm-fail");
    let path = memory_of(&dir, UNITS);
    let before = std::fs::read(&path).unwrap();
    let good = big_tmx(&dir, 200);
    let broken = dir.write(
        "broken.tmx",
        "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"zh-CN\"><seg>断了",
    );
    let out = shuyu(
        &[
            "tm",
            "import",
            "--tm",
            &path.display().to_string(),
            &good.display().to_string(),
            &broken.display().to_string(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.tmx"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the memory is byte for byte as it was"
    );
    assert_old_memory(&path, UNITS.len(), UNITS.len());
}

#[test]
fn a_file_cut_short_after_many_units_adds_none_of_them() {
    let dir = TempDir::new("tm-cut-short");
    let good = dir.0.join("good.tmx");
    std::fs::rename(big_tmx(&dir, 300), &good).unwrap();
    // Enough units that whole chunks of the index are made while the file
    // is read, the good file's units among the first.
    let long = std::fs::read_to_string(big_tmx(&dir, 20_000))
        .unwrap()
        .replace("Sentence", "Line");
    let cut = dir.write("cut.tmx", &long[..long.len() - 40]);
    let path = dir.0.join("new.shuyu-tm");
    let mut import = Import::open(&path).unwrap();
    let mut tally = bitext::Tally::default();
    let unreadable = import
        .add_files(&[good, cut], &Langs::default(), &mut tally)
        .unwrap();
    assert_eq!(unreadable.len(), 1);
    assert_eq!((tally.used, tally.read), (300, 300));
    assert_eq!(import.commit().unwrap().units, 300);
    let memory = Memory::open(&path).unwrap();
    let mut ids: Vec<String> = (0..memory.len())
        .map(|i| {
            let unit = memory.unit(i).unwrap();
            assert!(unit.target.starts_with("Sentence number"), "{unit:?}");
            unit.id
        })
        .collect();
    ids.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
    let expected: Vec<String> = (0..300).map(|i| format!("n{i}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn an_import_names_every_file_it_cannot_read_and_adds_none() {
    let dir = TempDir::new("tm-unreadables");
    let path = dir.0.join("new.shuyu-tm");
    let good = big_tmx(&dir, 20);
    let broken = dir.write("broken.tmx", "<tmx version=\"1.4\"><header/><body><tu>");
    let not_tsv = dir.write("notes.tsv", "only one column\n");
    let mut import = Import::open(&path).unwrap();
    let mut tally = bitext::Tally::default();
    let files = [broken.clone(), good, not_tsv.clone()];
    let unreadable = import
        .add_files(&files, &Langs::default(), &mut tally)
        .unwrap();
    let named: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
    assert_eq!(named.len(), 2, "{named:?}");
    assert!(
        named[0].contains("broken.tmx") && named[1].contains("notes.tsv"),
        "{named:?}"
    );
    // After the first unreadable file the others are only read.
    assert_eq!(tally.used, 0);
    drop(import);
    let out = shuyu(
        &["tm", "import", "--tm", &path.display().to_string()]
            .into_iter()
            .chain(files.iter().map(|f| f.to_str().unwrap()))
            .collect::<Vec<_>>(),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.tmx") && err.contains("notes.tsv"),
        "{err}"
    );
    assert!(!path.exists(), "no memory is written");
}

#[test]
fn killed_import_leaves_the_old_memory_readable() {
    let dir = TempDir::new("tm-kill");
    let path = memory_of(&dir, UNITS);
    let big = big_tmx(&dir, 60_000);
    // The commit writes a temporary file beside the memory: a kill while it
    // is there lands mid-commit, which is the case that matters.
    let mut mid_commit = 0;
    for _ in 0..5 {
        let (tm, file) = (path.display().to_string(), big.display().to_string());
        let (seen, _) =
            common::signal_mid_write(&dir.0, &["tm", "import", "--tm", &tm, &file], "KILL");
        // Whenever the kill landed, the memory is the old one or the new
        // one, never a torn file.
        assert_old_memory(&path, UNITS.len(), UNITS.len() + 60_000);
        let old = Memory::open(&path).unwrap().len() == UNITS.len();
        if seen && old {
            mid_commit += 1;
            break;
        } else if !old {
            // The import finished first: start again from the old memory.
            std::fs::remove_file(&path).unwrap();
            memory_of(&dir, UNITS);
        }
        for e in std::fs::read_dir(&dir.0).unwrap() {
            let p = e.unwrap().path();
            if p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains("shuyu-tmp")
            {
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    assert!(
        mid_commit > 0,
        "no kill landed while the memory was being written"
    );
}

#[test]
fn a_file_that_is_not_a_memory_is_refused() {
    let dir = TempDir::new("tm-bad");
    let not = dir.write("not.shuyu-tm", "just some text, long enough to hold a header of a memory file and then some more bytes to be sure of it, and more, and more and more");
    let e = Memory::open(&not).unwrap_err().to_string();
    assert!(
        e.contains("not.shuyu-tm") && e.contains("not a usable shuyu memory"),
        "{e}"
    );
    let out = shuyu(
        &["tm", "lookup", "--tm", &not.display().to_string(), "四方"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A damaged memory: the header promises more than the file holds.
    let path = memory_of(&dir, UNITS);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.truncate(bytes.len() / 2);
    let cut = dir.write("cut.shuyu-tm", bytes);
    let e = Memory::open(&cut).unwrap_err().to_string();
    assert!(e.contains("cut.shuyu-tm"), "{e}");
    // A byte changed inside each index (sections 3, 4 and 5: exact, tokens,
    // n-grams): refused on open, where a lookup might otherwise panic.
    let bytes = std::fs::read(&path).unwrap();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    for section in [3, 4, 5] {
        let (off, len) = (word(40 + section * 16), word(48 + section * 16));
        let mut flipped = bytes.clone();
        flipped[off + len / 2] ^= 0x21;
        let f = dir.write("flipped.shuyu-tm", flipped);
        let e = Memory::open(&f).unwrap_err().to_string();
        assert!(e.contains("damaged"), "section {section}: {e}");
    }
}

#[test]
fn tsv_import_needs_languages() {
    let dir = TempDir::new("tm-tsv");
    let tsv = dir.file("pairs.tsv", "1\t四方会晤。\tThe Quad met.\n");
    let tm = dir.0.join("t.shuyu-tm").display().to_string();
    let out = shuyu(&["tm", "import", "--tm", &tm, &tsv], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pairs.tsv:1: segment 1 has no source language"),
        "{err}"
    );
    assert!(!Path::new(&tm).exists(), "nothing written");
    let out = shuyu(
        &[
            "tm",
            "import",
            "--tm",
            &tm,
            "--source-lang",
            "zh-CN",
            "--target-lang",
            "en",
            &tsv,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let memory = Memory::open(&tm).unwrap();
    assert_eq!(memory.unit(0).unwrap().target_lang.as_deref(), Some("en"));
}

#[test]
fn lookup_cli_reads_lines_and_prints_json_with_terms() {
    let dir = TempDir::new("tm-cli");
    let path = memory_of(&dir, UNITS).display().to_string();
    let out = shuyu(
        &["tm", "lookup", "--tm", &path, "--format", "json"],
        Some("日本行使集体自卫权\n\n今天天气很好，我们去公园散步吧。\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one object per non-empty line");
    let hit = &lines[0]["hits"][0];
    assert_eq!(hit["score"], 98);
    assert_eq!(hit["id"], "2");
    assert_eq!(
        hit["target"],
        "Japan exercises the right of collective self-defense."
    );
    assert_eq!(
        hit["differences"][0]["segment"],
        serde_json::json!([27, 30])
    );
    let term = hit["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["concept"] == "collective-self-defense")
        .unwrap();
    assert_eq!(term["approved"][0], "right of collective self-defense");
    assert_eq!(term["in_target"], true);
    assert_eq!(lines[1]["hits"], serde_json::json!([]));

    let out = shuyu(
        &[
            "tm",
            "lookup",
            "--tm",
            &path,
            "今天天气很好，我们去公园散步吧。",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "no hit: exit 1");
    let out = shuyu(
        &[
            "tm",
            "lookup",
            "--tm",
            &path,
            "日美同盟是印太地区和平的柱石。",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("[-柱-]{+基+}"), "{}", stdout(&out));
    let out = shuyu(&["tm", "concord", "--tm", &path, "联合作战司令部"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).matches("«联合作战司令部»").count(),
        2,
        "{}",
        stdout(&out)
    );
}
