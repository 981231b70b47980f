//! XLIFF 1.2 and 2.x (and the format sniffing in front of them): any bytes
//! read without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shuyu::formats::{bitext, xliff};

fuzz_target!(|data: &[u8]| {
    let langs = bitext::Langs::default();
    let _ = xliff::parse(data, None, &langs);
    let _ = bitext::parse(data, None, &langs);
});
