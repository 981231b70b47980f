//! Derives the Traditional→Simplified character fold table from OpenCC's
//! dictionaries, once, at build time.
//!
//! Calling a converter per text would cost the tagger its speed (OpenCC runs
//! at tens of MB/s), and a converter's phrase rules do not apply to matching
//! anyway: folding is a per-character equivalence. So every CJK code point is
//! sent through OpenCC's `tw2s` and `hk2s` chains once, each on its own line so
//! that no phrase rule fires, and the single-character results become a
//! two-level lookup table in `$OUT_DIR/fold_table.rs`. A pass through `s2tw`
//! records which characters are Simplified forms, for `shuyu validate`.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const RANGES: &[(u32, u32)] = &[
    (0x2E80, 0x2FDF),   // CJK radicals
    (0x3400, 0x4DBF),   // extension A
    (0x4E00, 0x9FFF),   // unified ideographs
    (0xF900, 0xFAFF),   // compatibility ideographs
    (0x20000, 0x2FA1F), // supplementary planes
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SHUYU_OPENCC_CONFIG_DIR");

    let chars: Vec<char> = RANGES
        .iter()
        .flat_map(|&(lo, hi)| (lo..=hi).filter_map(char::from_u32))
        .collect();
    let mut input = String::with_capacity(chars.len() * 5);
    for c in &chars {
        input.push(*c);
        input.push('\n');
    }

    let mut fold: BTreeMap<u32, u32> = BTreeMap::new();
    for config in ["tw2s", "hk2s"] {
        let output = backend::convert(config, &input);
        let lines: Vec<&str> = output.split('\n').collect();
        assert!(
            lines.len() > chars.len(),
            "OpenCC {config} changed the line count"
        );
        for (c, line) in chars.iter().zip(lines) {
            let mut it = line.chars();
            if let (Some(t), None) = (it.next(), it.next()) {
                if t != *c {
                    fold.entry(*c as u32).or_insert(t as u32);
                }
            }
        }
    }
    // Fold must be idempotent: resolve chains such as a Taiwan variant that
    // maps to a Traditional form that itself maps to a Simplified one.
    let keys: Vec<u32> = fold.keys().copied().collect();
    for k in keys {
        let mut t = fold[&k];
        for _ in 0..4 {
            match fold.get(&t) {
                Some(&next) if next != t => t = next,
                _ => break,
            }
        }
        if t == k {
            fold.remove(&k);
        } else {
            fold.insert(k, t);
        }
    }

    let mut pages: BTreeMap<u32, [u16; 256]> = BTreeMap::new();
    let mut astral: Vec<(u32, u32)> = Vec::new();
    for (&from, &to) in &fold {
        if from < 0x10000 && to < 0x10000 {
            pages.entry(from >> 8).or_insert([0; 256])[(from & 0xFF) as usize] = to as u16;
        } else {
            astral.push((from, to));
        }
    }

    let mut src = String::new();
    writeln!(src, "/// Number of characters the table folds.").unwrap();
    writeln!(src, "pub(crate) const FOLD_COUNT: usize = {};", fold.len()).unwrap();
    writeln!(src, "static PAGE_INDEX: [u8; 256] = [").unwrap();
    let mut index = [0u8; 256];
    for (i, page) in pages.keys().enumerate() {
        index[*page as usize] = u8::try_from(i + 1).expect("too many pages");
    }
    for b in index {
        write!(src, "{b},").unwrap();
    }
    writeln!(src, "];").unwrap();
    writeln!(src, "static PAGES: [[u16; 256]; {}] = [", pages.len() + 1).unwrap();
    writeln!(src, "[0; 256],").unwrap();
    for page in pages.values() {
        src.push('[');
        for v in page {
            write!(src, "{v},").unwrap();
        }
        src.push_str("],\n");
    }
    writeln!(src, "];").unwrap();
    writeln!(src, "static ASTRAL: [(u32, u32); {}] = [", astral.len()).unwrap();
    for (a, b) in &astral {
        write!(src, "({a},{b}),").unwrap();
    }
    writeln!(src, "];").unwrap();

    // Which BMP characters OpenCC's s2tw changes: the Simplified forms (as
    // Taiwan writes the rest: 峰, not OpenCC's 峯), for
    // `validate` to find Simplified-only characters in zh-TW terms.
    let mut targets = vec![0u8; 8192];
    let output = backend::convert("s2tw", &input);
    // Each character's own s2tw form, for the script-mismatch rule's
    // suggestions where no phrase says otherwise.
    let mut to_traditional: BTreeMap<char, char> = BTreeMap::new();
    for (c, line) in chars.iter().zip(output.split('\n')) {
        let u = *c as u32;
        if u < 0x10000 && line != c.encode_utf8(&mut [0; 4]) {
            targets[(u >> 3) as usize] |= 1 << (u & 7);
            let mut it = line.chars();
            if let (Some(t), None) = (it.next(), it.next()) {
                to_traditional.insert(*c, t);
            }
        }
    }
    writeln!(
        src,
        "static TO_TRADITIONAL: [(char, char); {}] = [",
        to_traditional.len()
    )
    .unwrap();
    for (a, b) in &to_traditional {
        write!(src, "({a:?},{b:?}),").unwrap();
    }
    writeln!(src, "];").unwrap();
    writeln!(src, "static SIMPLIFIED: [u8; 8192] = [").unwrap();
    for b in targets {
        write!(src, "{b},").unwrap();
    }
    writeln!(src, "];").unwrap();
    // Which BMP characters plain t2s (TSCharacters, no regional variants)
    // changes: the Traditional forms. 著, which only Taiwan's variant table
    // turns into 着, is Simplified script too (著名).
    let mut traditional = vec![0u8; 8192];
    let output = backend::convert("t2s", &input);
    for (c, line) in chars.iter().zip(output.split('\n')) {
        let u = *c as u32;
        if u < 0x10000 && line != c.encode_utf8(&mut [0; 4]) {
            traditional[(u >> 3) as usize] |= 1 << (u & 7);
        }
    }
    writeln!(src, "static TRADITIONAL: [u8; 8192] = [").unwrap();
    for b in traditional {
        write!(src, "{b},").unwrap();
    }
    writeln!(src, "];").unwrap();

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("fold_table.rs"), src).unwrap();
    let words = words(&fold, &out);
    phrases(&words, &to_traditional, &out);
}

/// The words of jieba's dictionary that OpenCC's s2tw writes otherwise as
/// a phrase than character by character (分钟: 分鐘, not 分鍾), each with
/// its phrase form, sorted: the script-mismatch rule's suggestions.
fn phrases(words: &[String], chars: &BTreeMap<char, char>, out: &std::path::Path) {
    let by_char = |w: &str| -> String { w.chars().map(|c| *chars.get(&c).unwrap_or(&c)).collect() };
    let changed: Vec<&String> = words.iter().filter(|w| by_char(w) != **w).collect();
    let joined = changed
        .iter()
        .map(|w| w.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let converted = backend::convert("s2tw", &joined);
    let mut pairs: Vec<(&str, &str)> = changed
        .iter()
        .zip(converted.split('\n'))
        .filter(|(w, t)| by_char(w) != *t && w.chars().count() == t.chars().count())
        .map(|(w, t)| (w.as_str(), t))
        .collect();
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut src = String::new();
    writeln!(src, "static PHRASES: [(&str, &str); {}] = [", pairs.len()).unwrap();
    for (w, t) in pairs {
        writeln!(src, "({w:?},{t:?}),").unwrap();
    }
    writeln!(src, "];").unwrap();
    fs::write(out.join("phrases.rs"), src).unwrap();
}

/// The characters whose fst state is tabled (the CJK unified block).
const FIRST_START: u32 = 0x4E00;
const FIRST_END: u32 = 0xA000;

/// The pairs set holds 2^PAIR_LINES lines of 64 bytes (64 KiB, to stay in
/// cache); each of the 33,000 pairs of words seen 100 times or more sets
/// PAIR_PROBES bits of one line: a pair it lacks reads as held about 1
/// time in 180, where one bit per pair read so 1 time in 16.
const PAIR_LINES: u32 = 10;
const PAIR_PROBES: u32 = 3;

/// The set of the words' first two characters holds 2^PREFIX_LINES lines
/// (128 KiB): the about 180,000 pairs that begin a word of two characters
/// or more set one bit each, 16 % of them.
const PREFIX_LINES: u32 = 11;

/// The bits of the pair `a`, `b` in a set of 2^`lines` lines of 512 bits:
/// `probes` (at most 3) bits of one line (as `pair_bits` in src/words.rs
/// reads them).
fn pair_bits(a: char, b: char, lines: u32, probes: u32) -> impl Iterator<Item = usize> {
    let h = u64::from(a).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(b).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let h = (h ^ (h >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let line = (h >> (64 - lines)) as usize;
    (0..probes).map(move |i| line * 512 + (h >> (9 * i) & 511) as usize)
}

/// jieba's dictionary (`data/jieba`), folded to Simplified script, as an fst
/// from each word to its cost: the negative log of its probability, scaled
/// by 1,024 and rounded, so that the most probable segmentation is the one
/// of least total cost in integers. Also the cost of a character the
/// dictionary lacks (jieba counts it once) and the most a glossary key
/// costs (see `src/words.rs`).
fn words(fold: &BTreeMap<u32, u32>, out: &std::path::Path) -> Vec<String> {
    use std::io::Read as _;

    const DICT: &str = "data/jieba/dict.txt.gz";
    println!("cargo:rerun-if-changed={DICT}");
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(DICT).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let mut freq: BTreeMap<String, u64> = BTreeMap::new();
    let mut words = Vec::new();
    for line in text.lines() {
        let mut fields = line.split(' ');
        let (Some(word), Some(f)) = (fields.next(), fields.next()) else {
            panic!("{DICT}: not `word frequency`: {line:?}");
        };
        let f: u64 = f.parse().unwrap();
        words.push(word.to_string());
        let folded: String = word
            .chars()
            .map(|c| {
                fold.get(&(c as u32))
                    .map_or(c, |&t| char::from_u32(t).unwrap())
            })
            .collect();
        let e = freq.entry(folded).or_insert(0);
        *e = (*e).max(f);
    }
    let total: u64 = freq.values().sum();
    let cost = |f: u64| (((total as f64).ln() - (f as f64).ln()) * 1024.0).round() as u64;
    let mut builder = fst::MapBuilder::memory();
    for (w, &f) in freq.iter().filter(|(_, &f)| f > 0) {
        builder.insert(w.as_bytes(), cost(f)).unwrap();
    }
    let fst_bytes = builder.into_inner().unwrap();
    // Where the fst stands after each character of the CJK block, so that a
    // walk from a position starts at its second character: the node's
    // address, the output so far and the cost of the character as a word
    // of its own (u16::MAX when it is none); `u32::MAX` for a character no
    // word begins with. Costs and outputs are under 2^15 (a word seen once
    // costs about 18,000).
    let fst = fst::raw::Fst::new(&fst_bytes[..]).unwrap();
    let mut first = Vec::with_capacity((FIRST_END - FIRST_START) as usize * 8);
    for u in FIRST_START..FIRST_END {
        let mut node = fst.root();
        let mut out = 0u64;
        let mut buf = [0u8; 4];
        let mut found = true;
        for &b in char::from_u32(u).unwrap().encode_utf8(&mut buf).as_bytes() {
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    out += t.out.value();
                    node = fst.node(t.addr);
                }
                None => {
                    found = false;
                    break;
                }
            }
        }
        let (addr, out, alone) = if found {
            let alone = node
                .is_final()
                .then(|| u16::try_from(out + node.final_output().value()).unwrap());
            (
                u32::try_from(node.addr()).unwrap(),
                u16::try_from(out).unwrap(),
                alone.unwrap_or(u16::MAX),
            )
        } else {
            (u32::MAX, 0, u16::MAX)
        };
        first.extend_from_slice(&addr.to_le_bytes());
        first.extend_from_slice(&out.to_le_bytes());
        first.extend_from_slice(&alone.to_le_bytes());
    }
    fs::write(out.join("first.bin"), first).unwrap();
    fs::write(out.join("words.fst"), &fst_bytes).unwrap();
    // Every pair of characters side by side in a word seen 100 times or
    // more, as a set of bits over a hash of the pair (`pair_bits` in
    // src/words.rs, the same function). On the precision corpus
    // (tests/data/zh-precision.tsv) no threshold from 20 to 100 tags a trap,
    // 100 also finds two true uses the full dictionary misses (台北市政府,
    // 伊朗核协议: a rare word there crossed them), and from 300 on traps
    // such as 甜美元宵 are tagged.
    let mut pairs = vec![0u8; (1 << PAIR_LINES) * 64];
    for w in freq.iter().filter(|(_, &f)| f >= 100).map(|(w, _)| w) {
        let chars: Vec<char> = w.chars().collect();
        for p in chars.windows(2) {
            for bit in pair_bits(p[0], p[1], PAIR_LINES, PAIR_PROBES) {
                pairs[bit / 8] |= 1 << (bit % 8);
            }
        }
    }
    fs::write(out.join("pairs.bin"), pairs).unwrap();
    // The first two characters of every word of two or more, as a bit set
    // over the same hash: a walk from a position whose next character
    // begins no word with it stops before the fst is read.
    let mut prefixes = vec![0u8; (1 << PREFIX_LINES) * 64];
    for w in freq.iter().filter(|(_, &f)| f > 0).map(|(w, _)| w) {
        let mut chars = w.chars();
        if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
            for bit in pair_bits(a, b, PREFIX_LINES, 1) {
                prefixes[bit / 8] |= 1 << (bit % 8);
            }
        }
    }
    fs::write(out.join("prefixes.bin"), prefixes).unwrap();
    fs::write(
        out.join("words.rs"),
        format!(
            "/// The cost of a character the dictionary lacks.\npub(crate) const UNKNOWN_COST: u32 = {};\n/// The cost of a word seen 150 times, the most a glossary key costs.\npub(crate) const KEY_COST: u32 = {};\n/// The pairs set holds 2^PAIR_LINES lines of 512 bits.\nconst PAIR_LINES: u32 = {PAIR_LINES};\n/// How many bits of its line a pair sets.\nconst PAIR_PROBES: u32 = {PAIR_PROBES};\n/// The prefixes set holds 2^PREFIX_LINES lines of 512 bits.\nconst PREFIX_LINES: u32 = {PREFIX_LINES};\n/// The characters the first-step table covers.\nconst FIRST: std::ops::Range<u32> = {FIRST_START}..{FIRST_END};\n/// The most characters a dictionary word has.\nconst MAX_WORD_CHARS: usize = {};\n",
            cost(1),
            cost(150),
            freq.keys().map(|w| w.chars().count()).max().unwrap_or(1)
        ),
    )
    .unwrap();
    words
}

#[cfg(feature = "opencc-rust")]
mod backend {
    /// The C++ OpenCC library, through `opencc-rust`. Its bundled configs do
    /// not load against Debian's libopencc 1.1, so the system's own config
    /// files are used (`SHUYU_OPENCC_CONFIG_DIR`, default `/usr/share/opencc`).
    pub fn convert(config: &str, input: &str) -> String {
        let dir = std::env::var("SHUYU_OPENCC_CONFIG_DIR")
            .unwrap_or_else(|_| "/usr/share/opencc".to_string());
        let path = format!("{dir}/{config}.json");
        let cc = opencc_rust::OpenCC::new(&path)
            .unwrap_or_else(|e| panic!("cannot load OpenCC config {path}: {e}"));
        cc.convert(input)
            .unwrap_or_else(|e| panic!("OpenCC {config} failed: {e}"))
    }
}

#[cfg(not(feature = "opencc-rust"))]
mod backend {
    use ferrous_opencc::{config::BuiltinConfig, OpenCC};

    /// OpenCC's dictionaries through the pure-Rust `ferrous-opencc`.
    pub fn convert(config: &str, input: &str) -> String {
        let builtin = match config {
            "tw2s" => BuiltinConfig::Tw2s,
            "t2s" => BuiltinConfig::T2s,
            "hk2s" => BuiltinConfig::Hk2s,
            "s2tw" => BuiltinConfig::S2tw,
            other => unreachable!("no config {other}"),
        };
        OpenCC::from_config(builtin)
            .expect("ferrous-opencc loads its embedded configs")
            .convert(input)
    }
}
