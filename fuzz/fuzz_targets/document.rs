//! Documents, lint, --fix and --diff: see `shuyu::fuzz::document`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| shuyu::fuzz::document(data));
