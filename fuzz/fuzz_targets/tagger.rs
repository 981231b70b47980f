//! The tagger against the naive reference on arbitrary glossaries and
//! texts: see `shuyu::fuzz::tagger`.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    terms: Vec<(String, u8)>,
    text: String,
}

fuzz_target!(|input: Input| shuyu::fuzz::tagger(&input.terms, &input.text));
