//! Builds a small translation memory, then looks sentences up in it and
//! searches a term, printing the hits with their scores and the glossary's
//! approved terms.
//!
//! Run with `cargo run --example tm`.

use shuyu::formats::bitext::{Langs, Segment, Tally};
use shuyu::tm::{term_hints, Import, LookupOptions, Memory};
use shuyu::{Lang, Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("shuyu-example-tm-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("alliance.shuyu-tm");

    let mut import = Import::open(&path)?;
    for (id, zh, en) in [
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
            "日本将成立联合作战司令部。",
            "Japan will set up the Joint Operations Command.",
        ),
    ] {
        import.add(&Segment {
            id: id.into(),
            source: zh.into(),
            target: Some(en.into()),
            source_lang: Some("zh-CN".into()),
            target_lang: Some("en".into()),
            ..Segment::default()
        })?;
    }
    // Whole files are read and added too; those that cannot be read come
    // back, to be named (and the import not committed).
    let tsv = dir.join("more.tsv");
    std::fs::write(&tsv, "4\t四方安全对话\tthe Quad\n")?;
    let langs = Langs {
        source: Some("zh-CN".into()),
        target: Some("en".into()),
    };
    let unreadable = import.add_files(&[tsv], &langs, &mut Tally::default())?;
    assert!(unreadable.is_empty(), "{unreadable:?}");
    let summary = import.commit()?;
    println!("{} units in {}", summary.units, path.display());

    let memory = Memory::open(&path)?;
    for query in [
        "日美同盟是印太地區和平的柱石。",
        "日本将于明年成立联合作战司令部。",
    ] {
        println!("\n{query}");
        for hit in memory.lookup(query, &LookupOptions::default())? {
            println!(
                "  {:>3} [{}] {}\n      → {}",
                hit.score, hit.unit.id, hit.unit.source, hit.unit.target
            );
        }
        for hint in term_hints(Tagger::bundled(), query, Lang::En) {
            println!(
                "  term {} ({}) → {}",
                &query[hint.start..hint.end],
                hint.concept,
                hint.approved[0]
            );
        }
    }

    println!("\nconcordance of 集体自卫权:");
    for c in memory.concord("集体自卫权", 10)? {
        println!("  [{}] {} → {}", c.unit.id, c.unit.source, c.unit.target);
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
