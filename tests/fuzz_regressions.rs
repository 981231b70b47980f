//! Inputs the fuzzers once failed on (`fuzz/regressions/TARGET-what`),
//! replayed through the very functions the fuzz targets call.

use std::path::Path;

fn replay(target: &str, data: &[u8]) {
    match target {
        "tbx" => shuyu::fuzz::tbx(data),
        "glossary_text" => shuyu::fuzz::glossary_text(data),
        "tmx" => shuyu::fuzz::tmx(data),
        "xliff" => shuyu::fuzz::xliff(data),
        "document" => shuyu::fuzz::document(data),
        "compiled" => shuyu::fuzz::compiled(data),
        "memory" => shuyu::fuzz::memory(data),
        // Its input is structured (`arbitrary`), not bytes to replay.
        "tagger" => {}
        other => panic!("no replay for target {other}"),
    }
}

#[test]
fn every_regression_input_replays_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = name.split('-').next().unwrap();
        replay(target, &std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}

#[test]
fn every_committed_seed_passes_its_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut count = 0;
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for seed in std::fs::read_dir(&target).unwrap() {
            replay(&name, &std::fs::read(seed.unwrap().path()).unwrap());
            count += 1;
        }
    }
    assert!(count >= 8, "only {count} seeds in {}", dir.display());
}
