//! Compiled glossaries: see `shuyu::fuzz::compiled`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::compiled(data));
