//! Translation memory: see `shuyu::fuzz::memory`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::memory(data));
