//! TSV/CSV and .terms glossaries: see `shuyu::fuzz::glossary_text`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::glossary_text(data));
