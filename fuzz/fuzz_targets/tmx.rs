//! TMX: any bytes read without a panic, and checked without one.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::{bitext::Langs, tmx};

fuzz_target!(|data: &[u8]| {
    if let Ok(segments) = tmx::parse(data, None, &Langs::default()) {
        let mut checker = shuyu::check::Checker::new(shuyu::Tagger::bundled());
        for s in &segments.segments {
            let _ = checker.check("f", s);
        }
    }
});
