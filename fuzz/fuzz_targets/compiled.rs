//! Compiled glossaries: any bytes load or are refused without a panic, and
//! what loads tags without one.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tagger) = shuyu::Tagger::from_bytes(data) {
        for m in tagger.find_iter("四方安全对话 Quad's AUKUS第二支柱 集體自衛權") {
            let _ = tagger.same_key(&m).count();
            let _ = (m.concept(), m.term());
        }
        for c in tagger.concepts() {
            let _ = c.terms().count();
        }
    }
});
