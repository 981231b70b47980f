//! Translation memory: arbitrary text imported, looked up, searched and
//! exported without a panic; the export reads back whole; and the memory
//! file with one byte changed anywhere is refused or read without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::bitext::{Langs, Segment};
use shuyu::formats::tmx;
use shuyu::tm::{Import, LookupOptions, Memory};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (ctl, rest) = data.split_at(4);
    let text = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = text.split('\n').collect();
    let segments: Vec<Segment> = lines
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| Segment {
            id: i.to_string(),
            source: pair[0].to_string(),
            target: pair.get(1).map(|t| t.to_string()),
            source_lang: Some("zh-CN".into()),
            target_lang: Some("en".into()),
            ..Segment::default()
        })
        .collect();
    let path = std::env::temp_dir().join(format!("shuyu-fuzz-memory-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut import = Import::open(&path).unwrap();
    for s in &segments {
        import.add(s).unwrap();
    }
    let summary = import.commit().unwrap();
    let memory = Memory::open(&path).unwrap();
    assert_eq!(memory.len(), summary.units);
    let options = LookupOptions { min_score: ctl[0] % 101, limit: 3 };
    for s in &segments {
        for hit in memory.lookup(&s.source, &options).unwrap() {
            assert!(hit.score >= options.min_score);
            for d in hit.differences(&s.source) {
                let _ = (&s.source[d.query], &hit.unit.source[d.segment]);
            }
        }
        if let Some(word) = s.source.split_whitespace().next() {
            for c in memory.concord(word, 5).unwrap() {
                for r in &c.in_source {
                    let _ = &c.unit.source[r.clone()];
                }
            }
        }
    }
    let exported = memory.export(Vec::new()).unwrap();
    let back = tmx::parse(&exported, None, &Langs::default()).unwrap();
    assert!(back.skipped.is_empty());
    assert_eq!(back.segments.len(), memory.len());
    drop(memory);

    let mut bytes = std::fs::read(&path).unwrap();
    let at = usize::from(u16::from_le_bytes([ctl[1], ctl[2]])) % bytes.len();
    bytes[at] ^= ctl[3] | 1;
    std::fs::write(&path, &bytes).unwrap();
    if let Ok(m) = Memory::open(&path) {
        for s in &segments {
            let _ = m.lookup(&s.source, &options);
            let _ = m.concord(&s.source, 5);
        }
        let _ = m.export(Vec::new());
    }
    let _ = std::fs::remove_file(&path);
});
