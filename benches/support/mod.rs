//! Deterministic data for the benches: a seeded generator of glossaries and
//! of mixed Chinese/English text with glossary terms embedded about once
//! every 30 characters. Nothing is downloaded; the same seed gives the same
//! bytes on every machine.

#![allow(dead_code)]

use shuyu::{Concept, Glossary, Lang, Term};

/// The number in environment variable `name`, or `default`: the benches'
/// sizes.
pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64: small, fast, and good enough to draw benchmark data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A skewed draw in 0..n: low values far more often, as character and
    /// word frequencies are.
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }
}

/// The 3,000 most common CJK characters stand in for a frequency-ranked
/// character list: a fixed slice of the unified block.
fn cjk(rank: usize) -> char {
    char::from_u32(0x4E00 + (rank as u32 * 7) % 0x5000).unwrap()
}

const SYLLABLES: &[&str] = &[
    "ka", "to", "ri", "na", "se", "mo", "lu", "pe", "di", "an", "or", "en", "ti", "co", "ver",
    "sta", "pro", "gram", "tion", "al", "in", "re", "de", "con", "ment", "ex", "ter", "ing", "sec",
    "ur", "ity", "part", "ner", "ship",
];

fn english_word(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| SYLLABLES[rng.skewed(SYLLABLES.len())])
        .collect()
}

fn acronym(rng: &mut Rng) -> String {
    let n = 2 + rng.below(4);
    (0..n)
        .map(|_| (b'A' + rng.below(26) as u8) as char)
        .collect()
}

fn chinese_term(rng: &mut Rng) -> String {
    let n = 2 + rng.skewed(11);
    (0..n).map(|_| cjk(rng.skewed(3000))).collect()
}

/// A glossary of about `terms` terms: Chinese terms of 2–12 characters,
/// English multi-word terms and acronyms, three or four per concept.
pub fn glossary(terms: usize, seed: u64) -> Glossary {
    let mut rng = Rng::new(seed);
    let mut g = Glossary::new();
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    while count < terms {
        let mut c = Concept::new(format!("c{}", g.concepts.len()));
        let words = 1 + rng.below(4);
        let en: Vec<String> = (0..words).map(|_| english_word(&mut rng)).collect();
        let mut candidates = vec![
            (en.join(" "), Lang::En),
            (chinese_term(&mut rng), Lang::ZhCn),
            (chinese_term(&mut rng), Lang::ZhTw),
        ];
        if rng.below(3) == 0 {
            candidates.push((acronym(&mut rng), Lang::En));
        }
        // Real glossaries hold each term once: draw again rather than repeat.
        for (text, lang) in candidates {
            if seen.insert(shuyu::normalize::key(&text)) {
                c.terms.push(Term::new(text, lang));
            }
        }
        if !c.terms.is_empty() {
            count += c.terms.len();
            g.concepts.push(c);
        }
    }
    g
}

/// About `bytes` bytes of text mixing Chinese and English, Chinese-heavy
/// when `chinese` is true, with a glossary term about once every 30
/// characters.
pub fn text(glossary: &Glossary, bytes: usize, chinese: bool, seed: u64) -> String {
    let terms: Vec<&str> = glossary
        .concepts
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.as_str()))
        .collect();
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 64);
    let mut since_term = 0;
    while out.len() < bytes {
        if since_term >= 30 {
            let t = terms[rng.skewed(terms.len())];
            out.push_str(t);
            since_term = 0;
            continue;
        }
        let chinese_run = if chinese {
            rng.below(10) < 8
        } else {
            rng.below(10) < 2
        };
        if chinese_run {
            let n = 1 + rng.below(6);
            for _ in 0..n {
                out.push(cjk(rng.skewed(3000)));
            }
            since_term += n;
            if rng.below(8) == 0 {
                out.push('，');
            }
        } else {
            let w = english_word(&mut rng);
            since_term += w.chars().count() + 1;
            out.push(' ');
            out.push_str(&w);
            if rng.below(12) == 0 {
                out.push_str(". ");
            }
        }
    }
    out
}

/// The seed documents when `../shared/seeds` is there (a developer's
/// checkout), else the sample in `examples/` repeated to a similar size.
pub fn seed_text() -> (String, &'static str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let text: String = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !text.is_empty() {
            return (text, "seeds");
        }
    }
    let sample = include_str!("../../examples/sample.txt");
    (sample.repeat(100_000 / sample.len() + 1), "sample")
}

impl Rng {
    /// A Zipf-like draw in 0..n (log-uniform): rank 0 about 9% of draws
    /// for n = 3,000, as 的 is in Chinese text.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A Chinese sentence of 12–40 characters (Zipf-distributed over 3,000),
/// with commas and a full stop.
pub fn chinese_sentence(rng: &mut Rng) -> String {
    let n = 12 + rng.below(29);
    let mut s = String::new();
    for i in 0..n {
        s.push(cjk(rng.zipf(3000)));
        if i + 1 < n && rng.below(14) == 0 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

/// An English sentence of 6–25 words.
pub fn english_sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.below(20);
    let mut words: Vec<String> = (0..n).map(|_| english_word(rng)).collect();
    if let Some(first) = words.first_mut() {
        *first = first[..1].to_uppercase() + &first[1..];
    }
    words.join(" ") + "."
}

/// A zh-CN → en translation memory of `units` segments.
pub fn memory(units: usize, seed: u64) -> impl Iterator<Item = shuyu::formats::bitext::Segment> {
    let mut rng = Rng::new(seed);
    (0..units).map(move |i| shuyu::formats::bitext::Segment {
        id: (i + 1).to_string(),
        source: chinese_sentence(&mut rng),
        target: Some(english_sentence(&mut rng)),
        source_lang: Some("zh-CN".into()),
        target_lang: Some("en".into()),
        ..Default::default()
    })
}

/// `source` with `edits` characters replaced, inserted or deleted at
/// random: a query that fuzzily matches it.
pub fn edit(source: &str, edits: usize, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..edits {
        let at = rng.below(chars.len().max(1));
        match rng.below(3) {
            0 if !chars.is_empty() => chars[at] = cjk(rng.zipf(3000)),
            1 => chars.insert(at, cjk(rng.zipf(3000))),
            _ if chars.len() > 1 => {
                chars.remove(at);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}
