//! TBX: any bytes read without a panic; what reads, written back, reads
//! the same, and compiles or is refused with an error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::tbx;

fuzz_target!(|data: &[u8]| {
    if let Ok(g) = tbx::parse(data, None) {
        let again =
            tbx::parse(tbx::write(&g).as_bytes(), None).expect("what shuyu writes, it reads");
        assert_eq!(again, g);
        let _ = shuyu::Tagger::new(&g);
    }
});
