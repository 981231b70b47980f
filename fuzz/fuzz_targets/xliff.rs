//! XLIFF and format sniffing: see `shuyu::fuzz::xliff`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::xliff(data));
