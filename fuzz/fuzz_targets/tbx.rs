//! TBX: see `shuyu::fuzz::tbx`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::tbx(data));
